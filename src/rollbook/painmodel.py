"""The pain-monitoring model: pain scores and load → one of four actions, with reasons.

The one home of the rules that the plan, the log page, the clinician page, the CLI
and the follow-up report show. The rules follow the pain-monitoring model
(Silbernagel et al. 2007): pain during or after a run may reach 5/10, it must settle
by the next morning, and it must not rise from week to week. Numbers, words and
sources live in content/painmodel.toml; docs/data.md spells out each rule.

Actions, least careful first: ``keep`` (may add a little), ``hold``, ``cut-back``,
``pause`` (no running for now). Every rule can only make the action more careful, so
higher pain never gives a less careful action. Pure: no disk, screen or plotting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from rollbook.content import PainModelContent, load_painmodel
from rollbook.content.painmodel_models import ACTIONS, PainAction, PainBand
from rollbook.loadguard import LoadCheck, Run, fmt, load_check, runs_from_entries
from rollbook.mornings import Mornings
from rollbook.records import LogEntry

Action = Literal["keep", "hold", "cut-back", "pause"]
Colour = Literal["green", "amber", "red"]

__all__ = [
    "ACTIONS", "Action", "LoadCheck", "Run", "Verdict", "action_for_score", "action_info",
    "band_of", "bone_stress", "content", "day_verdict", "day_verdicts", "load_check",
    "more_careful", "question", "runs_from_entries", "settled_level", "week_verdict",
]  # fmt: skip


def content() -> PainModelContent:
    """The model's numbers and words (content/painmodel.toml, read once)."""
    return load_painmodel()


def _bands() -> tuple[dict[str, PainBand], dict[int, PainBand]]:
    # Bands by id and by score, once per content object (replays ask thousands of times).
    model = content()
    if _BANDS.get("model") is not model:
        by_score = {s: b for b in reversed(model.band) for s in range(b.low, b.high + 1)}
        _BANDS.update(model=model, bands=({b.id: b for b in model.band}, by_score))
    return _BANDS["bands"]  # type: ignore[no-any-return]


_BANDS: dict[str, Any] = {}


def _band(band_id: str) -> PainBand:
    return _bands()[0][band_id]


def safe_max() -> int:
    """Top of the safe band (3 in the shipped content)."""
    return _band("safe").high


def acceptable_max() -> int:
    """Top of the acceptable band (5): above it, cut back."""
    return _band("acceptable").high


def pause_from() -> int:
    """Lowest severe score (7): from here running pauses."""
    return _band("severe").low


def band_of(score: int) -> PainBand:
    """The band (safe, acceptable, too much, severe) a 0-10 score falls in."""
    return _bands()[1][score]


def action_for_score(score: int) -> Action:
    """The action one pain score calls for on its own (0-3 keep … 7-10 pause)."""
    return band_of(score).action


def action_info(action: str) -> PainAction:
    """Label, colour, advice and references of an action (KeyError if unknown)."""
    for item in content().action:
        if item.id == action:
            return item
    raise KeyError(action)


def question(measure: str) -> str:
    """How a pain score is asked, e.g. ``Worst pain during your last run``."""
    return next(q.question for q in content().question if q.id == measure)


def more_careful(*actions: str) -> Action:
    """The most careful of ``actions`` (``keep`` when none are given)."""
    return cast(Action, max(actions, key=ACTIONS.index, default="keep"))


@dataclass(frozen=True)
class Verdict:
    """What to do with running, why, and whether a clinician should look."""

    action: Action
    reasons: list[str]
    advice: str
    #: Colour of the action (green keep, amber hold, red cut-back or pause).
    zone: Colour = "green"
    see_clinician: bool = False
    #: ``"soon"`` when a clinician must rule out a bone stress injury, else ``""``.
    referral: str = ""
    date: dt.date | None = None
    references: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The action's short name, e.g. ``Hold steady``."""
        return action_info(self.action).label


def _label(site: str) -> str:
    return site.replace("-", " ")


def _advice(action: Action, see_clinician: bool) -> str:
    text = action_info(action).advice.format(
        acceptable_max=acceptable_max(), pause_from=pause_from()
    )
    if see_clinician:
        text += " " + content().reasons.see_clinician
    return text


def _verdict(
    found: list[tuple[Action, str]],
    *,
    date: dt.date | None,
    see_clinician: bool = False,
    referral: str = "",
    refs: Iterable[str] = (),
) -> Verdict:
    action = more_careful(*(a for a, _ in found))
    # Lead with what set the action; the calmer reasons follow.
    reasons = [t for a, t in found if a == action] + [t for a, t in found if a != action]
    references = list(action_info(action).references)
    references += [r for r in refs if r not in references]
    return Verdict(
        action=action,
        reasons=list(dict.fromkeys(reasons)),
        advice=_advice(action, see_clinician or bool(referral)),
        zone=action_info(action).colour,
        see_clinician=see_clinician or bool(referral),
        referral=referral,
        date=date,
        references=references,
    )


# --- one day ------------------------------------------------------------------------


def settled_level(earlier: Sequence[LogEntry], site: str, day: dt.date) -> float:
    """The runner's settled next-morning pain at ``site`` before ``day``.

    The lowest of the median of the site's next-morning scores 28 to 7 days before,
    that of 28 to 14 days before and a ceiling (3); :mod:`rollbook.mornings` says why.
    """
    return Mornings(earlier).settled(site, day)


def bone_stress(pains: Mapping[str, int]) -> list[tuple[str, int]]:
    """Sites (with their score) where pain is high enough that bone stress must be ruled out."""
    rules = content().rules
    return [
        (site, score)
        for site, score in pains.items()
        if site in rules.bone_stress_sites and score >= rules.refer_from
    ]


def _bone_texts(entry: LogEntry) -> list[str]:
    worst: dict[str, int] = {}  # per site, the worse of its sides
    for p in entry.pains:
        values = [v for v in p.scores if v is not None]
        if values:
            worst[p.site] = max(worst.get(p.site, 0), *values)
    return [
        content().reasons.bone_stress.format(score=score, site=_label(site))
        for site, score in bone_stress(worst)
    ]


def day_verdict(
    entry: LogEntry, earlier: Sequence[LogEntry] = (), mornings: Mornings | None = None
) -> Verdict | None:
    """Judge one day's pain; ``earlier`` entries give the settled morning level.

    ``mornings``, when given, answers for the settled level instead (built once for
    many days of one log). Returns None when no pain score has been filled in.
    """
    if not entry.has_scores:
        return None
    model = content()
    words = model.reasons
    numbers = {
        "safe_max": safe_max(),
        "acceptable_max": acceptable_max(),
        "pause_from": pause_from(),
        "settled": "",
    }
    found: list[tuple[Action, str]] = []
    for q in model.question[:2]:
        scored = [(v, p.where) for p in entry.pains if (v := getattr(p, q.id)) is not None]
        if not scored:
            continue
        value, site = max(scored)
        band = band_of(value).id.replace("-", "_")
        text = getattr(words, f"score_{band}")
        found.append(
            (
                action_for_score(value),
                text.format(when=q.phrase, score=value, site=_label(site), **numbers),
            )
        )
    morning_phrase = model.question[2].phrase
    with_morning = [p for p in entry.pains if p.morning is not None]
    settled = mornings or (Mornings(earlier) if with_morning else None)
    unsettled = False
    for pain in with_morning:
        assert pain.morning is not None and settled is not None
        usual = settled.settled(pain.site, entry.date)
        values = dict(
            numbers,
            when=morning_phrase,
            score=pain.morning,
            site=_label(pain.where),
            settled=fmt(usual),
        )
        if pain.morning >= pause_from():
            found.append(("pause", words.score_severe.format(**values)))
        elif pain.morning > usual:
            found.append(("cut-back", words.morning_raised.format(**values)))
        else:
            continue
        unsettled = True
    if with_morning and not unsettled:
        found.append(("keep", words.morning_settled))
    stress = _bone_texts(entry)
    found += [("pause", text) for text in stress]
    refs = list(model.rules.refer_references) if stress else []
    return _verdict(
        found, date=entry.date, referral=model.rules.refer_urgency if stress else "", refs=refs
    )


def day_verdicts(
    entries: Iterable[LogEntry], *, only: Iterable[dt.date] | None = None
) -> dict[dt.date, Verdict]:
    """Return the verdict for every day with at least one pain score, oldest first.

    ``only`` limits the work to those dates (the earlier days still set the baseline).
    """
    ordered = sorted(entries, key=_date_of)
    dates = [e.date for e in ordered]
    wanted = None if only is None else set(only)
    window = dt.timedelta(days=content().rules.morning_window_days)
    verdicts: dict[dt.date, Verdict] = {}
    shared = Mornings(ordered) if wanted is None else None  # read once for every day
    for index, entry in enumerate(ordered):
        if wanted is not None and entry.date not in wanted:
            continue
        first = bisect.bisect_left(dates, entry.date - window)
        verdict = day_verdict(entry, ordered[first:index], shared)
        if verdict is not None:
            verdicts[entry.date] = verdict
    return verdicts


# --- the last 7 days, with the load guard ------------------------------------------


def _worst(entry: LogEntry) -> int | None:
    values = [v for p in entry.pains for v in p.scores if v is not None]
    return max(values) if values else None


def _window(entries: Sequence[LogEntry], end: dt.date, days: int) -> list[LogEntry]:
    # ``entries`` are in date order (every caller's are), so the days are found by bisection.
    start = end - dt.timedelta(days=days - 1)
    first = bisect.bisect_left(entries, start, key=_date_of)
    return list(entries[first : bisect.bisect_right(entries, end, key=_date_of)])


def _date_of(entry: LogEntry) -> dt.date:
    return entry.date


def _mean(entries: Sequence[LogEntry]) -> float | None:
    values = [w for e in entries if (w := _worst(e)) is not None]
    return statistics.fmean(values) if values else None


def _rise(week: Sequence[LogEntry], before: Sequence[LogEntry]) -> str:
    """A plain sentence when pain rose on the week before, else ``""``."""
    words = content().reasons
    now_mean, then_mean = _mean(week), _mean(before)
    if now_mean is None or then_mean is None:
        return ""
    now_max = max(w for e in week if (w := _worst(e)) is not None)
    then_max = max(w for e in before if (w := _worst(e)) is not None)
    if now_max > then_max:
        return words.rise_highest.format(now=now_max, then=then_max)
    if now_mean >= then_mean + content().rules.weekly_rise_points:
        return words.rise_average.format(now=fmt(round(now_mean, 1)), then=fmt(round(then_mean, 1)))
    return ""


def _clinician(
    scored: Sequence[LogEntry], verdicts: Mapping[dt.date, Verdict], end: dt.date
) -> str:
    """Why a clinician should look (pain high for a while, or not easing), else ``""``."""
    words, rules = content().reasons, content().rules
    recent = [e for e in scored if e.date <= end][-7:]
    high = sum(
        verdicts[e.date].action in ("cut-back", "pause") for e in recent if e.date in verdicts
    )
    if high >= rules.persistent_days:
        return words.persistent.format(count=high, days=len(recent))
    then = _mean(_window(scored, end - dt.timedelta(days=14), 7))
    now = _mean(_window(scored, end, 7))
    if then is not None and now is not None and now > safe_max() and now >= then:
        return words.not_eased.format(now=fmt(round(now, 1)), then=fmt(round(then, 1)))
    return ""


def week_verdict(
    entries: Iterable[LogEntry],
    *,
    today: dt.date | None = None,
    runs: Sequence[Run] | None = None,
) -> Verdict | None:
    """The action for the 7 days up to ``today`` (default: the latest entry's date).

    The most careful of: every scored day's action in those 7 days; at least ``hold``
    when pain rose on the week before; at least ``hold`` when the load guard finds a
    spike (``runs`` default: each day's km as one run). ``see_clinician`` is set when
    high pain persists, pain has not eased in 3 weeks, or bone stress must be ruled
    out. None when there is nothing to judge (no scores in the 7 days and no spike).
    """
    ordered = sorted(entries, key=_date_of)
    scored = [e for e in ordered if e.has_scores]
    if not ordered:
        return None
    end = today or (scored[-1].date if scored else ordered[-1].date)
    upto = [e for e in ordered if e.date <= end]
    load = load_check(
        runs if runs is not None else runs_from_entries(upto),
        today=end,
        first_day=upto[0].date if upto else None,
    )
    week = _window([e for e in scored if e.date <= end], end, 7)
    if not week and not load.spike:
        return None
    found: list[tuple[Action, str]] = []
    refs: list[str] = []
    referral = ""
    clinician = ""
    if week:
        scored_upto = [e for e in scored if e.date <= end]
        needed = {e.date for e in week} | {e.date for e in scored_upto[-7:]}
        verdicts = day_verdicts(upto, only=needed)
        days = [verdicts[e.date] for e in week if e.date in verdicts]
        top = more_careful(*(v.action for v in days))
        # The latest day that set the action speaks for the week.
        lead = next(v for v in reversed(days) if v.action == top)
        found += [(top, t) for t in lead.reasons[:2]]
        for day in days:
            refs += day.references
        for entry in week:
            stress = _bone_texts(entry)
            if stress:
                referral = content().rules.refer_urgency
                found += [("pause", t) for t in stress]
        rise = _rise(week, _window(scored_upto, end - dt.timedelta(days=7), 7))
        if rise:
            # A rise breaks a rule of the model: cut back once it leaves the safe band.
            high = max(w for e in week if (w := _worst(e)) is not None) > safe_max()
            found.append(("cut-back" if high else "hold", rise))
        clinician = _clinician(scored_upto, verdicts, end)
        if clinician:
            found.append(("keep", clinician))
    else:
        found.append(("hold", content().reasons.no_scores))
    if load.spike:
        found += [("hold", t) for t in load.reasons]
        refs += load.references
    return _verdict(found, date=end, see_clinician=bool(clinician), referral=referral, refs=refs)
