"""The LEFS form on page 05: 20 questions in a section that opens when a review is due.

A thin view over :mod:`rollbook.pages.lefs`: the words come from the content library,
the answers are checked and saved there (the same save ``rollbook lefs add`` uses),
and every problem becomes a message here. The form sits in a collapsed section
because page 05 is long on a phone; it opens by itself when a review is due.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook.dates import long_date
from rollbook.i18n import N_, _
from rollbook.pages.errors import PageInputError
from rollbook.pages.lefs import lefs_form, save_lefs
from rollbook.records import Profile, RecordError
from rollbook.review import change_words
from rollbook.store import Store, StoreError
from rollbook.ui.controls import RunnerForm, message_html

#: Dropdown value for "not answered yet" (None would show as a blank box).
NOT_SET = -1
TITLE = N_("Leg function score (LEFS)")


class LefsFormView(RunnerForm):
    """The 20 LEFS questions, a save button and a message, in a collapsible section."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(store, today=today, on_saved=on_saved, css_class="rb-lefs")
        form = lefs_form()
        options = [(_("Choose an answer"), NOT_SET)] + [
            (f"{score}: {label}", score) for score, label in enumerate(form.answers)
        ]
        self.questions = [
            widgets.Dropdown(
                description=f"{number}. {item}",
                options=options,
                value=NOT_SET,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="100%", max_width="40rem"),
            )
            for number, item in enumerate(form.items, start=1)
        ]
        for number, question in enumerate(self.questions, start=1):
            question.add_class("rb-lefs-q")
            question.add_class(f"rb-lefs-q-{number}")
        self.save_button = widgets.Button(
            description=_("Save the LEFS"),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button.add_class("rb-lefs-save")
        answer_all = _("Answer all {count} questions.").format(count=len(form.items))
        scoring = _(
            "Each answer scores 0 to {highest}, so the total is 0 to "
            "{top}. A higher total means your leg works better. A change of "
            "{mcid} points or more is a change that matters (Binkley 1999)."
        ).format(highest=len(form.answers) - 1, top=form.top, mcid=form.mcid)
        intro = widgets.HTML(
            f"<p>{html.escape(answer_all)} {html.escape(form.question)} {html.escape(scoring)}</p>"
        )
        intro.add_class("rb-lefs-intro")
        body = widgets.VBox([intro, *self.questions, widgets.HBox([self.save_button]), self.msg])
        self.section = widgets.Accordion(children=[body], selected_index=None)
        self.section.set_title(0, _(TITLE))
        self.children = [self.section]
        self.save_button.on_click(self._on_save)

    def set_profile(self, profile: Profile | None) -> None:
        """Show the form for ``profile``: answers cleared, message cleared."""
        self.profile = profile
        for question in self.questions:
            question.value = NOT_SET
        self.msg.value = ""

    def set_open(self, is_open: bool) -> None:
        """Open the section (a review is due) or fold it away."""
        self.section.selected_index = 0 if is_open else None

    def answers(self) -> list[object]:
        """The answers as chosen: a number 0-4 each, None where none is chosen."""
        return [None if q.value == NOT_SET else q.value for q in self.questions]

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            self.msg.value = message_html(_("Choose a runner first."), "warn")
            return
        today = self.today()
        try:
            saved = save_lefs(self.store, self.profile, today, self.answers(), today=today)
        except (PageInputError, RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        if saved.created:
            text = _("Saved your LEFS for today: {total} out of {top}.")
        else:
            text = _("Updated your LEFS for today: {total} out of {top}.")
        text = text.format(total=saved.record.total, top=lefs_form().top)
        change = saved.change
        if change is not None and change.first_on != change.latest_on:
            verdict = change_words(change.meets_mcid)
            since = _(
                "Since your first one ({first} on {date}) that is {change} points, {verdict}."
            ).format(
                first=change.first,
                date=long_date(change.first_on),
                change=f"{change.change:+d}",
                verdict=verdict,
            )
            text += " " + since

        self.msg.value = message_html(text, "ok")
        self.tell_page()
