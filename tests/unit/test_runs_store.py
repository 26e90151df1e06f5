"""Runs in the store: the v3 table, day totals, hand-logged days kept, imports repeatable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from rollbook.records import LogEntry, SitePain
from rollbook.runs import Run
from rollbook.store import CURRENT_VERSION, SqliteStore, StoreError

UTC = dt.UTC
TODAY = dt.date(2025, 6, 1)


def run(day: int, hour: int = 7, km: float = 5.0, *, tag: str = "") -> Run:
    start = dt.datetime(2025, 5, day, hour, tzinfo=UTC)
    return Run(
        date=start.date(),
        start=start,
        km=km,
        moving_s=int(km * 360),
        source=f"{day}-{hour}{tag}.gpx",
        fingerprint=f"{day:02d}{hour:02d}{tag}".ljust(64, "0"),
        elevation_m=12.0,
    )


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "rollbook.sqlite")


def test_runs_are_kept_with_their_figures_only(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    saved = store.add_runs(ann, [run(3), run(1)], today=TODAY)
    assert (saved.added, saved.already) == (2, 0)
    kept = store.runs(ann)
    assert [r.date.day for r in kept] == [1, 3]
    assert kept[1] == run(3)
    columns = {row[1] for row in store._db.execute("PRAGMA table_info(runs)")}
    assert columns == {
        "id",
        "profile_id",
        "date",
        "start",
        "km",
        "moving_s",
        "elevation_m",
        "source",
        "fingerprint",
    }


def test_day_distance_is_the_sum_of_its_runs(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    first = store.add_runs(ann, [run(2, 7, 5.0)], today=TODAY)
    assert first.days[0].km_before is None and first.days[0].km_after == 5.0
    second = store.add_runs(ann, [run(2, 18, 3.5)], today=TODAY)
    assert (second.days[0].km_before, second.days[0].km_after) == (5.0, 8.5)
    assert store.get_entry(ann, dt.date(2025, 5, 2)) == LogEntry(dt.date(2025, 5, 2), km=8.5)


def test_hand_logged_day_keeps_pain_scores_and_note(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    day = dt.date(2025, 5, 4)
    logged = LogEntry(
        day, pains=(SitePain("knee", 3, 4, 2),), km=6.0, rolled_min=10, done=True, note="felt ok"
    )
    store.save_entry(ann, logged, today=TODAY)
    saved = store.add_runs(ann, [run(4, km=7.2)], today=TODAY)
    assert saved.days[0].km_before == 6.0 and saved.days[0].km_after == 7.2
    assert store.get_entry(ann, day) == dataclasses.replace(logged, km=7.2)


def test_importing_the_same_runs_twice_changes_nothing(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    store.add_runs(ann, [run(1), run(2)], today=TODAY)
    before = (store.runs(ann), store.list_entries(ann))
    again = store.add_runs(ann, [run(1), run(2)], today=TODAY)
    assert (again.added, again.already, again.days) == (0, 2, ())
    assert (store.runs(ann), store.list_entries(ann)) == before


def test_the_same_run_from_another_file_is_recognised_by_its_start(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    store.add_runs(ann, [run(1)], today=TODAY)
    other = dataclasses.replace(run(1, tag="x"), start=run(1).start + dt.timedelta(seconds=30))
    assert store.preview_runs(ann, [other]).already == 1
    assert store.add_runs(ann, [other], today=TODAY).added == 0


def test_preview_saves_nothing(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    preview = store.preview_runs(ann, [run(1), run(1, 19)])
    assert preview.added == 2 and preview.days[0].km_after == 10.0
    assert store.runs(ann) == [] and store.list_entries(ann) == []


def test_a_day_over_the_log_limit_saves_nothing(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    with pytest.raises(StoreError, match="more than the 300 km a day"):
        store.add_runs(ann, [run(1, 6, 200.0), run(1, 20, 150.0), run(2)], today=TODAY)
    assert store.runs(ann) == [] and store.list_entries(ann) == []


def test_future_runs_are_refused(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    with pytest.raises(StoreError, match="in the future"):
        store.add_runs(ann, [run(9)], today=dt.date(2025, 5, 8))
    assert store.runs(ann) == []


def test_runs_are_per_profile_and_go_with_the_profile(store: SqliteStore) -> None:
    ann, bob = store.add_profile("Ann"), store.add_profile("Bob")
    store.add_runs(ann, [run(1)], today=TODAY)
    assert store.add_runs(bob, [run(1)], today=TODAY).added == 1
    store.delete_profile(ann)
    assert store._db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
    assert store.runs(bob, start=dt.date(2025, 5, 2)) == []


def test_runs_between_dates(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    store.add_runs(ann, [run(1), run(5), run(9)], today=TODAY)
    got = store.runs(ann, start=dt.date(2025, 5, 2), end=dt.date(2025, 5, 9))
    assert [r.date.day for r in got] == [5, 9]


def test_a_version_3_file_opens_with_its_data_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "rollbook.sqlite"
    with SqliteStore(path) as fresh:
        ann = fresh.add_profile("Ann")
        fresh.save_entry(
            ann, LogEntry(dt.date(2025, 5, 1), pains=(SitePain("knee", 2),), km=4), today=TODAY
        )
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE runs")
    # Tables of later versions go too, so the file is a real version 3 one.
    for table in ("exercise_sessions", "adjustments", "ladder_checks", "lefs"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with SqliteStore(path) as upgraded:
        assert upgraded.schema_version == CURRENT_VERSION >= 4
        profile = upgraded.find_profile("Ann")
        assert profile is not None
        assert upgraded.list_entries(profile)[0].pains == (SitePain("knee", 2),)
        assert upgraded.runs(profile) == []
    assert len(list(tmp_path.glob("rollbook.sqlite.bak-v3-*"))) == 1


def test_non_runs_are_refused(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    with pytest.raises(StoreError, match="expected a Run"):
        store.add_runs(ann, ["5 km"], today=TODAY)  # type: ignore[list-item]
