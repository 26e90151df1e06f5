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
    assert html.count("<img") == 1 and 'src="data:image/svg+xml,%3Csvg' in html
    assert f'alt="{result.title}.' in html and "<figcaption>" in html


def test_nothing_to_plot_says_so_once_in_words() -> None:
    result = charts.psfs_chart([])
    assert result.empty
    html = chart_html(result)
    assert "<img" not in html
    assert html.count(charts.EMPTY_PSFS) == 1
    assert "rb-figure-empty" in html


def test_a_chart_uri_holds_the_same_drawing_smaller_than_base64() -> None:
    import base64
    import xml.etree.ElementTree as ET
    from urllib.parse import unquote

    from rollbook.ui import figures

    day = dt.date(2026, 11, 2)
    ratings = [
        PsfsRecord(day + dt.timedelta(days=7 * n), (PsfsItem("Running", n),)) for n in range(6)
    ]
    svg = figures.figure_svg(charts.psfs_chart(ratings).figure)
    uri = figures.svg_data_uri(svg)
    body = uri.removeprefix("data:image/svg+xml,")
    # Nothing that would end the attribute, start an entity or a fragment, or a tag.
    assert not set(body) & set('"&#<>\n')
    assert len(uri) < len(base64.b64encode(svg)) * 0.8

    def drawing(root: ET.Element) -> list[tuple[str, dict[str, str]]]:
        for metadata in root.findall("{http://www.w3.org/2000/svg}metadata"):
            root.remove(metadata)  # the author's name and tool: never shown
        return [
            (el.tag, {key: " ".join(value.split()) for key, value in el.attrib.items()})
            for el in root.iter()
        ]

    # The same elements with the same attributes, in the same order.
    assert drawing(ET.fromstring(unquote(body))) == drawing(ET.fromstring(svg))
