"""Strava exports: activities listed in activities.csv without a file are named as skipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from rollbook.runs.importer import read_uploads, summary_lines

from .. import runfiles as rf

UTC = dt.UTC
TODAY = dt.date(2025, 6, 1)
START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=UTC)


def _export(rows: list[tuple[int, str, str, str]], files: dict[str, bytes]) -> bytes:
    """A Strava-style zip: rows of (id, name, type, Filename) and the files really in it."""
    sheet = io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(rf.STRAVA_HEADER)
    for activity_id, name, kind, path in rows:
        writer.writerow(
            [activity_id, "Mar 2, 2024, 7:00:00 AM", name, kind, "", "1800", "5.0", path, "1800"]
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", sheet.getvalue())
        for path, data in files.items():
            archive.writestr(path, data)
    return out.getvalue()


def test_typed_in_runs_and_missing_files_are_listed_with_the_reason() -> None:
    good = rf.gz(rf.gpx(rf.Shape(start=START)))
    export = _export(
        [
            (1, "Morning Run", "Run", "activities/1.gpx.gz"),
            (2, "Treadmill at the gym", "Run", ""),
            (3, "Long Run", "Run", "activities/3.fit.gz"),
            (4, "Commute", "Ride", ""),
        ],
        {"activities/1.gpx.gz": good},
    )
    result = read_uploads([("export.zip", export)], today=TODAY, tz=UTC)
    assert result.ok, result.problems
    assert [r.source for r in result.runs] == ["1.gpx.gz"]
    reasons = {s.source: s.reason for s in result.skipped}
    assert reasons == {
        "Treadmill at the gym, Mar 2, 2024, 7:00:00 AM": (
            "it was typed into Strava by hand, so there is no recording to read; "
            "add its distance in the log yourself"
        ),
        "activities/3.fit.gz (Long Run, Mar 2, 2024, 7:00:00 AM)": (
            "its file is missing from the zip"
        ),
        "Commute, Mar 2, 2024, 7:00:00 AM": "Strava lists it as a Ride, not a run",
    }
    lines = summary_lines(result)
    assert any(line.startswith("Skipped 1: it was typed into Strava by hand") for line in lines)
    assert any(line.startswith("Skipped 1: its file is missing from the zip") for line in lines)


def test_a_row_without_a_name_is_named_by_its_row() -> None:
    export = _export([(7, "", "Run", ""), (8, "", "", "")], {})
    result = read_uploads([("export.zip", export)], today=TODAY, tz=UTC)
    assert result.ok and not result.runs
    # No name: its Strava id; no type either: the runner's word is not guessed.
    assert sorted(s.source for s in result.skipped) == ["activity 7, Mar 2, 2024, 7:00:00 AM"] + [
        "activity 8, Mar 2, 2024, 7:00:00 AM"
    ]
    assert all("typed into Strava by hand" in s.reason for s in result.skipped)


def test_files_in_a_top_folder_count_as_present() -> None:
    good = rf.gz(rf.gpx(rf.Shape(start=START)))
    export = _export(
        [(1, "Morning Run", "Run", "activities/1.gpx.gz")], {"export_9/activities/1.gpx.gz": good}
    )
    result = read_uploads([("export.zip", export)], today=TODAY, tz=UTC)
    assert result.ok and len(result.runs) == 1 and not result.skipped
