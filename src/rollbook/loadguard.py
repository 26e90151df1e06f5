"""Load guard: a week far above the recent weeks, or one run far longer than before.

Pure functions over dated runs. Until real runs are stored, each logged day's km
counts as one run (:func:`runs_from_entries`); an importer can pass real runs instead.
The numbers (how far is "far") live in content/painmodel.toml with their sources:
Nielsen et al. 2014 for weekly progression, Frandsen et al. 2025 for single-run spikes.
docs/data.md spells out each rule.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rollbook.content import load_painmodel
from rollbook.records import LogEntry


@dataclass(frozen=True)
class Run:
    """One run: the day it was run and its distance in km."""

    day: dt.date
    km: float


@dataclass(frozen=True)
class LoadCheck:
    """What the load guard found for the 7 days up to ``end``."""

    end: dt.date
    last_7_km: float
    #: Average km a week over up to 3 earlier weeks (None before there is any history).
    weekly_average_km: float | None
    weeks_averaged: int
    weekly_change_pct: float | None
    weekly_spike: bool
    #: Longest single run in the 30 days up to ``end`` (0 when none).
    longest_run_km_30d: float
    run_spike: bool
    spike: bool
    reasons: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (the date as ISO text)."""
        data = asdict(self)
        data["end"] = self.end.isoformat()
        return data


def runs_from_entries(entries: Iterable[LogEntry]) -> list[Run]:
    """Each logged day with km above 0 as one run (the log keeps one total a day)."""
    return sorted((Run(e.date, e.km) for e in entries if e.km > 0), key=lambda r: r.day)


def fmt(value: float) -> str:
    """``5`` or ``5.5``: a number as a runner would write it."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _total(runs: Sequence[Run], first: dt.date, last: dt.date) -> float:
    return round(sum(r.km for r in runs if first <= r.day <= last), 3)


def load_check(
    runs: Iterable[Run], *, today: dt.date, first_day: dt.date | None = None
) -> LoadCheck:
    """Check the 7 days up to ``today`` against the weeks and the runs before them.

    ``first_day`` is when the record starts (the first logged day); only whole weeks
    after it are averaged, so a new log does not count unlogged days as rest. Without it, the
    first run starts the record.
    """
    cfg = load_painmodel().load
    reasons = load_painmodel().reasons
    ordered = sorted((r for r in runs if r.day <= today), key=lambda r: r.day)
    days = [r.day for r in ordered]

    def between(first: dt.date, last: dt.date) -> list[Run]:
        # The runs from ``first`` to ``last``, found by bisection: years of runs are
        # cut down to the few days asked for, in the same order.
        return ordered[bisect.bisect_left(days, first) : bisect.bisect_right(days, last)]

    start = first_day or (ordered[0].day if ordered else today)
    week = dt.timedelta(days=7)
    last_7 = _total(between(today - dt.timedelta(days=6), today), today - dt.timedelta(days=6),
                    today)  # fmt: skip

    weeks = []
    for k in range(1, cfg.average_weeks + 1):
        end = today - k * week
        if end - dt.timedelta(days=6) < start:
            break  # only whole weeks inside the record count
        weeks.append(_total(between(end - dt.timedelta(days=6), end), end - dt.timedelta(days=6),
                            end))  # fmt: skip
    average = round(sum(weeks) / len(weeks), 3) if weeks else None
    change = None if not average else round((last_7 - average) / average * 100, 1)
    weekly_spike = change is not None and change > cfg.weekly_rise_pct
    texts: list[str] = []
    refs: list[str] = []
    if weekly_spike:
        assert average is not None and change is not None
        texts.append(
            reasons.weekly_spike.format(
                last_7=fmt(last_7),
                average=fmt(average),
                pct=f"{change:.0f}",
                limit=cfg.weekly_rise_pct,
            )
        )
        refs += cfg.weekly_references

    window = dt.timedelta(days=cfg.run_window_days)
    longest_30 = max((r.km for r in ordered if r.day > today - window), default=0.0)
    worst: tuple[float, Run, float] | None = None
    for run in ordered[bisect.bisect_right(days, today - week) :]:
        before = [r.km for r in between(run.day - window, run.day) if r.day < run.day]
        if not before:
            continue  # nothing to compare with: not judged
        longest = max(before)
        rise = (run.km - longest) / longest * 100
        if rise > cfg.run_rise_pct and (worst is None or rise > worst[0]):
            worst = (rise, run, longest)
    if worst is not None:
        rise, run, longest = worst
        texts.append(
            reasons.run_spike.format(
                km=fmt(run.km),
                day=run.day.strftime("%a %d %b").replace(" 0", " "),
                longest=fmt(longest),
                pct=f"{rise:.0f}",
                limit=cfg.run_rise_pct,
            )
        )
        refs += [r for r in cfg.run_references if r not in refs]
    return LoadCheck(
        end=today,
        last_7_km=last_7,
        weekly_average_km=average,
        weeks_averaged=len(weeks),
        weekly_change_pct=change,
        weekly_spike=weekly_spike,
        longest_run_km_30d=round(longest_30, 3),
        run_spike=worst is not None,
        spike=weekly_spike or worst is not None,
        reasons=texts,
        references=refs,
    )
