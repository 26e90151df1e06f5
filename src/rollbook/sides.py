"""Sides of the body in the daily log: the allowed values and how a day's scores fit.

A pain score is for the ``left``, the ``right`` or no side (None). No side is for a
site in the middle of the body, such as the low back (the content library marks it
``sided = false``), or when the runner did not say. :mod:`rollbook.records` uses these
checks when it builds a record, and re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rollbook.i18n import N_, _

if TYPE_CHECKING:
    from rollbook.records import SitePain

__all__ = ["DOSE_SIDE_WORDS", "MIDLINE_SITES", "PLAN_SIDE_WORDS", "SHORT_SIDE_WORDS", "SIDES",
           "dose_side_word", "midline_problem", "midline_sites", "pains_problem",
           "short_side_word", "side_problem"]  # fmt: skip

#: The sides a pain score can belong to. None means no side: a site in the middle of
#: the body (the low back), or the runner did not say.
SIDES: tuple[str, str] = ("left", "right")

#: A side alone, as a page puts it after a place ("Calf (left)"); translated where shown.
SHORT_SIDE_WORDS: dict[str, str] = {"left": N_("left"), "right": N_("right")}
#: A saved plan's side as a sentence names it; marked here, translated where shown.
PLAN_SIDE_WORDS: dict[str, str] = {
    "left": N_("left side"),
    "right": N_("right side"),
    "both": N_("both sides"),
}
#: How a plan item's dose is split between the legs (its ``side``), for sentences.
DOSE_SIDE_WORDS: dict[str, str] = {
    "each": N_("each leg"),
    "both": N_("both legs"),
    "centre": N_("middle of the back"),
}


def _say(words: Mapping[str, str], side: str) -> str:
    # Translated when shown, so a change of language changes the word, not the data;
    # a code with no word (a newer file, a typo) is shown as it is rather than lost.
    return _(words[side]) if side in words else side


def dose_side_word(side: str) -> str:
    """How a dose with ``side`` is split, in the active language (an unknown side as it is)."""
    return _say(DOSE_SIDE_WORDS, side)


def short_side_word(side: str) -> str:
    """The word for ``side`` after a place, in the active language (an unknown side as it is)."""
    return _say(SHORT_SIDE_WORDS, side)


#: Used only when the content package cannot be imported (see :func:`midline_sites`).
MIDLINE_SITES: frozenset[str] = frozenset({"low-back"})


def side_problem(value: object, site: str = "") -> str | None:
    """Return why ``value`` is not a side (``left``, ``right`` or None), else None."""
    if value is None or value in SIDES:
        return None
    where = _(" for {site}").format(site=site) if site else ""
    return _("side{where} must be left, right or empty (got {value!r})").format(
        where=where, value=value
    )


def pains_problem(pains: Iterable[SitePain]) -> str | None:
    """Return why a day's pain records do not fit together, else None.

    A day holds each site once per side. A site logged without a side cannot also be
    logged for the left or right on that day: the two would count the same pain twice.
    """
    keys = [p.key for p in pains]
    repeated = sorted({(s, d) for s, d in keys if keys.count((s, d)) > 1})
    if repeated:
        shown = ", ".join(f"{d} {s}" if d else s for s, d in repeated)
        return _("each site may appear once per day on each side (repeated: {shown})").format(
            shown=shown
        )
    mixed = sorted({s for s, d in keys if d} & {s for s, d in keys if not d})
    if mixed:
        return _(
            "{mixed} is logged both with and without a side on the same day; give a side (left or right) for each of its scores, or for none"
        ).format(mixed=mixed[0])
    return None


def midline_problem(pain: SitePain, midline: frozenset[str]) -> str | None:
    """Return why ``pain`` may not have a side (its site is in the middle), else None."""
    if pain.side and pain.site in midline:
        return _(
            "{site} is in the middle of the body, so it has no side; leave its side empty"
        ).format(site=pain.site)
    return None


@lru_cache(maxsize=1)
def _library_midline() -> frozenset[str] | None:
    try:
        from rollbook.content import load_library

        sites: Any = load_library().sites
    except Exception:  # noqa: BLE001 - records.known_sites has already warned
        return None
    found = sites.values() if isinstance(sites, Mapping) else sites
    return frozenset(str(s.id) for s in found if not getattr(s, "sided", True))


def midline_sites() -> frozenset[str]:
    """Return the site ids that have no side (the content library's ``sided = false``)."""
    found = _library_midline()
    return MIDLINE_SITES if found is None else found
