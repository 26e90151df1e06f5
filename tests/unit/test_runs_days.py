"""What an imported run day records: a day the runner ran, never pain scores or a plan answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rollbook import analytics, charts
from rollbook.records import LogEntry, SitePain
from rollbook.runs import Run
from rollbook.store import SqliteStore

UTC = dt.UTC
TODAY = dt.date(2025, 6, 8)  # a Sunday: the week of 2 June is whole


def run(day: dt.date, km: float = 6.0) -> Run:
    start = dt.datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return Run(
        date=day,
        start=start,
        km=km,
        moving_s=int(km * 360),
        source=f"{day.isoformat()}.fit",
        fingerprint=day.isoformat().ljust(64, "0"),
    )


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "rollbook.sqlite")


def test_a_new_day_from_the_watch_holds_the_distance_and_nothing_else(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    day = dt.date(2025, 6, 3)
    store.add_runs(ann, [run(day, 5.0)], today=TODAY)
    entry = store.get_entry(ann, day)
    assert entry is not None and entry.km == 5.0
    assert entry.pains == () and not entry.has_scores  # no pain score is made up
    assert entry.rolled_min == 0 and entry.note == "" and not entry.done
    assert entry.runs_only  # it says nothing about the plan


def test_the_day_is_the_runners_again_once_anything_is_logged_by_hand(
    store: SqliteStore,
) -> None:
    ann = store.add_profile("Ann")
    day = dt.date(2025, 6, 3)
    store.add_runs(ann, [run(day)], today=TODAY)
    for change in (
        {"pains": (SitePain("knee", 2, 3),)},
        {"rolled_min": 10},
        {"note": "felt fine"},
        {"done": True},
    ):
        base = store.get_entry(ann, day)
        assert base is not None
        store.save_entry(ann, LogEntry(day, km=base.km, **change), today=TODAY)
        entry = store.get_entry(ann, day)
        assert entry is not None and not entry.runs_only, change
        store.save_entry(ann, LogEntry(day, km=base.km), today=TODAY)


def test_a_hand_logged_day_keeps_everything_but_its_distance(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    day = dt.date(2025, 6, 4)
    hand = LogEntry(day, pains=(SitePain("shin", 3, 4, 2),), km=4.0, rolled_min=5, note="hilly")
    store.save_entry(ann, hand, today=TODAY)
    saved = store.add_runs(ann, [run(day, 7.5)], today=TODAY)
    assert [(c.date, c.km_before, c.km_after) for c in saved.days] == [(day, 4.0, 7.5)]
    entry = store.get_entry(ann, day)
    assert entry is not None and not entry.runs_only
    assert (entry.pains, entry.rolled_min, entry.note, entry.done, entry.km) == (
        hand.pains, 5, "hilly", False, 7.5
    )  # fmt: skip


def test_watch_days_are_left_out_of_plan_adherence(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    monday = dt.date(2025, 6, 2)
    store.save_entry(ann, LogEntry(monday, km=5, done=True), today=TODAY)
    store.save_entry(ann, LogEntry(monday + dt.timedelta(days=1), rolled_min=10), today=TODAY)
    store.add_runs(ann, [run(monday + dt.timedelta(days=n)) for n in (3, 5)], today=TODAY)
    entries = store.list_entries(ann)
    assert [e.runs_only for e in entries] == [False, False, True, True]

    week = analytics.weekly_adherence(entries, today=TODAY)[-1]
    assert (week.done, week.planned) == (1, 2)  # before: 1 of 4, as if two days were skipped
    status = analytics.status(entries, today=TODAY)
    assert status.adherence is not None and status.adherence.planned == 2
    assert status.totals.last_7 == 17  # the runs still count as distance

    calendar = charts.adherence_calendar(entries, today=TODAY, weeks=1)
    assert "marked 1 of 2 logged days" in calendar.summary
