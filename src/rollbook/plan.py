"""Plan engine: pain sites, red flags and time → a short daily routine.

Pure and deterministic: the same input always gives the same plan. No screen, no
disk, no plotting. The rules it follows (each has a test):

* Any red flag → referral, and no rolling or strengthening until cleared.
* Rolling targets never sit on a tendon, joint, bone or the low back (the content
  validator enforces this too); doses stay within 30-120 s and 1-3 sets.
* Front-of-knee pain gets hip and knee exercises together (Collins 2018).
* Higher pain → earlier priority; sites at pain 0 are ignored; nothing is listed twice.
* Time budget: items are taken in priority order and an item that no longer fits
  in the minutes left is left out and named in ``left_out``.

Time estimates (documented in docs/content.md):
* rolling item = seconds × sets × sides (2 for "each", else 1);
* strengthening item = sets × (work × sides + 30 s rest), where work is
  ``reps × rep_seconds`` or ``hold_seconds``. Strength is done on strength days,
  so ``total_minutes`` is a strength day: all rolling plus all strengthening.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from rollbook.content import NEVER_ROLL_REGIONS, ROLLERS, Exercise, Library, RollingTarget
from rollbook.content import load_library as _load_library
from rollbook.content.notes import notes_for
from rollbook.safety import Screen, screen

EXPERIENCE: tuple[str, ...] = ("new", "some", "regular")
REST_SECONDS_PER_SET = 30
MAX_STRENGTH_ITEMS = 4  # fewer exercises are easier to keep doing (domain notes §A2)
MAX_ROLLING_ITEMS = 4
MAX_MINUTES = 180
MAX_TIPS = 3  # running tips for the most painful sites only
MAX_WEEKLY_KM = 400.0
MAX_NAME_LENGTH = 80

PAIN_RULES: tuple[str, ...] = (
    "During a run, pain up to 5 out of 10 is OK.",
    "After a run, pain must settle by the next morning.",
    "Pain and stiffness must not creep up from one week to the next.",
    "If a rule is broken, cut back your running next time: shorter, slower or fewer runs.",
)
ZONE_LEVELS: dict[str, str] = {
    "green": "0 to 3 out of 10: safe. Keep going and build up slowly.",
    "amber": "4 to 5 out of 10: OK. Keep going, but do not add more yet.",
    "red": "6 to 10 out of 10: too much. Cut back until it settles.",
}
_RUNNING_REFS = ["silbernagel-2007", "cook-docking-2015", "dubois-esculier-2020", "warden-2014"]


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


@dataclass(frozen=True)
class Referral:
    """Whether to see a clinician first, and why."""

    needed: bool
    reasons: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    urgency: str = ""
    flags: list[str] = field(default_factory=list)
    headline: str = ""


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

    @property
    def minutes(self) -> float:
        """Estimated time including rest, in minutes."""
        return self.seconds_total / 60

    def dose(self) -> str:
        """``3 x 12`` or ``3 x 30 s hold``, plus ``each side`` where it applies."""
        amount = f"{self.reps}" if self.reps is not None else f"{self.hold_seconds} s hold"
        each = ", each side" if self.side == "each" else ""
        return f"{self.sets} x {amount}{each}"


@dataclass(frozen=True)
class LeftOut:
    """Something the plan could have held but does not, and why."""

    label: str
    reason: str  # "time" (budget), "limit" (kept short) or "roller" (tool does not suit)
    minutes: int
    why: str

    def text(self) -> str:
        """``Calf: no time left (needs about 3 min).``"""
        return f"{self.label}: {self.why}."


@dataclass(frozen=True)
class RunningGuidance:
    """What to do with running, from the pain-monitoring model."""

    zone: str
    pain: int
    advice: str
    rules: list[str]
    levels: dict[str, str]
    tips: list[str]
    references: list[str]


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


def _whole(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PlanInputError(f"{what} must be a whole number from {low} to {high} (got {value!r})")


def pain_zone(pain: int) -> str:
    """Traffic-light zone of the pain-monitoring model: ≤3 green, 4-5 amber, >5 red."""
    if pain > 5:
        return "red"
    if pain >= 4:
        return "amber"
    return "green"


def build_plan(inp: PlanInput, library: Library | None = None) -> Plan:
    """Build the plan for ``inp`` (raises :class:`PlanInputError` on bad input)."""
    lib = library or _load_library()
    validate_input(inp, lib)
    result = screen({flag: True for flag in inp.red_flags}, lib)
    active = _active_sites(inp.pain, lib)
    top_pain = max(inp.pain.values(), default=0)
    running = _running(inp, lib, active, top_pain, result)
    if result.referral_needed:
        return _referral_plan(inp, result, running)
    if not active:
        return _empty_plan(
            inp, running,
            "You marked no pain, so there is nothing to plan. "
            "Mark where it hurts and how much, from 1 to 10.",
        )
    return _self_care_plan(inp, lib, active, running)


# ---------------------------------------------------------------- building blocks


@dataclass
class _Unit:
    """Items kept or left out together (e.g. the hip + knee pair for knee pain)."""

    rolling: list[RollingItem] = field(default_factory=list)
    strength: list[StrengthItem] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        return sum(i.seconds_total for i in self.rolling) + sum(
            i.seconds_total for i in self.strength
        )

    def names(self) -> str:
        labels = [i.label for i in self.rolling] + [i.label for i in self.strength]
        return " and ".join(labels)


def _active_sites(pain: Mapping[str, int], lib: Library) -> list[tuple[str, int]]:
    """Sites with pain above 0, highest pain first, ties in content order."""
    order = {site: index for index, site in enumerate(lib.sites)}
    chosen = [(site, value) for site, value in pain.items() if value > 0]
    return sorted(chosen, key=lambda pair: (-pair[1], order[pair[0]]))


def _rolling_item(target: RollingTarget, inp: PlanInput, site: str) -> RollingItem:
    sets = 1 if inp.experience == "new" else target.sets
    sides = 2 if target.sides == "each" else 1
    cues = {
        "start": target.start,
        "where": target.where,
        "speed": target.speed,
        "pressure": target.pressure,
        "feel": target.feel,
    }
    if inp.roller in target.tips:
        cues["tip"] = target.tips[inp.roller]
    return RollingItem(
        target=target.id,
        label=target.label,
        side=target.sides,
        seconds=target.seconds,
        sets=sets,
        cues=cues,
        cautions=list(target.cautions),
        references=list(target.references),
        regions=list(target.regions),
        sites=[site],
        seconds_total=target.seconds * sets * sides,
    )


def _strength_item(exercise: Exercise, site: str) -> StrengthItem:
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


def _site_units(
    site_id: str, inp: PlanInput, lib: Library, skipped: list[LeftOut]
) -> tuple[list[_Unit], list[_Unit]]:
    """Strength and rolling units for one site, in the site's priority order."""
    site = lib.site(site_id)
    strength_ids = list(site.strengthen)
    strength_units: list[_Unit] = []
    if site.combine_areas:
        bundle: list[str] = []
        for area in site.combine_areas:
            first = next(e for e in strength_ids if lib.exercise(e).area == area)
            bundle.append(first)
        strength_units.append(_Unit(strength=[
            _strength_item(lib.exercise(e), site_id) for e in bundle
        ]))
        strength_ids = [e for e in strength_ids if e not in bundle]
    strength_units += [
        _Unit(strength=[_strength_item(lib.exercise(e), site_id)])
        for e in strength_ids
    ]
    rolling_units: list[_Unit] = []
    for target_id in site.roll:
        target = lib.target(target_id)
        if set(target.regions) & NEVER_ROLL_REGIONS:
            continue  # belt and braces: the loader already refuses these
        if inp.roller not in target.rollers:
            suited = " or ".join(target.rollers)
            _add(skipped, LeftOut(target.label, "roller", 0,
                                  f"your {inp.roller} does not suit this area (use a {suited})"))
            continue
        rolling_units.append(_Unit(rolling=[_rolling_item(target, inp, site_id)]))
    return strength_units, rolling_units


def _self_care_plan(
    inp: PlanInput, lib: Library, active: list[tuple[str, int]], running: RunningGuidance
) -> Plan:
    skipped: list[LeftOut] = []
    per_site = [_site_units(site, inp, lib, skipped) for site, _ in active]
    # Rank-major order: every site's first choice before any site's second choice,
    # so the second-worst site is not starved by the worst one. Strength comes
    # before rolling at each rank: it does the lasting work.
    ordered: list[_Unit] = []
    depth = max(max(len(s), len(r)) for s, r in per_site)
    for rank in range(depth):
        for strength_units, rolling_units in per_site:
            if rank < len(strength_units):
                ordered.append(strength_units[rank])
            if rank < len(rolling_units):
                ordered.append(rolling_units[rank])

    budget = inp.minutes * 60
    used = 0
    rolling: dict[str, RollingItem] = {}
    strength: dict[str, StrengthItem] = {}
    left_out: list[LeftOut] = []
    shortest: int | None = None
    for unit in ordered:
        unit = _without_repeats(unit, rolling, strength)
        if not unit.rolling and not unit.strength:
            continue
        shortest = unit.seconds if shortest is None else min(shortest, unit.seconds)
        if len(strength) + len(unit.strength) > MAX_STRENGTH_ITEMS or (
            len(rolling) + len(unit.rolling) > MAX_ROLLING_ITEMS
        ):
            _add(left_out, LeftOut(unit.names(), "limit", 0, "left out to keep the plan short"))
            continue
        if used + unit.seconds > budget:
            need = math.ceil(unit.seconds / 60)
            _add(left_out, LeftOut(unit.names(), "time", need,
                                   f"no time left (needs about {need} min)"))
            continue
        used += unit.seconds
        rolling.update({i.target: i for i in unit.rolling})
        strength.update({i.exercise: i for i in unit.strength})

    notes = _notes(inp, bool(rolling))
    refs = _collect_refs(list(rolling.values()), list(strength.values()), running, notes, active, lib)
    if not rolling and not strength:
        need = math.ceil((shortest or 60) / 60)
        return _empty_plan(
            inp, running,
            f"{inp.minutes} minutes is not enough for any item in this plan. "
            f"The shortest one takes about {need} minutes. Try {need} minutes or more.",
            left_out=skipped + left_out,
        )
    total = used / 60
    roll_min = math.ceil(sum(i.seconds_total for i in rolling.values()) / 60)
    if strength:
        message = (
            f"About {_mins(math.ceil(total))} on a strength day"
            + (f" ({_mins(roll_min)} of rolling on other days)." if rolling else ".")
        )
    else:
        message = f"About {_mins(math.ceil(total))} a day."
    return Plan(
        referral=Referral(needed=False, headline="No warning signs."),
        rolling=list(rolling.values()),
        strength=list(strength.values()),
        running=running,
        total_minutes=total,
        minutes=inp.minutes,
        left_out=[entry.text() for entry in skipped + left_out],
        left_out_detail=skipped + left_out,
        references=refs,
        notes=[text for text, _ in notes],
        message=message,
        roller=inp.roller,
        name=inp.name,
    )


def _mins(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def _without_repeats(
    unit: _Unit, rolling: Mapping[str, RollingItem], strength: Mapping[str, StrengthItem]
) -> _Unit:
    """Drop items already in the plan, crediting the extra site on the kept item."""
    fresh = _Unit()
    for r in unit.rolling:
        if r.target in rolling:
            _credit(rolling[r.target].sites, r.sites)
        else:
            fresh.rolling.append(r)
    for s in unit.strength:
        if s.exercise in strength:
            _credit(strength[s.exercise].sites, s.sites)
        else:
            fresh.strength.append(s)
    return fresh


def _add(lines: list[LeftOut], line: LeftOut) -> None:
    if line not in lines:
        lines.append(line)


def _credit(sites: list[str], more: list[str]) -> None:
    sites.extend(site for site in more if site not in sites)


def _notes(inp: PlanInput, has_rolling: bool) -> list[tuple[str, list[str]]]:
    # The notes and their sources are content (notes.toml), checked on load.
    return notes_for(has_rolling=has_rolling, roller=inp.roller)


def _running(
    inp: PlanInput, lib: Library, active: list[tuple[str, int]], pain: int, result: Screen
) -> RunningGuidance:
    zone = "red" if result.referral_needed else pain_zone(pain)
    km = f"{inp.weekly_km:g} km"
    if result.referral_needed:
        advice = (
            "Do not run through this pain until a clinician has checked you. "
            "Walking and gentle daily tasks are fine if they do not hurt."
        )
    elif not active:
        advice = "No pain marked. Keep running as you are, and add distance slowly."
    elif inp.weekly_km == 0:
        advice = (
            f"You are not running now. Your pain is {pain} out of 10. "
            "When you start again, begin with short, easy runs and use the rules below."
        )
    elif zone == "green":
        advice = (
            f"Your pain is low ({pain} out of 10). You can keep running about {km} a week. "
            "Add distance slowly, and only while the rules below hold."
        )
    elif zone == "amber":
        advice = (
            f"Your pain is in the OK range ({pain} out of 10). You can keep running, "
            f"but do not go above about {km} a week or add speed until it settles."
        )
    else:
        advice = (
            f"Your pain is high ({pain} out of 10). Cut your running below {km} a week "
            "for now: shorter, slower or fewer runs. Cycling or swimming can keep you fit. "
            "Build back up once pain during runs stays at 5 or less."
        )
    if active and not result.referral_needed and zone != "green" and inp.run_days > 3:
        advice += " Try to leave a day between runs."
    tips: list[str] = []
    if not result.referral_needed:
        for site_id, _ in active[:MAX_TIPS]:
            site = lib.site(site_id)
            if site.running_tip:
                tips.append(f"{site.label}: {site.running_tip}")
    refs = list(_RUNNING_REFS)
    if any(site == "knee" for site, _ in active):
        refs += ["esculier-2018", "heiderscheit-2011"]
    return RunningGuidance(
        zone=zone,
        pain=pain,
        advice=advice,
        rules=list(PAIN_RULES),
        levels=dict(ZONE_LEVELS),
        tips=tips,
        references=refs,
    )


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
    refs = list(result.references)
    refs += [r for r in running.references if r not in refs]
    return Plan(
        referral=Referral(
            needed=True,
            reasons=list(result.reasons),
            actions=list(result.actions),
            urgency=result.urgency,
            flags=list(result.flags),
            headline=result.headline(),
        ),
        rolling=[],
        strength=[],
        running=running,
        total_minutes=0.0,
        minutes=inp.minutes,
        left_out=["All rolling and strength work is on hold until a clinician has checked you."],
        references=refs,
        notes=["Self-care can start once a clinician says it is safe."],
        message=result.headline(),
        roller=inp.roller,
        name=inp.name,
    )


def _empty_plan(
    inp: PlanInput, running: RunningGuidance, message: str, left_out: list[LeftOut] | None = None
) -> Plan:
    return Plan(
        referral=Referral(needed=False, headline="No warning signs."),
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
        roller=inp.roller,
        name=inp.name,
    )
