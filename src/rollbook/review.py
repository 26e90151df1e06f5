"""Review dates, the LEFS (Lower Extremity Functional Scale) change and review topics.

Pure. The default days between reviews, the days around a review when the LEFS is
asked for, the LEFS's important change (9 points, Binkley 1999) and the sentences of
the topics to talk about live in content/progression.toml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.progress_records import Adjustment, LefsRecord

__all__ = [
    "LefsChange", "ReviewWindow", "lefs_change", "review_dates", "review_on", "review_topics",
    "review_window",
]  # fmt: skip


def change_words(meets_mcid: bool, rules: ProgressionContent | None = None) -> str:
    """How a PSFS or LEFS change reads: one that matters, or not yet a clear one."""
    review = (rules or load_progression()).review
    return review.change_matters if meets_mcid else review.change_not_yet


def review_on(
    start: dt.date,
    today: dt.date,
    adjustments: Sequence[Adjustment] = (),
    *,
    rules: ProgressionContent | None = None,
) -> dt.date:
    """The next review on or after ``today``.

    Reviews fall every ``every_days`` (content) from the plan's start. A clinician's
    ``review`` change made on or before ``today`` sets the next review date (and may
    set another gap, within the content's range); later reviews follow on from it.
    """
    content = rules or load_progression()
    every = content.review.every_days
    anchor = start + dt.timedelta(days=every)
    for adj in sorted(adjustments, key=lambda a: a.date):
        if adj.kind != "review" or adj.date > today or adj.date < start:
            continue
        anchor = dt.date.fromisoformat(str(adj.change["on"]))
        gap = adj.change.get("every_days")
        if isinstance(gap, int) and content.review.min_days <= gap <= content.review.max_days:
            every = gap
    if anchor >= today:
        return anchor
    steps = -(-(today - anchor).days // every)  # ceiling division
    return anchor + dt.timedelta(days=steps * every)


@dataclass(frozen=True)
class LefsChange:
    """LEFS totals (0-80) at the first and latest scoring, and whether it moved enough."""

    latest: int
    first: int
    change: int
    meets_mcid: bool
    latest_on: dt.date
    first_on: dt.date

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (dates as ISO text)."""
        data = asdict(self)
        data["latest_on"] = self.latest_on.isoformat()
        data["first_on"] = self.first_on.isoformat()
        return data


def lefs_change(
    records: Iterable[LefsRecord], *, rules: ProgressionContent | None = None
) -> LefsChange | None:
    """The change in LEFS total since the first scoring; None with no scoring.

    ``meets_mcid`` is true when the total moved by the important change or more
    (9 points), up or down.
    """
    ordered = sorted(records, key=lambda r: r.date)
    if not ordered:
        return None
    mcid = (rules or load_progression()).lefs.mcid
    first, latest = ordered[0], ordered[-1]
    change = latest.total - first.total
    return LefsChange(
        latest=latest.total,
        first=first.total,
        change=change,
        meets_mcid=abs(change) >= mcid,
        latest_on=latest.date,
        first_on=first.date,
    )


def review_dates(
    start: dt.date,
    until: dt.date,
    adjustments: Sequence[Adjustment] = (),
    *,
    rules: ProgressionContent | None = None,
) -> list[dt.date]:
    """Every review held from the plan's start, up to the first on or after ``until``.

    A review counts as it stood on its day: a clinician's change of the date made
    before a review replaces it (:func:`review_on` on each day a change was made).
    """
    content = rules or load_progression()
    changed = sorted(
        {a.date for a in adjustments if a.kind == "review" and start <= a.date <= until}
    )
    dates: list[dt.date] = []
    day = start
    while True:
        on = review_on(start, day, adjustments, rules=content)
        moved = next((d for d in changed if day < d <= on), None)
        if moved is not None:
            day = moved  # look again from the day the clinician changed the date
            continue
        dates.append(on)
        if on >= until:
            return dates
        day = on + dt.timedelta(days=1)


@dataclass(frozen=True)
class ReviewWindow:
    """Where the runner stands with reviews on ``today``.

    ``status``: ``due`` (a review is within the content's ``form_days`` and no LEFS is
    saved for it), ``done`` (within those days and a LEFS is saved for it) or
    ``later`` (no review near). ``on`` is that review (the next one when ``later``);
    ``since`` is the review before it, or the plan's start.
    """

    status: Literal["due", "done", "later"]
    on: dt.date
    since: dt.date


def review_window(
    start: dt.date,
    today: dt.date,
    adjustments: Sequence[Adjustment] = (),
    lefs_dates: Iterable[dt.date] = (),
    *,
    rules: ProgressionContent | None = None,
) -> ReviewWindow:
    """The review near ``today`` (``form_days`` before or after it), and whether the
    LEFS for it is saved (a LEFS dated within ``form_days`` of the review)."""
    content = rules or load_progression()
    days = dt.timedelta(days=content.review.form_days)
    dates = review_dates(start, today, adjustments, rules=content)
    upcoming = dates[-1]
    past = [d for d in dates if d < today]
    near: dt.date | None = None
    if upcoming - today <= days:
        near = upcoming
    elif past and today - past[-1] <= days:
        near = past[-1]
    if near is None:
        return ReviewWindow("later", upcoming, past[-1] if past else start)
    before = [d for d in dates if d < near]
    done = any(near - days <= d <= near + days for d in lefs_dates)
    return ReviewWindow("done" if done else "due", near, before[-1] if before else start)


def review_topics(
    *,
    lefs: LefsChange | None,
    psfs_change: float | None,
    psfs_meaningful: bool,
    stepped_down: Sequence[str],
    top_level: Sequence[str],
    paused: bool,
    action: str,
    rules: ProgressionContent | None = None,
) -> list[str]:
    """What to talk about with the clinician at a review, as sentences, most pressing first.

    Built only from verdicts made elsewhere: the LEFS and PSFS changes judged against
    their important change, exercises the progression rules stepped down or took to
    their last level, and the pain model's action and the run state. ``psfs_change``
    is the PSFS average's change since the first rating (None with fewer than two).
    """
    content = rules or load_progression()
    picked: list[tuple[str, dict[str, str]]] = []
    if lefs is not None and lefs.meets_mcid and lefs.change < 0:
        picked.append(("lefs-worse", {"points": str(abs(lefs.change))}))
    if paused:
        picked.append(("running-paused", {}))
    elif action == "cut-back":
        picked.append(("cut-back", {}))
    if stepped_down:
        picked.append(("stepped-down", {"labels": ", ".join(stepped_down)}))
    better = (lefs is not None and lefs.meets_mcid and lefs.change > 0) or (
        psfs_meaningful and psfs_change is not None and psfs_change > 0
    )
    measured = (lefs is not None and lefs.first_on != lefs.latest_on) or psfs_change is not None
    if better:
        picked.append(("scores-better", {}))
    elif measured and not any(t == "lefs-worse" for t, _ in picked):
        picked.append(("scores-flat", {}))
    if top_level:
        picked.append(("top-level", {"labels": ", ".join(top_level)}))
    picked.append(("always", {}))
    names = {"labels": "", "points": ""}
    return [content.discuss_by_id(t).text.format(**{**names, **v}) for t, v in picked]
