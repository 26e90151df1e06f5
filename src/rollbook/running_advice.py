"""The plan's running guidance: the pain model's action for the pain a runner marks.

Part of the pain model (rollbook.painmodel): the action comes from the same bands and
the words from the same content file (content/painmodel.toml, section ``running``).
Rules a test holds it to: ``pause`` never carries a distance target; "leave a day
between runs" is only said to people who run 2 to 4 days a week; a referral means
no running until a clinician has checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rollbook import painmodel
from rollbook.loadguard import fmt

#: Up to this many run days a week, "leave a day between runs" can be followed.
FEW_RUN_DAYS = 4


@dataclass(frozen=True)
class RunningGuidance:
    """What to do with running, from the pain-monitoring model."""

    action: str
    zone: str
    pain: int
    advice: str
    rules: list[str]
    levels: dict[str, str]
    tips: list[str]
    references: list[str]
    #: Sites where a clinician must rule out bone stress before running (pain >= 7).
    bone_stress: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The action's short name, e.g. ``Pause running``."""
        return painmodel.action_info(self.action).label


def plan_action(pain: Mapping[str, int], *, referral: bool = False) -> painmodel.Action:
    """The action for the pain marked on the plan page (the worst site decides)."""
    if referral:
        return "pause"
    return painmodel.more_careful(*(painmodel.action_for_score(v) for v in pain.values()))


def pain_rules() -> list[str]:
    """The pain-monitoring rules printed with every plan."""
    numbers = {"acceptable_max": painmodel.acceptable_max(), "pause_from": painmodel.pause_from()}
    return [rule.format(**numbers) for rule in painmodel.content().running.rules]


def pain_levels() -> dict[str, str]:
    """Each pain band's meaning, keyed by band id (safe, acceptable, too-much, severe)."""
    return {band.id: band.text for band in painmodel.content().band}


def running_guidance(
    pain: Mapping[str, int],
    *,
    weekly_km: float,
    run_days: int,
    referral: bool = False,
    tips: Sequence[str] = (),
) -> RunningGuidance:
    """Running guidance for the pain marked, the weekly km and run days typed.

    ``referral`` is True when the plan sends the runner to a clinician first (a red
    flag, or pain high enough at a site where bone stress must be ruled out).
    """
    words = painmodel.content().running
    active = {site: value for site, value in pain.items() if value > 0}
    top = max(active.values(), default=0)
    action = plan_action(active, referral=referral)
    numbers = {
        "pain": top,
        "km": fmt(weekly_km),
        "acceptable_max": painmodel.acceptable_max(),
        "pause_from": painmodel.pause_from(),
    }
    if referral:
        advice = words.referral
    elif not active:
        advice = words.no_pain
    elif action == "pause":
        advice = words.pause  # never a distance target
    elif weekly_km == 0:
        advice = words.not_running
    else:
        advice = {"keep": words.keep, "hold": words.hold, "cut-back": words.cut_back}[action]
        if action == "cut-back":
            if run_days > FEW_RUN_DAYS:
                advice += " " + words.many_days
            elif run_days >= 2:
                advice += " " + words.few_days
    refs = list(words.references)
    if any(site == "knee" for site in active):
        refs += [r for r in words.knee_references if r not in refs]
    stress = [site for site, _ in painmodel.bone_stress(active)]
    if stress:
        refs += [r for r in painmodel.content().rules.refer_references if r not in refs]
    return RunningGuidance(
        action=action,
        zone=painmodel.action_info(action).colour,
        pain=top,
        advice=advice.format(**numbers),
        rules=pain_rules(),
        levels=pain_levels(),
        tips=[] if referral or action == "pause" else list(tips),
        references=refs,
        bone_stress=stress,
    )
