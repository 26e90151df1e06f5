"""Storing plans that move: schema 5, all-or-nothing saves, and content errors."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from rollbook.content import ContentError, content_dir
from rollbook.content.progressfile import load_progression
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
from rollbook.records import LogEntry, RecordError, SitePain
from rollbook.store import CURRENT_VERSION, SqliteStore, StoreError
from rollbook.store.migrations import migrate

DAY = dt.date(2026, 3, 2)


def test_a_version_4_file_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 0, 4)
    conn.execute(
        "INSERT INTO profiles (name, name_key, created) VALUES ('Ann', 'ann', '2026-01-01')"
    )
    conn.close()
    with SqliteStore(path) as store:
        assert store.schema_version == CURRENT_VERSION >= 5
        profile = store.find_profile("ann")
        assert profile is not None and store.list_sessions(profile) == []
    assert list(tmp_path.glob("old.sqlite.bak-v4-*"))


def test_save_day_keeps_log_and_sessions_together(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "db.sqlite") as store:
        ann = store.add_profile("Ann")
        entry = LogEntry(DAY, (SitePain("knee", during=2),), km=3.0)
        sessions = [ExerciseSession(DAY, "calf-raise", 2, "easy"),
                    ExerciseSession(DAY, "wall-sit", 3, "ok")]  # fmt: skip
        assert store.save_day(ann, entry, sessions, today=DAY).created
        store.save_day(ann, entry, [ExerciseSession(DAY, "calf-raise", 4, "hard")], today=DAY)
        saved = {s.exercise: (s.pain, s.feel) for s in store.list_sessions(ann)}
        assert saved == {"calf-raise": (4, "hard"), "wall-sit": (3, "ok")}
        # A bad batch (same exercise twice, or a wrong date) saves nothing at all.
        later = dt.date(2026, 3, 3)
        twice = [ExerciseSession(later, "calf-raise", 1, "easy")] * 2
        with pytest.raises(StoreError):
            store.save_day(ann, LogEntry(later, km=1.0), twice, today=later)
        with pytest.raises(StoreError):
            store.save_day(ann, LogEntry(later, km=1.0), [ExerciseSession(DAY, "x", 1, "ok")],
                           today=later)  # fmt: skip
        assert store.get_entry(ann, later) is None
        assert len(store.list_sessions(ann)) == 2


def test_adjustments_checks_and_lefs_round_trip(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "db.sqlite") as store:
        ann = store.add_profile("Ann")
        saved = store.add_adjustment(
            ann, Adjustment(DAY, "level", {"exercise": "calf-raise", "level": 2}, "  Strong  now ")
        )
        assert saved.reason == "Strong now" and saved.created is not None
        assert store.list_adjustments(ann)[0].change == {"exercise": "calf-raise", "level": 2}
        store.save_ladder_check(ann, LadderCheck(DAY, ("hop", "hop", "bone")))
        assert store.list_ladder_checks(ann)[0].met == ("hop", "bone")
        store.save_lefs(ann, LefsRecord(DAY, (4,) * 20), today=DAY)
        store.save_lefs(ann, LefsRecord(DAY, (3,) * 20), today=DAY)
        assert [r.total for r in store.list_lefs(ann)] == [60]
        with pytest.raises(StoreError, match="future"):
            store.save_lefs(ann, LefsRecord(DAY, (3,) * 20), today=DAY - dt.timedelta(days=1))
        assert store.delete_profile(ann)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LefsRecord(DAY, (1,) * 19), "20 answers"),
        (lambda: LefsRecord(DAY, (5,) * 20), "0 to 4"),
        (lambda: ExerciseSession(DAY, "calf-raise", 11, "easy"), "0 to 10"),
        (lambda: ExerciseSession(DAY, "calf-raise", 1, "fine"), "easy, ok, hard"),  # type: ignore[arg-type]
        (lambda: Adjustment(DAY, "level", {"exercise": "calf-raise", "level": 2}, " "), "reason"),
        (lambda: Adjustment(DAY, "dose", {"exercise": "a", "sets": 3}, "x"), "reps or hold"),
        (lambda: Adjustment(DAY, "grow", {}, "x"), "kind"),
    ],
)
def test_records_refuse_bad_values(make: object, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        make()  # type: ignore[operator]


def _copy_content(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for path in content_dir().glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "progression.toml":
            assert old in text
            text = text.replace(old, new, 1)
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "sessions_to_move_up = 3",
            "sessions_to_move_up = 0",
            "progression.toml: section 'levels': field 'sessions_to_move_up': must be at least 1 (got 0)",
        ),
        ('id = "stay-ok"', 'id = "stay-fine"', "no [[rule]] with id 'stay-ok'"),
        (
            'references = ["binkley-1999"]',
            'references = ["binky-1999"]',
            "section 'lefs': field 'references': unknown reference 'binky-1999'",
        ),
        (
            "It moves up to {next_level}.",
            "It moves up to {level_after}.",
            "[[rule]] entry 'move-up': field 'why': unknown name {level_after}",
        ),
        ('effect = "down"', 'effect = "lower"', "[[rule]] entry 'down-flare': field 'effect'"),
        ("every_days = 21", "every_days = 40", "section 'review'"),
    ],
)
def test_content_errors_name_file_entry_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        load_progression(_copy_content(tmp_path, old, new))
    assert message in str(caught.value)


def test_shipped_progression_has_no_pain_cut_offs() -> None:
    # Pain is judged by the pain model only: no field of this file is a pain score.
    content = load_progression()
    assert set(content.model_dump()) == {"levels", "rule", "ladder", "check", "phase",
                                         "review", "lefs", "discuss"}  # fmt: skip
    assert set(content.levels.model_dump()) == {"sessions_to_move_up"}
