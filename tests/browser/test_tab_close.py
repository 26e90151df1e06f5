"""Closing a tab shuts its kernel down at once (Voila's close beacon passes XSRF)."""

from __future__ import annotations

import time
from typing import Any

import psutil

from .conftest import open_page
from .server import ServerHandle


def kernel_pids(handle: ServerHandle) -> set[int]:
    """Process ids of the kernels the server is running now."""
    pids = set()
    for child in psutil.Process(handle.process.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()) and child.status() != "zombie":
                pids.add(child.pid)
        except psutil.Error:
            continue
    return pids


def test_closing_a_tab_stops_its_kernel(browser: Any, voila_handle: ServerHandle) -> None:
    context = browser.new_context()
    page = context.new_page()
    before = kernel_pids(voila_handle)
    open_page(page, voila_handle.url, "00_start_here.ipynb")
    mine = kernel_pids(voila_handle) - before
    assert len(mine) == 1, "opening the page should start exactly one kernel"

    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10  # culling would take 45 s or more
    while time.monotonic() < deadline and mine & kernel_pids(voila_handle):
        time.sleep(0.2)
    context.close()
    assert not mine & kernel_pids(voila_handle), "the closed tab's kernel is still running"
