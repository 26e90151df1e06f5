"""Upgrading a file made by the first schema version keeps its data and backs it up."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import CURRENT_VERSION, SqliteStore
from rollbook.store.migrations import MIGRATIONS

# A frozen copy of schema version 1 as released: this fixture must never follow later
# edits to the code, so that the real upgrade path is what gets tested.
V1_SCHEMA = """
CREATE TABLE profiles (id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80), created TEXT NOT NULL);
CREATE UNIQUE INDEX profiles_name ON profiles (name COLLATE NOCASE);
CREATE TABLE plans (id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    created TEXT NOT NULL, inputs TEXT NOT NULL, output TEXT NOT NULL);
CREATE INDEX plans_profile ON plans (profile_id, created);
CREATE TABLE log_entries (id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date TEXT NOT NULL, km REAL NOT NULL CHECK (km BETWEEN 0 AND 300),
    rolled_min INTEGER NOT NULL CHECK (rolled_min BETWEEN 0 AND 600),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000), UNIQUE (profile_id, date));
CREATE TABLE site_pain (entry_id INTEGER NOT NULL REFERENCES log_entries (id) ON DELETE CASCADE,
    site TEXT NOT NULL, during INTEGER CHECK (during BETWEEN 0 AND 10),
    after INTEGER CHECK (after BETWEEN 0 AND 10), morning INTEGER CHECK (morning BETWEEN 0 AND 10),
    PRIMARY KEY (entry_id, site));
CREATE TABLE psfs (id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date TEXT NOT NULL, UNIQUE (profile_id, date));
CREATE TABLE psfs_items (psfs_id INTEGER NOT NULL REFERENCES psfs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2), activity TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10), PRIMARY KEY (psfs_id, position));
PRAGMA user_version = 1;
"""


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.executescript(
        """
        INSERT INTO profiles VALUES (1, 'Ann', '2024-01-02'), (2, 'Élodie', '2024-01-03'),
                                    (3, 'élodie', '2024-01-04');
        INSERT INTO log_entries VALUES (1, 1, '2024-02-01', 5.5, 10, 1, '=note');
        INSERT INTO site_pain VALUES (1, 'knee', 4, 3, NULL), (1, 'hip', 1, NULL, 2);
        INSERT INTO plans VALUES (1, 1, '2024-02-01T08:00:00.000000+00:00', '{"a": 1}', '{"b": 2}');
        INSERT INTO psfs VALUES (1, 1, '2024-02-01');
        INSERT INTO psfs_items VALUES (1, 0, 'run', 4), (1, 1, 'stairs', 7);
        """
    )
    conn.commit()
    conn.close()


def test_the_fixture_matches_the_first_migration() -> None:
    assert MIGRATIONS[0].version == 1


def test_v1_file_is_upgraded_with_data_kept_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    _make_v1(path)
    with SqliteStore(path) as s:
        assert s.schema_version == CURRENT_VERSION
        ann = s.find_profile("ann")
        assert ann is not None and ann.created == dt.date(2024, 1, 2)
        assert s.list_entries(ann) == [
            LogEntry(
                dt.date(2024, 2, 1),
                (SitePain("knee", 4, 3, None), SitePain("hip", 1, None, 2)),
                km=5.5,
                rolled_min=10,
                done=True,
                note="=note",
            )
        ]
        assert s.current_plan(ann).output == {"b": 2}  # type: ignore[union-attr]
        assert s.list_psfs(ann) == [
            PsfsRecord(dt.date(2024, 2, 1), (PsfsItem("run", 4), PsfsItem("stairs", 7)))
        ]
        # v1 let these two in (ASCII-only NOCASE); v2 keeps both under distinct names.
        assert [p.name for p in s.list_profiles()] == ["Ann", "Élodie", "élodie (2)"]
        # ...and from now on refuses such twins.
        assert s.find_profile("ÉLODIE") is not None
    backups = list(tmp_path.glob("rollbook.sqlite.bak-v1-*"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM profiles").fetchone()[0] == 3
    conn.close()


def test_current_file_is_not_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    SqliteStore(path).close()
    SqliteStore(path).close()
    assert list(tmp_path.glob("*.bak-*")) == []
