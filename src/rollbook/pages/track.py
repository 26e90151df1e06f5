"""Page 05's model: a runner's log as the page shows it, and the rules of its forms.

The views in ``rollbook/ui/track*.py`` build and read the widgets; what is shown and
what a form's answers mean is decided here, without a widget: which places the day
form offers, which of yesterday's scores still wait for the morning, what the
activity scores (PSFS) say, and which rows of the scores form are complete.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook import analytics
from rollbook.i18n import _
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, RecordError, SavedPlan, SitePain

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store

__all__ = [
    "SITE_MEMORY_DAYS", "PsfsRow", "TrackData", "check_psfs", "entry_on", "form_sites",
    "load_track", "morning_due", "plan_pain_sites", "psfs_text", "with_morning",
]  # fmt: skip

#: Sites logged this many days back are offered again on the log form.
SITE_MEMORY_DAYS = 60


@dataclass(frozen=True)
class TrackData:
    """One runner's saved log, activity scores, plan and runs, read in one go."""

    entries: list[LogEntry]
    psfs: list[PsfsRecord]
    plan: SavedPlan | None
    #: Single runs from a watch for the load guard (hand-logged days count as one).
    guard_runs: list[tuple[dt.date, float]] | None


def load_track(store: Store, profile: Profile) -> TrackData:
    """Read what page 05 shows for ``profile``; the store's error passes through."""
    from rollbook.runs.summary import load_runs

    entries = store.list_entries(profile)
    return TrackData(
        entries=entries,
        psfs=store.list_psfs(profile),
        plan=store.current_plan(profile),
        guard_runs=load_runs(entries, store.runs(profile)),
    )


def entry_on(entries: Iterable[LogEntry], day: object) -> LogEntry | None:
    """The entry logged on ``day``, or None."""
    return next((e for e in entries if e.date == day), None)


def plan_pain_sites(plan: SavedPlan | None) -> list[str]:
    """The sites the saved plan was made for (a pain score above 0 in its answers)."""
    pain = plan.inputs.get("pain") if plan and isinstance(plan.inputs, Mapping) else None
    if not isinstance(pain, Mapping):
        return []
    return [s for s, v in pain.items() if isinstance(v, int) and v > 0]


def form_sites(
    shown: Iterable[str],
    data: TrackData,
    order: Sequence[str],
    today: dt.date,
) -> list[str]:
    """The places the day form asks about, in the library's order.

    Those already on the form, the plan's sites, and every site logged in the last
    :data:`SITE_MEMORY_DAYS` days; a site the library no longer knows comes last.
    """
    wanted = set(shown) | set(plan_pain_sites(data.plan))
    since = today - dt.timedelta(days=SITE_MEMORY_DAYS)
    wanted |= {p.site for e in data.entries if e.date >= since for p in e.pains}
    known = [s for s in order if s in wanted]
    return known + sorted(s for s in wanted if s not in set(order))


def morning_due(entries: Iterable[LogEntry], today: dt.date) -> tuple[SitePain, ...]:
    """Yesterday's pain records that have no next-morning score yet."""
    entry = entry_on(entries, today - dt.timedelta(days=1))
    return tuple(p for p in entry.pains if p.morning is None) if entry else ()


def with_morning(entry: LogEntry, scores: Mapping[str, int | None]) -> LogEntry:
    """``entry`` with the morning scores given by place (``where``); None keeps a score."""
    pains = tuple(
        dataclasses.replace(p, morning=scores[p.where]) if scores.get(p.where) is not None else p
        for p in entry.pains
    )
    return dataclasses.replace(entry, pains=pains)


@dataclass(frozen=True)
class PsfsRow:
    """One row of the activity-scores form as it came back: a name and a 0-10 score."""

    label: str
    activity: str
    score: int | None


def check_psfs(rows: Sequence[PsfsRow], day: dt.date) -> PsfsRecord | list[str]:
    """The record the rows make, or the problems to fix (nothing is saved then)."""
    items: list[PsfsItem] = []
    problems: list[str] = []
    for row in rows:
        activity = row.activity.strip()
        if activity and row.score is None:
            problems.append(_("Give “{activity}” a score from 0 to 10.").format(activity=activity))
        elif row.score is not None and not activity:
            problems.append(
                _("{label} has no activity. Name the activity.").format(label=row.label)
            )
        elif activity and row.score is not None:
            try:
                items.append(PsfsItem(activity, row.score))
            except RecordError as exc:
                problems.append(str(exc))
    if not items and not problems:
        problems.append(_("Name at least one activity and give it a score."))
    return problems if problems else PsfsRecord(day, tuple(items))


def psfs_text(change: analytics.PsfsChange | None, count: int) -> str:
    """Return the PSFS change in plain words, judged against the 2-point change that matters."""
    if change is None:
        return _("No activity scores yet.")
    if count < 2:
        return _(
            "Your first score averages {first:.1f} out of 10. Score the same activities again next week to see a change."
        ).format(first=change.first)
    text = _(
        "Your average went from {first:.1f} to {latest:.1f} out of 10 ({change:+.1f} points). "
    ).format(first=change.first, latest=change.latest, change=change.change)
    if change.meaningful and change.change > 0:
        return text + _("That is 2 points or more: a real gain.")
    if change.meaningful:
        return text + _("That is a drop of 2 points or more. Tell your clinician.")
    return text + _("That is less than 2 points, so it may just be normal ups and downs.")
