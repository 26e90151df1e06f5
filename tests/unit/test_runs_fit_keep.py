"""Decoding only the FIT fields rollbook reads gives those fields exactly as fitdecode does.

The files here hold more than rollbook reads (heart rate, cadence, speed, power, events
whose ``data`` field becomes a sub-field chosen by another field, laps, the device), so
the trimmed reader has much to leave out and some things it must keep.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Collection, Mapping
from typing import Any

import fitdecode
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook.runs.fitfile import _KEEP, read_fit
from rollbook.runs.fitreader import FastFitReader
from rollbook.runs.tracks import FileError

from .. import runfiles as rf

START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=dt.UTC)
SLOW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rich_fit(points: int, *, enhanced: bool, step_s: int = 2) -> bytes:
    """A FIT activity with points carrying much more than rollbook reads, and events and a lap."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.device_info_message import DeviceInfoMessage
    from fit_tool.profile.messages.event_message import EventMessage
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.profile_type import Event, EventType, FileType, TimerTrigger

    def ms(seconds: int) -> int:
        return round((START + dt.timedelta(seconds=seconds)).timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.time_created = ms(0)
    builder.add(file_id)
    device = DeviceInfoMessage()
    device.timestamp = ms(0)
    device.serial_number = 99
    builder.add(device)
    start = EventMessage()
    start.timestamp = ms(0)
    start.event = Event.TIMER
    start.event_type = EventType.START
    start.timer_trigger = TimerTrigger.MANUAL
    builder.add(start)
    for i in range(points):
        rec = RecordMessage()
        rec.timestamp = ms(i * step_s)
        rec.position_lat = 51.5 + i * 1e-5
        rec.position_long = -0.12 + i * 1e-5
        if enhanced:
            rec.enhanced_altitude = 20.0 + (i % 7)
            rec.enhanced_speed = 3.1
        else:
            rec.altitude = 20.0 + (i % 7)
            rec.speed = 3.1
        rec.heart_rate = 140 + i % 9
        rec.cadence = 88
        rec.power = 250 + i % 11
        rec.distance = i * 3.1 * step_s
        builder.add(rec)
    lap = LapMessage()
    lap.timestamp = ms(points * step_s)
    lap.start_time = ms(0)
    lap.total_elapsed_time = float(points * step_s)
    builder.add(lap)
    return bytes(builder.build().to_bytes())


def _messages(data: bytes, keep: Mapping[str, Collection[str]] | None) -> list[tuple[Any, ...]]:
    """Each frame's kind and name, and for data messages the fields ``_KEEP`` names."""
    out: list[tuple[Any, ...]] = []
    with FastFitReader(
        io.BytesIO(data), processor=None, check_crc=fitdecode.CrcCheck.DISABLED, keep=keep
    ) as reader:
        for frame in reader:
            fields = getattr(frame, "fields", None) or []
            wanted = set(_KEEP.get(getattr(frame, "name", ""), ())) | {"timestamp"}
            out.append(
                (
                    type(frame).__name__,
                    getattr(frame, "name", None),
                    tuple((f.name, f.value, f.raw_value) for f in fields if f.name in wanted),
                )
            )
    return out


@SLOW
@given(st.integers(1, 300), st.booleans(), st.integers(1, 5))
def test_kept_fields_are_fitdecodes(points: int, enhanced: bool, step_s: int) -> None:
    data = rich_fit(points, enhanced=enhanced, step_s=step_s)
    assert _messages(data, _KEEP) == _messages(data, None)


def test_fields_not_asked_for_are_not_decoded() -> None:
    data = rich_fit(5, enhanced=False)
    with FastFitReader(io.BytesIO(data), processor=None, keep=_KEEP) as reader:
        names = {
            frame.name: {f.name for f in frame.fields}
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage)
        }
    assert names["record"] == {
        "timestamp", "position_lat", "position_long", "altitude", "enhanced_altitude"
    }  # fmt: skip
    assert names["lap"] == {"timestamp"}
    assert names["device_info"] == {"timestamp"}
    assert names["file_id"] == {"type"}


def test_a_sub_field_keeps_the_field_that_chooses_it() -> None:
    # An event's "data" is read as "timer_trigger" only when its "event" field says "timer".
    data = rich_fit(3, enhanced=True)
    keep = {"event": {"timer_trigger"}}
    with FastFitReader(io.BytesIO(data), processor=None, keep=keep) as reader:
        event = next(
            f for f in reader if isinstance(f, fitdecode.FitDataMessage) and f.name == "event"
        )
    assert event.get_value("timer_trigger") == "manual"
    assert event.get_value("event") == "timer"
    assert not event.has_field("event_type")


@SLOW
@given(st.integers(2, 200), st.booleans())
def test_read_fit_gives_the_figures_of_a_full_decode(points: int, enhanced: bool) -> None:
    data = rich_fit(points, enhanced=enhanced)
    full = _full_reader_figures(data)
    assert read_fit(data) == full


def _full_reader_figures(data: bytes) -> Any:
    """read_fit with fitdecode decoding every field (no ``keep``)."""
    from rollbook.runs import fitfile

    saved = fitfile._KEEP
    try:
        fitfile._KEEP = None  # type: ignore[assignment]
        return read_fit(data)
    finally:
        fitfile._KEEP = saved


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_fit_file_cut_anywhere_is_refused(data: st.DataObject) -> None:
    whole = rich_fit(20, enhanced=True)
    cut = data.draw(st.integers(0, len(whole) - 1))
    with pytest.raises(FileError):
        read_fit(whole[:cut])


def test_a_cut_bench_shaped_file_is_refused_as_cut_short() -> None:
    whole = rf.fit(rf.Shape(start=START, km=2.0))
    with pytest.raises(FileError, match="cut short|incomplete"):
        read_fit(whole[: len(whole) // 2])


def _with_unknown_message(data: bytes) -> bytes:
    """``data`` with a message first whose number the FIT profile does not know (as
    watch makers' own messages are), carrying a timestamp, and the checksum made again."""
    from fitdecode.utils import compute_crc

    size = data[0]
    definition = bytes([0x4F, 0, 0]) + struct.pack("<HB", 0xFF10, 1) + bytes([253, 4, 0x86])
    message = bytes([0x0F]) + struct.pack("<I", 1_000_000_000)
    body = definition + message + data[size:-2]
    header = bytearray(data[:size])
    struct.pack_into("<I", header, 4, len(body))
    if size == 14:
        struct.pack_into("<H", header, 12, compute_crc(bytes(header[:12])))
    whole = bytes(header) + body
    return whole + struct.pack("<H", compute_crc(whole))


def test_a_message_the_profile_does_not_know_is_read_past() -> None:
    data = _with_unknown_message(rich_fit(5, enhanced=True))
    assert _messages(data, _KEEP) == _messages(data, None)
    assert read_fit(data) == read_fit(rich_fit(5, enhanced=True))
