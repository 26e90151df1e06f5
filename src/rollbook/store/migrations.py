"""Ordered schema migrations for the SQLite store.

``PRAGMA user_version`` holds the schema version. Migration *n* turns a version *n-1*
database into version *n*; a new database runs them all. Never edit a released
migration: add a new one, so that every old file takes the same path forward.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


def name_key(name: str) -> str:
    """Return the key that makes profile names unique regardless of case.

    SQLite's NOCASE only folds ASCII, so "Élodie" and "élodie" would both be allowed;
    Unicode case folding after NFC normalisation treats them as one name.
    """
    return unicodedata.normalize("NFC", name.strip()).casefold()


@dataclass(frozen=True)
class Migration:
    """One step: the version it produces, a one-line description and the change."""

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


# Version 1: the first released schema. Kept verbatim (tests build a v1 file from a
# frozen copy of it and check the upgrade path).
V1_SQL = """
CREATE TABLE profiles (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created TEXT NOT NULL
);
CREATE UNIQUE INDEX profiles_name ON profiles (name COLLATE NOCASE);

CREATE TABLE plans (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    created    TEXT NOT NULL,
    inputs     TEXT NOT NULL,
    output     TEXT NOT NULL
);
CREATE INDEX plans_profile ON plans (profile_id, created);

CREATE TABLE log_entries (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    km         REAL NOT NULL CHECK (km BETWEEN 0 AND 300),
    rolled_min INTEGER NOT NULL CHECK (rolled_min BETWEEN 0 AND 600),
    done       INTEGER NOT NULL CHECK (done IN (0, 1)),
    note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    UNIQUE (profile_id, date)
);

CREATE TABLE site_pain (
    entry_id INTEGER NOT NULL REFERENCES log_entries (id) ON DELETE CASCADE,
    site     TEXT NOT NULL,
    during   INTEGER CHECK (during BETWEEN 0 AND 10),
    after    INTEGER CHECK (after BETWEEN 0 AND 10),
    morning  INTEGER CHECK (morning BETWEEN 0 AND 10),
    PRIMARY KEY (entry_id, site)
);

CREATE TABLE psfs (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    UNIQUE (profile_id, date)
);

CREATE TABLE psfs_items (
    psfs_id  INTEGER NOT NULL REFERENCES psfs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2),
    activity TEXT NOT NULL,
    score    INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (psfs_id, position)
);
"""


def _v1(conn: sqlite3.Connection) -> None:
    for statement in V1_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """Unicode-aware unique profile names; remember when each log entry last changed."""
    conn.execute("ALTER TABLE profiles ADD COLUMN name_key TEXT")
    seen: set[str] = set()
    for row_id, name in conn.execute("SELECT id, name FROM profiles ORDER BY id").fetchall():
        key = name_key(name)
        if key in seen:
            # Two v1 names that differ only in non-ASCII case: keep both, renamed.
            suffix = 2
            while name_key(f"{name} ({suffix})") in seen:
                suffix += 1
            name = f"{name[: 80 - len(f' ({suffix})')]} ({suffix})"
            key = name_key(name)
            conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (name, row_id))
        seen.add(key)
        conn.execute("UPDATE profiles SET name_key = ? WHERE id = ?", (key, row_id))
    conn.execute("DROP INDEX profiles_name")
    conn.execute("CREATE UNIQUE INDEX profiles_name_key ON profiles (name_key)")
    conn.execute("ALTER TABLE log_entries ADD COLUMN updated TEXT")


# The time format of every 'updated' column (as written by sqlite_file.utc_iso), made
# inside SQLite: '%f' gives seconds with milliseconds, padded to microseconds.
SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now')"


def _v3(conn: sqlite3.Connection) -> None:
    """A stable id per profile (share files match runners by it), PSFS 'updated' times.

    Triggers fill both, so every way of adding a profile or saving a PSFS gets them.
    ``shared_at`` remembers the newest share file imported for the profile.
    """
    conn.execute("ALTER TABLE profiles ADD COLUMN uid TEXT")
    conn.execute("ALTER TABLE profiles ADD COLUMN shared_at TEXT")
    # randomblob() runs once per row: 128 random bits each, as hex.
    conn.execute("UPDATE profiles SET uid = lower(hex(randomblob(16)))")
    conn.execute("CREATE UNIQUE INDEX profiles_uid ON profiles (uid)")
    conn.execute(
        "CREATE TRIGGER profiles_uid_fill AFTER INSERT ON profiles WHEN NEW.uid IS NULL "
        "BEGIN UPDATE profiles SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END"
    )
    conn.execute("ALTER TABLE psfs ADD COLUMN updated TEXT")
    conn.execute(
        "CREATE TRIGGER psfs_items_touch AFTER INSERT ON psfs_items "
        f"BEGIN UPDATE psfs SET updated = {SQL_NOW} WHERE id = NEW.psfs_id; END"
    )


def _v4(conn: sqlite3.Connection) -> None:
    """Runs imported from watch files: the figures only, never the GPS track."""
    from rollbook.store.runs import create_table

    create_table(conn)


def _v5(conn: sqlite3.Connection) -> None:
    """Plans that move: exercise sessions, clinician adjustments, ladder checks, LEFS."""
    from rollbook.store.progress import create_tables

    create_tables(conn)


def _v6(conn: sqlite3.Connection) -> None:
    """Sides in the daily log: the same site may be scored once for each side."""
    from rollbook.store.sides import add_sides

    add_sides(conn)


def _v7(conn: sqlite3.Connection) -> None:
    """Kept checkpoints of the weekly replay (a cache), dropped by triggers on change."""
    from rollbook.store.checkpoints import create_tables

    create_tables(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "first schema: profiles, plans, log entries, site pain, PSFS", _v1),
    Migration(2, "Unicode case-insensitive profile names; log entry 'updated' time", _v2),
    Migration(3, "stable profile ids for share files; PSFS 'updated' time", _v3),
    Migration(4, "runs imported from watch files (figures only, no GPS track)", _v4),
    Migration(5, "exercise sessions, plan adjustments, walk-run checks and LEFS", _v5),
    Migration(6, "a side (left, right or none) for each pain score in the daily log", _v6),
    Migration(7, "kept checkpoints of the weekly replay, dropped when a record changes", _v7),
)

CURRENT_VERSION = MIGRATIONS[-1].version


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = CURRENT_VERSION) -> None:
    """Apply the migrations after ``from_version`` up to ``to_version``.

    The caller holds the write transaction; ``user_version`` is set inside it, so a
    crash leaves the file at the old version with the old data.
    """
    for migration in MIGRATIONS:
        if from_version < migration.version <= to_version:
            migration.apply(conn)
    conn.execute(f"PRAGMA user_version = {int(to_version)}")
