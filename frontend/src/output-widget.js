// ipywidgets' Output widget: it shows what the kernel prints or displays while the
// widget's msg_id names the message being handled. (rollbook's own pages draw their
// charts as pictures in HTML widgets; this is for notebooks that use Output, such as
// the benchmark's bare page.)
import { OutputModel as BaseModel, OutputView as BaseView } from "@jupyter-widgets/output";
import { renderOutput } from "./outputs.js";

const SHOWN = ["execute_result", "display_data", "update_display_data", "stream", "error"];

export class OutputModel extends BaseModel {
  initialize(attributes, options) {
    super.initialize(attributes, options);
    this.clearOnNext = false;
    this.hook = (msg) => {
      this.take(msg);
      return false; // captured here, not shown anywhere else
    };
    this.listenTo(this, "change:msg_id", this.watch);
    this.watch();
  }

  watch() {
    const kernel = this.widget_manager.kernel;
    const before = this.previous("msg_id");
    if (before) kernel.removeMessageHook(before, this.hook);
    const now = this.get("msg_id");
    if (now) kernel.registerMessageHook(now, this.hook);
  }

  take(msg) {
    const type = msg.header.msg_type;
    let outputs = this.get("outputs") || [];
    if (type === "clear_output") {
      if (msg.content.wait) this.clearOnNext = true;
      else outputs = [];
    } else if (SHOWN.includes(type)) {
      if (this.clearOnNext) {
        outputs = [];
        this.clearOnNext = false;
      }
      outputs = [...outputs, { ...msg.content, output_type: type }];
    } else {
      return;
    }
    this.set("outputs", outputs);
  }
}

export class OutputView extends BaseView {
  render() {
    super.render();
    this.el.classList.add("jupyter-widgets", "widget-output");
    this.listenTo(this.model, "change:outputs", this.draw);
    this.draw();
  }

  draw() {
    const outputs = this.model.get("outputs") || [];
    const nodes = outputs.map((output) => {
      const node = document.createElement("div");
      node.className = "jp-OutputArea-output";
      renderOutput(output, node, this.model.widget_manager);
      return node;
    });
    this.el.replaceChildren(...nodes);
  }
}
