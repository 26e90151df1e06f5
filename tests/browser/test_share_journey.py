"""A runner shares their log from page 05 at home; the clinician adds it on page 06.

Two servers, two data folders: the runner's (the session's app) and the clinic's
(started here), as on two computers.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rollbook.records import LogEntry, SitePain

from .conftest import assert_no_leaks, open_page, shots, store_at
from .pageactions import wait_text
from .server import ServerHandle, start_server, stop_server
from .test_every_page import serious_axe_violations

TRACK = "05_track_progress.ipynb"
CLINIC = "06_clinician.ipynb"
NAME = "Share <b>Runner</b> Ωø"


@pytest.fixture
def clinic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    handle = start_server(tmp_path_factory.mktemp("clinic") / "home")
    yield handle
    stop_server(handle)


def _seed_runner(home: Path) -> None:
    store = store_at(home)
    profile = store.find_profile(NAME) or store.add_profile(NAME)
    today = dt.date.today()
    for back in range(3):
        note = "Hills hurt <script>x()</script>" if back == 0 else ""
        store.save_entry(
            profile,
            LogEntry(today - dt.timedelta(days=back), (SitePain("knee", 3 + back, 2, 1),), 5.0,
                     10, True, note),
            today=today,
        )  # fmt: skip
    store.close()


def _upload(page: Any, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator("button.rb-share-upload").click()
    chooser.value.set_files(str(path))


def test_runner_shares_from_page_05_and_the_clinician_adds_them_on_page_06(
    clinic_server: ServerHandle,  # first: it must outlive the page's connections
    page: Any,
    voila_server: str,
    voila_handle: ServerHandle,
    tmp_path: Path,
) -> None:
    _seed_runner(voila_handle.home)
    open_page(page, voila_server, TRACK)
    page.locator(".rb-profile-chooser select").select_option(label=NAME)
    wait_text(page, ".rb-track-advice", "How it is going")
    share = page.locator(".rb-share")
    share.scroll_into_view_if_needed()
    assert share.get_by_role("heading", name="Share with my clinician").is_visible()
    assert not page.locator(".rb-share-notes input").is_checked(), "notes are off by default"
    page.locator("button.rb-share-make").click()
    wait_text(page, ".rb-share-link", "Your file is ready: 3 days of your log, without notes")
    with page.expect_download() as info:
        page.locator(".rb-share-link a").click()
    shared = tmp_path / info.value.suggested_filename
    info.value.save_as(shared)
    assert shared.name.startswith("rollbook-share-Share-b-Runner-b-") and shared.suffix == ".gz"
    document = json.loads(gzip.decompress(shared.read_bytes()))
    assert document["profile"]["name"] == NAME and "Hills hurt" not in json.dumps(document)
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "share-page-05")

    open_page(page, clinic_server.url, CLINIC)
    wait_text(page, ".rb-clinic-table-box", "No runners yet")
    _upload(page, shared)
    wait_text(page, ".rb-share-msg", f"Added {NAME}: 3 new days in the log")
    wait_text(page, ".rb-clinic-table", NAME)  # shown as text, not as markup
    wait_text(page, ".rb-clinic-detail", NAME)
    assert page.locator(".rb-clinic-table b").count() == 0
    clinic = store_at(clinic_server.home)
    added = clinic.find_profile(NAME)
    assert added is not None and len(clinic.list_entries(added)) == 3
    assert_no_leaks(page)
    assert serious_axe_violations(page) == []
    shots(page, "share-page-06")

    # The same file again changes nothing; a changed copy is refused whole.
    _upload(page, shared)
    wait_text(page, ".rb-share-msg", f"Nothing changed for {NAME}")
    document["log"][0]["km"] = 42.0
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    _upload(page, changed)
    wait_text(page, ".rb-share-msg", "changed.json was not imported")
    assert "checksum does not match" in page.locator(".rb-share-msg").inner_text()
    assert [e.km for e in clinic.list_entries(added)] == [5.0, 5.0, 5.0]
    assert_no_leaks(page)
    clinic.close()
