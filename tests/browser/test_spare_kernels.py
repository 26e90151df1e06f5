"""A page run in a spare kernel (rollbook.app.spare_kernels) shows the runner's data as it is now."""

from __future__ import annotations

import re
import time
from typing import Any

from .conftest import open_page, store_at
from .server import ServerHandle, kernel_processes, waiting_spares

TRACK = "05_track_progress.ipynb"
KERNEL_ID_JS = (
    "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
)


def ready_spare(handle: ServerHandle, timeout: float = 90.0) -> str:
    """Return the id of a spare kernel that has imported the pages and waits for a visit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = set(re.findall(r"Spare kernel ([0-9a-f-]{36}) ready", handle.log()))
        waiting = ready & waiting_spares(handle)
        if waiting:
            return str(min(waiting))
        time.sleep(0.2)
    raise AssertionError("no spare kernel became ready")


def test_a_data_page_from_a_spare_kernel_shows_the_log_as_it_is_now(
    browser: Any, voila_handle: ServerHandle
) -> None:
    context = browser.new_context()
    page = context.new_page()
    open_page(page, voila_handle.url, "00_start_here.ipynb")  # a visit readies a spare
    spare = ready_spare(voila_handle)
    assert spare in kernel_processes(voila_handle)
    assert spare not in kernel_processes(voila_handle, pool_born=False)

    # A runner added after the spare started is on the page the spare runs.
    with store_at(voila_handle.home) as store:
        store.add_profile("Spare Tester")
    open_page(page, voila_handle.url, TRACK)
    assert page.evaluate(KERNEL_ID_JS) == spare
    chooser = page.locator(".rb-profile-chooser select")
    assert "Spare Tester" in chooser.inner_text().replace("\xa0", " ")
    # The page works as from any kernel: a new runner can be added and chosen.
    page.locator(".rb-profile-name input").fill("Spare Second")
    page.locator("button.rb-profile-create").click()
    page.wait_for_function(
        "() => document.querySelector('.rb-profile-feedback').innerText.includes('Spare Second')",
        timeout=30_000,
    )
    # The spare now serves this visit; a new one is readied for the next.
    assert spare in kernel_processes(voila_handle, pool_born=False)
    assert ready_spare(voila_handle) != spare
    context.close()
