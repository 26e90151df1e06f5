"""The activity scores chart (PSFS): the average over time, with a band of the change
that matters around the first rating.
"""

from __future__ import annotations

from collections.abc import Sequence

from rollbook import chartstyle
from rollbook.analytics import PSFS_MCID, psfs_change
from rollbook.charts.base import (
    EMPTY_PSFS,
    ChartResult,
    date_axis,
    day_numbers,
    message_chart,
    new_figure,
    one_day_axis,
    score_change_summary,
)
from rollbook.i18n import _
from rollbook.records import PsfsRecord

__all__ = ["psfs_chart"]


def psfs_chart(records: Sequence[PsfsRecord]) -> ChartResult:
    """Plot the PSFS average over time with a ±2-point band around the first rating."""
    title = _("Everyday activities (PSFS)")
    ordered = sorted(records, key=lambda r: r.date)
    change = psfs_change(ordered)
    if change is None:
        return message_chart(title, _(EMPTY_PSFS))
    dates = [r.date for r in ordered]
    averages = [r.average for r in ordered]
    with chartstyle.style_context():
        fig = new_figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        low, high = max(0.0, change.first - PSFS_MCID), min(10.0, change.first + PSFS_MCID)
        ax.axhspan(
            low,
            high,
            color="#e4ecf2",
            zorder=0,
            linewidth=0,
            label=_("within {PSFS_MCID:g} points of your first rating").format(PSFS_MCID=PSFS_MCID),
        )
        ax.plot(
            day_numbers(dates),
            averages,
            color=chartstyle.PALETTE["blue"],
            marker="o",
            linewidth=2,
            markersize=6,
            label=_("average score"),
            zorder=3,
        )
        ax.set_ylim(0, 10.4)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel(_("0 = can't do, 10 = as before"))
        date_axis(ax)
        if len(ordered) == 1:
            one_day_axis(ax, dates[0], 7)
            ax.text(
                0.02,
                0.04,
                _("One rating so far. Rate again next week."),
                transform=ax.transAxes,
                fontsize=9,
            )
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8.5)
    if len(ordered) == 1:
        summary = _("Your first activity rating averages {first:.1f} out of 10.").format(
            first=change.first
        )
    else:
        summary = score_change_summary(
            _("activity score"),
            f"{change.first:.1f}",
            f"{change.latest:.1f}",
            10,
            change.change,
            f"{abs(change.change):.1f}",
            change.meaningful,
            PSFS_MCID,
        )
    return ChartResult(fig, title, summary)
