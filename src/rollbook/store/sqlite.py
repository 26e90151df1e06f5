"""The default store: one SQLite file, owner-only, safe with several kernels at once.

Why it is built this way:
- WAL mode plus a busy timeout lets two Voila kernels write at once without losing
  either write; every write is one ``BEGIN IMMEDIATE`` transaction, so a process
  killed mid-write leaves the last committed state.
- A file that cannot be read is reported and never written to, so a damaged file can
  still be rescued by hand.
- Before a schema migration the file is copied aside with SQLite's backup API.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rollbook.records import (
    ImportResult,
    LogEntry,
    Profile,
    PsfsItem,
    PsfsRecord,
    SavedPlan,
    SaveResult,
    SitePain,
    check_entry_context,
    early_date_problem,
    known_sites,
    name_problem,
)
from rollbook.store import sides
from rollbook.store.base import ProfileRef, Store, StoreError
from rollbook.store.migrations import CURRENT_VERSION, migrate, name_key
from rollbook.store.progress import SqliteProgressMixin
from rollbook.store.rows import entry_row, site_pain_row
from rollbook.store.runs import SqliteRunsMixin

FILE_NAME = "rollbook.sqlite"
BUSY_TIMEOUT_S = 15.0

_RECOVERY_HINT = (
    "It has been left untouched. To recover, move it aside and restore a backup "
    "(a '{name}.bak-*' file next to it, or a copy made with 'rollbook backup': "
    "'rollbook restore FILE' puts it back), "
    "or move it aside to start with an empty log."
)


def default_path() -> Path:
    """Return where the store lives unless told otherwise: ``data_home()/rollbook.sqlite``."""
    from rollbook.paths import data_home

    return data_home() / FILE_NAME


def _create_private(path: Path) -> None:
    """Create ``path`` (and its folder) readable by the owner only, if missing."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(
            f"cannot create the rollbook database in {path.parent} ({exc.strerror or exc}); "
            "check that the data folder (ROLLBOOK_HOME) exists and is writable"
        ) from exc
    os.close(fd)


def _utc_iso(moment: dt.datetime) -> str:
    # Same length and zone for every row, so text order is time order.
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _to_json(value: dict[str, Any], what: str) -> str:
    if not isinstance(value, dict):
        raise StoreError(f"plan {what} must be a dict (got {type(value).__name__})")
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"plan {what} cannot be saved as JSON: {exc}") from None


class SqliteStore(SqliteProgressMixin, SqliteRunsMixin, Store):
    """A :class:`Store` in one SQLite file."""

    def __init__(self, path: Path | str, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        _create_private(self.path)
        conn = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None)
        try:
            version = self._check_readable(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed log entry survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Deleted rows are overwritten, not just unlinked: a removed runner's notes
            # must not linger in free pages (many SQLite builds leave this off).
            conn.execute("PRAGMA secure_delete = ON")
            if version < CURRENT_VERSION:
                self._upgrade(conn, version)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self.schema_version = CURRENT_VERSION

    # --- opening -------------------------------------------------------------------

    def _corrupt(self, detail: object) -> StoreError:
        hint = _RECOVERY_HINT.format(name=self.path.name)
        return StoreError(f"{self.path} is not a readable rollbook database ({detail}). {hint}")

    def _check_readable(self, conn: sqlite3.Connection) -> int:
        """Return the file's schema version, refusing damaged, foreign or newer files."""
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                check = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if check != ["ok"]:
                    raise self._corrupt("; ".join(check[:3]))
        except sqlite3.DatabaseError as exc:
            raise self._corrupt(exc) from None
        if version > CURRENT_VERSION:
            raise StoreError(
                f"{self.path} was made by a newer rollbook (data version {version}; this "
                f"rollbook reads up to version {CURRENT_VERSION}). Upgrade rollbook to open "
                "it; the file has not been changed."
            )
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is an SQLite file but not a rollbook database; "
                "it has been left untouched. Choose another file."
            )
        return version

    def _backup_path(self, old_version: int) -> Path:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        candidate = self.path.with_name(f"{self.path.name}.bak-v{old_version}-{stamp}")
        counter = 1
        while candidate.exists():
            counter += 1
            candidate = self.path.with_name(
                f"{self.path.name}.bak-v{old_version}-{stamp}-{counter}"
            )
        return candidate

    def _upgrade(self, conn: sqlite3.Connection, version: int) -> None:
        if version > 0:
            _backup_to(conn, self._backup_path(version))
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another kernel may have upgraded while this one waited for the lock.
            now = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if now < CURRENT_VERSION:
                migrate(conn, now)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- plumbing ------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store has been closed")
        return self._conn

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
            return StoreError("the database is busy (another rollbook window is saving); try again")
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
            exc, (sqlite3.IntegrityError, sqlite3.OperationalError)
        ):
            return self._corrupt(exc)
        return StoreError(f"could not use {self.path}: {text}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise self._translate(exc) from None
            raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _pid(self, profile: ProfileRef, conn: sqlite3.Connection | None = None) -> int:
        pid = profile.id if isinstance(profile, Profile) else profile
        if isinstance(pid, bool) or not isinstance(pid, int):
            raise StoreError(f"a profile must be a Profile or an id (got {profile!r})")
        row = (conn or self._db).execute("SELECT 1 FROM profiles WHERE id = ?", (pid,)).fetchone()
        if row is None:
            raise StoreError(f"there is no profile with id {pid}")
        return pid

    # --- profiles ------------------------------------------------------------------

    def add_profile(self, name: str, *, created: dt.date | None = None) -> Profile:
        problem = name_problem(name)
        if problem:
            raise StoreError(problem)
        day = created or dt.date.today()
        key = name_key(name)
        with self._write() as conn:
            row = conn.execute("SELECT name FROM profiles WHERE name_key = ?", (key,)).fetchone()
            if row:
                raise StoreError(
                    f"a profile named {row[0]!r} already exists (names ignore case); "
                    "choose another name"
                )
            cur = conn.execute(
                "INSERT INTO profiles (name, name_key, created) VALUES (?, ?, ?)",
                (name, key, day.isoformat()),
            )
        return Profile(id=int(cur.lastrowid or 0), name=name, created=day)

    @staticmethod
    def _profile(row: tuple[Any, ...]) -> Profile:
        return Profile(id=row[0], name=row[1], created=dt.date.fromisoformat(row[2]))

    def list_profiles(self) -> list[Profile]:
        rows = self._read("SELECT id, name, created FROM profiles ORDER BY name_key, id")
        return [self._profile(r) for r in rows]

    def find_profile(self, name: str) -> Profile | None:
        rows = self._read(
            "SELECT id, name, created FROM profiles WHERE name_key = ?", (name_key(name),)
        )
        return self._profile(rows[0]) if rows else None

    def get_profile(self, profile_id: int) -> Profile:
        rows = self._read("SELECT id, name, created FROM profiles WHERE id = ?", (profile_id,))
        if not rows:
            raise StoreError(f"there is no profile with id {profile_id}")
        return self._profile(rows[0])

    def delete_profile(self, profile: ProfileRef) -> bool:
        pid = profile.id if isinstance(profile, Profile) else profile
        with self._write() as conn:
            cur = conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
        if cur.rowcount > 0:
            self._forget_old_pages()
        return cur.rowcount > 0

    def _forget_old_pages(self) -> None:
        """Copy the write-ahead log into the file and empty it, so older copies of
        deleted pages do not stay in the log. Best effort: while another page is
        reading, SQLite keeps the log, and later writes overwrite it."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            pass

    # --- plans ---------------------------------------------------------------------

    def save_plan(
        self,
        profile: ProfileRef,
        inputs: dict[str, Any],
        output: dict[str, Any],
        *,
        created: dt.datetime | None = None,
    ) -> SavedPlan:
        moment = created or dt.datetime.now(dt.UTC)
        stamp = _utc_iso(moment)
        inputs_json, output_json = _to_json(inputs, "inputs"), _to_json(output, "output")
        with self._write() as conn:
            pid = self._pid(profile, conn)
            cur = conn.execute(
                "INSERT INTO plans (profile_id, created, inputs, output) VALUES (?, ?, ?, ?)",
                (pid, stamp, inputs_json, output_json),
            )
        return SavedPlan(
            id=int(cur.lastrowid or 0),
            profile_id=pid,
            created=dt.datetime.fromisoformat(stamp),
            inputs=json.loads(inputs_json),
            output=json.loads(output_json),
        )

    def _plans(self, profile: ProfileRef, limit: int | None) -> list[SavedPlan]:
        pid = self._pid(profile)
        sql = (
            "SELECT id, profile_id, created, inputs, output FROM plans "
            "WHERE profile_id = ? ORDER BY created DESC, id DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [
            SavedPlan(
                id=r[0],
                profile_id=r[1],
                created=dt.datetime.fromisoformat(r[2]),
                inputs=json.loads(r[3]),
                output=json.loads(r[4]),
            )
            for r in self._read(sql, (pid,))
        ]

    def list_plans(self, profile: ProfileRef) -> list[SavedPlan]:
        return self._plans(profile, None)

    def current_plan(self, profile: ProfileRef) -> SavedPlan | None:
        plans = self._plans(profile, 1)
        return plans[0] if plans else None

    # --- daily log -----------------------------------------------------------------

    def _check_entries(self, entries: list[LogEntry], today: dt.date | None) -> None:
        day = today or dt.date.today()
        sites = known_sites()
        problems: list[str] = []
        seen: set[dt.date] = set()
        for entry in entries:
            if not isinstance(entry, LogEntry):
                raise StoreError(f"expected a LogEntry (got {type(entry).__name__})")
            if entry.date in seen:
                problems.append(f"{entry.date.isoformat()}: the same date appears twice")
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
            created = self._upsert(conn, pid, entry, _utc_iso(dt.datetime.now(dt.UTC)))
        return SaveResult(created=created)

    def save_entries(
        self, profile: ProfileRef, entries: Iterable[LogEntry], *, today: dt.date | None = None
    ) -> ImportResult:
        batch = list(entries)
        self._check_entries(batch, today)
        stamp = _utc_iso(dt.datetime.now(dt.UTC))
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
            raise StoreError(f"expected a PsfsRecord (got {type(record).__name__})")
        day = today or dt.date.today()
        if record.date > day:
            raise StoreError(
                f"date {record.date.isoformat()} is in the future (today is {day.isoformat()})"
            )
        early = early_date_problem(record.date)
        if early:
            raise StoreError(early)
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

    # --- upkeep --------------------------------------------------------------------

    def backup(self, dest: Path | str) -> Path:
        target = Path(dest)
        if target.exists():
            raise StoreError(f"{target} already exists; choose a new file name for the backup")
        if not target.parent.is_dir():
            raise StoreError(f"folder {target.parent} does not exist")
        try:
            _backup_to(self._db, target)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        return target

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the open database to ``target`` (owner-only) with SQLite's online backup."""
    _create_private(target)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
