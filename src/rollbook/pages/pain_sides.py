"""Page 05's day form with sides: which sides a site's scores are asked for, and the
pain records the form's scores make.

Rules, in one place so the form and its tests agree:
- a site in the middle of the body (``sided = false`` in the content library) has no
  side, whatever the plan says;
- with no saved plan, scores have no side (as before sides were logged);
- a plan for the left or the right logs that side without asking;
- a plan for both sides asks for the left and the right apart;
- a saved day is shown as it was saved: a day logged without sides keeps its one row,
  a day with a side on it shows that side too, so editing it never drops a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rollbook.i18n import N_, _
from rollbook.records import PAIN_FIELDS, LogEntry, SitePain
from rollbook.sides import SIDES, midline_sites

if TYPE_CHECKING:
    from rollbook.records import SavedPlan

#: Sides a site's scores are asked for; ``(None,)`` is one row with no side.
Sides = tuple[str | None, ...]
NO_SIDE: Sides = (None,)

#: How each side is named on the form (patient text).
SIDE_NAMES: dict[str | None, str] = {"left": N_("Left side"), "right": N_("Right side"), None: ""}


def plan_sides(plan: SavedPlan | None) -> Sides:
    """The sides a saved plan asks about: one, both, or none when there is no plan."""
    if plan is None:
        return NO_SIDE
    from rollbook.weekplan import plan_side

    side = plan_side(plan.inputs)
    if side in SIDES:
        return (side,)
    return SIDES


def default_sides(site: str, plan: SavedPlan | None, midline: Iterable[str] | None = None) -> Sides:
    """The sides asked for at ``site`` on a new day."""
    middle = frozenset(midline) if midline is not None else midline_sites()
    return NO_SIDE if site in middle else plan_sides(plan)


def day_sides(site: str, entry: LogEntry | None, default: Sides) -> Sides:
    """The sides to show for ``site`` when the form holds ``entry`` (None: a new day)."""
    saved = [p.side for p in entry.pains if p.site == site] if entry else []
    if not saved:
        return default
    if None in saved:
        return NO_SIDE
    wanted = {s for s in (*default, *saved) if s}
    return tuple(s for s in SIDES if s in wanted)


def form_pains(site: str, scores: Mapping[str | None, Mapping[str, int | None]]) -> list[SitePain]:
    """The pain records for ``site`` from the form's scores by side and measure.

    A side with every score blank is left out (the runner has nothing to log there).
    """
    pains: list[SitePain] = []
    for side, by_measure in scores.items():
        if any(by_measure.get(m) is not None for m in PAIN_FIELDS):
            pains.append(SitePain.from_scores(site, by_measure, side))
    return pains


def side_heading(label: str, sides: Sides) -> str:
    """The heading of a site on the form: ``Front of knee`` or ``Front of knee, left side``."""
    if len(sides) == 1 and sides[0] is not None:
        return _("{label}, {side}").format(label=label, side=_(SIDE_NAMES[sides[0]]).lower())
    return label


def side_question(question: str, side: str | None, sides: Sides) -> str:
    """A score's label: the pain model's question, led by the side when both are asked."""
    if side is None or len(sides) == 1:
        return question
    return _("{side}: {question}").format(
        side=_(SIDE_NAMES[side]), question=question[:1].lower() + question[1:]
    )
