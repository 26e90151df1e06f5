"""Page 05's morning question: how yesterday's run feels this morning, place by place.

Shown only while yesterday's entry has places with no next-morning score
(:func:`rollbook.pages.track.morning_due`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.pages.track import TrackData, entry_on, morning_due, with_morning
from rollbook.records import Profile, RecordError
from rollbook.store import Store, StoreError
from rollbook.ui.controls import close_widgets, message_html
from rollbook.ui.pain_inputs import pain_dropdown, score_value
from rollbook.ui.side_words import site_with_side
from rollbook.ui.verdicts import day_text

__all__ = ["MorningForm"]


class MorningForm(widgets.VBox):  # type: ignore[misc]
    """One score per place still waiting for its morning score, and a save button."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date],
        site_labels: Mapping[str, str],
        on_saved: Callable[[], None],
    ) -> None:
        self.store = store
        self.today = today
        self.site_labels = site_labels
        self.on_saved = on_saved
        self.profile: Profile | None = None
        self.data = TrackData([], [], None, None)
        self.rows: dict[str, widgets.Dropdown] = {}
        self.box = widgets.VBox()
        self.button = widgets.Button(
            description=_("Save morning pain"),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.button.add_class("rb-morning-save")
        self.msg = widgets.HTML()
        self.msg.add_class("rb-morning-msg")
        heading = _("Yesterday's run: how is it this morning?")
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3>"),
                self.box,
                widgets.HBox([self.button]),
                self.msg,
            ]
        )
        self.add_class("rb-morning")
        self.button.on_click(self._on_save)

    def set_profile(self, profile: Profile | None) -> None:
        """Another runner (or none): forget the last message."""
        self.profile = profile
        self.msg.value = ""

    def show(self, data: TrackData, today: dt.date) -> None:
        """Ask for each of yesterday's places with no morning score; hide when none."""
        self.data = data
        missing = morning_due(data.entries, today)
        self.rows = {}
        close_widgets(self.box.children)  # replaced below: close, do not leak
        if not missing:
            self.layout.display = "none"
            self.box.children = []
            return
        for pain in missing:
            label = self.site_labels.get(pain.site, pain.site)[:30]
            box = pain_dropdown(site_with_side(label, pain.side), _("Choose a score"))
            box.add_class(f"rb-morning-{pain.site}")
            box.add_class(f"rb-morning-side-{pain.side or 'none'}")
            self.rows[pain.where] = box
        yesterday = today - dt.timedelta(days=1)
        self.box.children = [
            widgets.HTML(
                "<p>"
                + _(
                    "You logged a run on {date}. Score the pain "
                    "at each place now, the morning after."
                ).format(date=day_text(yesterday, today))
                + "</p>"
            ),
            *self.rows.values(),
        ]
        self.layout.display = "flex"

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            return
        today = self.today()
        yesterday = today - dt.timedelta(days=1)
        entry = entry_on(self.data.entries, yesterday)
        if entry is None:
            self.msg.value = message_html(_("There is no entry for yesterday."), "warn")
            return
        scores = {s: score_value(box.value) for s, box in self.rows.items()}
        if all(v is None for v in scores.values()):
            self.msg.value = message_html(_("Choose a score for at least one place."), "warn")
            return
        try:
            self.store.save_entry(self.profile, with_morning(entry, scores), today=today)
        except (RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        self.on_saved()
        self.msg.value = message_html(
            _("Saved this morning's pain for {date}.").format(date=day_text(yesterday, today)),
            "ok",
        )
