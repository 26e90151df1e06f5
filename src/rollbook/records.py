"""Typed records shared by the store, the analytics, the charts and the UI.

Records check their own ranges when built, so an out-of-range value cannot reach the
store or a chart. Checks that need context (today's date, the list of pain sites) live
in :func:`check_entry_context`. Every message is one plain sentence that names the
field and the allowed values.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rollbook.i18n import _
from rollbook.sides import (
    midline_problem,
    midline_sites,
    pains_problem,
    side_problem,
)

NAME_MAX = 80
NOTE_MAX = 2000
KM_MAX = 300.0
ROLLED_MAX = 600
PAIN_MAX = 10
PSFS_MAX_ACTIVITIES = 3
PSFS_ACTIVITY_MAX = 80
PSFS_SCORE_MAX = 10
#: The earliest date a log entry or rating may have. An older date is a typing slip (a
#: runner's log starts when they start using rollbook), and it would stretch every chart
#: over decades.
EARLIEST_DATE = dt.date(2000, 1, 1)

#: Used only when the content package cannot be imported (see :func:`known_sites`).
KNOWN_SITES: frozenset[str] = frozenset(
    {
        "foot", "achilles", "ankle", "shin", "calf", "knee", "outer-knee",
        "hamstring", "hip", "buttock", "groin", "low-back",
    }
)  # fmt: skip

#: Names of the three pain measures, as used in messages and CSV columns.
PAIN_FIELDS: tuple[str, str, str] = ("during", "after", "morning")


class RecordError(ValueError):
    """A record value is out of range; the message says which and what is allowed."""


# --- small checks, shared with the CSV importer and the CLI ------------------------


def pain_problem(value: object, label: str) -> str | None:
    """Return why ``value`` is not a pain score (whole number 0–10 or None), else None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _("{label} must be a whole number 0–10 (got {value!r})").format(
            label=label, value=value
        )
    if not 0 <= value <= PAIN_MAX:
        return _("{label} must be 0–10 (got {amount})").format(label=label, amount=value)
    return None


def km_problem(value: object) -> str | None:
    """Return why ``value`` is not a distance in km (0–300), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _("km must be a number (got {value!r})").format(value=value)
    if not math.isfinite(value) or not 0 <= value <= KM_MAX:
        return _("km must be 0–{KM_MAX:g} (got {value:g})").format(KM_MAX=KM_MAX, value=value)
    return None


def rolled_problem(value: object) -> str | None:
    """Return why ``value`` is not minutes rolled (whole number 0–600), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return _("rolled_min must be a whole number of minutes (got {value!r})").format(value=value)
    if not 0 <= value <= ROLLED_MAX:
        return _("rolled_min must be 0–{ROLLED_MAX} (got {amount})").format(
            ROLLED_MAX=ROLLED_MAX, amount=value
        )
    return None


def note_problem(value: object) -> str | None:
    """Return why ``value`` is not a note (text up to 2000 characters), else None."""
    if not isinstance(value, str):
        return _("note must be text (got {name__})").format(name__=type(value).__name__)
    if len(value) > NOTE_MAX:
        return _("note must be at most {NOTE_MAX} characters (got {amount})").format(
            NOTE_MAX=NOTE_MAX, amount=len(value)
        )
    return None


def name_problem(value: object) -> str | None:
    """Return why ``value`` is not a profile name (1–80 characters), else None."""
    if not isinstance(value, str):
        return _("profile name must be text (got {name__})").format(name__=type(value).__name__)
    if not value.strip():
        return _("profile name must not be empty")
    if len(value) > NAME_MAX:
        return _("profile name must be at most {NAME_MAX} characters (got {amount})").format(
            NAME_MAX=NAME_MAX, amount=len(value)
        )
    if any(ch in value for ch in "\x00\r\n"):
        return _("profile name must be one line of text")
    return None


def _raise(problem: str | None) -> None:
    if problem:
        raise RecordError(problem)


# --- records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A runner (display name or clinic code) whose data the store keeps."""

    id: int
    name: str
    created: dt.date


@dataclass(frozen=True)
class SitePain:
    """Pain at one site on one day: during the run, after it, and the next morning.

    Each score is 0–10, or None when it has not been filled in yet (next-morning pain
    is often added the next day). ``side`` is ``left``, ``right`` or None (no side).
    """

    site: str
    during: int | None = None
    after: int | None = None
    morning: int | None = None
    side: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.site, str) or not self.site:
            raise RecordError(_("site must be a site id such as 'knee'"))
        _raise(side_problem(self.side, self.site))
        for name in PAIN_FIELDS:
            _raise(
                pain_problem(
                    getattr(self, name),
                    _("pain_{name} for {where}").format(name=name, where=self.where),
                )
            )

    @classmethod
    def from_scores(
        cls, site: str, scores: Mapping[str, int | None], side: str | None = None
    ) -> SitePain:
        """Build from scores by measure name (``during``/``after``/``morning``)."""
        during, after, morning = (scores.get(m) for m in PAIN_FIELDS)
        return cls(site, during, after, morning, side)

    @property
    def where(self) -> str:
        """The site id with its side, for messages: ``knee`` or ``left knee``."""
        return f"{self.side} {self.site}" if self.side else self.site

    @property
    def key(self) -> tuple[str, str]:
        """What makes a pain record unique within a day: its site and side ("" for none)."""
        return (self.site, self.side or "")

    @property
    def scores(self) -> tuple[int | None, int | None, int | None]:
        """The three scores in order: during, after, next morning."""
        return (self.during, self.after, self.morning)


@dataclass(frozen=True)
class LogEntry:
    """One day's log for one runner. Pains are kept sorted by site id."""

    date: dt.date
    pains: tuple[SitePain, ...] = ()
    km: float = 0.0
    rolled_min: int = 0
    done: bool = False
    note: str = ""
    #: True when the day holds only the distance of runs imported from a watch: no pain
    #: score, rolling, note or plan tick logged by hand. The store works it out when it
    #: reads the log (it is not saved). Such a day says nothing about the plan.
    runs_only: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise RecordError(
                _("date must be a calendar date (got {date!r})").format(date=self.date)
            )
        _raise(km_problem(self.km))
        _raise(rolled_problem(self.rolled_min))
        _raise(note_problem(self.note))
        if not isinstance(self.done, bool):
            raise RecordError(_("done must be true or false (got {done!r})").format(done=self.done))
        pains = tuple(self.pains)
        if not all(isinstance(p, SitePain) for p in pains):
            raise RecordError(_("pains must be SitePain records"))
        _raise(pains_problem(pains))
        # Normalise so that equal logs compare equal: float km (no -0.0), sorted sites.
        object.__setattr__(self, "km", float(self.km) + 0.0)
        object.__setattr__(self, "pains", tuple(sorted(pains, key=lambda p: p.key)))

    def pain_at(self, site: str, side: str | None = None) -> SitePain | None:
        """Return the pain record for ``site`` on ``side`` (None: no side), if logged."""
        for pain in self.pains:
            if pain.site == site and pain.side == side:
                return pain
        return None

    @property
    def sided(self) -> bool:
        """True when at least one pain record has a side (left or right)."""
        return any(p.side for p in self.pains)

    def worst(self, measure: str) -> int | None:
        """Return the highest score of ``measure`` (during/after/morning) across sites and sides."""
        if measure not in PAIN_FIELDS:
            raise ValueError(
                _("measure must be one of {names}").format(names=", ".join(PAIN_FIELDS))
            )
        values = [v for p in self.pains if (v := getattr(p, measure)) is not None]
        return max(values) if values else None

    @property
    def has_scores(self) -> bool:
        """True when at least one pain score is filled in."""
        return any(v is not None for p in self.pains for v in p.scores)


@dataclass(frozen=True)
class PsfsItem:
    """One activity the runner finds hard, rated 0 (unable) to 10 (as before injury)."""

    activity: str
    score: int

    def __post_init__(self) -> None:
        if not isinstance(self.activity, str) or not self.activity.strip():
            raise RecordError(_("each PSFS activity needs a name"))
        if len(self.activity) > PSFS_ACTIVITY_MAX:
            raise RecordError(
                _("PSFS activity names must be at most {PSFS_ACTIVITY_MAX} characters").format(
                    PSFS_ACTIVITY_MAX=PSFS_ACTIVITY_MAX
                )
            )
        problem = pain_problem(
            self.score, _("PSFS score for {activity!r}").format(activity=self.activity)
        )
        _raise(problem)


@dataclass(frozen=True)
class PsfsRecord:
    """A weekly Patient-Specific Functional Scale rating of up to three activities."""

    date: dt.date
    items: tuple[PsfsItem, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise RecordError(
                _("date must be a calendar date (got {date!r})").format(date=self.date)
            )
        items = tuple(self.items)
        if not 1 <= len(items) <= PSFS_MAX_ACTIVITIES:
            raise RecordError(
                _("PSFS needs 1–{PSFS_MAX_ACTIVITIES} activities (got {items})").format(
                    PSFS_MAX_ACTIVITIES=PSFS_MAX_ACTIVITIES, items=len(items)
                )
            )
        if not all(isinstance(i, PsfsItem) for i in items):
            raise RecordError(_("PSFS items must be PsfsItem records"))
        object.__setattr__(self, "items", items)

    @property
    def average(self) -> float:
        """The mean score across the rated activities (0–10)."""
        return sum(i.score for i in self.items) / len(self.items)


@dataclass(frozen=True)
class SavedPlan:
    """A plan as saved: the inputs given to the plan engine and what it produced."""

    id: int
    profile_id: int
    created: dt.datetime
    inputs: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SaveResult:
    """What a save did: ``created`` is False when an existing record was updated."""

    created: bool


@dataclass(frozen=True)
class ImportResult:
    """What a bulk save did: how many entries were new and how many were updated."""

    created: int
    updated: int


# --- context checks ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _library_sites() -> frozenset[str] | None:
    try:
        from rollbook.content import load_library
    except ImportError:
        return None
    try:
        sites: Any = load_library().sites
    except Exception as exc:  # noqa: BLE001 - a content typo must not block saving a run
        warnings.warn(
            f"content library did not load ({exc}); checking pain sites against the built-in list",
            stacklevel=3,
        )
        return None
    if isinstance(sites, Mapping):
        return frozenset(str(k) for k in sites)
    return frozenset(str(getattr(s, "id", s)) for s in sites)


def known_sites() -> frozenset[str]:
    """Return the valid pain-site ids: the content library's, else :data:`KNOWN_SITES`."""
    return _library_sites() or KNOWN_SITES


def check_entry_context(
    entry: LogEntry, *, today: dt.date, sites: Iterable[str] | None = None
) -> list[str]:
    """Return the problems with ``entry`` that depend on today's date and the site list."""
    allowed = frozenset(sites) if sites is not None else known_sites()
    problems: list[str] = []
    if entry.date > today:
        problems.append(
            _(
                "date {day} is in the future (today is {isoformat_2}); log a day once it has happened"
            ).format(day=entry.date.isoformat(), isoformat_2=today.isoformat())
        )
    early = early_date_problem(entry.date)
    if early:
        problems.append(early)
    midline = midline_sites()
    for pain in entry.pains:
        problem = site_problem(pain.site, allowed) or midline_problem(pain, midline)
        if problem:
            problems.append(problem)
    return problems


def early_date_problem(day: dt.date) -> str | None:
    """Return why ``day`` is too long ago to log (before :data:`EARLIEST_DATE`), else None."""
    if day >= EARLIEST_DATE:
        return None
    return _("date {day} is before {isoformat_2}; check the year and log days from then on").format(
        day=day.isoformat(), isoformat_2=EARLIEST_DATE.isoformat()
    )


def site_problem(site: str, allowed: frozenset[str]) -> str | None:
    """Return why ``site`` is not a known site id, else None."""
    if site in allowed:
        return None
    return _("unknown site {site!r} (known sites: {names})").format(
        site=site, names=", ".join(sorted(allowed))
    )
