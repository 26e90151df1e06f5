"""Page actions (rollbook.pages): save a plan with side and start, log exercises, week files.

The same functions serve page 03, page 04 and the CLI, so they are tested here once,
without widgets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import icalendar
import pytest

from rollbook.content import load_library
from rollbook.export.week_files import week_calendar, week_handout, week_now
from rollbook.pages.errors import PageInputError
from rollbook.pages.exercise_log import (
    ExerciseAnswer,
    check_sessions,
    exercises_to_log,
    log_day,
)
from rollbook.pages.plan_save import plan_inputs, save_plan
from rollbook.pages.roll_along import session_entry
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import ExerciseSession
from rollbook.records import NOTE_MAX, LogEntry, SitePain
from rollbook.store import Store

START = dt.date(2026, 3, 2)  # a Monday
PLAN = {"calf-raise": "Calf raise", "calf-raise-bent-knee": "Bent-knee calf raise"}


def _saved(store: Store, side: str = "both", pain: dict[str, int] | None = None) -> None:
    inp = PlanInput(pain=pain or {"achilles": 4}, name="Sam")
    profile = store.find_profile("Sam") or store.add_profile("Sam")
    save_plan(store, profile, inp, build_plan(inp), start=START, side=side,
              created=dt.datetime(2026, 3, 2, 9))  # fmt: skip


# --- save a plan ------------------------------------------------------------------------


def test_saving_keeps_start_side_and_answers(store: Store) -> None:
    inp = PlanInput(pain={"knee": 5}, cautions=("pregnancy",), name="Sam")
    profile = store.add_profile("Sam")
    done = save_plan(store, profile, inp, build_plan(inp), start=START, side="right",
                     answers={"night-pain": "no"})  # fmt: skip
    assert (done.start, done.side) == (START, "right")
    saved = store.current_plan(profile)
    assert saved is not None and saved.id == done.saved.id
    assert saved.inputs["start"] == "2026-03-02" and saved.inputs["side"] == "right"
    assert saved.inputs["answers"] == {"night-pain": "no"}
    assert saved.inputs["pain"] == {"knee": 5} and saved.inputs["cautions"] == ["pregnancy"]


@pytest.mark.parametrize("side", ["", "LEFT", "middle", None, 1, ["left"]])
def test_an_unknown_side_is_refused_and_nothing_saved(store: Store, side: object) -> None:
    inp = PlanInput(pain={"knee": 5})
    profile = store.add_profile("Sam")
    with pytest.raises(PageInputError) as caught:
        save_plan(store, profile, inp, build_plan(inp), start=START, side=side)  # type: ignore[arg-type]
    assert caught.value.field == "side" and "choose from: left, right, both" in str(caught.value)
    assert store.current_plan(profile) is None


def test_a_start_before_the_log_floor_is_refused(store: Store) -> None:
    inp = PlanInput(pain={"knee": 5})
    with pytest.raises(PageInputError) as caught:
        plan_inputs(inp, start=dt.date(1990, 1, 1), side="both")
    assert caught.value.field == "start"
    with pytest.raises(PageInputError):
        plan_inputs(inp, start=dt.datetime(2026, 3, 2, 9), side="both")  # not a plain date


# --- log exercises ----------------------------------------------------------------------


def test_exercises_to_log_follow_the_week_and_the_side(store: Store) -> None:
    _saved(store, side="left", pain={"knee": 4})
    profile = store.find_profile("Sam")
    assert profile is not None
    items = exercises_to_log(store, profile, START)
    assert [i.exercise for i in items] == ["hip-abduction", "knee-strength", "glute-bridge"]
    notes = {i.exercise: i.side_note for i in items}
    assert notes == {"hip-abduction": "start with the left leg", "knee-strength": "",
                     "glute-bridge": ""}  # fmt: skip
    assert all(i.level == 1 and i.dose for i in items)
    assert exercises_to_log(store, store.add_profile("No plan"), START) == ()


def test_done_exercises_become_sessions_and_not_done_ones_are_left_out() -> None:
    answers = [
        ExerciseAnswer("calf-raise", True, 2, "easy"),
        ExerciseAnswer("calf-raise-bent-knee", False),
    ]
    assert check_sessions(answers, START, PLAN) == [ExerciseSession(START, "calf-raise", 2, "easy")]
    assert check_sessions([], START, PLAN) == []
    # A whole float is a whole number (a JSON number from the browser may be 3.0).
    assert check_sessions([ExerciseAnswer("calf-raise", True, 3.0, "ok")], START, PLAN)[0].pain == 3


@pytest.mark.parametrize(
    ("answer", "field", "words"),
    [
        (ExerciseAnswer("squat", True, 2, "easy"), "squat", "not in the saved plan"),
        (ExerciseAnswer(["calf-raise"], True, 2, "easy"), "['calf-raise']", "not in the saved"),
        (ExerciseAnswer("calf-raise", "yes", 2, "easy"), "calf-raise", "done (yes or no)"),
        (ExerciseAnswer("calf-raise", 1, 2, "easy"), "calf-raise", "done (yes or no)"),
        (ExerciseAnswer("calf-raise", True, 11, "easy"), "calf-raise", "from 0 to 10 (got 11)"),
        (ExerciseAnswer("calf-raise", True, -1, "easy"), "calf-raise", "from 0 to 10"),
        (ExerciseAnswer("calf-raise", True, 2.5, "easy"), "calf-raise", "whole number"),
        (ExerciseAnswer("calf-raise", True, True, "easy"), "calf-raise", "whole number"),
        (ExerciseAnswer("calf-raise", True, None, "easy"), "calf-raise", "(got nothing)"),
        (ExerciseAnswer("calf-raise", True, "3", "easy"), "calf-raise", "whole number"),
        (ExerciseAnswer("calf-raise", True, 2, None), "calf-raise", "say how it felt"),
        (ExerciseAnswer("calf-raise", True, 2, "fine"), "calf-raise", "easy, ok or hard"),
        (ExerciseAnswer("calf-raise", True, 2, "EASY"), "calf-raise", "easy, ok or hard"),
    ],
)
def test_bad_answers_are_refused_whole(answer: ExerciseAnswer, field: str, words: str) -> None:
    good = ExerciseAnswer("calf-raise-bent-knee", True, 1, "easy")
    with pytest.raises(PageInputError) as caught:
        check_sessions([good, answer], START, PLAN)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_an_exercise_named_twice_is_refused() -> None:
    twice = [ExerciseAnswer("calf-raise", True, 1, "easy")] * 2
    with pytest.raises(PageInputError, match="named twice"):
        check_sessions(twice, START, PLAN)


def test_log_day_saves_the_day_and_its_sessions_together(store: Store) -> None:
    _saved(store)
    profile = store.find_profile("Sam")
    assert profile is not None
    entry = LogEntry(START, rolled_min=6, done=True)
    sessions = [ExerciseSession(START, "calf-raise", 1, "easy")]
    assert log_day(store, profile, entry, sessions, today=START).created
    assert store.list_sessions(profile) == sessions
    again = log_day(store, profile, dataclasses.replace(entry, rolled_min=9), [], today=START)
    assert not again.created
    assert store.list_sessions(profile) == sessions  # a day saved again keeps its sessions
    assert store.get_entry(profile, START).rolled_min == 9  # type: ignore[union-attr]


def test_session_entry_adds_the_rolling_to_the_day() -> None:
    fresh = session_entry(None, START, 7, 12, "Loose.")
    assert (fresh.rolled_min, fresh.done) == (7, True)
    assert fresh.note == "After rolling: 10 out of 10. Loose."
    base = LogEntry(START, (SitePain("calf", 3, 2),), km=5.0, rolled_min=590, note="x" * NOTE_MAX)
    added = session_entry(base, START, 30, 2, "")
    assert added.rolled_min == 600 and added.km == 5.0 and added.pains == base.pains
    assert len(added.note) == NOTE_MAX and added.note.endswith("After rolling: 2 out of 10.")


# --- the week's calendar and handout ----------------------------------------------------


def _log_easy(store: Store, days: range) -> None:
    profile = store.find_profile("Sam")
    assert profile is not None
    for n in days:
        day = START + dt.timedelta(days=n)
        entry = LogEntry(day, (SitePain("achilles", 1, 1, 1),), km=3.0, done=True)
        log_day(store, profile, entry, [ExerciseSession(day, "calf-raise", 1, "easy")],
                today=day)  # fmt: skip


def _events(data: bytes) -> dict[dt.date, str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {e.decoded("dtstart"): str(e.get("description")) for e in calendar.walk("VEVENT")}


def test_the_calendar_follows_the_plan_week_by_week(store: Store) -> None:
    _saved(store, side="left")
    _log_easy(store, range(0, 6, 2))  # three easy, settled sessions in week 1
    profile = store.find_profile("Sam")
    assert profile is not None
    today = START + dt.timedelta(days=9)  # week 2
    library = load_library()
    week = week_now(store, profile, today)
    assert week.week_number == 2
    events = _events(week_calendar(store, profile, today, library))
    monday1, monday2 = START, START + dt.timedelta(days=7)
    assert "Calf raise, straight knee, level 1" in events[monday1]
    assert "Calf raise, straight knee, level 2" in events[monday2]
    assert events[week.review_on].startswith("See your clinician to review the plan")
    assert all("Download the calendar again" in text for text in events.values())
    assert max(events) == week.review_on
    handout = week_handout(store, profile, today, library)
    assert handout.startswith(b"%PDF")


def test_week_files_need_a_saved_plan(store: Store) -> None:
    profile = store.add_profile("Sam")
    with pytest.raises(LookupError, match="Sam has no saved plan"):
        week_calendar(store, profile, START, load_library())
