"""A calendar of a plan (RFC 5545): one all-day event per day holding its routine."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from rollbook.i18n import _
from rollbook.sides import dose_side_word

if TYPE_CHECKING:
    from rollbook.plan import Plan, StrengthItem

PRODID = "-//rollbook//rollbook plan//EN"

#: Weekdays (Monday = 0) for n strength days a week, spread out with rest between.
STRENGTH_DAYS: dict[int, tuple[int, ...]] = {
    1: (2,),
    2: (1, 4),
    3: (0, 2, 4),
    4: (0, 2, 4, 6),
    5: (0, 1, 3, 4, 6),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def strength_due(item: StrengthItem, day: date) -> bool:
    """Whether ``item`` is scheduled on ``day`` (by weekday, see :data:`STRENGTH_DAYS`)."""
    return day.weekday() in STRENGTH_DAYS[item.days_per_week]


def day_routine(plan: Plan, day: date) -> tuple[str, str]:
    """Title and description of ``day``'s routine (rolling daily, strength on its days)."""
    strength = [s for s in plan.strength if strength_due(s, day)]
    lines: list[str] = []
    if plan.rolling:
        lines.append(_("Rolling:"))
        for r in plan.rolling:
            side = dose_side_word(r.side)
            lines.append(f"- {r.label}: {r.seconds} s x {r.sets}, {side}. {r.cues['where']}")
    if strength:
        lines.append(_("Strength:"))
        for s in strength:
            lines.append(f"- {s.label} ({s.level}): {s.dose()}. {s.how}")
    lines += ["", _("Running: ") + plan.running.advice]
    lines += [_("Pain rules: ") + " ".join(plan.running.rules)]
    lines.append(_("Stop and see a clinician if you notice a warning sign (see your handout)."))
    minutes = sum(r.seconds_total for r in plan.rolling) + sum(s.seconds_total for s in strength)
    kind = _("Rolling + strength") if strength else _("Rolling")
    if not plan.rolling and strength:
        kind = _("Strength")
    return _("{kind} ({minutes} min)").format(
        kind=kind, minutes=max(1, round(minutes / 60))
    ), "\n".join(lines)


def plan_ics(plan: Plan, *, start: date, weeks: int, name: str = "") -> bytes:
    """An iCalendar file with one all-day event per day for ``weeks`` weeks from ``start``.

    A referral plan or an empty plan yields a calendar with no events. UIDs are stable:
    the same plan and date always give the same UID.
    """
    from icalendar import Calendar, Event

    if not 1 <= weeks <= 52:
        raise ValueError(_("weeks must be from 1 to 52 (got {weeks})").format(weeks=weeks))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname", _("rollbook plan") + (_(" for {name}").format(name=name) if name else "")
    )
    if plan.referral.needed or (not plan.rolling and not plan.strength):
        return bytes(cal.to_ical())
    digest = hashlib.sha256(
        json.dumps(plan.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:16]
    # DTSTAMP must be present; a fixed stamp (the start day) keeps output reproducible.
    stamp = datetime(start.year, start.month, start.day, tzinfo=UTC)
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        title, description = day_routine(plan, day)
        event = Event()
        event.add("uid", f"{day.isoformat()}-{digest}@rollbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", title)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())
