"""Clinician table rows, sorting, searching and plan history (pure functions)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rollbook import clinic
from rollbook.records import LogEntry, Profile, PsfsItem, PsfsRecord, SavedPlan, SitePain

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def _entry(days_ago: int, pain: int, *, done: bool = True, morning: int | None = None) -> LogEntry:
    return LogEntry(
        TODAY - dt.timedelta(days=days_ago),
        (SitePain("knee", pain, pain, morning),),
        km=5,
        done=done,
    )


def _plan(
    pid: int,
    day: int,
    pain: dict[str, int],
    minutes: int = 15,
    roller: str = "smooth",
    rolling: tuple[str, ...] = ("calf",),
    strength: tuple[str, ...] = ("calf-raise",),
    run_days: object = 3,
) -> SavedPlan:
    return SavedPlan(
        id=pid,
        profile_id=1,
        created=dt.datetime(2026, 11, day, 9, 0),
        inputs={"pain": pain, "minutes": minutes, "roller": roller, "run_days": run_days},
        output={
            "rolling": [
                {"target": t, "label": t.title(), "seconds": 60, "sets": 2, "side": "each"}
                for t in rolling
            ],
            "strength": [
                {
                    "exercise": e,
                    "label": e.replace("-", " "),
                    "sets": 3,
                    "reps": 12,
                    "level": "Level 1",
                }
                for e in strength
            ],
            "running": {"advice": "Keep running about 20 km a week."},
            "referral": {"needed": False},
        },
    )


def _row(name: str, **kw: object) -> clinic.ClinicRow:
    base: dict[str, object] = {
        "profile_id": hash(name) % 1000,
        "name": name,
        "last_entry": None,
        "zone": None,
        "action": None,
        "see_clinician": False,
        "trend": "not enough data",
        "adherence": None,
        "adherence_text": "no entries",
        "psfs_change": None,
        "psfs_meaningful": False,
    }
    base.update(kw)
    return clinic.ClinicRow(**base)  # type: ignore[arg-type]


def test_row_sums_up_a_runner() -> None:
    profile = Profile(1, "Ann", TODAY)
    entries = [_entry(1, 2), _entry(0, 5, done=False)]
    psfs = [
        PsfsRecord(TODAY - dt.timedelta(days=14), (PsfsItem("run 5 km", 3),)),
        PsfsRecord(TODAY, (PsfsItem("run 5 km", 6),)),
    ]
    row = clinic.clinic_row(profile, entries, psfs, _plan(1, 1, {"knee": 4}), today=TODAY)
    assert row.name == "Ann"
    assert row.last_entry == TODAY
    assert row.zone == "amber" and row.action == "hold"
    assert row.adherence_text == "1 of 3 days"
    assert row.adherence is not None and abs(row.adherence - 1 / 3) < 1e-9
    assert row.psfs_change == 3.0 and row.psfs_meaningful


def test_row_for_a_runner_with_nothing_logged() -> None:
    row = clinic.clinic_row(Profile(2, "New", TODAY), [], [], None, today=TODAY)
    assert row.last_entry is None and row.zone is None
    assert row.adherence is None and row.adherence_text == "no entries"
    assert row.psfs_change is None
    assert row.trend == "not enough data"


def test_an_old_week_is_not_this_week() -> None:
    row = clinic.clinic_row(Profile(3, "Old", TODAY), [_entry(30, 2)], [], None, today=TODAY)
    assert row.adherence is None
    assert row.adherence_text == "nothing this week"


def test_planned_days_come_from_a_sane_plan_only() -> None:
    assert clinic.planned_per_week(_plan(1, 1, {}, run_days=4)) == 4
    assert clinic.planned_per_week(_plan(1, 1, {}, run_days="4")) is None
    assert clinic.planned_per_week(_plan(1, 1, {}, run_days=True)) is None
    assert clinic.planned_per_week(_plan(1, 1, {}, run_days=0)) is None
    assert clinic.planned_per_week(None) is None


def test_sort_puts_missing_values_last_both_ways() -> None:
    rows = [
        _row("b", action="cut-back"),
        _row("a", action=None),
        _row("c", action="keep"),
        _row("d", action="hold", see_clinician=True),
    ]
    assert [r.name for r in clinic.sort_rows(rows, "zone")] == ["c", "d", "b", "a"]
    assert [r.name for r in clinic.sort_rows(rows, "zone", descending=True)] == ["b", "d", "c", "a"]


def test_sort_by_name_ignores_case() -> None:
    rows = [_row("bob"), _row("Ann"), _row("carl")]
    assert [r.name for r in clinic.sort_rows(rows, "name")] == ["Ann", "bob", "carl"]
    assert [r.name for r in clinic.sort_rows(rows, "name", descending=True)] == [
        "carl",
        "bob",
        "Ann",
    ]


def test_unknown_sort_key_is_refused() -> None:
    try:
        clinic.sort_rows([], "salary")
    except ValueError as exc:
        assert "choose from" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected ValueError")


def test_search_is_case_insensitive_and_literal() -> None:
    rows = [_row("Ann Lee"), _row("<script>x</script>"), _row("ANNA")]
    assert [r.name for r in clinic.filter_rows(rows, "ann")] == ["Ann Lee", "ANNA"]
    assert [r.name for r in clinic.filter_rows(rows, "<SCRIPT>")] == ["<script>x</script>"]
    assert len(clinic.filter_rows(rows, "   ")) == 3
    assert clinic.filter_rows(rows, ".*") == []


row_strategy = st.builds(
    _row,
    st.text(min_size=1, max_size=12),
    action=st.sampled_from([None, "keep", "hold", "cut-back", "pause"]),
    adherence=st.one_of(st.none(), st.floats(0, 1)),
    psfs_change=st.one_of(st.none(), st.floats(-10, 10)),
    last_entry=st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), TODAY)),
    trend=st.sampled_from(["improving", "steady", "worsening", "not enough data"]),
)


@given(st.lists(row_strategy, max_size=12), st.sampled_from(list(clinic.SORT_KEYS)), st.booleans())
def test_sorting_keeps_every_row(rows: list[clinic.ClinicRow], key: str, descending: bool) -> None:
    out = clinic.sort_rows(rows, key, descending=descending)
    assert sorted(map(id, out)) == sorted(map(id, rows))


@given(st.lists(row_strategy, max_size=12), st.text(max_size=5))
def test_search_only_narrows(rows: list[clinic.ClinicRow], query: str) -> None:
    out = clinic.filter_rows(rows, query)
    assert all(r in rows for r in out)
    assert all(query.strip().casefold() in r.name.casefold() for r in out)


def test_plan_diff_names_every_change() -> None:
    old = _plan(1, 1, {"knee": 6, "calf": 3}, rolling=("quads", "calf"), strength=("squat",))
    new = _plan(
        2,
        10,
        {"knee": 4, "hip": 2},
        minutes=20,
        roller="textured",
        rolling=("calf", "glutes"),
        strength=("squat", "bridge"),
    )
    diff = clinic.plan_diff(old, new)
    assert diff.sites_added == ["hip"] and diff.sites_removed == ["calf"]
    assert diff.pain_changed == {"knee": (6, 4)}
    assert diff.minutes == (15, 20) and diff.roller == ("smooth", "textured")
    assert diff.targets_added == ["Glutes"] and diff.targets_removed == ["Quads"]
    assert diff.exercises_added == ["bridge"] and diff.exercises_removed == []
    lines = clinic.describe_diff(diff, {"knee": "Front of knee", "hip": "Outer hip"})
    text = " ".join(lines)
    assert "Pain sites added: Outer hip." in text
    assert "Front of knee: 6/10 → 4/10" in text
    assert "15 → 20 minutes" in text
    assert "Rolling removed: Quads." in text


def test_same_plan_twice_says_no_change() -> None:
    history = clinic.plan_history([_plan(1, 1, {"knee": 4}), _plan(2, 5, {"knee": 4})])
    assert [h.plan.id for h in history] == [2, 1]
    assert history[0].changes == ["No change to sites, time, roller or items."]
    assert history[1].first


def test_plan_diff_survives_junk_plans() -> None:
    junk = SavedPlan(
        1,
        1,
        dt.datetime(2026, 11, 1),
        {"pain": "lots", "minutes": "ten"},
        {"rolling": "nope", "strength": [1, None, {"exercise": 3}]},
    )
    good = _plan(2, 5, {"knee": 4})
    assert clinic.plan_diff(junk, good).sites_added == ["knee"]
    assert clinic.plan_diff(good, junk).sites_removed == ["knee"]
    assert clinic.plan_summary(junk) == []


def test_plan_summary_lists_items_and_referral() -> None:
    lines = clinic.plan_summary(_plan(1, 1, {"knee": 4}))
    assert lines[0] == "Roll Calf: 60 s x 2 each side"
    assert lines[1] == "Strength calf raise (Level 1): 3 x 12"
    assert lines[-1].startswith("Running: ")
    referral = SavedPlan(
        2,
        1,
        dt.datetime(2026, 11, 2),
        {},
        {"referral": {"needed": True, "headline": "See a doctor first."}},
    )
    assert clinic.plan_summary(referral) == ["Referral: See a doctor first."]
    assert clinic.plan_summary(None) == []
