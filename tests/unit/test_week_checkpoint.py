"""A week replayed from a kept checkpoint equals the week replayed from the plan's start.

``rollbook week`` keeps where the replay stood some weeks back (rollbook.week_checkpoint)
and goes on from there next time. Here random logs are saved in a real store, a week
is asked for (which keeps a checkpoint), then random records are added, changed and
deleted before and after the checkpoint's day, through the store and by plain SQL, a
clinician changes the plan or a new plan is saved; every week asked for afterwards
must equal the plain replay (the week as ``load_week`` worked it out before it kept
checkpoints). A stale checkpoint would show as a different level, step or history.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook import i18n, week_checkpoint, weekload
from rollbook.cli.progress import week_text
from rollbook.content import progressfile
from rollbook.painmodel import Run
from rollbook.progress_records import ExerciseSession, LadderCheck
from rollbook.records import LogEntry, Profile, SitePain
from rollbook.runs.summary import load_runs
from rollbook.store import CURRENT_VERSION, SqliteStore
from rollbook.store.migrations import migrate
from rollbook.weekplan import WeekPlan, plan_start, week_plan
from tests.unit.pseudo_locale import PseudoTranslations
from tests.unit.test_week_replay import OUTPUT, START, _adjustments, _change, _log

FAR = dt.date(2030, 1, 1)  # "today" for saving: every test date is before it
CHECKS = ("brisk-walk", "hop", "bone")


def _plain(store: SqliteStore, profile: Profile, day: dt.date) -> WeekPlan:
    """The week as load_week replayed it before checkpoints: from the plan's start."""
    plan = store.current_plan(profile)
    assert plan is not None
    since = plan_start(plan.inputs, plan.created.date()) - dt.timedelta(
        days=weekload.LOOK_BACK_DAYS
    )
    entries = store.list_entries(profile, start=since, end=day)
    runs = load_runs(entries, store.runs(profile, start=since, end=day))
    return week_plan(
        plan.inputs, plan.output, created=plan.created.date(), today=day, entries=entries,
        sessions=store.list_sessions(profile, start=since, end=day),
        adjustments=store.list_adjustments(profile), checks=store.list_ladder_checks(profile),
        runs=[Run(d, km) for d, km in runs],
    )  # fmt: skip


def _same(store: SqliteStore, profile: Profile, day: dt.date) -> WeekPlan:
    fast = weekload.load_week(store, profile, day)
    plain = _plain(store, profile, day)
    assert fast is not None
    assert fast == plain and fast.history == plain.history
    assert fast.as_dict() == plain.as_dict()
    assert week_text("Ann", fast) == week_text("Ann", plain)
    return fast


def _store(folder: Path, rng: random.Random, days: int, profile: str, start: int) -> SqliteStore:
    store = SqliteStore(folder / "db.sqlite")
    store._db.execute("PRAGMA synchronous = OFF")  # a test file: no need to reach the disk
    runner = store.add_profile("Ann")
    inputs = {"start": (START + dt.timedelta(days=start)).isoformat(), "side": "left"}
    store.save_plan(runner, inputs, OUTPUT)
    entries, sessions = _log(rng, days, profile)
    by_day: dict[dt.date, list[ExerciseSession]] = {}
    for s in sessions:
        if s.exercise != "unknown":
            by_day.setdefault(s.date, []).append(s)
    for entry in sorted(entries, key=lambda e: e.date):
        store.save_day(runner, entry, by_day.get(entry.date, []), today=FAR)
    return store


def _pains(rng: random.Random) -> tuple[SitePain, ...]:
    def score() -> int | None:
        return rng.choice([None, 0, 1, 2, 3, 5, 7, 9])

    sites = rng.sample(["achilles", "knee"], rng.choice([0, 1, 2]))
    return tuple(SitePain(s, score(), score(), score()) for s in sites)


def _edit(store: SqliteStore, runner: Profile, rng: random.Random, kind: str, day: dt.date,
          change: tuple[str, str, int]) -> None:  # fmt: skip
    """One random write of ``kind`` dated ``day``."""
    at = day.isoformat()
    db = store._db
    if kind == "entry":  # a new day, or a day's scores changed
        store.save_entry(runner, LogEntry(day, _pains(rng), km=rng.choice([0.0, 5.0])), today=FAR)
    elif kind == "delete-entry":
        store.delete_entry(runner, day)
    elif kind == "session":
        entry = store.get_entry(runner, day) or LogEntry(day, ())
        exercise = rng.choice(["calf-raise", "hip-abduction", "knee-strength", "bird-dog"])
        feel = rng.choice(["easy", "ok", "hard"])
        session = ExerciseSession(day, exercise, rng.randint(0, 8), feel)  # type: ignore[arg-type]
        store.save_day(runner, entry, [session], today=FAR)
    elif kind == "delete-session":
        db.execute("DELETE FROM exercise_sessions WHERE date = ?", (at,))
    elif kind == "morning":  # a score changed by plain SQL, not through the store
        db.execute("UPDATE site_pain SET morning = ? WHERE entry_id IN "
                   "(SELECT id FROM log_entries WHERE date = ?)", (rng.randint(0, 9), at))  # fmt: skip
    elif kind == "move-entry":
        db.execute("UPDATE log_entries SET date = ? WHERE date = ? AND NOT EXISTS "
                   "(SELECT 1 FROM log_entries WHERE date = ?)",
                   ((day + dt.timedelta(days=40)).isoformat(), at,
                    (day + dt.timedelta(days=40)).isoformat()))  # fmt: skip
    elif kind == "adjust":
        for adj in _adjustments([((day - START).days, change)]):
            store.add_adjustment(runner, adj)
    elif kind == "delete-adjust":
        db.execute("DELETE FROM adjustments WHERE date = ?", (at,))
    elif kind == "check":
        store.save_ladder_check(runner, LadderCheck(day, CHECKS))
    elif kind == "delete-check":
        db.execute("DELETE FROM ladder_checks WHERE date = ?", (at,))
    elif kind == "run":  # a watch's run makes a day's log "runs only"
        db.execute("INSERT INTO runs (profile_id, date, start, km, moving_s, source, fingerprint) "
                   "VALUES (?, ?, ?, 8.0, 2400, 'watch.fit', ?)",
                   (runner.id, at, f"{at}T07:00:00+00:00", f"{rng.getrandbits(128):032x}"))  # fmt: skip
    else:  # a new plan, starting on ``day``
        store.save_plan(runner, {"start": at, "side": "right"}, OUTPUT)


_KINDS = ("entry", "delete-entry", "session", "delete-session", "morning", "move-entry",
          "adjust", "delete-adjust", "check", "delete-check", "run", "plan")  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.integers(40, 200),
    st.sampled_from(["calm", "mixed", "sore"]),
    st.lists(st.tuples(st.integers(-3, 200), _change), max_size=5),
    st.sets(st.integers(0, 200), max_size=3),
    st.integers(-5, 10),
    st.integers(0, 230),
    st.lists(st.tuples(st.sampled_from(_KINDS), st.integers(-45, 12), _change), max_size=5),
    st.integers(-20, 40),
)
def test_a_week_from_a_checkpoint_equals_the_plain_replay_after_any_edit(
    rng: random.Random,
    days: int,
    profile: str,
    changes: list[tuple[int, tuple[str, str, int]]],
    ready: set[int],
    start: int,
    first: int,
    edits: list[tuple[str, int, tuple[str, str, int]]],
    later: int,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp), rng, days, profile, start)
        runner = store.list_profiles()[0]
        for adj in _adjustments(changes):
            store.add_adjustment(runner, adj)
        for d in sorted(ready):
            store.save_ladder_check(runner, LadderCheck(START + dt.timedelta(days=d), CHECKS))
        today = START + dt.timedelta(days=first)
        _same(store, runner, today)  # keeps a checkpoint when the plan is old enough
        plan = store.current_plan(runner)
        assert plan is not None
        _, kept, _ = store.week_checkpoint(runner, plan.id, week_checkpoint.replay_key())
        around = kept or today
        for kind, offset, change in edits:  # before and after the checkpoint's day
            _edit(store, runner, rng, kind, around + dt.timedelta(days=offset), change)
            _same(store, runner, today)
        then = today + dt.timedelta(days=later)
        _same(store, runner, then)
        _same(store, runner, then)  # from the checkpoint just kept
        store.close()


def test_the_checkpoint_is_kept_used_and_dropped_by_an_earlier_edit(tmp_path: Path) -> None:
    store = _store(tmp_path, random.Random(3), 200, "mixed", 0)
    runner = store.list_profiles()[0]
    plan = store.current_plan(runner)
    assert plan is not None
    key = week_checkpoint.replay_key()
    today = START + dt.timedelta(days=199)
    _same(store, runner, today)
    _, kept, text = store.week_checkpoint(runner, plan.id, key)
    assert kept == week_checkpoint.checkpoint_day(START, today)
    assert kept is not None and kept <= today - dt.timedelta(days=week_checkpoint.GAP_DAYS)
    resumed: list[object] = []
    real = week_plan

    def spy(*args: Any, **kwargs: Any) -> WeekPlan:
        resumed.append(kwargs.get("resume"))
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weekload, "week_plan", spy)
        _same(store, runner, today)
    assert resumed == [week_checkpoint.from_text(text)] and resumed[0] is not None
    # A write after the checkpoint's day keeps it; one before drops it.
    store.save_entry(runner, LogEntry(kept, (SitePain("knee", 1, 1, 1),)), today=FAR)
    assert store.week_checkpoint(runner, plan.id, key)[1] == kept
    store.save_entry(runner, LogEntry(kept - dt.timedelta(days=1), ()), today=FAR)
    assert store.week_checkpoint(runner, plan.id, key)[1] is None
    # A checkpoint worked out while another window saved something is not kept.
    count, _, _ = store.week_checkpoint(runner, plan.id, key)
    store.save_ladder_check(runner, LadderCheck(today, CHECKS))
    assert not store.save_week_checkpoint(runner, plan.id, key, count, kept, text)
    assert store.save_week_checkpoint(runner, plan.id, key, count + 1, kept, text)
    store.close()


def test_new_content_or_another_language_gives_another_key(tmp_path: Path) -> None:
    """A checkpoint made with other content files or words is never used."""
    store = _store(tmp_path, random.Random(5), 150, "calm", 0)
    runner = store.list_profiles()[0]
    today = START + dt.timedelta(days=149)
    before = week_checkpoint.replay_key()
    _same(store, runner, today)
    rules = progressfile.load_progression()
    levels = rules.levels.model_copy(
        update={"sessions_to_move_up": rules.levels.sessions_to_move_up + 1}
    )
    edited = rules.model_copy(update={"levels": levels})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(progressfile, "_default", lambda: edited)
        assert week_checkpoint.replay_key() != before
        _same(store, runner, today)  # equal to the plain replay under the edited rules
    try:
        i18n.use_translations(PseudoTranslations())
        assert week_checkpoint.replay_key() != before
    finally:
        i18n.use_translations(None)
    assert week_checkpoint.replay_key() == before
    store.close()


def test_stored_text_reads_back_and_bad_text_is_ignored(tmp_path: Path) -> None:
    store = _store(tmp_path, random.Random(8), 120, "sore", 0)
    runner = store.list_profiles()[0]
    week = weekload.load_week(store, runner, START + dt.timedelta(days=119))
    assert week is not None and week.checkpoint is not None
    text = week_checkpoint.to_text(week.checkpoint)
    back = week_checkpoint.from_text(text)
    kept = week.checkpoint
    # The next step is worked out afresh when the replay ends, so it is not stored.
    assert back == replace(kept, run=replace(kept.run, next_step=""))
    assert back.run.paused_on == week.checkpoint.run.paused_on
    for bad in ("", "{}", "[1]", text.replace('"format":1', '"format":99'), text[:-5]):
        assert week_checkpoint.from_text(bad) is None
    store.close()


def test_the_checkpoint_day_is_a_plan_week_start_weeks_back() -> None:
    start = dt.date(2025, 1, 6)
    assert week_checkpoint.checkpoint_day(start, start + dt.timedelta(days=30)) is None
    for n in range(35, 400):
        day = week_checkpoint.checkpoint_day(start, start + dt.timedelta(days=n))
        assert day is not None and (day - start).days % 7 == 0 and day > start
        assert 0 <= (start + dt.timedelta(days=n) - day).days - week_checkpoint.GAP_DAYS < 7


def test_a_version_6_file_gains_the_checkpoints_and_a_runner_can_still_be_deleted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    migrate(conn, 0, 6)
    conn.commit()
    conn.close()
    store = SqliteStore(path)  # upgraded to the current version, a backup kept aside
    assert store.schema_version == CURRENT_VERSION >= 7
    assert list(tmp_path.glob("old.sqlite.bak-v6-*"))
    runner = store.add_profile("Ann")
    other = store.add_profile("Bea")
    store.save_plan(runner, {"start": START.isoformat()}, OUTPUT)
    entries, _ = _log(random.Random(2), 90, "mixed")
    store.save_entries(runner, entries, today=FAR)
    _same(store, runner, START + dt.timedelta(days=89))
    assert store._db.execute("SELECT count(*) FROM week_checkpoints").fetchone()[0] == 1
    store.save_entry(other, LogEntry(START, ()), today=FAR)
    assert store.delete_profile(runner)
    for table in ("week_checkpoints", "week_changes"):
        rows = store._db.execute(f"SELECT profile_id FROM {table}").fetchall()
        assert rows == ([(other.id,)] if table == "week_changes" else [])
    store.close()
