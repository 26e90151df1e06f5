"""Text first on phones (issue 18): the page's text shows before any script has run.

On a slow mobile network Voila's scripts take half a minute to arrive; the page's
headings and text are in the HTML long before. These tests block every script (what a
runner sees while they download) and turn JavaScript off, and check that the text is
on screen, that room is kept for the widgets, and that the page says plainly what needs
JavaScript. Speed itself is measured by ``benchmarks/bench_phone.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import PHONE, PageWatch, open_page, screenshot

PLAN = "03_build_your_plan.ipynb"
# Notes, in page time, the first frame with the page heading on screen and the first
# with a widget on screen (the same watch as benchmarks/bench_phone.py).
ORDER_JS = """
(() => {
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const check = () => {
    const now = performance.now();
    if (window.__rbHeading === undefined &&
        Array.from(document.querySelectorAll('#rendered_cells h1')).some(shown)) window.__rbHeading = now;
    if (window.__rbWidget === undefined &&
        Array.from(document.querySelectorAll('.jupyter-widgets')).some(shown)) window.__rbWidget = now;
    if (window.__rbWidget === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


@pytest.fixture
def phone(browser: Any, watch: PageWatch) -> Iterator[Any]:
    """A phone-sized page whose scripts never arrive (a slow network, frozen)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("request", watch.on_request)
    yield page
    context.close()
    assert not watch.external_requests, f"requests left the machine: {watch.external_requests}"


def test_text_is_on_screen_before_any_script_arrives(phone: Any, voila_server: str) -> None:
    # Every script file is held back: what the runner sees on a very slow network.
    phone.route("**/*.js*", lambda route: route.abort())
    phone.goto(f"{voila_server}/voila/render/{PLAN}", wait_until="load", timeout=120_000)
    heading = phone.get_by_role("heading", name="Build your plan", level=1)
    assert heading.is_visible()
    assert phone.get_by_role("heading", name="2. Safety first").is_visible()
    assert phone.locator(".jupyter-widgets").count() == 0
    # The note says the interactive parts are coming; room is kept for them.
    assert phone.locator("#loading").is_visible()
    assert phone.locator(".rb-slot").first.is_visible()
    box = heading.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], "the heading is not in the first screen"
    screenshot(phone, "text-first-scripts-blocked")


def test_without_javascript_the_text_shows_and_says_what_needs_it(
    browser: Any, watch: PageWatch, voila_server: str
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.on("request", watch.on_request)
    try:
        page.goto(f"{voila_server}/voila/render/{PLAN}", wait_until="load", timeout=120_000)
        assert page.get_by_role("heading", name="Build your plan", level=1).is_visible()
        notice = page.locator(".rb-noscript")
        assert notice.is_visible()
        assert "JavaScript" in notice.inner_text()
        assert not page.locator("#loading").is_visible()
        assert not page.locator(".rb-slot").first.is_visible()
        assert page.locator(".rb-nav a").count() >= 2, "the page links still work"
        screenshot(page, "text-first-no-javascript")
    finally:
        context.close()
    assert not watch.external_requests


def test_heading_is_visible_before_the_first_widget(page: Any, voila_server: str) -> None:
    page.set_viewport_size(PHONE)
    page.add_init_script(ORDER_JS)
    open_page(page, voila_server, PLAN)
    page.wait_for_function("() => window.__rbWidget !== undefined")
    heading, widget = page.evaluate("() => [window.__rbHeading, window.__rbWidget]")
    assert heading is not None and heading < widget
    # With scripts, the loading note is gone, the notice for no JavaScript is not shown
    # and every widget slot has given way to its widget.
    assert page.locator("#loading").count() == 0
    assert not page.locator(".rb-noscript").is_visible()
    assert page.locator(".rb-slot:visible").count() == 0
    screenshot(page, "text-first-plan")
