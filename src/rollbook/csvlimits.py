"""How big a CSV log import may be, checked before the file is read in full.

A log holds one row per day and pain site, about 60 bytes each: ten years of daily rows
with three sites is about 11,000 rows and 0.7 MB. The limits sit well above that, and
far below what would let one import fill a kernel's memory (each row becomes Python
objects many times its size while it is checked).
"""

from __future__ import annotations

import os
from pathlib import Path

from rollbook.i18n import _

#: Largest CSV file accepted, in bytes (the page, the CLI and the parser use this).
MAX_CSV_BYTES = 2_000_000
#: Most lines (header and blank lines included) a CSV file may have.
MAX_CSV_ROWS = 20_000


class CsvTooBig(ValueError):
    """The file is over a limit; the message says which and what to do."""


def _megabytes(n_bytes: int) -> str:
    return f"{n_bytes / 1_000_000:.1f} MB"


def bytes_problem(n_bytes: int, name: str = _("the file")) -> str | None:
    """Return why a file of ``n_bytes`` is too big to import, else None."""
    if n_bytes <= MAX_CSV_BYTES:
        return None
    return _(
        "{name} is too big to import ({megabytes}; the limit is {amount} MB). Split it into smaller files, one or a few years each, and import them one at a time"
    ).format(name=name, megabytes=_megabytes(n_bytes), amount=MAX_CSV_BYTES // 1_000_000)


def rows_problem(n_lines: int, name: str = _("the file")) -> str | None:
    """Return why a file of ``n_lines`` lines is too long to import, else None."""
    if n_lines <= MAX_CSV_ROWS:
        return None
    return _(
        "{name} has too many lines to import ({n_lines:,}; the limit is {MAX_CSV_ROWS:,}). Split it into smaller files and import them one at a time"
    ).format(name=name, n_lines=n_lines, MAX_CSV_ROWS=MAX_CSV_ROWS)


def check_size(data: bytes | str, name: str = _("the file")) -> None:
    """Raise :class:`CsvTooBig` when ``data`` is over either limit.

    Counting line ends is a single pass over bytes already in memory; nothing is
    decoded or parsed before the check.
    """
    size = len(data)
    if isinstance(data, str) and size <= MAX_CSV_BYTES:
        size = len(data.encode("utf-8", "replace"))  # small enough to measure exactly
    problem = bytes_problem(size, name)
    if problem is None:
        lines = (data.count(b"\n") if isinstance(data, bytes) else data.count("\n")) + 1
        problem = rows_problem(lines, name)
    if problem is not None:
        raise CsvTooBig(problem)


def read_limited(path: Path) -> bytes:
    """Return the bytes of the CSV file at ``path``, refusing a file over the limits.

    The size on disk is checked first and at most one byte over the limit is ever
    read, so an enormous file costs no memory.
    """
    size = os.stat(path).st_size
    problem = bytes_problem(size, path.name)
    if problem is not None:
        raise CsvTooBig(problem)
    with path.open("rb") as handle:
        data = handle.read(MAX_CSV_BYTES + 1)
    check_size(data, path.name)  # the file may have grown since stat()
    return data
