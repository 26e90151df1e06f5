"""`rollbook profile delete`: erases one runner and all kept for them, after a confirmation."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from rollbook.cli import main
from rollbook.records import LogEntry
from rollbook.store import FILE_NAME, open_store

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("ROLLBOOK_HOME", str(folder))
    with open_store(folder / FILE_NAME) as store:
        for name in ("Ana", "Ben"):
            profile = store.add_profile(name)
            store.save_entry(profile, LogEntry(date=DAY, km=5.0, note=f"{name} ran"), today=DAY)
    return folder


def _names(home: Path) -> list[str]:
    with open_store(home / FILE_NAME) as store:
        return [p.name for p in store.list_profiles()]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_yes_deletes_only_that_runner(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "delete", "Ana", "--yes"]) == 0
    assert "Deleted profile 'Ana'" in capsys.readouterr().out
    assert _names(home) == ["Ben"]
    with open_store(home / FILE_NAME) as store:
        ben = store.find_profile("Ben")
        assert ben is not None and len(store.list_entries(ben)) == 1


def test_typing_the_name_confirms(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("Ana\n"))
    assert main(["profile", "delete", "Ana"]) == 0
    assert _names(home) == ["Ben"]
    assert "cannot be undone" in capsys.readouterr().out


def test_any_other_answer_deletes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    assert main(["profile", "delete", "Ana"]) == 1
    assert "Nothing was deleted." in capsys.readouterr().out
    assert _names(home) == ["Ana", "Ben"]


def test_no_terminal_and_no_yes_is_one_line_exit_2(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["profile", "delete", "Ana"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--yes" in err
    assert _names(home) == ["Ana", "Ben"]


def test_unknown_name_is_one_line_exit_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "delete", "Cy", "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no profile named 'Cy'" in err
