"""``rollbook sites``, ``rollbook flags``, ``rollbook cautions`` and ``rollbook plan``."""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rollbook.cli.errors import UsageError

if TYPE_CHECKING:
    from rollbook.content import Library
    from rollbook.plan import Plan

WIDTH = 78
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
        raise UsageError(f"content library: {exc}") from None


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
            f"{what} must be a whole number from {low} to {high}, got {text!r}"
        ) from None
    if not low <= value <= high:
        raise UsageError(f"{what} must be from {low} to {high}, got {value}")
    return value


def _parse_pain(items: list[str], lib: Library) -> dict[str, int]:
    sites = ", ".join(lib.sites)
    pain: dict[str, int] = {}
    for item in items:
        match = _PAIN.match(item)
        if not match:
            raise UsageError(f"--pain {item!r} is not SITE=NUMBER (e.g. knee=6); sites: {sites}")
        site, value = match.group(1), int(match.group(2))
        if site not in lib.sites:
            raise UsageError(f"unknown pain site {site!r}; choose from: {sites}")
        if not 0 <= value <= 10:
            raise UsageError(f"pain for {site!r} must be from 0 to 10, got {value}")
        if site in pain:
            raise UsageError(f"--pain {site} given twice; give each site once")
        pain[site] = value
    return pain


def _plan(args: argparse.Namespace) -> int:
    from rollbook.content import ROLLERS
    from rollbook.plan import PlanInput, PlanInputError, build_plan
    from rollbook.plan_input import EXPERIENCE, MAX_MINUTES

    lib = _library()
    pain = _parse_pain(args.pain, lib)
    if not pain:
        raise UsageError(f"give at least one --pain SITE=0-10; sites: {', '.join(lib.sites)}")
    minutes = _int(args.minutes, "--minutes", 1, MAX_MINUTES)
    days = _int(args.days, "--days", 0, 7)
    weeks = _int(args.weeks, "--weeks", 1, 52)
    try:
        km = float(args.weekly_km)
    except ValueError:
        raise UsageError(
            f"--weekly-km must be a number from 0 to 400, got {args.weekly_km!r}"
        ) from None
    if args.roller not in ROLLERS:
        raise UsageError(f"unknown --roller {args.roller!r}; choose from: {', '.join(ROLLERS)}")
    if args.experience not in EXPERIENCE:
        raise UsageError(
            f"unknown --experience {args.experience!r}; choose from: {', '.join(EXPERIENCE)}"
        )
    for flag in args.flag:
        if flag not in lib.red_flags:
            raise UsageError(f"unknown --flag {flag!r}; choose from: {', '.join(lib.red_flags)}")
    if args.no_flags and args.flag:
        raise UsageError(
            "--no-flags means every safety question was answered no; "
            "leave it out when you give --flag"
        )
    for caution in args.caution:
        if caution not in lib.cautions:
            raise UsageError(
                f"unknown --caution {caution!r}; choose from: {', '.join(lib.cautions)}"
            )
    if args.format not in ("text", "json"):
        raise UsageError(f"unknown --format {args.format!r}; choose from: text, json")
    start: date | None = None
    if args.start is not None:
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise UsageError(
                f"--start must be a date like 2025-03-31 (YYYY-MM-DD), got {args.start!r}"
            ) from None
    if args.side is not None and args.side not in ("left", "right", "both"):
        raise UsageError(f"unknown --side {args.side!r}; choose from: left, right, both")
    if args.save != bool(args.profile):
        raise UsageError("--save and --profile NAME go together: save the plan for that runner")
    if args.ics and start is None:
        raise UsageError("--ics needs --start YYYY-MM-DD (the first day of the calendar)")
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
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {path}", file=sys.stderr)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
    )


def render_text(plan: Plan, library: Library) -> str:
    """The plan as plain text for a terminal, wrapped to fit 80 columns."""
    out: list[str] = []
    title = "Your rolling and strength plan" + (f" for {plan.name}" if plan.name else "")
    if plan.referral.needed:
        title = "Referral: see a clinician first" + (f" ({plan.name})" if plan.name else "")
    out += [title, "=" * min(len(title), WIDTH), ""]
    if plan.referral.needed:
        out += [_wrap(plan.referral.headline), ""]
        for reason, action in zip(plan.referral.reasons, plan.referral.actions, strict=True):
            out += [_wrap(reason, "    ", "  * "), _wrap(action, "    ", "    "), ""]
        out += [_wrap(plan.running.advice)]
        out += [_wrap(line) for line in plan.referral.meanwhile]
        out.append("")
        out += [_wrap(note) for note in plan.notes]
        refs = "; ".join(library.reference(r).short() for r in plan.references)
        out += ["", _wrap(f"Sources: {refs}.")] if refs else []
        return "\n".join(out).rstrip() + "\n"
    if not plan.referral.screened:
        out += [
            _wrap(
                plan.referral.headline + " See `rollbook flags`, then run again with "
                "--no-flags or --flag ID."
            ),
            "",
        ]
    out += [_wrap(plan.message), ""]
    if plan.cautions:
        out += ["ROLLING CAUTIONS", ""]
        for note in plan.cautions:
            out.append(_wrap(f"{note.label}: {note.advice}", "    ", "  * "))
            out.append(_wrap(f"Why: {note.why} {note.basis_note}", "    ", "    "))
        out.append("")
    if plan.rolling:
        out += ["ROLLING (every day)", ""]
        for item in plan.rolling:
            side = {"each": "each leg", "both": "both legs", "centre": "middle"}[item.side]
            out.append(
                _wrap(
                    f"{item.label}: {item.seconds} s x {item.sets} set(s), {side}", "    ", "  * "
                )
            )
            for key in ("start", "where", "speed", "feel", "tip"):
                if key in item.cues:
                    out.append(_wrap(f"{key.capitalize()}: {item.cues[key]}", "      ", "    "))
            out.append(_wrap("Careful: " + " ".join(item.cautions), "      ", "    "))
            out.append("")
    if plan.strength:
        out += ["STRENGTH", ""]
        for s in plan.strength:
            out.append(
                _wrap(
                    f"{s.label} - {s.level}: {s.dose()}, {s.days_per_week} days a week",
                    "    ",
                    "  * ",
                )
            )
            out.append(_wrap(s.how, "    ", "    "))
            out.append(_wrap(f"Move on when: {s.progress_when}", "    ", "    "))
            out.append("")
    out += [
        f"RUNNING ({plan.running.label}: {plan.running.action})",
        "",
        _wrap(plan.running.advice),
        "",
    ]
    out += [_wrap(rule, "    ", "  - ") for rule in plan.running.rules]
    out += [_wrap(tip, "    ", "  - ") for tip in plan.running.tips]
    out.append("")
    if plan.left_out:
        out += ["LEFT OUT", ""]
        out += [_wrap(line, "    ", "  - ") for line in plan.left_out]
        out.append("")
    out += ["GOOD TO KNOW", ""]
    out += [_wrap(note, "    ", "  - ") for note in plan.notes]
    out += [
        "",
        _wrap(
            "Stop and call your clinician if any of these happen: "
            + " ".join(f.question for f in library.red_flags.values())
        ),
        "",
    ]
    refs = "; ".join(library.reference(r).short() for r in plan.references)
    out.append(_wrap(f"Sources: {refs}."))
    return "\n".join(out).rstrip() + "\n"
