"""Typed records for the content library, checked by pydantic on load.

Each model matches one kind of entry in one TOML file. ``extra="forbid"`` makes a
misspelt field name an error instead of a silently ignored line.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

from rollbook.i18n import _

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Roller = Literal["smooth", "textured", "spiked", "ball"]

Region = Literal[
    "foot",
    "achilles",
    "ankle",
    "shin",
    "calf",
    "knee",
    "outer-knee",
    "hamstring",
    "hip",
    "buttock",
    "groin",
    "low-back",
    "quadriceps",
    "hip-flexors",
    "tfl",
    "upper-back",
]
#: Areas on the body map (``rollbook.bodymap``), in the order the map lists them;
#: rolling targets name these.
REGIONS: tuple[str, ...] = get_args(Region)

#: Areas where a tendon, a joint or the lumbar spine lies near the skin. No rolling
#: target may sit on them (Bartsch 2021; domain notes §C: avoid joints and bony points).
NEVER_ROLL_REGIONS: frozenset[str] = frozenset(
    {"achilles", "ankle", "knee", "outer-knee", "low-back"}
)

ROLLERS: tuple[str, ...] = ("smooth", "textured", "spiked", "ball")


def _surname(name: str) -> str:
    """``van Gent RN`` -> ``van Gent``: drop the trailing initials."""
    words = name.split()
    if len(words) > 1 and words[-1].isupper():
        words = words[:-1]
    return " ".join(words)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id


class Reference(_Entry):
    """A published source that content cites by ``id``.

    ``kind = "clinical-convention"`` marks the one honest stand-in for advice that is
    common clinical practice but that no study has tested (docs/evidence.md lists each
    use); it has no link and cites as "Clinical convention".
    """

    kind: Literal["study", "clinical-convention"] = "study"
    authors: Text
    year: int = Field(ge=1900, le=2100)
    title: Text
    venue: Text
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https://\S+$")

    @model_validator(mode="after")
    def _needs_a_link(self) -> Reference:
        if self.kind == "clinical-convention":
            if self.doi or self.url:
                raise ValueError(
                    "a 'clinical-convention' entry is not a publication; remove 'doi' and 'url'"
                )
        elif not self.doi and not self.url:
            raise ValueError("give a 'doi' or a 'url'")
        return self

    def short(self) -> str:
        """Short citation: ``Smith 2020``, ``Smith & Jones 2020`` or ``Smith et al. 2020``."""
        if self.kind == "clinical-convention":
            return _("Clinical convention")
        names = [_surname(name) for name in self.authors.split(",") if name.strip()]
        if names[-1] == "et al.":  # an author list cut short in references.toml
            return f"{names[0]} et al. {self.year}"
        if len(names) == 1:
            return f"{names[0]} {self.year}"
        if len(names) == 2:
            return f"{names[0]} & {names[1]} {self.year}"
        return f"{names[0]} et al. {self.year}"

    def link(self) -> str:
        """The DOI as a URL if there is one, else the stored URL ("" for a convention)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or ""


class Site(_Entry):
    """A place where a runner feels pain, and what tends to help around it."""

    label: Text
    summary: Text
    compensation: Text
    travels_to: list[Id] = Field(default_factory=list)
    often_tight: list[Text] = Field(default_factory=list)
    often_weak: list[Text] = Field(default_factory=list)
    roll: list[Id] = Field(min_length=1)
    strengthen: list[Id] = Field(min_length=1)
    #: Exercise areas that must be prescribed together (Collins 2018: hip AND knee).
    combine_areas: list[Literal["foot-ankle", "knee", "hip", "trunk"]] = Field(default_factory=list)
    avoid_rolling: Text
    running_tip: str = ""
    #: Exercises and rolling targets never given while this site hurts, whichever
    #: site asks for them (outer-hip pain: no side-lying leg lifts or clams).
    leave_out: list[Id] = Field(default_factory=list)
    #: Why, in plain words; shown in the plan's "left out" list.
    leave_out_why: str = ""
    references: list[Id] = Field(min_length=1)
    #: False for a site in the middle of the body (the low back): its pain has no side,
    #: so the log never asks for left or right there.
    sided: StrictBool = True

    @model_validator(mode="after")
    def _leave_out_says_why(self) -> Site:
        if self.leave_out and not self.leave_out_why.strip():
            raise ValueError("'leave_out' needs 'leave_out_why': say why, in plain words")
        own = [i for i in self.leave_out if i in self.roll or i in self.strengthen]
        if own:
            raise ValueError(
                f"'leave_out' names {own[0]!r}, which is also in this site's own 'roll' or "
                "'strengthen' list; remove it from one of them"
            )
        return self


class RollingTarget(_Entry):
    """A muscle group to roll, with technique cues and a dose."""

    label: Text
    regions: list[Region] = Field(min_length=1)
    start: Text
    where: Text
    speed: Text
    pressure: Text
    feel: Text
    seconds: int = Field(ge=30, le=120)
    sets: int = Field(ge=1, le=3)
    sides: Literal["each", "both", "centre"]
    cautions: list[Text] = Field(min_length=1)
    rollers: list[Roller] = Field(min_length=1)
    #: Extra cue for one kind of roller, e.g. ``spiked = "use less body weight"``.
    tips: dict[Roller, Text] = Field(default_factory=dict)
    references: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _not_over_joints(self) -> RollingTarget:
        bad = sorted(set(self.regions) & NEVER_ROLL_REGIONS)
        if bad:
            raise ValueError(
                f"regions {bad} hold a tendon, joint or the low-back spine; "
                "roll the muscles beside them instead"
            )
        return self


class Level(BaseModel):
    """One step of an exercise's progression."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    how: Text
    sets: int = Field(ge=1, le=6)
    reps: int | None = Field(default=None, ge=1, le=30)
    hold_seconds: int | None = Field(default=None, ge=5, le=120)
    #: Overrides the exercise's ``sides`` for this level (e.g. a wall sit uses both legs).
    sides: Literal["each", "both"] | None = None
    progress_when: Text

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Level:
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("give exactly one of 'reps' or 'hold_seconds'")
        return self


class Exercise(_Entry):
    """A strengthening exercise with two or three levels."""

    label: Text
    area: Literal["foot-ankle", "knee", "hip", "trunk"]
    targets: list[Text] = Field(min_length=1)
    days_per_week: int = Field(ge=1, le=7)
    sides: Literal["each", "both"]
    #: Seconds one repetition takes, for the time estimate (slow tempo = more).
    rep_seconds: int = Field(default=3, ge=1, le=15)
    levels: list[Level] = Field(min_length=2, max_length=3)
    references: list[Id] = Field(min_length=1)


class RedFlag(_Entry):
    """A yes/no question whose "yes" means: see a clinician before self-care."""

    question: Text
    why: Text
    action: Text
    #: "soon" (within a few days), "today" (same day) or "now" (emergency).
    urgency: Literal["soon", "today", "now"]
    #: What is safe until the runner is checked (per flag: walking may be the problem).
    meanwhile: Text
    #: True when ``meanwhile`` says walking is fine; that line is then left out
    #: whenever another "yes" says walking is the problem.
    walking_fine: bool = False
    blocks_rolling_regions: list[Region] = Field(default_factory=list)
    references: list[Id] = Field(min_length=1)


def _all_rollers() -> list[Roller]:
    return ["smooth", "textured", "spiked", "ball"]


class Caution(_Entry):
    """A yes/no question asked before rolling; a "yes" makes rolling gentler or stops it.

    Only rolling changes: strength work and running advice always stay.
    """

    question: Text
    label: Text
    why: Text
    advice: Text
    #: Rollers still allowed with this caution (a softer tool); all four by default.
    rollers: list[Roller] = Field(default_factory=lambda: _all_rollers())
    #: Added to every rolling item, e.g. "Light pressure only".
    pressure: str = ""
    leave_out_regions: list[Region] = Field(default_factory=list)
    no_rolling: bool = False
    basis: Literal["expert-consensus", "clinical-convention"]
    basis_note: Text
    references: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _defined_effect(self) -> Caution:
        if self.no_rolling and (
            self.pressure or self.leave_out_regions or set(self.rollers) != set(ROLLERS)
        ):
            raise ValueError(
                "'no_rolling = true' stops all rolling; remove 'rollers', 'pressure' "
                "and 'leave_out_regions'"
            )
        if not self.no_rolling and not self.rollers:
            raise ValueError(
                "'rollers' is empty; list the rollers still allowed, or write 'no_rolling = true'"
            )
        changes = (
            self.no_rolling
            or self.pressure
            or self.leave_out_regions
            or set(self.rollers) != set(ROLLERS)
        )
        if not changes:
            raise ValueError(
                "has no effect; give 'rollers', 'pressure', "
                "'leave_out_regions' or 'no_rolling = true'"
            )
        studies = [ref for ref in self.references if ref != "clinical-convention"]
        if self.basis == "expert-consensus" and not studies:
            raise ValueError("basis 'expert-consensus' needs at least one published reference")
        if self.basis == "clinical-convention" and "clinical-convention" not in self.references:
            raise ValueError(
                "basis 'clinical-convention' must cite the 'clinical-convention' reference"
            )
        return self


class RollingRule(BaseModel):
    """A line shown on every rolling item, whatever the answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Text
    references: list[Id] = Field(min_length=1)
