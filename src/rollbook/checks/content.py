"""Checks of the content library: it loads, and its patient text is easy to read."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rollbook import readability
from rollbook.checks import Problem
from rollbook.content import ContentError, Library, load_library, load_painmodel
from rollbook.content.progressfile import load_progression

#: Files whose text is not read by patients (titles of papers, author names).
NOT_PATIENT_TEXT = frozenset({"references.toml"})
#: Fields that hold ids or codes, never sentences.
_CODE_FIELDS = re.compile(r"(^|\.)(id|references|regions|rollers|doi|url)(\[\d+\])?$")
_LOCATION = re.compile(r"^(?P<file>[\w.-]+\.toml): (?:line (?P<line>\d+): )?(?P<rest>.*)$")


def check_library(folder: Path, root: Path) -> tuple[Library | None, list[Problem]]:
    """Load the library in ``folder``; return it (None if broken) and the problems."""
    try:
        library = load_library(folder)
        load_painmodel(folder)
        load_progression(folder)
    except ContentError as exc:
        return None, [_load_problem(str(exc), folder, root)]
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name not in NOT_PATIENT_TEXT:
            problems += check_text_file(path, root)
    return library, problems


def _load_problem(message: str, folder: Path, root: Path) -> Problem:
    """Turn a one-line :class:`ContentError` into a problem with a file path and a fix."""
    match = _LOCATION.match(message)
    if not match:
        return Problem(_relative(folder, root), message, "correct the file and run the check again")
    path = folder / match.group("file")
    where = _relative(path, root)
    if match.group("line"):
        where += f":{match.group('line')}"
    rest = match.group("rest")
    return Problem(where, rest, _fix_for(rest))


def _fix_for(problem: str) -> str:
    """A plain instruction for the kinds of problem the loader reports."""
    if "did you mean" in problem:
        return "use the suggested spelling"
    if "is missing" in problem:
        return "add the field (docs/content.md lists every field and its allowed values)"
    if "unknown" in problem:
        return "use one of the ids listed, or add the missing entry to its file first"
    if "must be" in problem:
        return "change the value to one that is allowed"
    if "listed twice" in problem or "duplicate" in problem:
        return "remove the repeated entry"
    return "see docs/content.md for how this file is written"


def check_text_file(path: Path, root: Path) -> list[Problem]:
    """Score every sentence of patient text in one TOML file, and the file as a whole."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    data = tomllib.loads(raw)
    problems: list[Problem] = []
    texts: list[str] = []
    for field, text in _strings(data):
        if _CODE_FIELDS.search(field) or " " not in text:
            continue
        texts.append(text)
        for sentence in readability.sentences(text):
            issue = sentence.problem()
            if issue:
                line = _line_of(lines, sentence.text)
                problems.append(
                    Problem(
                        f"{_relative(path, root)}:{line}",
                        f'field {_display(field)!r}: this sentence {issue}: "{sentence.text}"',
                        readability.ADVICE,
                    )
                )
    grade = readability.whole_grade(texts)
    if grade is not None and grade > readability.MAX_GRADE:
        problems.append(
            Problem(
                _relative(path, root),
                f"the file as a whole reads at grade {grade:.1f} (limit {readability.MAX_GRADE:g})",
                readability.ADVICE,
            )
        )
    return problems


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _display(field: str) -> str:
    """``exercise[3].levels[0].how`` → ``exercise 4, level 1, how`` (educators count from 1)."""
    text = re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1}", field)
    return text.replace(".levels ", ", level ").replace(".", ", ")


def _line_of(lines: list[str], sentence: str) -> int:
    """The 1-based line where ``sentence`` starts in the file (1 if not found)."""
    probe = sentence[:40]
    for number, line in enumerate(lines, start=1):
        if probe in line:
            return number
    words = sentence.split()[:4]
    for number, line in enumerate(lines, start=1):
        if all(w in line for w in words):
            return number
    return 1


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
