"""What a person does on a page, shared by the browser tests: wait for text, add a runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: How long a page may take to show a result (the machine may be busy with kernels).
WAIT_MS = 60_000


def wait_text(page: Any, selector: str, text: str, timeout: float = WAIT_MS) -> None:
    """Wait until the first element matching ``selector`` shows ``text``."""
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return e && e.innerText.includes(t); }",
        arg=[selector, text],
        timeout=timeout,
    )


def add_runner(page: Any, name: str) -> None:
    """Add a runner with the profile box, as a person types and clicks."""
    page.locator(".rb-profile-name input").fill(name)
    page.locator("button.rb-profile-create").click()
    wait_text(page, ".rb-profile-feedback", f"Added {name}")


def choose_csv_file(page: Any, path: Path) -> None:
    """Upload a CSV through the file chooser, as a person does (the input is not in the DOM)."""
    with page.expect_file_chooser() as chooser:
        page.locator("button.rb-csv-upload").click()
    chooser.value.set_files(str(path))
