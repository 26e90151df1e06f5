"""This week's plan from the fast replay equals the replay written as the rules read.

``rollbook week`` replays every session and day since the plan started (years, for a
plan given long ago), so the replay takes shortcuts: records filtered by bisection,
one settled-morning reader shared by the exercise levels and the walk-run ladder,
each next-morning judgement made once per day, the events' sentences made once. Here
a straightforward replay (one session at a time, every judgement made afresh with
nothing kept) is run on random logs with random clinician changes, and the whole
week, its history included, must come out the same.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook import ladder, painmodel, progression, progression_words, weekplan
from rollbook.content import load_library
from rollbook.content.progressfile import load_progression
from rollbook.mornings import Mornings
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, between_dates
from rollbook.progression import Event, Prescribed, flare
from rollbook.records import LogEntry, SitePain

START = dt.date(2025, 1, 6)
PLAN = ("calf-raise", "hip-abduction", "knee-strength")
OTHERS = ("glute-bridge", "bird-dog")  # never in the saved plan: added or swapped in
OUTPUT: dict[str, Any] = {
    "strength": [
        {"exercise": "calf-raise", "level_number": 2, "sites": ["achilles"]},
        {"exercise": "hip-abduction", "level_number": 2, "sites": ["knee"]},
        {"exercise": "knee-strength", "level_number": 1, "sites": ["knee"]},
    ],
    "running": {"action": "keep"},
}


def _straight_levels(
    start_items: Sequence[Prescribed],
    sessions: Sequence[ExerciseSession],
    entries: Sequence[LogEntry],
    adjustments: Sequence[Adjustment] = (),
    *,
    start: dt.date,
    today: dt.date,
    **_: Any,
) -> tuple[list[Prescribed], list[Event]]:
    """The exercise levels as the rules read (progression.py's docstring), nothing kept."""
    lib, rules = load_library(), load_progression()
    log = sorted(entries, key=lambda e: e.date)
    actions = [painmodel.action_for_score(n) for n in range(11)]
    items = [i for i in start_items if i.exercise in lib.exercises]
    changes = sorted((a for a in adjustments if start <= a.date <= today), key=lambda a: a.date)
    events: list[Event] = []

    def adjust(change: Adjustment) -> None:
        nonlocal items
        items, event = progression._adjust(items, change, lib)
        events.extend([event] if event else [])

    for session in sorted((s for s in sessions if start <= s.date <= today),
                          key=lambda s: s.date):  # fmt: skip
        while changes and changes[0].date <= session.date:
            adjust(changes.pop(0))
        at = next((n for n, i in enumerate(items) if i.exercise == session.exercise), None)
        if at is None:
            continue
        item, exercise = items[at], lib.exercises[session.exercise]
        flared = flare(log, session.date, item.sites)  # judged afresh from the whole log
        rule = progression._judge(session, None if flared is None else not flared, actions)
        move, streak, last = 0, 0, rule
        if rule.startswith("down-"):
            move, last = (0, "floor") if item.level == 1 else (-1, rule)
        elif rule == "move-up":
            streak = item.streak + 1
            if streak >= rules.levels.sessions_to_move_up:
                if item.level >= len(exercise.levels):
                    streak, last = rules.levels.sessions_to_move_up, "top-level"
                else:
                    move, streak = 1, 0
        elif rule == "stay-unsettled":
            streak = item.streak
        if last == "floor" or move:
            # The event's words name the level and count the session was judged at.
            name = progression_words.level_name(exercise, item.level + move)
            what = {-1: f"down to {name}", 0: "stays at level 1", 1: f"up to {name}"}[move]
            extra = {"next_level": name} if move else {}
            count = item.streak + 1 if move == 1 else item.streak
            values = progression_words.rule_values(rules, exercise, item.level, count, pain=session.pain,
                                         **extra)  # fmt: skip
            text = rules.rule_by_id(last)
            events.append(Event(session.date, f"{exercise.label}: {what}",
                                text.why.format(**values), exercise.id,
                                tuple(text.references)))  # fmt: skip
        items[at] = replace(item, level=item.level + move, streak=streak, rule=last)
    for change in changes:
        adjust(change)
    return items, events


def _every_day(self: ladder._Judge, day: dt.date, on_ladder: bool) -> painmodel.Verdict | None:
    """The walk-run ladder judging every logged day from the log before it."""
    before = [e for e in self.ordered if e.date < day]
    entry = next((e for e in self.ordered if e.date == day), None)
    return None if entry is None else painmodel.day_verdict(entry, before)


_score = st.none() | st.integers(0, 10)
_change = st.one_of(
    st.tuples(st.just("level"), st.sampled_from(PLAN), st.integers(1, 4)),
    st.tuples(st.just("dose"), st.sampled_from(PLAN), st.integers(1, 5)),
    st.tuples(st.just("remove"), st.sampled_from(PLAN), st.just(0)),
    st.tuples(st.just("swap"), st.sampled_from(PLAN), st.just(0)),
    st.tuples(st.just("add"), st.just(""), st.integers(1, 3)),
    st.tuples(st.just("run"), st.sampled_from(["ladder", "normal"]), st.integers(1, 4)),
    st.tuples(st.just("review"), st.just(""), st.integers(0, 30)),
)
#: How often each pain score is drawn: a calm log, a mixed one and a sore one.
PROFILES: dict[str, list[float]] = {
    "calm": [30, 30, 20, 10, 5, 3, 1, 0.3, 0.1, 0.1, 0.05],
    "mixed": [20, 25, 20, 12, 8, 5, 4, 3, 2, 1, 1],
    "sore": [5, 5, 10, 10, 10, 10, 10, 10, 10, 10, 10],
}


def _log(
    rng: random.Random, days: int, profile: str
) -> tuple[list[LogEntry], list[ExerciseSession]]:
    """A random log of ``days`` days: most days logged, sessions every day or two.

    Next-morning pain mostly stays at the runner's usual level, as it does when pain
    settles, so levels move up as well as down.
    """
    weights = PROFILES[profile]
    usual = rng.randint(0, 3)

    def score() -> int | None:
        return rng.choices(range(11), weights=weights)[0] if rng.random() < 0.85 else None

    def morning() -> int | None:
        return rng.choice([usual, usual, usual, max(usual - 1, 0), score()])

    entries, sessions = [], []
    for n in range(days):
        date = START + dt.timedelta(days=n)
        if rng.random() < 0.1:
            continue  # a day not logged
        sites = rng.sample(["achilles", "knee"], rng.choice([0, 1, 1, 1, 2]))
        pains = tuple(SitePain(site, score(), score(), morning()) for site in sites)
        entries.append(LogEntry(date, pains, km=rng.choice([0.0, 0.0, 5.0])))
        for exercise in rng.sample([*PLAN, "bird-dog", "unknown"], rng.randint(0, 4)):
            feel = rng.choice(["easy", "easy", "easy", "ok", "hard"])
            pain = rng.choices(range(9), weights=[25, 25, 15, 10, 10, 8, 6, 3, 3])[0]
            sessions.append(ExerciseSession(date, exercise, pain, feel))  # type: ignore[arg-type]
    rng.shuffle(entries)  # any order
    return entries, sessions


def _adjustments(raw: list[tuple[int, tuple[str, str, int]]]) -> list[Adjustment]:
    """Clinician changes on the given days; each exercise from outside the plan comes in once."""
    out, spare = [], list(OTHERS)
    for day, (kind, name, n) in sorted(raw, key=lambda t: t[0]):
        date = START + dt.timedelta(days=day)
        changes: dict[str, dict[str, Any]] = {
            "level": {"exercise": name, "level": n},
            "dose": {"exercise": name, "sets": n, "reps": 10},
            "remove": {"exercise": name},
            "run": {"mode": name, "phase": n} if name == "ladder" else {"mode": name},
            "review": {"on": (date + dt.timedelta(days=n)).isoformat()},
        }
        change = changes.get(kind, {})
        if kind in ("swap", "add"):
            if not spare:
                continue
            change = ({"exercise": name, "to": spare.pop(), "level": 1} if kind == "swap"
                      else {"exercise": spare.pop(), "level": n})  # fmt: skip
        out.append(Adjustment(date, kind, change, "Clinic visit"))
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.integers(60, 240),
    st.sampled_from(sorted(PROFILES)),
    st.lists(st.tuples(st.integers(-3, 240), _change), max_size=6),
    st.sets(st.integers(0, 240), max_size=4),
    st.integers(-5, 20),
    st.integers(0, 260),
)
def test_the_fast_replay_gives_the_same_week(
    rng: random.Random,
    days: int,
    profile: str,
    changes: list[tuple[int, tuple[str, str, int]]],
    ready: set[int],
    start: int,
    today: int,
) -> None:
    entries, sessions = _log(rng, days, profile)
    inputs = {"start": (START + dt.timedelta(days=start)).isoformat(), "side": "left"}
    checks = [LadderCheck(START + dt.timedelta(days=d), ("brisk-walk", "hop", "bone"))
              for d in sorted(ready)]  # fmt: skip
    kwargs: dict[str, Any] = {
        "created": START,
        "today": START + dt.timedelta(days=today),
        "entries": entries,
        "sessions": sessions,
        "adjustments": _adjustments(changes),
        "checks": checks,
    }
    fast = weekplan.week_plan(inputs, OUTPUT, **kwargs)
    with pytest.MonkeyPatch.context() as patch:  # undone after each example
        patch.setattr(weekplan, "levels_now", _straight_levels)
        patch.setattr(ladder._Judge, "__call__", _every_day)
        patch.setattr(weekplan, "Mornings", lambda entries: None)  # nothing shared
        straight = weekplan.week_plan(inputs, OUTPUT, **kwargs)
    assert fast == straight
    assert fast.history == straight.history and fast.as_dict() == straight.as_dict()


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5)), max_size=40),
       st.integers(-2, 32), st.integers(-2, 32))  # fmt: skip
def test_records_between_two_dates_as_a_filter_and_a_sort_give_them(
    raw: list[tuple[int, int]], first: int, last: int
) -> None:
    sessions = [ExerciseSession(START + dt.timedelta(days=d), f"ex-{k}", 1, "ok") for d, k in raw]
    lo, hi = START + dt.timedelta(days=first), START + dt.timedelta(days=last)
    expected = sorted((s for s in sessions if lo <= s.date <= hi), key=lambda s: s.date)
    assert between_dates(sessions, lo, hi) == expected


@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["knee", "calf"]), _score),
                max_size=50, unique_by=lambda t: (t[0], t[1])),
       st.lists(st.tuples(st.sampled_from(["knee", "calf", "hip"]), st.integers(0, 70)),
                max_size=30))  # fmt: skip
def test_settled_levels_asked_again_are_the_same(
    raw: list[tuple[int, str, int | None]], asked: list[tuple[str, int]]
) -> None:
    """A reader that keeps its answers answers as a fresh reader does, in any order."""
    by_day: dict[int, list[SitePain]] = {}
    for d, site, morning in raw:
        by_day.setdefault(d, []).append(SitePain(site, morning=morning))
    log = [LogEntry(START + dt.timedelta(days=d), tuple(p)) for d, p in by_day.items()]
    kept = Mornings(log)
    for site, d in asked + asked[::-1]:
        day = START + dt.timedelta(days=d)
        assert kept.settled(site, day) == Mornings(log).settled(site, day)
