"""Pain-monitoring verdicts, running totals, adherence and PSFS change: pure functions.

The traffic-light rules follow the pain-monitoring model (Silbernagel et al. 2007;
domain.md §B2): pain during or after a run may reach 5/10, it must settle by the next
morning, and it must not rise from week to week. docs/data.md spells out how each rule
is turned into numbers here. Nothing in this module touches a disk or a screen.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from rollbook.records import LogEntry, PsfsRecord

Zone = Literal["green", "amber", "red"]
Trend = Literal["improving", "steady", "worsening", "not enough data"]

SAFE_MAX = 3  # 0–3: safe
ACCEPTABLE_MAX = 5  # 4–5: acceptable; above 5: too much
#: Usual morning pain = median of that site's morning scores over this many earlier days.
BASELINE_DAYS = 14
#: With no earlier mornings logged, a morning score up to this counts as settled.
BASELINE_DEFAULT = SAFE_MAX
#: A morning this many points above usual (or above 5) means "cut back", not "hold".
MORNING_RED_RISE = 3
#: A weekly mean this much higher than the week before counts as "rising".
WEEKLY_RISE = 1.0
#: Red on this many of the last 7 logged days means "see your clinician".
PERSISTENT_RED_DAYS = 3
#: PSFS minimal clinically important difference for the average score (points).
PSFS_MCID = 2.0
#: A change in weekly mean pain smaller than this is "steady".
TREND_STEP = 1.0

_RANK: dict[str, int] = {"green": 0, "amber": 1, "red": 2}

ADVICE: dict[str, str] = {
    "green": "Keep going. Stay with your plan. You may add a little if pain stays this low.",
    "amber": "This is acceptable. Hold steady: keep the same amount of running for now.",
    "red": (
        "Cut back. Run less, or more slowly, until pain stays at 5 or below "
        "and is gone by the next morning."
    ),
    "clinician": (
        "Please see your clinician, such as a physio or doctor. Your pain has stayed high "
        "for a while. Cut back on running until then."
    ),
}


@dataclass(frozen=True)
class Verdict:
    """A traffic-light judgement with the reasons in plain words and what to do next."""

    zone: Zone
    reasons: list[str]
    advice: str
    see_clinician: bool = False
    date: dt.date | None = None


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


def _label(site: str) -> str:
    return site.replace("-", " ")


def _zone_of(score: int) -> Zone:
    if score > ACCEPTABLE_MAX:
        return "red"
    if score > SAFE_MAX:
        return "amber"
    return "green"


def _worst_zone(zones: Iterable[Zone]) -> Zone:
    return max(zones, key=_RANK.__getitem__, default="green")


def worst_pain(entry: LogEntry, site: str | None = None) -> int | None:
    """Return the highest pain score of the day (any measure; one site if given)."""
    values = [
        v
        for p in entry.pains
        if site is None or p.site == site
        for v in p.scores
        if v is not None
    ]
    return max(values) if values else None


def _scored(entries: Iterable[LogEntry], site: str | None = None) -> list[LogEntry]:
    return sorted(
        (e for e in entries if worst_pain(e, site) is not None), key=lambda e: e.date
    )


def _window(entries: Sequence[LogEntry], end: dt.date, days: int) -> list[LogEntry]:
    start = end - dt.timedelta(days=days - 1)
    return [e for e in entries if start <= e.date <= end]


def _mean_worst(entries: Sequence[LogEntry], site: str | None = None) -> float | None:
    values = [w for e in entries if (w := worst_pain(e, site)) is not None]
    return statistics.fmean(values) if values else None


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# --- daily verdicts ---------------------------------------------------------------


def morning_baseline(entries: Sequence[LogEntry], site: str, day: dt.date) -> float:
    """Return the usual morning pain at ``site`` before ``day``.

    The median of that site's next-morning scores in the 14 days before ``day``; with
    none logged, 3 (the top of the safe zone).
    """
    start = day - dt.timedelta(days=BASELINE_DAYS)
    values = [
        p.morning
        for e in entries
        if start <= e.date < day
        for p in e.pains
        if p.site == site and p.morning is not None
    ]
    return float(statistics.median(values)) if values else float(BASELINE_DEFAULT)


def day_verdict(entry: LogEntry, earlier: Sequence[LogEntry] = ()) -> Verdict | None:
    """Judge one day's pain; ``earlier`` entries give the usual morning pain.

    Returns None when no pain score has been filled in for the day.
    """
    if not entry.has_scores:
        return None
    found: list[tuple[Zone, str]] = []
    for measure, words in (("during", "during the run"), ("after", "after the run")):
        scored = [(getattr(p, measure), p.site) for p in entry.pains]
        scored = [(v, s) for v, s in scored if v is not None]
        if not scored:
            continue
        value, site = max(scored)
        zone = _zone_of(value)
        if zone == "red":
            text = f"Pain {words} was {value}/10 at the {_label(site)}. That is above 5."
        elif zone == "amber":
            text = f"Pain {words} was {value}/10 at the {_label(site)}. Up to 5 is acceptable."
        else:
            text = f"Pain {words} was {value}/10. That is in the safe zone."
        found.append((zone, text))
    for pain in entry.pains:
        if pain.morning is None:
            continue
        usual = morning_baseline(earlier, pain.site, entry.date)
        rise = pain.morning - usual
        if rise <= 0:
            continue
        zone = "red" if rise >= MORNING_RED_RISE or pain.morning > ACCEPTABLE_MAX else "amber"
        text = (
            f"Next-morning pain at the {_label(pain.site)} was {pain.morning}/10. "
            f"Your usual morning pain there is {_fmt(usual)}/10, so it had not settled."
        )
        found.append((zone, text))
    if not found:
        found.append(("green", "Next-morning pain was back to your usual level."))
    zone = _worst_zone(z for z, _ in found)
    # Lead with what set the colour; the calmer reasons follow.
    reasons = [t for z, t in found if z == zone] + [t for z, t in found if z != zone]
    return Verdict(zone=zone, reasons=reasons, advice=ADVICE[zone], date=entry.date)


def day_verdicts(
    entries: Iterable[LogEntry], *, only: Iterable[dt.date] | None = None
) -> dict[dt.date, Verdict]:
    """Return the verdict for every day with at least one pain score, oldest first.

    ``only`` limits the work to those dates (the earlier days still set the baseline).
    """
    ordered = sorted(entries, key=lambda e: e.date)
    wanted = None if only is None else set(only)
    verdicts: dict[dt.date, Verdict] = {}
    for index, entry in enumerate(ordered):
        if wanted is not None and entry.date not in wanted:
            continue
        verdict = day_verdict(entry, ordered[max(0, index - BASELINE_DAYS) : index])
        if verdict is not None:
            verdicts[entry.date] = verdict
    return verdicts


# --- weekly verdict ---------------------------------------------------------------


def week_verdict(entries: Iterable[LogEntry], *, today: dt.date | None = None) -> Verdict | None:
    """Judge the 7 days up to ``today`` (default: the latest entry's date).

    The colour is the worst day's, raised to amber if pain rose on the week before;
    ``see_clinician`` is set when red persists or pain has not improved in 3 weeks.
    """
    scored = _scored(entries)
    if not scored:
        return None
    end = today or scored[-1].date
    week = _window(scored, end, 7)
    if not week:
        return None
    upto = [e for e in scored if e.date <= end]
    needed = {e.date for e in week} | {e.date for e in upto[-7:]}
    verdicts = day_verdicts(upto, only=needed)
    week_zones = [verdicts[e.date].zone for e in week if e.date in verdicts]
    zone = _worst_zone(week_zones)
    reasons: list[str] = []
    count = sum(z == zone for z in week_zones)
    days = "day" if len(week_zones) == 1 else "days"
    reasons.append(
        f"{count} of {len(week_zones)} logged {days} this week {'was' if count == 1 else 'were'} "
        f"{zone}."
    )
    worst_day = max(week, key=lambda e: (_RANK[verdicts[e.date].zone], e.date))
    reasons.extend(verdicts[worst_day.date].reasons[:1])

    before = _window(scored, end - dt.timedelta(days=7), 7)
    rising = _rising(week, before)
    if rising:
        reasons.append(rising)
        zone = _worst_zone([zone, "amber"])

    clinician = _clinician_reason(scored, verdicts, end)
    if clinician:
        reasons.append(clinician)
    advice = ADVICE["clinician"] if clinician else ADVICE[zone]
    return Verdict(zone, reasons, advice, see_clinician=bool(clinician), date=end)


def _rising(week: Sequence[LogEntry], before: Sequence[LogEntry]) -> str:
    if not week or not before:
        return ""
    now_max = max(w for e in week if (w := worst_pain(e)) is not None)
    then_max = max(w for e in before if (w := worst_pain(e)) is not None)
    now_mean, then_mean = _mean_worst(week), _mean_worst(before)
    assert now_mean is not None and then_mean is not None
    if now_max > then_max:
        return (
            f"Pain is higher than last week: the highest was {now_max}/10, "
            f"up from {then_max}/10."
        )
    if now_mean >= then_mean + WEEKLY_RISE:
        return (
            f"Pain is higher than last week: on average {_fmt(now_mean)}/10, "
            f"up from {_fmt(then_mean)}/10."
        )
    return ""


def _clinician_reason(
    scored: Sequence[LogEntry], verdicts: Mapping[dt.date, Verdict], end: dt.date
) -> str:
    recent = [e for e in scored if e.date <= end][-7:]
    reds = sum(verdicts[e.date].zone == "red" for e in recent if e.date in verdicts)
    if reds >= PERSISTENT_RED_DAYS:
        return f"Pain was too high (red) on {reds} of your last {len(recent)} logged days."
    first_week = _window(scored, end - dt.timedelta(days=14), 7)
    last_week = _window(scored, end, 7)
    then, now = _mean_worst(first_week), _mean_worst(last_week)
    if then is not None and now is not None and now > SAFE_MAX and now >= then:
        return (
            f"Pain has not eased in 3 weeks: on average {_fmt(now)}/10 now, "
            f"{_fmt(then)}/10 three weeks ago."
        )
    return ""


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
        if key in weeks:
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
) -> Status:
    """Return the latest day's and week's verdicts, totals, adherence, PSFS and trend."""
    past = sorted((e for e in entries if e.date <= today), key=lambda e: e.date)
    scored = _scored(past)
    latest = (
        day_verdicts(past, only=[scored[-1].date])[scored[-1].date] if scored else None
    )
    adherence = weekly_adherence(past, planned_per_week=planned_per_week, today=today)
    return Status(
        today=today,
        latest_day=latest,
        week=week_verdict(past, today=today),
        totals=distance_totals(past, today=today),
        adherence=adherence[-1] if adherence else None,
        psfs=psfs_change(psfs),
        trend=pain_trend(past, today=today),
        entries=len(past),
    )
