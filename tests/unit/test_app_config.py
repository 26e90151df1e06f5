"""The Voila configuration and the `rollbook app` launcher are fit for patients."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from rollbook import paths
from rollbook.app import launcher
from rollbook.cli import main

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "rollbook"


def test_voila_json_is_locked_down() -> None:
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    voila = config["VoilaConfiguration"]
    assert voila["template"] == "rollbook"
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["allow_template_override"] == "NO"
    assert voila["allow_theme_override"] == "NO"
    assert any("ipynb" in rule for rule in voila["file_denylist"])
    # Front-end extensions the pages never use are not sent to phones (issue 18).
    assert "jupyterlab_pygments" in voila["extension_denylist"]
    culling = config["MappingKernelManager"]
    assert 0 < culling["cull_interval"] <= 60
    assert 0 < culling["cull_idle_timeout"] <= 600
    assert config["VoilaExecutor"]["timeout"] > 0


def test_template_fetches_nothing_from_other_hosts() -> None:
    for path in TEMPLATE.rglob("*"):
        if path.suffix not in {".j2", ".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r"""(?:src|href)\s*=\s*["']?(https?://[^"' >]+)""", text):
            pytest.fail(f"{path.name} loads {url}")
        assert "@import url(http" not in text


def test_argv_serves_only_the_notebooks_with_project_config() -> None:
    argv = launcher.voila_argv(port=9999, host="127.0.0.1", open_browser=False, token=None)
    assert argv[0] == str(paths.notebooks_dir())
    assert "--no-browser" in argv
    assert "--port=9999" in argv
    assert "--Voila.ip=127.0.0.1" in argv
    assert not any("debug" in a for a in argv)


def test_config_names_the_project_config_and_starts_quiet() -> None:
    config = launcher.voila_config()
    assert config.Voila.config_file_paths == [str(paths.voila_config_dir())]
    assert config.VoilaConfiguration.resources == launcher.nav_resources()
    assert config.Voila.log_level == "WARN"
    assert launcher.voila_config(verbose=True).Voila.log_level == "INFO"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts(host: str) -> None:
    assert launcher.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.4", "example.org", "::"])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not launcher.is_loopback(host)


def _capture_launch(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    class FakeApp:
        @classmethod
        def launch_instance(cls, argv: list[str], config: Any = None) -> None:
            seen["argv"] = argv
            seen["config"] = config

    monkeypatch.setattr(launcher, "make_app_class", lambda: FakeApp)
    return seen


def test_local_app_needs_no_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = _capture_launch(monkeypatch)
    assert main(["app", "--no-browser", "--port", "8870"]) == 0
    assert not any(a.startswith("--token") for a in seen["argv"])
    out = capsys.readouterr()
    assert "http://127.0.0.1:8870/" in out.out
    assert "WARNING" not in out.err


def test_remote_app_warns_and_requires_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = _capture_launch(monkeypatch)
    assert main(["app", "--no-browser", "--host", "0.0.0.0"]) == 0
    tokens = [a for a in seen["argv"] if a.startswith("--token=")]
    assert len(tokens) == 1 and len(tokens[0]) > len("--token=") + 20
    out = capsys.readouterr()
    assert "WARNING" in out.err
    assert "?token=" in out.out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("rollbook ")


@pytest.mark.parametrize("port", ["0", "70000", "abc"])
def test_bad_port_is_one_line_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--port", port]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_command_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_text_first_block_still_matches_voilas_own() -> None:
    """The template's ``data_priority`` block copies Voila's lab template and adds a slot.

    Voila's scripts find each output by this exact ``<script>`` element; if a Voila
    release changes the block, this fails so the copy is updated with it (checked
    against voila 0.5).
    """
    from jupyter_core.paths import jupyter_path

    found = [
        Path(base) / "index.html.j2"
        for base in jupyter_path("voila", "templates", "lab")
        if (Path(base) / "index.html.j2").is_file()
    ]
    assert found, "Voila's lab template is not installed"
    stock = found[0]
    block = re.compile(
        r"{% block data_priority scoped %}(.*?){% endblock data_priority %}", re.DOTALL
    )
    ours = block.search((TEMPLATE / "index.html.j2").read_text(encoding="utf-8"))
    theirs = block.search(stock.read_text(encoding="utf-8"))
    assert ours is not None and theirs is not None

    def script(text: str) -> str:
        found = re.search(
            r"<script type=\"application/vnd\.voila\.cell-output\+json\">.*?</script>",
            text,
            re.DOTALL,
        )
        assert found is not None
        return " ".join(found.group(0).split())

    assert script(ours.group(1)) == script(theirs.group(1))
