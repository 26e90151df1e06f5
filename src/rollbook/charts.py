"""Progress charts: pain over time, an adherence calendar and PSFS over time.

Each function returns a :class:`ChartResult` holding a ``matplotlib.figure.Figure``
(never pyplot, so figures are not kept alive by a global registry), a title and a
one-sentence summary used as alt text on screen and in the PDF report. Colour is never
the only cue: zones carry text labels and lines differ by marker and dash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rollbook import chartstyle, painmodel
from rollbook.analytics import PSFS_MCID, day_verdicts, psfs_change
from rollbook.records import PAIN_FIELDS, LogEntry, PsfsRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

EMPTY_LOG = "No runs logged yet — log your first run to see your chart."
EMPTY_PSFS = "No activity ratings yet — rate up to three activities to see your chart."

_STYLE: dict[str, tuple[str, str, str]] = {
    # measure: (colour, marker, line style); the legend label is the pain model's.
    "during": (chartstyle.PALETTE["blue"], "o", "-"),
    "after": (chartstyle.PALETTE["purple"], "s", "--"),
    "morning": (chartstyle.PALETTE["ink"], "^", ":"),
}
_MEASURES: dict[str, tuple[str, str, str, str]] = {
    q.id: (q.label, *_STYLE[q.id]) for q in painmodel.content().question
}
#: The pain model's bands as shaded stripes: (colour, bottom, top, label).
_ZONES: tuple[tuple[str, float, float, str], ...] = tuple(
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
_BAR_COLOUR = "#9aa5a9"
_BAR_ALPHA = 0.45
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ChartResult:
    """A finished chart: the figure, its title and a one-sentence text summary."""

    figure: Figure
    title: str
    summary: str
    #: True for the placeholder drawn when there is nothing to plot yet: pages and
    #: reports then show the title and the summary as text, not a picture of them.
    empty: bool = False


def _figure() -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=chartstyle.FIGSIZE, dpi=chartstyle.DPI, layout="constrained")


def _message(title: str, message: str) -> ChartResult:
    """A calm placeholder figure for when there is nothing to plot yet."""
    with chartstyle.style_context():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title)
        ax.text(
            0.5,
            0.5,
            message,
            ha="center",
            va="center",
            wrap=True,
            fontsize=12,
            color=chartstyle.PALETTE["grey"],
            transform=ax.transAxes,
            bbox={"boxstyle": "round,pad=1", "fc": "#f4f6f5", "ec": "#d5dcd9"},
        )
    return ChartResult(fig, title, message, empty=True)


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    ax.xaxis_date()
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    # The offset label shows only the year ("2024"), not "2024-Mar".
    years = ["", "%Y", "%Y", "%Y", "%Y", "%Y"]
    formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, offset_formats=years
    )
    ax.xaxis.set_major_formatter(formatter)


def _one_day_axis(ax: Axes, date: dt.date, pad_days: int) -> None:
    """Centre a lone point and label only its date (auto ticks would invent a range)."""
    x = _nums([date])[0]
    ax.set_xlim(x - pad_days, x + pad_days)
    ax.set_xticks([x], [_day(date)])


def _nums(dates: Sequence[dt.date]) -> list[float]:
    """Matplotlib's day numbers for ``dates`` (plain floats keep the types simple)."""
    import matplotlib.dates as mdates

    return [float(x) for x in mdates.date2num(list(dates))]  # type: ignore[no-untyped-call]


def _nice_top(value: float) -> float:
    """Round ``value`` up to 1, 2 or 5 times a power of ten (at least 5)."""
    if value <= 5:
        return 5.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


# --- pain over time -----------------------------------------------------------------


def pain_chart(
    entries: Sequence[LogEntry], *, site: str | None = None, days: int | None = 84
) -> ChartResult:
    """Plot daily pain (worst across sites, or one site) over the zones, with km as bars.

    Shows the ``days`` days up to the latest entry (default 12 weeks; None: all).
    """
    where = f" at the {site.replace('-', ' ')}" if site else ""
    title = f"Pain and running{where}"
    ordered = sorted(entries, key=lambda e: e.date)
    if ordered and days is not None:
        start = ordered[-1].date - dt.timedelta(days=max(1, int(days)) - 1)
        ordered = [e for e in ordered if e.date >= start]
    if not ordered:
        return _message(title, EMPTY_LOG)
    if any(e.sided for e in ordered):  # left and right apart: one panel per side
        from rollbook.charts_sides import sided_pain_chart

        return sided_pain_chart(ordered, title=title, site=site)
    series = {m: _pain_series(ordered, m, site) for m in PAIN_FIELDS}
    dates = [e.date for e in ordered]
    km = [e.km for e in ordered]
    with chartstyle.style_context():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        _shade_zones(ax)
        km_top = _nice_top(max(km))
        scale = 10.0 / km_top
        _km_bars(ax, dates, [k * scale for k in km])

        def to_km(y: Any) -> Any:
            return y / scale

        def from_km(k: Any) -> Any:
            return k * scale

        km_axis = ax.secondary_yaxis("right", functions=(to_km, from_km))
        km_axis.set_ylabel("km run")
        from matplotlib.ticker import MaxNLocator

        km_axis.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        for measure, (label, colour, marker, style) in _MEASURES.items():
            points = series[measure]
            if points:
                ax.plot(
                    _nums([d for d, _ in points]),
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
        _date_axis(ax)
        if len(ordered) == 1:
            _one_day_axis(ax, dates[0], 3)
            ax.text(
                0.02,
                0.97,
                "One day logged. Log more days to see a trend.",
                transform=ax.transAxes,
                fontsize=9,
                va="top",
                color=chartstyle.PALETTE["ink"],
                zorder=4,
            )
        ax.grid(axis="x", visible=False)
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        handles.append(Patch(color=_BAR_COLOUR, alpha=_BAR_ALPHA, label="Distance (km)"))
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=4,
            fontsize=8.5,
            handlelength=2.2,
            columnspacing=1.0,
        )
    return ChartResult(fig, title, _pain_summary(ordered, series["during"], where))


def _km_bars(ax: Axes, dates: Sequence[dt.date], heights: Sequence[float]) -> None:
    """Draw one bar per day as a single collection (1,000 separate patches are slow)."""
    from matplotlib.collections import PolyCollection

    xs = _nums(dates)
    verts = [
        [(x - 0.4, 0.0), (x - 0.4, h), (x + 0.4, h), (x + 0.4, 0.0)]
        for x, h in zip(xs, heights, strict=True)
    ]
    ax.add_collection(
        PolyCollection(verts, facecolors=_BAR_COLOUR, alpha=_BAR_ALPHA, linewidths=0, zorder=1)
    )
    ax.set_xlim(xs[0] - 1, xs[-1] + 1)


def _pain_series(
    entries: Sequence[LogEntry], measure: str, site: str | None
) -> list[tuple[dt.date, int]]:
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


def _shade_zones(ax: Axes) -> None:
    import matplotlib.transforms as mtransforms

    label_at = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    for zone, low, high, label in _ZONES:
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


def _pain_summary(
    entries: Sequence[LogEntry], during: list[tuple[dt.date, int]], where: str
) -> str:
    first, last = entries[0].date, entries[-1].date
    total = sum(e.km for e in entries)
    days = "day" if len(entries) == 1 else "days"
    span = _day(first) if first == last else f"{_day(first)} to {_day(last)}"
    text = f"{len(entries)} logged {days} ({span}), {total:.0f} km run in all"
    if during:
        start, end = during[0][1], during[-1][1]
        text += (
            f"; pain during running{where} was {end}/10 on the latest day"
            if len(during) == 1
            else f"; pain during running{where} stayed at {end}/10"
            if start == end
            else f"; pain during running{where} went from {start}/10 to {end}/10"
        )
    scored = [e.date for e in entries if e.has_scores]
    verdicts = day_verdicts(entries, only=scored[-1:])
    if verdicts:
        text += f", and the latest day's advice is “{verdicts[max(verdicts)].label}”"
    return text + "."


# --- adherence calendar -------------------------------------------------------------


def adherence_calendar(
    entries: Sequence[LogEntry], *, weeks: int = 12, today: dt.date | None = None
) -> ChartResult:
    """Draw the last ``weeks`` weeks as a grid: done, not done, or nothing logged."""
    title = "Plan done, day by day"
    if not entries:
        return _message(title, EMPTY_LOG)
    weeks = max(1, min(int(weeks), 104))
    end = today or max(e.date for e in entries)
    first_monday = end - dt.timedelta(days=end.weekday() + 7 * (weeks - 1))
    # A day with only runs from the watch has no answer about the plan: shown as no entry.
    by_date = {e.date: e for e in entries if not e.runs_only}
    # 0 = no entry, 1 = not done, 2 = done, 3 = still to come
    grid = [[0] * weeks for _ in range(7)]
    for col in range(weeks):
        for row in range(7):
            day = first_monday + dt.timedelta(days=col * 7 + row)
            entry = by_date.get(day)
            grid[row][col] = 3 if day > end else 0 if entry is None else 2 if entry.done else 1
    with chartstyle.style_context():
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.patches import Patch

        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        colours = ["#e9edeb", chartstyle.PALETTE["orange"], chartstyle.PALETTE["green"], "#ffffff"]
        ax.pcolormesh(
            grid,
            cmap=ListedColormap(colours),
            norm=BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], 4),
            edgecolors="white",
            linewidth=1.5,
        )
        if weeks <= 26:
            for row in range(7):
                for col in range(weeks):
                    mark = {1: "✗", 2: "✓"}.get(grid[row][col])
                    if mark:
                        ax.text(
                            col + 0.5,
                            row + 0.5,
                            mark,
                            ha="center",
                            va="center",
                            fontsize=9,
                            color="white" if mark == "✓" else "#1d2a30",
                            fontweight="bold",
                        )
        ax.set_ylim(7, 0)
        ax.set_yticks([r + 0.5 for r in range(7)], _WEEKDAYS, fontsize=9)
        step = max(1, math.ceil(weeks / 6))
        cols = list(range(0, weeks, step))
        ax.set_xticks(
            [c + 0.5 for c in cols],
            [_short(first_monday + dt.timedelta(days=7 * c)) for c in cols],
            fontsize=9,
        )
        ax.set_xlabel("week starting")
        ax.grid(visible=False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.legend(
            handles=[
                Patch(color=colours[2], label="✓ done"),
                Patch(color=colours[1], label="✗ not done"),
                Patch(color=colours[0], label="no entry"),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=3,
            fontsize=9,
        )
    logged = [e for e in entries if first_monday <= e.date <= end and not e.runs_only]
    done = sum(e.done for e in logged)
    if logged:
        share = round(100 * done / len(logged))
        summary = (
            f"In the last {weeks} weeks you marked {done} of {len(logged)} logged days "
            f"as done ({share}%)."
        )
    else:
        summary = f"Nothing was logged in the last {weeks} weeks."
    return ChartResult(fig, title, summary)


def _short(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


# --- PSFS -------------------------------------------------------------------------


def psfs_chart(records: Sequence[PsfsRecord]) -> ChartResult:
    """Plot the PSFS average over time with a ±2-point band around the first rating."""
    title = "Everyday activities (PSFS)"
    ordered = sorted(records, key=lambda r: r.date)
    change = psfs_change(ordered)
    if change is None:
        return _message(title, EMPTY_PSFS)
    dates = [r.date for r in ordered]
    averages = [r.average for r in ordered]
    with chartstyle.style_context():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        low, high = max(0.0, change.first - PSFS_MCID), min(10.0, change.first + PSFS_MCID)
        ax.axhspan(
            low,
            high,
            color="#e4ecf2",
            zorder=0,
            linewidth=0,
            label=f"within {PSFS_MCID:g} points of your first rating",
        )
        ax.plot(
            _nums(dates),
            averages,
            color=chartstyle.PALETTE["blue"],
            marker="o",
            linewidth=2,
            markersize=6,
            label="average score",
            zorder=3,
        )
        ax.set_ylim(0, 10.4)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel("0 = can't do, 10 = as before")
        _date_axis(ax)
        if len(ordered) == 1:
            _one_day_axis(ax, dates[0], 7)
            ax.text(
                0.02,
                0.04,
                "One rating so far. Rate again next week.",
                transform=ax.transAxes,
                fontsize=9,
            )
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8.5)
    if len(ordered) == 1:
        summary = f"Your first activity rating averages {change.first:.1f} out of 10."
    else:
        direction = "up" if change.change > 0 else "down" if change.change < 0 else "unchanged,"
        amount = f" {abs(change.change):.1f} points" if change.change else ""
        verdict = (
            "a change big enough to matter"
            if change.meaningful
            else f"less than the {PSFS_MCID:g}-point change that matters"
        )
        summary = (
            f"Your activity score went from {change.first:.1f} to {change.latest:.1f} out "
            f"of 10 ({direction}{amount}), {verdict}."
        )
    return ChartResult(fig, title, summary)
