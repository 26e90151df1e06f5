"""Faults a clinic laptop meets: a busy or full disk, a damaged or read-only store, a typo.

Each test checks two things: the person gets a clear message (a StoreError,
ContentError or one-line CLI error, never a raw SQLite or parser error), and nothing
that was already saved is lost.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rollbook.cli import main
from rollbook.content import ContentError, load_library
from rollbook.logcsv import CsvImportError, import_csv
from rollbook.records import LogEntry, SitePain
from rollbook.store import FILE_NAME, StoreError, open_store
from rollbook.store.sqlite import SqliteStore

DAY = dt.date(2026, 3, 2)
CONTENT = Path(__file__).resolve().parents[2] / "src" / "rollbook" / "content"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _seed(path: Path) -> None:
    with open_store(path) as store:
        ann = store.add_profile("Ann")
        store.save_entry(
            ann,
            LogEntry(date=DAY, km=5.0, pains=(SitePain("knee", during=3),), note="easy"),
            today=DAY,
        )


def _dump(path: Path) -> list[str]:
    """Every row of the database as SQL text (read-only), to compare before and after."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "home" / FILE_NAME
    _seed(path)
    return path


# --- database locked by another process ----------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    """
)


@pytest.fixture
def lock_holder(db: Path) -> Iterator[Any]:
    procs: list[subprocess.Popen[str]] = []

    def hold(seconds: float) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        procs.append(proc)
        return proc

    yield hold
    for proc in procs:
        proc.kill()
        proc.wait(timeout=10)


def test_a_write_waits_for_a_short_lock(db: Path, lock_holder: Any) -> None:
    store = SqliteStore(db, busy_timeout_s=10)
    holder = lock_holder(0.5)
    try:
        store.add_profile("Bob")  # waits for the holder, then saves
    finally:
        store.close()
    holder.wait(timeout=10)
    with open_store(db) as reopened:
        assert [p.name for p in reopened.list_profiles()] == ["Ann", "Bob"]


def test_a_long_lock_gives_a_clear_message_and_loses_nothing(db: Path, lock_holder: Any) -> None:
    before = _dump(db)
    store = SqliteStore(db, busy_timeout_s=0.3)
    holder = lock_holder(3)
    try:
        with pytest.raises(StoreError, match="busy.*try again"):
            store.add_profile("Bob")
        with pytest.raises(StoreError, match="busy"):
            store.save_entry(store.list_profiles()[0], LogEntry(date=DAY, km=9.0), today=DAY)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    try:
        assert _dump(db) == before
        store.add_profile("Bob")  # the same store works once the lock is gone
    finally:
        store.close()


# --- disk full -------------------------------------------------------------------------


def _fill_disk(store: SqliteStore) -> None:
    # No more pages than the file has now: the next growth fails as a full disk would.
    conn = store._db
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_during_a_write(db: Path) -> None:
    before = _dump(db)
    store = SqliteStore(db)
    try:
        _fill_disk(store)
        ann = store.list_profiles()[0]
        with pytest.raises(StoreError, match="full") as caught:
            store.save_plan(ann, {"notes": "x" * 300_000}, {"steps": []})
        assert "\n" not in str(caught.value)
        many = [LogEntry(date=DAY - dt.timedelta(days=i), note="y" * 1900) for i in range(1, 400)]
        with pytest.raises(StoreError, match="full"):
            store.save_entries(ann, many, today=DAY)
        # Reads still work, and nothing of the failed writes is half there.
        assert [e.date for e in store.list_entries(ann)] == [DAY]
    finally:
        store.close()
    assert _dump(db) == before


# --- corrupt database --------------------------------------------------------------------


def _damage(path: Path) -> bytes:
    for companion in ("-wal", "-shm"):
        Path(str(path) + companion).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    # Keep the header, wreck the rest: SQLite recognises the file but cannot read it.
    data[100:] = b"\xa5" * (len(data) - 100)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_corrupt_database_is_reported_and_left_untouched(db: Path) -> None:
    damaged = _damage(db)
    with pytest.raises(StoreError) as caught:
        open_store(db)
    message = str(caught.value)
    assert "not a readable rollbook database" in message
    assert "rollbook backup" in message  # where a copy can come from
    assert "\n" not in message
    assert db.read_bytes() == damaged, "a damaged file must never be written to"


def test_the_corrupt_database_hint_names_rollbook_restore(db: Path) -> None:
    _damage(db)
    with pytest.raises(StoreError, match="rollbook restore"):
        open_store(db)


def test_cli_on_a_corrupt_database_is_one_line(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = _damage(db)
    monkeypatch.setenv("ROLLBOOK_HOME", str(db.parent))
    assert main(["backup", "--out", str(db.parent.parent / "copy.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a readable rollbook database" in err
    assert db.read_bytes() == damaged


def test_a_truncated_database_is_reported(db: Path) -> None:
    for companion in ("-wal", "-shm"):
        Path(str(db) + companion).unlink(missing_ok=True)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="not a readable rollbook database"):
        open_store(db)
    assert db.read_bytes() == data[: len(data) // 2]


# --- read-only data folder ------------------------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason="root ignores file modes; see the simulated test below")
def test_read_only_home_real_chmod(db: Path) -> None:  # pragma: no cover - non-root CI
    before = _dump(db)
    home = db.parent
    os.chmod(db, 0o400)
    os.chmod(home, 0o500)
    try:
        with pytest.raises(StoreError), open_store(db) as store:
            store.add_profile("Bob")
    finally:
        os.chmod(home, 0o700)
        os.chmod(db, 0o600)
    assert _dump(db) == before


@pytest.fixture
def read_only_sqlite(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    """Open ``db`` read-only whatever the caller asks, as on a read-only disk."""
    real = sqlite3.connect
    target = db.resolve()

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not kwargs.get("uri") and Path(database).resolve() == target:
            kwargs["uri"] = True
            read_only: sqlite3.Connection = real(f"{target.as_uri()}?mode=ro", *args, **kwargs)
            return read_only
        connection: sqlite3.Connection = real(database, *args, **kwargs)
        return connection

    monkeypatch.setattr("rollbook.store.sqlite_file.sqlite3.connect", connect)


def test_read_only_database_simulated(db: Path, read_only_sqlite: None) -> None:
    before = _dump(db)
    with open_store(db) as store:
        assert [p.name for p in store.list_profiles()] == ["Ann"]  # reading still works
        with pytest.raises(StoreError, match="read"):
            store.add_profile("Bob")
        with pytest.raises(StoreError):
            store.save_entry(store.list_profiles()[0], LogEntry(date=DAY, km=1.0), today=DAY)
    assert _dump(db) == before


def test_read_only_home_without_a_database_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ro-home"
    home.mkdir()
    real_open = os.open

    def no_create(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(home)) and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_create)
    with pytest.raises(StoreError, match="(?i)permission|read-only|cannot"):
        open_store(home / FILE_NAME)
    assert not list(home.iterdir())


# --- content file with a typo --------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_content_toml_syntax_error_names_the_file(content_copy: Path) -> None:
    target = content_copy / "exercises.toml"
    target.write_text(target.read_text(encoding="utf-8").replace('label = "', "label = ", 1))
    with pytest.raises(ContentError) as caught:
        load_library(content_copy)
    message = str(caught.value)
    assert "exercises.toml" in message
    assert "\n" not in message.strip() and "Traceback" not in message


def test_content_bad_entry_names_file_and_entry(content_copy: Path) -> None:
    target = content_copy / "exercises.toml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("days_per_week = 3", 'days_per_week = "three"', 1))
    with pytest.raises(ContentError) as caught:
        load_library(content_copy)
    message = str(caught.value)
    assert "exercises.toml" in message and "calf-raise" in message
    assert "days_per_week" in message


def test_content_unknown_reference_is_caught(content_copy: Path) -> None:
    target = content_copy / "exercises.toml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace('"silbernagel-2007"', '"silbernagle-2007"', 1))
    with pytest.raises(ContentError, match="silbernagle-2007"):
        load_library(content_copy)


def test_content_missing_file_is_named(content_copy: Path) -> None:
    (content_copy / "red_flags.toml").unlink()
    with pytest.raises(ContentError, match="red_flags.toml"):
        load_library(content_copy)


# --- CSV import with a bad row --------------------------------------------------------------


def test_a_bad_csv_row_stores_nothing(db: Path) -> None:
    before = _dump(db)
    header = "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note"
    text = f"{header}\n2026-02-01,knee,2,2,1,5,10,yes,ok\n2026-02-02,knee,2,2,1,five,10,yes,ok\n"
    with open_store(db) as store:
        ann = store.list_profiles()[0]
        with pytest.raises(CsvImportError) as caught:
            import_csv(store, ann, text, today=DAY)
    assert "line 3" in str(caught.value)
    assert _dump(db) == before
