"""Phones on mobile networks (issue 18): every text response compressed, hashed files cached.

Speed itself is measured by ``benchmarks/bench_phone.py`` (``make bench``); these tests
check the behaviour that makes a page lighter on a phone: every text response is
compressed, files whose URL names their content are cached for good and not asked for
again on the next page, and every other file is revalidated so an update shows at once.
"""

from __future__ import annotations

import asyncio
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from rollbook.app import webperf

from .conftest import PHONE, open_page

PLAN = "03_build_your_plan.ipynb"
START = "00_start_here.ipynb"
TEXT_TYPES = ("text/", "javascript", "json", "image/svg+xml")


def gzip_get(url: str) -> httpx.Response:
    return httpx.get(url, headers={"Accept-Encoding": "gzip"}, timeout=60)


def test_every_text_response_of_a_page_is_compressed(page: Any, voila_server: str) -> None:
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.set_viewport_size(PHONE)
    open_page(page, voila_server, PLAN)
    checked = 0
    for response in responses:
        kind = response.headers.get("content-type", "")
        if not response.url.startswith(voila_server):
            continue  # blob: URLs the page makes itself
        if response.status != 200 or not any(t in kind for t in TEXT_TYPES):
            continue
        if len(response.body()) < 1024:  # too short to gain anything (Tornado's rule)
            continue
        assert response.headers.get("content-encoding") == "gzip", response.url
        checked += 1
    assert checked >= 5, "the page should load its HTML, its styles and its scripts"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (f"/voila/render/{START}", "text/html"),
        ("/voila/static/voila.js", "javascript"),
        ("/voila/templates/rollbook/static/rollbook.css", "text/css"),
        ("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json", "json"),
    ],
)
def test_each_kind_of_text_is_compressed(voila_server: str, path: str, kind: str) -> None:
    response = gzip_get(voila_server + path)
    assert response.status_code == 200
    assert kind in response.headers["content-type"]
    assert response.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in response.headers.get("vary", "")


def test_svg_is_compressed(voila_server: str) -> None:
    static = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "base" / "static"
    svg = next((p for p in static.glob("*.svg") if p.stat().st_size > 2048), None)
    if svg is None:
        pytest.skip("this Voila ships no SVG in its bundle")
    response = gzip_get(f"{voila_server}/voila/static/{svg.name}")
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers.get("content-encoding") == "gzip"


def test_a_compressed_file_is_the_same_file(voila_server: str) -> None:
    plain = httpx.get(
        f"{voila_server}/voila/static/voila.js", headers={"Accept-Encoding": "identity"}
    )
    assert plain.headers.get("content-encoding") is None
    for _ in range(2):  # the second answer comes from the kept compressed bytes
        packed = gzip_get(f"{voila_server}/voila/static/voila.js")
        assert packed.headers.get("content-encoding") == "gzip"
        assert packed.content == plain.content  # httpx undoes the gzip


def test_hashed_files_are_cached_for_good_and_not_asked_for_again(
    page: Any, voila_server: str
) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen: list[dict[str, Any]] = []
    asked: dict[str, str] = {}
    loaded: set[str] = set()
    cached: set[str] = set()

    def sent(event: dict[str, Any]) -> None:
        if event.get("type") in ("Script", "Stylesheet"):  # the browser fetches icons apart
            asked[event["requestId"]] = event["request"]["url"]

    cdp.on("Network.responseReceived", lambda event: seen.append(event["response"]))
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", lambda event: loaded.add(event["requestId"]))
    cdp.on("Network.requestServedFromCache", lambda event: cached.add(event["requestId"]))
    open_page(page, voila_server, START)

    hashed = [
        r for r in seen if "/voila/templates/rollbook/static/" in r["url"] and "?v=" in r["url"]
    ]
    assert len(hashed) >= 6, "the template's own files should carry ?v=<hash>"
    names = " ".join(r["url"] for r in hashed)
    assert "rollbook-page.js" in names and "rollbook-page.css" in names
    for response in hashed:
        headers = {k.lower(): v for k, v in response["headers"].items()}
        assert headers.get("cache-control") == webperf.IMMUTABLE, response["url"]

    # The next page, as a runner goes on through the workbook: every script and style
    # the first page loaded comes straight from the browser's cache, not even revalidated.
    first = {url for rid, url in asked.items() if rid in loaded}
    asked.clear()
    open_page(page, voila_server, "02_how_compensation_travels.ipynb")
    again = {rid: url for rid, url in asked.items() if url in first}
    assert len(again) >= 5, "the next page should use the same script and styles"
    for rid, url in again.items():
        assert rid in cached, f"asked the server again for {url}"


@pytest.mark.parametrize(
    "path",
    ["/voila/static/7155.voila.js", "/voila/templates/rollbook/static/rollbook.css"],
)
def test_files_without_a_hash_in_their_url_are_revalidated(voila_server: str, path: str) -> None:
    first = httpx.get(voila_server + path, timeout=60)
    if first.status_code == 404:
        pytest.skip(f"this Voila has no {path}")
    assert first.headers["cache-control"] == webperf.REVALIDATE
    assert "expires" not in first.headers
    etag = first.headers["etag"]
    again = httpx.get(voila_server + path, headers={"If-None-Match": etag}, timeout=60)
    assert again.status_code == 304


def test_a_wrong_version_is_not_cached_for_good(voila_server: str) -> None:
    response = httpx.get(
        f"{voila_server}/voila/templates/rollbook/static/rollbook.css?v=0123456789", timeout=60
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == webperf.REVALIDATE


def test_a_page_loads_one_script_of_its_own_and_few_files(page: Any, voila_server: str) -> None:
    # Voila's own front end made about 100 requests per first visit; rollbook's page
    # script is one file (issue 18, item 3).
    requests: list[Any] = []
    # blob: URLs are the page's own modules (anywidget), made in the browser.
    page.on("request", lambda r: requests.append(r) if r.url.startswith("http") else None)
    open_page(page, voila_server, PLAN)
    scripts = [r.url for r in requests if r.resource_type == "script"]
    own = [u for u in scripts if "/static/page/rollbook-page.js" in u]
    assert len(own) == 1, scripts
    assert not [u for u in scripts if "/voila/static/" in u or "/labextensions/" in u], scripts
    assert len(requests) <= 20, [r.url for r in requests]


def test_icon_fonts_are_cached_for_good(page: Any, voila_server: str) -> None:
    fonts: list[Any] = []
    page.on("response", lambda r: fonts.append(r) if r.url.endswith(".woff2") else None)
    # Wait for the font itself: the browser asks for it only once it lays out an icon, and
    # the widgets arrive over the websocket, which "network idle" does not count (so that
    # wait could end first and fail now and then).
    with page.expect_response(lambda r: r.url.endswith(".woff2"), timeout=60_000):
        open_page(page, voila_server, PLAN)
        # The "Add runner" button is always shown and has an icon.
        page.locator(".rb-profile-create i.fa").wait_for(state="visible", timeout=60_000)
    assert fonts, "a button with an icon should load the icon font"
    for response in fonts:
        assert response.status == 200
        assert response.headers.get("cache-control") == webperf.IMMUTABLE, response.url


def test_the_kernel_websocket_is_compressed(voila_server: str) -> None:
    # The widgets' states and every change travel on it as JSON (issue 18).
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    page = httpx.get(f"{voila_server}/voila/render/{START}", timeout=120)
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.text)
    assert kernel, "the page should name its kernel"
    cookies = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
    url = voila_server.replace("http", "ws", 1) + f"/api/kernels/{kernel.group(1)}/channels"

    async def handshake() -> str:
        request = HTTPRequest(url, headers={"Origin": voila_server, "Cookie": cookies})
        connection = await websocket_connect(request, compression_options={})
        try:
            headers = connection.headers
            return str(headers.get("Sec-WebSocket-Extensions", "")) if headers else ""
        finally:
            connection.close()

    # In a thread of its own: Playwright's sync API may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        extensions = pool.submit(lambda: asyncio.run(handshake())).result(timeout=60)
    assert "permessage-deflate" in extensions
