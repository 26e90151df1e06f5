"""The plan builder page, driven as the browser would drive it."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pytest

from rollbook.store import Store, open_store
from rollbook.ui.plan_builder import PlanBuilder, YesNo

TODAY = dt.date(2026, 3, 14)


def make(store: Store) -> PlanBuilder:
    return PlanBuilder(store, today=lambda: TODAY, now=lambda: dt.datetime(2026, 3, 14, 9, 30))


def answer_all(builder: PlanBuilder, value: str = "no") -> None:
    for question in builder.questions.values():
        question.value = value


def pick(builder: PlanBuilder, **pain: int) -> None:
    builder.body.map.selected = [s.replace("_", "-") for s in pain]
    for site, value in pain.items():
        builder.pain_sliders[site.replace("_", "-")].value = value


def link_bytes(html_value: str) -> bytes:
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", html_value)
    assert payload is not None
    return base64.b64decode(payload.group(1))


def test_nothing_is_pre_answered_and_no_plan_until_answered(store: Store) -> None:
    builder = make(store)
    assert all(q.value == "" for q in builder.questions.values())
    pick(builder, knee=6)
    assert "Answer the safety questions first" in builder.status.value
    assert builder.plan is None
    assert builder.details.value == ""
    assert builder.downloads.children == ()


def test_full_journey_builds_saves_and_offers_downloads(store: Store) -> None:
    store.add_profile("Sam")
    builder = make(store)
    assert builder.picker.profile is not None  # one runner: opens directly
    answer_all(builder)
    assert "Pick at least one place that hurts" in builder.status.value
    builder.body.map.selected = ["knee", "calf"]
    assert set(builder.pain_sliders) == {"knee", "calf"}
    assert "Move each slider" in builder.status.value
    builder.pain_sliders["knee"].value = 6
    builder.pain_sliders["calf"].value = 3
    builder.roller.value = "spiked"
    builder.minutes.value = 15
    plan = builder.ready_plan()
    assert plan is not None and plan.rolling
    html_out = builder.details.value
    assert "rb-rolling-table" in html_out and "rb-strength-table" in html_out
    assert "Where this comes from" in html_out and "Running" in html_out
    assert "is-highlighted" in builder.map.value
    assert builder.downloads.children == ()  # made a moment after the last change
    assert "Making your handout" in builder.download_message.value
    builder.make_downloads()
    (pdf,) = builder.downloads.children  # before saving: a handout of the plan on screen
    assert link_bytes(pdf.value).startswith(b"%PDF")
    assert "Save the plan above to get a calendar" in builder.download_message.value

    builder.minutes.value = 20  # a change drops the old links at once
    assert builder.downloads.children == ()
    builder.make_downloads()
    assert len(builder.downloads.children) == 1

    builder.side.value = "left"
    builder.save_button.click()
    assert "Saved for Sam on 14 March 2026" in builder.save_message.value
    assert "starts on 14 March 2026, for your left side" in builder.save_message.value
    saved = store.current_plan(builder.picker.profile)
    assert saved is not None
    assert saved.inputs["pain"] == {"knee": 6, "calf": 3}
    assert saved.inputs["roller"] == "spiked"
    assert (saved.inputs["start"], saved.inputs["side"]) == ("2026-03-14", "left")
    builder.make_downloads()  # once saved: the saved plan's handout and calendar
    pdf, ics = builder.downloads.children
    assert link_bytes(pdf.value).startswith(b"%PDF")
    calendar = link_bytes(ics.value)
    assert b"BEGIN:VCALENDAR" in calendar and b"Review of your plan" in calendar
    assert b"Download the calendar again" in calendar.replace(b"\r\n ", b"")
    assert "follow the plan saved for Sam week by week" in builder.download_message.value
    now_plan = builder.ready_plan()
    assert now_plan is not None
    assert [r["target"] for r in saved.output["rolling"]] == [r.target for r in now_plan.rolling]
    builder.minutes.value = 25  # a changed plan: its own handout too, until it is saved
    builder.make_downloads()
    assert len(builder.downloads.children) == 3
    assert "Save the plan above" in builder.download_message.value


def test_unpicking_a_site_removes_its_slider(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    pick(builder, knee=6, calf=3)
    builder.body.checkboxes["calf"].value = False
    assert list(builder.pain_sliders) == ["knee"]
    assert len(builder.pain_box.children) == 1


def test_one_yes_stops_the_plan_and_says_what_to_do(store: Store) -> None:
    builder = make(store)
    pick(builder, calf=5)
    first = next(iter(builder.questions))
    builder.questions[first].value = "yes"
    assert "See a clinician first" in builder.referral.value
    assert builder.details.value == ""
    assert builder.plan is not None and builder.plan.referral.needed
    assert builder.plan_box.layout.display == "none"
    assert builder.downloads.children == ()
    builder.save_button.click()
    assert "See a clinician first" in builder.save_message.value


def test_saving_without_a_runner_says_so(store: Store) -> None:
    store.add_profile("A")
    store.add_profile("B")
    builder = make(store)
    assert builder.picker.profile is None
    answer_all(builder)
    pick(builder, knee=4)
    builder.save_button.click()
    assert "Choose or add a runner" in builder.save_message.value
    assert store.list_plans(store.find_profile("A")) == []  # type: ignore[arg-type]


def test_too_few_minutes_gives_a_message(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    pick(builder, knee=6)
    builder.minutes.value = -5  # the browser can send anything
    assert builder.minutes.value == 5
    if builder.ready_plan() is None:
        assert "not enough" in builder.status.value
    else:  # something fits in 5 minutes: it is shown within the time
        assert builder.ready_plan().total_minutes <= 5  # type: ignore[union-attr]


def test_hostile_values_are_clamped_or_ignored(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    builder.body.map.selected = ["knee", "not-a-site", "<script>"]
    assert list(builder.pain_sliders) == ["knee"]
    builder.pain_sliders["knee"].value = 99
    assert builder.pain_sliders["knee"].value == 10
    builder.weekly_km.value = 10**6
    assert builder.weekly_km.value == 150
    builder.run_days.value = -3
    assert builder.run_days.value == 0
    builder.roller.set_state({"index": 99})
    assert builder.roller.value == "smooth"
    builder.experience.set_state({"index": -1})
    assert builder.experience.value == "some"
    question = next(iter(builder.questions.values()))
    question.set_state({"value": "maybe"})
    assert question.value == ""
    assert "Answer the safety questions first" in builder.status.value
    question.value = "no"
    builder.side.set_state({"value": "middle"})
    assert builder.side.value == "both"
    builder.side.set_state({"value": "left", "options": [["x", "y"]], "question": "<b>"})
    assert builder.side.value == "left" and builder.side.question == "Which side hurts?"
    assert builder.ready_plan() is not None


def test_yes_no_widget_accepts_only_yes_no_or_blank() -> None:
    question = YesNo(question="Q?")
    for bad in (1, None, "YES", ["yes"]):
        question.value = bad
        assert question.value == ""
    question.value = "yes"
    assert question.value == "yes"


def test_names_are_escaped_and_file_names_safe(store: Store) -> None:
    store.add_profile("<b>Jo</b> & co")
    builder = make(store)
    answer_all(builder)
    pick(builder, shin=5)
    builder.save_button.click()
    assert "&lt;b&gt;Jo&lt;/b&gt;" in builder.save_message.value
    assert "<b>" not in builder.save_message.value
    builder.make_downloads()
    names = [
        re.search(r'download="([^"]+)"', c.value).group(1)  # type: ignore[union-attr]
        for c in builder.downloads.children
    ]
    assert "<b>" not in builder.download_message.value
    assert names == ["rollbook-plan-b-jo--b----co-this-week.pdf", "rollbook-plan-b-jo--b----co.ics"]


def test_close_closes_every_widget(store: Store) -> None:
    builder = make(store)
    builder.close()
    assert builder.save_button.comm is None


def test_downloads_are_made_on_the_event_loop_after_a_pause(store: Store) -> None:
    import asyncio

    from rollbook.ui import plan_builder

    async def journey() -> int:
        builder = make(store)
        answer_all(builder)
        pick(builder, knee=6)
        assert builder.saving._pending is not None
        await asyncio.sleep(plan_builder.DOWNLOAD_DELAY + 0.2)
        for _ in range(100):  # the PDF takes a moment on a slow machine
            if builder.downloads.children:
                break
            await asyncio.sleep(0.1)
        return len(builder.downloads.children)

    assert asyncio.run(journey()) == 1  # the handout; the calendar once the plan is saved


def test_a_saved_plan_fills_the_form_but_not_the_safety_answers(store: Store) -> None:
    profile = store.add_profile("Sam")
    first = make(store)
    answer_all(first)
    pick(first, knee=6, calf=3)
    first.roller.value = "ball"
    first.minutes.value = 25
    first.weekly_km.value = 42
    first.save_button.click()

    again = make(store)
    assert again.picker.profile == profile
    assert again.pain_values() == {"knee": 6, "calf": 3}
    assert (again.roller.value, again.minutes.value, again.weekly_km.value) == ("ball", 25, 42)
    assert all(q.value == "" for q in again.questions.values())
    assert "answer the safety questions again" in again.loaded.value
    assert again.plan is None


@pytest.mark.parametrize(
    "inputs",
    [
        {
            "pain": {"knee": 99, "nowhere": 5, "calf": "x"},
            "roller": "laser",
            "minutes": -5,
            "weekly_km": 1e300,
            "run_days": True,
            "experience": None,
        },
        {"pain": ["knee"], "minutes": "ten"},
        {},
    ],
)
def test_hostile_saved_inputs_are_skipped(store: Store, inputs: dict[str, object]) -> None:
    profile = store.add_profile("Sam")
    store.save_plan(profile, inputs, {})
    builder = make(store)
    assert set(builder.pain_values()) <= {"knee", "calf"}
    assert all(0 <= v <= 10 for v in builder.pain_values().values())
    assert builder.roller.value == "smooth"
    assert 5 <= builder.minutes.value <= 60


def test_browser_changing_slider_limits_cannot_break_the_plan(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    pick(builder, knee=6)
    slider = builder.pain_sliders["knee"]
    slider.set_state({"max": 1000})
    slider.set_state({"value": 99})
    builder.minutes.set_state({"min": -100})
    builder.minutes.set_state({"value": -5})
    builder.weekly_km.set_state({"max": 10**9})
    builder.weekly_km.set_state({"value": 10**8})
    inp = builder.plan_input()
    assert inp.pain == {"knee": 10}
    assert inp.minutes == 5
    assert inp.weekly_km == 150
    assert builder.ready_plan() is not None


def test_any_mix_of_browser_values_never_raises(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    builder = make(open_store(tmp_path / "db.sqlite"))
    sites = [*builder.library.sites, "nowhere", "", "<b>"]
    answers = st.sampled_from(["", "no", "yes", "maybe", None, 3])

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        picked=st.lists(st.sampled_from(sites), max_size=5),
        pain=st.integers(-50, 50),
        minutes=st.integers(-100, 1000),
        km=st.integers(-10, 10**6),
        roller=st.integers(-3, 9),
        flags=st.lists(answers, min_size=1, max_size=9),
    )
    def drive(
        picked: list[str], pain: int, minutes: int, km: int, roller: int, flags: list[object]
    ) -> None:
        builder.body.map.set_state({"selected": picked})
        for slider in builder.pain_sliders.values():
            slider.set_state({"value": pain})
        builder.minutes.set_state({"value": minutes})
        builder.weekly_km.set_state({"value": km})
        builder.roller.set_state({"index": roller})
        for question, value in zip(builder.questions.values(), flags, strict=False):
            question.set_state({"value": value})
        assert builder.status.value or builder.referral.value
        if builder.plan is not None:
            assert builder.plan.minutes <= 60

    drive()


def test_switching_runner_clears_the_last_runners_answers(store: Store) -> None:
    store.add_profile("Ann")
    bea = store.add_profile("Bea")
    builder = make(store)
    builder.picker.chooser.value = store.find_profile("Ann").id  # type: ignore[union-attr]
    answer_all(builder)
    pick(builder, knee=7)
    builder.picker.chooser.value = bea.id
    assert all(q.value == "" for q in builder.questions.values())
    assert builder.pain_values() == {}
    assert builder.plan is None


def test_adding_the_first_runner_keeps_what_was_entered(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    pick(builder, calf=4)
    builder.picker.new_name.value = "Cy"
    builder.picker.create.click()
    assert builder.picker.profile is not None
    assert builder.pain_values() == {"calf": 4}
    assert builder.ready_plan() is not None


def test_a_change_that_keeps_the_plan_never_blanks_the_preview(store: Store) -> None:
    builder = make(store)
    answer_all(builder)
    pick(builder, calf=4)
    assert builder.details.value != ""
    sent: list[str] = []
    builder.details.observe(lambda change: sent.append(change["new"]), "value")
    builder.rebuild()  # same answers: the same preview, so nothing is sent
    builder.questions[next(iter(builder.questions))].value = "yes"
    assert sent == [""]  # a warning sign hides the plan in one step
    builder.questions[next(iter(builder.questions))].value = "no"
    assert len(sent) == 2 and sent[-1] != ""
