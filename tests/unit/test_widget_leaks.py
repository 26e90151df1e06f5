"""Repeated actions leave the number of open widgets (comms) flat (issue 15).

Every widget that is built holds a comm in the kernel and a model in the browser
until it is closed. A page that builds a new widget on every save, and drops the old
one without closing it, grows for as long as the tab stays open.
"""

from __future__ import annotations

import datetime as dt

from ipywidgets.widgets import widget as widget_module

from rollbook.records import LogEntry, SitePain
from rollbook.store import Store
from rollbook.ui.clinician import ClinicianPage
from rollbook.ui.controls import close_widgets
from rollbook.ui.plan_builder import PlanBuilder
from rollbook.ui.track import TrackPage

TODAY = dt.date(2026, 11, 25)


def open_widgets() -> int:
    """How many widgets (each with its comm) exist right now."""
    return len(widget_module._instances)


def test_fifty_saves_on_the_progress_page_open_no_widgets(store: Store) -> None:
    ann = store.add_profile("Ann")
    store.save_entry(ann, LogEntry(TODAY - dt.timedelta(days=1), (SitePain("knee", 3, 3),), km=5))
    page = TrackPage(store, today=lambda: TODAY, site_labels={"knee": "Front of knee"})
    page.day_form.date.value = TODAY
    if "knee" not in page.site_rows:
        page.day_form.add_site.value = "knee"
        page.day_form.add_site_button.click()
    page.site_rows["knee"].measures["during"].value = 2
    page.day_form.save_button.click()  # the first save may add the form's own widgets
    assert "Saved" in page.day_form.msg.value
    before = open_widgets()
    for i in range(50):
        page.day_form.km.value = 5 + i % 7
        page.day_form.note.value = f"save {i}"
        page.day_form.save_button.click()
        assert "Updated" in page.day_form.msg.value
    assert open_widgets() == before
    assert "Download your log (CSV)" in page.csv.download.value
    page.close()


def test_twenty_plans_on_the_plan_page_open_no_widgets(store: Store) -> None:
    store.add_profile("Sam")
    builder = PlanBuilder(store, today=lambda: TODAY, now=lambda: dt.datetime(2026, 11, 25, 9))
    for question in builder.questions.values():
        question.value = "no"
    builder.body.map.selected = ["knee"]
    builder.pain_sliders["knee"].value = 4
    builder.save_button.click()  # saved: the handout and the calendar of the saved plan
    builder.make_downloads()
    assert len(builder.downloads.children) == 2
    before = open_widgets()
    for i in range(20):
        builder.minutes.value = 10 + i % 10  # a new plan: the old links go
        builder.make_downloads()
        assert len(builder.downloads.children) == 3  # the saved plan's two, this one's PDF
        builder.save_button.click()
        builder.make_downloads()
        assert len(builder.downloads.children) == 2
    assert open_widgets() == before
    builder.close()


def test_clinician_reports_open_no_widgets(store: Store) -> None:
    ann = store.add_profile("Ann")
    store.save_entry(ann, LogEntry(TODAY, (SitePain("knee", 3, 3),), km=5))
    page = ClinicianPage(store, today=lambda: TODAY)
    page.chooser.value = page.chooser.options[-1][1]
    page.report_button.click()
    before = open_widgets()
    for _ in range(5):
        page.report_button.click()
    assert open_widgets() == before
    assert ".pdf" in page.report_link.value


def test_close_widgets_closes_boxes_and_keeps_what_is_kept() -> None:
    import ipywidgets as widgets

    inner = widgets.HTML("a")
    kept = widgets.HTML("b")
    box = widgets.VBox([inner])
    close_widgets([box, kept], keep=[kept])
    assert box.comm is None and inner.comm is None
    assert kept.comm is not None
    kept.close()
