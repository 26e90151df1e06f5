"""The "Import runs" section of page 05 and the runs facts on the clinician page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rollbook.records import LogEntry, SitePain
from rollbook.runs import Run
from rollbook.store import SqliteStore
from rollbook.ui.clinician import ClinicianPage
from rollbook.ui.runs_import import MAX_PAGE_UPLOAD_BYTES, runs_facts_html, upload_files
from rollbook.ui.track import TrackPage

from .. import runfiles as rf

UTC = dt.UTC
TODAY = dt.date(2024, 3, 20)
LABELS = {"knee": "Knee"}


def _start(day: int, hour: int = 7) -> dt.datetime:
    return dt.datetime(2024, 3, day, hour, tzinfo=UTC)


def _export() -> bytes:
    runs = [
        rf.Entry(i, "Run", f"activities/{i}.gpx.gz", rf.gz(rf.gpx(rf.Shape(_start(i), km=4 + i))))
        for i in range(1, 4)
    ]
    ride = rf.gz(rf.gpx(rf.Shape(_start(2, 17), km=20, kmh=20), sport=None))
    return rf.strava_zip([*runs, rf.Entry(9, "Ride", "activities/9.gpx.gz", ride)])


@pytest.fixture
def page(tmp_path: Path) -> TrackPage:
    store = SqliteStore(tmp_path / "rollbook.sqlite")
    ann = store.add_profile("Ann")
    store.save_entry(
        ann,
        LogEntry(dt.date(2024, 3, 2), pains=(SitePain("knee", 3, 2),), km=4, note="sore"),
        today=TODAY,
    )
    track = TrackPage(store, today=lambda: TODAY, site_labels=LABELS)
    track.runs_import.background = False
    track.runs_import.tz = UTC
    track._on_profile(ann)
    return track


def _upload(page: TrackPage, *files: tuple[str, bytes]) -> None:
    page.runs_import.upload.set_state(
        {
            "value": [
                {
                    "name": name,
                    "type": "application/octet-stream",
                    "size": len(data),
                    "last_modified": 0,
                    "content": memoryview(data),
                }
                for name, data in files
            ]
        }
    )


def test_zip_upload_shows_a_summary_and_saves_only_on_confirm(page: TrackPage) -> None:
    ann = page.profile
    assert ann is not None
    _upload(page, ("export.zip", _export()))
    section = page.runs_import
    assert "Ready to save 3 runs." in section.summary.value
    assert "2 Mar 2024: 4 km → 6 km" in section.summary.value
    assert "1 Mar 2024: new day, 5 km" in section.summary.value
    assert "Strava lists it as a Ride, not a run" in section.summary.value
    assert section.confirm.layout.display == "flex"
    assert page.store.runs(ann) == []  # nothing saved before the runner confirms
    section.save_button.click()
    assert "Saved 3 runs; 3 days changed" in section.status.value
    kept = page.store.get_entry(ann, dt.date(2024, 3, 2))
    assert kept is not None and kept.note == "sore" and kept.pains == (SitePain("knee", 3, 2),)
    assert kept.km == pytest.approx(6.0, abs=0.02)
    assert "rb-chart-runs" in section.chart.value
    # The page redrew: the recent-days list shows the new distance.
    assert any(f"{kept.km:g} km" in label for label, _ in page.recent.chooser.options)


def test_same_export_twice_has_nothing_new(page: TrackPage) -> None:
    _upload(page, ("export.zip", _export()))
    page.runs_import.save_button.click()
    _upload(page, ("export.zip", _export()))
    assert "already in your log" in page.runs_import.status.value
    assert page.runs_import.confirm.layout.display == "none"


def test_cancel_saves_nothing(page: TrackPage) -> None:
    _upload(page, ("a.gpx", rf.gpx(rf.Shape(_start(5)))))
    page.runs_import.cancel_button.click()
    assert page.profile is not None and page.store.runs(page.profile) == []
    assert "Nothing was saved" in page.runs_import.status.value


def test_bad_files_are_named_and_nothing_is_offered(page: TrackPage) -> None:
    _upload(page, ("good.gpx", rf.gpx(rf.Shape(_start(5)))), ("<b>bad</b>.fit", b"nope"))
    status = page.runs_import.status.value
    assert "Nothing was imported" in status and 'role="alert"' in status
    assert "&lt;b&gt;bad&lt;/b&gt;.fit: it is not a GPX, TCX or FIT file" in status
    assert page.runs_import.confirm.layout.display == "none"


def test_too_big_for_the_page(page: TrackPage) -> None:
    _upload(page, ("big.zip", b"PK\x03\x04" + b"\0" * MAX_PAGE_UPLOAD_BYTES))
    assert "rollbook runs import" in page.runs_import.status.value


def test_changing_runner_drops_what_was_read(page: TrackPage) -> None:
    _upload(page, ("a.gpx", rf.gpx(rf.Shape(_start(5)))))
    bob = page.store.add_profile("Bob")
    page._on_profile(bob)
    assert page.runs_import.pending == [] and page.runs_import.summary.value == ""


def test_upload_files_takes_only_well_formed_items() -> None:
    good = {"name": "a.gpx", "content": memoryview(b"x")}
    assert upload_files([good, {"name": 3, "content": b"y"}, "junk", {"content": 5}]) == [
        ("a.gpx", b"x"),
        ("upload", b"y"),
    ]
    assert upload_files(None) == []


def test_clinician_sees_runs_per_week_and_the_longest_run(page: TrackPage) -> None:
    _upload(page, ("export.zip", _export()))
    page.runs_import.save_button.click()
    ann = page.profile
    assert ann is not None
    clinic = ClinicianPage(page.store, today=lambda: TODAY, site_labels=LABELS)
    detail = clinic.detail_html(ann)
    assert "Runs from the watch" in detail
    assert "Longest run: 7.0 km on 3 Mar 2024" in detail
    assert "Runs per week" in detail and "rb-chart-runs" in detail


def test_runs_facts_with_no_runs() -> None:
    assert "No runs imported" in runs_facts_html([], today=TODAY)
    one = Run(
        date=dt.date(2024, 3, 19),
        start=_start(19),
        km=12.5,
        moving_s=4000,
        source="x.fit",
        fingerprint="f" * 64,
    )
    html = runs_facts_html([one], today=TODAY)
    assert "<td>18 Mar 2024</td><td>1</td><td>12.5</td><td>12.5</td>" in html


def test_runs_chart_marks_the_longest_run_in_words() -> None:
    from rollbook.run_charts import EMPTY, runs_chart

    assert runs_chart([], today=TODAY).summary == EMPTY
    runs = [
        Run(date=dt.date(2024, 3, d), start=_start(d), km=km, moving_s=int(km * 360),
            source=f"{d}.fit", fingerprint=f"{d}".ljust(64, "0"))
        for d, km in ((4, 5.0), (9, 14.2), (15, 6.0))
    ]  # fmt: skip
    chart = runs_chart(runs, today=TODAY)
    assert chart.summary == (
        "3 runs in the last 12 weeks, 2.1 km a week on average; "
        "the longest was 14.2 km on 9 Mar 2024."
    )
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert "longest 14.2 km" in texts


def test_load_runs_counts_each_run_and_hand_logged_days() -> None:
    from rollbook.runs.summary import load_runs

    runs = [
        Run(date=dt.date(2024, 3, 2), start=_start(2, h), km=km, moving_s=1800,
            source="x.fit", fingerprint=f"{h}".ljust(64, "0"))
        for h, km in ((7, 5.0), (18, 3.0))
    ]  # fmt: skip
    entries = [LogEntry(dt.date(2024, 3, 1), km=4.0), LogEntry(dt.date(2024, 3, 2), km=8.0),
               LogEntry(dt.date(2024, 3, 3), km=0.0)]  # fmt: skip
    assert load_runs(entries, runs) == [
        (dt.date(2024, 3, 1), 4.0),
        (dt.date(2024, 3, 2), 3.0),
        (dt.date(2024, 3, 2), 5.0),
    ]
