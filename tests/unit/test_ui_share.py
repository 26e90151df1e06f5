"""Share files on pages 05 and 06, driven as the browser drives them."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest

from rollbook import sharefile
from rollbook.records import LogEntry, SitePain
from rollbook.store import Store, open_store, sharing
from rollbook.ui.clinician import ClinicianPage
from rollbook.ui.share import ShareIn
from rollbook.ui.track import TrackPage

TODAY = dt.date.today()
HOSTILE = "<img src=x onerror=alert(1)>"
LABELS = {"knee": "Front of knee"}


@pytest.fixture
def runner(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "runner.sqlite")
    profile = store.add_profile(HOSTILE)
    store.save_entry(
        profile,
        LogEntry(TODAY, (SitePain("knee", 3, 2, None),), 5.0, 10, True, "<script>x()</script>"),
    )
    return store


@pytest.fixture
def clinic(tmp_path: Path) -> Store:
    return open_store(tmp_path / "clinic.sqlite")


def _made_file(page: TrackPage) -> bytes:
    match = re.search(r'href="data:application/gzip;base64,([^"]+)"', page.share.link.value)
    assert match, page.share.link.value
    return base64.b64decode(match.group(1))


def _track(store: Store) -> TrackPage:
    page = TrackPage(store, today=lambda: TODAY, site_labels=LABELS)
    assert page.profile is not None, "the only runner is chosen"
    return page


def test_page_05_makes_a_file_without_notes_unless_ticked(runner: Store) -> None:
    page = _track(runner)
    assert page.share.profile is not None
    page.share.button.click()
    raw = _made_file(page)
    document = json.loads(gzip.decompress(raw))
    assert document["profile"]["name"] == HOSTILE and "note" not in document["log"][0]
    assert "without notes" in page.share.link.value
    assert 'download="rollbook-share-img-src-x-onerror-alert-1-' in page.share.link.value
    assert HOSTILE not in page.share.link.value
    page.share.notes.value = True
    assert page.share.link.value == "", "a file made before the change is taken away"
    page.share.button.click()
    assert json.loads(gzip.decompress(_made_file(page)))["log"][0]["note"].startswith("<script>")


def test_page_06_adds_then_updates_the_runner_and_opens_them(runner: Store, clinic: Store) -> None:
    track = _track(runner)
    track.share.button.click()
    raw = _made_file(track)
    page = ClinicianPage(clinic, today=lambda: TODAY, site_labels=LABELS)
    page.share_in.upload.set_state(  # as the browser sends a chosen file
        {
            "value": [
                {"name": "ann.json.gz", "type": "application/gzip", "size": len(raw),
                 "last_modified": 0, "content": memoryview(raw)}
            ]
        }
    )  # fmt: skip
    assert page.share_in.upload.value == ()
    assert "Added &lt;img" in page.share_in.message.value
    assert "1 new day in the log" in page.share_in.message.value
    assert HOSTILE not in page.share_in.message.value + page.table.value + page.detail.value
    assert page.chooser.value == clinic.list_profiles()[0].id
    assert "&lt;img src=x" in page.detail.value
    page.share_in.import_bytes("ann.json.gz", raw)
    assert "Nothing changed for" in page.share_in.message.value


def test_page_06_refuses_a_changed_file_and_saves_nothing(runner: Store, clinic: Store) -> None:
    track = _track(runner)
    track.share.button.click()
    document = json.loads(gzip.decompress(_made_file(track)))
    document["log"][0]["km"] = 50.0
    box = ShareIn(clinic)
    box.import_bytes("<b>evil</b>.json", json.dumps(document).encode())
    assert "&lt;b&gt;evil&lt;/b&gt;.json was not imported" in box.message.value
    assert "checksum does not match" in box.message.value and 'role="alert"' in box.message.value
    assert clinic.list_profiles() == []
    box.import_bytes("x.csv", b"date,site\n")
    assert "not a rollbook share file" in box.message.value


def test_page_06_asks_for_another_name_when_the_name_is_taken(runner: Store, clinic: Store) -> None:
    clinic.add_profile(HOSTILE.upper())
    raw = sharefile.encode(sharing.export_data(runner, runner.list_profiles()[0]))
    opened: list[str] = []
    box = ShareIn(clinic, on_import=lambda p: opened.append(p.name))
    box.import_bytes("a.json.gz", raw)
    assert "different runner named" in box.message.value
    assert box.retry.layout.display is None
    assert len(clinic.list_profiles()) == 1
    box.name.value = "Runner 2"
    box.retry.click()
    assert opened == ["Runner 2"] and "Added Runner 2" in box.message.value
    assert box.retry.layout.display == "none"
