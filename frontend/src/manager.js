// The widget manager of a page: the widgets' models live in the page's kernel, and
// this keeps their copies in the browser in step over the kernel's comm channel.
// It is the same contract as ipywidgets' own managers (@jupyter-widgets/base-manager),
// with only the widget modules rollbook's pages use.
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import anywidgetFactory from "anywidget";
import { OutputModel, OutputView } from "./output-widget.js";

const anywidget = anywidgetFactory(base);
const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  "@jupyter-widgets/output": { OutputModel, OutputView },
  anywidget,
};

export class PageWidgetManager extends ManagerBase {
  /** @param {import("@jupyterlab/services").Kernel.IKernelConnection} kernel */
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, (comm, msg) =>
      this.handle_comm_open(new base.shims.services.Comm(comm), msg)
    );
  }

  /** Load the widgets the kernel already holds (the page's cells made them). */
  async restore() {
    await this._loadFromKernel();
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (module && module[className]) return module[className];
    throw new Error(`widget class ${className} from ${moduleName}@${moduleVersion} is not in rollbook's page script`);
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}
