"""CSV export and import: exact round trip, formula safety, and every bad file refused."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook.logcsv import (
    COLUMNS,
    CsvImportError,
    escape_cell,
    export_text,
    import_csv,
    parse_csv,
    unescape_cell,
)
from rollbook.records import KNOWN_SITES, NOTE_MAX, LogEntry, SitePain
from rollbook.store import SqliteStore

TODAY = dt.date(2024, 6, 30)
HEADER = ",".join(COLUMNS)
SITES = sorted(KNOWN_SITES)

scores = st.none() | st.integers(0, 10)
site_pains = st.builds(SitePain, st.sampled_from(SITES), scores, scores, scores)
hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "=1+2",
            "+cmd|' /C calc'!A0",
            "-2",
            "@SUM(A1)",
            "\t=x",
            "\r=x",
            "'=x",
            "''=x",
            "'",
            "<script>alert(1)</script>",
            'quote "in" it',
            "a,b;c",
            "line\nbreak",
            "\u202eevil",
        ]
    ),
)
entries = st.builds(
    LogEntry,
    date=st.dates(dt.date(2015, 1, 1), TODAY),
    pains=st.lists(site_pains, max_size=4, unique_by=lambda p: p.site).map(tuple),
    km=st.floats(0, 300, allow_nan=False, allow_infinity=False),
    rolled_min=st.integers(0, 600),
    done=st.booleans(),
    note=hostile_text,
)
logs = st.lists(entries, max_size=12, unique_by=lambda e: e.date).map(
    lambda es: sorted(es, key=lambda e: e.date)
)


@given(st.text())
def test_unescape_undoes_escape(text: str) -> None:
    assert unescape_cell(escape_cell(text)) == text


@given(st.text(min_size=1))
def test_escaped_cells_never_start_a_formula(text: str) -> None:
    assert not escape_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(logs)
@settings(max_examples=150)
def test_export_then_parse_is_exact(log: list[LogEntry]) -> None:
    assert parse_csv(export_text(log), today=TODAY) == log


@given(logs)
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_export_import_twice_through_the_store(tmp_path: Path, log: list[LogEntry]) -> None:
    # A new file for every example: hypothesis replays examples, and a replay must not
    # find the profile its first run added.
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    with SqliteStore(folder / "db.sqlite") as store:
        p = store.add_profile("Ann")
        store.save_entries(p, log, today=TODAY)
        text = export_text(store.list_entries(p))
        again = import_csv(store, p, text, today=TODAY)
        assert (again.created, again.updated) == (0, len(log))
        assert store.list_entries(p) == log
        assert export_text(store.list_entries(p)) == text


def test_formula_note_is_neutralised_in_the_file() -> None:
    entry = LogEntry(dt.date(2024, 1, 1), note='=HYPERLINK("http://x")')
    text = export_text([entry])
    assert "'=HYPERLINK" in text
    assert parse_csv(text, today=TODAY) == [entry]


def test_day_without_sites_is_one_row() -> None:
    text = export_text([LogEntry(dt.date(2024, 1, 1), km=3)])
    assert text.splitlines()[1] == "2024-01-01,,,,,,3,0,no,"


def test_bom_and_semicolons_are_accepted() -> None:
    log = [LogEntry(dt.date(2024, 1, 1), (SitePain("knee", 2, 3, 1),), km=5.5, note="a,b")]
    text = export_text(log)
    assert parse_csv("\ufeff" + text, today=TODAY) == log
    assert parse_csv(("\ufeff" + text).encode("utf-8"), today=TODAY) == log
    semi = "\ufeff" + text.replace(",", ";").replace("5.5", "5,5").replace("a;b", "a,b")
    assert parse_csv(semi, today=TODAY) == log


def _row(**cells: str) -> str:
    base = {
        "date": "2024-01-01",
        "site": "knee",
        "side": "",
        "pain_during": "2",
        "pain_after": "",
        "pain_morning": "",
        "km": "5",
        "rolled_min": "10",
        "done": "yes",
        "note": "",
    }
    base.update(cells)
    return ",".join(base[c] for c in COLUMNS)


BAD_FILES: list[tuple[str, str, str]] = [
    ("", "line 1: the file is empty", "empty"),
    ("   \n\n", "line 1: the file is empty", "blank"),
    ("date,site,km\n", "line 1: missing column(s): pain_during", "missing columns"),
    (HEADER + ",extra\n", "line 1: unknown column(s): 'extra'", "extra column"),
    (
        HEADER + "\n" + _row(pain_during="11"),
        "line 2: pain_during for knee must be 0–10 (got 11)",
        "pain 11",
    ),
    (
        HEADER + "\n" + _row() + "\n" + _row(date="2024-02-01", pain_after="-1"),
        "line 3: pain_after for knee must be a whole number",
        "negative pain",
    ),
    (HEADER + "\n" + _row(date="01/02/2024"), "line 2: date must be a real date", "bad date"),
    (HEADER + "\n" + _row(date="2024-02-30"), "line 2: date must be a real date", "no such day"),
    (HEADER + "\n" + _row(date="2024-07-01"), "line 2: date 2024-07-01 is in the future", "future"),
    (HEADER + "\n" + _row(km="five"), "line 2: km must be a number", "text in km"),
    (HEADER + "\n" + _row(km="nan"), "line 2: km must be 0–300", "nan km"),
    (HEADER + "\n" + _row(km="301"), "line 2: km must be 0–300", "too far"),
    (
        HEADER + "\n" + _row(rolled_min="ten"),
        "line 2: rolled_min must be a whole number",
        "text in minutes",
    ),
    (HEADER + "\n" + _row(rolled_min="601"), "line 2: rolled_min must be 0–600", "too long"),
    (HEADER + "\n" + _row(done="maybe"), "line 2: done must be yes or no", "bad done"),
    (
        HEADER + "\n" + _row(note="x" * (NOTE_MAX + 1)),
        "line 2: note must be at most 2000",
        "long note",
    ),
    (HEADER + "\n" + _row(site="elbow"), "line 2: unknown site 'elbow'", "unknown site"),
    (
        HEADER + "\n" + _row(site="", pain_during="3"),
        "line 2: pain scores need a site",
        "scores without site",
    ),
    (
        HEADER + "\n" + _row() + "\n" + _row(),
        "line 3: repeats the row for 2024-01-01 and knee (first on line 2)",
        "duplicate",
    ),
    (
        HEADER + "\n" + _row() + "\n" + _row(site="hip", km="6"),
        "line 3: km differs from line 2",
        "day values disagree",
    ),
    (
        HEADER + "\n" + _row(site="", pain_during="") + "\n" + _row(site="", pain_during=""),
        "line 3: repeats the row for 2024-01-01 (first on line 2)",
        "duplicate date, no site",
    ),
    (HEADER + "\n" + _row() + "\n2024-01-02,knee,1", "line 3: expected 10 values", "short row"),
    (
        HEADER.replace(",", ";") + "\n" + _row(pain_during="x").replace(",", ";"),
        "line 2: pain_during for knee must be a whole number",
        "semicolon file, bad value",
    ),
]


@pytest.mark.parametrize(("text", "message", "why"), BAD_FILES, ids=[b[2] for b in BAD_FILES])
def test_bad_files_are_refused_with_line_numbers(
    tmp_path: Path, text: str, message: str, why: str
) -> None:
    with SqliteStore(tmp_path / "db.sqlite") as store:
        p = store.add_profile("Ann")
        kept = LogEntry(dt.date(2023, 5, 5), (SitePain("hip", 1),), km=2)
        store.save_entry(p, kept, today=TODAY)
        with pytest.raises(CsvImportError) as info:
            import_csv(store, p, text, today=TODAY)
        assert message in str(info.value), why
        assert str(info.value).startswith("nothing imported")
        assert store.list_entries(p) == [kept]


def test_line_numbers_count_multi_line_notes() -> None:
    good = _row(note='"two\nlines"')
    text = "\n".join([HEADER, good, _row(date="2024-01-02", pain_during="12")])
    with pytest.raises(CsvImportError) as info:
        parse_csv(text, today=TODAY)
    assert [p.line for p in info.value.problems] == [4]


def test_every_bad_row_is_reported() -> None:
    rows = [_row(date=f"2024-01-{d:02d}", pain_during=str(d)) for d in range(1, 15)]
    with pytest.raises(CsvImportError) as info:
        parse_csv("\n".join([HEADER, *rows]), today=TODAY)
    assert [p.line for p in info.value.problems] == [12, 13, 14, 15]


def test_non_utf8_bytes_are_refused() -> None:
    with pytest.raises(CsvImportError, match="not UTF-8"):
        parse_csv((HEADER + "\n" + _row(note="caf\xe9")).encode("latin-1"), today=TODAY)


def test_header_only_file_imports_nothing(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "db.sqlite") as store:
        p = store.add_profile("Ann")
        result = import_csv(store, p, export_text([]), today=TODAY)
    assert (result.created, result.updated) == (0, 0)


@given(st.text(max_size=400))
@settings(max_examples=200)
def test_fuzzed_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        parse_csv(text, today=TODAY)
    except CsvImportError as exc:
        assert exc.problems and all(p.line >= 1 for p in exc.problems)


@given(st.lists(st.lists(st.text(max_size=8), min_size=0, max_size=10), max_size=6))
@settings(max_examples=200)
def test_fuzzed_rows_under_a_good_header(rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    try:
        parse_csv(buffer.getvalue(), today=TODAY)
    except CsvImportError as exc:
        assert all(p.line >= 2 for p in exc.problems)
