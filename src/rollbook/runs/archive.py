"""Open what the runner gives: activity files, gzipped ones, and Strava or Garmin zips.

Memory stays bounded whatever arrives: sizes are checked before anything is unpacked,
zip members are read one at a time through a size cap (a zip's own size fields may
lie), and a member that unpacks far larger than it is packed is refused as a zip bomb.
Nothing is written to disk except a Garmin export's inner zip, which goes to a private
temporary file that is removed at once.
"""

from __future__ import annotations

import csv
import io
import posixpath
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rollbook.i18n import N_, _

#: Largest single activity file once unpacked (a 24-hour run at one point a second is ~15 MB).
MAX_FILE_BYTES = 25_000_000
#: Largest Strava activities.csv read (about 2 kB a row).
MAX_CSV_BYTES = 20_000_000
#: Largest inner zip in a Garmin export.
MAX_INNER_ZIP_BYTES = 1_000_000_000
#: Most bytes unpacked in one import, all files together.
MAX_TOTAL_BYTES = 3_000_000_000
#: Most entries a zip may list.
MAX_MEMBERS = 200_000
#: Packed this many times smaller than it unpacks is a zip bomb, not an activity file.
MAX_RATIO = 100
_CHUNK = 1 << 20
ACTIVITY_ENDINGS = (".gpx", ".tcx", ".fit", ".gpx.gz", ".tcx.gz", ".fit.gz")


class ArchiveError(ValueError):
    """The whole upload cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Found:
    """An activity file's bytes (unpacked), its name and Strava's type for it, if any."""

    name: str
    data: bytes
    strava_type: str | None = None


@dataclass(frozen=True)
class Bad:
    """A file that should hold a run but cannot be read."""

    name: str
    problem: str


@dataclass(frozen=True)
class Other:
    """A file in an export that is not an activity (a photo, a settings file)."""

    name: str


@dataclass(frozen=True)
class Unrecorded:
    """An activity Strava lists in activities.csv whose file is not in the export."""

    name: str
    strava_type: str
    reason: str


Item = Found | Bad | Other | Unrecorded

#: Why a listed activity has no file: typed in by hand, or its file left out of the zip.
NO_FILE = N_(
    "it was typed into Strava by hand, so there is no recording to read; "
    "add its distance in the log yourself"
)
FILE_MISSING = N_("its file is missing from the zip")


@dataclass(frozen=True)
class _Listed:
    """One row of Strava's activities.csv: what rollbook needs from it."""

    label: str  # how the row is named to the runner
    kind: str  # Strava's Activity Type
    path: str  # the Filename column, "" for an activity typed in by hand


class _Budget:
    """Counts unpacked bytes across one import, so a pile of small bombs is caught too."""

    def __init__(self) -> None:
        self.used = 0

    def take(self, count: int, name: str) -> None:
        self.used += count
        if self.used > MAX_TOTAL_BYTES:
            raise ArchiveError(
                _(
                    "{name}: this import unpacks to more than {amount} GB; import the export in smaller parts"
                ).format(name=name, amount=MAX_TOTAL_BYTES // 1_000_000_000)
            )


def is_activity_name(name: str) -> bool:
    """True when the name ends like an activity file (.gpx, .tcx, .fit, or those .gz)."""
    return name.lower().endswith(ACTIVITY_ENDINGS)


def gunzip(data: bytes, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Unpack gzip ``data``, refusing more than ``limit`` bytes; ValueError when broken."""
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpack.decompress(data, limit + 1)
    except zlib.error:
        raise ValueError(_("it is a damaged .gz file")) from None
    if len(out) > limit:
        raise ValueError(
            _("it unpacks to more than {amount} MB, too big for one run").format(
                amount=limit // 1_000_000
            )
        )
    if not unpack.eof:
        raise ValueError(_("it is a .gz file that is cut short"))
    return out


def _unpacked(name: str, data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        return gunzip(data, name)
    return data


def open_file(name: str, data: bytes, budget: _Budget | None = None) -> Iterator[Item]:
    """Yield the activity files in one upload: a single file, a .gz, or a zip export."""
    budget = budget or _Budget()
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        yield from _zip(name, io.BytesIO(data), budget, depth=0)
        return
    if len(data) > MAX_FILE_BYTES:
        yield Bad(
            name,
            _("it is {amount} MB, too big for one run (the limit is {value_2} MB)").format(
                amount=len(data) // 1_000_000, value_2=MAX_FILE_BYTES // 1_000_000
            ),
        )
        return
    try:
        plain = _unpacked(name, data)
    except ValueError as exc:
        yield Bad(name, str(exc))
        return
    budget.take(len(plain), name)
    yield Found(name, plain)


def open_path(path: Path, budget: _Budget | None = None) -> Iterator[Item]:
    """Like :func:`open_file` for a file on disk, streaming a zip instead of reading it whole."""
    budget = budget or _Budget()
    with path.open("rb") as handle:
        head = handle.read(4)
        if head in (b"PK\x03\x04", b"PK\x05\x06"):
            handle.seek(0)
            yield from _zip(path.name, handle, budget, depth=0)
            return
        handle.seek(0)
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        yield Bad(
            path.name,
            _("it is more than {amount} MB, too big for one run").format(
                amount=MAX_FILE_BYTES // 1_000_000
            ),
        )
        return
    yield from open_file(path.name, data, budget)


def _zip(name: str, handle: IO[bytes], budget: _Budget, depth: int) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError(
            _("{name}: it is not a complete zip file ({exc})").format(name=name, exc=exc)
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveError(
                _("{name}: it lists {members} files, more than rollbook reads").format(
                    name=name, members=len(members)
                )
            )
        listed = _strava_list(name, archive, members, budget)
        types = _types(listed)
        for info in members:
            if info.is_dir() or posixpath.basename(info.filename).lower() == "activities.csv":
                continue
            label = f"{name}/{info.filename}" if depth else info.filename
            lower = info.filename.lower()
            if lower.endswith(".zip"):
                yield from _inner_zip(label, archive, info, budget, depth)
            elif is_activity_name(lower):
                yield _member(label, archive, info, budget, types)
            else:
                yield Other(label)
        yield from _unrecorded(listed, members)


def _unrecorded(listed: list[_Listed], members: list[zipfile.ZipInfo]) -> Iterator[Unrecorded]:
    """Yield the activities in activities.csv that have no file in the zip, with the reason."""
    present = {m.filename for m in members} | {posixpath.basename(m.filename) for m in members}
    for row in listed:
        if not row.path:
            yield Unrecorded(row.label, row.kind, _(NO_FILE))
        elif row.path not in present and posixpath.basename(row.path) not in present:
            yield Unrecorded(f"{row.path} ({row.label})", row.kind, _(FILE_MISSING))


def _types(listed: list[_Listed]) -> dict[str, str]:
    """Map each activity file named in activities.csv (path and bare name) to its type."""
    types: dict[str, str] = {}
    for row in listed:
        if row.path:
            types[row.path] = row.kind
            types.setdefault(posixpath.basename(row.path), row.kind)
    return types


def _member(
    label: str,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: _Budget,
    types: dict[str, str],
) -> Item:
    strava = types.get(info.filename) or types.get(posixpath.basename(info.filename))
    try:
        raw = _read_member(archive, info, MAX_FILE_BYTES)
        plain = _unpacked(label, raw)
    except ValueError as exc:
        return Bad(label, str(exc))
    budget.take(len(plain), label)
    return Found(label, plain, strava)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one member through a size cap; ValueError for bombs, damage or size."""
    if info.file_size > limit:
        raise ValueError(
            _("it unpacks to {amount} MB, too big (the limit is {value_2} MB)").format(
                amount=info.file_size // 1_000_000, value_2=limit // 1_000_000
            )
        )
    if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ValueError(_("it unpacks to far more than its packed size: a zip bomb"))
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ValueError(_("it is damaged inside the zip ({exc})").format(exc=exc)) from None
    if len(data) > limit:
        raise ValueError(
            _("it unpacks to more than {amount} MB, too big").format(amount=limit // 1_000_000)
        )
    return data


def _inner_zip(
    label: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, depth: int
) -> Iterator[Item]:
    # Garmin exports keep the FIT files in zips inside the zip: one level is read.
    if depth >= 1:
        yield Bad(label, _("it is a zip inside a zip inside a zip; unpack it first"))
        return
    if info.file_size > MAX_INNER_ZIP_BYTES:
        yield Bad(
            label,
            _("it is over {amount} GB unpacked").format(
                amount=MAX_INNER_ZIP_BYTES // 1_000_000_000
            ),
        )
        return
    if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        yield Bad(label, _("it unpacks to far more than its packed size: a zip bomb"))
        return
    with tempfile.SpooledTemporaryFile(max_size=32_000_000) as spool:
        try:
            with archive.open(info) as stream:
                copied = 0
                while chunk := stream.read(_CHUNK):
                    copied += len(chunk)
                    if copied > MAX_INNER_ZIP_BYTES:
                        raise ValueError(_("it is bigger than its zip entry says"))
                    spool.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            yield Bad(label, _("it is damaged inside the zip ({exc})").format(exc=exc))
            return
        budget.take(copied, label)
        spool.seek(0)
        try:
            yield from _zip(label, spool, budget, depth + 1)
        except ArchiveError as exc:
            yield Bad(label, str(exc).removeprefix(f"{label}: "))


def _strava_list(
    name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], budget: _Budget
) -> list[_Listed]:
    """Read the rows of Strava's activities.csv (none when the zip has no such file)."""
    sheet = next(
        (
            m
            for m in members
            if posixpath.basename(m.filename).lower() == "activities.csv"
            and m.filename.count("/") <= 1
        ),
        None,
    )
    if sheet is None:
        return []
    try:
        text = _read_member(archive, sheet, MAX_CSV_BYTES).decode("utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArchiveError(
            _("{name}: activities.csv cannot be read ({exc})").format(name=name, exc=exc)
        ) from None
    budget.take(len(text), name)
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    try:
        kind, file_col = header.index("Activity Type"), header.index("Filename")
    except ValueError:
        raise ArchiveError(
            _(
                "{name}: activities.csv has no 'Activity Type' and 'Filename' columns, so it is not a Strava export"
            ).format(name=name)
        ) from None
    named: dict[str, int] = {
        col: header.index(col)
        for col in (_("Activity ID"), _("Activity Date"), _("Activity Name"))
        if col in header
    }
    listed = []
    for number, row in enumerate(rows, start=1):
        if len(row) <= max(kind, file_col) or not any(cell.strip() for cell in row):
            continue
        listed.append(
            _Listed(_row_label(row, named, number), row[kind].strip(), row[file_col].strip())
        )
    return listed


def _row_label(row: list[str], named: dict[str, int], number: int) -> str:
    """Name a row as the runner knows it: "Lunch Run, Mar 1, 2024" (or its row number)."""

    def cell(col: str) -> str:
        at = named.get(col)
        return row[at].strip()[:60] if at is not None and at < len(row) else ""

    title = cell(_("Activity Name")) or (
        _("activity {cell}").format(cell=cell("Activity ID")) if cell("Activity ID") else ""
    )
    when = cell(_("Activity Date"))
    if not title:
        return _("activities.csv row {number}").format(number=number)
    return f"{title}, {when}" if when else title
