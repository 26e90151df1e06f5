"""Reading runs from GPX, TCX and FIT files, gzipped files and Strava or Garmin zips."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from rollbook.runs.archive import MAX_FILE_BYTES, gunzip
from rollbook.runs.formats import FileError, read_activity
from rollbook.runs.importer import is_running, read_uploads, summary_lines

from .. import runfiles as rf

UTC = dt.UTC
TODAY = dt.date(2025, 6, 1)
START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
SHAPE = rf.Shape(start=START, km=8.0, kmh=10.0, step_s=5, climb_m=40)


def _read(*uploads: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    return read_uploads(list(uploads), today=TODAY, tz=UTC)


@pytest.mark.parametrize("maker", [rf.gpx, rf.tcx, rf.fit], ids=["gpx", "tcx", "fit"])
def test_each_format_gives_start_distance_moving_time_and_climb(maker) -> None:  # type: ignore[no-untyped-def]
    activity = read_activity(maker(SHAPE))
    assert activity.sport == "running"
    assert activity.start == START
    assert activity.km == pytest.approx(8.0, rel=0.005)
    assert activity.moving_s == pytest.approx(48 * 60, abs=5)
    assert activity.elevation_m == pytest.approx(40, abs=4)
    assert activity.glitch is None


def test_gzipped_file_is_the_same_run_with_the_same_fingerprint() -> None:
    plain = _read(("run.gpx", rf.gpx(SHAPE)))
    packed = _read(("run.gpx.gz", rf.gz(rf.gpx(SHAPE))))
    assert plain.runs[0].fingerprint == packed.runs[0].fingerprint
    assert packed.runs[0].source == "run.gpx.gz" and packed.runs[0].date == START.date()


def test_many_files_at_once_sorted_by_start() -> None:
    later = rf.Shape(start=START + dt.timedelta(days=2), km=3)
    result = _read(("b.tcx", rf.tcx(later)), ("a.fit", rf.fit(SHAPE)))
    assert result.ok and [r.source for r in result.runs] == ["a.fit", "b.tcx"]


def test_day_follows_the_runners_time_zone() -> None:
    late = rf.Shape(start=dt.datetime(2024, 3, 1, 23, 30, tzinfo=UTC), km=3)
    east = dt.timezone(dt.timedelta(hours=2))
    result = read_uploads([("late.gpx", rf.gpx(late))], today=TODAY, tz=east)
    assert result.runs[0].date == dt.date(2024, 3, 2)


@pytest.mark.parametrize(
    ("data", "sport"),
    [
        (rf.gpx(SHAPE, sport="cycling"), "cycling"),
        (rf.tcx(SHAPE, sport="Biking"), "biking"),
        (rf.fit(SHAPE, sport="cycling"), "cycling"),
    ],
    ids=["gpx", "tcx", "fit"],
)
def test_other_sports_are_skipped_with_the_reason(data: bytes, sport: str) -> None:
    result = _read(("ride", data))
    assert result.ok and not result.runs
    assert result.skipped[0].reason == f"it is a {sport} activity, not a run"


def test_running_words() -> None:
    for word in ("running", "Run", "Trail Run", "VirtualRun", "trail_running", "treadmill", None):
        assert is_running(word), word
    for word in ("Ride", "Walk", "Hike", "Swim", "cycling", "generic"):
        assert not is_running(word), word


def test_fit_file_that_is_not_an_activity_is_skipped() -> None:
    result = _read(("settings.fit", rf.fit(SHAPE, file_type="settings")))
    assert result.ok and not result.runs
    assert "not an activity" in result.skipped[0].reason


def test_the_same_file_twice_in_one_import_counts_once() -> None:
    data = rf.gpx(SHAPE)
    result = _read(("a.gpx", data), ("copy.gpx.gz", rf.gz(data)))
    assert len(result.runs) == 1
    assert result.skipped[0].reason == "the same file as a.gpx"


def test_strava_export_uses_activities_csv_for_types() -> None:
    ride = rf.Shape(start=START + dt.timedelta(hours=5), km=20, kmh=22)
    export = rf.strava_zip(
        [
            rf.Entry(1, "Run", "activities/1.gpx.gz", rf.gz(rf.gpx(SHAPE))),
            # The file says nothing about the sport; Strava's list says it was a ride.
            rf.Entry(2, "Ride", "activities/2.gpx.gz", rf.gz(rf.gpx(ride, sport=None))),
            rf.Entry(
                3,
                "Trail Run",
                "activities/3.fit.gz",
                rf.gz(rf.fit(rf.Shape(start=START + dt.timedelta(days=1)))),
            ),
            rf.Entry(
                4, "Run", "activities/4.tcx", rf.tcx(rf.Shape(start=START + dt.timedelta(days=2)))
            ),
        ],
        extra=[("media/photo.jpg", b"\xff\xd8 not really a photo")],
    )
    result = _read(("export_123.zip", export))
    assert result.ok, result.problems
    assert [r.source for r in result.runs] == ["1.gpx.gz", "3.fit.gz", "4.tcx"]
    assert result.skipped[0].reason == "Strava lists it as a Ride, not a run"
    assert result.other_files == 2  # profile.csv and the photo
    lines = summary_lines(result)
    assert lines[0] == "Runs found: 3"
    assert any("Skipped 1: Strava lists it as a Ride" in line for line in lines)


def _garmin_zip() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("runner@example_1.fit", rf.fit(SHAPE))
        archive.writestr("runner@example_2.fit", rf.fit(SHAPE, file_type="settings"))
        archive.writestr(
            "runner@example_3.fit",
            rf.fit(rf.Shape(start=START + dt.timedelta(days=1)), sport="cycling"),
        )
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("DI_CONNECT/DI-Connect-Fitness/summary.json", "[]")
        archive.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue()
        )
    return outer.getvalue()


def test_garmin_export_reads_the_fit_files_in_its_inner_zip() -> None:
    result = _read(("garmin.zip", _garmin_zip()))
    assert result.ok, result.problems
    assert [r.source for r in result.runs] == ["runner@example_1.fit"]
    reasons = sorted(s.reason for s in result.skipped)
    assert reasons == [
        "it is a cycling activity, not a run",
        "it is not an activity (a FIT settings file)",
    ]


# --- bad files ---------------------------------------------------------------------------


def _problem(name: str, data: bytes, member: str | None = None) -> str:
    """The one problem reading ``data`` gives; it starts with the file (or zip member) name."""
    result = _read((name, data))
    assert not result.ok and not result.runs
    assert len(result.problems) == 1 and result.problems[0].startswith(f"{member or name}: ")
    return str(result.problems[0])


def test_not_an_activity_file() -> None:
    assert _problem("notes.gpx", b"just some text") == "notes.gpx: it is not a GPX, TCX or FIT file"


@pytest.mark.parametrize("maker", [rf.gpx, rf.tcx, rf.fit], ids=["gpx", "tcx", "fit"])
def test_truncated_files(maker) -> None:  # type: ignore[no-untyped-def]
    data = maker(SHAPE)
    problem = _problem("cut", data[: len(data) // 2])
    assert "not a complete" in problem or "cut short" in problem


def test_damaged_fit_checksum() -> None:
    data = bytearray(rf.fit(SHAPE))
    data[-1] ^= 0xFF
    assert "checksum" in _problem("bad.fit", bytes(data))


def test_truncated_gzip() -> None:
    data = rf.gz(rf.gpx(SHAPE))
    assert "cut short" in _problem("run.gpx.gz", data[:-20])


def test_zero_distance() -> None:
    still = rf.Shape(start=START, km=0.01, kmh=1, step_s=5)
    assert "it has no distance" in _problem("still.gpx", rf.gpx(still))


def test_future_and_too_old_dates() -> None:
    future = rf.Shape(start=dt.datetime(2025, 6, 2, 7, tzinfo=UTC))
    assert "in the future" in _problem("future.fit", rf.fit(future))
    old = rf.Shape(start=dt.datetime(1999, 12, 31, 7, tzinfo=UTC))
    assert "before 2000" in _problem("old.gpx", rf.gpx(old))


def test_gps_glitch_and_absurd_speed() -> None:
    assert "GPS glitch" in _problem("glitch.gpx", rf.gpx(SHAPE, glitch=True))
    drive = rf.Shape(start=START, km=40, kmh=60, step_s=10)
    assert "faster than anyone runs" in _problem("drive.tcx", rf.tcx(drive))


def test_xml_with_entities_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]>'
        b'<gpx version="1.1">&a;</gpx>'
    )
    assert "document type" in _problem("bomb.gpx", bomb)


def test_a_50_mb_file_is_refused_before_it_is_read() -> None:
    assert "too big" in _problem("huge.gpx", b"<gpx>" + b" " * 50_000_000)


def test_gzip_bomb_stops_at_the_limit() -> None:
    bomb = rf.gz(b"\0" * (MAX_FILE_BYTES + 10))
    assert "too big" in _problem("bomb.gpx.gz", bomb)
    with pytest.raises(ValueError):
        gunzip(bomb, "bomb", limit=1000)


def test_zip_bomb_member_is_refused_by_its_ratio() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities/1.gpx", b"\0" * 20_000_000)
    assert "zip bomb" in _problem("export.zip", out.getvalue(), member="activities/1.gpx")


def test_damaged_zip_names_the_file() -> None:
    export = rf.strava_zip([rf.Entry(1, "Run", "activities/1.gpx", rf.gpx(SHAPE))])
    problem = _problem("export.zip", export[: len(export) // 2])
    assert "not a complete zip file" in problem


def test_one_bad_file_fails_the_whole_import_but_lists_the_good_ones_as_not_saved() -> None:
    result = _read(("good.gpx", rf.gpx(SHAPE)), ("bad.fit", b"nonsense"))
    assert not result.ok and result.problems == ["bad.fit: it is not a GPX, TCX or FIT file"]


def test_read_activity_refuses_a_zip_given_as_one_activity() -> None:
    with pytest.raises(FileError):
        read_activity(b"PK\x03\x04rest")


def test_worker_processes_give_the_same_result_in_the_same_order() -> None:
    files = [
        ("a.gpx", rf.gpx(SHAPE)),
        ("b.fit", rf.fit(rf.Shape(start=START + dt.timedelta(days=1), km=3))),
        ("ride.tcx", rf.tcx(rf.Shape(start=START + dt.timedelta(days=2)), sport="Biking")),
        ("bad.gpx", b"<gpx><trk><trkseg><trkpt lat='1' lon='2'></trkseg></trk>"),
        ("c.tcx", rf.tcx(rf.Shape(start=START + dt.timedelta(days=3), km=4))),
    ]
    alone = read_uploads(files, today=TODAY, tz=UTC)
    shared = read_uploads(files, today=TODAY, tz=UTC, workers=2)
    assert shared == alone
    assert len(alone.runs) == 3 and len(alone.skipped) == 1 and len(alone.problems) == 1
