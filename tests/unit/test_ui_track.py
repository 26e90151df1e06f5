"""The progress page, driven as the browser drives it: set values, click, upload."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from rollbook import logcsv
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import Store
from rollbook.ui.controls import upload_bytes
from rollbook.ui.pain_inputs import NOT_SET, score_value
from rollbook.ui.track import TrackPage

TODAY = dt.date(2026, 11, 25)
YESTERDAY = TODAY - dt.timedelta(days=1)
LABELS = {"knee": "Front of knee", "calf": "Calf", "shin": "Shin"}


def _page(store: Store) -> TrackPage:
    return TrackPage(store, today=lambda: TODAY, site_labels=LABELS)


def _upload(page: TrackPage, data: bytes, name: str = "log.csv") -> None:
    page.csv.upload.set_state(
        {
            "value": [
                {
                    "name": name,
                    "type": "text/csv",
                    "size": len(data),
                    "last_modified": 0,
                    "content": memoryview(data),
                }
            ]
        }
    )


def _log(page: TrackPage, day: dt.date, site: str, during: int, after: int, km: float = 5) -> None:
    page.day_form.date.value = day
    if site not in page.site_rows:
        page.day_form.add_site.value = site
        page.day_form.add_site_button.click()
    row = page.site_rows[site]
    row.measures["during"].value = during
    row.measures["after"].value = after
    page.day_form.km.value = km
    page.day_form.save_button.click()


def test_no_runner_hides_the_page(store: Store) -> None:
    page = _page(store)
    assert page.profile is None
    assert page.body.layout.display == "none"


def test_empty_log_says_what_to_do_first(store: Store) -> None:
    store.add_profile("Ann")
    page = _page(store)
    assert page.body.layout.display == "flex"
    assert "No days logged yet" in page.intro.value
    assert page.filled_sections.layout.display == "none"
    assert page.morning.layout.display == "none"
    assert "Log a day first" in page.csv.download.value


def test_log_a_day_then_update_it(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    _log(page, TODAY, "knee", 3, 4, km=6.5)
    assert "Saved 25 Nov." in page.day_form.msg.value
    assert store.get_entry(ann, TODAY) == LogEntry(TODAY, (SitePain("knee", 3, 4, None),), km=6.5)
    assert page.filled_sections.layout.display == "flex"
    assert "rb-chart-pain" in page.charts.value and "alt=" in page.charts.value
    page.site_rows["knee"].measures["during"].value = 5
    page.day_form.done.value = True
    page.day_form.save_button.click()
    assert "Updated 25 Nov." in page.day_form.msg.value
    saved = store.get_entry(ann, TODAY)
    assert saved is not None and saved.done and saved.pains[0].during == 5


def test_future_date_is_refused(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    page.day_form.date.value = TODAY + dt.timedelta(days=2)
    assert "in the future" in page.day_form.date_note.value
    page.day_form.km.value = 5
    page.day_form.save_button.click()
    assert "Not saved" in page.day_form.msg.value and "future" in page.day_form.msg.value
    assert store.list_entries(ann) == []


def test_missing_date_and_bad_values_give_messages(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    page.day_form.date.value = None
    page.day_form.save_button.click()
    assert "Pick the date" in page.day_form.msg.value
    page.day_form.date.value = TODAY
    page.day_form.note.value = "x" * 2500
    page.day_form.save_button.click()
    assert "Not saved" in page.day_form.msg.value and "2000" in page.day_form.msg.value
    assert store.list_entries(ann) == []


def test_add_site_needs_a_choice(store: Store) -> None:
    store.add_profile("Ann")
    page = _page(store)
    page.day_form.add_site_button.click()
    assert "Choose a place" in page.day_form.msg.value
    assert page.site_rows == {}


def test_sites_come_from_the_plan(store: Store) -> None:
    ann = store.add_profile("Ann")
    store.save_plan(ann, {"pain": {"calf": 4, "shin": 0}, "run_days": 3}, {})
    page = _page(store)
    assert list(page.site_rows) == ["calf"]


def test_yesterdays_morning_pain_can_be_added_today(store: Store) -> None:
    ann = store.add_profile("Ann")
    store.save_entry(ann, LogEntry(YESTERDAY, (SitePain("knee", 3, 4, None),), km=5), today=TODAY)
    page = _page(store)
    assert page.morning.layout.display == "flex"
    page.morning.button.click()
    assert "Choose a score" in page.morning.msg.value
    page.morning.rows["knee"].value = 2
    page.morning.button.click()
    assert "Saved this morning" in page.morning.msg.value
    saved = store.get_entry(ann, YESTERDAY)
    assert saved == LogEntry(YESTERDAY, (SitePain("knee", 3, 4, 2),), km=5)
    assert page.morning.layout.display == "none"


def test_edit_delete_and_undo_restore_the_exact_entry(store: Store) -> None:
    ann = store.add_profile("Ann")
    entry = LogEntry(
        YESTERDAY,
        (SitePain("knee", 3, 4, 2), SitePain("calf", 1, None, None)),
        km=7.25,
        rolled_min=12,
        done=True,
        note="tight <calf> & 'ok'",
    )
    store.save_entry(ann, entry, today=TODAY)
    page = _page(store)
    page.recent.chooser.value = YESTERDAY
    page.recent.edit_button.click()
    assert page.day_form.date.value == YESTERDAY
    assert page.site_rows["knee"].measures["morning"].value == 2
    assert page.site_rows["calf"].measures["after"].value == NOT_SET
    assert page.day_form.note.value == entry.note and page.day_form.rolled.value == 12
    page.recent.delete_button.click()
    assert "Deleted 24 Nov." in page.recent.msg.value
    assert store.list_entries(ann) == []
    assert page.recent.undo_button.layout.display is None
    page.recent.undo_button.click()
    assert store.get_entry(ann, YESTERDAY) == entry
    assert "Restored 24 Nov." in page.recent.msg.value
    assert page.recent.undo_button.layout.display == "none"


def test_advice_follows_the_pain(store: Store) -> None:
    store.add_profile("Ann")
    page = _page(store)
    _log(page, TODAY - dt.timedelta(days=2), "knee", 2, 2)
    assert "Keep going" in page.advice.value
    _log(page, TODAY - dt.timedelta(days=1), "knee", 5, 4)
    assert "Hold steady" in page.advice.value and "Keep going" not in page.advice.value
    _log(page, TODAY, "knee", 6, 5)
    assert "Cut back" in page.advice.value
    _log(page, TODAY, "knee", 8, 7)
    assert "Pause running" in page.advice.value and "1 to 2 weeks" in page.advice.value


def test_psfs_scores_and_change(store: Store) -> None:
    ann = store.add_profile("Ann")
    store.save_psfs(
        ann, PsfsRecord(TODAY - dt.timedelta(days=7), (PsfsItem("Run 5 km", 3),)), today=TODAY
    )
    page = _page(store)
    assert page.psfs_form.names[0].value == "Run 5 km"
    page.psfs_form.button.click()
    assert "Give “Run 5 km” a score" in page.psfs_form.msg.value
    page.psfs_form.scores[0].value = 6
    page.psfs_form.scores[1].value = 4
    page.psfs_form.button.click()
    assert "Score 2 has no activity" in page.psfs_form.msg.value
    page.psfs_form.names[1].value = "<img src=x onerror=alert(1)>"
    page.psfs_form.button.click()
    assert "Saved the scores" in page.psfs_form.msg.value
    assert (
        "+2.0 points" in page.psfs_form.result.value
        and "2 points or more" in page.psfs_form.result.value
    )
    assert store.list_psfs(ann)[-1].items[1].activity == "<img src=x onerror=alert(1)>"


def test_psfs_needs_one_activity(store: Store) -> None:
    store.add_profile("Ann")
    page = _page(store)
    page.psfs_form.button.click()
    assert "Name at least one activity" in page.psfs_form.msg.value


def test_csv_round_trip_into_a_new_profile(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    _log(page, TODAY - dt.timedelta(days=1), "knee", 3, 4)
    _log(page, TODAY, "calf", 2, 1)
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', page.csv.download.value)
    assert href is not None
    data = base64.b64decode(href.group(1))
    page.picker.new_name.value = "Bo"
    page.picker.create.click()
    bo = page.profile
    assert bo is not None and bo.name == "Bo"
    _upload(page, data)
    assert "Imported 2 entries." in page.csv.msg.value
    assert store.list_entries(bo) == store.list_entries(ann)
    assert page.csv.upload.value == ()


def test_a_bad_csv_imports_nothing_and_lists_rows(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    header = ",".join(logcsv.COLUMNS)
    bad = (
        f"{header}\n"
        "2026-11-20,knee,,3,4,,5,10,yes,fine\n"
        "2026-11-21,<script>,,3,4,,5,10,yes,\n"
        "2026-11-22,knee,,11,4,,5,10,maybe,\n"
    ).encode()
    _upload(page, bad, name="<b>bad</b>.csv")
    msg = page.csv.msg.value
    assert "Nothing was imported" in msg
    assert "Line 3" in msg and "Line 4" in msg
    assert "&lt;script&gt;" in msg and "<script>" not in msg
    assert "&lt;b&gt;bad&lt;/b&gt;.csv" in msg
    assert store.list_entries(ann) == []


def test_upload_refuses_other_files(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    _upload(page, b"\xff\xfe\x00 not text")
    assert "Nothing was imported" in page.csv.msg.value and "UTF-8" in page.csv.msg.value
    _upload(page, b"x" * 2_000_001)
    assert "too big" in page.csv.msg.value
    assert store.list_entries(ann) == []


@pytest.mark.parametrize(
    "value",
    [None, (), [], "text", [1], [{"name": "a.csv"}], [{"content": "not bytes"}], {"content": b"x"}],
)
def test_upload_shapes_the_browser_might_send(value: object) -> None:
    assert upload_bytes(value) is None


def test_upload_bytes_reads_memoryview() -> None:
    assert upload_bytes([{"name": "a.csv", "content": memoryview(b"abc")}]) == ("a.csv", b"abc")
    assert upload_bytes([{"name": 5, "content": b"abc"}]) == ("upload.csv", b"abc")


@pytest.mark.parametrize(
    "value,expected",
    [
        (3, 3),
        (0, 0),
        (10, 10),
        (-1, None),
        (11, None),
        (True, None),
        ("3", None),
        (None, None),
        (2.5, None),
    ],
)
def test_score_value_accepts_only_whole_scores(value: object, expected: int | None) -> None:
    assert score_value(value) == expected


def test_values_the_browser_could_send_are_checked(store: Store) -> None:
    ann = store.add_profile("Ann")
    page = _page(store)
    page.day_form.km.value = float("nan")
    page.day_form.save_button.click()
    assert "Not saved" in page.day_form.msg.value and "km" in page.day_form.msg.value
    page.day_form.km.value = 1e9  # clamped by the widget to its maximum
    page.day_form.rolled.value = -5
    page.day_form.save_button.click()
    saved = store.get_entry(ann, TODAY)
    assert saved is not None and saved.km == 300 and saved.rolled_min == 0
