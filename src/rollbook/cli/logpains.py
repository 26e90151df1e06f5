"""``rollbook log add --pain SITE[:SIDE]=N`` and ``rollbook log list``: pain by site and side.

A score is given as ``knee=3`` or, for one side, ``knee:left=3``. When the saved plan
is for one side, a score without a side is for that side (as on page 05), except at
a site in the middle of the body, which has no side.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rollbook.cli.errors import UsageError
from rollbook.i18n import _
from rollbook.records import PAIN_FIELDS, LogEntry, SitePain
from rollbook.sides import SIDES, midline_sites

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store import Store

_PAIN = re.compile(r"^\s*([a-z][a-z-]*)\s*(?::\s*([a-z]*)\s*)?=\s*(\d+)\s*$")
FLAGS: dict[str, str] = {"during": "--pain", "after": "--pain-after", "morning": "--pain-morning"}
METAVAR = "SITE[:SIDE]=N"
HELP_TAIL = "; add :left or :right after the site for one side, e.g. knee:left=3"


def plan_side(store: Store, profile: Profile) -> str | None:
    """The side of the saved plan when it is one-sided (left or right), else None."""
    from rollbook.weekplan import plan_side as side_of

    plan = store.current_plan(profile)
    side = side_of(plan.inputs) if plan else "both"
    return side if side in SIDES else None


def merge_pains(
    given: dict[str, Sequence[str]],
    saved: tuple[SitePain, ...],
    default_side: str | None = None,
) -> tuple[SitePain, ...]:
    """Merge ``--pain*`` texts (by measure) into the saved pains; a given score replaces
    the saved one for the same site and side."""
    midline = midline_sites()
    scores: dict[tuple[str, str | None], dict[str, int | None]] = {
        (p.site, p.side): dict(zip(PAIN_FIELDS, p.scores, strict=True)) for p in saved
    }
    for measure, flag in FLAGS.items():
        seen: set[tuple[str, str | None]] = set()
        for text in given.get(measure, ()):
            match = _PAIN.match(text.lower())
            if not match:
                raise UsageError(
                    _(
                        "{flag} must look like SITE=N or SITE:SIDE=N, e.g. knee=3 or knee:left=3 (got {text!r})"
                    ).format(flag=flag, text=text)
                )
            site, side, value = match.group(1), match.group(2), int(match.group(3))
            if side is not None and side not in SIDES:
                raise UsageError(
                    _("{flag} side for {site} must be left or right (got {side!r})").format(
                        flag=flag, site=site, side=side
                    )
                )
            if side is None and site not in midline:
                side = default_side
            where = f"{side} {site}" if side else site
            if (site, side) in seen:
                raise UsageError(
                    _("{flag} names {where} twice; give one score per site and side").format(
                        flag=flag, where=where
                    )
                )
            seen.add((site, side))
            if value > 10:
                raise UsageError(
                    _("{flag} for {where} must be 0–10 (got {number})").format(
                        flag=flag, where=where, number=value
                    )
                )
            scores.setdefault((site, side), dict.fromkeys(PAIN_FIELDS))
            scores[(site, side)][measure] = value
    return tuple(
        SitePain.from_scores(site, values, side) for (site, side), values in scores.items()
    )


def pains_from_args(
    args: argparse.Namespace, store: Store, profile: Profile, saved: tuple[SitePain, ...]
) -> tuple[SitePain, ...]:
    """The day's pains: the saved ones with the ``--pain*`` options of ``args`` merged in."""
    given = {m: getattr(args, f"pain_{m}") for m in PAIN_FIELDS}
    if not any(given.values()):
        return saved
    return merge_pains(given, saved, plan_side(store, profile))


# --- rollbook log list ------------------------------------------------------------------


def entry_dict(entry: LogEntry) -> dict[str, Any]:
    """One day of the log as JSON: every pain record with its site and side."""
    return {
        "date": entry.date.isoformat(),
        "km": entry.km,
        "rolled_min": entry.rolled_min,
        "done": entry.done,
        "note": entry.note,
        "pains": [
            {"site": p.site, "side": p.side, **dict(zip(PAIN_FIELDS, p.scores, strict=True))}
            for p in entry.pains
        ],
    }


def entry_line(entry: LogEntry) -> str:
    """One day of the log as a line of text, e.g. ``2026-03-02  5 km ... left knee 3/2/-``."""

    def score(v: int | None) -> str:
        return "-" if v is None else str(v)

    pains = ", ".join(f"{p.where} {'/'.join(map(score, p.scores))}" for p in entry.pains)
    done = _("plan done") if entry.done else _("plan not done")
    return _(
        "{day}  {km:g} km  {rolled_min} min rolled  {done}  pain (during/after/morning): {reason}"
    ).format(
        day=entry.date.isoformat(),
        km=entry.km,
        rolled_min=entry.rolled_min,
        done=done,
        reason=pains or "none",
    )


def add_list_parser(log_sub: Any, profile_option: Any, date_type: Any, run: Any) -> None:
    """Add ``rollbook log list``; ``run(args)`` is given the opened store by the caller."""
    listing = log_sub.add_parser(
        "list",
        help="show the logged days, with pain by site and side",
        description="Show the logged days, oldest first. Pain is shown as during/after/"
        "next morning for each site and side; '-' means not filled in.",
    )
    profile_option(listing)
    listing.add_argument("--from", dest="start", type=date_type, default=None, help="YYYY-MM-DD")
    listing.add_argument("--to", dest="end", type=date_type, default=None, help="YYYY-MM-DD")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=run)


def render_list(name: str, entries: list[LogEntry], fmt: str) -> str:
    """The ``log list`` output for ``entries``."""
    if fmt == "json":
        return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2)
    if not entries:
        return _("No days logged for {name} yet. Log one with: rollbook log add").format(name=name)
    return "\n".join(entry_line(e) for e in entries)
