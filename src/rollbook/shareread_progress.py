"""Reading a share file's progress sections: LEFS, exercise sessions, adjustments, checks.

Called by :func:`rollbook.shareread.parse` with its checker, so every problem is one
plain reason and the file is refused whole. The records check their own ranges
(:mod:`rollbook.progress_records`); this module checks shapes, dates and limits.
A version 1 file has none of these sections: each is then empty.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from rollbook.i18n import _
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
from rollbook.sharefile import (
    MAX_ADJUSTMENTS,
    MAX_CHANGE_JSON,
    MAX_LADDER_CHECKS,
    MAX_LEFS,
    MAX_SESSIONS,
    SharedLefs,
)

if TYPE_CHECKING:
    from rollbook.shareread import Checker


def lefs(check: Checker, document: dict[str, Any]) -> tuple[SharedLefs, ...]:
    """Return the file's LEFS scores, one a day."""
    out: list[SharedLefs] = []
    seen: set[dt.date] = set()
    for row in check.optional_items(document, "lefs", MAX_LEFS):
        day = check.date(row, "date", _("a LEFS score"))
        where = _("LEFS of {day}").format(day=day.isoformat())
        if day in seen:
            raise check.fail(where, _("the same day appears twice"))
        seen.add(day)
        answers = check.get(row, "answers", list, where)
        for answer in answers:
            if isinstance(answer, bool) or not isinstance(answer, int):
                raise check.fail(where, _("an answer is not a whole number"))
        record = LefsRecord(day, tuple(answers))
        out.append(SharedLefs(record, check.moment(row, "updated", where, optional=True)))
    return tuple(out)


def sessions(check: Checker, document: dict[str, Any]) -> tuple[ExerciseSession, ...]:
    """Return the file's exercise sessions, one per exercise a day."""
    out: list[ExerciseSession] = []
    seen: set[tuple[dt.date, str]] = set()
    for row in check.optional_items(document, "exercise_sessions", MAX_SESSIONS):
        day = check.date(row, "date", _("an exercise session"))
        where = _("exercise session of {day}").format(day=day.isoformat())
        exercise = check.get(row, "exercise", str, where)
        if (day, exercise) in seen:
            raise check.fail(
                where, _("{exercise!r} appears twice that day").format(exercise=exercise[:40])
            )
        seen.add((day, exercise))
        out.append(
            ExerciseSession(
                day,
                exercise,
                check.get(row, "pain", int, where),
                check.get(row, "feel", str, where),
            )
        )
    return tuple(out)


def adjustments(check: Checker, document: dict[str, Any]) -> tuple[Adjustment, ...]:
    """Return the clinician's changes to the plan, as they were saved."""
    out: list[Adjustment] = []
    for n, row in enumerate(check.optional_items(document, "adjustments", MAX_ADJUSTMENTS), 1):
        where = _("plan change {n}").format(n=n)
        day = check.date(row, "date", where)
        change = check.get(row, "change", dict, where)
        if len(json.dumps(change, ensure_ascii=False)) > MAX_CHANGE_JSON:
            raise check.fail(where, _("it is too big"))
        out.append(
            Adjustment(
                day,
                check.get(row, "kind", str, where),
                change,
                check.get(row, "reason", str, where),
                check.moment(row, "created", where),
            )
        )
    return tuple(out)


def ladder_checks(check: Checker, document: dict[str, Any]) -> tuple[LadderCheck, ...]:
    """Return the walk-run start checks answered yes, one set a day."""
    out: list[LadderCheck] = []
    seen: set[dt.date] = set()
    for row in check.optional_items(document, "ladder_checks", MAX_LADDER_CHECKS):
        day = check.date(row, "date", _("a walk-run check"))
        where = _("walk-run checks of {day}").format(day=day.isoformat())
        if day in seen:
            raise check.fail(where, _("the same day appears twice"))
        seen.add(day)
        met = check.get(row, "met", list, where)
        if any(not isinstance(item, str) for item in met):
            raise check.fail(where, _("a check is not text"))
        out.append(LadderCheck(day, tuple(met)))
    return tuple(out)
