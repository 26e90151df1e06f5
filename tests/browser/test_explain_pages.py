"""Pages 01 and 02 as a visitor uses them: the rest model and the body map."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    assert_no_leaks,
    no_horizontal_scroll,
    open_page,
    screenshot,
)

REST = "01_why_rest_isnt_enough.ipynb"
COMPENSATION = "02_how_compensation_travels.ipynb"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_rest_page_looks_right(page: Any, voila_server: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    open_page(page, voila_server, REST)
    assert page.get_by_role("heading", name="Why rest alone is not enough").is_visible()
    for panel, words in (("rest", "full rest"), ("active", "Keeping moving within limits")):
        chart = page.locator(f".rb-rest-panel-{panel} img.rb-rest-chart")
        chart.wait_for(state="visible")
        assert words in (chart.get_attribute("alt") or "")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_by_text("not a prediction for you").first.is_visible()
    assert page.locator(".rb-chart-key li").count() == 3
    assert page.locator(".rb-references li").count() >= 5
    assert page.get_by_role("link", name="the safety check").get_attribute("href") == (
        "03_build_your_plan.ipynb"
    )
    assert_no_leaks(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "explain-01-rest")


def test_moving_the_rest_slider_redraws_chart_and_summary(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, REST)
    summary = page.locator(".rb-model-summary")
    summary.wait_for(state="visible")
    before = summary.inner_text()
    rest_img = page.locator(".rb-rest-panel-rest img")
    active_img = page.locator(".rb-rest-panel-active img")
    rest_before = rest_img.get_attribute("src")
    active_before = active_img.get_attribute("src")
    assert "4 weeks of full rest" in before

    slider = page.locator(".rb-rest-weeks input[type=range]")
    slider.focus()
    page.keyboard.press("Home")  # keyboard, as a visitor would: 0 weeks
    page.wait_for_function(
        "() => !document.querySelector('.rb-model-summary').innerText.includes('4 weeks')"
    )
    after = summary.inner_text()
    assert after != before
    assert "no rest" in after
    assert rest_img.get_attribute("src") != rest_before
    assert active_img.get_attribute("src") == active_before  # the slider only moves the top panel

    page.locator(".rb-use-strength input[type=checkbox]").click()
    page.wait_for_function(
        "(old) => document.querySelector('.rb-model-summary').innerText !== old", arg=after
    )
    assert active_img.get_attribute("src") != active_before


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_compensation_page_looks_right(
    page: Any, voila_server: str, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    open_page(page, voila_server, COMPENSATION)
    assert page.get_by_role("heading", name="How pain changes the way you run").is_visible()
    page.locator(".rb-bodymap svg").wait_for(state="visible")
    assert page.locator(".rb-bodymap [role=checkbox]").count() == 12
    assert page.locator(".rb-site-list .rb-site").count() == 12
    # The map scales to its container.
    box = page.locator(".rb-bodymap svg").bounding_box()
    assert box is not None and box["width"] <= viewport["width"]
    assert_no_leaks(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "explain-02-compensation")
    # And once something is picked, so the screenshot shows the colours and the card.
    page.locator(".rb-site-knee input[type=checkbox]").check()
    page.locator(".rb-site-card-knee").wait_for(state="visible")
    assert no_horizontal_scroll(page)
    screenshot(page, "explain-02-compensation-picked")


def test_clicking_a_region_shows_its_text(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, COMPENSATION)
    knee = page.locator('.rb-bodymap g[data-region="knee"]')
    knee.wait_for(state="attached")
    # Click one of the two knees, not the gap between them.
    knee.locator("ellipse").first.click()
    page.locator(".rb-site-card-knee").wait_for(state="visible")
    assert "Front of knee" in page.locator(".rb-site-details").inner_text()
    assert knee.get_attribute("aria-checked") == "true"
    assert page.locator(".rb-site-knee input[type=checkbox]").is_checked()
    # Where the load may travel is marked on the map too.
    page.wait_for_function(
        "() => document.querySelector('.rb-bodymap g[data-region=\"hip\"]')"
        ".getAttribute('data-state') === 'highlighted'"
    )
    knee.locator("ellipse").first.click()
    page.locator(".rb-site-empty").wait_for(state="visible")
    assert knee.get_attribute("aria-checked") == "false"


def test_keyboard_picks_a_region_and_the_list_follows(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, COMPENSATION)
    calf = page.locator('.rb-bodymap g[data-region="calf"]')
    calf.wait_for(state="attached")
    calf.focus()
    page.keyboard.press("Space")
    page.locator(".rb-site-card-calf").wait_for(state="visible")
    assert calf.get_attribute("aria-checked") == "true"
    assert page.locator(".rb-site-calf input[type=checkbox]").is_checked()
    page.keyboard.press("Enter")
    page.locator(".rb-site-empty").wait_for(state="visible")

    # The list works on its own too, and the map follows it.
    page.locator(".rb-site-list .rb-site-shin input[type=checkbox]").focus()
    page.keyboard.press("Space")
    page.locator(".rb-site-card-shin").wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('.rb-bodymap g[data-region=\"shin\"]')"
        ".getAttribute('aria-checked') === 'true'"
    )
