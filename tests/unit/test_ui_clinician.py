"""The clinician view, driven as the browser drives it, with hostile names and notes."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import traitlets

from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import Store, open_store
from rollbook.ui.clinician import NO_RUNNER, ClinicianPage, privacy_note_html

TODAY = dt.date(2026, 11, 25)
HOSTILE = "<img src=x onerror=alert(1)>"
LABELS = {"knee": "Front of knee", "hip": "Outer hip"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = open_store(tmp_path / "db.sqlite")
    for name, pain in (("Ann", 2), (HOSTILE, 7), ("bea", 4)):
        profile = db.add_profile(name)
        for i in range(10):
            db.save_entry(
                profile,
                LogEntry(
                    TODAY - dt.timedelta(days=i),
                    (SitePain("knee", pain, pain, 1),),
                    km=5,
                    done=i % 2 == 0,
                    note="<script>bad()</script>" if i == 0 else "",
                ),
                today=TODAY,
            )
        db.save_plan(
            profile,
            {"pain": {"knee": pain}, "minutes": 15, "run_days": 3},
            {"rolling": [{"target": "quads", "label": "Front of thigh", "seconds": 60, "sets": 2}]},
            created=dt.datetime(2026, 11, 1, 9),
        )
        db.save_plan(
            profile,
            {"pain": {"knee": pain, "hip": 2}, "minutes": 20, "run_days": 3},
            {"rolling": [{"target": "glutes", "label": "Buttock", "seconds": 60, "sets": 2}]},
            created=dt.datetime(2026, 11, 10, 9),
        )
    bea = db.find_profile("bea")
    assert bea is not None
    db.save_psfs(bea, PsfsRecord(TODAY - dt.timedelta(days=7), (PsfsItem("Run", 3),)), today=TODAY)
    db.save_psfs(bea, PsfsRecord(TODAY, (PsfsItem("Run", 4),)), today=TODAY)
    return db


def _page(store: Store) -> ClinicianPage:
    return ClinicianPage(store, today=lambda: TODAY, site_labels=LABELS)


def _names_in_table(page: ClinicianPage) -> list[str]:
    return re.findall(r'<td class="rb-name">(.*?)</td>', page.table.value)


def test_table_lists_everyone_escaped(store: Store) -> None:
    page = _page(store)
    assert _names_in_table(page) == ["&lt;img src=x onerror=alert(1)&gt;", "Ann", "bea"]
    assert HOSTILE not in page.table.value
    assert 'role="region"' in page.table.value and 'tabindex="0"' in page.table.value
    assert "Pause running" in page.table.value and "Keep going" in page.table.value


def test_sort_and_order(store: Store) -> None:
    page = _page(store)
    page.sort.value = "zone"
    assert [r.name for r in page.visible_rows()] == ["Ann", "bea", HOSTILE]
    page.order.value = True
    assert [r.name for r in page.visible_rows()] == [HOSTILE, "bea", "Ann"]
    assert 'aria-sort="descending"' in page.table.value
    page.sort.value = "psfs"
    assert page.visible_rows()[0].name == "bea"


def test_search_filters_by_name(store: Store) -> None:
    page = _page(store)
    page.search.value = "BE"
    assert _names_in_table(page) == ["bea"]
    page.search.value = "<IMG"
    assert len(_names_in_table(page)) == 1
    page.search.value = "nobody"
    assert "No runner matches" in page.table.value


def test_browser_junk_in_controls_is_harmless(store: Store) -> None:
    page = _page(store)
    page.search.value = "x" * 10_000
    assert "No runner matches" in page.table.value
    page.search.value = ""
    with pytest.raises(traitlets.TraitError):
        page.sort.value = "salary"  # not an option: the widget refuses it
    assert len(page.visible_rows()) == 3


def test_open_a_runner(store: Store) -> None:
    page = _page(store)
    assert page.chooser.value == NO_RUNNER
    assert page.report_button.layout.display == "none"
    hostile = store.find_profile(HOSTILE)
    assert hostile is not None
    page.chooser.value = hostile.id
    detail = page.detail.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail and HOSTILE not in detail
    assert "&lt;script&gt;bad()&lt;/script&gt;" in detail and "<script>" not in detail
    assert "Pain sites added: Outer hip." in detail
    assert "Rolling added: Buttock." in detail and "Rolling removed: Front of thigh." in detail
    assert detail.count('<figure class="rb-figure') == 3
    assert "Pause running" in detail


def test_psfs_change_against_mcid(store: Store) -> None:
    page = _page(store)
    bea = store.find_profile("bea")
    assert bea is not None
    page.chooser.value = bea.id
    assert "+1.0 points" in page.detail.value and "is below the 2-point MCID" in page.detail.value


def test_report_download_holds_name_and_zone(store: Store) -> None:
    pypdf = pytest.importorskip("pypdf")
    page = _page(store)
    hostile = store.find_profile(HOSTILE)
    assert hostile is not None
    page.chooser.value = hostile.id
    page.report_button.click()
    match = re.search(r'href="data:application/pdf;base64,([^"]+)"', page.report_link.value)
    assert match is not None
    assert (
        'download="rollbook-report-img-src-x-onerror-alert-1-2026-11-25.pdf"'
        in page.report_link.value
    )
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(match.group(1))))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert HOSTILE in text
    assert "Running advice now: Pause running (pause)" in text
    assert 1 <= len(reader.pages) <= 2


def test_empty_store(tmp_path: Path) -> None:
    page = ClinicianPage(
        open_store(tmp_path / "db.sqlite"), today=lambda: TODAY, site_labels=LABELS
    )
    assert "No runners yet" in page.table.value
    page.report_button.click()
    assert "Choose a runner first" in page.report_link.value


def test_reload_picks_up_new_runners(store: Store) -> None:
    page = _page(store)
    store.add_profile("Cy")
    page.reload_button.click()
    assert "Cy" in _names_in_table(page)


def test_privacy_note_is_optional(store: Store) -> None:
    assert privacy_note_html() not in _page(store).children[0].value
    page = ClinicianPage(store, today=lambda: TODAY, site_labels=LABELS, privacy_note=True)
    assert privacy_note_html() in page.children[0].value
