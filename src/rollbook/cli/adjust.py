"""``rollbook adjust`` and ``rollbook ladder``: a clinician's changes and the walk-run checks.

A clinician's change to a saved plan is stored with its reason; progression keeps it
and the runner sees it (``rollbook week``). Every command checks its input fully
before writing, so bad input (exit code 2, one line) leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from typing import Any

from rollbook.cli.common import actions, date_arg, find_profile, opened_store, profile_option
from rollbook.cli.errors import UsageError
from rollbook.cli.progress import week_for
from rollbook.i18n import _


def register(subparsers: Any) -> None:
    """Add the ``adjust`` and ``ladder`` commands."""
    adjust = subparsers.add_parser(
        "adjust", help="a clinician's change to a saved plan, with a reason the runner sees"
    )
    profile_option(adjust)
    adjust.add_argument(
        "--date",
        type=date_arg,
        default=None,
        help="the day the change starts, YYYY-MM-DD (default today)",
    )
    adjust.add_argument("--reason", required=True, help="why, in a short plain sentence")
    what = adjust.add_mutually_exclusive_group(required=True)
    what.add_argument("--level", metavar="ID=N", help="set an exercise's level (1 = first)")
    what.add_argument(
        "--dose", metavar="ID=SETSxREPS", help="set sets and reps (3x12) or sets and a hold (3x30s)"
    )
    what.add_argument("--add", metavar="ID[=N]", help="add an exercise (at level N, default 1)")
    what.add_argument("--remove", metavar="ID", help="take an exercise out")
    what.add_argument("--swap", metavar="OLD=NEW[:N]", help="swap an exercise for another")
    what.add_argument("--review", type=date_arg, metavar="YYYY-MM-DD", help="set the next review")
    what.add_argument(
        "--ladder",
        type=int,
        metavar="PHASE",
        help="start the walk-run plan at this step (after a break)",
    )
    what.add_argument("--end-ladder", action="store_true", help="end the walk-run plan")
    adjust.add_argument(
        "--every", type=int, metavar="DAYS", help="with --review: days between later reviews"
    )
    adjust.set_defaults(func=_adjust)

    ladder_sub = actions(subparsers, "ladder", _("the walk-run plan's start checks"))
    checks = ladder_sub.add_parser("checks", help="list the start checks (JSON)")
    checks.set_defaults(func=_ladder_checks)
    check = ladder_sub.add_parser("check", help="save the start checks answered yes on a day")
    profile_option(check)
    check.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default today)")
    check.add_argument(
        "--met",
        action="append",
        default=[],
        metavar="ID",
        help="a start check answered yes (repeat; see `rollbook ladder checks`)",
    )
    check.set_defaults(func=_ladder_check)


# --- adjust -----------------------------------------------------------------------------


def _pair(text: str, flag: str) -> tuple[str, str]:
    ident, sep, rest = text.partition("=")
    if not sep or not ident.strip() or not rest.strip():
        raise UsageError(
            _("{flag} must look like ID=VALUE (got {text!r})").format(flag=flag, text=text)
        )
    return ident.strip(), rest.strip()


def _number(text: str, what: str) -> int:
    if not text.isdigit():
        raise UsageError(
            _("{what} must be a whole number (got {text!r})").format(what=what, text=text)
        )
    return int(text)


def _change(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.level:
        ident, value = _pair(args.level, "--level")
        return "level", {"exercise": ident, "level": _number(value, "--level N")}
    if args.dose:
        ident, value = _pair(args.dose, "--dose")
        match = re.fullmatch(r"(\d+)\s*x\s*(\d+)\s*(s?)", value.lower())
        if not match:
            raise UsageError(
                _("--dose must look like ID=3x12 or ID=3x30s (got {dose!r})").format(dose=args.dose)
            )
        amount = "hold_seconds" if match.group(3) else "reps"
        return "dose", {"exercise": ident, "sets": int(match.group(1)),
                        amount: int(match.group(2))}  # fmt: skip
    if args.add:
        ident, _sep, level = args.add.partition("=")
        return "add", {"exercise": ident.strip(), "level": _number(level.strip() or "1", "--add N")}
    if args.remove:
        return "remove", {"exercise": args.remove.strip()}
    if args.swap:
        old, new = _pair(args.swap, "--swap")
        new, _sep, level = new.partition(":")
        return "swap", {"exercise": old, "to": new.strip(),
                        "level": _number(level.strip() or "1", "--swap N")}  # fmt: skip
    if args.review:
        change: dict[str, Any] = {"on": args.review.isoformat()}
        if args.every is not None:
            change["every_days"] = args.every
        return "review", change
    if args.ladder is not None:
        return "run", {"mode": "ladder", "phase": args.ladder}
    return "run", {"mode": "normal"}


def _adjust(args: argparse.Namespace) -> int:
    from rollbook.pages.adjust import NoPlanError, adjust_plan, make_adjustment
    from rollbook.pages.errors import PageInputError

    day = args.date or dt.date.today()
    kind, change = _change(args)
    if args.every is not None and kind != "review":
        raise UsageError(_("--every goes with --review"))
    try:
        adj = make_adjustment(day, kind, change, args.reason)
        with opened_store() as store:
            profile = find_profile(store, args.profile)
            try:
                adjust_plan(store, profile, adj)  # the same check and save as page 06
            except NoPlanError:
                week_for(store, profile, day)  # says how to save a plan
                raise
    except PageInputError as exc:
        raise UsageError(str(exc)) from None
    print(
        _("Saved the change for {name} from {day}.").format(name=profile.name, day=day.isoformat())
    )
    return 0


# --- ladder -----------------------------------------------------------------------------


def _ladder_checks(args: argparse.Namespace) -> int:
    from rollbook.content.progressfile import load_progression

    rows = [{"id": c.id, "question": c.question} for c in load_progression().check]
    print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def _ladder_check(args: argparse.Namespace) -> int:
    from rollbook.content.progressfile import load_progression
    from rollbook.progress_records import LadderCheck

    known = [c.id for c in load_progression().check]
    for item in args.met:
        if item not in known:
            raise UsageError(
                _("unknown --met {item!r}; choose from: {names}").format(
                    item=item, names=", ".join(known)
                )
            )
    day = args.date or dt.date.today()
    if day > dt.date.today():
        raise UsageError(_("--date {day} is in the future").format(day=day.isoformat()))
    check = LadderCheck(day, tuple(args.met))
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        store.save_ladder_check(profile, check)
    missing = [c for c in known if c not in check.met]
    tail = (
        _("every start check is met.")
        if not missing
        else _("not yet met: {names}.").format(names=", ".join(missing))
    )
    print(
        _("Saved the start checks for {name} on {day}: {tail}").format(
            name=profile.name, day=day.isoformat(), tail=tail
        )
    )
    return 0
