"""The calendar and the handout of a saved plan as it stands this week.

Both follow the week's real prescription (:mod:`rollbook.weekplan`): each exercise at
its level now, with its next step, running as the pain model and the walk-run ladder
say, and the next review. The calendar holds the plan's past weeks as they were
prescribed, this week's plan up to the review, and the review day itself, and says to
download it again after the review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rollbook import painmodel
from rollbook.dates import long_date
from rollbook.export.ics import PRODID, STRENGTH_DAYS
from rollbook.i18n import _
from rollbook.weekplan import start_side

if TYPE_CHECKING:
    from rollbook.content import Library
    from rollbook.plan import Plan
    from rollbook.records import LogEntry
    from rollbook.weekplan import ExerciseWeek, WeekPlan

#: Past plan weeks the calendar shows at most (older ones add nothing to plan with).
PAST_WEEKS = 8


def _one_side(item: ExerciseWeek, side: str) -> str:
    """``, start with the left leg`` for one-leg work when one side hurts."""
    note = start_side(item.side, side)
    return f", {note}" if note else ""


def _run_advice(week: WeekPlan) -> str:
    """This week's running advice: the pain model's, or the walk-run plan's step."""
    if week.run.mode == "paused":
        return _("paused. {next_step}").format(next_step=week.run.next_step)
    if week.run.mode == "ladder":
        return _("walk-run plan, step {phase}. {next_step}").format(
            phase=week.run.phase, next_step=week.run.next_step
        )
    return week.advice


def _run_line(week: WeekPlan) -> str:
    return _("Running: {advice}").format(advice=_run_advice(week))


def _day_text(
    week: WeekPlan, day: dt.date, rolling: Sequence[Mapping[str, Any]], library: Library
) -> tuple[str, str]:
    due = [
        e for e in week.exercises
        if day.weekday() in STRENGTH_DAYS[library.exercises[e.exercise].days_per_week]
    ]  # fmt: skip
    lines: list[str] = []
    if rolling:
        lines.append(_("Rolling:"))
        for item in rolling:
            lines.append(f"- {item.get('label', '')}: {item.get('seconds')} s x {item.get('sets')}")
    if due:
        lines.append(_("Strength:"))
        for e in due:
            lines.append(_('- {label}, level {level} ({level_name}): {dose}{one_side}. Next step: {next_step}').format(label=e.label, level=e.level, level_name=e.level_name, dose=e.dose(), one_side=_one_side(e, week.side), next_step=e.next_step))  # fmt: skip
    lines += ["", _run_line(week)]
    kind = _("Strength") if due else _("Rolling") if rolling else _("Running")
    if due and rolling:
        kind = _("Rolling + strength")
    return _("{kind} (plan week {week_number})").format(
        kind=kind, week_number=week.week_number
    ), "\n".join(lines)


def week_ics(
    weeks: Sequence[WeekPlan],
    output: Mapping[str, Any],
    library: Library,
    *,
    name: str = "",
) -> bytes:
    """An iCalendar file: one all-day event per day, each week with its own prescription.

    ``weeks`` are oldest first; the last is this week's plan, which fills the days up
    to its review. A review event ends the calendar. UIDs are stable for the same
    prescription and day.
    """
    from icalendar import Calendar, Event

    if not weeks:
        raise ValueError(_("no weeks to put in the calendar"))
    now = weeks[-1]
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname", _("rollbook plan") + (_(" for {name}").format(name=name) if name else "")
    )
    rolling = [r for r in output.get("rolling") or () if isinstance(r, Mapping)]
    footer = _(
        "\n\nThis calendar shows your plan as it stood on {long_date}. Your next review is on {long_date_2}. Download the calendar again after the review, because your plan will have moved on."
    ).format(long_date=long_date(now.today), long_date_2=long_date(now.review_on))
    stamp = dt.datetime(now.today.year, now.today.month, now.today.day, tzinfo=dt.UTC)

    def add(day: dt.date, title: str, text: str) -> None:
        digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]
        event = Event()
        event.add("uid", f"{day.isoformat()}-{digest}@rollbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", title)
        event.add("description", text + footer)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    for index, week in enumerate(weeks):
        first = week.week_start
        last = (
            now.review_on - dt.timedelta(days=1)
            if index == len(weeks) - 1
            else weeks[index + 1].week_start - dt.timedelta(days=1)
        )
        day = first
        while day <= last:
            add(day, *_day_text(week, day, rolling, library))
            day += dt.timedelta(days=1)
    add(
        now.review_on,
        _("Review of your plan"),
        _(
            "See your clinician to review the plan. Fill in your activity scores and the LEFS "
            "before you go."
        ),
    )
    return bytes(cal.to_ical())


def plan_weeks(build: Callable[[dt.date], WeekPlan], today: dt.date) -> list[WeekPlan]:
    """This week's plan and the plan's earlier weeks (at most :data:`PAST_WEEKS`), oldest first.

    ``build(day)`` returns the week plan on ``day``. Each earlier week shows what was
    prescribed as it began: the plan on the day before it started.
    """
    now = build(today)
    weeks = [now]
    start = now.week_start
    while start > now.start and len(weeks) <= PAST_WEEKS:
        start -= dt.timedelta(days=7)
        weeks.insert(0, dataclasses.replace(build(start - dt.timedelta(days=1)),
                                            week_start=start))  # fmt: skip
    return weeks


def week_as_plan(
    inputs: Mapping[str, Any], week: WeekPlan, entries: Sequence[LogEntry], library: Library
) -> Plan:
    """The saved plan rebuilt, with this week's exercises, next steps and running.

    For the handout: each exercise's "Move on when" is its next step from the log.
    """
    from rollbook.plan import PlanInput, build_plan
    from rollbook.plan_items import strength_item

    names = {f.name for f in dataclasses.fields(PlanInput)}
    values = {k: v for k, v in inputs.items() if k in names}
    for key in ("red_flags", "cautions"):
        values[key] = tuple(values.get(key) or ())
    plan = build_plan(PlanInput(**values), library)
    by_id = {s.exercise: s for s in plan.strength}
    strength = []
    for item in week.exercises:
        # An exercise a clinician added is not in the saved plan: start from its level 1.
        base = by_id.get(item.exercise) or strength_item(library.exercises[item.exercise], "")
        strength.append(
            dataclasses.replace(
                base,
                level=item.level_name,
                level_number=item.level,
                sets=item.sets,
                reps=item.reps,
                hold_seconds=item.hold_seconds,
                side=item.side,
                how=item.how,
                progress_when=item.next_step,
            )
        )
    scored = [e for e in entries if e.has_scores and e.date <= week.today]
    pain = plan.running.pain
    if scored:
        pain = max(v for p in scored[-1].pains for v in p.scores if v is not None)
    running = dataclasses.replace(
        plan.running, action=week.action, zone=painmodel.action_info(week.action).colour,
        pain=pain, advice=_run_advice(week),
    )  # fmt: skip
    message = _(
        "This week: week {week_number} of your plan, from {long_date}. Next review: {long_date_2}. Get a new handout after each review."
    ).format(
        week_number=week.week_number,
        long_date=long_date(week.week_start),
        long_date_2=long_date(week.review_on),
    )
    return dataclasses.replace(plan, strength=strength, running=running, message=message)
