// rollbook's page script (issue 18). A Voila page arrives with its text already in the
// HTML and each cell output as JSON; this connects to the page's kernel, loads the
// widgets the cells made, and draws every output where its JSON stands.
//
// It replaces Voila's own front end, a JupyterLab application of about 100 files and
// 1 MB compressed, with one file holding only what the pages use: the kernel
// connection (@jupyterlab/services), ipywidgets' base and controls, the Output widget
// and anywidget. See docs/architecture.md ("The page script").
import "@lumino/widgets/style/index.css";
import "@jupyter-widgets/base/css/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "./icons.css";
import { PageConfig } from "@jupyterlab/coreutils";
import { CommsOverSubshells, KernelAPI, ServerConnection } from "@jupyterlab/services";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { PageWidgetManager } from "./manager.js";
import { renderOutput } from "./outputs.js";

const OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';

/** The page's own words, translated (rollbook.js reads them from #rb-text). */
function words(key) {
  return window.rollbookWords ? window.rollbookWords(key) : "";
}

/** Tell the server the page is gone, so its kernel ends now rather than when culled. */
function shutDownOnLeave(baseUrl, kernel) {
  window.addEventListener("beforeunload", () => {
    const data = new FormData();
    const match = document.cookie.match("\\b_xsrf=([^;]*)\\b");
    data.append("_xsrf", (match && match[1]) || "");
    navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernel.id}`, data);
    kernel.dispose();
  });
}

/** Draw every cell output in place of its JSON. */
async function drawOutputs(manager) {
  const drawn = Array.from(document.querySelectorAll(OUTPUT)).map((script) => {
    let output;
    try {
      output = JSON.parse(script.textContent);
    } catch (error) {
      return Promise.resolve();
    }
    const node = document.createElement("div");
    node.className = "lm-Widget jp-OutputArea-output";
    script.replaceWith(node);
    return renderOutput(output, node, manager, words);
  });
  await Promise.all(drawn);
}

async function start() {
  const baseUrl = PageConfig.getBaseUrl();
  const kernelId = PageConfig.getOption("kernelId");
  const serverSettings = ServerConnection.makeSettings({ baseUrl });
  const model = kernelId ? await KernelAPI.getKernelModel(kernelId, serverSettings) : undefined;
  if (!model) {
    // No kernel (the page failed, or it was ended): the text stays, and the page
    // watchdog explains why nothing interactive appears.
    return;
  }
  // One comm channel, as Voila's own front end has: JupyterLab 4.4+ would open a kernel
  // subshell (a thread in the kernel) per comm target, which the pages do not need.
  const kernel = new KernelConnection({
    model,
    serverSettings,
    commsOverSubshells: CommsOverSubshells.Disabled,
  });
  shutDownOnLeave(baseUrl, kernel);
  const manager = new PageWidgetManager(kernel);
  await manager.restore();
  await drawOutputs(manager);
  document.getElementById("loading")?.remove();
  document.body.classList.add("rb-ready");
}

function whenParsed(run) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}

whenParsed(() => {
  start().catch((error) => console.error("rollbook: the page could not start", error));
});
