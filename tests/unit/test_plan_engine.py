"""The plan engine's mechanics, on the tests' own small content library.

Ordering by pain, the time budget, paired exercises and doses are engine rules: these
tests use ``tests/fixtures/library`` so that an educator's edit to the real library
never breaks them. Clinical checks on the real library stay in ``test_plan.py``.
"""

from __future__ import annotations

from typing import Any

from rollbook.plan import Plan, PlanInput, build_plan

from ..fixtures import small_library

LIB = small_library()


def plan(**kwargs: Any) -> Plan:
    kwargs.setdefault("minutes", 60)
    kwargs.setdefault("weekly_km", 30.0)
    return build_plan(PlanInput(**kwargs), LIB)


def test_knee_pair_falls_back_to_a_shorter_pair_never_split() -> None:
    # 8 minutes has no room for side leg raises + wall sit, so the shorter hip + knee
    # pair (bridge + wall sit) is used instead; the pair is never split.
    p = plan(pain={"knee": 6}, minutes=8)
    areas = {LIB.exercise(s.exercise).area for s in p.strength}
    assert areas == {"hip", "knee"}
    assert "hip-abduction" not in {s.exercise for s in p.strength}


def test_knee_pair_is_left_out_whole_when_no_pair_fits() -> None:
    p = plan(pain={"knee": 6}, minutes=5)
    assert not p.strength
    assert any("Side leg raise" in line and "Wall sit" in line for line in p.left_out)


def test_zero_pain_sites_are_ignored() -> None:
    p = plan(pain={"knee": 5, "calf": 0})
    assert all("calf" not in item.sites for item in p.rolling + p.strength)


def test_no_pain_at_all_says_so() -> None:
    p = plan(pain={"knee": 0})
    assert not p.rolling and not p.strength
    assert "no pain" in p.message.lower()


def test_higher_pain_comes_first() -> None:
    p = plan(pain={"calf": 3, "hamstring": 7}, minutes=120)
    assert p.rolling[0].sites[0] == "hamstring"
    assert p.strength[0].sites[0] == "hamstring"
    p2 = plan(pain={"calf": 7, "hamstring": 3}, minutes=120)
    assert p2.rolling[0].sites[0] == "calf"


def test_rolling_time_is_seconds_times_sets_times_sides() -> None:
    p = plan(pain={"calf": 5})
    calf = next(i for i in p.rolling if i.target == "calf")
    assert calf.seconds_total == calf.seconds * calf.sets * 2


def test_new_runners_get_one_set() -> None:
    p = plan(pain={"calf": 5}, experience="new")
    assert all(i.sets == 1 for i in p.rolling)


def test_time_budget_trims_lowest_priority_first() -> None:
    roomy = plan(pain={"knee": 6, "calf": 3}, minutes=120)
    tight = plan(pain={"knee": 6, "calf": 3}, minutes=15)
    assert tight.total_minutes <= 15 < roomy.total_minutes
    assert tight.left_out
    kept = [i.label for i in tight.strength]
    assert kept == [i.label for i in roomy.strength][: len(kept)]


def test_too_little_time_says_so_clearly() -> None:
    p = plan(pain={"knee": 6}, minutes=0 + 1, roller="ball")
    assert not p.rolling and not p.strength
    assert "not enough" in p.message and "minutes" in p.message
    assert p.left_out
