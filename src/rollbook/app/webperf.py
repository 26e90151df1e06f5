"""Fewer bytes and fewer round trips for phones: compression and long-lived caching.

Runners open the workbook on phones, often on slow mobile networks (issue 18). Voila
0.5 sends everything uncompressed and lets browsers guess how long to keep its
scripts. This module, wired in by ``rollbook.app.launcher`` with small hooks, changes how
the app's own Tornado server sends files; which scripts a page loads is the template's
choice (rollbook's own page script, built from ``frontend/``):

- every text response (the streamed page, JavaScript, CSS, JSON, SVG) is gzipped
  when the browser accepts it (Tornado's ``compress_response``; a streamed page stays
  streamed, each flushed piece is compressed on its own); a static file is compressed
  once per process and its bytes kept (:class:`CachedGzip`);
- the kernel's websocket, which carries the widgets' states and every change, is
  compressed too (permessage-deflate), when the browser offers it;
- a file whose URL names its exact content is cached for a year and never asked for
  again (``Cache-Control: public, max-age=31536000, immutable``):

  * Voila's bundle, through a URL that carries a digest of all of Voila's static files
    (its chunk names such as ``7155.voila.js`` are ids, not content hashes, so the
    digest goes in the path: ``/voila/static/v-<digest>/7155.voila.js``);
  * webpack assets named by their content hash (``9834b82ad26e2a37583d.woff2``),
    JupyterLab extensions' hashed chunks (``remoteEntry.5cbb9d2323598fbda535.js``) and
    the page script's fonts (``fa-solid-900-MIABT3M5.woff2``);
  * template files linked with ``?v=<their own hash>`` (Voila's ``include_url``);

- every other static file is revalidated on each use (``Cache-Control: no-cache``,
  answered with ``304 Not Modified`` when unchanged), so an update shows at once.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, ClassVar

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import GZipContentEncoding

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Webpack asset names made of a content hash (fonts, icons), JupyterLab extensions'
# chunks, "<name>.<content hash>.js", and the page script's fonts as esbuild names
# them, "<name>-<content hash>.woff2" (frontend/build.mjs).
HASHED_NAME = re.compile(
    r"(^|/)([0-9a-f]{20}\.[a-z0-9]+|[\w-]+\.[0-9a-f]{8,}\.js|[\w-]+-[A-Z0-9]{8}\.woff2)$"
)
VERSIONED_PREFIX = "v-"
# Python < 3.13 does not know the web app manifest's type.
MANIFEST_TYPE = ("application/manifest+json", ".webmanifest")
BUNDLE_ENTRY = "voila.js"


def bundle_dir(static_paths: Iterable[str]) -> str | None:
    """Return the static folder that holds Voila's front-end bundle (``voila.js``)."""
    for path in static_paths:
        if os.path.isfile(os.path.join(path, BUNDLE_ENTRY)):
            return path
    return None


def static_digest(paths: Iterable[str]) -> str:
    """Return a short digest of every file under ``paths``: names and contents.

    Computed once at start-up (Voila's static folder is about 10 MB, read in ~50 ms).
    The digest changes whenever any bundle file changes, e.g. after a Voila upgrade.
    """
    digest = hashlib.sha256()
    for root in paths:
        for folder, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode())
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
    return digest.hexdigest()[:16]


def cache_policy(url_path: str, *, versioned: bool = False, version_ok: bool = False) -> str:
    """Return the ``Cache-Control`` value for a static file.

    ``versioned``: the URL carries the current digest of Voila's static files.
    ``version_ok``: the URL's ``?v=`` equals the file's own content hash.
    """
    if versioned or version_ok or HASHED_NAME.search(url_path):
        return IMMUTABLE
    return REVALIDATE


class CachePolicyMixin:
    """For Tornado static file handlers: long-lived caching only for hashed URLs."""

    versioned = False

    def set_headers(self) -> None:
        """Set the static file headers, then the rollbook ``Cache-Control``."""
        super().set_headers()  # type: ignore[misc]
        request = self.request  # type: ignore[attr-defined]
        asked = self.get_query_argument("v", None)  # type: ignore[attr-defined]
        etag = self.compute_etag()  # type: ignore[attr-defined]
        version_ok = bool(asked and etag and etag.strip('"') == asked)
        policy = cache_policy(request.path, versioned=self.versioned, version_ok=version_ok)
        self.set_header("Cache-Control", policy)  # type: ignore[attr-defined]
        if policy == REVALIDATE:
            self.clear_header("Expires")  # type: ignore[attr-defined]


def with_cache_policy(handler: type, *, versioned: bool = False) -> type:
    """Return a subclass of a static file handler that applies :func:`cache_policy`."""
    name = ("Versioned" if versioned else "Cached") + handler.__name__
    return type(name, (CachePolicyMixin, handler), {"versioned": versioned})


class CachedGzip(GZipContentEncoding):
    """Tornado's gzip transform, keeping the compressed bytes of unchanged static files.

    Each visit of a fresh browser asks for about 5 MB of scripts; compressing them all
    again would cost the server ~0.15 s of CPU per visit. A static file's response is
    known by its path and validator (``Etag`` or ``Last-Modified``): once compressed,
    the bytes are kept (at most ``LIMIT`` in all, oldest dropped first) and sent again.
    """

    # Tornado's list, plus the web app manifest's type.
    CONTENT_TYPES = {*GZipContentEncoding.CONTENT_TYPES, MANIFEST_TYPE[0]}  # noqa: RUF012 - as Tornado declares it
    LIMIT = 64 << 20
    ENTRY_LIMIT = 4 << 20
    # Shared by every response of the process: the point is to compress a file once.
    kept: ClassVar[OrderedDict[tuple[str, str], bytes]] = OrderedDict()
    kept_bytes: ClassVar[int] = 0

    def __init__(self, request: HTTPServerRequest) -> None:
        super().__init__(request)
        self._get = request.method == "GET"
        self._path = request.path
        self._key: tuple[str, str] | None = None
        self._parts: list[bytes] | None = None
        self._hit = False

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        """Send kept bytes for a known file; otherwise compress, and keep the result."""
        validator = headers.get("Etag") or headers.get("Last-Modified")
        if status_code == 200 and self._get and validator and "Content-Range" not in headers:
            self._key = (self._path, validator)
        if self._key is not None and self._gzipping and self._key in self.kept:
            body = self.kept[self._key]
            self.kept.move_to_end(self._key)
            self._hit = True
            vary = headers.get("Vary")
            headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
            headers["Content-Encoding"] = "gzip"
            if finishing:
                headers["Content-Length"] = str(len(body))
            elif "Content-Length" in headers:
                del headers["Content-Length"]
            return status_code, headers, body
        status_code, headers, out = super().transform_first_chunk(
            status_code, headers, chunk, finishing
        )
        if self._key is not None and self._gzipping:
            self._parts = [out]
            if finishing:
                self._keep()
        return status_code, headers, out

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        """Compress a further piece (nothing to send when the kept bytes went first)."""
        if self._hit:
            return b""
        out = super().transform_chunk(chunk, finishing)
        if self._parts is not None:
            self._parts.append(out)
            if finishing:
                self._keep()
        return out

    def _keep(self) -> None:
        body = b"".join(self._parts or [])
        self._parts = None
        if self._key is None or len(body) > self.ENTRY_LIMIT:
            return
        cls = type(self)
        old = cls.kept.pop(self._key, None)  # two first visits at once compress twice
        cls.kept_bytes -= len(old) if old is not None else 0
        cls.kept[self._key] = body
        cls.kept_bytes += len(body)
        while cls.kept_bytes > cls.LIMIT and cls.kept:
            _, dropped = cls.kept.popitem(last=False)
            cls.kept_bytes -= len(dropped)


def use_cached_gzip(app: Any) -> None:
    """Swap Tornado's gzip transform of a built application for :class:`CachedGzip`."""
    transforms = getattr(app, "transforms", None)
    if transforms is not None:
        app.transforms = [CachedGzip if t is GZipContentEncoding else t for t in transforms]


#: permessage-deflate on the kernel's websocket (Tornado's defaults). The widgets'
#: states come that way, as JSON: on page 05 about 330 kB, 1.7 s on a phone's mobile
#: network; compressed they are a small part of that.
WEBSOCKET_COMPRESSION: dict[str, Any] = {}


def adapt_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Return Tornado settings that compress every text response and websocket message."""
    mimetypes.add_type(*MANIFEST_TYPE)
    return {
        **settings,
        "compress_response": True,
        # Read by Jupyter Server's kernel websocket handler (get_compression_options).
        "websocket_compression_options": WEBSOCKET_COMPRESSION,
    }


def adapt_handlers(handlers: list[Any], digest: str) -> list[Any]:
    """Give Voila's static handlers the cache policy; add the versioned bundle route.

    ``/voila/static/v-<digest>/...`` serves the same files as ``/voila/static/...``
    and may be cached for good, because the digest changes with any of them.
    """
    from jupyter_server.base.handlers import FileFindHandler
    from tornado.web import StaticFileHandler
    from voila.static_file_handler import MultiStaticFileHandler

    adapted: list[Any] = []
    versioned_routes: list[Any] = []
    for spec in handlers:
        if isinstance(spec, tuple) and len(spec) >= 2 and isinstance(spec[1], type):
            pattern, handler, *rest = spec
            kwargs = rest[0] if rest and isinstance(rest[0], dict) else {}
            folder = bundle_dir(kwargs.get("paths", []))
            if (
                digest
                and issubclass(handler, MultiStaticFileHandler)
                and pattern.endswith("/voila/static/(.*)")
                and folder
            ):
                # Only the bundle's own folder: the digest covers exactly those files.
                versioned_pattern = pattern[: -len("(.*)")] + f"{VERSIONED_PREFIX}{digest}/(.*)"
                versioned_routes.append(
                    (
                        versioned_pattern,
                        with_cache_policy(handler, versioned=True),
                        {**kwargs, "paths": [folder]},
                    )
                )
            if issubclass(handler, (StaticFileHandler, FileFindHandler)) and not pattern.endswith(
                "/voila/files/(.*)"
            ):
                spec = (pattern, with_cache_policy(handler), *rest)
        adapted.append(spec)
    # Tornado takes the first route that matches: the versioned one goes first.
    return [*versioned_routes, *adapted]


def versioned_static_url(page_config: dict[str, Any], digest: str) -> dict[str, Any]:
    """Point the page's bundle URL (and webpack's chunk URLs) at the versioned route."""
    url = str(page_config.get("fullStaticUrl", ""))
    if url and VERSIONED_PREFIX + digest not in url:
        page_config["fullStaticUrl"] = f"{url.rstrip('/')}/{VERSIONED_PREFIX}{digest}"
    return page_config


def install(app: Any) -> str:
    """Wire the page-config hook into a Voila app after ``initialize``; return the digest.

    Call once ``app.voila_configuration`` and ``app.static_paths`` exist (the hook is
    read when the kernel manager and page handlers are built). An existing
    ``page_config_hook`` still runs first. An empty digest means no versioned route.
    """
    folder = bundle_dir(app.static_paths)
    if folder is None:
        # No bundle to version (an unusual Voila): pages keep Voila's own URLs.
        app.log.warning("Voila's bundle (voila.js) not found; its files are revalidated.")
        return ""
    digest = static_digest([folder])
    previous = app.voila_configuration.page_config_hook

    def hook(page_config: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if previous is not None:
            page_config = previous(page_config, **kwargs)
        return versioned_static_url(page_config, digest)

    app.voila_configuration.page_config_hook = hook
    return digest
