"""One runner, three places: page 05, page 06 and `rollbook status` give the same verdict.

The pain model is the one home of the advice (issue 14). This journey seeds a runner
whose morning pain has not settled and whose distance jumped, then reads the action
and its reasons as a runner (page 05), a clinician (page 06) and the command line see
them, and checks that they agree word for word.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

from rollbook import painmodel
from rollbook.records import LogEntry, SitePain

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Same Runner Sam"


def _seed(handle: ServerHandle) -> None:
    """Two calm weeks, then a week of unsettled mornings and much more running."""
    store = store_at(handle.home)
    today = dt.date.today()
    profile = store.find_profile(NAME) or store.add_profile(NAME)
    for back in range(21):
        day = today - dt.timedelta(days=20 - back)
        recent = back >= 14
        pain = SitePain("knee", 4 if recent else 2, 3 if recent else 2, 5 if recent else 1)
        store.save_entry(profile, LogEntry(day, (pain,), km=6.0 if recent else 2.0), today=today)
    store.close()


def _cli_status(handle: ServerHandle) -> dict[str, Any]:
    env = dict(os.environ, ROLLBOOK_HOME=str(handle.home))
    out = subprocess.run(
        [sys.executable, "-m", "rollbook", "status", "--profile", NAME, "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_pages_05_and_06_show_what_rollbook_status_says(
    page: Any, voila_server: str, voila_handle: ServerHandle
) -> None:
    _seed(voila_handle)
    status = _cli_status(voila_handle)
    assert status["action"] == "cut-back"
    assert status["load"]["spike"] is True
    label = painmodel.action_info(status["action"]).label
    reasons = status["reasons"]
    assert any("had not settled" in r for r in reasons)
    assert any("more than your recent average" in r for r in reasons)

    # Page 05, as the runner sees it.
    open_page(page, voila_server, TRACK)
    page.wait_for_selector(".rb-profile-chooser select")
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    wait_text(page, ".rb-track-advice", "What to do now")
    block = page.locator(".rb-track-advice .rb-advice").first
    text = block.inner_text()
    assert label in text
    for reason in reasons:
        assert reason in text
    assert status["week"]["advice"] in text
    assert (
        f"{status['load']['last_7_km']:g} km in the last 7 days"
        in page.locator(".rb-track-advice").inner_text()
    )
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "painmodel-track")

    # Page 06, as the clinician sees the same runner.
    open_page(page, voila_server, CLINIC)
    page.locator(".rb-clinic-search input").fill("Same Runner")
    page.locator(".rb-clinic-search input").press("Tab")
    wait_text(page, ".rb-clinic-table", NAME)
    assert label in page.locator(".rb-clinic-table").inner_text()
    page.locator(".rb-clinic-open select").select_option(label=NAME)
    wait_text(page, ".rb-clinic-detail", "Running advice now")
    detail = page.locator(".rb-clinic-detail").inner_text()
    assert label in detail
    for reason in reasons:
        assert reason in detail
    assert status["week"]["advice"] in detail
    assert serious_axe_violations(page) == []
    assert_no_leaks(page)
    shots(page, "painmodel-clinician")
