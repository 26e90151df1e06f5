"""The runs chart: one bar per run over recent weeks, so long single runs stand out.

Like :mod:`rollbook.charts`, it returns a :class:`~rollbook.charts.ChartResult` with a
title and a one-sentence summary used as alt text. The longest run is marked with a
label, not only a colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rollbook import chartstyle
from rollbook.charts.base import (
    ChartResult,
    date_axis,
    day_numbers,
    message_chart,
    new_figure,
    nice_top,
)
from rollbook.dates import short_date
from rollbook.i18n import N_, _
from rollbook.runs.record import Run
from rollbook.runs.summary import longest_run

TITLE = N_("Your runs, one bar each")
EMPTY = N_("No runs imported yet. Import runs from your watch to see them here.")


def runs_chart(runs: Sequence[Run], *, today: dt.date, days: int = 84) -> ChartResult:
    """Return a bar per run over the ``days`` up to ``today`` (two runs a day sit side by side)."""
    since = today - dt.timedelta(days=days - 1)
    shown = sorted((r for r in runs if since <= r.date <= today), key=lambda r: r.start)
    if not shown:
        return message_chart(_(TITLE), _(EMPTY))
    top = longest_run(shown)
    assert top is not None
    per_day: dict[dt.date, int] = {}
    with chartstyle.style_context():
        fig = new_figure()
        ax = fig.add_subplot()
        xs, heights, colours = [], [], []
        for run in shown:
            slot = per_day.get(run.date, 0)
            per_day[run.date] = slot + 1
            xs.append(day_numbers([run.date])[0] + 0.35 * slot)
            heights.append(run.km)
            colours.append(chartstyle.PALETTE["purple" if run is top else "blue"])
        ax.bar(xs, heights, width=0.8, color=colours, zorder=2)
        ax.annotate(
            _("longest {km:.1f} km").format(km=top.km),
            xy=(day_numbers([top.date])[0], top.km),
            xytext=(0, 4),
            textcoords=_("offset points"),
            ha="center",
            fontsize=10,
        )
        ax.set_ylim(0, nice_top(top.km * 1.15))
        # Start a week before the first run shown, so a few recent runs are not slivers.
        left = max(since, shown[0].date - dt.timedelta(days=7))
        ax.set_xlim(day_numbers([left])[0] - 1, day_numbers([today])[0] + 1)
        ax.set_ylabel(_("km per run"))
        ax.set_title(_(TITLE))
        date_axis(ax)
    total = sum(r.km for r in shown)
    weeks = days / 7
    summary = _(
        "{shown} runs in the last {amount} weeks, {value_2:.1f} km a week on average; the longest was {km:.1f} km on {short_date}."
    ).format(
        shown=len(shown),
        amount=days // 7,
        value_2=total / weeks,
        km=top.km,
        short_date=short_date(top.date),
    )
    return ChartResult(fig, _(TITLE), summary)
