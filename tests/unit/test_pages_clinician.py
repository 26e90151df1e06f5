"""Page 06's page model: the table, the detail and the PDF judge a runner alike.

Watch runs change the pain model's load guard (a day of two short runs is not one
long run), so every place that judges a runner must read them. Before the page model,
the runners table and the follow-up PDF counted each day as one run while the detail
below the table counted each run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rollbook.export.report import ReportData, summary_lines
from rollbook.pages.clinician import clinic_rows, read_runner
from rollbook.records import LogEntry, Profile, SitePain
from rollbook.runs.record import Run
from rollbook.store import Store, open_store
from rollbook.ui.clinician import ClinicianPage

TODAY = dt.date(2026, 11, 25)


def run(day: dt.date, hour: int, km: float) -> Run:
    start = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
    return Run(
        day, start, km, int(km * 330), f"run-{day}-{hour}.gpx", f"fingerprint-{day}-{hour:02d}"
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "db.sqlite")


def two_runs_today(store: Store) -> Profile:
    """Steady 8 km runs every other day for a month by hand, then two 5 km runs today
    from the watch.

    The week's distance rises less than the pain model's weekly limit. Counted per
    run, nothing is longer than usual; counted per day, today is a 10 km run, 25 %
    longer than the longest run of the month (a single-run spike).
    """
    ann = store.add_profile("Ann")
    for days_ago in range(2, 30, 2):
        day = TODAY - dt.timedelta(days=days_ago)
        store.save_entry(ann, LogEntry(day, (SitePain("knee", 1, 1, 1),), km=8), today=TODAY)
    store.add_runs(ann, [run(TODAY, 7, 5), run(TODAY, 18, 5)], today=TODAY)
    store.save_entry(ann, LogEntry(TODAY, (SitePain("knee", 1, 1),), km=10), today=TODAY)
    return ann


def test_the_runner_is_judged_per_run_when_the_watch_says_so(store: Store) -> None:
    ann = two_runs_today(store)
    record = read_runner(store, ann)
    assert [(r.date, r.km) for r in record.runs] == [(TODAY, 5), (TODAY, 5)]
    per_run = record.status(TODAY)
    assert per_run.load is not None and not per_run.load["spike"]
    assert per_run.week is not None and per_run.week.action == "keep"
    # The same log counted one run a day does see a spike: the runs are what differ.
    from rollbook import clinic

    per_day = clinic.runner_status(record.entries, record.psfs, record.plan, today=TODAY)
    assert per_day.load is not None and per_day.load["run_spike"]
    assert per_day.week is not None and per_day.week.action != "keep"


def test_table_detail_and_report_give_the_same_advice(store: Store) -> None:
    ann = two_runs_today(store)
    record = read_runner(store, ann)
    action = record.status(TODAY).week
    assert action is not None
    (row,) = clinic_rows(store, TODAY)
    assert row.action == action.action
    lines = summary_lines(
        ReportData(
            name="Ann",
            entries=record.entries,
            psfs=record.psfs,
            plans=record.plans,
            today=TODAY,
            runs=record.guard_runs(),
        )
    )
    assert not any("load spike" in line for line in lines)
    page = ClinicianPage(store, today=lambda: TODAY)
    assert page.rows == [row]
    page.chooser.value = ann.id
    assert "<strong>Running advice now:</strong>" in page.detail.value
    page.close()


def test_a_runner_without_runs_counts_each_logged_day_as_one_run(store: Store) -> None:
    bea = store.add_profile("Bea")
    store.save_entry(bea, LogEntry(TODAY, (SitePain("knee", 2, 2),), km=5), today=TODAY)
    record = read_runner(store, bea)
    assert record.runs == () and record.guard_runs() == [(TODAY, 5.0)]
    assert record.plan is None
