"""Page 03: a rolling caution changes the plan on the page and on the handout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import assert_no_leaks, open_page, shots
from .test_every_page import serious_axe_violations

BUILD = "03_build_your_plan.ipynb"


def test_a_caution_changes_the_plan_and_the_handout(
    page: Any, voila_server: str, tmp_path: Path
) -> None:
    open_page(page, voila_server, BUILD)
    radios = page.locator(".rb-flag input[value=no]")
    radios.first.wait_for(state="visible")
    for index in range(radios.count()):
        radios.nth(index).check()
    page.wait_for_selector("text=No warning signs. Go on to the next step.")
    page.locator(".rb-site-calf input").check()
    page.locator(".rb-site-knee input").check()
    page.locator(".rb-pain-calf input[type=range]").fill("5")
    page.locator(".rb-pain-knee input[type=range]").fill("4")
    page.locator(".rb-roller select").select_option(label="Spiked roller")
    page.locator(".rb-minutes input[type=range]").fill("30")
    page.wait_for_function(
        """() => { const t = document.querySelector('.rb-rolling-table');
                   return !!t && t.innerText.includes('Soleus'); }""",
        timeout=30_000,
    )
    assert page.locator(".rb-caution").count() == 7
    assert "not answered yet" in page.locator(".rb-cautions-status").inner_text()

    # Keyboard only for the caution: in a radio group the arrow keys move the choice.
    page.locator(".rb-caution-varicose-veins input[value=no]").check()
    page.keyboard.press("ArrowRight")
    assert page.locator(".rb-caution-varicose-veins input[value=yes]").is_checked()
    page.locator(".rb-caution-blood-thinners input[value=yes]").check()
    page.wait_for_function(
        """() => { const t = document.querySelector('.rb-rolling-table');
                   const c = document.querySelector('.rb-plan .rb-cautions');
                   return !!t && !!c && !t.innerText.includes('Soleus')
                          && c.innerText.includes('Blood thinners'); }""",
        timeout=30_000,
    )
    plan_text = page.locator("div.rb-plan > div.rb-plan, .widget-html.rb-plan").first.inner_text()
    assert "Your rolling cautions" in plan_text
    assert "Roller in this plan: smooth" in plan_text
    assert "Light pressure only" in page.locator(".rb-rolling-table").inner_text()
    assert "Calf: not rolled because of" in page.locator(".rb-left-out").inner_text()
    assert page.locator(".rb-strength-table").is_visible()
    assert "rolling is changed for" in page.locator(".rb-cautions-status").inner_text()
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    page.locator(".rb-pb-cautions").scroll_into_view_if_needed()
    shots(page, "plan-cautions")

    links = page.locator("a.rb-download")
    links.first.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as pdf_download:
        links.first.click()
    pdf_path = tmp_path / "plan.pdf"
    pdf_download.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    flat = " ".join(text.split())
    assert "Roller: smooth" in flat
    assert "Your rolling cautions" in flat
    assert "Varicose veins or a past blood clot" in flat
    assert "Light pressure only" in flat
    assert "Soleus" not in flat.split("Left out for now")[0]
