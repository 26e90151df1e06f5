"""Patient-facing notebook text reads at school grade 8 or below (Flesch–Kincaid).

Every notebook in notebooks/ is checked, so new pages are covered without editing
this file. Consecutive markdown cells are scored together; markdown syntax, links,
HTML tags and citations are stripped first, and every line (a heading, a list item)
counts as its own sentence, because that is how a reader meets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from rollbook import paths

MAX_GRADE = 8.0
MIN_WORDS = 12  # shorter groups (a lone heading) give meaningless scores

NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))

_CITATION = re.compile(
    r"\((?:[^()]*?\b(?:1[89]|20)\d{2}[a-z]?)(?:;[^()]*?\b(?:1[89]|20)\d{2}[a-z]?)*\)"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def fk_grade() -> Iterator[Any]:
    """Return ``textstat.flesch_kincaid_grade``, never letting it reach the network.

    textstat looks words up in NLTK's CMU dictionary and tries to DOWNLOAD it when it
    is missing (this machine has no internet). Without it we hand textstat ``None``
    for the dictionary, which makes it count every word's syllables with pyphen,
    its own built-in fallback for words the dictionary lacks.
    """
    import textstat
    from textstat.backend.counts import _count_syllables

    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except LookupError:
        original = _count_syllables.get_cmudict
        _count_syllables.get_cmudict = lambda lang: None
        _count_syllables.count_syllables.cache_clear()
        yield textstat.flesch_kincaid_grade
        _count_syllables.get_cmudict = original
        return
    yield textstat.flesch_kincaid_grade


def markdown_groups(path: Path) -> list[str]:
    """Return the text of each run of consecutive markdown cells."""
    book = nbformat.read(path, as_version=4)
    groups: list[list[str]] = []
    previous = None
    for cell in book.cells:
        if cell.cell_type == "markdown":
            if previous != "markdown":
                groups.append([])
            groups[-1].append(cell.source)
        previous = cell.cell_type
    return ["\n\n".join(g) for g in groups]


def plain_text(markdown: str) -> str:
    """Strip markdown, HTML, links and citations; end every line as a sentence."""
    text = _CITATION.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub("", text)
    text = re.sub(r"`[^`]*`", "", text)
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"[*_]{1,3}", "", line).strip()
        if not line:
            continue
        if line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return " ".join(lines)


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


def test_plain_text_strips_syntax() -> None:
    text = plain_text(
        "## Title\n\n- **Bold** item (Smith et al. 2020; Jones 2019)\n"
        '<div class="x">See [the page](a.ipynb)</div>'
    )
    assert text == "Title. Bold item. See the page."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_markdown_reads_at_grade_8_or_below(path: Path, fk_grade: Any) -> None:
    too_hard = []
    for group in markdown_groups(path):
        text = plain_text(group)
        if len(text.split()) < MIN_WORDS:
            continue
        grade = fk_grade(text)
        if grade > MAX_GRADE:
            too_hard.append(f"grade {grade:.1f}: {' '.join(text.split()[:8])}...")
    assert not too_hard, f"{path.name}: text above grade {MAX_GRADE:g}: {too_hard}"
