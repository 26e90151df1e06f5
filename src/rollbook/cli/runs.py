"""``rollbook runs import`` and ``rollbook runs list``: runs from a watch or phone.

An import reads every file first. If any file has a problem, each one is printed on
its own line, the exit code is 2 and nothing is saved; otherwise all runs are saved
in one transaction and a summary is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from rollbook.cli.common import actions, find_profile, opened_store, profile_option
from rollbook.cli.errors import EXIT_USAGE
from rollbook.i18n import _, ngettext

#: The keys of each run in ``rollbook runs list --format json``.
JSON_KEYS = ("date", "start", "km", "minutes", "source")


def register(subparsers: Any) -> None:
    """Add the ``runs`` command with its ``import`` and ``list`` actions."""
    sub = actions(subparsers, "runs", _("import runs from watch files, or list them"))
    imp = sub.add_parser(
        "import",
        help="import .gpx, .tcx or .fit files (or .gz), or a Strava or Garmin export .zip",
        description="Import runs. Only running activities are taken; others are listed as "
        "skipped. Each day's distance becomes the sum of its runs; a day logged by hand keeps "
        "its pain scores and note. If any file has a problem, nothing is saved.",
    )
    profile_option(imp)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="activity files or a .zip")
    imp.set_defaults(func=_import)
    listing = sub.add_parser("list", help="list a runner's imported runs, oldest first")
    profile_option(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=_list)


def _import(args: argparse.Namespace) -> int:
    from rollbook.cli import one_line
    from rollbook.runs.importer import read_uploads, summary_lines

    paths: list[Path] = args.files
    missing = [p for p in paths if not p.is_file()]
    if missing:
        for path in missing:
            print(
                _("error: {one_line}: no such file").format(one_line=one_line(str(path))),
                file=sys.stderr,
            )
        return EXIT_USAGE
    today = dt.date.today()
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        known = {run.fingerprint for run in store.runs(profile)}
        read = read_uploads(paths, today=today, workers=_workers(paths), known=known)
        if not read.ok:
            # One line per bad file, then one saying the import stopped (all start "error:").
            for problem in read.problems:
                print(_("error: {one_line}").format(one_line=one_line(problem)), file=sys.stderr)
            count = len(read.problems)
            print(
                ngettext(
                    "error: nothing was saved ({count} file with problems)",
                    "error: nothing was saved ({count} files with problems)",
                    count,
                ).format(count=count),
                file=sys.stderr,
            )
            return EXIT_USAGE
        saved = store.add_runs(profile, read.runs, today=today)
    print(_("Imported runs for {name}.").format(name=profile.name))
    print("\n".join(summary_lines(read, saved)))
    return 0


def _list(args: argparse.Namespace) -> int:
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        runs = store.runs(profile)
    if args.format == "json":
        rows = [{k: run.as_dict()[k] for k in JSON_KEYS} for run in runs]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not runs:
        print(
            _(
                "No runs imported for {name} yet. Import some with: rollbook runs import --profile NAME FILE"
            ).format(name=profile.name)
        )
        return 0
    for run in runs:
        local = run.start.astimezone()
        climb = "" if run.elevation_m is None else f"  +{run.elevation_m:.0f} m"
        print(
            _("{day}  {local:%H:%M}  {km:6.2f} km  {minutes:5.0f} min{climb}  {source}").format(
                day=run.date.isoformat(),
                local=local,
                km=run.km,
                minutes=run.minutes,
                climb=climb,
                source=run.source,
            )
        )
    return 0


def _workers(paths: list[Path]) -> int:
    """One reading process per core (up to 4) for a zip or many files; else read here."""
    import os

    many = len(paths) > 8 or any(p.suffix.lower() == ".zip" for p in paths)
    return min(os.cpu_count() or 1, 4) if many else 1
