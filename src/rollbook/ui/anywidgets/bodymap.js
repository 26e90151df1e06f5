// BodyMap (rollbook/ui/bodymap.py): the body map; click, or press Space or Enter on a
// region, to pick it. The SVG markup always comes from Python.
// Fill and stroke of each region state; Python puts rollbook.bodymap.STATE_STYLE here.
const STYLE = /*STATE_STYLE*/ {};

function render({ model, el }) {
  el.classList.add("rb-bodymap");
  const figure = document.createElement("div");
  figure.className = "rb-bodymap-figure";
  el.appendChild(figure);

  function groups() {
    return Array.from(figure.querySelectorAll("g[data-region]"));
  }

  function paint() {
    const selected = new Set(model.get("selected"));
    for (const g of groups()) {
      if (!g.classList.contains("is-selectable")) continue;
      const on = selected.has(g.dataset.region);
      const base = g.dataset.baseState;
      const state = on ? (base === "highlighted" || base === "both" ? "both" : "selected")
                       : (base === "both" ? "highlighted" : base);
      const style = STYLE[state] || STYLE.neutral;
      for (const key of Object.keys(style)) g.setAttribute(key, style[key]);
      g.setAttribute("aria-checked", on ? "true" : "false");
      g.classList.toggle("is-selected", on);
      g.dataset.state = state;
    }
  }

  function toggle(id) {
    const current = model.get("selected").slice();
    const at = current.indexOf(id);
    if (at >= 0) current.splice(at, 1); else current.push(id);
    model.set("selected", current);
    model.save_changes();
    paint();
  }

  function draw() {
    const focused = document.activeElement && figure.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-region") : null;
    figure.innerHTML = model.get("svg");
    const svg = figure.querySelector("svg");
    if (!svg) return;
    // Inside role="img" children are hidden from assistive tech; a group keeps them.
    svg.setAttribute("role", "group");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    const selectable = new Set(model.get("selectable"));
    const labels = model.get("labels");
    for (const g of groups()) {
      const id = g.dataset.region;
      g.dataset.baseState = g.dataset.state || "neutral";
      if (!selectable.has(id)) {
        g.setAttribute("aria-hidden", "true");
        continue;
      }
      g.classList.add("is-selectable");
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "checkbox");
      g.setAttribute("aria-label", labels[id] || id);
      g.addEventListener("click", () => toggle(id));
      g.addEventListener("keydown", (event) => {
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          toggle(id);
        }
      });
    }
    paint();
    if (focused) {
      const again = figure.querySelector(`g[data-region="${focused}"]`);
      if (again) again.focus();
    }
  }

  model.on("change:svg", draw);
  model.on("change:selectable", draw);
  model.on("change:labels", draw);
  model.on("change:selected", paint);
  draw();
  return () => {
    model.off("change:svg", draw);
    model.off("change:selectable", draw);
    model.off("change:labels", draw);
    model.off("change:selected", paint);
  };
}

export default { render };
