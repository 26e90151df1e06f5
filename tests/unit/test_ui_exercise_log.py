"""Page 04's exercise log and page 03's side question, driven as the browser would."""

from __future__ import annotations

import datetime as dt

from rollbook.pages.plan_save import save_plan
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import ExerciseSession
from rollbook.store import Store
from rollbook.ui.choice import Choice
from rollbook.ui.roll_along import RollAlong

TODAY = dt.date(2026, 3, 14)


class Clock:
    now = 10.0

    def __call__(self) -> float:
        return self.now


def finished_page(store: Store, side: str = "both") -> RollAlong:
    profile = store.add_profile("Sam")
    inp = PlanInput(pain={"achilles": 4}, name="Sam")
    save_plan(store, profile, inp, build_plan(inp), start=TODAY - dt.timedelta(days=3), side=side)
    clock = Clock()
    page = RollAlong(store, clock=clock, environ={}, today=lambda: TODAY, autotick=False)
    page.start_button.click()
    page.end_button.click()
    assert page.finish_panel.layout.display == "flex"
    return page


def test_the_finish_shows_a_card_per_exercise_of_the_week(store: Store) -> None:
    page = finished_page(store)
    cards = page.exercises.cards
    assert [c.item.exercise for c in cards] == ["calf-raise", "calf-raise-bent-knee"]
    assert page.exercises.layout.display == "flex"
    assert "Level 1 of 3" in cards[0].head.value
    assert cards[0].more.layout.display == "none"  # pain and feel only once done is yes
    cards[0].done.value = "yes"
    assert cards[0].more.layout.display == "flex"


def test_done_exercises_are_saved_with_the_rolling_in_one_go(store: Store) -> None:
    page = finished_page(store)
    first, second = page.exercises.cards
    first.done.value = "yes"
    first.pain.value = 2
    first.feel.value = "easy"
    second.done.value = "no"
    page.save_button.click()
    assert "Exercises logged: 1." in page.save_message.value
    profile = store.find_profile("Sam")
    assert profile is not None
    assert store.list_sessions(profile) == [ExerciseSession(TODAY, "calf-raise", 2, "easy")]
    entry = store.get_entry(profile, TODAY)
    assert entry is not None and entry.done
    first.feel.value = "hard"  # saving again replaces that day's session
    page.save_button.click()
    assert store.list_sessions(profile) == [ExerciseSession(TODAY, "calf-raise", 2, "hard")]


def test_bad_answers_save_nothing_and_say_why(store: Store) -> None:
    page = finished_page(store)
    profile = store.find_profile("Sam")
    assert profile is not None
    card = page.exercises.cards[0]
    card.done.value = "yes"  # no feel chosen
    page.save_button.click()
    assert "Calf raise" in page.save_message.value
    assert "say how it felt: easy, ok or hard" in page.save_message.value
    assert store.get_entry(profile, TODAY) is None and store.list_sessions(profile) == []
    card.feel.set_state({"value": "fine"})  # a forged answer reads as no answer
    assert card.feel.value == ""
    card.feel.value = "ok"
    card.pain.max = 50  # the browser can move a slider's limits too
    card.pain.value = 40
    page.save_button.click()
    assert "from 0 to 10 (got 40)" in page.save_message.value
    assert store.get_entry(profile, TODAY) is None and store.list_sessions(profile) == []
    card.done.set_state({"value": "maybe"})
    assert card.done.value == "" and card.answer() is None


def test_one_sided_work_names_the_leg_to_start_with(store: Store) -> None:
    profile = store.add_profile("Sam")
    inp = PlanInput(pain={"knee": 4}, name="Sam")
    save_plan(store, profile, inp, build_plan(inp), start=TODAY, side="right")
    page = RollAlong(store, clock=Clock(), environ={}, today=lambda: TODAY, autotick=False)
    page.start_button.click()
    page.end_button.click()
    heads = {c.item.exercise: c.head.value for c in page.exercises.cards}
    assert "Start with the right leg." in heads["hip-abduction"]
    assert "Start with" not in heads["glute-bridge"]


def test_a_plan_without_exercises_shows_no_exercise_form(store: Store) -> None:
    profile = store.add_profile("Sam")
    inp = PlanInput(pain={"achilles": 4}, name="Sam")
    output = build_plan(inp).to_dict()
    output["strength"] = []
    store.save_plan(profile, {"pain": {"achilles": 4}}, output)
    page = RollAlong(store, clock=Clock(), environ={}, today=lambda: TODAY, autotick=False)
    page.start_button.click()
    page.end_button.click()
    assert page.exercises.cards == [] and page.exercises.layout.display == "none"
    page.save_button.click()
    assert "Saved in the log" in page.save_message.value


def test_choice_keeps_its_question_and_answers() -> None:
    choice = Choice("Which?", [("a", "A"), ("b", "B")], default="b")
    assert choice.value == "b"
    for bad in ("c", None, 1, ["a"]):
        choice.value = bad
        assert choice.value == "b"
    choice.set_state({"value": "a", "question": "<script>", "options": []})
    assert (choice.value, choice.question, choice.options) == (
        "a",
        "Which?",
        [["a", "A"], ["b", "B"]],
    )
    blank = Choice("Which?", [("a", "A")])
    blank.value = "zzz"
    assert blank.value == ""


def test_the_plan_preview_names_the_leg_to_start_with() -> None:
    from rollbook.content import load_library
    from rollbook.ui.plan_view import plan_html

    plan = build_plan(PlanInput(pain={"knee": 4, "calf": 3}, minutes=30))
    assert any(r.side == "each" for r in plan.rolling)
    left = plan_html(plan, load_library(), "left")
    assert "each leg, start with the left leg" in left  # rolling
    assert "days a week, start with the left leg" in left  # one-leg strength work
    assert "start with the" not in plan_html(plan, load_library(), "both")


def test_the_side_is_saved_and_loaded_again_on_page_03(store: Store) -> None:
    from rollbook.ui.plan_builder import PlanBuilder

    profile = store.add_profile("Sam")
    builder = PlanBuilder(store, today=lambda: TODAY, now=lambda: dt.datetime(2026, 3, 14, 9))
    for question in builder.questions.values():
        question.value = "no"
    builder.body.map.selected = ["knee"]
    builder.pain_sliders["knee"].value = 4
    assert builder.side.value == "both"
    builder.side.value = "right"
    assert "start with the right leg" in builder.details.value
    builder.save_button.click()
    saved = store.current_plan(profile)
    assert saved is not None and saved.inputs["side"] == "right"
    assert saved.inputs["start"] == TODAY.isoformat()
    again = PlanBuilder(store, today=lambda: TODAY)
    assert again.side.value == "right"
    builder.close()
    again.close()


def test_a_yes_to_a_warning_sign_hides_even_the_saved_plans_files(store: Store) -> None:
    from rollbook.ui.plan_builder import PlanBuilder

    profile = store.add_profile("Sam")
    inp = PlanInput(pain={"knee": 4}, name="Sam")
    save_plan(store, profile, inp, build_plan(inp), start=TODAY, side="both")
    builder = PlanBuilder(store, today=lambda: TODAY)
    builder.make_downloads()
    assert len(builder.downloads.children) == 2  # the saved plan's handout and calendar
    next(iter(builder.questions.values())).value = "yes"
    builder.make_downloads()
    assert builder.downloads.children == ()
    builder.close()
