"""The settled next-morning level read once for a whole log equals the rule read day by day.

``rollbook.mornings.Mornings`` answers by bisection so that replays of years of logs
stay fast; these tests compare it with the rule written out as it reads (the median
of 28 to 7 days before, the median of 28 to 14 days before, the ceiling), and the
pain bands looked up from a table with the bands as the content file lists them.
"""

from __future__ import annotations

import datetime as dt
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook import painmodel
from rollbook.content import load_painmodel
from rollbook.mornings import Mornings
from rollbook.records import LogEntry, SitePain

START = dt.date(2026, 1, 1)
SITES = ("knee", "calf")


def _as_written(log: list[LogEntry], site: str, day: dt.date) -> float:
    rules = load_painmodel().rules
    start = day - dt.timedelta(days=rules.morning_window_days)
    middle = day - dt.timedelta(days=rules.morning_window_days // 2)
    stop = day - dt.timedelta(days=rules.morning_skip_days)
    scores = [
        (e.date, p.morning)
        for e in log
        if start <= e.date < stop
        for p in e.pains
        if p.site == site and p.morning is not None
    ]
    levels = [float(rules.morning_ceiling)]
    if scores:
        levels.append(float(statistics.median(v for _, v in scores)))
        older = [v for d, v in scores if d < middle]
        if older:
            levels.append(float(statistics.median(older)))
    return min(levels)


_morning = st.none() | st.integers(0, 10)
_day = st.tuples(st.integers(0, 90), _morning, _morning)


@settings(max_examples=150)
@given(st.lists(_day, max_size=60, unique_by=lambda t: t[0]), st.integers(0, 100))
def test_mornings_match_the_rule_as_written(
    days: list[tuple[int, int | None, int | None]], asked: int
) -> None:
    log = [
        LogEntry(START + dt.timedelta(days=n), (SitePain("calf", 1, None, calf),
                                                SitePain("knee", 2, None, knee)))
        for n, knee, calf in days
    ]  # fmt: skip
    day = START + dt.timedelta(days=asked)
    mornings = Mornings(reversed(log))  # any order
    for site in (*SITES, "hip"):
        expected = _as_written(log, site, day)
        assert mornings.settled(site, day) == expected
        assert painmodel.settled_level(log, site, day) == expected


def test_bands_by_score_and_id_are_the_content_files() -> None:
    bands = load_painmodel().band
    for score in range(11):
        first = next(b for b in bands if b.low <= score <= b.high)
        assert painmodel.band_of(score) is first
        assert painmodel.action_for_score(score) == first.action
    assert painmodel.pause_from() == next(b for b in bands if b.id == "severe").low
    assert painmodel.safe_max() == next(b for b in bands if b.id == "safe").high
