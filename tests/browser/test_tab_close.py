"""Closing a tab shuts its kernel down at once (Voila's close beacon passes XSRF)."""

from __future__ import annotations

import re
import time
from typing import Any

from .conftest import open_page
from .server import ServerHandle, kernel_processes


def kernel_pids(handle: ServerHandle) -> set[int]:
    """Process ids of the kernels serving visitors now (not the warm pool's)."""
    return {proc.pid for proc in kernel_processes(handle, pool_born=False).values()}


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


def test_explainer_pages_come_from_warm_kernels_that_are_replaced(
    browser: Any, voila_handle: ServerHandle
) -> None:
    """Pages 01-02 are rendered ahead in a warm kernel; a visit takes it and the pool refills."""
    page_name = "01_why_rest_isnt_enough.ipynb"
    log_before = len(voila_handle.log())
    context = browser.new_context()
    page = context.new_page()
    open_page(page, voila_handle.url, page_name)
    page.locator(".rb-rest-panel-rest img").wait_for(state="visible")

    def new_log() -> str:  # earlier tests' visits are not this one
        return voila_handle.log()[log_before:]

    taken = re.search(
        rf"Using pre-heated kernel: ([0-9a-f-]{{36}}) for {re.escape(page_name)}", new_log()
    )
    assert taken, "page 01 should have been served from a warm kernel"
    served = taken.group(1)
    assert served in kernel_processes(voila_handle)
    assert served not in kernel_processes(voila_handle, pool_born=False)

    page.close(run_before_unload=True)
    context.close()
    refilled = f"Kernel pool of {page_name} is filled"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if served not in kernel_processes(voila_handle) and refilled in new_log():
            break
        time.sleep(0.5)
    assert served not in kernel_processes(voila_handle), "the visitor's kernel is still running"
    assert refilled in new_log(), "a new warm kernel should replace the one the visitor took"
