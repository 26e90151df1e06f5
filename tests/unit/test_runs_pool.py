"""Reading in worker processes gives what reading here gives, in the same order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from rollbook.runs import pool
from rollbook.runs.importer import read_uploads
from rollbook.runs.pool import OrderedPool

from .. import runfiles as rf

UTC = dt.UTC
TODAY = dt.date(2024, 6, 1)
START = dt.datetime(2024, 3, 1, 7, 0, tzinfo=UTC)


def _files() -> list[tuple[str, bytes]]:
    """Runs in all three formats, gzipped or not, with a ride, a copy and bad files among them."""
    makers = [rf.gpx, rf.tcx, rf.fit]
    files = []
    for day in range(14):
        shape = rf.Shape(start=START + dt.timedelta(days=day), km=1 + day % 4, step_s=10)
        make = makers[day % 3]
        data = make(shape)
        name = f"run{day}.{make.__name__}"
        files.append((name + ".gz", rf.gz(data)) if day % 2 else (name, data))
    files.insert(3, ("ride.tcx", rf.tcx(rf.Shape(start=START), sport="Biking")))
    files.insert(6, ("copy.gpx", files[0][1]))
    files.insert(9, ("bad.gpx", b"<gpx><trk><trkseg><trkpt lat='1' lon='2'></trkseg></trk>"))
    files.insert(12, ("cut.fit", rf.fit(rf.Shape(start=START, km=2))[:300]))
    return files


@pytest.mark.parametrize(("first", "batch"), [(0, 1), (2, 3), (5, 8)])
def test_workers_give_the_result_of_reading_here(
    monkeypatch: pytest.MonkeyPatch, first: int, batch: int
) -> None:
    files = _files()
    here = read_uploads(files, today=TODAY, tz=UTC)
    monkeypatch.setattr(pool, "SERIAL_FIRST", first)
    monkeypatch.setattr(pool, "BATCH_FILES", batch)
    shared = read_uploads(files, today=TODAY, tz=UTC, workers=2)
    assert shared == here
    assert len(here.runs) == 14 and len(here.skipped) == 2 and len(here.problems) == 2


def test_a_few_files_start_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started for a few files")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", refuse)
    files = _files()[: pool.SERIAL_FIRST]
    assert read_uploads(files, today=TODAY, tz=UTC, workers=4) == read_uploads(
        files, today=TODAY, tz=UTC
    )


def _double(jobs: Sequence[int]) -> list[int]:
    return [2 * job for job in jobs]


def test_answers_come_in_order_and_few_batches_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "SERIAL_FIRST", 3)
    monkeypatch.setattr(pool, "BATCH_FILES", 4)
    seen: list[int] = []
    most = 0
    with OrderedPool(_double, seen.append, workers=2) as reader:
        for job in range(50):
            reader.add(job, 10)
            most = max(most, len(reader.waiting))
        reader.finish()
    assert seen == [2 * job for job in range(50)]
    assert most <= 4  # two batches per worker


def test_a_big_file_goes_in_a_batch_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "SERIAL_FIRST", 0)
    sizes: list[int] = []
    reader: OrderedPool[int, int] = OrderedPool(_double, lambda _: None, workers=2)

    def send() -> None:
        sizes.append(len(reader.batch))
        reader.batch, reader.slots = [], []

    monkeypatch.setattr(reader, "_send", send)
    reader.add(1, 10)
    reader.add(2, pool.BATCH_BYTES)
    assert sizes == [2]
    reader.add(3, pool.BATCH_BYTES + 1)
    assert sizes == [2, 1]
