"""The SQL for plans that move: exercise sessions, adjustments, ladder checks and LEFS.

Kept apart from :mod:`rollbook.store.sqlite` to keep files short. Every write is one
transaction of the store (``_write``), so a day's log and its exercise sessions are
saved together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from rollbook.i18n import _
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
from rollbook.records import LogEntry, RecordError, SaveResult
from rollbook.store.rows import session_rows

if TYPE_CHECKING:
    from rollbook.store.base import ProfileRef

PROGRESS_SQL = """
CREATE TABLE exercise_sessions (
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    exercise   TEXT NOT NULL CHECK (length(exercise) BETWEEN 1 AND 80),
    pain       INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    feel       TEXT NOT NULL CHECK (feel IN ('easy', 'ok', 'hard')),
    PRIMARY KEY (profile_id, date, exercise)
);
CREATE TABLE adjustments (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    change     TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
    created    TEXT NOT NULL
);
CREATE INDEX adjustments_profile ON adjustments (profile_id, date);
CREATE TABLE ladder_checks (
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    met        TEXT NOT NULL,
    PRIMARY KEY (profile_id, date)
);
CREATE TABLE lefs (
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    answers    TEXT NOT NULL CHECK (length(answers) = 20 AND answers NOT GLOB '*[^0-4]*'),
    updated    TEXT NOT NULL,
    PRIMARY KEY (profile_id, date)
)
"""


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the progression tables (schema version 5)."""
    for statement in PROGRESS_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _range(start: dt.date | None, end: dt.date | None) -> tuple[str, str]:
    return (start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()


class SqliteProgressMixin:
    """The progression part of :class:`rollbook.store.SqliteStore`."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _pid(self, profile: ProfileRef, conn: sqlite3.Connection | None = None) -> int: ...
        def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]: ...
        def _check_entries(self, entries: list[LogEntry], today: dt.date | None) -> None: ...
        @staticmethod
        def _upsert(conn: sqlite3.Connection, pid: int, entry: LogEntry, stamp: str) -> bool: ...

    # --- exercise sessions ----------------------------------------------------------

    def save_day(
        self,
        profile: ProfileRef,
        entry: LogEntry,
        sessions: Sequence[ExerciseSession],
        *,
        today: dt.date | None = None,
    ) -> SaveResult:
        """Save a day's log and its exercise sessions in one transaction.

        A session for an exercise already logged that day replaces it; the day's other
        sessions stay.
        """
        from rollbook.store.base import StoreError

        self._check_entries([entry], today)
        batch = list(sessions)
        for session in batch:
            if not isinstance(session, ExerciseSession):
                raise StoreError(
                    _("expected an ExerciseSession (got {name__})").format(
                        name__=type(session).__name__
                    )
                )
            if session.date != entry.date:
                raise StoreError(
                    _("exercise {exercise} is dated {date}, not {date_2}").format(
                        exercise=session.exercise, date=session.date, date_2=entry.date
                    )
                )
        names = [s.exercise for s in batch]
        if len(set(names)) != len(names):
            raise StoreError(_("each exercise may be logged once a day"))
        with self._write() as conn:
            pid = self._pid(profile, conn)
            created = self._upsert(conn, pid, entry, _now())
            conn.executemany(
                "INSERT OR REPLACE INTO exercise_sessions (profile_id, date, exercise, pain, feel) "
                "VALUES (?, ?, ?, ?, ?)",
                [(pid, s.date.isoformat(), s.exercise, s.pain, s.feel) for s in batch],
            )
        return SaveResult(created=created)

    def list_sessions(
        self, profile: ProfileRef, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[ExerciseSession]:
        """Return the exercise sessions dated ``start`` to ``end``, oldest first."""
        pid = self._pid(profile)
        rows = self._read(
            "SELECT date, exercise, pain, feel FROM exercise_sessions "
            "WHERE profile_id = ? AND date BETWEEN ? AND ? ORDER BY date, exercise",
            (pid, *_range(start, end)),
        )
        return session_rows(rows)  # the table's CHECKs hold the record's rules

    # --- clinician adjustments --------------------------------------------------------

    def add_adjustment(self, profile: ProfileRef, adjustment: Adjustment) -> Adjustment:
        """Save a clinician's change to the plan; returns it with its saved time."""
        from rollbook.store.base import StoreError

        if not isinstance(adjustment, Adjustment):
            raise StoreError(
                _("expected an Adjustment (got {name__})").format(name__=type(adjustment).__name__)
            )
        stamp = _now()
        with self._write() as conn:
            pid = self._pid(profile, conn)
            conn.execute(
                "INSERT INTO adjustments (profile_id, date, kind, change, reason, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (pid, adjustment.date.isoformat(), adjustment.kind,
                 json.dumps(adjustment.change, sort_keys=True), adjustment.reason, stamp),
            )  # fmt: skip
        return Adjustment(adjustment.date, adjustment.kind, dict(adjustment.change),
                          adjustment.reason, dt.datetime.fromisoformat(stamp))  # fmt: skip

    def list_adjustments(self, profile: ProfileRef) -> list[Adjustment]:
        """Return the clinician's changes, oldest first (by date, then when saved)."""
        pid = self._pid(profile)
        rows = self._read(
            "SELECT date, kind, change, reason, created FROM adjustments "
            "WHERE profile_id = ? ORDER BY date, created, id",
            (pid,),
        )
        out: list[Adjustment] = []
        for date, kind, change, reason, created in rows:
            try:
                out.append(Adjustment(dt.date.fromisoformat(date), kind, json.loads(change),
                                      reason, dt.datetime.fromisoformat(created)))  # fmt: skip
            except (RecordError, ValueError):
                continue  # a row written by a newer rollbook with a kind this one lacks
        return out

    # --- ladder checks ----------------------------------------------------------------

    def save_ladder_check(self, profile: ProfileRef, check: LadderCheck) -> SaveResult:
        """Save the walk-run start checks answered yes on a date (replacing that date's)."""
        with self._write() as conn:
            pid = self._pid(profile, conn)
            found = conn.execute(
                "SELECT 1 FROM ladder_checks WHERE profile_id = ? AND date = ?",
                (pid, check.date.isoformat()),
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO ladder_checks (profile_id, date, met) VALUES (?, ?, ?)",
                (pid, check.date.isoformat(), json.dumps(list(check.met))),
            )
        return SaveResult(created=found is None)

    def list_ladder_checks(self, profile: ProfileRef) -> list[LadderCheck]:
        """Return the saved walk-run start checks, oldest first."""
        rows = self._read(
            "SELECT date, met FROM ladder_checks WHERE profile_id = ? ORDER BY date",
            (self._pid(profile),),
        )
        return [LadderCheck(dt.date.fromisoformat(d), tuple(json.loads(m))) for d, m in rows]

    # --- LEFS ---------------------------------------------------------------------------

    def save_lefs(
        self, profile: ProfileRef, record: LefsRecord, *, today: dt.date | None = None
    ) -> SaveResult:
        """Save a LEFS, replacing any on the same date."""
        from rollbook.store.base import StoreError, check_record_date

        if not isinstance(record, LefsRecord):
            raise StoreError(
                _("expected a LefsRecord (got {name__})").format(name__=type(record).__name__)
            )
        check_record_date(record.date, today)
        answers = "".join(str(a) for a in record.answers)
        with self._write() as conn:
            pid = self._pid(profile, conn)
            found = conn.execute(
                "SELECT 1 FROM lefs WHERE profile_id = ? AND date = ?",
                (pid, record.date.isoformat()),
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO lefs (profile_id, date, answers, updated) "
                "VALUES (?, ?, ?, ?)",
                (pid, record.date.isoformat(), answers, _now()),
            )
        return SaveResult(created=found is None)

    def list_lefs(self, profile: ProfileRef) -> list[LefsRecord]:
        """Return the profile's LEFS answers, oldest first."""
        rows = self._read(
            "SELECT date, answers FROM lefs WHERE profile_id = ? ORDER BY date",
            (self._pid(profile),),
        )
        return [LefsRecord(dt.date.fromisoformat(d), tuple(int(c) for c in a)) for d, a in rows]


def sessions_by_exercise(
    sessions: Iterable[ExerciseSession],
) -> dict[str, list[ExerciseSession]]:
    """Group sessions by exercise id, each list oldest first."""
    grouped: dict[str, list[ExerciseSession]] = {}
    for session in sorted(sessions, key=lambda s: (s.date, s.exercise)):
        grouped.setdefault(session.exercise, []).append(session)
    return grouped
