"""Site fixes of issue 14 (item 8): what a sports physiotherapist would sign.

* Outer-hip (gluteal tendon) pain starts with holds and never gets positions that
  squeeze the tendon (side-lying leg lifts, clams, lying on a roller on that side),
  whichever other painful site asks for them (Mellor 2018 + clinical convention).
* The heel-drop calf raise stops at step level for pain where the heel cord meets
  the heel bone (Fahlström 2003; Jonsson 2008).
* Hip-flexor rolling keeps out of the hip crease (nerve, artery, vein); back-of-thigh
  and deep-buttock rolling stop at tingling or numbness.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook.content import ContentError, Library, content_dir, load_library
from rollbook.plan import Plan, PlanInput, build_plan

LIB: Library = load_library()
SQUEEZING = {"hip-abduction", "clam-side-plank", "tfl"}


def plan(**kwargs: Any) -> Plan:
    kwargs.setdefault("minutes", 60)
    kwargs.setdefault("weekly_km", 30.0)
    return build_plan(PlanInput(**kwargs), LIB)


def given_ids(p: Plan) -> set[str]:
    return {i.exercise for i in p.strength} | {i.target for i in p.rolling}


def test_outer_hip_starts_with_holds_and_no_side_lying_work() -> None:
    hip = LIB.site("hip")
    first = LIB.exercise(hip.strengthen[0])
    assert first.levels[0].hold_seconds is not None  # an isometric hold comes first
    assert "mellor-2018" in hip.references and "mellor-2018" in first.references
    assert SQUEEZING <= set(hip.leave_out) and hip.leave_out_why
    for exercise_id in hip.strengthen:
        for level in LIB.exercise(exercise_id).levels:
            assert "Lie on your side" not in level.how, (exercise_id, level.name)
    p = plan(pain={"hip": 6})
    assert not given_ids(p) & SQUEEZING
    assert p.strength and p.strength[0].exercise == "hip-abduction-hold"


@pytest.mark.parametrize("other", ["knee", "outer-knee", "buttock", "low-back"])
def test_outer_hip_pain_removes_squeezing_work_other_sites_ask_for(other: str) -> None:
    alone = plan(pain={other: 6})
    with_hip = plan(pain={other: 6, "hip": 3})
    assert given_ids(alone) & SQUEEZING  # without hip pain they would be given
    assert not given_ids(with_hip) & SQUEEZING
    told = [line for line in with_hip.left_out if "outer hip pain" in line]
    expected = {
        LIB.exercise(i).label if i in LIB.exercises else LIB.target(i).label
        for i in given_ids(alone) & SQUEEZING
    }
    assert all(label in " ".join(told) for label in expected)


def test_knee_pain_with_outer_hip_pain_still_gets_hip_and_knee_work() -> None:
    # Collins 2018: hip AND knee for front-of-knee pain; the hip part must not squeeze.
    p = plan(pain={"knee": 6, "hip": 3})
    areas = {LIB.exercise(i.exercise).area for i in p.strength}
    assert {"hip", "knee"} <= areas


@settings(max_examples=60, deadline=None)
@given(
    pain=st.dictionaries(st.sampled_from(list(LIB.sites)), st.integers(1, 10), min_size=1),
    minutes=st.integers(5, 90),
)
def test_no_plan_with_outer_hip_pain_squeezes_the_tendon(
    pain: dict[str, int], minutes: int
) -> None:
    pain["hip"] = max(pain.get("hip", 1), 1)
    assert not given_ids(plan(pain=pain, minutes=minutes)) & SQUEEZING


def test_heel_drop_has_the_insertional_caveat() -> None:
    raise_ = LIB.exercise("calf-raise")
    drop = next(lv for lv in raise_.levels if "below the step" in lv.how)
    assert "heel bone" in drop.how and "stop at step level" in drop.how
    assert {"fahlstrom-2003", "jonsson-2008"} <= set(raise_.references)


def test_hip_crease_and_nerve_warnings() -> None:
    flexors = " ".join(LIB.target("hip-flexors").cautions)
    assert "crease" in flexors and "nerve, artery and vein" in flexors
    assert "pulse" in flexors and "tingling" in flexors
    for target_id in ("hamstrings", "piriformis"):
        cautions = " ".join(LIB.target(target_id).cautions)
        assert "tingling" in cautions and "numbness" in cautions, target_id


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for path in content_dir().glob("*.toml"):
        shutil.copy(path, folder / path.name)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "sites.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_leave_out_names_known_items(copy: Path) -> None:
    _edit(copy, '"clam-side-plank", "tfl"]', '"clam-side-plonk", "tfl"]')
    with pytest.raises(
        ContentError,
        match=r"entry 'hip': field 'leave_out': unknown exercise or "
        r"rolling target 'clam-side-plonk'",
    ):
        load_library(copy)


def test_leave_out_needs_a_reason(copy: Path) -> None:
    _edit(copy, 'leave_out_why = "side-lying squeezes the tendon"', 'leave_out_why = ""')
    with pytest.raises(ContentError, match=r"entry 'hip': .*'leave_out' needs 'leave_out_why'"):
        load_library(copy)


def test_leave_out_cannot_contradict_the_site(copy: Path) -> None:
    _edit(copy, 'leave_out = ["hip-abduction",', 'leave_out = ["glute-bridge", "hip-abduction",')
    with pytest.raises(ContentError, match=r"'glute-bridge', which is also in this site's own"):
        load_library(copy)
