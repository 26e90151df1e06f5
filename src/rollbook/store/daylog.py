"""The SQL of the daily log (a day's km, rolling, note and pain per place and side)
and of the activity scores (PSFS), kept apart from :mod:`rollbook.store.sqlite`.

Every write is one transaction of the store (``_write``): a day and its pain scores,
or a file of days, are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from rollbook.i18n import _
from rollbook.records import (
    ImportResult,
    LogEntry,
    PsfsItem,
    PsfsRecord,
    SaveResult,
    SitePain,
    check_entry_context,
    known_sites,
)
from rollbook.store import sides
from rollbook.store.base import StoreError, check_record_date
from rollbook.store.rows import entry_row, site_pain_row
from rollbook.store.sqlite_file import utc_iso

if TYPE_CHECKING:
    from rollbook.store.base import ProfileRef

__all__ = ["SqliteLogMixin"]


class SqliteLogMixin:
    """The daily log and PSFS part of :class:`rollbook.store.SqliteStore`."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _pid(self, profile: ProfileRef, conn: sqlite3.Connection | None = None) -> int: ...
        def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]: ...

    def _check_entries(self, entries: list[LogEntry], today: dt.date | None) -> None:
        day = today or dt.date.today()
        sites = known_sites()
        problems: list[str] = []
        seen: set[dt.date] = set()
        for entry in entries:
            if not isinstance(entry, LogEntry):
                raise StoreError(
                    _("expected a LogEntry (got {name__})").format(name__=type(entry).__name__)
                )
            if entry.date in seen:
                problems.append(
                    _("{day}: the same date appears twice").format(day=entry.date.isoformat())
                )
            seen.add(entry.date)
            problems += [
                f"{entry.date.isoformat()}: {p}" if len(entries) > 1 else p
                for p in check_entry_context(entry, today=day, sites=sites)
            ]
        if problems:
            raise StoreError("; ".join(problems))

    @staticmethod
    def _upsert(conn: sqlite3.Connection, pid: int, entry: LogEntry, stamp: str) -> bool:
        values = (entry.km, entry.rolled_min, int(entry.done), entry.note, stamp)
        row = conn.execute(
            "SELECT id FROM log_entries WHERE profile_id = ? AND date = ?",
            (pid, entry.date.isoformat()),
        ).fetchone()
        if row:
            entry_id = int(row[0])
            conn.execute(
                "UPDATE log_entries SET km = ?, rolled_min = ?, done = ?, note = ?, updated = ? "
                "WHERE id = ?",
                (*values, entry_id),
            )
            conn.execute("DELETE FROM site_pain WHERE entry_id = ?", (entry_id,))
        else:
            cur = conn.execute(
                "INSERT INTO log_entries (km, rolled_min, done, note, updated, profile_id, date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*values, pid, entry.date.isoformat()),
            )
            entry_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO site_pain (entry_id, site, side, during, after, morning) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(entry_id, p.site, sides.to_db(p.side), *p.scores) for p in entry.pains],
        )
        return row is None

    def save_entry(
        self, profile: ProfileRef, entry: LogEntry, *, today: dt.date | None = None
    ) -> SaveResult:
        self._check_entries([entry], today)
        with self._write() as conn:
            pid = self._pid(profile, conn)
            created = self._upsert(conn, pid, entry, utc_iso(dt.datetime.now(dt.UTC)))
        return SaveResult(created=created)

    def save_entries(
        self, profile: ProfileRef, entries: Iterable[LogEntry], *, today: dt.date | None = None
    ) -> ImportResult:
        batch = list(entries)
        self._check_entries(batch, today)
        stamp = utc_iso(dt.datetime.now(dt.UTC))
        created = 0
        with self._write() as conn:
            pid = self._pid(profile, conn)
            for entry in batch:
                created += self._upsert(conn, pid, entry, stamp)
        return ImportResult(created=created, updated=len(batch) - created)

    def list_entries(
        self,
        profile: ProfileRef,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[LogEntry]:
        pid = self._pid(profile)
        lo = (start or dt.date.min).isoformat()
        hi = (end or dt.date.max).isoformat()
        rows = self._read(
            "SELECT id, date, km, rolled_min, done, note, EXISTS (SELECT 1 FROM runs r "
            "WHERE r.profile_id = log_entries.profile_id AND r.date = log_entries.date) "
            "FROM log_entries WHERE profile_id = ? AND date BETWEEN ? AND ? ORDER BY date",
            (pid, lo, hi),
        )
        pains: dict[int, list[SitePain]] = {}
        for entry_id, site, side, during, after, morning in self._read(
            "SELECT s.entry_id, s.site, s.side, s.during, s.after, s.morning FROM site_pain s "
            "JOIN log_entries e ON e.id = s.entry_id "
            "WHERE e.profile_id = ? AND e.date BETWEEN ? AND ?",
            (pid, lo, hi),
        ):
            pains.setdefault(entry_id, []).append(
                site_pain_row(site, during, after, morning, sides.from_db(side))
            )
        # The tables' CHECKs hold the records' rules, so rows are not checked again
        # (a third of `rollbook week` on years of logs went to that).
        # runs_only: only runs from the watch, nothing by hand (see LogEntry.runs_only).
        return [
            entry_row(
                date,
                pains.get(eid, ()),
                km,
                rolled,
                done,
                note,
                runs_only=bool(ran) and eid not in pains and not (rolled or done or note),
            )
            for eid, date, km, rolled, done, note, ran in rows
        ]

    def get_entry(self, profile: ProfileRef, date: dt.date) -> LogEntry | None:
        found = self.list_entries(profile, start=date, end=date)
        return found[0] if found else None

    def delete_entry(self, profile: ProfileRef, date: dt.date) -> bool:
        with self._write() as conn:
            pid = self._pid(profile, conn)
            cur = conn.execute(
                "DELETE FROM log_entries WHERE profile_id = ? AND date = ?",
                (pid, date.isoformat()),
            )
        return cur.rowcount > 0

    # --- PSFS ----------------------------------------------------------------------

    def save_psfs(
        self, profile: ProfileRef, record: PsfsRecord, *, today: dt.date | None = None
    ) -> SaveResult:
        if not isinstance(record, PsfsRecord):
            raise StoreError(
                _("expected a PsfsRecord (got {name__})").format(name__=type(record).__name__)
            )
        check_record_date(record.date, today)
        with self._write() as conn:
            pid = self._pid(profile, conn)
            row = conn.execute(
                "SELECT id FROM psfs WHERE profile_id = ? AND date = ?",
                (pid, record.date.isoformat()),
            ).fetchone()
            if row:
                psfs_id = int(row[0])
                conn.execute("DELETE FROM psfs_items WHERE psfs_id = ?", (psfs_id,))
            else:
                cur = conn.execute(
                    "INSERT INTO psfs (profile_id, date) VALUES (?, ?)",
                    (pid, record.date.isoformat()),
                )
                psfs_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO psfs_items (psfs_id, position, activity, score) VALUES (?, ?, ?, ?)",
                [(psfs_id, i, item.activity, item.score) for i, item in enumerate(record.items)],
            )
        return SaveResult(created=row is None)

    def list_psfs(self, profile: ProfileRef) -> list[PsfsRecord]:
        pid = self._pid(profile)
        rows = self._read(
            "SELECT p.date, i.activity, i.score FROM psfs p "
            "JOIN psfs_items i ON i.psfs_id = p.id "
            "WHERE p.profile_id = ? ORDER BY p.date, i.position",
            (pid,),
        )
        by_date: dict[str, list[PsfsItem]] = {}
        for date, activity, score in rows:
            by_date.setdefault(date, []).append(PsfsItem(activity, score))
        return [
            PsfsRecord(date=dt.date.fromisoformat(d), items=tuple(items))
            for d, items in by_date.items()
        ]

    def delete_psfs(self, profile: ProfileRef, date: dt.date) -> bool:
        with self._write() as conn:
            pid = self._pid(profile, conn)
            cur = conn.execute(
                "DELETE FROM psfs WHERE profile_id = ? AND date = ?", (pid, date.isoformat())
            )
        return cur.rowcount > 0
