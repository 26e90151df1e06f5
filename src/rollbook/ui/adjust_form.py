"""Page 06: a clinician changes one runner's plan, with a short reason the runner sees.

A thin view over :mod:`rollbook.pages.adjust`: the form offers what
:func:`~rollbook.pages.adjust.adjust_choices` gives, and saving calls
:func:`~rollbook.pages.adjust.adjust_plan`, the same check and save as
``rollbook adjust``. Whatever the browser sends is checked there; a refused change
saves nothing and shows one line saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook.i18n import N_, _
from rollbook.pages.adjust import (
    AdjustChoices,
    adjust_choices,
    adjust_plan,
    make_adjustment,
)
from rollbook.pages.errors import PageInputError
from rollbook.progress_records import REASON_MAX
from rollbook.records import Profile
from rollbook.store import Store, StoreError
from rollbook.ui.controls import RunnerForm, change_saved_html, message_html, reason_field

#: What a clinician can change here, as the form names it.
#: (Marked here, translated where the form is built.)
KINDS: tuple[tuple[str, str], ...] = (
    (N_("Set an exercise's level"), "level"),
    (N_("Change an exercise's dose"), "dose"),
    (N_("Add an exercise"), "add"),
    (N_("Take an exercise out"), "remove"),
    (N_("Swap an exercise for another"), "swap"),
    (N_("Set the next review"), "review"),
)
#: Which fields each kind needs.
_FIELDS: dict[str, tuple[str, ...]] = {
    "level": ("exercise", "level"),
    "dose": ("exercise", "sets", "amount"),
    "add": ("other", "level"),
    "remove": ("exercise",),
    "swap": ("exercise", "other", "level"),
    "review": ("review",),
}
_NONE = ""
_WIDE = {"description_width": "9rem"}


def _layout() -> widgets.Layout:
    return widgets.Layout(width="100%", max_width="30rem")


class AdjustForm(RunnerForm):
    """Change the plan of the runner open on page 06."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(store, today=today, on_saved=on_saved, css_class="rb-adjust")
        self.choices: AdjustChoices | None = None
        kinds = [(_(text), kind) for text, kind in KINDS]
        self.kind = widgets.Dropdown(description=_("Change"), options=kinds, value="level",
                                     style=_WIDE, layout=_layout())  # fmt: skip
        self.exercise = widgets.Dropdown(description=_("Exercise"), options=[], style=_WIDE,
                                         layout=_layout())  # fmt: skip
        self.other = widgets.Dropdown(description=_("New exercise"), options=[], style=_WIDE,
                                      layout=_layout())  # fmt: skip
        self.level = widgets.Dropdown(description=_("Level"), options=[("1", 1)], value=1,
                                      style=_WIDE, layout=_layout())  # fmt: skip
        self.sets = widgets.Dropdown(description=_("Sets"), options=list(range(1, 7)), value=3,
                                     style=_WIDE, layout=_layout())  # fmt: skip
        self.amount = widgets.BoundedIntText(description=_("Reps"), value=12, min=1, max=120,
                                             style=_WIDE, layout=_layout())  # fmt: skip
        self.review = widgets.DatePicker(description=_("Next review"), style=_WIDE,
                                         layout=_layout())  # fmt: skip
        self.reason = reason_field()
        self.save_button = widgets.Button(
            description=_("Save the change"), button_style="primary",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.fields: dict[str, widgets.Widget] = {
            "exercise": self.exercise, "other": self.other, "level": self.level,
            "sets": self.sets, "amount": self.amount, "review": self.review,
        }  # fmt: skip
        for name, widget in {"kind": self.kind, **self.fields, "reason": self.reason,
                             "save": self.save_button}.items():  # fmt: skip
            widget.add_class(f"rb-adjust-{name}")
        heading = _("Change the plan")
        text = _(
            "The change starts today. The runner sees it "
            "on page 05 with your reason, and the plan keeps it as it moves on."
        )
        self.lay_out(
            f"<h4>{heading}</h4><p>{text}</p>",
            self.kind, *self.fields.values(), self.reason, widgets.HBox([self.save_button]),
        )  # fmt: skip
        self.kind.observe(self._show, names="value")
        self.exercise.observe(self._show, names="value")
        self.other.observe(self._show, names="value")
        self.save_button.on_click(self._on_save)

    def set_profile(self, profile: Profile | None) -> None:
        """Offer the plan of ``profile`` (hidden without a runner or a saved plan)."""
        self.reason.value = ""
        self.choices = self.open_runner(profile, adjust_choices)
        if self.choices is None:
            return
        self.exercise.options = [(e.label, e.exercise) for e in self.choices.in_plan] or [
            (_("No exercises in the plan"), _NONE)
        ]
        self.other.options = [(e.label, e.exercise) for e in self.choices.others] or [
            (_("No other exercises"), _NONE)
        ]
        self.review.value = self.choices.review_on
        self._show()

    def _chosen(self) -> tuple[str, int, int, bool] | None:
        """The exercise the level or dose applies to: id, level now, levels, held."""
        if self.choices is None:
            return None
        kind = self.kind.value
        pool = self.choices.others if kind in ("add", "swap") else self.choices.in_plan
        wanted = self.other.value if kind in ("add", "swap") else self.exercise.value
        for item in pool:
            if item.exercise == wanted:
                return item.exercise, item.level, item.levels, item.held
        return None

    def _show(self, _change: object = None) -> None:
        """Show only the fields the chosen kind needs, sized to the chosen exercise."""
        kind = self.kind.value if self.kind.value in _FIELDS else "level"
        for name, widget in self.fields.items():
            widget.layout.display = None if name in _FIELDS[kind] else "none"
        chosen = self._chosen()
        if chosen is None:
            return
        _ident, level, levels, held = chosen
        self.level.options = [(str(n), n) for n in range(1, levels + 1)]
        self.level.value = min(max(level, 1), levels)
        self.amount.description = _("Hold (seconds)") if held else _("Reps")
        self.amount.value = 30 if held else 12

    def change(self) -> tuple[str, dict[str, Any]]:
        """The change as the form shows it: its kind and values (checked when saved)."""
        kind = str(self.kind.value)
        if kind == "review":
            on = self.review.value
            return kind, {"on": on.isoformat() if isinstance(on, dt.date) else None}
        change: dict[str, Any] = {"exercise": self.exercise.value}
        if kind in ("add", "swap"):
            change = {"exercise": self.other.value} if kind == "add" else \
                {"exercise": self.exercise.value, "to": self.other.value}  # fmt: skip
        if kind in ("level", "add", "swap"):
            change["level"] = self.level.value
        if kind == "dose":
            chosen = self._chosen()
            change["sets"] = self.sets.value
            change["hold_seconds" if chosen and chosen[3] else "reps"] = self.amount.value
        return kind, change

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            self.msg.value = message_html(_("Choose a runner first."), "warn")
            return
        reason = self.reason.value if isinstance(self.reason.value, str) else ""
        if not reason.strip():
            self.msg.value = message_html(
                _("Give a short reason. The runner sees it with the change."), "error",
                title=_("Not saved:"),
            )  # fmt: skip
            return
        if len(reason.strip()) > REASON_MAX:
            self.msg.value = message_html(
                _("Keep the reason to {limit} characters or fewer.").format(limit=REASON_MAX),
                "error",
                title=_("Not saved:"),
            )
            return
        kind, change = self.change()
        if kind == "review" and change["on"] is None:
            self.msg.value = message_html(_("Choose the date of the next review."), "error",
                                          title=_("Not saved:"))  # fmt: skip
            return
        try:
            adj = make_adjustment(self.today(), kind, change, reason)
            adjust_plan(self.store, self.profile, adj)
        except (PageInputError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not saved:"))

            return
        profile = self.profile
        if not self.tell_page():
            self.set_profile(profile)
        self.msg.value = change_saved_html(profile)
