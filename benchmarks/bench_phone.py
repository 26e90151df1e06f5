"""Print how every page loads on a phone on a mobile network, beside a bare Voila page.

Run: make bench   (or .venv/bin/python benchmarks/bench_phone.py)

Chromium at 390x844 under the mobile network profile Lighthouse uses (Chrome DevTools
Protocol ``Network.emulateNetworkConditions``: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
round trip). Each page is opened in a fresh browser context (cold cache), then once
more in the same context (warm cache). In the first table every visit starts a new
kernel, so the server does the same work in every row. Two bare rows use the bare notebook of
``bench_pages.py`` (one stock slider and one matplotlib chart): served by rollbook's
server, and served by stock Voila (its ``lab`` template, no compression), which is
what a runner would get from Voila out of the box. The second table is the app as it
serves runners: pages 01-02 rendered ahead, and a spare kernel with the pages' code
imported waiting for the other pages (``rollbook.app.spare_kernels``).

Figures, never assertions. Targets (issue 18): first visit <= 1.5 MB transferred;
heading visible <= 3 s; first widget <= 10 s with a cold cache, <= 4 s warm.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from typing import Any

from bench_pages import BARE, NEW_KERNEL_PER_VISIT, launch_kwargs, pages, project_copy, server
from stock_voila import start_stock_voila, stop_server

RUNS = int(os.environ.get("ROLLBOOK_BENCH_PHONE_RUNS", "3"))
ONLY = tuple(p for p in os.environ.get("ROLLBOOK_BENCH_PAGES", "").split(",") if p)
PHONE = {"width": 390, "height": 844}
# Lighthouse's mobile profile, as issue 18 measured it.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
STOCK = "stock"

# Notes, in page time (ms since navigation start), the first frame in which the page's
# heading is visible and the first frame in which a widget (or the start page's cards,
# the only page without one) is visible. A frame is checked on every animation frame
# and whenever the DOM changes.
WATCH_JS = """
(() => {
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.opacity !== '0';
  };
  const heading = () => Array.from(document.querySelectorAll('#rendered_cells h1, #rendered_cells h2'))
    .some(shown);
  const widget = () => Array.from(document.querySelectorAll('.jupyter-widgets, .rb-cards'))
    .some(shown);
  const check = () => {
    const now = performance.now();
    if (window.__rbHeading === undefined && heading()) window.__rbHeading = now;
    if (window.__rbWidget === undefined && widget()) window.__rbWidget = now;
  };
  const tick = () => { check(); if (window.__rbWidget === undefined) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new MutationObserver(() => requestAnimationFrame(check))
    .observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


class Traffic:
    """Counts the requests a page makes and the bytes it receives (headers included)."""

    def __init__(self, cdp: Any) -> None:
        self.sent: set[str] = set()
        self.cached: set[str] = set()
        self.bytes = 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._received)

    def _sent(self, event: dict[str, Any]) -> None:
        # data: and blob: URLs never leave the browser (anywidget imports its modules
        # from blob: URLs it makes itself).
        if not event.get("request", {}).get("url", "").startswith(("data:", "blob:")):
            self.sent.add(event["requestId"])

    def _received(self, event: dict[str, Any]) -> None:
        response = event.get("response", {})
        if response.get("fromDiskCache") or response.get("fromMemoryCache"):
            self.cached.add(event["requestId"])

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    @property
    def requests(self) -> int:
        """Requests that reached the server (a file from the browser's cache is not one)."""
        return len(self.sent - self.cached)


def visit(context: Any, url: str) -> dict[str, Any]:
    """Open ``url`` in a new tab of ``context`` under the mobile profile; return figures."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    traffic = Traffic(cdp)
    page.add_init_script(WATCH_JS)
    result: dict[str, Any] = {"heading": None, "widget": None}
    try:
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_function("() => window.__rbWidget !== undefined", timeout=120_000)
        page.wait_for_load_state("load", timeout=120_000)
        page.wait_for_timeout(500)  # late requests (theme, icons) count too
        times = page.evaluate("() => [window.__rbHeading, window.__rbWidget]")
        result = {
            key: None if t is None else t / 1000 for key, t in zip(("heading", "widget"), times)
        }
    except Exception as exc:  # noqa: BLE001 - a page that never shows is a result
        print(f"  {url}: {type(exc).__name__}", file=sys.stderr)
    result.update(requests=traffic.requests, bytes=traffic.bytes)
    page.close()
    return result


def measure(browser: Any, url: str, names: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every page in turn, ``RUNS`` rounds: a cold visit, then a warm one in the same context."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {n: {"cold": [], "warm": []} for n in names}
    # One visit first, not counted: a server's first page pays for its own start-up.
    context = browser.new_context(viewport=PHONE)
    visit(context, f"{url}/voila/render/{names[0]}")
    context.close()
    for round_no in range(RUNS):
        for name in names:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            found[name]["cold"].append(visit(context, f"{url}/voila/render/{name}"))
            found[name]["warm"].append(visit(context, f"{url}/voila/render/{name}"))
            context.close()
        print(f"  phone round {round_no + 1} of {RUNS} done", file=sys.stderr, flush=True)
    return found


def median(visits: list[dict[str, Any]], key: str) -> float | None:
    values = [v[key] for v in visits if v.get(key) is not None]
    return statistics.median(values) if values else None


def cell(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value / 1e6:.2f} MB"
    if unit == "s":
        return f"{value:.1f} s"
    return f"{value:.0f}"


def stock_voila(project: Any) -> Any:
    """Serve the bare notebook with stock Voila: its own template, no rollbook settings."""
    folder = project / "stock"
    folder.mkdir()
    shutil.copy(project / "notebooks" / BARE, folder / BARE)
    return folder


def main() -> None:
    from playwright.sync_api import sync_playwright

    project = project_copy()
    names = [n for n in pages(project) if n == BARE or not ONLY or n.startswith(ONLY)]
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with sync_playwright() as pw:
        kwargs = launch_kwargs()
        # Stock Voila asks a public CDN for Font Awesome: no name resolves but this
        # machine's. (Routing requests through Playwright instead would switch off the
        # browser's cache, which the warm visits measure.)
        kwargs["args"] = [
            *kwargs["args"],
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]
        browser = pw.chromium.launch(**kwargs)
        with server(project, *NEW_KERNEL_PER_VISIT) as (url, _srv):
            results.update(measure(browser, url, names))
        with server(project) as (url, _srv):  # the app's own settings
            served = measure(browser, url, [n for n in names if n != BARE])
        stock = stock_voila(project)
        handle = start_stock_voila(stock, {}, project / "stock-home")
        try:
            results[STOCK] = measure(browser, handle.url, [BARE])[BARE]
        finally:
            stop_server(handle)
        browser.close()

    profile = "Phone: 390x844, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip"
    print(f"\n{profile} ({RUNS} rounds; medians; a new kernel on every visit)\n")
    print_table(results, [STOCK, BARE, *[n for n in names if n != BARE]])
    print(f"\n{profile} ({RUNS} rounds; medians; the app's own settings)\n")
    print_table(served, list(served))
    shutil.rmtree(project, ignore_errors=True)


def print_table(results: dict[str, dict[str, list[dict[str, Any]]]], order: list[str]) -> None:
    """Print one row per page: bytes, requests, heading and first widget, cold then warm."""
    head = ("page", "cold MB", "req", "heading", "widget", "warm MB", "req", "heading", "widget")
    print(f"{head[0]:34} " + " ".join(f"{h:>8}" for h in head[1:]))
    for name in order:
        row = results[name]
        label = "bare notebook, stock Voila" if name == STOCK else name.removesuffix(".ipynb")
        if name == BARE:
            label = "bare notebook, rollbook server"
        cells = []
        for mode in ("cold", "warm"):
            cells += [
                cell(median(row[mode], "bytes"), "MB"),
                cell(median(row[mode], "requests"), ""),
                cell(median(row[mode], "heading"), "s"),
                cell(median(row[mode], "widget"), "s"),
            ]
        failures = sum(v["widget"] is None for mode in ("cold", "warm") for v in row[mode])
        print(
            f"{label:34} "
            + " ".join(f"{c:>8}" for c in cells)
            + (f"  ({failures} visits never showed a widget)" if failures else "")
        )


if __name__ == "__main__":
    main()
