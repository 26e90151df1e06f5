"""The rolling-caution questions on the plan page (``rollbook.ui.cautions``)."""

from __future__ import annotations

from pathlib import Path

from rollbook.store import open_store
from rollbook.ui.plan_builder import PlanBuilder


def _page(tmp_path: Path) -> PlanBuilder:
    page = PlanBuilder(open_store(tmp_path / "db.sqlite"))
    for question in page.questions.values():
        question.value = "no"
    page.body.selected = ["calf"]
    page.pain_sliders["calf"].value = 5
    page.roller.value = "spiked"
    page.minutes.value = 30
    return page


def test_a_caution_changes_the_plan_and_the_status(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert page.plan is not None and page.plan.roller == "spiked"
    assert "calf" in page.plan.regions()
    assert "not answered yet" in page.cautions.status.value
    page.cautions.questions["varicose-veins"].value = "yes"
    plan = page.plan
    assert plan is not None and plan.roller == "smooth" and "calf" not in plan.regions()
    assert plan.strength
    assert "Your rolling cautions" in page.details.value
    assert "Varicose veins or a past blood clot" in page.details.value
    assert "varicose veins" in page.cautions.status.value
    page.close()


def test_no_rolling_caution_keeps_strength(tmp_path: Path) -> None:
    page = _page(tmp_path)
    page.cautions.questions["recent-fracture-or-surgery"].value = "yes"
    plan = page.plan
    assert plan is not None and not plan.rolling and plan.strength
    assert "No rolling for now" in page.details.value
    page.close()


def test_bad_browser_values_and_reset(tmp_path: Path) -> None:
    page = _page(tmp_path)
    page.cautions.questions["pregnancy"].value = "maybe"
    assert page.cautions.chosen() == []
    for question in page.cautions.questions.values():
        question.value = "no"
    assert "Nothing here changes your rolling" in page.cautions.status.value
    page.reset()
    assert page.cautions.unanswered() == len(page.cautions.questions)
    page.close()


def test_saved_inputs_hold_the_cautions(tmp_path: Path) -> None:
    page = _page(tmp_path)
    page.cautions.questions["blood-thinners"].value = "yes"
    assert page.plan_input().cautions == ["blood-thinners"]
    page.close()
