"""Records read back from the store equal the checked records that were saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollbook.progress_records import ExerciseSession
from rollbook.records import LogEntry, SitePain
from rollbook.store import SqliteStore
from rollbook.store.rows import entry_row, session_row, session_rows, site_pain_row

_score = st.none() | st.integers(0, 10)


@given(st.sampled_from(["knee", "calf", "achilles"]), _score, _score, _score)
def test_site_pain_rows_equal_checked_records(
    site: str, during: int | None, after: int | None, morning: int | None
) -> None:
    fast = site_pain_row(site, during, after, morning)
    checked = SitePain(site, during, after, morning)
    assert fast == checked and hash(fast) == hash(checked) and repr(fast) == repr(checked)


@given(
    st.dates(dt.date(2001, 1, 1), dt.date(2030, 12, 31)),
    st.lists(st.sampled_from(["knee", "calf", "achilles", "hip"]), unique=True, max_size=4),
    st.sampled_from([0, 0.0, -0.0, 3, 12.5, 300]),
    st.integers(0, 600),
    st.sampled_from([0, 1]),
    st.text(max_size=30),
)
def test_entry_rows_equal_checked_records(
    day: dt.date, sites: list[str], km: float, rolled: int, done: int, note: str
) -> None:
    pains = [SitePain(s, 2, None, 1) for s in sites]
    fast = entry_row(day.isoformat(), pains, km, rolled, done, note)
    checked = LogEntry(day, tuple(pains), km=km, rolled_min=rolled, done=bool(done), note=note)
    assert fast == checked and repr(fast) == repr(checked)
    assert [p.site for p in fast.pains] == sorted(sites)
    assert isinstance(fast.km, float) and str(fast.km) == str(checked.km)


def test_session_rows_equal_checked_records_and_stay_frozen() -> None:
    fast = session_row("2026-06-01", "calf-raise", 3, "easy")
    assert fast == ExerciseSession(dt.date(2026, 6, 1), "calf-raise", 3, "easy")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.pain = 4  # type: ignore[misc]


@given(st.lists(st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 9)),
                         st.sampled_from(["calf-raise", "bird-dog"]), st.integers(0, 10),
                         st.sampled_from(["easy", "ok", "hard"])), max_size=20))  # fmt: skip
def test_many_session_rows_equal_one_row_at_a_time(
    raw: list[tuple[dt.date, str, int, str]],
) -> None:
    rows = [(day.isoformat(), exercise, pain, feel) for day, exercise, pain, feel in raw]
    many = session_rows(rows)
    assert many == [session_row(*r) for r in rows]
    assert many == [ExerciseSession(*r) for r in raw]  # type: ignore[arg-type]
    assert [repr(s) for s in many] == [repr(ExerciseSession(*r)) for r in raw]  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), _score, _score), min_size=1, max_size=12))
def test_the_store_reads_back_what_it_saved(tmp_path_factory: pytest.TempPathFactory,
                                            days: list[tuple[int, int | None, int | None]]) -> None:  # fmt: skip
    store = SqliteStore(Path(tmp_path_factory.mktemp("rows")) / "db.sqlite")
    ann = store.add_profile("Ann")
    start = dt.date(2026, 1, 1)
    saved = {}
    for offset, during, morning in days:
        day = start + dt.timedelta(days=offset)
        entry = LogEntry(day, (SitePain("knee", during, None, morning), SitePain("calf", 1)),
                         km=offset / 3, done=offset % 2 == 0, note=f"day {offset}")  # fmt: skip
        sessions = [ExerciseSession(day, "calf-raise", offset % 11, "ok")]
        store.save_day(ann, entry, sessions, today=dt.date(2026, 12, 31))
        saved[day] = entry
    assert store.list_entries(ann) == [saved[d] for d in sorted(saved)]
    assert [s.date for s in store.list_sessions(ann)] == sorted(saved)
    store.close()
