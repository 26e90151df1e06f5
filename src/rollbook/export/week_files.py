"""The calendar and handout of a runner's saved plan as it stands on a day.

``rollbook week --ics/--pdf`` and page 03 (once a plan is saved) call these, so both give the
same files: the calendar with each plan week as it was prescribed, this week up to the
review and the review day; the handout with this week's levels and next steps
(:mod:`rollbook.export.week`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.content import Library
    from rollbook.plan import Plan
    from rollbook.records import Profile
    from rollbook.store import Store
    from rollbook.weekplan import WeekPlan

__all__ = ["week_calendar", "week_handout", "week_handout_plan", "week_now"]


def week_now(store: Store, profile: Profile, day: dt.date) -> WeekPlan:
    """``profile``'s plan for the week of ``day``; :class:`LookupError` without a plan."""
    from rollbook.weekload import load_week

    week = load_week(store, profile, day)
    if week is None:
        raise LookupError(_("{name} has no saved plan").format(name=profile.name))
    return week


def week_calendar(store: Store, profile: Profile, day: dt.date, library: Library) -> bytes:
    """The .ics file: the plan's weeks as prescribed, up to and with the next review."""
    from rollbook.export.week import plan_weeks, week_ics

    week = week_now(store, profile, day)
    plan = store.current_plan(profile)
    assert plan is not None  # week_now refused a runner without one
    weeks = plan_weeks(lambda d: week_now(store, profile, d), week.today)
    return week_ics(weeks, plan.output, library, name=profile.name)


def week_handout(store: Store, profile: Profile, day: dt.date, library: Library) -> bytes:
    """The PDF handout of this week: each exercise at its level with its next step."""
    from rollbook.export.pdf import plan_pdf

    handout, on = week_handout_plan(store, profile, day, library)
    return plan_pdf(handout, name=profile.name, on=on, library=library)


def week_handout_plan(
    store: Store, profile: Profile, day: dt.date, library: Library
) -> tuple[Plan, dt.date]:
    """This week's plan as the handout prints it, and its date (reads the store only).

    Page 03 reads here, on the kernel's own thread, and draws the PDF elsewhere, so
    the page stays responsive while the handout is drawn.
    """
    from rollbook.export.week import week_as_plan

    week = week_now(store, profile, day)
    plan = store.current_plan(profile)
    assert plan is not None
    entries = store.list_entries(profile, start=week.week_start - dt.timedelta(days=7),
                                 end=week.today)  # fmt: skip
    return week_as_plan(plan.inputs, week, entries, library), week.today
