"""What may pass the kernel WebSocket, in each direction.

A page talks to its kernel only through widgets. Anyone can write to that socket, so
the server lets through only what the widgets need, and only what they need from the
browser's side:

- into the kernel, on the shell channel: ``comm_msg`` (widget values, clicks),
  ``comm_close``, ``comm_info_request``, ``kernel_info_request``, and ``comm_open`` for
  the one target a widget page opens from the browser (``jupyter.widget.control``,
  which asks for the state of the widgets the kernel made). Widget models are created
  in the kernel, never from the browser, so a ``comm_open`` to ``jupyter.widget`` (or
  any other target) is dropped: it would let a visitor make new widgets, and memory,
  in the kernel. Code (``execute_request``, ``inspect``, ``complete``), kernel control
  (``shutdown_request``, restarts, ``interrupt_request``, ``debug_request``) and
  anything on the control or stdin channels are dropped;
- out to the browser: iopub ``error`` messages and ``stderr`` streams are dropped and
  written to the server's log instead. They carry tracebacks with file paths (a value
  the kernel refused, say) that the page never shows but that would still reach the
  visitor.

Dropped messages are logged on the server with their type, never their content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
)
from jupyter_server.services.kernels.connection.channels import (
    ZMQChannelsWebsocketConnection,
)

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: Message types a widget page sends to its kernel.
ALLOWED_TYPES = frozenset(
    {"comm_msg", "comm_close", "comm_info_request", "kernel_info_request", "comm_open"}
)
#: The only comm targets a page opens from the browser.
ALLOWED_COMM_TARGETS = frozenset({"jupyter.widget.control"})
ALLOWED_CHANNELS = frozenset({"shell"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def incoming_refusal(channel: str | None, msg_type: Any, content: Any) -> str | None:
    """Return why a message from the browser is dropped, or None to pass it on.

    ``content`` is the message content (only read for ``comm_open``); pass a callable
    to read it lazily.
    """
    if channel not in ALLOWED_CHANNELS:
        return f"channel {channel!r} is not used by widget pages"
    if msg_type not in ALLOWED_TYPES:
        return f"{msg_type!r} is not a widget message"
    if msg_type == "comm_open":
        body = content() if callable(content) else content
        target = body.get("target_name") if isinstance(body, Mapping) else None
        if target not in ALLOWED_COMM_TARGETS:
            return f"comm_open to {target!r}: pages create widgets in the kernel only"
    return None


def outgoing_refusal(channel: str | None, msg_type: Any, content: Any) -> str | None:
    """Return why a kernel message is kept from the browser, or None to send it."""
    if channel != "iopub":
        return None
    if msg_type == "error":
        return "error"
    if msg_type == "stream":
        body = content() if callable(content) else content
        if isinstance(body, Mapping) and body.get("name") == "stderr":
            return "stderr"
    return None


def describe_error(content: Any) -> str:
    """Return an error message's name, value and traceback as plain text for the log."""
    if not isinstance(content, Mapping):
        return repr(content)[:2000]
    lines = [f"{content['ename']}: {content.get('evalue', '')}"] if "ename" in content else []
    trace = content.get("traceback")
    if isinstance(trace, list):
        lines.extend(_ANSI.sub("", str(line)) for line in trace)
    text = content.get("text")
    if isinstance(text, str):
        lines.append(text)
    return "\n".join(lines)[:20_000]


class GuardedConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel WebSocket connection with both directions filtered.

    Set as ``kernel_websocket_connection_class`` by ``rollbook app``.
    """

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        """Pass a browser message to the kernel only when a widget page would send it."""
        try:
            channel, msg_type, content = self._parse_incoming(incoming_msg)
        except Exception:  # noqa: BLE001 - a message we cannot read is not passed on
            self.log.warning("Dropped an unreadable message from the page")
            return
        reason = incoming_refusal(channel, msg_type, content)
        if reason is not None:
            self.log.warning("Dropped a message from the page: %s", reason)
            return
        super().handle_incoming_message(incoming_msg)

    def _parse_incoming(self, ws_msg: Any) -> tuple[str | None, Any, Any]:
        if self.subprotocol == V1_PROTOCOL:
            channel, parts = deserialize_msg_from_ws_v1(ws_msg)
            header = self.session.unpack(parts[0])
            return channel, header.get("msg_type"), lambda: self.session.unpack(parts[3])
        if isinstance(ws_msg, bytes):
            msg = deserialize_binary_message(ws_msg)
        else:
            msg = json.loads(ws_msg)
        channel = msg.get("channel") or "shell"
        return channel, (msg.get("header") or {}).get("msg_type"), msg.get("content")

    def handle_outgoing_message(self, stream: Any, outgoing_msg: list[Any]) -> None:
        """Send a kernel message on, except errors and stderr, which go to the log."""
        parts: list[Any] = []

        def content() -> Any:
            return self.session.unpack(parts[4])

        try:
            _, parts = self.session.feed_identities(outgoing_msg)
            header = self.session.unpack(parts[1])
            channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
            reason = outgoing_refusal(channel, header.get("msg_type"), content)
        except Exception:  # noqa: BLE001 - let Jupyter Server handle what it can read
            reason = None
        if reason is not None:
            try:
                detail = describe_error(content())
            except Exception:  # noqa: BLE001
                detail = "(unreadable)"
            self.log.warning("Kept a kernel %s message from the page:\n%s", reason, detail)
            return
        super().handle_outgoing_message(stream, outgoing_msg)

    def on_kernel_restarted(self) -> None:
        """End the page's connection: a restarted kernel holds none of its widgets."""
        super().on_kernel_restarted()  # type: ignore[no-untyped-call]
        self._close_page_socket("The page's kernel restarted.")

    def on_restart_failed(self) -> None:
        """End the page's connection when its kernel could not be restarted."""
        super().on_restart_failed()  # type: ignore[no-untyped-call]
        self._close_page_socket("The page's kernel stopped.")

    def _close_page_socket(self, reason: str) -> None:
        # The page shows its "reload" notice when the socket closes (static/guard.js).
        handler = getattr(self, "websocket_handler", None)
        if handler is not None:
            handler.close(1011, reason)
