"""Records for plans that move: exercise sessions, clinician adjustments, ladder checks, LEFS.

Plain frozen dataclasses checked on creation (a bad value raises
:class:`rollbook.records.RecordError` with a plain message), stored by
:mod:`rollbook.store.progress`. Pure: no disk.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal, TypeVar

from rollbook.i18n import _
from rollbook.records import LogEntry, RecordError

Feel = Literal["easy", "ok", "hard"]
Side = Literal["left", "right", "both"]
FEELS: tuple[str, ...] = ("easy", "ok", "hard")
SIDES: tuple[str, ...] = ("left", "right", "both")
#: What a clinician can change on a saved plan.
ADJUST_KINDS: tuple[str, ...] = ("add", "remove", "swap", "dose", "level", "review", "run")
REASON_MAX = 300
LEFS_ITEMS = 20
LEFS_ITEM_MAX = 4
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _date(value: object, what: str = "date") -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise RecordError(
            _("{what} must be a calendar date (got {value!r})").format(what=what, value=value)
        )


def _whole(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RecordError(
            _("{what} must be a whole number from {low} to {high} (got {value!r})").format(
                what=what, low=low, high=high, value=value
            )
        )


@dataclass(frozen=True)
class ExerciseSession:
    """One exercise done on one day: pain during it (0-10) and how it felt."""

    date: dt.date
    exercise: str
    pain: int
    feel: Feel

    def __post_init__(self) -> None:
        _date(self.date)
        if not isinstance(self.exercise, str) or not _ID.match(self.exercise):
            raise RecordError(
                _("exercise must be an exercise id like 'calf-raise' (got {exercise!r})").format(
                    exercise=self.exercise
                )
            )
        _whole(self.pain, _("pain during {exercise}").format(exercise=self.exercise), 0, 10)
        if self.feel not in FEELS:
            raise RecordError(
                _("feel must be one of {names} (got {feel!r})").format(
                    names=", ".join(FEELS), feel=self.feel
                )
            )


@dataclass(frozen=True)
class Adjustment:
    """A clinician's change to a saved plan, from ``date`` on, with a short reason.

    ``kind`` and ``change``:
    * ``add``: ``{"exercise": id, "level": n}``; ``remove``: ``{"exercise": id}``;
    * ``swap``: ``{"exercise": old, "to": new, "level": n}``;
    * ``dose``: ``{"exercise": id, "sets": n, "reps": n}`` or ``"hold_seconds"``;
    * ``level``: ``{"exercise": id, "level": n}``;
    * ``review``: ``{"on": "YYYY-MM-DD"}`` (the next review; later ones follow on);
    * ``run``: ``{"mode": "ladder", "phase": n}`` or ``{"mode": "normal"}``.
    """

    date: dt.date
    kind: str
    change: dict[str, Any]
    reason: str
    created: dt.datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _date(self.date)
        if self.kind not in ADJUST_KINDS:
            raise RecordError(
                _("kind must be one of {names} (got {kind!r})").format(
                    names=", ".join(ADJUST_KINDS), kind=self.kind
                )
            )
        if not isinstance(self.change, dict):
            raise RecordError(_("change must be a table of values"))
        reason = self.reason.strip() if isinstance(self.reason, str) else ""
        if not reason:
            raise RecordError(_("give a short reason for the change (the runner sees it)"))
        if len(reason) > REASON_MAX:
            raise RecordError(
                _("the reason must be at most {REASON_MAX} characters").format(
                    REASON_MAX=REASON_MAX
                )
            )
        object.__setattr__(self, "reason", " ".join(reason.split()))
        _check_change(self.kind, self.change)


def _check_change(kind: str, change: dict[str, Any]) -> None:
    need = {
        "add": {"exercise", "level"}, "remove": {"exercise"}, "swap": {"exercise", "to", "level"},
        "dose": {"exercise", "sets"}, "level": {"exercise", "level"}, "review": {"on"},
        "run": {"mode"},
    }[kind]  # fmt: skip
    missing = sorted(need - set(change))
    if missing:
        raise RecordError(
            _("a {kind!r} change needs {names}").format(kind=kind, names=", ".join(missing))
        )
    for key in ("exercise", "to"):
        value = change.get(key, "")
        if key in change and value is None:
            raise RecordError(_("choose an exercise"))
        if key in change and not (isinstance(value, str) and _ID.match(value)):
            raise RecordError(
                _("{key} must be an exercise id (got {change!r})").format(key=key, change=value)
            )
    if "level" in change:
        _whole(change["level"], "level", 1, 9)
    if kind == "dose":
        _whole(change["sets"], "sets", 1, 6)
        kinds = [k for k in ("reps", "hold_seconds") if change.get(k) is not None]
        if len(kinds) != 1:
            raise RecordError(_("a dose change needs either reps or hold_seconds"))
        if kinds[0] == "reps":
            _whole(change["reps"], "reps", 1, 30)
        else:
            _whole(change["hold_seconds"], "hold_seconds", 5, 120)
    if kind == "review":
        try:
            dt.date.fromisoformat(str(change["on"]))
        except ValueError:
            raise RecordError(
                _("review date must be YYYY-MM-DD (got {change!r})").format(change=change["on"])
            ) from None
    if kind == "run":
        if change["mode"] not in ("ladder", "normal"):
            raise RecordError(
                _("run mode must be ladder or normal (got {change!r})").format(
                    change=change["mode"]
                )
            )
        if change["mode"] == "ladder":
            _whole(change.get("phase", 1), _("ladder phase"), 1, 20)


@dataclass(frozen=True)
class LadderCheck:
    """The walk-run start checks a runner answered yes to on ``date``."""

    date: dt.date
    met: tuple[str, ...]

    def __post_init__(self) -> None:
        _date(self.date)
        met = tuple(dict.fromkeys(self.met))
        for item in met:
            if not isinstance(item, str) or not _ID.match(item):
                raise RecordError(
                    _("check ids look like 'brisk-walk' (got {item!r})").format(item=item)
                )
        object.__setattr__(self, "met", met)


@dataclass(frozen=True)
class LefsRecord:
    """A Lower Extremity Functional Scale: 20 answers, each 0 (unable) to 4 (no difficulty)."""

    date: dt.date
    answers: tuple[int, ...]

    def __post_init__(self) -> None:
        _date(self.date)
        answers = tuple(self.answers)
        if len(answers) != LEFS_ITEMS:
            raise RecordError(
                _("the LEFS needs {LEFS_ITEMS} answers (got {answers})").format(
                    LEFS_ITEMS=LEFS_ITEMS, answers=len(answers)
                )
            )
        for number, value in enumerate(answers, start=1):
            _whole(value, _("LEFS answer {number}").format(number=number), 0, LEFS_ITEM_MAX)
        object.__setattr__(self, "answers", answers)

    @property
    def total(self) -> int:
        """The LEFS total, 0-80 (higher is better)."""
        return sum(self.answers)


_Dated = TypeVar("_Dated", LogEntry, "ExerciseSession", "Adjustment")
_date_of = attrgetter("date")


def between_dates(records: Sequence[_Dated], start: dt.date, end: dt.date) -> list[_Dated]:
    """The records dated ``start`` to ``end``, in date order (same-day records keep their order).

    Sorting first lets bisection drop the days outside, instead of testing every record.
    """
    ordered = sorted(records, key=_date_of)
    first = bisect.bisect_left(ordered, start, key=_date_of)
    return ordered[first : bisect.bisect_right(ordered, end, lo=first, key=_date_of)]
