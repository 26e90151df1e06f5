"""Page model for the review on page 05: is a review due or done, and what changed.

:func:`review_state` reads the runner's plan, log, scores and the clinician's changes
from the store and returns a :class:`ReviewState`: the review date and whether it is
due, the PSFS and LEFS changes judged against their important change, the exercises
that moved up or down since the review before, the walk-run step, the clinician's
changes and what to talk about. Every judgement comes from the core
(:mod:`rollbook.review`, :mod:`rollbook.analytics`, :mod:`rollbook.weekload`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rollbook import analytics
from rollbook.content.progressfile import load_progression
from rollbook.review import LefsChange, lefs_change, review_topics, review_window
from rollbook.weekload import load_week

if TYPE_CHECKING:
    from rollbook.progression import Event
    from rollbook.records import Profile
    from rollbook.store.base import Store

__all__ = ["LevelMove", "ReviewState", "review_state"]


@dataclass(frozen=True)
class LevelMove:
    """An exercise whose level changed since the review before: from ``before`` to ``after``."""

    exercise: str
    label: str
    before: int
    after: int
    levels: int

    @property
    def direction(self) -> Literal["up", "down"]:
        """``up`` or ``down``."""
        return "up" if self.after > self.before else "down"


@dataclass(frozen=True)
class ReviewState:
    """What page 05 shows about the review (see :func:`review_state`).

    ``moves`` are worked out only around a review (``status`` due or done); they are
    empty when the review is ``later``, as nothing shows them then.
    """

    status: Literal["due", "done", "later"]
    review_on: dt.date
    since: dt.date
    psfs: analytics.PsfsChange | None
    psfs_count: int
    lefs: LefsChange | None
    lefs_count: int
    moves: tuple[LevelMove, ...]
    run_mode: str
    run_phase: int | None
    run_phases: int
    run_phase_label: str
    run_step: str
    clinician: tuple[Event, ...]
    topics: tuple[str, ...]
    lefs_mcid: int
    psfs_mcid: float

    @property
    def shows_summary(self) -> bool:
        """True when a review is due or done: the page shows the summary and the form."""
        return self.status != "later"


def review_state(store: Store, profile: Profile, today: dt.date) -> ReviewState | None:
    """The runner's review on ``today``; None when no plan is saved.

    Raises the store's error when the data cannot be read.
    """
    week = load_week(store, profile, today)
    if week is None:
        return None
    rules = load_progression()
    adjustments = store.list_adjustments(profile)
    lefs_records = store.list_lefs(profile)
    psfs_records = store.list_psfs(profile)
    window = review_window(
        week.start, today, adjustments, [r.date for r in lefs_records], rules=rules
    )
    # Levels at the review before are only shown around a review: another replay of
    # the log is not worth its time on the other days.
    shown = window.status != "later"
    before = load_week(store, profile, window.since) if shown and window.since < today else week
    then = {e.exercise: e.level for e in before.exercises} if before else {}
    moves = tuple(
        LevelMove(e.exercise, e.label, then[e.exercise], e.level, e.levels)
        for e in week.exercises
        if e.exercise in then and then[e.exercise] != e.level
    )
    lefs = lefs_change(lefs_records, rules=rules)
    psfs = analytics.psfs_change(psfs_records)
    topics = review_topics(
        lefs=lefs,
        psfs_change=psfs.change if psfs is not None and len(psfs_records) > 1 else None,
        psfs_meaningful=bool(psfs and psfs.meaningful),
        stepped_down=[m.label for m in moves if m.direction == "down"],
        top_level=[e.label for e in week.exercises if e.level == e.levels],
        paused=week.run.mode == "paused",
        action=week.action,
        rules=rules,
    )
    clinician = tuple(e for e in week.history if e.clinician and e.date >= window.since)
    return ReviewState(
        status=window.status,
        review_on=window.on,
        since=window.since,
        psfs=psfs,
        psfs_count=len(psfs_records),
        lefs=lefs,
        lefs_count=len(lefs_records),
        moves=moves,
        run_mode=week.run.mode,
        run_phase=week.run.phase,
        run_phases=len(rules.phase),
        run_phase_label=rules.phase[week.run.phase - 1].label if week.run.phase else "",
        run_step=week.run.next_step,
        clinician=clinician,
        topics=tuple(topics),
        lefs_mcid=rules.lefs.mcid,
        psfs_mcid=analytics.PSFS_MCID,
    )
