"""A real JupyterHub with the shipped configuration: two runners and a clinician.

The hub runs ``deploy/jupyterhub/jupyterhub_config.py`` with two test stand-ins a
clinic would not use: JupyterHub's ``DummyAuthenticator`` (any password, for the three
listed users only) and ``SimpleLocalProcessSpawner`` (each user's home is a folder under
the test's temporary directory, instead of a system account). Everything else, the
per-user server settings, the Voila pages and the data folders, is the shipped set-up.
``configurable-http-proxy`` comes from ``make test`` (npm, into ``.venv/hub``).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from .conftest import DESKTOP, PageWatch, open_page, shots
from .pageactions import wait_text
from .server import free_port
from .test_every_page import serious_axe_violations

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / ".venv" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
RUNNERS = ("runner-a", "runner-b")
CLINICIAN = "clinic"
PASSWORD = "test-only-password"
START = "/voila/render/00_start_here.ipynb"


def _proxy() -> str:
    found = str(PROXY) if PROXY.exists() else shutil.which("configurable-http-proxy")
    if found is None:  # make test installs it; a bare pytest run may not have
        pytest.fail("configurable-http-proxy is missing: run `make test` (or `make hub-proxy`)")
    return found


def _config(tmp: Path, port: int) -> Path:
    homes = tmp / "homes"
    homes.mkdir()
    text = f"""
c = get_config()  # noqa: F821
load_subconfig({str(SHIPPED)!r})  # noqa: F821 - the shipped configuration first
# Test stand-ins for sign-in and for system accounts:
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(RUNNERS) | {CLINICIAN}!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
# Free ports and files of this test run only:
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{_proxy()!r}]
c.ConfigurableHTTPProxy.pid_file = {str(tmp / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
if {os.geteuid() == 0!r}:  # CI containers run as root; a real hub never runs users so
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
"""
    path = tmp / "test_hub_config.py"
    path.write_text(text, encoding="utf-8")
    return path


def _children(pid: int) -> list[psutil.Process]:
    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.NoSuchProcess:
        return []


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("hub")
    port = free_port()
    config = _config(tmp, port)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "ROLLBOOK"))}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    log = tmp / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start:\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/hub/api", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        yield {"url": url, "homes": tmp / "homes", "log": log, "pid": process.pid}
    finally:
        spawned = _children(process.pid)
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the hub stops the users' servers
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        for child in spawned:
            try:
                child.kill()
            except psutil.Error:
                pass


class Person:
    """One signed-in person: their own browser context (cookies) and page."""

    def __init__(self, browser: Any, hub: dict[str, Any], name: str) -> None:
        self.name = name
        self.hub = hub
        self.watch = PageWatch()
        self.context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        self.page = self._new_tab()

    def _new_tab(self) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(120_000)
        page.on("request", self.watch.on_request)
        page.on("console", self.watch.on_console)
        page.on("pageerror", lambda exc: self.watch.page_errors.append(str(exc)))
        page.on("dialog", self.watch.on_dialog)
        return page

    @property
    def server(self) -> str:
        return f"{self.hub['url']}/user/{self.name}"

    def sign_in(self) -> None:
        """Sign in on the hub's own page and wait for the start page of one's server."""
        page = self.page
        page.goto(f"{self.hub['url']}/hub/login", wait_until="domcontentloaded")
        page.locator("input[name=username]").fill(self.name)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[type=submit], button[type=submit]").first.click()
        page.wait_for_url(re.compile(rf"/user/{self.name}{re.escape(START)}"), timeout=180_000)
        page.wait_for_selector("#rendered_cells", state="visible", timeout=120_000)

    def open(self, notebook: str) -> None:
        open_page(self.page, self.server, notebook)

    def close(self) -> None:
        self.context.close()
        assert not self.watch.external_requests, self.watch.external_requests
        assert not self.watch.page_errors, self.watch.page_errors
        assert not self.watch.dialogs, self.watch.dialogs
        assert not self.watch.console_errors, self.watch.console_errors


def _add_runner_and_log(person: Person, name: str, km: str) -> None:
    page = person.page
    person.open("05_track_progress.ipynb")
    wait_text(page, ".rb-track", "Whose log is this?")
    page.locator(".rb-profile-name input").fill(name)
    page.locator("button.rb-profile-create").click()
    wait_text(page, ".rb-profile-feedback", f"Added {name}")
    page.locator(".rb-add-site select").select_option(label="Front of knee")
    page.locator("button.rb-add-site-button").click()
    page.locator(".rb-site-row-knee .rb-pain-during select").select_option(label="3")
    page.locator(".rb-log-km input").fill(km)
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(300)
    page.locator("button.rb-log-save").click()
    wait_text(page, ".rb-log-msg", "Saved")


def _kernels_of(hub: dict[str, Any], user: str) -> set[int]:
    """Kernel processes started by this user's own server."""
    found = set()
    for proc in _children(hub["pid"]):
        try:
            if (
                "kernel-" in " ".join(proc.cmdline())
                and proc.environ().get("JUPYTERHUB_USER") == user
            ):
                found.add(proc.pid)
        except psutil.Error:
            continue
    return found


def test_an_unsigned_visitor_is_sent_to_sign_in(hub: dict[str, Any]) -> None:
    for path in ("/", f"/user/{RUNNERS[0]}{START}", f"/user/{RUNNERS[0]}/lab"):
        reply = httpx.get(f"{hub['url']}{path}", timeout=60, follow_redirects=True)
        assert reply.url.path == "/hub/login", path
        assert "Start here" not in reply.text


def test_runners_see_only_their_own_data_and_share_with_the_clinician(
    browser: Any, hub: dict[str, Any], tmp_path: Path
) -> None:
    a, b, clinic = (Person(browser, hub, n) for n in (*RUNNERS, CLINICIAN))
    for person in (a, b, clinic):
        person.sign_in()
    assert "rb-header" in a.page.content(), "the rollbook template"
    assert "import rollbook" not in a.page.content(), "sources stripped"

    _add_runner_and_log(a, "Ann <i>A</i>", "5")
    _add_runner_and_log(b, "Bob B", "7")
    homes = hub["homes"]
    assert (homes / RUNNERS[0] / "rollbook-data" / "rollbook.sqlite").is_file()
    assert (homes / RUNNERS[1] / "rollbook-data" / "rollbook.sqlite").is_file()

    # Each runner sees only their own runners, on every page that lists them.
    options = a.page.locator(".rb-profile-chooser select option").all_inner_texts()
    assert [o.replace("\xa0", " ") for o in options] == ["Ann <i>A</i>"], options
    b.open("06_clinician.ipynb")
    wait_text(b.page, ".rb-clinic-table", "Bob B")
    assert "Ann" not in b.page.locator(".rb-clinic").inner_text()
    # ...and cannot open the other's server.
    reply = b.context.request.get(f"{a.server}{START}")  # with B's sign-in cookies
    assert reply.status in (403, 404) or "/hub/" in reply.url, (reply.status, reply.url)
    assert "Ann" not in reply.text() and "rb-header" not in reply.text()

    # Runner A makes a share file; the clinician adds it on page 06.
    a.page.locator("button.rb-share-make").click()
    wait_text(a.page, ".rb-share-link", "Your file is ready: 1 day of your log")
    with a.page.expect_download() as info:
        a.page.locator(".rb-share-link a").click()
    shared = tmp_path / "ann.json.gz"
    info.value.save_as(shared)
    assert json.loads(gzip.decompress(shared.read_bytes()))["profile"]["name"] == "Ann <i>A</i>"

    clinic.open("06_clinician.ipynb")
    wait_text(clinic.page, ".rb-clinic-table-box", "No runners yet")
    with clinic.page.expect_file_chooser() as chooser:
        clinic.page.locator("button.rb-share-upload").click()
    chooser.value.set_files(str(shared))
    wait_text(clinic.page, ".rb-share-msg", "Added Ann <i>A</i>: 1 new day in the log")
    wait_text(clinic.page, ".rb-clinic-table", "Ann <i>A</i>")
    assert clinic.page.locator(".rb-clinic-table i").count() == 0, "shown as text"
    assert (homes / CLINICIAN / "rollbook-data" / "rollbook.sqlite").is_file()
    assert serious_axe_violations(clinic.page) == []
    shots(clinic.page, "hub-clinician")
    for person in (a, b, clinic):
        person.close()


def test_user_servers_have_the_app_settings_and_page_handler(
    browser: Any, hub: dict[str, Any]
) -> None:
    person = Person(browser, hub, RUNNERS[0])
    person.sign_in()
    request = person.context.request
    assert request.get(f"{person.server}/api/terminals").status == 404, "no terminals"
    assert request.get(f"{person.server}/voila/files/../voila.json").status in (403, 404)
    refused = request.get(f"{person.server}{START}?template=lab")
    assert refused.status >= 400 or "rb-header" in refused.text()

    # The page handler's _xsrf cookie lets a closed tab's beacon stop its kernel now,
    # as under `rollbook app` (culling would take 45 s or more).
    before = _kernels_of(hub, RUNNERS[0])
    tab = person.context.new_page()
    open_page(tab, person.server, "00_start_here.ipynb")
    assert any("xsrf" in c["name"] for c in person.context.cookies()), "the page's _xsrf cookie"
    mine = _kernels_of(hub, RUNNERS[0]) - before
    assert len(mine) == 1
    tab.close(run_before_unload=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and mine & _kernels_of(hub, RUNNERS[0]):
        time.sleep(0.3)
    assert not mine & _kernels_of(hub, RUNNERS[0]), "the closed tab's kernel is still running"
    person.close()
