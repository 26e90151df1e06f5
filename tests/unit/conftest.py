"""Fixtures shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from rollbook.store import SqliteStore


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    """An empty store in the test's own folder."""
    return SqliteStore(tmp_path / "db.sqlite")
