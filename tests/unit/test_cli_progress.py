"""``rollbook plan --save``, ``log add --exercise``, ``week``, ``lefs``, ``adjust``, ``ladder``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.store import open_store

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=20)
WEEK_KEYS = {"week_start", "action", "exercises", "run", "review_on", "changes"}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def saved(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "profile", "add", "Ann")[0] == 0
    code, _, err = _run(
        capsys,
        "plan",
        "--pain",
        "achilles=4",
        "--no-flags",
        "--profile",
        "Ann",
        "--save",
        "--start",
        START.isoformat(),
        "--side",
        "left",
    )
    assert code == 0 and "Saved the plan" in err


def _week(capsys: pytest.CaptureFixture[str], day: str) -> dict[str, object]:
    code, out, _ = _run(capsys, "week", "--profile", "Ann", "--date", day, "--format", "json")
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_week_json_has_exactly_the_contract_keys(
    capsys: pytest.CaptureFixture[str], saved: None
) -> None:
    data = _week(capsys, _day(0))
    assert set(data) == WEEK_KEYS
    assert data["week_start"] == _day(0) and data["changes"] == []
    exercises = data["exercises"]
    assert isinstance(exercises, list) and exercises
    for item in exercises:
        assert set(item) - {"reps", "hold_seconds"} == {"exercise", "label", "level", "sets",
                                                         "next_step"}  # fmt: skip
        assert len(set(item) & {"reps", "hold_seconds"}) == 1 and item["level"] == 1
    assert data["run"] == {"mode": "normal", "phase": None, "next_step": data["run"]["next_step"]}  # type: ignore[index]
    assert data["action"] in ("keep", "hold", "cut-back", "pause")
    assert dt.date.fromisoformat(str(data["review_on"])) > START


def test_logged_easy_sessions_move_the_level_up(
    capsys: pytest.CaptureFixture[str], saved: None
) -> None:
    for n in (0, 2, 4):
        code, _, err = _run(
            capsys,
            "log",
            "add",
            "--profile",
            "Ann",
            "--date",
            _day(n),
            "--km",
            "3",
            "--rolled-min",
            "0",
            "--pain",
            "achilles=2",
            "--pain-morning",
            "achilles=1",
            "--exercise",
            "calf-raise:2:easy",
        )
        assert code == 0, err
    data = _week(capsys, _day(8))
    levels = {e["exercise"]: e["level"] for e in data["exercises"]}  # type: ignore[attr-defined]
    assert levels["calf-raise"] == 2
    assert any("up to level 2" in c["what"] for c in data["changes"])  # type: ignore[attr-defined]
    code, out, _ = _run(capsys, "week", "--profile", "Ann", "--date", _day(8))
    assert code == 0 and "level 2 of 3" in out and "left leg" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--exercise", "no-such-exercise:2:easy"],
        ["--exercise", "calf-raise:11:easy"],
        ["--exercise", "calf-raise:2:great"],
        ["--exercise", "calf-raise:2"],
        ["--exercise", "calf-raise:2:easy", "--exercise", "calf-raise:1:ok"],
    ],
    ids=["unknown id", "pain above 10", "bad feel", "missing feel", "twice"],
)
def test_bad_exercise_input_saves_nothing(
    capsys: pytest.CaptureFixture[str], saved: None, home: Path, argv: list[str]
) -> None:
    code, out, err = _run(
        capsys,
        "log",
        "add",
        "--profile",
        "Ann",
        "--date",
        _day(1),
        "--km",
        "3",
        "--rolled-min",
        "0",
        *argv,
    )
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and out == ""
    with open_store(home / "rollbook.sqlite") as store:
        ann = store.find_profile("Ann")
        assert ann is not None
        assert store.list_entries(ann) == [] and store.list_sessions(ann) == []


def test_lefs_add_and_status(capsys: pytest.CaptureFixture[str], saved: None, home: Path) -> None:
    first = ",".join(["2"] * 20)
    later = ",".join(["3"] * 20)
    assert (
        _run(capsys, "lefs", "add", "--profile", "Ann", "--date", _day(0), "--answers", first)[0]
        == 0
    )
    assert (
        _run(capsys, "lefs", "add", "--profile", "Ann", "--date", _day(14), "--answers", later)[0]
        == 0
    )
    code, out, _ = _run(capsys, "status", "--profile", "Ann", "--format", "json")
    assert code == 0
    lefs = json.loads(out)["lefs"]
    assert (lefs["first"], lefs["latest"], lefs["change"], lefs["meets_mcid"]) == (40, 60, 20, True)
    for bad in (",".join(["2"] * 19), ",".join(["2"] * 19 + ["5"]), ",".join(["2"] * 19 + ["x"])):
        code, _, err = _run(
            capsys, "lefs", "add", "--profile", "Ann", "--date", _day(15), "--answers", bad
        )
        assert code == 2 and err.count("\n") == 1
    with open_store(home / "rollbook.sqlite") as store:
        ann = store.find_profile("Ann")
        assert ann is not None and len(store.list_lefs(ann)) == 2


def test_status_json_without_lefs_is_null(capsys: pytest.CaptureFixture[str], saved: None) -> None:
    code, out, _ = _run(capsys, "status", "--profile", "Ann", "--format", "json")
    assert code == 0 and json.loads(out)["lefs"] is None


def test_clinician_adjustments_show_with_their_reason(
    capsys: pytest.CaptureFixture[str], saved: None
) -> None:
    steps = [
        ["--level", "calf-raise=3"],
        ["--dose", "calf-raise-bent-knee=2x10"],
        ["--review", _day(10), "--every", "14"],
    ]
    for argv in steps:
        code, _, err = _run(
            capsys,
            "adjust",
            "--profile",
            "Ann",
            "--date",
            _day(1),
            "--reason",
            "Seen in clinic",
            *argv,
        )
        assert code == 0, err
    data = _week(capsys, _day(2))
    by_id = {e["exercise"]: e for e in data["exercises"]}  # type: ignore[attr-defined]
    assert by_id["calf-raise"]["level"] == 3
    assert (by_id["calf-raise-bent-knee"]["sets"], by_id["calf-raise-bent-knee"]["reps"]) == (2, 10)
    assert data["review_on"] == _day(10)
    assert [c["why"] for c in data["changes"]] == ["Seen in clinic"] * 3  # type: ignore[attr-defined]
    assert _week(capsys, _day(11))["review_on"] == _day(24)


@pytest.mark.parametrize(
    "argv",
    [
        ["--level", "calf-raise=4"],
        ["--level", "wall-sit=1"],
        ["--dose", "calf-raise=3x30s"],
        ["--add", "calf-raise"],
        ["--swap", "calf-raise=nope"],
        ["--review", "2026-01-01", "--every", "60"],
        ["--ladder", "99"],
        ["--remove", "calf-raise", "--reason", ""],
    ],
)
def test_bad_adjustments_save_nothing(
    capsys: pytest.CaptureFixture[str], saved: None, home: Path, argv: list[str]
) -> None:
    code, _, err = _run(capsys, "adjust", "--profile", "Ann", "--reason", "why", *argv)
    assert code == 2 and err.count("\n") == 1
    with open_store(home / "rollbook.sqlite") as store:
        ann = store.find_profile("Ann")
        assert ann is not None and store.list_adjustments(ann) == []


def test_pause_then_ladder_via_the_cli(capsys: pytest.CaptureFixture[str], saved: None) -> None:
    _run(
        capsys,
        "log",
        "add",
        "--profile",
        "Ann",
        "--date",
        _day(0),
        "--km",
        "3",
        "--rolled-min",
        "0",
        "--pain",
        "achilles=8",
    )
    assert _week(capsys, _day(1))["run"]["mode"] == "paused"  # type: ignore[index]
    code, out, _ = _run(capsys, "ladder", "checks")
    ids = [c["id"] for c in json.loads(out)]
    met = [arg for i in ids for arg in ("--met", i)]
    assert _run(capsys, "ladder", "check", "--profile", "Ann", "--date", _day(2), *met[:-2])[0] == 0
    assert _week(capsys, _day(3))["run"]["mode"] == "paused"  # type: ignore[index]
    assert _run(capsys, "ladder", "check", "--profile", "Ann", "--date", _day(3), *met)[0] == 0
    run = _week(capsys, _day(3))["run"]
    assert run["mode"] == "ladder" and run["phase"]["number"] == 1  # type: ignore[index]
    code, _, err = _run(capsys, "ladder", "check", "--profile", "Ann", "--met", "fly")
    assert code == 2 and "choose from" in err


def test_plan_save_needs_a_profile_and_a_good_side(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "profile", "add", "Ann")
    for argv in (
        ["--save"],
        ["--profile", "Ann"],
        ["--profile", "Ann", "--save", "--side", "up"],
        ["--profile", "Bob", "--save"],
    ):
        code, _, err = _run(capsys, "plan", "--pain", "knee=3", *argv)
        assert code == 2 and err.count("\n") == 1, argv
    code, _, err = _run(capsys, "week", "--profile", "Ann")
    assert code == 2 and "no saved plan" in err
