"""Kept checkpoints of the weekly replay (schema version 7), and the triggers that drop them.

A checkpoint (:mod:`rollbook.week_checkpoint`) is a cache: one row per runner, for
their current plan, never anything the runner entered. SQLite triggers delete it
whenever a record it was built from changes, whichever code writes (the pages, the
command line, a CSV or share-file import, a runs import): an insert, change or delete
of a log entry, pain score, run, exercise session, clinician change or walk-run check
dated before the checkpoint's day, and any change to the runner's plans. They also
count every such write per runner (``week_changes``), so a checkpoint worked out while
another window saved something is not kept: it may have been built from the older
data.

Dates are stored as ``YYYY-MM-DD`` text, so text order is date order.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from rollbook.store.base import StoreError

if TYPE_CHECKING:
    from rollbook.store.base import ProfileRef

__all__ = ["SqliteCheckpointMixin", "create_tables"]

CHECKPOINT_SQL = """
CREATE TABLE week_checkpoints (
    profile_id INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    plan_id    INTEGER NOT NULL,
    key        TEXT NOT NULL,
    day        TEXT NOT NULL,
    state      TEXT NOT NULL
);
CREATE TABLE week_changes (
    profile_id INTEGER PRIMARY KEY,
    count      INTEGER NOT NULL
);
CREATE TRIGGER profiles_delete_replay AFTER DELETE ON profiles
BEGIN DELETE FROM week_changes WHERE profile_id = OLD.id; END
"""
# week_changes has no foreign key: deleting a runner deletes their records, whose
# triggers count writes while the runner's row is going; they count only for a runner
# still there, and the runner's count goes with them.

# What a write to a dated record does: count the write, drop a checkpoint made after it.
_DROP = (
    "INSERT INTO week_changes (profile_id, count) SELECT {pid}, 1 "
    "WHERE EXISTS (SELECT 1 FROM profiles WHERE id = {pid}) "
    "ON CONFLICT (profile_id) DO UPDATE SET count = count + 1; "
    "DELETE FROM week_checkpoints WHERE profile_id = {pid} AND day > {date};"
)  # (every stored day is > '', which plans use: a plan has no date)
# Tables with their own profile_id and date columns.
_DATED = ("log_entries", "runs", "exercise_sessions", "adjustments", "ladder_checks")
# A pain score belongs to a log entry; a deleted entry's scores are handled by the entry.
_PAIN_PID = "(SELECT profile_id FROM log_entries WHERE id = {row}.entry_id)"
_PAIN_DATE = "(SELECT date FROM log_entries WHERE id = {row}.entry_id)"


def _triggers() -> list[str]:
    out: list[str] = []
    for table in _DATED:
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
            body = " ".join(_DROP.format(pid=f"{r}.profile_id", date=f"{r}.date") for r in rows)
            out.append(f"CREATE TRIGGER {table}_{event.lower()}_replay AFTER {event} ON {table} "
                       f"BEGIN {body} END")  # fmt: skip
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
        body = " ".join(
            _DROP.format(pid=_PAIN_PID.format(row=r), date=_PAIN_DATE.format(row=r)) for r in rows
        )
        out.append(f"CREATE TRIGGER site_pain_{event.lower()}_replay AFTER {event} ON site_pain "
                   f"BEGIN {body} END")  # fmt: skip
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
        # A plan has no date: any change to the runner's plans drops the checkpoint.
        body = " ".join(_DROP.format(pid=f"{r}.profile_id", date="''") for r in rows)
        out.append(f"CREATE TRIGGER plans_{event.lower()}_replay AFTER {event} ON plans "
                   f"BEGIN {body} END")  # fmt: skip
    return out


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the checkpoint tables and their triggers (schema version 7).

    A cache: whatever a file already holds under these names is dropped and built anew.
    """
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE "
        "'%\\_replay' ESCAPE '\\') OR (type = 'table' AND name IN "
        "('week_checkpoints', 'week_changes'))"
    ).fetchall():
        conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    for statement in CHECKPOINT_SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    for trigger in _triggers():
        conn.execute(trigger)


class SqliteCheckpointMixin:
    """The replay checkpoints of :class:`rollbook.store.SqliteStore`."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _pid(self, profile: ProfileRef, conn: sqlite3.Connection | None = None) -> int: ...
        def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]: ...

        @property
        def _db(self) -> sqlite3.Connection: ...

    def week_checkpoint(
        self, profile: ProfileRef, plan_id: int, key: str
    ) -> tuple[int, dt.date | None, str]:
        """The runner's write count and their kept checkpoint (day and text) for the
        plan and key, or ``(count, None, "")`` when none is kept.

        Read the count before the records the replay uses, and give it back to
        :meth:`save_week_checkpoint`.
        """
        pid = self._pid(profile)
        rows = self._read(
            "SELECT (SELECT count FROM week_changes WHERE profile_id = ?), c.day, c.state "
            "FROM (SELECT 1) LEFT JOIN week_checkpoints c "
            "ON c.profile_id = ? AND c.plan_id = ? AND c.key = ?",
            (pid, pid, plan_id, key),
        )
        count, day, state = rows[0]
        if day is None:
            return int(count or 0), None, ""
        try:
            return int(count or 0), dt.date.fromisoformat(day), str(state)
        except ValueError:
            return int(count or 0), None, ""

    def save_week_checkpoint(
        self, profile: ProfileRef, plan_id: int, key: str, count: int, day: dt.date, state: str
    ) -> bool:
        """Keep a checkpoint for ``day`` when no record changed since ``count`` was read
        and no later one is kept; True when kept.

        Best effort: a busy database is not waited for (the checkpoint is only a cache).
        """
        conn = self._db
        try:
            # Do not wait 15 s for another window's long write just to keep a cache.
            waited = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
            conn.execute("PRAGMA busy_timeout = 100")
            try:
                with self._write() as conn:
                    pid = self._pid(profile, conn)
                    now = conn.execute(
                        "SELECT count FROM week_changes WHERE profile_id = ?", (pid,)
                    ).fetchone()
                    if (now[0] if now else 0) != count:
                        return False
                    kept = conn.execute(
                        "SELECT day FROM week_checkpoints WHERE profile_id = ? AND plan_id = ? "
                        "AND key = ?",
                        (pid, plan_id, key),
                    ).fetchone()
                    if kept is not None and kept[0] >= day.isoformat():
                        return False
                    conn.execute(
                        "INSERT OR REPLACE INTO week_checkpoints "
                        "(profile_id, plan_id, key, day, state) VALUES (?, ?, ?, ?, ?)",
                        (pid, plan_id, key, day.isoformat(), state),
                    )
            finally:
                conn.execute(f"PRAGMA busy_timeout = {waited}")
        except (sqlite3.Error, StoreError):
            return False  # a cache that cannot be written now is simply not kept
        return True
