"""This week's plan for a stored runner: read what it needs from the store, then judge.

The one place the CLI (``rollbook week``) and the pages (05 and 06) get a runner's
week from, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rollbook.painmodel import Run
from rollbook.runs.summary import load_runs
from rollbook.week_checkpoint import checkpoint_day, from_text, replay_key, to_text
from rollbook.weekplan import WeekPlan, plan_start, week_plan

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store

#: Days of log before the plan's start that are read: the pain model looks back at
#: most 4 weeks (settled mornings) and the load guard about 7; 120 is ample, as for
#: ``rollbook status``.
LOOK_BACK_DAYS = 120


def load_week(store: Store, profile: Profile, day: dt.date) -> WeekPlan | None:
    """The runner's plan for the week holding ``day``; None when no plan is saved.

    The replay goes on from the checkpoint the store keeps (:mod:`rollbook.week_checkpoint`)
    when there is one before ``day``, and keeps a later one for next time.
    """
    plan = store.current_plan(profile)
    if plan is None:
        return None
    start = plan_start(plan.inputs, plan.created.date())
    since = start - dt.timedelta(days=LOOK_BACK_DAYS)
    key = replay_key()
    # The count first: a record saved after it keeps this replay's checkpoint out.
    count, kept_day, text = store.week_checkpoint(profile, plan.id, key)
    kept = from_text(text) if kept_day is not None else None
    if kept is not None and kept.day != kept_day:
        kept = None
    resume = kept if kept is not None and start < kept.day <= day else None
    mark = checkpoint_day(start, day)
    if mark is not None and kept is not None and mark <= kept.day:
        mark = None  # a later one is kept already (asked about an earlier day)
    entries = store.list_entries(profile, start=since, end=day)
    runs = load_runs(entries, store.runs(profile, start=since, end=day))
    week = week_plan(
        plan.inputs,
        plan.output,
        created=plan.created.date(),
        today=day,
        entries=entries,
        sessions=store.list_sessions(
            profile, start=resume.day if resume is not None else since, end=day
        ),
        adjustments=store.list_adjustments(profile),
        checks=store.list_ladder_checks(profile),
        runs=[Run(d, km) for d, km in runs],
        resume=resume,
        mark=mark,
    )
    if week.checkpoint is not None:
        saved = week.checkpoint
        store.save_week_checkpoint(profile, plan.id, key, count, saved.day, to_text(saved))
    return week
