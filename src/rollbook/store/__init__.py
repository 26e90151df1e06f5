"""Saved data: profiles, plans, daily logs and PSFS ratings.

Use :func:`open_store` and the methods of :class:`Store`; never SQL. The default
backend is one SQLite file in :func:`rollbook.paths.data_home`.
"""

from __future__ import annotations

from pathlib import Path

from rollbook.store.base import NameTakenError, ProfileRef, Store, StoreError
from rollbook.store.migrations import CURRENT_VERSION
from rollbook.store.sqlite import FILE_NAME, SqliteStore, default_path

__all__ = [
    "CURRENT_VERSION",
    "FILE_NAME",
    "NameTakenError",
    "ProfileRef",
    "SqliteStore",
    "Store",
    "StoreError",
    "default_path",
    "open_store",
]


def open_store(path: Path | str | None = None) -> Store:
    """Open (creating if needed) the store at ``path``, or at :func:`default_path`."""
    return SqliteStore(path if path is not None else default_path())
