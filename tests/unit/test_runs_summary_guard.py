"""Imported single runs feed the pain model's load guard (issue 21)."""

from __future__ import annotations

import datetime as dt

from rollbook.analytics import status
from rollbook.records import LogEntry

TODAY = dt.date(2026, 6, 30)


def _days(km: float, days: int) -> list[LogEntry]:
    return [LogEntry(date=TODAY - dt.timedelta(days=d), km=km) for d in range(days, 0, -1)]


def test_two_runs_in_one_day_are_two_runs_not_one_long_one() -> None:
    # 10 km every other day for 5 weeks, then a day with two 10 km runs (20 km logged).
    history = [e for i, e in enumerate(_days(10.0, 35)) if i % 2 == 0]
    today = LogEntry(date=TODAY, km=20.0)
    entries = [*history, today]
    # The day's total alone looks like one run twice as long as any before it.
    assert status(entries, today=TODAY).load["run_spike"] is True
    runs = [(e.date, e.km) for e in history] + [(TODAY, 10.0), (TODAY, 10.0)]
    assert status(entries, today=TODAY, runs=runs).load["run_spike"] is False


def test_one_long_imported_run_is_a_spike() -> None:
    history = [e for i, e in enumerate(_days(10.0, 35)) if i % 2 == 0]
    runs = [(e.date, e.km) for e in history] + [(TODAY, 16.0)]
    result = status([*history, LogEntry(date=TODAY, km=16.0)], today=TODAY, runs=runs)
    assert result.load["run_spike"] is True
    assert result.load["longest_run_km_30d"] == 16.0
    assert result.action != "keep"
