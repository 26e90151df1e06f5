"""Wire rollbook's guards into the Voila app that ``rollbook app`` runs.

- :mod:`rollbook.app.hostcheck`: a bare 403 for any request whose ``Host`` or ``Origin``
  is not this app (DNS rebinding, other sites' scripts);
- :mod:`rollbook.app.kernel_guard`: only widget messages pass the kernel WebSocket, and
  no error or traceback goes back out;
- :mod:`rollbook.app.kernel_limits`: bounds on open pages and on each kernel's memory.

Each function here is called once from ``server.make_app_class``.
"""

from __future__ import annotations

from typing import Any

from rollbook.app import hostcheck, kernel_limits


def configure_app(app: Any) -> None:
    """Give the Voila app the filtered kernel WebSocket connection."""
    from rollbook.app.kernel_guard import GuardedConnection

    app.kernel_websocket_connection_class = GuardedConnection


def host_policy(app: Any) -> hostcheck.HostPolicy:
    """Return the names the app answers to: this machine, ``--host``, ``--allow-host``."""
    return hostcheck.HostPolicy.for_server(str(app.ip or ""), list(app.allow_hosts))


def install_host_check(app: Any) -> None:
    """Put the Host/Origin check in front of every handler of ``app.app`` (Tornado)."""
    policy = host_policy(app)
    hostcheck.install(app.app, policy, app.log)
    app.log.info("Answering only to requests for: %s", policy.describe())


def adapt_handlers(handlers: list[Any]) -> list[Any]:
    """Swap the page handler for one that bounds how many pages may be open."""
    from voila.tornado.handler import TornadoVoilaHandler

    adapted: list[Any] = []
    limited: dict[type, type] = {}
    for spec in handlers:
        if isinstance(spec, tuple) and len(spec) >= 2 and isinstance(spec[1], type):
            handler = spec[1]
            if issubclass(handler, TornadoVoilaHandler) and hasattr(handler, "_guarded"):
                if handler not in limited:
                    limited[handler] = kernel_limits.make_limited_page_handler(handler)
                spec = (spec[0], limited[handler], *spec[2:])
        adapted.append(spec)
    return adapted
