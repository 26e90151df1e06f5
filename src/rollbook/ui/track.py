"""The "Track your progress" page (05): log a day, see charts and advice, rate
activities, keep the log as a file.

This module puts the page's sections together and redraws them from one read of the
runner's data (:func:`rollbook.pages.track.load_track`); each section is its own
module (``ui/track_*.py``, ``ui/review_view.py``, ``ui/runs_import.py``,
``ui/share.py``) and the rules behind them are the page model's
(:mod:`rollbook.pages.track`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.pages.track import TrackData, load_track
from rollbook.records import LogEntry, Profile, PsfsRecord, SavedPlan
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.controls import message_html
from rollbook.ui.housekeeping import return_freed_memory
from rollbook.ui.profiles import ProfilePicker
from rollbook.ui.runs_import import RunsImport
from rollbook.ui.side_rows import SidedSiteRow
from rollbook.ui.track_advice import advice_html, charts_html
from rollbook.ui.track_csv import LogFile
from rollbook.ui.track_log import LogForm
from rollbook.ui.track_morning import MorningForm
from rollbook.ui.track_psfs import PsfsForm
from rollbook.ui.track_recent import RecentDays
from rollbook.ui.verdicts import Today

__all__ = ["TrackPage"]


def _empty_html() -> str:
    """What the page says before the first day is logged."""
    title = _("No days logged yet.")
    text = _(
        "Start with today. Add each place that hurts, score the pain, and press "
        "<strong>Save</strong>. Your advice and charts will show up here once you have "
        "logged a day."
    )
    return f'<div class="rb-empty" role="note"><p><strong>{title}</strong></p><p>{text}</p></div>'


class TrackPage(widgets.VBox):  # type: ignore[misc]
    """The whole progress page for the runner chosen in the profile picker."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        today: Today = dt.date.today,
        site_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store if store is not None else open_store()
        self.today = today
        if site_labels is None:
            from rollbook.content import load_library

            site_labels = {k: s.label for k, s in load_library().sites.items()}
        self.site_labels = dict(site_labels)
        self.profile: Profile | None = None
        self.data = TrackData([], [], None, None)

        self.picker = ProfilePicker(self.store, title=_("Whose log is this?"))
        self.intro = widgets.HTML()
        self.intro.add_class("rb-track-intro")
        self.advice = widgets.HTML()
        self.advice.add_class("rb-track-advice")
        self.charts = widgets.HTML()
        self.charts.add_class("rb-track-charts")
        self.day_form = LogForm(
            self.store, today=today, site_labels=self.site_labels, on_saved=self.refresh
        )
        self.morning = MorningForm(
            self.store, today=today, site_labels=self.site_labels, on_saved=self.refresh
        )
        self.recent = RecentDays(
            self.store, today=today, on_edit=self._edit_day, on_saved=self.refresh
        )
        self.psfs_form = PsfsForm(self.store, today=today, on_saved=self._on_psfs_saved)
        self.csv = LogFile(self.store, today=today, on_saved=self.refresh)
        # --- runs from a watch, and the share file for the clinician (their own modules)
        self.runs_import = RunsImport(self.store, today=today, on_saved=self.refresh)
        from rollbook.ui.share import ShareOut

        self.share = ShareOut(self.store)
        # This week's plan (issue 17): levels, next steps, review (ui/progress_view.py).
        self.week_view = widgets.HTML()
        self.week_view.add_class("rb-track-week")
        from rollbook.ui.review_view import ReviewSection  # the review and the LEFS form

        self.review = ReviewSection(self.store, today=today)
        self.filled_sections = widgets.VBox([self.advice, self.charts])
        self.body = widgets.VBox(
            [
                self.intro,
                self.week_view,
                self.review,
                self.morning,
                self.filled_sections,
                self.day_form,
                self.recent,
                self.psfs_form,
                self.runs_import,
                self.csv,
                self.share,
            ],
            layout=widgets.Layout(width="100%"),
        )
        super().__init__([self.picker, self.body], layout=widgets.Layout(width="100%"))
        self.add_class("rb-track")
        self.picker.on_change(self._on_profile)

    @property
    def entries(self) -> list[LogEntry]:
        """The runner's log as last read."""
        return self.data.entries

    @property
    def psfs(self) -> list[PsfsRecord]:
        """The runner's activity scores as last read."""
        return self.data.psfs

    @property
    def plan(self) -> SavedPlan | None:
        """The runner's current plan as last read."""
        return self.data.plan

    @property
    def site_rows(self) -> dict[str, SidedSiteRow]:
        """The day form's places, by site."""
        return self.day_form.site_rows

    def _on_profile(self, profile: Profile | None) -> None:
        self.profile = profile
        self.share.set_profile(profile)
        self.review.set_profile(profile)
        self.runs_import.set_profile(profile)
        for section in (self.day_form, self.morning, self.recent, self.psfs_form, self.csv):
            section.set_profile(profile)
        if profile is None:
            self.body.layout.display = "none"
            return
        self.body.layout.display = "flex"
        self.refresh()
        self.psfs_form.load_names()

    def refresh(self) -> None:
        """Reload this runner's data and redraw everything that depends on it."""
        if self.profile is None:
            return
        today = self.today()
        try:
            self.data = load_track(self.store, self.profile)
        except StoreError as exc:
            self.intro.value = message_html(str(exc), "error", title=_("Could not read the log:"))
            return
        self._show_intro()
        from rollbook.ui.progress_view import week_html

        self.week_view.value = week_html(self.store, self.profile, today)
        self.review.refresh()
        self.advice.value = advice_html(self.data, today)
        self.recent.show(self.data, today)
        self.morning.show(self.data, today)
        self.charts.value = charts_html(self.data, today)
        self.psfs_form.show(self.data)
        self.csv.show(self.data.entries)
        self.day_form.show(self.data, today)
        return_freed_memory()

    def _show_intro(self) -> None:
        filled = bool(self.data.entries)
        self.intro.value = "" if filled else _empty_html()

        self.filled_sections.layout.display = "flex" if filled else "none"

    def _edit_day(self, day: dt.date) -> None:
        self.day_form.date.value = day
        self.day_form.on_date()

    def _on_psfs_saved(self, records: list[PsfsRecord]) -> None:
        self.data = TrackData(self.data.entries, records, self.data.plan, self.data.guard_runs)
        self.advice.value = advice_html(self.data, self.today())
