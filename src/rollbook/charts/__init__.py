"""Progress charts: pain over time, an adherence calendar and PSFS over time.

Each function returns a :class:`ChartResult` holding a ``matplotlib.figure.Figure``
(never pyplot, so figures are not kept alive by a global registry), a title and a
one-sentence summary used as alt text on screen and in the PDF report. Colour is never
the only cue: zones carry text labels and lines differ by marker and dash.

One module per chart: :mod:`~rollbook.charts.pain`, :mod:`~rollbook.charts.plan_days`
and :mod:`~rollbook.charts.psfs`; what they share (the result, the figure, the
placeholder, the date axis) is :mod:`~rollbook.charts.base`.
"""

from __future__ import annotations

from rollbook.charts.base import EMPTY_LOG, EMPTY_PSFS, ChartResult
from rollbook.charts.pain import pain_chart
from rollbook.charts.plan_days import adherence_calendar
from rollbook.charts.psfs import psfs_chart

__all__ = [
    "EMPTY_LOG", "EMPTY_PSFS", "ChartResult", "adherence_calendar", "pain_chart", "psfs_chart",
]  # fmt: skip
