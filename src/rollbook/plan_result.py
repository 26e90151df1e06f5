"""What the plan engine returns: a daily routine, or a referral instead of one.

Plain frozen records (:class:`Plan`, :class:`Referral`), built by
:func:`rollbook.plan.build_plan` and shown by the pages, the CLI and the exports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rollbook.cautions import CautionNote
from rollbook.i18n import N_
from rollbook.plan_items import LeftOut, RollingItem, StrengthItem
from rollbook.running_advice import RunningGuidance

__all__ = ["SCREENED_HEADLINE", "UNSCREENED_HEADLINE", "Plan", "Referral"]

#: Headlines of a plan with no referral; "No warning signs." only after the screen.
SCREENED_HEADLINE = N_("No warning signs.")
UNSCREENED_HEADLINE = N_(
    "The safety questions were not answered. Check the warning signs before you start."
)


@dataclass(frozen=True)
class Referral:
    """Whether to see a clinician first, and why."""

    needed: bool
    reasons: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    urgency: str = ""
    flags: list[str] = field(default_factory=list)
    headline: str = ""
    #: Were the safety questions answered (all "no", or some "yes")?
    screened: bool = True
    #: What is safe until the runner is checked (per flag, from the content).
    meanwhile: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """A runner's daily routine, or a referral instead of one."""

    referral: Referral
    rolling: list[RollingItem]
    strength: list[StrengthItem]
    running: RunningGuidance
    total_minutes: float
    minutes: int
    left_out: list[str]
    references: list[str]
    notes: list[str]
    message: str
    roller: str = "smooth"
    name: str = ""
    left_out_detail: list[LeftOut] = field(default_factory=list)
    #: Rolling cautions answered "yes", with what each changes and why.
    cautions: list[CautionNote] = field(default_factory=list)

    @property
    def rolling_minutes(self) -> float:
        """Daily rolling time in minutes."""
        return sum(item.seconds_total for item in self.rolling) / 60

    @property
    def strength_minutes(self) -> float:
        """Strengthening time on a day when every exercise is due, in minutes."""
        return sum(item.seconds_total for item in self.strength) / 60

    def regions(self) -> set[str]:
        """Body-map regions the rolling items touch (for the picture)."""
        return {region for item in self.rolling for region in item.regions}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        data["total_minutes"] = round(self.total_minutes, 2)
        for item, raw in zip(self.rolling, data["rolling"], strict=True):
            raw["minutes"] = round(item.minutes, 2)
        for exercise, raw in zip(self.strength, data["strength"], strict=True):
            raw["minutes"] = round(exercise.minutes, 2)
            if raw["reps"] is None:
                del raw["reps"]
            if raw["hold_seconds"] is None:
                del raw["hold_seconds"]
        return data
