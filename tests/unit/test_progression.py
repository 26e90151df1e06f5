"""Exercise levels move with the log: the rules as a table of cases, plus invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook.content import load_library
from rollbook.content.progressfile import load_progression
from rollbook.progress_records import Adjustment, ExerciseSession
from rollbook.progression import Prescribed, flare, levels_now, next_step
from rollbook.records import LogEntry, SitePain

START = dt.date(2026, 3, 2)
NEED = load_progression().levels.sessions_to_move_up  # 3 in the shipped content


def _day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def _run(
    sessions: list[tuple[int, int, str, int | None]],
    *,
    level: int = 1,
    adjustments: tuple[Adjustment, ...] = (),
    baseline: int | None = 1,
) -> tuple[Prescribed, list[str]]:
    """Sessions as (day, pain during, feel, next-morning pain or None) for calf-raise.

    ``baseline`` logs a settled next-morning score on the 28 days before the start.
    """
    entries = []
    if baseline is not None:
        entries += [LogEntry(_day(-n), (SitePain("achilles", morning=baseline),))
                    for n in range(1, 28)]  # fmt: skip
    logged = []
    for n, pain, feel, morning in sessions:
        entries.append(LogEntry(_day(n), (SitePain("achilles", during=1, morning=morning),)))
        logged.append(ExerciseSession(_day(n), "calf-raise", pain, feel))  # type: ignore[arg-type]
    items, events = levels_now(
        [Prescribed("calf-raise", level, ("achilles",))], logged, entries, adjustments,
        start=START, today=_day(60),
    )  # fmt: skip
    return items[0], [e.what for e in events]


EASY: list[tuple[int, int, str, int | None]] = [
    (0, 1, "easy", 1), (2, 2, "easy", 1), (4, 0, "easy", 0)
]  # fmt: skip

# (case, sessions, start level, expected level, expected last rule)
CASES = [
    ("moves up after enough easy settled sessions", EASY, 1, 2, "move-up"),
    ("one short of enough stays", EASY[:2], 1, 1, "move-up"),
    ("stays on an ok session", [*EASY[:2], (4, 1, "ok", 1)], 1, 1, "stay-ok"),
    (
        "an ok session starts the count again",
        [*EASY[:2], (4, 1, "ok", 1), (6, 1, "easy", 1)],
        1,
        1,
        "move-up",
    ),
    ("stays on a hard session", [(0, 1, "hard", 1)], 2, 2, "stay-hard"),
    ("acceptable pain (hold band) stays", [*EASY[:2], (4, 4, "easy", 1)], 1, 1, "stay-pain"),
    ("steps down after a next-morning flare", [(0, 1, "easy", 4)], 2, 1, "down-flare"),
    ("a severe next morning steps down", [(0, 1, "easy", 8)], 3, 2, "down-flare"),
    ("too much pain during steps down", [(0, 6, "ok", 1)], 2, 1, "down-pain"),
    ("severe pain during steps down", [(0, 8, "hard", 1)], 3, 2, "down-pain"),
    ("cannot step below the first level", [(0, 6, "hard", 5)], 1, 1, "floor"),
    (
        "no morning score: easy does not count yet",
        [(0, 1, "easy", None)] * 1 + EASY[1:],
        1,
        1,
        "move-up",
    ),
    ("last level stays", EASY, 3, 3, "top-level"),
    (
        "moves up twice",
        [*EASY, (6, 1, "easy", 1), (8, 1, "easy", 1), (10, 1, "easy", 1)],
        1,
        3,
        "move-up",
    ),
]


@pytest.mark.parametrize(("sessions", "start", "level", "rule"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])  # fmt: skip
def test_rule_table(
    sessions: list[tuple[int, int, str, int | None]], start: int, level: int, rule: str
) -> None:
    item, _ = _run(sessions, level=start)
    assert item.level == level
    assert item.rule == rule


def test_flare_follows_the_settled_morning_level() -> None:
    # The settled level is the pain model's: with mornings at 2 before, 3 is a flare.
    entries = [LogEntry(_day(-n), (SitePain("achilles", morning=2),)) for n in range(1, 28)]
    entries.append(LogEntry(_day(0), (SitePain("achilles", morning=3),)))
    assert flare(sorted(entries, key=lambda e: e.date), _day(0), ["achilles"]) is True
    entries[-1] = LogEntry(_day(0), (SitePain("achilles", morning=2),))
    assert flare(sorted(entries, key=lambda e: e.date), _day(0), ["achilles"]) is False
    assert flare(entries, _day(5), ["achilles"]) is None


def test_move_up_event_says_why_with_the_rule_words() -> None:
    _, events = _run(EASY)
    assert events == ["Calf raise, straight knee: up to level 2 (One leg)"]


def test_clinician_level_is_kept_by_progression() -> None:
    adj = Adjustment(_day(1), "level", {"exercise": "calf-raise", "level": 3}, "Strong enough")
    item, events = _run([(0, 1, "easy", 1), (2, 1, "easy", 1)], adjustments=(adj,))
    assert item.level == 3 and item.streak == 1
    assert "Your clinician set Calf raise, straight knee to level 3" in events[0]


def test_clinician_dose_stays_across_levels() -> None:
    adj = Adjustment(START, "dose", {"exercise": "calf-raise", "sets": 2, "reps": 10}, "Tired")
    item, _ = _run(EASY, adjustments=(adj,))
    assert item.level == 2 and dict(item.dose) == {"sets": 2, "reps": 10}


def test_removed_exercise_ignores_later_sessions() -> None:
    adj = Adjustment(_day(1), "remove", {"exercise": "calf-raise"}, "Not needed")
    entries = [LogEntry(_day(n), (SitePain("achilles", morning=1),)) for n in range(5)]
    sessions = [ExerciseSession(_day(n), "calf-raise", 1, "easy") for n in (0, 2, 4)]
    items, events = levels_now([Prescribed("calf-raise", 1)], sessions, entries, [adj],
                               start=START, today=_day(9))  # fmt: skip
    assert items == [] and events[-1].why == "Not needed"


def test_adding_an_exercise_already_in_the_plan_changes_nothing() -> None:
    # Changes entered out of date order can add an exercise the plan already holds.
    adds = [
        Adjustment(_day(1), "add", {"exercise": "calf-raise", "level": 3}, "Add it"),
        Adjustment(_day(2), "add", {"exercise": "no-such-exercise", "level": 1}, "Typo"),
    ]
    items, events = levels_now([Prescribed("calf-raise", 1)], [], [], adds,
                               start=START, today=_day(9))  # fmt: skip
    assert [(i.exercise, i.level) for i in items] == [("calf-raise", 1)] and events == []


def test_next_step_names_the_next_level_and_count() -> None:
    lib = load_library()
    text = next_step(Prescribed("calf-raise", 1, streak=1, rule="move-up"), lib)
    assert "2 more easy sessions" in text and "level 2 (One leg)" in text
    assert "last level" in next_step(Prescribed("calf-raise", 3), lib)
    assert "next morning" in next_step(Prescribed("calf-raise", 1, rule="stay-unsettled"), lib)


_session = st.tuples(st.integers(0, 10), st.sampled_from(["easy", "ok", "hard"]),
                     st.one_of(st.none(), st.integers(0, 10)))  # fmt: skip


@given(st.lists(_session, max_size=25), st.integers(1, 3))
def test_levels_stay_in_range_and_move_one_step(
    raw: list[tuple[int, str, int | None]], start: int
) -> None:
    sessions = [(2 * n, pain, feel, morning) for n, (pain, feel, morning) in enumerate(raw)]
    item, _ = _run(sessions, level=start)
    assert 1 <= item.level <= 3
    assert abs(item.level - start) <= len(sessions)


@given(st.lists(_session, min_size=1, max_size=12), st.integers(0, 10))
def test_more_pain_never_moves_a_level_higher(
    raw: list[tuple[int, str, int | None]], extra: int
) -> None:
    sessions = [(2 * n, pain, feel, morning) for n, (pain, feel, morning) in enumerate(raw)]
    worse = [(d, min(p + extra, 10), f, m) for d, p, f, m in sessions]
    assert _run(worse, level=2)[0].level <= _run(sessions, level=2)[0].level
