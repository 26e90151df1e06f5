"""Refuse every request whose ``Host`` or ``Origin`` is not a name the app serves.

Voila 0.5 standalone answers any ``Host`` (it sets ``allow_remote_access=True``). That
leaves ``rollbook app`` open to DNS rebinding: a web page the runner visits can point
its own name at 127.0.0.1 and then read pages and open kernel sockets as if it were
the app. A request is served only when

- its ``Host`` names the app: ``127.0.0.1``, ``localhost`` or ``[::1]``, the address
  given with ``--host``, or a name given with ``--allow-host``. When the app listens
  on every address (``--host 0.0.0.0``), an IP address typed as the host is accepted
  too: an address cannot be rebound, only a name can;
- and, when the browser sends an ``Origin`` (it always does for WebSockets and for
  script requests from another site), that origin is the app itself: same host and
  port as ``Host``.

Anything else gets a bare 403 before any handler runs, so the rule covers pages,
static files, the kernel WebSocket and the shutdown beacon alike. Under JupyterHub,
Jupyter Server's own check does the same job (``deploy/jupyterhub``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: Names that always mean "this machine".
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: Environment variable that lists extra allowed names (comma separated); JupyterHub.
ENV_ALLOW_HOSTS = "ROLLBOOK_ALLOW_HOSTS"
# host, or host:port, or [v6], or [v6]:port
_HOST_RE = re.compile(
    r"^(?:\[(?P<v6>[0-9a-fA-F:.]+)\]|(?P<name>[^:\[\]/\s]+))(?::(?P<port>\d{1,5}))?$"
)
# A DNS name or IPv4 address: letters, digits, dots, hyphens (underscores occur in the wild).
_NAME_RE = re.compile(r"^[a-z0-9_]([a-z0-9_.-]{0,251}[a-z0-9_])?$")


def host_name(value: str | None) -> str | None:
    """Return the lower-case host name of a ``Host`` header value, without the port.

    IPv6 brackets are removed. Returns None when the value is missing or malformed.
    """
    if not value:
        return None
    match = _HOST_RE.match(value.strip())
    if match is None:
        return None
    if match.group("v6") is not None:
        try:
            return str(ipaddress.IPv6Address(match.group("v6")))
        except ValueError:
            return None
    return match.group("name").lower()


def normalise_name(name: str) -> str:
    """Return ``name`` as it is compared: lower case, IPv6 without brackets.

    Raises ValueError for something that cannot be a host name (with a port, a path,
    spaces, a wildcard), so ``--allow-host`` typos are caught at start-up.
    """
    text = name.strip().lower()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if not _NAME_RE.match(text):
        raise ValueError(
            f"{name!r} is not a host name; give a name such as rollbook.clinic.example "
            "or an address such as 192.168.1.20 (no port, no http://)"
        )
    return text


def is_wildcard(address: str) -> bool:
    """Return True for an address that listens everywhere (``0.0.0.0``, ``::``, empty)."""
    if address.strip() in ("", "*"):
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_unspecified
    except ValueError:
        return False


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback_ip(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HostPolicy:
    """Which ``Host`` names the app answers to."""

    names: frozenset[str]
    any_address: bool = False

    @classmethod
    def for_server(cls, bind_host: str, allow_hosts: Iterable[str] = ()) -> HostPolicy:
        """Return the policy for an app listening on ``bind_host`` plus ``allow_hosts``."""
        names = {normalise_name(n) for n in LOOPBACK_NAMES}
        names.update(normalise_name(n) for n in allow_hosts if n.strip())
        wildcard = is_wildcard(bind_host)
        if not wildcard:
            names.add(normalise_name(bind_host))
        return cls(frozenset(names), any_address=wildcard)

    def host_allowed(self, host_header: str | None) -> bool:
        """Return True when a request with this ``Host`` header may be served."""
        name = host_name(host_header)
        if name is None:
            return False
        if name in self.names or _is_loopback_ip(name):
            return True
        return self.any_address and _is_ip(name)

    def origin_allowed(self, origin: str | None, host_header: str | None) -> bool:
        """Return True when ``Origin`` is absent or is this very app (same host and port)."""
        if origin is None:
            return True  # navigation, plain HTTP clients: not a script on another site
        try:
            parts = urlsplit(origin.strip())
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.netloc or not host_header:
            return False  # "null" (sandboxed frames, files) or garbage
        return parts.netloc.lower() == host_header.strip().lower()

    def refusal(self, host_header: str | None, origin: str | None) -> str | None:
        """Return why a request is refused, or None when it may be served."""
        if not self.host_allowed(host_header):
            return f"Host {host_header!r} is not a name this app serves"
        if not self.origin_allowed(origin, host_header):
            return f"Origin {origin!r} is not this app (Host {host_header!r})"
        return None

    def describe(self) -> str:
        """Return the accepted names, for the start-up message."""
        shown = sorted(f"[{n}]" if ":" in n else n for n in self.names)
        if self.any_address:
            shown.append("any IP address of this machine")
        return ", ".join(shown)


def make_refused_handler() -> type:
    """Return the Tornado handler that answers a refused request (imported lazily)."""
    from tornado import web

    class RefusedHandler(web.RequestHandler):
        """A bare 403: no page, no headers beyond Tornado's own, nothing about the app."""

        def prepare(self) -> None:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish("403 Forbidden\n")

    return RefusedHandler


def install(app: Any, policy: HostPolicy, log: Any) -> None:
    """Make the Tornado application ``app`` refuse requests ``policy`` does not allow.

    Tornado asks ``app.find_handler`` for every request (WebSocket upgrades included)
    before any handler exists, so the check sits in front of everything Voila serves.
    """
    if getattr(app, "_rollbook_hostcheck", None) is not None:
        return
    refused = make_refused_handler()
    find_handler = app.find_handler

    def guarded_find_handler(request: Any, **kwargs: Any) -> Any:
        reason = policy.refusal(request.headers.get("Host"), request.headers.get("Origin"))
        if reason is not None:
            log.warning("Refused %s %s: %s", request.method, request.path, reason)
            return app.get_handler_delegate(request, refused)
        return find_handler(request, **kwargs)

    app.find_handler = guarded_find_handler
    app._rollbook_hostcheck = policy


def names_from_env(value: str | None) -> list[str]:
    """Return the names listed in ``ROLLBOOK_ALLOW_HOSTS`` (comma or space separated)."""
    if not value:
        return []
    return [normalise_name(part) for part in re.split(r"[\s,]+", value) if part]
