"""A plan that moves, clicked through over simulated weeks (issue 17).

The server runs with the test clock (``ROLLBOOK_TODAY_FILE``, :mod:`rollbook.clock`):
pages 03 and 04 take the day written in a file, which the test moves from 16 days ago
up to today. A runner saves a plan on page 03 for the left side, logs the strength
exercises after three roll-along sessions on page 04 (one first refused for a missing
answer) and the pain of those days on page 05; on day 10 page 04 shows the exercises a
level up. Today page 05, page 06 and ``rollbook week`` agree on the new levels, and the
calendar from page 03 prescribes each week differently.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest

from rollbook.clock import TODAY_FILE_ENV
from rollbook.dates import long_date
from rollbook.ui.verdicts import day_text

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import add_runner, wait_text
from .server import ServerHandle, start_server, stop_server
from .test_every_page import serious_axe_violations

BUILD = "03_build_your_plan.ipynb"
ROLL = "04_roll_along.ipynb"
TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Journey Jo"
REVIEW_REASON = "Calf settled; review after the next long run"
EXERCISES = ("calf-raise", "calf-raise-bent-knee")
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=16)  # today is in week 3 of the plan
WEEK_ONE = [START, START + dt.timedelta(days=2), START + dt.timedelta(days=4)]
WEEK_TWO = START + dt.timedelta(days=9)


@pytest.fixture(scope="module")
def clock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerHandle, Path]]:
    """An empty app on the test clock (and ROLLBOOK_FAST, so sessions run quickly)."""
    base = tmp_path_factory.mktemp("journey")
    today_file = base / "today"
    handle = start_server(
        base / "home", extra_env={"ROLLBOOK_FAST": "1", TODAY_FILE_ENV: str(today_file)}
    )
    yield handle, today_file
    stop_server(handle)


def _set_day(path: Path, day: dt.date) -> None:
    path.write_text(day.isoformat(), encoding="ascii")


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _save_plan_on_page_03(page: Any, url: str) -> None:
    open_page(page, url, BUILD)
    add_runner(page, NAME)
    radios = page.locator(".rb-flag input[value=no]")
    radios.first.wait_for(state="visible")
    for index in range(radios.count()):
        radios.nth(index).check()
    page.locator(".rb-site-achilles input").check()
    page.locator(".rb-pain-achilles input[type=range]").fill("4")
    page.locator(".rb-side .rb-choice-left input").check()
    wait_text(page, ".rb-rolling-table", "each leg, start with the left leg")
    page.locator("button.rb-save-plan").click()
    wait_text(page, ".rb-save-message", f"The plan starts on {_words(START)}, for your left side")
    page.locator("a.rb-download").nth(1).wait_for(state="visible", timeout=120_000)
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "journey-03-saved")
    page.locator(".rb-pb-pain").screenshot(path=str(_artifact("journey-03-side")))


def _artifact(name: str) -> Path:
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def _finish_session(page: Any, url: str) -> None:
    open_page(page, url, ROLL)
    page.locator("button.rb-ra-start").click()
    page.locator("button.rb-ra-end").click()
    page.locator(".rb-ra-finish").wait_for(state="visible")
    page.locator(f".rb-ex-{EXERCISES[-1]}").wait_for(state="visible")


def _answer(page: Any, exercise: str, pain: str, feel: str | None) -> None:
    card = page.locator(f".rb-ex-{exercise}")
    card.locator(".rb-ex-done .rb-choice-yes input").check()
    card.locator(".rb-ex-pain input[type=range]").wait_for(state="visible")
    card.locator(".rb-ex-pain input[type=range]").fill(pain)
    page.wait_for_function(
        "([s, v]) => document.querySelector(s).innerText.startsWith(v)",
        arg=[f".rb-ex-{exercise} .rb-ex-pain output", pain],
    )
    if feel is not None:
        card.locator(f".rb-ex-feel .rb-choice-{feel} input").check()


def _log_exercises_on_page_04(
    page: Any, url: str, home: Path, day: dt.date, level: int, *, first: bool = False
) -> None:
    _finish_session(page, url)
    for exercise in EXERCISES:
        assert f"Level {level} of 3" in page.locator(f".rb-ex-{exercise}").inner_text()
    if first:  # one answer missing: a clear message, and nothing is saved
        _answer(page, EXERCISES[0], "1", None)
        page.locator("button.rb-ra-save").click()
        wait_text(page, ".rb-ra-save-message", "say how it felt: easy, ok or hard")
        with store_at(home) as store:
            profile = store.find_profile(NAME)
            assert profile is not None
            assert store.get_entry(profile, day) is None and store.list_sessions(profile) == []
    for exercise in EXERCISES:
        _answer(page, exercise, "1", "easy")
    page.wait_for_timeout(300)  # the last click reaches the kernel before Save
    page.locator("button.rb-ra-save").click()
    wait_text(page, ".rb-ra-save-message", "Exercises logged: 2.")
    if first:
        assert serious_axe_violations(page) == []
        assert_no_leaks(page)
        shots(page, "journey-04-exercises")
        page.locator(".rb-ex-log").screenshot(path=str(_artifact("journey-04-cards")))


def _log_pain_on_page_05(page: Any, url: str, days: list[dt.date]) -> None:
    """Pain during, after and the next morning for each day, as the runner logs it."""
    open_page(page, url, TRACK)
    page.locator(".rb-site-row-achilles").wait_for(state="visible")
    for day in days:
        page.locator(".rb-log-date input").fill(day.isoformat())
        # The roll-along saved that day: the form loads it (and clears the scores).
        wait_text(page, ".rb-log-date-note", f"You already logged {day_text(day, TODAY)}")
        row = page.locator(".rb-site-row-achilles")
        for measure in ("during", "after", "morning"):
            row.locator(f".rb-pain-{measure} select").select_option(label="1")
        page.wait_for_timeout(300)
        page.locator("button.rb-log-save").click()
        wait_text(page, ".rb-log-msg", f"Updated {day_text(day, TODAY)}")


def _cli_week(handle: ServerHandle) -> dict[str, Any]:
    env = dict(os.environ, ROLLBOOK_HOME=str(handle.home))
    out = subprocess.run(
        [sys.executable, "-m", "rollbook", "week", "--profile", NAME, "--format", "json"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def _calendar_days(data: bytes) -> dict[dt.date, str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {e.decoded("dtstart"): str(e.get("description")) for e in calendar.walk("VEVENT")}


def test_a_plan_moves_up_over_simulated_weeks(
    page: Any, clock_server: tuple[ServerHandle, Path], tmp_path: Path
) -> None:
    handle, today_file = clock_server
    _set_day(today_file, START)
    _save_plan_on_page_03(page, handle.url)
    with store_at(handle.home) as store:
        profile = store.find_profile(NAME)
        assert profile is not None
        saved = store.current_plan(profile)
        assert saved is not None
        assert (saved.inputs["start"], saved.inputs["side"]) == (START.isoformat(), "left")

    for number, day in enumerate(WEEK_ONE):
        _set_day(today_file, day)
        _log_exercises_on_page_04(page, handle.url, handle.home, day, 1, first=number == 0)
    _log_pain_on_page_05(page, handle.url, WEEK_ONE)

    # Week 2: three easy sessions that settled by the next morning moved both up a level.
    _set_day(today_file, WEEK_TWO)
    _log_exercises_on_page_04(page, handle.url, handle.home, WEEK_TWO, 2)
    _log_pain_on_page_05(page, handle.url, [WEEK_TWO])
    with store_at(handle.home) as store:
        profile = store.find_profile(NAME)
        assert profile is not None
        sessions = store.list_sessions(profile)
    assert [s.date for s in sessions] == sorted([*WEEK_ONE, WEEK_TWO] * 2)

    # Today (week 3): the pages and the command agree.
    today_file.unlink()
    week = _cli_week(handle)
    assert {e["exercise"]: e["level"] for e in week["exercises"]} == dict.fromkeys(EXERCISES, 2)
    open_page(page, handle.url, TRACK)
    wait_text(page, ".rb-week", "This week's plan (week 3)")
    text = page.locator(".rb-week").inner_text()
    assert "level 2 of 3" in text and "level 1 of 3" not in text
    assert "move up to level 3" in text  # the next step from level 2
    assert f"Next review: {long_date(dt.date.fromisoformat(week['review_on']))}" in text

    open_page(page, handle.url, CLINIC)
    page.locator(".rb-clinic-open select").select_option(label=NAME)
    wait_text(page, ".rb-clinic-detail", "Progress of the plan")
    detail = page.locator(".rb-progress").inner_text()
    assert "Stage: week 3 of the plan" in detail
    assert "Calf raise, straight knee: level 2 of 3" in detail

    # The clinician moves the next review, with a reason; page 05 and the calendar follow.
    review = TODAY + dt.timedelta(days=10)
    page.locator(".rb-adjust-kind select").select_option(label="Set the next review")
    page.locator(".rb-adjust-review input").fill(review.isoformat())
    page.locator(".rb-adjust-review input").press("Tab")
    page.locator(".rb-adjust-reason input").fill(REVIEW_REASON)
    page.locator(".rb-adjust-reason input").press("Tab")
    page.locator("button.rb-adjust-save").click()
    wait_text(page, ".rb-adjust-msg", f"Saved. {NAME} will see this change")
    wait_text(page, ".rb-progress", REVIEW_REASON)
    assert _cli_week(handle)["review_on"] == review.isoformat()
    open_page(page, handle.url, TRACK)
    wait_text(page, ".rb-week", REVIEW_REASON)
    assert f"Next review: {long_date(review)}" in page.locator(".rb-week").inner_text()

    # Page 03 offers the saved plan's calendar: week 1 at level 1, week 2 at level 2.
    open_page(page, handle.url, BUILD)
    links = page.locator("a.rb-download")
    links.nth(1).wait_for(state="visible", timeout=60_000)
    with page.expect_download() as ics_download:
        page.locator("a.rb-download[download$='.ics']").click()
    ics_path = tmp_path / "plan.ics"
    ics_download.value.save_as(ics_path)
    days = _calendar_days(ics_path.read_bytes())
    first_week, second_week = (
        " ".join(t for d, t in days.items() if 0 <= (d - START).days - 7 * n < 7) for n in (0, 1)
    )
    assert "Calf raise, straight knee, level 1" in first_week
    assert "Calf raise, straight knee, level 2" not in first_week
    assert "Calf raise, straight knee, level 2" in second_week
    assert "Calf raise, straight knee, level 1" not in second_week
    assert max(days) == review and days[review].startswith("See your clinician")
    assert all("Download the calendar again after the review" in t for t in days.values())
    with page.expect_download() as pdf_download:
        page.locator("a.rb-download[download$='-this-week.pdf']").click()
    pdf_path = tmp_path / "week.pdf"
    pdf_download.value.save_as(pdf_path)
    from pypdf import PdfReader

    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages).split())
    assert "This week: week 3 of your plan" in flat and NAME in flat
