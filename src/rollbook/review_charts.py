"""The LEFS chart: the leg function score over time with its important-change band.

Drawn like the charts in :mod:`rollbook.charts` (the PSFS chart is there): a
:class:`rollbook.charts.ChartResult` with the figure, a title and a one-sentence
summary used as alt text. The band is the LEFS's important change (content library,
Binkley 1999) either side of the first score, so a point outside it is a change that
matters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rollbook import chartstyle
from rollbook.charts.base import (
    ChartResult,
    date_axis,
    day_numbers,
    message_chart,
    new_figure,
    one_day_axis,
    score_change_summary,
)
from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.i18n import N_, _
from rollbook.progress_records import LEFS_ITEM_MAX, LEFS_ITEMS, LefsRecord
from rollbook.review import lefs_change

__all__ = ["EMPTY_LEFS", "lefs_chart"]

EMPTY_LEFS = N_("No leg function score yet. Fill in the LEFS to see your chart.")
_TOP = LEFS_ITEMS * LEFS_ITEM_MAX


def lefs_chart(
    records: Sequence[LefsRecord], *, rules: ProgressionContent | None = None
) -> ChartResult:
    """Plot the LEFS total (0-80) over time with a band of the important change around
    the first score."""
    title = _("Leg function (LEFS)")
    mcid = (rules or load_progression()).lefs.mcid
    ordered = sorted(records, key=lambda r: r.date)
    change = lefs_change(ordered, rules=rules)
    if change is None:
        return message_chart(title, _(EMPTY_LEFS))
    dates = [r.date for r in ordered]
    with chartstyle.style_context():
        fig = new_figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        ax.axhspan(
            max(0, change.first - mcid),
            min(_TOP, change.first + mcid),
            color="#e4ecf2",
            zorder=0,
            linewidth=0,
            label=_("within {mcid} points of your first score").format(mcid=mcid),
        )
        ax.plot(
            day_numbers(dates),
            [r.total for r in ordered],
            color=chartstyle.PALETTE["green"],
            marker="D",
            linewidth=2,
            markersize=6,
            label=_("total score"),
            zorder=3,
        )
        ax.set_ylim(0, _TOP + 3)
        ax.set_yticks(range(0, _TOP + 1, 20))
        ax.set_ylabel(_("0 = unable, {TOP} = no difficulty").format(TOP=_TOP))
        date_axis(ax)
        if len(ordered) == 1:
            one_day_axis(ax, dates[0], 7)
            ax.text(0.02, 0.04, _("One score so far. Fill it in again at your next review."),
                    transform=ax.transAxes, fontsize=9)  # fmt: skip
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8.5)
    if len(ordered) == 1:
        summary = _("Your first leg function score is {first} out of {TOP}.").format(
            first=change.first, TOP=_TOP
        )
    else:
        summary = score_change_summary(
            _("leg function score"),
            str(change.first),
            str(change.latest),
            _TOP,
            change.change,
            str(abs(change.change)),
            change.meets_mcid,
            mcid,
        )
    return ChartResult(fig, title, summary)
