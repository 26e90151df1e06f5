"""Every module of rollbook sits in a layer of docs/architecture.md (issue 16).

``make lint`` runs import-linter over the layers listed in ``pyproject.toml``. A module
left out of that list would escape the check, so a new top-level module or package
must be given its layer there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "rollbook"


def _layered() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    names: set[str] = set()
    for layer in layers:
        for part in layer.replace("|", ":").split(":"):
            names.add(part.strip())
    return names


def _top_level_modules() -> set[str]:
    found = {f"rollbook.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    found |= {f"rollbook.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted(_top_level_modules() - _layered())
    assert not missing, (
        f"{', '.join(missing)} not in any layer of [tool.importlinter] in pyproject.toml; "
        "add each to the layer it belongs to (docs/architecture.md)"
    )


def test_every_layer_names_a_real_module() -> None:
    unknown = sorted(_layered() - _top_level_modules())
    assert not unknown, f"pyproject.toml's layers name modules that do not exist: {unknown}"
