"""The start page as a visitor sees it, on a laptop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from rollbook import workbook

from .conftest import DESKTOP, PHONE, no_horizontal_scroll, open_page, screenshot

START = "00_start_here.ipynb"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_start_page_looks_right(page: Any, voila_server: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    open_page(page, voila_server, START)

    assert "Start here" in page.title()
    assert page.get_by_role("heading", name="Start here").is_visible()
    assert page.get_by_role("note", name="Safety note").is_visible()

    body = page.inner_text("body")
    for leak in ("Traceback", "Error", "Executing"):
        assert leak not in body

    others = [p for p in workbook.written_pages() if not p.file.startswith("00_")]
    links = page.locator(".rb-cards a")
    assert links.count() == len(others)
    for index, expected in enumerate(others):
        link = links.nth(index)
        assert expected.title in link.inner_text()
        assert link.get_attribute("href") == expected.file

    assert no_horizontal_scroll(page)
    screenshot(page, "start-page")


def test_landing_url_is_the_start_page(page: Any, voila_server: str) -> None:
    page.goto(voila_server + "/", wait_until="domcontentloaded")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    assert page.url.endswith(f"/voila/render/{START}")


def test_every_card_opens_its_page(page: Any, voila_server: str) -> None:
    others = [p for p in workbook.written_pages() if not p.file.startswith("00_")]
    if not others:
        pytest.skip("no other page is written yet")
    open_page(page, voila_server, START)
    page.locator(".rb-cards a").first.click()
    page.wait_for_url(f"**/voila/render/{others[0].file}", wait_until="commit", timeout=90_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    assert others[0].title in page.title() or page.get_by_role("heading").count() > 0
