"""This week's plan: the saved plan plus the log, the clinician's changes and the reviews.

Pure. Gathers :mod:`rollbook.progression` (exercise levels), :mod:`rollbook.ladder`
(running), :mod:`rollbook.review` (the next review) and the pain model's action for
the week (:mod:`rollbook.painmodel`). ``rollbook week`` prints it; pages 05 and 06
show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rollbook import painmodel
from rollbook.content import Library, load_library
from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.dates import long_date
from rollbook.i18n import _
from rollbook.ladder import RunState, run_state
from rollbook.mornings import Mornings
from rollbook.progress_records import SIDES, Adjustment, ExerciseSession, LadderCheck
from rollbook.progression import Event, Prescribed, levels_now, next_step, prescribed_from_plan
from rollbook.records import LogEntry
from rollbook.review import review_on
from rollbook.week_checkpoint import Checkpoint

__all__ = ["ExerciseWeek", "WeekPlan", "plan_side", "plan_start", "start_side", "week_plan"]


@dataclass(frozen=True)
class ExerciseWeek:
    """One exercise as prescribed this week."""

    exercise: str
    label: str
    level: int
    level_name: str
    levels: int
    sets: int
    reps: int | None
    hold_seconds: int | None
    side: str
    how: str
    next_step: str

    def as_dict(self) -> dict[str, Any]:
        """The keys of ``rollbook week --format json``."""
        data: dict[str, Any] = {"exercise": self.exercise, "label": self.label,
                                "level": self.level, "sets": self.sets}  # fmt: skip
        if self.reps is not None:
            data["reps"] = self.reps
        else:
            data["hold_seconds"] = self.hold_seconds
        data["next_step"] = self.next_step
        return data

    def dose(self) -> str:
        """``3 x 15`` or ``3 x 30 s hold``, with ``each side`` for one-leg work."""
        amount = (
            f"{self.reps}"
            if self.reps is not None
            else _("{hold_seconds} s hold").format(hold_seconds=self.hold_seconds)
        )
        return f"{self.sets} x {amount}" + (_(", each side") if self.side == "each" else "")


@dataclass(frozen=True)
class WeekPlan:
    """The plan for the week that holds ``today``."""

    today: dt.date
    start: dt.date
    week_start: dt.date
    side: str
    action: str
    advice: str
    exercises: list[ExerciseWeek]
    run: RunState
    review_on: dt.date
    changes: list[Event]
    #: Every event since the plan started, oldest first (for the clinician page).
    history: list[Event] = field(default_factory=list)
    #: Where the replay stood at ``mark`` (see :func:`week_plan`), to keep for next time.
    checkpoint: Checkpoint | None = field(default=None, compare=False, repr=False)

    @property
    def week_number(self) -> int:
        """1 for the plan's first week."""
        return (self.week_start - self.start).days // 7 + 1

    def as_dict(self) -> dict[str, Any]:
        """Exactly the keys of ``rollbook week --format json``."""
        return {
            "week_start": self.week_start.isoformat(),
            "action": self.action,
            "exercises": [e.as_dict() for e in self.exercises],
            "run": {
                "mode": self.run.mode,
                "phase": self.run.phase_dict(),
                "next_step": self.run.next_step,
            },
            "review_on": self.review_on.isoformat(),
            "changes": [{"what": c.what, "why": c.why} for c in self.changes],
        }


def plan_start(inputs: Mapping[str, Any], created: dt.date) -> dt.date:
    """The day a saved plan starts: its ``start`` input, else the day it was saved."""
    text = inputs.get("start") if isinstance(inputs, Mapping) else None
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else created
    except ValueError:
        return created


def plan_side(inputs: Mapping[str, Any]) -> str:
    """The sore side of a saved plan: left, right or both (default both)."""
    side = inputs.get("side") if isinstance(inputs, Mapping) else None
    return side if side in SIDES else "both"


def start_side(item_side: str, sore_side: str) -> str:
    """``start with the left leg`` for one-leg work (``each``) when one side hurts, else ""."""
    if item_side == "each" and sore_side in ("left", "right"):
        return _("start with the {sore_side} leg").format(sore_side=sore_side)
    return ""


def _exercise_week(item: Prescribed, lib: Library, rules: ProgressionContent) -> ExerciseWeek:
    exercise = lib.exercises[item.exercise]
    level = exercise.levels[item.level - 1]
    reps, hold = level.reps, level.hold_seconds
    sets = item.dose.get("sets", level.sets)
    # A clinician's dose applies when it is of the same kind as the level's.
    if reps is not None and "reps" in item.dose:
        reps = item.dose["reps"]
    if hold is not None and "hold_seconds" in item.dose:
        hold = item.dose["hold_seconds"]
    return ExerciseWeek(
        exercise=exercise.id,
        label=exercise.label,
        level=item.level,
        level_name=level.name,
        levels=len(exercise.levels),
        sets=sets,
        reps=reps,
        hold_seconds=hold,
        side=level.sides or exercise.sides,
        how=level.how,
        next_step=next_step(item, lib, rules),
    )


def week_plan(
    inputs: Mapping[str, Any],
    output: Mapping[str, Any],
    *,
    created: dt.date,
    today: dt.date,
    entries: Sequence[LogEntry] = (),
    sessions: Sequence[ExerciseSession] = (),
    adjustments: Sequence[Adjustment] = (),
    checks: Sequence[LadderCheck] = (),
    runs: Sequence[painmodel.Run] | None = None,
    library: Library | None = None,
    rules: ProgressionContent | None = None,
    resume: Checkpoint | None = None,
    mark: dt.date | None = None,
) -> WeekPlan:
    """This week's plan on ``today`` from a saved plan (its inputs and output) and the log.

    Weeks count from the plan's start. ``changes`` are the events from the start of
    the previous plan week to ``today``, so a change made at the end of last week
    still shows. ``resume``: where the replay stood before a day (made from this same
    plan, log and content), so only the days from it on are replayed; then
    ``sessions`` may start on that day. ``mark``: a day to return the replay's state
    for (``checkpoint``), to resume from next time.
    """
    lib = library or load_library()
    content = rules or load_progression()
    start = plan_start(inputs, created)
    past = [e for e in entries if e.date <= today]
    mornings = Mornings(past)  # read once for the exercise levels and the ladder
    days = max((today - start).days, 0)
    week_start = start + dt.timedelta(days=days - days % 7)
    # Replayed in up to two legs, [from, mark) and [mark, today]; the first starts at
    # the checkpoint's day when there is one. A leg starts from where the last ended.
    first = resume.day if resume is not None else start
    items = list(resume.items) if resume is not None else prescribed_from_plan(output)
    level_events = list(resume.level_events) if resume is not None else []
    ran = resume.run if resume is not None else None
    legs = [(first, today)]
    if mark is not None and first < mark <= today:
        legs = [(first, mark - dt.timedelta(days=1)), (mark, today)]
    checkpoint = None
    for leg, (begin, end) in enumerate(legs):
        items, moved = levels_now(
            items, sessions, past, adjustments,
            start=begin, today=end, library=lib, rules=content, mornings=mornings,
        )  # fmt: skip
        level_events += moved
        if leg < len(legs) - 1:
            ran = run_state(past, checks, adjustments, start=begin, today=end,
                            rules=content, mornings=mornings, resume=ran)  # fmt: skip
            checkpoint = Checkpoint(end + dt.timedelta(days=1), tuple(items),
                                    tuple(level_events), ran)  # fmt: skip
    run_from = legs[-1][0]
    verdict = painmodel.week_verdict(past, today=today, runs=runs) if past else None
    running = output.get("running") if isinstance(output, Mapping) else None
    saved_action = running.get("action") if isinstance(running, Mapping) else None
    action = verdict.action if verdict else (saved_action if saved_action in painmodel.ACTIONS
                                             else "hold")  # fmt: skip
    advice = (
        verdict.advice
        if verdict
        else painmodel.action_info(action).advice.format(
            acceptable_max=painmodel.acceptable_max(), pause_from=painmodel.pause_from()
        )
    )
    run = run_state(past, checks, adjustments, start=run_from, today=today, advice=advice,
                    rules=content, mornings=mornings, resume=ran)  # fmt: skip
    reviews = [
        Event(
            a.date,
            _("Your clinician set the next review for {review_day}").format(
                review_day=_review_day(a.change)
            ),
            a.reason,
            clinician=True,
        )
        for a in adjustments
        if a.kind == "review" and start <= a.date <= today
    ]
    history = sorted([*level_events, *run.events, *reviews], key=lambda e: e.date)
    since = max(week_start - dt.timedelta(days=7), start)
    return WeekPlan(
        today=today,
        start=start,
        week_start=week_start,
        side=plan_side(inputs),
        action=action,
        advice=advice,
        exercises=[_exercise_week(i, lib, content) for i in items],
        run=run,
        review_on=review_on(start, today, adjustments, rules=content),
        changes=[e for e in history if since <= e.date <= today],
        history=history,
        checkpoint=checkpoint,
    )


def _review_day(change: Mapping[str, Any]) -> str:
    """The review date of a clinician's change, as people read dates."""
    try:
        return long_date(dt.date.fromisoformat(str(change.get("on"))))
    except ValueError:
        return str(change.get("on"))
