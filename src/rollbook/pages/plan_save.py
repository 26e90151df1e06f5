"""Page 03's save action: a built plan saved for a runner with its start day and sore side.

``rollbook plan --save --start --side`` calls the same :func:`save_plan`, so a plan
saved from the page and one saved from the command are stored alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rollbook.i18n import _
from rollbook.pages.errors import PageInputError
from rollbook.progress_records import SIDES
from rollbook.records import early_date_problem

if TYPE_CHECKING:
    from rollbook.plan import Plan, PlanInput
    from rollbook.records import Profile, SavedPlan
    from rollbook.store.base import Store

__all__ = ["DEFAULT_SIDE", "PlanSaved", "plan_inputs", "save_plan"]

#: The sore side when none is given: most running pain is not one-sided on purpose.
DEFAULT_SIDE = "both"


@dataclass(frozen=True)
class PlanSaved:
    """A plan just saved: the stored plan, the day it starts and the sore side."""

    saved: SavedPlan
    start: dt.date
    side: str


def check_side(side: object) -> str:
    """``side`` when it is left, right or both; a :class:`PageInputError` otherwise."""
    if isinstance(side, str) and side in SIDES:
        return side
    raise PageInputError(
        _("unknown side {side!r}; choose from: {names}").format(side=side, names=", ".join(SIDES)),
        field="side",
    )


def plan_inputs(
    inp: PlanInput,
    *,
    start: dt.date,
    side: str,
    answers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The plan's inputs as stored (JSON-ready), with its start day and sore side."""
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise PageInputError(
            _("start must be a date (got {start!r})").format(start=start), field="start"
        )
    early = early_date_problem(start)
    if early:
        raise PageInputError(early, field="start")
    inputs = dataclasses.asdict(inp)
    inputs["pain"] = dict(inputs["pain"])
    inputs["red_flags"] = list(inputs["red_flags"])
    inputs["cautions"] = list(inputs["cautions"])
    if answers is not None:
        inputs["answers"] = dict(answers)
    inputs["start"] = start.isoformat()
    inputs["side"] = check_side(side)
    return inputs


def save_plan(
    store: Store,
    profile: Profile,
    inp: PlanInput,
    plan: Plan,
    *,
    start: dt.date,
    side: str = DEFAULT_SIDE,
    answers: Mapping[str, str] | None = None,
    created: dt.datetime | None = None,
) -> PlanSaved:
    """Save ``plan`` (built from ``inp``) as ``profile``'s current plan from ``start``.

    Everything is checked before the store is touched, so refused input saves nothing.
    The store's own errors (:class:`rollbook.store.StoreError`) pass through.
    """
    inputs = plan_inputs(inp, start=start, side=side, answers=answers)
    saved = store.save_plan(profile, inputs, plan.to_dict(), created=created)
    return PlanSaved(saved=saved, start=start, side=inputs["side"])
