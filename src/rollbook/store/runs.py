"""The SQL for imported runs, kept apart from :mod:`rollbook.store.sqlite`.

Functions here run inside the caller's write transaction, so saving runs and
updating the day totals they feed commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from rollbook.i18n import _
from rollbook.records import KM_MAX
from rollbook.runs.record import DayChange, Run, RunsSaved

if TYPE_CHECKING:
    from rollbook.store.base import ProfileRef

#: A stored run that starts this close to a new one is the same run from another file
#: (a Garmin FIT and the Strava GPX of the same morning).
SAME_RUN_S = 60

RUNS_SQL = """
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    start       TEXT NOT NULL,
    km          REAL NOT NULL CHECK (km > 0 AND km <= 300),
    moving_s    INTEGER NOT NULL CHECK (moving_s > 0),
    elevation_m REAL CHECK (elevation_m IS NULL OR elevation_m >= 0),
    source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    fingerprint TEXT NOT NULL,
    UNIQUE (profile_id, fingerprint)
);
CREATE INDEX runs_profile_start ON runs (profile_id, start);
CREATE INDEX runs_profile_date ON runs (profile_id, date)
"""


def create_table(conn: sqlite3.Connection) -> None:
    """Create the runs table (schema version 3)."""
    for statement in RUNS_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def _stamp(moment: dt.datetime) -> str:
    # Fixed width UTC text, so text order is time order and ranges can use BETWEEN.
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def is_known(conn: sqlite3.Connection, pid: int, run: Run) -> bool:
    """True when this run is already stored: same file, or a run starting within a minute."""
    if conn.execute(
        "SELECT 1 FROM runs WHERE profile_id = ? AND fingerprint = ?", (pid, run.fingerprint)
    ).fetchone():
        return True
    gap = dt.timedelta(seconds=SAME_RUN_S)
    row = conn.execute(
        "SELECT 1 FROM runs WHERE profile_id = ? AND start BETWEEN ? AND ?",
        (pid, _stamp(run.start - gap), _stamp(run.start + gap)),
    ).fetchone()
    return row is not None


def new_runs(conn: sqlite3.Connection, pid: int, runs: Sequence[Run]) -> list[Run]:
    """Return the runs not stored yet (nor repeated earlier in ``runs``), in order."""
    fresh: list[Run] = []
    seen: set[str] = set()
    starts: list[dt.datetime] = []
    gap = dt.timedelta(seconds=SAME_RUN_S)
    for run in runs:
        if run.fingerprint in seen or is_known(conn, pid, run):
            continue
        if any(abs(run.start - other) <= gap for other in starts):
            continue
        seen.add(run.fingerprint)
        starts.append(run.start)
        fresh.append(run)
    return fresh


def day_changes(conn: sqlite3.Connection, pid: int, runs: Sequence[Run]) -> list[DayChange]:
    """Return how each day's distance would change if ``runs`` (all new) were added."""
    added: dict[dt.date, float] = {}
    for run in runs:
        added[run.date] = added.get(run.date, 0.0) + run.km
    changes = []
    for day in sorted(added):
        text = day.isoformat()
        stored = conn.execute(
            "SELECT coalesce(sum(km), 0) FROM runs WHERE profile_id = ? AND date = ?", (pid, text)
        ).fetchone()[0]
        entry = conn.execute(
            "SELECT km FROM log_entries WHERE profile_id = ? AND date = ?", (pid, text)
        ).fetchone()
        after = round(float(stored) + added[day], 2)
        changes.append(DayChange(day, None if entry is None else float(entry[0]), after))
    return changes


def too_long(changes: Sequence[DayChange]) -> list[str]:
    """Return a problem for each day whose runs would add up to more than the log allows."""
    return [
        _(
            "{day}: the runs add up to {km_after:.1f} km, more than the {KM_MAX:g} km a day the log takes"
        ).format(day=c.date.isoformat(), km_after=c.km_after, KM_MAX=KM_MAX)
        for c in changes
        if c.km_after > KM_MAX
    ]


def insert(conn: sqlite3.Connection, pid: int, runs: Sequence[Run], stamp: str) -> list[DayChange]:
    """Insert ``runs`` (all new) and set each touched day's distance to the sum of its runs.

    A day already in the log keeps its pain scores, minutes rolled, plan tick and note;
    only its distance changes. A day not in the log is added with the distance alone.
    """
    changes = day_changes(conn, pid, runs)
    conn.executemany(
        "INSERT INTO runs (profile_id, date, start, km, moving_s, elevation_m, source, "
        "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                pid,
                r.date.isoformat(),
                _stamp(r.start),
                r.km,
                r.moving_s,
                r.elevation_m,
                r.source,
                r.fingerprint,
            )
            for r in runs
        ],
    )
    for change in changes:
        if change.km_before is None:
            conn.execute(
                "INSERT INTO log_entries (profile_id, date, km, rolled_min, done, note, updated) "
                "VALUES (?, ?, ?, 0, 0, '', ?)",
                (pid, change.date.isoformat(), change.km_after, stamp),
            )
        else:
            conn.execute(
                "UPDATE log_entries SET km = ?, updated = ? WHERE profile_id = ? AND date = ?",
                (change.km_after, stamp, pid, change.date.isoformat()),
            )
    return changes


def select(
    conn: sqlite3.Connection, pid: int, start: dt.date | None, end: dt.date | None
) -> list[Run]:
    """Return the profile's runs with dates from ``start`` to ``end`` (inclusive), oldest first."""
    lo = (start or dt.date.min).isoformat()
    hi = (end or dt.date.max).isoformat()
    rows = conn.execute(
        "SELECT date, start, km, moving_s, source, fingerprint, elevation_m FROM runs "
        "WHERE profile_id = ? AND date BETWEEN ? AND ? ORDER BY start, id",
        (pid, lo, hi),
    ).fetchall()
    return [
        Run(
            date=dt.date.fromisoformat(r[0]),
            start=dt.datetime.fromisoformat(r[1]),
            km=r[2],
            moving_s=r[3],
            source=r[4],
            fingerprint=r[5],
            elevation_m=r[6],
        )
        for r in rows
    ]


class SqliteRunsMixin:
    """The runs part of :class:`rollbook.store.SqliteStore` (kept here to keep files short)."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _pid(self, profile: ProfileRef, conn: sqlite3.Connection | None = None) -> int: ...
        def _translate(self, exc: sqlite3.Error) -> Exception: ...

        @property
        def _db(self) -> sqlite3.Connection: ...

    def _checked_runs(self, runs: Iterable[Run]) -> list[Run]:
        from rollbook.store.base import StoreError

        batch = list(runs)
        for run in batch:
            if not isinstance(run, Run):
                raise StoreError(
                    _("expected a Run (got {name__})").format(name__=type(run).__name__)
                )
        return batch

    def add_runs(
        self, profile: ProfileRef, runs: Iterable[Run], *, today: dt.date | None = None
    ) -> RunsSaved:
        """Save new runs and set their days' distances, in one transaction."""
        from rollbook.store.base import StoreError

        batch = self._checked_runs(runs)
        day = today or dt.date.today()
        late = [r for r in batch if r.date > day]
        if late:
            raise StoreError(
                _("{source}: dated {day}, in the future (today is {isoformat_2})").format(
                    source=late[0].source,
                    day=late[0].date.isoformat(),
                    isoformat_2=day.isoformat(),
                )
            )
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        with self._write() as conn:
            pid = self._pid(profile, conn)
            fresh = new_runs(conn, pid, batch)
            problems = too_long(day_changes(conn, pid, fresh))
            if problems:
                raise StoreError("; ".join(problems))
            changes = insert(conn, pid, fresh, stamp)
        return RunsSaved(len(fresh), len(batch) - len(fresh), tuple(changes))

    def preview_runs(self, profile: ProfileRef, runs: Iterable[Run]) -> RunsSaved:
        """Return what :meth:`add_runs` would do now, saving nothing."""
        batch = self._checked_runs(runs)
        try:
            conn = self._db
            pid = self._pid(profile, conn)
            fresh = new_runs(conn, pid, batch)
            changes = day_changes(conn, pid, fresh)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        return RunsSaved(len(fresh), len(batch) - len(fresh), tuple(changes))

    def runs(
        self, profile: ProfileRef, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Run]:
        """Return the profile's runs dated ``start`` to ``end``, oldest first."""
        try:
            conn = self._db
            return select(conn, self._pid(profile, conn), start, end)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
