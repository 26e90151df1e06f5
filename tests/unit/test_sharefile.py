"""Share files: the format (round trip, version, checksum) and the merge rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook import sharefile
from rollbook.records import LogEntry, Profile, PsfsItem, PsfsRecord, SitePain
from rollbook.runs import Run
from rollbook.sharefile import ShareError, decode, encode
from rollbook.store import SqliteStore, Store, StoreError, open_store, sharing

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def _runner(store: Store, name: str = "Ann") -> Profile:
    profile = store.add_profile(name, created=DAY - dt.timedelta(days=30))
    store.save_plan(
        profile,
        {"pain": {"knee": 4}, "minutes": 15},
        {"rolling": [{"label": "calf"}]},
        created=NOW - dt.timedelta(days=10),
    )
    for n, pain in enumerate((3, 5, 2)):
        store.save_entry(
            profile,
            LogEntry(
                DAY - dt.timedelta(days=n),
                (SitePain("knee", pain, pain, None),),
                5.0 + n,
                10,
                True,
                f"note {n} <script>alert(1)</script>",
            ),
            today=DAY,
        )
    store.save_psfs(profile, PsfsRecord(DAY, (PsfsItem("run 5 km", 4),)), today=DAY)
    start = dt.datetime(2026, 11, 18, 7, 30, tzinfo=dt.UTC)
    store.add_runs(profile, [Run(DAY - dt.timedelta(days=2), start, 7.0, 2520, "morning.fit",
                                 "f" * 64, 40.0)], today=DAY)  # fmt: skip
    return profile


@pytest.fixture
def runner_store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "runner.sqlite")
    _runner(store)
    return store


@pytest.fixture
def clinic(tmp_path: Path) -> Store:
    return open_store(tmp_path / "clinic.sqlite")


def _file(store: Store, *, notes: bool = False, name: str = "Ann") -> bytes:
    profile = store.find_profile(name)
    assert profile is not None
    return encode(sharing.export_data(store, profile, notes=notes))


def _doc(raw: bytes) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(gzip.decompress(raw))
    return doc


def _resealed(document: dict[str, Any]) -> bytes:
    document["checksum"] = sharefile.checksum(document)
    return json.dumps(document).encode()


# --- the format ---------------------------------------------------------------------------


def test_round_trip_keeps_every_record(runner_store: Store) -> None:
    profile = runner_store.find_profile("Ann")
    assert profile is not None
    data = decode(_file(runner_store, notes=True))
    assert data.name == "Ann"
    assert data.profile_id == sharing.profile_uid(runner_store, profile)
    assert [s.entry for s in data.log] == runner_store.list_entries(profile)
    assert [s.record for s in data.psfs] == runner_store.list_psfs(profile)
    assert list(data.runs) == runner_store.runs(profile) and len(data.runs) == 1
    assert [(p.inputs, p.output) for p in data.plans] == [
        (p.inputs, p.output) for p in runner_store.list_plans(profile)
    ]
    assert all(s.updated is not None for s in data.log + data.psfs)


def test_the_document_names_its_format_version_and_checksum(runner_store: Store) -> None:
    document = _doc(_file(runner_store))
    assert document["format"] == "rollbook-share"
    assert document["version"] == sharefile.VERSION
    assert len(document["profile_id"]) == 32
    assert document["checksum"] == sharefile.checksum(document)
    assert document["runs"][0]["km"] == 7.0 and document["lefs"] == []
    assert document["exercise_sessions"] == [] and document["adjustments"] == []
    assert set(document) <= sharefile.TOP_KEYS


def test_notes_are_left_out_unless_asked(runner_store: Store) -> None:
    without = _doc(_file(runner_store))
    assert without["notes_included"] is False
    assert all("note" not in row for row in without["log"])
    assert "<script>" not in json.dumps(without)
    with_notes = _doc(_file(runner_store, notes=True))
    assert with_notes["log"][0]["note"].startswith("note")


def test_plain_json_reads_too_and_encoding_is_stable(runner_store: Store) -> None:
    raw = _file(runner_store)
    assert raw[:2] == b"\x1f\x8b", "gzip"
    assert decode(gzip.decompress(raw)) == decode(raw)
    data = decode(raw)
    assert encode(data) == raw


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["log"][0].update(km=99.0), "checksum does not match"),
        (lambda d: d["profile"].update(name="Mallory"), "checksum does not match"),
        (lambda d: d.pop("checksum"), "checksum does not match"),
        (lambda d: d.update(format="something-else"), "not a rollbook share file"),
        (lambda d: d.update(version=99), "newer rollbook"),
        (lambda d: d.update(version="1"), "format version is missing"),
    ],
)
def test_changed_files_are_refused(runner_store: Store, change: Any, reason: str) -> None:
    document = _doc(_file(runner_store))
    change(document)
    with pytest.raises(ShareError, match=reason):
        decode(json.dumps(document).encode())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["log"][0].update(km=900.0), "km must be"),
        (lambda d: d["log"][0]["pains"][0].update(site="elbow"), "unknown pain site"),
        (lambda d: d["log"][0].update(date="2999-01-01"), "in the future"),
        (lambda d: d["log"].append(dict(d["log"][0])), "appears twice"),
        (lambda d: d["log"][0].update(note="sneaked in"), "notes are left out"),
        (lambda d: d.update(profile_id="../../etc"), "not a rollbook runner id"),
        (lambda d: d.update(lefs=[{"date": "2026-11-01"}]), "'answers' is missing"),
        (lambda d: d["runs"][0].update(km=200.0), "faster than anyone runs"),
        (lambda d: d["runs"][0].update(date="1990-01-01"), "before 2000"),
        (lambda d: d.update(extra=1), "unexpected section"),
        (lambda d: d["psfs"][0]["items"][0].update(score=11), "must be 0"),
        (lambda d: d["plans"][0].update(inputs=[1]), "wrong type"),
        (lambda d: d["profile"].update(name=""), "must not be empty"),
    ],
)
def test_impossible_content_is_refused_even_with_a_fresh_checksum(
    runner_store: Store, change: Any, reason: str
) -> None:
    document = _doc(_file(runner_store, notes=False))
    change(document)
    with pytest.raises(ShareError, match=reason):
        decode(_resealed(document))


def test_foreign_and_damaged_files_are_refused(runner_store: Store) -> None:
    raw = _file(runner_store)
    for bad, reason in [
        (b"", "empty"),
        (b"date,site\n", "not readable JSON"),
        (b'{"format": "rollbook-share"', "not readable JSON"),
        (b"[1, 2]", "not a rollbook share file"),
        (raw[: len(raw) // 2], "cut short"),
        (raw[:10] + b"\x00" * 20 + raw[30:], "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not readable JSON"),
        (b'{"format": NaN}', "not readable JSON"),
    ]:
        with pytest.raises(ShareError, match=reason):
            decode(bad)


def test_a_zip_bomb_is_refused_without_unpacking_it_all() -> None:
    bomb = gzip.compress(b" " * (sharefile.MAX_JSON_BYTES + 10))
    assert len(bomb) < sharefile.MAX_FILE_BYTES
    with pytest.raises(ShareError, match="too big"):
        decode(bomb)


@pytest.fixture(scope="module")
def fixed_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One share file, made once, so every hypothesis example starts from the same bytes."""
    store = open_store(tmp_path_factory.mktemp("fixed") / "runner.sqlite")
    profile = _runner(store)
    return encode(sharing.export_data(store, profile, notes=True, now=NOW))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_corrupted_files_are_refused_whole_or_read_exactly(fixed_file: bytes, data: Any) -> None:
    raw = bytearray(fixed_file)
    if data.draw(st.booleans()):
        raw = bytearray(gzip.decompress(bytes(raw)))
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        at = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[at : at + data.draw(st.integers(1, 50))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    try:
        result = decode(bytes(raw))
    except ShareError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        return
    # The rare change that leaves the meaning intact (gzip header bytes, JSON spacing).
    assert result == decode(fixed_file)


# --- importing ------------------------------------------------------------------------------


def test_import_adds_the_runner_then_the_same_file_changes_nothing(
    runner_store: Store, clinic: Store
) -> None:
    raw = _file(runner_store, notes=True)
    first = sharing.import_data(clinic, decode(raw))
    assert first.new_runner and first.days_added == 3 and first.plans_added == 1
    assert first.runs_added == 1
    assert first.summary().startswith("Added Ann: 3 new days in the log, 1 new run, 1 new plan")
    ann = clinic.find_profile("Ann")
    assert ann is not None
    mine = runner_store.find_profile("Ann")
    assert mine is not None
    assert clinic.list_entries(ann) == runner_store.list_entries(mine)
    assert clinic.list_psfs(ann) == runner_store.list_psfs(mine)
    assert clinic.runs(ann) == runner_store.runs(mine)
    assert sharing.profile_uid(clinic, ann) == sharing.profile_uid(runner_store, mine)
    snapshot = _dump(clinic)
    again = sharing.import_data(clinic, decode(raw))
    assert not again.changed
    assert again.summary() == "Nothing changed for Ann: this file holds nothing newer."
    assert _dump(clinic) == snapshot


def test_the_runner_is_matched_by_id_not_by_name(runner_store: Store, clinic: Store) -> None:
    sharing.import_data(clinic, decode(_file(runner_store)), as_name="A. Smith (clinic)")
    assert clinic.find_profile("Ann") is None
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    runner_store.save_entry(
        ann, LogEntry(DAY + dt.timedelta(days=1), km=3.0), today=DAY + dt.timedelta(days=1)
    )
    result = sharing.import_data(clinic, decode(_file(runner_store)))
    assert result.name == "A. Smith (clinic)" and result.days_added == 1
    assert [p.name for p in clinic.list_profiles()] == ["A. Smith (clinic)"]


def test_another_runner_with_the_same_name_is_never_merged(
    tmp_path: Path, runner_store: Store, clinic: Store
) -> None:
    other = open_store(tmp_path / "other.sqlite")
    _runner(other, "ann")  # same name, different person (different id)
    sharing.import_data(clinic, decode(_file(runner_store)))
    snapshot = _dump(clinic)
    with pytest.raises(StoreError, match="different runner named 'Ann'"):
        sharing.import_data(clinic, decode(_file(other, name="ann")))
    assert _dump(clinic) == snapshot
    added = sharing.import_data(clinic, decode(_file(other, name="ann")), as_name="Ann B")
    assert added.new_runner and len(clinic.list_profiles()) == 2


def test_an_older_file_never_overwrites_newer_data(runner_store: Store, clinic: Store) -> None:
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    old = _file(runner_store, notes=True)
    changed = LogEntry(DAY, (SitePain("knee", 7, 6, 5),), 2.0, 0, False, "worse today")
    runner_store.save_entry(ann, changed, today=DAY)
    runner_store.save_psfs(ann, PsfsRecord(DAY, (PsfsItem("run 5 km", 6),)), today=DAY)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    new = dataclasses.replace(decode(_file(runner_store, notes=True)), exported_at=later)
    updated = sharing.import_data(clinic, new)
    assert updated.new_runner
    result = sharing.import_data(clinic, decode(old))
    assert result.days_kept == 1 and result.psfs_kept == 1 and result.older_file
    assert not result.changed
    here = clinic.find_profile("Ann")
    assert here is not None
    assert clinic.get_entry(here, DAY) == changed
    assert clinic.list_psfs(here)[-1].items[0].score == 6
    assert "kept 2 newer records already here" in result.summary()
    assert "older than one imported before" in result.summary()


def test_a_newer_file_updates_and_says_what_changed(runner_store: Store, clinic: Store) -> None:
    sharing.import_data(clinic, decode(_file(runner_store)))
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    runner_store.save_entry(
        ann, LogEntry(DAY, (SitePain("knee", 1, 1, 1),), 4.0, 5, True), today=DAY
    )
    runner_store.save_plan(ann, {"minutes": 10}, {"rolling": []})
    result = sharing.import_data(clinic, decode(_file(runner_store)))
    assert result.summary() == "Updated Ann: 1 day updated, 1 new plan."


def test_notes_kept_here_survive_a_file_without_notes(runner_store: Store, clinic: Store) -> None:
    sharing.import_data(clinic, decode(_file(runner_store, notes=True)))
    ann = runner_store.find_profile("Ann")
    assert ann is not None
    runner_store.save_entry(
        ann, LogEntry(DAY, (SitePain("knee", 1, 1, 1),), 4.0, 5, True, "n"), today=DAY
    )
    sharing.import_data(clinic, decode(_file(runner_store)))
    here = clinic.find_profile("Ann")
    assert here is not None
    entry = clinic.get_entry(here, DAY)
    assert entry is not None and entry.km == 4.0
    assert entry.note == "note 0 <script>alert(1)</script>"


def test_imported_text_is_stored_exactly(tmp_path: Path, clinic: Store) -> None:
    store = open_store(tmp_path / "hostile.sqlite")
    hostile = '<img src=x onerror="alert(1)">'
    profile = store.add_profile(hostile)
    store.save_entry(profile, LogEntry(DAY, note="</script><svg onload=alert(1)>"), today=DAY)
    sharing.import_data(clinic, decode(encode(sharing.export_data(store, profile, notes=True))))
    here = clinic.find_profile(hostile)
    assert here is not None and here.name == hostile
    assert clinic.list_entries(here)[0].note == "</script><svg onload=alert(1)>"


def _dump(store: Store) -> list[Any]:
    assert isinstance(store, SqliteStore)
    conn = sqlite3.connect(store.path)
    try:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in (
                "profiles",
                "plans",
                "log_entries",
                "site_pain",
                "psfs",
                "psfs_items",
                "runs",
            )
        ]
    finally:
        conn.close()


# --- the store upgrade that gave profiles their id ------------------------------------------


def test_an_older_database_gets_ids_and_keeps_its_data_with_a_backup(tmp_path: Path) -> None:
    from rollbook.store.migrations import migrate

    from .test_store_migrations import _make_v1

    path = tmp_path / "rollbook.sqlite"
    _make_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, 1, 2)  # the file as version 2 left it
    conn.execute("COMMIT")
    conn.close()
    with SqliteStore(path) as store:
        uids = [sharing.profile_uid(store, p) for p in store.list_profiles()]
        assert len(set(uids)) == 3 and all(len(u) == 32 for u in uids)
        ann = store.find_profile("Ann")
        assert ann is not None and len(store.list_entries(ann)) == 1
        data = sharing.export_data(store, ann)
        assert data.psfs[0].updated is None, "a rating from before the upgrade has no known time"
        added = store.add_profile("Zed")
        store.save_psfs(added, PsfsRecord(DAY, (PsfsItem("hop", 3),)), today=DAY)
        fresh = sharing.export_data(store, added)
        assert len(fresh.profile_id) == 32 and fresh.profile_id not in uids
        assert fresh.psfs[0].updated is not None
    (backup,) = tmp_path.glob("rollbook.sqlite.bak-v2-*")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 2
    old.close()
