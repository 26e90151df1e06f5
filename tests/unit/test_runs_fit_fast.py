"""The fast FIT path gives what fitdecode's own reader and checksum give, file for file."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import fitdecode
import pytest
from fitdecode.utils import compute_crc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook.runs.fitcrc import fit_crc
from rollbook.runs.fitfile import read_fit
from rollbook.runs.fitreader import FastFitReader
from rollbook.runs.tracks import Activity, FileError, make_activity, number, track_totals

from .. import runfiles as rf

START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=dt.UTC)
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=3000), st.data())
def test_fit_checksum_is_fitdecodes(data: bytes, draw: st.DataObject) -> None:
    start = draw.draw(st.integers(0, len(data) - 1))
    end = draw.draw(st.integers(start + 1, len(data)))
    assert fit_crc(data) == compute_crc(data)
    assert fit_crc(data, start, end) == compute_crc(data, start=start, end=end)


def _frames(reader_class: Any, data: bytes) -> list[tuple[object, ...]] | str:
    """Every frame a reader gives, as plain values; or the kind of error it stops with."""
    out: list[tuple[object, ...]] = []
    try:
        with reader_class(
            io.BytesIO(data), processor=None, check_crc=fitdecode.CrcCheck.DISABLED
        ) as reader:
            for frame in reader:
                fields = getattr(frame, "fields", None) or []
                out.append(
                    (
                        type(frame).__name__,
                        getattr(frame, "name", None),
                        tuple((f.name, f.value, f.raw_value) for f in fields),
                    )
                )
    except Exception as exc:  # noqa: BLE001 - the kind of error is what is compared
        return type(exc).__name__
    return out


def _shape(km: float, kmh: float, step_s: int, climb_m: float, days: int) -> rf.Shape:
    start = START + dt.timedelta(days=days)
    return rf.Shape(start=start, km=km, kmh=kmh, step_s=step_s, climb_m=climb_m)


SHAPES = st.builds(
    _shape,
    km=st.floats(0.1, 6),
    kmh=st.floats(5, 20),
    step_s=st.integers(1, 30),
    climb_m=st.floats(0, 200),
    days=st.integers(0, 900),
)


@SLOW
@given(SHAPES, st.booleans(), st.booleans())
def test_fast_reader_gives_fitdecodes_frames(shape: rf.Shape, session: bool, chain: bool) -> None:
    data = rf.fit(shape, session=session)
    if chain:
        data += rf.fit(rf.Shape(start=shape.start + dt.timedelta(hours=3), km=1.0))
    fast = _frames(FastFitReader, data)
    assert isinstance(fast, list) and fast == _frames(fitdecode.FitReader, data)


SEED = rf.fit(rf.Shape(start=START, km=1.0, step_s=10))


@pytest.mark.filterwarnings("ignore::UserWarning")  # fitdecode warns of odd field sizes
@settings(max_examples=80, deadline=None)
@given(st.data())
def test_fast_reader_fails_where_fitdecode_fails(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 6))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    damaged = bytes(raw[: data.draw(st.integers(0, len(raw)))])
    assert _frames(FastFitReader, damaged) == _frames(fitdecode.FitReader, damaged)


def _old_read_fit(data: bytes) -> Activity:
    """The figures as rollbook read them before the fast path: fitdecode as it comes
    (its own processor turning times into datetimes, its own checksum check)."""
    file_type: object = None
    session: dict[str, Any] = {}
    points = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                lat = frame.get_value("position_lat", fallback=None)
                lon = frame.get_value("position_long", fallback=None)
                height = frame.get_value("enhanced_altitude", fallback=None)
                height = height if height is not None else frame.get_value("altitude", None)
                points.append(
                    (
                        frame.get_value("timestamp", fallback=None),
                        None if lat is None else lat * 180.0 / 2**31,
                        None if lon is None else lon * 180.0 / 2**31,
                        number(height),
                    )
                )
            elif frame.name == "file_id":
                file_type = frame.get_value("type", fallback=None)
            elif frame.name == "session" and not session:
                session = {f.name: f.value for f in frame.fields}
    assert file_type == "activity"
    totals = track_totals(points)
    if session.get("start_time") is not None:
        totals.first = session["start_time"]
    metres = number(session.get("total_distance"))
    return make_activity(
        session.get("sport"),
        totals,
        km=None if metres is None else metres / 1000,
        moving_s=number(session.get("total_timer_time")),
        climb=number(session.get("total_ascent")),
    )


@SLOW
@given(SHAPES, st.booleans())
def test_fast_path_gives_the_figures_of_the_old_path(shape: rf.Shape, session: bool) -> None:
    data = rf.fit(shape, session=session)
    assert read_fit(data) == _old_read_fit(data)


def test_a_damaged_fit_file_is_refused_by_both_paths() -> None:
    raw = bytearray(SEED)
    raw[len(raw) // 2] ^= 0x01
    with pytest.raises(FileError, match="checksum"):
        read_fit(bytes(raw))
    with pytest.raises(fitdecode.FitCRCError):
        _old_read_fit(bytes(raw))
