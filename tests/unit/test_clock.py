"""The pages' clock: the real date, or the test clock's file when ROLLBOOK_TODAY_FILE is set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rollbook import clock


def test_without_the_variable_it_is_the_real_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.TODAY_FILE_ENV, raising=False)
    assert clock.today() == dt.date.today()
    assert abs(clock.now() - dt.datetime.now()) < dt.timedelta(minutes=1)


def test_the_file_sets_the_day_and_is_read_each_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "today"
    monkeypatch.setenv(clock.TODAY_FILE_ENV, str(path))
    past = dt.date.today() - dt.timedelta(days=30)
    path.write_text(past.isoformat())
    assert clock.today() == past
    assert clock.now().date() == past
    path.write_text((past + dt.timedelta(days=2)).isoformat() + "\n")
    assert clock.today() == past + dt.timedelta(days=2)


@pytest.mark.parametrize("text", [None, "", "next tuesday", "2026-02-30", "\xff\xfe", "FUTURE"])
def test_a_missing_bad_or_future_file_gives_the_real_date(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str | None
) -> None:
    path = tmp_path / "today"
    if text == "FUTURE":
        text = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    if text is not None:
        path.write_bytes(text.encode("latin-1"))
    monkeypatch.setenv(clock.TODAY_FILE_ENV, str(path))
    assert clock.today() == dt.date.today()
