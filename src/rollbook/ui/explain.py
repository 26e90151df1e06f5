"""Components for the two explainer pages (01 why rest is not enough, 02 compensation).

A notebook cell ends with ``rest_model()``, ``compensation_explorer()`` or
``references([...])``: each returns what the cell shows (Jupyter displays a cell's last
value), so tests can drive the same object as a browser would.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML

from rollbook import bodymap, capacity
from rollbook.i18n import N_, _
from rollbook.ui import explain_charts
from rollbook.ui.bodymap import BodyPicker
from rollbook.ui.controls import LabelledSlider, message_html
from rollbook.ui.pictures import site_pictures_html

#: (Marked here, translated where the choice is built.)
SPEED_OPTIONS: list[tuple[str, str]] = [
    (N_("Gradual: a little more each week"), "gradual"),
    (N_("Steady: two steps back to usual"), "steady"),
    (N_("Fast: straight back to usual"), "fast"),
]

_TEXT_STYLE = explain_charts.TEXT_STYLE


def _no_pick_html() -> str:
    text = _(
        "Pick a place on the body map or tick it in the list. "
        "You will see how the load may travel from there."
    )
    return f"<p class='rb-site-empty' style='{_TEXT_STYLE}'>{text}</p>"


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- rest model (page 01)


class RestModel(widgets.VBox):  # type: ignore[misc]
    """Controls for the load–capacity illustration, its chart and a plain summary."""

    def __init__(self) -> None:
        self.rest_weeks = LabelledSlider(
            value=4,
            min=0,
            max=capacity.MAX_REST_WEEKS,
            description=_("Weeks of full rest"),
            unit=_("weeks"),
            min_label=_("0 no rest"),
            max_label=_("{weeks} weeks").format(weeks=capacity.MAX_REST_WEEKS),
        )
        self.rest_weeks.add_class("rb-rest-weeks")
        speed_label = widgets.HTML(
            f"<strong>{_('How fast running comes back after rest')}</strong>"
        )
        self.return_speed = widgets.RadioButtons(
            options=[(_(text), speed) for text, speed in SPEED_OPTIONS],
            value="fast",
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.return_speed.add_class("rb-return-speed")
        helpers_label = widgets.HTML(f"<strong>{_('Keep moving within limits, plus:')}</strong>")
        self.use_rolling = self._checkbox(_("Foam rolling"), "rb-use-rolling")
        self.use_strength = self._checkbox(_("Strength exercises"), "rb-use-strength")
        self.use_graded_running = self._checkbox(
            _("Running that builds up when pain allows"), "rb-use-graded-running"
        )
        self.key = widgets.HTML(explain_charts.key_html(), layout=widgets.Layout(width="100%"))
        # One widget per panel: ipywidgets sends a value only when it changes, so a
        # control that touches one scenario re-sends one picture.
        self.rest_chart = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.rest_chart.add_class("rb-rest-chart-box")
        self.active_chart = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.active_chart.add_class("rb-active-chart-box")
        self.summary = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.summary.add_class("rb-rest-summary")
        controls = widgets.VBox(
            [
                self.rest_weeks,
                speed_label,
                self.return_speed,
                helpers_label,
                self.use_rolling,
                self.use_strength,
                self.use_graded_running,
            ],
            layout=widgets.Layout(width="100%"),
        )
        super().__init__(
            [controls, self.key, self.rest_chart, self.active_chart, self.summary],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("rb-rest-model")
        for control in (
            self.rest_weeks,
            self.return_speed,
            self.use_rolling,
            self.use_strength,
            self.use_graded_running,
        ):
            control.observe(self._redraw, "value")
        self.summary_text = ""
        self._redraw()

    @staticmethod
    def _checkbox(label: str, css: str) -> widgets.Checkbox:
        box = widgets.Checkbox(
            value=True, description=label, indent=False, layout=widgets.Layout(width="auto")
        )
        box.add_class(css)
        return box

    def _redraw(self, change: Any = None) -> None:
        try:
            comparison = capacity.compare(
                rest_weeks=int(self.rest_weeks.value),
                return_speed=self.return_speed.value,
                use_rolling=bool(self.use_rolling.value),
                use_strength=bool(self.use_strength.value),
                use_graded_running=bool(self.use_graded_running.value),
            )
        except (TypeError, ValueError) as exc:
            # Only reachable if the page sends a value outside the controls' range.
            self.summary.value = message_html(
                _("Those settings cannot be shown: {problem}.").format(problem=exc), "error"
            )
            return
        self.rest_chart.value = explain_charts.panel_html(comparison, "rest")
        self.active_chart.value = explain_charts.panel_html(comparison, "active")
        self.summary_text = capacity.summary(comparison)
        self.summary.value = (
            f"<p class='rb-model-summary' role='status' aria-live='polite' style='{_TEXT_STYLE}'>"
            f"{_escape(self.summary_text)}</p>"
        )


def rest_model() -> RestModel:
    """Return the interactive rest-vs-keep-moving illustration."""
    return RestModel()


# ---------------------------------------------------------- compensation (page 02)


def _names(ids: Iterable[str], table: dict[str, Any]) -> list[str]:
    return [table[i].label if i in table else i.replace("-", " ") for i in ids]


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


def site_details_html(site_ids: Sequence[str]) -> str:
    """Return the plain-language card for each picked site (empty prompt if none)."""
    from rollbook.content import load_library

    lib = load_library()
    if not site_ids:
        return _no_pick_html()
    labels = {k: v for k, v in lib.sites.items()}
    region_names = bodymap.region_labels()
    cards: list[str] = []
    for sid in site_ids:
        site = lib.sites[sid]
        travels = [
            labels[t].label if t in labels else region_names.get(t, t) for t in site.travels_to
        ]
        rolls = _names(site.roll, dict(lib.rolling))
        strengths = _names(site.strengthen, dict(lib.exercises))
        cites = "; ".join(lib.references[r].short() for r in site.references if r in lib.references)
        rows = [
            f"<h3>{_escape(site.label)}</h3>",
            f"<p>{_escape(site.summary)}</p>",
            (
                f"<p><strong>{_escape(_('How running may change:'))}</strong> "
                f"{_escape(site.compensation)}</p>"
            ),
        ]
        if travels:
            where = _("{heading} (marked orange-red on the map): {places}.").format(
                heading=f"<strong>{_escape(_('Where extra load may go'))}</strong>",
                places=_escape(_join([t.lower() if t[1:2].islower() else t for t in travels])),
            )
            rows.append(f"<p>{where}</p>")
        if site.often_tight:
            rows.append(
                f"<p><strong>{_escape(_('Often feels tight or overworked:'))}</strong> "
                f"{_escape(_join(site.often_tight))}.</p>"
            )
        if site.often_weak:
            rows.append(
                f"<p><strong>{_escape(_('Often weak:'))}</strong> "
                f"{_escape(_join(site.often_weak))}.</p>"
            )
        helps = _(
            "rolling the {targets} for short-term comfort, and strength work such as {exercises}."
        ).format(
            targets=_join([r.lower() for r in rolls]),
            exercises=_join([e.lower() for e in strengths]),
        )
        rows.append(f"<p><strong>{_escape(_('What may help:'))}</strong> {_escape(helps)}</p>")
        rows.append(site_pictures_html(site, lib))
        rows.append(
            f"<p class='rb-site-avoid'><strong>{_escape(_('Take care:'))}</strong> "
            f"{_escape(site.avoid_rolling)}</p>"
        )
        if cites:
            sources = _("Sources: {references}.").format(references=cites)
            rows.append(f"<p class='rb-site-sources'><small>{_escape(sources)}</small></p>")
        cards.append(
            f"<section class='rb-site-card rb-site-card-{_escape(sid)}' style='{_TEXT_STYLE}'>"
            f"{''.join(rows)}</section>"
        )
    return "".join(cards)


class CompensationExplorer(widgets.VBox):  # type: ignore[misc]
    """Body picker plus a text card: where it hurts and where load may travel."""

    def __init__(self) -> None:
        from rollbook.content import load_library

        lib = load_library()
        self.picker = BodyPicker(
            {sid: site.label for sid, site in lib.sites.items()},
            title=_("Body map, front and back: where does it hurt?"),
        )
        self._travels = {
            sid: [t for t in site.travels_to if t in bodymap.REGIONS]
            for sid, site in lib.sites.items()
        }
        legend_text = _(
            "On the map, <strong>blue</strong> "
            "marks what you picked and <strong>orange-red</strong> marks where load may travel. "
            "The text below says the same in words."
        )
        legend = widgets.HTML(
            f"<p class='rb-bodymap-legend' style='{_TEXT_STYLE}'>{legend_text}</p>"
        )
        self.details = widgets.HTML(_no_pick_html(), layout=widgets.Layout(width="100%"))
        self.details.add_class("rb-site-details")
        live = widgets.Box([self.details], layout=widgets.Layout(width="100%"))
        live.add_class("rb-site-details-box")
        super().__init__([self.picker, legend, live], layout=widgets.Layout(width="100%"))
        self.add_class("rb-compensation")
        self.picker.observe(self._update, "selected")

    def _update(self, change: Any = None) -> None:
        chosen = list(self.picker.selected)
        travel: list[str] = []
        for sid in chosen:
            for region in self._travels.get(sid, []):
                if region not in travel:
                    travel.append(region)
        self.picker.map.highlighted = travel
        self.details.value = site_details_html(chosen)


def compensation_explorer() -> CompensationExplorer:
    """Return the body-map explorer for page 02."""
    return CompensationExplorer()


# -------------------------------------------------------------------- references


def references_html(ids: Sequence[str]) -> str:
    """Return an ordered list of the given library references (ValueError if unknown)."""
    from rollbook.content import load_library

    lib = load_library()
    missing = [i for i in ids if i not in lib.references]
    if missing:
        raise ValueError(_("unknown reference id(s): {ids}").format(ids=", ".join(missing)))
    items = []
    for rid in ids:
        ref = lib.references[rid]
        link = ref.link()
        # Short link text: long URLs would push a phone screen sideways.
        link_text = f"doi:{ref.doi}" if ref.doi else _("Find it online")

        anchor = (
            f"<a href='{_escape(link)}' rel='noopener noreferrer'>{_escape(link_text)}</a>"
            if link
            else ""  # a clinical convention is not a publication: nothing to link
        )
        items.append(
            f"<li id='ref-{_escape(rid)}' data-ref='{_escape(rid)}'>"
            f"<strong>{_escape(ref.short())}.</strong> {_escape(ref.authors)} ({ref.year}). "
            f"{_escape(ref.title)}. <em>{_escape(ref.venue)}</em>. {anchor}</li>"
        )
    return f"<ol class='rb-references'>{''.join(items)}</ol>"


def references(ids: Sequence[str]) -> HTML:
    """Return the reference list for a page, in the order given, ready to show."""
    return HTML(references_html(ids))
