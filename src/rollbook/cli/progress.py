"""``rollbook week`` and ``rollbook lefs`` (``adjust`` and ``ladder``: cli/adjust.py).

Plans that move: this week's prescription from the saved plan and the log, its
calendar and handout, and LEFS scores. Every
command checks its input fully before writing, so bad input (exit code 2, one line)
leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rollbook.cli.common import actions, date_arg, find_profile, opened_store, profile_option
from rollbook.cli.errors import UsageError
from rollbook.i18n import _
from rollbook.sides import PLAN_SIDE_WORDS

if TYPE_CHECKING:
    from rollbook.progress_records import ExerciseSession
    from rollbook.records import Profile
    from rollbook.store import Store
    from rollbook.weekplan import WeekPlan

_SESSION = re.compile(r"^\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*:\s*(-?\d+)\s*:\s*([a-z]+)\s*$")


def register(subparsers: Any) -> None:
    """Add the ``week`` and ``lefs`` commands."""
    week = subparsers.add_parser(
        "week", help="this week's plan: exercise levels, running, the next review and changes"
    )
    profile_option(week)
    week.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default today)")
    week.add_argument("--format", choices=("text", "json"), default="text")
    week.add_argument(
        "--ics", type=Path, metavar="FILE",
        help="also write a calendar: each plan week as prescribed, up to the next review",
    )  # fmt: skip
    week.add_argument(
        "--pdf", type=Path, metavar="FILE", help="also write this week's handout (PDF)"
    )
    week.set_defaults(func=_week)

    lefs_sub = actions(subparsers, "lefs", _("Lower Extremity Functional Scale (LEFS) scores"))
    add = lefs_sub.add_parser("add", help="save a LEFS: 20 answers, each 0 (unable) to 4 "
                              "(no difficulty)")  # fmt: skip
    profile_option(add)
    add.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default today)")
    add.add_argument(
        "--answers",
        required=True,
        metavar="N,N,...",
        help="the 20 answers in order, comma-separated, each 0 to 4",
    )
    add.set_defaults(func=_lefs_add)


# --- shared -----------------------------------------------------------------------------


def week_for(store: Store, profile: Profile, day: dt.date) -> WeekPlan:
    """This week's plan for ``profile`` on ``day``; a usage error without a saved plan."""
    from rollbook.weekload import load_week

    week = load_week(store, profile, day)
    if week is None:
        raise UsageError(
            _(
                "{name} has no saved plan; save one with: rollbook plan ... --profile {name!r} --save"
            ).format(name=profile.name)
        )
    return week


def parse_sessions(
    items: list[str], day: dt.date, allowed: dict[str, str]
) -> list[ExerciseSession]:
    """``ID:PAIN:FEEL`` options → sessions; ``allowed`` maps plan exercise ids to labels.

    Checked by the same function page 04 uses (:func:`rollbook.pages.exercise_log.check_sessions`).
    """
    from rollbook.pages.errors import PageInputError
    from rollbook.pages.exercise_log import ExerciseAnswer, check_sessions

    answers: list[ExerciseAnswer] = []
    for text in items:
        match = _SESSION.match(text.lower())
        if not match:
            raise UsageError(_('--exercise must look like ID:PAIN:FEEL, e.g. calf-raise:2:easy (got {text!r})').format(text=text))  # fmt: skip
        ident, pain, feel = match.group(1), int(match.group(2)), match.group(3)
        answers.append(ExerciseAnswer(ident, True, pain, feel))
    try:
        return check_sessions(answers, day, allowed)
    except PageInputError as exc:
        raise UsageError(_("--exercise {field}: {exc}").format(field=exc.field, exc=exc)) from None


# --- week -------------------------------------------------------------------------------


def _week(args: argparse.Namespace) -> int:
    day = args.date or dt.date.today()
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        week = week_for(store, profile, day)
        files: list[tuple[Path, bytes]] = []
        if args.ics or args.pdf:
            files = _week_files(args, store, profile, week)
    if args.format == "json":
        print(json.dumps(week.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(week_text(profile.name, week))
    from rollbook.cli.plan import _write

    for path, data in files:
        _write(path, data)
    return 0


def _week_files(
    args: argparse.Namespace, store: Store, profile: Profile, week: WeekPlan
) -> list[tuple[Path, bytes]]:
    """The calendar and handout asked for, built before anything is written (as page 03)."""
    from rollbook.content import load_library
    from rollbook.export.week_files import week_calendar, week_handout

    library = load_library()
    files: list[tuple[Path, bytes]] = []
    if args.ics:
        files.append((args.ics, week_calendar(store, profile, week.today, library)))
    if args.pdf:
        files.append((args.pdf, week_handout(store, profile, week.today, library)))
    return files


def week_text(name: str, week: WeekPlan) -> str:
    """This week's plan as plain text for a terminal."""
    from rollbook import painmodel
    from rollbook.weekplan import start_side

    side = _(PLAN_SIDE_WORDS[week.side])
    lines = [
        (
            _("Week {week_number} of the plan for {name} (from {day}; sore: {side})").format(
                week_number=week.week_number,
                name=name,
                day=week.week_start.isoformat(),
                side=side,
            )
        ),
        "",
        _("Running: {label} ({action})").format(
            label=painmodel.action_info(week.action).label, action=week.action
        ),
    ]
    if week.run.mode == "ladder" and week.run.phase is not None:
        lines.append(_("  Walk-run plan, step {phase}").format(phase=week.run.phase))
    elif week.run.mode == "paused":
        lines.append(_("  Running is paused."))
    lines += [_("  Next: {next_step}").format(next_step=week.run.next_step), "", _("Exercises:")]
    for ex in week.exercises:
        note = start_side(ex.side, week.side)
        one_side = f" ({note})" if note else ""
        lines.append(_('  * {label} - level {level} of {levels}, {level_name}: {dose}{one_side}').format(label=ex.label, level=ex.level, levels=ex.levels, level_name=ex.level_name, dose=ex.dose(), one_side=one_side))  # fmt: skip
        lines.append(_("    Next: {next_step}").format(next_step=ex.next_step))
    if not week.exercises:
        lines.append(_("  none in this plan"))
    lines += ["", _("Next review: {day}").format(day=week.review_on.isoformat())]
    if week.changes:
        lines += ["", _("What changed:")]
        for change in week.changes:
            lines.append(
                _("  - {isoformat}: {what}. Why: {why}").format(
                    isoformat=change.date.isoformat(), what=change.what, why=change.why
                )
            )
    return "\n".join(lines)


# --- lefs -------------------------------------------------------------------------------


def _lefs_add(args: argparse.Namespace) -> int:
    from rollbook.pages.errors import PageInputError
    from rollbook.pages.lefs import check_answers, save_lefs
    from rollbook.progress_records import LEFS_ITEMS

    parts = [p.strip() for p in args.answers.split(",")]
    if len(parts) != LEFS_ITEMS:
        raise UsageError(
            _("--answers needs {LEFS_ITEMS} numbers, one per question (got {parts})").format(
                LEFS_ITEMS=LEFS_ITEMS, parts=len(parts)
            )
        )
    try:
        check_answers(parts)  # before the store opens: bad input never touches it
    except PageInputError as exc:
        raise UsageError(_("--answers: {exc}").format(exc=exc)) from None
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        saved = save_lefs(store, profile, args.date or dt.date.today(), parts)
    record = saved.record
    what = _("new") if saved.created else _("replaced the one saved that day")
    print(
        _("Saved LEFS {total}/80 on {day} for {name} ({what}).").format(
            total=record.total, day=record.date.isoformat(), name=profile.name, what=what
        )
    )
    return 0


# --- plan --save --------------------------------------------------------------------------


def save_plan(name: str, inp: Any, plan: Any, *, start: dt.date, side: str) -> None:
    """Save a built plan for the runner ``name`` with page 03's action, with its start and side."""
    import sys

    from rollbook.pages import plan_save
    from rollbook.pages.errors import PageInputError

    with opened_store() as store:
        profile = find_profile(store, name)
        try:
            plan_save.save_plan(store, profile, inp, plan, start=start, side=side)
        except PageInputError as exc:
            raise UsageError(f"--{exc.field}: {exc}") from None
    print(
        _("Saved the plan for {name}, starting {day}.").format(
            name=profile.name, day=start.isoformat()
        ),
        file=sys.stderr,
    )
