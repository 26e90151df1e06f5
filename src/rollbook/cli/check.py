"""``rollbook check`` and ``rollbook clean``: the educator's checks before sharing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rollbook.cli.errors import UsageError
from rollbook.i18n import _, ngettext


def register(subparsers: Any) -> None:
    """Add the ``check`` and ``clean`` commands."""
    check = subparsers.add_parser(
        "check",
        help="check the content library, pages.toml and every notebook",
        description=(
            "Check the content library, pages.toml and every notebook, and print one "
            "line with a fix for each problem. Exit 0 when all is well, 1 otherwise."
        ),
    )
    check.add_argument(
        "--root",
        default=None,
        metavar="DIR",
        help="the project folder (default: the one rollbook runs from)",
    )
    check.set_defaults(func=_check)

    clean = subparsers.add_parser(
        "clean",
        help="remove outputs, execution counts and widget state from notebooks",
        description=(
            "Remove outputs, execution counts and widget state from notebooks, and set "
            "each page's browser-tab title from pages.toml. With no file, every notebook "
            "in the project's notebooks/ folder."
        ),
    )
    clean.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="notebook files")
    clean.set_defaults(func=_clean)


def _root(value: str | None) -> Path:
    from rollbook import paths
    from rollbook.checks import looks_like_project

    root = Path(value).expanduser().resolve() if value else paths.project_root()
    if not looks_like_project(root):
        raise UsageError(
            _(
                "--root: {root} is not a rollbook project folder (it needs src/rollbook/content, src/rollbook/pages.toml and notebooks/)"
            ).format(root=root)
        )
    return root


def _check(args: argparse.Namespace) -> int:
    from rollbook.checks import run_checks

    root = _root(args.root)
    problems = run_checks(root)
    for problem in problems:
        print(problem.text())
    if problems:
        count = len(problems)
        print(
            ngettext(
                "{count} problem found in {root}", "{count} problems found in {root}", count
            ).format(count=count, root=root),
            file=sys.stderr,
        )
        return 1
    print(
        _("All checks passed: content library, pages.toml and notebooks in {root}").format(
            root=root
        )
    )
    return 0


def _clean(args: argparse.Namespace) -> int:
    from rollbook import paths
    from rollbook.checks.notebooks import _page_titles, expected_title
    from rollbook.notebook_clean import clean_file

    root = paths.project_root()
    files = [Path(f) for f in args.notebooks] or sorted(paths.notebooks_dir().glob("*.ipynb"))
    for path in files:
        if path.suffix != ".ipynb" or not path.is_file():
            raise UsageError(_("not a notebook file: {path}").format(path=path))
    titles = _page_titles(root)
    for path in files:
        page_title = titles.get(path.name)
        try:
            changed = clean_file(path, expected_title(page_title) if page_title else None)
        except ValueError as exc:
            raise UsageError(
                _("{path}: cannot be read as a notebook ({exc})").format(path=path, exc=exc)
            ) from None
        print(f"{'cleaned' if changed else 'already clean'}: {path}")
    return 0
