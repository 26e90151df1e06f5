"""Sides in the daily log: records, the store and its upgrade, CSV, share files, CLI."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollbook import painmodel, sharefile
from rollbook.cli import main
from rollbook.logcsv import CsvImportError, export_text, parse_csv
from rollbook.records import LogEntry, RecordError, SitePain, check_entry_context
from rollbook.sides import midline_sites
from rollbook.store import SqliteStore, open_store, sharing
from rollbook.store.migrations import migrate

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def _two_knees(day: dt.date = DAY) -> LogEntry:
    return LogEntry(
        day,
        (SitePain("knee", 6, 4, None, "right"), SitePain("knee", 2, 1, 0, "left"),
         SitePain("low-back", 1)),
        km=5.0,
        rolled_min=10,
    )  # fmt: skip


# --- records ----------------------------------------------------------------------


def test_a_day_holds_a_site_once_per_side_sorted() -> None:
    entry = _two_knees()
    assert [p.where for p in entry.pains] == ["left knee", "right knee", "low-back"]
    assert entry.pain_at("knee", "right") == SitePain("knee", 6, 4, None, "right")
    assert entry.pain_at("knee") is None and entry.sided
    assert entry.worst("during") == 6 and entry.worst("morning") == 0


@pytest.mark.parametrize(
    ("pains", "words"),
    [
        ((SitePain("knee", 1, side="left"), SitePain("knee", 2, side="left")), "left knee"),
        ((SitePain("knee", 1), SitePain("knee", 2)), "repeated: knee"),
        ((SitePain("knee", 1, side="left"), SitePain("knee", 2)), "with and without a side"),
    ],
    ids=["same side twice", "no side twice", "sided and unsided"],
)
def test_a_day_refuses_repeats_and_mixing(pains: tuple[SitePain, ...], words: str) -> None:
    with pytest.raises(RecordError, match=words):
        LogEntry(DAY, pains)


def test_a_side_is_left_right_or_none() -> None:
    with pytest.raises(RecordError, match="side for knee must be left, right or empty"):
        SitePain("knee", 2, side="up")
    with pytest.raises(RecordError, match="pain_during for left knee"):
        SitePain("knee", 11, side="left")


def test_the_content_library_says_which_sites_have_no_side() -> None:
    assert midline_sites() == {"low-back"}
    entry = LogEntry(DAY, (SitePain("low-back", 3, side="left"),))
    problems = check_entry_context(entry, today=DAY)
    assert problems == [
        "low-back is in the middle of the body, so it has no side; leave its side empty"
    ]


def test_a_bad_sided_value_in_the_sites_file_names_file_entry_and_fix(tmp_path: Path) -> None:
    from rollbook.content import ContentError, content_dir, load_library

    for path in content_dir().glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    sites = tmp_path / "sites.toml"
    sites.write_text(
        sites.read_text(encoding="utf-8").replace("sided = false", 'sided = "no"'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert text.startswith("sites.toml: entry 'low-back': field 'sided': ")
    assert "\n" not in text and "pydantic" not in text.lower()


def test_the_pain_model_uses_the_worst_score_across_sides() -> None:
    verdict = painmodel.day_verdict(_two_knees())
    assert verdict is not None
    one_side = painmodel.day_verdict(LogEntry(DAY, (SitePain("knee", 6, 4, None),)))
    assert one_side is not None and verdict.action == one_side.action
    assert any("right knee" in r for r in verdict.reasons)


def test_bone_stress_takes_the_worse_side() -> None:
    low_then_high = LogEntry(
        DAY, (SitePain("shin", 8, side="left"), SitePain("shin", 1, side="right"))
    )
    verdict = painmodel.day_verdict(low_then_high)
    assert verdict is not None and verdict.referral


# --- store ------------------------------------------------------------------------


def test_sides_are_saved_and_read_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        ann = store.add_profile("Ann")
        store.save_entry(ann, _two_knees(), today=DAY)
        assert store.list_entries(ann) == [_two_knees()]
        single = LogEntry(DAY, (SitePain("knee", 3, side="left"),), km=1.0)
        store.save_entry(ann, single, today=DAY)
        assert store.get_entry(ann, DAY) == single


def test_the_store_refuses_a_side_on_a_midline_site(tmp_path: Path) -> None:
    from rollbook.store import StoreError

    with open_store(tmp_path / "s.sqlite") as store:
        ann = store.add_profile("Ann")
        with pytest.raises(StoreError, match="middle of the body"):
            store.save_entry(
                ann, LogEntry(DAY, (SitePain("low-back", 2, side="right"),)), today=DAY
            )
        assert store.list_entries(ann) == []


def test_a_version_5_file_upgrades_with_no_side_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 0, 5)
    conn.executescript(
        """
        INSERT INTO profiles (id, name, name_key, created) VALUES (1, 'Ann', 'ann', '2026-01-01');
        INSERT INTO log_entries (id, profile_id, date, km, rolled_min, done, note)
            VALUES (1, 1, '2026-02-01', 5.0, 10, 1, '');
        INSERT INTO site_pain VALUES (1, 'knee', 4, 3, NULL), (1, 'hip', 1, NULL, 2);
        """
    )
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    conn.close()
    with SqliteStore(path) as store:
        assert store.schema_version >= 6
        ann = store.find_profile("ann")
        assert ann is not None
        (entry,) = store.list_entries(ann)
        assert entry.pains == (SitePain("hip", 1, None, 2), SitePain("knee", 4, 3, None))
        assert not entry.sided
        store.save_entry(
            ann,
            LogEntry(
                entry.date, (SitePain("knee", 4, side="left"), SitePain("knee", 5, side="right"))
            ),
            today=DAY,
        )
        assert store.get_entry(ann, entry.date).sided  # type: ignore[union-attr]
    (backup,) = tmp_path.glob("old.sqlite.bak-v5-*")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 5
        assert old.execute("SELECT count(*) FROM site_pain").fetchone()[0] == 2
    old.close()


def test_the_table_refuses_a_stray_side(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        store.save_entry(store.add_profile("Ann"), _two_knees(), today=DAY)
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE site_pain SET side = 'up'")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE site_pain SET side = 'left' WHERE site = 'knee'")
    conn.close()


# --- CSV --------------------------------------------------------------------------

OLD_CSV = (
    "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
    "2026-11-19,knee,4,3,,5,10,yes,\n"
    "2026-11-19,hip,1,,2,5,10,yes,\n"
    "2026-11-20,,,,,0,0,no,rest\n"
)


def test_csv_round_trip_keeps_sides() -> None:
    text = export_text([_two_knees()])
    assert text.splitlines()[0].startswith("date,site,side,pain_during")
    assert "2026-11-20,knee,left,2,1,0" in text
    assert parse_csv(text, today=DAY) == [_two_knees()]


def test_an_old_csv_without_a_side_column_still_imports() -> None:
    entries = parse_csv(OLD_CSV, today=DAY)
    assert [p.where for p in entries[0].pains] == ["hip", "knee"]
    assert not any(e.sided for e in entries)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("2026-11-20,knee,up,1,,,0,0,no,", "side for knee must be left, right or empty"),
        ("2026-11-20,low-back,left,1,,,0,0,no,", "middle of the body"),
        ("2026-11-20,,left,,,,0,0,no,", "a side needs a site"),
    ],
    ids=["bad side", "midline with side", "side without site"],
)
def test_bad_sides_in_a_csv_are_refused_by_line(row: str, words: str) -> None:
    header = "date,site,side,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
    with pytest.raises(CsvImportError, match=f"line 2: .*{words}"):
        parse_csv(header + row + "\n", today=DAY)


def test_a_csv_mixing_sided_and_unsided_rows_for_a_site_is_refused() -> None:
    text = (
        "date,site,side,pain_during,pain_after,pain_morning,km,rolled_min,done,note\n"
        "2026-11-20,knee,left,1,,,0,0,no,\n"
        "2026-11-20,knee,,2,,,0,0,no,\n"
    )
    with pytest.raises(CsvImportError, match="line 2: 2026-11-20: knee is logged both"):
        parse_csv(text, today=DAY)
    repeated = text.replace("knee,,2", "knee,LEFT,2")
    with pytest.raises(
        CsvImportError, match="line 3: repeats the row for 2026-11-20 and left knee"
    ):
        parse_csv(repeated, today=DAY)


scores = st.one_of(st.none(), st.integers(0, 10))
sided_pains = st.lists(
    st.builds(
        SitePain,
        st.sampled_from(["knee", "calf", "hip", "shin"]),
        scores,
        scores,
        scores,
        st.sampled_from(["left", "right"]),
    ),
    max_size=6,
    unique_by=lambda p: p.key,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(pains=sided_pains, back=st.one_of(st.none(), st.integers(0, 10)))
def test_any_sided_day_survives_csv_and_share_round_trips(
    pains: list[SitePain], back: int | None
) -> None:
    extra = [SitePain("low-back", back)] if back is not None else []
    entry = LogEntry(DAY, (*pains, *extra), km=3.5, rolled_min=5)
    assert parse_csv(export_text([entry]), today=DAY) == [entry]
    data = sharefile.ShareData(
        profile_id="a" * 32,
        name="Ann",
        created=DAY,
        exported_at=NOW,
        notes_included=False,
        plans=(),
        log=(sharefile.SharedEntry(entry, NOW),),
        psfs=(),
    )
    back_again = sharefile.decode(sharefile.encode(data), now=NOW)
    assert back_again.log[0].entry == entry


# --- share files ------------------------------------------------------------------


def test_share_files_carry_sides_through_a_merge(tmp_path: Path) -> None:
    with open_store(tmp_path / "runner.sqlite") as runner:
        ann = runner.add_profile("Ann", created=DAY - dt.timedelta(days=5))
        runner.save_entry(ann, _two_knees(), today=DAY)
        blob = sharefile.encode(sharing.export_data(runner, ann, now=NOW))
    document = json.loads(gzip.decompress(blob))
    assert document["version"] == 3
    assert {p["side"] for p in document["log"][0]["pains"]} == {"left", "right", None}
    with open_store(tmp_path / "clinic.sqlite") as clinic:
        result = sharing.import_data(clinic, sharefile.decode(blob))
        assert result.days_added == 1
        found = clinic.find_profile("Ann")
        assert found is not None
        assert clinic.list_entries(found) == [_two_knees()]


def _resealed(document: dict[str, object]) -> bytes:
    document["checksum"] = sharefile.checksum(document)
    return gzip.compress(json.dumps(document).encode("utf-8"))


def test_an_old_share_file_without_sides_still_reads(tmp_path: Path) -> None:
    with open_store(tmp_path / "runner.sqlite") as runner:
        ann = runner.add_profile("Ann", created=DAY - dt.timedelta(days=5))
        runner.save_entry(ann, LogEntry(DAY, (SitePain("knee", 3, 2, 1),)), today=DAY)
        blob = sharefile.encode(sharing.export_data(runner, ann, now=NOW))
    document = json.loads(gzip.decompress(blob))
    document["version"] = 2
    for day in document["log"]:
        for pain in day["pains"]:
            del pain["side"]
    data = sharefile.decode(_resealed(document))
    assert data.log[0].entry.pains == (SitePain("knee", 3, 2, 1),)


@pytest.mark.parametrize(
    ("pains", "words"),
    [
        ([{"site": "knee", "side": "up"}], "'side' must be left, right or null"),
        ([{"site": "low-back", "side": "left"}], "middle of the body"),
        ([{"site": "knee", "side": "left"}, {"site": "knee", "side": None}], "with and without"),
    ],
    ids=["bad side", "midline", "mixed"],
)
def test_a_share_file_with_a_bad_side_is_refused(
    tmp_path: Path, pains: list[dict[str, object]], words: str
) -> None:
    with open_store(tmp_path / "runner.sqlite") as runner:
        ann = runner.add_profile("Ann", created=DAY - dt.timedelta(days=5))
        runner.save_entry(ann, LogEntry(DAY, km=1.0), today=DAY)
        blob = sharefile.encode(sharing.export_data(runner, ann, now=NOW))
    document = json.loads(gzip.decompress(blob))
    document["log"][0]["pains"] = [
        {"during": 2, "after": None, "morning": None, **p} for p in pains
    ]
    with pytest.raises(sharefile.ShareError, match=words):
        sharefile.decode(_resealed(document))


# --- CLI --------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _log(capsys: pytest.CaptureFixture[str], *pains: str) -> tuple[int, str, str]:
    return _run(
        capsys, "log", "add", "--profile", "Ann", "--date", "yesterday", "--km", "4",
        "--rolled-min", "5", *pains,
    )  # fmt: skip


def _listed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, err = _run(capsys, "log", "list", "--profile", "Ann", "--format", "json")
    assert code == 0, err
    days: list[dict[str, object]] = json.loads(out)
    return days


def test_cli_logs_pain_per_side_and_lists_it(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, _, err = _log(
        capsys, "--pain", "knee:left=2", "--pain", "knee:right=5", "--pain-after", "knee:right=4",
        "--pain", "low-back=1",
    )  # fmt: skip
    assert code == 0, err
    (day,) = _listed(capsys)
    assert day["pains"] == [
        {"site": "knee", "side": "left", "during": 2, "after": None, "morning": None},
        {"site": "knee", "side": "right", "during": 5, "after": 4, "morning": None},
        {"site": "low-back", "side": None, "during": 1, "after": None, "morning": None},
    ]
    code, out, _ = _run(capsys, "log", "list", "--profile", "Ann")
    assert code == 0 and "left knee 2/-/-" in out and "right knee 5/4/-" in out
    # The next morning's score is added to one side; the other side keeps its scores.
    assert _run(capsys, "log", "add", "--profile", "Ann", "--date", "yesterday",
                "--pain-morning", "knee:right=3")[0] == 0  # fmt: skip
    pains = _listed(capsys)[0]["pains"]
    assert pains[1] == {"site": "knee", "side": "right", "during": 5, "after": 4, "morning": 3}  # type: ignore[index]
    assert pains[0]["morning"] is None  # type: ignore[index]


@pytest.mark.parametrize(
    ("pains", "words"),
    [
        (["--pain", "knee:up=2"], "side for knee must be left or right"),
        (["--pain", "knee:left=2", "--pain", "knee:left=3"], "names left knee twice"),
        (["--pain", "low-back:left=2"], "middle of the body"),
        (["--pain", "knee:left=2", "--pain", "knee=3"], "with and without a side"),
        (["--pain", "knee:left=11"], "left knee must be 0–10"),
    ],
    ids=["bad side", "twice", "midline", "mixed", "too high"],
)
def test_cli_refuses_bad_sides_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, pains: list[str], words: str
) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, _, err = _log(capsys, *pains)
    assert code == 2 and words in err and err.count("\n") == 1
    assert _listed(capsys) == []


def test_cli_logs_for_the_side_of_a_one_sided_plan(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, _, err = _run(
        capsys, "plan", "--pain", "knee=4", "--no-flags", "--profile", "Ann", "--save",
        "--side", "right",
    )  # fmt: skip
    assert code == 0, err
    assert _log(capsys, "--pain", "knee=3", "--pain", "low-back=2")[0] == 0
    sides = [(p["site"], p["side"]) for p in _listed(capsys)[0]["pains"]]  # type: ignore[attr-defined]
    assert sides == [("knee", "right"), ("low-back", None)]


def test_cli_log_list_with_nothing_logged(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    _run(capsys, "profile", "add", "Ann")
    code, out, _ = _run(capsys, "log", "list", "--profile", "Ann")
    assert code == 0 and "No days logged for Ann yet" in out


def test_a_doses_side_is_said_in_words_and_an_unknown_one_as_it_is() -> None:
    from rollbook.sides import DOSE_SIDE_WORDS, dose_side_word

    assert dose_side_word("each") == "each leg"
    assert dose_side_word("centre") == "middle of the back"
    assert {dose_side_word(side) for side in DOSE_SIDE_WORDS} == set(DOSE_SIDE_WORDS.values())
    assert dose_side_word("sideways") == "sideways"


def test_a_side_after_a_place_is_said_in_words_and_an_unknown_one_as_it_is() -> None:
    from rollbook.sides import SHORT_SIDE_WORDS, short_side_word
    from rollbook.ui.side_words import side_name, site_with_side

    assert {short_side_word(side) for side in SHORT_SIDE_WORDS} == {"left", "right"}
    assert short_side_word("both") == "both"
    assert side_name(None) == "" and side_name("left") == "left"
    assert site_with_side("Calf", "right") == "Calf (right)"
    assert site_with_side("Low back", None) == "Low back"
