"""Backups of the data file: write one, check one, bring one back.

Both work while the app is running. A backup uses SQLite's online backup, so it is a
consistent copy even while a page is saving. A restore first checks that the file is
a rollbook database this version can read, then saves a safety copy of the current
data, and only then copies the backup in, as one transaction that open pages see
either wholly or not at all. Every problem is a :class:`StoreError` with one line
naming the file and what to do.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from rollbook.store.base import StoreError
from rollbook.store.migrations import CURRENT_VERSION

#: Tables every rollbook database has had since schema version 1.
REQUIRED_TABLES = frozenset({"profiles", "plans", "log_entries", "site_pain", "psfs", "psfs_items"})
BACKUP_FOLDER = "backups"
BUSY_TIMEOUT_S = 15.0


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def default_backup_path(db: Path) -> Path:
    """Return a new, unused backup file name in the data folder's ``backups/``."""
    folder = db.parent / BACKUP_FOLDER
    return folder / f"rollbook-{_stamp()}.sqlite"


def backup_database(db: Path, out: Path) -> Path:
    """Write a consistent copy of the database at ``db`` to ``out``; return ``out``.

    Raises :class:`StoreError` with one line when there is nothing to copy or the copy
    cannot be written.
    """
    from rollbook.store import open_store

    if not db.is_file():
        raise StoreError(f"nothing to back up yet: there is no saved data at {db}")
    try:
        with open_store(db) as store:
            written: Path = store.backup(out)
        _single_file(written)
        return written
    except StoreError as exc:
        raise StoreError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from None


def _single_file(path: Path) -> None:
    """Turn a fresh copy into one self-contained file (no -wal/-shm companions)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def check_backup_file(path: Path) -> int:
    """Return the schema version of the rollbook backup at ``path``.

    The file is opened read-only. Raises :class:`StoreError` naming the problem when it
    is missing, not SQLite, damaged, not a rollbook database or made by a newer
    rollbook.
    """
    if not path.exists():
        raise StoreError(f"{path} does not exist")
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        check = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a readable rollbook backup ({exc})") from None
    finally:
        conn.close()
    if check != ["ok"]:
        raise StoreError(f"{path} is damaged ({'; '.join(check[:2])}); choose another backup")
    missing = REQUIRED_TABLES - tables
    if version < 1 or missing:
        raise StoreError(f"{path} is not a rollbook backup (no rollbook tables in it)")
    if version > CURRENT_VERSION:
        raise StoreError(
            f"{path} was made by a newer rollbook (data version {version}; this rollbook "
            f"reads up to {CURRENT_VERSION}); upgrade rollbook to restore it"
        )
    return version


def _safety_copy(db: Path) -> Path | None:
    """Copy the current database aside before a restore; None when there is none."""
    if not db.is_file():
        return None
    target = db.with_name(f"{db.name}.before-restore-{_stamp()}")
    try:
        src = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            dest = sqlite3.connect(target)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        _single_file(target)
    except sqlite3.DatabaseError:
        # The current file is damaged: keep its bytes exactly as they are.
        target.unlink(missing_ok=True)
        shutil.copy2(db, target)
        wal = db.with_name(db.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    os.chmod(target, 0o600)
    return target


def _copy_in(source: Path, db: Path) -> None:
    """Copy ``source`` over ``db`` as one transaction (open pages see all or nothing)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if not db.exists():
            fd = os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        dest = sqlite3.connect(db, timeout=BUSY_TIMEOUT_S)
        try:
            dest.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def restore_database(source: Path, db: Path) -> Path | None:
    """Replace the database at ``db`` with the backup at ``source``.

    Returns the safety copy of the data that was replaced (None if there was none).
    Nothing is changed unless ``source`` passes :func:`check_backup_file`.
    """
    from rollbook.store import open_store

    if db.exists() and source.resolve() == db.resolve():
        raise StoreError(f"{source} is the data file in use; choose a backup file")
    check_backup_file(source)
    try:
        saved = _safety_copy(db)
    except OSError as exc:
        raise StoreError(f"cannot save a safety copy next to {db}: {exc.strerror or exc}") from None
    try:
        _copy_in(source, db)
    except sqlite3.DatabaseError:
        # The current file is too damaged to be written page by page: swap the whole
        # file instead (its bytes are already kept in the safety copy).
        try:
            tmp = db.with_name(f"{db.name}.restoring-{_stamp()}")
            _copy_in(source, tmp)
            for suffix in ("-wal", "-shm"):
                db.with_name(db.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, db)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"could not restore into {db} ({exc}); your previous data is in {saved}"
            ) from None
    except OSError as exc:
        raise StoreError(f"could not restore into {db}: {exc.strerror or exc}") from None
    # Opening it brings an older backup up to the current schema (the store keeps a
    # copy of the old version first).
    try:
        open_store(db).close()
    except StoreError as exc:
        raise StoreError(f"{exc} Your previous data is in {saved}") from None
    return saved
