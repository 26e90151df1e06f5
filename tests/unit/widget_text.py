"""Every text a page shows, read from its widget tree, and a check that it was translated.

Used by ``test_i18n_pages.py`` with the pseudo-language of ``pseudo_locale.py``: each
string that went through ``rollbook.i18n`` comes back inside ⟦ ⟧, so whatever text
is left outside the brackets either is data (content-library text, the runner's own
words, numbers, dates, units) or skipped the translation function.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets

from tests.unit.content_text import PLACEHOLDER, content_text
from tests.unit.pseudo_locale import CLOSE, OPEN

ROOT = Path(__file__).resolve().parents[2]

#: Traits that hold words a person reads (or hears from a screen reader).
TEXT_TRAITS = (
    "description",
    "tooltip",
    "placeholder",
    "question",
    "unit",
    "min_label",
    "max_label",
    "title",
    "text",
)
#: Widgets whose ``value`` is page text (not something the runner typed).
HTML_WIDGETS = (widgets.HTML, widgets.HTMLMath, widgets.Label)
#: Attributes of HTML elements that are read out or shown.
TEXT_ATTRIBUTES = frozenset({"alt", "aria-label", "title", "placeholder", "aria-valuetext"})

#: Words that are the same in every language here, or not words: units, the product's
#: name, the outcome measures' names, month and day names written by the date helpers
#: (dates are data), and file types.
NEUTRAL_WORDS = frozenset(
    [
        "km",
        "min",
        "s",
        "h",
        "m",
        "kb",
        "mb",
        "gb",
        "cm",
        "kg",
        "x",
        "pdf",
        "csv",
        "ics",
        "gpx",
        "tcx",
        "fit",
        "zip",
        "gz",
        "json",
        "svg",
        "doi",
        "rollbook",
        "psfs",
        "lefs",
        "mcid",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

_BRACKETED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Shown:
    """One text a widget shows, and where: the widget's class and CSS classes, the trait."""

    text: str
    where: str


#: Elements whose content is not words to translate: code, and what is never shown.
_SKIPPED = frozenset({"script", "style", "code"})


class _TextParser(HTMLParser):
    """The text and read-out attributes of an HTML fragment (scripts, styles, code skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[str] = []
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self.attributes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def html_texts(markup: str) -> list[str]:
    """The texts a browser shows or reads out for ``markup``: each read-out attribute, and
    the text content as one string (a translated sentence may hold inline tags)."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = " ".join(parser.nodes)
    return [*parser.attributes, text] if text.strip() else parser.attributes


def _where(widget: widgets.Widget, trait: str) -> str:
    classes = " ".join(c for c in getattr(widget, "_dom_classes", ()) if c.startswith("rb-"))
    return f"{type(widget).__name__}[{classes}].{trait}"


def widget_texts(root: widgets.Widget) -> Iterator[Shown]:
    """Every text the widget tree under ``root`` shows, with where it is."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen or not isinstance(widget, widgets.Widget):
            continue
        seen.add(id(widget))
        for trait in TEXT_TRAITS:
            if widget.has_trait(trait):
                value = getattr(widget, trait)
                if isinstance(value, str) and value.strip():
                    for text in html_texts(value) if "<" in value else [value]:
                        yield Shown(text, _where(widget, trait))
        if isinstance(widget, HTML_WIDGETS) and isinstance(widget.value, str):
            for text in html_texts(widget.value):
                yield Shown(text, _where(widget, "value"))
        labels = getattr(widget, "_options_labels", None)
        if isinstance(labels, tuple):
            for label in labels:
                yield Shown(str(label), _where(widget, "options"))
        if widget.has_trait("options") and isinstance(widget.options, list):
            for option in widget.options:  # Choice: [value, text] pairs
                if isinstance(option, list) and len(option) == 2:
                    yield Shown(str(option[1]), _where(widget, "options"))
        for title in getattr(widget, "titles", ()) or ():
            if title:
                yield Shown(str(title), _where(widget, "titles"))
        labels_map = getattr(widget, "labels", None)
        if isinstance(labels_map, dict):  # the body map's region names
            for label in labels_map.values():
                yield Shown(str(label), _where(widget, "labels"))
        stack.extend(getattr(widget, "children", ()) or ())


@cache
def content_pieces() -> frozenset[str]:
    """Every piece of content-library text (pages.toml too), lower case; a sentence with
    ``{placeholders}`` gives its literal pieces, as a page shows it filled in."""
    return frozenset(
        piece.strip().lower()
        for value in content_text().strings
        for piece in PLACEHOLDER.split(value)
        if piece.strip()
    )


@lru_cache(maxsize=8)
def _known(data: tuple[str, ...]) -> tuple[str, ...]:
    """Content-library text and ``data``, longest first, so a label is taken out before a word
    inside it."""
    known = set(content_pieces())
    known.update(d.strip().lower() for d in data if d.strip())
    return tuple(sorted(known, key=len, reverse=True))


@cache
def _whole(piece: str) -> re.Pattern[str]:
    """``piece`` where it does not start or end inside a word."""
    before = r"(?<!\w)" if re.match(r"\w", piece) else ""
    after = r"(?!\w)" if re.search(r"\w$", piece) else ""
    return re.compile(before + re.escape(piece) + after)


def _outside(text: str, mark: str) -> str:
    """``text`` with each translated part replaced by ``mark``."""
    while True:  # translated messages may hold translated words: innermost first
        shorter = _BRACKETED.sub(mark, text)
        if shorter == text:
            return text
        text = shorter


def untranslated(text: str, data: tuple[str, ...] = ()) -> str:
    """What is left of ``text`` once translated parts and data are taken out.

    ``data`` are more strings that are data in this test (names and notes the test typed).
    The result keeps only the words that are not neutral (:data:`NEUTRAL_WORDS`); an empty
    result means the text is fine.
    """
    lowered = _outside(text, " ").lower()
    for known in _known(data):
        if known in lowered:  # whole words only: the name "Bo" is not in "about"
            lowered = re.sub(_whole(known), " ", lowered)
    words = [w for w in _WORD.findall(lowered) if w not in NEUTRAL_WORDS]
    return " ".join(words)


def problems(shown: Iterable[Shown], data: Iterable[str] = ()) -> list[str]:
    """One line per text with words outside the pseudo-language's brackets: the widget, the
    text outside the brackets, and the words in it that are not data."""
    known = tuple(data)
    lines: dict[str, str] = {}
    for item in shown:
        left = untranslated(item.text, known)
        if left and item.text not in lines:
            # Name the stretches of text outside the brackets that hold the words.
            outside = [" ".join(p.split()) for p in _outside(item.text, "\0").split("\0")]
            bad = " … ".join(p for p in outside if untranslated(p, known))
            lines[item.text] = f"{item.where}: {bad[:200]!r} (words: {left[:80]})"
    return list(lines.values())
