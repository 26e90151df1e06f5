"""Start and stop the real rollbook Voila server for tests (as `rollbook app` does)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerHandle:
    """A running `rollbook app` process."""

    url: str
    port: int
    home: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        """Return what the server has printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    home: Path,
    *,
    extra_args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    timeout: float = 60.0,
    command: str = "app",
) -> ServerHandle:
    """Run `rollbook app --no-browser` (or ``command``) on a free port until it answers."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["ROLLBOOK_HOME"] = str(home)
    env.update(extra_env or {})
    log_path = home.parent / f"voila-{port}.log"
    log_file = log_path.open("wb")
    # The tests read the server's log (kernels started, culled, ended): ask for all of it.
    verbose = ("--verbose",) if command == "app" else ()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rollbook",
            command,
            "--no-browser",
            "--port",
            str(port),
            *verbose,
            *extra_args,
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env=env,
        # Own process group, so teardown also stops the kernels it started.
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    handle = ServerHandle(
        url=url, port=port, home=home, process=process, log_path=log_path, env=env
    )
    return wait_until_answering(handle, timeout, "rollbook app")


def wait_until_answering(handle: ServerHandle, timeout: float, what: str) -> ServerHandle:
    """Return ``handle`` once its server serves Voila's bundle; stop it and raise if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if handle.process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{handle.log()}")
        try:
            httpx.get(f"{handle.url}/voila/static/voila.js", timeout=2.0)
            return handle
        except httpx.HTTPError:
            time.sleep(0.25)
    stop_server(handle)
    raise RuntimeError(f"{what} did not answer within {timeout} s:\n{handle.log()}")


def stop_server(handle: ServerHandle) -> None:
    """Stop the server and every kernel it started."""
    if handle.process.poll() is None:
        try:
            os.killpg(handle.process.pid, signal.SIGTERM)
            handle.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(handle.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def waiting_spares(handle: ServerHandle) -> set[str]:
    """Return the ids of the spare kernels started and not yet taken, from the server log."""
    log = handle.log()
    started = set(re.findall(r"Spare kernel ([0-9a-f-]{36}) started", log))
    return started - set(re.findall(r"Spare kernel ([0-9a-f-]{36}) taken", log))


def kernel_processes(handle: ServerHandle, *, pool_born: bool = True) -> dict[str, psutil.Process]:
    """Return the server's live kernel processes by kernel id.

    ``pool_born=False`` leaves out kernels Voila started for its pool of warm kernels
    (pages 01 and 02 are rendered ahead; see voila.json) and the spare kernels waiting
    for the next visit (rollbook.app.spare_kernels): they are meant to stay.
    """
    found = {}
    waiting = set() if pool_born else waiting_spares(handle)
    try:
        children = psutil.Process(handle.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return {}
    for child in children:
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                continue
            match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(child.cmdline()))
            if match is None:
                continue
            if not pool_born and child.environ().get("VOILA_PREHEAT") == "True":
                continue
            if match.group(1) in waiting:
                continue
        except psutil.Error:
            continue
        found[match.group(1)] = child
    return found
