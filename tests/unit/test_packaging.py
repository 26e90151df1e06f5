"""The package, its two dependency lists and the committed notebooks stay consistent."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import rollbook

ROOT = Path(__file__).resolve().parents[2]


def _normalise(requirement: str) -> tuple[str, str]:
    """Split 'name>=1,<2; marker' into (canonical name, specifier without spaces)."""
    requirement = requirement.split(";")[0].split("#")[0].strip()
    match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment_runtime() -> dict[str, str]:
    deps: dict[str, str] = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if not in_deps or not line.startswith("  - ") or line.startswith("  - pip:"):
            continue
        name, spec = _normalise(line[4:])
        if name not in ("python", "pip"):
            deps[name] = spec
    return deps


def test_runtime_dependencies_match_environment_yml() -> None:
    declared = dict(_normalise(r) for r in _pyproject()["project"]["dependencies"])
    assert declared == _environment_runtime()


def test_environment_installs_the_package_and_its_test_tools() -> None:
    # Educators and Binder users install environment.yml; with the test extras they can
    # run nbval, pytest and `rollbook check` just as `make test` does.
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r'^\s+- -e "\.\[test\]"\s*$', text, re.MULTILINE)
    extras = _pyproject()["project"]["optional-dependencies"]["test"]
    assert {_normalise(r)[0] for r in extras} >= {"nbval", "pytest", "hypothesis"}


def test_package_is_typed_and_versioned() -> None:
    assert (Path(rollbook.__file__).parent / "py.typed").is_file()
    assert re.fullmatch(r"\d+\.\d+\.\d+", rollbook.__version__)


def test_notebooks_are_committed_without_outputs() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    remedy = "run `rollbook clean` (or `make clean-notebooks`) and commit the result"
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert "widgets" not in nb.get("metadata", {}), f"{path.name}: widget state saved; {remedy}"
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            assert cell.get("outputs") == [], f"{path.name}: a code cell has outputs; {remedy}"
            assert cell.get("execution_count") is None, (
                f"{path.name}: execution count saved; {remedy}"
            )


def test_notebook_files_are_numbered_in_reading_order() -> None:
    from rollbook.checks.pages import PAGE_NAME

    for path in (ROOT / "notebooks").glob("*.ipynb"):
        assert PAGE_NAME.fullmatch(path.name), (
            f"{path.name}: name pages like 07_my_new_page.ipynb (two digits, an underscore, "
            "lowercase words joined by underscores); a translated copy adds its language "
            "code: 07_my_new_page.es.ipynb"
        )
