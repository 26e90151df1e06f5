"""Closing a tab shuts its kernel down at once (Voila's close beacon passes XSRF)."""

from __future__ import annotations

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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(kernel_processes(voila_handle)) < 2:
        time.sleep(0.5)
    warm = set(kernel_processes(voila_handle)) - set(kernel_processes(voila_handle, pool_born=False))
    assert len(warm) >= 2, "pages 01 and 02 should each have a warm kernel waiting"

    context = browser.new_context()
    page = context.new_page()
    open_page(page, voila_handle.url, page_name)
    page.locator(".rb-rest-panel-rest img").wait_for(state="visible")
    served = [k for k in warm if f"Using pre-heated kernel: {k} for {page_name}" in voila_handle.log()]
    assert len(served) == 1, "page 01 should have been served from its warm kernel"

    page.close(run_before_unload=True)
    context.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = kernel_processes(voila_handle)
        refilled = set(now) - set(kernel_processes(voila_handle, pool_born=False)) - warm
        if served[0] not in now and refilled:
            break
        time.sleep(0.5)
    assert served[0] not in kernel_processes(voila_handle), "the visitor's kernel is still running"
    assert refilled, "a new warm kernel should replace the one the visitor took"
