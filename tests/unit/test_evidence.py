"""Every use of a reference has a row in docs/evidence.md saying what the study showed.

A use is any reference id in a content file (a ``references`` or ``*_references``
field, at any depth), in a notebook (a citation in the text, or an id in a
``references([...])`` call) or as a string in the package's Python code. Every
reference in references.toml must be used or listed under "Background", and the
document must not name ids the library does not hold.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from rollbook import paths
from rollbook.content import content_dir, load_library
from tests.unit.test_notebook_citations import _listed_ids, citations, resolve

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "docs" / "evidence.md"
SOURCE = ROOT / "src" / "rollbook"
STRENGTHS = (
    "meta-analysis",
    "systematic review",
    "rct",
    "cohort",
    "case series",
    "pilot study",
    "lab study",
    "measurement study",
    "guideline",
    "expert consensus",
    "narrative review",
    "concept",
    "theory",
    "clinical convention",
)
_ID = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`")
#: A string in Python that looks like a reference id: surname(s) and a year.
_REF_LIKE = re.compile(r"^[a-z][a-z-]*-(?:19|20)\d{2}$")
_FIX = (
    "add a row to the Claims table in docs/evidence.md: the claim, where it is used, "
    "the id in `backticks`, what the study showed (who, what was measured, which way, "
    "how big) and how strong it is"
)


def _sections(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:].strip().lower()
            parts[name] = ""
        elif name:
            parts[name] += line + "\n"
    return parts


def _table(section: str) -> list[dict[str, str]]:
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip().lower() for cell in rows[0].strip("|").split("|")]
    table = []
    for line in rows[2:]:  # after the header and the |---| line
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == len(header), f"docs/evidence.md: row has wrong cell count: {line}"
        table.append(dict(zip(header, cells, strict=True)))
    return table


def evidence_rows() -> list[dict[str, str]]:
    """The rows of the Claims table."""
    return _table(_sections(EVIDENCE.read_text(encoding="utf-8"))["claims"])


def background_ids() -> set[str]:
    """Ids listed (in backticks) under Background."""
    return set(_ID.findall(_sections(EVIDENCE.read_text(encoding="utf-8"))["background"]))


def _toml_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if (key == "references" or key.endswith("_references")) and isinstance(value, list):
                yield from (str(v) for v in value)
            else:
                yield from _toml_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toml_ids(item)


def used_ids() -> dict[str, list[str]]:
    """Every reference id in use, with where it is used."""
    uses: dict[str, list[str]] = {}

    def add(ref: str, where: str) -> None:
        uses.setdefault(ref, []).append(where)

    for path in sorted(content_dir().glob("*.toml")):
        if path.name == "references.toml":
            continue
        for ref in _toml_ids(tomllib.loads(path.read_text(encoding="utf-8"))):
            add(ref, path.name)
    for path in sorted(paths.notebooks_dir().glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)
        prose = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
        for citation in citations(prose):
            add(resolve(citation) or f"unresolved citation {citation!r}", path.name)
        for ref in _listed_ids(book) or []:
            add(ref, path.name)
    known = set(load_library().references)
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and (value in known or _REF_LIKE.match(value)):
                add(value, str(path.relative_to(ROOT)))
    return uses


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return evidence_rows()


def test_the_table_has_the_columns_the_brief_asks_for(rows: list[dict[str, str]]) -> None:
    assert rows
    assert {"claim", "where", "reference", "what the study showed", "how strong"} <= set(rows[0])


def test_every_row_is_complete_and_names_known_references(rows: list[dict[str, str]]) -> None:
    known = set(load_library().references)
    for row in rows:
        where = f"docs/evidence.md: row {row['claim'][:60]!r}"
        assert all(row.values()), f"{where}: every cell needs text"
        ids = _ID.findall(row["reference"])
        assert ids, f"{where}: name the reference id in `backticks`"
        unknown = [i for i in ids if i not in known]
        assert not unknown, f"{where}: {unknown} not in references.toml"
        strength = row["how strong"].lower()
        assert any(word in strength for word in STRENGTHS), (
            f"{where}: 'How strong' must use a word from the list at the top of the page"
        )


def test_every_used_reference_has_a_row(rows: list[dict[str, str]]) -> None:
    with_rows = {i for row in rows for i in _ID.findall(row["reference"])}
    missing = {ref: where for ref, where in used_ids().items() if ref not in with_rows}
    assert not missing, f"references used without a row in docs/evidence.md: {missing}; {_FIX}"


def test_every_reference_is_used_or_background() -> None:
    used = set(used_ids())
    background = background_ids()
    known = set(load_library().references)
    idle = sorted(known - used - background)
    assert not idle, (
        f"references.toml holds {idle}, which nothing cites; cite them where they support "
        "a claim, list them under Background in docs/evidence.md, or remove them"
    )
    assert not background - known, f"Background lists unknown ids {sorted(background - known)}"
    assert not background & used, (
        f"{sorted(background & used)} are cited, so they need Claims rows, not Background"
    )


def test_cited_sources_are_publications_or_marked_convention() -> None:
    lib = load_library()
    for ref in lib.references.values():
        if ref.kind == "clinical-convention":
            assert not ref.link() and ref.short() == "Clinical convention"
        else:
            assert ref.link().startswith("https://"), ref.id


def test_the_scan_finds_python_and_notebook_uses() -> None:
    # Guards the scanner itself: these uses are known to exist.
    uses = used_ids()
    assert any(w.endswith(".ipynb") for w in uses["silbernagel-2007"])
    assert any(w.endswith("notes.toml") for w in uses["habscheid-2024"])
    assert "unresolved" not in " ".join(uses)
