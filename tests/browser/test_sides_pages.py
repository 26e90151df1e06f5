"""Sides on pages 05 and 06: a runner whose plan is for both sides logs the left and
the right apart, and both pages chart them as separate, labelled panels."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rollbook.plan import PlanInput, build_plan
from rollbook.records import LogEntry, SitePain
from rollbook.ui.verdicts import day_text

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Two Knees Kit"


def _seed(handle: ServerHandle) -> None:
    """A plan for both knees, and two earlier days logged per side."""
    store = store_at(handle.home)
    today = dt.date.today()
    profile = store.find_profile(NAME) or store.add_profile(NAME)
    inp = PlanInput(pain={"knee": 4}, name=NAME)
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], side="both")
    store.save_plan(profile, inputs, build_plan(inp).to_dict())
    for back, (left, right) in ((3, (2, 6)), (2, (2, 5))):
        pains = (SitePain("knee", left, side="left"), SitePain("knee", right, side="right"))
        store.save_entry(profile, LogEntry(today - dt.timedelta(days=back), pains, km=4.0))
    store.close()


def test_runner_logs_left_and_right_and_both_pages_chart_them_apart(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle)
    today = dt.date.today()
    open_page(page, voila_server, TRACK)
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    row = page.locator(".rb-site-row-knee")
    row.wait_for(state="visible")
    # Each score's label names its side (the label is the select's accessible name).
    label = row.locator(".rb-side-right .rb-pain-during label")
    assert label.inner_text().startswith("Right side: worst pain during")
    row.locator(".rb-side-left .rb-pain-during select").select_option(label="1")
    row.locator(".rb-side-right .rb-pain-during select").select_option(label="4")
    row.locator(".rb-side-right .rb-pain-after select").select_option(label="3")
    page.locator(".rb-log-km input").fill("5")
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(300)
    page.locator("button.rb-log-save").click()
    wait_text(page, ".rb-log-msg", f"Saved {day_text(today, today)}")

    with store_at(voila_handle.home) as store:
        profile = store.find_profile(NAME)
        assert profile is not None
        saved = store.get_entry(profile, today)
    assert saved is not None
    assert [(p.where, p.during, p.after) for p in saved.pains] == [
        ("left knee", 1, None),
        ("right knee", 4, 3),
    ]
    # The chart is redrawn after the save: wait for the new day in its alt text.
    page.wait_for_function(
        "t => { const i = document.querySelector('.rb-track-charts .rb-chart-pain img');"
        " return i && i.alt.includes(t); }",
        arg="1/10 on the left",
        timeout=60_000,
    )
    alt = page.locator(".rb-track-charts .rb-chart-pain img").get_attribute("alt") or ""
    assert "Each side has its own panel: left side and right side." in alt
    assert "pain during running was 1/10 on the left and 4/10 on the right" in alt
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "sides-track")
    row.screenshot(path=str(_artifact("sides-track-form")))
    page.locator(".rb-track-charts .rb-chart-pain").screenshot(
        path=str(_artifact("sides-track-chart"))
    )

    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-search input").fill("Two Knees")
    page.locator(".rb-clinic-search input").press("Tab")
    wait_text(page, ".rb-clinic-table", NAME)
    page.locator(".rb-clinic-open select").select_option(label=NAME)
    chart = page.locator(".rb-clinic-detail .rb-chart-pain img")
    chart.wait_for(state="visible", timeout=60_000)
    assert "Each side has its own panel: left side and right side." in (
        chart.get_attribute("alt") or ""
    )
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "sides-clinician")


def _artifact(name: str) -> Any:
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
