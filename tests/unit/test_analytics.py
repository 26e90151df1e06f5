"""Totals, adherence, PSFS change, trend and the status bundle: one test per rule.

The pain-monitoring verdicts are tested in test_painmodel.py."""

from __future__ import annotations

import datetime as dt

import pytest

from rollbook import analytics as an
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain

D = dt.date(2024, 3, 4)  # a Monday


def day(
    n: int,
    during: int | None = None,
    after: int | None = None,
    morning: int | None = None,
    *,
    km: float = 5,
    done: bool = True,
    site: str = "knee",
) -> LogEntry:
    pains = (
        ()
        if (during, after, morning) == (None, None, None)
        else (SitePain(site, during, after, morning),)
    )
    return LogEntry(D + dt.timedelta(days=n), pains, km=km, done=done)


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
    log = [
        LogEntry(
            D + dt.timedelta(days=i), (SitePain("knee", 5 if i < 7 else 2), SitePain("hip", 2))
        )
        for i in range(14)
    ]
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


def test_status_carries_the_pain_model_action_reasons_and_load() -> None:
    log = [day(i, 2, km=10 / 7) for i in range(14)] + [
        day(14 + i, 2, km=28.2 / 7) for i in range(7)
    ]
    state = an.status(log, today=D + dt.timedelta(days=20))
    assert state.week is not None and state.action == state.week.action == "hold"
    assert state.reasons == state.week.reasons
    assert state.load["spike"] is True and state.load["last_7_km"] == pytest.approx(28.2)
    assert state.load["weekly_average_km"] == pytest.approx(10)
    assert set(state.as_dict()) >= {"action", "reasons", "load"}
    assert an.status([], today=D).action is None
