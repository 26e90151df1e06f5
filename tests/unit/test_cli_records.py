"""``rollbook profile``, ``log`` and ``status``: happy paths, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.store import open_store

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _entries(home: Path, name: str = "Ann") -> list[object]:
    with open_store(home / "rollbook.sqlite") as store:
        profile = store.find_profile(name)
        return [] if profile is None else list(store.list_entries(profile))


def test_profile_add_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "profile", "add", "<b>Zoë</b>")[0] == 0
    code, out, _ = _run(capsys, "profile", "list", "--format", "json")
    assert code == 0 and json.loads(out)[0]["name"] == "<b>Zoë</b>"
    assert "<b>Zoë</b>" in _run(capsys, "profile", "list")[1]
    code, _, err = _run(capsys, "profile", "add", "<B>ZOË</B>")
    assert code == 2 and "already exists" in err and err.count("\n") == 1


def test_log_add_then_add_morning_pain_next_day(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, out, _ = _run(
        capsys,
        "log",
        "add",
        "--profile",
        "ann",
        "--date",
        YESTERDAY,
        "--pain",
        "knee=4",
        "--pain",
        "hip=1",
        "--pain-after",
        "knee=3",
        "--km",
        "6.5",
        "--rolled-min",
        "10",
        "--note",
        "=felt ok",
    )
    assert code == 0 and "new day" in out
    code, out, _ = _run(
        capsys,
        "log",
        "add",
        "--profile",
        "Ann",
        "--date",
        YESTERDAY,
        "--pain-morning",
        "knee=2",
        "--not-done",
    )
    assert code == 0 and "updated" in out
    (entry,) = _entries(home)
    knee = entry.pain_at("knee")  # type: ignore[attr-defined]
    assert (knee.during, knee.after, knee.morning) == (4, 3, 2)
    assert entry.km == 6.5 and entry.note == "=felt ok" and entry.done is False  # type: ignore[attr-defined]


BAD_LOG_ADDS = [
    (["--pain", "knee=11"], "must be 0–10"),
    (["--pain", "knee"], "SITE=N"),
    (["--pain", "elbow=2"], "unknown site 'elbow'"),
    (["--pain", "knee=2", "--pain", "knee=3"], "twice"),
    (["--km", "five"], "--km must be a number"),
    (["--km", "301"], "km must be 0–300"),
    (["--rolled-min", "2.5"], "--rolled-min must be a whole number"),
    (["--rolled-min", "700"], "rolled_min must be 0–600"),
    (["--date", "2024-02-30"], "date must be YYYY-MM-DD"),
    (["--date", (TODAY + dt.timedelta(days=2)).isoformat()], "in the future"),
    (["--note", "x" * 2001], "at most 2000"),
    (["--done", "--not-done"], "not allowed with"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_LOG_ADDS)
def test_bad_log_add_is_one_line_exit_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, extra: list[str], message: str
) -> None:
    _run(capsys, "profile", "add", "Ann")
    base = ["log", "add", "--profile", "Ann", "--date", YESTERDAY, "--km", "5", "--rolled-min", "5"]
    code, _, err = _run(capsys, *base, *extra)
    assert code == 2, err
    assert message in err and err.startswith("error: ") and err.count("\n") == 1
    assert _entries(home) == []


def test_new_day_needs_km_and_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, _, err = _run(capsys, "log", "add", "--profile", "Ann", "--pain", "knee=2")
    assert code == 2 and "--km and --rolled-min needed" in err


def test_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "status", "--profile", "nobody")
    assert code == 2 and "no profile named 'nobody'" in err


def test_export_import_round_trip(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    _run(capsys, "profile", "add", "Ann")
    _run(capsys, "profile", "add", "Bo")
    for n in range(1, 4):
        day = (TODAY - dt.timedelta(days=n)).isoformat()
        _run(
            capsys,
            "log",
            "add",
            "--profile",
            "Ann",
            "--date",
            day,
            "--pain",
            f"knee={n}",
            "--km",
            str(n),
            "--rolled-min",
            "5",
            "--note",
            "-2 =danger",
        )
    code, csv_text, _ = _run(capsys, "log", "export", "--profile", "Ann")
    assert code == 0 and "'-2 =danger" in csv_text
    out = tmp_path / "ann.csv"
    assert _run(capsys, "log", "export", "--profile", "Ann", "--out", str(out))[0] == 0
    assert out.read_bytes().decode("utf-8") == csv_text and (out.stat().st_mode & 0o777) == 0o600
    assert _run(capsys, "log", "export", "--profile", "Ann", "--out", str(out))[0] == 2
    code, msg, _ = _run(capsys, "log", "import", "--profile", "Bo", str(out))
    assert code == 0 and "3 days (3 new, 0 updated)" in msg
    code, msg, _ = _run(capsys, "log", "import", "--profile", "Bo", str(out))
    assert "(0 new, 3 updated)" in msg
    assert _entries(home, "Bo") == _entries(home, "Ann")


def test_bad_import_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    _run(capsys, "profile", "add", "Ann")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
        f"{YESTERDAY},knee,3,,,5,10,yes,\n"
        f"{YESTERDAY},hip,11,,,5,10,yes,\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "log", "import", "--profile", "Ann", str(bad))
    assert code == 2 and err.count("\n") == 1
    assert "line 3: pain_during for hip must be 0–10 (got 11)" in err
    assert _entries(home) == []
    code, _, err = _run(capsys, "log", "import", "--profile", "Ann", str(tmp_path / "none.csv"))
    assert code == 2 and "no file" in err


def test_status_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, out, _ = _run(capsys, "status", "--profile", "Ann")
    assert code == 0 and "no pain scores in the last 7 days" in out
    for n, pain in ((3, 2), (2, 7), (1, 4)):
        day = (TODAY - dt.timedelta(days=n)).isoformat()
        _run(
            capsys,
            "log",
            "add",
            "--profile",
            "Ann",
            "--date",
            day,
            "--pain",
            f"knee={pain}",
            "--km",
            "5",
            "--rolled-min",
            "5",
        )
    code, out, _ = _run(capsys, "status", "--profile", "Ann")
    assert code == 0 and "Now: Pause running (pause)" in out and "Latest day" in out
    assert "(hold)" in out and "Load: 15 km in 7 days" in out
    code, out, _ = _run(capsys, "status", "--profile", "Ann", "--format", "json")
    data = json.loads(out)
    assert data["latest_day"]["action"] == "hold" and data["week"]["action"] == "pause"
    assert data["action"] == "pause" and data["reasons"] == data["week"]["reasons"]
    assert data["reasons"][0].startswith("Pain during the run was 7/10 at the knee.")
    assert data["load"]["last_7_km"] == 15 and data["load"]["spike"] is False
    assert {"weekly_average_km", "longest_run_km_30d"} <= set(data["load"])
    assert data["totals"]["last_7"] == 15


def test_corrupt_database_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "rollbook.sqlite").write_bytes(b"not a database at all" * 100)
    code, _, err = _run(capsys, "profile", "list")
    assert code == 2 and "not a readable rollbook database" in err and err.count("\n") == 1
