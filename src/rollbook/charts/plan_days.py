"""The plan-days calendar: the last weeks as a grid of days, done, not done or not
logged, marked with a tick or a cross as well as a colour.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from rollbook import chartstyle
from rollbook.charts.base import EMPTY_LOG, ChartResult, message_chart, new_figure
from rollbook.i18n import _
from rollbook.records import LogEntry

__all__ = ["adherence_calendar"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def adherence_calendar(
    entries: Sequence[LogEntry], *, weeks: int = 12, today: dt.date | None = None
) -> ChartResult:
    """Draw the last ``weeks`` weeks as a grid: done, not done, or nothing logged."""
    title = _("Plan done, day by day")
    if not entries:
        return message_chart(title, _(EMPTY_LOG))
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

        fig = new_figure()
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
        ax.set_xlabel(_("week starting"))
        ax.grid(visible=False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.legend(
            handles=[
                Patch(color=colours[2], label="✓ done"),
                Patch(color=colours[1], label=_("✗ not done")),
                Patch(color=colours[0], label=_("no entry")),
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
        summary = _(
            "In the last {weeks} weeks you marked {done} of {logged} logged days as done ({share}%)."
        ).format(weeks=weeks, done=done, logged=len(logged), share=share)
    else:
        summary = _("Nothing was logged in the last {weeks} weeks.").format(weeks=weeks)
    return ChartResult(fig, title, summary)


def _short(date: dt.date) -> str:
    return f"{date.day} {date:%b}"
