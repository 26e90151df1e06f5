"""Roll-along session: the steps of a saved plan and a drift-free countdown.

Pure logic with an injectable clock, so tests can run a 15-minute session in
microseconds with late and irregular ticks. No widgets, no disk.

Why it does not drift: the time left is always ``deadline - clock()``, never a
count of ticks. When a step runs out, the next step's deadline is the old
deadline plus the next step's length, not "now" plus it, so a late tick does not
push the rest of the session back. Pause stores the time left; resume sets a new
deadline from it.

Times are in *session seconds*. ``scale`` says how many clock seconds one session
second lasts (1.0 normally; 0.02 in the fast test mode, see :func:`time_scale`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rollbook.i18n import _

Clock = Callable[[], float]

#: ``ROLLBOOK_FAST=1``: each session second lasts this many real seconds.
FAST_SCALE = 0.02
FAST_ENV = "ROLLBOOK_FAST"
MAX_STEP_SECONDS = 600
MAX_STEPS = 200
CUE_ORDER = ("start", "where", "speed", "pressure", "feel", "tip")

READY, RUNNING, PAUSED, FINISHED = "ready", "running", "paused", "finished"


def time_scale(environ: Mapping[str, str]) -> float:
    """Clock seconds per session second, from ``ROLLBOOK_FAST`` in ``environ``.

    Unset, empty, ``0``, ``no`` or ``false`` → 1.0 (real time). A number between 0
    and 1 is used as the factor itself; any other value → :data:`FAST_SCALE`.
    """
    raw = str(environ.get(FAST_ENV, "")).strip().lower()
    if raw in ("", "0", "no", "false", "off"):
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        return FAST_SCALE
    if math.isfinite(value) and 0 < value < 1:
        return value
    return FAST_SCALE


@dataclass(frozen=True)
class Step:
    """One timed stretch of rolling: one target, one set, one side."""

    target: str
    label: str
    seconds: int
    set_number: int
    sets: int
    side: str  # "left", "right", "both" or "centre"
    cues: tuple[tuple[str, str], ...]
    regions: tuple[str, ...]
    switch_sides: bool = False  # True on the second side of a two-sided item

    def heading(self) -> str:
        """``Calf, left leg, set 1 of 2`` in plain words."""
        parts = [self.label]
        if self.side in ("left", "right"):
            parts.append(_("{side} leg").format(side=self.side))
        elif self.side == "both":
            parts.append(_("both legs"))
        parts.append(
            _("set {set_number} of {sets}").format(set_number=self.set_number, sets=self.sets)
        )
        return ", ".join(parts)


def _int_in(value: Any, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return default
    return max(low, min(high, int(value)))


def _text(value: Any, limit: int = 400) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def steps_from_plan(output: Mapping[str, Any]) -> list[Step]:
    """Turn a saved plan's ``rolling`` list into timed steps.

    Saved data may be old or edited by hand, so every field is checked: items that
    are not usable are skipped, numbers are clamped, text is trimmed.
    """
    raw_items = output.get("rolling") if isinstance(output, Mapping) else None
    if not isinstance(raw_items, list):
        return []
    steps: list[Step] = []
    for raw in raw_items:
        if not isinstance(raw, Mapping):
            continue
        label = _text(raw.get("label"), 80)
        target = _text(raw.get("target"), 80)
        if not label or not target:
            continue
        seconds = _int_in(raw.get("seconds"), 5, MAX_STEP_SECONDS, 60)
        sets = _int_in(raw.get("sets"), 1, 5, 1)
        side = raw.get("side")
        sides = ["left", "right"] if side == "each" else ["both" if side == "both" else "centre"]
        cues_raw = raw.get("cues")
        cues: list[tuple[str, str]] = []
        if isinstance(cues_raw, Mapping):
            cues = [
                (key, _text(cues_raw.get(key))) for key in CUE_ORDER if _text(cues_raw.get(key))
            ]
        regions_raw = raw.get("regions")
        regions = (
            tuple(r for r in regions_raw if isinstance(r, str))
            if isinstance(regions_raw, list)
            else ()
        )
        for set_number in range(1, sets + 1):
            for index, one_side in enumerate(sides):
                steps.append(
                    Step(
                        target=target,
                        label=label,
                        seconds=seconds,
                        set_number=set_number,
                        sets=sets,
                        side=one_side,
                        cues=tuple(cues),
                        regions=regions,
                        switch_sides=index > 0,
                    )
                )
    return steps[:MAX_STEPS]


@dataclass(frozen=True)
class Snapshot:
    """What the screen should show right now."""

    state: str
    index: int  # 0-based; equals len(steps) when finished
    total: int
    remaining: float  # session seconds left in the current step
    rolled: float  # session seconds spent rolling so far
    step: Step | None

    @property
    def clock_text(self) -> str:
        """The time left as ``mm:ss`` (rounded up, so 0:00 shows only at the end)."""
        return mmss(self.remaining)

    @property
    def fraction_done(self) -> float:
        """Share of steps finished, 0.0–1.0."""
        return 1.0 if self.total == 0 else min(1.0, self.index / self.total)


def mmss(seconds: float) -> str:
    """``75.2`` → ``01:16``: whole seconds rounded up, never negative."""
    whole = max(0, math.ceil(seconds - 1e-9)) if math.isfinite(seconds) else 0
    return f"{whole // 60:02d}:{whole % 60:02d}"


class Session:
    """A guided session over ``steps``, timed by ``clock`` (``time.monotonic``)."""

    def __init__(
        self, steps: Iterable[Step], *, clock: Clock = time.monotonic, scale: float = 1.0
    ) -> None:
        if not (math.isfinite(scale) and scale > 0):
            raise ValueError(
                _("scale must be a positive number (got {scale!r})").format(scale=scale)
            )
        self.steps = list(steps)
        self.clock = clock
        self.scale = scale
        self.index = 0
        self.state = FINISHED if not self.steps else READY
        self._deadline = 0.0  # clock time when the current step ends (while running)
        self._remaining = float(self.steps[0].seconds) if self.steps else 0.0
        self._rolled_done = 0.0  # session seconds rolled in steps already left behind
        self.started_at: float | None = None
        self.finished_at: float | None = None

    # ------------------------------------------------------------------ reading
    def remaining(self) -> float:
        """Session seconds left in the current step."""
        if self.state == RUNNING:
            left = (self._deadline - self.clock()) / self.scale
            return max(0.0, min(float(self.steps[self.index].seconds), left))
        return self._remaining

    def rolled_seconds(self) -> float:
        """Session seconds actually spent rolling (pauses and skipped parts excluded)."""
        if self.state == FINISHED or self.index >= len(self.steps):
            return self._rolled_done
        return self._rolled_done + max(0.0, self.steps[self.index].seconds - self.remaining())

    def rolled_minutes(self) -> int:
        """Rolled time in whole minutes, rounded to the nearest minute."""
        return math.floor(self.rolled_seconds() / 60 + 0.5)

    def total_seconds(self) -> int:
        """The planned length of the whole session in session seconds."""
        return sum(step.seconds for step in self.steps)

    def snapshot(self) -> Snapshot:
        """Advance past any finished steps, then say what to show."""
        self.tick()
        step = self.steps[self.index] if self.index < len(self.steps) else None
        return Snapshot(
            state=self.state,
            index=self.index,
            total=len(self.steps),
            remaining=self.remaining() if step else 0.0,
            rolled=self.rolled_seconds(),
            step=step,
        )

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        """Start from the first step (or resume if paused)."""
        if self.state == READY:
            now = self.clock()
            self.started_at = now
            self._deadline = now + self._remaining * self.scale
            self.state = RUNNING
        elif self.state == PAUSED:
            self.resume()

    def pause(self) -> None:
        """Stop the clock and keep the time left."""
        if self.state == RUNNING:
            self.tick()
        if self.state == RUNNING:
            self._remaining = self.remaining()
            self.state = PAUSED

    def resume(self) -> None:
        """Run on from where the pause left off."""
        if self.state == PAUSED:
            self._deadline = self.clock() + self._remaining * self.scale
            self.state = RUNNING

    def tick(self) -> None:
        """Move on past every step whose deadline has passed (call often; any rate)."""
        if self.state != RUNNING:
            return
        now = self.clock()
        while self.state == RUNNING and now >= self._deadline:
            self._rolled_done += self.steps[self.index].seconds
            self.index += 1
            if self.index >= len(self.steps):
                self._finish(at=self._deadline)
                return
            # Chain from the old deadline, not from now: late ticks cause no drift.
            self._deadline += self.steps[self.index].seconds * self.scale

    def skip(self) -> None:
        """Leave the current step now and start the next one."""
        if self.state in (FINISHED,) or self.index >= len(self.steps):
            return
        self.tick()
        if self.state == FINISHED:
            return
        step = self.steps[self.index]
        self._rolled_done += max(0.0, step.seconds - self.remaining())
        self._go_to(self.index + 1)

    def back(self) -> None:
        """Restart the current step, or go to the one before if it has barely begun."""
        if self.state == FINISHED or not self.steps:
            return
        self.tick()
        if self.state == FINISHED:
            return
        step = self.steps[self.index]
        elapsed = max(0.0, step.seconds - self.remaining())
        self._rolled_done += elapsed
        target = self.index - 1 if elapsed < 3 and self.index > 0 else self.index
        self._go_to(target)

    def finish(self) -> None:
        """End the session now (the rolled time so far is kept)."""
        if self.state == FINISHED:
            return
        self.tick()
        if self.state == FINISHED:
            return
        if self.index < len(self.steps) and self.state != READY:
            self._rolled_done += max(0.0, self.steps[self.index].seconds - self.remaining())
        self._finish(at=self.clock())

    # ------------------------------------------------------------------ inner
    def _go_to(self, index: int) -> None:
        if index >= len(self.steps):
            self.index = len(self.steps)
            self._finish(at=self.clock())
            return
        self.index = max(0, index)
        self._remaining = float(self.steps[self.index].seconds)
        if self.state == RUNNING:
            self._deadline = self.clock() + self._remaining * self.scale

    def _finish(self, *, at: float) -> None:
        self.state = FINISHED
        self.index = len(self.steps)
        self._remaining = 0.0
        self.finished_at = at
