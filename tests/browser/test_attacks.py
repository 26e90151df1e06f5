"""Each attack of issue 15, repeated against the running app: refused or bounded.

A hostile web page, or a curious visitor, can send any HTTP request and any kernel
message the browser can. These tests do what the attacker did: forge Host and Origin
(DNS rebinding), flood ``comm_open``, send values the kernel rejects and look for a
traceback on the socket, send ``shutdown_request``, save absurd dates, upload files
that are too big, open page after page, and push a kernel's memory up. Widget leaks
are counted through the kernel's own list of open comms.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from .conftest import open_page, screenshot, store_at
from .pageactions import add_runner, choose_csv_file, wait_text
from .server import ServerHandle, kernel_processes, start_server, stop_server

START = "00_start_here.ipynb"
TRACK = "05_track_progress.ipynb"
LEAKS = ("Traceback", "site-packages", 'File "', ".py:", "TraitError", "/home/", "/tmp/")


# --- helpers: the kernel socket as an attacker uses it ----------------------------------


def _kernel_id(html: str) -> str:
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
    assert match, "the rendered page names its kernel"
    return match.group(1)


def _socket(base: str, kernel_id: str, host: str | None = None, origin: str | None = None) -> Any:
    """Open the kernel socket as a script would: no Origin unless one is given."""
    import websocket

    url = base.replace("http://", "ws://") + (
        f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    )
    return websocket.create_connection(
        url, timeout=5, host=host, origin=origin, suppress_origin=origin is None
    )


def _send(sock: Any, msg_type: str, content: dict[str, Any], channel: str = "shell") -> str:
    msg_id = uuid.uuid4().hex
    sock.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "visitor",
                    "session": uuid.uuid4().hex,
                    "msg_type": msg_type,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": channel,
                "buffers": [],
            }
        )
    )
    return msg_id


def _frames(sock: Any, seconds: float, until: str | None = None) -> list[tuple[str, str]]:
    """Return (msg_type, raw text) of the frames that arrive within ``seconds``.

    With ``until``, stop as soon as a message of that type has arrived.
    """
    import websocket

    seen: list[tuple[str, str]] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            raw = sock.recv()
        except websocket.WebSocketTimeoutException:
            continue
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        match = re.search(r'"msg_type":\s*"([a-z_]+)"', text)
        seen.append((match.group(1) if match else "?", text))
        if until is not None and seen[-1][0] == until:
            break
    return seen


def _comm_ids(sock: Any, target: str | None = "jupyter.widget") -> set[str]:
    """Ask the kernel which comms (widgets) it has open right now.

    Asked again every 10 s: while Jupyter Server is still "nudging" a new connection
    (kernel_info requests until the kernel answers), other shell replies are dropped.
    """
    for _ in range(6):
        _send(sock, "comm_info_request", {"target_name": target} if target else {})
        for msg_type, text in _frames(sock, 10, until="comm_info_reply"):
            if msg_type == "comm_info_reply":
                return set(json.loads(text)["content"]["comms"])
    raise AssertionError("no comm_info_reply")


def _page_kernel(base: str, notebook: str = START) -> tuple[str, httpx.Response]:
    page = httpx.get(f"{base}/voila/render/{notebook}", timeout=120)
    assert page.status_code == 200
    return _kernel_id(page.text), page


def _wait_until_handled(sock: Any, msg_id: str, seconds: float = 20.0) -> None:
    """Read frames until the kernel reports idle after message ``msg_id`` (or time passes)."""
    import websocket

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            raw = sock.recv()
        except websocket.WebSocketTimeoutException:
            continue
        if len(raw) > 100_000:  # an echo of what was sent: not the status
            continue
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        if '"idle"' in text and msg_id in text:
            message = json.loads(text)
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                return


def _rss_or_zero(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except psutil.Error:
        return 0


# --- 1. DNS rebinding: Host and Origin --------------------------------------------------


@pytest.mark.parametrize(
    "path", [f"/voila/render/{START}", "/voila/static/voila.js", "/", "/voila/tree", "/login"]
)
def test_forged_host_gets_a_bare_403(voila_server: str, path: str) -> None:
    port = voila_server.rsplit(":", 1)[1]
    response = httpx.get(
        voila_server + path,
        headers={
            "Host": f"rebind.attacker.test:{port}",
            "Origin": f"http://rebind.attacker.test:{port}",
        },
        timeout=60,
    )
    assert response.status_code == 403
    assert response.text == "403 Forbidden\n"
    assert "set-cookie" not in response.headers


def test_forged_host_cannot_shut_a_kernel_down(voila_handle: ServerHandle) -> None:
    kernel_id, page = _page_kernel(voila_handle.url)
    port = voila_handle.port
    response = httpx.post(
        f"{voila_handle.url}/voila/api/shutdown/{kernel_id}",
        headers={"Host": f"rebind.attacker.test:{port}"},
        cookies=page.cookies,
        timeout=30,
    )
    assert response.status_code == 403
    assert kernel_id in kernel_processes(voila_handle)


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("rebind.attacker.test:{port}", "http://rebind.attacker.test:{port}"),
        ("rebind.attacker.test:{port}", None),
        ("127.0.0.1:{port}", "http://evil.test"),
        ("127.0.0.1:{port}", "null"),
    ],
)
def test_forged_host_or_origin_cannot_open_the_kernel_socket(
    voila_server: str, host: str, origin: str | None
) -> None:
    import websocket

    kernel_id, _ = _page_kernel(voila_server)
    port = voila_server.rsplit(":", 1)[1]
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        _socket(
            voila_server,
            kernel_id,
            host=host.format(port=port),
            origin=origin.format(port=port) if origin else None,
        )
    assert refused.value.status_code == 403


def test_the_app_itself_still_opens_the_socket(voila_server: str) -> None:
    kernel_id, _ = _page_kernel(voila_server)
    port = voila_server.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        sock = _socket(voila_server, kernel_id, host=host, origin=f"http://{host}")
        try:
            _send(sock, "kernel_info_request", {})
            assert "kernel_info_reply" in [t for t, _ in _frames(sock, 30, "kernel_info_reply")]
        finally:
            sock.close()


# --- 2. comm_open flood, 6. kernel control ----------------------------------------------


def test_comm_open_flood_makes_no_widgets(voila_handle: ServerHandle) -> None:
    kernel_id, _ = _page_kernel(voila_handle.url)
    sock = _socket(voila_handle.url, kernel_id)
    try:
        before = _comm_ids(sock)
        rss_before = kernel_processes(voila_handle)[kernel_id].memory_info().rss
        big = "x" * 1_000_000
        for _ in range(40):
            _send(
                sock,
                "comm_open",
                {
                    "comm_id": uuid.uuid4().hex,
                    "target_name": "jupyter.widget",
                    "data": {
                        "state": {
                            "_model_name": "TextModel",
                            "_model_module": "@jupyter-widgets/controls",
                            "_model_module_version": "2.0.0",
                            "value": big,
                        },
                        "buffer_paths": [],
                    },
                },
            )
        after = _comm_ids(sock)
        rss_after = kernel_processes(voila_handle)[kernel_id].memory_info().rss
    finally:
        sock.close()
    assert after == before, "a visitor made widgets in the kernel"
    assert rss_after - rss_before < 20 * 2**20, "40 MB sent to the kernel stayed there"


@pytest.mark.parametrize("channel", ["shell", "control"])
def test_shutdown_and_restart_requests_are_dropped(
    voila_handle: ServerHandle, channel: str
) -> None:
    kernel_id, _ = _page_kernel(voila_handle.url)
    process = kernel_processes(voila_handle)[kernel_id]
    sock = _socket(voila_handle.url, kernel_id)
    try:
        for restart in (True, False, True):
            _send(sock, "shutdown_request", {"restart": restart}, channel=channel)
        _send(sock, "interrupt_request", {}, channel="control")
        _send(sock, "debug_request", {"command": "initialize"}, channel="control")
        seen = _frames(sock, 4)
        _send(sock, "kernel_info_request", {})
        seen += _frames(sock, 30, until="kernel_info_reply")
    finally:
        sock.close()
    types = [t for t, _ in seen]
    assert "shutdown_reply" not in types and "debug_reply" not in types
    assert not any('"restarting"' in text or '"dead"' in text for _, text in seen)
    assert "kernel_info_reply" in types, "the kernel must still answer"
    assert process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    assert kernel_processes(voila_handle)[kernel_id].pid == process.pid


# --- 4. tracebacks over the socket ------------------------------------------------------


def test_rejected_values_send_no_traceback_to_the_browser(voila_handle: ServerHandle) -> None:
    kernel_id, _ = _page_kernel(voila_handle.url, TRACK)
    sock = _socket(voila_handle.url, kernel_id)
    try:
        comms = _comm_ids(sock)
        assert len(comms) > 10
        for comm_id in comms:
            for state in ({"index": 99999}, {"value": {"not": "valid"}}, {"disabled": "x"}):
                _send(
                    sock,
                    "comm_msg",
                    {
                        "comm_id": comm_id,
                        "data": {"method": "update", "state": state, "buffer_paths": []},
                    },
                )
        seen = _frames(sock, 8)
    finally:
        sock.close()
    assert seen, "the kernel answered nothing at all"
    assert "error" not in [t for t, _ in seen]
    for _, text in seen:
        for leak in LEAKS:
            assert leak not in text, f"{leak!r} reached the browser"
    assert "TraitError" in voila_handle.log(), "the rejected values are logged on the server"


# --- 3. leaks, 5. dates and sizes (as a runner would do it, in the browser) -------------


def _save(page: Any, day: dt.date, km: str) -> None:
    page.locator(".rb-log-date input").fill(day.isoformat())
    page.locator(".rb-log-km input").fill(km)
    page.locator(".rb-log-km input").press("Tab")
    page.wait_for_timeout(200)
    page.locator("button.rb-log-save").click()


def test_repeated_saves_leave_the_open_widgets_flat(page: Any, voila_handle: ServerHandle) -> None:
    open_page(page, voila_handle.url, TRACK)
    add_runner(page, "Leak Counter")
    today = dt.date.today()
    kernel_id = _kernel_id(page.content())
    _save(page, today, "3")
    wait_text(page, ".rb-log-msg", "Saved")
    sock = _socket(voila_handle.url, kernel_id)
    try:
        before = len(_comm_ids(sock, None))
        for i in range(10):
            _save(page, today, str(4 + i))
            wait_text(page, ".rb-log-msg", "Updated")
        page.wait_for_timeout(500)
        after = len(_comm_ids(sock, None))
    finally:
        sock.close()
    assert after == before, f"10 saves left {after - before} more widgets open"


def test_absurd_dates_are_refused_on_the_page(page: Any, voila_handle: ServerHandle) -> None:
    open_page(page, voila_handle.url, TRACK)
    add_runner(page, "Old Dates")
    for day in (dt.date(1900, 1, 1), dt.date(1999, 12, 31)):
        _save(page, day, "5")
        wait_text(page, ".rb-log-msg", "before 2000-01-01")
    store = store_at(voila_handle.home)
    runner = store.find_profile("Old Dates")
    assert runner is not None and store.list_entries(runner) == []


def test_csv_with_absurd_dates_is_refused(
    page: Any, voila_handle: ServerHandle, tmp_path: Path
) -> None:
    open_page(page, voila_handle.url, TRACK)
    add_runner(page, "Old Csv")
    csv = tmp_path / "old.csv"
    header = "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
    csv.write_text(header + "0001-01-01,knee,2,2,,5,0,no,\n2020-01-01,knee,2,2,,5,0,no,\n")
    choose_csv_file(page, csv)
    wait_text(page, ".rb-csv-msg", "Line 2")
    assert "before 2000-01-01" in page.inner_text(".rb-csv-msg")
    runner = store_at(voila_handle.home).find_profile("Old Csv")
    assert runner is not None and store_at(voila_handle.home).list_entries(runner) == []


def test_a_big_upload_gets_a_message_and_the_control_keeps_working(
    page: Any, voila_handle: ServerHandle, tmp_path: Path
) -> None:
    open_page(page, voila_handle.url, TRACK)
    add_runner(page, "Big File")
    big = tmp_path / "huge.csv"
    with big.open("wb") as out:
        out.write(b"date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n")
        out.write(b"2020-01-01,knee,2,2,,5,0,no,padding\n" * 650_000)  # about 23 MB
    choose_csv_file(page, big)
    page.wait_for_selector(".rb-upload-refused", timeout=30_000)
    assert "huge.csv is too big" in page.inner_text(".rb-upload-refused")
    page.locator(".rb-upload-refused").scroll_into_view_if_needed()
    screenshot(page, "attack-upload-too-big")
    # The connection is still up: a good file right after imports.
    good = tmp_path / "good.csv"
    good.write_text(
        "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
        f"{dt.date.today().isoformat()},knee,2,2,,5,0,no,\n"
    )
    choose_csv_file(page, good)
    wait_text(page, ".rb-csv-msg", "Imported 1 entry")
    assert page.locator(".rb-upload-refused").count() == 0
    assert page.locator(".rb-kernel-ended").count() == 0


# --- 2. bounds: open pages, kernel memory -----------------------------------------------


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    home = tmp_path_factory.mktemp("bounded") / "home"
    env = {
        "ROLLBOOK_MAX_PAGES_PER_VISITOR": "2",
        "ROLLBOOK_MAX_PAGES": "4",
        "ROLLBOOK_KERNEL_MEMORY_MB": "250",
    }
    handle = start_server(home, extra_env=env)
    yield handle
    stop_server(handle)


def test_too_many_pages_in_one_browser_get_a_clear_page(
    browser: Any, bounded: ServerHandle
) -> None:
    context = browser.new_context()
    try:
        first, second, third = (context.new_page() for _ in range(3))
        open_page(first, bounded.url, START)
        open_page(second, bounded.url, START)
        response = third.goto(f"{bounded.url}/voila/render/{START}")
        assert response is not None and response.status == 429
        assert "Too many pages are open." in third.inner_text("body")
        assert third.locator("button", has_text="Reload the page").is_visible()
        screenshot(third, "attack-too-many-pages")
        # Closing a page frees its place (the tab's beacon shuts its kernel down).
        first.close(run_before_unload=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            response = third.goto(f"{bounded.url}/voila/render/{START}")
            if response is not None and response.status == 200:
                break
            time.sleep(1)
        assert response is not None and response.status == 200
    finally:
        context.close()


def test_too_many_pages_in_total_are_refused(bounded: ServerHandle) -> None:
    seen = []
    for _ in range(6):  # each plain client is a new visitor; the total holds them
        response = httpx.get(f"{bounded.url}/voila/render/{START}", timeout=120)
        seen.append(response.status_code)
    assert 503 in seen and seen.count(200) <= 4
    refused = httpx.get(f"{bounded.url}/voila/render/{START}", timeout=60)
    assert refused.status_code == 503
    assert "Too many pages are open." in refused.text
    assert "Traceback" not in refused.text


def test_a_runaway_kernel_is_ended_and_the_page_says_so(
    browser: Any, bounded: ServerHandle
) -> None:
    import websocket

    # Wait until the plain clients' kernels of the test above are culled.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(kernel_processes(bounded, pool_born=False)) > 1:
        time.sleep(2)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_page(page, bounded.url, TRACK)
        kernel_id = _kernel_id(page.content())
        process = kernel_processes(bounded)[kernel_id]
        limits = Path(f"/proc/{process.pid}/limits")
        if limits.exists():
            assert re.search(r"Max data size\s+\d+", limits.read_text()), "data segment capped"
        sock = _socket(bounded.url, kernel_id)
        try:
            comms = sorted(_comm_ids(sock))
            big = "x" * 9_000_000
            limit = 250 * 2**20
            # Any synced text trait holds what it is sent: fill them until the kernel
            # passes its limit (250 MiB here), then stop. One trait per message keeps
            # each under the socket's 10 MiB limit. The kernel echoes each update to
            # the open page too, so send one at a time and wait for the kernel to take
            # it: a flood far past the limit would only bury the page in echoes.
            # The tooltip goes first: the page holds it as an attribute, not as text.
            for name in ("tooltip", "placeholder", "value", "description"):
                for comm_id in comms:
                    content = {
                        "method": "update",
                        "state": {name: big + comm_id},
                        "buffer_paths": [],
                    }
                    msg_id = _send(sock, "comm_msg", {"comm_id": comm_id, "data": content})
                    _wait_until_handled(sock, msg_id)
                    if _rss_or_zero(process) > limit:
                        break
                if _rss_or_zero(process) > limit:
                    break
        except (OSError, websocket.WebSocketException):
            closed_early = True  # the server may close the socket under us: the point
        else:
            closed_early = False
        finally:
            sock.close()
        page.wait_for_selector(".rb-kernel-ended", timeout=90_000)
        assert "This page has stopped working." in page.inner_text(".rb-kernel-ended")
        screenshot(page, "attack-kernel-ended")
        assert not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
        assert "over the 250 MiB limit per kernel" in bounded.log(), f"closed early: {closed_early}"
    finally:
        context.close()
