"""A pseudo-language for tests: every translated string comes back inside brackets.

A page rendered with it shows which text went through ``rollbook.i18n`` and which did
not (text outside the brackets that is not content-library data).
"""

from __future__ import annotations

import functools
import gettext
import re

from tests.unit.content_text import PLACEHOLDER, content_text

OPEN = "\u27e6"
CLOSE = "\u27e7"


_FIELD = re.compile(r"(\{[^{}]*\})")


def _bracket(message: str) -> str:
    """``Roll {name} now`` -> ``⟦Roll ⟧{name}⟦ now⟧``: only the message's own words.

    The values filled in later stay outside, so an untranslated value (a word built
    somewhere else) shows up as unmarked text too.
    """
    parts = _FIELD.split(message)
    return "".join(
        part if _FIELD.fullmatch(part) or not any(c.isalpha() for c in part)
        else f"{OPEN}{part}{CLOSE}"
        for part in parts
    )  # fmt: skip


class PseudoTranslations(gettext.NullTranslations):
    """Translations that put each message's words in ⟦ ⟧ instead of translating them."""

    def gettext(self, message: str) -> str:
        return _bracket(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _bracket(msgid1 if n == 1 else msgid2)


_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# What may stand outside the brackets: numbers, dates, units, symbols and space.
_NEUTRAL = re.compile(r"^[\W\d_]*(?:\b(?:km|min|s|x|kB|MB|PSFS|LEFS|rollbook)\b[\W\d_]*)*$")
# What the user typed, echoed back in quotes: 'knee', 'Nobody'.
_ECHOED = re.compile(r"'[^'\s][^']*'")
# A short citation, "Collins et al. 2018" or "Cook & Docking 2015": names and a year.
_CITATION = re.compile(
    r"(?:van |de |der )?[A-Z][\w'’-]+(?: (?:&|and) [A-Z][\w'’-]+| et al\.)? \d{4}"
)


@functools.lru_cache(maxsize=1)
def content_pieces() -> tuple[str, ...]:
    """Every piece of content-library text (data, translated by its own files), longest first.

    A sentence with ``{placeholders}`` gives its literal pieces, since the filled-in
    sentence is what a page shows.
    """
    found = content_text()
    pieces: set[str] = set()
    for value in found.strings:
        text = " ".join(value.split())
        # One lower-case word ("easy", "left") is a value, not a label, and would hide
        # the same word left untranslated in a sentence.
        if not PLACEHOLDER.search(text) and (" " in text or text[:1].isupper()):
            pieces.add(text)
    pieces.update(key for key in found.keys if len(key) > 1)  # ids: "heel-raise", "keep"
    pieces.update(found.ids)  # [[site]] id = "achilles"
    return tuple(sorted(pieces, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def content_templates() -> tuple[re.Pattern[str], ...]:
    """Content sentences with ``{placeholders}``, as patterns that match them filled in."""
    found = {" ".join(s.split()) for s in content_text().strings if PLACEHOLDER.search(s)}
    patterns = []
    for template in sorted(found, key=len, reverse=True):
        parts = PLACEHOLDER.split(template)
        if not re.search(r"[A-Za-z]{3}", "".join(parts)):
            continue  # "{a}, {b}" would match any text
        pattern = "(.+?)".join(re.escape(p) for p in parts)
        if not parts[-1]:  # ends with a value: take it up to the next translated words
            pattern = pattern.removesuffix("(.+?)") + f"([^{OPEN}{CLOSE}]+)"
        patterns.append(re.compile(pattern))
    return tuple(patterns)


@functools.lru_cache(maxsize=8)
def _data_pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    pieces = sorted(
        {" ".join(p.split()) for p in (*extra, *content_pieces())}, key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in pieces) + r")(?!\w)")


def unmarked(text: str, extra: tuple[str, ...] = ()) -> str:
    """The words of ``text`` that did not go through the translation function.

    Line breaks and indents are ignored (the command line wraps its text). Bracketed
    (translated) parts are removed from the inside out, then whole words of
    content-library text and of ``extra`` (names a test typed in, for example), then
    numbers and units. An empty result means every word was translated or is data.
    """
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _INNERMOST.sub(" ", text)
    for template in content_templates():
        # The filled-in values stay: they may hold words of their own.
        text = template.sub(lambda m: " " + " ".join(m.groups()) + " ", text)
    text = _data_pattern(extra).sub(" ", " ".join(text.split()))
    text = _CITATION.sub(" ", text)
    text = _ECHOED.sub(" ", text)
    if _NEUTRAL.match(text):
        return ""
    return " ".join(text.split())
