"""Checks of ``pages.toml``: the page list that feeds the start page and navigation."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from rollbook.checks import Problem

#: ``03_build_your_plan.ipynb``; a translated copy adds its language: ``…plan.es.ipynb``.
PAGE_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+(\.[a-z]{2}(-[a-z]{2})?)?\.ipynb$")
_FIELDS = {"file": str, "title": str, "blurb": str, "minutes": int}


def check_pages(pages_file: Path, notebooks: Path, root: Path) -> list[Problem]:
    """Check that every page entry is complete, numbered once, and every page is listed."""
    where = (
        str(pages_file.relative_to(root)) if pages_file.is_relative_to(root) else str(pages_file)
    )
    try:
        data = tomllib.loads(pages_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [Problem(where, "file not found", "restore it from the repository")]
    except tomllib.TOMLDecodeError as exc:
        return [
            Problem(where, f"not valid TOML ({exc})", "fix the line named; every text needs quotes")
        ]
    problems: list[Problem] = []
    listed: dict[str, int] = {}
    numbers: dict[str, str] = {}
    for index, entry in enumerate(data.get("page", []), start=1):
        label = f"{where}: page {index}"
        for field, kind in _FIELDS.items():
            if not isinstance(entry.get(field), kind):
                word = "a whole number" if kind is int else "text in quotes"
                problems.append(
                    Problem(
                        label,
                        f"field '{field}' is missing or not {word}",
                        f"add {field} = … to this [[page]]",
                    )
                )
        if "wide" in entry and not isinstance(entry["wide"], bool):
            problems.append(
                Problem(
                    label,
                    "field 'wide' is not true or false",
                    "write wide = true (no quotes), or leave the line out",
                )
            )
        file = entry.get("file")
        if not isinstance(file, str):
            continue
        listed[file] = index
        match = PAGE_NAME.match(file)
        if not match:
            problems.append(
                Problem(
                    label,
                    f"file name {file!r} does not follow the pattern",
                    "name pages like 07_my_new_page.ipynb: two digits, an "
                    "underscore, lowercase words joined by underscores",
                )
            )
            continue
        if not match.group(2):
            number = match.group(1)
            if number in numbers:
                problems.append(
                    Problem(
                        label,
                        f"number {number} is used by {numbers[number]} too",
                        "give each page its own two-digit number",
                    )
                )
            numbers[number] = file
    if notebooks.is_dir():
        for path in sorted(notebooks.glob("*.ipynb")):
            translated = PAGE_NAME.match(path.name)
            if path.name not in listed and not (translated and translated.group(2)):
                problems.append(
                    Problem(
                        f"notebooks/{path.name}",
                        "this page is not in pages.toml, so no card or navigation link leads to it",
                        f'add a [[page]] with file = "{path.name}", a title, a blurb and minutes '
                        f"to {where}",
                    )
                )
    return problems
