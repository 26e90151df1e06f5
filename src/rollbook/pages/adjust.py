"""Page model for a clinician's change to a saved plan (page 06 and ``rollbook adjust``).

:func:`adjust_choices` says what the form may offer for a runner on a day (the
exercises in this week's plan with their levels, the library's other exercises, the
review range); :func:`adjust_plan` checks one change against this week's plan and the
content library and saves it with its reason. Both the page and the command call
:func:`adjust_plan`, so they refuse the same changes with the same words, and a
refused change saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rollbook.content import Library, load_library
from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.i18n import _
from rollbook.pages.errors import PageInputError
from rollbook.progress_records import Adjustment
from rollbook.records import RecordError
from rollbook.weekload import load_week

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store
    from rollbook.weekplan import WeekPlan

__all__ = [
    "AdjustChoices",
    "NoPlanError",
    "PlanExercise",
    "adjust_choices",
    "adjust_plan",
    "check_adjustment",
    "make_adjustment",
]  # fmt: skip


class NoPlanError(PageInputError):
    """The runner has no saved plan to change."""


@dataclass(frozen=True)
class PlanExercise:
    """An exercise the form can offer: its id, name, level now (0 if not in the plan),
    number of levels, and whether its level is held (seconds) rather than counted (reps)."""

    exercise: str
    label: str
    level: int
    levels: int
    held: bool


@dataclass(frozen=True)
class AdjustChoices:
    """What the adjustment form offers for one runner on one day."""

    in_plan: tuple[PlanExercise, ...]
    others: tuple[PlanExercise, ...]
    review_on: dt.date
    min_days: int
    max_days: int


def make_adjustment(day: dt.date, kind: str, change: Mapping[str, Any], reason: str) -> Adjustment:
    """A checked :class:`Adjustment`; :class:`PageInputError` with the record's message if not."""
    try:
        return Adjustment(day, kind, dict(change), reason)
    except RecordError as exc:
        raise PageInputError(str(exc)) from None


def adjust_choices(store: Store, profile: Profile, day: dt.date) -> AdjustChoices | None:
    """The exercises and review range the form offers on ``day``; None without a plan."""
    week = load_week(store, profile, day)
    if week is None:
        return None
    lib, rules = load_library(), load_progression()
    in_plan = tuple(
        PlanExercise(e.exercise, e.label, e.level, e.levels, e.hold_seconds is not None)
        for e in week.exercises
    )
    have = {e.exercise for e in in_plan}
    others = tuple(
        PlanExercise(x.id, x.label, 0, len(x.levels), x.levels[0].hold_seconds is not None)
        for x in sorted(lib.exercises.values(), key=lambda x: x.label)
        if x.id not in have
    )
    return AdjustChoices(in_plan, others, week.review_on, rules.review.min_days,
                         rules.review.max_days)  # fmt: skip


def check_adjustment(
    adj: Adjustment,
    week: WeekPlan,
    *,
    library: Library | None = None,
    rules: ProgressionContent | None = None,
) -> None:
    """Refuse a change that names an exercise the plan or the library does not hold, a
    level the exercise lacks, a dose of the wrong kind, or days or steps out of range."""
    lib, content = library or load_library(), rules or load_progression()
    have = {e.exercise: e for e in week.exercises}
    name = adj.change.get("exercise")
    if adj.kind in ("remove", "level", "dose", "swap") and name not in have:
        raise PageInputError(_("{name!r} is not in this week's plan (exercises: {amount})").format(name=name, amount=', '.join(have) or _('none')))  # fmt: skip
    target = adj.change.get("to") if adj.kind == "swap" else name if adj.kind == "add" else None
    if target is not None:
        if target not in lib.exercises:
            raise PageInputError(
                _("unknown exercise {target!r} (see the ids in exercises.toml)").format(
                    target=target
                )
            )
        if target in have:
            raise PageInputError(_("{target!r} is already in the plan").format(target=target))
    level_of = target if target is not None else name
    if "level" in adj.change and isinstance(level_of, str) and level_of in lib.exercises:
        top = len(lib.exercises[level_of].levels)
        if adj.change["level"] > top:
            raise PageInputError(
                _("{level_of} has {top} levels; choose 1 to {top}").format(
                    level_of=level_of, top=top
                )
            )
    if adj.kind == "dose" and isinstance(name, str):
        held = have[name].hold_seconds is not None
        if held != ("hold_seconds" in adj.change):
            want = _("a hold, like 3x30s") if held else _("reps, like 3x12")
            raise PageInputError(
                _("{name} at its level is done as {want}").format(name=name, want=want)
            )
    gap = adj.change.get("every_days")
    if gap is not None and not content.review.min_days <= gap <= content.review.max_days:
        raise PageInputError(
            _("days between reviews must be {min_days} to {max_days}").format(
                min_days=content.review.min_days, max_days=content.review.max_days
            )
        )
    if adj.kind == "review" and dt.date.fromisoformat(str(adj.change["on"])) < adj.date:
        raise PageInputError(_("the next review cannot be before the day of the change"))
    if adj.kind == "run" and adj.change["mode"] == "ladder" and not \
            1 <= adj.change["phase"] <= len(content.phase):  # fmt: skip
        raise PageInputError(
            _("the walk-run step must be 1 to {phase}").format(phase=len(content.phase))
        )


def adjust_plan(store: Store, profile: Profile, adj: Adjustment) -> Adjustment:
    """Check ``adj`` against the plan for its day and save it; returns it as saved.

    Raises :class:`NoPlanError` without a saved plan, :class:`PageInputError` for a change
    the plan or the library cannot take (nothing is saved then), and the store's error
    when the data cannot be read or written.
    """
    week = load_week(store, profile, adj.date)
    if week is None:
        raise NoPlanError(_("{name} has no saved plan to change").format(name=profile.name))
    check_adjustment(adj, week)
    return store.add_adjustment(profile, adj)
