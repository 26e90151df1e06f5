"""Bounds on kernels: how many pages may be open, and how much memory each may use.

Every open page holds one kernel (~60–120 MiB). Without bounds a visitor could fill
the machine: reloading quickly starts a kernel per load, and a kernel grows with what
it is sent. rollbook sets three bounds, each changeable with an environment variable:

- ``ROLLBOOK_MAX_PAGES`` (default 40): pages open at once, for everybody together;
- ``ROLLBOOK_MAX_PAGES_PER_VISITOR`` (default 12): pages open at once in one browser
  (recognised by the cookie Voila gives it; a client that drops cookies is held by
  the total bound). A page beyond either bound gets a short "too many open pages,
  close one" page and starts no kernel;
- ``ROLLBOOK_KERNEL_MEMORY_MB`` (default 1024, 0 turns it off): memory per kernel. The
  server checks each kernel's resident memory every few seconds (with the idle-kernel
  check) and ends one that passes the limit; its page then shows the "reload" notice.
  On Linux the kernel's data segment is also capped, 1 GiB above the limit
  (``RLIMIT_DATA``; it counts memory reserved but not yet used, about 290 MiB for a
  fresh page kernel), so between two checks an allocation past the cap fails inside
  the kernel instead of growing it.
"""

from __future__ import annotations

import html
import os
import re
import sys
import weakref
from typing import Any

from rollbook.i18n import N_, _

ENV_MAX_PAGES = "ROLLBOOK_MAX_PAGES"
ENV_MAX_PAGES_PER_VISITOR = "ROLLBOOK_MAX_PAGES_PER_VISITOR"
ENV_KERNEL_MEMORY_MB = "ROLLBOOK_KERNEL_MEMORY_MB"
DEFAULT_MAX_PAGES = 40
DEFAULT_MAX_PAGES_PER_VISITOR = 12
DEFAULT_KERNEL_MEMORY_MB = 1024
#: How far above the memory limit the data segment is capped (Linux).
DATA_HEADROOM_BYTES = 1024 * 1024 * 1024
KERNEL_ID_RE = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')

TOO_MANY_TITLE = N_("Too many pages are open.")
TOO_MANY_HINT = N_(
    "Close a rollbook tab or window you no longer need, then reload this page. "
    "Nothing you saved is lost."
)


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return max(0, int(text))
    except ValueError:
        return default


def max_pages() -> int:
    """Return how many pages may be open at once in total (0: no bound)."""
    return _env_int(ENV_MAX_PAGES, DEFAULT_MAX_PAGES)


def max_pages_per_visitor() -> int:
    """Return how many pages one browser may have open at once (0: no bound)."""
    return _env_int(ENV_MAX_PAGES_PER_VISITOR, DEFAULT_MAX_PAGES_PER_VISITOR)


def kernel_memory_bytes() -> int:
    """Return the memory limit per kernel in bytes (0: no limit)."""
    return _env_int(ENV_KERNEL_MEMORY_MB, DEFAULT_KERNEL_MEMORY_MB) * 1024 * 1024


# --------------------------------------------------------------------------------------
# Pages per visitor and in total
# --------------------------------------------------------------------------------------


class VisitorPages:
    """Which kernels each visitor's pages hold, so open pages can be counted."""

    def __init__(self) -> None:
        self._kernels: dict[str, set[str]] = {}

    def note(self, visitor: str, kernel_id: str) -> None:
        """Record that ``visitor`` opened a page on ``kernel_id``."""
        self._kernels.setdefault(visitor, set()).add(kernel_id)

    def count(self, visitor: str, alive: set[str]) -> int:
        """Return how many of ``visitor``'s kernels are still alive (and forget the rest)."""
        for key in list(self._kernels):
            self._kernels[key] &= alive
            if not self._kernels[key]:
                del self._kernels[key]
        return len(self._kernels.get(visitor, ()))


def page_refusal(
    *, visitor: str | None, alive: set[str], pooled: set[str], pages: VisitorPages
) -> str | None:
    """Return why a new page may not open now ("total" or "visitor"), or None."""
    total = max_pages()
    if total and len(alive - pooled) >= total:
        return "total"
    per_visitor = max_pages_per_visitor()
    if visitor is not None and per_visitor and pages.count(visitor, alive) >= per_visitor:
        return "visitor"
    return None


def too_many_pages_html() -> str:
    """Return the whole "too many open pages" page: plain, accessible, no script."""
    title, hint, reload = _(TOO_MANY_TITLE), _(TOO_MANY_HINT), _("Reload the page")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} rollbook</title></head>"
        "<body style=\"margin:0;font:1.05rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
        'Arial,sans-serif;color:#1d2a30;background:#f7faf9">'
        '<main style="max-width:36rem;margin:3rem auto;padding:0 1.25rem">'
        '<div role="alert" style="padding:1rem 1.25rem;background:#fff6e0;'
        'border-left:4px solid #8a5a00;border-radius:8px">'
        f'<h1 style="font-size:1.3rem;margin:0 0 0.5rem">{html.escape(title)}</h1>'
        f'<p style="margin:0 0 0.75rem">{html.escape(hint)}</p>'
        '<form method="get"><button type="submit" style="min-height:2.75rem;'
        "padding:0.5rem 1.25rem;font:inherit;font-weight:600;color:#fff;background:#0f6e6a;"
        f'border:0;border-radius:10px;cursor:pointer">{html.escape(reload)}</button></form>'
        "</div></main></body></html>\n"
    )


def make_limited_page_handler(base: type) -> type:
    """Return a subclass of the page handler ``base`` that bounds open pages."""
    import tornado.web

    pages = VisitorPages()

    class LimitedPageHandler(base):  # type: ignore[misc]
        """The page handler, refusing a page beyond the open-page bounds."""

        @tornado.web.authenticated
        async def get(self, path: str | None = None) -> None:
            manager = self.kernel_manager
            alive = set(manager.list_kernel_ids())
            pooled_ids = getattr(manager, "pooled_kernel_ids", None)
            pooled = set(pooled_ids()) if callable(pooled_ids) else set()
            self._rb_visitor = visitor_key(self)
            why = page_refusal(visitor=self._rb_visitor, alive=alive, pooled=pooled, pages=pages)
            if why is not None:
                self.log.warning("Refused a page (%s open-page bound): %s", why, self.request.path)
                self.set_status(503 if why == "total" else 429)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.set_header("Retry-After", "30")
                self.finish(too_many_pages_html())
                return
            await super().get(path)

        async def _guarded(self, gen: Any) -> Any:
            visitor = getattr(self, "_rb_visitor", None)
            async for snippet in super()._guarded(gen):
                if visitor is not None:
                    found = KERNEL_ID_RE.search(snippet)
                    if found:
                        pages.note(visitor, found.group(1))
                        visitor = None
                yield snippet

    return LimitedPageHandler


def visitor_key(handler: Any) -> str | None:
    """Return who opens a page: the (anonymous) user Voila's cookie names.

    A browser keeps the cookie, so its pages are counted together from the first one.
    A client that drops cookies is a new visitor each time: the total bound holds it.
    """
    user = getattr(handler, "current_user", None)
    name = getattr(user, "username", None) or (user if isinstance(user, str) else None)
    return str(name) if name else None


# --------------------------------------------------------------------------------------
# Memory per kernel
# --------------------------------------------------------------------------------------


def limit_process_memory(pid: int | None, log: Any) -> bool:
    """Cap the data segment of kernel process ``pid`` (Linux); return True if capped."""
    limit = kernel_memory_bytes()
    if not limit or pid is None:
        return False
    limit += DATA_HEADROOM_BYTES
    try:
        import resource

        kind = getattr(resource, "RLIMIT_DATA", None)
        prlimit = getattr(resource, "prlimit", None)
        if kind is None or prlimit is None:
            raise OSError("no prlimit on this system")
        prlimit(pid, kind, (limit, limit))
    except (ImportError, OSError, ValueError) as exc:
        _note_once(log, f"Kernel memory is only checked, not capped, on {sys.platform}: {exc}")
        return False
    return True


_noted: set[str] = set()


def _note_once(log: Any, text: str) -> None:
    if text not in _noted:
        _noted.add(text)
        log.info(text)


def resident_bytes(pid: int) -> int | None:
    """Return the resident memory of process ``pid`` in bytes, or None if unknown."""
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except Exception:  # noqa: BLE001 - gone, or not allowed to look
        return None


def kernel_pid(manager: Any) -> int | None:
    """Return the process id of a kernel manager's kernel, if it runs locally."""
    provisioner = getattr(manager, "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    return pid if isinstance(pid, int) else None


async def end_oversized_kernels(multi: Any) -> list[str]:
    """Shut down every kernel whose resident memory is over the limit; return their ids."""
    limit = kernel_memory_bytes()
    if not limit:
        return []
    ended: list[str] = []
    for kernel_id in list(multi.list_kernel_ids()):
        try:
            pid = kernel_pid(multi.get_kernel(kernel_id))
        except KeyError:
            continue
        rss = resident_bytes(pid) if pid else None
        if rss is None or rss <= limit:
            continue
        multi.log.warning(
            "Ending kernel %s: it uses %d MiB, over the %d MiB limit per kernel",
            kernel_id,
            rss // 2**20,
            limit // 2**20,
        )
        close_kernel_sockets(kernel_id)
        try:
            await multi.shutdown_kernel(kernel_id, now=True)
        except Exception:
            multi.log.exception("Could not end kernel %s", kernel_id)
            continue
        ended.append(kernel_id)
    return ended


def close_kernel_sockets(kernel_id: str) -> None:
    """Close every page WebSocket of ``kernel_id`` so its page shows the reload notice."""
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    open_sockets: weakref.WeakSet[Any] | set[Any] = getattr(
        ZMQChannelsWebsocketConnection, "_open_sockets", set()
    )
    for connection in list(open_sockets):
        if getattr(connection, "kernel_id", None) == kernel_id:
            handler = getattr(connection, "websocket_handler", None)
            if handler is not None:
                handler.close(1011, "The page's kernel was ended.")
