"""The walk-run ladder: running after a pause, one phase at a time.

Pure. Each day is judged by the pain model (:mod:`rollbook.painmodel`); this module
adds no pain cut-offs. The phases, start checks, repeat count and sentences live in
content/progression.toml.

* A day the pain model calls ``pause`` stops running (mode ``paused``).
* While paused, the ladder starts on the first day after the pause when every start
  check was answered yes (``rollbook ladder check``), never before.
* On the ladder, each run day the pain model calls ``keep`` counts; after ``repeat``
  such days the next phase starts. ``hold`` keeps the phase (the count stays);
  ``cut-back`` goes back one phase; ``pause`` stops running again.
* After the last phase, running is back to normal.
* A clinician can start the ladder at a phase (after a break) or end it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rollbook import painmodel
from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.i18n import _
from rollbook.mornings import Mornings
from rollbook.progress_records import Adjustment, LadderCheck, between_dates
from rollbook.progression import Event
from rollbook.records import LogEntry

Mode = Literal["normal", "ladder", "paused"]

__all__ = ["Mode", "RunState", "run_state"]


@dataclass(frozen=True)
class RunState:
    """Where running stands on a day: the mode, the ladder phase and the next step."""

    mode: Mode
    #: 1-based ladder phase, None unless ``mode`` is ``ladder``.
    phase: int | None
    #: ``keep`` days done at this phase.
    done: int
    next_step: str
    events: tuple[Event, ...] = ()
    #: The last thing that happened on the ladder: "", "held" or "back".
    last: str = ""
    #: The day running last paused (the plan's start before any pause): the ladder
    #: starts only after it. Kept so a replay can resume from this state.
    paused_on: dt.date | None = field(default=None, compare=False)

    def phase_dict(self, rules: ProgressionContent | None = None) -> dict[str, Any] | None:
        """The phase as JSON-ready data (None unless on the ladder)."""
        if self.phase is None:
            return None
        content = rules or load_progression()
        phase = content.phase[self.phase - 1]
        return {
            "number": self.phase,
            "of": len(content.phase),
            "id": phase.id,
            "label": phase.label,
            "done": self.done,
            "repeat": content.ladder.repeat,
        }


class _Judge:
    """The pain model's verdict for a day, worked out only when the ladder needs it.

    Off the ladder only a ``pause`` matters, and the pain model pauses only on a score
    at or above its pause or bone-stress cut-off; on the ladder a rest day with lower
    scores changes nothing. Skipping the other days saves time on years of logs and
    changes no result (a test checks this against judging every day).
    """

    def __init__(self, ordered: Sequence[LogEntry], mornings: Mornings | None = None) -> None:
        self.ordered = ordered
        self.dates = [e.date for e in ordered]
        rules = painmodel.content().rules
        self.floor = min(painmodel.pause_from(), rules.refer_from)
        self.window = dt.timedelta(days=rules.morning_window_days)
        self.mornings = mornings or Mornings(ordered)

    def __call__(self, day: dt.date, on_ladder: bool) -> painmodel.Verdict | None:
        index = bisect.bisect_left(self.dates, day)
        if index >= len(self.ordered) or self.dates[index] != day:
            return None
        entry = self.ordered[index]
        if not (on_ladder and entry.km > 0):
            floor = self.floor
            for p in entry.pains:
                # A score at or above the floor (None never is) may pause running.
                if (
                    (p.during is not None and p.during >= floor)
                    or (p.after is not None and p.after >= floor)
                    or (p.morning is not None and p.morning >= floor)
                ):
                    break
            else:
                return None
        first = bisect.bisect_left(self.dates, day - self.window)
        return painmodel.day_verdict(entry, self.ordered[first:index], self.mornings)


def _all_met(check: LadderCheck, rules: ProgressionContent) -> bool:
    return all(c.id in check.met for c in rules.check)


def run_state(
    entries: Sequence[LogEntry],
    checks: Sequence[LadderCheck] = (),
    adjustments: Sequence[Adjustment] = (),
    *,
    start: dt.date,
    today: dt.date,
    advice: str = "",
    rules: ProgressionContent | None = None,
    mornings: Mornings | None = None,
    resume: RunState | None = None,
) -> RunState:
    """Walk the days from ``start`` to ``today`` and return where running stands.

    ``advice`` is the pain model's advice for the week, shown in normal mode.
    ``mornings``: the settled levels of ``entries`` up to ``today``, when already read.
    ``resume``: where running stood before ``start`` (a replay up to the day before),
    so a replay can go on from there instead of from the plan's first day.
    """
    content = rules or load_progression()
    ladder = content.ladder
    ordered = between_dates(entries, dt.date.min, today)
    runs = {a.date: a for a in adjustments if a.kind == "run" and start <= a.date <= today}
    judge = _Judge(ordered, mornings)
    by_day = {e.date: e for e in ordered}
    ready = sorted(c.date for c in checks if start <= c.date <= today and _all_met(c, content))
    days = sorted({*judge.dates[bisect.bisect_left(judge.dates, start) :], *ready, *runs})
    mode: Mode = "normal"
    phase, done, last, paused_on = 0, 0, "", start
    events: list[Event] = []
    if resume is not None:
        mode, phase, done, last = resume.mode, resume.phase or 0, resume.done, resume.last
        paused_on, events = resume.paused_on or start, list(resume.events)
    phases = content.phase
    refs = tuple(ladder.references)

    def note(day: dt.date, what: str, why: str, *, clinician: bool = False) -> None:
        events.append(Event(day, what, why, "", refs, clinician=clinician))

    for day in days:
        adj = runs.get(day)
        if adj is not None:
            if adj.change["mode"] == "ladder":
                mode, phase, done, last = "ladder", min(int(adj.change.get("phase", 1)),
                                                         len(phases)), 0, ""  # fmt: skip
                note(
                    day,
                    _("Your clinician started the walk-run plan at step {phase}").format(
                        phase=phase
                    ),
                    adj.reason,
                    clinician=True,
                )
            else:
                mode, phase, done, last = "normal", 0, 0, ""
                note(day, _("Your clinician ended the walk-run plan"), adj.reason, clinician=True)
        if mode == "paused" and day in ready and day > paused_on:
            mode, phase, done, last = "ladder", 1, 0, ""
            note(day, _('Walk-run plan starts: {label}').format(label=phases[0].label),
                 _("You said yes to every start check."))  # fmt: skip
        verdict = judge(day, mode == "ladder")
        if verdict is None:
            continue
        if verdict.action == "pause":
            if mode != "paused":
                note(day, _("Running paused"), " ".join(verdict.reasons[:1]))
            mode, phase, done, last, paused_on = "paused", 0, 0, "", day
            continue
        if mode != "ladder" or by_day[day].km <= 0:
            continue
        if verdict.action == "keep":
            done, last = done + 1, ""
            if done >= ladder.repeat:
                if phase >= len(phases):
                    mode, phase, done = "normal", 0, 0
                    note(day, _("Walk-run plan finished"), ladder.done)
                else:
                    phase, done = phase + 1, 0
                    note(day, _('Walk-run plan: on to step {phase}, {label}').format(phase=phase, label=phases[phase - 1].label),
                         _('{repeat} run days in a row with pain that settled.').format(repeat=ladder.repeat))  # fmt: skip
        elif verdict.action == "hold":
            last = "held"
        else:  # cut-back
            done, last = 0, "back"
            if phase > 1:
                phase -= 1
                note(day, _('Walk-run plan: back to step {phase}, {label}').format(phase=phase, label=phases[phase - 1].label),
                     " ".join(verdict.reasons[:1]) or ladder.back)  # fmt: skip
    return RunState(
        mode=mode,
        phase=phase if mode == "ladder" else None,
        done=done if mode == "ladder" else 0,
        next_step=_next(mode, phase, done, last, advice, content, events),
        events=tuple(events),
        last=last,
        paused_on=paused_on,
    )


def _next(
    mode: Mode,
    phase: int,
    done: int,
    last: str,
    advice: str,
    content: ProgressionContent,
    events: Sequence[Event],
) -> str:
    ladder = content.ladder
    if mode == "paused":
        checks = " ".join(c.question for c in content.check)
        return ladder.paused.format(checks=checks)
    if mode == "normal":
        finished = bool(events) and events[-1].what == "Walk-run plan finished"
        return ladder.done if finished else ladder.normal.format(advice=advice).strip()
    left = max(ladder.repeat - done, 1)
    phases = content.phase
    text = (
        ladder.last.format(left=left)
        if phase >= len(phases)
        else ladder.next.format(left=left, next_phase=phases[phase].label)
    )
    lead = {"held": ladder.held, "back": ladder.back}.get(last, "")
    return f"{lead} {phases[phase - 1].label}. {text}".strip()
