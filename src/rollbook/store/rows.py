"""Records built from rows the store wrote, without checking every value again.

Reading three years of logs spent about a quarter of ``rollbook week`` re-checking
values that the tables' CHECK constraints (:mod:`rollbook.store.migrations`,
:mod:`rollbook.store.progress`) already hold to the same rules: pain 0-10, km 0-300,
minutes 0-600, done 0 or 1, notes up to 2000 characters, feel easy/ok/hard, one row
per site and side a day. These builders make the same frozen records the checked constructors
make (a test compares them), normalised the same way: km as a float, sites (and sides) sorted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from rollbook.progress_records import ExerciseSession
from rollbook.records import LogEntry, SitePain

__all__ = ["entry_row", "session_row", "session_rows", "site_pain_row"]

_new = object.__new__
_day = dt.date.fromisoformat


def _site(pain: SitePain) -> tuple[str, str]:
    return pain.key


def site_pain_row(
    site: str,
    during: int | None,
    after: int | None,
    morning: int | None,
    side: str | None = None,
) -> SitePain:
    """A :class:`SitePain` from a ``site_pain`` row (``side`` None: no side)."""
    record: SitePain = _new(SitePain)
    # A frozen dataclass keeps its fields in __dict__; filling it is what __init__ does.
    record.__dict__.update(site=site, during=during, after=after, morning=morning, side=side)
    return record


def entry_row(
    date: str,
    pains: Sequence[SitePain],
    km: float,
    rolled_min: int,
    done: int,
    note: str,
    *,
    runs_only: bool = False,
) -> LogEntry:
    """A :class:`LogEntry` from a ``log_entries`` row and its site rows.

    ``runs_only`` is worked out by the store from the row (see ``LogEntry.runs_only``).
    """
    record: LogEntry = _new(LogEntry)
    record.__dict__.update(
        date=_day(date),
        pains=tuple(pains) if len(pains) < 2 else tuple(sorted(pains, key=_site)),
        km=float(km) + 0.0,
        rolled_min=rolled_min,
        done=bool(done),
        note=note,
        runs_only=runs_only,
    )
    return record


def session_row(date: str, exercise: str, pain: int, feel: str) -> ExerciseSession:
    """An :class:`ExerciseSession` from an ``exercise_sessions`` row."""
    record: ExerciseSession = _new(ExerciseSession)
    record.__dict__.update(date=_day(date), exercise=exercise, pain=pain, feel=feel)
    return record


def session_rows(rows: Iterable[tuple[str, str, int, str]]) -> list[ExerciseSession]:
    """:func:`session_row` for many rows; a date several sessions share is parsed once.

    Years of sessions are read for every ``rollbook week``, so the loop is kept tight.
    """
    days: dict[str, dt.date] = {}
    out: list[ExerciseSession] = []
    for date, exercise, pain, feel in rows:
        day = days.get(date)
        if day is None:
            day = days[date] = _day(date)
        record: ExerciseSession = _new(ExerciseSession)
        record.__dict__.update(date=day, exercise=exercise, pain=pain, feel=feel)
        out.append(record)
    return out
