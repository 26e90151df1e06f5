"""Browser-test fixtures: the real Voila server, Chromium through Playwright, and guards.

Every page opened through the ``page`` fixture is watched: a request to any host but
the app's own, an uncaught page error, a console error or a JavaScript dialog fails
the test at teardown.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .server import ServerHandle, start_server, stop_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Console noise from Voila 0.5.13's own bundle that says nothing about our pages:
# its JupyterLab core is older than the widgets' (voila-baseline.md, defect 4).
IGNORED_CONSOLE = [
    re.compile(r"version", re.IGNORECASE),
    re.compile(
        r"Failed to load resource: the server responded with a status of 404 .*favicon",
        re.IGNORECASE,
    ),
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def voila_handle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """The app as `rollbook app` starts it, with a temporary ROLLBOOK_HOME."""
    home = tmp_path_factory.mktemp("server") / "home"
    handle = start_server(home)
    yield handle
    stop_server(handle)


@pytest.fixture(scope="session")
def voila_server(voila_handle: ServerHandle) -> str:
    """Base URL of the running app, e.g. ``http://127.0.0.1:43123``."""
    return voila_handle.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the session: Debian's when present, else Playwright's own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        kwargs: dict[str, Any] = {"args": CHROMIUM_FLAGS[1:], "headless": True}
        if os.path.exists(DEBIAN_CHROMIUM):
            kwargs["executable_path"] = DEBIAN_CHROMIUM
        instance = pw.chromium.launch(**kwargs)
        yield instance
        instance.close()


class PageWatch:
    """What a page did that a test may want to fail on."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []

    def on_request(self, request: Any) -> None:
        url = request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "chrome-extension"):
            return
        if parsed.hostname not in LOCAL_HOSTS:
            self.external_requests.append(url)

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text
        if any(p.search(text) for p in IGNORED_CONSOLE):
            return
        self.console_errors.append(text)

    def on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Any, watch: PageWatch, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page at desktop size, watched for bad behaviour."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.on("request", watch.on_request)
    pg.on("console", watch.on_console)
    pg.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    pg.on("dialog", watch.on_dialog)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        # What the page showed when the test failed, for whoever reads the CI log.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
        context.close(reason="test failed")
        return
    context.close(reason="test finished")
    assert not watch.external_requests, f"requests left the machine: {watch.external_requests}"
    assert not watch.dialogs, f"a JavaScript dialog fired: {watch.dialogs}"
    assert not watch.page_errors, f"uncaught errors in the page: {watch.page_errors}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


PAGE_DONE_JS = """() => !document.getElementById('loading')
  && !document.querySelector('script[type="application/vnd.voila.cell-output+json"]')
  && !document.body.innerText.includes('Loading widget...')"""


def open_page(page: Any, base_url: str, notebook: str) -> None:
    """Open a workbook page and wait until Voila has shown every cell."""
    page.goto(f"{base_url}/voila/render/{notebook}", wait_until="domcontentloaded")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    # One condition, checked at once: Voila's spinner gone, every cell output (a <script>
    # holding its JSON) handed to a renderer, and no widget still loading. Checked one
    # after another they race: with the text shown first (issue 18), "no widget loading"
    # can hold before Voila has even turned the scripts into "Loading widget..." views.
    page.wait_for_function(PAGE_DONE_JS, timeout=90_000)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot named after the test and the viewport size."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or DESKTOP
    path = ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page: Any) -> bool:
    """True when the page does not scroll sideways at its current width."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def shots(page: Any, name: str) -> None:
    """Screenshot at desktop and phone size; the phone page must not scroll sideways."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(400)
    screenshot(page, name)
    assert no_horizontal_scroll(page), f"{name}: the page scrolls sideways at 390 px"
    page.set_viewport_size(DESKTOP)


def assert_no_leaks(page: Any) -> None:
    """The visible page shows no traceback, error text or stuck loading message."""
    body = page.inner_text("body")
    for leak in ("Traceback", "Error", "Executing"):
        assert leak not in body


def store_at(home: Path) -> Any:
    """Open the store of a test server's ROLLBOOK_HOME."""
    from rollbook.store import open_store
    from rollbook.store.sqlite import FILE_NAME

    return open_store(home / FILE_NAME)


def clean_artifacts() -> None:  # pragma: no cover - manual helper
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
