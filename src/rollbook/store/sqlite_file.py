"""The SQLite file under the store: opening it, its upgrades, transactions, backups.

Why it is built this way:
- WAL mode plus a busy timeout lets two Voila kernels write at once without losing
  either write; every write is one ``BEGIN IMMEDIATE`` transaction, so a process
  killed mid-write leaves the last committed state.
- A file that cannot be read is reported and never written to, so a damaged file can
  still be rescued by hand.
- Before a schema migration the file is copied aside with SQLite's backup API.

The tables' own SQL is in :mod:`rollbook.store.sqlite` (profiles and plans),
:mod:`rollbook.store.daylog` (the daily log and activity scores),
:mod:`rollbook.store.progress` and :mod:`rollbook.store.runs`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rollbook.records import Profile
from rollbook.store.base import ProfileRef, StoreError
from rollbook.store.migrations import CURRENT_VERSION, migrate

__all__ = [
    "BUSY_TIMEOUT_S", "FILE_NAME", "SqliteFile", "backup_to", "create_private", "default_path",
    "utc_iso",
]  # fmt: skip

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


def create_private(path: Path) -> None:
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


def utc_iso(moment: dt.datetime) -> str:
    """``moment`` as UTC ISO text with microseconds, for the stamp columns."""
    # Same length and zone for every row, so text order is time order.
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the open database to ``target`` (owner-only) with SQLite's online backup."""
    create_private(target)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)


class SqliteFile:
    """The open database file: checked, upgraded, and one write transaction at a time."""

    def __init__(self, path: Path | str, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        create_private(self.path)
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
            backup_to(conn, self._backup_path(version))
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

    def _forget_old_pages(self) -> None:
        """Copy the write-ahead log into the file and empty it, so older copies of
        deleted pages do not stay in the log. Best effort: while another page is
        reading, SQLite keeps the log, and later writes overwrite it."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            pass

    # --- upkeep --------------------------------------------------------------------

    def backup(self, dest: Path | str) -> Path:
        target = Path(dest)
        if target.exists():
            raise StoreError(f"{target} already exists; choose a new file name for the backup")
        if not target.parent.is_dir():
            raise StoreError(f"folder {target.parent} does not exist")
        try:
            backup_to(self._db, target)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        return target

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
