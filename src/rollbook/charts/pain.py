"""The pain chart: daily pain over the pain model's zones, with the km run as bars.

A log that keeps sides apart is drawn one panel per side by
:mod:`rollbook.charts_sides`, with the series, zones and bars of this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rollbook import chartstyle, painmodel
from rollbook.analytics import day_verdicts
from rollbook.charts.base import (
    EMPTY_LOG,
    ChartResult,
    date_axis,
    day_label,
    day_numbers,
    message_chart,
    new_figure,
    nice_top,
    one_day_axis,
)
from rollbook.i18n import _, ngettext
from rollbook.records import PAIN_FIELDS, LogEntry

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "BAR_ALPHA", "BAR_COLOUR", "MEASURES", "ZONES", "km_bars", "pain_chart", "pain_series",
    "pain_summary", "shade_zones",
]  # fmt: skip

_STYLE: dict[str, tuple[str, str, str]] = {
    # measure: (colour, marker, line style); the legend label is the pain model's.
    "during": (chartstyle.PALETTE["blue"], "o", "-"),
    "after": (chartstyle.PALETTE["purple"], "s", "--"),
    "morning": (chartstyle.PALETTE["ink"], "^", ":"),
}
MEASURES: dict[str, tuple[str, str, str, str]] = {
    q.id: (q.label, *_STYLE[q.id]) for q in painmodel.content().question
}
#: The pain model's bands as shaded stripes: (colour, bottom, top, label).
ZONES: tuple[tuple[str, float, float, str], ...] = tuple(
    (
        band.colour,
        band.low - 0.5,
        band.high + 0.5,
        f"{band.label} {band.low}"
        if band.low == band.high
        else f"{band.label} {band.low}–{band.high}",
    )
    for band in painmodel.content().band
)
BAR_COLOUR = "#9aa5a9"
BAR_ALPHA = 0.45


def pain_chart(
    entries: Sequence[LogEntry], *, site: str | None = None, days: int | None = 84
) -> ChartResult:
    """Plot daily pain (worst across sites, or one site) over the zones, with km as bars.

    Shows the ``days`` days up to the latest entry (default 12 weeks; None: all).
    """
    where = _(" at the {replace}").format(replace=site.replace("-", " ")) if site else ""
    title = _("Pain and running{where}").format(where=where)
    ordered = sorted(entries, key=lambda e: e.date)
    if ordered and days is not None:
        start = ordered[-1].date - dt.timedelta(days=max(1, int(days)) - 1)
        ordered = [e for e in ordered if e.date >= start]
    if not ordered:
        return message_chart(title, _(EMPTY_LOG))
    if any(e.sided for e in ordered):  # left and right apart: one panel per side
        from rollbook.charts_sides import sided_pain_chart

        return sided_pain_chart(ordered, title=title, site=site)
    series = {m: pain_series(ordered, m, site) for m in PAIN_FIELDS}
    dates = [e.date for e in ordered]
    km = [e.km for e in ordered]
    with chartstyle.style_context():
        fig = new_figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        shade_zones(ax)
        km_top = nice_top(max(km))
        scale = 10.0 / km_top
        km_bars(ax, dates, [k * scale for k in km])

        def to_km(y: Any) -> Any:
            return y / scale

        def from_km(k: Any) -> Any:
            return k * scale

        km_axis = ax.secondary_yaxis("right", functions=(to_km, from_km))
        km_axis.set_ylabel(_("km run"))
        from matplotlib.ticker import MaxNLocator

        km_axis.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        for measure, (label, colour, marker, style) in MEASURES.items():
            points = series[measure]
            if points:
                ax.plot(
                    day_numbers([d for d, _ in points]),
                    [v for _, v in points],
                    color=colour,
                    marker=marker,
                    linestyle=style,
                    label=label,
                    markersize=5 if len(points) < 60 else 2.5,
                    linewidth=1.8,
                    zorder=3,
                )
        ax.set_ylim(-0.5, 10.5)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel("pain (0–10)")
        date_axis(ax)
        if len(ordered) == 1:
            one_day_axis(ax, dates[0], 3)
            ax.text(
                0.02,
                0.97,
                _("One day logged. Log more days to see a trend."),
                transform=ax.transAxes,
                fontsize=9,
                va="top",
                color=chartstyle.PALETTE["ink"],
                zorder=4,
            )
        ax.grid(axis="x", visible=False)
        from matplotlib.patches import Patch

        handles, _labels = ax.get_legend_handles_labels()
        handles.append(Patch(color=BAR_COLOUR, alpha=BAR_ALPHA, label=_("Distance (km)")))
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=4,
            fontsize=8.5,
            handlelength=2.2,
            columnspacing=1.0,
        )
    return ChartResult(fig, title, pain_summary(ordered, series["during"], where))


def km_bars(ax: Axes, dates: Sequence[dt.date], heights: Sequence[float]) -> None:
    """Draw one bar per day as a single collection (1,000 separate patches are slow)."""
    from matplotlib.collections import PolyCollection

    xs = day_numbers(dates)
    verts = [
        [(x - 0.4, 0.0), (x - 0.4, h), (x + 0.4, h), (x + 0.4, 0.0)]
        for x, h in zip(xs, heights, strict=True)
    ]
    ax.add_collection(
        PolyCollection(verts, facecolors=BAR_COLOUR, alpha=BAR_ALPHA, linewidths=0, zorder=1)
    )
    ax.set_xlim(xs[0] - 1, xs[-1] + 1)


def pain_series(
    entries: Sequence[LogEntry], measure: str, site: str | None
) -> list[tuple[dt.date, int]]:
    """Each day's worst ``measure`` score (at ``site``, or across sites)."""
    points = []
    for entry in entries:
        values = [
            v
            for p in entry.pains
            if (site is None or p.site == site) and (v := getattr(p, measure)) is not None
        ]
        if values:
            points.append((entry.date, max(values)))
    return points


def shade_zones(ax: Axes) -> None:
    """The pain model's bands as labelled stripes behind the lines."""
    import matplotlib.transforms as mtransforms

    label_at = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    for zone, low, high, label in ZONES:
        ax.axhspan(low, high, color=chartstyle.ZONE_FILL[zone], zorder=0, linewidth=0)
        ax.text(
            0.995,
            high - 0.15,
            label,
            transform=label_at,
            ha="right",
            va="top",
            fontsize=8,
            color=chartstyle.ZONE_MARK[zone],
            fontweight="bold",
            zorder=2,
        )


def pain_summary(entries: Sequence[LogEntry], during: list[tuple[dt.date, int]], where: str) -> str:
    """The chart's one-sentence summary: days, km, pain during running, latest advice."""
    first, last = entries[0].date, entries[-1].date
    total = sum(e.km for e in entries)
    if first == last:
        span = day_label(first)
    else:
        span = _("{first} to {last}").format(first=day_label(first), last=day_label(last))
    text = ngettext(
        "{entries} logged day ({span}), {total:.0f} km run in all",
        "{entries} logged days ({span}), {total:.0f} km run in all",
        len(entries),
    ).format(entries=len(entries), span=span, total=total)
    if during:
        start, end = during[0][1], during[-1][1]
        text += (
            _("; pain during running{where} was {end}/10 on the latest day").format(
                where=where, end=end
            )
            if len(during) == 1
            else _("; pain during running{where} stayed at {end}/10").format(where=where, end=end)
            if start == end
            else _("; pain during running{where} went from {start}/10 to {end}/10").format(
                where=where, start=start, end=end
            )
        )
    scored = [e.date for e in entries if e.has_scores]
    verdicts = day_verdicts(entries, only=scored[-1:])
    if verdicts:
        text += _(", and the latest day's advice is “{label}”").format(
            label=verdicts[max(verdicts)].label
        )
    return text + "."
