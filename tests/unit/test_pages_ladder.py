"""Page 06 starts and ends the walk-run plan (issue 17, item 7), as ``rollbook adjust``
``--ladder``/``--end-ladder`` do; the runners table shows stage, walk-run step and the
PSFS and LEFS change in words against their MCID."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rollbook import clinic
from rollbook.content.progressfile import load_progression
from rollbook.pages.adjust import NoPlanError
from rollbook.pages.errors import PageInputError
from rollbook.pages.ladder import end_ladder, ladder_choices, start_ladder
from rollbook.progress_records import LefsRecord
from rollbook.records import PsfsItem, PsfsRecord
from rollbook.review import lefs_change
from rollbook.store import SqliteStore
from rollbook.ui.clinic_table import table_html
from rollbook.ui.clinician import ClinicianPage
from rollbook.ui.ladder_form import LadderForm
from rollbook.weekload import load_week
from tests.unit.stores import store_with_plan

TODAY = dt.date(2026, 6, 20)
START = TODAY - dt.timedelta(days=10)
STEPS = len(load_progression().phase)


def _store(tmp_path: Path) -> SqliteStore:
    return store_with_plan(tmp_path, START)


def test_start_and_end_the_walk_run_plan(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    choices = ladder_choices(store, ann, TODAY)
    assert choices is not None
    assert (choices.mode, choices.phase, choices.can_end) == ("normal", None, False)
    assert [n for n, _ in choices.steps] == list(range(1, STEPS + 1))
    start_ladder(store, ann, TODAY, 2, "Back after two weeks off")
    week = load_week(store, ann, TODAY)
    assert week is not None and (week.run.mode, week.run.phase) == ("ladder", 2)
    said = [c for c in week.changes if "walk-run plan at step 2" in c.what]
    assert [c.why for c in said] == ["Back after two weeks off"]
    again = ladder_choices(store, ann, TODAY)
    assert again is not None and again.can_end and again.phase == 2
    end_ladder(store, ann, TODAY, "Runs 30 minutes with no pain")
    week = load_week(store, ann, TODAY)
    assert week is not None and week.run.mode == "normal"
    assert any(c.what == "Your clinician ended the walk-run plan" for c in week.changes)


@pytest.mark.parametrize(
    ("step", "reason", "words"),
    [
        (0, "why", f"choose a walk-run step from 1 to {STEPS}"),
        (STEPS + 1, "why", f"choose a walk-run step from 1 to {STEPS}"),
        (True, "why", "choose a walk-run step"),
        ("2", "why", "choose a walk-run step"),
        (2, "   ", "give a short reason"),
        (2, None, "give a short reason"),
        (2, "x" * 500, "at most"),
    ],
)
def test_bad_starts_save_nothing(tmp_path: Path, step: object, reason: object, words: str) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    with pytest.raises(PageInputError, match=words):
        start_ladder(store, ann, TODAY, step, reason)
    assert store.list_adjustments(ann) == []


def test_ending_needs_the_walk_run_plan_or_a_pause_and_a_plan(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    with pytest.raises(PageInputError, match="not on the walk-run plan"):
        end_ladder(store, ann, TODAY, "why")
    with pytest.raises(NoPlanError):
        end_ladder(store, store.add_profile("Bo"), TODAY, "why")
    with pytest.raises(NoPlanError):
        start_ladder(store, store.find_profile("Bo") or ann, TODAY, 1, "why")
    assert ladder_choices(store, store.find_profile("Bo") or ann, TODAY) is None
    assert store.list_adjustments(ann) == []


def test_the_form_starts_and_ends_it_with_a_reason(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    form = LadderForm(store, today=lambda: TODAY)
    form.set_profile(None)
    assert form.layout.display == "none"
    form.set_profile(ann)
    assert "running as normal" in form.now.value
    assert form.end_button.layout.display == "none"
    form.step.value = 3
    form.start_button.click()  # no reason
    assert "Give a short reason" in form.msg.value
    assert store.list_adjustments(ann) == []
    form.reason.value = "Back after a calf strain"
    form.start_button.click()
    assert "Saved. Ann will see this change" in form.msg.value
    assert f"walk-run step 3 of {STEPS}" in form.now.value
    assert form.end_button.layout.display is None and form.step.value == 3
    form.reason.value = "Running well again"
    form.end_button.click()
    week = load_week(store, ann, TODAY)
    assert week is not None and week.run.mode == "normal"


def test_the_table_shows_stage_walk_run_and_changes_in_words(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    store.save_psfs(ann, PsfsRecord(START, (PsfsItem("Running", 3),)), today=TODAY)
    store.save_psfs(ann, PsfsRecord(TODAY, (PsfsItem("Running", 6),)), today=TODAY)
    store.save_lefs(ann, LefsRecord(START, (2,) * 20), today=TODAY)
    store.save_lefs(ann, LefsRecord(TODAY, (2,) * 18 + (3, 4)), today=TODAY)
    start_ladder(store, ann, TODAY, 2, "Back after a break")
    row = clinic.clinic_row(
        ann, store.list_entries(ann), store.list_psfs(ann), store.current_plan(ann),
        today=TODAY, week_plan=load_week(store, ann, TODAY),
        lefs=lefs_change(store.list_lefs(ann)),
    )  # fmt: skip
    assert (row.stage, row.run_mode, row.run_phase, row.lefs_change) == (2, "ladder", 2, 3)
    html = table_html([row], sort_key="name", descending=False, today=TODAY)
    for words in ("Stage", "Walk-run", "LEFS change", "week 2", f"step 2 of {STEPS}",
                  "+3.0: better, a change that matters (MCID 2)",
                  "+3: not yet a clear change (MCID 9)"):  # fmt: skip
        assert words in html
    bo = clinic.clinic_row(store.add_profile("Bo"), [], [], None, today=TODAY)
    html = table_html([bo], sort_key="run", descending=False, today=TODAY)
    assert html.count("no plan") == 2 and "fewer than 2 scores" in html
    by_run = clinic.sort_rows([bo, row], "run")
    assert [r.name for r in by_run] == ["Ann", "Bo"]  # no plan sorts last


def test_the_clinician_page_fills_the_new_columns(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ann = store.list_profiles()[0]
    start_ladder(store, ann, TODAY, 1, "Back after a break")
    page = ClinicianPage(store, today=lambda: TODAY)
    assert "step 1 of" in page.table.value and "week 2" in page.table.value
    page.chooser.value = ann.id
    assert page.ladder.layout.display is None
    assert "walk-run step 1" in page.ladder.now.value
