"""`rollbook preview`: an educator's saved change shows at once, broken content as one line.

The preview serves a copy of the project (``ROLLBOOK_PROJECT``), so the test can edit
notebooks, content files and ``pages.toml`` without touching the checkout.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, assert_no_leaks, open_page, shots
from .server import ServerHandle, start_server, stop_server

PAGE = "01_why_rest_isnt_enough.ipynb"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview") / "project"
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    shutil.copytree(ROOT / "share", root / "share")
    shutil.copytree(ROOT / "media", root / "media")
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    package = root / "src" / "rollbook"
    shutil.copytree(
        ROOT / "src" / "rollbook" / "content",
        package / "content",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    shutil.copy(ROOT / "src" / "rollbook" / "pages.toml", package / "pages.toml")
    return root


@pytest.fixture(scope="module")
def preview(project: Path) -> Iterator[ServerHandle]:
    handle = start_server(
        project.parent / "home", command="preview", extra_env={"ROLLBOOK_PROJECT": str(project)}
    )
    yield handle
    stop_server(handle)


def _add_markdown(path: Path, text: str) -> None:
    book = json.loads(path.read_text(encoding="utf-8"))
    book["cells"].insert(
        1, {"cell_type": "markdown", "id": "preview-edit", "metadata": {}, "source": text}
    )
    path.write_text(json.dumps(book, indent=1, ensure_ascii=False), encoding="utf-8")


def _reloaded(page: Any, text: str) -> None:
    """Wait for the page to reload by itself and show ``text``."""
    page.wait_for_function(f"() => document.body.innerText.includes({text!r})", timeout=120_000)
    page.wait_for_function("() => !document.getElementById('loading')", timeout=90_000)


def test_a_saved_edit_shows_without_a_manual_reload(
    preview: ServerHandle, project: Path, page: Any
) -> None:
    open_page(page, preview.url, PAGE)
    assert "reloads when you save" in page.inner_text(".rb-preview-note")
    _add_markdown(project / "notebooks" / PAGE, "Hello from the preview test.")
    _reloaded(page, "Hello from the preview test.")
    assert_no_leaks(page)
    shots(page, "preview-edited")
    # Every visit ran in a kernel started for it: a spare would hold code from before.
    assert "Spare kernel" not in preview.log()


def test_a_new_page_reaches_the_navigation_at_once(
    preview: ServerHandle, project: Path, page: Any
) -> None:
    open_page(page, preview.url, "00_start_here.ipynb")
    shutil.copy(
        project / "notebooks" / "06_clinician.ipynb",
        project / "notebooks" / "07_extra_reading.ipynb",
    )
    pages = project / "src" / "rollbook" / "pages.toml"
    pages.write_text(
        pages.read_text(encoding="utf-8")
        + '\n[[page]]\nfile = "07_extra_reading.ipynb"\ntitle = "Extra reading"\n'
        'blurb = "More to read."\nminutes = 4\n',
        encoding="utf-8",
    )
    _reloaded(page, "Extra reading")
    assert page.locator(".rb-nav a", has_text="Extra reading").count() == 1
    # The start page's cards are a widget drawn by the page's kernel, a moment later.
    page.locator(".rb-cards a", has_text="Extra reading").wait_for(timeout=60_000)


def test_broken_content_shows_its_one_line_reason(
    preview: ServerHandle, project: Path, page: Any
) -> None:
    exercises = project / "src" / "rollbook" / "content" / "exercises.toml"
    original = exercises.read_text(encoding="utf-8")
    exercises.write_text(original.replace('area = "foot-ankle"\n', "", 1), encoding="utf-8")
    try:
        page.goto(
            f"{preview.url}/voila/render/03_build_your_plan.ipynb", wait_until="domcontentloaded"
        )
        page.wait_for_function(
            "() => document.body.innerText.includes('The content library has a problem')",
            timeout=120_000,
        )
        body = page.inner_text("body")
        assert "exercises.toml: entry" in body
        assert "field 'area': is missing (allowed: foot-ankle, knee, hip, trunk)" in body
        assert "Traceback" not in body and 'File "' not in body
    finally:
        exercises.write_text(original, encoding="utf-8")
