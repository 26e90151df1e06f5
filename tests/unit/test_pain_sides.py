"""Page 05 with sides: the page model's rules and the day form, driven as the browser does."""

from __future__ import annotations

import datetime as dt

import pytest

from rollbook.pages import pain_sides
from rollbook.pages.pain_sides import NO_SIDE, day_sides, default_sides, form_pains
from rollbook.records import LogEntry, SavedPlan, SitePain
from rollbook.store import Store
from rollbook.ui.pain_inputs import NOT_SET
from rollbook.ui.track import TrackPage

TODAY = dt.date(2026, 11, 25)
YESTERDAY = TODAY - dt.timedelta(days=1)
LABELS = {"knee": "Front of knee", "calf": "Calf", "low-back": "Low back"}
BOTH = ("left", "right")


def _plan(side: str | None) -> SavedPlan:
    inputs = {} if side is None else {"side": side}
    return SavedPlan(1, 1, dt.datetime(2026, 11, 1, tzinfo=dt.UTC), inputs, {})


# --- the page model -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "plan", "expected"),
    [
        ("knee", None, NO_SIDE),
        ("knee", _plan("left"), ("left",)),
        ("knee", _plan("right"), ("right",)),
        ("knee", _plan("both"), BOTH),
        ("knee", _plan(None), BOTH),  # a plan saved before sides asks about both
        ("low-back", _plan("left"), NO_SIDE),
        ("low-back", _plan("both"), NO_SIDE),
    ],
)
def test_which_sides_a_new_day_asks_for(
    site: str, plan: SavedPlan | None, expected: tuple[str | None, ...]
) -> None:
    assert default_sides(site, plan) == expected


@pytest.mark.parametrize(
    ("pains", "default", "expected"),
    [
        ((), BOTH, BOTH),
        ((SitePain("knee", 2),), BOTH, NO_SIDE),  # a day saved without sides keeps its row
        ((SitePain("knee", 2, side="right"),), ("left",), BOTH),  # never drop a saved side
        ((SitePain("knee", 2, side="left"),), NO_SIDE, ("left",)),
        ((SitePain("calf", 2, side="left"),), ("right",), ("right",)),  # another site
    ],
)
def test_a_saved_day_is_shown_as_it_was_saved(
    pains: tuple[SitePain, ...], default: tuple[str | None, ...], expected: tuple[str | None, ...]
) -> None:
    assert day_sides("knee", LogEntry(TODAY, pains), default) == expected


def test_form_scores_become_one_record_per_side_with_a_score() -> None:
    scores: dict[str | None, dict[str, int | None]] = {
        "left": {"during": 2, "after": None, "morning": None},
        "right": {"during": None, "after": None, "morning": None},
    }
    assert form_pains("knee", scores) == [SitePain("knee", 2, side="left")]


def test_headings_and_labels_name_the_side() -> None:
    assert pain_sides.side_heading("Calf", ("left",)) == "Calf, left side"
    assert pain_sides.side_heading("Calf", BOTH) == "Calf"
    question = "Worst pain during your last run"
    assert pain_sides.side_question(question, "right", BOTH) == (
        "Right side: worst pain during your last run"
    )
    assert pain_sides.side_question(question, "left", ("left",)) == question


# --- the day form -------------------------------------------------------------------


def _page(store: Store, side: str | None) -> tuple[TrackPage, int]:
    ann = store.add_profile("Ann")
    if side is not None:
        store.save_plan(ann, {"side": side, "pain": {"knee": 4}}, {})
    page = TrackPage(store, today=lambda: TODAY, site_labels=LABELS)
    page.picker.chooser.value = ann.id
    return page, ann.id


def test_a_one_sided_plan_logs_that_side_without_asking(store: Store) -> None:
    page, ann = _page(store, "left")
    row = page.site_rows["knee"]
    assert row.sides == ("left",) and "Front of knee, left side" in row.heading.value
    row.measures["during"].value = 4
    page.day_form.save_button.click()
    assert "Saved" in page.day_form.msg.value
    saved = store.get_entry(ann, TODAY)
    assert saved is not None and saved.pains == (SitePain("knee", 4, side="left"),)


def test_a_both_sides_plan_asks_for_each_side(store: Store) -> None:
    page, ann = _page(store, "both")
    row = page.site_rows["knee"]
    assert row.sides == BOTH
    labels = [box.description for group in row.groups.values() for box in group.values()]
    assert labels[0].startswith("Left side: ") and labels[3].startswith("Right side: ")
    row.groups["left"]["during"].value = 2
    row.groups["right"]["during"].value = 6
    row.groups["right"]["after"].value = 5
    page.day_form.add_site.value = "low-back"
    page.day_form.add_site_button.click()
    assert page.site_rows["low-back"].sides == NO_SIDE
    page.site_rows["low-back"].measures["during"].value = 1
    page.day_form.save_button.click()
    saved = store.get_entry(ann, TODAY)
    assert saved is not None
    assert [(p.where, p.during, p.after) for p in saved.pains] == [
        ("left knee", 2, None),
        ("right knee", 6, 5),
        ("low-back", 1, None),
    ]
    # The chart draws the sides apart, and says so in its alt text.
    assert "Left side" in page.charts.value or "left side" in page.charts.value
    assert "own panel" in page.charts.value


def test_editing_a_day_keeps_both_sides_and_old_days_keep_their_row(store: Store) -> None:
    page, ann = _page(store, "both")
    store.save_entry(ann, LogEntry(YESTERDAY, (SitePain("knee", 3),), km=2), today=TODAY)
    store.save_entry(
        ann,
        LogEntry(
            TODAY - dt.timedelta(days=2),
            (SitePain("knee", 1, side="left"), SitePain("knee", 7, side="right")),
            km=4,
        ),
        today=TODAY,
    )
    page.refresh()
    page.day_form.date.value = YESTERDAY  # logged before sides: one row, no side
    row = page.site_rows["knee"]
    assert row.sides == NO_SIDE and row.measures["during"].value == 3
    row.measures["during"].value = 4
    page.day_form.save_button.click()
    assert store.get_entry(ann, YESTERDAY).pains == (SitePain("knee", 4),)  # type: ignore[union-attr]
    page.recent.chooser.value = TODAY - dt.timedelta(days=2)
    page.recent.edit_button.click()
    row = page.site_rows["knee"]
    assert row.sides == BOTH
    assert row.groups["right"]["during"].value == 7 and row.groups["left"]["during"].value == 1
    row.groups["left"]["during"].value = NOT_SET  # the left has settled: clear it
    page.day_form.save_button.click()
    edited = store.get_entry(ann, TODAY - dt.timedelta(days=2))
    assert edited is not None and edited.pains == (SitePain("knee", 7, side="right"),)
    page.day_form.date.value = TODAY  # a new day asks about both sides again
    assert page.site_rows["knee"].sides == BOTH


def test_delete_and_undo_keep_the_sides(store: Store) -> None:
    page, ann = _page(store, "both")
    day = LogEntry(YESTERDAY, (SitePain("knee", 1, side="left"), SitePain("knee", 5, side="right")))
    store.save_entry(ann, day, today=TODAY)
    page.refresh()
    page.recent.chooser.value = YESTERDAY
    page.recent.delete_button.click()
    assert store.get_entry(ann, YESTERDAY) is None
    page.recent.undo_button.click()
    assert store.get_entry(ann, YESTERDAY) == day


def test_morning_pain_is_asked_per_side(store: Store) -> None:
    page, ann = _page(store, "both")
    day = LogEntry(YESTERDAY, (SitePain("knee", 1, side="left"), SitePain("knee", 5, side="right")))
    store.save_entry(ann, day, today=TODAY)
    page.refresh()
    assert set(page.morning.rows) == {"left knee", "right knee"}
    assert page.morning.rows["right knee"].description == "Front of knee (right)"
    page.morning.rows["right knee"].value = 3
    page.morning.button.click()
    saved = store.get_entry(ann, YESTERDAY)
    assert saved is not None
    assert saved.pain_at("knee", "right") == SitePain("knee", 5, None, 3, "right")
    assert saved.pain_at("knee", "left") == SitePain("knee", 1, side="left")
