"""A clickable body map (anywidget) and ``BodyPicker``: the map plus a checkbox list.

The browser can send any value for any synced trait, so every trait is checked in
Python: unknown or non-selectable ids are dropped, and the SVG markup is always
rebuilt here from the highlighted ids (the page never gets to inject its own).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from rollbook import bodymap

_MAX_TITLE = 120

_ESM = """
const STYLE = __STYLE__;

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
"""

_CSS = """
.rb-bodymap { width: 100%; max-width: 30rem; }
.rb-bodymap-figure svg { display: block; width: 100%; height: auto; }
.rb-bodymap g.is-selectable { cursor: pointer; }
.rb-bodymap g.is-selectable:hover > * { stroke: #1d2a30; stroke-width: 2px; }
.rb-bodymap g.is-selectable:focus { outline: none; }
.rb-bodymap g.is-selectable:focus-visible > * { stroke: #1d2a30; stroke-width: 3.5px; }
.rb-bodymap g.is-selectable:focus > * { stroke: #1d2a30; stroke-width: 3.5px; }
.rb-site-list .rb-site label, .rb-site-list .rb-site .widget-label-basic { font-size: 1rem; }
.rb-site-list .rb-site input[type=checkbox] { width: 1.25rem; height: 1.25rem; }
"""


def _clean_ids(value: Any, allowed: Iterable[str]) -> list[str]:
    """Return the allowed string ids in ``value``, in ``allowed`` order, without repeats."""
    if isinstance(value, str):
        value = [value]
    try:
        items = {v for v in value if isinstance(v, str)}
    except TypeError:
        return []
    return [a for a in allowed if a in items]


class BodyMap(anywidget.AnyWidget):
    """The body map; click or press Space/Enter on a region to pick it."""

    _esm = _ESM.replace("__STYLE__", json.dumps(bodymap.STATE_STYLE))
    _css = _CSS

    # Any(): the browser may send a non-list; the validator turns anything into a clean list.
    selected = traitlets.Any([]).tag(sync=True)
    highlighted = traitlets.Any([]).tag(sync=True)
    selectable = traitlets.Any([]).tag(sync=True)
    labels = traitlets.Any({}).tag(sync=True)
    title = traitlets.Any("Body map").tag(sync=True)
    svg = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        *,
        selectable: Iterable[str] = bodymap.REGIONS,
        selected: Iterable[str] = (),
        highlighted: Iterable[str] = (),
        labels: Mapping[str, str] | None = None,
        title: str = "Body map",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("rb-bodymap")
        self.title = title
        self.labels = dict(labels) if labels is not None else bodymap.region_labels()
        self.selectable = list(selectable)
        self.highlighted = list(highlighted)
        self.selected = list(selected)
        self.svg = ""  # validator draws it

    @traitlets.validate("selectable")
    def _valid_selectable(self, proposal: Any) -> list[str]:
        return _clean_ids(proposal["value"], bodymap.REGIONS)

    @traitlets.validate("selected")
    def _valid_selected(self, proposal: Any) -> list[str]:
        return _clean_ids(proposal["value"], self.selectable)

    @traitlets.validate("highlighted")
    def _valid_highlighted(self, proposal: Any) -> list[str]:
        return _clean_ids(proposal["value"], bodymap.REGIONS)

    @traitlets.validate("labels")
    def _valid_labels(self, proposal: Any) -> dict[str, str]:
        value = proposal["value"]
        base = bodymap.region_labels()
        if not isinstance(value, Mapping):
            return base
        clean = dict(base)
        for key, label in value.items():
            if key in base and isinstance(label, str) and label.strip():
                clean[key] = label.strip()[:_MAX_TITLE]
        return clean

    @traitlets.validate("title")
    def _valid_title(self, proposal: Any) -> str:
        value = proposal["value"]
        if not isinstance(value, str) or not value.strip():
            return "Body map"
        return value.strip()[:_MAX_TITLE]

    @traitlets.validate("svg")
    def _valid_svg(self, proposal: Any) -> str:
        # Never trust markup from outside: always redraw from checked ids.
        return bodymap.body_svg(self.highlighted, title=self.title)

    @traitlets.observe("selectable")
    def _on_selectable(self, change: Any) -> None:
        self.selected = list(self.selected)  # drop picks that are no longer allowed

    @traitlets.observe("highlighted", "title")
    def _on_drawing_inputs(self, change: Any) -> None:
        self.svg = ""


class BodyPicker(widgets.VBox):  # type: ignore[misc]
    """The body map beside a labelled checkbox list; both stay in sync.

    ``sites`` maps site id to its plain label, in display order. Sites that are
    also map regions can be picked on the map; every site has a checkbox, so the
    whole picker works from the keyboard and with a screen reader.
    """

    selected = traitlets.List(traitlets.Unicode())

    def __init__(
        self,
        sites: Mapping[str, str] | None = None,
        *,
        highlighted: Iterable[str] = (),
        title: str = "Body map: where does it hurt?",
        list_label: str = "Or tick the places in this list:",
    ) -> None:
        if sites is None:
            sites = bodymap.region_labels()
        self._syncing = False
        self.sites: dict[str, str] = {str(k): str(v) for k, v in sites.items()}
        on_map = [s for s in self.sites if s in bodymap.REGIONS]
        self.map = BodyMap(
            selectable=on_map,
            highlighted=highlighted,
            labels={s: self.sites[s] for s in on_map},
            title=title,
        )
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        for site, label in self.sites.items():
            box = widgets.Checkbox(
                value=False,
                description=label,
                indent=False,
                layout=widgets.Layout(width="auto", min_width="12rem"),
            )
            box.add_class("rb-site")
            box.add_class(f"rb-site-{site}")
            box.observe(self._on_box, "value")
            self.checkboxes[site] = box
        heading = widgets.HTML(
            f"<p class='rb-bodypicker-label' style='font-size:1rem'>"
            f"<strong>{_escape(list_label)}</strong></p>"
        )
        listing = widgets.VBox(
            [heading, *self.checkboxes.values()],
            layout=widgets.Layout(flex="1 1 14rem", min_width="0"),
        )
        listing.add_class("rb-site-list")
        self.map.layout = widgets.Layout(flex="1 1 16rem", min_width="0", max_width="26rem")
        row = widgets.HBox(
            [self.map, listing],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%"),
        )
        super().__init__([row], layout=widgets.Layout(width="100%"))
        self.add_class("rb-bodypicker")
        self.map.observe(self._on_map, "selected")

    @traitlets.validate("selected")
    def _valid_selected(self, proposal: Any) -> list[str]:
        return _clean_ids(proposal["value"], self.sites)

    @traitlets.observe("selected")
    def _on_selected(self, change: Any) -> None:
        self._push(change["new"])

    def _on_map(self, change: Any) -> None:
        if self._syncing:
            return
        # Sites not on the map keep their list state.
        off_map = [s for s in self.selected if s not in self.map.selectable]
        self.selected = off_map + list(change["new"])

    def _on_box(self, change: Any) -> None:
        if self._syncing:
            return
        self.selected = [s for s, box in self.checkboxes.items() if box.value]

    def _push(self, chosen: list[str]) -> None:
        self._syncing = True
        try:
            for site, box in self.checkboxes.items():
                box.value = site in chosen
            self.map.selected = [s for s in chosen if s in self.map.selectable]
        finally:
            self._syncing = False


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
