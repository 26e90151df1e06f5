"""The walk-run ladder and review dates: rules as tables of cases."""

from __future__ import annotations

import bisect
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook import ladder, painmodel
from rollbook.content.progressfile import load_progression
from rollbook.ladder import run_state
from rollbook.progress_records import Adjustment, LadderCheck, LefsRecord
from rollbook.records import LogEntry, SitePain
from rollbook.review import lefs_change, review_on

START = dt.date(2026, 3, 2)
CONTENT = load_progression()
ALL = tuple(c.id for c in CONTENT.check)
REPEAT = CONTENT.ladder.repeat


def _day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def _entry(n: int, during: int, km: float = 3.0, morning: int | None = 1) -> LogEntry:
    return LogEntry(_day(n), (SitePain("knee", during=during, morning=morning),), km=km)


def _state(
    days: list[tuple[int, int, float]],
    checks: list[tuple[int, tuple[str, ...]]],
    adjustments: tuple[Adjustment, ...] = (),
) -> ladder.RunState:
    entries = [_entry(n, pain, km) for n, pain, km in days]
    return run_state(entries, [LadderCheck(_day(n), met) for n, met in checks], adjustments,
                     start=START, today=_day(60))  # fmt: skip


PAUSE = [(0, 8, 3.0)]
# (case, days as (day, pain during, km), checks as (day, ids), mode, phase, done)
CASES = [
    ("low pain keeps normal running", [(0, 2, 5.0), (2, 2, 5.0)], [], "normal", None, 0),
    ("pause stops running", PAUSE, [], "paused", None, 0),
    (
        "pause: checks not all met, the ladder does not start",
        PAUSE,
        [(3, ALL[:-1])],
        "paused",
        None,
        0,
    ),
    ("pause: every check met, the ladder starts at step 1", PAUSE, [(3, ALL)], "ladder", 1, 0),
    ("checks met before the pause do not count", [(1, 8, 3.0)], [(0, ALL)], "paused", None, 0),
    ("a phase repeats before moving on", [*PAUSE, (4, 2, 2.0)], [(3, ALL)], "ladder", 1, 1),
    (
        "after the repeats, the next phase",
        [*PAUSE, (4, 2, 2.0), (6, 2, 2.0)],
        [(3, ALL)],
        "ladder",
        2,
        0,
    ),
    (
        "acceptable pain holds the phase",
        [*PAUSE, (4, 2, 2.0), (6, 4, 2.0)],
        [(3, ALL)],
        "ladder",
        1,
        1,
    ),
    (
        "too much pain steps back a phase",
        [*PAUSE, (4, 2, 2.0), (6, 2, 2.0), (8, 6, 2.0)],
        [(3, ALL)],
        "ladder",
        1,
        0,
    ),
    (
        "severe pain on the ladder pauses again",
        [*PAUSE, (4, 8, 2.0)],
        [(3, ALL)],
        "paused",
        None,
        0,
    ),
    ("a rest day does not count", [*PAUSE, (4, 1, 0.0)], [(3, ALL)], "ladder", 1, 0),
]


@pytest.mark.parametrize(("days", "checks", "mode", "phase", "done"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])  # fmt: skip
def test_ladder_table(
    days: list[tuple[int, int, float]],
    checks: list[tuple[int, tuple[str, ...]]],
    mode: str,
    phase: int | None,
    done: int,
) -> None:
    state = _state(days, checks)
    assert (state.mode, state.phase, state.done) == (mode, phase, done)


def test_the_whole_ladder_ends_in_normal_running() -> None:
    days = [*PAUSE] + [(4 + 2 * n, 1, 3.0) for n in range(len(CONTENT.phase) * REPEAT)]
    state = _state(days, [(3, ALL)])
    assert state.mode == "normal" and state.next_step == CONTENT.ladder.done


def test_clinician_starts_the_ladder_after_a_break() -> None:
    adj = Adjustment(_day(1), "run", {"mode": "ladder", "phase": 3}, "Back after 6 weeks off")
    state = _state([], [], (adj,))
    assert (state.mode, state.phase) == ("ladder", 3)
    phase = state.phase_dict()
    assert phase is not None and phase["label"] == CONTENT.phase[2].label


def test_paused_next_step_lists_the_checks() -> None:
    state = _state(PAUSE, [])
    assert all(c.question in state.next_step for c in CONTENT.check)


REVIEW = CONTENT.review.every_days


@pytest.mark.parametrize(
    ("today", "adjustments", "expected"),
    [
        (0, (), REVIEW),
        (REVIEW, (), REVIEW),
        (REVIEW + 1, (), 2 * REVIEW),
        (5, ((3, {"on": "2026-03-16"}),), 14),
        (20, ((3, {"on": "2026-03-16", "every_days": 14}),), 28),
        (2, ((3, {"on": "2026-03-16"}),), REVIEW),  # a change not made yet
    ],
    ids=[
        "first review",
        "on the day",
        "the one after",
        "clinician date",
        "clinician gap",
        "future change",
    ],
)
def test_review_dates(
    today: int, adjustments: tuple[tuple[int, dict[str, object]], ...], expected: int
) -> None:
    adjs = [
        Adjustment(_day(n), "review", dict(change), "Clinic visit") for n, change in adjustments
    ]
    assert review_on(START, _day(today), adjs) == _day(expected)


@pytest.mark.parametrize(
    ("totals", "change", "meets"),
    [((40,), 0, False), ((40, 48), 8, False), ((40, 49), 9, True), ((60, 50), -10, True)],
)
def test_lefs_change_against_the_mcid(totals: tuple[int, ...], change: int, meets: bool) -> None:
    records = []
    for n, total in enumerate(totals):
        answers = [4] * (total // 4) + ([total % 4] if total % 4 else [])
        answers += [0] * (20 - len(answers))
        records.append(LefsRecord(_day(7 * n), tuple(answers)))
    result = lefs_change(records)
    assert result is not None
    assert (result.first, result.latest, result.change, result.meets_mcid) == (
        totals[0],
        totals[-1],
        change,
        meets,
    )
    assert lefs_change([]) is None


_day_strategy = st.tuples(st.integers(0, 10), st.integers(0, 10), st.sampled_from([0.0, 3.0]))


@given(st.lists(_day_strategy, max_size=30), st.sets(st.integers(0, 29), max_size=4))
def test_skipping_quiet_days_changes_nothing(
    raw: list[tuple[int, int, float]], ready: set[int]
) -> None:
    """The ladder judges only the days that can change it; judging every day agrees."""
    entries = [
        LogEntry(_day(n), (SitePain("knee", during=d, morning=m),), km=km)
        for n, (d, m, km) in enumerate(raw)
    ]
    checks = [LadderCheck(_day(n), ALL) for n in sorted(ready)]
    fast = run_state(entries, checks, start=START, today=_day(40))
    original = ladder._Judge.__call__

    def every_day(self: ladder._Judge, day: dt.date, on_ladder: bool) -> painmodel.Verdict | None:
        index = bisect.bisect_left(self.dates, day)
        if index >= len(self.ordered) or self.dates[index] != day:
            return None
        return painmodel.day_verdict(self.ordered[index], self.ordered[:index])

    ladder._Judge.__call__ = every_day  # type: ignore[method-assign]
    try:
        slow = run_state(entries, checks, start=START, today=_day(40))
    finally:
        ladder._Judge.__call__ = original  # type: ignore[method-assign]
    assert (fast.mode, fast.phase, fast.done) == (slow.mode, slow.phase, slow.done)
