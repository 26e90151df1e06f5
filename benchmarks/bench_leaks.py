"""Print kernel memory and open widgets while a runner saves page 05 fifty times.

Run: make bench   (or .venv/bin/python benchmarks/bench_leaks.py)

The real app (as ``rollbook app`` starts it) in Chromium: add a runner, log a day,
then press Save 50 more times, changing the distance each time (every save redraws
the charts and rebuilds the CSV download). The kernel's resident memory (RSS) and its
number of open comms (one per widget) are read after the first save, after 10 and
after 50. Issue 15's target: RSS after 50 saves within 5 % of RSS after 10 (the first
saves warm caches), and the same number of comms. Figures, never assertions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, open_page
from tests.browser.server import kernel_processes, start_server, stop_server

TRACK = "05_track_progress.ipynb"
SAVES = 50


def comm_count(base: str, kernel_id: str) -> int:
    """Ask the kernel how many comms (widgets) it has open (-1 if it does not say)."""
    import websocket

    url = base.replace("http://", "ws://") + (
        f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    )
    sock = websocket.create_connection(url, timeout=5, suppress_origin=True)
    try:
        # Asked again every 10 s: while Jupyter Server is still "nudging" a new
        # connection, other shell replies are dropped.
        for _ in range(6):
            header = {
                "msg_id": uuid.uuid4().hex,
                "username": "bench",
                "session": uuid.uuid4().hex,
                "msg_type": "comm_info_request",
                "version": "5.3",
                "date": "",
            }
            message = {
                "header": header,
                "parent_header": {},
                "metadata": {},
                "content": {},
                "channel": "shell",
                "buffers": [],
            }
            sock.send(json.dumps(message))
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    raw = sock.recv()
                except websocket.WebSocketTimeoutException:
                    continue
                text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                if re.search(r'"msg_type":\s*"comm_info_reply"', text):
                    return len(json.loads(text)["content"]["comms"])
        print("  no comm_info_reply within 60 s", file=sys.stderr)
        return -1
    finally:
        sock.close()


def wait_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
        arg=[selector, text],
        timeout=60_000,
    )


def save(page: Any, day: dt.date, km: int) -> None:
    page.locator(".rb-log-date input").fill(day.isoformat())
    page.locator(".rb-log-km input").fill(str(km))
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(150)
    page.locator("button.rb-log-save").click()


def main() -> None:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="rb-bench-leaks-")) / "home"
    handle = start_server(home)
    rows: list[tuple[str, float, int, float]] = []
    try:
        with sync_playwright() as pw:
            kwargs: dict[str, Any] = {"args": CHROMIUM_FLAGS[1:], "headless": True}
            if Path(DEBIAN_CHROMIUM).exists():
                kwargs["executable_path"] = DEBIAN_CHROMIUM
            browser = pw.chromium.launch(**kwargs)
            page = browser.new_page()
            open_page(page, handle.url, TRACK)
            page.locator(".rb-profile-name input").fill("Bench Runner")
            page.locator("button.rb-profile-create").click()
            wait_text(page, ".rb-profile-feedback", "Added Bench Runner")
            match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
            assert match, "the page names its kernel"
            kernel_id = match.group(1)
            process = kernel_processes(handle)[kernel_id]
            today = dt.date.today()
            started = time.monotonic()
            for n in range(SAVES + 1):
                save(page, today, 3 + n % 20)
                wait_text(page, ".rb-log-msg", "Saved" if n == 0 else "Updated")
                if n in (0, 10, 30, SAVES):
                    page.wait_for_timeout(1000)  # let the last redraw finish
                    rss = process.memory_info().rss / 2**20
                    rows.append(
                        (
                            f"after save {n + 1}",
                            rss,
                            comm_count(handle.url, kernel_id),
                            time.monotonic() - started,
                        )
                    )
            browser.close()
    finally:
        stop_server(handle)
    print(f"\nPage 05, {SAVES + 1} saves in the browser (kernel of that page)\n")
    print(f"{'when':16} {'RSS MiB':>8} {'comms':>6} {'elapsed s':>10}")
    for label, rss, comms, elapsed in rows:
        print(f"{label:16} {rss:8.1f} {comms:6d} {elapsed:10.1f}")
    warm, later, last = rows[1], rows[2], rows[3]
    change = (last[1] - warm[1]) / warm[1] * 100
    tail = (last[1] - later[1]) / later[1] * 100
    print(
        f"\nRSS from save 11 to save {SAVES + 1}: {change:+.1f} %, from save 31: {tail:+.1f} % "
        f"(target: within 5 %); comms {warm[2]} -> {last[2]} (target: equal)"
    )


if __name__ == "__main__":
    main()
