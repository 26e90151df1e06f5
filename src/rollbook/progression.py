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
from rollbook.progress_records import Adjustment, ExerciseSession
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
) -> bool | None:
    """Did pain the morning after ``day`` rise above the settled level (pain model)?

    ``entries`` are sorted by date. True on a flare at any of ``sites`` (any site when
    none of them has a morning score); False when the morning settled; None when no
    morning score was logged for ``day``. ``dates`` (the entries' dates) and ``memo``
    (answers by day and the sites judged, shared between exercises) save work when
    called for many days.
    """
    dates = dates if dates is not None else [e.date for e in entries]
    index = bisect.bisect_left(dates, day)
    if index >= len(entries) or entries[index].date != day:
        return None
    entry = entries[index]
    mornings = [p for p in entry.pains if p.morning is not None]
    chosen = [p for p in mornings if p.site in sites] or mornings
    if not chosen:
        return None
    key = (day, tuple(p.site for p in chosen))
    if memo is not None and key in memo:
        return memo[key]
    window = dt.timedelta(days=painmodel.content().rules.morning_window_days)
    earlier = entries[bisect.bisect_left(dates, day - window) : index]
    severe = painmodel.pause_from()
    flared = False
    for pain in chosen:
        assert pain.morning is not None
        if pain.morning >= severe or pain.morning > painmodel.settled_level(
            earlier, pain.site, day
        ):
            flared = True
            break
    if memo is not None:
        memo[key] = flared
    return flared


def _with(item: Prescribed, level: int, streak: int, rule: str | None) -> Prescribed:
    # Plain construction: dataclasses.replace is slow over years of sessions.
    return Prescribed(item.exercise, level, item.sites, item.dose, streak, rule)


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


def _level_name(exercise: Exercise, level: int) -> str:
    return f"level {level} ({exercise.levels[level - 1].name})"


def _words(
    rules: ProgressionContent, rule_id: str, exercise: Exercise, item: Prescribed, **extra: Any
) -> tuple[str, str]:
    rule = rules.rule_by_id(rule_id)
    needed = max(rules.levels.sessions_to_move_up - item.streak, 1)
    values: dict[str, Any] = {
        "more": f"{needed} more easy session" + ("" if needed == 1 else "s"),
        "label": exercise.label,
        "level": _level_name(exercise, item.level),
        "count": item.streak,
        "needed": needed,
        "pain": "",
        "next_level": "",
    }
    values.update(extra)
    return rule.why.format(**values), rule.next.format(**values)


def _apply_session(
    item: Prescribed,
    session: ExerciseSession,
    settled: bool | None,
    exercise: Exercise,
    rules: ProgressionContent,
    actions: Sequence[str],
) -> tuple[Prescribed, Event | None]:
    rule_id = _judge(session, settled, actions)
    top = len(exercise.levels)
    need = rules.levels.sessions_to_move_up
    if rule_id.startswith("down-"):
        if item.level == 1:
            return _with(item, item.level, 0, "floor"), _event(
                rules, "floor", exercise, item, session, f"{exercise.label}: stays at level 1"
            )
        lower = _with(item, item.level - 1, 0, rule_id)
        name = _level_name(exercise, lower.level)
        return lower, _event(
            rules, rule_id, exercise, item, session,
            f"{exercise.label}: down to {name}", next_level=name,
        )  # fmt: skip
    if rule_id == "move-up":
        counted = _with(item, item.level, item.streak + 1, "move-up")
        if counted.streak < need:
            return counted, None
        if item.level >= top:
            return _with(counted, item.level, need, "top-level"), None
        name = _level_name(exercise, item.level + 1)
        event = _event(
            rules, "move-up", exercise, counted, session,
            f"{exercise.label}: up to {name}", next_level=name,
        )  # fmt: skip
        return _with(item, item.level + 1, 0, "move-up"), event
    if rule_id == "stay-unsettled":
        return _with(item, item.level, item.streak, rule_id), None
    return _with(item, item.level, 0, rule_id), None


def _event(
    rules: ProgressionContent,
    rule_id: str,
    exercise: Exercise,
    item: Prescribed,
    session: ExerciseSession,
    what: str,
    **extra: Any,
) -> Event:
    why, _ = _words(rules, rule_id, exercise, item, pain=session.pain, **extra)
    refs = tuple(rules.rule_by_id(rule_id).references)
    return Event(session.date, what, why, exercise.id, refs)


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
    if adj.kind == "add" and name in lib.exercises and not found:
        level = min(int(change["level"]), len(lib.exercises[name].levels))
        items = [*items, Prescribed(name, level)]
        return items, Event(adj.date, f"Your clinician added {label}", adj.reason, name)
    if not found:
        return items, None  # a change to an exercise no longer in the plan: nothing to do
    current = found[0]
    if adj.kind == "remove":
        items = [i for i in items if i.exercise != name]
        return items, Event(adj.date, f"Your clinician took out {label}", adj.reason, name)
    if adj.kind == "swap":
        new = change["to"]
        if new not in lib.exercises or any(i.exercise == new for i in items):
            return items, None
        level = min(int(change["level"]), len(lib.exercises[new].levels))
        swapped = Prescribed(new, level, current.sites)
        items = [swapped if i.exercise == name else i for i in items]
        what = f"Your clinician swapped {label} for {lib.exercises[new].label}"
        return items, Event(adj.date, what, adj.reason, new)
    if adj.kind == "level":
        level = min(int(change["level"]), len(lib.exercises[name].levels))
        moved = replace(current, level=level, streak=0, rule=None)
        what = f"Your clinician set {label} to {_level_name(lib.exercises[name], level)}"
    else:  # dose
        dose = {k: int(v) for k, v in change.items() if k in ("sets", "reps", "hold_seconds")
                and v is not None}  # fmt: skip
        moved = replace(current, dose=dose)
        amount = f"{dose.get('reps')}" if "reps" in dose else f"{dose.get('hold_seconds')} s hold"
        what = f"Your clinician set {label} to {dose['sets']} x {amount}"
    items = [moved if i.exercise == name else i for i in items]
    return items, Event(adj.date, what, adj.reason, name)


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
) -> tuple[list[Prescribed], list[Event]]:
    """The exercises and their levels on ``today``, and every event from ``start`` on.

    Sessions and adjustments before ``start`` or after ``today`` are left out;
    ``entries`` (any order) give the next-morning scores.
    """
    lib = library or load_library()
    content = rules or load_progression()
    ordered = sorted(entries, key=lambda e: e.date)
    dates = [e.date for e in ordered]
    actions = [painmodel.action_for_score(score) for score in range(11)]
    # Several exercises on one day share one next-morning judgement.
    flares: dict[tuple[dt.date, tuple[str, ...]], bool | None] = {}
    # Exercises whose sites differ often judge the same morning (the one site logged).
    mornings: dict[tuple[dt.date, tuple[str, ...]], bool | None] = {}
    items = [i for i in start_items if i.exercise in lib.exercises]
    where = {item.exercise: n for n, item in enumerate(items)}
    events: list[Event] = []
    todo: list[tuple[dt.date, int, Adjustment | ExerciseSession]] = [
        (a.date, 0, a) for a in adjustments if start <= a.date <= today
    ]
    todo += [(s.date, 1, s) for s in sessions if start <= s.date <= today]
    todo.sort(key=lambda t: (t[0], t[1]))
    for _, _, thing in todo:
        if isinstance(thing, Adjustment):
            items, event = _adjust(items, thing, lib)
            where = {item.exercise: n for n, item in enumerate(items)}
        else:
            index = where.get(thing.exercise)
            if index is None:
                continue
            item = items[index]
            exercise = lib.exercises[item.exercise]
            key = (thing.date, item.sites)
            if key not in flares:
                flares[key] = flare(ordered, thing.date, item.sites, dates, mornings)
            flared = flares[key]
            # In place: ``items`` is this function's own list (copied from start_items).
            items[index], event = _apply_session(
                item, thing, None if flared is None else not flared, exercise, content, actions
            )
        if event is not None:
            events.append(event)
    return items, events


def next_step(
    item: Prescribed, library: Library | None = None, rules: ProgressionContent | None = None
) -> str:
    """What moves this exercise on, in one or two plain sentences."""
    lib = library or load_library()
    content = rules or load_progression()
    exercise = lib.exercises[item.exercise]
    if item.level >= len(exercise.levels):
        return _words(content, "top-level", exercise, item)[1]
    if item.rule in ("stay-unsettled", "floor"):
        return _words(content, item.rule, exercise, item)[1]
    name = _level_name(exercise, item.level + 1)
    return _words(content, "move-up", exercise, item, next_level=name)[1]
