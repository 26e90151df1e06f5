"""The "Roll along" page: a guided, timed session over the runner's saved plan.

The timing lives in :mod:`rollbook.session` (a monotonic deadline, so the clock does
not drift when the kernel is busy). Here a kernel-side asyncio task redraws the
countdown a few times a second while the session runs; it is cancelled on pause,
on finish, when the runner changes and when the page closes.

``ROLLBOOK_FAST`` (read once, when the page is built) speeds time up for tests.
At the end, the strength exercises of this week's plan can be logged too
(:mod:`rollbook.ui.exercise_log`); everything is saved in one transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from rollbook import clock
from rollbook.pages.errors import PageInputError
from rollbook.pages.exercise_log import check_sessions, exercises_to_log, log_day
from rollbook.pages.roll_along import session_entry
from rollbook.records import NOTE_MAX, LogEntry, Profile
from rollbook.session import (
    FINISHED,
    PAUSED,
    READY,
    RUNNING,
    Clock,
    Session,
    Snapshot,
    steps_from_plan,
    time_scale,
)
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.announce import Announcer
from rollbook.ui.controls import message_html, pain_slider
from rollbook.ui.exercise_log import ExerciseLog
from rollbook.ui.pictures import PICTURE_CSS, roll_along_figure, set_running
from rollbook.ui.profiles import ProfilePicker

BUILD_PAGE = "03_build_your_plan.ipynb"
CUE_NAMES = {
    "start": "Start",
    "where": "Where",
    "speed": "Speed",
    "pressure": "Pressure",
    "feel": "Feel",
    "tip": "Tip",
}

_CSS = """
<style>
.rb-ra-head { font-size: 1.05rem; }
.rb-ra-head progress { width: 100%; max-width: 30rem; height: 1.1rem; accent-color: #0f6e6a; display: block; margin-top: 0.3rem; }
.rb-countdown { font-size: 3.5rem; font-weight: 700; font-variant-numeric: tabular-nums; color: #0a4f4c; line-height: 1.1; margin: 0.3rem 0; }
.rb-ra-target { font-size: 1.3rem; margin: 0.3rem 0; }
.rb-ra-switch { display: inline-block; background: #fbeccb; border: 2px solid #1d2a30; border-radius: 6px; padding: 0.2rem 0.6rem; font-weight: 700; margin-bottom: 0.3rem; }
.rb-ra-cues { margin: 0.3rem 0; padding-left: 1.2rem; max-width: 34rem; font-size: 1rem; line-height: 1.5; }
.rb-ra-player .widget-html-content { min-width: 0; max-width: 100%; }
.rb-ra-controls { gap: 0.5rem; margin: 0.4rem 0; }
.rb-ra-controls button { min-height: 44px; }
.rb-ra-done { font-size: 1rem; line-height: 1.5; }
</style>
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _date_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class RollAlong(widgets.VBox):  # type: ignore[misc]
    """Profile picker, guided session player and end-of-session log form."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        clock: Clock = time.monotonic,
        environ: Mapping[str, str] | None = None,
        today: Callable[[], dt.date] = clock.today,
        autotick: bool = True,
    ) -> None:
        self.store = store if store is not None else open_store()
        self.clock = clock
        self.scale = time_scale(os.environ if environ is None else environ)
        self.today = today
        self.autotick = autotick
        self.session: Session | None = None
        self._task: asyncio.Task[None] | None = None
        self._saved_base: LogEntry | None = None
        self._saved_for: Session | None = None
        self._last_index = -1

        self.picker = ProfilePicker(self.store)
        self.status = widgets.HTML()
        self.status.add_class("rb-ra-status")

        # --- the player
        self.announcer = Announcer()
        self.head = widgets.HTML()
        self.head.add_class("rb-ra-head")
        self.countdown = widgets.HTML()
        self.countdown.add_class("rb-ra-countdown")
        self.target = widgets.HTML()
        self.target.add_class("rb-ra-target-box")
        self.picture = widgets.HTML(layout=widgets.Layout(flex="1 1 16rem", min_width="0"))
        self.picture.add_class("rb-ra-picture-box")
        self.start_button = self._button("Start", "play", "rb-ra-start", self._start, "primary")
        self.pause_button = self._button("Pause", "pause", "rb-ra-pause", self._pause_resume)
        self.back_button = self._button("Back", "step-backward", "rb-ra-back", self._back)
        self.skip_button = self._button("Skip", "step-forward", "rb-ra-skip", self._skip)
        self.end_button = self._button("End session", "stop", "rb-ra-end", self._end)
        self.controls = widgets.Box(
            [
                self.start_button,
                self.pause_button,
                self.back_button,
                self.skip_button,
                self.end_button,
            ],
            layout=widgets.Layout(flex_flow="row wrap", width="100%"),
        )
        self.controls.add_class("rb-ra-controls")
        text_col = widgets.VBox(
            [self.countdown, self.target],
            layout=widgets.Layout(flex="1 1 18rem", min_width="0"),
        )
        self.stage = widgets.Box(
            [text_col, self.picture],
            layout=widgets.Layout(flex_flow="row wrap", width="100%", align_items="flex-start"),
        )
        self.player = widgets.VBox(
            [widgets.HTML(_CSS), self.announcer, self.head, self.controls, self.stage],
            layout=widgets.Layout(width="100%", max_width="52rem"),
        )
        self.player.add_class("rb-ra-player")

        # --- the end
        self.done_text = widgets.HTML()
        self.feel = pain_slider("How does it feel now?")
        self.feel.add_class("rb-ra-feel")
        self.note = widgets.Textarea(
            # Send the text when the field is left, so a button pressed right after
            # typing never sees a half-synced value.
            continuous_update=False,
            description="Note",
            placeholder="Anything to remember? (optional)",
            rows=4,
            layout=widgets.Layout(width="100%", max_width="32rem", margin="0.5rem 0"),
            style={"description_width": "4rem"},
        )
        self.note.add_class("rb-ra-note")
        self.save_button = self._button(
            "Save to my log", "save", "rb-ra-save", self._save, "primary"
        )
        self.save_button.layout.width = "auto"  # the full label, even on a phone
        self.again_button = self._button("Start over", "redo", "rb-ra-again", self._again)
        self.exercises = ExerciseLog()
        self.save_message = widgets.HTML()
        self.save_message.add_class("rb-ra-save-message")
        self.finish_panel = widgets.VBox(
            [
                self.done_text,
                self.feel,
                self.note,
                self.exercises,
                widgets.Box(
                    [self.save_button, self.again_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.save_message,
            ],
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.finish_panel.add_class("rb-ra-finish")

        super().__init__(
            [self.picker, self.status, self.player, self.finish_panel],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("rb-roll-along")
        self.picker.on_change(self._load)

    @staticmethod
    def _button(
        label: str, icon: str, css: str, handler: Callable[[Any], None], style: str = ""
    ) -> widgets.Button:
        button = widgets.Button(description=label, icon=icon, button_style=style, tooltip=label)
        button.add_class(css)
        button.on_click(handler)
        return button

    # ------------------------------------------------------------------ loading
    def _load(self, profile: Profile | None) -> None:
        self._stop_task()
        self.session = None
        self._saved_base = None
        self._saved_for = None
        self.save_message.value = ""
        self.player.layout.display = "none"
        self.finish_panel.layout.display = "none"
        link = f'<a href="{BUILD_PAGE}">Build your plan</a>'
        if profile is None:
            self.status.value = message_html("Choose or add a runner above.", "info")
            return
        try:
            saved = self.store.current_plan(profile)
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title="Could not load the plan:")
            return
        steps = steps_from_plan(saved.output) if saved is not None else []
        if saved is None or not steps:
            why = (
                f"{profile.name} has no saved plan yet."
                if saved is None
                else f"{profile.name}'s plan has no rolling in it."
            )
            self.status.value = (
                f'<div class="rb-msg rb-msg-info rb-ra-no-plan" role="status">{_e(why)} '
                f"Make one on the {link} page, save it, then come back here.</div>"
            )
            return
        made = _date_words(saved.created.date())
        self.status.value = message_html(
            f"Your plan from {made}: {len(steps)} steps, about "
            f"{round(sum(s.seconds for s in steps) / 60)} minutes. Press Start when you are ready.",
            "info",
        )
        self.session = Session(steps, clock=self.clock, scale=self.scale)
        self.player.layout.display = "flex"
        self._last_index = -1
        self.render()

    # ------------------------------------------------------------------ drawing
    def render(self) -> Snapshot | None:
        """Bring the screen up to date with the session (safe to call at any rate)."""
        session = self.session
        if session is None:
            return None
        snap = session.snapshot()
        state = snap.state
        shown = min(snap.index + 1, snap.total)
        words = (
            f"All {snap.total} steps done" if state == FINISHED else f"Step {shown} of {snap.total}"
        )
        self.head.value = (
            f"<div><strong>{words}</strong>"
            f'<progress max="{snap.total}" value="{snap.index}" '
            f'aria-label="Session progress: {snap.index} of {snap.total} steps done">'
            f"</progress></div>"
        )
        self.countdown.value = (
            f'<div class="rb-countdown" role="timer" aria-label="Time left in this step">'
            f"{snap.clock_text if state != FINISHED else '00:00'}</div>"
        )
        if snap.step is not None and snap.index != self._last_index:
            self._last_index = snap.index
            step = snap.step
            switch = (
                '<div class="rb-ra-switch">Switch sides: now the other leg.</div>'
                if step.switch_sides
                else ""
            )
            cues = "".join(
                f"<li><strong>{_e(CUE_NAMES.get(k, k))}:</strong> {_e(v)}</li>"
                for k, v in step.cues
            )
            self.target.value = (
                f'{switch}<h3 class="rb-ra-target">{_e(step.heading())}</h3>'
                f'<ul class="rb-ra-cues">{cues}</ul>'
            )
            if state != READY:
                self.announcer.text = f"Step {shown} of {snap.total}: {step.heading()}." + (
                    " Switch sides." if step.switch_sides else ""
                )
            self.picture.value = PICTURE_CSS + roll_along_figure(step.target, step.side)
        set_running(self.picture, state == RUNNING)
        self.start_button.layout.display = "none" if state != READY else ""
        self.pause_button.description = "Resume" if state == PAUSED else "Pause"
        self.pause_button.icon = "play" if state == PAUSED else "pause"
        self.pause_button.disabled = state not in (RUNNING, PAUSED)
        for button in (self.back_button, self.skip_button, self.end_button):
            button.disabled = state == FINISHED
        self.controls.layout.display = "none" if state == FINISHED else "flex"
        if state == FINISHED and self.finish_panel.layout.display == "none":
            self._show_finish()
        return snap

    def _show_finish(self) -> None:
        assert self.session is not None
        self._stop_task()
        minutes = self.session.rolled_minutes()
        self.target.value = '<h3 class="rb-ra-target">Finished. Well done.</h3>'
        self.announcer.text = "Finished. Well done. Rate how it feels now, then save."
        self.picture.value = ""
        self.done_text.value = (
            f"<p class='rb-ra-done'>You rolled for about {minutes} "
            f"minute{'s' if minutes != 1 else ''}. Rate how it feels now, add a note if you "
            "like, then save it to your log.</p>"
        )
        profile = self.picker.profile
        try:
            items = exercises_to_log(self.store, profile, self.today()) if profile else ()
        except StoreError:
            items = ()  # the rolling can still be saved; the save says what went wrong
        self.exercises.show(items)
        self.finish_panel.layout.display = "flex"

    # ------------------------------------------------------------------ actions
    def _start(self, _button: Any = None) -> None:
        if self.session is None:
            return
        self.session.start()
        self._last_index = -1  # announce the first step now that it runs
        self.render()
        self._start_task()

    def _pause_resume(self, _button: Any = None) -> None:
        if self.session is None:
            return
        if self.session.state == RUNNING:
            self.session.pause()
            self._stop_task()
            self.announcer.text = "Paused."
        elif self.session.state == PAUSED:
            self.session.resume()
            self._start_task()
            self.announcer.text = "Running again."
        self.render()

    def _skip(self, _button: Any = None) -> None:
        if self.session is not None:
            self.session.skip()
            self.render()

    def _back(self, _button: Any = None) -> None:
        if self.session is not None:
            self.session.back()
            self._last_index = -1
            self.render()

    def _end(self, _button: Any = None) -> None:
        if self.session is not None:
            self.session.finish()
            self.render()

    def _again(self, _button: Any = None) -> None:
        self._load(self.picker.profile)

    # ------------------------------------------------------------------ timer task
    @property
    def tick_seconds(self) -> float:
        """How often the running task redraws, in real seconds."""
        return 0.25 if self.scale >= 1 else 0.05

    def _start_task(self) -> None:
        if not self.autotick or (self._task is not None and not self._task.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python): the caller calls render()
            return
        self._task = loop.create_task(self._run())

    async def _run(self) -> None:
        while self.session is not None and self.session.state == RUNNING:
            self.render()
            await asyncio.sleep(self.tick_seconds)
        self.render()

    def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done() and task is not _current_task():
            task.cancel()

    def close(self) -> None:
        """Stop the timer task, then close the widgets."""
        self._stop_task()
        super().close()

    # ------------------------------------------------------------------ saving
    def _save(self, _button: Any = None) -> None:
        profile = self.picker.profile
        session = self.session
        if profile is None or session is None or session.state != FINISHED:
            self.save_message.value = message_html("Finish a session first.", "warn")
            return
        note = self.note.value if isinstance(self.note.value, str) else ""
        if len(note) > NOTE_MAX - 60:
            self.save_message.value = message_html(
                f"Your note is {len(note)} characters long. Please keep it under {NOTE_MAX - 60}.",
                "warn",
            )
            return
        today = self.today()
        try:
            sessions = check_sessions(self.exercises.answers(), today, self.exercises.labels())
        except PageInputError as exc:
            label = self.exercises.labels().get(exc.field, "An exercise")
            self.save_message.value = message_html(f"{label}: {exc}", "warn",
                                                   title="Not saved yet:")  # fmt: skip
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
            self.save_message.value = message_html(str(exc), "error", title="Not saved:")
            return
        when = _date_words(today)
        if base is None:
            text = f"Saved in the log for {profile.name}: today, {when}."
        else:
            text = (
                f"Today's log for {profile.name} ({when}) already had an entry. "
                "It now has this session too; the rest of it is kept."
            )
        if sessions:
            text += f" Exercises logged: {len(sessions)}."
        self.save_message.value = message_html(text, "ok")


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None
