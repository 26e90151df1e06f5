"""Charts for the explainer pages: the load–capacity illustration.

The illustration is two pictures, one per scenario. "Rest, then return" depends
only on the weeks of rest and the return speed; "keep moving" only on the three
switches. So a change redraws one picture, and a picture already drawn for the
same inputs comes from a small cache. The title, the key and the panel titles
are page text rather than part of the picture: they reflow on a phone, stay
sharp, and a screen reader reads them.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, so nothing global
changes and no GUI backend is needed) inside the shared rollbook style, with
fixed margins (no layout solver) because every panel has the same axes.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rollbook import capacity
from rollbook.chartstyle import PALETTE, style_context
from rollbook.i18n import N_, _, ngettext
from rollbook.ui.figures import figure_svg, svg_data_uri

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_TITLE = N_("An illustration of the idea, not a prediction for you")

PanelKey = Literal["rest", "active"]

Series = Literal["capacity", "load", "pain"]

# (series, label in the key, colour, line style, marker, line width, marker size)
_LINES: tuple[tuple[Series, str, str, str, str, float, float], ...] = (
    ("capacity", N_("What the tissue can handle"), "blue", "-", "o", 2.6, 4),
    ("load", N_("Running load"), "orange", "--", "s", 2.2, 4),
    ("pain", N_("Expected pain (0–10, right scale)"), "vermillion", ":", "^", 2.2, 5),
)

# How each return speed reads in a panel's title ("a gradual return").
_SPEED_WORDS = {"gradual": N_("gradual"), "steady": N_("steady"), "fast": N_("fast")}

# Narrower than other charts so its labels stay readable at a phone's width.
_FIGSIZE = (5.0, 2.7)
# Room for the tick labels and the two axis titles; the same for every panel.
_MARGINS = {"left": 0.135, "right": 0.865, "top": 0.95, "bottom": 0.19}

# Page text inside widgets (which default to the small widget font); shared with explain.py.
TEXT_STYLE = "font-size:1rem;line-height:1.55;overflow-wrap:anywhere"
_CAPTION_STYLE = TEXT_STYLE + ";margin:0"


def panel_figure(scenario: capacity.Scenario, *, rest_weeks: int = 0) -> Figure:
    """Return one scenario over 12 weeks: capacity and load (left axis, 0–100), pain (right, 0–10).

    ``rest_weeks`` shades the weeks of full rest (only for the "rest" scenario).
    """
    from matplotlib.figure import Figure

    weeks = [w.week for w in scenario.weeks]
    with style_context():
        fig = Figure(figsize=_FIGSIZE)
        fig.subplots_adjust(**_MARGINS)
        ax = fig.add_subplot()
        if rest_weeks:
            ax.axvspan(0.5, rest_weeks + 0.5, color="#e9eeec", zorder=0)
            ax.text(0.7, 96, _("full rest"), va="top", fontsize=10, color=PALETTE["grey"])
        pain_ax = ax.twinx()
        for series, label, colour, style, marker, width, size in _LINES:
            target = pain_ax if series == "pain" else ax
            target.plot(
                weeks,
                scenario.series(series),
                color=PALETTE[colour],
                lw=width,
                ls=style,
                marker=marker,
                ms=size,
                label=_(label),
                clip_on=False,
            )
        ax.set_ylim(0, 100)
        ax.set_ylabel(_("Load and capacity"))
        ax.set_xlabel(_("Week"))
        ax.set_xticks(weeks)
        ax.set_xlim(0.5, len(weeks) + 0.5)
        pain_ax.set_ylim(0, 10)
        pain_ax.set_ylabel(_("Pain (0–10)"), color=PALETTE["vermillion"])
        pain_ax.grid(False)
        pain_ax.spines["right"].set_visible(True)
    return fig


def panel_title(comparison: capacity.Comparison, key: PanelKey) -> str:
    """Return the plain-words title of one panel."""
    if key == "active":
        return comparison.active.label
    n = comparison.settings.rest_weeks
    speed = capacity.SPEED_NAMES[comparison.settings.return_speed]
    words = _(_SPEED_WORDS[speed]) if speed in _SPEED_WORDS else speed
    if n == 0:
        if speed == "fast":
            return _("No rest: running on as usual")
        return _("No rest, a {speed} build-up").format(speed=words)
    return ngettext(
        "Rest for {weeks} week, then a {speed} return",
        "Rest for {weeks} weeks, then a {speed} return",
        n,
    ).format(weeks=n, speed=words)


@lru_cache(maxsize=64)
def _panel_src(scenario: capacity.Scenario, rest_weeks: int) -> str:
    # Scenarios are frozen dataclasses, so equal inputs hit the cache.
    return svg_data_uri(figure_svg(panel_figure(scenario, rest_weeks=rest_weeks), tight=False))


def panel_html(comparison: capacity.Comparison, key: PanelKey) -> str:
    """Return one panel as a ``<figure>``: its title, then the picture with alt text."""
    if key == "rest":
        src = _panel_src(comparison.rest, comparison.settings.rest_weeks)
        words = capacity.rest_summary(comparison)
    else:
        src = _panel_src(comparison.active, 0)
        words = capacity.active_summary(comparison)
    title = panel_title(comparison, key)
    alt = f"{title}. {words}"
    return (
        f'<figure class="rb-rest-panel rb-rest-panel-{key}" style="margin:0.75rem 0 0;max-width:36rem">'
        f'<figcaption style="{_CAPTION_STYLE};font-weight:700">{html.escape(title)}</figcaption>'
        f'<img class="rb-chart rb-rest-chart" src="{src}" alt="{html.escape(alt, quote=True)}" '
        f'style="display:block;width:100%;height:auto">'
        "</figure>"
    )


def _swatch(colour: str, style: str, marker: str) -> str:
    dash = {"-": "", "--": ' stroke-dasharray="7 4"', ":": ' stroke-dasharray="2 4"'}[style]
    c = PALETTE[colour]
    mark = {
        "o": f'<circle cx="18" cy="7" r="4" fill="{c}"/>',
        "s": f'<rect x="14" y="3" width="8" height="8" fill="{c}"/>',
        "^": f'<polygon points="18,2 23,11 13,11" fill="{c}"/>',
    }[marker]
    return (
        '<svg width="36" height="14" viewBox="0 0 36 14" aria-hidden="true" focusable="false" '
        'style="vertical-align:middle;margin-right:0.4rem">'
        f'<line x1="1" y1="7" x2="35" y2="7" stroke="{c}" stroke-width="3"{dash}/>{mark}</svg>'
    )


def key_html() -> str:
    """Return the chart's title and its key (which line is which), as page text."""
    items = "".join(
        f'<li style="{_CAPTION_STYLE}">{_swatch(colour, style, marker)}{html.escape(_(label))}</li>'
        for _series, label, colour, style, marker, _w, _s in _LINES
    )
    return (
        f'<p class="rb-chart-title" style="{_CAPTION_STYLE};font-weight:700;font-size:1.1rem;margin-top:1rem">'
        f"{html.escape(_(CHART_TITLE))}</p>"
        f'<ul class="rb-chart-key" aria-label="{html.escape(_("Key to the lines"), quote=True)}" '
        'style="list-style:none;'
        'padding:0;margin:0.35rem 0 0;display:flex;flex-wrap:wrap;gap:0.2rem 1.25rem">'
        f"{items}</ul>"
    )
