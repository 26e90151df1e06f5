"""Page 04's log of strength work done on a day without a rolling session.

The same cards as at the end of a session (:class:`rollbook.ui.exercise_log.ExerciseLog`:
done or not, pain during it, easy / ok / hard), checked and saved by
:func:`rollbook.pages.exercise_log.save_strength_only`, as ``rollbook log add
--exercise`` does. Folded behind a button while the plan has rolling to do; open at
once when the plan has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook.dates import long_date
from rollbook.i18n import _, ngettext
from rollbook.pages.errors import PageInputError
from rollbook.pages.exercise_log import ExerciseToLog, exercises_to_log, save_strength_only
from rollbook.records import Profile
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html
from rollbook.ui.exercise_log import ExerciseLog
from rollbook.ui.roll_finish import page_button

__all__ = ["StrengthLog"]


def intro_html() -> str:
    """The form's heading and first line."""
    heading = _("Strength work without rolling")
    text = _("Did your strength exercises today but no rolling? You can log them on their own.")
    return f"<h3>{heading}</h3><p>{text}</p>"


class StrengthLog(widgets.VBox):  # type: ignore[misc]
    """A runner's strength exercises for today, with their own save button."""

    def __init__(self, store: Store, today: Callable[[], dt.date]) -> None:
        self.store = store
        self.today = today
        self.profile: Profile | None = None
        self.items: tuple[ExerciseToLog, ...] = ()
        self.intro = widgets.HTML(intro_html())
        self.open_button = page_button(
            _("Log strength work only"), "pencil", "rb-so-open", self._open
        )
        self.open_button.layout.width = "auto"  # the full label, even on a phone
        self.exercises = ExerciseLog()
        self.save_button = page_button(
            _("Save my exercises"), "save", "rb-so-save", self._save, "primary"
        )
        self.save_button.layout.width = "auto"
        self.save_row = widgets.Box([self.save_button])
        self.message = widgets.HTML()
        self.message.add_class("rb-so-message")
        self.form = widgets.VBox(layout=widgets.Layout(width="100%"))
        super().__init__(
            [self.intro, self.open_button, self.form, self.message],
            layout=widgets.Layout(width="100%", max_width="40rem", margin="1.5rem 0 0"),
        )
        self.add_class("rb-strength-only")
        self.hide()

    def show_for(self, profile: Profile | None, *, opened: bool = False) -> None:
        """Offer ``profile``'s exercises for today; hidden without a plan that has some."""
        self.profile = profile
        self.message.value = ""
        try:
            self.items = exercises_to_log(self.store, profile, self.today()) if profile else ()
        except StoreError:
            self.items = ()
        self.layout.display = "flex" if self.items else "none"
        if opened:
            self._open()
        else:
            self._fold()

    def hide(self) -> None:
        """Take the form off the page (no runner, or a session's own form is showing)."""
        self._fold()
        self.layout.display = "none"

    def _open(self, _button: Any = None) -> None:
        # The cards exist only while the form is open, so the page never holds two sets.
        self.exercises.show(self.items)
        self.form.children = (self.exercises, self.save_row)
        self.form.layout.display = "flex"
        self.open_button.layout.display = "none"

    def _fold(self) -> None:
        self.exercises.show(())
        self.form.children = ()
        self.form.layout.display = "none"
        self.open_button.layout.display = ""

    def _save(self, _button: Any = None) -> None:
        profile = self.profile
        if profile is None or not self.exercises.cards:
            self.message.value = message_html(_("Choose a runner with a saved plan first."), "warn")
            return
        today = self.today()
        labels = self.exercises.labels()
        try:
            saved = save_strength_only(self.store, profile, today, self.exercises.answers(), labels)
        except PageInputError as exc:
            label = labels.get(exc.field, "")
            text = f"{label}: {exc}" if label else f"{str(exc)[:1].upper()}{str(exc)[1:]}."
            self.message.value = message_html(text, "warn", title=_("Not saved yet:"))
            return
        except (StoreError, ValueError) as exc:
            self.message.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        text = ngettext(
            "Saved {count} exercise in the log for {name}: today, {date}.",
            "Saved {count} exercises in the log for {name}: today, {date}.",
            saved.count,
        ).format(count=saved.count, name=profile.name, date=long_date(today))
        if not saved.new_day:
            text += " " + _("Today's log already had an entry; the rest of it is kept.")

        self.message.value = message_html(text, "ok")
