"""Compression and caching for phones (issue 18), without a browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rollbook.app import webperf


@pytest.mark.parametrize(
    "path",
    [
        "/voila/static/9834b82ad26e2a37583d.woff2",
        "/voila/static/9674eb1bd55047179038.svg",
        "/voila/labextensions/jupyterlab_pygments/static/remoteEntry.5cbb9d2323598fbda535.js",
        "/voila/labextensions/anywidget/static/2.3dbf81c0.js",
        "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/84.09c61a35dce1705f.js",
    ],
)
def test_names_made_of_a_content_hash_are_kept_for_good(path: str) -> None:
    assert webperf.cache_policy(path) == webperf.IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/voila/static/7155.voila.js",  # a chunk id, not a content hash
        "/voila/static/voila.js",
        "/voila/static/voila-style.js",
        "/voila/templates/rollbook/static/rollbook.css",
        "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/style.js",
        "/voila/labextensions/anywidget/package.json",
    ],
)
def test_other_names_are_revalidated(path: str) -> None:
    assert webperf.cache_policy(path) == webperf.REVALIDATE


def test_versioned_urls_and_matching_query_versions_are_kept_for_good() -> None:
    assert webperf.cache_policy("/voila/static/7155.voila.js", versioned=True) == webperf.IMMUTABLE
    assert webperf.cache_policy("/x/rollbook.css", version_ok=True) == webperf.IMMUTABLE


def test_static_digest_follows_content(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("one", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.js").write_text("two", encoding="utf-8")
    first = webperf.static_digest([str(tmp_path)])
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert webperf.static_digest([str(tmp_path)]) == first
    (tmp_path / "sub" / "b.js").write_text("three", encoding="utf-8")
    assert webperf.static_digest([str(tmp_path)]) != first


def test_page_config_points_the_bundle_at_the_versioned_route() -> None:
    config = {"fullStaticUrl": "/base/voila/static", "other": 1}
    out = webperf.versioned_static_url(config, "abc123")
    assert out["fullStaticUrl"] == "/base/voila/static/v-abc123"
    # Applying it twice (a warm kernel's page, then a visitor's) changes nothing more.
    assert (
        webperf.versioned_static_url(out, "abc123")["fullStaticUrl"]
        == "/base/voila/static/v-abc123"
    )


def test_settings_turn_compression_on() -> None:
    assert webperf.adapt_settings({"a": 1}) == {
        "a": 1,
        "compress_response": True,
        "websocket_compression_options": {},
    }


def test_handlers_gain_the_cache_policy_and_the_versioned_route(tmp_path: Path) -> None:
    from jupyter_server.base.handlers import FileFindHandler
    from voila.static_file_handler import (
        AllowListFileHandler,
        MultiStaticFileHandler,
        TemplateStaticFileHandler,
    )

    handlers = [
        ("/voila/templates/(.*)", TemplateStaticFileHandler),
        ("/voila/static/(.*)", MultiStaticFileHandler, {"paths": ["/x", str(tmp_path)]}),
        ("/voila/labextensions/(.*)", FileFindHandler, {"path": ["/y"]}),
        ("/voila/files/(.*)", AllowListFileHandler, {"path": "/z"}),
        ("/other", object),
    ]
    (tmp_path / "voila.js").write_text("bundle", encoding="utf-8")
    out = webperf.adapt_handlers(handlers, "d1g35t")
    assert out[0][0] == "/voila/static/v-d1g35t/(.*)"
    assert issubclass(out[0][1], MultiStaticFileHandler) and out[0][1].versioned
    # The versioned route serves only the bundle's folder, the files the digest covers.
    assert out[0][2] == {"paths": [str(tmp_path)]}
    by_pattern = {spec[0]: spec[1] for spec in out[1:]}
    for pattern in ("/voila/templates/(.*)", "/voila/static/(.*)", "/voila/labextensions/(.*)"):
        assert issubclass(by_pattern[pattern], webperf.CachePolicyMixin)
        assert not by_pattern[pattern].versioned
    # The notebooks' files keep Voila's own handler (its allow-list stays in charge).
    assert by_pattern["/voila/files/(.*)"] is AllowListFileHandler
    assert by_pattern["/other"] is object


def serve(
    body: bytes, pieces: int = 3, etag: str = '"e1"', method: str = "GET"
) -> tuple[Any, bytes]:
    """Send ``body`` in pieces through a CachedGzip, as a static handler does."""
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    request = HTTPServerRequest(
        start_line=RequestStartLine(method, "/voila/static/x.js", "HTTP/1.1"),
        headers=HTTPHeaders({"Accept-Encoding": "gzip", "Host": "127.0.0.1"}),
    )
    transform = webperf.CachedGzip(request)
    headers = HTTPHeaders({"Content-Type": "text/javascript", "Etag": etag})
    headers["Content-Length"] = str(len(body))
    size = len(body) // pieces + 1
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    _status, headers, out = transform.transform_first_chunk(200, headers, parts[0], False)
    for part in parts[1:]:
        out += transform.transform_chunk(part, False)
    out += transform.transform_chunk(b"", True)
    return headers, out


def test_compressed_static_files_are_kept_and_sent_again() -> None:
    import gzip

    webperf.CachedGzip.kept.clear()
    webperf.CachedGzip.kept_bytes = 0
    body = b"console.log('rollbook');\n" * 4000
    first_headers, first = serve(body)
    assert first_headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in first_headers
    assert gzip.decompress(first) == body
    assert webperf.CachedGzip.kept_bytes == len(first)
    again_headers, again = serve(body)
    assert again == first  # the kept bytes, not compressed again
    assert again_headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again_headers["Vary"]
    # A changed file has another validator: compressed afresh.
    changed = body.replace(b"rollbook", b"workbook")
    _, fresh = serve(changed, etag='"e2"')
    assert gzip.decompress(fresh) == changed
    assert len(webperf.CachedGzip.kept) == 2


def test_a_head_request_or_a_range_is_never_kept() -> None:
    webperf.CachedGzip.kept.clear()
    webperf.CachedGzip.kept_bytes = 0
    serve(b"x" * 5000, method="HEAD")
    assert not webperf.CachedGzip.kept


def test_kept_bytes_stay_under_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    webperf.CachedGzip.kept.clear()
    webperf.CachedGzip.kept_bytes = 0
    monkeypatch.setattr(webperf.CachedGzip, "LIMIT", 3000)
    for n in range(5):
        serve(os.urandom(1500), etag=f'"e{n}"')  # random bytes barely compress
    assert webperf.CachedGzip.kept_bytes <= 3000
    assert len(webperf.CachedGzip.kept) < 5
    assert webperf.CachedGzip.kept_bytes == sum(len(b) for b in webperf.CachedGzip.kept.values())


def test_without_a_bundle_no_versioned_route_is_added() -> None:
    from voila.static_file_handler import MultiStaticFileHandler

    handlers = [("/voila/static/(.*)", MultiStaticFileHandler, {"paths": ["/nowhere"]})]
    out = webperf.adapt_handlers(handlers, "d1g35t")
    assert len(out) == 1 and not out[0][1].versioned
