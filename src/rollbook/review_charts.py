"""The LEFS chart: the leg function score over time with its important-change band.

Drawn like the charts in :mod:`rollbook.charts` (the PSFS chart is there): a
:class:`rollbook.charts.ChartResult` with the figure, a title and a one-sentence
summary used as alt text. The band is the LEFS's important change (content library,
Binkley 1999) either side of the first score, so a point outside it is a change that
matters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rollbook.charts.base import ChartResult, message_chart, score_change_summary
from rollbook.charts.scores import ScoreChart, score_band_figure
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
    spec = ScoreChart(
        title=title,
        top=_TOP,
        y_step=20,
        y_label=_("0 = unable, {top} = no difficulty").format(top=_TOP),
        colour="green",
        marker="D",
        band_label=_("within {mcid} points of your first score").format(mcid=mcid),
        line_label=_("total score"),
        one_score_note=_("One score so far. Fill it in again at your next review."),
    )
    fig = score_band_figure(spec, [r.date for r in ordered], [r.total for r in ordered], mcid)
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
