"""Every page calls rollbook the same way, so educators meet one pattern.

Each code cell imports from ``rollbook.ui`` and ends with the object it shows: Jupyter
(and Voila) display a cell's last value. No cell calls ``display()`` itself, and a
page object made in one cell is only used through its parts in the next ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def code_cells(path: Path) -> list[str]:
    book = nbformat.read(path, as_version=4)
    return [cell.source for cell in book.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_code_cell_ends_with_what_it_shows(path: Path) -> None:
    for source in code_cells(path):
        tree = ast.parse(source)
        last = tree.body[-1]
        assert isinstance(last, ast.Expr), f"{path.name}: {source!r} shows nothing"
        call = last.value
        assert not (isinstance(call, ast.Name)), f"{path.name}: a bare name repeats a value"
        name = getattr(getattr(call, "func", None), "id", "")
        assert name != "display", f"{path.name}: end the cell with the object, not display()"
        for node in tree.body[:-1]:
            if isinstance(node, ast.Assign):
                # A page made of sections: `builder = PlanBuilder()` and then cells that
                # each show one part (`builder.profile`, `builder.safety`, ...).
                assert isinstance(node.value, ast.Call), f"{path.name}: {source!r}"
                continue
            assert isinstance(node, ast.ImportFrom), f"{path.name}: only imports before it"
            assert (node.module or "").startswith("rollbook.ui"), f"{path.name}: {node.module}"
