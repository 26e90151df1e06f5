"""Page 03's question "which side hurts?" (left, right or both; both when unsure).

The answer is saved with the plan (:mod:`rollbook.pages.plan_save`); one-leg exercises
and rolling then say which leg to start with.
"""

from __future__ import annotations

from rollbook.i18n import N_, _
from rollbook.pages.plan_save import DEFAULT_SIDE
from rollbook.ui.choice import Choice

SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("left", N_("My left leg")),
    ("right", N_("My right leg")),
    ("both", N_("Both legs, or not sure")),
)


def side_question() -> Choice:
    """The side question, set to both legs until the runner picks one."""
    answers = [(value, _(text)) for value, text in SIDE_CHOICES]
    question = Choice(_("Which side hurts?"), answers, default=DEFAULT_SIDE)

    question.add_class("rb-side")
    return question
