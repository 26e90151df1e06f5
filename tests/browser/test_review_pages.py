"""Reviews on the pages: the LEFS on page 05, and a clinician's change on page 06.

Seeds a runner whose plan started 20 days ago (so the review is tomorrow and page 05
opens the LEFS form), with easy exercise sessions that moved a level up. The runner
fills in the LEFS as a person does; the clinician changes the plan on page 06 with a
reason, and page 05 then shows the change and the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import ExerciseSession, LefsRecord
from rollbook.records import LogEntry, SitePain

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Review Rae"


def _seed(handle: ServerHandle, name: str) -> None:
    store = store_at(handle.home)
    today = dt.date.today()
    start = today - dt.timedelta(days=20)
    profile = store.find_profile(name) or store.add_profile(name)
    inp = PlanInput(pain={"achilles": 4}, name=name)
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], start=start.isoformat(),
                  side="left")  # fmt: skip
    store.save_plan(profile, inputs, build_plan(inp).to_dict())
    for n in range(0, 6, 2):
        day = start + dt.timedelta(days=n)
        entry = LogEntry(day, (SitePain("achilles", 2, 2, 1),), km=3.0, done=True)
        store.save_day(profile, entry, [ExerciseSession(day, "calf-raise", 1, "easy")], today=today)
    store.save_lefs(profile, LefsRecord(start, (2,) * 20), today=today)
    store.close()


def _choose_runner(page: Any, name: str) -> None:
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=name)


def test_fill_in_the_lefs_on_page_05_and_see_the_review(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle, NAME)
    open_page(page, voila_server, TRACK)
    _choose_runner(page, NAME)
    wait_text(page, ".rb-review-summary", "Your review is on")
    summary = page.locator(".rb-review-summary").inner_text()
    assert "moved up from level 1 to level 2" in summary
    assert "To talk about with your clinician" in summary
    # The review is due, so the form is open: answer all but one and save.
    page.wait_for_selector(".rb-lefs-q-20 select", state="visible")
    for number in range(1, 20):
        page.locator(f".rb-lefs-q-{number} select").select_option(index=4)  # score 3
    page.locator("button.rb-lefs-save").click()
    wait_text(page, ".rb-lefs-msg", "Not answered yet: question 20.")
    page.locator(".rb-lefs-q-20 select").select_option(index=5)  # score 4
    page.locator("button.rb-lefs-save").click()
    wait_text(page, ".rb-lefs-msg", "Saved your LEFS for today: 61 out of 80.")
    wait_text(page, ".rb-review-summary", "your scores are in")
    summary = page.locator(".rb-review-summary").inner_text()
    assert "40 then 61 out of 80 (+21 points), a change that matters" in summary
    wait_text(page, ".rb-lefs-chart", "went from 40 to 61")
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "review-track")


def test_adjust_on_page_06_with_a_reason_and_see_it_on_page_05(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    name, reason = "Adjusted Abe", "Calf sore on stairs, seen in clinic"
    _seed(voila_handle, name)
    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-search input").fill(name)
    page.locator(".rb-clinic-search input").press("Tab")
    wait_text(page, ".rb-clinic-table", name)
    page.locator(".rb-clinic-open select").select_option(label=name)
    wait_text(page, ".rb-clinic-detail", "Progress of the plan")
    wait_text(page, ".rb-clinic-detail", "first leg function score is 40")  # LEFS chart
    page.locator(".rb-adjust-kind select").select_option(label="Change an exercise's dose")
    page.locator(".rb-adjust-exercise select").select_option(label="Calf raise, bent knee")
    page.locator(".rb-adjust-sets select").select_option(label="2")
    page.locator(".rb-adjust-amount input").fill("10")
    page.locator(".rb-adjust-amount input").press("Tab")
    page.locator("button.rb-adjust-save").click()
    wait_text(page, ".rb-adjust-msg", "Give a short reason")
    page.locator(".rb-adjust-reason input").fill(reason)
    page.locator(".rb-adjust-reason input").press("Tab")
    page.locator("button.rb-adjust-save").click()
    wait_text(page, ".rb-adjust-msg", f"Saved. {name} will see this change")
    wait_text(page, ".rb-progress", reason)
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "review-clinician")

    open_page(page, voila_server, TRACK)
    _choose_runner(page, name)
    wait_text(page, ".rb-week", reason)
    assert (
        "Your clinician set Calf raise, bent knee to 2 x 10"
        in page.locator(".rb-week").inner_text()
    )
    wait_text(page, ".rb-review-summary", reason)
    assert_no_leaks(page)
