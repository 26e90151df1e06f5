"""What a runner tells the plan engine, and the checks it passes first.

:class:`PlanInput` is the engine's whole input; :func:`validate_input` turns anything
the plan cannot be built from into a :class:`PlanInputError` whose message says what
was wrong and what is allowed. Pure: no screen, no disk.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from rollbook.cautions import UnknownCautionError, rolling_limits
from rollbook.content import ROLLERS, Library
from rollbook.content import load_library as _load_library
from rollbook.i18n import _

__all__ = [
    "EXPERIENCE",
    "MAX_MINUTES",
    "MAX_NAME_LENGTH",
    "MAX_WEEKLY_KM",
    "PlanInput",
    "PlanInputError",
    "validate_input",
]

EXPERIENCE: tuple[str, ...] = ("new", "some", "regular")
MAX_MINUTES = 180
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


def validate_input(inp: PlanInput, library: Library | None = None) -> None:
    """Raise :class:`PlanInputError` with a plain message if ``inp`` is not usable."""
    lib = library or _load_library()
    sites = ", ".join(lib.sites)
    if not isinstance(inp.pain, Mapping):
        raise PlanInputError(_("pain must map site ids to numbers from 0 to 10"))
    for site, value in inp.pain.items():
        if site not in lib.sites:
            raise PlanInputError(
                _("unknown pain site {site!r}; choose from: {sites}").format(site=site, sites=sites)
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise PlanInputError(
                _("pain for {site!r} must be a whole number from 0 to 10 (got {value!r})").format(
                    site=site, value=value
                )
            )
    if isinstance(inp.red_flags, str):
        raise PlanInputError(_("red_flags must be a list of ids, not one string"))
    for flag in inp.red_flags:
        if flag not in lib.red_flags:
            raise PlanInputError(
                _("unknown red-flag id {flag!r}; choose from: {names}").format(
                    flag=flag, names=", ".join(lib.red_flags)
                )
            )
    km = inp.weekly_km
    if isinstance(km, bool) or not isinstance(km, (int, float)) or not math.isfinite(km):
        raise PlanInputError(_("weekly km must be a number (got {km!r})").format(km=km))
    if not 0 <= km <= MAX_WEEKLY_KM:
        raise PlanInputError(
            _("weekly km must be from 0 to {MAX_WEEKLY_KM:g} (got {km:g})").format(
                MAX_WEEKLY_KM=MAX_WEEKLY_KM, km=km
            )
        )
    _whole(inp.run_days, _("run days"), 0, 7)
    if inp.roller not in ROLLERS:
        raise PlanInputError(
            _("unknown roller {roller!r}; choose from: {names}").format(
                roller=inp.roller, names=", ".join(ROLLERS)
            )
        )
    if isinstance(inp.minutes, int) and not isinstance(inp.minutes, bool) and inp.minutes <= 0:
        raise PlanInputError(
            _("minutes must be more than 0 (got {minutes})").format(minutes=inp.minutes)
        )
    _whole(inp.minutes, "minutes", 1, MAX_MINUTES)
    if inp.experience not in EXPERIENCE:
        raise PlanInputError(
            _("unknown experience {experience!r}; choose from: {names}").format(
                experience=inp.experience, names=", ".join(EXPERIENCE)
            )
        )
    if not isinstance(inp.name, str) or len(inp.name) > MAX_NAME_LENGTH:
        raise PlanInputError(
            _("name must be text of at most {MAX_NAME_LENGTH} characters").format(
                MAX_NAME_LENGTH=MAX_NAME_LENGTH
            )
        )
    try:
        rolling_limits(inp.cautions, inp.roller, lib)
    except UnknownCautionError as exc:
        raise PlanInputError(str(exc)) from None
    if not isinstance(inp.screened, bool):
        raise PlanInputError(
            _("screened must be true or false (got {screened!r})").format(screened=inp.screened)
        )


def _whole(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PlanInputError(
            _("{what} must be a whole number from {low} to {high} (got {value!r})").format(
                what=what, low=low, high=high, value=value
            )
        )
