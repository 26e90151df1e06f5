"""Page 06: the runners table's stage, walk-run and PSFS/LEFS columns, and a clinician
starting and ending the walk-run plan with a reason the runner then sees on page 05.

Seeds a runner whose plan started 20 days ago, with two PSFS ratings and two LEFS
scorings; the clinician reads the table (also at phone width), starts the walk-run
plan at step 2 (first refused for want of a reason), sees it on page 05, then ends it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rollbook.content.progressfile import load_progression
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import LefsRecord
from rollbook.records import PsfsItem, PsfsRecord

from .conftest import ARTIFACTS, assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Ladder Lou"


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
    store.save_psfs(profile, PsfsRecord(start, (PsfsItem("Running", 3),)), today=today)
    store.save_psfs(profile, PsfsRecord(today, (PsfsItem("Running", 6),)), today=today)
    store.save_lefs(profile, LefsRecord(start, (2,) * 20), today=today)
    store.save_lefs(profile, LefsRecord(today, (3,) * 20), today=today)
    store.close()


def _row_text(page: Any) -> str:
    row = page.locator(".rb-clinic-table tbody tr", has_text=NAME)
    return str(row.inner_text())


def test_walk_run_plan_on_page_06_and_the_new_columns(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle)
    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-search input").fill(NAME)
    page.locator(".rb-clinic-search input").press("Tab")
    wait_text(page, ".rb-clinic-table", NAME)
    heads = page.locator(".rb-clinic-table thead").inner_text()
    for head in ("Stage", "Walk-run", "PSFS change", "LEFS change"):
        assert head in heads
    row = _row_text(page)
    assert "week 3" in row and "not on it" in row
    assert "+3.0: better, a change that matters (MCID 2)" in row
    assert "+20: better, a change that matters (MCID 9)" in row
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)
    page.locator(".rb-table-wrap").screenshot(path=str(ARTIFACTS / "ladder-table-390.png"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_timeout(400)
    page.locator(".rb-table-wrap").screenshot(path=str(ARTIFACTS / "ladder-table-1280.png"))

    page.locator(".rb-clinic-open select").select_option(label=NAME)
    wait_text(page, ".rb-ladder-now", "running as normal")
    assert not page.locator("button.rb-ladder-end").is_visible()
    second = load_progression().phase[1].label
    page.locator(".rb-ladder-step select").select_option(label=f"2. {second}")
    page.locator("button.rb-ladder-start").click()
    wait_text(page, ".rb-ladder-msg", "Give a short reason")
    reason = "Two weeks off with a cold; build back up"
    page.locator(".rb-ladder-reason input").fill(reason)
    page.locator(".rb-ladder-reason input").press("Tab")
    page.locator("button.rb-ladder-start").click()
    wait_text(page, ".rb-ladder-msg", f"Saved. {NAME} will see this change")
    wait_text(page, ".rb-ladder-now", "walk-run step 2 of")
    wait_text(page, ".rb-clinic-table", "step 2 of")
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "ladder-clinician")

    open_page(page, voila_server, TRACK)
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    wait_text(page, ".rb-week", reason)
    assert "Walk-run plan, step 2" in page.locator(".rb-week").inner_text()

    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-open select").select_option(label=NAME)
    page.locator("button.rb-ladder-end").wait_for(state="visible")
    page.locator(".rb-ladder-reason input").fill("Runs 30 minutes with no pain")
    page.locator(".rb-ladder-reason input").press("Tab")
    page.locator("button.rb-ladder-end").click()
    wait_text(page, ".rb-ladder-msg", "Saved.")
    wait_text(page, ".rb-ladder-now", "running as normal")
    assert_no_leaks(page)
