"""Every translated message fills exactly the placeholders it names.

A translator sees ``Saved {day} for {name}.``; the code must pass ``day`` and ``name``
and nothing else, or a page fails (a missing name) or drops a word (an unused one).
This reads the source, so a message only reached on a rare error path is checked too.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "rollbook"
TRANSLATORS = {"_", "ngettext"}


def _message_calls(tree: ast.AST) -> list[tuple[int, list[str], ast.Call]]:
    """``(line, messages, format call)`` for each ``_("…").format(…)`` in ``tree``."""
    found: list[tuple[int, list[str], ast.Call]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        inner = node.func.value
        if node.func.attr != "format" or not isinstance(inner, ast.Call):
            continue
        if not (isinstance(inner.func, ast.Name) and inner.func.id in TRANSLATORS):
            continue
        texts = [
            a.value for a in inner.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if texts:
            found.append((node.lineno, texts, node))
    return found


def _fields(message: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _t, name, _s, _c in string.Formatter().parse(message)
        if name
    }


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_each_message_gets_the_names_it_uses(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for line, messages, call in _message_calls(tree):
        if call.args or any(k.arg is None for k in call.keywords):
            problems.append(f"line {line}: pass each value by name, e.g. .format(day=...)")
            continue
        given = {k.arg for k in call.keywords if k.arg}
        for message in messages:
            used = _fields(message)
            if used != given:
                problems.append(
                    f"line {line}: {message!r} names {sorted(used)} but gets {sorted(given)}"
                )
    assert not problems, f"{path.relative_to(SRC)}:\n" + "\n".join(problems)


def test_messages_are_found() -> None:
    count = sum(len(_message_calls(ast.parse(p.read_text(encoding="utf-8")))) for p in MODULES)
    assert count > 100
