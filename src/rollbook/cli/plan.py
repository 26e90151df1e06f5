"""``rollbook sites``, ``rollbook flags``, ``rollbook cautions`` and ``rollbook plan``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rollbook.cli.errors import UsageError
from rollbook.cli.plan_text import render_text
from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.content import Library

_PAIN = re.compile(r"^\s*([a-z0-9-]+)\s*=\s*(-?\d+)\s*$")


def register(subparsers: Any) -> None:
    """Add the ``sites``, ``flags``, ``cautions`` and ``plan`` commands."""
    sites = subparsers.add_parser("sites", help="list pain-site ids and labels (JSON)")
    sites.set_defaults(func=_sites)
    flags = subparsers.add_parser("flags", help="list red-flag ids and questions (JSON)")
    flags.set_defaults(func=_flags)
    cautions = subparsers.add_parser(
        "cautions", help="list rolling-caution ids and questions (JSON)"
    )
    cautions.set_defaults(func=_cautions)

    plan = subparsers.add_parser(
        "plan",
        help="build a rolling and strength plan",
        description="Build a short daily plan from where it hurts and how much time you have.",
    )
    plan.add_argument(
        "--pain",
        action="append",
        default=[],
        metavar="SITE=0-10",
        help="a pain site and the worst pain during your last run, 0 to 10 (repeat for more sites)",
    )
    plan.add_argument("--minutes", default="15", help="minutes a day (default 15)")
    plan.add_argument(
        "--roller", default="smooth", help="smooth, textured, spiked or ball (default smooth)"
    )
    plan.add_argument("--weekly-km", default="0", help="kilometres run a week (default 0)")
    plan.add_argument("--days", default="3", help="running days a week, 0-7 (default 3)")
    plan.add_argument("--experience", default="some", help="new, some or regular (default some)")
    plan.add_argument(
        "--flag",
        action="append",
        default=[],
        metavar="ID",
        help="a red-flag id answered yes (see `rollbook flags`)",
    )
    plan.add_argument(
        "--no-flags",
        action="store_true",
        help="every safety question (see `rollbook flags`) was answered no",
    )
    plan.add_argument(
        "--caution",
        action="append",
        default=[],
        metavar="ID",
        help="a rolling-caution id answered yes (see `rollbook cautions`)",
    )
    plan.add_argument("--for", dest="name", default="", metavar="NAME", help="name on the plan")
    plan.add_argument("--format", default="text", help="text or json (default text)")
    plan.add_argument("--pdf", type=Path, metavar="FILE", help="also write a PDF handout")
    plan.add_argument("--ics", type=Path, metavar="FILE", help="also write a calendar (.ics)")
    plan.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="first day of the plan: of the calendar (--ics) and of the saved "
        "plan (--save; default today)",
    )
    plan.add_argument("--weeks", default="4", help="calendar length in weeks, 1-52 (default 4)")
    plan.add_argument("--profile", metavar="NAME", help="with --save: the runner to save it for")
    plan.add_argument(
        "--save",
        action="store_true",
        help="save the plan for --profile, as page 03 does (see `rollbook week`)",
    )
    plan.add_argument("--side", default=None, help="sore side: left, right or both (default both)")
    plan.set_defaults(func=_plan)


def _library() -> Library:
    from rollbook.content import ContentError, load_library

    try:
        return load_library()
    except ContentError as exc:
        raise UsageError(_("content library: {exc}").format(exc=exc)) from None


def _sites(args: argparse.Namespace) -> int:
    lib = _library()
    print(json.dumps([{"id": s.id, "label": s.label} for s in lib.sites.values()], indent=2))
    return 0


def _flags(args: argparse.Namespace) -> int:
    lib = _library()
    rows = [{"id": f.id, "question": f.question} for f in lib.red_flags.values()]
    print(json.dumps(rows, indent=2))
    return 0


def _cautions(args: argparse.Namespace) -> int:
    lib = _library()
    rows = [{"id": c.id, "question": c.question} for c in lib.cautions.values()]
    print(json.dumps(rows, indent=2))
    return 0


def _int(text: str, what: str, low: int, high: int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UsageError(
            _("{what} must be a whole number from {low} to {high}, got {text!r}").format(
                what=what, low=low, high=high, text=text
            )
        ) from None
    if not low <= value <= high:
        raise UsageError(
            _("{what} must be from {low} to {high}, got {number}").format(
                what=what, low=low, high=high, number=value
            )
        )
    return value


def _parse_pain(items: list[str], lib: Library) -> dict[str, int]:
    sites = ", ".join(lib.sites)
    pain: dict[str, int] = {}
    for item in items:
        match = _PAIN.match(item)
        if not match:
            raise UsageError(
                _("--pain {item!r} is not SITE=NUMBER (e.g. knee=6); sites: {sites}").format(
                    item=item, sites=sites
                )
            )
        site, value = match.group(1), int(match.group(2))
        if site not in lib.sites:
            raise UsageError(
                _("unknown pain site {site!r}; choose from: {sites}").format(site=site, sites=sites)
            )
        if not 0 <= value <= 10:
            raise UsageError(
                _("pain for {site!r} must be from 0 to 10, got {number}").format(
                    site=site, number=value
                )
            )
        if site in pain:
            raise UsageError(_("--pain {site} given twice; give each site once").format(site=site))
        pain[site] = value
    return pain


def _plan(args: argparse.Namespace) -> int:
    from rollbook.content import ROLLERS
    from rollbook.plan import PlanInput, PlanInputError, build_plan
    from rollbook.plan_input import EXPERIENCE, MAX_MINUTES

    lib = _library()
    pain = _parse_pain(args.pain, lib)
    if not pain:
        raise UsageError(
            _("give at least one --pain SITE=0-10; sites: {names}").format(
                names=", ".join(lib.sites)
            )
        )
    minutes = _int(args.minutes, "--minutes", 1, MAX_MINUTES)
    days = _int(args.days, "--days", 0, 7)
    weeks = _int(args.weeks, "--weeks", 1, 52)
    try:
        km = float(args.weekly_km)
    except ValueError:
        raise UsageError(
            _("--weekly-km must be a number from 0 to 400, got {weekly_km!r}").format(
                weekly_km=args.weekly_km
            )
        ) from None
    if args.roller not in ROLLERS:
        raise UsageError(
            _("unknown --roller {roller!r}; choose from: {names}").format(
                roller=args.roller, names=", ".join(ROLLERS)
            )
        )
    if args.experience not in EXPERIENCE:
        raise UsageError(
            _("unknown --experience {experience!r}; choose from: {names}").format(
                experience=args.experience, names=", ".join(EXPERIENCE)
            )
        )
    for flag in args.flag:
        if flag not in lib.red_flags:
            raise UsageError(
                _("unknown --flag {flag!r}; choose from: {names}").format(
                    flag=flag, names=", ".join(lib.red_flags)
                )
            )
    if args.no_flags and args.flag:
        raise UsageError(
            _(
                "--no-flags means every safety question was answered no; "
                "leave it out when you give --flag"
            )
        )
    for caution in args.caution:
        if caution not in lib.cautions:
            raise UsageError(
                _("unknown --caution {caution!r}; choose from: {names}").format(
                    caution=caution, names=", ".join(lib.cautions)
                )
            )
    if args.format not in ("text", "json"):
        raise UsageError(
            _("unknown --format {format!r}; choose from: text, json").format(format=args.format)
        )
    start: date | None = None
    if args.start is not None:
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise UsageError(
                _("--start must be a date like 2025-03-31 (YYYY-MM-DD), got {start!r}").format(
                    start=args.start
                )
            ) from None
    if args.side is not None and args.side not in ("left", "right", "both"):
        raise UsageError(
            _("unknown --side {side!r}; choose from: left, right, both").format(side=args.side)
        )
    if args.save != bool(args.profile):
        raise UsageError(_("--save and --profile NAME go together: save the plan for that runner"))
    if args.ics and start is None:
        raise UsageError(_("--ics needs --start YYYY-MM-DD (the first day of the calendar)"))
    inp = PlanInput(
        pain=pain,
        red_flags=tuple(args.flag),
        weekly_km=km,
        run_days=days,
        roller=args.roller,
        minutes=minutes,
        experience=args.experience,
        name=args.name,
        cautions=tuple(dict.fromkeys(args.caution)),
        screened=bool(args.no_flags or args.flag),
    )
    try:
        plan = build_plan(inp, lib)
    except PlanInputError as exc:
        raise UsageError(str(exc)) from None

    if args.format == "json":
        print(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(plan, lib))
    if args.pdf:
        from rollbook.export.pdf import plan_pdf

        _write(args.pdf, plan_pdf(plan, name=args.name, on=start or date.today(), library=lib))
    if args.ics and start is not None:
        from rollbook.export.ics import plan_ics

        _write(args.ics, plan_ics(plan, start=start, weeks=weeks, name=args.name))
    if args.save:
        from rollbook.cli.progress import save_plan

        save_plan(args.profile, inp, plan, start=start or date.today(), side=args.side or "both")
    return 0


def _write(path: Path, data: bytes) -> None:
    """Write via a temporary file so a failed run never leaves half a file."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(
            _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    print(_("wrote {path}").format(path=path), file=sys.stderr)
