"""How hard patient text is to read: Flesch–Kincaid grade, per sentence and per page.

Pure functions, no network. Syllables are counted with pyphen's English hyphenation
dictionary (shipped inside the package), so the score is the same on every machine;
textstat does the same when NLTK's pronunciation dictionary is missing.

The rules rollbook holds its patient text to (docs/content.md, "Plain words"):

* a page, or a content file, as a whole reads at school grade 8 or below;
* no single sentence is longer than ``MAX_SENTENCE_WORDS`` words;
* no sentence of ``GRADED_SENTENCE_WORDS`` words or more reads above grade
  ``MAX_SENTENCE_GRADE`` (shorter sentences are exempt: one long word in a
  five-word sentence gives a meaningless grade, and short sentences are easy).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_GRADE = 8.0
MAX_SENTENCE_GRADE = 12.0
MAX_SENTENCE_WORDS = 25
GRADED_SENTENCE_WORDS = 8
#: Fewer words than this give a page score too noisy to judge.
MIN_WORDS_FOR_GRADE = 12

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "approx.", "vs.", "Dr.", "min.")
_CITATION = re.compile(
    r"\((?:[^()]*?\b(?:1[89]|20)\d{2}[a-z]?)(?:;[^()]*?\b(?:1[89]|20)\d{2}[a-z]?)*\)"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+")
_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Sentence:
    """One sentence with its word count and grade."""

    text: str
    words: int
    grade: float

    def problem(self) -> str:
        """Why this sentence is too hard, or ``""`` when it is fine."""
        if self.words > MAX_SENTENCE_WORDS:
            return f"has {self.words} words (limit {MAX_SENTENCE_WORDS})"
        if self.words >= GRADED_SENTENCE_WORDS and self.grade > MAX_SENTENCE_GRADE:
            return f"reads at grade {self.grade:.1f} (limit {MAX_SENTENCE_GRADE:g})"
        return ""


ADVICE = (
    "split it into shorter sentences, and swap long words for short ones "
    "(for example 'use' for 'utilise', 'help' for 'facilitate')"
)


@functools.lru_cache(maxsize=1)
def _dictionary() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Return the number of syllables in ``word`` (at least 1)."""
    dic = _dictionary()
    parts = dic.inserted(word.lower()).split("-")  # type: ignore[attr-defined]
    return max(1, len([p for p in parts if p]))


def words(text: str) -> list[str]:
    """Return the words of ``text`` (numbers and symbols are not words)."""
    return _WORD.findall(text)


def fk_grade(text: str) -> float:
    """Return the Flesch–Kincaid grade of ``text`` (0.0 for text with no words)."""
    found = list(split_sentences(text))
    all_words = [w for s in found for w in words(s)]
    if not all_words:
        return 0.0
    syl = sum(syllables(w) for w in all_words)
    return round(0.39 * len(all_words) / len(found) + 11.8 * syl / len(all_words) - 15.59, 1)


def split_sentences(text: str) -> Iterator[str]:
    """Yield the sentences of plain ``text``; every line counts as its own sentence."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        protected = line
        for abbr in _ABBREVIATIONS:
            protected = protected.replace(abbr, abbr.replace(".", "\0"))
        for part in _SENTENCE_END.split(protected):
            part = part.replace("\0", ".").strip()
            if words(part):
                yield part


def sentences(text: str) -> list[Sentence]:
    """Return every sentence of ``text`` scored on its own."""
    return [Sentence(s, len(words(s)), fk_grade(s)) for s in split_sentences(text)]


def markdown_to_text(markdown: str) -> str:
    """Strip markdown, HTML, links, code and citations; one line per heading or item."""
    text = _CITATION.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub("", text)
    text = _CODE.sub("", text)
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|[-*+>]|\d+[.)])\s+", "", line)
        line = re.sub(r"[*_]{1,3}", "", line).strip()
        if line.startswith("|"):  # a table row: each cell reads as a phrase
            line = " ".join(c.strip() for c in line.strip("|").split("|") if c.strip())
            if set(line) <= set("-: "):
                continue
        if not line:
            continue
        if line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return "\n".join(lines)


def whole_grade(texts: list[str]) -> float | None:
    """Grade of several texts read together, or None when they are too short to judge."""
    joined = "\n".join(texts)
    if len(words(joined)) < MIN_WORDS_FOR_GRADE:
        return None
    return fk_grade(joined)
