"""Page 04's end of a rolling session: how it feels now, a note, the exercises, save.

The player (:mod:`rollbook.ui.roll_along`) shows this panel when a session finishes.
The rolling minutes, the feel score and the note become today's log entry
(:func:`rollbook.pages.roll_along.session_entry`); the strength exercises of this
week's plan are checked and saved with it in one transaction
(:mod:`rollbook.pages.exercise_log`), so bad input saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook.dates import long_date
from rollbook.i18n import _, ngettext
from rollbook.pages.errors import PageInputError
from rollbook.pages.exercise_log import check_sessions, exercises_to_log, log_day
from rollbook.pages.roll_along import session_entry
from rollbook.records import NOTE_MAX, LogEntry, Profile
from rollbook.session import FINISHED, Session
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html, pain_slider
from rollbook.ui.exercise_log import ExerciseLog

__all__ = ["SessionFinish", "page_button"]


def page_button(
    label: str, icon: str, css: str, handler: Callable[[Any], None], style: str = ""
) -> widgets.Button:
    """A page 04 button: its label is its name for screen readers too."""
    button = widgets.Button(description=label, icon=icon, button_style=style, tooltip=label)
    button.add_class(css)
    button.on_click(handler)
    return button


class SessionFinish(widgets.VBox):  # type: ignore[misc]
    """The form shown when a session ends; ``on_again`` starts the session over."""

    def __init__(
        self, store: Store, today: Callable[[], dt.date], on_again: Callable[[Any], None]
    ) -> None:
        self.store = store
        self.today = today
        self.session: Session | None = None
        self.profile: Profile | None = None
        # The day's log as it was before this session's first save, so a second save
        # of the same session replaces it instead of adding the minutes twice.
        self._saved_base: LogEntry | None = None
        self._saved_for: Session | None = None
        self.done_text = widgets.HTML()
        self.feel = pain_slider(_("How does it feel now?"))
        self.feel.add_class("rb-ra-feel")
        self.note = widgets.Textarea(
            # Send the text when the field is left, so a button pressed right after
            # typing never sees a half-synced value.
            continuous_update=False,
            description=_("Note"),
            placeholder=_("Anything to remember? (optional)"),
            rows=4,
            layout=widgets.Layout(width="100%", max_width="32rem", margin="0.5rem 0"),
            style={"description_width": "4rem"},
        )
        self.note.add_class("rb-ra-note")
        self.save_button = page_button(
            _("Save to my log"), "save", "rb-ra-save", self._save, "primary"
        )
        self.save_button.layout.width = "auto"  # the full label, even on a phone
        self.again_button = page_button(_("Start over"), "redo", "rb-ra-again", on_again)
        self.exercises = ExerciseLog()
        self.save_message = widgets.HTML()
        self.save_message.add_class("rb-ra-save-message")
        buttons = widgets.Box(
            [self.save_button, self.again_button], layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__(
            [self.done_text, self.feel, self.note, self.exercises, buttons, self.save_message],
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.add_class("rb-ra-finish")
        self.layout.display = "none"

    def reset(self) -> None:
        """Hide the form and forget the last session (a new runner or a new session)."""
        self.session = None
        self.profile = None
        self._saved_base = None
        self._saved_for = None
        self.save_message.value = ""
        self.layout.display = "none"

    def show(self, session: Session, profile: Profile | None) -> None:
        """Show the form for a finished ``session`` of ``profile``."""
        self.session, self.profile = session, profile
        minutes = session.rolled_minutes()
        done = ngettext(
            "You rolled for about {minutes} minute. Rate how it feels now, add a note if you "
            "like, then save it to your log.",
            "You rolled for about {minutes} minutes. Rate how it feels now, add a note if you "
            "like, then save it to your log.",
            minutes,
        ).format(minutes=minutes)
        self.done_text.value = f"<p class='rb-ra-done'>{done}</p>"
        try:
            items = exercises_to_log(self.store, profile, self.today()) if profile else ()
        except StoreError:
            items = ()  # the rolling can still be saved; the save says what went wrong
        self.exercises.show(items)
        self.layout.display = "flex"

    def _save(self, _button: Any = None) -> None:
        profile = self.profile
        session = self.session
        if profile is None or session is None or session.state != FINISHED:
            self.save_message.value = message_html(_("Finish a session first."), "warn")
            return
        note = self.note.value if isinstance(self.note.value, str) else ""
        if len(note) > NOTE_MAX - 60:
            self.save_message.value = message_html(
                _("Your note is {length} characters long. Please keep it under {limit}.").format(
                    length=len(note), limit=NOTE_MAX - 60
                ),
                "warn",
            )
            return
        today = self.today()
        try:
            sessions = check_sessions(self.exercises.answers(), today, self.exercises.labels())
        except PageInputError as exc:
            label = self.exercises.labels().get(exc.field, _("An exercise"))
            self.save_message.value = message_html(f"{label}: {exc}", "warn",
                                                   title=_("Not saved yet:"))  # fmt: skip
            return
        try:
            if self._saved_for is not session:  # first save of this session
                self._saved_base = self.store.get_entry(profile, today)
                self._saved_for = session
            base = self._saved_base
            entry = session_entry(
                base, today, session.rolled_minutes(), int(self.feel.value), note.strip()
            )
            log_day(self.store, profile, entry, sessions, today=today)
        except (StoreError, ValueError) as exc:
            self.save_message.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        when = long_date(today)
        if base is None:
            text = _("Saved in the log for {name}: today, {date}.")
        else:
            text = _(
                "Today's log for {name} ({date}) already had an entry. "
                "It now has this session too; the rest of it is kept."
            )
        text = text.format(name=profile.name, date=when)
        if sessions:
            text += " " + _("Exercises logged: {count}.").format(count=len(sessions))

        self.save_message.value = message_html(text, "ok")
