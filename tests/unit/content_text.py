"""Every piece of content-library text, read once for the translation tests.

Content-library text (``src/rollbook/content/*.toml`` and ``pages.toml``) is data: a
second language gets its own copies of the files, so the pseudo-language tests
(``pseudo_locale.py``, ``widget_text.py``) take it out of a page before they look for
words that skipped ``rollbook.i18n``. Both read it here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

#: The content files, as globs under the ``rollbook`` package folder.
CONTENT_FILES = ("content/*.toml", "pages.toml")
#: A ``{name}`` a page fills in with a value.
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class ContentText:
    """The strings of the content files, as written (line breaks and all)."""

    #: Every string value, wherever it stands (tables, arrays, arrays of tables).
    strings: frozenset[str]
    #: Every table key: entry ids such as ``heel-raise`` and field names such as ``keep``.
    keys: frozenset[str]
    #: The value of every ``id = "…"`` field (``[[site]] id = "achilles"``).
    ids: frozenset[str]


@cache
def content_text() -> ContentText:
    """Read every content file once and return its strings, keys and ids."""
    strings: set[str] = set()
    keys: set[str] = set()
    ids: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, dict):
            keys.update(value)
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    folder = Path(str(resources.files("rollbook")))
    for pattern in CONTENT_FILES:
        for path in sorted(folder.glob(pattern)):
            walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return ContentText(frozenset(strings), frozenset(keys), frozenset(ids))
