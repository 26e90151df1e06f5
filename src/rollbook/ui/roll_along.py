"""The "Roll along" page: a guided, timed session over the runner's saved plan.

The timing lives in :mod:`rollbook.session` (a monotonic deadline, so the clock does
not drift when the kernel is busy). Here a kernel-side asyncio task redraws the
countdown a few times a second while the session runs; it is cancelled on pause,
on finish, when the runner changes and when the page closes.

``ROLLBOOK_FAST`` (read once, when the page is built) speeds time up for tests.
At the end, :mod:`rollbook.ui.roll_finish` saves the session with the strength
exercises of this week's plan; on a day without rolling, :mod:`rollbook.ui.strength_log`
logs the exercises alone.
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
from rollbook.dates import long_date
from rollbook.i18n import _, ngettext
from rollbook.plan_items import cue_label
from rollbook.records import Profile
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
from rollbook.ui.controls import message_html
from rollbook.ui.pictures import roll_along_figure, set_running
from rollbook.ui.profiles import ProfilePicker
from rollbook.ui.roll_finish import SessionFinish, page_button
from rollbook.ui.strength_log import StrengthLog

BUILD_PAGE = "03_build_your_plan.ipynb"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


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
        self.start_button = self._button(_("Start"), "play", "rb-ra-start", self._start, "primary")
        self.pause_button = self._button(_("Pause"), "pause", "rb-ra-pause", self._pause_resume)
        self.back_button = self._button(_("Back"), "step-backward", "rb-ra-back", self._back)
        self.skip_button = self._button(_("Skip"), "step-forward", "rb-ra-skip", self._skip)
        self.end_button = self._button(_("End session"), "stop", "rb-ra-end", self._end)
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
            [self.announcer, self.head, self.controls, self.stage],
            layout=widgets.Layout(width="100%", max_width="52rem"),
        )
        self.player.add_class("rb-ra-player")

        # --- the end of a session, and strength work on a day without rolling
        self.finish_panel = SessionFinish(self.store, today, self._again)
        finish = self.finish_panel
        self.done_text, self.feel, self.note = finish.done_text, finish.feel, finish.note
        self.save_button, self.again_button = finish.save_button, finish.again_button
        self.exercises, self.save_message = finish.exercises, finish.save_message
        self.strength = StrengthLog(self.store, today)

        super().__init__(
            [self.picker, self.status, self.player, self.finish_panel, self.strength],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("rb-roll-along")
        self.picker.on_change(self._load)

    _button = staticmethod(page_button)

    # ------------------------------------------------------------------ loading
    def _load(self, profile: Profile | None) -> None:
        self._stop_task()
        self.session = None
        self.finish_panel.reset()
        self.player.layout.display = "none"
        self.strength.show_for(None)
        link = f'<a href="{BUILD_PAGE}">{_e(_("Build your plan"))}</a>'
        if profile is None:
            self.status.value = message_html(_("Choose or add a runner above."), "info")
            return
        try:
            saved = self.store.current_plan(profile)
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title=_("Could not load the plan:"))
            return
        steps = steps_from_plan(saved.output) if saved is not None else []
        # Strength work can be logged without rolling, and straight away when the
        # plan has no rolling in it.
        self.strength.show_for(profile if saved is not None else None, opened=not steps)
        if saved is None or not steps:
            if saved is None:
                why = _("{name} has no saved plan yet.").format(name=profile.name)
            else:
                why = _("{name}'s plan has no rolling in it.").format(name=profile.name)
            make = _("Make one on the {page} page, save it, then come back here.").format(page=link)
            self.status.value = (
                f'<div class="rb-msg rb-msg-info rb-ra-no-plan" role="status">{_e(why)} '
                f"{make}</div>"
            )
            return
        made = long_date(saved.created.date())
        minutes = round(sum(s.seconds for s in steps) / 60)
        self.status.value = message_html(
            _(
                "Your plan from {date}: {steps} steps, about {minutes} minutes. "
                "Press Start when you are ready."
            ).format(date=made, steps=len(steps), minutes=minutes),
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
        if state == FINISHED:
            words = ngettext("All {total} step done", "All {total} steps done", snap.total)
        else:
            words = _("Step {step} of {total}")
        words = words.format(step=shown, total=snap.total)
        progress = _("Session progress: {done} of {total} steps done").format(
            done=snap.index, total=snap.total
        )
        self.head.value = (
            f"<div><strong>{_e(words)}</strong>"
            f'<progress max="{snap.total}" value="{snap.index}" '
            f'aria-label="{_e(progress)}">'
            f"</progress></div>"
        )
        time_left = _e(_("Time left in this step"))
        self.countdown.value = (
            f'<div class="rb-countdown" role="timer" aria-label="{time_left}">'
            f"{snap.clock_text if state != FINISHED else '00:00'}</div>"
        )
        if snap.step is not None and snap.index != self._last_index:
            self._last_index = snap.index
            step = snap.step
            switch = (
                f'<div class="rb-ra-switch">{_e(_("Switch sides: now the other leg."))}</div>'
                if step.switch_sides
                else ""
            )
            cues = "".join(
                f"<li><strong>{_e(cue_label(k))}:</strong> {_e(v)}</li>" for k, v in step.cues
            )
            self.target.value = (
                f'{switch}<h3 class="rb-ra-target">{_e(step.heading())}</h3>'
                f'<ul class="rb-ra-cues">{cues}</ul>'
            )
            if state != READY:
                said = _("Step {step} of {total}: {heading}.").format(
                    step=shown, total=snap.total, heading=step.heading()
                )
                if step.switch_sides:
                    said += " " + _("Switch sides.")
                self.announcer.text = said
            self.picture.value = roll_along_figure(step.target, step.side)
        set_running(self.picture, state == RUNNING)
        self.start_button.layout.display = "none" if state != READY else ""
        self.pause_button.description = _("Resume") if state == PAUSED else _("Pause")
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
        self.target.value = f'<h3 class="rb-ra-target">{_e(_("Finished. Well done."))}</h3>'
        self.announcer.text = _("Finished. Well done. Rate how it feels now, then save.")
        self.picture.value = ""
        self.strength.hide()  # the exercises are in the session's own form now
        self.finish_panel.show(self.session, self.picker.profile)

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
            self.announcer.text = _("Paused.")
        elif self.session.state == PAUSED:
            self.session.resume()
            self._start_task()
            self.announcer.text = _("Running again.")

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


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None
