"""Engine and UI tests use the tests' own library, so content edits do not break them.

The check an educator would make: add a valid knee exercise to (a copy of) the real
content library, then run the engine and UI tests against that copy. They pass,
because they read ``tests/fixtures/library`` and not the real library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from rollbook.content import content_dir, load_library
from rollbook.plan import PlanInput, build_plan

from ..fixtures import small_library

ROOT = Path(__file__).resolve().parents[2]
ENGINE_AND_UI_TESTS = ["tests/unit/test_plan_engine.py", "tests/unit/test_ui_roll_along.py"]


def _block(text: str, header: str, pattern: str) -> str:
    """Return the first top-level ``[[header]]`` block matching ``pattern``."""
    for block in re.split(rf"(?m)^(?=\[\[{re.escape(header)}\]\]\s*$)", text):
        if re.search(pattern, block, re.MULTILINE):
            return block
    raise AssertionError(f"no [[{header}]] matching {pattern}")


def _project_with_a_new_knee_exercise(root: Path) -> Path:
    """Copy the real content into ``root`` and add a step-down exercise for the knee."""
    content = root / "src" / "rollbook" / "content"
    shutil.copytree(content_dir(), content)
    exercises = (content / "exercises.toml").read_text(encoding="utf-8")
    bridge = _block(exercises, "exercise", r'^id = "glute-bridge"$')
    step = bridge.replace('id = "glute-bridge"', 'id = "step-down"').replace(
        'label = "Bridge (buttock muscles)"', 'label = "Step-down"'
    )
    step = re.sub(r'(?m)^area = ".*"$', 'area = "knee"', step)
    (content / "exercises.toml").write_text(exercises + "\n" + step, encoding="utf-8")
    poses = (content / "poses.toml").read_text(encoding="utf-8")
    extra = ""
    for level in (1, 2, 3):
        block = _block(poses, "picture", rf'^id = "glute-bridge-{level}"$')
        extra += "\n" + block.replace('"glute-bridge', '"step-down')
    (content / "poses.toml").write_text(poses + extra, encoding="utf-8")
    sites = (content / "sites.toml").read_text(encoding="utf-8")
    knee = _block(sites, "site", r'^id = "knee"$')
    new_knee = re.sub(r"(?m)^strengthen = \[", 'strengthen = ["step-down", ', knee, count=1)
    (content / "sites.toml").write_text(sites.replace(knee, new_knee), encoding="utf-8")
    return content


def test_a_valid_new_exercise_changes_real_plans_but_not_engine_tests(tmp_path: Path) -> None:
    content = _project_with_a_new_knee_exercise(tmp_path / "project")
    edited = load_library(content)  # the edit is valid content
    assert "step-down" in edited.exercises
    knee = PlanInput(pain={"knee": 6}, minutes=8)
    before = [s.exercise for s in build_plan(knee, load_library()).strength]
    after = [s.exercise for s in build_plan(knee, edited).strength]
    assert before != after, "the edit should matter to a plan built on the real library"
    env = dict(os.environ, ROLLBOOK_PROJECT=str(tmp_path / "project"))
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ENGINE_AND_UI_TESTS],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_small_library_is_valid_and_small() -> None:
    lib = small_library()
    assert sorted(lib.sites) == ["calf", "hamstring", "knee"]
    assert len(lib.exercises) <= 6 and len(lib.rolling) <= 4


def test_engine_and_ui_tests_never_load_the_real_library() -> None:
    for name in ENGINE_AND_UI_TESTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "small_library" in text, name
        assert "load_library(" not in text, f"{name} reads the real content library"
