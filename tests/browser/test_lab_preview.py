"""`rollbook lab`: JupyterLab's Voilà preview uses the workbook's template, offline."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rollbook.app import lab, launcher

from .server import free_port

TOKEN = "lab-preview-test"


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("lab")
    port = free_port()
    env = dict(
        os.environ,
        ROLLBOOK_HOME=str(home / "data"),
        JUPYTER_CONFIG_DIR=str(home / "cfg"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    saved = os.environ.get("JUPYTER_PATH")
    launcher.prepare_environment()  # what `rollbook lab` does before starting JupyterLab
    env["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"]
    if saved is None:
        os.environ.pop("JUPYTER_PATH")
    else:
        os.environ["JUPYTER_PATH"] = saved
    argv = [
        *lab.lab_argv(port=port, open_browser=False),
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.ip=127.0.0.1",
    ]
    log = (home / "lab.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", *argv],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, (home / "lab.log").read_text(errors="replace")
            try:
                if httpx.get(f"{url}/api/status?token={TOKEN}", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_lab_arguments_allow_root_only_for_root() -> None:
    argv = lab.lab_argv(port=1234, open_browser=False)
    assert "--VoilaConfiguration.template=rollbook" in argv
    assert ("--allow-root" in argv) == (os.geteuid() == 0)
    assert Path(argv[0]).name == "notebooks"


def test_voila_preview_from_jupyterlab_uses_the_workbook_template(lab_url: str) -> None:
    response = httpx.get(
        f"{lab_url}/voila/render/01_why_rest_isnt_enough.ipynb?token={TOKEN}", timeout=120
    )
    assert response.status_code == 200
    page = response.text
    assert 'class="rb-nav"' in page and "rollbook.css" in page
    # Nothing in the page is loaded from another host.
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert not [u for u in external if not u.startswith(lab_url)], external


def test_lab_passes_the_workbook_resources_as_traitlets_reads_them() -> None:
    import warnings

    from traitlets import Dict

    from rollbook.app import launcher

    (arg,) = [a for a in lab.lab_argv() if a.startswith("--VoilaConfiguration.resources=")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # a dict given as one string
        parsed = Dict().from_string(arg.split("=", 1)[1])
    # Booleans (a page's "wide") and any text survive the command line.
    assert parsed == launcher.nav_resources()
