"""Every citation in a notebook resolves to a content-library reference.

Citations are written in the text as "(Silbernagel et al. 2007)" (as
``Reference.short()`` gives) or just "(Silbernagel 2007)" (first author and year),
several separated by ";". Pages that list references with
``references([...])`` must list every reference they cite, and only known ids.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from rollbook import paths
from rollbook.content import load_library

NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))
_GROUP = re.compile(r"\(([^()]*\b(?:19|20)\d{2}[^()]*)\)")
_ONE = re.compile(r"^(?P<names>.+?),? (?P<year>(?:19|20)\d{2})$")


def citations(markdown: str) -> list[str]:
    """Return every "Name(s) Year" citation found in parentheses."""
    found: list[str] = []
    for group in _GROUP.findall(markdown):
        found.extend(part.strip() for part in group.split(";") if part.strip())
    return found


def resolve(citation: str) -> str | None:
    """Return the reference id a citation names, or None."""
    refs = load_library().references
    for rid, ref in refs.items():
        if ref.short() == citation:
            return rid
    # "Surname 2007": first author's surname and the year, if that names one reference.
    matches = [rid for rid, ref in refs.items() if _first_author_year(ref.short()) == citation]
    return matches[0] if len(matches) == 1 else None


def _first_author_year(short: str) -> str:
    names, _, year = short.rpartition(" ")
    first = names.split(" & ")[0].removesuffix(" et al.")
    return f"{first} {year}"


def _listed_ids(book: nbformat.NotebookNode) -> list[str] | None:
    for cell in book.cells:
        if cell.cell_type != "code" or "references" not in cell.source:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "references"
            ):
                return [str(v) for v in ast.literal_eval(node.args[0])]
    return None


def test_citation_parsing() -> None:
    text = "It helps (Wilke et al. 2020; Wiewelhove et al. 2019). Also (Cook & Docking 2015)."
    assert citations(text) == ["Wilke et al. 2020", "Wiewelhove et al. 2019", "Cook & Docking 2015"]
    assert resolve("Cook & Docking 2015") == "cook-docking-2015"
    assert resolve("Nobody 1999") is None
    assert resolve("Silbernagel 2007") == resolve("Silbernagel et al. 2007") == "silbernagel-2007"
    assert resolve("Cheatham 2019") == "cheatham-stull-2019"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_citation_resolves_and_is_listed(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    cited = citations(text)
    unknown = [c for c in cited if resolve(c) is None]
    assert not unknown, f"{path.name}: citations not in the content library: {unknown}"
    listed = _listed_ids(book)
    if listed is None:
        return  # the page lists its sources some other way
    known = load_library().references
    assert not [i for i in listed if i not in known], f"{path.name}: unknown ids in references"
    missing = sorted({resolve(c) for c in cited} - set(listed))  # type: ignore[type-var]
    assert not missing, f"{path.name}: cited but not listed in References: {missing}"
    uncited = sorted(set(listed) - {resolve(c) for c in cited})
    assert not uncited, f"{path.name}: listed in References but never cited: {uncited}"
