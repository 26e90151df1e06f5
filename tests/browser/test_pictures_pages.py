"""The drawings on pages 02, 03 and 04: there, named for screen readers, axe-clean,
moving only while the roll-along timer runs and still for reduced motion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rollbook.content import load_library
from rollbook.plan import PlanInput, build_plan

from .conftest import DESKTOP, assert_no_leaks, open_page, shots, store_at
from .server import ServerHandle
from .test_every_page import serious_axe_violations

BUILD = "03_build_your_plan.ipynb"
ROLL = "04_roll_along.ipynb"
EXPLAIN = "02_how_compensation_travels.ipynb"
RUNNER = "Pia"

# The animation name of the first moving path in the roll-along drawing ("none" when still).
ANIMATION = """() => { const p = document.querySelector('.rb-ra-picture-box svg.rbp-moving path[class*="-m"]');
                       return p ? getComputedStyle(p).animationName + '|' +
                                  getComputedStyle(p).animationPlayState : 'missing'; }"""


def _pictures(page: Any, scope: str) -> list[str]:
    return list(
        page.eval_on_selector_all(
            f"{scope} svg.rbp[role=img]", "els => els.map(e => e.getAttribute('aria-label'))"
        )
    )


def test_plan_preview_shows_a_named_drawing_beside_each_item(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, BUILD)
    radios = page.locator(".rb-flag input[value=no]")
    radios.first.wait_for(state="visible")
    for index in range(radios.count()):
        radios.nth(index).check()
    page.locator(".rb-site-calf input").check()
    page.locator(".rb-pain-calf input[type=range]").fill("4")
    page.locator(".rb-minutes input[type=range]").fill("30")
    expected = build_plan(
        PlanInput(pain={"calf": 4}, minutes=30, weekly_km=20, run_days=3), load_library()
    )
    rolling = [i.picture_alt for i in expected.rolling]
    strength = [i.picture_alt for i in expected.strength]
    # Wait for the 30-minute plan's drawings. A change that keeps the same drawings must
    # not blank them for a moment (the builder assigns the new preview once).
    page.wait_for_function(
        """([r, s]) => {
          const labels = (scope) => JSON.stringify([...document.querySelectorAll(
            scope + " svg.rbp[role=img]")].map((e) => e.getAttribute("aria-label")));
          return labels(".rb-rolling-table") === JSON.stringify(r)
            && labels(".rb-strength-table") === JSON.stringify(s);
        }""",
        arg=[rolling, strength],
        timeout=30_000,
    )
    assert _pictures(page, ".rb-rolling-table") == rolling
    assert _pictures(page, ".rb-strength-table") == strength
    box = page.locator(".rb-rolling-table svg.rbp").first.bounding_box()
    assert box is not None and box["width"] >= 100
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "pictures-plan-preview")


@pytest.fixture(scope="module")
def saved_runner(voila_handle: ServerHandle) -> Iterator[str]:
    """A runner with a saved plan in the shared app's store."""
    with store_at(voila_handle.home) as store:
        profile = store.find_profile(RUNNER) or store.add_profile(RUNNER)
        plan = build_plan(PlanInput(pain={"calf": 4, "buttock": 3}, minutes=30), load_library())
        store.save_plan(profile, {"pain": {"calf": 4, "buttock": 3}}, plan.to_dict())
    yield RUNNER


def _choose(page: Any, name: str) -> None:
    select = page.locator(".rb-profile-chooser select")
    select.wait_for(state="visible")
    select.select_option(label=name)
    page.locator("button.rb-ra-start").wait_for(state="visible")


def test_roll_along_drawing_moves_only_while_the_timer_runs(
    page: Any, voila_server: str, saved_runner: str
) -> None:
    open_page(page, voila_server, ROLL)
    _choose(page, saved_runner)
    figure = page.locator(".rb-ra-picture-box svg.rbp[role=img]")
    figure.wait_for(state="visible")
    label = figure.get_attribute("aria-label") or ""
    assert label == load_library().target_picture("calf").alt
    assert "The arrows show the movement." in page.locator(".rb-ra-picture-box").inner_text()
    assert page.evaluate(ANIMATION).endswith("|paused")  # ready: still
    page.locator("button.rb-ra-start").click()
    page.wait_for_function(f"() => ({ANIMATION})().endsWith('|running')")
    assert not page.evaluate(ANIMATION).startswith("none")
    box = figure.bounding_box()
    assert box is not None and box["width"] >= 250
    assert serious_axe_violations(page) == []
    shots(page, "pictures-roll-along")
    page.locator("button.rb-ra-pause").click()
    page.wait_for_function(f"() => ({ANIMATION})().endsWith('|paused')")
    page.locator("button.rb-ra-end").click()


def test_roll_along_is_still_for_reduced_motion(
    browser: Any, voila_server: str, saved_runner: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_page(page, voila_server, ROLL)
        _choose(page, saved_runner)
        page.locator(".rb-ra-picture-box svg.rbp").wait_for(state="visible")
        page.locator("button.rb-ra-start").click()
        page.wait_for_selector("button.rb-ra-pause:not([disabled])")
        assert page.evaluate(ANIMATION).startswith("none|")
        page.locator("button.rb-ra-end").click()
    finally:
        context.close()


def test_page_02_shows_what_may_help_as_drawings(page: Any, voila_server: str) -> None:
    open_page(page, voila_server, EXPLAIN)
    page.locator(".rb-site-list .rb-site-calf input[type=checkbox]").check()
    card = page.locator(".rb-site-card-calf")
    card.wait_for(state="visible")
    lib = load_library()
    site = lib.site("calf")
    names = card.locator(".rb-site-pics figcaption").all_inner_texts()
    assert len(names) == len(site.roll) + len(site.strengthen)
    assert f"Rolling: {lib.target(site.roll[0]).label}" in names
    assert len(_pictures(page, ".rb-site-card-calf")) == len(names)
    assert serious_axe_violations(page) == []
    shots(page, "pictures-explain")
