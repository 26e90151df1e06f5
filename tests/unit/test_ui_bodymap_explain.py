"""Widget tests: set trait values the way a browser would, hostile ones included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traitlets import TraitError

from rollbook import bodymap
from rollbook.ui import explain
from rollbook.ui.bodymap import BodyMap, BodyPicker

HOSTILE: list[Any] = [
    None,
    7,
    3.5,
    "knee",
    {"knee": True},
    ["knee", "knee", "elbow", None, 5, ["calf"], "<script>"],
    ["KNEE", " knee"],
    [],
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(bodymap.REGIONS),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


def test_map_markup_comes_from_python_only() -> None:
    m = BodyMap(selectable=["knee", "calf"], highlighted=["hip"])
    good = m.svg
    m.set_state({"svg": "<img src=x onerror=alert(1)>"})
    assert m.svg == good
    assert 'data-region="hip"' in m.svg and 'data-state="highlighted"' in m.svg


@pytest.mark.parametrize("value", HOSTILE)
def test_selected_from_the_browser_is_cleaned(value: Any) -> None:
    m = BodyMap(selectable=["knee", "calf", "shin"])
    m.set_state({"selected": value})
    assert isinstance(m.selected, list)
    assert set(m.selected) <= {"knee", "calf", "shin"}
    assert len(m.selected) == len(set(m.selected))


def test_non_selectable_regions_are_dropped() -> None:
    m = BodyMap(selectable=["knee"])
    m.set_state({"selected": ["knee", "calf"]})
    assert m.selected == ["knee"]
    m.set_state({"selectable": ["calf", "elbow"]})
    assert m.selectable == ["calf"]
    assert m.selected == []  # knee is no longer allowed


@pytest.mark.parametrize("value", HOSTILE)
def test_other_traits_survive_hostile_values(value: Any) -> None:
    m = BodyMap(selectable=["knee"])
    m.set_state({"highlighted": value, "labels": value, "title": value, "selectable": value})
    assert set(m.highlighted) <= set(bodymap.REGIONS)
    assert isinstance(m.labels, dict) and set(m.labels) == set(bodymap.REGIONS)
    assert isinstance(m.title, str) and m.title
    assert m.svg.startswith("<svg")


@settings(max_examples=60, deadline=None)
@given(json_values)
def test_any_json_for_selected_gives_a_clean_list(value: Any) -> None:
    m = BodyMap(selectable=["knee", "calf"])
    m.set_state({"selected": value})
    assert set(m.selected) <= {"knee", "calf"}


def test_picker_keeps_map_list_and_value_in_sync() -> None:
    p = BodyPicker({"knee": "Front of knee", "calf": "Calf", "heel": "Heel"})
    assert p.map.selectable == ["calf", "knee"]  # map order; "heel" is not on the map
    assert "rb-site-heel" in p.checkboxes["heel"]._dom_classes
    p.map.set_state({"selected": ["calf", "bogus"]})
    assert p.selected == ["calf"] and p.checkboxes["calf"].value
    p.checkboxes["heel"].set_state({"value": True})
    assert p.selected == ["calf", "heel"] and p.map.selected == ["calf"]
    p.checkboxes["calf"].set_state({"value": False})
    assert p.selected == ["heel"] and p.map.selected == []
    p.selected = ["knee", "nope"]
    assert p.selected == ["knee"]
    assert [s for s, b in p.checkboxes.items() if b.value] == ["knee"]
    assert p.map.selected == ["knee"]


def test_rest_model_redraws_and_survives_out_of_range_values() -> None:
    model = explain.rest_model()
    first = model.summary_text
    assert "4 weeks of full rest" in first
    assert "alt=" in model.rest_chart.value and "alt=" in model.active_chart.value
    rest_before, active_before = model.rest_chart.value, model.active_chart.value
    model.rest_weeks.set_state({"value": 0})
    assert model.summary_text != first
    # Only the panel that depends on the slider changes.
    assert model.rest_chart.value != rest_before
    assert model.active_chart.value == active_before
    model.use_strength.set_state({"value": False})
    assert model.active_chart.value != active_before
    # A page can also change the slider's own limits; the model then says so, politely.
    model.rest_weeks.set_state({"max": 99})
    model.rest_weeks.set_state({"value": 60})
    assert "rb-msg-error" in model.summary.value and "Traceback" not in model.summary.value
    model.rest_weeks.set_state({"value": 2})
    assert "2 weeks of full rest" in model.summary_text
    with pytest.raises(TraitError):
        model.return_speed.set_state({"index": 17})  # ipywidgets rejects it itself
    assert model.return_speed.value in {"gradual", "steady", "fast"}


def test_compensation_explorer_shows_cards_and_highlights_where_load_travels() -> None:
    from rollbook.content import load_library

    ex = explain.compensation_explorer()
    assert "rb-site-empty" in ex.details.value
    ex.picker.map.set_state({"selected": ["knee"]})
    site = load_library().sites["knee"]
    assert site.label in ex.details.value
    assert ex.picker.map.highlighted == [r for r in bodymap.REGIONS if r in site.travels_to]
    ex.picker.map.set_state({"selected": ["<b>x</b>"]})
    assert "rb-site-empty" in ex.details.value and ex.picker.map.highlighted == []


def test_site_text_is_escaped() -> None:
    html = explain.site_details_html(["knee"])
    assert "<script" not in html


def test_references_list_and_unknown_id() -> None:
    html = explain.references_html(["silbernagel-2007", "wilke-2020"])
    assert html.count("<li") == 2 and "Silbernagel" in html
    with pytest.raises(ValueError, match="nobody-1999"):
        explain.references_html(["nobody-1999"])
