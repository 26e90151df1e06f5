"""Page 05: a runner uploads a Strava export zip, checks the summary, and saves the runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rollbook.records import LogEntry, SitePain

from .. import runfiles as rf
from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"


def _export(tmp_path: Path, days: list[dt.date]) -> Path:
    entries = []
    for i, day in enumerate(days):
        # Midday UTC: the same calendar day wherever the test machine is.
        start = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
        maker = (rf.gpx, rf.tcx, rf.fit)[i % 3]
        ext = ("gpx", "tcx", "fit")[i % 3]
        shape = rf.Shape(start=start, km=5.0 + i, step_s=10)
        entries.append(rf.Entry(i + 1, "Run", f"activities/{i + 1}.{ext}.gz", rf.gz(maker(shape))))
    ride = rf.Shape(
        start=dt.datetime(days[0].year, days[0].month, days[0].day, 15, tzinfo=dt.UTC),
        km=25,
        kmh=24,
        step_s=20,
    )
    entries.append(rf.Entry(99, "Ride", "activities/99.gpx.gz", rf.gz(rf.gpx(ride, sport=None))))
    entries.append(rf.Entry(98, "Run", "", b""))  # typed into Strava by hand: no file
    path = tmp_path / "export_12345.zip"
    path.write_bytes(rf.strava_zip(entries))
    return path


def test_runner_imports_a_strava_zip_on_page_05(
    page: Any, voila_server: str, voila_handle: ServerHandle, tmp_path: Path
) -> None:
    today = dt.date.today()
    days = [today - dt.timedelta(days=n) for n in (6, 4, 2)]
    store = store_at(voila_handle.home)
    runner = store.add_profile("Zip Runner")
    # A day logged by hand before the import: its pain scores and note must stay.
    store.save_entry(
        runner, LogEntry(days[1], pains=(SitePain("knee", 3, 2),), km=3.0, note="knee a bit sore")
    )

    open_page(page, voila_server, TRACK)
    page.locator(".rb-profile-chooser select").select_option(label="Zip Runner")
    page.wait_for_selector(".rb-runs-upload", state="visible")
    with page.expect_file_chooser() as chooser:
        page.locator("button.rb-runs-upload").click()
    chooser.value.set_files(str(_export(tmp_path, days)))

    wait_text(page, ".rb-runs-summary", "Ready to save 3 runs.", timeout=90_000)
    summary = page.inner_text(".rb-runs-summary")
    assert "3 km → 6 km" in summary  # the hand-logged day: 3 km typed, a 6 km run
    assert "Strava lists it as a Ride, not a run" in summary
    assert "typed into Strava by hand" in summary
    assert store.runs(runner) == []  # nothing is saved before the runner confirms
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "runs-import-summary")

    page.locator("button.rb-runs-save").click()
    wait_text(page, ".rb-runs-status", "Saved 3 runs; 3 days changed in your log.", timeout=90_000)
    page.wait_for_selector(".rb-chart-runs img")
    alt = page.locator(".rb-chart-runs img").get_attribute("alt")
    assert alt and "longest was 7.0 km" in alt
    kept = store.get_entry(runner, days[1])
    assert kept is not None and kept.note == "knee a bit sore"
    assert kept.pains == (SitePain("knee", 3, 2),) and round(kept.km) == 6
    new_day = store.get_entry(runner, days[0])  # a day the watch alone filled in
    assert new_day is not None and new_day.runs_only and not new_day.pains
    assert [round(r.km) for r in store.runs(runner)] == [5, 6, 7]
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "runs-import-saved")

    # The same zip again adds nothing.
    with page.expect_file_chooser() as chooser:
        page.locator("button.rb-runs-upload").click()
    chooser.value.set_files(str(tmp_path / "export_12345.zip"))
    wait_text(page, ".rb-runs-status", "already in your log", timeout=90_000)
    assert len(store.runs(runner)) == 3
