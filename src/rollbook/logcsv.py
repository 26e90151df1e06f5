"""CSV export and import of a runner's daily log.

Format (documented in docs/data.md): long format, one row per date and pain site,
columns :data:`COLUMNS`. A day with no pain sites is one row with an empty ``site``.
Import checks every row before saving anything, and reports each bad row by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from rollbook.csvlimits import MAX_CSV_BYTES, CsvTooBig, check_size
from rollbook.records import (
    PAIN_FIELDS,
    ImportResult,
    LogEntry,
    RecordError,
    SitePain,
    early_date_problem,
    km_problem,
    known_sites,
    note_problem,
    pain_problem,
    rolled_problem,
    site_problem,
)

if TYPE_CHECKING:
    from rollbook.store import ProfileRef, Store

COLUMNS: tuple[str, ...] = (
    "date",
    "site",
    "pain_during",
    "pain_after",
    "pain_morning",
    "km",
    "rolled_min",
    "done",
    "note",
)
#: Values that belong to the whole day, repeated on each of that day's rows.
DAY_COLUMNS: tuple[str, ...] = ("km", "rolled_min", "done", "note")

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^\d+$")
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
            site = [""] * 4 if pain is None else [escape_cell(pain.site), *map(_score, pain.scores)]
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


@dataclass(frozen=True)
class RowProblem:
    """One reason a CSV file was refused, with the line it is on (1 = header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CsvImportError(ValueError):
    """The file was refused; nothing was imported. ``problems`` lists every reason."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(self.summary())

    def summary(self, limit: int = _MAX_LISTED) -> str:
        """Return one line: how many problems, then the first ``limit`` of them."""
        shown = "; ".join(str(p) for p in self.problems[:limit])
        more = len(self.problems) - limit
        tail = f"; and {more} more" if more > 0 else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"nothing imported, {count} {noun}: {shown}{tail}"


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
                        1, f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV"
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


@dataclass
class _Row:
    line: int
    date: dt.date
    site: SitePain | None
    day: tuple[object, ...]


class _RowReader:
    """Turns one CSV row into typed values, noting each problem with its line."""

    def __init__(self, today: dt.date, sites: frozenset[str], decimal_comma: bool) -> None:
        self.today = today
        self.sites = sites
        self.decimal_comma = decimal_comma
        self.problems: list[RowProblem] = []
        self.line = 0

    def bad(self, message: str) -> None:
        self.problems.append(RowProblem(self.line, message))

    def date(self, text: str) -> dt.date | None:
        text = text.strip()
        try:
            day = dt.date.fromisoformat(text) if _DATE.match(text) else None
        except ValueError:
            day = None
        if day is None:
            self.bad(f"date must be a real date written YYYY-MM-DD (got {text!r})")
        elif day > self.today:
            self.bad(f"date {text} is in the future (today is {self.today.isoformat()})")
            return None
        elif early_date_problem(day):
            self.bad(str(early_date_problem(day)))
            return None
        return day

    def whole(self, text: str, label: str, empty_ok: bool) -> int | None:
        text = text.strip()
        if not text and empty_ok:
            return None
        if not _WHOLE.match(text):
            what = "0–10" if label.startswith("pain") else "minutes"
            self.bad(f"{label} must be a whole number ({what}) (got {text!r})")
            return None
        return int(text)

    def km(self, text: str) -> float | None:
        text = text.strip()
        if self.decimal_comma:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self.bad(f"km must be a number such as 5 or 7.5 (got {text!r})")
            return None
        problem = km_problem(value)
        if problem:
            self.bad(problem)
            return None
        return value

    def done(self, text: str) -> bool | None:
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        self.bad(f"done must be yes or no (got {text!r})")
        return None

    def check(self, problem: str | None) -> None:
        if problem:
            self.bad(problem)

    def row(self, cells: dict[str, str]) -> _Row | None:
        before = len(self.problems)
        day = self.date(cells["date"])
        site_id = cells["site"].strip()
        pain: SitePain | None = None
        scores: list[int | None] = []
        for measure in PAIN_FIELDS:
            label = f"pain_{measure}" + (f" for {site_id}" if site_id else "")
            value = self.whole(cells[f"pain_{measure}"], label, empty_ok=True)
            self.check(pain_problem(value, label))
            scores.append(value)
        if site_id:
            self.check(site_problem(site_id, self.sites))
        elif any(s is not None for s in scores):
            self.bad("pain scores need a site in the 'site' column")
        km = self.km(cells["km"])
        rolled = self.whole(cells["rolled_min"], "rolled_min", empty_ok=False)
        self.check(None if rolled is None else rolled_problem(rolled))
        done = self.done(cells["done"])
        note = cells["note"]
        self.check(note_problem(note))
        if len(self.problems) > before or day is None:
            return None
        if site_id:
            try:
                pain = SitePain(site_id, *scores)
            except RecordError as exc:
                self.bad(str(exc))
                return None
        return _Row(self.line, day, pain, (km, rolled, done, note))


def _header_problems(header: list[str]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    expected = ",".join(COLUMNS)
    if missing:
        problems.append(RowProblem(1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        shown = ", ".join(repr(c) for c in unknown)
        problems.append(RowProblem(1, f"unknown column(s): {shown}"))
    if repeated:
        problems.append(RowProblem(1, f"repeated column(s): {', '.join(repeated)}"))
    if problems:
        problems[-1] = RowProblem(1, f"{problems[-1].message} (expected the header {expected})")
    return problems


def _group(rows: list[_Row], problems: list[RowProblem]) -> list[LogEntry]:
    """Merge each date's rows into one entry, refusing repeats and disagreements."""
    by_date: dict[dt.date, list[_Row]] = {}
    for row in rows:
        by_date.setdefault(row.date, []).append(row)
    entries: list[LogEntry] = []
    for day, group in by_date.items():
        first = group[0]
        seen: dict[str, int] = {}
        ok = True
        for row in group:
            key = row.site.site if row.site else ""
            if key in seen:
                what = f"{day.isoformat()} and {key}" if key else day.isoformat()
                message = f"repeats the row for {what} (first on line {seen[key]})"
            elif seen and (not key or "" in seen):
                message = (
                    f"{day.isoformat()} already has a row on line {first.line}; a row with an "
                    "empty site is only for a day with no pain sites"
                )
            else:
                seen[key] = row.line
                message = next(
                    (
                        f"{name} differs from line {first.line} for the same date "
                        f"{day.isoformat()}; a day has one {name}"
                        for name, mine, theirs in zip(DAY_COLUMNS, row.day, first.day, strict=True)
                        if mine != theirs
                    ),
                    "",
                )
            if message:
                problems.append(RowProblem(row.line, message))
                ok = False
        if ok:
            km, rolled, done, note = first.day
            entries.append(
                LogEntry(
                    date=day,
                    pains=tuple(r.site for r in group if r.site),
                    km=km,  # type: ignore[arg-type]
                    rolled_min=rolled,  # type: ignore[arg-type]
                    done=done,  # type: ignore[arg-type]
                    note=note,  # type: ignore[arg-type]
                )
            )
    return entries


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
            [RowProblem(1, f"the file is empty; expected the header {','.join(COLUMNS)}")]
        )
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise CsvImportError([RowProblem(1, f"cannot read the header: {exc}")]) from None
    header_problems = _header_problems(header)
    if header_problems:
        raise CsvImportError(header_problems)
    allowed = frozenset(sites) if sites is not None else known_sites()
    rows_in = _RowReader(today or dt.date.today(), allowed, decimal_comma=delimiter == ";")
    rows: list[_Row] = []
    end_of_last = reader.line_num
    while True:
        rows_in.line = end_of_last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows_in.bad(f"cannot read this row: {exc}")
            break
        end_of_last = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            rows_in.bad(
                f"expected {len(header)} values separated by {delimiter!r}, got {len(cells)}"
            )
            continue
        cells_by_name = {n: unescape_cell(c) for n, c in zip(header, cells, strict=True)}
        row = rows_in.row(cells_by_name)
        if row:
            rows.append(row)
    problems = rows_in.problems
    entries = _group(rows, problems)
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
