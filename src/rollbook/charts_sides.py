"""The pain chart when the log keeps sides apart: one panel per side.

Called by :func:`rollbook.charts.pain_chart` when the days shown hold a score for the
left or the right. Each side gets its own panel with the same zones, the same three
pain lines (colour, marker and dash, so they read in greyscale) and the same km bars;
the panel titles name the side, so left and right are never told apart by colour
alone. Scores with no side (the low back, or days logged before sides) get their own
panel. The pain model is not changed here: the advice in the summary still uses the
worst score across sites and sides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rollbook import chartstyle
from rollbook.i18n import N_, _
from rollbook.records import PAIN_FIELDS, LogEntry

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from rollbook.charts import ChartResult

#: Panel order and titles: left, right, then scores with no side.
PANELS: tuple[tuple[str | None, str], ...] = (
    ("left", N_("Left side")),
    ("right", N_("Right side")),
    (None, N_("No side given")),
)
#: Height of each panel in inches (the page shows charts at their own width).
PANEL_HEIGHT = 2.25

Series = list[tuple[dt.date, int]]


def side_series(
    entries: Sequence[LogEntry], measure: str, side: str | None, site: str | None = None
) -> Series:
    """Each day's worst ``measure`` score on ``side`` (None: no side), across sites."""
    points: Series = []
    for entry in entries:
        values = [
            v
            for p in entry.pains
            if p.side == side
            and (site is None or p.site == site)
            and (v := getattr(p, measure)) is not None
        ]
        if values:
            points.append((entry.date, max(values)))
    return points


def _latest_words(panels: dict[str | None, dict[str, Series]]) -> str:
    """``2/10 on the left and 6/10 on the right`` for the latest day with a during score."""
    during = {side: series["during"] for side, series in panels.items() if series["during"]}
    sided = {s: v for s, v in during.items() if s}
    if not sided:
        return ""
    last = max(points[-1][0] for points in sided.values())
    parts = [
        _("{amount}/10 on the {side}").format(amount=points[-1][1], side=side)
        for side, points in sided.items()
        if points[-1][0] == last and side
    ]
    if not parts:
        return ""
    from rollbook.charts.base import day_label

    return _(" On {day_label}, pain during running was {names}.").format(
        day_label=day_label(last), names=" and ".join(parts)
    )


def sided_pain_chart(entries: Sequence[LogEntry], *, title: str, site: str | None) -> ChartResult:
    """Draw ``entries`` (oldest first, at least one sided) as one panel per side."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from rollbook.charts import base, pain

    panels = {
        side: {m: side_series(entries, m, side, site) for m in PAIN_FIELDS} for side, _ in PANELS
    }
    shown = [(side, _(name)) for side, name in PANELS if any(panels[side].values())]
    dates = [e.date for e in entries]
    km = [e.km for e in entries]
    with chartstyle.style_context():
        width = chartstyle.FIGSIZE[0]
        fig = Figure(
            figsize=(width, 0.9 + PANEL_HEIGHT * len(shown)),
            dpi=chartstyle.DPI,
            layout="constrained",
        )
        fig.suptitle(title, x=0.02, ha="left", fontsize=13, fontweight="bold")
        axes = fig.subplots(len(shown), 1, sharex=True, squeeze=False)[:, 0]
        for ax, (side, name) in zip(axes, shown, strict=True):
            _panel(ax, name, panels[side], dates, km)
        last = axes[-1]
        base.date_axis(last)
        if len(entries) == 1:
            base.one_day_axis(last, dates[0], 3)
        handles: list[Any] = []
        labels: list[str] = []
        for ax in axes:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                if label not in labels:
                    handles.append(handle)
                    labels.append(label)
        handles.append(Patch(color=pain.BAR_COLOUR, alpha=pain.BAR_ALPHA, label=_("Distance (km)")))
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=2,
            fontsize=8.5,
            handlelength=2.2,
            columnspacing=1.0,
        )
    during = pain.pain_series(list(entries), "during", site)
    where = _(" at the {replace}").format(replace=site.replace("-", " ")) if site else ""
    summary = pain.pain_summary(entries, during, where)
    names = [name.lower() for _, name in shown]
    listed = (
        names[0]
        if len(names) == 1
        else _("{names_2} and {names}").format(names_2=", ".join(names[:-1]), names=names[-1])
    )
    summary += _(" Each side has its own panel: {listed}.").format(listed=listed)
    summary += _latest_words(panels)
    return base.ChartResult(fig, title, summary)


def _panel(
    ax: Axes, name: str, series: dict[str, Series], dates: list[dt.date], km: list[float]
) -> None:
    """One side's panel: zones, km bars, the three pain lines and the side as its title."""
    from matplotlib.ticker import MaxNLocator

    from rollbook.charts import base, pain

    ax.set_title(name, fontsize=11.5)
    pain.shade_zones(ax)
    scale = 10.0 / base.nice_top(max(km))
    pain.km_bars(ax, dates, [k * scale for k in km])
    for measure, (label, colour, marker, style) in pain.MEASURES.items():
        points = series[measure]
        if points:
            ax.plot(
                base.day_numbers([d for d, _ in points]),
                [v for _, v in points],
                color=colour,
                marker=marker,
                linestyle=style,
                label=label,
                markersize=5 if len(points) < 60 else 2.5,
                linewidth=1.8,
                zorder=3,
            )

    def to_km(y: Any) -> Any:
        return y / scale

    def from_km(k: Any) -> Any:
        return k * scale

    km_axis = ax.secondary_yaxis("right", functions=(to_km, from_km))
    km_axis.set_ylabel("km")
    km_axis.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11, 5))
    ax.set_ylabel("pain (0–10)")
    ax.grid(axis="x", visible=False)
