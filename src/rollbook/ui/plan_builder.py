"""The "Build your plan" page: safety questions, where it hurts, time, live plan.

``PlanBuilder`` owns every control of the page and shows them in sections
(``profile``, ``safety``, ``pain``, ``running``, ``preview``, ``save``) so the
notebook can put plain-language text between them. The plan is rebuilt on every
change (the engine takes well under 5 ms); the PDF and calendar links are rebuilt
only when the plan or the runner changes.

The browser can send any value for any widget, so every value is checked here:
sliders clamp, unknown sites are dropped, unknown choices fall back.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import html
import math
from collections.abc import Callable
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from rollbook import bodymap, painmodel
from rollbook.content import Library, load_library
from rollbook.plan import Plan, PlanInput, PlanInputError, build_plan
from rollbook.records import Profile
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.bodymap import BodyPicker
from rollbook.ui.controls import (
    LabelledSlider,
    close_widgets,  # issue 15: replaced links are closed
    download_link,
    message_html,
    pain_slider,
)
from rollbook.ui.pictures import PICTURE_CSS, item_figure
from rollbook.ui.profiles import ProfilePicker

ROLLER_CHOICES: tuple[tuple[str, str], ...] = (
    ("Smooth foam roller", "smooth"),
    ("Textured roller (ridges or bumps)", "textured"),
    ("Spiked roller", "spiked"),
    ("Massage ball", "ball"),
)
EXPERIENCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("New to rolling", "new"),
    ("Rolled a few times", "some"),
    ("Roll often", "regular"),
)
_ROLLERS = frozenset(value for _, value in ROLLER_CHOICES)
_LEVELS = frozenset(value for _, value in EXPERIENCE_CHOICES)
CUE_NAMES = {
    "start": "Start",
    "where": "Where",
    "speed": "Speed",
    "pressure": "Pressure",
    "feel": "Feel",
    "tip": "Tip",
}
SIDE_WORDS = {"each": "each leg", "both": "both legs", "centre": "middle of the back"}
DOWNLOAD_DELAY = 0.6  # seconds of quiet before the PDF is made
WIDE = widgets.Layout(width="100%", max_width="40rem")

_YESNO_ESM = r"""
function render({ model, el }) {
  const name = "rb-yn-" + Math.random().toString(36).slice(2);
  const box = document.createElement("fieldset");
  box.className = "rb-yesno";
  const legend = document.createElement("legend");
  const row = document.createElement("div");
  row.className = "rb-yesno-options";
  const inputs = [];
  for (const [value, text] of [["no", "No"], ["yes", "Yes"]]) {
    const label = document.createElement("label");
    label.className = "rb-yesno-" + value;
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.addEventListener("change", () => {
      if (input.checked) { model.set("value", value); model.save_changes(); }
    });
    label.append(input, document.createTextNode(" " + text));
    row.append(label);
    inputs.push(input);
  }
  box.append(legend, row);
  el.append(box);
  function sync() {
    legend.textContent = model.get("question");
    for (const input of inputs) input.checked = model.get("value") === input.value;
  }
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
"""

_YESNO_CSS = r"""
.rb-yesno { border: 1px solid #b9c6c4; border-radius: 8px; margin: 0.4rem 0; padding: 0.5rem 0.8rem 0.7rem; max-width: 40rem; box-sizing: border-box; width: 100%; }
.rb-yesno legend { font-size: 1rem; color: #1d2a30; padding: 0 0.25rem; line-height: 1.4; }
.rb-yesno-options { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 0.3rem; }
.rb-yesno-options label { display: inline-flex; align-items: center; gap: 0.4rem; min-height: 44px; min-width: 5.5rem; padding: 0 0.9rem; border: 1px solid #8a979c; border-radius: 6px; cursor: pointer; font-size: 1rem; box-sizing: border-box; }
.rb-yesno-options input { width: 1.2rem; height: 1.2rem; accent-color: #0f6e6a; margin: 0; }
.rb-yesno-options input:focus-visible { outline: 3px solid #0a4f4c; outline-offset: 2px; }
.rb-yesno-options label:has(input:checked) { background: #e3f1ef; border-color: #0f6e6a; font-weight: 700; }
"""

PLAN_CSS = """
<style>
.rb-pb-preview .widget-html-content { min-width: 0; max-width: 100%; }
.rb-plan { max-width: 52rem; font-size: 1rem; line-height: 1.5; }
.rb-plan h3 { margin: 1rem 0 0.4rem; font-size: 1.15rem; }
.rb-table-wrap { box-sizing: border-box; overflow-x: auto; max-width: 100%; border: 1px solid #d3dcda; border-radius: 6px; }
.rb-table-wrap:focus-visible { outline: 3px solid #0a4f4c; outline-offset: 2px; }
.rb-plan-table { border-collapse: collapse; width: 100%; min-width: 32rem; font-size: 0.95rem; }
.rb-plan-table.rb-rolling-table { min-width: 19rem; }
.rb-rolling-table th[scope=row] { width: 34%; }
.rb-dose { font-weight: 400; color: #42525a; }
.rb-plan-table th, .rb-plan-table td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d3dcda; }
.rb-plan-table thead th { background: #eef3f2; }
.rb-plan-table ul { margin: 0; padding-left: 1.1rem; }
.rb-zone { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 1rem; font-weight: 700; border: 2px solid #1d2a30; }
.rb-zone-green { background: #d9efe4; } .rb-zone-amber { background: #fbeccb; } .rb-zone-red { background: #f6d5cf; }
.rb-plan-map figcaption { font-size: 0.9rem; line-height: 1.4; }
.rb-refs li { margin-bottom: 0.3rem; overflow-wrap: anywhere; }
.rb-plan a { color: #0a4f4c; text-decoration: underline; }
</style>
"""


class YesNo(anywidget.AnyWidget):
    """A yes/no question as a native radio group; ``value`` is "", "no" or "yes"."""

    _esm = _YESNO_ESM
    _css = _YESNO_CSS

    question = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any("", allow_none=False).tag(sync=True)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        return value if value in ("no", "yes") else ""

    @traitlets.observe("value")
    def _none_is_blank(self, change: dict[str, Any]) -> None:
        # traitlets lets None past the validator of an Any trait.
        if change["new"] is None:
            self.value = ""


class SafeDropdown(widgets.Dropdown):  # type: ignore[misc]
    """A dropdown that ignores an out-of-range choice from the browser instead of failing."""

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply browser state, dropping an ``index`` that names no option."""
        data = dict(sync_data)
        if "index" in data:
            index = data["index"]
            count = len(self._options_labels)
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
                del data["index"]
        super().set_state(data)


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
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.library = library or load_library()
        self.store = store if store is not None else open_store()
        self.today = today
        self.now = now
        self.plan: Plan | None = None
        self._download_key: tuple[Any, ...] | None = None
        self._pending: asyncio.TimerHandle | None = None
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
        self.pain = _section([self.body, self.pain_hint, self.pain_box], "rb-pb-pain")

        # --- running and time
        self.weekly_km = LabelledSlider(
            value=20,
            min=0,
            max=150,
            step=1,
            unit="km",
            description="How far you run in a normal week",
            min_label="0 km",
            max_label="150 km",
        )
        self.run_days = LabelledSlider(
            value=3,
            min=0,
            max=7,
            unit="days",
            description="Running days in a week",
        )
        self.minutes = LabelledSlider(
            value=15,
            min=5,
            max=60,
            step=5,
            unit="minutes",
            description="Minutes you have each day",
            min_label="5",
            max_label="60",
        )
        self.roller = SafeDropdown(
            options=list(ROLLER_CHOICES),
            value="smooth",
            description="Your roller",
            layout=widgets.Layout(width="100%", max_width="28rem", margin="0.6rem 0"),
            style={"description_width": "8rem"},
        )
        self.experience = SafeDropdown(
            options=list(EXPERIENCE_CHOICES),
            value="some",
            description="Rolling so far",
            layout=widgets.Layout(width="100%", max_width="28rem", margin="0.6rem 0"),
            style={"description_width": "8rem"},
        )
        for control, css in (
            (self.weekly_km, "rb-km"),
            (self.run_days, "rb-run-days"),
            (self.minutes, "rb-minutes"),
            (self.roller, "rb-roller"),
            (self.experience, "rb-experience"),
        ):
            control.add_class(css)
            control.observe(self._changed, "value")
        self.running = _section(
            [self.weekly_km, self.run_days, self.roller, self.experience, self.minutes],
            "rb-pb-running",
        )

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

        # --- save and download
        self.save_button = widgets.Button(
            description="Save plan",
            button_style="primary",
            icon="save",
            tooltip="Save this plan for the chosen runner",
        )
        self.save_button.add_class("rb-save-plan")
        self.save_button.on_click(self._save)
        self.save_message = widgets.HTML()
        self.save_message.add_class("rb-save-message")
        tomorrow = self.today() + dt.timedelta(days=1)
        self.calendar_start = widgets.DatePicker(
            value=tomorrow,
            description="Calendar starts",
            layout=widgets.Layout(width="100%", max_width="22rem"),
            style={"description_width": "8rem"},
        )
        self.calendar_start.add_class("rb-calendar-start")
        self.weeks = LabelledSlider(
            value=4, min=1, max=12, unit="weeks", description="Weeks in the calendar"
        )
        self.weeks.add_class("rb-weeks")
        self.calendar_start.observe(self._calendar_changed, "value")
        self.weeks.observe(self._calendar_changed, "value")
        self.downloads = widgets.Box(
            layout=widgets.Layout(flex_flow="row wrap", width="100%", grid_gap="0.75rem")
        )
        self.downloads.add_class("rb-downloads")
        self.download_message = widgets.HTML()
        self.save = _section(
            [
                self.save_button,
                self.save_message,
                self.calendar_start,
                self.weeks,
                self.downloads,
                self.download_message,
            ],
            "rb-pb-save",
        )

        self.picker.on_change(self._profile_changed)
        self.rebuild()

    # ------------------------------------------------------------------ reading
    def answers(self) -> dict[str, str]:
        """Each red-flag id → "", "no" or "yes"."""
        return {flag_id: q.value for flag_id, q in self.questions.items()}

    def pain_values(self) -> dict[str, int]:
        """Picked site → pain 0–10."""
        return {
            site: _clamp(slider.value, 0, 10)
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
            weekly_km=float(_clamp(self.weekly_km.value, 0, 150)),
            run_days=_clamp(self.run_days.value, 0, 7),
            roller=self.roller.value if self.roller.value in _ROLLERS else "smooth",
            minutes=_clamp(self.minutes.value, 5, 60),
            experience=self.experience.value if self.experience.value in _LEVELS else "some",
            name=profile.name if profile else "",
            cautions=self.cautions.chosen(),
        )

    def ready_plan(self) -> Plan | None:
        """The plan when it has something to do (no red flag, at least one item)."""
        plan = self.plan
        if plan is None or plan.referral.needed or not (plan.rolling or plan.strength):
            return None
        return plan

    # ------------------------------------------------------------------ changes
    def _profile_changed(self, profile: Profile | None) -> None:
        self.save_message.value = ""
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
        self.weekly_km.value = 20
        self.run_days.value = 3
        self.minutes.value = 15
        self.roller.value = "smooth"
        self.experience.value = "some"

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
                _try_set(slider, "value", pain.get(site))
        for key, control in (
            ("weekly_km", self.weekly_km),
            ("run_days", self.run_days),
            ("minutes", self.minutes),
        ):
            value = inputs.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                _try_set(control, "value", round(value) if math.isfinite(value) else None)
        for key, control, allowed in (
            ("roller", self.roller, _ROLLERS),
            ("experience", self.experience, _LEVELS),
        ):
            if inputs.get(key) in allowed:
                control.value = inputs[key]
        self.loaded.value = message_html(
            f"Loaded the plan saved for {profile.name} on {_date_words(saved.created.date())}. "
            "Please answer the safety questions again: things may have changed.",
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
                slider = pain_slider(f"{label}: {painmodel.question('during').lower()}")
                slider.add_class("rb-pain")
                slider.add_class(f"rb-pain-{site}")
                slider.observe(self._changed, "value")
                self.pain_sliders[site] = slider
        self.pain_box.children = [self.pain_sliders[s] for s in chosen]
        self.rebuild()

    def _changed(self, _change: Any = None) -> None:
        self.rebuild()

    def _calendar_changed(self, _change: Any = None) -> None:
        if self.calendar_start.value is None:
            self.calendar_start.value = self.today() + dt.timedelta(days=1)
            return
        self._refresh_downloads()

    # ------------------------------------------------------------------ drawing
    def rebuild(self) -> None:
        """Rebuild the plan and everything that shows it."""
        answers = self.answers()
        yes = [f for f, v in answers.items() if v == "yes"]
        unanswered = [f for f, v in answers.items() if v == ""]
        self.plan = None
        self.referral.value = ""
        self.map.value = ""
        self.details.value = ""
        self.plan_box.layout.display = "none"
        if yes:
            self.safety_status.value = message_html(
                "You answered yes to a warning sign. See what to do below.", "warn"
            )
        elif unanswered:
            self.safety_status.value = message_html(
                f"{len(unanswered)} of {len(answers)} questions still need an answer.", "info"
            )
        else:
            self.safety_status.value = message_html(
                "No warning signs. Go on to the next step.", "ok"
            )
        self.pain_hint.value = (
            ""
            if self.pain_sliders
            else message_html(
                "Pick at least one place that hurts, on the map or in the list.", "info"
            )
        )

        if yes:
            self.plan = self._build()
            if self.plan is not None:
                self.status.value = ""
                self.referral.value = referral_html(self.plan)
            self._refresh_downloads()
            return
        if unanswered:
            self.status.value = message_html(
                "Answer the safety questions first. Your plan shows up here after that.", "info"
            )
        elif not self.pain_sliders:
            self.status.value = message_html("Pick at least one place that hurts.", "info")
        elif not any(v > 0 for v in self.pain_values().values()):
            self.status.value = message_html(
                "Move each slider to show the worst pain during your last run, from 1 to 10.",
                "info",
            )
        else:
            self.plan = self._build()
            if self.plan is not None:
                if self.ready_plan() is None:
                    self.status.value = message_html(self.plan.message, "warn")
                else:
                    self.status.value = message_html(self.plan.message, "ok")
                    self.map.value = plan_map_html(self.plan)
                    self.details.value = PLAN_CSS + plan_html(self.plan, self.library)
                    self.plan_box.layout.display = "flex"
        self._refresh_downloads()

    def _build(self) -> Plan | None:
        try:
            return build_plan(self.plan_input(), self.library)
        except PlanInputError as exc:  # should not happen: every control is clamped
            self.status.value = message_html(str(exc), "error", title="Cannot build the plan:")
            return None

    def _refresh_downloads(self) -> None:
        """Drop links that no longer match the plan; make new ones a moment later.

        The PDF takes a few tenths of a second, so it is made once the runner stops
        changing things (``DOWNLOAD_DELAY``), on the kernel's event loop. Without a
        running loop (plain Python, tests) call :meth:`make_downloads` directly.
        """
        plan = self.ready_plan()
        key = self._key(plan) if plan is not None else None
        if key is not None and key == self._download_key:
            return
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._download_key = None
        close_widgets(self.downloads.children)  # old links hold a whole PDF each
        self.downloads.children = []
        if plan is None:
            self.download_message.value = ""
            return
        self.download_message.value = message_html("Making your handout and calendar…", "info")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._pending = loop.call_later(DOWNLOAD_DELAY, self.make_downloads)

    def _key(self, plan: Plan) -> tuple[Any, ...]:
        name = self.picker.profile.name if self.picker.profile else ""
        start = self.calendar_start.value or self.today() + dt.timedelta(days=1)
        return (repr(plan), name, start, self.weeks.value, self.today())

    def make_downloads(self) -> None:
        """Make the PDF and calendar links for the current plan now."""
        self._pending = None
        plan = self.ready_plan()
        if plan is None:
            return
        key = self._key(plan)
        if key == self._download_key:
            return
        self._download_key = key
        name = self.picker.profile.name if self.picker.profile else ""
        start = key[2]
        links: list[widgets.Widget] = []
        problems: list[str] = []
        stem = _file_stem(name)
        try:
            from rollbook.export.pdf import plan_pdf

            data = plan_pdf(plan, name=name, on=self.today(), library=self.library)
            links.append(
                download_link(data, f"{stem}.pdf", "application/pdf", "Download the handout (PDF)")
            )
        except Exception as exc:  # noqa: BLE001 - a broken export must not break the page
            problems.append(f"The PDF handout could not be made ({type(exc).__name__}).")
        try:
            from rollbook.export.ics import plan_ics

            data = plan_ics(plan, start=start, weeks=int(self.weeks.value), name=name)
            links.append(
                download_link(data, f"{stem}.ics", "text/calendar", "Add to your calendar (.ics)")
            )
        except Exception as exc:  # noqa: BLE001
            problems.append(f"The calendar file could not be made ({type(exc).__name__}).")
        for link in links:
            link.add_class("rb-download-link")
        close_widgets(self.downloads.children)
        self.downloads.children = links
        self.download_message.value = message_html(" ".join(problems), "warn") if problems else ""

    # ------------------------------------------------------------------ saving
    def _save(self, _button: Any = None) -> None:
        profile = self.picker.profile
        plan = self.ready_plan()
        if plan is None:
            why = (
                "See a clinician first."
                if self.plan and self.plan.referral.needed
                else ("Answer every question and mark where it hurts first.")
            )
            self.save_message.value = message_html(f"There is no plan to save yet. {why}", "warn")
            return
        if profile is None:
            self.save_message.value = message_html(
                "Choose or add a runner at the top first, then save.", "warn"
            )
            return
        inputs = dataclasses.asdict(self.plan_input())
        inputs["pain"] = dict(inputs["pain"])
        inputs["red_flags"] = list(inputs["red_flags"])
        inputs["cautions"] = list(inputs["cautions"])
        inputs["answers"] = self.answers()
        try:
            saved = self.store.save_plan(profile, inputs, plan.to_dict(), created=self.now())
        except StoreError as exc:
            self.save_message.value = message_html(str(exc), "error", title="Not saved:")
            return
        self.save_message.value = message_html(
            f"Saved for {profile.name} on {_date_words(saved.created.date())}.", "ok"
        )

    # ------------------------------------------------------------------ tidy up
    def close(self) -> None:
        """Cancel pending work and close every widget this page made."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        for box in (self.profile, self.safety, self.pain, self.running, self.preview, self.save):
            _close_tree(box)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


def _try_set(widget: widgets.Widget, name: str, value: Any) -> None:
    if value is None:
        return
    try:
        setattr(widget, name, value)
    except (traitlets.TraitError, TypeError, ValueError):
        pass  # a bad saved value is skipped; the control keeps its default


def _close_tree(widget: widgets.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def _file_stem(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in name.strip().lower()).strip("-")
    return f"rollbook-plan-{cleaned[:40]}" if cleaned else "rollbook-plan"


# ---------------------------------------------------------------------- HTML


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _name_and_detail(name: str, detail: str) -> str:
    return f"{_e(name)}<br><span class='rb-dose'>{_e(detail)}</span>"


def _list(items: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _table(caption: str, head: list[str], rows: list[list[str]], css: str) -> str:
    """A table in a focusable scroll box; cells are already-escaped HTML."""
    thead = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{row[0]}</th>'
        + "".join(f"<td>{c}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="rb-table-wrap" role="region" tabindex="0" aria-label="{_e(caption)}">'
        f'<table class="rb-plan-table {css}"><caption class="rb-visually-hidden" '
        f'style="position:absolute;left:-9999px">{_e(caption)}</caption>'
        f"<thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def referral_html(plan: Plan) -> str:
    """The "see a clinician first" box shown instead of a plan."""
    ref = plan.referral
    when = {
        "now": "Now: go to an emergency department",
        "today": "Today",
        "soon": "In the next few days",
    }.get(ref.urgency, "Soon")
    return (
        '<div class="rb-msg rb-msg-error rb-referral-box" role="alert">'
        f"<h3>See a clinician first</h3><p><strong>{_e(ref.headline)}</strong></p>"
        f"<p><strong>When:</strong> {_e(when)}.</p>"
        f"<p><strong>Why this matters:</strong></p>{_list(ref.reasons)}"
        f"<p><strong>What to do and what to tell them:</strong></p>{_list(ref.actions)}"
        + (
            f"<p><strong>Until you are checked:</strong></p>{_list(ref.meanwhile)}"
            if ref.meanwhile
            else ""
        )
        + "<p>No rolling or strength plan is made until a clinician says it is safe.</p>"
        "</div>"
    )


def plan_map_html(plan: Plan) -> str:
    """The body map with the areas to roll marked, with its text alternative."""
    regions = [r for r in plan.regions() if r in bodymap.REGIONS]
    svg = bodymap.body_svg(regions, title="Areas to roll in your plan")
    return (
        f'<figure class="rb-plan-map" style="margin:0">{svg}'
        f'<figcaption aria-hidden="true">{_e(bodymap.alt_text(regions))}</figcaption></figure>'
    )


def plan_html(plan: Plan, library: Library) -> str:
    """The plan as headed sections and tables (every piece of text escaped)."""
    from rollbook.ui.cautions import cautions_html

    parts: list[str] = [cautions_html(plan)]
    if plan.rolling:
        rows = []
        for item in plan.rolling:
            dose = (
                f"{item.seconds} s, {item.sets} set{'s' if item.sets > 1 else ''}, "
                f"{SIDE_WORDS.get(item.side, item.side)}"
            )
            cues = "".join(
                f"<li><strong>{_e(CUE_NAMES.get(k, k))}:</strong> {_e(v)}</li>"
                for k, v in item.cues.items()
            )
            care = "".join(f"<li><strong>Take care:</strong> {_e(c)}</li>" for c in item.cautions)
            rows.append(
                [
                    item_figure(item.picture, library=library) + _name_and_detail(item.label, dose),
                    f"<ul>{cues}{care}</ul>",
                ]
            )
        parts.append(f"<h3>Rolling: every day (about {round(plan.rolling_minutes)} min)</h3>")
        parts.append(
            _table("Rolling plan", ["Area and time", "How to do it"], rows, "rb-rolling-table")
        )
    if plan.strength:
        rows = [
            [
                item_figure(item.picture, library=library)
                + _name_and_detail(
                    item.label, f"Level {item.level_number} of {item.levels}: {item.level}"
                ),
                _e(f"{item.dose()}, {item.days_per_week} days a week"),
                _e(item.how),
                _e(item.progress_when),
            ]
            for item in plan.strength
        ]
        parts.append(f"<h3>Strength (about {round(plan.strength_minutes)} min)</h3>")
        parts.append(
            _table(
                "Strength plan",
                ["Exercise and level", "How much", "How", "Move on when"],
                rows,
                "rb-strength-table",
            )
        )
    run = plan.running
    zone = run.label
    parts.append("<h3>Running</h3>")
    parts.append(
        f'<p><span class="rb-zone rb-zone-{_e(run.zone)}">{_e(zone)}</span> {_e(run.advice)}</p>'
    )
    parts.append("<p><strong>The pain rules:</strong></p>" + _list(run.rules))
    if run.tips:
        parts.append("<p><strong>Tips for your sore spots:</strong></p>" + _list(run.tips))
    if plan.notes:
        parts.append("<h3>Good to know</h3>" + _list(plan.notes))
    if plan.left_out:
        parts.append("<h3>Left out for now</h3>" + _list(plan.left_out, "rb-left-out"))
    refs = []
    for ref_id in plan.references:
        if ref_id not in library.references:
            continue
        ref = library.reference(ref_id)
        title = (
            f'<a href="{_e(ref.link())}" target="_blank" rel="noopener">{_e(ref.title)}</a>'
            if ref.link()
            else _e(ref.title)  # a clinical convention has no publication to link
        )
        refs.append(f"<li>{_e(ref.short())}. {title} <em>{_e(ref.venue)}</em>.</li>")
    if refs:
        parts.append('<h3>Where this comes from</h3><ul class="rb-refs">' + "".join(refs) + "</ul>")
    return PICTURE_CSS + '<div class="rb-plan">' + "".join(parts) + "</div>"
