"""Tests for the illustrative load–capacity model (rollbook.capacity)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook import capacity as cap

speeds = st.sampled_from(["gradual", "steady", "fast", 1, 2, 3])
flags = st.booleans()


def test_capacity_falls_every_week_of_full_rest() -> None:
    rest = cap.rest_then_return(rest_weeks=8, return_speed="gradual")
    caps = [cap.START_CAPACITY, *rest.series("capacity")[:8]]
    assert all(b < a for a, b in pairwise(caps))
    assert rest.series("load")[:8] == [0.0] * 8


def test_rest_calms_pain_while_it_lasts() -> None:
    pain = cap.rest_then_return(rest_weeks=4).series("pain")[:4]
    assert pain[0] < cap.START_PAIN
    assert all(b <= a for a, b in pairwise(pain))


def test_graded_loading_and_strength_raise_capacity() -> None:
    active = cap.keep_moving(use_rolling=False, use_strength=True, use_graded_running=True)
    caps = [cap.START_CAPACITY, *active.series("capacity")]
    assert all(b >= a for a, b in pairwise(caps))
    assert caps[-1] > cap.START_CAPACITY + 15


def test_strength_adds_capacity() -> None:
    with_s = cap.keep_moving(False, True, True).series("capacity")[-1]
    without = cap.keep_moving(False, False, True).series("capacity")[-1]
    assert with_s > without


def test_rolling_eases_pain_but_not_capacity() -> None:
    rolled = cap.keep_moving(True, False, False)
    plain = cap.keep_moving(False, False, False)
    assert rolled.series("capacity") == plain.series("capacity")
    assert sum(rolled.series("pain")) < sum(plain.series("pain"))


def test_fast_return_after_rest_brings_pain_back_above_the_start() -> None:
    rest = cap.rest_then_return(rest_weeks=4, return_speed="fast")
    assert max(rest.series("pain")[4:]) > cap.START_PAIN
    # Compensation: a sore runner moves load onto neighbours.
    assert max(rest.series("extra_load")) > 0


def test_graded_running_returns_to_usual_load_with_low_pain() -> None:
    active = cap.keep_moving()
    assert active.weeks[-1].load == pytest.approx(cap.USUAL_LOAD)
    assert active.weeks[-1].pain <= 3


def test_summary_is_plain_and_mentions_both_scenarios() -> None:
    text = cap.summary(cap.compare(rest_weeks=4, return_speed="fast"))
    assert "4 weeks of full rest" in text
    assert "Keeping moving within limits" in text
    assert cap.summary(cap.compare(rest_weeks=0)).startswith("In this picture, running on")
    assert "1 week of full rest" in cap.summary(cap.compare(rest_weeks=1))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rest_weeks": -1},
        {"rest_weeks": 9},
        {"rest_weeks": 2.5},
        {"rest_weeks": True},
        {"rest_weeks": "4"},
        {"return_speed": "slow"},
        {"return_speed": 0},
        {"return_speed": 4},
        {"return_speed": True},
        {"return_speed": None},
        {"use_rolling": 1},
        {"use_strength": "yes"},
        {"use_graded_running": None},
    ],
)
def test_bad_inputs_raise_value_error_naming_them(kwargs: dict[str, object]) -> None:
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        cap.compare(**kwargs)  # type: ignore[arg-type]


@given(st.integers(0, cap.MAX_REST_WEEKS), speeds, flags, flags, flags)
def test_outputs_stay_in_range_and_are_deterministic(
    rest_weeks: int, speed: str | int, rolling: bool, strength: bool, graded: bool
) -> None:
    one = cap.compare(rest_weeks, speed, rolling, strength, graded)  # type: ignore[arg-type]
    two = cap.compare(rest_weeks, speed, rolling, strength, graded)  # type: ignore[arg-type]
    assert one == two
    for scenario in (one.rest, one.active):
        assert [w.week for w in scenario.weeks] == list(range(1, cap.WEEKS + 1))
        for w in scenario.weeks:
            assert 0 <= w.capacity <= 100
            assert 0 <= w.load <= 100
            assert 0 <= w.pain <= 10
            assert 0 <= w.extra_load <= 100
    assert isinstance(cap.summary(one), str) and cap.summary(one)


@given(st.integers(1, cap.MAX_REST_WEEKS), speeds)
def test_capacity_never_rises_during_full_rest(rest_weeks: int, speed: str | int) -> None:
    caps = cap.rest_then_return(rest_weeks, speed).series("capacity")[:rest_weeks]  # type: ignore[arg-type]
    assert all(b < a for a, b in zip([cap.START_CAPACITY, *caps], caps))
