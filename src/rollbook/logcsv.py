"""CSV export and import of a runner's daily log.

Format (documented in docs/data.md): long format, one row per date, pain site and
side, columns :data:`COLUMNS`. A day with no pain sites is one row with an empty
``site``. The ``side`` column (left, right or empty) may be missing: files written
before sides were logged still import, each row with no side.
Import checks every row before saving anything, and reports each bad row by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from rollbook.csvlimits import MAX_CSV_BYTES, CsvTooBig, check_size
from rollbook.i18n import _
from rollbook.logcsv_rows import (
    COLUMNS,
    DAY_COLUMNS,
    Row,
    RowProblem,
    RowReader,
    group_rows,
    header_problems,
)
from rollbook.records import ImportResult, LogEntry, known_sites
from rollbook.sides import midline_sites

__all__ = [
    "COLUMNS",
    "DAY_COLUMNS",
    "FORMULA_TRIGGERS",
    "CsvImportError",
    "RowProblem",
    "escape_cell",
    "export_rows",
    "export_text",
    "import_csv",
    "parse_csv",
    "unescape_cell",
    "write_csv",
]

if TYPE_CHECKING:
    from rollbook.store import ProfileRef, Store

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MAX_LISTED = 20


def escape_cell(text: str) -> str:
    """Return ``text`` made safe for spreadsheets: a formula-like cell gets a leading ``'``.

    Cells that already look escaped are escaped again, so :func:`unescape_cell`
    always gives back the original text.
    """
    if text.startswith(FORMULA_TRIGGERS) or unescape_cell(text) != text:
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`: drop a ``'`` that precedes a formula character or ``'``."""
    if len(text) > 1 and text[0] == "'" and text[1] in ("'", *FORMULA_TRIGGERS):
        return text[1:]
    return text


# --- export ------------------------------------------------------------------------


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def export_rows(entries: Iterable[LogEntry]) -> list[list[str]]:
    """Return the CSV rows (without the header) for ``entries``, oldest first."""
    rows: list[list[str]] = []
    for entry in sorted(entries, key=lambda e: e.date):
        day = [
            _number(entry.km),
            str(entry.rolled_min),
            "yes" if entry.done else "no",
            escape_cell(entry.note),
        ]
        pains = entry.pains or (None,)
        for pain in pains:
            site = (
                [""] * 5
                if pain is None
                else [escape_cell(pain.site), pain.side or "", *map(_score, pain.scores)]
            )
            rows.append([entry.date.isoformat(), *site, *day])
    return rows


def write_csv(entries: Iterable[LogEntry], out: IO[str]) -> int:
    """Write the log as CSV to ``out`` (opened with ``newline=""``); return the row count."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    rows = export_rows(entries)
    writer.writerows(rows)
    return len(rows)


def export_text(entries: Iterable[LogEntry]) -> str:
    """Return the log as CSV text."""
    buffer = io.StringIO(newline="")
    write_csv(entries, buffer)
    return buffer.getvalue()


# --- import ------------------------------------------------------------------------


class CsvImportError(ValueError):
    """The file was refused; nothing was imported. ``problems`` lists every reason."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(self.summary())

    def summary(self, limit: int = _MAX_LISTED) -> str:
        """Return one line: how many problems, then the first ``limit`` of them."""
        shown = "; ".join(str(p) for p in self.problems[:limit])
        more = len(self.problems) - limit
        tail = _("; and {more} more").format(more=more) if more > 0 else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return _("nothing imported, {count} {noun}: {shown}{tail}").format(
            count=count, noun=noun, shown=shown, tail=tail
        )


def _as_text(source: str | bytes | IO[str]) -> str:
    if not isinstance(source, (str, bytes)):
        source = source.read(MAX_CSV_BYTES + 1)  # never more than one byte over the limit
    try:
        check_size(source)
    except CsvTooBig as exc:
        raise CsvImportError([RowProblem(1, str(exc))]) from None
    if isinstance(source, bytes):
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CsvImportError(
                [
                    RowProblem(
                        1,
                        _("the file is not UTF-8 text (byte {start}); save it as UTF-8 CSV").format(
                            start=exc.start
                        ),
                    )
                ]
            ) from None
    else:
        text = source
    return text.removeprefix("\ufeff")


def _delimiter(text: str) -> str:
    """Return ``;`` for a semicolon-separated file (as some spreadsheets save), else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_csv(
    source: str | bytes | IO[str],
    *,
    today: dt.date | None = None,
    sites: Iterable[str] | None = None,
) -> list[LogEntry]:
    """Return the entries in a CSV log, or raise :class:`CsvImportError` listing every problem.

    ``source`` is the CSV text, its UTF-8 bytes (a byte-order mark is fine) or an open
    text file. Comma- and semicolon-separated files are both read.
    """
    text = _as_text(source)
    if not text.strip():
        raise CsvImportError(
            [
                RowProblem(
                    1,
                    _("the file is empty; expected the header {names}").format(
                        names=",".join(COLUMNS)
                    ),
                )
            ]
        )
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise CsvImportError(
            [RowProblem(1, _("cannot read the header: {exc}").format(exc=exc))]
        ) from None
    refused = header_problems(header)
    if refused:
        raise CsvImportError(refused)
    allowed = frozenset(sites) if sites is not None else known_sites()
    rows_in = RowReader(
        today or dt.date.today(), allowed, decimal_comma=delimiter == ";", midline=midline_sites()
    )
    rows: list[Row] = []
    end_of_last = reader.line_num
    while True:
        rows_in.line = end_of_last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows_in.bad(_("cannot read this row: {exc}").format(exc=exc))
            break
        end_of_last = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            rows_in.bad(
                _("expected {header} values separated by {delimiter!r}, got {cells}").format(
                    header=len(header), delimiter=delimiter, cells=len(cells)
                )
            )
            continue
        cells_by_name = {n: unescape_cell(c) for n, c in zip(header, cells, strict=True)}
        row = rows_in.row(cells_by_name)
        if row:
            rows.append(row)
    problems = rows_in.problems
    entries = group_rows(rows, problems)
    if problems:
        raise CsvImportError(sorted(problems, key=lambda p: p.line))
    return sorted(entries, key=lambda e: e.date)


def import_csv(
    store: Store,
    profile: ProfileRef,
    source: str | bytes | IO[str],
    *,
    today: dt.date | None = None,
) -> ImportResult:
    """Check a CSV log, then save all of it in one transaction (same date = update)."""
    entries = parse_csv(source, today=today)
    return store.save_entries(profile, entries, today=today)
