"""The :class:`Run` record: one run from a watch or phone, as rollbook keeps it.

Only these figures are kept; the GPS track, heart rate and everything else in the
file are read, checked and dropped (see the README, "What is kept").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from rollbook.i18n import _
from rollbook.records import EARLIEST_DATE

#: Longest single run accepted, the same as the log's daily cap.
RUN_KM_MAX = 300.0
#: Shorter than this is "no distance" (a watch started and stopped by accident).
RUN_KM_MIN = 0.05
#: Longest moving time accepted (two days: the longest ultra races).
MOVING_S_MAX = 48 * 3600
#: Faster on average than this is not running (the marathon record is about 21 km/h).
AVG_KMH_MAX = 25.0
#: Source names are cut to this length.
SOURCE_MAX = 200


class RunError(ValueError):
    """A run's figures are impossible; the message says which and why."""


@dataclass(frozen=True)
class Run:
    """One run: when it started, how far, how long moving, how much climb, from which file.

    ``start`` is timezone-aware (UTC); ``date`` is the runner's calendar day of the
    start. ``fingerprint`` identifies the source (a hash of the file's bytes), so the
    same file imported twice is recognised.
    """

    date: dt.date
    start: dt.datetime
    km: float
    moving_s: int
    source: str
    fingerprint: str
    elevation_m: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise RunError(_("date must be a calendar date (got {date!r})").format(date=self.date))
        if not isinstance(self.start, dt.datetime) or self.start.tzinfo is None:
            raise RunError(_("start must be a date and time with a time zone"))
        problem = figures_problem(self.km, self.moving_s)
        if problem:
            raise RunError(problem)
        if self.elevation_m is not None and (
            not math.isfinite(self.elevation_m) or not 0 <= self.elevation_m <= 20_000
        ):
            raise RunError(
                _("elevation gain must be 0–20000 m (got {elevation_m})").format(
                    elevation_m=self.elevation_m
                )
            )
        if not isinstance(self.source, str) or not self.source.strip():
            raise RunError(_("a run needs the name of the file it came from"))
        if not isinstance(self.fingerprint, str) or not 16 <= len(self.fingerprint) <= 128:
            raise RunError(_("a run needs a fingerprint of its file"))
        object.__setattr__(self, "source", self.source[:SOURCE_MAX])
        object.__setattr__(self, "start", self.start.astimezone(dt.UTC))
        object.__setattr__(self, "km", float(self.km) + 0.0)

    @property
    def minutes(self) -> float:
        """Moving time in minutes."""
        return self.moving_s / 60

    @property
    def kmh(self) -> float:
        """Average moving speed in km/h."""
        return self.km / (self.moving_s / 3600)

    def as_dict(self) -> dict[str, object]:
        """The run as JSON-ready values (the shape ``rollbook runs list`` prints)."""
        return {
            "date": self.date.isoformat(),
            "start": self.start.isoformat(timespec="seconds"),
            "km": round(self.km, 3),
            "minutes": round(self.minutes, 1),
            "elevation_m": None if self.elevation_m is None else round(self.elevation_m),
            "source": self.source,
        }


@dataclass(frozen=True)
class DayChange:
    """A log day whose distance an import sets: before (None for a new day) and after."""

    date: dt.date
    km_before: float | None
    km_after: float


@dataclass(frozen=True)
class RunsSaved:
    """What saving runs did (or would do): runs added, runs already kept, days changed."""

    added: int
    already: int
    days: tuple[DayChange, ...]


def figures_problem(km: object, moving_s: object) -> str | None:
    """Return why a distance and a moving time cannot be a run, else None."""
    if isinstance(km, bool) or not isinstance(km, (int, float)) or not math.isfinite(km):
        return _("distance must be a number (got {km!r})").format(km=km)
    if km < RUN_KM_MIN:
        return _("it has no distance ({km:.2f} km)").format(km=km)
    if km > RUN_KM_MAX:
        return _(
            "it is {km:.0f} km long; the most rollbook takes for one run is {RUN_KM_MAX:.0f} km"
        ).format(km=km, RUN_KM_MAX=RUN_KM_MAX)
    if isinstance(moving_s, bool) or not isinstance(moving_s, int) or moving_s <= 0:
        return _("it has no moving time")
    if moving_s > MOVING_S_MAX:
        return _("it lasts {value:.0f} hours; the most rollbook takes is 48 hours").format(
            value=moving_s / 3600
        )
    speed = km / (moving_s / 3600)
    if speed > AVG_KMH_MAX:
        return _(
            "it averages {speed:.0f} km/h, faster than anyone runs: the GPS track has glitches, or this was not a run (a ride or a drive)"
        ).format(speed=speed)
    return None


def date_problem(start: dt.datetime, *, today: dt.date, day: dt.date) -> str | None:
    """Return why a run starting at ``start`` (on ``day``) cannot be taken today, else None."""
    # The log's own floor: a run before it is a watch whose clock was never set.
    if day < EARLIEST_DATE:
        return _("it is dated {day}, before {year}: the watch clock was probably not set").format(
            day=day.isoformat(), year=EARLIEST_DATE.year
        )
    if day > today:
        return _("it is dated {day}, in the future (today is {isoformat_2})").format(
            day=day.isoformat(), isoformat_2=today.isoformat()
        )
    return None
