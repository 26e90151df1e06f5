"""The review on page 05: its state from the store, the summary view and the LEFS form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rollbook.pages.review import review_state
from rollbook.progress_records import Adjustment, ExerciseSession, LefsRecord
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import SqliteStore
from rollbook.ui.review_view import ReviewSection
from tests.unit.stores import store_with_plan

TODAY = dt.date(2026, 6, 20)
START = TODAY - dt.timedelta(days=20)


def _store(tmp_path: Path) -> SqliteStore:
    store = store_with_plan(tmp_path, START)
    ann = store.list_profiles()[0]
    for n in range(0, 6, 2):
        day = START + dt.timedelta(days=n)
        store.save_day(ann, LogEntry(day, (SitePain("achilles", 2, 2, 1),), km=3.0),
                       [ExerciseSession(day, "calf-raise", 1, "easy")], today=TODAY)  # fmt: skip
    reason = "<i>harder on stairs</i>"
    change = {"exercise": "calf-raise-bent-knee", "sets": 2, "reps": 10}
    store.add_adjustment(ann, Adjustment(START + dt.timedelta(days=8), "dose", change, reason))
    return store


def test_state_around_a_review(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    far = review_state(store, ann, START + dt.timedelta(days=3))
    assert far is not None and far.status == "later" and not far.shows_summary
    state = review_state(store, ann, TODAY)
    assert state is not None
    assert (state.status, state.review_on, state.since) == ("due", START + dt.timedelta(days=21),
                                                             START)  # fmt: skip
    moves = {m.exercise: (m.before, m.after, m.direction) for m in state.moves}
    assert moves == {"calf-raise": (1, 2, "up")}
    assert state.run_mode == "normal" and state.lefs is None
    assert [e.why for e in state.clinician] == ["<i>harder on stairs</i>"]
    assert state.topics[-1].startswith("Say what is still hard")
    store.save_lefs(ann, LefsRecord(TODAY, (3,) * 20), today=TODAY)
    done = review_state(store, ann, TODAY)
    assert done is not None and done.status == "done"


def test_no_plan_no_review(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite")
    assert review_state(store, store.add_profile("Bo"), TODAY) is None


def test_section_opens_the_form_when_due_and_shows_what_changed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    store.save_lefs(ann, LefsRecord(START, (2,) * 20), today=TODAY)
    for day, score in ((START, 3), (TODAY, 6)):
        store.save_psfs(ann, PsfsRecord(day, (PsfsItem("stairs", score),)), today=TODAY)
    section = ReviewSection(store, today=lambda: TODAY)
    section.set_profile(ann)
    section.refresh()
    text = section.summary.value
    assert "Your review is on 21 June 2026" in text
    assert "Calf raise, straight knee moved up from level 1 to level 2 of 3." in text
    assert "3.0 then 6.0 out of 10 (+3.0 points), a change that matters" in text
    assert "Leg function (LEFS): fill it in at two reviews" in text
    assert "&lt;i&gt;harder on stairs&lt;/i&gt;" in text and "<i>" not in text
    assert "To talk about with your clinician" in text
    assert section.form.section.selected_index == 0
    assert "rb-chart-lefs" in section.chart.value
    for question in section.form.questions:
        question.value = 3
    section.form.save_button.click()
    assert "Saved your LEFS for today: 60 out of 80" in section.form.msg.value
    assert "+20 points, a change that matters" in section.form.msg.value
    assert "your scores are in" in section.summary.value
    assert "40 then 60 out of 80 (+20 points), a change that matters" in section.summary.value
    assert section.form.section.selected_index == 0  # stays open to show the message


def test_section_far_from_a_review_names_the_date_and_folds_the_form(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    section = ReviewSection(store, today=lambda: START + dt.timedelta(days=3))
    section.set_profile(ann)
    section.refresh()
    assert "Your next review is on" in section.summary.value
    assert "What changed" not in section.summary.value
    assert section.form.section.selected_index is None and section.chart.value == ""
