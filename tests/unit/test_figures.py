"""Charts as page HTML: a picture with alt text, or words when there is nothing to plot."""

from __future__ import annotations

import datetime as dt

from rollbook import charts
from rollbook.records import PsfsItem, PsfsRecord
from rollbook.ui.figures import chart_html


def test_a_chart_is_a_picture_with_alt_text_and_a_caption() -> None:
    day = dt.date(2026, 11, 2)
    ratings = [
        PsfsRecord(day, (PsfsItem("Running", 4),)),
        PsfsRecord(day + dt.timedelta(days=14), (PsfsItem("Running", 7),)),
    ]
    result = charts.psfs_chart(ratings)
    assert not result.empty
    html = chart_html(result)
    assert html.count("<img") == 1 and "data:image/svg+xml;base64," in html
    assert f'alt="{result.title}.' in html and "<figcaption>" in html


def test_nothing_to_plot_says_so_once_in_words() -> None:
    result = charts.psfs_chart([])
    assert result.empty
    html = chart_html(result)
    assert "<img" not in html
    assert html.count(charts.EMPTY_PSFS) == 1
    assert "rb-figure-empty" in html
