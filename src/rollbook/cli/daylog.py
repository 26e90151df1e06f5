"""``rollbook log add|export|import``: a runner's daily log.

Every command checks its input fully before writing, so bad input (exit code 2, one
line) leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from rollbook.cli import logpains
from rollbook.cli.common import (
    actions,
    date_arg,
    find_profile,
    number_arg,
    opened_store,
    profile_option,
    whole_arg,
)
from rollbook.cli.errors import UsageError
from rollbook.i18n import _


def register(subparsers: Any) -> None:
    """Add the ``log`` command."""
    log_sub = actions(subparsers, "log", _("add to, export or import a runner's daily log"))
    log_add = log_sub.add_parser(
        "add",
        help="log a day (a second log for the same date updates it)",
        description="Log a day. Logging a date again updates that day: options you leave "
        "out keep their saved values, so next-morning pain can be added the next day.",
    )
    profile_option(log_add)
    log_add.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default today)")
    for flag, measure in (
        ("--pain", "during"),
        ("--pain-after", "after"),
        ("--pain-morning", "morning"),
    ):
        log_add.add_argument(
            flag,
            dest=f"pain_{measure}",
            action="append",
            default=[],
            metavar=logpains.METAVAR,
            help=f"{_question(measure)} at a site, 0–10 (repeat for more sites)"
            + logpains.HELP_TAIL,
        )
    log_add.add_argument("--km", type=number_arg("--km"), default=None, help="distance run, 0–300")
    log_add.add_argument(
        "--rolled-min",
        type=whole_arg("--rolled-min"),
        default=None,
        help="minutes of rolling, 0–600",
    )
    done = log_add.add_mutually_exclusive_group()
    done.add_argument(
        "--done",
        dest="done",
        action="store_true",
        default=None,
        help="the plan was done (default for a new day)",
    )
    done.add_argument("--not-done", dest="done", action="store_false", help="the plan was not done")
    log_add.add_argument("--note", default=None, help="a note, up to 2000 characters")
    log_add.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID:PAIN:FEEL",
        help="an exercise done from the saved plan, the pain during it 0–10 and "
        "how it felt (easy, ok or hard), e.g. calf-raise:2:easy (repeatable)",
    )
    log_add.set_defaults(func=_log_add)

    logpains.add_list_parser(log_sub, profile_option, date_arg, _log_list)

    export = log_sub.add_parser("export", help="write the log as CSV (see docs/data.md)")
    profile_option(export)
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace --out if it exists")
    export.set_defaults(func=_log_export)

    imp = log_sub.add_parser("import", help="import a CSV log (all rows or none)")
    profile_option(imp)
    imp.add_argument("file", type=Path, help="CSV file in the format that export writes")
    imp.set_defaults(func=_log_import)


def _question(measure: str) -> str:
    """The pain model's wording of a pain score, e.g. ``worst pain during your last run``."""
    from rollbook.painmodel import question

    text = question(measure)
    return text[:1].lower() + text[1:]


def _log_add(args: argparse.Namespace) -> int:
    from rollbook.cli.logpains import pains_from_args
    from rollbook.records import LogEntry

    day = args.date or dt.date.today()
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        saved = store.get_entry(profile, day)
        if saved is None and (args.km is None or args.rolled_min is None):
            missing = " and ".join(
                flag
                for flag, value in (("--km", args.km), ("--rolled-min", args.rolled_min))
                if value is None
            )
            raise UsageError(
                _("{missing} needed for a new day ({day}); use 0 for none").format(
                    missing=missing, day=day.isoformat()
                )
            )
        entry = LogEntry(
            date=day,
            pains=pains_from_args(args, store, profile, saved.pains if saved else ()),
            km=args.km if args.km is not None else saved.km,  # type: ignore[union-attr]
            rolled_min=args.rolled_min if args.rolled_min is not None else saved.rolled_min,  # type: ignore[union-attr]
            done=args.done if args.done is not None else (saved.done if saved else True),
            note=args.note if args.note is not None else (saved.note if saved else ""),
        )
        if args.exercise:
            from rollbook.cli.progress import parse_sessions, week_for

            week = week_for(store, profile, day)
            sessions = parse_sessions(
                args.exercise, day, {e.exercise: e.label for e in week.exercises}
            )
            result = store.save_day(profile, entry, sessions)
        else:
            result = store.save_entry(profile, entry)
    what = _("new day") if result.created else _("updated the saved day")
    print(
        _("Saved {day} for {name} ({what}).").format(
            day=day.isoformat(), name=profile.name, what=what
        )
    )
    return 0


def _log_list(args: argparse.Namespace) -> int:
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        entries = store.list_entries(profile, start=args.start, end=args.end)
    print(logpains.render_list(profile.name, entries, args.format))
    return 0


def _log_export(args: argparse.Namespace) -> int:
    from rollbook.logcsv import export_text

    out: Path | None = args.out
    try:
        if out is not None and (not out.name or out.is_dir()):
            raise UsageError(_("--out needs a file name"))
        if out is not None and out.exists() and not args.force:
            raise UsageError(
                _("{out} already exists; choose another file or add --force").format(out=out)
            )
        if out is not None and not out.parent.is_dir():
            raise UsageError(_("folder {parent} does not exist").format(parent=out.parent))
    except OSError as exc:
        raise UsageError(
            _("cannot use --out {text!r}: {reason}").format(
                text=str(out)[:60], reason=exc.strerror or exc
            )
        ) from exc
    with opened_store() as store:
        text = export_text(store.list_entries(find_profile(store, args.profile)))
    if out is None:
        sys.stdout.write(text)
        return 0
    # Write beside the target, then swap in: a failed write never leaves half a file.
    partial = out.with_name(f".{out.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(
            _("cannot write {text!r}: {reason}").format(
                text=str(out)[:60], reason=exc.strerror or exc
            )
        ) from exc
    print(_("Wrote {out}.").format(out=out), file=sys.stderr)
    return 0


def _log_import(args: argparse.Namespace) -> int:
    from rollbook.csvlimits import CsvTooBig, read_limited
    from rollbook.logcsv import import_csv

    path: Path = args.file
    try:
        found = path.is_file()
    except OSError as exc:  # e.g. a file name longer than the system allows
        raise UsageError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    if not found:
        raise UsageError(_("no file at {path}").format(path=path))
    try:
        data = read_limited(path)
    except CsvTooBig as exc:
        raise UsageError(_("nothing imported: {exc}").format(exc=exc)) from None
    except OSError as exc:
        raise UsageError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    with opened_store() as store:
        result = import_csv(store, find_profile(store, args.profile), data)
    total = result.created + result.updated
    days = "day" if total == 1 else "days"
    print(
        _("Imported {total} {days} ({created} new, {updated} updated).").format(
            total=total, days=days, created=result.created, updated=result.updated
        )
    )
    return 0
