"""Dates before 2000 and oversized CSV files are refused everywhere (issue 15)."""

from __future__ import annotations

import datetime as dt
import io
import re
import tracemalloc
from pathlib import Path

import pytest

from rollbook import csvlimits, logcsv
from rollbook.cli import main
from rollbook.records import EARLIEST_DATE, LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)
HEADER = ",".join(logcsv.COLUMNS)


def _row(day: str) -> str:
    return f"{day},knee,,2,,,5,10,yes,"


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(1, 1, 1), dt.date(1999, 12, 31)])
def test_store_refuses_days_before_2000(tmp_path: Path, day: dt.date) -> None:
    with open_store(tmp_path / "db.sqlite") as store:
        ann = store.add_profile("Ann")
        with pytest.raises(Exception, match="before 2000-01-01; check the year"):
            store.save_entry(ann, LogEntry(day, (SitePain("knee", 2),)), today=TODAY)
        with pytest.raises(StoreError, match="before 2000-01-01"):
            store.save_psfs(ann, PsfsRecord(day, (PsfsItem("Running", 5),)), today=TODAY)
        assert store.list_entries(ann) == []
        store.save_entry(ann, LogEntry(EARLIEST_DATE, (SitePain("knee", 2),)), today=TODAY)
        assert [e.date for e in store.list_entries(ann)] == [EARLIEST_DATE]


def test_csv_refuses_days_before_2000() -> None:
    text = "\n".join([HEADER, _row("0001-01-01"), _row("1999-12-31"), _row("2000-01-01")])
    with pytest.raises(logcsv.CsvImportError) as refused:
        logcsv.parse_csv(text, today=TODAY)
    lines = [(p.line, p.message) for p in refused.value.problems]
    assert [n for n, _ in lines] == [2, 3]
    assert all("before 2000-01-01" in m for _, m in lines)


def test_cli_refuses_days_before_2000(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    assert main(["profile", "add", "Ann"]) == 0
    code = main(
        [
            "log",
            "add",
            "--profile",
            "Ann",
            "--date",
            "1900-01-01",
            "--pain",
            "knee=2",
            "--km",
            "5",
            "--rolled-min",
            "0",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "before 2000-01-01" in err and err.count("\n") == 1


def test_csv_over_the_byte_limit_is_refused_before_parsing() -> None:
    data = (HEADER + "\n").encode() + b"x" * csvlimits.MAX_CSV_BYTES
    with pytest.raises(logcsv.CsvImportError) as refused:
        logcsv.parse_csv(data, today=TODAY)
    (problem,) = refused.value.problems
    assert problem.line == 1 and "too big to import" in problem.message
    assert "the limit is 2 MB" in problem.message


def test_csv_over_the_row_limit_is_refused_with_memory_flat() -> None:
    # Short junk lines: under the byte limit, over the line limit (the attack that
    # made the kernel peak at 446 MB while every bad row was listed).
    data = (HEADER + "\n").encode() + b"x\n" * 999_000
    assert len(data) <= csvlimits.MAX_CSV_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(logcsv.CsvImportError) as refused:
            logcsv.parse_csv(data, today=TODAY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (problem,) = refused.value.problems
    assert "too many lines" in problem.message and "20,000" in problem.message
    assert peak < 10 * 2**20, f"checking the size took {peak / 2**20:.1f} MiB"


def test_an_open_file_is_never_read_past_the_limit() -> None:
    class Endless(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[int] = []

        def read(self, size: int | None = -1) -> str:
            self.asked.append(-1 if size is None else size)
            return "x" * (size if size and size > 0 else 10**8)

    source = Endless()
    with pytest.raises(logcsv.CsvImportError, match="too big"):
        logcsv.parse_csv(source, today=TODAY)
    assert source.asked == [csvlimits.MAX_CSV_BYTES + 1]


def test_cli_import_refuses_a_huge_file_without_reading_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    assert main(["profile", "add", "Ann"]) == 0
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as out:
        out.truncate(50 * 10**6)  # sparse: 50 MB on paper, nothing to read
    code = main(["log", "import", "--profile", "Ann", str(huge)])
    err = capsys.readouterr().err
    assert code == 2 and "huge.csv is too big to import (50.0 MB" in err


def test_the_page_and_the_browser_use_the_same_upload_limit() -> None:
    from rollbook.ui import track_csv

    script = ROOT / "share/jupyter/voila/templates/rollbook/static/guard.js"
    found = re.search(r"MAX_UPLOAD_BYTES = (\d+);", script.read_text(encoding="utf-8"))
    assert found and int(found.group(1)) == csvlimits.MAX_CSV_BYTES == track_csv.MAX_UPLOAD_BYTES
