"""Plans that move, on the pages: page 05 shows this week, page 06 the progress.

Seeds a runner whose saved plan started three weeks ago, with easy settled exercise
sessions (so a level moved up), a clinician's change with its reason and two LEFS
scores; then checks that pages 05 and 06 show what `rollbook week` says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

from rollbook.dates import long_date
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import Adjustment, ExerciseSession, LefsRecord
from rollbook.records import LogEntry, SitePain

from .conftest import assert_no_leaks, open_page, shots, store_at
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Moving Plan Mo"
REASON = "Knee sore on stairs, seen in clinic"


def _wait_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
        arg=[selector, text],
        timeout=60_000,
    )


def _seed(handle: ServerHandle) -> None:
    store = store_at(handle.home)
    today = dt.date.today()
    start = today - dt.timedelta(days=20)
    profile = store.find_profile(NAME) or store.add_profile(NAME)
    inp = PlanInput(pain={"achilles": 4}, name=NAME)
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], start=start.isoformat(),
                  side="left")  # fmt: skip
    store.save_plan(profile, inputs, build_plan(inp).to_dict())
    for n in range(0, 12, 2):
        day = start + dt.timedelta(days=n)
        entry = LogEntry(day, (SitePain("achilles", 2, 2, 1),), km=3.0, done=True)
        store.save_day(profile, entry, [ExerciseSession(day, "calf-raise", 2, "easy")], today=today)
    store.add_adjustment(
        profile,
        Adjustment(start + dt.timedelta(days=13), "dose",
                   {"exercise": "calf-raise-bent-knee", "sets": 2, "reps": 10}, REASON),
    )  # fmt: skip
    store.save_lefs(profile, LefsRecord(start, (2,) * 20), today=today)
    store.save_lefs(profile, LefsRecord(today, (3,) * 20), today=today)
    store.close()


def _cli_week(handle: ServerHandle) -> dict[str, Any]:
    env = dict(os.environ, ROLLBOOK_HOME=str(handle.home))
    out = subprocess.run(
        [sys.executable, "-m", "rollbook", "week", "--profile", NAME, "--format", "json"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_pages_05_and_06_show_the_week_rollbook_week_gives(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle)
    week = _cli_week(voila_handle)
    levels = {e["exercise"]: e["level"] for e in week["exercises"]}
    assert levels["calf-raise"] == 3

    open_page(page, voila_server, TRACK)
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    _wait_text(page, ".rb-week", "This week's plan (week 3)")
    text = page.locator(".rb-week").inner_text()
    assert f"Next review: {long_date(dt.date.fromisoformat(week['review_on']))}" in text
    assert "level 3 of 3" in text and "level 1 of 3" in text
    for item in week["exercises"]:
        assert item["next_step"] in text
    assert REASON in text and "2 x 10" in text
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "week-track")

    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-search input").fill("Moving Plan")
    page.locator(".rb-clinic-search input").press("Tab")
    _wait_text(page, ".rb-clinic-table", NAME)
    page.locator(".rb-clinic-open select").select_option(label=NAME)
    _wait_text(page, ".rb-clinic-detail", "Progress of the plan")
    detail = page.locator(".rb-progress").inner_text()
    assert "Stage: week 3 of the plan" in detail
    assert "Calf raise, straight knee: level 3 of 3" in detail
    assert "LEFS (leg function, 0 to 80): 40" in detail and "+20" in detail
    assert REASON in detail
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "week-clinician")
