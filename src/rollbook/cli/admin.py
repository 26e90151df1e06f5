"""``rollbook backup`` and ``rollbook restore``: keep a safe copy of saved data.

The work is done by :mod:`rollbook.store.backups` (the store owns every SQL
statement); these commands choose the files and print what happened.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rollbook.cli.errors import UsageError
from rollbook.i18n import _
from rollbook.store import StoreError
from rollbook.store.backups import (
    BACKUP_FOLDER,
    backup_database,
    default_backup_path,
    restore_database,
)


def register(subparsers: Any) -> None:
    """Add the ``backup`` and ``restore`` commands."""
    backup = subparsers.add_parser(
        "backup",
        help="save a copy of all saved data (safe while the app runs)",
        description=(
            "Write a consistent copy of every profile, plan and log entry. "
            f"Without --out it goes to {BACKUP_FOLDER}/ in the data folder."
        ),
    )
    backup.add_argument(
        "--out", metavar="FILE", default=None, help="where to write the copy (must not exist yet)"
    )
    backup.set_defaults(func=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace saved data with a backup (the current data is kept aside first)",
        description=(
            "Check that FILE is a rollbook backup, save a safety copy of the current "
            "data next to it, then copy FILE in."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="a file made by 'rollbook backup'")
    restore.set_defaults(func=_restore)


def _current_db() -> Path:
    from rollbook.store import default_path

    try:
        return default_path()
    except OSError as exc:
        raise UsageError(
            _("cannot use the data folder: {reason}").format(reason=exc.strerror or exc)
        ) from None


def _backup(args: argparse.Namespace) -> int:
    try:
        return _backup_checked(args)
    except OSError as exc:
        # e.g. a file name too long for the disk: one line, never a traceback
        raise UsageError(_("cannot back up: {reason}").format(reason=exc.strerror or exc)) from None


def _restore(args: argparse.Namespace) -> int:
    try:
        return _restore_checked(args)
    except OSError as exc:
        raise UsageError(_("cannot restore: {reason}").format(reason=exc.strerror or exc)) from None


def _backup_checked(args: argparse.Namespace) -> int:
    db = _current_db()
    if args.out is None:
        out = default_backup_path(db)
        try:
            out.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                _("cannot create {parent}: {reason}").format(
                    parent=out.parent, reason=exc.strerror or exc
                )
            ) from None
    else:
        if not str(args.out).strip():
            raise UsageError(_("--out needs a file name"))
        out = Path(args.out).expanduser()
    try:
        written = backup_database(db, out)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    print(_("Backup written to {written}").format(written=written))
    print(_("To bring it back later: rollbook restore {written}").format(written=written))
    return 0


def _restore_checked(args: argparse.Namespace) -> int:
    if not str(args.file).strip():
        raise UsageError(_("restore needs the backup file's name"))
    source = Path(args.file).expanduser()
    db = _current_db()
    try:
        saved = restore_database(source, db)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    print(_("Restored {source} into {db}").format(source=source, db=db))
    if saved is not None:
        print(_("The data it replaced was kept in {saved}").format(saved=saved))
    return 0
