"""Every written workbook page: navigation, accessibility, phone width, no leaks."""

from __future__ import annotations

from typing import Any

import pytest

from rollbook import workbook

from .conftest import PHONE, no_horizontal_scroll, open_page, screenshot

PAGES = workbook.written_pages()
BLOCKING_IMPACTS = {"serious", "critical"}


def serious_axe_violations(page: Any) -> list[str]:
    """Run axe-core (shipped inside axe-playwright-python, no network) on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("current", PAGES, ids=[p.file for p in PAGES])
def test_page_navigation_and_accessibility(
    page: Any, voila_server: str, current: workbook.Page
) -> None:
    open_page(page, voila_server, current.file)

    nav = page.get_by_role("navigation", name="Workbook pages")
    links = nav.get_by_role("link")
    assert links.count() == len(PAGES)
    marked = nav.locator('a[aria-current="page"]')
    assert marked.count() == 1
    assert current.title in marked.inner_text()

    later = [p for p in PAGES if p.number > current.number]
    next_link = page.get_by_role("navigation", name="Next page")
    if later:
        assert later[0].title in next_link.inner_text()
    else:
        assert next_link.count() == 0

    text = page.inner_text("body")
    assert "Traceback" not in text
    assert "There was an error when executing cell" not in text

    assert serious_axe_violations(page) == []
    screenshot(page, f"page-{current.file.removesuffix('.ipynb')}")


@pytest.mark.parametrize("current", PAGES, ids=[p.file for p in PAGES])
def test_page_fits_a_phone(page: Any, voila_server: str, current: workbook.Page) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, voila_server, current.file)
    assert no_horizontal_scroll(page)
    # Widget text is as big as the page's prose, and a field the keyboard opens for is
    # at least 16 px: on an iPhone a smaller one zooms the whole page when tapped.
    assert page.evaluate(SMALL_TEXT_JS) == []
    screenshot(page, f"page-{current.file.removesuffix('.ipynb')}")


SMALL_TEXT_JS = """() => {
  const out = [];
  const els = document.querySelectorAll('#rendered_cells .widget-html-content, ' +
    '#rendered_cells input, #rendered_cells select, #rendered_cells textarea');
  for (const el of els) {
    if (['checkbox', 'radio', 'file', 'hidden', 'range'].includes(el.type)) continue;
    if (el.getBoundingClientRect().height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.5) out.push(`${el.tagName.toLowerCase()}.${el.className} is ${size} px`);
  }
  return out;
}"""


# Interactive elements a finger must hit, and what counts as their tap area: a radio
# button or checkbox is hit through its label. Body-map regions are exempt: every
# region has a full-size checkbox in the list beside the map.
TAP_TARGETS_JS = """() => {
  const out = [];
  const controls = document.querySelectorAll(
    '#rendered_cells button, #rendered_cells select, #rendered_cells textarea, ' +
    '#rendered_cells input, #rendered_cells a.rb-download, .rb-nav a, .rb-next a');
  for (const el of controls) {
    if (el.closest('svg') || el.type === 'file' || el.type === 'hidden') continue;
    let target = el;
    if (el.type === 'radio' || el.type === 'checkbox') target = el.closest('label') || el;
    const r = target.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.height < 43.5) {
      out.push(`${el.tagName.toLowerCase()}[${el.type || ''}] "${(target.innerText || el.value || '').trim().slice(0, 30)}" is ${Math.round(r.height)} px high`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("current", PAGES, ids=[p.file for p in PAGES])
def test_tap_targets_are_44_px_high(page: Any, voila_server: str, current: workbook.Page) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, voila_server, current.file)
    page.wait_for_timeout(500)
    assert page.evaluate(TAP_TARGETS_JS) == []
