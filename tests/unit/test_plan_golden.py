"""Golden plans for typical runners: a change in content or rules shows up as a diff.

Regenerate after an intended change, then review the diff before committing::

    ROLLBOOK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_plan_golden.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from rollbook.content import load_library
from rollbook.plan import PlanInput, build_plan

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = (
    "regenerate with: ROLLBOOK_REGEN_GOLDEN=1 .venv/bin/python -m pytest "
    "tests/unit/test_plan_golden.py"
)

RUNNERS: dict[str, PlanInput] = {
    "knee_and_calf": PlanInput(
        pain={"knee": 6, "calf": 3},
        weekly_km=30,
        run_days=4,
        roller="spiked",
        minutes=15,
        experience="some",
        name="Sam",
    ),
    "plantar_heel_ball": PlanInput(
        pain={"foot": 4}, weekly_km=25, run_days=3, roller="ball", minutes=20, experience="new"
    ),
    "achilles_regular": PlanInput(
        pain={"achilles": 3, "low-back": 2},
        weekly_km=60,
        run_days=6,
        roller="smooth",
        minutes=25,
        experience="regular",
    ),
    "shin_with_red_flag": PlanInput(
        pain={"shin": 7}, red_flags=["bone-stress"], weekly_km=40, roller="textured", minutes=20
    ),
    # Issue 14: a short plan keeps strength work (both-leg raises timed once).
    "short_foot_achilles": PlanInput(pain={"foot": 7, "achilles": 6}, minutes=10),
    # Issue 14: cautions give a smooth roller, light pressure and no calf rolling.
    "calf_knee_cautions": PlanInput(
        pain={"calf": 5, "knee": 4},
        weekly_km=30,
        roller="spiked",
        minutes=30,
        cautions=["blood-thinners", "varicose-veins"],
    ),
}


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_golden_plan(name: str) -> None:
    plan = build_plan(RUNNERS[name], load_library()).to_dict()
    path = GOLDEN / f"{name}.json"
    text = json.dumps(plan, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("ROLLBOOK_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path.name}; {REGENERATE}"
    stored = path.read_text(encoding="utf-8")
    if json.loads(stored) != plan:
        diff = "".join(
            difflib.unified_diff(
                stored.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{path.name} (stored)",
                tofile="plan built now",
                n=2,
            )
        )
        pytest.fail(
            f"The plan for {name!r} changed. If the change is intended, {REGENERATE}, "
            f"review the diff and commit it.\n{diff}",
            pytrace=False,
        )
