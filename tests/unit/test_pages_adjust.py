"""A clinician's change: one check and save for page 06 and ``rollbook adjust``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from rollbook.pages.adjust import (
    NoPlanError,
    adjust_choices,
    adjust_plan,
    make_adjustment,
)
from rollbook.pages.errors import PageInputError
from rollbook.store import SqliteStore
from rollbook.ui.adjust_form import AdjustForm
from rollbook.weekload import load_week
from tests.unit.stores import store_with_plan

TODAY = dt.date(2026, 6, 20)
START = TODAY - dt.timedelta(days=10)


def _store(tmp_path: Path) -> SqliteStore:
    return store_with_plan(tmp_path, START)


def test_choices_offer_the_plan_and_the_rest_of_the_library(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    choices = adjust_choices(store, ann, TODAY)
    assert choices is not None
    assert [e.exercise for e in choices.in_plan] == ["calf-raise", "calf-raise-bent-knee"]
    assert all(e.level == 1 and e.levels == 3 for e in choices.in_plan)
    others = {e.exercise for e in choices.others}
    assert "calf-raise" not in others and "glute-bridge" in others
    assert choices.review_on == START + dt.timedelta(days=21)
    assert adjust_choices(store, store.add_profile("Bo"), TODAY) is None


@pytest.mark.parametrize(
    ("kind", "change", "reason", "message"),
    [
        ("level", {"exercise": "calf-raise", "level": 4}, "why", "has 3 levels; choose 1 to 3"),
        ("level", {"exercise": "wall-sit", "level": 1}, "why", "is not in this week's plan"),
        ("dose", {"exercise": "calf-raise", "sets": 3, "hold_seconds": 30}, "why", "as reps"),
        ("add", {"exercise": "calf-raise", "level": 1}, "why", "already in the plan"),
        ("swap", {"exercise": "calf-raise", "to": "nope", "level": 1}, "why", "unknown exercise"),
        ("review", {"on": "2026-06-01"}, "why", "cannot be before the day of the change"),
        ("review", {"on": "2026-07-01", "every_days": 60}, "why", "must be 14 to 28"),
        ("remove", {"exercise": "calf-raise"}, "   ", "give a short reason"),
        ("remove", {"exercise": "calf-raise"}, "x" * 301, "at most 300 characters"),
    ],
)
def test_refused_changes_save_nothing(
    tmp_path: Path, kind: str, change: dict[str, Any], reason: str, message: str
) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    with pytest.raises(PageInputError) as caught:
        adjust_plan(store, ann, make_adjustment(TODAY, kind, change, reason))
    assert message in str(caught.value)
    assert store.list_adjustments(ann) == []


def test_no_plan_is_its_own_error(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite")
    bo = store.add_profile("Bo")
    with pytest.raises(NoPlanError):
        adjust_plan(store, bo, make_adjustment(TODAY, "remove", {"exercise": "calf-raise"}, "x"))


def _form(store: SqliteStore) -> AdjustForm:
    saved: list[bool] = []
    form = AdjustForm(store, today=lambda: TODAY, on_saved=lambda: saved.append(True))
    form.set_profile(store.list_profiles()[0])
    return form


def test_form_shows_the_fields_each_change_needs(tmp_path: Path) -> None:
    form = _form(_store(tmp_path))
    shown = {n for n, w in form.fields.items() if w.layout.display != "none"}
    assert shown == {"exercise", "level"}
    form.kind.value = "dose"
    shown = {n for n, w in form.fields.items() if w.layout.display != "none"}
    assert shown == {"exercise", "sets", "amount"} and form.amount.description == "Reps"
    form.kind.value = "review"
    assert form.review.layout.display != "none" and form.level.layout.display == "none"
    form.set_profile(None)
    assert form.layout.display == "none"


def test_form_needs_a_reason_then_saves_through_the_page_model(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    form = _form(store)
    form.kind.value = "dose"
    form.exercise.value = "calf-raise-bent-knee"
    form.sets.value = 2
    form.amount.value = 10
    form.save_button.click()
    assert "Give a short reason" in form.msg.value and store.list_adjustments(ann) == []
    form.reason.value = "Sore on <stairs>"
    form.save_button.click()
    assert "Saved." in form.msg.value
    week = load_week(store, ann, TODAY)
    assert week is not None
    dose = {e.exercise: (e.sets, e.reps) for e in week.exercises}
    assert dose["calf-raise-bent-knee"] == (2, 10)
    assert week.changes[-1].why == "Sore on <stairs>"


def test_form_sets_the_review_and_refuses_a_past_one(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    form = _form(store)
    form.kind.value = "review"
    form.reason.value = "Away on holiday"
    form.review.value = TODAY - dt.timedelta(days=3)
    form.save_button.click()
    assert "cannot be before" in form.msg.value and store.list_adjustments(ann) == []
    form.review.value = None
    form.save_button.click()
    assert "Choose the date of the next review" in form.msg.value
    form.review.value = TODAY + dt.timedelta(days=5)
    form.save_button.click()
    week = load_week(store, ann, TODAY)
    assert week is not None and week.review_on == TODAY + dt.timedelta(days=5)


def test_form_adds_and_swaps_at_a_level(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    form = _form(store)
    form.kind.value = "swap"
    form.exercise.value = "calf-raise"
    form.other.value = "glute-bridge"
    form.level.value = 2
    form.reason.value = "Knee is fine, calf is tender"
    form.save_button.click()
    week = load_week(store, ann, TODAY)
    assert week is not None
    assert {e.exercise: e.level for e in week.exercises}["glute-bridge"] == 2
