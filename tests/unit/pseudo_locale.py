"""A pseudo-language for tests: every translated string comes back inside brackets.

A page rendered with it shows which text went through ``rollbook.i18n`` and which did
not (text outside the brackets that is not content-library data).
"""

from __future__ import annotations

import functools
import gettext
import re
import tomllib
from importlib import resources
from pathlib import Path

OPEN = "\u27e6"
CLOSE = "\u27e7"


class PseudoTranslations(gettext.NullTranslations):
    """Translations that wrap each message in ⟦ ⟧ instead of translating it."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{OPEN}{msgid1 if n == 1 else msgid2}{CLOSE}"


_CONTENT_FILES = ("content/*.toml", "pages.toml")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# What may stand outside the brackets: numbers, dates, units, symbols and space.
_NEUTRAL = re.compile(r"^[\W\d_]*(?:\b(?:km|min|s|x|kB|MB|PSFS|LEFS|rollbook)\b[\W\d_]*)*$")


@functools.lru_cache(maxsize=1)
def content_pieces() -> tuple[str, ...]:
    """Every piece of content-library text (data, translated by its own files), longest first.

    A sentence with ``{placeholders}`` gives its literal pieces, since the filled-in
    sentence is what a page shows.
    """
    root = resources.files("rollbook")
    pieces: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            pieces.update(p.strip() for p in _PLACEHOLDER.split(value) if len(p.strip()) > 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    folder = Path(str(root))
    for pattern in _CONTENT_FILES:
        for path in sorted(folder.glob(pattern)):
            walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return tuple(sorted(pieces, key=len, reverse=True))


def unmarked(text: str, extra: tuple[str, ...] = ()) -> str:
    """The words of ``text`` that did not go through the translation function.

    Bracketed (translated) parts are removed from the inside out, then content-library
    text and ``extra`` (names a test typed in, for example), then numbers and units.
    An empty result means every word was translated or is data.
    """
    previous = None
    while previous != text:
        previous, text = text, _INNERMOST.sub(" ", text)
    for piece in (*extra, *content_pieces()):
        if piece in text:
            text = text.replace(piece, " ")
    if _NEUTRAL.match(text):
        return ""
    return " ".join(text.split())
