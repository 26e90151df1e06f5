"""Red-flag screen: any "yes" sends the runner to a clinician before self-care.

Pure functions over the content library; no screen, no disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.content import Library

#: Referral urgency from least to most urgent; the most urgent "yes" sets the plan's.
URGENCY_ORDER: dict[str, int] = {"": 0, "soon": 1, "today": 2, "now": 3}
_URGENCY_ORDER = URGENCY_ORDER


@dataclass(frozen=True)
class Screen:
    """The result of the red-flag questions."""

    referral_needed: bool
    #: Flag ids answered "yes", in content order.
    flags: list[str] = field(default_factory=list)
    #: Why each "yes" matters, in plain words.
    reasons: list[str] = field(default_factory=list)
    #: What to do now and what to tell the clinician, one per "yes".
    actions: list[str] = field(default_factory=list)
    #: ``"now"``, ``"today"``, ``"soon"`` or ``""`` when no referral is needed.
    urgency: str = ""
    #: What is safe until the runner is checked, one line per "yes" (no repeats).
    meanwhile: list[str] = field(default_factory=list)
    #: Body-map regions that must not be rolled (e.g. a calf that may hold a clot).
    blocked_regions: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def headline(self) -> str:
        """One plain sentence saying what to do first."""
        if not self.referral_needed:
            return _("No warning signs. You can build a self-care plan.")
        if self.urgency == "now":
            return _("Go to an emergency department now. Do not roll or exercise.")
        if self.urgency == "today":
            return _("Please get checked by a doctor today, before any rolling or exercise.")
        return _(
            "Please see a doctor or physio in the next few days, before any rolling or exercise."
        )


def screen(answers: Mapping[str, bool], library: Library) -> Screen:
    """Check red-flag answers (flag id → yes/no) and say who to see and why.

    Raises ``ValueError`` naming the unknown id and the known ones if an answer is
    for a question the library does not hold.
    """
    unknown = sorted(key for key in answers if key not in library.red_flags)
    if unknown:
        known = ", ".join(library.red_flags)
        raise ValueError(
            _("unknown red-flag question {unknown!r}; known: {known}").format(
                unknown=unknown[0], known=known
            )
        )
    yes = [flag for key, flag in library.red_flags.items() if answers.get(key)]
    if not yes:
        return Screen(referral_needed=False)
    urgency = max((flag.urgency for flag in yes), key=_URGENCY_ORDER.__getitem__)
    blocked: list[str] = []
    references: list[str] = []
    meanwhile: list[str] = []
    walking_fine = all(flag.walking_fine for flag in yes)
    for flag in sorted(yes, key=lambda f: -URGENCY_ORDER[f.urgency]):
        if flag.walking_fine and not walking_fine:
            continue  # another "yes" says walking is the problem
        if flag.meanwhile not in meanwhile:
            meanwhile.append(flag.meanwhile)
    for flag in yes:
        blocked += [r for r in flag.blocks_rolling_regions if r not in blocked]
        references += [r for r in flag.references if r not in references]
    return Screen(
        referral_needed=True,
        flags=[flag.id for flag in yes],
        reasons=[flag.why for flag in yes],
        actions=[flag.action for flag in yes],
        urgency=urgency,
        meanwhile=meanwhile,
        blocked_regions=blocked,
        references=references,
    )
