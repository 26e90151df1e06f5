"""Page 06: a clinician starts or ends a runner's walk-run plan, with a short reason.

A thin view over :mod:`rollbook.pages.ladder` (the same change as ``rollbook adjust
--ladder STEP`` and ``--end-ladder``). The runner sees the change and the reason on
page 05. Whatever the browser sends is checked there; a refused change saves nothing
and shows one line saying why.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.pages.errors import PageInputError
from rollbook.pages.ladder import LadderChoices, end_ladder, ladder_choices, start_ladder
from rollbook.records import Profile
from rollbook.store import Store, StoreError
from rollbook.ui.controls import RunnerForm, change_saved_html, message_html, reason_field

__all__ = ["LadderForm"]

_WIDE = {"description_width": "9rem"}


def _now(choices: LadderChoices) -> str:
    """Where running stands, in one plain sentence."""
    if choices.mode == "ladder" and choices.phase is not None:
        label = dict(choices.steps).get(choices.phase, "")
        return _("Now: walk-run step {step} of {steps} ({name}).").format(
            step=choices.phase, steps=len(choices.steps), name=label
        )
    if choices.mode == "paused":
        return _("Now: running is paused.")
    return _("Now: running as normal, not on the walk-run plan.")


class LadderForm(RunnerForm):
    """Start the walk-run plan at a step, or end it, for the runner open on page 06."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(store, today=today, on_saved=on_saved, css_class="rb-ladder")
        self.choices: LadderChoices | None = None
        self.now = widgets.HTML()
        self.step = widgets.Dropdown(
            description=_("Start at step"),
            options=[],
            style=_WIDE,
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.reason = reason_field()
        self.start_button = widgets.Button(
            description=_("Start the walk-run plan"),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.end_button = widgets.Button(
            description=_("End the walk-run plan"), layout=widgets.Layout(width="auto")
        )
        for name, widget in {"now": self.now, "step": self.step, "reason": self.reason,
                             "start": self.start_button, "end": self.end_button}.items():  # fmt: skip
            widget.add_class(f"rb-ladder-{name}")
        heading = _("Walk-run plan")
        text = _(
            "Start it after a break, at the step "
            "that suits the runner, or end it when they can run as normal. The "
            "change starts today, and the runner sees it on page 05 with your reason."
        )
        self.lay_out(
            f"<h4>{heading}</h4><p>{text}</p>",
            self.now,
            self.step,
            self.reason,
            widgets.Box(
                [self.start_button, self.end_button],
                layout=widgets.Layout(flex_flow="row wrap"),
            ),
        )
        self.add_class("rb-adjust")
        self.start_button.on_click(self._on_start)
        self.end_button.on_click(self._on_end)

    def set_profile(self, profile: Profile | None) -> None:
        """Offer the walk-run plan of ``profile`` (hidden without a runner or a saved plan)."""
        self.reason.value = ""
        self.choices = self.open_runner(profile, ladder_choices)
        if self.choices is None:
            return
        self.now.value = f"<p>{html.escape(_now(self.choices))}</p>"
        self.step.options = [(f"{n}. {label}", n) for n, label in self.choices.steps]
        self.step.value = self.choices.phase or 1
        self.end_button.layout.display = None if self.choices.can_end else "none"

    def _on_start(self, _button: object = None) -> None:
        self._save(lambda p, day, reason: start_ladder(self.store, p, day, self.step.value, reason))

    def _on_end(self, _button: object = None) -> None:
        self._save(lambda p, day, reason: end_ladder(self.store, p, day, reason))

    def _save(self, action: Callable[[Profile, dt.date, object], object]) -> None:
        profile = self.profile
        if profile is None:
            self.msg.value = message_html(_("Choose a runner first."), "warn")
            return
        try:
            action(profile, self.today(), self.reason.value)
        except (PageInputError, StoreError) as exc:
            text = str(exc)
            self.msg.value = message_html(f"{text[:1].upper()}{text[1:]}.", "error",
                                          title=_("Not saved:"))  # fmt: skip

            return
        if not self.tell_page():
            self.set_profile(profile)
        self.msg.value = change_saved_html(profile)
