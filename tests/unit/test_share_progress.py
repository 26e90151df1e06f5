"""Share files carry progress: LEFS, exercise sessions, plan changes and walk-run checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from rollbook import sharefile
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
from rollbook.records import LogEntry, Profile, SitePain
from rollbook.sharefile import ShareError, decode, encode
from rollbook.store import SqliteStore, open_store, sharing

DAY = dt.date(2026, 11, 20)
LEFS = (3,) * 10 + (2,) * 10


def _runner(store: SqliteStore) -> Profile:
    profile = store.add_profile("Ann", created=DAY - dt.timedelta(days=30))
    entry = LogEntry(DAY, (SitePain("knee", 3, 2, None),), 5.0, 10, True)
    store.save_day(profile, entry, [ExerciseSession(DAY, "calf-raise", 2, "easy")], today=DAY)
    store.save_lefs(profile, LefsRecord(DAY, LEFS), today=DAY)
    store.add_adjustment(
        profile, Adjustment(DAY, "level", {"exercise": "calf-raise", "level": 2}, "Ready")
    )
    store.save_ladder_check(profile, LadderCheck(DAY, ("brisk-walk",)))
    return profile


@pytest.fixture
def runner_store(tmp_path: Path) -> SqliteStore:
    store = open_store(tmp_path / "runner.sqlite")
    assert isinstance(store, SqliteStore)
    _runner(store)
    return store


@pytest.fixture
def clinic(tmp_path: Path) -> SqliteStore:
    store = open_store(tmp_path / "clinic.sqlite")
    assert isinstance(store, SqliteStore)
    return store


def _file(store: SqliteStore) -> bytes:
    profile = store.find_profile("Ann")
    assert profile is not None
    return encode(sharing.export_data(store, profile))


def _doc(raw: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(raw))
    return document


def _resealed(document: dict[str, Any]) -> bytes:
    document["checksum"] = sharefile.checksum(document)
    return json.dumps(document).encode()


def test_round_trip_keeps_the_progress_records(runner_store: SqliteStore) -> None:
    profile = runner_store.find_profile("Ann")
    assert profile is not None
    data = decode(_file(runner_store))
    assert [item.record for item in data.lefs] == runner_store.list_lefs(profile)
    assert all(item.updated is not None for item in data.lefs)
    assert list(data.sessions) == runner_store.list_sessions(profile)
    assert list(data.adjustments) == runner_store.list_adjustments(profile)
    assert list(data.ladder_checks) == runner_store.list_ladder_checks(profile)


def test_the_clinician_gets_everything_once(runner_store: SqliteStore, clinic: SqliteStore) -> None:
    raw = _file(runner_store)
    first = sharing.import_data(clinic, decode(raw))
    assert first.new_runner and first.lefs_added == 1 and first.sessions_added == 1
    assert first.adjustments_added == 1 and first.ladder_checks_added == 1
    assert "1 new LEFS score" in first.summary() and "1 plan change" in first.summary()
    ann = clinic.find_profile("Ann")
    assert ann is not None
    assert clinic.list_lefs(ann) == [LefsRecord(DAY, LEFS)]
    assert [a.reason for a in clinic.list_adjustments(ann)] == ["Ready"]
    again = sharing.import_data(clinic, decode(raw))
    assert not again.changed, again.summary()


def test_a_newer_lefs_replaces_and_an_older_one_is_kept(
    runner_store: SqliteStore, clinic: SqliteStore
) -> None:
    old_file = _file(runner_store)
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    better = (4,) * 20
    runner_store.save_lefs(ann, LefsRecord(DAY, better), today=DAY)
    new_file = _file(runner_store)
    sharing.import_data(clinic, decode(new_file))
    result = sharing.import_data(clinic, decode(old_file))
    assert result.lefs_kept == 1 and not result.lefs_updated
    mine = clinic.find_profile("Ann")
    assert mine is not None and clinic.list_lefs(mine) == [LefsRecord(DAY, better)]


def test_a_version_1_file_without_progress_is_still_read(runner_store: SqliteStore) -> None:
    document = _doc(_file(runner_store))
    for key in ("exercise_sessions", "adjustments", "ladder_checks"):
        del document[key]
    document["lefs"] = []
    document["version"] = 1
    data = decode(_resealed(document))
    assert not data.sessions and not data.adjustments and not data.lefs


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["lefs"][0].update(answers=[3] * 19), "needs 20 answers"),
        (lambda d: d["lefs"][0]["answers"].__setitem__(0, 5), "0 to 4|0-4|from 0"),
        (lambda d: d["lefs"][0]["answers"].__setitem__(0, True), "not a whole number"),
        (lambda d: d["lefs"].append(dict(d["lefs"][0])), "appears twice"),
        (lambda d: d["exercise_sessions"][0].update(feel="fine"), "feel must be"),
        (lambda d: d["exercise_sessions"][0].update(pain=11), "from 0 to 10"),
        (lambda d: d["exercise_sessions"][0].update(exercise="../x"), "exercise id"),
        (lambda d: d["adjustments"][0].update(kind="delete-all"), "kind must be"),
        (lambda d: d["adjustments"][0].update(reason=""), "short reason"),
        (lambda d: d["adjustments"][0]["change"].update(pad="x" * 3000), "too big"),
        (lambda d: d["ladder_checks"][0].update(met=[1]), "not text"),
        (lambda d: d["ladder_checks"][0].update(date="2999-01-01"), "in the future"),
    ],
)
def test_impossible_progress_is_refused_whole(
    runner_store: SqliteStore, change: Any, reason: str
) -> None:
    document = _doc(_file(runner_store))
    change(document)
    with pytest.raises(ShareError, match=reason):
        decode(_resealed(document))


def test_a_changed_session_follows_its_log_day(
    runner_store: SqliteStore, clinic: SqliteStore
) -> None:
    sharing.import_data(clinic, decode(_file(runner_store)))
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    entry = dataclasses.replace(runner_store.list_entries(ann)[0], km=6.0)
    runner_store.save_day(ann, entry, [ExerciseSession(DAY, "calf-raise", 4, "hard")], today=DAY)
    result = sharing.import_data(clinic, decode(_file(runner_store)))
    assert result.days_updated == 1 and result.sessions_added == 1
    mine = clinic.find_profile("Ann")
    assert mine is not None
    assert clinic.list_sessions(mine) == [ExerciseSession(DAY, "calf-raise", 4, "hard")]
