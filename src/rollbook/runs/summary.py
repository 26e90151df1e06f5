"""Runs per week and the longest run: the figures the pages and the report show.

Pure functions over :class:`~rollbook.runs.record.Run` records, so the pages, the
command line and the clinician view all count the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rollbook.records import LogEntry
from rollbook.runs.record import Run


@dataclass(frozen=True)
class RunWeek:
    """One week (Monday start): how many runs, how far in all, and the longest."""

    start: dt.date
    runs: int
    km: float
    longest_km: float


def monday(day: dt.date) -> dt.date:
    """Return the Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def run_weeks(runs: Sequence[Run], *, today: dt.date, weeks: int = 6) -> list[RunWeek]:
    """Return the last ``weeks`` weeks up to today's, oldest first (empty weeks included)."""
    first = monday(today) - dt.timedelta(weeks=weeks - 1)
    out = []
    for i in range(weeks):
        start = first + dt.timedelta(weeks=i)
        inside = [r for r in runs if start <= r.date < start + dt.timedelta(days=7)]
        out.append(
            RunWeek(
                start=start,
                runs=len(inside),
                km=round(sum(r.km for r in inside), 2),
                longest_km=max((r.km for r in inside), default=0.0),
            )
        )
    return out


def longest_run(
    runs: Sequence[Run], *, today: dt.date | None = None, days: int | None = None
) -> Run | None:
    """Return the longest run (in the ``days`` up to ``today`` when given), or None."""
    chosen = list(runs)
    if today is not None and days is not None:
        since = today - dt.timedelta(days=days - 1)
        chosen = [r for r in chosen if since <= r.date <= today]
    return max(chosen, key=lambda r: (r.km, r.start), default=None)


def load_runs(entries: Sequence[LogEntry], runs: Sequence[Run]) -> list[tuple[dt.date, float]]:
    """Return every run as (date, km) for the load guard, oldest first.

    A day with imported runs counts each run on its own (so one long run is seen as
    one run); a day logged only by hand counts its km as one run.
    """
    run_days = {r.date for r in runs}
    out = [(r.date, r.km) for r in runs]
    out += [(e.date, e.km) for e in entries if e.km > 0 and e.date not in run_days]
    return sorted(out)
