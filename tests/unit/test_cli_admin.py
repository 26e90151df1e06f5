"""``rollbook backup`` and ``rollbook restore``: copies are consistent, restores are safe."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.records import LogEntry
from rollbook.store import CURRENT_VERSION, FILE_NAME, StoreError, open_store
from rollbook.store.backups import check_backup_file
from rollbook.store.migrations import V1_SQL

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("ROLLBOOK_HOME", str(folder))
    return folder


def _names(db: Path) -> list[str]:
    with open_store(db) as store:
        return [p.name for p in store.list_profiles()]


def _seed(db: Path, *names: str) -> None:
    with open_store(db) as store:
        for name in names:
            profile = store.add_profile(name)
            store.save_entry(profile, LogEntry(date=DAY, km=5.0, note=f"{name}'s run"), today=DAY)


def _only_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_backup_then_restore_round_trip(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    out = home.parent / "copy.sqlite"
    assert main(["backup", "--out", str(out)]) == 0
    assert f"rollbook restore {out}" in capsys.readouterr().out
    assert out.stat().st_mode & 0o077 == 0, "a backup of health data must be owner-only"
    assert not Path(str(out) + "-wal").exists(), "a backup is one self-contained file"

    _seed(db, "Bob")
    assert _names(db) == ["Ann", "Bob"]
    assert main(["restore", str(out)]) == 0
    printed = capsys.readouterr().out
    assert _names(db) == ["Ann"]

    safety = [p for p in home.iterdir() if ".before-restore-" in p.name and p.name.endswith("Z")]
    assert len(safety) == 1 and str(safety[0]) in printed
    assert _names(safety[0]) == ["Ann", "Bob"], "the replaced data is kept"
    assert safety[0].stat().st_mode & 0o077 == 0


def test_backup_without_out_goes_to_the_data_folder(home: Path) -> None:
    _seed(home / FILE_NAME, "Ann")
    assert main(["backup"]) == 0
    copies = list((home / "backups").glob("rollbook-*.sqlite"))
    assert len(copies) == 1
    assert _names(copies[0]) == ["Ann"]
    assert (home / "backups").stat().st_mode & 0o077 == 0


def test_backup_refuses_when_there_is_nothing_to_copy(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup"]) == 2
    assert "nothing to back up" in _only_line(capsys.readouterr().err)
    assert not (home / FILE_NAME).exists(), "a backup must not create an empty store"


def test_backup_never_overwrites(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(home / FILE_NAME, "Ann")
    out = home.parent / "taken.sqlite"
    out.write_text("keep me")
    assert main(["backup", "--out", str(out)]) == 2
    assert "already exists" in _only_line(capsys.readouterr().err)
    assert out.read_text() == "keep me"
    assert main(["backup", "--out", str(home.parent / "no-such-folder" / "x.sqlite")]) == 2
    assert "does not exist" in _only_line(capsys.readouterr().err)


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from rollbook.records import LogEntry
    from rollbook.store import open_store
    store = open_store(sys.argv[1])
    profile = store.find_profile("Writer") or store.add_profile("Writer")
    start = dt.date(2000, 1, 1)
    batch = 0
    while True:
        days = [start + dt.timedelta(days=batch * 10 + i) for i in range(10)]
        store.save_entries(profile, [LogEntry(date=d, km=1.0) for d in days],
                           today=dt.date(2030, 1, 1))
        batch += 1
        if batch == 1:  # say "ready" once a batch is stored, however slow the machine
            print("ready", flush=True)
    """
)


def test_backup_is_consistent_while_another_process_writes(home: Path) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        copies = []
        for index in range(5):
            out = home.parent / f"live-{index}.sqlite"
            assert main(["backup", "--out", str(out)]) == 0
            copies.append(out)
            time.sleep(0.1)
    finally:
        writer.terminate()
        writer.wait(timeout=10)
    counts = []
    for out in copies:
        assert check_backup_file(out) == CURRENT_VERSION
        with open_store(out) as store:
            writer_profile = store.find_profile("Writer")
            assert writer_profile is not None
            n = len(store.list_entries(writer_profile))
            assert store.find_profile("Ann") is not None
        # Each batch of ten is one transaction: a copy holds whole batches only.
        assert n % 10 == 0, f"backup caught a half-written batch ({n} entries)"
        counts.append(n)
    assert counts[-1] > 0, "the writer did write while backups were taken"
    assert counts == sorted(counts)


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    _seed(path, "Future")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))


def _text(path: Path) -> None:
    path.write_text("date,km\n2026-01-01,5\n")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_foreign_sqlite, "not a rollbook backup"),
        (_newer, "newer rollbook"),
        (_garbage, "rollbook backup"),
        (_text, "not a readable rollbook backup"),
    ],
    ids=["other-sqlite", "newer-version", "damaged", "not-sqlite"],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str], make: object, expected: str
) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    before = db.read_bytes()
    bad = home.parent / "bad.sqlite"
    make(bad)  # type: ignore[operator]
    assert main(["restore", str(bad)]) == 2
    line = _only_line(capsys.readouterr().err)
    assert expected in line and "Traceback" not in line
    assert db.read_bytes() == before
    assert not [p for p in home.iterdir() if "before-restore" in p.name]


def test_restore_refuses_missing_file_and_the_live_file(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    assert main(["restore", str(home / "nope.sqlite")]) == 2
    assert "does not exist" in _only_line(capsys.readouterr().err)
    assert main(["restore", str(db)]) == 2
    assert "in use" in _only_line(capsys.readouterr().err)
    assert main(["restore", str(home)]) == 2
    assert "not a file" in _only_line(capsys.readouterr().err)
    assert _names(db) == ["Ann"]


def test_restore_while_a_page_holds_the_store_open(home: Path) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    out = home.parent / "ann.sqlite"
    assert main(["backup", "--out", str(out)]) == 0
    page = open_store(db)  # a running kernel's connection
    try:
        page.add_profile("Bob")
        assert main(["restore", str(out)]) == 0
        assert [p.name for p in page.list_profiles()] == ["Ann"], "open pages see the restore"
        page.add_profile("Cleo")
    finally:
        page.close()
    assert _names(db) == ["Ann", "Cleo"]


def test_restore_replaces_a_damaged_store_and_keeps_its_bytes(home: Path) -> None:
    db = home / FILE_NAME
    _seed(db, "Ann")
    out = home.parent / "ann.sqlite"
    assert main(["backup", "--out", str(out)]) == 0
    for companion in ("-wal", "-shm"):
        Path(str(db) + companion).unlink(missing_ok=True)
    damaged = b"SQLite format 3\x00" + b"\xff" * 5000
    db.write_bytes(damaged)
    assert main(["restore", str(out)]) == 0
    assert _names(db) == ["Ann"]
    kept = [p for p in home.iterdir() if p.name.startswith(f"{FILE_NAME}.before-restore-")]
    assert [p.read_bytes() for p in kept if not p.name.endswith("-wal")] == [damaged]


def test_restore_of_an_old_version_upgrades_it(home: Path) -> None:
    old = home.parent / "v1.sqlite"
    conn = sqlite3.connect(old)
    for statement in V1_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO profiles (name, created) VALUES ('Old Timer', '2024-01-01')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    assert check_backup_file(old) == 1
    assert main(["restore", str(old)]) == 0
    assert _names(home / FILE_NAME) == ["Old Timer"]


def test_restore_into_an_empty_home(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "elsewhere.sqlite"
    _seed(source, "Ann")
    with open_store(source) as store:
        store.backup(tmp_path / "clean.sqlite")
    assert main(["restore", str(tmp_path / "clean.sqlite")]) == 0
    assert _names(home / FILE_NAME) == ["Ann"]


def test_check_backup_file_raises_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        check_backup_file(tmp_path / "missing.sqlite")
