"""The GPX, TCX and FIT readers: the same figures as the full libraries, odd files, safety."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook.runs.formats import FileError, read_activity
from rollbook.runs.tracks import Activity, make_activity, track_totals

from .. import runfiles as rf

UTC = dt.UTC
START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
SHAPE = rf.Shape(start=START, km=3.0, kmh=10.0, step_s=5, climb_m=25)


def _gpxpy_figures(data: bytes) -> Activity:
    """What gpxpy's full parser gives for the same file (the reader rollbook used before)."""
    import gpxpy

    gpx = gpxpy.parse(data.decode("utf-8"))
    points = [
        (p.time, p.latitude, p.longitude, p.elevation)
        for track in gpx.tracks
        for segment in track.segments
        for p in segment.points
    ]
    return make_activity(gpx.tracks[0].type, track_totals(points))


@settings(max_examples=25, deadline=None)
@given(
    km=st.floats(0.2, 25),
    kmh=st.floats(6, 20),
    step_s=st.integers(1, 30),
    climb_m=st.floats(0, 300),
    glitch=st.booleans(),
)
def test_gpx_reader_gives_what_gpxpy_gives(
    km: float, kmh: float, step_s: int, climb_m: float, glitch: bool
) -> None:
    data = rf.gpx(
        rf.Shape(start=START, km=km, kmh=kmh, step_s=step_s, climb_m=climb_m), glitch=glitch
    )
    assert read_activity(data) == _gpxpy_figures(data)


def _gpx_text() -> str:
    return rf.gpx(SHAPE).decode()


def test_gpx_1_0_and_no_namespace_read_the_same() -> None:
    new = read_activity(rf.gpx(SHAPE))
    old = _gpx_text().replace("GPX/1/1", "GPX/1/0").replace('version="1.1"', 'version="1.0"')
    bare = _gpx_text().replace(' xmlns="http://www.topografix.com/GPX/1/1"', "")
    assert read_activity(old.encode()) == new
    assert read_activity(bare.encode()) == new


def test_gpx_times_in_other_forms() -> None:
    nanos = _gpx_text().replace(":00Z</time>", ":00.123456789Z</time>")
    assert read_activity(nanos.encode()).start == START + dt.timedelta(microseconds=123456)
    # A true minus sign (U+2212), which some apps write: gpxpy's reader takes it.
    minus = _gpx_text().replace(":00Z</time>", ":00\u221201:00</time>")
    assert read_activity(minus.encode()).start == START + dt.timedelta(hours=1)


def test_latin_1_gpx_is_read() -> None:
    text = _gpx_text().replace("UTF-8", "ISO-8859-1").replace("Morning Run", "Morgenlauf")
    data = text.encode().replace(b"Morgenlauf", b"Morgenlauf \xe4")
    assert read_activity(data) == read_activity(rf.gpx(SHAPE))


def test_a_declared_encoding_cannot_hide_a_dtd() -> None:
    # Bytes that spell a DTD in EBCDIC (cp037) are not ASCII, so the byte test misses
    # them; the reader parses as UTF-8 whatever the file says, so they are not a DTD.
    hidden = '<!DOCTYPE gpx [<!ENTITY a "aaaa">]>'.encode("cp037")
    data = b'<?xml version="1.0" encoding="cp037"?>' + hidden + b"<gpx></gpx>"
    with pytest.raises(FileError, match="not a complete GPX file"):
        read_activity(data)


def test_gpx_sport_comes_from_the_first_track_with_points() -> None:
    text = _gpx_text().replace("<trk>", "<trk><type>walking</type></trk><trk>", 1)
    assert read_activity(text.encode()).sport == "running"


def test_gpx_point_without_position_is_a_named_problem() -> None:
    text = _gpx_text().replace('lat="', 'late="', 1)
    with pytest.raises(FileError, match="a track point has no position"):
        read_activity(text.encode())


def test_tcx_with_two_laps_adds_their_totals() -> None:
    text = rf.tcx(SHAPE).decode()
    lap = text[text.index("<Lap ") : text.index("</Lap>") + len("</Lap>")]
    second = lap.replace(
        "<Track>", "<Track><Trackpoint><Time>2024-03-01T07:20:00Z</Time></Trackpoint>"
    )
    activity = read_activity(text.replace(lap, lap + second).encode())
    assert activity.km == pytest.approx(6.0) and activity.moving_s == 2 * 18 * 60


def test_tcx_reads_only_the_first_activity() -> None:
    text = rf.tcx(SHAPE).decode()
    first = text[text.index("<Activity ") : text.index("</Activity>") + len("</Activity>")]
    other = first.replace('Sport="Running"', 'Sport="Biking"').replace("2024-03-01", "2024-03-05")
    assert read_activity(text.replace(first, first + other).encode()) == read_activity(
        rf.tcx(SHAPE)
    )


def test_chained_fit_files_are_checked_file_by_file() -> None:
    one = rf.fit(SHAPE)
    later = rf.fit(rf.Shape(start=START + dt.timedelta(hours=2), km=2))
    assert read_activity(one + later).start == START
    damaged = bytearray(later)
    damaged[len(damaged) // 2] ^= 0x01
    with pytest.raises(FileError, match="checksum"):
        read_activity(one + bytes(damaged))


def test_fit_damage_inside_the_points_is_caught_by_the_checksum() -> None:
    data = bytearray(rf.fit(SHAPE))
    data[len(data) // 2] ^= 0x01  # a height or a position a little off: still decodable
    with pytest.raises(FileError, match="checksum"):
        read_activity(bytes(data))


def test_fit_without_a_session_adds_up_its_points() -> None:
    data = rf.fit(SHAPE)
    with_session = read_activity(data)
    from_points = read_activity(rf.fit(SHAPE, session=False))
    assert from_points.start == with_session.start and from_points.sport is None
    assert from_points.km == pytest.approx(with_session.km, rel=0.005)
    assert from_points.moving_s == pytest.approx(with_session.moving_s, abs=5)


def test_files_already_kept_are_counted_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from rollbook.runs import importer
    from rollbook.runs.formats import read_activity

    old, new = rf.gpx(SHAPE), rf.tcx(rf.Shape(start=START + dt.timedelta(days=1)))
    known = {hashlib.sha256(old).hexdigest()}
    read: list[bytes] = []
    real = read_activity

    def spy(data: bytes) -> Activity:
        read.append(data)
        return real(data)

    monkeypatch.setattr(importer, "read_activity", spy)
    result = importer.read_uploads(
        [("old.gpx", old), ("new.tcx", new)], today=dt.date(2025, 1, 1), known=known
    )
    assert result.ok and result.already == 1 and read == [new]
    assert [r.source for r in result.runs] == ["new.tcx"]
    assert importer.summary_lines(result)[0] == (
        "Runs found: 1 (1 file imported before, not read again)"
    )
