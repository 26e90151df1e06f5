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
from rollbook.i18n import _
from rollbook.ui.assets import widget_file

_MAX_TITLE = 120


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

    # The region colours are Python data (rollbook.bodymap), filled into the script once.
    _esm = (
        widget_file("bodymap.js")
        .read_text(encoding="utf-8")
        .replace("/*STATE_STYLE*/ {}", json.dumps(bodymap.STATE_STYLE))
    )
    _css = widget_file("bodymap.css")

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
        title: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("rb-bodymap")
        self.title = title or _("Body map")
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
            return _("Body map")
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
        title: str = "",
        list_label: str = "",
    ) -> None:
        title = title or _("Body map: where does it hurt?")
        list_label = list_label or _("Or tick the places in this list:")

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
