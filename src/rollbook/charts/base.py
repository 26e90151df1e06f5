"""What every chart here shares: the result type, the figure, the placeholder for
"nothing to plot yet" and the date axis.

Figures are ``matplotlib.figure.Figure`` objects, never pyplot, so they are not kept
alive by a global registry; matplotlib is imported where a figure is drawn.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook import chartstyle
from rollbook.i18n import N_, _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "EMPTY_LOG", "EMPTY_PSFS", "ChartResult", "date_axis", "day_label", "day_numbers",
    "message_chart", "new_figure", "nice_top", "one_day_axis",
]  # fmt: skip

EMPTY_LOG = N_("No runs logged yet — log your first run to see your chart.")
EMPTY_PSFS = N_("No activity ratings yet — rate up to three activities to see your chart.")


@dataclass(frozen=True)
class ChartResult:
    """A finished chart: the figure, its title and a one-sentence text summary."""

    figure: Figure
    title: str
    summary: str
    #: True for the placeholder drawn when there is nothing to plot yet: pages and
    #: reports then show the title and the summary as text, not a picture of them.
    empty: bool = False


def new_figure() -> Figure:
    """A figure of the house size and resolution, laid out so labels are never cut."""
    from matplotlib.figure import Figure

    return Figure(figsize=chartstyle.FIGSIZE, dpi=chartstyle.DPI, layout="constrained")


def message_chart(title: str, message: str) -> ChartResult:
    """A calm placeholder figure for when there is nothing to plot yet."""
    with chartstyle.style_context():
        fig = new_figure()
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


def day_label(date: dt.date) -> str:
    """``2 Mar 2026``: a date as a chart's text writes it."""
    return f"{date.day} {date:%b %Y}"


def date_axis(ax: Axes) -> None:
    """Date ticks on the x axis: a few, short, with the year once."""
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


def one_day_axis(ax: Axes, date: dt.date, pad_days: int) -> None:
    """Centre a lone point and label only its date (auto ticks would invent a range)."""
    x = day_numbers([date])[0]
    ax.set_xlim(x - pad_days, x + pad_days)
    ax.set_xticks([x], [day_label(date)])


def day_numbers(dates: Sequence[dt.date]) -> list[float]:
    """Matplotlib's day numbers for ``dates`` (plain floats keep the types simple)."""
    import matplotlib.dates as mdates

    return [float(x) for x in mdates.date2num(list(dates))]  # type: ignore[no-untyped-call]


def nice_top(value: float) -> float:
    """Round ``value`` up to 1, 2 or 5 times a power of ten (at least 5)."""
    if value <= 5:
        return 5.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def score_change_summary(
    what: str,
    first: str,
    latest: str,
    top: int,
    change: float,
    shown: str,
    meaningful: bool,
    mcid: float,
) -> str:
    """The sentence under a PSFS or LEFS chart: from, to, by how much, and what it means.

    ``shown`` is the size of the change as printed (``3.0``, ``20``); ``mcid`` the
    smallest change that matters (PSFS 2 points, LEFS 9). Whether it matters
    is said in the same words as the pages, the table and the CLI
    (:func:`rollbook.review.change_words`, from ``progression.toml [review]``).
    """
    from rollbook.review import change_words

    if change > 0:
        moved = _("up {points} points").format(points=shown)
    elif change < 0:
        moved = _("down {points} points").format(points=shown)
    else:
        moved = _("unchanged")
    return _(
        "Your {what} went from {first} to {latest} out of {top} ({moved}): {verdict} "
        "(it takes {mcid:g} points or more)."
    ).format(
        what=what,
        first=first,
        latest=latest,
        top=top,
        moved=moved,
        verdict=change_words(meaningful),
        mcid=mcid,
    )
