"""Page 04 logs strength work done without a rolling session (issue 17, item 7).

The page model (``save_strength_only``) checks answers as ``rollbook log add
--exercise`` does and saves them with the store's one transaction for a day; the view
(``rollbook.ui.strength_log``) is driven here as a browser would drive it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rollbook.cli.errors import UsageError
from rollbook.cli.progress import parse_sessions
from rollbook.pages.errors import PageInputError
from rollbook.pages.exercise_log import ExerciseAnswer, save_strength_only
from rollbook.pages.plan_save import save_plan
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import ExerciseSession
from rollbook.records import LogEntry, Profile, SitePain
from rollbook.store import Store
from rollbook.ui.roll_along import RollAlong

TODAY = dt.date(2026, 3, 14)
ALLOWED = {"calf-raise": "Calf raise", "calf-raise-bent-knee": "Bent-knee calf raise"}


class Clock:
    now = 10.0

    def __call__(self) -> float:
        return self.now


def _runner(store: Store, *, rolling: bool = True) -> Profile:
    profile = store.add_profile("Sam")
    inp = PlanInput(pain={"achilles": 4}, name="Sam")
    if rolling:
        save_plan(store, profile, inp, build_plan(inp), start=TODAY - dt.timedelta(days=3))
    else:
        output = build_plan(inp).to_dict()
        output["rolling"] = []
        store.save_plan(profile, {"start": (TODAY - dt.timedelta(days=3)).isoformat()}, output)
    return profile


def _page(store: Store) -> RollAlong:
    return RollAlong(store, clock=Clock(), environ={}, today=lambda: TODAY, autotick=False)


# --- the page model -------------------------------------------------------------------


def test_a_new_day_holds_only_the_exercises_and_counts_as_a_plan_day(store: Store) -> None:
    profile = _runner(store)
    answers = [ExerciseAnswer("calf-raise", True, 2, "easy"),
               ExerciseAnswer("calf-raise-bent-knee", False)]  # fmt: skip
    saved = save_strength_only(store, profile, TODAY, answers, ALLOWED)
    assert (saved.count, saved.new_day) == (1, True)
    assert store.list_sessions(profile) == [ExerciseSession(TODAY, "calf-raise", 2, "easy")]
    assert store.get_entry(profile, TODAY) == LogEntry(TODAY, done=True)


def test_a_day_already_logged_keeps_its_pain_runs_and_note(store: Store) -> None:
    profile = _runner(store)
    day = LogEntry(TODAY, (SitePain("achilles", 3),), km=5, rolled_min=0, note="Hilly run")
    store.save_entry(profile, day, today=TODAY)
    saved = save_strength_only(
        store, profile, TODAY, [ExerciseAnswer("calf-raise", True, 4, "hard")], ALLOWED
    )
    assert saved.new_day is False
    kept = store.get_entry(profile, TODAY)
    assert kept is not None
    assert (kept.pains, kept.km, kept.note, kept.done) == (day.pains, 5.0, "Hilly run", True)


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ([], "", "mark at least one exercise as done"),
        ([ExerciseAnswer("calf-raise", False)], "", "mark at least one exercise as done"),
        ([ExerciseAnswer("squat", True, 2, "ok")], "squat", "not in the saved plan"),
        ([ExerciseAnswer("calf-raise", True, 11, "ok")], "calf-raise", "from 0 to 10 (got 11)"),
        ([ExerciseAnswer("calf-raise", True, 2, None)], "calf-raise", "easy, ok or hard"),
        ([ExerciseAnswer("calf-raise", True, 2, "fine")], "calf-raise", "easy, ok or hard"),
    ],
)
def test_bad_answers_save_nothing(
    store: Store, answers: list[ExerciseAnswer], field: str, words: str
) -> None:
    profile = _runner(store)
    with pytest.raises(PageInputError, match=re.escape(words)) as caught:
        save_strength_only(store, profile, TODAY, answers, ALLOWED)
    assert caught.value.field == field
    assert store.get_entry(profile, TODAY) is None and store.list_sessions(profile) == []


def test_the_command_refuses_what_the_page_refuses() -> None:
    with pytest.raises(UsageError, match="from 0 to 10 \\(got 11\\)"):
        parse_sessions(["calf-raise:11:ok"], TODAY, ALLOWED)
    with pytest.raises(PageInputError, match="from 0 to 10 \\(got 11\\)"):
        save_strength_only(
            None,  # type: ignore[arg-type]  # refused before the store is touched
            Profile(1, "Sam", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
            TODAY,
            [ExerciseAnswer("calf-raise", True, 11, "ok")],
            ALLOWED,
        )


# --- the view ---------------------------------------------------------------------------


def test_strength_work_is_offered_folded_and_saved_without_rolling(store: Store) -> None:
    profile = _runner(store)
    page = _page(store)
    strength = page.strength
    assert strength.layout.display == "flex"
    assert strength.form.layout.display == "none" and strength.open_button.layout.display == ""
    strength.open_button.click()
    assert strength.form.layout.display == "flex"
    assert strength.open_button.layout.display == "none"
    first, second = strength.exercises.cards
    first.done.value = "yes"
    first.pain.value = 1
    first.feel.value = "easy"
    second.done.value = "no"
    strength.save_button.click()
    assert "Saved 1 exercise in the log for Sam" in strength.message.value
    assert store.list_sessions(profile) == [ExerciseSession(TODAY, "calf-raise", 1, "easy")]
    entry = store.get_entry(profile, TODAY)
    assert entry is not None and entry.rolled_min == 0 and entry.done
    # A rolling session later the same day brings its own form; this one steps aside.
    page.start_button.click()
    page.end_button.click()
    assert strength.layout.display == "none"
    assert page.finish_panel.layout.display == "flex"


def test_bad_answers_are_named_in_the_page(store: Store) -> None:
    profile = _runner(store)
    page = _page(store)
    strength = page.strength
    strength.open_button.click()
    strength.save_button.click()
    assert "Mark at least one exercise as done" in strength.message.value
    card = strength.exercises.cards[0]
    card.done.value = "yes"  # no feel chosen
    strength.save_button.click()
    assert "Calf raise, straight knee: say how it felt" in strength.message.value
    assert store.get_entry(profile, TODAY) is None and store.list_sessions(profile) == []


def test_a_plan_with_no_rolling_opens_the_strength_form_at_once(store: Store) -> None:
    _runner(store, rolling=False)
    page = _page(store)
    assert "no rolling in it" in page.status.value
    assert page.player.layout.display == "none"
    assert page.strength.layout.display == "flex"
    assert page.strength.form.layout.display == "flex"
    assert len(page.strength.exercises.cards) == 2


def test_no_plan_no_form(store: Store) -> None:
    store.add_profile("Sam")
    page = _page(store)
    assert page.strength.layout.display == "none"
    page.strength.save_button.click()
    assert "Choose a runner with a saved plan first." in page.strength.message.value
