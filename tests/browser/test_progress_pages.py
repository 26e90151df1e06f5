"""Pages 05 and 06 as people use them: a runner logs and fixes days; a clinician reviews."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.ui.verdicts import day_text

from .conftest import (
    assert_no_leaks,
    open_page,
    shots,
    store_at,
)
from .pageactions import add_runner, choose_csv_file, wait_text
from .server import ServerHandle
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"


def _log_day(page: Any, day: dt.date, during: str, after: str, km: str) -> None:
    page.locator(".rb-log-date input").fill(day.isoformat())
    # Moving off a saved day clears the form; wait for that before typing.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.rb-log .rb-pain select')]"
        ".every(s => s.value === 'Not filled in')",
        timeout=30_000,
    )
    page.locator(".rb-site-row-knee .rb-pain-during select").select_option(label=during)
    page.locator(".rb-site-row-knee .rb-pain-after select").select_option(label=after)
    page.locator(".rb-log-km input").fill(km)
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(300)
    page.locator("button.rb-log-save").click()


def test_runner_logs_edits_undoes_and_moves_the_log(
    page: Any, voila_server: str, voila_handle: ServerHandle, tmp_path: Path
) -> None:
    today = dt.date.today()
    days = [today - dt.timedelta(days=2), today - dt.timedelta(days=1), today]
    open_page(page, voila_server, TRACK)
    add_runner(page, "Track Tester")
    wait_text(page, ".rb-track-intro", "No days logged yet")
    shots(page, "progress-empty")

    page.locator(".rb-add-site select").select_option(label="Front of knee")
    page.locator("button.rb-add-site-button").click()
    page.wait_for_selector(".rb-site-row-knee .rb-pain-during select")

    _log_day(page, days[0], "2", "2", "5")
    wait_text(page, ".rb-log-msg", f"Saved {day_text(days[0], today)}")
    wait_text(page, ".rb-track-advice", "Keep going")
    alt = page.locator(".rb-chart-pain img").get_attribute("alt")
    assert alt and alt.startswith("Pain and running.")
    assert page.locator(".rb-chart-pain figcaption").is_visible()

    _log_day(page, days[1], "5", "4", "6")
    wait_text(page, ".rb-log-msg", f"Saved {day_text(days[1], today)}")
    wait_text(page, ".rb-track-advice", "Hold steady")
    _log_day(page, days[2], "3", "2", "4")
    wait_text(page, ".rb-log-msg", f"Saved {day_text(days[2], today)}")

    # Edit the first day: pick it in the list, load it, change the distance.
    first = page.locator(".rb-recent select option", has_text=day_text(days[0], today)).first
    page.locator(".rb-recent select").select_option(label=first.inner_text())
    page.locator("button.rb-recent-edit").click()
    # Set last by the kernel, after the form holds the day's values.
    wait_text(page, ".rb-recent-msg", f"{day_text(days[0], today)} is in the form below")
    page.locator(".rb-log-km input").fill("8")
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(300)
    page.locator("button.rb-log-save").click()
    wait_text(page, ".rb-log-msg", f"Updated {day_text(days[0], today)}")

    store = store_at(voila_handle.home)
    runner = store.find_profile("Track Tester")
    assert runner is not None
    entries = store.list_entries(runner)
    assert [e.date for e in entries] == days
    assert entries[0].km == 8.0
    assert entries[1].pains == (SitePain("knee", 5, 4, None),)

    # Delete a day, then undo: the exact entry comes back.
    before = store.get_entry(runner, days[1])
    label = page.locator(".rb-recent select option", has_text=day_text(days[1], today)).first
    page.locator(".rb-recent select").select_option(label=label.inner_text())
    page.locator("button.rb-recent-delete").click()
    wait_text(page, ".rb-recent-msg", f"Deleted {day_text(days[1], today)}")
    assert store.get_entry(runner, days[1]) is None
    page.locator("button.rb-undo").click()
    wait_text(page, ".rb-recent-msg", f"Restored {day_text(days[1], today)}")
    assert store.get_entry(runner, days[1]) == before
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "progress-logged")

    # Download the CSV and upload it into a new runner.
    with page.expect_download() as info:
        page.locator(".rb-csv-download a").click()
    csv_path = tmp_path / "log.csv"
    info.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8").startswith("date,site,")
    add_runner(page, "Track Copy")
    wait_text(page, ".rb-track-intro", "No days logged yet")
    choose_csv_file(page, csv_path)
    wait_text(page, ".rb-csv-msg", "Imported 3 entries")
    copy = store.find_profile("Track Copy")
    assert copy is not None
    assert store.list_entries(copy) == store.list_entries(runner)

    # A broken file imports nothing and lists each bad row.
    bad = tmp_path / "broken.csv"
    bad.write_text(
        "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
        f"{days[0].isoformat()},knee,3,3,,5,0,yes,\n"
        "2020-02-31,knee,3,3,,5,0,yes,\n"
        f"{days[1].isoformat()},<b>elbow</b>,12,3,,5,0,perhaps,\n",
        encoding="utf-8",
    )
    choose_csv_file(page, bad)
    wait_text(page, ".rb-csv-msg", "Nothing was imported")
    message = page.locator(".rb-csv-msg").inner_text()
    assert "Line 3" in message and "Line 4" in message
    assert "<b>elbow</b>" in message  # shown as typed, not as markup
    assert store.list_entries(copy) == store.list_entries(runner)
    assert_no_leaks(page)
    shots(page, "progress-bad-csv")


@pytest.fixture
def three_runners(voila_handle: ServerHandle) -> list[str]:
    """Seed three runners (keep, pause, hold) straight into the server's store."""
    store = store_at(voila_handle.home)
    today = dt.date.today()
    names = ["Clinic Ana", "Clinic <b>Ben</b> Ωø", "Clinic Cy"]
    pains = [2, 7, 4]
    for name, pain in zip(names, pains):
        profile = store.find_profile(name) or store.add_profile(name)
        for back in range(10):
            day = today - dt.timedelta(days=back)
            note = "Knee sore on hills <script>x()</script>" if back == 0 else ""
            store.save_entry(
                profile,
                LogEntry(
                    day, (SitePain("knee", pain, pain, 1),), km=5, done=back % 2 == 0, note=note
                ),
                today=today,
            )
        store.save_psfs(
            profile,
            PsfsRecord(today - dt.timedelta(days=14), (PsfsItem("Run 5 km", 3),)),
            today=today,
        )
        store.save_psfs(
            profile, PsfsRecord(today, (PsfsItem("Run 5 km", 3 + pain // 2),)), today=today
        )
        store.save_plan(
            profile,
            {"pain": {"knee": pain}, "minutes": 15, "run_days": 3},
            {"rolling": [{"target": "quads", "label": "Front of thigh", "seconds": 60, "sets": 2}]},
            created=dt.datetime.now() - dt.timedelta(days=20),
        )
        store.save_plan(
            profile,
            {"pain": {"knee": pain, "hip": 2}, "minutes": 20, "run_days": 3},
            {"rolling": [{"target": "glutes", "label": "Buttock", "seconds": 60, "sets": 2}]},
            created=dt.datetime.now() - dt.timedelta(days=5),
        )
    store.close()
    return names


def _table_names(page: Any) -> list[str]:
    return [c.strip() for c in page.locator(".rb-clinic-table td.rb-name").all_inner_texts()]


def test_clinician_sorts_opens_and_downloads_a_report(
    page: Any, voila_server: str, three_runners: list[str], tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    open_page(page, voila_server, CLINIC)
    assert page.get_by_role("note", name="Privacy").is_visible()
    page.locator(".rb-clinic-search input").fill("clinic")
    page.locator(".rb-clinic-search input").press("Tab")
    page.wait_for_function(
        "() => document.querySelectorAll('.rb-clinic-table td.rb-name').length === 3"
    )
    assert _table_names(page) == sorted(three_runners, key=str.casefold)

    page.locator(".rb-clinic-sort select").select_option(label="Running advice")
    page.locator(".rb-clinic-order select").select_option(label="High to low, Z to A")
    wait_text(page, ".rb-clinic-table caption", "running advice (high to low)")
    assert _table_names(page) == ["Clinic <b>Ben</b> Ωø", "Clinic Cy", "Clinic Ana"]

    page.locator(".rb-clinic-open select").select_option(label="Clinic <b>Ben</b> Ωø")
    wait_text(page, ".rb-clinic-detail", "What changed between plans")
    detail = page.locator(".rb-clinic-detail").inner_text()
    assert "Knee sore on hills <script>x()</script>" in detail
    assert "Pain sites added: Outer hip." in detail
    # Pain, activity ratings (PSFS) and leg function (LEFS): a picture, or its words
    # when there is nothing to plot yet.
    assert page.locator(".rb-clinic-detail .rb-figure").count() == 3
    assert page.locator(".rb-clinic-detail .rb-figure img").count() >= 1

    page.locator("button.rb-report-make").click()
    page.wait_for_selector(".rb-report-link a", timeout=60_000)
    with page.expect_download() as info:
        page.locator(".rb-report-link a").click()
    pdf_path = tmp_path / "report.pdf"
    info.value.save_as(pdf_path)
    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Clinic <b>Ben</b> Ωø" in text
    assert "Running advice now: Pause running (pause)" in text
    assert 1 <= len(reader.pages) <= 2
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    # At a clinic's desk (1280 px) every column of the runners table is in view; only a
    # phone scrolls it sideways (pages.toml marks page 06 wide).
    page.set_viewport_size({"width": 1280, "height": 800})
    wrap = page.locator(".rb-table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), (
        "the runners table scrolls at 1280 px"
    )
    # The wider page keeps its prose to a readable line: the share-file help (a widget)
    # and the references (a cell's HTML output) as well as the markdown.
    widest = page.locator(".rb-share-in p, .rb-references > li").evaluate_all(
        "ps => Math.max(...ps.map(p => p.getBoundingClientRect().width / "
        "parseFloat(getComputedStyle(document.documentElement).fontSize)))"
    )
    assert widest <= 50.5, f"prose on the wide page runs {widest:.0f}rem wide"
    shots(page, "clinician")
