"""Reading the rows of a CSV log: the columns, one row's values, a day's rows merged.

Every problem is noted with its line and reading goes on, so the runner sees all the
problems of a file at once; :mod:`rollbook.logcsv` refuses the file if there are any.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rollbook.i18n import _
from rollbook.records import (
    PAIN_FIELDS,
    LogEntry,
    RecordError,
    SitePain,
    early_date_problem,
    km_problem,
    note_problem,
    pain_problem,
    rolled_problem,
    site_problem,
)
from rollbook.sides import midline_problem, pains_problem, side_problem

COLUMNS: tuple[str, ...] = (
    "date",
    "site",
    "side",
    "pain_during",
    "pain_after",
    "pain_morning",
    "km",
    "rolled_min",
    "done",
    "note",
)
#: Columns a file may leave out: CSVs written before sides were logged have no
#: ``side`` column, and each of their rows has no side.
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"side"})
#: Values that belong to the whole day, repeated on each of that day's rows.
DAY_COLUMNS: tuple[str, ...] = ("km", "rolled_min", "done", "note")

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^\d+$")


@dataclass(frozen=True)
class RowProblem:
    """One reason a CSV file was refused, with the line it is on (1 = header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass
class Row:
    line: int
    date: dt.date
    site: SitePain | None
    day: tuple[object, ...]


class RowReader:
    """Turns one CSV row into typed values, noting each problem with its line."""

    def __init__(
        self,
        today: dt.date,
        sites: frozenset[str],
        decimal_comma: bool,
        midline: frozenset[str] = frozenset(),
    ) -> None:
        self.today = today
        self.sites = sites
        self.midline = midline
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
            self.bad(
                _("date must be a real date written YYYY-MM-DD (got {text!r})").format(text=text)
            )
        elif day > self.today:
            self.bad(
                _("date {text} is in the future (today is {day})").format(
                    text=text, day=self.today.isoformat()
                )
            )
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
            self.bad(
                _("{label} must be a whole number ({what}) (got {text!r})").format(
                    label=label, what=what, text=text
                )
            )
            return None
        return int(text)

    def km(self, text: str) -> float | None:
        text = text.strip()
        if self.decimal_comma:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self.bad(_("km must be a number such as 5 or 7.5 (got {text!r})").format(text=text))
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
        self.bad(_("done must be yes or no (got {text!r})").format(text=text))
        return None

    def check(self, problem: str | None) -> None:
        if problem:
            self.bad(problem)

    def row(self, cells: dict[str, str]) -> Row | None:
        before = len(self.problems)
        day = self.date(cells["date"])
        site_id = cells["site"].strip()
        side = cells.get("side", "").strip().lower() or None
        pain: SitePain | None = None
        scores: list[int | None] = []
        for measure in PAIN_FIELDS:
            # The column name is the file's own word; only the joining words translate.
            label = (
                _("pain_{measure} for {site_id}").format(measure=measure, site_id=site_id)
                if site_id
                else f"pain_{measure}"
            )
            value = self.whole(cells[f"pain_{measure}"], label, empty_ok=True)
            self.check(pain_problem(value, label))
            scores.append(value)
        if site_id:
            problem = site_problem(site_id, self.sites) or side_problem(side, site_id)
            if not problem and side and site_id in self.midline:
                problem = midline_problem(SitePain(site_id, side=side), self.midline)
            self.check(problem)
        elif any(s is not None for s in scores):
            self.bad(_("pain scores need a site in the 'site' column"))
        elif side:
            self.bad(_("a side needs a site in the 'site' column"))
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
                pain = SitePain.from_scores(
                    site_id, dict(zip(PAIN_FIELDS, scores, strict=True)), side
                )
            except RecordError as exc:
                self.bad(str(exc))
                return None
        return Row(self.line, day, pain, (km, rolled, done, note))


def header_problems(header: list[str]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [c for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    expected = ",".join(COLUMNS)
    if missing:
        problems.append(
            RowProblem(1, _("missing column(s): {names}").format(names=", ".join(missing)))
        )
    if unknown:
        shown = ", ".join(repr(c) for c in unknown)
        problems.append(RowProblem(1, _("unknown column(s): {shown}").format(shown=shown)))
    if repeated:
        problems.append(
            RowProblem(1, _("repeated column(s): {names}").format(names=", ".join(repeated)))
        )
    if problems:
        problems[-1] = RowProblem(
            1,
            _("{message} (expected the header {expected})").format(
                message=problems[-1].message, expected=expected
            ),
        )
    return problems


def group_rows(rows: list[Row], problems: list[RowProblem]) -> list[LogEntry]:
    """Merge each date's rows into one entry, refusing repeats and disagreements."""
    by_date: dict[dt.date, list[Row]] = {}
    for row in rows:
        by_date.setdefault(row.date, []).append(row)
    entries: list[LogEntry] = []
    for day, group in by_date.items():
        first = group[0]
        seen: dict[str, int] = {}
        ok = True
        for row in group:
            key = row.site.where if row.site else ""
            if key in seen:
                what = (
                    _("{day} and {key}").format(day=day.isoformat(), key=key)
                    if key
                    else day.isoformat()
                )
                message = _("repeats the row for {what} (first on line {seen})").format(
                    what=what, seen=seen[key]
                )
            elif seen and (not key or "" in seen):
                message = _(
                    "{day} already has a row on line {line}; a row with an empty site is only for a day with no pain sites"
                ).format(day=day.isoformat(), line=first.line)
            else:
                seen[key] = row.line
                message = next(
                    (
                        _(
                            "{name} differs from line {line} for the same date {day}; a day has one {name}"
                        ).format(name=name, line=first.line, day=day.isoformat())
                        for name, mine, theirs in zip(DAY_COLUMNS, row.day, first.day, strict=True)
                        if mine != theirs
                    ),
                    "",
                )
            if message:
                problems.append(RowProblem(row.line, message))
                ok = False
        if ok:
            pairing = pains_problem([r.site for r in group if r.site])
            if pairing:
                problems.append(RowProblem(first.line, f"{day.isoformat()}: {pairing}"))
                continue
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
