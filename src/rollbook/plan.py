"""Plan engine: pain sites, red flags and time → a short daily routine.

Pure and deterministic: the same input always gives the same plan. No screen, no
disk, no plotting. The rules it follows (each has a test):

* Any red flag → referral, and no rolling or strengthening until cleared.
* Rolling targets never sit on a tendon, joint, bone or the low back (the content
  validator enforces this too); doses stay within 30-120 s and 1-3 sets.
* Front-of-knee pain gets hip and knee exercises together (Collins 2018).
* Higher pain → earlier priority; sites at pain 0 are ignored; nothing is listed twice.
* Time budget: strength first, then rolling (:mod:`rollbook.selection`); an item
  that no longer fits in the minutes left is left out and named in ``left_out``.
* Rolling cautions (:mod:`rollbook.cautions`) change only the rolling part.
* "No warning signs." only when the safety questions were answered.

Strength is done on strength days, so ``total_minutes`` is a strength day: all
rolling plus all strengthening.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rollbook.cautions import CautionNote, RollingLimits, UnknownCautionError, rolling_limits
from rollbook.content import ROLLERS, Library
from rollbook.content import load_library as _load_library
from rollbook.content.notes import notes_for
from rollbook.painmodel import bone_stress
from rollbook.painmodel import content as painmodel_content
from rollbook.running_advice import RunningGuidance, running_guidance
from rollbook.safety import Screen, screen
from rollbook.selection import (
    MAX_ROLLING_ITEMS,
    MAX_STRENGTH_ITEMS,
    REST_SECONDS_PER_SET,
    LeftOut,
    RollingItem,
    StrengthItem,
    select,
)

__all__ = [
    "MAX_ROLLING_ITEMS",
    "MAX_STRENGTH_ITEMS",
    "REST_SECONDS_PER_SET",
    "LeftOut",
    "Plan",
    "PlanInput",
    "PlanInputError",
    "Referral",
    "RollingItem",
    "RunningGuidance",
    "StrengthItem",
    "build_plan",
    "validate_input",
]

EXPERIENCE: tuple[str, ...] = ("new", "some", "regular")
MAX_MINUTES = 180
MAX_TIPS = 3  # running tips for the most painful sites only
MAX_WEEKLY_KM = 400.0
MAX_NAME_LENGTH = 80


class PlanInputError(ValueError):
    """Input the plan cannot be built from; the message says what and what is allowed."""


@dataclass(frozen=True, kw_only=True)
class PlanInput:
    """What the runner tells us."""

    pain: Mapping[str, int]
    red_flags: Collection[str] = ()
    weekly_km: float = 0.0
    run_days: int = 3
    roller: str = "smooth"
    minutes: int = 15
    experience: str = "some"
    name: str = ""
    #: Rolling-caution ids answered "yes" (``rollbook cautions``).
    cautions: Collection[str] = ()
    #: False when the safety questions were not answered at all.
    screened: bool = True


#: Headlines of a plan with no referral; "No warning signs." only after the screen.
SCREENED_HEADLINE = "No warning signs."
UNSCREENED_HEADLINE = (
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


def validate_input(inp: PlanInput, library: Library | None = None) -> None:
    """Raise :class:`PlanInputError` with a plain message if ``inp`` is not usable."""
    lib = library or _load_library()
    sites = ", ".join(lib.sites)
    if not isinstance(inp.pain, Mapping):
        raise PlanInputError("pain must map site ids to numbers from 0 to 10")
    for site, value in inp.pain.items():
        if site not in lib.sites:
            raise PlanInputError(f"unknown pain site {site!r}; choose from: {sites}")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise PlanInputError(
                f"pain for {site!r} must be a whole number from 0 to 10 (got {value!r})"
            )
    if isinstance(inp.red_flags, str):
        raise PlanInputError("red_flags must be a list of ids, not one string")
    for flag in inp.red_flags:
        if flag not in lib.red_flags:
            raise PlanInputError(
                f"unknown red-flag id {flag!r}; choose from: {', '.join(lib.red_flags)}"
            )
    km = inp.weekly_km
    if isinstance(km, bool) or not isinstance(km, (int, float)) or not math.isfinite(km):
        raise PlanInputError(f"weekly km must be a number (got {km!r})")
    if not 0 <= km <= MAX_WEEKLY_KM:
        raise PlanInputError(f"weekly km must be from 0 to {MAX_WEEKLY_KM:g} (got {km:g})")
    _whole(inp.run_days, "run days", 0, 7)
    if inp.roller not in ROLLERS:
        raise PlanInputError(f"unknown roller {inp.roller!r}; choose from: {', '.join(ROLLERS)}")
    if isinstance(inp.minutes, int) and not isinstance(inp.minutes, bool) and inp.minutes <= 0:
        raise PlanInputError(f"minutes must be more than 0 (got {inp.minutes})")
    _whole(inp.minutes, "minutes", 1, MAX_MINUTES)
    if inp.experience not in EXPERIENCE:
        raise PlanInputError(
            f"unknown experience {inp.experience!r}; choose from: {', '.join(EXPERIENCE)}"
        )
    if not isinstance(inp.name, str) or len(inp.name) > MAX_NAME_LENGTH:
        raise PlanInputError(f"name must be text of at most {MAX_NAME_LENGTH} characters")
    try:
        rolling_limits(inp.cautions, inp.roller, lib)
    except UnknownCautionError as exc:
        raise PlanInputError(str(exc)) from None
    if not isinstance(inp.screened, bool):
        raise PlanInputError(f"screened must be true or false (got {inp.screened!r})")


def _whole(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PlanInputError(f"{what} must be a whole number from {low} to {high} (got {value!r})")


def build_plan(inp: PlanInput, library: Library | None = None) -> Plan:
    """Build the plan for ``inp`` (raises :class:`PlanInputError` on bad input)."""
    lib = library or _load_library()
    validate_input(inp, lib)
    result = _with_pain_referral(screen({flag: True for flag in inp.red_flags}, lib), inp)
    active = _active_sites(inp.pain, lib)
    running = running_guidance(
        inp.pain,
        weekly_km=inp.weekly_km,
        run_days=inp.run_days,
        referral=result.referral_needed,
        tips=_tips(active, lib),
    )
    if result.referral_needed:
        return _referral_plan(inp, result, running)
    if not active:
        return _empty_plan(
            inp,
            running,
            "You marked no pain, so there is nothing to plan. "
            "Mark where it hurts and how much, from 1 to 10.",
            limits=rolling_limits(inp.cautions, inp.roller, lib),
        )
    return _self_care_plan(inp, lib, active, running)


# ---------------------------------------------------------------- building blocks


def _active_sites(pain: Mapping[str, int], lib: Library) -> list[tuple[str, int]]:
    """Sites with pain above 0, highest pain first, ties in content order."""
    order = {site: index for index, site in enumerate(lib.sites)}
    chosen = [(site, value) for site, value in pain.items() if value > 0]
    return sorted(chosen, key=lambda pair: (-pair[1], order[pair[0]]))


def _headline(inp: PlanInput) -> str:
    return SCREENED_HEADLINE if _screened(inp) else UNSCREENED_HEADLINE


def _screened(inp: PlanInput) -> bool:
    return inp.screened or bool(inp.red_flags)


_NOTE_STRENGTH_FIRST = (
    "Short on time? Do the strength work first. Rolling is optional: add it on days "
    "you have more time."
)


def _caution_notes(limits: RollingLimits) -> list[tuple[str, list[str]]]:
    """Plain lines saying what the rolling cautions changed, with their sources."""
    notes: list[tuple[str, list[str]]] = []
    if limits.no_rolling:
        why = " ".join(n.advice for n in limits.notes if n.stops_rolling)
        notes.append((f"No rolling for now. {why}".strip(), limits.references))
    elif limits.roller_changed:
        text = (
            f"Use a {limits.roller} roller, not your {limits.asked} one, with light pressure "
            "(see your rolling cautions)."
        )
        notes.append((text, limits.references))
    return notes


def _self_care_plan(
    inp: PlanInput, lib: Library, active: list[tuple[str, int]], running: RunningGuidance
) -> Plan:
    limits = rolling_limits(inp.cautions, inp.roller, lib)
    chosen = select(active, lib, minutes=inp.minutes, experience=inp.experience, limits=limits)
    rolling, strength, left_out = chosen.rolling, chosen.strength, chosen.left_out
    # The roller really used (after cautions) picks the notes, e.g. on texture.
    notes = _notes(replace(inp, roller=limits.roller or inp.roller), bool(rolling))
    notes = _caution_notes(limits) + notes
    if chosen.rolling_optional:
        # Rests on the same sources as the strength note in notes.toml.
        notes.insert(0, (_NOTE_STRENGTH_FIRST, ["collins-2018", "silbernagel-2007"]))
    refs = _collect_refs(rolling, strength, running, notes, active, lib)
    extra = limits.references + (
        lib.rolling_rule.references if rolling and lib.rolling_rule else []
    )
    refs += [ref for ref in extra if ref not in refs]
    if not rolling and not strength:
        need = math.ceil((chosen.shortest or 60) / 60)
        return _empty_plan(
            inp,
            running,
            f"{inp.minutes} minutes is not enough for any item in this plan. "
            f"The shortest one takes about {need} minutes. Try {need} minutes or more.",
            left_out=left_out,
            limits=limits,
        )
    total = chosen.seconds / 60
    roll_min = math.ceil(sum(i.seconds_total for i in rolling) / 60)
    if strength:
        message = f"About {_mins(math.ceil(total))} on a strength day" + (
            f" ({_mins(roll_min)} of rolling on other days)." if rolling else "."
        )
    else:
        message = f"About {_mins(math.ceil(total))} a day."
    return Plan(
        referral=Referral(needed=False, headline=_headline(inp), screened=_screened(inp)),
        rolling=rolling,
        strength=strength,
        running=running,
        total_minutes=total,
        minutes=inp.minutes,
        left_out=[entry.text() for entry in left_out],
        left_out_detail=left_out,
        references=refs,
        notes=[text for text, _ in notes],
        message=message,
        roller=limits.roller,
        name=inp.name,
        cautions=list(limits.notes),
    )


def _mins(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def _notes(inp: PlanInput, has_rolling: bool) -> list[tuple[str, list[str]]]:
    # The notes and their sources are content (notes.toml), checked on load.
    return notes_for(has_rolling=has_rolling, roller=inp.roller)


def _with_pain_referral(result: Screen, inp: PlanInput) -> Screen:
    """Add a referral when pain is high where bone stress must be ruled out (pain model)."""
    stress = bone_stress(inp.pain)
    if not stress:
        return result
    rules = painmodel_content().rules
    why = [
        painmodel_content().reasons.bone_stress.format(score=score, site=site.replace("-", " "))
        for site, score in stress
    ]
    return replace(
        result,
        referral_needed=True,
        reasons=[*result.reasons, *why],
        actions=[*result.actions, rules.refer_action],
        urgency=result.urgency or rules.refer_urgency,
        references=[
            *result.references,
            *(r for r in rules.refer_references if r not in result.references),
        ],
    )


def _tips(active: list[tuple[str, int]], lib: Library) -> list[str]:
    """Running tips for the most painful sites that have one."""
    tips: list[str] = []
    for site_id, _ in active[:MAX_TIPS]:
        site = lib.site(site_id)
        if site.running_tip:
            tips.append(f"{site.label}: {site.running_tip}")
    return tips


def _collect_refs(
    rolling: list[RollingItem],
    strength: list[StrengthItem],
    running: RunningGuidance,
    notes: list[tuple[str, list[str]]],
    active: list[tuple[str, int]],
    lib: Library,
) -> list[str]:
    refs: list[str] = []
    groups = (
        [i.references for i in rolling]
        + [i.references for i in strength]
        + [running.references]
        + [ids for _, ids in notes]
        + [lib.site(site).references for site, _ in active]
    )
    for ids in groups:
        refs.extend(ref for ref in ids if ref not in refs)
    return refs


def _referral_plan(inp: PlanInput, result: Screen, running: RunningGuidance) -> Plan:
    """See a clinician first: no rolling or strength, and only the sources that apply."""
    running = replace(running, advice="Do not run until a clinician has checked you.", tips=[])
    return Plan(
        referral=Referral(
            needed=True,
            reasons=list(result.reasons),
            actions=list(result.actions),
            urgency=result.urgency,
            flags=list(result.flags),
            headline=result.headline(),
            screened=True,
            meanwhile=list(result.meanwhile),
        ),
        rolling=[],
        strength=[],
        running=running,
        total_minutes=0.0,
        minutes=inp.minutes,
        left_out=["All rolling and strength work is on hold until a clinician has checked you."],
        references=list(result.references),
        notes=["Self-care can start once a clinician says it is safe."],
        message=result.headline(),
        roller="",
        name=inp.name,
    )


def _empty_plan(
    inp: PlanInput,
    running: RunningGuidance,
    message: str,
    left_out: list[LeftOut] | None = None,
    *,
    limits: RollingLimits,
) -> Plan:
    return Plan(
        referral=Referral(needed=False, headline=_headline(inp), screened=_screened(inp)),
        rolling=[],
        strength=[],
        running=running,
        total_minutes=0.0,
        minutes=inp.minutes,
        left_out=[entry.text() for entry in left_out or []],
        left_out_detail=list(left_out or []),
        references=list(running.references),
        notes=[message],
        message=message,
        roller=limits.roller,
        name=inp.name,
        cautions=list(limits.notes),
    )
