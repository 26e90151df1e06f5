"""Load workbook pages many times in Chromium and check every widget renders every time.

Run: .venv/bin/python tools/repeat_loads.py [--loads 30] [PAGE ...]

A race between the page script and the widget models shows only now and then: the page
renders, but a widget shows an error instead ("This part of the page could not be
shown", or Voila's own "Error displaying widget: model not found"), or stays on
"Loading widget...", and the console logs the error. A single browser
test cannot catch that, so this script opens each page ``--loads`` times against one
``rollbook app`` server, half of the visits in a fresh browser (cold cache) and half
again in the same browser (warm cache: scripts start at once, the likelier race), and
counts every visit where:

- a widget shows the error text, or some output never finished ("Loading widget...");
- the console logged an error, or the page threw one;
- fewer widgets rendered than the page's outputs asked for;
- a request left the machine.

It prints one line per page and exits 1 if any visit failed. Default pages: 00, 03, 05.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (
    CHROMIUM_FLAGS,
    DEBIAN_CHROMIUM,
    IGNORED_CONSOLE,
    LOCAL_HOSTS,
    PHONE,
)
from tests.browser.server import start_server, stop_server

DEFAULT_PAGES = ("00_start_here.ipynb", "03_build_your_plan.ipynb", "05_track_progress.ipynb")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
OUTPUT_SCRIPT = 'script[type="application/vnd.voila.cell-output+json"]'
# Counts, before the page script consumes them, the outputs that ask for a widget view.
COUNT_JS = f"""
document.addEventListener('DOMContentLoaded', () => {{
  window.__rbAsked = Array.from(document.querySelectorAll('{OUTPUT_SCRIPT}'))
    .filter((s) => s.textContent.includes('{WIDGET_MIME}')).length;
}});
"""
# Done: every output handed over, the loading note gone, no widget still loading.
DONE_JS = f"""() => !document.querySelector('{OUTPUT_SCRIPT}')
  && !document.getElementById('loading')
  && !document.body.innerText.includes('Loading widget...')"""
# Each widget output becomes a renderer that holds the widget's view.
RENDERED_JS = "() => document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length"
ERROR_TEXT = re.compile(
    r"could not be shown|Error displaying widget|model not found|Javascript Error", re.IGNORECASE
)


def visit(context: Any, url: str) -> tuple[list[str], int]:
    """Open ``url`` in a new tab of ``context``; return what went wrong and the widgets."""
    page = context.new_page()
    problems: list[str] = []
    rendered = 0

    def console(message: Any) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in IGNORED_CONSOLE):
            problems.append(f"console: {message.text[:160]}")

    def request(req: Any) -> None:
        parsed = urlparse(req.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            problems.append(f"external request: {req.url}")

    page.on("console", console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {str(exc)[:160]}"))
    page.on("request", request)
    page.add_init_script(COUNT_JS)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_function(DONE_JS, timeout=120_000)
        page.wait_for_load_state("load", timeout=60_000)
        asked = int(page.evaluate("() => window.__rbAsked ?? -1"))
        rendered = int(page.evaluate(RENDERED_JS))
        text = page.inner_text("body")
        if ERROR_TEXT.search(text):
            problems.append(f"page text: {ERROR_TEXT.search(text).group(0)}")  # type: ignore[union-attr]
        if asked < 0:
            problems.append("could not count the widget outputs")
        elif rendered < asked:
            problems.append(f"{rendered} widgets rendered of {asked} asked for")
    except Exception as exc:  # noqa: BLE001 - a page that never finishes is a failure
        problems.append(f"did not finish: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        page.close()
    return problems, rendered


def run(pages: list[str], loads: int) -> int:
    """Open every page ``loads`` times; print a summary; return the number of bad visits."""
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="rollbook-repeat-")) / "home"
    handle = start_server(home)
    bad = 0
    try:
        with sync_playwright() as pw:
            kwargs: dict[str, Any] = {"args": CHROMIUM_FLAGS[1:], "headless": True}
            if Path(DEBIAN_CHROMIUM).exists():
                kwargs["executable_path"] = DEBIAN_CHROMIUM
            browser = pw.chromium.launch(**kwargs)
            for name in pages:
                started = time.monotonic()
                failures: list[tuple[int, str, list[str]]] = []
                widgets: list[int] = []
                context = None
                for n in range(loads):
                    cold = n % 2 == 0
                    if cold:
                        if context is not None:
                            context.close()
                        context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
                    problems, rendered = visit(context, f"{handle.url}/voila/render/{name}")
                    widgets.append(rendered)
                    if problems:
                        failures.append((n + 1, "cold" if cold else "warm", problems))
                if context is not None:
                    context.close()
                bad += len(failures)
                took = time.monotonic() - started
                print(
                    f"{name}: {loads - len(failures)} of {loads} loads rendered every widget "
                    f"with no console error; widgets on the page {min(widgets)}-{max(widgets)} "
                    f"({took:.0f} s)",
                    flush=True,
                )
                for number, mode, problems in failures:
                    print(f"  load {number} ({mode}): {'; '.join(problems)}", flush=True)
            browser.close()
    finally:
        stop_server(handle)
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=30, help="visits per page (default 30)")
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES))
    args = parser.parse_args()
    bad = run(args.pages, args.loads)
    print(f"{bad} bad visits" if bad else "every visit rendered every widget")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
