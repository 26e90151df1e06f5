"""Running totals, adherence, PSFS change and pain trend, plus the status bundle.

The verdicts (what to do with running, and why) come from the pain model,
:mod:`rollbook.painmodel`, the one home of the pain-monitoring rules; this module
only gathers them with the totals. docs/data.md spells out each rule. Nothing in this
module touches a disk or a screen.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from rollbook import painmodel
from rollbook.i18n import N_
from rollbook.painmodel import Verdict, day_verdicts
from rollbook.records import LogEntry, PsfsRecord

Trend = Literal["improving", "steady", "worsening", "not enough data"]
# The trend words are shown in sentences: marked here, translated where shown.
TREND_WORDS = (N_("improving"), N_("steady"), N_("worsening"), N_("not enough data"))

#: PSFS minimal clinically important difference for the average score (points).
PSFS_MCID = 2.0
#: A change in weekly mean pain smaller than this is "steady".
TREND_STEP = 1.0

__all__ = [
    "PSFS_MCID", "DistanceTotals", "PsfsChange", "Status", "Trend", "Verdict", "WeekAdherence",
    "day_verdicts", "distance_totals", "pain_trend", "psfs_change", "status", "weekly_adherence",
    "worst_pain",
]  # fmt: skip


@dataclass(frozen=True)
class DistanceTotals:
    """Kilometres run in the 7 and 28 days to ``end``, and the change on the week before."""

    end: dt.date
    last_7: float
    last_28: float
    previous_7: float
    change_pct: float | None


@dataclass(frozen=True)
class WeekAdherence:
    """How many planned days of one week (Monday start) were marked done."""

    week_start: dt.date
    done: int
    planned: int
    share: float | None


@dataclass(frozen=True)
class PsfsChange:
    """PSFS average at the first and latest rating; ``meaningful`` if it moved 2+ points."""

    first: float
    latest: float
    change: float
    meaningful: bool


@dataclass(frozen=True)
class Status:
    """Everything the status screen and ``rollbook status`` show, in one record."""

    today: dt.date
    latest_day: Verdict | None
    week: Verdict | None
    totals: DistanceTotals
    adherence: WeekAdherence | None
    psfs: PsfsChange | None
    trend: Trend
    entries: int = field(default=0)
    #: The pain model's action now (keep, hold, cut-back, pause), None with nothing to judge.
    action: str | None = None
    #: Plain sentences saying why (the week verdict's reasons).
    reasons: list[str] = field(default_factory=list)
    #: The load guard: last 7 days' km, the recent weekly average, longest run, spike.
    load: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the status as JSON-ready data (dates as ISO text)."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- helpers -------------------------------------------------------------------------


def worst_pain(entry: LogEntry, site: str | None = None) -> int | None:
    """Return the highest pain score of the day (any measure; one site if given)."""
    values = [
        v for p in entry.pains if site is None or p.site == site for v in p.scores if v is not None
    ]
    return max(values) if values else None


def _scored(entries: Iterable[LogEntry], site: str | None = None) -> list[LogEntry]:
    return sorted((e for e in entries if worst_pain(e, site) is not None), key=lambda e: e.date)


def _window(entries: Sequence[LogEntry], end: dt.date, days: int) -> list[LogEntry]:
    start = end - dt.timedelta(days=days - 1)
    return [e for e in entries if start <= e.date <= end]


def _mean_worst(entries: Sequence[LogEntry], site: str | None = None) -> float | None:
    values = [w for e in entries if (w := worst_pain(e, site)) is not None]
    return statistics.fmean(values) if values else None


# --- totals, adherence, PSFS, trend --------------------------------------------------


def distance_totals(entries: Iterable[LogEntry], *, today: dt.date) -> DistanceTotals:
    """Return km run in the 7 and 28 days up to ``today`` and the week-on-week change (%)."""
    ordered = list(entries)

    def total(end: dt.date, days: int) -> float:
        return round(sum(e.km for e in _window(ordered, end, days)), 3)

    last_7, previous_7 = total(today, 7), total(today - dt.timedelta(days=7), 7)
    change = None if previous_7 == 0 else round((last_7 - previous_7) / previous_7 * 100, 1)
    return DistanceTotals(today, last_7, total(today, 28), previous_7, change)


def weekly_adherence(
    entries: Iterable[LogEntry],
    *,
    planned_per_week: int | None = None,
    today: dt.date | None = None,
) -> list[WeekAdherence]:
    """Return, week by week (Monday start), the share of planned days marked done.

    Planned days are ``planned_per_week`` when given, else the days with an entry.
    Weeks run from the first entry's week to ``today``'s (default: the latest entry).
    """
    ordered = sorted(entries, key=lambda e: e.date)
    if not ordered:
        return []
    first = ordered[0].date - dt.timedelta(days=ordered[0].date.weekday())
    end = today or ordered[-1].date
    weeks: dict[dt.date, list[LogEntry]] = {}
    monday = first
    while monday <= end:
        weeks[monday] = []
        monday += dt.timedelta(days=7)
    for entry in ordered:
        key = entry.date - dt.timedelta(days=entry.date.weekday())
        # A day with only runs from the watch is neither done nor skipped: not counted.
        if key in weeks and not entry.runs_only:
            weeks[key].append(entry)
    result = []
    for start, week in weeks.items():
        done = sum(e.done for e in week)
        planned = planned_per_week if planned_per_week is not None else len(week)
        share = None if planned == 0 else min(done, planned) / planned
        result.append(WeekAdherence(start, done, planned, share))
    return result


def psfs_change(records: Iterable[PsfsRecord]) -> PsfsChange | None:
    """Return the PSFS average's change since the first rating, judged against the MCID."""
    ordered = sorted(records, key=lambda r: r.date)
    if not ordered:
        return None
    first, latest = ordered[0].average, ordered[-1].average
    change = latest - first
    return PsfsChange(
        first=round(first, 2),
        latest=round(latest, 2),
        change=round(change, 2),
        meaningful=abs(change) >= PSFS_MCID - 1e-9,
    )


def pain_trend(
    entries: Iterable[LogEntry], *, today: dt.date | None = None, site: str | None = None
) -> Trend:
    """Compare mean daily worst pain in the last 7 days with the 7 days before."""
    scored = _scored(entries, site)
    if not scored:
        return "not enough data"
    end = today or scored[-1].date
    now = _mean_worst(_window(scored, end, 7), site)
    then = _mean_worst(_window(scored, end - dt.timedelta(days=7), 7), site)
    if now is None or then is None:
        return "not enough data"
    if now <= then - TREND_STEP:
        return "improving"
    if now >= then + TREND_STEP:
        return "worsening"
    return "steady"


def status(
    entries: Sequence[LogEntry],
    psfs: Sequence[PsfsRecord] = (),
    *,
    today: dt.date,
    planned_per_week: int | None = None,
    runs: Sequence[tuple[dt.date, float]] | None = None,
) -> Status:
    """Return the latest day's and week's verdicts, totals, adherence, PSFS and trend.

    ``runs`` are the runner's single runs as (day, km), imported from a watch
    (``rollbook.runs.summary.load_runs``); without them each logged day counts as one run.
    """
    past = sorted((e for e in entries if e.date <= today), key=lambda e: e.date)
    guard_runs = (
        None
        if runs is None
        else sorted(
            (painmodel.Run(day, km) for day, km in runs if day <= today), key=lambda r: r.day
        )
    )
    scored = _scored(past)
    latest = day_verdicts(past, only=[scored[-1].date])[scored[-1].date] if scored else None
    adherence = weekly_adherence(past, planned_per_week=planned_per_week, today=today)
    week = painmodel.week_verdict(past, today=today, runs=guard_runs)
    load = painmodel.load_check(
        guard_runs if guard_runs is not None else painmodel.runs_from_entries(past),
        today=today,
        first_day=past[0].date if past else None,
    )
    return Status(
        today=today,
        latest_day=latest,
        week=week,
        totals=distance_totals(past, today=today),
        adherence=adherence[-1] if adherence else None,
        psfs=psfs_change(psfs),
        trend=pain_trend(past, today=today),
        entries=len(past),
        action=week.action if week else None,
        reasons=list(week.reasons) if week else [],
        load=load.as_dict(),
    )
