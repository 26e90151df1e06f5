"""The share file: one runner's profile, plans, log, runs, scores and progress, for a clinician.

A share file is UTF-8 JSON, gzip-compressed, with a format name, a version and a
SHA-256 checksum over a canonical encoding of everything else (docs/data.md has the
full layout). :func:`encode` writes one; :func:`decode` reads one and checks it all
before returning it, so a damaged, changed or foreign file is refused whole, with one
plain reason, and nothing from it is ever half-used.

The checksum finds damage and hand edits. It is not a signature: someone who means to
forge a file can compute a new checksum. Take share files from the runner in person
or over a channel you trust (see deploy/README.md).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

from rollbook import __version__
from rollbook.i18n import _
from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
from rollbook.records import (
    LogEntry,
    PsfsRecord,
)
from rollbook.runs.record import Run

FORMAT = "rollbook-share"
#: 2 adds LEFS scores, exercise sessions, clinician adjustments and walk-run checks;
#: 3 adds the side (left, right or null) of each pain score in the log. Files of
#: versions 1 and 2 (without them) are still read.
VERSION = 3
#: Largest share file read (a year of daily logs with notes is well under 1 MB).
MAX_FILE_BYTES = 5_000_000
#: Largest size a file may grow to once uncompressed (guards against "zip bombs").
MAX_JSON_BYTES = 25_000_000
MAX_LOG = 20_000
MAX_PLANS = 1_000
MAX_PSFS = 5_000
MAX_RUNS = 20_000
MAX_LEFS = 5_000
MAX_SESSIONS = 100_000
MAX_ADJUSTMENTS = 5_000
MAX_LADDER_CHECKS = 20_000
#: Longest clinician change, as JSON (a real one is under 100 characters).
MAX_CHANGE_JSON = 2_000
MAX_PLAN_JSON = 200_000
#: A file made on a machine whose clock or time zone is ahead is still accepted.
CLOCK_SLACK = dt.timedelta(days=1)
_GZIP_MAGIC = b"\x1f\x8b"
_FILE_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
TOP_KEYS = frozenset(
    {"format", "version", "profile_id", "exported_at", "app_version", "notes_included",
     "profile", "plans", "log", "psfs", "runs", "lefs", "exercise_sessions", "adjustments",
     "ladder_checks", "checksum"}
)  # fmt: skip


class ShareError(ValueError):
    """A share file that cannot be used; the message is one plain sentence saying why."""


@dataclass(frozen=True)
class SharedEntry:
    """One day of the log with the time it was last changed (None when unknown)."""

    entry: LogEntry
    updated: dt.datetime | None


@dataclass(frozen=True)
class SharedPsfs:
    """One PSFS rating with the time it was last changed (None when unknown)."""

    record: PsfsRecord
    updated: dt.datetime | None


@dataclass(frozen=True)
class SharedLefs:
    """One LEFS with the time it was last changed (None when unknown)."""

    record: LefsRecord
    updated: dt.datetime | None


@dataclass(frozen=True)
class SharedPlan:
    """A saved plan: when it was made, the answers it was built from, the plan."""

    created: dt.datetime
    inputs: dict[str, Any]
    output: dict[str, Any]


@dataclass(frozen=True)
class ShareData:
    """Everything a share file holds, checked."""

    profile_id: str
    name: str
    created: dt.date
    exported_at: dt.datetime
    notes_included: bool
    plans: tuple[SharedPlan, ...] = ()
    log: tuple[SharedEntry, ...] = ()
    psfs: tuple[SharedPsfs, ...] = ()
    runs: tuple[Run, ...] = ()
    lefs: tuple[SharedLefs, ...] = ()
    sessions: tuple[ExerciseSession, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    ladder_checks: tuple[LadderCheck, ...] = ()


# --- writing ----------------------------------------------------------------------------


def stamp(moment: dt.datetime) -> str:
    """Return ``moment`` as UTC ISO text with microseconds (the store's own format)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(document: dict[str, Any]) -> bytes:
    """Return the bytes the checksum covers: sorted keys, no spaces, UTF-8."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(document: dict[str, Any]) -> str:
    """Return ``sha256:<hex>`` over :func:`canonical`."""
    return "sha256:" + hashlib.sha256(canonical(document)).hexdigest()


def to_document(data: ShareData) -> dict[str, Any]:
    """Return the JSON document for ``data``, checksum included."""

    def entry(item: SharedEntry) -> dict[str, Any]:
        e = item.entry
        row: dict[str, Any] = {
            "date": e.date.isoformat(),
            "updated": stamp(item.updated) if item.updated else None,
            "km": e.km,
            "rolled_min": e.rolled_min,
            "done": e.done,
            "pains": [
                {
                    "site": p.site,
                    "side": p.side,
                    "during": p.during,
                    "after": p.after,
                    "morning": p.morning,
                }
                for p in e.pains
            ],
        }
        if data.notes_included:
            row["note"] = e.note
        return row

    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "profile_id": data.profile_id,
        "exported_at": stamp(data.exported_at),
        "notes_included": data.notes_included,
        "profile": {"name": data.name, "created": data.created.isoformat()},
        "plans": [
            {"created": stamp(p.created), "inputs": p.inputs, "output": p.output}
            for p in data.plans
        ],
        "log": [entry(item) for item in data.log],
        "psfs": [
            {
                "date": item.record.date.isoformat(),
                "updated": stamp(item.updated) if item.updated else None,
                "items": [{"activity": i.activity, "score": i.score} for i in item.record.items],
            }
            for item in data.psfs
        ],
        "runs": [
            {
                "date": r.date.isoformat(),
                "start": stamp(r.start),
                "km": r.km,
                "moving_s": r.moving_s,
                "elevation_m": r.elevation_m,
                "source": r.source,
                "fingerprint": r.fingerprint,
            }
            for r in data.runs
        ],
        "lefs": [
            {
                "date": item.record.date.isoformat(),
                "updated": stamp(item.updated) if item.updated else None,
                "answers": list(item.record.answers),
            }
            for item in data.lefs
        ],
        "exercise_sessions": [
            {"date": s.date.isoformat(), "exercise": s.exercise, "pain": s.pain, "feel": s.feel}
            for s in data.sessions
        ],
        "adjustments": [
            {
                "date": a.date.isoformat(),
                "kind": a.kind,
                "change": a.change,
                "reason": a.reason,
                "created": stamp(a.created) if a.created else None,
            }
            for a in data.adjustments
        ],
        "ladder_checks": [
            {"date": c.date.isoformat(), "met": list(c.met)} for c in data.ladder_checks
        ],
    }
    document["checksum"] = checksum(document)
    return document


def encode(data: ShareData) -> bytes:
    """Return the share file for ``data``: gzip-compressed JSON (same bytes for same data)."""
    text = json.dumps(to_document(data), ensure_ascii=False, indent=1, sort_keys=True)
    return gzip.compress(text.encode("utf-8"), mtime=0)


# --- reading ----------------------------------------------------------------------------


def _inflate(raw: bytes) -> bytes:
    """Return gunzipped ``raw``, refusing broken or oversized data."""
    out = bytearray()
    stream = zlib.decompressobj(wbits=31)
    data = raw
    try:
        while data:
            out += stream.decompress(data, MAX_JSON_BYTES + 1 - len(out))
            if len(out) > MAX_JSON_BYTES:
                raise ShareError(_("it is too big once unpacked; it is not a rollbook share file"))
            data = stream.unconsumed_tail
            if stream.eof:
                break
        if not stream.eof:
            raise ShareError(_("it is damaged: the file is cut short"))
    except zlib.error:
        raise ShareError(_("it is damaged: the packed data cannot be read")) from None
    return bytes(out)


def _reject_constant(name: str) -> Any:
    raise ValueError(_("{name} is not allowed").format(name=name))


def decode(raw: bytes, *, now: dt.datetime | None = None) -> ShareData:
    """Read and check a share file; raise :class:`ShareError` with the reason if unusable."""
    if not isinstance(raw, (bytes, bytearray)) or not raw:
        raise ShareError(_("the file is empty"))
    if len(raw) > MAX_FILE_BYTES:
        raise ShareError(
            _("it is too big ({amount} kB; the limit is 5 MB)").format(amount=len(raw) // 1000)
        )
    text = _inflate(bytes(raw)) if raw[:2] == _GZIP_MAGIC else bytes(raw)
    try:
        document = json.loads(text.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ShareError(_("it is not a rollbook share file (it is not readable JSON)")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ShareError(_("it is not a rollbook share file"))
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ShareError(_("it is damaged: its format version is missing"))
    if version > VERSION:
        raise ShareError(
            _(
                "it was made by a newer rollbook (share format {version}; this one reads format {VERSION}); update rollbook to read it"
            ).format(version=version, VERSION=VERSION)
        )
    given = document.get("checksum")
    try:
        expected = checksum(document)
    except (TypeError, ValueError):
        raise ShareError(_("it is damaged: its content cannot be checked")) from None
    if not isinstance(given, str) or given != expected:
        raise ShareError(
            _("it was changed or damaged after it was made (its checksum does not match)")
        )
    from rollbook.shareread import parse

    return parse(document, now or dt.datetime.now(dt.UTC))


def default_filename(name: str, day: dt.date) -> str:
    """Return a safe file name for a runner's share file made on ``day``."""
    safe = _FILE_SAFE.sub("-", name).strip("-")[:40] or "runner"
    return f"rollbook-share-{safe}-{day.isoformat()}.json.gz"
