"""Page 06: a clinician deletes a runner after typing the name again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rollbook.records import LogEntry
from rollbook.store import Store, open_store
from rollbook.ui.clinician import ClinicianPage

TODAY = dt.date(2026, 11, 20)


def _page(tmp_path: Path) -> tuple[Store, ClinicianPage]:
    store = open_store(tmp_path / "db.sqlite")
    for name in ("Ann", "Ben"):
        profile = store.add_profile(name)
        store.save_entry(profile, LogEntry(date=TODAY, km=4.0), today=TODAY)
    page = ClinicianPage(store, today=lambda: TODAY, site_labels={"knee": "Knee"})
    return store, page


def _open(page: ClinicianPage, name: str) -> None:
    page.chooser.value = next(v for label, v in page.chooser.options if label == name)


def test_the_button_shows_only_for_an_opened_runner(tmp_path: Path) -> None:
    _store, page = _page(tmp_path)
    assert page.delete_runner.start_button.layout.display == "none"
    _open(page, "Ann")
    assert page.delete_runner.start_button.layout.display is None


def test_typing_the_name_deletes_that_runner_only(tmp_path: Path) -> None:
    store, page = _page(tmp_path)
    _open(page, "Ann")
    box = page.delete_runner
    box.start_button.click()
    assert box.confirm_box.layout.display is None
    assert "cannot be undone" in box.prompt.value
    box.typed.value = "Ann"
    box.confirm_button.click()
    assert [p.name for p in store.list_profiles()] == ["Ben"]
    assert "Deleted Ann" in box.message.value
    assert [label for label, _v in page.chooser.options][1:] == ["Ben"]
    assert "Ann" not in page.table.value
    assert box.start_button.layout.display == "none"


def test_a_wrong_name_deletes_nothing(tmp_path: Path) -> None:
    store, page = _page(tmp_path)
    _open(page, "Ann")
    box = page.delete_runner
    box.start_button.click()
    box.typed.value = "ann "
    box.confirm_button.click()
    assert "nothing was deleted" in box.message.value
    assert [p.name for p in store.list_profiles()] == ["Ann", "Ben"]
    box.cancel_button.click()
    assert box.confirm_box.layout.display == "none"


def test_a_runner_name_is_shown_as_text(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    store.add_profile("<b>Zed</b>")
    page = ClinicianPage(store, today=lambda: TODAY, site_labels={"knee": "Knee"})
    _open(page, "<b>Zed</b>")
    page.delete_runner.start_button.click()
    assert "<b>Zed</b>" not in page.delete_runner.prompt.value
    assert "&lt;b&gt;Zed&lt;/b&gt;" in page.delete_runner.prompt.value
