"""The words of plans that move: a level's name and the values each rule's sentences use.

The sentences themselves are content (``progression.toml``); the pieces the code
builds for them, such as "level 2 (One leg)" or "2 more easy sessions", go through
:mod:`rollbook.i18n` here.
"""

from __future__ import annotations

from typing import Any

from rollbook.content import Exercise
from rollbook.content.progressfile import ProgressionContent
from rollbook.i18n import _, ngettext


def level_name(exercise: Exercise, level: int) -> str:
    """``level 2 (One leg)``: a level's number (from 1) and its name."""
    return _("level {level} ({name})").format(level=level, name=exercise.levels[level - 1].name)


def rule_values(
    rules: ProgressionContent, exercise: Exercise, level: int, streak: int, **extra: Any
) -> dict[str, Any]:
    """The values a rule's sentences may name."""
    needed = max(rules.levels.sessions_to_move_up - streak, 1)
    values: dict[str, Any] = {
        "more": ngettext("{count} more easy session", "{count} more easy sessions", needed).format(
            count=needed
        ),
        "label": exercise.label,
        "level": level_name(exercise, level),
        "count": streak,
        "needed": needed,
        "pain": "",
        "next_level": "",
    }
    values.update(extra)
    return values


def next_words(
    rules: ProgressionContent,
    rule_id: str,
    exercise: Exercise,
    level: int,
    streak: int,
    **extra: Any,
) -> str:
    """Rule ``rule_id``'s "next step" sentence for an exercise at ``level``."""
    values = rule_values(rules, exercise, level, streak, **extra)
    return rules.rule_by_id(rule_id).next.format(**values)
