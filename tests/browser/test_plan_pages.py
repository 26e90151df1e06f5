"""Pages 03 and 04 as a runner uses them: build a plan, save it, roll along."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rollbook.content import load_library
from rollbook.plan import PlanInput, build_plan

from .conftest import (
    assert_no_leaks,
    open_page,
    shots,
    store_at,
)
from .pageactions import add_runner
from .server import ServerHandle, start_server, stop_server
from .test_every_page import serious_axe_violations

BUILD = "03_build_your_plan.ipynb"
ROLL = "04_roll_along.ipynb"


def _answer_all(page: Any, value: str) -> None:
    radios = page.locator(f".rb-flag input[value={value}]")
    radios.first.wait_for(state="visible")
    for index in range(radios.count()):
        radios.nth(index).check()


def test_new_runner_builds_saves_and_downloads(
    page: Any, voila_server: str, voila_handle: ServerHandle, tmp_path: Path
) -> None:
    open_page(page, voila_server, BUILD)
    assert "Build your plan" in page.title()
    add_runner(page, "Robin")
    assert "Answer the safety questions first" in page.locator(".rb-plan-status").inner_text()
    shots(page, "plan-1-start")

    _answer_all(page, "no")
    page.wait_for_selector("text=No warning signs. Go on to the next step.")
    # Front of knee on the map (a click), calf from the list.
    page.locator('.rb-bodymap g[data-region="knee"] ellipse').first.click()
    page.locator(".rb-pain-knee").wait_for(state="visible")
    page.locator(".rb-site-calf input").check()
    page.locator(".rb-pain-knee input[type=range]").fill("6")
    page.locator(".rb-pain-calf input[type=range]").fill("3")
    page.locator(".rb-roller select").select_option(label="Spiked roller")
    page.locator(".rb-minutes input[type=range]").fill("15")
    page.wait_for_function(
        "() => document.querySelector('.rb-pain-calf output').innerText.startsWith('3')"
    )
    page.locator(".rb-rolling-table").wait_for(state="visible")
    expected = build_plan(
        PlanInput(
            pain={"knee": 6, "calf": 3},
            roller="spiked",
            minutes=15,
            weekly_km=20,
            run_days=3,
            experience="some",
            name="Robin",
        ),
        load_library(),
    )
    # The preview follows each change from the kernel; wait for the one after the last.
    page.wait_for_function(
        """(labels) => { const t = document.querySelector('.rb-rolling-table');
                          return !!t && labels.every((l) => t.innerText.includes(l)); }""",
        arg=[item.label for item in expected.rolling],
        timeout=30_000,
    )
    table = page.locator(".rb-rolling-table").inner_text()
    for item in expected.rolling:
        assert item.label in table
    assert page.locator(".rb-strength-table").is_visible()
    assert page.locator(".rb-plan-map svg .is-highlighted").count() >= 1
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "plan-2-preview")

    page.locator("button.rb-save-plan").click()
    page.wait_for_selector(".rb-save-message >> text=Saved for Robin on")
    with store_at(voila_handle.home) as store:
        profile = store.find_profile("Robin")
        assert profile is not None
        saved = store.current_plan(profile)
        assert saved is not None
        assert saved.inputs["pain"] == {"knee": 6, "calf": 3}
        assert saved.inputs["roller"] == "spiked"

    links = page.locator("a.rb-download")
    links.nth(1).wait_for(state="visible", timeout=60_000)
    with page.expect_download() as pdf_download:
        links.nth(0).click()
    pdf_path = tmp_path / "plan.pdf"
    pdf_download.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    flat = " ".join(text.split())
    for item in expected.rolling:
        assert item.label.split()[0] in flat
    assert "Robin" in flat

    with page.expect_download() as ics_download:
        links.nth(1).click()
    ics_path = tmp_path / "plan.ics"
    ics_download.value.save_as(ics_path)
    import icalendar

    calendar = icalendar.Calendar.from_ical(ics_path.read_bytes())
    assert len(calendar.walk("VEVENT")) >= 1
    shots(page, "plan-3-saved")


def test_a_yes_shows_the_referral_and_no_plan(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, BUILD)
    page.locator(".rb-flag").first.wait_for(state="visible")
    page.locator(".rb-site-shin input").check()
    page.locator(".rb-pain-shin input[type=range]").fill("7")
    _answer_all(page, "no")
    # Keyboard only: in a radio group the arrow keys move the choice.
    page.locator(".rb-flag-bone-stress input[value=no]").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(".rb-flag-bone-stress input[value=yes]").is_checked()
    referral = page.locator(".rb-referral-box")
    referral.wait_for(state="visible")
    assert "See a clinician first" in referral.inner_text()
    assert page.locator(".rb-rolling-table").count() == 0
    assert page.locator(".rb-strength-table").count() == 0
    assert page.locator("a.rb-download").count() == 0
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "plan-4-referral")


@pytest.fixture(scope="module")
def fast_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A second app with ROLLBOOK_FAST=1 and a runner who has a saved plan."""
    home = tmp_path_factory.mktemp("fast") / "home"
    home.mkdir(parents=True)
    with store_at(home) as store:
        profile = store.add_profile("Kim")
        plan = build_plan(
            PlanInput(pain={"knee": 6, "calf": 3}, roller="spiked", minutes=15), load_library()
        )
        store.save_plan(profile, {"pain": {"knee": 6, "calf": 3}}, plan.to_dict())
    handle = start_server(home, extra_env={"ROLLBOOK_FAST": "1"})
    yield handle
    stop_server(handle)


def test_roll_along_in_fast_mode_logs_the_session(page: Any, fast_server: ServerHandle) -> None:
    open_page(page, fast_server.url, ROLL)
    assert "Roll along" in page.title()
    start = page.locator("button.rb-ra-start")
    start.wait_for(state="visible")
    assert "Step 1 of" in page.locator(".rb-ra-head").inner_text()
    assert page.locator(".rb-ra-picture-box svg[role=img]").count() == 1
    shots(page, "roll-1-ready")

    start.focus()
    page.keyboard.press("Enter")  # keyboard only
    page.wait_for_function(
        "() => !document.querySelector('.rb-ra-head').innerText.includes('Step 1 of')"
    )
    page.locator("button.rb-ra-pause").click()
    page.wait_for_selector("button.rb-ra-pause >> text=Resume")
    assert serious_axe_violations(page) == []
    shots(page, "roll-2-paused")
    page.locator("button.rb-ra-pause").click()

    finish = page.locator(".rb-ra-finish")
    finish.wait_for(state="visible", timeout=120_000)
    assert page.locator(".rb-countdown").inner_text().strip() == "00:00"
    page.locator(".rb-ra-feel input[type=range]").fill("3")
    page.wait_for_function(
        "() => document.querySelector('.rb-ra-feel output').innerText.startsWith('3')"
    )
    page.locator(".rb-ra-note textarea").fill("Knee felt easier.")
    page.locator(".rb-ra-note textarea").blur()
    page.locator("button.rb-ra-save").click()
    page.wait_for_selector(".rb-ra-save-message >> text=Saved in the log for Kim")
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "roll-3-finished")

    with store_at(fast_server.home) as store:
        profile = store.find_profile("Kim")
        assert profile is not None
        entry = store.get_entry(profile, dt.date.today())
    assert entry is not None
    assert entry.done is True
    assert entry.rolled_min >= 1
    assert "After rolling: 3 out of 10." in entry.note
    assert "Knee felt easier." in entry.note


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """An app whose only runner has no plan yet."""
    home = tmp_path_factory.mktemp("empty") / "home"
    home.mkdir(parents=True)
    with store_at(home) as store:
        store.add_profile("Lee")
    handle = start_server(home, extra_env={"ROLLBOOK_FAST": "1"})
    yield handle
    stop_server(handle)


def test_roll_along_without_a_plan_links_to_the_builder(
    page: Any, empty_server: ServerHandle
) -> None:
    open_page(page, empty_server.url, ROLL)
    note = page.locator(".rb-ra-no-plan")
    note.wait_for(state="visible")
    assert "Lee has no saved plan yet" in note.inner_text()
    assert note.locator("a").get_attribute("href") == BUILD
    assert (
        page.locator("button.rb-ra-start").count() == 0
        or not page.locator("button.rb-ra-start").is_visible()
    )
    shots(page, "roll-0-no-plan")
