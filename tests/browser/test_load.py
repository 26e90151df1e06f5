"""Ten people at once: every page finishes, every save lands in its own runner's log.

Ten browser sessions, each for a different runner, open the progress page together
and log twenty days each, pressing Save at nearly the same moment every round: ten
kernels writing one SQLite file at once. Afterwards the store holds exactly 200 new
entries, each runner exactly their own, and no kernel is left running once the
sessions are closed.

Timings are printed (run with ``-s``), never asserted: speed belongs to
``benchmarks/``. The waits below only catch a page or a save that never finishes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from rollbook.records import LogEntry
from rollbook.ui.verdicts import day_text

from .conftest import DESKTOP
from .pageactions import wait_text
from .server import ServerHandle, kernel_processes, start_server, stop_server

SESSIONS = 10
DAYS = 20
TRACK = "05_track_progress.ipynb"
NEVER = 240_000  # ms: a page still not done by then is stuck, not slow


def _runner(i: int) -> str:
    return f"Load runner {i:02d}"


@pytest.fixture(scope="module")
def busy_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    from rollbook.store import open_store

    home = tmp_path_factory.mktemp("load") / "home"
    earlier = dt.date.today() - dt.timedelta(days=5)
    with open_store(home / "rollbook.sqlite") as store:
        for i in range(SESSIONS):
            runner = store.add_profile(_runner(i))
            # An older day each, which must survive untouched.
            store.save_entry(runner, LogEntry(date=earlier, km=1.0 + i, note=f"old {i}"))
    handle = start_server(home)
    yield handle
    stop_server(handle)


def _iopub_timeout_configured() -> bool:
    """True when voila.json lets late widget outputs arrive (see the xfail below)."""
    import json

    from rollbook import paths

    config = json.loads((paths.voila_config_dir() / "voila.json").read_text(encoding="utf-8"))
    return float(config.get("VoilaExecutor", {}).get("iopub_timeout", 4)) >= 15


def _days(first: dt.date) -> list[dt.date]:
    """The twenty days each session logs: ``first`` (yesterday), then older days that
    skip the day already in the store."""
    older = [first - dt.timedelta(days=5 + k) for k in range(DAYS - 1)]
    return [first, *older]


def _kernels(handle: ServerHandle) -> int:
    """Kernels serving visitors (the warm ones kept ready for pages 01-02 left out)."""
    return len(kernel_processes(handle, pool_born=False))


def _shows(page: Any, selector: str, seconds: float) -> bool:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(selector, timeout=seconds * 1000)
    except PlaywrightTimeout:
        return False
    return True


def test_ten_sessions_save_at_once_and_nothing_mixes(browser: Any, busy_app: ServerHandle) -> None:
    from rollbook.store import open_store

    day = dt.date.today() - dt.timedelta(days=1)
    contexts = [browser.new_context(viewport=DESKTOP) for _ in range(SESSIONS)]
    pages = [context.new_page() for context in contexts]
    errors: list[str] = []
    for index, page in enumerate(pages):
        page.set_default_timeout(NEVER)
        page.on("pageerror", lambda exc, i=index: errors.append(f"session {i}: {exc}"))
        page.on("dialog", lambda d, i=index: errors.append(f"session {i}: dialog {d.message}"))
    try:
        started = time.monotonic()
        for page in pages:  # all ten start loading before any is waited for
            page.goto(f"{busy_app.url}/voila/render/{TRACK}", wait_until="commit")
        rendered = []
        for page in pages:
            page.wait_for_selector("#rendered_cells", state="visible", timeout=NEVER)
            page.wait_for_function("() => !document.getElementById('loading')", timeout=NEVER)
            rendered.append(time.monotonic() - started)
        print(
            f"\n{SESSIONS} sessions rendered {TRACK}: last after {max(rendered):.1f} s "
            f"(first {min(rendered):.1f} s)"
        )
        assert _kernels(busy_app) >= SESSIONS, "each session has its own kernel"

        deadline = time.monotonic() + 30  # widgets follow the HTML within seconds
        missing = [
            i
            for i, page in enumerate(pages)
            if not _shows(
                page, ".rb-profile-chooser select", seconds=max(1.0, deadline - time.monotonic())
            )
        ]
        if missing and not _iopub_timeout_configured():
            pytest.xfail(
                f"sessions {missing} rendered without their widgets: nbclient's "
                "iopub_timeout (4 s) drops a cell's widget output when the kernel is slow "
                "under load; voila.json needs VoilaExecutor.iopub_timeout (e.g. 30)"
            )
        assert not missing, f"sessions {missing} show the page without its widgets"
        for i, page in enumerate(pages):
            page.locator(".rb-profile-chooser select").select_option(label=_runner(i))
        for page in pages:
            page.wait_for_selector(".rb-log-date input")
        for i, page in enumerate(pages):
            page.locator(".rb-log-date input").fill(day.isoformat())
            page.locator(".rb-log-date input").press("Tab")
            page.locator(".rb-add-site select").select_option(label="Front of knee")
            page.locator("button.rb-add-site-button").click()
        for i, page in enumerate(pages):
            page.wait_for_selector(".rb-site-row-knee .rb-pain-during select")
            page.locator(".rb-site-row-knee .rb-pain-during select").select_option(
                label=str(1 + i % 9)
            )
            page.locator(".rb-log-km input").fill(str(10 + i))
            page.locator(".rb-log-note textarea").fill(f"session {i} for {_runner(i)}")
            page.locator(".rb-log-note textarea").press("Tab")
        pages[-1].wait_for_timeout(500)

        clicked = time.monotonic()
        for round_day in _days(day):
            if round_day != day:
                for i, page in enumerate(pages):
                    page.locator(".rb-log-date input").fill(round_day.isoformat())
                    page.locator(".rb-log-date input").press("Tab")
                for page in pages:
                    # A new day clears the form; let that reach the page before typing,
                    # as a person would see it happen.
                    page.wait_for_function(
                        "() => document.querySelector('.rb-log-km input').value === '0'"
                    )
                for i, page in enumerate(pages):
                    page.locator(".rb-log-km input").fill(str(10 + i))
                    page.locator(".rb-log-km input").press("Tab")
                    page.locator(".rb-log-note textarea").fill(f"session {i} for {_runner(i)}")
                    page.locator(".rb-log-note textarea").press("Tab")
            for page in pages:  # ten saves, as close together as the browser allows
                page.locator("button.rb-log-save").click(no_wait_after=True)
            for page in pages:
                wait_text(
                    page,
                    ".rb-log-msg",
                    f"Saved {day_text(round_day, dt.date.today())}",
                    timeout=NEVER,
                )
        print(
            f"{SESSIONS} sessions x {DAYS} days saved at once: "
            f"all confirmed after {time.monotonic() - clicked:.1f} s"
        )
        assert not errors, errors
        for page in pages:
            body = page.inner_text("body")
            assert "Traceback" not in body and "busy" not in body.lower(), body[-500:]
    finally:
        for context in contexts:
            context.close()

    new_entries = 0
    with open_store(busy_app.home / "rollbook.sqlite") as store:
        assert len(store.list_profiles()) == SESSIONS
        for i in range(SESSIONS):
            runner = store.find_profile(_runner(i))
            assert runner is not None
            entries = store.list_entries(runner)
            old_day = day - dt.timedelta(days=4)
            assert sorted(e.date for e in entries) == sorted([old_day, *_days(day)])
            by_date = {e.date: e for e in entries}
            assert by_date[old_day].note == f"old {i}" and by_date[old_day].km == 1.0 + i
            for saved_day in _days(day):
                saved = by_date[saved_day]
                assert saved.km == 10 + i, f"{_runner(i)} got someone else's distance"
                assert saved.note == f"session {i} for {_runner(i)}"
                new_entries += 1
            pain = by_date[day].pain_at("knee")
            assert pain is not None and pain.during == 1 + i % 9
    assert new_entries == SESSIONS * DAYS


def test_kernels_are_gone_after_the_sessions_close(busy_app: ServerHandle) -> None:
    """Closed sessions must not leave kernels (and their memory) behind."""
    deadline = time.monotonic() + 180
    left = _kernels(busy_app)
    while left and time.monotonic() < deadline:
        time.sleep(5)
        left = _kernels(busy_app)
    print(f"kernels still running after the sessions closed: {left}")
    assert left == 0
