"""``rollbook runs import`` and ``rollbook runs list``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.store import open_store

from .. import runfiles as rf

UTC = dt.UTC
DAY = dt.date.today() - dt.timedelta(days=3)
# Mid-morning UTC with a second run 3 hours later: the same day in most time zones.
START = dt.datetime(DAY.year, DAY.month, DAY.day, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    assert main(["profile", "add", "Ann"]) == 0
    return tmp_path / "home"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_files_then_list_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gpx = _write(tmp_path, "morning.gpx", rf.gpx(rf.Shape(start=START, km=6)))
    fit = _write(
        tmp_path,
        "evening.fit.gz",
        rf.gz(rf.fit(rf.Shape(start=START + dt.timedelta(hours=3), km=4))),
    )
    code, out, _ = _run(capsys, "runs", "import", "--profile", "ann", gpx, fit)
    assert code == 0
    assert "Runs added: 2" in out and f"{DAY.isoformat()}: new day -> 10" in out
    code, out, _ = _run(capsys, "runs", "list", "--profile", "Ann", "--format", "json")
    rows = json.loads(out)
    assert [set(r) for r in rows] == [{"date", "start", "km", "minutes", "source"}] * 2
    assert rows[0]["date"] == DAY.isoformat() and rows[0]["source"] == "morning.gpx"
    assert rows[0]["km"] == pytest.approx(6.0, rel=0.005) and rows[0]["minutes"] == 36.0
    assert rows[1]["start"] == (START + dt.timedelta(hours=3)).isoformat()
    text = _run(capsys, "runs", "list", "--profile", "Ann")[1]
    assert "morning.gpx" in text and "evening.fit.gz" in text


def test_import_a_strava_zip_twice_changes_nothing(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _write(
        tmp_path,
        "export.zip",
        rf.strava_zip(
            [
                rf.Entry(1, "Run", "activities/1.tcx.gz", rf.gz(rf.tcx(rf.Shape(start=START)))),
                rf.Entry(
                    2,
                    "Ride",
                    "activities/2.gpx.gz",
                    rf.gz(rf.gpx(rf.Shape(start=START + dt.timedelta(hours=3), km=20, kmh=20))),
                ),
            ]
        ),
    )
    code, out, _ = _run(capsys, "runs", "import", "--profile", "Ann", export)
    assert code == 0 and "Runs added: 1" in out and "Strava lists it as a Ride" in out
    with open_store(home / "rollbook.sqlite") as store:
        before = store.list_entries(store.find_profile("Ann"))  # type: ignore[arg-type]
    code, out, _ = _run(capsys, "runs", "import", "--profile", "Ann", export)
    assert code == 0 and "Runs added: 0 (1 already kept)" in out
    with open_store(home / "rollbook.sqlite") as store:
        assert store.list_entries(store.find_profile("Ann")) == before  # type: ignore[arg-type]


def test_bad_files_exit_2_one_line_each_and_save_nothing(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "good.gpx", rf.gpx(rf.Shape(start=START)))
    junk = _write(tmp_path, "junk.fit", b"not a fit file at all")
    cut = _write(tmp_path, "cut.tcx", rf.tcx(rf.Shape(start=START))[:500])
    code, out, err = _run(capsys, "runs", "import", "--profile", "Ann", good, junk, cut)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "error: junk.fit: it is not a GPX, TCX or FIT file"
    assert lines[1].startswith("error: cut.tcx: it is not a complete TCX file")
    assert lines[2] == "error: nothing was saved (2 files with problems)"
    with open_store(home / "rollbook.sqlite") as store:
        ann = store.find_profile("Ann")
        assert ann is not None and store.runs(ann) == [] and store.list_entries(ann) == []


def test_missing_file_and_unknown_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "runs", "import", "--profile", "Ann", str(tmp_path / "nope.gpx"))
    assert code == 2 and "nope.gpx: no such file" in err
    good = _write(tmp_path, "good.gpx", rf.gpx(rf.Shape(start=START)))
    code, _, err = _run(capsys, "runs", "import", "--profile", "Zed", good)
    assert code == 2 and "no profile named 'Zed'" in err


def test_list_with_no_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_run(capsys, "runs", "list", "--profile", "Ann", "--format", "json")[1]) == []
    assert "No runs imported" in _run(capsys, "runs", "list", "--profile", "Ann")[1]
