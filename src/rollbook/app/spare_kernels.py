"""Spare kernels: started ahead, with the pages' code imported, for the next visit.

Opening a page costs about a second before its first cell runs: a new Python process,
ipykernel, ipywidgets and the page's modules (issue 18 measured it on phones). Pages
01-02 avoid it by being rendered ahead in Voila's pool, but pages 03-06 show the
runner's log and must run when they are opened, or they would show it as it was.

A spare kernel is the middle way. It is started and has imported ``rollbook.ui`` and
every page's module (``rollbook.ui.preload``), but it has run no page and read no
data. A visit that would start a kernel takes a ready spare instead and runs its page
in it at once; a new spare starts a little later, so it does not compete with the page
being run for the CPU.

A spare carries none of the request details Voila gives a visit's kernel (the query,
the host name): it was started before the visit. It gets the environment of the first
visit's kernel with those details taken out, and rollbook's pages read none of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Run (silently, no history) in a spare kernel: import what every page needs.
PRELOAD_CODE = "__import__('rollbook.ui.preload', fromlist=['preload']).preload()"
#: Voila's names for a request's details in a kernel's environment (rfc3875 style).
REQUEST_KEYS = frozenset(
    {
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "VOILA_REQUEST_URL",
        "VOILA_APP_PORT",
    }
)
PRELOAD_TIMEOUT_S = 60.0


def spare_env(visit_env: Mapping[str, str]) -> dict[str, str]:
    """Return a visit kernel's environment without the visit's request details."""
    return {
        key: value
        for key, value in visit_env.items()
        if key not in REQUEST_KEYS and not key.startswith("HTTP_")
    }


def is_visit(env: Mapping[str, str] | None) -> bool:
    """True for a kernel Voila starts for a visit (not one it renders a page ahead in)."""
    from voila.utils import ENV_VARIABLE  # Voila's own name for the variable

    return env is not None and env.get(ENV_VARIABLE.VOILA_PREHEAT) == "False"


async def preload(manager: Any, kernel_id: str) -> None:
    """Run ``PRELOAD_CODE`` in kernel ``kernel_id``; raise if it fails or times out."""
    client = manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=PRELOAD_TIMEOUT_S)
        msg_id = client.execute(PRELOAD_CODE, silent=True, store_history=False)
        async with asyncio.timeout(PRELOAD_TIMEOUT_S):
            while True:
                reply = await client.get_shell_msg(timeout=PRELOAD_TIMEOUT_S)
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    break
        if reply["content"].get("status") != "ok":
            raise RuntimeError(reply["content"].get("ename", "preload failed"))
    finally:
        client.stop_channels()


@dataclass
class SparePool:
    """Ready spare kernels for one kernel name and folder, refilled after each take.

    ``start`` starts a kernel (the manager's own ``start_kernel``), ``prepare`` readies
    it (``preload``) and ``stop`` ends one that could not be readied.
    """

    size: int
    start: Callable[..., Awaitable[str]]
    prepare: Callable[[str], Awaitable[None]]
    stop: Callable[[str], Awaitable[None]]
    log: logging.Logger | logging.LoggerAdapter[Any]
    refill_delay_s: float = 2.0
    ready: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _starting: dict[tuple[str, str], int] = field(default_factory=dict)
    _envs: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def waiting(self) -> set[str]:
        """Return the ids of the spare kernels ready and not yet taken."""
        return {kernel_id for ids in self.ready.values() for kernel_id in ids}

    def take(self, kernel_name: str, path: str, env: Mapping[str, str]) -> str | None:
        """Hand a ready spare to a visit (or None), and plan the refill."""
        if self.size <= 0:
            return None
        key = (kernel_name, path)
        self._envs.setdefault(key, spare_env(env))
        ids = self.ready.get(key, [])
        kernel_id = ids.pop(0) if ids else None
        if kernel_id is not None:
            self.log.info("Spare kernel %s taken for a visit", kernel_id)
        self.fill(key, delay=self.refill_delay_s if kernel_id else 0.0)
        return kernel_id

    def fill(self, key: tuple[str, str], *, delay: float) -> None:
        """Start spares for ``key`` until ready plus starting reach ``size``."""
        missing = self.size - len(self.ready.get(key, [])) - self._starting.get(key, 0)
        for _ in range(max(0, missing)):
            self._starting[key] = self._starting.get(key, 0) + 1
            task = asyncio.get_running_loop().create_task(self._add(key, delay))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _add(self, key: tuple[str, str], delay: float) -> None:
        kernel_id = None
        try:
            await asyncio.sleep(delay)
            kernel_name, path = key
            kernel_id = await self.start(kernel_name=kernel_name, path=path, env=self._envs[key])
            self.log.info("Spare kernel %s started", kernel_id)
            await self.prepare(kernel_id)
        except Exception:  # a spare is an optimisation: a visit starts its own kernel
            self.log.exception("Could not ready a spare kernel")
            if kernel_id is not None:
                await self.stop(kernel_id)
            return
        finally:
            self._starting[key] -= 1
        self.ready.setdefault(key, []).append(kernel_id)
        self.log.info("Spare kernel %s ready", kernel_id)

    def forget(self, kernel_id: str) -> None:
        """Drop ``kernel_id`` from the ready spares (it was ended)."""
        for ids in self.ready.values():
            if kernel_id in ids:
                ids.remove(kernel_id)
