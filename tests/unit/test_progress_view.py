"""Page 05's week and page 06's progress summary: escaped HTML, the same week as the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import Adjustment, ExerciseSession, LefsRecord
from rollbook.records import LogEntry, SitePain
from rollbook.store import SqliteStore
from rollbook.ui.progress_view import progress_html, week_html
from rollbook.weekload import load_week

TODAY = dt.date(2026, 6, 20)
START = TODAY - dt.timedelta(days=20)


def _store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "db.sqlite")
    ann = store.add_profile("<b>Ann</b>")
    inp = PlanInput(pain={"achilles": 4})
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], start=START.isoformat())
    store.save_plan(ann, inputs, build_plan(inp).to_dict())
    for n in range(0, 6, 2):
        day = START + dt.timedelta(days=n)
        store.save_day(ann, LogEntry(day, (SitePain("achilles", 2, 2, 1),), km=3.0),
                       [ExerciseSession(day, "calf-raise", 1, "easy")], today=TODAY)  # fmt: skip
    store.add_adjustment(ann, Adjustment(TODAY, "review", {"on": "2026-06-25"}, "<i>moved</i>"))
    return store


def test_week_html_matches_the_week_and_escapes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    week = load_week(store, ann, TODAY)
    assert week is not None
    text = week_html(store, ann, TODAY)
    assert f"week {week.week_number}" in text and "Next review: 25 June 2026" in text
    for item in week.exercises:
        assert f"level {item.level} of {item.levels}" in text
    assert "<i>" not in text and "&lt;i&gt;moved&lt;/i&gt;" in text


def test_progress_html_shows_levels_lefs_and_changes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    assert "LEFS: not filled in yet" in progress_html(store, ann, TODAY)
    store.save_lefs(ann, LefsRecord(START, (1,) * 20), today=TODAY)
    store.save_lefs(ann, LefsRecord(TODAY, (2,) * 20), today=TODAY)
    text = progress_html(store, ann, TODAY)
    assert "Stage: week 3" in text and "level 2 of 3" in text
    assert "20 on 31 May 2026, 40 on 20 Jun 2026: +20, a change that matters" in text
    assert "Clinician changes" in text and "<i>" not in text


def test_no_plan_says_so(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite")
    bob = store.add_profile("Bob")
    assert "No plan is saved" in week_html(store, bob, TODAY)
    assert "No plan saved yet" in progress_html(store, bob, TODAY)
