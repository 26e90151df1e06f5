"""The roll-along page, driven with a fake clock as the browser would drive it."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from rollbook.plan import PlanInput, build_plan
from rollbook.records import LogEntry, SitePain
from rollbook.store import Store
from rollbook.ui.roll_along import RollAlong

from ..fixtures import small_library

TODAY = dt.date(2026, 3, 14)


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def save_plan(store: Store, name: str = "Sam", **pain: int) -> None:
    profile = store.find_profile(name) or store.add_profile(name)
    # Strength comes first in a short plan: 12 minutes leaves room for calf rolling
    # only (3 min); a two-site plan gets enough time for rolling both.
    minutes = 30 if pain else 12
    plan = build_plan(PlanInput(pain=pain or {"calf": 4}, minutes=minutes), small_library())
    store.save_plan(profile, {"pain": pain}, plan.to_dict())


def make(store: Store, clock: Any, **kwargs: Any) -> RollAlong:
    return RollAlong(store, clock=clock, environ={}, today=lambda: TODAY, autotick=False, **kwargs)


def run_to_end(page: RollAlong, clock: FakeClock) -> None:
    page.start_button.click()
    assert page.session is not None
    clock.now += page.session.total_seconds() + 1
    page.render()


def test_no_profile_and_no_plan_say_what_to_do(store: Store) -> None:
    page = make(store, FakeClock())
    assert "Choose or add a runner" in page.status.value
    store.add_profile("Sam")
    page.picker.refresh()
    assert "has no saved plan yet" in page.status.value
    assert 'href="03_build_your_plan.ipynb"' in page.status.value
    assert page.player.layout.display == "none"


def test_a_whole_session_is_logged_for_today(store: Store) -> None:
    save_plan(store)
    clock = FakeClock()
    page = make(store, clock)
    assert page.session is not None
    snap = page.render()
    assert snap is not None and snap.state == "ready"
    assert "Step 1 of" in page.head.value and "<progress" in page.head.value
    assert "rb-countdown" in page.countdown.value
    assert 'role="img"' in page.picture.value and "aria-label" in page.picture.value
    page.start_button.click()
    clock.now += page.session.steps[0].seconds + 0.5
    page.render()
    if page.session.steps[1].switch_sides:
        assert "Switch sides" in page.target.value
    assert "Step 2 of" in page.head.value
    clock.now += page.session.total_seconds()
    page.render()
    assert page.finish_panel.layout.display == "flex"
    assert page.end_button.disabled
    page.feel.value = 3
    page.note.value = "Felt looser."
    page.save_button.click()
    profile = store.find_profile("Sam")
    assert profile is not None
    entry = store.get_entry(profile, TODAY)
    assert entry is not None
    assert entry.done is True
    assert entry.rolled_min == round(page.session.total_seconds() / 60)
    assert "After rolling: 3 out of 10. Felt looser." in entry.note
    assert "Saved in the log for Sam: today, 14 March 2026" in page.save_message.value
    page.save_button.click()  # saving twice does not count the session twice
    again = store.get_entry(profile, TODAY)
    assert again is not None and again.rolled_min == entry.rolled_min


def test_existing_entry_keeps_its_other_fields(store: Store) -> None:
    save_plan(store)
    profile = store.find_profile("Sam")
    assert profile is not None
    store.save_entry(
        profile,
        LogEntry(
            date=TODAY,
            km=8.0,
            rolled_min=5,
            note="Easy run.",
            pains=(SitePain("calf", during=3, after=2),),
        ),
        today=TODAY,
    )
    clock = FakeClock()
    page = make(store, clock)
    run_to_end(page, clock)
    page.feel.value = 2
    page.save_button.click()
    entry = store.get_entry(profile, TODAY)
    assert entry is not None
    assert entry.km == 8.0
    assert entry.pains == (SitePain("calf", during=3, after=2),)
    assert entry.rolled_min == 5 + page.session.rolled_minutes()  # type: ignore[union-attr]
    assert entry.note.startswith("Easy run.\nAfter rolling: 2 out of 10.")
    assert "already had an entry" in page.save_message.value


def test_pause_resume_skip_back_and_end(store: Store) -> None:
    save_plan(store, calf=4, knee=5)
    clock = FakeClock()
    page = make(store, clock)
    assert page.session is not None
    assert page.pause_button.disabled  # nothing to pause before the start
    page.start_button.click()
    assert page.start_button.layout.display == "none"
    clock.now += 10
    page.pause_button.click()
    assert page.pause_button.description == "Resume"
    left = page.session.remaining()
    clock.now += 300
    page.render()
    assert page.session.remaining() == pytest.approx(left)
    page.pause_button.click()
    assert page.pause_button.description == "Pause"
    page.skip_button.click()
    assert page.session.index == 1
    page.back_button.click()
    assert page.session.index == 0
    page.end_button.click()
    assert page.session.state == "finished"
    assert page.finish_panel.layout.display == "flex"
    assert "about 0 minutes" in page.done_text.value
    page.again_button.click()
    assert page.session.state == "ready"
    assert page.finish_panel.layout.display == "none"


def test_saving_before_the_end_or_with_a_huge_note_is_refused(store: Store) -> None:
    save_plan(store)
    clock = FakeClock()
    page = make(store, clock)
    page.save_button.click()
    assert "Finish a session first" in page.save_message.value
    run_to_end(page, clock)
    page.note.value = "x" * 5000
    page.feel.value = 99
    assert page.feel.value == 10
    page.save_button.click()
    assert "keep it under" in page.save_message.value
    profile = store.find_profile("Sam")
    assert profile is not None and store.get_entry(profile, TODAY) is None


def test_broken_saved_plan_is_explained(store: Store) -> None:
    profile = store.add_profile("Sam")
    store.save_plan(profile, {}, {"rolling": [{"label": 5}, "junk"]})
    page = make(store, FakeClock())
    assert "has no rolling in it" in page.status.value
    assert page.session is None


def test_fast_mode_comes_from_the_environment(store: Store) -> None:
    save_plan(store)
    page = RollAlong(store, environ={"ROLLBOOK_FAST": "1"}, autotick=False)
    assert page.scale == pytest.approx(0.02)
    assert page.tick_seconds < 0.25


def test_the_timer_task_runs_the_session_and_stops(store: Store) -> None:
    save_plan(store)

    async def session() -> RollAlong:
        page = RollAlong(store, environ={"ROLLBOOK_FAST": "0.002"}, today=lambda: TODAY)
        page.start_button.click()
        assert page._task is not None
        for _ in range(200):
            if page.session is not None and page.session.state == "finished":
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)
        return page

    page = asyncio.run(session())
    assert page.session is not None and page.session.state == "finished"
    assert page.finish_panel.layout.display == "flex"
    assert page._task is None


def test_close_cancels_the_timer_task(store: Store) -> None:
    save_plan(store)

    async def session() -> bool:
        page = RollAlong(store, environ={}, today=lambda: TODAY)
        page.start_button.click()
        task = page._task
        assert task is not None
        page.close()
        await asyncio.sleep(0)
        return task.cancelled() or task.done()

    assert asyncio.run(session())


def test_screen_readers_hear_step_changes_pause_and_finish(store: Store) -> None:
    save_plan(store)
    clock = FakeClock()
    page = make(store, clock)
    assert page.announcer.text == ""
    page.start_button.click()
    assert page.announcer.text.startswith("Step 1 of")
    clock.now += page.session.steps[0].seconds + 0.1  # type: ignore[union-attr]
    page.render()
    assert page.announcer.text.startswith("Step 2 of")
    page.pause_button.click()
    assert page.announcer.text == "Paused."
    page.pause_button.click()
    page.end_button.click()
    assert page.announcer.text.startswith("Finished")
