"""ROLLBOOK_HOME and the default data directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from rollbook import paths


def test_rollbook_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data"
    monkeypatch.setenv("ROLLBOOK_HOME", str(target))
    assert paths.data_home() == target
    assert target.is_dir()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_default_is_the_platform_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROLLBOOK_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.data_home() == tmp_path / "rollbook"


def test_project_files_are_found() -> None:
    assert (paths.notebooks_dir() / "00_start_here.ipynb").is_file()
    assert (paths.voila_config_dir() / "voila.json").is_file()
    assert (paths.templates_dir() / "voila" / "templates" / "rollbook" / "index.html.j2").is_file()
