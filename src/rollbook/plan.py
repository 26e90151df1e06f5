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

Its parts: the input and its checks (:mod:`rollbook.plan_input`), the items
(:mod:`rollbook.plan_items`), which items fit (:mod:`rollbook.selection`) and the
result (:mod:`rollbook.plan_result`). Callers import every public name from here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from rollbook.cautions import RollingLimits, rolling_limits
from rollbook.content import Library
from rollbook.content import load_library as _load_library
from rollbook.content.notes import notes_for
from rollbook.i18n import N_, _, ngettext
from rollbook.painmodel import bone_stress
from rollbook.painmodel import content as painmodel_content
from rollbook.plan_input import PlanInput, PlanInputError, validate_input
from rollbook.plan_items import (
    REST_SECONDS_PER_SET,
    LeftOut,
    RollingItem,
    StrengthItem,
)
from rollbook.plan_result import SCREENED_HEADLINE, UNSCREENED_HEADLINE, Plan, Referral
from rollbook.running_advice import RunningGuidance, running_guidance
from rollbook.safety import Screen, screen
from rollbook.selection import MAX_ROLLING_ITEMS, MAX_STRENGTH_ITEMS, select

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

MAX_TIPS = 3  # running tips for the most painful sites only


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
            _(
                "You marked no pain, so there is nothing to plan. "
                "Mark where it hurts and how much, from 1 to 10."
            ),
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
    return _(SCREENED_HEADLINE) if _screened(inp) else _(UNSCREENED_HEADLINE)


def _screened(inp: PlanInput) -> bool:
    return inp.screened or bool(inp.red_flags)


_NOTE_STRENGTH_FIRST = N_(
    "Short on time? Do the strength work first. Rolling is optional: add it on days "
    "you have more time."
)


def _caution_notes(limits: RollingLimits) -> list[tuple[str, list[str]]]:
    """Plain lines saying what the rolling cautions changed, with their sources."""
    notes: list[tuple[str, list[str]]] = []
    if limits.no_rolling:
        why = " ".join(n.advice for n in limits.notes if n.stops_rolling)
        notes.append((_("No rolling for now. {why}").format(why=why).strip(), limits.references))
    elif limits.roller_changed:
        text = _(
            "Use a {roller} roller, not your {asked} one, with light pressure (see your rolling cautions)."
        ).format(roller=limits.roller, asked=limits.asked)
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
        notes.insert(0, (_(_NOTE_STRENGTH_FIRST), ["collins-2018", "silbernagel-2007"]))
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
            _(
                "{minutes} minutes is not enough for any item in this plan. The shortest one takes about {need} minutes. Try {need} minutes or more."
            ).format(minutes=inp.minutes, need=need),
            left_out=left_out,
            limits=limits,
        )
    total = chosen.seconds / 60
    roll_min = math.ceil(sum(i.seconds_total for i in rolling) / 60)
    if strength:
        message = _("About {mins} on a strength day").format(mins=_mins(math.ceil(total))) + (
            _(" ({mins} of rolling on other days).").format(mins=_mins(roll_min))
            if rolling
            else "."
        )
    else:
        message = _("About {mins} a day.").format(mins=_mins(math.ceil(total)))
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
    return ngettext("{n} minute", "{n} minutes", n).format(n=n)


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
    for site_id, _severity in active[:MAX_TIPS]:
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
        left_out=[_("All rolling and strength work is on hold until a clinician has checked you.")],
        references=list(result.references),
        notes=[_("Self-care can start once a clinician says it is safe.")],
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
