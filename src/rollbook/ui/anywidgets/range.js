// LabelledSlider (rollbook/ui/controls.py): a native <input type=range> with a real
// <label>, the value in words for screen readers, and the ends explained.
function render({ model, el }) {
  const id = "rb-range-" + Math.random().toString(36).slice(2);
  const wrap = document.createElement("div");
  wrap.className = "rb-range";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "rb-range-label";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "rb-range-value";
  const hint = document.createElement("div");
  hint.className = "rb-range-ends";
  const lo = document.createElement("span");
  const hi = document.createElement("span");
  hint.append(lo, hi);
  const row = document.createElement("div");
  row.className = "rb-range-row";
  row.append(input, out);
  wrap.append(label, row, hint);
  el.append(wrap);

  function text(v) {
    const unit = model.get("unit");
    return unit ? `${v} ${unit}` : `${v}`;
  }
  function sync() {
    label.textContent = model.get("description");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    const v = model.get("value");
    out.textContent = text(v);
    const words = model.get("value_words") || {};
    input.setAttribute("aria-valuetext", words[v] ? `${text(v)}: ${words[v]}` : text(v));
    lo.textContent = model.get("min_label");
    hi.textContent = model.get("max_label");
    hint.style.display = (model.get("min_label") || model.get("max_label")) ? "" : "none";
  }
  input.addEventListener("input", () => {
    out.textContent = text(input.valueAsNumber);
  });
  input.addEventListener("change", () => {
    model.set("value", input.valueAsNumber);
    model.save_changes();
  });
  model.on("change", sync);
  sync();
}
export default { render };
