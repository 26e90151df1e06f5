"""The plan and the log journeys with the keyboard alone.

Nothing here clicks: focus moves with Tab, choices are made with Space, Enter and the
arrow keys, and text is typed. Elements are found only to check where focus is.
"""

from __future__ import annotations

from typing import Any

from .conftest import open_page, screenshot, store_at
from .server import ServerHandle

MAX_TABS = 400


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(MAX_TABS):
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector!r}")


def focused_is_checked(page: Any) -> bool:
    return bool(page.evaluate("() => document.activeElement.checked === true"))


def test_plan_journey_by_keyboard(page: Any, voila_server: str, voila_handle: ServerHandle) -> None:
    open_page(page, voila_server, "03_build_your_plan.ipynb")
    page.locator("body").press("Tab")  # start from the top of the page

    tab_to(page, ".rb-profile-name input")
    page.keyboard.type("Kim Keys")
    tab_to(page, "button.rb-profile-create")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rb-profile-feedback >> text=Added Kim Keys")

    flags = page.locator(".rb-flag").count()
    assert flags >= 5
    for _ in range(flags):
        tab_to(page, ".rb-flag input[value=no]:not(:checked)")
        page.keyboard.press("Space")
        assert focused_is_checked(page)
    page.wait_for_selector("text=No warning signs. Go on to the next step.")

    tab_to(page, ".rb-site-knee input")
    page.keyboard.press("Space")
    tab_to(page, ".rb-pain-knee input[type=range]")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.rb-pain-knee output').innerText.startsWith('6')"
    )
    page.locator(".rb-rolling-table").wait_for(state="visible")

    tab_to(page, "button.rb-save-plan")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rb-save-message >> text=Saved for Kim Keys on")
    screenshot(page, "keyboard-plan-saved")

    with store_at(voila_handle.home) as store:
        profile = store.find_profile("Kim Keys")
        assert profile is not None
        saved = store.current_plan(profile)
        assert saved is not None and saved.inputs["pain"] == {"knee": 6}


def test_log_journey_by_keyboard(page: Any, voila_server: str, voila_handle: ServerHandle) -> None:
    open_page(page, voila_server, "05_track_progress.ipynb")
    page.locator("body").press("Tab")

    tab_to(page, ".rb-profile-name input")
    page.keyboard.type("Lee Keys")
    tab_to(page, "button.rb-profile-create")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rb-profile-feedback >> text=Added Lee Keys")
    # The page was showing another runner (one from an earlier test, say). Wait until
    # the form is the new runner's, or the keys below would land in rows on their way out.
    page.locator(".rb-track-intro .rb-empty").wait_for(state="visible")
    page.wait_for_function("() => document.querySelectorAll('.rb-site-box').length === 0")

    # A new runner has no sites yet: add one from the list, with the keyboard.
    tab_to(page, ".rb-add-site select")
    page.keyboard.press("ArrowDown")
    tab_to(page, "button.rb-add-site-button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.rb-site-box').length === 1")
    page.locator(".rb-pain-during select").first.wait_for(state="visible")

    tab_to(page, ".rb-pain-during select")
    for _ in range(4):  # "Not filled in", 0, 1, 2 → 3
        page.keyboard.press("ArrowDown")
    tab_to(page, ".rb-log-km input")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    tab_to(page, ".rb-log-rolled input")
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    tab_to(page, ".rb-log-done input")
    page.keyboard.press("Space")
    tab_to(page, "button.rb-log-save")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /Saved|Updated/.test(document.querySelector('.rb-log-msg').innerText)"
    )
    screenshot(page, "keyboard-log-saved")

    with store_at(voila_handle.home) as store:
        profile = store.find_profile("Lee Keys")
        assert profile is not None
        entries = store.list_entries(profile)
        assert len(entries) == 1
        entry = entries[0]
        assert entry.km == 5 and entry.rolled_min == 10 and entry.done
        assert [p.during for p in entry.pains] == [3]
