"""Page model for the LEFS (Lower Extremity Functional Scale) form on page 05.

The form's words (the question, the 5 answers and the 20 activities of Binkley 1999)
come from content/progression.toml. :func:`check_answers` turns whatever the browser
or the command line sent into 20 whole numbers 0-4, or says plainly what is wrong;
:func:`save_lefs` saves them, the one save that page 05 and ``rollbook lefs add`` use.
Nothing is saved unless every answer is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.i18n import _, ngettext
from rollbook.pages.errors import PageInputError
from rollbook.progress_records import LEFS_ITEM_MAX, LEFS_ITEMS, LefsRecord
from rollbook.review import LefsChange, lefs_change

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store

__all__ = ["LefsForm", "LefsSaved", "check_answers", "lefs_form", "save_lefs"]

#: Longest list of unanswered questions spelled out before "and N more".
_LISTED = 6


@dataclass(frozen=True)
class LefsForm:
    """What the form shows: the question, the answer labels (0 first) and the 20 items."""

    question: str
    answers: tuple[str, ...]
    items: tuple[str, ...]
    mcid: int

    @property
    def top(self) -> int:
        """The highest possible total (80)."""
        return len(self.items) * (len(self.answers) - 1)


@dataclass(frozen=True)
class LefsSaved:
    """A saved LEFS: the record, whether it was new, and the change since the first one."""

    record: LefsRecord
    created: bool
    change: LefsChange | None


def lefs_form(rules: ProgressionContent | None = None) -> LefsForm:
    """The LEFS form's words and its important change, from the content library."""
    lefs = (rules or load_progression()).lefs
    return LefsForm(lefs.question, tuple(lefs.answers), tuple(lefs.items), lefs.mcid)


def _number(value: object) -> int | None:
    """A whole number from a widget or a command line (``"3"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def check_answers(values: Sequence[object]) -> tuple[int, ...]:
    """20 answers as whole numbers 0-4, in the scale's order.

    ``None`` marks a question not answered. Raises :class:`PageInputError` naming the
    questions left out, or the first answer that is not 0 to 4.
    """
    if len(values) != LEFS_ITEMS:
        raise PageInputError(
            _("The LEFS has {LEFS_ITEMS} questions; got {values} answers.").format(
                LEFS_ITEMS=LEFS_ITEMS, values=len(values)
            )
        )
    missing = [n for n, v in enumerate(values, start=1) if v is None]
    if missing:
        listed = ", ".join(str(n) for n in missing[:_LISTED])
        more = (
            _(" and {amount} more").format(amount=len(missing) - _LISTED)
            if len(missing) > _LISTED
            else ""
        )
        raise PageInputError(
            ngettext(
                "Answer every question. Not answered yet: question {listed}{more}.",
                "Answer every question. Not answered yet: questions {listed}{more}.",
                len(missing),
            ).format(listed=listed, more=more)
        )
    answers: list[int] = []
    for number, value in enumerate(values, start=1):
        whole = _number(value)
        if whole is None or not 0 <= whole <= LEFS_ITEM_MAX:
            raise PageInputError(
                _(
                    "Answer {number} must be a whole number from 0 to {LEFS_ITEM_MAX} (got {value!r})."
                ).format(number=number, LEFS_ITEM_MAX=LEFS_ITEM_MAX, value=str(value)[:20])
            )
        answers.append(whole)
    return tuple(answers)


def save_lefs(
    store: Store,
    profile: Profile,
    day: dt.date,
    values: Sequence[object],
    *,
    today: dt.date | None = None,
) -> LefsSaved:
    """Check and save one LEFS for ``day`` (replacing that day's); nothing saved on error.

    Raises :class:`PageInputError` for bad answers and the store's error for a bad date.
    """
    record = LefsRecord(day, check_answers(values))
    result = store.save_lefs(profile, record, today=today)
    return LefsSaved(record, result.created, lefs_change(store.list_lefs(profile)))
