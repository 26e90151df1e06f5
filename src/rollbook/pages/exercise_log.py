"""Logging the strength exercises of a saved plan: which were done, pain during, feel.

Page 04 (at the end of a session, or on a day with strength work only) and
``rollbook log add --exercise`` all check the answers with :func:`check_sessions` and
save them with the store's one transaction for a day and its sessions
(:func:`log_day`, :func:`save_strength_only`), so bad input saves nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rollbook.i18n import _
from rollbook.pages.errors import PageInputError
from rollbook.progress_records import FEELS, ExerciseSession, Feel
from rollbook.records import LogEntry
from rollbook.weekplan import start_side

if TYPE_CHECKING:
    from rollbook.records import Profile, SaveResult
    from rollbook.store.base import Store

__all__ = [
    "PAIN_MAX", "ExerciseAnswer", "ExerciseToLog", "StrengthSaved", "check_sessions",
    "exercises_to_log", "log_day", "save_strength_only",
]  # fmt: skip

#: Pain during an exercise is scored 0 (none) to 10 (worst), as every pain score here.
PAIN_MAX = 10


@dataclass(frozen=True)
class ExerciseToLog:
    """One strength exercise of this week's plan, as the log form shows it."""

    exercise: str
    label: str
    level: int
    levels: int
    level_name: str
    dose: str
    #: ``start with the left leg`` for one-leg work when one side hurts, else "".
    side_note: str = ""


@dataclass(frozen=True)
class ExerciseAnswer:
    """What came back for one exercise; unchecked (a browser can send anything)."""

    exercise: object
    done: object
    pain: object = None
    feel: object = None


def exercises_to_log(store: Store, profile: Profile, day: dt.date) -> tuple[ExerciseToLog, ...]:
    """The exercises of ``profile``'s plan for the week of ``day`` (none without a plan)."""
    from rollbook.weekload import load_week

    week = load_week(store, profile, day)
    if week is None:
        return ()
    return tuple(
        ExerciseToLog(
            exercise=item.exercise,
            label=item.label,
            level=item.level,
            levels=item.levels,
            level_name=item.level_name,
            dose=item.dose(),
            side_note=start_side(item.side, week.side),
        )
        for item in week.exercises
    )


def _whole(value: object) -> int | None:
    """An int from an int or a whole float; None for anything else (bools included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def check_sessions(
    answers: Sequence[ExerciseAnswer], day: dt.date, allowed: Mapping[str, str]
) -> list[ExerciseSession]:
    """The sessions to save for ``day``: one per exercise marked done.

    ``allowed`` maps the plan's exercise ids to their labels. Raises
    :class:`PageInputError` (``field`` = the exercise id) on an exercise not in the
    plan, one named twice, ``done`` that is not True or False, or, for a done
    exercise, pain that is not a whole number 0-10 or a feel that is not easy, ok or
    hard. Nothing is returned then, so nothing is half-saved.
    """
    sessions: list[ExerciseSession] = []
    seen: set[str] = set()
    for answer in answers:
        ident = answer.exercise
        if not isinstance(ident, str) or ident not in allowed:
            known = ", ".join(allowed) or "none"
            raise PageInputError(
                _("not in the saved plan (exercises: {known})").format(known=known),
                field=str(ident)[:40],
            )
        if ident in seen:
            raise PageInputError(_("named twice; log each exercise once a day"), field=ident)
        seen.add(ident)
        if answer.done is not True and answer.done is not False:
            raise PageInputError(_("say whether it was done (yes or no)"), field=ident)
        if not answer.done:
            continue
        pain = _whole(answer.pain)
        if pain is None or not 0 <= pain <= PAIN_MAX:
            shown = "nothing" if answer.pain is None else f"{answer.pain!r:.20}"
            raise PageInputError(
                _("pain must be a whole number from 0 to {PAIN_MAX} (got {shown})").format(
                    PAIN_MAX=PAIN_MAX, shown=shown
                ),
                field=ident,
            )
        feel = answer.feel
        if feel is None:
            raise PageInputError(_("say how it felt: easy, ok or hard"), field=ident)
        if not isinstance(feel, str) or feel not in FEELS:
            raise PageInputError(
                _("feel must be easy, ok or hard (got {feel!r:.20})").format(feel=feel), field=ident
            )
        sessions.append(ExerciseSession(day, ident, pain, cast("Feel", feel)))
    return sessions


def log_day(
    store: Store,
    profile: Profile,
    entry: LogEntry,
    sessions: Sequence[ExerciseSession],
    *,
    today: dt.date | None = None,
) -> SaveResult:
    """Save the day's log and its exercise sessions together (one transaction)."""
    if sessions:
        return store.save_day(profile, entry, sessions, today=today)
    return store.save_entry(profile, entry, today=today)


@dataclass(frozen=True)
class StrengthSaved:
    """What :func:`save_strength_only` saved: how many exercises, and whether the day was new."""

    count: int
    new_day: bool


def save_strength_only(
    store: Store,
    profile: Profile,
    day: dt.date,
    answers: Sequence[ExerciseAnswer],
    allowed: Mapping[str, str],
) -> StrengthSaved:
    """Save a day's strength exercises done without a rolling session.

    Checked by :func:`check_sessions` (as ``rollbook log add --exercise``); at least
    one exercise must be marked done. The day's log keeps what it had (pain, runs,
    rolling, note) and counts as a plan day; a day not logged yet starts with no
    running or rolling. Raises :class:`PageInputError` on bad answers (nothing saved)
    and the store's error when saving fails.
    """
    sessions = check_sessions(answers, day, allowed)
    if not sessions:
        raise PageInputError(_("mark at least one exercise as done, or there is nothing to save"))
    base = store.get_entry(profile, day)
    entry = LogEntry(date=day, done=True) if base is None else dataclasses.replace(base, done=True)
    store.save_day(profile, entry, sessions, today=day)
    return StrengthSaved(len(sessions), base is None)
