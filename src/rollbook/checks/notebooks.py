"""Checks of the notebooks: saved clean, named, titled, cited and easy to read."""

from __future__ import annotations

import ast
import difflib
import json
from pathlib import Path
from typing import Any

from rollbook import readability
from rollbook.checks import Problem
from rollbook.checks.pages import PAGE_NAME
from rollbook.content import Library

CLEAN_FIX = "run `rollbook clean {path}` (or `make clean-notebooks`), then save nothing else"


def check_notebooks(folder: Path, root: Path, library: Library | None) -> list[Problem]:
    """Check every notebook in ``folder``."""
    titles = _page_titles(root)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.ipynb")):
        problems += check_notebook(path, root, library, titles.get(path.name))
    return problems


def _page_titles(root: Path) -> dict[str, str]:
    import tomllib

    pages = root / "src" / "rollbook" / "pages.toml"
    try:
        data = tomllib.loads(pages.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {
        str(p["file"]): str(p["title"])
        for p in data.get("page", [])
        if isinstance(p, dict) and "file" in p and "title" in p
    }


def expected_title(page_title: str) -> str:
    """The browser-tab title a page should carry in its metadata."""
    return f"rollbook · {page_title}"


def check_notebook(
    path: Path, root: Path, library: Library | None, page_title: str | None = None
) -> list[Problem]:
    """Check one notebook file."""
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        book: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [
            Problem(
                rel,
                f"cannot be read as a notebook ({exc})",
                "restore it from the repository, or open and save it in JupyterLab",
            )
        ]
    problems: list[Problem] = []
    if not PAGE_NAME.match(path.name):
        problems.append(
            Problem(
                rel,
                "the file name does not follow the pattern",
                "name pages like 07_my_new_page.ipynb (a translated copy: 07_my_new_page.es.ipynb)",
            )
        )
    problems += _saved_state(book, rel)
    title = book.get("metadata", {}).get("title")
    if page_title and title != expected_title(page_title):
        problems.append(
            Problem(
                rel,
                f"the browser-tab title is {title!r}, not {expected_title(page_title)!r}",
                CLEAN_FIX.format(path=rel) + " (it copies the title from pages.toml)",
            )
        )
    cells = book.get("cells", [])
    for number, cell in enumerate(cells, start=1):
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            problems += _readability(source, f"{rel}:cell {number}")
        elif cell.get("cell_type") == "code" and library is not None:
            problems += _reference_ids(source, f"{rel}:cell {number}", library)
    texts = [
        readability.markdown_to_text(_source(c)) for c in cells if c.get("cell_type") == "markdown"
    ]
    grade = readability.whole_grade(texts)
    if grade is not None and grade > readability.MAX_GRADE:
        problems.append(
            Problem(
                rel,
                f"the page as a whole reads at grade {grade:.1f} (limit {readability.MAX_GRADE:g})",
                readability.ADVICE,
            )
        )
    return problems


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _saved_state(book: dict[str, Any], rel: str) -> list[Problem]:
    found = []
    if "widgets" in book.get("metadata", {}):
        found.append("widget state")
    code = [c for c in book.get("cells", []) if c.get("cell_type") == "code"]
    if any(c.get("outputs") for c in code):
        found.append("cell outputs")
    if any(c.get("execution_count") is not None for c in code):
        found.append("execution counts")
    if not found:
        return []
    return [
        Problem(
            rel,
            f"saved with {', '.join(found)} (these can hold a runner's data)",
            CLEAN_FIX.format(path=rel),
        )
    ]


def _readability(markdown: str, where: str) -> list[Problem]:
    problems = []
    lines = markdown.splitlines()
    for sentence in readability.sentences(readability.markdown_to_text(markdown)):
        issue = sentence.problem()
        if issue:
            line = next((n for n, text in enumerate(lines, 1) if sentence.text[:30] in text), 1)
            problems.append(
                Problem(
                    f"{where}, line {line}",
                    f'this sentence {issue}: "{sentence.text}"',
                    readability.ADVICE,
                )
            )
    return problems


def _reference_ids(source: str, where: str, library: Library) -> list[Problem]:
    """Every id passed to ``references([...])`` must be in references.toml."""
    if "references" not in source:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [
            Problem(
                where,
                f"the code does not parse ({exc.msg})",
                "undo the last edit to this code cell",
            )
        ]
    problems = []
    known = list(library.references)
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and node.args
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "references"
        ):
            continue
        try:
            ids = [str(v) for v in ast.literal_eval(node.args[0])]
        except ValueError:
            continue
        for ref in ids:
            if ref not in library.references:
                close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
                hint = f"did you mean {close[0]!r}?" if close else "see references.toml"
                problems.append(
                    Problem(
                        where,
                        f"unknown reference id {ref!r} ({hint})",
                        "use an id from src/rollbook/content/references.toml, "
                        "or add the reference there first",
                    )
                )
    return problems
