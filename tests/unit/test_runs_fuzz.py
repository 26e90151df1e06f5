"""Whatever bytes arrive, reading runs ends in runs, skips or named problems: never a crash."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook.runs.importer import read_uploads

from .. import runfiles as rf

TODAY = dt.date(2025, 6, 1)
SHAPE = rf.Shape(start=dt.datetime(2024, 3, 1, 7, tzinfo=dt.UTC), km=1.0, step_s=10)
SEEDS = {"gpx": rf.gpx(SHAPE), "tcx": rf.tcx(SHAPE), "fit": rf.fit(SHAPE)}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(name: str, data: bytes) -> None:
    result = read_uploads([(name, data)], today=TODAY, tz=dt.UTC)
    for problem in result.problems:
        assert problem.startswith(name) or ": " in problem
        assert "\n" not in problem and "Traceback" not in problem
    assert len(result.runs) <= 1


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["a.gpx", "a.tcx", "a.fit", "a.gz", "a.zip"]))
def test_random_bytes(data: bytes, name: str) -> None:
    _check(name, data)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_damaged_real_files(kind: str, data: st.DataObject) -> None:
    raw = bytearray(SEEDS[kind])
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    _check(f"run.{kind}", bytes(raw[:cut]) if data.draw(st.booleans()) else bytes(raw))


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["activities/1.gpx.gz", "x.fit", "inner.zip"]))
def test_zips_with_odd_members(member: bytes, name: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("activities.csv", "Activity Type,Filename\nRun,activities/1.gpx.gz\n")
        archive.writestr(name, member)
    _check("export.zip", out.getvalue())


def test_a_fit_record_past_the_declared_size_is_refused_plainly() -> None:
    # fitdecode 0.11 stops such a file with a bare AssertionError; found by the fuzz above.
    import struct

    from rollbook.runs.formats import FileError, read_activity

    raw = bytearray(SEEDS["fit"])
    struct.pack_into("<I", raw, 4, struct.unpack_from("<I", raw, 4)[0] - 1)
    if raw[0] == 14:
        raw[12:14] = b"\x00\x00"  # no header checksum, so the reader goes on to the records
    with pytest.raises(FileError, match="not a readable FIT file"):
        read_activity(bytes(raw))
