"""Page 05's "Change or delete a day": pick a logged day, edit it in the form, or delete
it with an undo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from rollbook import analytics
from rollbook.i18n import _
from rollbook.pages.track import TrackData, entry_on
from rollbook.records import LogEntry, Profile, RecordError
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html
from rollbook.ui.verdicts import day_text

__all__ = ["RECENT_ENTRIES", "RecentDays"]

#: How many of the latest days the chooser offers.
RECENT_ENTRIES = 30


class RecentDays(widgets.VBox):  # type: ignore[misc]
    """A chooser of recent days with Edit and Delete, and an Undo bar below it."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date],
        on_edit: Callable[[dt.date], None],
        on_saved: Callable[[], None],
    ) -> None:
        self.store = store
        self.today = today
        self.on_edit = on_edit
        self.on_saved = on_saved
        self.profile: Profile | None = None
        self.data = TrackData([], [], None, None)
        self._deleted: LogEntry | None = None
        self.chooser = widgets.Dropdown(
            description=_("Entry"),
            options=[],
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="100%", max_width="30rem"),
        )
        self.chooser.add_class("rb-recent")
        self.edit_button = widgets.Button(description=_("Edit"), icon="pencil")
        self.edit_button.add_class("rb-recent-edit")
        self.delete_button = widgets.Button(
            description=_("Delete"), icon="trash", button_style="danger"
        )
        self.delete_button.add_class("rb-recent-delete")
        self.undo_button = widgets.Button(description=_("Undo"), icon="undo")
        self.undo_button.add_class("rb-undo")
        self.undo_button.layout.display = "none"
        self.msg = widgets.HTML()
        self.msg.add_class("rb-recent-msg")
        self.section = widgets.VBox(
            [
                widgets.HTML(f"<h3>{_('Change or delete a day')}</h3>"),
                self.chooser,
                widgets.HBox(
                    [self.edit_button, self.delete_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        self.section.add_class("rb-recent-section")
        # Outside the section that hides when the log is empty: deleting the last day
        # must still offer its undo.
        self.undo_bar = widgets.HBox(
            [self.msg, self.undo_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.undo_bar.add_class("rb-undo-bar")
        super().__init__([self.section, self.undo_bar])
        self.edit_button.on_click(self._on_edit)
        self.delete_button.on_click(self._on_delete)
        self.undo_button.on_click(self._on_undo)

    def set_profile(self, profile: Profile | None) -> None:
        """Another runner (or none): no undo, no message."""
        self.profile = profile
        self._deleted = None
        self.undo_button.layout.display = "none"
        self.msg.value = ""

    def show(self, data: TrackData, today: dt.date) -> None:
        """List the latest days, keeping the chosen one when it is still there."""
        self.data = data
        self.section.layout.display = "flex" if data.entries else "none"
        recent = sorted(data.entries, key=lambda e: e.date, reverse=True)[:RECENT_ENTRIES]
        options = []
        for entry in recent:
            worst = analytics.worst_pain(entry)
            if worst is not None:
                pain = _("worst pain {score}/10").format(score=worst)
            else:
                pain = _("no pain scores")
            label = _("{date}: {pain}, {km} km").format(
                date=day_text(entry.date, today), pain=pain, km=f"{entry.km:g}"
            )
            options.append((label, entry.date))
        current = self.chooser.value
        self.chooser.options = options
        if current in {d for _label, d in options}:
            self.chooser.value = current
        elif options:
            self.chooser.value = options[0][1]

    def _chosen(self) -> LogEntry | None:
        return entry_on(self.data.entries, self.chooser.value)

    def _on_edit(self, _button: object = None) -> None:
        entry = self._chosen()
        if entry is None:
            self.msg.value = message_html(_("Choose a day from the list first."), "warn")
            return
        self.on_edit(entry.date)
        self.msg.value = message_html(
            _("{date} is in the form below. Change it and press Save.").format(
                date=day_text(entry.date, self.today())
            ),
            "info",
        )

    def _on_delete(self, _button: object = None) -> None:
        entry = self._chosen()
        if entry is None or self.profile is None:
            self.msg.value = message_html(_("Choose a day from the list first."), "warn")
            return
        try:
            self.store.delete_entry(self.profile, entry.date)
        except StoreError as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not deleted:"))
            return
        self._deleted = entry
        self.on_saved()
        self.msg.value = message_html(
            _("Deleted {date}.").format(date=day_text(entry.date, self.today())), "info"
        )
        self.undo_button.layout.display = None  # back to the button's own display

    def _on_undo(self, _button: object = None) -> None:
        entry = self._deleted
        if entry is None or self.profile is None:
            return
        try:
            self.store.save_entry(self.profile, entry, today=self.today())
        except (RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not restored:"))
            return
        self._deleted = None
        self.undo_button.layout.display = "none"
        self.on_saved()
        self.chooser.value = entry.date
        self.msg.value = message_html(
            _("Restored {date}.").format(date=day_text(entry.date, self.today())), "ok"
        )
