"""A score over time with the band of the change that matters around the first one.

The PSFS chart (:mod:`rollbook.charts.psfs`) and the LEFS chart
(:mod:`rollbook.review_charts`) are drawn the same way: points joined by a line, a
pale band of the important change either side of the first score, and a note when
there is only one score so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook import chartstyle
from rollbook.charts.base import date_axis, day_numbers, new_figure, one_day_axis

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ScoreChart", "score_band_figure"]

BAND_COLOUR = "#e4ecf2"


@dataclass(frozen=True)
class ScoreChart:
    """How one score is drawn: its scale, colours and (translated) words."""

    title: str
    top: float  # the best score on the scale
    y_step: int  # a tick every this many points
    y_label: str
    colour: str  # a chartstyle.PALETTE key
    marker: str
    band_label: str
    line_label: str
    one_score_note: str


def score_band_figure(
    spec: ScoreChart, dates: Sequence[dt.date], scores: Sequence[float], mcid: float
) -> Figure:
    """Plot ``scores`` on ``dates`` with a band of ``mcid`` points around the first."""
    with chartstyle.style_context():
        fig = new_figure()
        ax = fig.add_subplot()
        ax.set_title(spec.title)
        first = scores[0]
        ax.axhspan(
            max(0.0, first - mcid),
            min(spec.top, first + mcid),
            color=BAND_COLOUR,
            zorder=0,
            linewidth=0,
            label=spec.band_label,
        )
        ax.plot(
            day_numbers(dates),
            list(scores),
            color=chartstyle.PALETTE[spec.colour],
            marker=spec.marker,
            linewidth=2,
            markersize=6,
            label=spec.line_label,
            zorder=3,
        )
        # A little head room, so a top score's marker is not cut in half.
        ax.set_ylim(0, spec.top * 1.04)
        ax.set_yticks(range(0, int(spec.top) + 1, spec.y_step))
        ax.set_ylabel(spec.y_label)
        date_axis(ax)
        if len(scores) == 1:
            one_day_axis(ax, dates[0], 7)
            ax.text(0.02, 0.04, spec.one_score_note, transform=ax.transAxes, fontsize=9)
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8.5)
    return fig
