"""This week's plan for a stored runner: read what it needs from the store, then judge.

The one place the CLI (``rollbook week``) and the pages (05 and 06) get a runner's
week from, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rollbook.painmodel import Run
from rollbook.runs.summary import load_runs
from rollbook.weekplan import WeekPlan, plan_start, week_plan

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store

#: Days of log before the plan's start that are read: the pain model looks back at
#: most 4 weeks (settled mornings) and the load guard about 7; 120 is ample, as for
#: ``rollbook status``.
LOOK_BACK_DAYS = 120


def load_week(store: Store, profile: Profile, day: dt.date) -> WeekPlan | None:
    """The runner's plan for the week holding ``day``; None when no plan is saved."""
    plan = store.current_plan(profile)
    if plan is None:
        return None
    since = plan_start(plan.inputs, plan.created.date()) - dt.timedelta(days=LOOK_BACK_DAYS)
    entries = store.list_entries(profile, start=since, end=day)
    runs = load_runs(entries, store.runs(profile, start=since, end=day))
    return week_plan(
        plan.inputs,
        plan.output,
        created=plan.created.date(),
        today=day,
        entries=entries,
        sessions=store.list_sessions(profile, start=since, end=day),
        adjustments=store.list_adjustments(profile),
        checks=store.list_ladder_checks(profile),
        runs=[Run(d, km) for d, km in runs],
    )
