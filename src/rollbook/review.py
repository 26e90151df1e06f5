"""Review dates and the LEFS (Lower Extremity Functional Scale) change.

Pure. The default days between reviews and the LEFS's important change (9 points,
Binkley 1999) live in content/progression.toml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rollbook.content.progressfile import ProgressionContent, load_progression
from rollbook.progress_records import Adjustment, LefsRecord

__all__ = ["LefsChange", "lefs_change", "review_on"]


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
