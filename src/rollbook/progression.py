"""Exercise levels that move with the log: up after easy settled sessions, down after a flare.

Pure: a saved plan's exercises, the runner's exercise sessions and day logs, and the
clinician's adjustments in; each exercise's level now, the next step and the events
that moved it out. Pain is judged only by the pain model (:mod:`rollbook.painmodel`):
a session's pain by its bands, the next morning by its settled-morning rule. The
numbers and sentences live in content/progression.toml.

Rules, applied to each logged session in date order (a clinician's change on a day
comes before that day's session):

* a next-morning flare at the exercise's sites steps the level down one;
* pain during it that the pain model would cut back or pause for steps it down one;
* pain the pain model calls acceptable (hold), or a session that felt ok or hard,
  keeps the level and starts the count again;
* an easy session with safe-band pain that settled by the next morning counts; after
  ``sessions_to_move_up`` of them in a row the level goes up one;
* an easy session with no next-morning score yet neither counts nor resets.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rollbook import painmodel
from rollbook.content import Exercise, Library, load_library
from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.i18n import _
from rollbook.mornings import Mornings
from rollbook.progress_records import Adjustment, ExerciseSession, between_dates
from rollbook.progression_words import level_name, next_words, rule_values
from rollbook.records import LogEntry

__all__ = [
    "Event", "Prescribed", "flare", "levels_now", "next_step", "prescribed_from_plan",
]  # fmt: skip


@dataclass(frozen=True)
class Prescribed:
    """One exercise in the plan as it stands: its level (1 = first) and any dose change."""

    exercise: str
    level: int
    sites: tuple[str, ...] = ()
    #: A clinician's dose: ``sets`` and ``reps`` or ``hold_seconds``; kept across levels.
    dose: Mapping[str, int] = field(default_factory=dict)
    #: Easy, settled sessions in a row at this level.
    streak: int = 0
    #: The id of the last rule that applied (None before any session).
    rule: str | None = None


@dataclass(frozen=True)
class Event:
    """Something that changed the plan on ``date``: a level move or a clinician's change."""

    date: dt.date
    what: str
    why: str
    exercise: str = ""
    references: tuple[str, ...] = ()
    #: A clinician's change (not a move the log made), whatever language ``what`` is in.
    clinician: bool = False


def prescribed_from_plan(output: Mapping[str, Any]) -> list[Prescribed]:
    """The exercises of a saved plan's output (``plan.to_dict()``), at their saved levels."""
    items = output.get("strength") if isinstance(output, Mapping) else None
    out: list[Prescribed] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("exercise"), str):
            level = item.get("level_number")
            out.append(
                Prescribed(
                    exercise=item["exercise"],
                    level=level if isinstance(level, int) and level >= 1 else 1,
                    sites=tuple(s for s in item.get("sites") or () if isinstance(s, str)),
                )
            )
    return out


def flare(
    entries: Sequence[LogEntry],
    day: dt.date,
    sites: Sequence[str],
    dates: Sequence[dt.date] | None = None,
    memo: dict[tuple[dt.date, tuple[str, ...]], bool | None] | None = None,
    mornings: Mornings | None = None,
) -> bool | None:
    """Did pain the morning after ``day`` rise above the settled level (pain model)?

    ``entries`` are sorted by date. True on a flare at any of ``sites`` (any site when
    none of them has a morning score); False when the morning settled; None when no
    morning score was logged for ``day``. ``dates`` (the entries' dates), ``memo``
    (answers by day and the sites judged, shared between exercises) and ``mornings``
    (the settled levels of ``entries``) save work when called for many days.
    """
    dates = dates if dates is not None else [e.date for e in entries]
    index = bisect.bisect_left(dates, day)
    if index >= len(entries) or entries[index].date != day:
        return None
    entry = entries[index]
    chosen = [p for p in entry.pains if p.morning is not None and p.site in sites]
    if not chosen:
        chosen = [p for p in entry.pains if p.morning is not None]
    if not chosen:
        return None
    key = (day, tuple(p.site for p in chosen))
    if memo is not None and key in memo:
        return memo[key]
    if mornings is None:
        window = dt.timedelta(days=painmodel.content().rules.morning_window_days)
        mornings = Mornings(entries[bisect.bisect_left(dates, day - window) : index])
    severe = painmodel.pause_from()
    flared = False
    for pain in chosen:
        assert pain.morning is not None
        if pain.morning >= severe or pain.morning > mornings.settled(pain.site, day):
            flared = True
            break
    if memo is not None:
        memo[key] = flared
    return flared


def _judge(session: ExerciseSession, settled: bool | None, actions: Sequence[str]) -> str:
    """The id of the rule one session triggers (before the level bounds are applied).

    ``actions[score]`` is the pain model's action for a 0-10 score.
    """
    action = actions[session.pain]
    if settled is False:
        return "down-flare"
    if action in ("cut-back", "pause"):
        return "down-pain"
    if action == "hold":
        return "stay-pain"
    if session.feel == "hard":
        return "stay-hard"
    if session.feel == "ok":
        return "stay-ok"
    if settled is None:
        return "stay-unsettled"
    return "move-up"


class _Track:
    """One exercise's level, streak and last rule while the log is replayed.

    Mutable and plain, because years of sessions change it thousands of times; it
    becomes a frozen :class:`Prescribed` again at the end and around a clinician's
    change.
    """

    __slots__ = ("exercise", "item", "level", "rule", "streak", "top")

    def __init__(self, item: Prescribed, exercise: Exercise) -> None:
        self.item, self.exercise, self.top = item, exercise, len(exercise.levels)
        self.level, self.streak, self.rule = item.level, item.streak, item.rule

    def frozen(self) -> Prescribed:
        item = self.item
        return Prescribed(item.exercise, self.level, item.sites, item.dose, self.streak, self.rule)


class _Words:
    """The events' sentences, made once per rule, exercise, level, count and pain (years
    of sessions move levels hundreds of times with the same few sentences)."""

    __slots__ = ("known", "rules")

    def __init__(self, rules: ProgressionContent) -> None:
        self.rules = rules
        self.known: dict[tuple[str, str, int, int, int], tuple[str, str, tuple[str, ...]]] = {}

    def event(self, rule_id: str, track: _Track, session: ExerciseSession) -> Event:
        """The event of ``rule_id`` (``floor``, ``down-*`` or ``move-up``) on ``session``."""
        exercise, level, streak = track.exercise, track.level, track.streak
        key = (rule_id, exercise.id, level, streak, session.pain)
        found = self.known.get(key)
        if found is None:
            if rule_id == "floor":
                what, extra = _("{label}: stays at level 1").format(label=exercise.label), {}
            elif rule_id == "move-up":
                name = level_name(exercise, level + 1)
                what = _("{label}: up to {level}").format(label=exercise.label, level=name)
                extra = {"next_level": name}
            else:
                name = level_name(exercise, level - 1)
                what = _("{label}: down to {level}").format(label=exercise.label, level=name)
                extra = {"next_level": name}
            rule = self.rules.rule_by_id(rule_id)
            values = rule_values(self.rules, exercise, level, streak, pain=session.pain, **extra)
            found = self.known[key] = (what, rule.why.format(**values), tuple(rule.references))
        return Event(session.date, found[0], found[1], exercise.id, found[2])


def _apply_session(
    track: _Track,
    session: ExerciseSession,
    settled: bool | None,
    words: _Words,
    actions: Sequence[str],
) -> Event | None:
    """Move ``track`` on by one session; the event when its level moved (or hit the floor)."""
    rule_id = _judge(session, settled, actions)
    level = track.level
    if rule_id.startswith("down-"):
        if level == 1:
            event = words.event("floor", track, session)
            track.streak, track.rule = 0, "floor"
            return event
        event = words.event(rule_id, track, session)
        track.level, track.streak, track.rule = level - 1, 0, rule_id
        return event
    if rule_id == "move-up":
        need = words.rules.levels.sessions_to_move_up
        track.streak += 1
        track.rule = "move-up"
        if track.streak < need:
            return None
        if level >= track.top:
            track.streak, track.rule = need, "top-level"
            return None
        event = words.event("move-up", track, session)
        track.level, track.streak = level + 1, 0
        return event
    if rule_id != "stay-unsettled":
        track.streak = 0
    track.rule = rule_id
    return None


def _adjust(
    items: list[Prescribed], adj: Adjustment, lib: Library
) -> tuple[list[Prescribed], Event | None]:
    """Apply one clinician change to the list of exercises."""
    change = adj.change
    name = change.get("exercise", "")
    label = lib.exercises[name].label if name in lib.exercises else name
    found = [i for i in items if i.exercise == name]
    if adj.kind in ("review", "run"):
        return items, None
    if adj.kind == "add":
        if name not in lib.exercises or found:  # already in the plan (changes out of date order)
            return items, None
        level = min(int(change["level"]), len(lib.exercises[name].levels))
        items = [*items, Prescribed(name, level)]
        what = _("Your clinician added {label}").format(label=label)
        return items, Event(adj.date, what, adj.reason, name, clinician=True)
    if not found:
        return items, None  # a change to an exercise no longer in the plan: nothing to do
    current = found[0]
    if adj.kind == "remove":
        items = [i for i in items if i.exercise != name]
        what = _("Your clinician took out {label}").format(label=label)
        return items, Event(adj.date, what, adj.reason, name, clinician=True)
    if adj.kind == "swap":
        new = change["to"]
        if new not in lib.exercises or any(i.exercise == new for i in items):
            return items, None
        level = min(int(change["level"]), len(lib.exercises[new].levels))
        swapped = Prescribed(new, level, current.sites)
        items = [swapped if i.exercise == name else i for i in items]
        what = _("Your clinician swapped {label} for {new}").format(
            label=label, new=lib.exercises[new].label
        )
        return items, Event(adj.date, what, adj.reason, new, clinician=True)
    if adj.kind == "level":
        level = min(int(change["level"]), len(lib.exercises[name].levels))
        moved = replace(current, level=level, streak=0, rule=None)
        what = _("Your clinician set {label} to {level}").format(
            label=label, level=level_name(lib.exercises[name], level)
        )
    else:  # dose
        dose = {k: int(v) for k, v in change.items() if k in ("sets", "reps", "hold_seconds")
                and v is not None}  # fmt: skip
        moved = replace(current, dose=dose)
        held = _("{seconds} s hold").format(seconds=dose.get("hold_seconds"))
        amount = f"{dose.get('reps')}" if "reps" in dose else held
        what = _("Your clinician set {label} to {sets} x {amount}").format(
            label=label, sets=dose["sets"], amount=amount
        )
    items = [moved if i.exercise == name else i for i in items]
    return items, Event(adj.date, what, adj.reason, name, clinician=True)


def levels_now(
    start_items: Sequence[Prescribed],
    sessions: Sequence[ExerciseSession],
    entries: Sequence[LogEntry],
    adjustments: Sequence[Adjustment] = (),
    *,
    start: dt.date,
    today: dt.date,
    library: Library | None = None,
    rules: ProgressionContent | None = None,
    mornings: Mornings | None = None,
) -> tuple[list[Prescribed], list[Event]]:
    """The exercises and their levels on ``today``, and every event from ``start`` on.

    Sessions and adjustments before ``start`` or after ``today`` are left out;
    ``entries`` (any order) give the next-morning scores; ``mornings``, their settled
    levels when already read.
    """
    lib = library or load_library()
    content = rules or load_progression()
    ordered = between_dates(entries, dt.date.min, dt.date.max)
    dates = [e.date for e in ordered]
    words = _Words(content)
    actions = [painmodel.action_for_score(score) for score in range(11)]
    # Several exercises on one day share one next-morning judgement (by their sites).
    day_flares: dict[tuple[str, ...], bool | None] = {}
    # Exercises whose sites differ often judge the same morning (the one site logged).
    judged: dict[tuple[dt.date, tuple[str, ...]], bool | None] = {}
    mornings = mornings or Mornings(ordered)
    items = [i for i in start_items if i.exercise in lib.exercises]
    events: list[Event] = []
    # Date order; on one day a clinician's change comes before the sessions, and
    # sessions of one day keep their order (sorts are stable).
    changes = between_dates(adjustments, start, today)
    done = between_dates(sessions, start, today)
    tracks, where = _tracks(items, lib)
    upcoming = 0
    next_change = changes[0].date if changes else dt.date.max
    flare_day: dt.date = dt.date.min
    for session in done:
        day = session.date
        while next_change <= day:
            items, event = _adjust([t.frozen() for t in tracks], changes[upcoming], lib)
            tracks, where = _tracks(items, lib)
            upcoming += 1
            next_change = changes[upcoming].date if upcoming < len(changes) else dt.date.max
            if event is not None:
                events.append(event)
        index = where.get(session.exercise)
        if index is None:
            continue
        track = tracks[index]
        if day != flare_day:
            flare_day, day_flares = day, {}
        sites = track.item.sites
        if sites not in day_flares:
            day_flares[sites] = flare(ordered, day, sites, dates, judged, mornings)
        flared = day_flares[sites]
        event = _apply_session(
            track, session, None if flared is None else not flared, words, actions
        )
        if event is not None:
            events.append(event)
    items = [t.frozen() for t in tracks]
    for change in changes[upcoming:]:
        items, event = _adjust(items, change, lib)
        if event is not None:
            events.append(event)
    return items, events


def _tracks(items: Sequence[Prescribed], lib: Library) -> tuple[list[_Track], dict[str, int]]:
    """Replay state for ``items``, and where each exercise's first entry is."""
    tracks = [_Track(i, lib.exercises[i.exercise]) for i in items]
    where: dict[str, int] = {}
    for n, item in enumerate(items):
        where.setdefault(item.exercise, n)
    return tracks, where


def next_step(
    item: Prescribed, library: Library | None = None, rules: ProgressionContent | None = None
) -> str:
    """What moves this exercise on, in one or two plain sentences."""
    lib = library or load_library()
    content = rules or load_progression()
    exercise = lib.exercises[item.exercise]
    if item.level >= len(exercise.levels):
        return next_words(content, "top-level", exercise, item.level, item.streak)
    if item.rule in ("stay-unsettled", "floor"):
        return next_words(content, item.rule, exercise, item.level, item.streak)
    name = level_name(exercise, item.level + 1)
    return next_words(content, "move-up", exercise, item.level, item.streak, next_level=name)
