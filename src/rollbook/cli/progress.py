"""``rollbook week``, ``rollbook lefs``, ``rollbook adjust`` and ``rollbook ladder``.

Plans that move: this week's prescription from the saved plan and the log, LEFS
scores, a clinician's changes with a reason, and the walk-run start checks. Every
command checks its input fully before writing, so bad input (exit code 2, one line)
leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any, cast

from rollbook.cli.errors import UsageError
from rollbook.cli.records import _date, _open, _profile, _profile_option

if TYPE_CHECKING:
    from rollbook.progress_records import Adjustment, ExerciseSession, Feel
    from rollbook.records import Profile
    from rollbook.store import Store
    from rollbook.weekplan import WeekPlan

_SESSION = re.compile(r"^\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*:\s*(-?\d+)\s*:\s*([a-z]+)\s*$")


def register(subparsers: Any) -> None:
    """Add the ``week``, ``lefs``, ``adjust`` and ``ladder`` commands."""
    week = subparsers.add_parser(
        "week", help="this week's plan: exercise levels, running, the next review and changes"
    )
    _profile_option(week)
    week.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default today)")
    week.add_argument("--format", choices=("text", "json"), default="text")
    week.set_defaults(func=_week)

    lefs = subparsers.add_parser("lefs", help="Lower Extremity Functional Scale (LEFS) scores")
    lefs_sub = lefs.add_subparsers(dest="lefs_command", metavar="ACTION", required=True)
    add = lefs_sub.add_parser("add", help="save a LEFS: 20 answers, each 0 (unable) to 4 "
                              "(no difficulty)")  # fmt: skip
    _profile_option(add)
    add.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default today)")
    add.add_argument(
        "--answers",
        required=True,
        metavar="N,N,...",
        help="the 20 answers in order, comma-separated, each 0 to 4",
    )
    add.set_defaults(func=_lefs_add)

    adjust = subparsers.add_parser(
        "adjust", help="a clinician's change to a saved plan, with a reason the runner sees"
    )
    _profile_option(adjust)
    adjust.add_argument(
        "--date",
        type=_date,
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
    what.add_argument("--review", type=_date, metavar="YYYY-MM-DD", help="set the next review")
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

    ladder = subparsers.add_parser("ladder", help="the walk-run plan's start checks")
    ladder_sub = ladder.add_subparsers(dest="ladder_command", metavar="ACTION", required=True)
    checks = ladder_sub.add_parser("checks", help="list the start checks (JSON)")
    checks.set_defaults(func=_ladder_checks)
    check = ladder_sub.add_parser("check", help="save the start checks answered yes on a day")
    _profile_option(check)
    check.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default today)")
    check.add_argument(
        "--met",
        action="append",
        default=[],
        metavar="ID",
        help="a start check answered yes (repeat; see `rollbook ladder checks`)",
    )
    check.set_defaults(func=_ladder_check)


# --- shared -----------------------------------------------------------------------------


def week_for(store: Store, profile: Profile, day: dt.date) -> WeekPlan:
    """This week's plan for ``profile`` on ``day``; a usage error without a saved plan."""
    from rollbook.runs.summary import load_runs
    from rollbook.weekplan import week_plan

    plan = store.current_plan(profile)
    if plan is None:
        raise UsageError(
            f"{profile.name} has no saved plan; save one with: rollbook plan ... "
            f"--profile {profile.name!r} --save"
        )
    from rollbook.painmodel import Run
    from rollbook.weekplan import plan_start

    # The pain model looks back at most 4 weeks (settled mornings) and the load guard
    # about 7 weeks; 120 days before the start is ample, as for `rollbook status`.
    since = plan_start(plan.inputs, plan.created.date()) - dt.timedelta(days=120)
    entries = store.list_entries(profile, start=since, end=day)
    runs = load_runs(entries, store.runs(profile, start=since, end=day))

    return week_plan(
        plan.inputs, plan.output, created=plan.created.date(), today=day, entries=entries,
        sessions=store.list_sessions(profile, start=since, end=day), adjustments=store.list_adjustments(profile),
        checks=store.list_ladder_checks(profile), runs=[Run(d, km) for d, km in runs],
    )  # fmt: skip


def parse_sessions(
    items: list[str], day: dt.date, allowed: dict[str, str]
) -> list[ExerciseSession]:
    """``ID:PAIN:FEEL`` options → sessions; ``allowed`` maps plan exercise ids to labels."""
    from rollbook.progress_records import FEELS, ExerciseSession

    sessions: list[ExerciseSession] = []
    for text in items:
        match = _SESSION.match(text.lower())
        if not match:
            raise UsageError(f"--exercise must look like ID:PAIN:FEEL, e.g. calf-raise:2:easy "
                             f"(got {text!r})")  # fmt: skip
        ident, pain, feel = match.group(1), int(match.group(2)), match.group(3)
        if ident not in allowed:
            known = ", ".join(allowed) or "none"
            raise UsageError(f"--exercise {ident!r} is not in the saved plan (exercises: {known})")
        if not 0 <= pain <= 10:
            raise UsageError(f"--exercise {ident}: pain must be 0-10 (got {pain})")
        if feel not in FEELS:
            raise UsageError(f"--exercise {ident}: feel must be easy, ok or hard (got {feel!r})")
        if any(s.exercise == ident for s in sessions):
            raise UsageError(f"--exercise names {ident} twice; log each exercise once a day")
        sessions.append(ExerciseSession(day, ident, pain, cast("Feel", feel)))
    return sessions


# --- week -------------------------------------------------------------------------------


def _week(args: argparse.Namespace) -> int:
    day = args.date or dt.date.today()
    with _open() as store:
        profile = _profile(store, args.profile)
        week = week_for(store, profile, day)
    if args.format == "json":
        print(json.dumps(week.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(week_text(profile.name, week))
    return 0


def week_text(name: str, week: WeekPlan) -> str:
    """This week's plan as plain text for a terminal."""
    from rollbook import painmodel

    side = {"left": "left side", "right": "right side", "both": "both sides"}[week.side]
    lines = [
        (
            f"Week {week.week_number} of the plan for {name} "
            f"(from {week.week_start.isoformat()}; sore: {side})"
        ),
        "",
        f"Running: {painmodel.action_info(week.action).label} ({week.action})",
    ]
    if week.run.mode == "ladder" and week.run.phase is not None:
        lines.append(f"  Walk-run plan, step {week.run.phase}")
    elif week.run.mode == "paused":
        lines.append("  Running is paused.")
    lines += [f"  Next: {week.run.next_step}", "", "Exercises:"]
    for ex in week.exercises:
        one_side = f" (start with the {week.side} leg)" if ex.side == "each" and week.side != "both" \
            else ""  # fmt: skip
        lines.append(f"  * {ex.label} - level {ex.level} of {ex.levels}, {ex.level_name}: "
                     f"{ex.dose()}{one_side}")  # fmt: skip
        lines.append(f"    Next: {ex.next_step}")
    if not week.exercises:
        lines.append("  none in this plan")
    lines += ["", f"Next review: {week.review_on.isoformat()}"]
    if week.changes:
        lines += ["", "What changed:"]
        for change in week.changes:
            lines.append(f"  - {change.date.isoformat()}: {change.what}. Why: {change.why}")
    return "\n".join(lines)


# --- lefs -------------------------------------------------------------------------------


def _lefs_add(args: argparse.Namespace) -> int:
    from rollbook.progress_records import LEFS_ITEM_MAX, LEFS_ITEMS, LefsRecord

    parts = [p.strip() for p in args.answers.split(",")]
    if len(parts) != LEFS_ITEMS:
        raise UsageError(
            f"--answers needs {LEFS_ITEMS} numbers, one per question (got {len(parts)})"
        )
    values: list[int] = []
    for number, part in enumerate(parts, start=1):
        if not part.isdigit() or int(part) > LEFS_ITEM_MAX:
            raise UsageError(f"--answers: answer {number} must be a whole number from 0 to "
                             f"{LEFS_ITEM_MAX} (got {part!r})")  # fmt: skip
        values.append(int(part))
    record = LefsRecord(args.date or dt.date.today(), tuple(values))
    with _open() as store:
        profile = _profile(store, args.profile)
        result = store.save_lefs(profile, record)
    what = "new" if result.created else "replaced the one saved that day"
    print(f"Saved LEFS {record.total}/80 on {record.date.isoformat()} for {profile.name} ({what}).")
    return 0


# --- adjust -----------------------------------------------------------------------------


def _pair(text: str, flag: str) -> tuple[str, str]:
    ident, sep, rest = text.partition("=")
    if not sep or not ident.strip() or not rest.strip():
        raise UsageError(f"{flag} must look like ID=VALUE (got {text!r})")
    return ident.strip(), rest.strip()


def _number(text: str, what: str) -> int:
    if not text.isdigit():
        raise UsageError(f"{what} must be a whole number (got {text!r})")
    return int(text)


def _change(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.level:
        ident, value = _pair(args.level, "--level")
        return "level", {"exercise": ident, "level": _number(value, "--level N")}
    if args.dose:
        ident, value = _pair(args.dose, "--dose")
        match = re.fullmatch(r"(\d+)\s*x\s*(\d+)\s*(s?)", value.lower())
        if not match:
            raise UsageError(f"--dose must look like ID=3x12 or ID=3x30s (got {args.dose!r})")
        amount = "hold_seconds" if match.group(3) else "reps"
        return "dose", {"exercise": ident, "sets": int(match.group(1)),
                        amount: int(match.group(2))}  # fmt: skip
    if args.add:
        ident, _, level = args.add.partition("=")
        return "add", {"exercise": ident.strip(), "level": _number(level.strip() or "1", "--add N")}
    if args.remove:
        return "remove", {"exercise": args.remove.strip()}
    if args.swap:
        old, new = _pair(args.swap, "--swap")
        new, _, level = new.partition(":")
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


def _check_adjustment(adj: Adjustment, week: WeekPlan, every: int | None) -> None:
    """Refuse changes that name exercises the plan or the library do not hold."""
    from rollbook.content import load_library
    from rollbook.content.progressfile import load_progression

    lib, rules = load_library(), load_progression()
    have = {e.exercise: e for e in week.exercises}
    name = adj.change.get("exercise")
    if adj.kind in ("remove", "level", "dose", "swap") and name not in have:
        raise UsageError(f"{name!r} is not in this week's plan (exercises: "
                         f"{', '.join(have) or 'none'})")  # fmt: skip
    target = adj.change.get("to") if adj.kind == "swap" else name if adj.kind == "add" else None
    if target is not None:
        if target not in lib.exercises:
            raise UsageError(f"unknown exercise {target!r} (see the ids in exercises.toml)")
        if target in have:
            raise UsageError(f"{target!r} is already in the plan")
    level_of = target if target is not None else name
    if "level" in adj.change and isinstance(level_of, str) and level_of in lib.exercises:
        top = len(lib.exercises[level_of].levels)
        if adj.change["level"] > top:
            raise UsageError(f"{level_of} has {top} levels; choose 1 to {top}")
    if adj.kind == "dose" and isinstance(name, str):
        held = have[name].hold_seconds is not None
        if held != ("hold_seconds" in adj.change):
            want = "a hold, like 3x30s" if held else "reps, like 3x12"
            raise UsageError(f"{name} at its level is done as {want}")
    if every is not None and adj.kind != "review":
        raise UsageError("--every goes with --review")
    gap = adj.change.get("every_days")
    if gap is not None and not rules.review.min_days <= gap <= rules.review.max_days:
        raise UsageError(f"--every must be {rules.review.min_days} to {rules.review.max_days} days")
    if adj.kind == "run" and adj.change["mode"] == "ladder" and not \
            1 <= adj.change["phase"] <= len(rules.phase):  # fmt: skip
        raise UsageError(f"--ladder must be a step from 1 to {len(rules.phase)}")


def _adjust(args: argparse.Namespace) -> int:
    from rollbook.progress_records import Adjustment
    from rollbook.records import RecordError

    day = args.date or dt.date.today()
    kind, change = _change(args)
    try:
        adj = Adjustment(day, kind, change, args.reason)
    except RecordError as exc:
        raise UsageError(str(exc)) from None
    with _open() as store:
        profile = _profile(store, args.profile)
        _check_adjustment(adj, week_for(store, profile, day), args.every)
        store.add_adjustment(profile, adj)
    print(f"Saved the change for {profile.name} from {day.isoformat()}.")
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
            raise UsageError(f"unknown --met {item!r}; choose from: {', '.join(known)}")
    day = args.date or dt.date.today()
    if day > dt.date.today():
        raise UsageError(f"--date {day.isoformat()} is in the future")
    check = LadderCheck(day, tuple(args.met))
    with _open() as store:
        profile = _profile(store, args.profile)
        store.save_ladder_check(profile, check)
    missing = [c for c in known if c not in check.met]
    tail = "every start check is met." if not missing else f"not yet met: {', '.join(missing)}."
    print(f"Saved the start checks for {profile.name} on {day.isoformat()}: {tail}")
    return 0


# --- plan --save --------------------------------------------------------------------------


def save_plan(name: str, inp: Any, plan: Any, *, start: dt.date, side: str) -> None:
    """Save a built plan for the runner ``name`` as page 03 does, with its start and side."""
    import dataclasses
    import sys

    from rollbook.records import early_date_problem

    early = early_date_problem(start)
    if early:
        raise UsageError(f"--start: {early}")
    inputs = dataclasses.asdict(inp)
    inputs["pain"] = dict(inputs["pain"])
    inputs["red_flags"] = list(inputs["red_flags"])
    inputs["cautions"] = list(inputs["cautions"])
    inputs["start"] = start.isoformat()
    inputs["side"] = side
    with _open() as store:
        profile = _profile(store, name)
        store.save_plan(profile, inputs, plan.to_dict())
    print(f"Saved the plan for {profile.name}, starting {start.isoformat()}.", file=sys.stderr)
