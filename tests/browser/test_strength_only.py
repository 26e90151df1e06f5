"""Page 04: strength work logged on a day without a rolling session (issue 17, item 7).

Seeds a runner with a saved plan; on page 04 the runner opens "Log strength work
only", first saves with an answer missing (a clear message, nothing saved), then
answers each exercise as a person does and saves. The sessions are in the store for
today, with no rolling minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rollbook.plan import PlanInput, build_plan

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

ROLL = "04_roll_along.ipynb"
NAME = "Strength Sol"


def _seed(handle: ServerHandle) -> None:
    store = store_at(handle.home)
    start = dt.date.today() - dt.timedelta(days=3)
    profile = store.find_profile(NAME) or store.add_profile(NAME)
    inp = PlanInput(pain={"achilles": 4}, name=NAME)
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], start=start.isoformat(),
                  side="right")  # fmt: skip
    store.save_plan(profile, inputs, build_plan(inp).to_dict())
    store.close()


def _answer(page: Any, exercise: str, pain: str, feel: str | None) -> None:
    card = page.locator(f".rb-strength-only .rb-ex-{exercise}")
    card.locator(".rb-ex-done .rb-choice-yes input").check()
    card.locator(".rb-ex-pain input[type=range]").wait_for(state="visible")
    card.locator(".rb-ex-pain input[type=range]").fill(pain)
    page.wait_for_function(
        "([s, v]) => document.querySelector(s).innerText.startsWith(v)",
        arg=[f".rb-strength-only .rb-ex-{exercise} .rb-ex-pain output", pain],
    )
    if feel is not None:
        card.locator(f".rb-ex-feel .rb-choice-{feel} input").check()


def test_log_strength_work_without_rolling_on_page_04(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle)
    open_page(page, voila_server, ROLL)
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    section = page.locator(".rb-strength-only")
    section.wait_for(state="visible")
    assert "Strength work without rolling" in section.inner_text()
    assert page.locator(".rb-strength-only .rb-ex-card").count() == 0  # folded away
    page.locator("button.rb-so-open").click()
    page.locator(".rb-strength-only .rb-ex-calf-raise-bent-knee").wait_for(state="visible")
    assert "Level 1 of 3" in page.locator(".rb-strength-only .rb-ex-calf-raise").inner_text()

    _answer(page, "calf-raise", "2", None)  # no feel yet
    page.wait_for_timeout(300)  # the last click reaches the kernel before Save
    page.locator("button.rb-so-save").click()
    wait_text(page, ".rb-so-message", "say how it felt: easy, ok or hard")
    with store_at(voila_handle.home) as store:
        profile = store.find_profile(NAME)
        assert profile is not None
        assert store.get_entry(profile, dt.date.today()) is None
        assert store.list_sessions(profile) == []

    page.locator(".rb-strength-only .rb-ex-calf-raise .rb-ex-feel .rb-choice-easy input").check()
    page.locator(
        ".rb-strength-only .rb-ex-calf-raise-bent-knee .rb-ex-done .rb-choice-no input"
    ).check()
    page.wait_for_timeout(300)
    page.locator("button.rb-so-save").click()
    wait_text(page, ".rb-so-message", f"Saved 1 exercise in the log for {NAME}")
    with store_at(voila_handle.home) as store:
        profile = store.find_profile(NAME)
        assert profile is not None
        sessions = store.list_sessions(profile)
        assert [(s.exercise, s.pain, s.feel) for s in sessions] == [("calf-raise", 2, "easy")]
        entry = store.get_entry(profile, dt.date.today())
        assert entry is not None and entry.rolled_min == 0 and entry.done
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "page04-strength-only")
    section.screenshot(path=str(_artifact("page04-strength-only-form")))


def _artifact(name: str) -> Any:
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
