"""Page model for a clinician starting or ending a runner's walk-run plan (page 06).

The same action as ``rollbook adjust --ladder STEP`` and ``--end-ladder``: a ``run``
change with a short reason, checked and saved by :func:`rollbook.pages.adjust.adjust_plan`.
:func:`ladder_choices` says where the runner's running stands today and which steps
the form may offer (from content/progression.toml). Whatever a browser sends is
checked here; a refused change saves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook.content.progressfile import load_progression
from rollbook.i18n import _
from rollbook.pages.adjust import NoPlanError, adjust_plan, make_adjustment
from rollbook.pages.errors import PageInputError
from rollbook.weekload import load_week

if TYPE_CHECKING:
    from rollbook.progress_records import Adjustment
    from rollbook.records import Profile
    from rollbook.store.base import Store

__all__ = ["LadderChoices", "end_ladder", "ladder_choices", "start_ladder"]


@dataclass(frozen=True)
class LadderChoices:
    """Where running stands for a runner today, and the walk-run steps the form offers."""

    #: ``normal``, ``ladder`` or ``paused`` (as ``rollbook week`` says).
    mode: str
    #: The walk-run step now (1 = first), None off the walk-run plan.
    phase: int | None
    #: Each step's number and label, first to last.
    steps: tuple[tuple[int, str], ...]
    #: What ``rollbook week`` tells the runner about running now.
    next_step: str

    @property
    def can_end(self) -> bool:
        """Ending makes sense on the walk-run plan or while running is paused."""
        return self.mode in ("ladder", "paused")


def ladder_choices(store: Store, profile: Profile, day: dt.date) -> LadderChoices | None:
    """The runner's running on ``day`` and the steps to offer; None without a saved plan."""
    week = load_week(store, profile, day)
    if week is None:
        return None
    steps = tuple((n, phase.label) for n, phase in enumerate(load_progression().phase, start=1))
    return LadderChoices(week.run.mode, week.run.phase, steps, week.run.next_step)


def start_ladder(
    store: Store, profile: Profile, day: dt.date, step: object, reason: object
) -> Adjustment:
    """Start (or restart) the walk-run plan at ``step`` from ``day``, with ``reason``.

    Raises :class:`PageInputError` for a step that is not one of the plan's steps or a
    missing reason, :class:`NoPlanError` without a saved plan; nothing is saved then.
    """
    count = len(load_progression().phase)
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= count:
        raise PageInputError(
            _("choose a walk-run step from 1 to {count}").format(count=count), field="step"
        )
    adj = make_adjustment(day, "run", {"mode": "ladder", "phase": step}, _text(reason))
    return adjust_plan(store, profile, adj)


def end_ladder(store: Store, profile: Profile, day: dt.date, reason: object) -> Adjustment:
    """End the walk-run plan (or a pause) from ``day``: running as normal, with ``reason``.

    Raises :class:`PageInputError` when the runner is neither on the walk-run plan nor
    paused, or the reason is missing; :class:`NoPlanError` without a saved plan.
    """
    choices = ladder_choices(store, profile, day)
    if choices is None:
        raise NoPlanError(_("{name} has no saved plan to change").format(name=profile.name))
    if not choices.can_end:
        raise PageInputError(_("this runner is not on the walk-run plan"), field="step")
    adj = make_adjustment(day, "run", {"mode": "normal"}, _text(reason))
    return adjust_plan(store, profile, adj)


def _text(reason: object) -> str:
    # The record refuses a blank reason with its own words; anything else is no reason.
    return reason if isinstance(reason, str) else ""
