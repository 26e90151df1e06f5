// Draws one cell output (nbformat) into a node: a widget, a picture, HTML or text.
// Voila's cells arrive as JSON in <script type="application/vnd.voila.cell-output+json">
// elements; the server has already run the code and removed tracebacks.
import { Widget } from "@lumino/widgets";

const WIDGET = "application/vnd.jupyter.widget-view+json";
// ANSI colour codes in kernel text (e.g. an error's traceback).
const ANSI = /\u001b\[[0-9;]*m/g;

function text(value) {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function pre(content, mime) {
  const node = document.createElement("pre");
  node.className = "jp-RenderedText";
  node.setAttribute("data-mime-type", mime);
  node.textContent = content.replace(ANSI, "");
  return node;
}

function picture(src, alt) {
  const img = document.createElement("img");
  img.src = src;
  img.alt = alt;
  const holder = document.createElement("div");
  holder.className = "jp-RenderedImage";
  holder.appendChild(img);
  return holder;
}

async function widgetView(source, node, manager, words) {
  if (!source || !source.model_id) return;
  try {
    const model = await manager.get_model(source.model_id);
    const view = await manager.create_view(model);
    Widget.attach(view.luminoWidget, node);
  } catch (error) {
    console.error(error);
    node.classList.add("jupyter-widgets");
    node.textContent = words("widget_error");
  }
}

/** Render ``output`` into ``node``; widgets come from ``manager``. Returns when drawn. */
export async function renderOutput(output, node, manager, words = () => "") {
  const type = output.output_type;
  if (type === "stream") {
    const mime = output.name === "stderr" ? "application/vnd.jupyter.stderr" : "application/vnd.jupyter.stdout";
    node.appendChild(pre(text(output.text), mime));
    return;
  }
  if (type === "error") {
    const lines = output.traceback && output.traceback.length ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
    node.appendChild(pre(lines, "application/vnd.jupyter.stderr"));
    return;
  }
  const data = output.data || {};
  const alt = text(data["text/plain"]);
  if (data[WIDGET]) {
    await widgetView(data[WIDGET], node, manager, words);
  } else if (data["text/html"] !== undefined) {
    const holder = document.createElement("div");
    holder.className = "jp-RenderedHTMLCommon jp-RenderedHTML";
    holder.innerHTML = text(data["text/html"]);
    node.appendChild(holder);
  } else if (data["image/svg+xml"] !== undefined) {
    node.appendChild(picture("data:image/svg+xml;charset=utf-8," + encodeURIComponent(text(data["image/svg+xml"])), alt));
  } else if (data["image/png"] !== undefined) {
    node.appendChild(picture("data:image/png;base64," + text(data["image/png"]).trim(), alt));
  } else if (data["image/jpeg"] !== undefined) {
    node.appendChild(picture("data:image/jpeg;base64," + text(data["image/jpeg"]).trim(), alt));
  } else if (data["text/plain"] !== undefined) {
    node.appendChild(pre(alt, "text/plain"));
  }
}
