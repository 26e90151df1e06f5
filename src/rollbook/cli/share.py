"""``rollbook share export`` and ``rollbook share import``: a runner's data for a clinician.

Both print one summary line and exit 0, or exit 2 with one line and nothing saved.
The file format and the merging rules are in docs/data.md.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from rollbook.cli.common import actions, find_profile, opened_store, profile_option
from rollbook.cli.errors import UsageError
from rollbook.i18n import _


def register(subparsers: Any) -> None:
    """Add the ``share`` command and its ``export`` and ``import`` actions."""
    sub = actions(
        subparsers, "share", _("write or read a share file (one runner's data for their clinician)")
    )
    export = sub.add_parser(
        "export",
        help="write one runner's profile, plans, log, runs, scores and progress to a share file",
        description="Write a share file for one runner. Notes are left out unless you add --notes.",
    )
    profile_option(export)
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="file to write, e.g. ann.rollbook.json.gz",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--notes", action="store_true", help="include the runner's notes")
    export.set_defaults(func=_export)

    imp = sub.add_parser(
        "import",
        help="add or update a runner from a share file (matched by the id in the file)",
        description="Add the runner in FILE, or update the same runner if they are here "
        "already. Nothing here is deleted, and a record here that is newer than the "
        "file's copy is kept.",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="a file made by 'share export'")
    imp.add_argument(
        "--as",
        dest="as_name",
        default=None,
        metavar="NAME",
        help="the name to give this runner here",
    )
    imp.set_defaults(func=_import)


def write_private(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` owner-only, through a temporary file (never half a file)."""
    partial = out.with_name(f".{out.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(
            _("cannot write {text!r}: {reason}").format(
                text=str(out)[:60], reason=exc.strerror or exc
            )
        ) from None


def _export(args: argparse.Namespace) -> int:
    from rollbook import sharefile
    from rollbook.store import sharing

    out: Path = args.out
    try:
        if not out.name or out.is_dir():
            raise UsageError(_("--out needs a file name"))
        if out.exists() and not args.force:
            raise UsageError(
                _("{out} already exists; choose another file or add --force").format(out=out)
            )
        if not out.parent.is_dir():
            raise UsageError(_("folder {parent} does not exist").format(parent=out.parent))
    except OSError as exc:
        raise UsageError(
            _("cannot use --out {text!r}: {reason}").format(
                text=str(out)[:60], reason=exc.strerror or exc
            )
        ) from None
    with opened_store() as store:
        data = sharing.export_data(store, find_profile(store, args.profile), notes=args.notes)
    write_private(out, sharefile.encode(data))
    notes = "with notes" if args.notes else _("without notes")
    print(
        _(
            "Wrote {out}: {name}, {log} days, {runs} runs, {plans} plans, {psfs} activity scores, {lefs} LEFS scores, {sessions} exercise sessions ({notes})."
        ).format(
            out=out,
            name=data.name,
            log=len(data.log),
            runs=len(data.runs),
            plans=len(data.plans),
            psfs=len(data.psfs),
            lefs=len(data.lefs),
            sessions=len(data.sessions),
            notes=notes,
        )
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from rollbook import sharefile
    from rollbook.store import sharing

    path: Path = args.file
    try:
        if not path.is_file():
            raise UsageError(_("no file at {path}").format(path=path))
        if path.stat().st_size > sharefile.MAX_FILE_BYTES:
            raise UsageError(
                _("{name} was not imported: it is too big (the limit is 5 MB)").format(
                    name=path.name
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        data = sharefile.decode(raw)
    except sharefile.ShareError as exc:
        raise UsageError(
            _("{name} was not imported: {exc}").format(name=path.name, exc=exc)
        ) from None
    with opened_store() as store:
        result = sharing.import_data(store, data, as_name=args.as_name)
    print(result.summary())
    return 0
