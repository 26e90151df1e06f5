"""The line drawings: one per rolling target and exercise level, all different,
well-formed SVG with a title and description, refused when missing, in the plan
JSON, on the pages and drawn as vector paths in the handout."""

from __future__ import annotations

import hashlib
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rollbook.content import ContentError, content_dir, load_library
from rollbook.pictures import find, print_svg, svg_for
from rollbook.pictures.gallery import gallery_html
from rollbook.plan import PlanInput, build_plan
from tests.unit.test_readability import fk_grade  # noqa: F401  (fixture)

LIB = load_library()
SVG = "{http://www.w3.org/2000/svg}"
ALL_IDS = [p.id for p in LIB.pictures.values()]


def test_every_target_and_every_level_has_its_own_picture() -> None:
    for target_id in LIB.rolling:
        assert LIB.target_picture(target_id).target == target_id
    for exercise in LIB.exercises.values():
        for number in range(1, len(exercise.levels) + 1):
            pic = LIB.level_picture(exercise.id, number)
            assert (pic.exercise, pic.level) == (exercise.id, number)
    expected = len(LIB.rolling) + sum(len(e.levels) for e in LIB.exercises.values())
    assert len(LIB.pictures) == expected


def _drawing(svg: str) -> str:
    """The SVG without its title, desc and animation names (just what is drawn)."""
    svg = re.sub(r"<(title|desc|style)>.*?</\1>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'aria-label="[^"]*"', "", svg)
    return re.sub(r"rbp-[a-z0-9-]+", "", svg)


def test_no_two_targets_or_levels_share_a_picture() -> None:
    drawings: dict[str, str] = {}
    for pid in ALL_IDS:
        digest = hashlib.sha256(_drawing(svg_for(LIB, pid)).encode()).hexdigest()
        assert digest not in drawings, f"{pid} draws the same as {drawings.get(digest)}"
        drawings[digest] = pid


@pytest.mark.parametrize("picture_id", ALL_IDS)
def test_svg_is_well_formed_with_title_desc_and_a_name(picture_id: str) -> None:
    for svg in (
        svg_for(LIB, picture_id),
        svg_for(LIB, picture_id, animate=True),
        svg_for(LIB, picture_id, side="left"),
        svg_for(LIB, picture_id, side="right"),
    ):
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.get("aria-label")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text
        assert desc is not None and desc.text == find(LIB, picture_id).alt  # type: ignore[union-attr]
        width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
        assert width > 0 and height > 0
    ET.fromstring(print_svg(LIB, picture_id, aspect=1.2))


def test_alt_text_reads_at_grade_8(fk_grade: Any) -> None:  # noqa: F811
    hard = {p.id: round(fk_grade(p.alt), 1) for p in LIB.pictures.values() if fk_grade(p.alt) > 8}
    assert not hard


def test_one_sided_pictures_mirror_for_the_other_leg() -> None:
    pic = LIB.target_picture("calf")
    assert pic.shows in ("left", "right")
    other = "left" if pic.shows == "right" else "right"
    assert svg_for(LIB, pic.id, side=pic.shows) == svg_for(LIB, pic.id)
    assert _drawing(svg_for(LIB, pic.id, side=other)) != _drawing(svg_for(LIB, pic.id))


def test_moving_picture_has_a_reduced_motion_and_paused_alternative() -> None:
    svg = svg_for(LIB, "roll-calf", animate=True, uid="-t")
    assert "prefers-reduced-motion:no-preference" in svg
    assert "animation-play-state:paused" in svg
    assert "@keyframes" in svg
    # Without the request to animate, nothing moves.
    assert "@keyframes" not in svg_for(LIB, "roll-calf")


def test_unknown_or_hostile_picture_ids_draw_nothing() -> None:
    for bad in ("", "nope", "<script>", 'roll-calf" onload="x'):
        assert svg_for(LIB, bad) == ""


def test_plan_json_items_carry_picture_and_alt() -> None:
    plan = build_plan(PlanInput(pain={"calf": 5, "knee": 4}, minutes=60))
    data = plan.to_dict()
    assert data["rolling"] and data["strength"]
    for raw in data["rolling"] + data["strength"]:
        assert find(LIB, raw["picture"]) is not None
        assert raw["picture_alt"].endswith(".") and len(raw["picture_alt"]) > 20
    first = data["strength"][0]
    assert first["picture"] == LIB.level_picture(first["exercise"], 1).id


def test_handout_embeds_the_drawings_as_vector_paths() -> None:
    from pypdf import PdfReader

    from rollbook.export.pdf import plan_pdf

    plan = build_plan(PlanInput(pain={"calf": 5}, minutes=60))
    data = plan_pdf(plan, name="Al", on=date(2025, 1, 1), library=LIB)
    reader = PdfReader(__import__("io").BytesIO(data))
    page = reader.pages[0]
    assert "/Image" not in str(page.get("/Resources", {}).get("/XObject", {}))
    stream = b"".join(page.get_contents().get_data() for _ in [0])  # type: ignore[union-attr]
    # Bezier curves (the round ends of the limbs) and paths in the drawings' ink colour.
    assert stream.count(b" c") > 100
    assert b"0.114 0.165 0.188 RG" in stream or b"0.1137 0.1647 0.1882 RG" in stream


def test_gallery_lists_every_picture_and_fetches_nothing() -> None:
    page = gallery_html(LIB)
    for pid in ALL_IDS:
        assert f'id="{pid}"' in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


# ------------------------------------------------------------- content rules


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    for file in content_dir().glob("*.toml"):
        shutil.copy(file, tmp_path / file.name)
    return tmp_path


def _drop_picture(folder: Path, picture_id: str) -> None:
    path = folder / "poses.toml"
    text = path.read_text()
    blocks = text.split("\n[[picture]]\n")
    kept = [b for b in blocks if not b.startswith(f'id = "{picture_id}"\n')]
    assert len(kept) == len(blocks) - 1
    path.write_text("\n[[picture]]\n".join(kept))


def test_a_target_without_a_picture_is_refused(copy: Path) -> None:
    _drop_picture(copy, "roll-soleus")
    with pytest.raises(
        ContentError,
        match=r"rolling\.toml: entry 'soleus': has no picture; "
        r"add a \[\[picture\]\] with target = 'soleus'",
    ):
        load_library(copy)


def test_a_level_without_a_picture_is_refused(copy: Path) -> None:
    _drop_picture(copy, "glute-bridge-3")
    with pytest.raises(
        ContentError,
        match=r"exercises\.toml: entry 'glute-bridge': level 3 "
        r"\('One-leg bridge'\) has no picture",
    ):
        load_library(copy)


def test_two_pictures_for_one_level_are_refused(copy: Path) -> None:
    path = copy / "poses.toml"
    text = path.read_text().replace(
        'exercise = "bird-dog"\nlevel = 2', 'exercise = "bird-dog"\nlevel = 1'
    )
    path.write_text(text)
    with pytest.raises(
        ContentError,
        match=r"poses\.toml: entry 'bird-dog-2': bird-dog level 1 "
        r"already has a picture \('bird-dog-1'\)",
    ):
        load_library(copy)


def test_bad_pose_values_name_the_entry(copy: Path) -> None:
    path = copy / "poses.toml"
    path.write_text(path.read_text().replace("trunk = 132", "trunk = 900", 1))
    with pytest.raises(ContentError, match=r"poses\.toml: entry 'roll-calf': field 'start\.trunk'"):
        load_library(copy)
    path.write_text(
        path.read_text()
        .replace("trunk = 900", "trunk = 132")
        .replace('target = "calf"', 'target = "calves"')
    )
    with pytest.raises(
        ContentError,
        match=r"entry 'roll-calf': field 'target': unknown rolling "
        r"target 'calves'",
    ):
        load_library(copy)
