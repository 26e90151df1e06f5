"""The "Build your plan" page: safety questions, where it hurts, time, live plan.

``PlanBuilder`` owns every control of the page and shows them in sections
(``profile``, ``safety``, ``pain``, ``running``, ``preview``, ``save``) so the
notebook can put plain-language text between them. The plan is rebuilt on every
change (the engine takes well under 5 ms). The save section (:mod:`rollbook.ui.plan_save`)
saves it with the sore side and offers the handout and calendar; the plan's HTML is
:mod:`rollbook.ui.plan_view`; the running and time controls are
:mod:`rollbook.ui.plan_running`.

The browser can send any value for any widget, so every value is checked here:
sliders clamp, unknown sites are dropped, unknown choices fall back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook import clock, painmodel
from rollbook.content import Library, load_library
from rollbook.i18n import _
from rollbook.plan import Plan, PlanInput, PlanInputError, build_plan
from rollbook.records import Profile
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.bodymap import BodyPicker
from rollbook.ui.choice import SafeDropdown, YesNo
from rollbook.ui.controls import LabelledSlider, message_html, pain_slider
from rollbook.ui.plan_running import RunningControls, clamp, try_set
from rollbook.ui.plan_save import DOWNLOAD_DELAY, PlanSaveView
from rollbook.ui.plan_view import plan_html, plan_map_html, referral_html
from rollbook.ui.profiles import ProfilePicker
from rollbook.ui.side_choice import side_question

__all__ = ["DOWNLOAD_DELAY", "PlanBuilder", "SafeDropdown", "YesNo", "plan_html"]

WIDE = widgets.Layout(width="100%", max_width="40rem")


def _date_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _section(children: list[widgets.Widget], css: str) -> widgets.VBox:
    box = widgets.VBox(children, layout=widgets.Layout(width="100%", max_width="52rem"))
    box.add_class(css)
    return box


class PlanBuilder:
    """Every control of the plan page, and the live plan they produce."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        library: Library | None = None,
        today: Callable[[], dt.date] = clock.today,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self.library = library or load_library()
        self.store = store if store is not None else open_store()
        self.today = today
        self.now = now
        self.plan: Plan | None = None
        self._last_profile: Profile | None = None

        self.picker = ProfilePicker(self.store)
        self.loaded = widgets.HTML()
        self.loaded.add_class("rb-pb-loaded")
        self.profile = _section([self.picker, self.loaded], "rb-pb-profile")

        # --- safety first
        self.questions: dict[str, YesNo] = {}
        for flag_id, flag in self.library.red_flags.items():
            question = YesNo(question=flag.question)
            question.add_class("rb-flag")
            question.add_class(f"rb-flag-{flag_id}")
            question.observe(self._changed, "value")
            self.questions[flag_id] = question
        self.safety_status = widgets.HTML()
        self.safety_status.add_class("rb-safety-status")
        # Imported here: ui.cautions builds on this module's YesNo.
        from rollbook.ui.cautions import CautionQuestions

        self.cautions = CautionQuestions(self.library, on_change=self._changed)
        self.safety = _section(
            [*self.questions.values(), self.safety_status, self.cautions.box], "rb-pb-safety"
        )

        # --- where it hurts
        labels = {site_id: site.label for site_id, site in self.library.sites.items()}
        self.body = BodyPicker(labels)
        self.body.observe(self._sites_changed, "selected")
        self.pain_sliders: dict[str, LabelledSlider] = {}
        self.pain_box = widgets.VBox(layout=WIDE)
        self.pain_box.add_class("rb-pain-sliders")
        self.pain_hint = widgets.HTML()
        self.side = side_question()
        self.side.observe(self._changed, "value")
        self.pain = _section([self.body, self.pain_hint, self.pain_box, self.side], "rb-pb-pain")

        # --- running and time
        self.running_controls = RunningControls(self._changed)
        rc = self.running_controls
        self.weekly_km, self.run_days, self.minutes = rc.weekly_km, rc.run_days, rc.minutes
        self.roller, self.experience = rc.roller, rc.experience
        self.running = _section(rc.controls, "rb-pb-running")

        # --- live preview
        self.status = widgets.HTML()
        self.status.add_class("rb-plan-status")
        self.referral = widgets.HTML()
        self.referral.add_class("rb-referral")
        self.map = widgets.HTML(layout=widgets.Layout(width="100%", max_width="20rem"))
        self.map.add_class("rb-plan-map")
        self.details = widgets.HTML(layout=widgets.Layout(width="auto", margin="0"))
        self.details.add_class("rb-plan")
        self.plan_box = widgets.VBox([self.map, self.details], layout=widgets.Layout(width="100%"))
        self.preview = _section([self.status, self.referral, self.plan_box], "rb-pb-preview")

        # --- save and take along
        self.saving = PlanSaveView(self.store, self.library, self, today=today, now=now)
        self.save = self.saving.box
        self.save_button = self.saving.button
        self.save_message = self.saving.message
        self.downloads = self.saving.downloads
        self.download_message = self.saving.download_message

        self.picker.on_change(self._profile_changed)
        self.rebuild()

    # ------------------------------------------------------------------ reading
    def answers(self) -> dict[str, str]:
        """Each red-flag id → "", "no" or "yes"."""
        return {flag_id: q.value for flag_id, q in self.questions.items()}

    def pain_values(self) -> dict[str, int]:
        """Picked site → pain 0–10."""
        return {
            site: clamp(slider.value, 0, 10)
            for site, slider in self.pain_sliders.items()
            if site in self.library.sites
        }

    def plan_input(self) -> PlanInput:
        """The inputs as the plan engine takes them (red flags: those answered yes).

        Values are clamped to the page's ranges again here: the browser can change a
        slider's ``min`` and ``max`` as well as its value.
        """
        profile = self.picker.profile
        return PlanInput(
            pain=self.pain_values(),
            red_flags=[f for f, v in self.answers().items() if v == "yes"],
            name=profile.name if profile else "",
            cautions=self.cautions.chosen(),
            **self.running_controls.values(),
        )

    def sore_side(self) -> str:
        """The sore side chosen: left, right or both."""
        return str(self.side.value or "both")

    def current_profile(self) -> Profile | None:
        """The runner chosen at the top, if any."""
        return self.picker.profile

    def needs_referral(self) -> bool:
        """True when a safety answer sends the runner to a clinician first."""
        return bool(self.plan and self.plan.referral.needed)

    def no_plan_reason(self) -> str:
        """Why there is no plan to save, in a sentence."""
        if self.needs_referral():
            return _("See a clinician first.")
        return _("Answer every question and mark where it hurts first.")

    def make_downloads(self) -> None:
        """Make the handout (and, once saved, calendar) links now."""
        self.saving.make_downloads()

    def ready_plan(self) -> Plan | None:
        """The plan when it has something to do (no red flag, at least one item)."""
        plan = self.plan
        if plan is None or plan.referral.needed or not (plan.rolling or plan.strength):
            return None
        return plan

    # ------------------------------------------------------------------ changes
    def _profile_changed(self, profile: Profile | None) -> None:
        self.saving.forget()
        self.loaded.value = ""
        # Moving from one runner to another must not carry answers across.
        if self._last_profile is not None and profile != self._last_profile:
            self.reset()
        self._last_profile = profile
        if profile is not None:
            self._load_saved_inputs(profile)
        self.rebuild()

    def reset(self) -> None:
        """Clear every answer and set the controls back to their starting values."""
        for question in self.questions.values():
            question.value = ""
        self.cautions.reset()
        self.body.selected = []
        self.running_controls.reset()
        self.side.value = "both"

    def _load_saved_inputs(self, profile: Profile) -> None:
        """Fill the form from the runner's saved plan (never the safety answers).

        Saved data may be old or hand-edited: each value goes through the same
        checks as a value from the browser, and a bad one is skipped.
        """
        try:
            saved = self.store.current_plan(profile)
        except StoreError:
            return
        if saved is None or not isinstance(saved.inputs, dict):
            return
        inputs = saved.inputs
        pain = inputs.get("pain")
        if isinstance(pain, dict):
            self.body.selected = [s for s in pain if s in self.library.sites]
            for site, slider in self.pain_sliders.items():
                try_set(slider, "value", pain.get(site))
        self.running_controls.load(inputs)
        self.side.value = inputs.get("side")  # anything but left/right/both reads as both
        self.loaded.value = message_html(
            _(
                "Loaded the plan saved for {name} on {date}. "
                "Please answer the safety questions again: things may have changed."
            ).format(name=profile.name, date=_date_words(saved.created.date())),
            "info",
        )

    def _sites_changed(self, change: Any) -> None:
        chosen = [s for s in change["new"] if s in self.library.sites]
        for site in list(self.pain_sliders):
            if site not in chosen:
                self.pain_sliders.pop(site).close()
        for site in chosen:
            if site not in self.pain_sliders:
                label = self.library.site(site).label
                question = painmodel.question("during").lower()
                slider = pain_slider(
                    _("{place}: {question}").format(place=label, question=question)
                )
                slider.add_class("rb-pain")
                slider.add_class(f"rb-pain-{site}")
                slider.observe(self._changed, "value")
                self.pain_sliders[site] = slider
        self.pain_box.children = [self.pain_sliders[s] for s in chosen]
        self.rebuild()

    def _changed(self, _change: Any = None) -> None:
        self.rebuild()

    # ------------------------------------------------------------------ drawing
    def rebuild(self) -> None:
        """Rebuild the plan and everything that shows it."""
        answers = self.answers()
        yes = [f for f, v in answers.items() if v == "yes"]
        unanswered = [f for f, v in answers.items() if v == ""]
        self.plan = None
        # Work out the new preview first and assign it once at the end: an unchanged
        # value sends nothing, so a slider move that keeps the same plan never blanks
        # the preview (blank-then-redraw flickers on a phone and races the browser).
        referral = plan_map = details = ""
        if yes:
            self.safety_status.value = message_html(
                _("You answered yes to a warning sign. See what to do below."), "warn"
            )
        elif unanswered:
            self.safety_status.value = message_html(
                _("{left} of {total} questions still need an answer.").format(
                    left=len(unanswered), total=len(answers)
                ),
                "info",
            )
        else:
            self.safety_status.value = message_html(
                _("No warning signs. Go on to the next step."), "ok"
            )
        self.pain_hint.value = (
            ""
            if self.pain_sliders
            else message_html(
                _("Pick at least one place that hurts, on the map or in the list."), "info"
            )
        )

        if yes:
            self.plan = self._build()
            if self.plan is not None:
                self.status.value = ""
                referral = referral_html(self.plan)
            self._show_preview(referral, plan_map, details)
            self.saving.refresh()
            return
        if unanswered:
            self.status.value = message_html(
                _("Answer the safety questions first. Your plan shows up here after that."),
                "info",
            )
        elif not self.pain_sliders:
            self.status.value = message_html(_("Pick at least one place that hurts."), "info")
        elif not any(v > 0 for v in self.pain_values().values()):
            self.status.value = message_html(
                _("Move each slider to show the worst pain during your last run, from 1 to 10."),
                "info",
            )
        else:
            self.plan = self._build()
            if self.plan is not None:
                if self.ready_plan() is None:
                    self.status.value = message_html(self.plan.message, "warn")
                else:
                    self.status.value = message_html(self.plan.message, "ok")
                    plan_map = plan_map_html(self.plan)
                    details = plan_html(self.plan, self.library, self.sore_side())
        self._show_preview(referral, plan_map, details)
        self.saving.refresh()

    def _show_preview(self, referral: str, plan_map: str, details: str) -> None:
        self.referral.value = referral
        self.map.value = plan_map
        self.details.value = details
        self.plan_box.layout.display = "flex" if details else "none"

    def _build(self) -> Plan | None:
        try:
            return build_plan(self.plan_input(), self.library)
        except PlanInputError as exc:  # should not happen: every control is clamped
            self.status.value = message_html(str(exc), "error", title=_("Cannot build the plan:"))

            return None

    # ------------------------------------------------------------------ tidy up
    def close(self) -> None:
        """Cancel pending work and close every widget this page made."""
        self.saving.cancel()
        for box in (self.profile, self.safety, self.pain, self.running, self.preview, self.save):
            _close_tree(box)


def _close_tree(widget: widgets.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()
