"""Pain-monitoring rules, totals, adherence, PSFS change and trend: one test per rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook import analytics as an
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain

D = dt.date(2024, 3, 4)  # a Monday


def day(n: int, during: int | None = None, after: int | None = None,
        morning: int | None = None, *, km: float = 5, done: bool = True,
        site: str = "knee") -> LogEntry:
    pains = () if (during, after, morning) == (None, None, None) else (
        SitePain(site, during, after, morning),
    )
    return LogEntry(D + dt.timedelta(days=n), pains, km=km, done=done)


# --- daily rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("during", "zone"), [(0, "green"), (3, "green"), (4, "amber"), (5, "amber"), (6, "red"),
                         (10, "red")],
)
def test_pain_during_sets_the_zone(during: int, zone: str) -> None:
    verdict = an.day_verdict(day(0, during))
    assert verdict is not None and verdict.zone == zone
    assert verdict.advice == an.ADVICE[zone]
    assert f"{during}/10" in verdict.reasons[0]


def test_red_says_cut_back_and_amber_says_hold_steady() -> None:
    assert "Cut back" in an.ADVICE["red"]
    assert "Hold steady" in an.ADVICE["amber"]
    assert "Keep going" in an.ADVICE["green"]


def test_pain_after_above_five_is_red() -> None:
    verdict = an.day_verdict(day(0, 2, 7))
    assert verdict is not None and verdict.zone == "red"
    assert "after the run was 7/10" in verdict.reasons[0]


def test_worst_site_counts() -> None:
    entry = LogEntry(D, (SitePain("knee", 2), SitePain("outer-knee", 6)))
    verdict = an.day_verdict(entry)
    assert verdict is not None and verdict.zone == "red"
    assert "outer knee" in verdict.reasons[0]


def test_no_scores_means_no_verdict() -> None:
    assert an.day_verdict(day(0)) is None
    assert an.day_verdict(LogEntry(D, (SitePain("knee"),))) is None


def test_morning_not_settled_without_history_uses_safe_ceiling() -> None:
    assert an.day_verdict(day(0, 2, 2, 3)).zone == "green"  # type: ignore[union-attr]
    amber = an.day_verdict(day(0, 2, 2, 4))
    assert amber is not None and amber.zone == "amber" and "not settled" in amber.reasons[0]


def test_morning_compared_with_usual_morning_pain() -> None:
    history = [day(i, 2, 2, 1) for i in range(5)]
    # usual morning pain is 1: 2 is amber, 4 (3 above usual) is red, 1 is fine
    assert an.day_verdict(day(5, 2, 2, 1), history).zone == "green"  # type: ignore[union-attr]
    assert an.day_verdict(day(5, 2, 2, 2), history).zone == "amber"  # type: ignore[union-attr]
    red = an.day_verdict(day(5, 2, 2, 4), history)
    assert red is not None and red.zone == "red"
    assert "usual morning pain there is 1/10" in red.reasons[0]


def test_morning_above_five_is_red_even_when_usual_is_high() -> None:
    history = [day(i, 2, 2, 5) for i in range(5)]
    assert an.day_verdict(day(5, 2, 2, 6), history).zone == "red"  # type: ignore[union-attr]


def test_baseline_only_looks_back_14_days() -> None:
    old = [day(i, 1, 1, 5) for i in range(3)]
    assert an.morning_baseline(old, "knee", D + dt.timedelta(days=30)) == an.BASELINE_DEFAULT


def test_day_verdicts_cover_scored_days() -> None:
    log = [day(0, 2), day(1), day(2, 6)]
    verdicts = an.day_verdicts(log)
    assert list(verdicts) == [D, D + dt.timedelta(days=2)]
    assert verdicts[D + dt.timedelta(days=2)].zone == "red"


# --- weekly rules -----------------------------------------------------------------


def test_week_takes_the_worst_day() -> None:
    log = [day(0, 2), day(2, 5), day(4, 1)]
    verdict = an.week_verdict(log)
    assert verdict is not None and verdict.zone == "amber"
    assert verdict.reasons[0] == "1 of 3 logged days this week was amber."


def test_rising_week_is_at_least_amber() -> None:
    log = [day(i, 1) for i in range(7)] + [day(7 + i, 3) for i in range(7)]
    verdict = an.week_verdict(log)
    assert verdict is not None and verdict.zone == "amber"
    assert any("higher than last week" in r for r in verdict.reasons)


def test_steady_week_is_not_flagged() -> None:
    log = [day(i, 2) for i in range(14)]
    verdict = an.week_verdict(log)
    assert verdict is not None and verdict.zone == "green"
    assert verdict.advice == an.ADVICE["green"] and not verdict.see_clinician


def test_three_red_days_in_last_seven_logged_means_see_clinician() -> None:
    log = [day(i, 2) for i in range(4)] + [day(4, 7), day(5, 6), day(6, 8)]
    verdict = an.week_verdict(log)
    assert verdict is not None and verdict.see_clinician and verdict.zone == "red"
    assert verdict.advice == an.ADVICE["clinician"]
    two = an.week_verdict([day(i, 2) for i in range(5)] + [day(5, 7), day(6, 8)])
    assert two is not None and not two.see_clinician


def test_no_improvement_in_three_weeks_means_see_clinician() -> None:
    log = [day(i, 4) for i in range(21)]
    verdict = an.week_verdict(log)
    assert verdict is not None and verdict.see_clinician and verdict.zone == "amber"
    assert any("3 weeks" in r for r in verdict.reasons)
    easing = [day(i, 5 if i < 7 else 4 if i < 14 else 3) for i in range(21)]
    assert not an.week_verdict(easing).see_clinician  # type: ignore[union-attr]


def test_week_verdict_is_none_without_recent_scores() -> None:
    assert an.week_verdict([]) is None
    assert an.week_verdict([day(0, 3)], today=D + dt.timedelta(days=30)) is None


# --- totals, adherence, PSFS, trend -----------------------------------------------


def test_distance_totals_and_week_change() -> None:
    log = [day(i, km=2) for i in range(7)] + [day(7 + i, km=3) for i in range(7)]
    totals = an.distance_totals(log, today=D + dt.timedelta(days=13))
    assert (totals.last_7, totals.previous_7, totals.last_28) == (21, 14, 35)
    assert totals.change_pct == 50.0
    assert an.distance_totals([day(0)], today=D).change_pct is None


def test_adherence_per_week_with_and_without_planned_days() -> None:
    log = [day(0, done=True), day(1, done=False), day(2, done=True), day(8, done=True)]
    weeks = an.weekly_adherence(log, today=D + dt.timedelta(days=20))
    assert [(w.done, w.planned) for w in weeks] == [(2, 3), (1, 1), (0, 0)]
    assert weeks[0].share == pytest.approx(2 / 3) and weeks[2].share is None
    planned = an.weekly_adherence(log, planned_per_week=4)
    assert [w.share for w in planned] == [0.5, 0.25]


def test_psfs_change_against_mcid() -> None:
    first = PsfsRecord(D, (PsfsItem("run", 2), PsfsItem("stairs", 4)))
    small = PsfsRecord(D + dt.timedelta(days=7), (PsfsItem("run", 3), PsfsItem("stairs", 4)))
    big = PsfsRecord(D + dt.timedelta(days=14), (PsfsItem("run", 5), PsfsItem("stairs", 5)))
    assert an.psfs_change([]) is None
    assert an.psfs_change([small, first]) == an.PsfsChange(3.0, 3.5, 0.5, False)
    assert an.psfs_change([first, small, big]) == an.PsfsChange(3.0, 5.0, 2.0, True)


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [(5, 3, "improving"), (3, 3, "steady"), (3, 4, "worsening"), (4, 3.5, "steady")],
)
def test_pain_trend(before: int, after: float, trend: str) -> None:
    log = [day(i, before) for i in range(7)]
    log += [day(7 + i, int(after) if i % 2 else round(after + 0.49)) for i in range(7)]
    assert an.pain_trend(log) == trend


def test_trend_needs_two_weeks_and_can_follow_one_site() -> None:
    assert an.pain_trend([day(0, 3)]) == "not enough data"
    log = [LogEntry(D + dt.timedelta(days=i), (SitePain("knee", 5 if i < 7 else 2),
                                              SitePain("hip", 2))) for i in range(14)]
    assert an.pain_trend(log, site="knee") == "improving"
    assert an.pain_trend(log, site="hip") == "steady"


def test_status_bundles_everything_and_is_json_ready() -> None:
    import json

    log = [day(i, 2 + i % 3) for i in range(10)]
    st_ = an.status(log, [PsfsRecord(D, (PsfsItem("run", 3),))], today=D + dt.timedelta(days=9))
    assert st_.latest_day is not None and st_.week is not None and st_.entries == 10
    json.dumps(st_.as_dict())
    empty = an.status([], today=D)
    assert empty.latest_day is None and empty.trend == "not enough data"


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10), st.none() | st.integers(0, 10),
                          st.none() | st.integers(0, 10)), max_size=40))
def test_verdicts_always_have_reasons_and_advice(rows: list[tuple[int, int, int | None,
                                                                  int | None]]) -> None:
    log = list({n: day(n, d, a, m) for n, d, a, m in rows}.values())
    for verdict in [*an.day_verdicts(log).values(), an.week_verdict(log)]:
        if verdict is not None:
            assert verdict.zone in ("green", "amber", "red")
            assert verdict.reasons and verdict.advice
