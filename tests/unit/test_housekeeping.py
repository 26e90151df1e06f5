"""The page gives freed heap pages back to the system after a redraw (issue 15)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from rollbook.ui import housekeeping


def test_trimming_is_asked_of_glibc_on_linux() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("malloc_trim is glibc-only")
    assert housekeeping.return_freed_memory() is True


def test_without_glibc_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(housekeeping, "_libc", lambda: None)
    assert housekeeping.return_freed_memory() is False


def test_a_saved_day_redraw_trims(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rollbook.store import open_store
    from rollbook.ui import track

    calls: list[str] = []

    def trim() -> bool:
        calls.append("trim")
        return True

    monkeypatch.setattr(track, "return_freed_memory", trim)
    store = open_store(tmp_path / "db.sqlite")
    store.add_profile("Ann")
    track.TrackPage(store, today=lambda: dt.date(2026, 3, 2))
    assert calls, "the page redraw did not hand memory back"
