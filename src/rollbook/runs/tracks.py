"""From track points to the few figures rollbook keeps: distance, moving time, climb.

Every reader (GPX, TCX, FIT) hands its points here one at a time. Each point is looked
at once, to add up the figures and to spot GPS jumps, and then dropped: no track is
returned, so none can be stored.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from rollbook.i18n import _

#: Slower than this between two points counts as standing still (about 1.8 km/h).
MOVING_MIN_MPS = 0.5
#: A jump between two points faster than this, over more than GLITCH_MIN_M, is a GPS glitch.
GLITCH_KMH = 100.0
GLITCH_MIN_M = 200.0
#: Climb is counted once the height has risen this much (GPS heights wobble).
CLIMB_STEP_M = 3.0


class FileError(ValueError):
    """The file cannot be read as a run; the message says why (without the file name)."""


class NotActivity(FileError):
    """A readable FIT file that holds no activity (settings, sleep, a course): skipped."""


@dataclass(frozen=True)
class Activity:
    """The figures of one activity, before rollbook decides whether it is a run it takes."""

    sport: str | None
    start: dt.datetime
    km: float
    moving_s: int
    elevation_m: float | None
    glitch: str | None = None


#: One track point: time, latitude, longitude, height (each may be missing).
Point = tuple[dt.datetime | None, float | None, float | None, float | None]


@dataclass
class Totals:
    """Running sums over a track's points."""

    metres: float = 0.0
    moving_s: float = 0.0
    climb: float = 0.0
    has_height: bool = False
    glitch: str | None = None
    first: dt.datetime | None = None


def track_totals(points: Iterable[Point]) -> Totals:
    """Add up distance, moving time and climb over (time, lat, lon, height) points.

    The distance between points is the haversine formula exactly as gpxpy's
    ``haversine_distance`` computes it (same steps, so the same metres), written out
    here because calling it for every point was a tenth of an import's time.
    """
    from gpxpy.geo import EARTH_RADIUS

    sin, cos, asin, sqrt, radians = math.sin, math.cos, math.asin, math.sqrt, math.radians
    totals = Totals()
    prev_t: dt.datetime | None = None
    prev: tuple[float, float, float] | None = None  # lat, lon, cos(lat) in radians
    base: float | None = None  # the lowest height since the last counted climb
    for when, lat, lon, height in points:
        if when is not None and totals.first is None:
            totals.first = when
        if lat is not None and lon is not None:
            lat_r = radians(lat)
            cos_lat = cos(lat_r)
            if prev is not None:
                half_lat = sin((lat_r - prev[0]) / 2)
                half_lon = sin(radians(lon - prev[1]) / 2)
                a = half_lat * half_lat + half_lon * half_lon * cos_lat * prev[2]
                step = EARTH_RADIUS * (2 * asin(sqrt(a)))
                totals.metres += step
                secs = (when - prev_t).total_seconds() if when and prev_t else 0.0
                if secs > 0:
                    _moving_step(totals, step, secs, when)
            prev, prev_t = (lat_r, lon, cos_lat), when
        if height is not None:
            totals.has_height = True
            if base is None or height < base:
                base = height
            elif height - base >= CLIMB_STEP_M:
                totals.climb += height - base
                base = height
    return totals


def _moving_step(totals: Totals, metres: float, secs: float, when: dt.datetime | None) -> None:
    speed = metres / secs
    if speed >= MOVING_MIN_MPS:
        totals.moving_s += secs
    if speed * 3.6 > GLITCH_KMH and metres > GLITCH_MIN_M and totals.glitch is None:
        at = _(" at {when:%H:%M} UTC").format(when=when) if when else ""
        totals.glitch = _(
            "the track jumps {value:.1f} km in {secs:.0f} s{at} ({value_2:.0f} km/h): a GPS glitch"
        ).format(value=metres / 1000, secs=secs, at=at, value_2=speed * 3.6)


def utc(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` in UTC; a time without a zone is taken as UTC (GPX, TCX)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def make_activity(
    sport: str | None,
    totals: Totals,
    *,
    km: float | None = None,
    moving_s: float | None = None,
    climb: float | None = None,
) -> Activity:
    """Return the activity: the file's own totals where it has them, else the points' sums."""
    if totals.first is None:
        raise FileError(_("it has no times, so the day of the run is unknown"))
    moving = moving_s if moving_s is not None else totals.moving_s
    return Activity(
        sport=sport.strip().lower() if sport and sport.strip() else None,
        start=utc(totals.first),
        km=(km if km is not None else totals.metres / 1000),
        moving_s=round(moving),
        elevation_m=climb if climb is not None else (totals.climb if totals.has_height else None),
        glitch=totals.glitch,
    )


def number(value: object) -> float | None:
    """Return a plain int or float as a float, anything else (None, bool, text) as None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def short(exc: BaseException) -> str:
    """Return a library's error message on one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:80]
