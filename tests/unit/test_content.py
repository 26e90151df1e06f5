"""The content library: shipped files validate; bad edits give one clear line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from rollbook.content import (
    NEVER_ROLL_REGIONS,
    REGIONS,
    ContentError,
    Library,
    content_dir,
    load_library,
)
from tests.unit.test_readability import fk_grade  # noqa: F401  (fixture)

REQUIRED_SITES = {
    "foot",
    "achilles",
    "ankle",
    "shin",
    "calf",
    "knee",
    "outer-knee",
    "hamstring",
    "hip",
    "buttock",
    "groin",
    "low-back",
}
REQUIRED_FLAGS = {
    "bone-stress",
    "cannot-bear-weight",
    "calf-clot",
    "spine",
    "hot-joint",
    "groin-bone",
    "cancer-history",
    "low-energy",
}
REQUIRED_REFS = {
    "cheatham-2015",
    "wiewelhove-2019",
    "wilke-2020",
    "konrad-2022",
    "pagaduan-2022",
    "cheatham-stull-2019",
    "aboodarda-2015",
    "habscheid-2024",
    "behm-wilke-2019",
    "bartsch-2021",
    "silbernagel-2007",
    "cook-docking-2015",
    "dubois-esculier-2020",
    "esculier-2018",
    "vuurberg-2018",
    "warden-2014",
    "finucane-2020",
    "quintner-2015",
    "lucas-2009",
    "crossley-2016",
    "collins-2018",
    "fredericson-2000",
    "heiderscheit-2011",
    "hodges-tucker-2011",
    "rathleff-2015",
    "kakouris-2021",
    "van-gent-2007",
    "fahlstrom-2003",
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def test_shipped_library_loads_and_is_cached(lib: Library) -> None:
    assert load_library() is lib
    assert load_library(content_dir()) is not lib  # an explicit folder is read afresh


def test_required_ids_present(lib: Library) -> None:
    assert REQUIRED_SITES <= set(lib.sites)
    assert REQUIRED_FLAGS <= set(lib.red_flags)
    assert REQUIRED_REFS <= set(lib.references)
    for rid in (
        "calf",
        "soleus",
        "quadriceps",
        "hip-flexors",
        "tfl",
        "glutes",
        "piriformis",
        "adductors",
        "hamstrings",
        "shin-muscles",
        "foot-arch",
        "upper-back",
    ):
        assert rid in lib.rolling


def test_sites_carry_the_fields_other_pages_read(lib: Library) -> None:
    for site in lib.sites.values():
        for name in (
            "label",
            "summary",
            "compensation",
            "travels_to",
            "often_tight",
            "often_weak",
            "roll",
            "strengthen",
            "references",
            "avoid_rolling",
        ):
            assert getattr(site, name), (site.id, name)
        assert "person to person" in site.compensation
        assert "hodges-tucker-2011" in site.references


def test_no_rolling_target_sits_on_a_joint_tendon_or_low_back(lib: Library) -> None:
    for target in lib.rolling.values():
        assert set(target.regions) <= set(REGIONS)
        assert not set(target.regions) & NEVER_ROLL_REGIONS, target.id
        assert 30 <= target.seconds <= 120 and 1 <= target.sets <= 3


def test_forbidden_structures_are_named_in_avoid_rolling(lib: Library) -> None:
    assert "Achilles tendon" in lib.site("achilles").avoid_rolling
    assert "lumbar spine" in lib.site("low-back").avoid_rolling
    assert "IT band" in lib.site("outer-knee").avoid_rolling
    assert "shin bone" in lib.site("shin").avoid_rolling


def test_exercises_follow_the_sources(lib: Library) -> None:
    rathleff = lib.exercise("heel-raise-towel")
    assert [(lv.sets, lv.reps) for lv in rathleff.levels] == [(3, 12), (4, 10), (5, 8)]
    assert "every second day" in rathleff.levels[0].how
    knee = lib.site("knee")
    assert {"hip", "knee"} <= {lib.exercise(e).area for e in knee.strengthen}
    assert knee.combine_areas == ["hip", "knee"]
    for exercise in lib.exercises.values():
        assert 2 <= len(exercise.levels) <= 3


def test_every_clinical_entry_cites_a_reference_that_resolves(lib: Library) -> None:
    groups: list[Any] = [
        *lib.sites.values(),
        *lib.rolling.values(),
        *lib.exercises.values(),
        *lib.red_flags.values(),
    ]
    for entry in groups:
        assert entry.references, entry.id
        for ref in entry.references:
            source = lib.reference(ref)
            assert source.kind == "clinical-convention" or source.link().startswith("https://")


def test_reference_short_forms(lib: Library) -> None:
    assert lib.reference("behm-wilke-2019").short() == "Behm & Wilke 2019"
    assert lib.reference("van-gent-2007").short() == "van Gent et al. 2007"
    assert lib.reference("behm-wilke-2019").link().startswith("https://doi.org/10.")


def test_patient_text_reads_at_grade_8_or_below(lib: Library, fk_grade: Any) -> None:  # noqa: F811
    # Scored per group of related sentences, as a reader meets them.
    texts: dict[str, str] = {}
    for site in lib.sites.values():
        texts[f"site {site.id}"] = (
            f"{site.summary} {site.compensation} {site.avoid_rolling} {site.running_tip}"
        )
    for flag in lib.red_flags.values():
        texts[f"flag {flag.id}"] = f"{flag.question} {flag.why} {flag.action}"
    for target in lib.rolling.values():
        texts[f"target {target.id}"] = " ".join(
            [
                target.start,
                target.where,
                target.speed,
                target.pressure,
                target.feel,
                *target.cautions,
            ]
        )
    for exercise in lib.exercises.values():
        texts[f"exercise {exercise.id}"] = " ".join(
            part for lv in exercise.levels for part in (lv.how, lv.progress_when)
        )
    too_hard = {k: round(fk_grade(v), 1) for k, v in texts.items() if fk_grade(v) > 8.0}
    assert not too_hard


# ------------------------------------------------------------------ broken copies


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for path in content_dir().glob("*.toml"):
        shutil.copy(path, folder / path.name)
    return folder


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_library(folder)
    message = str(info.value)
    assert "\n" not in message and "pydantic" not in message.lower()
    assert "validation error" not in message.lower()
    return message


def test_copy_loads(copy: Path) -> None:
    assert load_library(copy).sites


def test_bad_toml_syntax_names_file_and_line(copy: Path) -> None:
    _edit(copy, "sites.toml", 'label = "Foot arch or heel"', 'label = "Foot arch or heel')
    message = _error(copy)
    assert re.match(r"sites\.toml: line \d+: ", message), message


def test_unknown_reference_id(copy: Path) -> None:
    _edit(
        copy,
        "rolling.toml",
        'references = ["cheatham-2015", "pagaduan-2022", "bartsch-2021"]',
        'references = ["cheatham-2015", "nobody-1999"]',
    )
    message = _error(copy)
    assert message.startswith("rolling.toml: entry 'calf': field 'references': ")
    assert "'nobody-1999'" in message


def test_seconds_out_of_range(copy: Path) -> None:
    _edit(copy, "rolling.toml", "seconds = 45", "seconds = 300")
    assert _error(copy) == (
        "rolling.toml: entry 'calf': field 'seconds': must be between 30 and 120 (got 300)"
    )


def test_duplicate_id(copy: Path) -> None:
    _edit(copy, "sites.toml", 'id = "achilles"', 'id = "foot"')
    assert _error(copy) == "sites.toml: entry 'foot': duplicate id (an earlier entry has it)"


def test_missing_field_lists_the_allowed_values(copy: Path) -> None:
    text = (copy / "exercises.toml").read_text(encoding="utf-8")
    first_area = next(line for line in text.splitlines() if line.startswith("area = "))
    _edit(copy, "exercises.toml", first_area + "\n", "")
    message = _error(copy)
    assert message.endswith("field 'area': is missing (allowed: foot-ankle, knee, hip, trunk)"), (
        message
    )


def test_unknown_reference_suggests_the_close_id(copy: Path) -> None:
    text = (copy / "sites.toml").read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("references = ["))
    first_ref = line.split('"')[1]
    _edit(copy, "sites.toml", f'"{first_ref}"', f'"{first_ref[:-1]}"')
    message = _error(copy)
    assert f"unknown reference {first_ref[:-1]!r} (did you mean {first_ref!r}" in message


def test_misspelt_field(copy: Path) -> None:
    _edit(copy, "exercises.toml", "days_per_week = 3", "days_per_weak = 3")
    message = _error(copy)
    assert message.startswith(
        "exercises.toml: entry 'calf-raise': field 'days_per_weak': is not a known field"
    )


def test_nested_level_error_is_located(copy: Path) -> None:
    _edit(copy, "exercises.toml", "reps = 15", "reps = 15\nhold_seconds = 20")
    message = _error(copy)
    # Levels are counted from 1, as educators count them.
    assert message.startswith("exercises.toml: entry 'calf-raise': field 'levels[1]': ")
    assert "exactly one of 'reps' or 'hold_seconds'" in message


def test_rolling_over_a_tendon_is_refused(copy: Path) -> None:
    _edit(copy, "rolling.toml", 'regions = ["calf"]', 'regions = ["calf", "achilles"]')
    message = _error(copy)
    assert message.startswith("rolling.toml: entry 'calf': ")
    assert "tendon, joint" in message


def test_unknown_site_link_and_region(copy: Path) -> None:
    _edit(
        copy,
        "sites.toml",
        'roll = ["foot-arch", "calf", "soleus"]',
        'roll = ["foot-arch", "calves"]',
    )
    message = _error(copy)
    assert message.startswith("sites.toml: entry 'foot': field 'roll': unknown rolling target")


def test_bad_literal(copy: Path) -> None:
    _edit(copy, "rolling.toml", 'sides = "each"', 'sides = "left"')
    message = _error(copy)
    assert message.startswith("rolling.toml: entry 'calf': field 'sides': must be one of")
    assert "(got 'left')" in message


def test_missing_file(copy: Path) -> None:
    (copy / "references.toml").unlink()
    assert _error(copy).startswith("references.toml: file not found")
