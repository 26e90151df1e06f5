"""Rolling cautions: what a "yes" to a question asked before rolling changes.

Pure functions over the content library (``cautions.toml``); no screen, no disk.
A caution only ever changes rolling: it can ask for a softer roller and lighter
pressure, leave body regions out, or stop rolling for now. Strength work and
running advice are never touched (the plan tests hold this as an invariant).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rollbook.content import ROLLERS
from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.content import Library


class UnknownCautionError(ValueError):
    """A caution id the content library does not hold; the message lists the known ones."""


@dataclass(frozen=True)
class CautionNote:
    """One caution answered "yes", as the plan shows it."""

    id: str
    label: str
    advice: str
    why: str
    basis: str
    basis_note: str
    references: list[str] = field(default_factory=list)
    #: True when this caution stops rolling for now.
    stops_rolling: bool = False


@dataclass(frozen=True)
class RollingLimits:
    """The combined effect of every caution answered "yes"."""

    #: The roller the plan uses: the one asked for if every caution allows it,
    #: else the softest allowed one; ``""`` when there is no rolling.
    roller: str
    #: The roller the runner asked for.
    asked: str
    #: Rollers every caution allows (in the order of ``ROLLERS``).
    allowed: list[str]
    no_rolling: bool = False
    #: Body-map regions not to roll, with the label of the caution behind each.
    left_out_regions: dict[str, str] = field(default_factory=dict)
    #: Lines added to every rolling item (lighter pressure, keep off a spot).
    pressure: list[str] = field(default_factory=list)
    notes: list[CautionNote] = field(default_factory=list)

    @property
    def roller_changed(self) -> bool:
        """True when a caution asks for a softer roller than the one asked for."""
        return not self.no_rolling and self.roller != self.asked

    @property
    def references(self) -> list[str]:
        """Reference ids behind the cautions, without repeats."""
        refs: list[str] = []
        for note in self.notes:
            refs += [ref for ref in note.references if ref not in refs]
        return refs


def check_ids(ids: Collection[str], library: Library) -> None:
    """Raise :class:`UnknownCautionError` naming the first unknown id and the allowed ids."""
    if isinstance(ids, str):
        raise UnknownCautionError(_("cautions must be a list of ids, not one string"))
    for caution_id in ids:
        if caution_id not in library.cautions:
            raise UnknownCautionError(
                _("unknown caution id {caution_id!r}; choose from: {names}").format(
                    caution_id=caution_id, names=", ".join(library.cautions)
                )
            )


def rolling_limits(ids: Collection[str], roller: str, library: Library) -> RollingLimits:
    """Combine the cautions ``ids`` (answered "yes") for a runner who owns ``roller``.

    The most careful answer wins: the allowed rollers are those every caution
    allows, regions add up, and any ``no_rolling`` stops rolling. When the roller
    asked for is not allowed, the first allowed one (the softest: smooth) is used.
    """
    check_ids(ids, library)
    chosen = [c for key, c in library.cautions.items() if key in set(ids)]
    allowed = [r for r in ROLLERS if all(r in c.rollers for c in chosen)]
    no_rolling = any(c.no_rolling for c in chosen) or not allowed
    if no_rolling:
        use = ""  # no roller is used at all
    elif roller in allowed:
        use = roller
    else:
        use = allowed[0]
    regions: dict[str, str] = {}
    pressure: list[str] = []
    for caution in chosen:
        for region in caution.leave_out_regions:
            regions.setdefault(region, caution.label)
        if caution.pressure and caution.pressure not in pressure:
            pressure.append(caution.pressure)
    notes = [
        CautionNote(
            id=c.id,
            label=c.label,
            advice=c.advice,
            why=c.why,
            basis=c.basis,
            basis_note=c.basis_note,
            references=list(c.references),
            stops_rolling=c.no_rolling,
        )
        for c in chosen
    ]
    return RollingLimits(
        roller=use,
        asked=roller,
        allowed=allowed,
        no_rolling=no_rolling,
        left_out_regions=regions,
        pressure=pressure,
        notes=notes,
    )
