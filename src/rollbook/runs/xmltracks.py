"""Read GPX and TCX files with the standard library's XML parser, taking only what is needed.

Both are plain XML, and rollbook needs four values per point (time, latitude,
longitude, height) plus a few totals. gpxpy's parser builds an object for every
point and every field: about 50 ms a file, most of the time of a three-year import.
Taking only those values from the tree ElementTree's C parser builds is several
times faster and gives the same figures (gpxpy still reads unusual time formats,
and :mod:`rollbook.runs.tracks` measures distance with gpxpy's formula). No TCX reader on PyPI reads bytes
(they want a file path) or the common time formats.

Safety: the caller refuses any file that holds a document type declaration before it
gets here, so no entity can be defined, let alone expanded, and ElementTree never
fetches anything. The text encoding is fixed here (see :func:`_root`), so a file
cannot declare an encoding that hides a declaration from that byte test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rollbook.i18n import _
from rollbook.runs.tracks import Activity, FileError, Point, make_activity, short, track_totals

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def _root(data: bytes, kind: str) -> tuple[Element, str]:
    """Parse the file; return its root element and its namespace as "{uri}" (or "")."""
    from xml.etree.ElementTree import ParseError, XMLParser

    # The encoding is chosen here, never by the file: UTF-8 (nearly every activity
    # file), else Latin-1 (old files; every byte is a character). Both keep ASCII as
    # ASCII, so the caller's byte test for a DTD sees what the parser will see.
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "iso-8859-1"
    # The C parser and tree builder, fed the bytes whole: several times faster than
    # handing each element to Python as it streams past.
    parser = XMLParser(encoding=encoding)
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        raise FileError(
            _("it is not a complete {kind} file ({short})").format(kind=kind, short=short(exc))
        ) from None
    tag = root.tag
    return root, tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)  # the common case first: it is called for every value
    except ValueError:
        if not text.strip():
            return None
        raise FileError(
            _("it has a number that is not a number ({text!r})").format(text=text[:20])
        ) from None


def _time(text: str | None) -> dt.datetime | None:
    if not text or not text.strip():
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())  # 3.11 reads a trailing Z
    except ValueError:
        raise FileError(
            _("it has a time that cannot be read ({text!r})").format(text=text[:30])
        ) from None


# --- GPX -------------------------------------------------------------------------------------


def _gpx_time(text: str | None) -> dt.datetime | None:
    if not text or not text.strip():
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        pass
    # gpxpy's own reading of the odd forms some apps write; a point whose time it
    # cannot read either keeps no time, as gpxpy does.
    from gpxpy.gpx import GPXException
    from gpxpy.gpxfield import parse_time

    try:
        return parse_time(text)
    except GPXException:
        return None


def _gpx_points(segment: Element, ns: str) -> Iterator[Point]:
    """Yield (time, lat, lon, height) for each point of a track segment."""
    # The tag names are made once here, not for every point (a third of the time).
    point_tag, ele_tag, time_tag = f"{ns}trkpt", f"{ns}ele", f"{ns}time"
    for elem in segment.iterfind(point_tag):
        lat, lon = elem.get("lat"), elem.get("lon")
        if lat is None or lon is None:
            raise FileError(_("it is not a complete GPX file (a track point has no position)"))
        when: dt.datetime | None = None
        height: float | None = None
        for child in elem:  # the last <ele> or <time> of a point wins
            tag = child.tag
            if tag == ele_tag:
                height = _float(child.text)
            elif tag == time_tag:
                when = _gpx_time(child.text)
        yield when, _float(lat), _float(lon), height


def read_gpx(data: bytes) -> Activity:
    """Return the figures of a GPX file's tracks (routes and waypoints are not runs)."""
    root, ns = _root(data, "GPX")
    tracks = [t for t in root.findall(f"{ns}trk") if t.find(f"{ns}trkseg/{ns}trkpt") is not None]
    if not tracks:
        raise FileError(_("it has no track points"))
    sport = next((t.findtext(f"{ns}type") for t in tracks if t.findtext(f"{ns}type")), None)
    points = (
        point
        for track in tracks
        for segment in track.iterfind(f"{ns}trkseg")
        for point in _gpx_points(segment, ns)
    )
    return make_activity(_gpx_sport(sport), track_totals(points))


def _gpx_sport(value: str | None) -> str | None:
    # Strava's older GPX files give the type as a number: 9 is a run, 1 a ride.
    codes = {"9": "running", "1": "cycling", "10": "walking", "4": "hiking"}
    return codes.get(value.strip(), value) if value else None


# --- TCX -------------------------------------------------------------------------------------


def _tcx_points(activity: Element, ns: str) -> Iterator[Point]:
    """Yield (time, lat, lon, height) for each Trackpoint of an activity, in order."""
    time_tag, height_tag, position_tag = f"{ns}Time", f"{ns}AltitudeMeters", f"{ns}Position"
    lat_tag, lon_tag = f"{ns}LatitudeDegrees", f"{ns}LongitudeDegrees"
    for elem in activity.iter(f"{ns}Trackpoint"):
        when: dt.datetime | None = None
        lat = lon = height = None
        for child in elem:  # the last of each a point holds wins
            tag = child.tag
            if tag == time_tag:
                when = _time(child.text)
            elif tag == height_tag:
                height = _float(child.text)
            elif tag == position_tag:
                lat = _float(child.findtext(lat_tag))
                lon = _float(child.findtext(lon_tag))
        yield when, lat, lon, height


def read_tcx(data: bytes) -> Activity:
    """Return the figures of a TCX file's first activity (laps' totals where complete)."""
    root, ns = _root(data, "TCX")
    activity = root.find(f"{ns}Activities/{ns}Activity")
    if activity is None:
        raise FileError(_("it has no activity in it"))
    laps = activity.findall(f"{ns}Lap")
    lap_m = [_float(lap.findtext(f"{ns}DistanceMeters")) for lap in laps]
    lap_s = [_float(lap.findtext(f"{ns}TotalTimeSeconds")) for lap in laps]
    totals = track_totals(_tcx_points(activity, ns))
    if totals.first is None:
        totals.first = _time(activity.findtext(f"{ns}Id")) or (
            _time(laps[0].get("StartTime")) if laps else None
        )
    metres = [m for m in lap_m if m is not None]
    seconds = [s for s in lap_s if s is not None]
    km = sum(metres) / 1000 if laps and len(metres) == len(laps) else None
    secs = sum(seconds) if laps and len(seconds) == len(laps) else None
    return make_activity(activity.get("Sport"), totals, km=km, moving_s=secs)
