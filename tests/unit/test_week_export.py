"""The calendar and handout follow the week's real prescription and the review."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from rollbook.cli import main

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _cli(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("profile", "add", "Ann") == 0
    assert _cli("plan", "--pain", "achilles=4", "--no-flags", "--profile", "Ann", "--save",
                "--start", START.isoformat(), "--side", "left") == 0  # fmt: skip
    for n in range(0, 12, 2):
        day = (START + dt.timedelta(days=n)).isoformat()
        assert _cli("log", "add", "--profile", "Ann", "--date", day, "--km", "3",
                    "--rolled-min", "0", "--pain", "achilles=2", "--pain-morning", "achilles=1",
                    "--exercise", "calf-raise:2:easy") == 0  # fmt: skip
    capsys.readouterr()


def _unfold(ics: str) -> str:
    return ics.replace("\r\n ", "").replace("\\,", ",")


def test_calendar_weeks_differ_and_end_with_the_review(tmp_path: Path, logged: None) -> None:
    out = tmp_path / "plan.ics"
    assert _cli("week", "--profile", "Ann", "--ics", str(out)) == 0
    text = _unfold(out.read_text(encoding="utf-8"))
    levels: dict[int, set[int]] = {}
    for block in text.split("BEGIN:VEVENT")[1:]:
        week = re.search(r"plan week (\d+)", block)
        level = re.search(r"Calf raise, straight knee, level (\d)", block)
        if week and level:
            levels.setdefault(int(week.group(1)), set()).add(int(level.group(1)))
    assert levels == {1: {1}, 2: {2}, 3: {3}}
    assert "SUMMARY:Review of your plan" in text
    assert "Download the calendar again" in text
    assert "start with the left leg" in text
    days = sorted(re.findall(r"DTSTART;VALUE=DATE:(\d{8})", text))
    assert days[0] == START.strftime("%Y%m%d")


def test_handout_shows_this_week_and_the_next_step(tmp_path: Path, logged: None) -> None:
    from rollbook.cli.progress import week_for
    from rollbook.content import load_library
    from rollbook.export.week import week_as_plan
    from rollbook.store import open_store

    with open_store() as store:
        ann = store.find_profile("Ann")
        assert ann is not None
        week = week_for(store, ann, TODAY)
        saved = store.current_plan(ann)
        assert saved is not None
        plan = week_as_plan(saved.inputs, week, store.list_entries(ann), load_library())
    calf = next(s for s in plan.strength if s.exercise == "calf-raise")
    assert calf.level_number == 3 and calf.progress_when == week.exercises[0].next_step
    assert plan.message.startswith(f"This week: week {week.week_number}")
    out = tmp_path / "week.pdf"
    assert _cli("week", "--profile", "Ann", "--pdf", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_a_bad_file_path_writes_nothing(
    tmp_path: Path, logged: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _cli("week", "--profile", "Ann", "--ics", str(tmp_path / "no" / "such" / "x.ics"))
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert not list(tmp_path.glob("**/*.ics*"))
