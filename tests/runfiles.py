"""Real-shaped activity files made by the tests: GPX, TCX, FIT and a Strava-style zip.

A run is a loop through a park: points every ``step_s`` seconds at a steady pace,
with a gentle hill, so distance, moving time and climb are known in advance. The FIT
file is encoded with fit-tool (a maintained FIT encoder on PyPI) and read back by
rollbook with fitdecode, so the two libraries check each other.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EARTH_M = 6_371_000.0


@dataclass(frozen=True)
class Shape:
    """What a generated run should hold."""

    start: dt.datetime
    km: float = 5.0
    kmh: float = 10.0
    step_s: int = 5
    climb_m: float = 30.0
    lat: float = 51.5
    lon: float = -0.12


def points(shape: Shape) -> list[tuple[dt.datetime, float, float, float]]:
    """Return (time, lat, lon, height) points along a straight northward line."""
    total_s = shape.km / shape.kmh * 3600
    count = max(2, int(total_s // shape.step_s) + 1)
    step_m = shape.km * 1000 / (count - 1)
    out = []
    for i in range(count):
        north = i * step_m
        lat = shape.lat + math.degrees(north / EARTH_M)
        # One smooth hill: up by climb_m over the first half, down over the second.
        height = 20 + shape.climb_m * math.sin(math.pi * i / (count - 1))
        out.append(
            (shape.start + dt.timedelta(seconds=i * total_s / (count - 1)), lat, shape.lon, height)
        )
    return out


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(shape: Shape, *, sport: str | None = "running", glitch: bool = False) -> bytes:
    """Return a GPX 1.1 file of the run (as Strava and most watches write it)."""
    pts = points(shape)
    if glitch:  # one point 5 km off course, as a GPS glitch puts it
        t, lat, lon, h = pts[len(pts) // 2]
        pts[len(pts) // 2] = (t, lat + 0.045, lon, h)
    kind = f"<type>{sport}</type>" if sport else ""
    body = "".join(
        f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{h:.1f}</ele><time>{_iso(t)}</time></trkpt>'
        for t, lat, lon, h in pts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="rollbook tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<metadata><time>{_iso(shape.start)}</time></metadata>"
        f"<trk><name>Morning Run</name>{kind}<trkseg>{body}</trkseg></trk></gpx>"
    ).encode()


def tcx(shape: Shape, *, sport: str = "Running") -> bytes:
    """Return a TCX file of the run in one lap (as Garmin Connect exports it)."""
    pts = points(shape)
    total_s = (pts[-1][0] - pts[0][0]).total_seconds()
    step_m = shape.km * 1000 / (len(pts) - 1)
    track = "".join(
        f"<Trackpoint><Time>{_iso(t)}</Time><Position><LatitudeDegrees>{lat:.7f}"
        f"</LatitudeDegrees><LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
        f"<AltitudeMeters>{h:.1f}</AltitudeMeters><DistanceMeters>{i * step_m:.1f}"
        "</DistanceMeters></Trackpoint>"
        for i, (t, lat, lon, h) in enumerate(pts)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(shape.start)}</Id>'
        f'<Lap StartTime="{_iso(shape.start)}"><TotalTimeSeconds>{total_s:.1f}</TotalTimeSeconds>'
        f"<DistanceMeters>{shape.km * 1000:.1f}</DistanceMeters><Calories>300</Calories>"
        f"<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{track}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def fit(
    shape: Shape, *, sport: str = "running", file_type: str = "activity", session: bool = True
) -> bytes:
    """Return a FIT activity file of the run, encoded with fit-tool (``session=False``: no
    session message, as some apps write, so the figures must come from the points)."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    def ms(moment: dt.datetime) -> int:
        return round(moment.timestamp() * 1000)

    pts = points(shape)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY if file_type == "activity" else FileType.SETTINGS
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = ms(shape.start)
    file_id.serial_number = 0x1234
    builder.add(file_id)
    step_m = shape.km * 1000 / (len(pts) - 1)
    records = []
    for i, (t, lat, lon, h) in enumerate(pts):
        rec = RecordMessage()
        rec.timestamp = ms(t)
        rec.position_lat = lat
        rec.position_long = lon
        rec.altitude = h
        rec.distance = i * step_m
        records.append(rec)
    builder.add_all(records)
    if not session:
        return bytes(builder.build().to_bytes())
    summary = SessionMessage()
    summary.timestamp = ms(pts[-1][0])
    summary.start_time = ms(shape.start)
    summary.sport = Sport.RUNNING if sport == "running" else Sport.CYCLING
    summary.total_distance = shape.km * 1000
    summary.total_timer_time = (pts[-1][0] - pts[0][0]).total_seconds()
    summary.total_elapsed_time = summary.total_timer_time
    summary.total_ascent = round(shape.climb_m)
    builder.add(summary)
    return bytes(builder.build().to_bytes())


def gz(data: bytes) -> bytes:
    """Return ``data`` gzipped, as Strava stores activity files in its export."""
    return gzip.compress(data, mtime=0)


STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Filename",
    "Moving Time",
    "Distance",
]


@dataclass(frozen=True)
class Entry:
    """One activity in a Strava-style export."""

    activity_id: int
    kind: str  # Strava's Activity Type: Run, Ride, Trail Run...
    filename: str  # path inside the zip, e.g. activities/123.gpx.gz; "" for none
    data: bytes


def strava_zip(entries: Sequence[Entry], *, extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """Return a zip shaped like a Strava bulk export: activities.csv plus activities/."""
    sheet = io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(STRAVA_HEADER)
    for e in entries:
        writer.writerow(
            [
                e.activity_id,
                "Mar 1, 2024, 7:00:00 AM",
                "Run",
                e.kind,
                "",
                "1800",
                "5.0",
                e.filename,
                "1800",
                "5000.0",
            ]
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", sheet.getvalue())
        archive.writestr("profile.csv", "Athlete ID\n1\n")
        for e in entries:
            if e.filename:
                archive.writestr(e.filename, e.data)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def three_year_export(runs: int = 600, *, first: dt.date = dt.date(2021, 1, 4)) -> bytes:
    """Return a Strava-style export of ``runs`` runs over about three years (for the bench):
    a third each of GPX, TCX and FIT, all gzipped, plus a ride for every ten runs."""
    entries = []
    every = (3 * 365) / runs
    for i in range(runs):
        day = first + dt.timedelta(days=int(i * every))
        start = dt.datetime(day.year, day.month, day.day, 6, 30, tzinfo=dt.UTC)
        shape = Shape(start=start, km=5 + (i % 7) * 2.0, kmh=10 + (i % 3), step_s=3)
        maker, ext = ((gpx, "gpx"), (tcx, "tcx"), (fit, "fit"))[i % 3]
        entries.append(Entry(1000 + i, "Run", f"activities/{1000 + i}.{ext}.gz", gz(maker(shape))))
        if i % 10 == 0:
            ride = Shape(start=start + dt.timedelta(hours=8), km=30, kmh=25, step_s=10)
            entries.append(
                Entry(
                    90000 + i,
                    "Ride",
                    f"activities/{90000 + i}.gpx.gz",
                    gz(gpx(ride, sport="cycling")),
                )
            )
    return strava_zip(entries)
