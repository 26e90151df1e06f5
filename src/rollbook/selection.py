"""Choosing a plan's items: which exercises and rolling areas fit the time there is.

Pure and deterministic; :mod:`rollbook.plan` calls :func:`select`. The rules (each
has a test):

* Strength first: every strength unit is tried before any rolling unit, so when
  time is short the strength work for the painful sites stays and rolling, a
  short-term comfort tool, is what is left out.
* Rank-major order: every site's first choice before any site's second choice,
  so the second-worst site is not starved by the worst one.
* Area pairs (``combine_areas``, e.g. hip + knee for front-of-knee pain) are kept
  together or left out together, whatever the order of the content files: the
  pair is tried in priority order of its alternatives, and the site's other
  exercises come only once a pair is in.
* Rolling cautions (:mod:`rollbook.cautions`) decide the roller, the regions left
  out and the lines added to every rolling item; they never remove strength work.

The items and their time estimates are :mod:`rollbook.plan_items`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from rollbook.cautions import RollingLimits
from rollbook.content import NEVER_ROLL_REGIONS, Library, Picture
from rollbook.i18n import _
from rollbook.plan_items import LeftOut, RollingItem, StrengthItem, rolling_item, strength_item
from rollbook.site_rules import barred_items

MAX_STRENGTH_ITEMS = 4  # fewer exercises are easier to keep doing (domain notes §A2)
MAX_ROLLING_ITEMS = 4
MAX_PAIR_OPTIONS = 12  # alternatives tried for one area pair


@dataclass(frozen=True)
class Selection:
    """What :func:`select` chose, and what it left out."""

    rolling: list[RollingItem]
    strength: list[StrengthItem]
    left_out: list[LeftOut]
    seconds: int
    #: Seconds the shortest candidate needs (for "not enough time" messages).
    shortest: int | None
    #: True when rolling was left out for time while strength stayed.
    rolling_optional: bool


_Item = TypeVar("_Item", RollingItem, StrengthItem)


@dataclass
class _Unit:
    """Items kept or left out together (e.g. the hip + knee pair for knee pain)."""

    rolling: list[RollingItem] = field(default_factory=list)
    strength: list[StrengthItem] = field(default_factory=list)
    #: Tried in order when this unit does not fit (other hip + knee pairs).
    alternatives: list[_Unit] = field(default_factory=list)
    #: A pair key that must be kept before this unit may be (the site's pair).
    needs: str = ""
    #: The pair key this unit satisfies when kept.
    gives: str = ""

    @property
    def seconds(self) -> int:
        return sum(i.seconds_total for i in self.rolling) + sum(
            i.seconds_total for i in self.strength
        )

    def names(self) -> str:
        labels = [i.label for i in self.rolling] + [i.label for i in self.strength]
        return " and ".join(labels)


def _strength_units(site_id: str, lib: Library, barred: Mapping[str, object]) -> list[_Unit]:
    site = lib.site(site_id)
    ids = [e for e in site.strengthen if e not in barred]
    per_area = [[e for e in ids if lib.exercise(e).area == area] for area in site.combine_areas]
    if not site.combine_areas or not all(per_area):  # no pair possible: one by one
        return [_Unit(strength=[strength_item(lib.exercise(e), site_id)]) for e in ids]
    # Every way to take one exercise per paired area, best priority first.
    options = sorted(itertools.product(*per_area), key=lambda combo: sum(map(ids.index, combo)))
    pairs = [
        _Unit(strength=[strength_item(lib.exercise(e), site_id) for e in combo], gives=site_id)
        for combo in options[:MAX_PAIR_OPTIONS]
    ]
    first = pairs[0]
    first.alternatives = pairs[1:]
    chosen = {e for e in options[0]}
    rest = [
        _Unit(strength=[strength_item(lib.exercise(e), site_id)], needs=site_id)
        for e in ids
        if e not in chosen
    ]
    return [first, *rest]


def _rolling_units(
    site_id: str,
    lib: Library,
    experience: str,
    limits: RollingLimits,
    always: list[str],
    skipped: list[LeftOut],
    barred: Mapping[str, object],
) -> list[_Unit]:
    units: list[_Unit] = []
    for target_id in lib.site(site_id).roll:
        if target_id in barred:
            continue  # another painful site rules it out (listed in select)
        target = lib.target(target_id)
        if set(target.regions) & NEVER_ROLL_REGIONS:
            continue  # belt and braces: the loader already refuses these
        blocked = [
            limits.left_out_regions[r] for r in target.regions if r in limits.left_out_regions
        ]
        if blocked:
            _add(
                skipped,
                LeftOut(
                    target.label,
                    "caution",
                    0,
                    _("not rolled because of: {name}").format(name=blocked[0].lower()),
                ),
            )
            continue
        if limits.roller not in target.rollers:
            suited = " or ".join(target.rollers)
            _add(
                skipped,
                LeftOut(
                    target.label,
                    "roller",
                    0,
                    _("your {roller} does not suit this area (use a {suited})").format(
                        roller=limits.roller, suited=suited
                    ),
                ),
            )
            continue
        units.append(
            _Unit(
                rolling=[
                    rolling_item(
                        target,
                        site=site_id,
                        experience=experience,
                        roller=limits.roller,
                        extra_cautions=always + limits.pressure,
                    )
                ]
            )
        )
    return units


def _rank_major(per_site: list[list[_Unit]]) -> list[_Unit]:
    depth = max((len(units) for units in per_site), default=0)
    return [units[rank] for rank in range(depth) for units in per_site if rank < len(units)]


def select(
    active: list[tuple[str, int]],
    lib: Library,
    *,
    minutes: int,
    experience: str,
    limits: RollingLimits,
) -> Selection:
    """Pick strength then rolling units for the ``active`` sites within ``minutes``."""
    barred = barred_items(active, lib)  # e.g. outer-hip pain: no side-lying work
    by_reason: dict[str, list[str]] = {}  # one line per reason keeps the handout short
    for label, why in barred.values():
        by_reason.setdefault(why, []).append(label)
    skipped = [LeftOut(" and ".join(ls), "caution", 0, why) for why, ls in by_reason.items()]
    always = [lib.rolling_rule.text] if lib.rolling_rule else []
    strength_units = _rank_major([_strength_units(site, lib, barred) for site, _ in active])
    rolling_units: list[_Unit] = []
    if not limits.no_rolling:
        rolling_units = _rank_major(
            [
                _rolling_units(site, lib, experience, limits, always, skipped, barred)
                for site, _ in active
            ]
        )

    budget = minutes * 60
    used = 0
    rolling: dict[str, RollingItem] = {}
    strength: dict[str, StrengthItem] = {}
    left_out: list[LeftOut] = []
    paired: set[str] = set()
    failed: dict[str, str] = {}  # pair key -> why its pair was left out
    shortest: int | None = None
    rolling_optional = False
    for unit in strength_units + rolling_units:
        if unit.needs and unit.needs not in paired:
            # The site's pair is out, so its other exercises are too (same reason).
            if failed.get(unit.needs) == "limit":
                line = LeftOut(unit.names(), "limit", 0, _("left out to keep the plan short"))
            else:
                line = LeftOut(
                    unit.names(), "pair", 0, _("left out because the work it goes with did not fit")
                )
            _add(left_out, line)
            continue
        first_problem: LeftOut | None = None
        for option in [unit, *unit.alternatives]:
            fresh, credits = _without_repeats(option, rolling, strength)
            if not fresh.rolling and not fresh.strength:
                _apply(credits)
                first_problem = None
                break  # everything in it is in the plan already
            shortest = fresh.seconds if shortest is None else min(shortest, fresh.seconds)
            problem = _problem(fresh, rolling, strength, used, budget)
            if problem is None:
                _apply(credits)
                used += fresh.seconds
                rolling.update({i.target: i for i in fresh.rolling})
                strength.update({i.exercise: i for i in fresh.strength})
                first_problem = None
                break
            first_problem = first_problem or problem
        else:
            option = unit  # nothing fitted
        if first_problem is not None:
            _add(left_out, first_problem)
            if unit.gives:
                failed[unit.gives] = first_problem.reason
            if unit.rolling and first_problem.reason == "time":
                rolling_optional = True
            continue
        if unit.gives and any(i.exercise in strength for i in option.strength):
            paired.add(unit.gives)
    return Selection(
        rolling=[_pictured(i, lib.target_picture(i.target)) for i in rolling.values()],
        strength=[
            _pictured(i, lib.level_picture(i.exercise, i.level_number)) for i in strength.values()
        ],
        left_out=skipped + left_out,
        seconds=used,
        shortest=shortest,
        rolling_optional=rolling_optional and bool(strength),
    )


def _pictured(item: _Item, picture: Picture) -> _Item:
    """The item with its drawing's id and alt sentence (the loader makes sure one exists)."""
    return replace(item, picture=picture.id, picture_alt=picture.alt)


def _problem(
    unit: _Unit,
    rolling: Mapping[str, RollingItem],
    strength: Mapping[str, StrengthItem],
    used: int,
    budget: int,
) -> LeftOut | None:
    """Why ``unit`` cannot be added now, or None if it fits."""
    if len(strength) + len(unit.strength) > MAX_STRENGTH_ITEMS or (
        len(rolling) + len(unit.rolling) > MAX_ROLLING_ITEMS
    ):
        return LeftOut(unit.names(), "limit", 0, _("left out to keep the plan short"))
    if used + unit.seconds > budget:
        need = math.ceil(unit.seconds / 60)
        why = _("no time left (needs about {need} min)").format(need=need)
        if unit.rolling:
            why = _(
                "optional; no time left after the strength work (needs about {need} min)"
            ).format(need=need)
        return LeftOut(unit.names(), "time", need, why)
    return None


def _without_repeats(
    unit: _Unit, rolling: Mapping[str, RollingItem], strength: Mapping[str, StrengthItem]
) -> tuple[_Unit, list[tuple[list[str], list[str]]]]:
    """Items of ``unit`` not yet in the plan, and the site credits for those that are.

    The credits are applied only if the unit is kept, so a pair that is left out
    never lends its site to an exercise that another site brought in.
    """
    fresh = _Unit()
    credits: list[tuple[list[str], list[str]]] = []
    for r in unit.rolling:
        if r.target in rolling:
            credits.append((rolling[r.target].sites, r.sites))
        else:
            fresh.rolling.append(r)
    for s in unit.strength:
        if s.exercise in strength:
            credits.append((strength[s.exercise].sites, s.sites))
        else:
            fresh.strength.append(s)
    return fresh, credits


def _add(lines: list[LeftOut], line: LeftOut) -> None:
    if line not in lines:
        lines.append(line)


def _apply(credits: list[tuple[list[str], list[str]]]) -> None:
    for sites, more in credits:
        sites.extend(site for site in more if site not in sites)
