"""Read one activity file (GPX, TCX or FIT bytes) into the few figures rollbook keeps.

This module tells the formats apart and sends each to its reader: GPX and TCX in
:mod:`rollbook.runs.xmltracks` (the standard library's XML parser), FIT in
:mod:`rollbook.runs.fitfile` (fitdecode). The points become figures in
:mod:`rollbook.runs.tracks`, and no track is returned, so none can be stored.
"""

from __future__ import annotations

from rollbook.i18n import _
from rollbook.runs.tracks import Activity, FileError, NotActivity, track_totals

__all__ = ["Activity", "FileError", "NotActivity", "read_activity", "sniff", "track_totals"]


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
        from rollbook.runs.fitfile import read_fit

        return read_fit(data)
    if kind in ("gpx", "tcx"):
        refuse_dtd(data)
        from rollbook.runs.xmltracks import read_gpx, read_tcx

        return read_gpx(data) if kind == "gpx" else read_tcx(data)
    raise FileError(_("it is not a GPX, TCX or FIT file"))


def refuse_dtd(data: bytes) -> None:
    """Refuse XML with a document type declaration; activity files never have one.

    Without a DTD no entity can be defined, so none can expand (the "billion laughs")
    or point at another file. The sniff above found "<gpx" or "<TrainingCenterDatabase"
    as plain bytes, so the file is in an ASCII-based encoding and this byte test sees
    any declaration.
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileError(_("it holds a document type declaration, which activity files never have"))
