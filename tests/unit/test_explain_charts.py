"""The load–capacity pictures: one SVG per scenario, alt text, cache, and key."""

from __future__ import annotations

import re
from urllib.parse import unquote

from rollbook import capacity
from rollbook.ui import explain_charts, figures


def _svg_of(markup: str) -> bytes:
    match = re.search(r'src="data:image/svg\+xml,([^"]+)"', markup)
    assert match, markup[:200]
    return unquote(match.group(1)).encode("utf-8")


def test_each_panel_is_an_svg_picture_with_its_title_and_words() -> None:
    comparison = capacity.compare(rest_weeks=3, return_speed="steady")
    rest = explain_charts.panel_html(comparison, "rest")
    active = explain_charts.panel_html(comparison, "active")
    assert _svg_of(rest).startswith(b"<svg")
    assert b"<svg" in _svg_of(active)
    assert "Rest for 3 weeks, then a steady return" in rest
    assert capacity.rest_summary(comparison) in rest
    assert capacity.active_summary(comparison) in active
    assert comparison.active.label in active


def test_same_inputs_give_identical_bytes_and_come_from_the_cache() -> None:
    explain_charts._panel_src.cache_clear()
    a = explain_charts.panel_html(capacity.compare(rest_weeks=5), "rest")
    b = explain_charts.panel_html(capacity.compare(rest_weeks=5), "rest")
    assert a == b
    info = explain_charts._panel_src.cache_info()
    assert info.hits == 1 and info.misses == 1


def test_the_rest_panel_ignores_the_switches_and_the_active_panel_ignores_rest() -> None:
    base = capacity.compare(rest_weeks=2, use_strength=True)
    switched = capacity.compare(rest_weeks=2, use_strength=False)
    more_rest = capacity.compare(rest_weeks=6, use_strength=True)
    assert explain_charts.panel_html(base, "rest") == explain_charts.panel_html(switched, "rest")
    assert explain_charts.panel_html(base, "active") != explain_charts.panel_html(
        switched, "active"
    )
    assert explain_charts.panel_html(base, "active") == explain_charts.panel_html(
        more_rest, "active"
    )


def test_panel_titles_cover_no_rest() -> None:
    assert explain_charts.panel_title(capacity.compare(rest_weeks=0), "rest") == (
        "No rest: running on as usual"
    )
    assert (
        explain_charts.panel_title(capacity.compare(rest_weeks=0, return_speed="gradual"), "rest")
        == "No rest, a gradual build-up"
    )
    assert explain_charts.panel_title(capacity.compare(rest_weeks=1), "rest").startswith(
        "Rest for 1 week,"
    )


def test_key_names_every_line_and_hides_the_swatches_from_screen_readers() -> None:
    key = explain_charts.key_html()
    assert explain_charts.CHART_TITLE in key
    assert key.count("<li ") == 3
    assert key.count('aria-hidden="true"') == 3
    for words in ("What the tissue can handle", "Running load", "Expected pain"):
        assert words in key


def test_summary_is_the_two_panel_sentences() -> None:
    comparison = capacity.compare(rest_weeks=4)
    assert capacity.summary(comparison) == (
        capacity.rest_summary(comparison) + " " + capacity.active_summary(comparison)
    )


def test_figure_svg_has_no_date_and_no_fonts_needed() -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().set_title("Hello")
    svg = figures.figure_svg(fig)
    assert b"<dc:date>" not in svg
    assert b"<text" not in svg  # text drawn as shapes
    assert figures.svg_data_uri(svg).startswith("data:image/svg+xml,%3Csvg")
