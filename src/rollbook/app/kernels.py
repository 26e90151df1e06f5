"""Kernels that keep every page finishing, and few, when many visitors arrive at once.

Voila 0.5.13 (with jupyter_client 8 and pyzmq 27) loses the kernel's reply to a cell
when several pages run together, and the page then waits for ever; see
``docs/design-concurrency.md``. ``RollbookKernelManager`` (set in ``voila.json``) gives
each kernel client a session that re-arms the socket after every send, and channels
that wait in short slices, so a lost wake-up cannot happen and would heal within a
second if it did. ``RollbookMappingKernelManager`` culls idle kernels in parallel and
ends kernels over their memory limit (``rollbook.app.kernel_limits``).

``benchmarks/bench_concurrency.py`` measures the difference against stock Voila by
serving the same pages with ``python -m voila`` (``benchmarks/stock_voila.py``).
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session
from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from traitlets import DottedObjectName, Float, Int, Type, default

from rollbook.app import kernel_limits, spare_kernels

# A message wait never sleeps longer than this before checking the socket itself.
WAIT_SLICE_S = 1.0
# How many idle kernels one cull pass shuts down at the same time.
CULL_PARALLEL = 8


# --------------------------------------------------------------------------------------
# Kernel I/O: the fix for the lost wake-up
# --------------------------------------------------------------------------------------


def rearm(stream: object) -> None:
    """Make an asyncio socket re-check its events after a send made behind its back.

    ``Session.send`` sends on a synchronous shadow of a ``zmq.asyncio.Socket``; libzmq
    may consume the edge-triggered ``ZMQ_FD`` signal during that send. Reading
    ``zmq.EVENTS`` through the asyncio wrapper makes it wake any waiting reader.
    """
    if isinstance(stream, zmq.asyncio.Socket) and not stream.closed:
        stream.get(zmq.EVENTS)


class RearmingSession(Session):
    """A jupyter_client Session whose sends cannot swallow a reader's wake-up."""

    def send(self, stream: Any, msg_or_type: Any, *args: Any, **kwargs: Any) -> Any:
        """Send like ``Session.send``, then re-arm the asyncio socket."""
        msg = super().send(stream, msg_or_type, *args, **kwargs)
        rearm(stream)
        return msg

    def send_raw(self, stream: Any, msg_list: Any, *args: Any, **kwargs: Any) -> None:
        """Send like ``Session.send_raw``, then re-arm the asyncio socket."""
        super().send_raw(stream, msg_list, *args, **kwargs)
        rearm(stream)


class SlicedWaitChannel(AsyncZMQSocketChannel):
    """A channel whose ``get_msg`` waits in slices of at most ``WAIT_SLICE_S``.

    When a slice ends, pyzmq asks libzmq directly (``zmq_poll``) whether a message
    is waiting, so even a wake-up lost some other way costs at most one slice.
    """

    async def get_msg(  # type: ignore[override]  # async, as in the parent class
        self, timeout: float | None = None
    ) -> dict[str, Any]:
        """Return the next message; raise ``queue.Empty`` after ``timeout`` seconds."""
        if timeout is not None and timeout <= 0:
            return await super().get_msg(timeout=timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = WAIT_SLICE_S if deadline is None else deadline - time.monotonic()
            try:
                return await super().get_msg(timeout=max(0.001, min(WAIT_SLICE_S, remaining)))
            except Exception as exc:  # queue.Empty; anything else is re-raised
                from queue import Empty

                if not isinstance(exc, Empty):
                    raise
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class RollbookKernelClient(AsyncKernelClient):
    """An async kernel client whose message waits cannot hang."""

    shell_channel_class = Type(SlicedWaitChannel)
    iopub_channel_class = Type(SlicedWaitChannel)
    stdin_channel_class = Type(SlicedWaitChannel)
    control_channel_class = Type(SlicedWaitChannel)


# Longest connection-file path that still leaves room for "-ipc-N" in sun_path (108).
IPC_PATH_LIMIT = 96


class RollbookKernelManager(ServerKernelManager):
    """Jupyter Server's kernel manager, handing out hang-proof clients.

    Configured in ``voila.json`` as ``MappingKernelManager.kernel_manager_class``.
    """

    client_class = DottedObjectName("rollbook.app.kernels.RollbookKernelClient")

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return RollbookKernelClient

    @default("session")
    def _session_default(self) -> Session:
        return RearmingSession(parent=self)

    @default("transport")
    def _transport_default(self) -> str:
        # Unix sockets in Voila's private (0700) connection folder. With TCP, the
        # ports chosen for a new kernel are only reserved until the kernel binds them;
        # under load another process can take one first, the kernel dies at start-up
        # ("Address already in use") and stock Voila then spins for ever.
        if os.name != "posix":
            return "tcp"
        # A Unix socket path may hold ~107 bytes; the sockets are named after the
        # connection file (".../kernel-<uuid>-ipc-N"). Deep runtime folders, such as a
        # JupyterHub user's ~/.local/share/jupyter/runtime, keep TCP.
        if len(os.fsencode(self.connection_file or "")) > IPC_PATH_LIMIT:
            return "tcp"
        return "ipc"

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        # Memory per kernel is bounded (Linux); see rollbook.app.kernel_limits.
        kernel_limits.limit_process_memory(kernel_limits.kernel_pid(self), self.log)

    @default("last_activity")
    def _last_activity_default(self) -> datetime:
        # Jupyter Server sets this only once a kernel has started; a cull pass that
        # meets a kernel still starting would otherwise log a TraitError.
        return datetime.now(UTC)


class RollbookMappingKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager whose cull pass shuts idle kernels down in parallel.

    The stock pass awaits one shutdown after another: after a burst of 90 visitors it
    took 67 s to reclaim their kernels. Configured in ``voila.json`` as
    ``VoilaConfiguration.multi_kernel_manager_class``; with preheating on, Voila's
    pool manager is built on top of this class.

    A warm kernel that waited in Voila's pool longer than the idle timeout used to be
    culled in the second between a visitor taking it and the page connecting to it
    (the page then never showed its widgets). A kernel seen in the pool now gets a
    full idle timeout from the last time it was seen there.
    """

    spare_kernels = Int(
        0,
        config=True,
        help="Kernels kept started, with the pages' code imported, for the next visits "
        "(rollbook.app.spare_kernels); 0 turns them off.",
    )
    spare_refill_delay = Float(
        2.0, config=True, help="Seconds to wait after a spare is taken before starting the next."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._seen_in_pool: dict[str, float] = {}
        self.spares = spare_kernels.SparePool(
            size=self.spare_kernels,
            start=super().start_kernel,
            prepare=lambda kernel_id: spare_kernels.preload(self, kernel_id),
            stop=lambda kernel_id: self.shutdown_kernel(kernel_id, now=True),
            log=self.log,
            refill_delay_s=self.spare_refill_delay,
        )

    async def start_kernel(  # type: ignore[override]
        self,
        *,
        kernel_name: str | None = None,
        path: str | None = None,
        env: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> str:
        """Start a kernel, or hand a visit a ready spare kernel (see ``spare_kernels``)."""
        if spare_kernels.is_visit(env) and not kwargs.get("kernel_id"):
            assert env is not None
            taken = self.spares.take(kernel_name or self.default_kernel_name, path or "", env)
            if taken is not None and taken in self._kernels:
                # A full idle timeout from now, so no cull pass ends it before the
                # page connects.
                self._seen_in_pool[taken] = time.monotonic()
                self._kernels[taken].last_activity = datetime.now(UTC)
                return taken
        kernel_id: str = await super().start_kernel(
            kernel_name=kernel_name,
            path=path,  # type: ignore[arg-type]  # Jupyter's ApiPath is a str
            env=env,
            **kwargs,
        )
        return kernel_id

    async def shutdown_kernel(  # type: ignore[override]  # async, as in the parent class
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> None:
        """Shut ``kernel_id`` down, and forget it if it was a waiting spare."""
        self.spares.forget(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[no-untyped-call]

    def pooled_kernel_ids(self) -> set[str]:
        """Return the ids of warm kernels waiting in Voila's pool (none without preheat)."""
        found: set[str] = set()
        for pool in getattr(self, "_pools", {}).values():
            for item in pool:
                if item.done() and not item.cancelled() and item.exception() is None:
                    kernel_id = item.result().get("kernel_id")
                    if kernel_id:
                        found.add(kernel_id)
        return found

    def recently_pooled(self, kernel_id: str) -> bool:
        """Return True when ``kernel_id`` left the pool less than an idle timeout ago."""
        seen = self._seen_in_pool.get(kernel_id)
        return seen is not None and time.monotonic() - seen < self.cull_idle_timeout

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull ``kernel_id`` if idle, sparing a waiting spare and a kernel just taken."""
        if self.recently_pooled(kernel_id) or kernel_id in self.spares.waiting():
            return
        await super().cull_kernel_if_idle(kernel_id)  # type: ignore[no-untyped-call]

    async def cull_kernels(self) -> None:
        """Check every kernel, up to ``CULL_PARALLEL`` at a time."""
        # Also end any kernel over its memory limit (see rollbook.app.kernel_limits).
        await kernel_limits.end_oversized_kernels(self)
        now = time.monotonic()
        for kernel_id in self.pooled_kernel_ids():
            self._seen_in_pool[kernel_id] = now
        for kernel_id in [k for k in self._seen_in_pool if k not in self._kernels]:
            del self._seen_in_pool[kernel_id]
        gate = asyncio.Semaphore(CULL_PARALLEL)

        async def check(kernel_id: str) -> None:
            async with gate:
                try:
                    await self.cull_kernel_if_idle(kernel_id)
                except Exception:  # one kernel must not stop the pass
                    self.log.exception("Could not check kernel %s for culling", kernel_id)

        await asyncio.gather(*(check(kernel_id) for kernel_id in list(self._kernels)))
