"""``rollbook share export`` and ``share import``: one line out, exit 2 and nothing saved on trouble."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import stat
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.store import open_store

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "runner"))
    return tmp_path / "runner"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _runner(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "profile", "add", "Ann")
    for days, pain in ((2, "knee=3"), (1, "knee=5")):
        day = (TODAY - dt.timedelta(days=days)).isoformat()
        assert (
            _run(
                capsys,
                "log",
                "add",
                "--profile",
                "Ann",
                "--date",
                day,
                "--pain",
                pain,
                "--km",
                "5",
                "--rolled-min",
                "10",
                "--note",
                "private",
            )[0]
            == 0
        )


def _clinic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    clinic = tmp_path / "clinic"
    monkeypatch.setenv("ROLLBOOK_HOME", str(clinic))
    return clinic


def test_export_then_import_elsewhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _runner(capsys)
    out = tmp_path / "ann.json.gz"
    code, text, err = _run(capsys, "share", "export", "--profile", "ann", "--out", str(out))
    assert code == 0 and err == ""
    assert (
        text == f"Wrote {out}: Ann, 2 days, 0 runs, 0 plans, 0 activity scores, 0 LEFS "
        "scores, 0 exercise sessions (without notes).\n"
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert b"private" not in gzip.decompress(out.read_bytes())

    clinic = _clinic(monkeypatch, tmp_path)
    code, text, _ = _run(capsys, "share", "import", str(out))
    assert (code, text) == (0, "Added Ann: 2 new days in the log.\n")
    code, text, _ = _run(capsys, "share", "import", str(out))
    assert (code, text) == (0, "Nothing changed for Ann: this file holds nothing newer.\n")
    with open_store(clinic / "rollbook.sqlite") as store:
        ann = store.find_profile("Ann")
        assert ann is not None and len(store.list_entries(ann)) == 2


def test_export_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _runner(capsys)
    out = tmp_path / "ann.json.gz"
    out.write_text("keep me")
    code, _, err = _run(capsys, "share", "export", "--profile", "Ann", "--out", str(out))
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    assert out.read_text() == "keep me"
    code, _, _ = _run(
        capsys, "share", "export", "--profile", "Ann", "--out", str(out), "--force", "--notes"
    )
    assert code == 0
    assert b"private" in gzip.decompress(out.read_bytes())


def test_export_needs_a_known_runner_and_a_real_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _runner(capsys)
    code, _, err = _run(capsys, "share", "export", "--profile", "Bob", "--out", str(tmp_path / "x"))
    assert code == 2 and "no profile named 'Bob'" in err
    code, _, err = _run(
        capsys, "share", "export", "--profile", "Ann", "--out", str(tmp_path / "missing" / "x")
    )
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "x").exists()


def test_bad_files_exit_2_with_one_line_and_save_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _runner(capsys)
    good = tmp_path / "ann.json.gz"
    _run(capsys, "share", "export", "--profile", "Ann", "--out", str(good))
    document = json.loads(gzip.decompress(good.read_bytes()))
    document["log"][0]["km"] = 42.0
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document))
    foreign = tmp_path / "log.csv"
    foreign.write_text("date,site\n")
    clinic = _clinic(monkeypatch, tmp_path)
    for path, reason in (
        (tampered, "changed or damaged"),
        (foreign, "not a rollbook share file"),
        (tmp_path / "nothing-here", "no file at"),
    ):
        code, out, err = _run(capsys, "share", "import", str(path))
        assert code == 2 and out == "" and reason in err and err.count("\n") == 1, err
    assert not (clinic / "rollbook.sqlite").exists() or _profiles(clinic) == []


def test_import_as_a_new_name_when_the_name_is_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _runner(capsys)
    out = tmp_path / "ann.json.gz"
    _run(capsys, "share", "export", "--profile", "Ann", "--out", str(out))
    clinic = _clinic(monkeypatch, tmp_path)
    _run(capsys, "profile", "add", "ANN")
    code, _, err = _run(capsys, "share", "import", str(out))
    assert code == 2 and "different runner named 'ANN'" in err
    assert _profiles(clinic) == ["ANN"]
    code, text, _ = _run(capsys, "share", "import", str(out), "--as", "Ann (runner 2)")
    assert code == 0 and text.startswith("Added Ann (runner 2):")
    assert _profiles(clinic) == ["Ann (runner 2)", "ANN"] or sorted(_profiles(clinic)) == [
        "ANN",
        "Ann (runner 2)",
    ]


def _profiles(home: Path) -> list[str]:
    with open_store(home / "rollbook.sqlite") as store:
        return [p.name for p in store.list_profiles()]
