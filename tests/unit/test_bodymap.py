"""Tests for the body map SVG (rollbook.bodymap)."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook import bodymap
from rollbook.bodymap import REGIONS, alt_text, body_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("data-region", ""): g for g in root.iterfind(".//s:g[@data-region]", NS)}


def test_source_drawing_has_every_region_once_with_title() -> None:
    with open(bodymap.svg_path(), encoding="utf-8") as fh:
        root = ET.fromstring(fh.read())
    ids = [g.get("id", "") for g in root.iterfind(".//s:g[@data-region]", NS)]
    assert sorted(ids) == sorted(f"region-{r}" for r in REGIONS)
    for g in root.iterfind(".//s:g[@data-region]", NS):
        assert "rb-region" in g.get("class", "").split()
        title = g.find("s:title", NS)
        assert title is not None and title.text and title.text.strip()
    texts = [t.text for t in root.iterfind(".//s:text", NS)]
    assert "Front" in texts and "Back" in texts


def test_source_drawing_is_light() -> None:
    with open(bodymap.svg_path(), "rb") as fh:
        assert len(fh.read()) < 40_000


def test_svg_is_accessible() -> None:
    svg = body_svg(["knee"], title="Where it may travel")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label", "").startswith("Where it may travel.")
    assert root.findtext("s:title", namespaces=NS) == "Where it may travel"
    assert "front of knee" in root.findtext("s:desc", "", namespaces=NS)


def test_states_and_colours() -> None:
    groups = _groups(body_svg(["knee", "shin"], selected=["calf", "knee"]))
    assert groups["knee"].get("data-state") == "both"
    assert groups["shin"].get("fill") == bodymap.HIGHLIGHT_FILL
    assert groups["calf"].get("fill") == bodymap.SELECTED_FILL
    assert groups["foot"].get("fill") == bodymap.NEUTRAL_FILL
    assert "is-selected" in groups["calf"].get("class", "")


@pytest.mark.parametrize("bad", [["elbow"], ["knee", "KNEE"], [""], [3]])
def test_unknown_ids_raise(bad: list[object]) -> None:
    with pytest.raises(ValueError, match="unknown body region"):
        body_svg(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown body region"):
        body_svg(selected=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        alt_text(bad)  # type: ignore[arg-type]


def test_bad_view_and_width_raise() -> None:
    with pytest.raises(ValueError, match="view"):
        body_svg(view="side")  # type: ignore[arg-type]
    for width in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="width"):
            body_svg(width=width)  # type: ignore[arg-type]


def test_bare_string_is_one_id() -> None:
    assert _groups(body_svg("outer-knee"))["outer-knee"].get("data-state") == "highlighted"


def test_single_view_drops_the_other_half() -> None:
    front = ET.fromstring(body_svg(view="front", width=200))
    assert front.get("viewBox") == "0 0 200 450"
    assert front.get("width") == "200" and front.get("height") == "450"
    assert not front.findall(".//*[@data-view='back']")
    back = ET.fromstring(body_svg(view="back"))
    assert back.get("viewBox") == "200 0 200 450"
    assert not back.findall(".//*[@data-view='front']")
    # The calf is drawn only on the back view; its group stays (empty) so ids stay stable.
    assert _groups(ET.tostring(front, encoding="unicode"))["calf"] is not None


def test_alt_text_names_areas_in_plain_words() -> None:
    assert alt_text().endswith("No areas are marked.")
    text = alt_text(["tfl", "knee"], ["calf"])
    assert "picked (blue): calf." in text
    assert "front of knee and outer front of hip (TFL)" in text


@given(
    st.sets(st.sampled_from(REGIONS)),
    st.sets(st.sampled_from(REGIONS)),
    st.sampled_from(["front", "back", "both"]),
)
def test_every_combination_is_valid_svg(hi: set[str], sel: set[str], view: str) -> None:
    svg = body_svg(hi, selected=sel, view=view)  # type: ignore[arg-type]
    states = {r: g.get("data-state") for r, g in _groups(svg).items()}
    for r in REGIONS:
        expected = (
            "both"
            if r in hi and r in sel
            else "selected"
            if r in sel
            else ("highlighted" if r in hi else "neutral")
        )
        assert states[r] == expected


@pytest.mark.parametrize("view", ["front", "back", "both"])
def test_fpdf2_can_embed_it(view: str, caplog: pytest.LogCaptureFixture) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    svg = body_svg(["knee"], selected=["calf"], view=view, for_pdf=True)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        pdf.image(io.BytesIO(svg.encode()), x=10, y=10, w=80)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # The default (screen) form embeds too; fpdf2 only skips its <title>/<desc>.
    pdf.image(io.BytesIO(body_svg(view=view).encode()), x=100, y=10, w=80)  # type: ignore[arg-type]
    assert bytes(pdf.output()).startswith(b"%PDF")
