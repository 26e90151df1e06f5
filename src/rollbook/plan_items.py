"""The items of a plan: rolling areas, strengthening exercises, and what was left out.

Each item is a plain frozen record at its starting dose, built from one content entry
by :func:`rolling_item` or :func:`strength_item`; :mod:`rollbook.selection` decides
which of them fit. Time estimates (documented in docs/content.md):

* rolling item = seconds × sets × sides (2 for "each", else 1);
* strengthening item = sets × (work × sides + 30 s rest), where work is
  ``reps × rep_seconds`` or ``hold_seconds`` and a two-leg ("both") level counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rollbook.content import Exercise, RollingTarget
from rollbook.i18n import N_, _

__all__ = [
    "REST_SECONDS_PER_SET",
    "LeftOut",
    "RollingItem",
    "StrengthItem",
    "cue_label",
    "rolling_item",
    "strength_item",
]

#: How each rolling cue is headed where it is shown; translated there.
CUE_LABELS: dict[str, str] = {
    "start": N_("Start"),
    "where": N_("Where"),
    "speed": N_("Speed"),
    "pressure": N_("Pressure"),
    "feel": N_("Feel"),
    "tip": N_("Tip"),
}
REST_SECONDS_PER_SET = 30


def cue_label(key: str) -> str:
    """The heading of rolling cue ``key`` in the active language (an unknown key as it is)."""
    return _(CUE_LABELS[key]) if key in CUE_LABELS else key


@dataclass(frozen=True)
class RollingItem:
    """One muscle group to roll every day."""

    target: str
    label: str
    side: str  # "each" leg in turn, "both" legs together, or "centre"
    seconds: int
    sets: int
    cues: dict[str, str]
    cautions: list[str]
    references: list[str]
    regions: list[str]
    sites: list[str]
    seconds_total: int
    #: Id of the line drawing (``poses.toml``) and a sentence saying what it shows.
    picture: str = ""
    picture_alt: str = ""

    @property
    def minutes(self) -> float:
        """Time this item takes, in minutes."""
        return self.seconds_total / 60


@dataclass(frozen=True)
class StrengthItem:
    """One strengthening exercise at a starting level."""

    exercise: str
    label: str
    level: str
    level_number: int
    levels: int
    sets: int
    reps: int | None
    hold_seconds: int | None
    side: str
    days_per_week: int
    how: str
    progress_when: str
    targets: list[str]
    references: list[str]
    sites: list[str]
    seconds_total: int
    #: Id of the line drawing for this level (``poses.toml``) and what it shows.
    picture: str = ""
    picture_alt: str = ""

    @property
    def minutes(self) -> float:
        """Estimated time including rest, in minutes."""
        return self.seconds_total / 60

    def dose(self) -> str:
        """``3 x 12`` or ``3 x 30 s hold``, plus ``each side`` only for one-leg work."""
        amount = (
            f"{self.reps}"
            if self.reps is not None
            else _("{hold_seconds} s hold").format(hold_seconds=self.hold_seconds)
        )
        each = _(", each side") if self.side == "each" else ""
        return f"{self.sets} x {amount}{each}"


@dataclass(frozen=True)
class LeftOut:
    """Something the plan could have held but does not, and why."""

    label: str
    #: "time" (budget), "limit" (kept short), "roller" (tool does not suit),
    #: "caution" (a rolling caution) or "pair" (its paired area did not fit)
    reason: str
    minutes: int
    why: str

    def text(self) -> str:
        """``Calf: no time left (needs about 3 min).``"""
        return f"{self.label}: {self.why}."


def rolling_item(
    target: RollingTarget, *, site: str, experience: str, roller: str, extra_cautions: list[str]
) -> RollingItem:
    """A rolling target at the starting dose, with every caution line that applies."""
    sets = 1 if experience == "new" else target.sets
    sides = 2 if target.sides == "each" else 1
    cues = {
        "start": target.start,
        "where": target.where,
        "speed": target.speed,
        "pressure": target.pressure,
        "feel": target.feel,
    }
    if roller in target.tips:
        cues["tip"] = target.tips[roller]
    cautions = list(target.cautions)
    cautions += [line for line in extra_cautions if line not in cautions]
    return RollingItem(
        target=target.id,
        label=target.label,
        side=target.sides,
        seconds=target.seconds,
        sets=sets,
        cues=cues,
        cautions=cautions,
        references=list(target.references),
        regions=list(target.regions),
        sites=[site],
        seconds_total=target.seconds * sets * sides,
    )


def strength_item(exercise: Exercise, site: str) -> StrengthItem:
    """An exercise at level 1; a two-leg level ("both") is timed once, not per side."""
    # Everyone starts at level 1: later levels build on it ("as before, ...") and the
    # "move on when" criteria, not experience, decide when to step up.
    index = 0
    level = exercise.levels[index]
    side = level.sides or exercise.sides
    sides = 2 if side == "each" else 1
    work = level.reps * exercise.rep_seconds if level.reps is not None else level.hold_seconds
    assert work is not None  # the content model guarantees reps or hold_seconds
    return StrengthItem(
        exercise=exercise.id,
        label=exercise.label,
        level=level.name,
        level_number=index + 1,
        levels=len(exercise.levels),
        sets=level.sets,
        reps=level.reps,
        hold_seconds=level.hold_seconds,
        side=side,
        days_per_week=exercise.days_per_week,
        how=level.how,
        progress_when=level.progress_when,
        targets=list(exercise.targets),
        references=list(exercise.references),
        sites=[site],
        seconds_total=level.sets * (work * sides + REST_SECONDS_PER_SET),
    )
