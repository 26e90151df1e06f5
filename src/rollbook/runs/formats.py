"""Read one activity file (GPX, TCX or FIT bytes) into the few figures rollbook keeps.

The libraries do the parsing: gpxpy for GPX, fitdecode for FIT, and defusedxml's
ElementTree for TCX, which is plain XML (the TCX readers on PyPI want a file path and
fail on common time formats). Every point is looked at once, to add up the distance,
the moving time and the climb and to spot GPS jumps, and then dropped: no track is
returned, so none can be stored.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Slower than this between two points counts as standing still (about 1.8 km/h).
MOVING_MIN_MPS = 0.5
#: A jump between two points faster than this, over more than GLITCH_MIN_M, is a GPS glitch.
GLITCH_KMH = 100.0
GLITCH_MIN_M = 200.0
#: Climb is counted once the height has risen this much (GPS heights wobble).
CLIMB_STEP_M = 3.0
_SEMICIRCLE = 180.0 / 2**31
_TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


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


def sniff(data: bytes) -> str | None:
    """Return "gpx", "tcx", "fit", "gzip" or "zip" from the first bytes, else None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "zip"
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        if b"<gpx" in head:
            return "gpx"
        if b"<trainingcenterdatabase" in head:
            return "tcx"
    return None


def read_activity(data: bytes) -> Activity:
    """Return the figures of a GPX, TCX or FIT file; FileError when it is not one or is broken."""
    kind = sniff(data)
    if kind == "fit":
        return _fit(data)
    if kind in ("gpx", "tcx"):
        _refuse_dtd(data)
        return _gpx(data) if kind == "gpx" else _tcx(data)
    raise FileError("it is not a GPX, TCX or FIT file")


def _refuse_dtd(data: bytes) -> None:
    # Activity files never need a DTD; refusing one keeps entity tricks out of every parser.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileError("it holds a document type declaration, which activity files never have")


# --- points to figures ---------------------------------------------------------------------

Point = tuple[dt.datetime | None, float | None, float | None, float | None]


@dataclass
class _Totals:
    metres: float = 0.0
    moving_s: float = 0.0
    climb: float = 0.0
    has_height: bool = False
    glitch: str | None = None
    first: dt.datetime | None = None


def track_totals(points: Iterable[Point]) -> _Totals:
    """Add up distance, moving time and climb over (time, lat, lon, height) points."""
    from gpxpy.geo import haversine_distance

    totals = _Totals()
    prev_t: dt.datetime | None = None
    prev_pos: tuple[float, float] | None = None
    base: float | None = None  # the lowest height since the last counted climb
    for when, lat, lon, height in points:
        if when is not None and totals.first is None:
            totals.first = when
        if lat is not None and lon is not None:
            if prev_pos is not None:
                step = haversine_distance(prev_pos[0], prev_pos[1], lat, lon)
                totals.metres += step
                secs = (when - prev_t).total_seconds() if when and prev_t else 0.0
                if secs > 0:
                    _moving_step(totals, step, secs, when)
            prev_pos, prev_t = (lat, lon), when
        if height is not None:
            totals.has_height = True
            if base is None or height < base:
                base = height
            elif height - base >= CLIMB_STEP_M:
                totals.climb += height - base
                base = height
    return totals


def _moving_step(totals: _Totals, metres: float, secs: float, when: dt.datetime | None) -> None:
    speed = metres / secs
    if speed >= MOVING_MIN_MPS:
        totals.moving_s += secs
    if speed * 3.6 > GLITCH_KMH and metres > GLITCH_MIN_M and totals.glitch is None:
        at = f" at {when:%H:%M} UTC" if when else ""
        totals.glitch = (
            f"the track jumps {metres / 1000:.1f} km in {secs:.0f} s{at} "
            f"({speed * 3.6:.0f} km/h): a GPS glitch"
        )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)  # GPX and TCX times are UTC
    return moment.astimezone(dt.UTC)


def _activity(
    sport: str | None,
    totals: _Totals,
    *,
    km: float | None = None,
    moving_s: float | None = None,
    climb: float | None = None,
) -> Activity:
    if totals.first is None:
        raise FileError("it has no times, so the day of the run is unknown")
    moving = moving_s if moving_s is not None else totals.moving_s
    return Activity(
        sport=sport.strip().lower() if sport and sport.strip() else None,
        start=_utc(totals.first),
        km=(km if km is not None else totals.metres / 1000),
        moving_s=round(moving),
        elevation_m=climb if climb is not None else (totals.climb if totals.has_height else None),
        glitch=totals.glitch,
    )


# --- GPX -------------------------------------------------------------------------------------


def _gpx(data: bytes) -> Activity:
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileError("it is not UTF-8 text, so it is not a readable GPX file") from None
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        raise FileError(f"it is not a complete GPX file ({_short(exc)})") from None
    tracks = [t for t in gpx.tracks if any(s.points for s in t.segments)]
    if not tracks:
        raise FileError("it has no track points")
    sport = next((t.type for t in tracks if t.type), None)

    def points() -> Iterator[Point]:
        for track in tracks:
            for segment in track.segments:
                for p in segment.points:
                    yield p.time, p.latitude, p.longitude, p.elevation

    return _activity(_gpx_sport(sport), track_totals(points()))


def _gpx_sport(value: str | None) -> str | None:
    # Strava's older GPX files give the type as a number: 9 is a run, 1 a ride.
    codes = {"9": "running", "1": "cycling", "10": "walking", "4": "hiking"}
    return codes.get(value.strip(), value) if value else None


# --- TCX -------------------------------------------------------------------------------------


def _tcx(data: bytes) -> Activity:
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        root = safe_et.fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise FileError(f"it is not a complete TCX file ({_short(exc)})") from None
    activity = root.find(f"{_TCX}Activities/{_TCX}Activity")
    if activity is None:
        raise FileError("it has no activity in it")
    laps = activity.findall(f"{_TCX}Lap")
    lap_m = [_float(lap.findtext(f"{_TCX}DistanceMeters")) for lap in laps]
    lap_s = [_float(lap.findtext(f"{_TCX}TotalTimeSeconds")) for lap in laps]

    def points() -> Iterator[Point]:
        for tp in activity.iter(f"{_TCX}Trackpoint"):
            yield (
                _time(tp.findtext(f"{_TCX}Time")),
                _float(tp.findtext(f"{_TCX}Position/{_TCX}LatitudeDegrees")),
                _float(tp.findtext(f"{_TCX}Position/{_TCX}LongitudeDegrees")),
                _float(tp.findtext(f"{_TCX}AltitudeMeters")),
            )

    totals = track_totals(points())
    if totals.first is None:
        start = _time(activity.findtext(f"{_TCX}Id")) or (
            _time(laps[0].get("StartTime")) if laps else None
        )
        totals.first = start
    metres = [m for m in lap_m if m is not None]
    seconds = [s for s in lap_s if s is not None]
    km = sum(metres) / 1000 if laps and len(metres) == len(laps) else None
    secs = sum(seconds) if laps and len(seconds) == len(laps) else None
    return _activity(activity.get("Sport"), totals, km=km, moving_s=secs)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise FileError(f"it has a number that is not a number ({text[:20]!r})") from None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())  # 3.11 reads a trailing Z
    except ValueError:
        raise FileError(f"it has a time that cannot be read ({text[:30]!r})") from None


# --- FIT -------------------------------------------------------------------------------------


def _fit(data: bytes) -> Activity:
    import fitdecode

    file_type: object = None
    session: dict[str, object] = {}

    def records(reader: fitdecode.FitReader) -> Iterator[Point]:
        nonlocal file_type
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                lat, lon = (
                    frame.get_value("position_lat", fallback=None),
                    frame.get_value("position_long", fallback=None),
                )
                yield (
                    frame.get_value("timestamp", fallback=None),
                    lat * _SEMICIRCLE if isinstance(lat, int) else None,
                    lon * _SEMICIRCLE if isinstance(lon, int) else None,
                    _number(frame.get_value("enhanced_altitude", fallback=None))
                    or _number(frame.get_value("altitude", fallback=None)),
                )
            elif frame.name == "file_id":
                file_type = frame.get_value("type", fallback=None)
            elif frame.name == "session" and not session:
                session.update({f.name: f.value for f in frame.fields})

    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            totals = track_totals(records(reader))
    except fitdecode.FitEOFError:
        raise FileError("it is cut short (the FIT file is incomplete)") from None
    except fitdecode.FitCRCError:
        raise FileError("it is damaged (the FIT checksum does not match)") from None
    # fitdecode also fails on some damaged files with a bare AssertionError (0.11).
    except (
        fitdecode.FitError, ValueError, TypeError, KeyError, IndexError, struct.error,
        AssertionError,
    ) as exc:  # fmt: skip
        raise FileError(f"it is not a readable FIT file ({_short(exc)})") from None
    if file_type not in ("activity", 4):
        raise NotActivity(f"it is not an activity (a FIT {file_type or 'unknown'} file)")
    if isinstance(session.get("start_time"), dt.datetime):
        totals.first = session["start_time"]  # type: ignore[assignment]
    metres = _number(session.get("total_distance"))
    secs = _number(session.get("total_timer_time"))
    climb = _number(session.get("total_ascent"))
    sport = session.get("sport")
    return _activity(
        sport if isinstance(sport, str) else None,
        totals,
        km=None if metres is None else metres / 1000,
        moving_s=secs,
        climb=climb,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:80]
