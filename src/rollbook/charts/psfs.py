"""The activity scores chart (PSFS): the average over time, with a band of the change
that matters around the first rating.
"""

from __future__ import annotations

from collections.abc import Sequence

from rollbook.analytics import PSFS_MCID, psfs_change
from rollbook.charts.base import EMPTY_PSFS, ChartResult, message_chart, score_change_summary
from rollbook.charts.scores import ScoreChart, score_band_figure
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
    spec = ScoreChart(
        title=title,
        top=10,
        y_step=2,
        y_label=_("0 = can't do, 10 = as before"),
        colour="blue",
        marker="o",
        band_label=_("within {points:g} points of your first rating").format(points=PSFS_MCID),
        line_label=_("average score"),
        one_score_note=_("One rating so far. Rate again next week."),
    )
    averages = [r.average for r in ordered]
    fig = score_band_figure(spec, [r.date for r in ordered], averages, PSFS_MCID)
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
