"""The roll-along session logic, driven by a fake clock."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook import session as s


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def plan_output(**overrides: Any) -> dict[str, Any]:
    calf = {
        "target": "calf",
        "label": "Calf",
        "side": "each",
        "seconds": 45,
        "sets": 2,
        "cues": {"start": "Sit down.", "where": "Whole calf.", "feel": "Firm."},
        "regions": ["calf"],
    }
    quads = {
        "target": "quads",
        "label": "Front of thigh",
        "side": "both",
        "seconds": 60,
        "sets": 1,
        "cues": {},
        "regions": ["quadriceps"],
    }
    data: dict[str, Any] = {"rolling": [calf, quads]}
    data.update(overrides)
    return data


def test_steps_expand_sets_and_sides() -> None:
    steps = s.steps_from_plan(plan_output())
    assert [(x.target, x.set_number, x.side) for x in steps] == [
        ("calf", 1, "left"),
        ("calf", 1, "right"),
        ("calf", 2, "left"),
        ("calf", 2, "right"),
        ("quads", 1, "both"),
    ]
    assert [x.switch_sides for x in steps] == [False, True, False, True, False]
    assert steps[0].heading() == "Calf, left leg, set 1 of 2"
    assert steps[0].cues[0] == ("start", "Sit down.")


@pytest.mark.parametrize(
    "bad",
    [None, [], "rolling", {"rolling": "x"}, {"rolling": [1, None, {"label": "no id"}]}],
)
def test_bad_saved_plans_give_no_steps(bad: Any) -> None:
    assert s.steps_from_plan(bad) == []


def test_hostile_numbers_are_clamped() -> None:
    item = {
        "target": "x",
        "label": "X",
        "side": "centre",
        "seconds": 10**9,
        "sets": -4,
        "cues": "nope",
        "regions": [1, "calf"],
    }
    (step,) = s.steps_from_plan({"rolling": [item]})
    assert step.seconds == s.MAX_STEP_SECONDS
    assert step.sets == 1
    assert step.regions == ("calf",)
    nan = {"target": "x", "label": "X", "seconds": float("nan"), "sets": True}
    assert s.steps_from_plan({"rolling": [nan]})[0].seconds == 60


@pytest.mark.parametrize(
    ("value", "scale"),
    [
        ("", 1.0),
        ("0", 1.0),
        ("false", 1.0),
        ("1", s.FAST_SCALE),
        ("yes", s.FAST_SCALE),
        ("0.1", 0.1),
        ("5", s.FAST_SCALE),
        ("nan", s.FAST_SCALE),
    ],
)
def test_time_scale_from_environment(value: str, scale: float) -> None:
    assert s.time_scale({s.FAST_ENV: value}) == scale
    assert s.time_scale({}) == 1.0


def test_mmss() -> None:
    assert s.mmss(0) == "00:00"
    assert s.mmss(0.2) == "00:01"
    assert s.mmss(75.0) == "01:15"
    assert s.mmss(-3) == "00:00"
    assert s.mmss(float("inf")) == "00:00"


def fifteen_minute_steps() -> list[s.Step]:
    item = {"target": "t", "label": "T", "side": "each", "seconds": 45, "sets": 2}
    steps = s.steps_from_plan({"rolling": [dict(item, target=f"t{i}") for i in range(5)]})
    assert sum(x.seconds for x in steps) == 900  # 5 items x 2 sets x 2 sides x 45 s
    return steps


@pytest.mark.parametrize("seed", range(5))
def test_no_drift_over_fifteen_minutes_with_late_ticks(seed: int) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    session = s.Session(fifteen_minute_steps(), clock=clock)
    session.start()
    start = clock.now
    while session.state != s.FINISHED:
        # A busy kernel: ticks every 0.05-3 s, now and then 8 s late.
        clock.advance(rng.choice([rng.uniform(0.05, 0.3), rng.uniform(0.3, 3.0), 8.0]))
        snap = session.snapshot()
        if snap.step is None:
            break
        # The display never disagrees with the true schedule by more than a second.
        elapsed = clock.now - start
        done = sum(x.seconds for x in session.steps[: snap.index])
        true_left = done + snap.step.seconds - elapsed
        assert abs(snap.remaining - true_left) <= 1.0
    assert session.finished_at is not None
    assert abs((session.finished_at - start) - 900) <= 1.0
    assert session.rolled_minutes() == 15


def test_fast_scale_runs_the_same_session_fifty_times_quicker() -> None:
    clock = FakeClock()
    session = s.Session(fifteen_minute_steps(), clock=clock, scale=0.02)
    session.start()
    clock.advance(17.9)
    assert session.snapshot().state == s.RUNNING
    clock.advance(0.2)
    snap = session.snapshot()
    assert snap.state == s.FINISHED
    assert snap.rolled == pytest.approx(900)


def test_pause_keeps_the_time_left() -> None:
    clock = FakeClock()
    session = s.Session(s.steps_from_plan(plan_output()), clock=clock)
    session.start()
    clock.advance(10)
    session.pause()
    assert session.remaining() == pytest.approx(35)
    clock.advance(500)  # a long pause costs nothing
    assert session.snapshot().remaining == pytest.approx(35)
    assert session.snapshot().index == 0
    session.resume()
    clock.advance(35)
    assert session.snapshot().index == 1
    assert session.rolled_seconds() == pytest.approx(45)


def test_skip_back_and_finish_count_only_time_rolled() -> None:
    clock = FakeClock()
    session = s.Session(s.steps_from_plan(plan_output()), clock=clock)
    session.start()
    clock.advance(5)
    session.skip()
    assert session.index == 1 and session.remaining() == pytest.approx(45)
    clock.advance(1)
    session.back()  # barely started: back to the previous step
    assert session.index == 0 and session.remaining() == pytest.approx(45)
    clock.advance(20)
    session.back()  # well into it: restart this step
    assert session.index == 0 and session.remaining() == pytest.approx(45)
    assert session.rolled_seconds() == pytest.approx(26)
    session.finish()
    assert session.state == s.FINISHED
    assert session.rolled_seconds() == pytest.approx(26)
    for action in (session.skip, session.back, session.pause, session.resume, session.finish):
        action()  # harmless once finished
    assert session.rolled_seconds() == pytest.approx(26)


def test_skip_to_the_end_finishes() -> None:
    clock = FakeClock()
    session = s.Session(s.steps_from_plan(plan_output()), clock=clock)
    for _ in range(10):
        session.skip()
    assert session.state == s.FINISHED
    assert session.rolled_minutes() == 0


def test_empty_session_is_finished_and_bad_scale_refused() -> None:
    assert s.Session([]).state == s.FINISHED
    with pytest.raises(ValueError):
        s.Session([], scale=0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["tick", "pause", "resume", "skip", "back"]), st.floats(0, 100)),
        max_size=40,
    )
)
def test_any_action_sequence_keeps_invariants(actions: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    session = s.Session(s.steps_from_plan(plan_output()), clock=clock)
    session.start()
    for name, wait in actions:
        clock.advance(wait)
        getattr(session, name)()
        snap = session.snapshot()
        assert 0 <= snap.index <= snap.total
        assert snap.remaining >= 0
        if snap.step is not None:
            assert snap.remaining <= snap.step.seconds
        assert 0 <= session.rolled_seconds()
