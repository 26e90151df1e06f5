"""The SQLite store: records in and out, refusals, file safety, concurrency, crashes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rollbook.records import (
    LogEntry,
    PsfsItem,
    PsfsRecord,
    RecordError,
    SitePain,
)
from rollbook.store import CURRENT_VERSION, SqliteStore, StoreError, open_store

TODAY = dt.date(2024, 6, 30)
D = dt.date(2024, 6, 1)


def _entry(day: dt.date = D, **kw: object) -> LogEntry:
    base: dict[str, object] = {
        "pains": (SitePain("knee", 3, 4, None), SitePain("hip", 1, None, 2)),
        "km": 5.5,
        "rolled_min": 10,
        "done": True,
        "note": "felt ok",
    }
    base.update(kw)
    return LogEntry(date=day, **base)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(tmp_path / "rollbook.sqlite")
    yield s
    s.close()


# --- profiles -------------------------------------------------------------------------


def test_profiles_are_stored_literally_and_unique_ignoring_case(store: SqliteStore) -> None:
    hostile = "<script>alert('x')</script> Zoë"
    p = store.add_profile(hostile, created=D)
    assert store.find_profile(hostile.upper()) == p
    assert store.get_profile(p.id).name == hostile
    with pytest.raises(StoreError, match="already exists"):
        store.add_profile("<SCRIPT>ALERT('X')</SCRIPT> ZOË")
    store.add_profile("R-017")
    assert [x.name for x in store.list_profiles()] == [hostile, "R-017"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "two\nlines"])
def test_bad_profile_names_are_refused(store: SqliteStore, name: str) -> None:
    with pytest.raises(StoreError):
        store.add_profile(name)
    assert store.list_profiles() == []


def test_eighty_character_name_is_fine(store: SqliteStore) -> None:
    assert store.add_profile("é" * 80).name == "é" * 80


def test_deleting_a_profile_deletes_its_data(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    store.save_entry(p, _entry(), today=TODAY)
    assert store.delete_profile(p)
    assert store.find_profile("Ann") is None
    with pytest.raises(StoreError, match="no profile"):
        store.list_entries(p)


def test_a_deleted_profile_leaves_no_readable_trace_in_the_files(store: SqliteStore) -> None:
    keeper = store.add_profile("Keeper")
    store.save_entry(keeper, _entry(note="stays"), today=TODAY)
    gone = store.add_profile("Quentin Zebulon")
    for i in range(30):
        store.save_entry(gone, _entry(D - dt.timedelta(days=i), note="QXSECRETNOTEQX"), today=TODAY)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the rows now sit in the main file
    assert store._db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert store.delete_profile(gone)
    for path in store.path.parent.iterdir():
        data = path.read_bytes()
        assert b"QXSECRETNOTEQX" not in data, path.name
        assert b"Quentin Zebulon" not in data, path.name
    assert store.list_entries(keeper)[0].note == "stays"


# --- log entries ----------------------------------------------------------------------


def test_entry_round_trip_and_update_same_date(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    first = _entry()
    assert store.save_entry(p, first, today=TODAY).created is True
    assert store.get_entry(p, D) == first
    second = _entry(pains=(SitePain("knee", 3, 4, 5),), note="morning added")
    assert store.save_entry(p, second, today=TODAY).created is False
    assert store.list_entries(p) == [second]


def test_entries_listed_oldest_first_and_by_range(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    days = [D + dt.timedelta(days=i) for i in (5, 1, 3)]
    for day in days:
        store.save_entry(p, _entry(day), today=TODAY)
    assert [e.date for e in store.list_entries(p)] == sorted(days)
    window = store.list_entries(p, start=D + dt.timedelta(days=2), end=D + dt.timedelta(days=4))
    assert [e.date for e in window] == [D + dt.timedelta(days=3)]


def test_delete_entry(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    store.save_entry(p, _entry(), today=TODAY)
    assert store.delete_entry(p, D) is True
    assert store.delete_entry(p, D) is False
    assert store.list_entries(p) == []


def test_future_dates_and_unknown_sites_are_refused(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    with pytest.raises(StoreError, match="in the future"):
        store.save_entry(p, _entry(TODAY + dt.timedelta(days=1)), today=TODAY)
    with pytest.raises(StoreError, match="unknown site 'elbow'"):
        store.save_entry(p, _entry(pains=(SitePain("elbow", 1),)), today=TODAY)
    assert store.list_entries(p) == []


def test_entries_for_each_profile_are_separate(store: SqliteStore) -> None:
    a, b = store.add_profile("A"), store.add_profile("B")
    store.save_entry(a, _entry(), today=TODAY)
    assert store.list_entries(b) == []
    assert store.save_entry(b, _entry(), today=TODAY).created


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"km": 300.5}, "km must be 0–300"),
        ({"km": float("nan")}, "km must be"),
        ({"rolled_min": 601}, "rolled_min must be 0–600"),
        ({"note": "x" * 2001}, "at most 2000"),
        ({"done": 1}, "done must be true or false"),
        ({"pains": (SitePain("knee", 1), SitePain("knee", 2))}, "once per day"),
    ],
)
def test_records_refuse_bad_values(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        _entry(**kwargs)


@pytest.mark.parametrize("score", [-1, 11, 3.5, True])
def test_pain_scores_must_be_0_to_10(score: object) -> None:
    with pytest.raises(RecordError, match="pain_during for knee"):
        SitePain("knee", score)  # type: ignore[arg-type]


def test_save_entries_is_all_or_nothing(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    good = [_entry(D + dt.timedelta(days=i)) for i in range(5)]
    bad = [*good, _entry(TODAY + dt.timedelta(days=3))]
    with pytest.raises(StoreError, match="in the future"):
        store.save_entries(p, bad, today=TODAY)
    assert store.list_entries(p) == []
    result = store.save_entries(p, good, today=TODAY)
    assert (result.created, result.updated) == (5, 0)
    assert store.save_entries(p, good, today=TODAY).updated == 5
    assert len(store.list_entries(p)) == 5


# --- plans and PSFS -------------------------------------------------------------------


def test_plans_history_newest_first(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    assert store.current_plan(p) is None
    t0 = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)
    store.save_plan(p, {"site": "knee"}, {"steps": [1]}, created=t0)
    newer = store.save_plan(
        p, {"site": "hip", "note": "<b>é</b>"}, {"steps": [2]}, created=t0 + dt.timedelta(days=1)
    )
    assert store.current_plan(p) == newer
    assert [x.inputs["site"] for x in store.list_plans(p)] == ["hip", "knee"]
    with pytest.raises(StoreError, match="JSON"):
        store.save_plan(p, {"when": dt.date.today()}, {})


def test_psfs_round_trip_and_same_date_update(store: SqliteStore) -> None:
    p = store.add_profile("Ann")
    rec = PsfsRecord(D, (PsfsItem("run 5 km", 3), PsfsItem("stairs", 6)))
    assert store.save_psfs(p, rec, today=TODAY).created
    changed = PsfsRecord(D, (PsfsItem("run 5 km", 4),))
    assert not store.save_psfs(p, changed, today=TODAY).created
    assert store.list_psfs(p) == [changed]
    with pytest.raises(StoreError, match="future"):
        store.save_psfs(p, PsfsRecord(TODAY + dt.timedelta(days=1), rec.items), today=TODAY)
    with pytest.raises(RecordError, match="1–3 activities"):
        PsfsRecord(D, tuple(PsfsItem(f"a{i}", 1) for i in range(4)))
    assert store.delete_psfs(p, D)


# --- the file -------------------------------------------------------------------------


def test_file_and_folder_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "rollbook.sqlite"
    with open_store(path) as s:
        s.add_profile("Ann")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_default_path_honours_rollbook_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path))
    with open_store() as s:
        s.add_profile("Ann")
    assert (tmp_path / "rollbook.sqlite").is_file()


def test_backup_is_a_consistent_private_copy(store: SqliteStore, tmp_path: Path) -> None:
    p = store.add_profile("Ann")
    store.save_entry(p, _entry(), today=TODAY)
    dest = store.backup(tmp_path / "copy.sqlite")
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with open_store(dest) as copy:
        assert copy.list_entries(copy.find_profile("Ann")) == [_entry()]  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="already exists"):
        store.backup(dest)


def test_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    SqliteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer rollbook"):
        SqliteStore(path)
    assert path.read_bytes() == before


def test_garbage_file_is_refused_with_a_hint_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    junk = os.urandom(8192)
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="not a readable rollbook database.*restore a backup"):
        SqliteStore(path)
    assert path.read_bytes() == junk


def test_damaged_pages_are_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    with SqliteStore(path) as s:
        p = s.add_profile("Ann")
        s.save_entries(p, [_entry(D - dt.timedelta(days=i)) for i in range(400)], today=TODAY)
    # Checkpointed on close; scribble over the middle of the file.
    data = bytearray(path.read_bytes())
    assert len(data) > 4096 * 6
    data[4096 * 3 : 4096 * 5] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="not a readable rollbook database"):
        SqliteStore(path)
    assert path.read_bytes() == bytes(data)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a rollbook database"):
        SqliteStore(path)


def test_closed_store_says_so(tmp_path: Path) -> None:
    s = SqliteStore(tmp_path / "db.sqlite")
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.list_profiles()


# --- several processes ----------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from rollbook.records import LogEntry, SitePain
    from rollbook.store import SqliteStore
    path, offset = sys.argv[1], int(sys.argv[2])
    start = dt.date(2020, 1, 1) + dt.timedelta(days=offset)
    with SqliteStore(path) as s:
        p = s.find_profile("Ann")
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(500):
            day = start + dt.timedelta(days=i)
            s.save_entry(p, LogEntry(day, (SitePain("knee", i % 11),), km=1.0, rolled_min=i % 60),
                         today=dt.date(2030, 1, 1))
    """
)


def _python(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    with SqliteStore(path) as s:
        s.add_profile("Ann")
    procs = [_python(_WRITER, str(path), str(offset)) for offset in (0, 500)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release both together so their writes interleave
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.wait(timeout=240) == 0
    with SqliteStore(path) as s:
        entries = s.list_entries(s.find_profile("Ann"))  # type: ignore[arg-type]
    assert len(entries) == 1000
    assert len({e.date for e in entries}) == 1000


_IMPORTER = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from rollbook.records import LogEntry
    from rollbook.store import SqliteStore
    from rollbook.store.sqlite import SqliteStore as Impl

    real = Impl._upsert
    count = 0
    def slow(conn, pid, entry, stamp):
        global count
        count += 1
        if count == 2000:
            print("halfway", flush=True)
            time.sleep(60)
        return real(conn, pid, entry, stamp)
    Impl._upsert = staticmethod(slow)
    entries = [LogEntry(dt.date(2010, 1, 1) + dt.timedelta(days=i), km=3.0) for i in range(4000)]
    with SqliteStore(sys.argv[1]) as s:
        s.save_entries(s.find_profile("Ann"), entries, today=dt.date(2030, 1, 1))
    print("finished", flush=True)
    """
)


def test_killed_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    with SqliteStore(path) as s:
        p = s.add_profile("Ann")
        s.save_entry(p, _entry(), today=TODAY)
    proc = _python(_IMPORTER, str(path))
    assert proc.stdout is not None and proc.stdout.readline().strip() == "halfway"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with SqliteStore(path) as s:
        assert s.list_entries(s.find_profile("Ann")) == [_entry()]  # type: ignore[arg-type]
        # Not locked for good: the next write goes through.
        s.save_entry(s.find_profile("Ann"), _entry(D - dt.timedelta(days=1)), today=TODAY)  # type: ignore[arg-type]
