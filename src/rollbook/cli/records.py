"""``rollbook profile``, ``rollbook log`` and ``rollbook status``: the progress record.

Every command checks its input fully before writing, so bad input (exit code 2, one
line) leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rollbook.cli.errors import UsageError

if TYPE_CHECKING:
    from rollbook.analytics import Status
    from rollbook.records import Profile, SitePain
    from rollbook.review import LefsChange
    from rollbook.store import Store

_PAIN = re.compile(r"^\s*([a-z][a-z-]*)\s*=\s*(\d+)\s*$")


def register(subparsers: Any) -> None:
    """Add the ``profile``, ``log`` and ``status`` commands."""
    profile = subparsers.add_parser("profile", help="add or list runner profiles")
    profile_sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = profile_sub.add_parser("add", help="add a profile (a name or clinic code)")
    add.add_argument("name", help="display name or clinic code, up to 80 characters")
    add.set_defaults(func=_profile_add)
    listing = profile_sub.add_parser("list", help="list profiles")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=_profile_list)
    delete = profile_sub.add_parser(
        "delete",
        help="erase a profile and everything kept for it (log, plans, scores, runs)",
    )
    delete.add_argument("name", help="the profile's name")
    delete.add_argument("--yes", action="store_true", help="do not ask to confirm")
    delete.set_defaults(func=_profile_delete)

    log = subparsers.add_parser("log", help="add to, export or import a runner's daily log")
    log_sub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    log_add = log_sub.add_parser(
        "add",
        help="log a day (a second log for the same date updates it)",
        description="Log a day. Logging a date again updates that day: options you leave "
        "out keep their saved values, so next-morning pain can be added the next day.",
    )
    _profile_option(log_add)
    log_add.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default today)")
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
            metavar="SITE=N",
            help=f"{_question(measure)} at a site, 0–10 (repeat for more sites)",
        )
    log_add.add_argument("--km", type=_number("--km"), default=None, help="distance run, 0–300")
    log_add.add_argument(
        "--rolled-min", type=_whole("--rolled-min"), default=None, help="minutes of rolling, 0–600"
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

    export = log_sub.add_parser("export", help="write the log as CSV (see docs/data.md)")
    _profile_option(export)
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace --out if it exists")
    export.set_defaults(func=_log_export)

    imp = log_sub.add_parser("import", help="import a CSV log (all rows or none)")
    _profile_option(imp)
    imp.add_argument("file", type=Path, help="CSV file in the format that export writes")
    imp.set_defaults(func=_log_import)

    stat = subparsers.add_parser(
        "status",
        help="what to do with running now (keep, hold, cut-back, pause), why, and progress",
    )
    _profile_option(stat)
    stat.add_argument("--format", choices=("text", "json"), default="text")
    stat.set_defaults(func=_status)


# --- argument types -------------------------------------------------------------------


def _question(measure: str) -> str:
    """The pain model's wording of a pain score, e.g. ``worst pain during your last run``."""
    from rollbook.painmodel import question

    text = question(measure)
    return text[:1].lower() + text[1:]


def _profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, help="profile name (any case)")


def _date(text: str) -> dt.date:
    words = {"today": 0, "yesterday": 1}
    if text.strip().lower() in words:
        return dt.date.today() - dt.timedelta(days=words[text.strip().lower()])
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date must be YYYY-MM-DD, 'today' or 'yesterday' (got {text!r})"
        ) from None


def _number(flag: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} must be a number (got {text!r})") from None

    return parse


def _whole(flag: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{flag} must be a whole number (got {text!r})"
            ) from None

    return parse


# --- shared plumbing ------------------------------------------------------------------


@contextmanager
def _open() -> Iterator[Store]:
    """Open the default store, turning any data problem into a one-line usage error."""
    from rollbook.logcsv import CsvImportError
    from rollbook.records import RecordError
    from rollbook.store import StoreError, open_store

    try:
        with open_store() as store:
            yield store
    except (StoreError, RecordError, CsvImportError) as exc:
        raise UsageError(" ".join(str(exc).split())) from None


def _profile(store: Store, name: str) -> Profile:
    found = store.find_profile(name)
    if found is None:
        names = ", ".join(p.name for p in store.list_profiles()) or "none yet"
        raise UsageError(
            f"no profile named {name!r} (profiles: {names}); "
            f"add one with: rollbook profile add NAME"
        )
    return found


# --- profile --------------------------------------------------------------------------


def _profile_add(args: argparse.Namespace) -> int:
    with _open() as store:
        profile = store.add_profile(args.name)
    print(f"Added profile {profile.name!r}.")
    return 0


def _profile_delete(args: argparse.Namespace) -> int:
    import sys

    with _open() as store:
        profile = _profile(store, args.name)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(
                    f"deleting {profile.name!r} cannot be undone; "
                    "add --yes to delete without being asked"
                )
            answer = input(
                f"Delete {profile.name!r} with every log day, plan, score and run kept for "
                "it? This cannot be undone. Type the name again to confirm: "
            )
            if answer.strip() != profile.name:
                print("Nothing was deleted.")
                return 1
        store.delete_profile(profile)
    print(
        f"Deleted profile {profile.name!r} and everything kept for it. Backups and "
        "exported files are not touched."
    )
    return 0


def _profile_list(args: argparse.Namespace) -> int:
    with _open() as store:
        profiles = store.list_profiles()
    if args.format == "json":
        data = [{"id": p.id, "name": p.name, "created": p.created.isoformat()} for p in profiles]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif not profiles:
        print("No profiles yet. Add one with: rollbook profile add NAME")
    else:
        for p in profiles:
            print(f"{p.name}\t(since {p.created.isoformat()})")
    return 0


# --- log ------------------------------------------------------------------------------


def _pains(args: argparse.Namespace, saved: tuple[SitePain, ...]) -> tuple[SitePain, ...]:
    """Merge ``--pain*`` options into the saved pains: a given score replaces the saved one."""
    from rollbook.records import SitePain

    scores: dict[str, dict[str, int | None]] = {
        p.site: {"during": p.during, "after": p.after, "morning": p.morning} for p in saved
    }
    flags = {"during": "--pain", "after": "--pain-after", "morning": "--pain-morning"}
    for measure, flag in flags.items():
        given: set[str] = set()
        for text in getattr(args, f"pain_{measure}"):
            match = _PAIN.match(text.lower())
            if not match:
                raise UsageError(f"{flag} must look like SITE=N, e.g. knee=3 (got {text!r})")
            site, value = match.group(1), int(match.group(2))
            if site in given:
                raise UsageError(f"{flag} names {site} twice; give one score per site")
            given.add(site)
            if value > 10:
                raise UsageError(f"{flag} for {site} must be 0–10 (got {value})")
            scores.setdefault(site, {"during": None, "after": None, "morning": None})
            scores[site][measure] = value
    return tuple(SitePain(site, **values) for site, values in scores.items())


def _log_add(args: argparse.Namespace) -> int:
    from rollbook.records import LogEntry

    day = args.date or dt.date.today()
    with _open() as store:
        profile = _profile(store, args.profile)
        saved = store.get_entry(profile, day)
        if saved is None and (args.km is None or args.rolled_min is None):
            missing = " and ".join(
                flag
                for flag, value in (("--km", args.km), ("--rolled-min", args.rolled_min))
                if value is None
            )
            raise UsageError(f"{missing} needed for a new day ({day.isoformat()}); use 0 for none")
        entry = LogEntry(
            date=day,
            pains=_pains(args, saved.pains if saved else ()),
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
    what = "new day" if result.created else "updated the saved day"
    print(f"Saved {day.isoformat()} for {profile.name} ({what}).")
    return 0


def _log_export(args: argparse.Namespace) -> int:
    from rollbook.logcsv import export_text

    out: Path | None = args.out
    try:
        if out is not None and (not out.name or out.is_dir()):
            raise UsageError("--out needs a file name")
        if out is not None and out.exists() and not args.force:
            raise UsageError(f"{out} already exists; choose another file or add --force")
        if out is not None and not out.parent.is_dir():
            raise UsageError(f"folder {out.parent} does not exist")
    except OSError as exc:
        raise UsageError(f"cannot use --out {str(out)[:60]!r}: {exc.strerror or exc}") from exc
    with _open() as store:
        text = export_text(store.list_entries(_profile(store, args.profile)))
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
        raise UsageError(f"cannot write {str(out)[:60]!r}: {exc.strerror or exc}") from exc
    print(f"Wrote {out}.", file=sys.stderr)
    return 0


def _log_import(args: argparse.Namespace) -> int:
    from rollbook.csvlimits import CsvTooBig, read_limited
    from rollbook.logcsv import import_csv

    path: Path = args.file
    try:
        found = path.is_file()
    except OSError as exc:  # e.g. a file name longer than the system allows
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if not found:
        raise UsageError(f"no file at {path}")
    try:
        data = read_limited(path)
    except CsvTooBig as exc:
        raise UsageError(f"nothing imported: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with _open() as store:
        result = import_csv(store, _profile(store, args.profile), data)
    total = result.created + result.updated
    days = "day" if total == 1 else "days"
    print(f"Imported {total} {days} ({result.created} new, {result.updated} updated).")
    return 0


# --- status ---------------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    from rollbook.analytics import status
    from rollbook.runs.summary import load_runs

    today = dt.date.today()
    with _open() as store:
        profile = _profile(store, args.profile)
        entries = store.list_entries(profile, start=today - dt.timedelta(days=120), end=today)
        psfs = store.list_psfs(profile)
        runs = load_runs(entries, store.runs(profile, start=today - dt.timedelta(days=120)))
        lefs_records = store.list_lefs(profile)
    result = status(entries, psfs, today=today, runs=runs)
    from rollbook.review import lefs_change

    lefs = lefs_change(lefs_records)
    if args.format == "json":
        data = {
            "profile": profile.name,
            **result.as_dict(),
            "lefs": lefs.as_dict() if lefs else None,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_status_text(profile.name, result, lefs))
    return 0


def _status_text(name: str, st: Status, lefs: LefsChange | None = None) -> str:
    from rollbook import painmodel

    lines = [f"Status for {name} on {st.today.isoformat()}"]
    if st.week is None:
        lines.append("Now: no pain scores in the last 7 days. Log a run with: rollbook log add")
    else:
        flag = " - see your clinician" if st.week.see_clinician else ""
        lines.append(f"Now: {painmodel.action_info(st.week.action).label} ({st.week.action}){flag}")
        lines.extend(f"  - {reason}" for reason in st.week.reasons)
        lines.append(f"  {st.week.advice}")
    if st.latest_day is not None and st.latest_day.date is not None:
        day = st.latest_day
        lines.append(f"Latest day ({st.latest_day.date.isoformat()}): {day.label} ({day.action})")
    load = st.load
    if load:
        average = load.get("weekly_average_km")
        compared = (
            "no earlier weeks yet" if average is None else f"recent average {average:g} km a week"
        )
        spike = "; load spike" if load.get("spike") else ""
        lines.append(
            f"Load: {load['last_7_km']:g} km in 7 days ({compared}); longest run in 30 days "
            f"{load['longest_run_km_30d']:g} km{spike}"
        )
    t = st.totals
    change = "" if t.change_pct is None else f", {t.change_pct:+.0f}% on the week before"
    lines.append(f"Distance: {t.last_7:g} km in 7 days{change}; {t.last_28:g} km in 28 days")
    if st.adherence and st.adherence.planned:
        a = st.adherence
        lines.append(f"Plan done this week: {a.done} of {a.planned} logged days")
    if st.psfs:
        p = st.psfs
        judged = "a change big enough to matter" if p.meaningful else "not yet a clear change"
        lines.append(f"Activities (PSFS): {p.first:g} -> {p.latest:g} ({p.change:+g}, {judged})")
    lines.append(f"Pain trend over 2 weeks: {st.trend}")
    if lefs is not None:
        judged = "a change big enough to matter" if lefs.meets_mcid else "not yet a clear change"
        lines.append(
            f"Leg function (LEFS, 0-80): {lefs.first} -> {lefs.latest} ({lefs.change:+d}, {judged})"
        )
    return "\n".join(lines)
