"""The JupyterHub deployment files: each user's own server, data folder and start page.

JupyterHub itself is not a rollbook dependency. These tests load both configuration
files with traitlets (as JupyterHub and Jupyter Server do), then start the per-user
server the way the hub's spawner would (same command line arguments, same
environment) and check what it serves. The last test runs the real
``jupyterhub-singleuser`` (JupyterHub is a test dependency). A whole hub, signing
people in, is tested in ``tests/browser/test_hub.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from tests.browser.server import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "jupyterhub"
START_URL = "/voila/render/00_start_here.ipynb"


def _load(path: Path) -> Config:
    loader = PyFileConfigLoader(path.name, path=str(path.parent))
    return loader.load_config()


@pytest.fixture(scope="module")
def hub_config() -> Config:
    return _load(DEPLOY / "jupyterhub_config.py")


def test_each_user_gets_their_own_data_folder(
    hub_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = hub_config.Spawner.environment
    home_setting = env["ROLLBOOK_HOME"]
    assert home_setting.startswith("~/"), "relative to each user's own home"
    from rollbook import paths

    seen = set()
    for user in ("alice", "bob"):
        user_home = tmp_path / user
        user_home.mkdir()
        monkeypatch.setenv("HOME", str(user_home))
        monkeypatch.setenv("ROLLBOOK_HOME", home_setting)
        data = paths.data_home()
        assert data.is_relative_to(user_home)
        assert data.stat().st_mode & 0o077 == 0, "created owner-only"
        seen.add(data)
    assert len(seen) == 2


def test_spawner_lands_on_the_start_page_with_the_project(hub_config: Config) -> None:
    assert hub_config.Spawner.default_url == START_URL
    assert hub_config.Spawner.cmd == ["jupyterhub-singleuser"]
    env = hub_config.Spawner.environment
    project = Path(env["ROLLBOOK_PROJECT"])
    assert (project / "notebooks" / "00_start_here.ipynb").is_file()
    assert (Path(env["JUPYTER_PATH"]) / "voila" / "templates" / "rollbook").is_dir()
    assert (Path(env["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.py").is_file()


def test_hub_listens_locally_and_lets_nobody_in_by_default(hub_config: Config) -> None:
    assert hub_config.JupyterHub.bind_url.startswith("http://127.0.0.1:")
    assert hub_config.JupyterHub.admin_access is False
    assert not hub_config.Authenticator.admin_users
    assert not hub_config.Authenticator.allowed_users
    assert "allow_all" not in hub_config.Authenticator or not hub_config.Authenticator.allow_all


def test_single_user_server_config_applies_voila_json(
    hub_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in hub_config.Spawner.environment.items():
        monkeypatch.setenv(name, value)
    server_config = _load(DEPLOY / "jupyter_server_config.py")
    project = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    for section, values in project.items():
        for name, value in values.items():
            assert server_config[section][name] == value, f"{section}.{name}"
    assert server_config.ServerApp.root_dir == str(ROOT / "notebooks")
    assert server_config.ServerApp.default_url == START_URL
    assert server_config.ServerApp.terminals_enabled is False
    assert server_config.ServerApp.tornado_settings["mathjax_url"] is None, "no CDN"
    assert server_config.ServerApp.tornado_settings["compress_response"] is True
    pages = server_config.VoilaConfiguration.resources["rollbook"]["pages"]
    assert pages[0]["file"] == "00_start_here.ipynb"
    # Loading the file gave Voila's server extension rollbook's page handler.
    from rollbook.app import hub

    assert getattr(hub.page_handler(), "_rollbook", False)


def test_user_server_answers_only_to_the_hub_names(
    hub_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in hub_config.Spawner.environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ROLLBOOK_ALLOW_HOSTS", "Rollbook.Clinic.Example, hub.local")
    server_config = _load(DEPLOY / "jupyter_server_config.py")
    assert server_config.ServerApp.allow_remote_access is False
    assert server_config.ServerApp.local_hostnames == [
        "localhost",
        "rollbook.clinic.example",
        "hub.local",
    ]


# --- the per-user server, started as the spawner would ------------------------------------


def _spawn_env(hub_config: Config, user_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "ROLLBOOK"))}
    env.update(hub_config.Spawner.environment)
    env["HOME"] = str(user_home)
    env["USER"] = user_home.name
    return env


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def user_server(
    hub_config: Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The single-user server with the spawner's args and environment.

    Without JupyterHub installed, ``jupyter server`` stands in for
    ``jupyterhub-singleuser`` (which is Jupyter Server plus the hub's sign-in); a
    token plays the part of the hub's sign-in.
    """
    home = tmp_path_factory.mktemp("users") / "alice"
    home.mkdir()
    port = free_port()
    log = home.parent / "alice-server.log"
    argv = [
        sys.executable,
        "-m",
        "jupyter_server",
        *hub_config.Spawner.args,
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--no-browser",
        "--IdentityProvider.token=hub-stand-in",
    ]
    if os.geteuid() == 0:  # CI containers run as root; JupyterHub never does for users
        argv.append("--allow-root")
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_spawn_env(hub_config, home),
            cwd=home,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/api/status?token=hub-stand-in", process, log)
        yield {"base": base, "home": home, "token": "hub-stand-in", "log": log}
    finally:
        _stop(process)


def test_user_server_serves_the_start_page_with_the_rollbook_template(
    user_server: dict[str, Any],
) -> None:
    base, token = user_server["base"], user_server["token"]
    landing = httpx.get(f"{base}/?token={token}", timeout=60, follow_redirects=False)
    assert landing.status_code in (301, 302)
    assert landing.headers["location"].split("?")[0].endswith(START_URL)
    page = httpx.get(f"{base}{START_URL}?token={token}", timeout=120)
    assert page.status_code == 200, user_server["log"].read_text(errors="replace")[-3000:]
    assert "rb-header" in page.text, "the rollbook template is used"
    assert "Start here" in page.text
    assert "import rollbook" not in page.text, "sources are stripped"
    assert page.headers.get("content-encoding") == "gzip", "compressed for phones"


def test_user_server_refuses_other_host_names(user_server: dict[str, Any]) -> None:
    base, token = user_server["base"], user_server["token"]
    port = base.rsplit(":", 1)[1]
    forged = httpx.get(
        f"{base}{START_URL}?token={token}",
        headers={"Host": f"rebind.attacker.test:{port}"},
        timeout=60,
    )
    assert forged.status_code == 403
    assert "Start here" not in forged.text


def test_user_server_has_no_terminals_and_needs_sign_in(user_server: dict[str, Any]) -> None:
    base, token = user_server["base"], user_server["token"]
    assert httpx.get(f"{base}/api/terminals?token={token}", timeout=30).status_code == 404
    anonymous = httpx.get(f"{base}{START_URL}", timeout=30, follow_redirects=False)
    assert anonymous.status_code in (302, 401, 403)


def test_user_server_serves_only_the_pages_folder(user_server: dict[str, Any]) -> None:
    base, token = user_server["base"], user_server["token"]
    listing = httpx.get(f"{base}/api/contents?token={token}", timeout=30).json()
    names = {item["name"] for item in listing["content"]}
    assert "00_start_here.ipynb" in names
    assert not names & {"pyproject.toml", "voila.json", "src"}
    climb = httpx.get(f"{base}/voila/files/../voila.json?token={token}", timeout=30)
    assert climb.status_code in (403, 404)


def _singleuser() -> str | None:
    """The ``jupyterhub-singleuser`` next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "jupyterhub-singleuser"
    return str(beside) if beside.exists() else shutil.which("jupyterhub-singleuser")


def test_real_singleuser_requires_the_hub_sign_in(hub_config: Config, tmp_path: Path) -> None:
    assert _singleuser() is not None, "JupyterHub is a test dependency: run `make test`"
    home = tmp_path / "carol"
    home.mkdir()
    port = free_port()
    hub = _fake_hub()
    env = _spawn_env(hub_config, home)
    env.update(
        {
            "JUPYTERHUB_API_TOKEN": "not-a-real-token",
            "JUPYTERHUB_API_URL": f"http://127.0.0.1:{hub.server_address[1]}/hub/api",
            "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_CLIENT_ID": "jupyterhub-user-carol",
            "JUPYTERHUB_HOST": "",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": "/user/carol/oauth_callback",
            "JUPYTERHUB_SERVICE_PREFIX": "/user/carol/",
            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}/user/carol/",
            "JUPYTERHUB_USER": "carol",
            "JUPYTERHUB_SERVER_NAME": "",
        }
    )
    log = tmp_path / "carol.log"
    extra = ["--allow-root"] if os.geteuid() == 0 else []
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(_singleuser()), *hub_config.Spawner.cmd[1:], *hub_config.Spawner.args, *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=home,
            start_new_session=True,
        )
    try:
        _wait(f"http://127.0.0.1:{port}/user/carol/api", process, log)
        page = httpx.get(
            f"http://127.0.0.1:{port}/user/carol{START_URL}", timeout=30, follow_redirects=False
        )
        # Not signed in to the hub: sent to the hub's OAuth sign-in, page not served.
        assert page.status_code in (302, 401, 403)
        assert "Start here" not in page.text
        if page.status_code == 302:
            assert "oauth2/authorize" in page.headers["location"]
    finally:
        _stop(process)
        hub.shutdown()


def _fake_hub() -> Any:
    """Just enough of the hub's API for a single-user server to start: its version."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import jupyterhub

    class Hub(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/hub/api":
                body = json.dumps({"version": jupyterhub.__version__}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-JupyterHub-Version", jupyterhub.__version__)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:  # no user is signed in on this hub
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
