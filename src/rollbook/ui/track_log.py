"""Page 05's "Log a day" form: a date, a pain score per place and side, km, rolling, note.

Every value from the browser is checked here or by the records before it is saved,
and every problem becomes a message on the page, never a traceback. Which places and
sides are asked for is the page model's rule (:mod:`rollbook.pages.track`,
:mod:`rollbook.pages.pain_sides`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.pages.pain_sides import default_sides
from rollbook.pages.track import TrackData, entry_on, form_sites
from rollbook.records import LogEntry, Profile, RecordError
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html
from rollbook.ui.pain_inputs import pain_dropdown
from rollbook.ui.side_rows import SidedSiteRow
from rollbook.ui.verdicts import day_text

__all__ = ["LogForm"]

_WIDE = {"description_width": "7rem"}


class LogForm(widgets.VBox):  # type: ignore[misc]
    """The day form; :meth:`show` loads a runner's log, saving calls ``on_saved``."""

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
        self.site_labels = dict(site_labels)
        self.on_saved = on_saved
        self.profile: Profile | None = None
        self.data = TrackData([], [], None, None)
        self.site_rows: dict[str, SidedSiteRow] = {}
        # True while the form shows a saved day, so moving to a new day clears it.
        self._from_store = False

        self.date = widgets.DatePicker(
            description=_("Date"),
            value=today(),
            layout=widgets.Layout(width="auto", max_width="100%"),
            style=_WIDE,
        )
        self.date.add_class("rb-log-date")
        self.date_note = widgets.HTML()
        self.date_note.add_class("rb-log-date-note")
        self.sites_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.add_site = widgets.Dropdown(
            description=_("Add a place"),
            options=[(_("Choose…"), "")],
            style=_WIDE,
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.add_site.add_class("rb-add-site")
        self.add_site_button = widgets.Button(
            description=_("Add place"), icon="plus", layout=widgets.Layout(width="auto")
        )
        self.add_site_button.add_class("rb-add-site-button")
        self.km = widgets.BoundedFloatText(
            description=_("Km run"),
            min=0,
            max=300,
            step=0.1,
            value=0,
            style=_WIDE,
            layout=widgets.Layout(width="16rem", max_width="100%"),
        )
        self.km.add_class("rb-log-km")
        self.rolled = widgets.BoundedIntText(
            description=_("Minutes rolled"),
            min=0,
            max=600,
            step=1,
            value=0,
            style=_WIDE,
            layout=widgets.Layout(width="16rem", max_width="100%"),
        )
        self.rolled.add_class("rb-log-rolled")
        self.done = widgets.Checkbox(
            description=_("I did my plan today"), indent=False, value=False
        )
        self.done.add_class("rb-log-done")
        self.note = widgets.Textarea(
            # Send the text when the field is left, so a button pressed right after
            # typing never sees a half-synced value.
            continuous_update=False,
            description=_("Note"),
            placeholder=_("Anything you want to remember (optional)"),
            style=_WIDE,
            layout=widgets.Layout(width="100%", max_width="32rem"),
        )
        self.note.add_class("rb-log-note")
        self.save_button = widgets.Button(
            description=_("Save"), button_style="primary", icon="check"
        )
        self.save_button.add_class("rb-log-save")
        self.msg = widgets.HTML()
        self.msg.add_class("rb-log-msg")
        heading = _("Log a day")
        how = _(
            "Score each place that hurts, from 0 (no pain) "
            "to 10 (worst pain). Leave a score blank if you do not know it yet."
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{how}</p>"),
                self.date,
                self.date_note,
                self.sites_box,
                widgets.HBox(
                    [self.add_site, self.add_site_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.km,
                self.rolled,
                self.done,
                self.note,
                widgets.HBox([self.save_button]),
                self.msg,
            ]
        )
        self.add_class("rb-log")
        self.date.observe(self.on_date, names="value")
        self.add_site_button.on_click(self._on_add_site)
        self.save_button.on_click(self._on_save)

    def set_profile(self, profile: Profile | None) -> None:
        """Start afresh for another runner (or none): no rows, no message."""
        self.profile = profile
        self.msg.value = ""
        self.site_rows = {}
        self._from_store = True  # clear whatever the last runner left in the form

    def show(self, data: TrackData, today: dt.date) -> None:
        """Offer the places of ``data`` and load the day the date picker shows."""
        self.data = data
        self._refresh_sites(today)
        self.on_date()

    def _refresh_sites(self, today: dt.date) -> None:
        known = form_sites(self.site_rows, self.data, list(self.site_labels), today)
        for site in known:
            if site not in self.site_rows:
                self.site_rows[site] = self._site_row(site)
        self.site_rows = {s: self.site_rows[s] for s in known}
        self.sites_box.children = list(self.site_rows.values())
        free = [(label, s) for s, label in self.site_labels.items() if s not in self.site_rows]
        self.add_site.options = [(_("Choose…"), ""), *free]
        self.add_site.value = ""

    def _site_row(self, site: str) -> SidedSiteRow:
        # Which sides to ask for: the page model's rule (plan side, midline sites).
        sides = default_sides(site, self.data.plan)
        return SidedSiteRow(site, self.site_labels.get(site, site), sides, pain_dropdown)

    def on_date(self, _change: object = None) -> None:
        """Load the day the date picker shows: a saved day fills the form, a new day not."""
        day = self.date.value
        today = self.today()
        if self.profile is None:
            return
        if not isinstance(day, dt.date):
            self.date_note.value = message_html(_("Pick a date."), "warn")
            return
        if day > today:
            self.date_note.value = message_html(
                _("{date} is in the future. You can log a day once it has happened.").format(
                    date=day_text(day, today)
                ),
                "warn",
            )
            return
        entry = entry_on(self.data.entries, day)
        if entry is not None:
            for pain in entry.pains:
                if pain.site not in self.site_rows:
                    self.site_rows[pain.site] = self._site_row(pain.site)
            self._refresh_sites(today)
            self.date_note.value = message_html(
                _(
                    "You already logged {date}. Change what you need and press Save to update it."
                ).format(date=day_text(day, today)),
                "info",
            )
        else:
            self.date_note.value = ""
            if not self._from_store:
                return  # a new day: keep what the runner has typed so far
        self._from_store = entry is not None
        for row in self.site_rows.values():
            row.load_entry(entry)
        self.km.value = entry.km if entry else 0
        self.rolled.value = entry.rolled_min if entry else 0
        self.done.value = entry.done if entry else False
        self.note.value = entry.note if entry else ""

    def _on_add_site(self, _button: object = None) -> None:
        site = self.add_site.value
        if site not in self.site_labels:
            self.msg.value = message_html(_("Choose a place from the list first."), "warn")
            return
        self.site_rows[site] = self._site_row(site)
        self._refresh_sites(self.today())
        self.msg.value = message_html(
            _("Added {place}. Score it above.").format(place=self.site_labels[site]), "info"
        )

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            return
        today = self.today()
        day = self.date.value
        if not isinstance(day, dt.date):
            self.msg.value = message_html(_("Pick the date of the day you want to log."), "warn")
            return
        if day > today:
            self.msg.value = message_html(
                _(
                    "Not saved: {date} is in the future. You can log a day once it has happened."
                ).format(date=day_text(day, today)),
                "error",
            )
            return
        try:
            pains = tuple(p for row in self.site_rows.values() for p in row.pains())
            entry = LogEntry(
                date=day,
                pains=pains,
                km=float(self.km.value),
                rolled_min=int(self.rolled.value),
                done=bool(self.done.value),
                note=str(self.note.value).strip(),
            )
            result = self.store.save_entry(self.profile, entry, today=today)
        except (RecordError, StoreError, TypeError, ValueError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        text = _("Saved {date}.") if result.created else _("Updated {date}.")
        self.msg.value = message_html(text.format(date=day_text(day, today)), "ok")

        self.on_saved()
