"""Charts return titled figures with a one-sentence summary, for any length of log."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from rollbook import charts
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain

D = dt.date(2024, 1, 1)


def _log(n: int) -> list[LogEntry]:
    return [
        LogEntry(
            D + dt.timedelta(days=i),
            (SitePain("knee", i % 11, (i + 3) % 11, i % 4),),
            km=float(i % 15),
            done=i % 3 != 0,
        )
        for i in range(n)
    ]


def _psfs(n: int) -> list[PsfsRecord]:
    return [
        PsfsRecord(D + dt.timedelta(days=7 * i), (PsfsItem("run", min(10, i)),)) for i in range(n)
    ]


CASES = [
    ("pain_chart", _log, 0),
    ("pain_chart", _log, 1),
    ("pain_chart", _log, 1100),
    ("adherence_calendar", _log, 0),
    ("adherence_calendar", _log, 1),
    ("adherence_calendar", _log, 1100),
    ("psfs_chart", _psfs, 0),
    ("psfs_chart", _psfs, 1),
    ("psfs_chart", _psfs, 150),
]


@pytest.mark.parametrize(("name", "make", "n"), CASES)
def test_chart_renders_with_title_and_one_sentence(name: str, make: object, n: int) -> None:
    result = getattr(charts, name)(make(n))  # type: ignore[operator]
    assert result.title and result.figure.axes[0].get_title(loc="left") == result.title
    summary = result.summary
    assert summary and summary.endswith(".") and summary.count(". ") == 0
    png = io.BytesIO()
    result.figure.savefig(png, format="png")
    assert png.getvalue().startswith(b"\x89PNG")


def test_empty_log_gets_a_friendly_message() -> None:
    result = charts.pain_chart([])
    assert result.summary == charts.EMPTY_LOG
    texts = [t.get_text() for t in result.figure.axes[0].texts]
    assert charts.EMPTY_LOG in texts


def test_figures_are_not_registered_with_pyplot() -> None:
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    charts.pain_chart(_log(20))
    assert len(plt.get_fignums()) == before


def test_summaries_say_what_the_chart_shows() -> None:
    assert "went from 0/10 to" in charts.pain_chart(_log(10)).summary
    assert "of 10 logged days as done" in charts.adherence_calendar(_log(10)).summary
    psfs = charts.psfs_chart(_psfs(4)).summary
    assert "from 0.0 to 3.0 out of 10 (up 3.0 points): a change that matters" in psfs


def test_pain_chart_for_one_site_and_window() -> None:
    log = [
        LogEntry(D + dt.timedelta(days=i), (SitePain("knee", 2), SitePain("hip", 7)))
        for i in range(200)
    ]
    result = charts.pain_chart(log, site="knee", days=28)
    assert "at the knee" in result.title
    assert "28 logged days" in result.summary and "stayed at 2/10" in result.summary
