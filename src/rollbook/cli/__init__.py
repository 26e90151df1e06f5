"""The ``rollbook`` command: one entry point, one sub-module per group of commands.

Each module in ``COMMAND_MODULES`` exposes ``register(subparsers)``, which adds its
sub-commands and sets ``func`` on each parser. A command reports bad input by raising
:class:`rollbook.cli.errors.UsageError`; ``main`` turns that into one line on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rollbook import __version__
from rollbook.cli.errors import EXIT_USAGE, UsageError
from rollbook.i18n import _

# Add a module here to add its commands. Kept as names so that heavy imports
# (matplotlib, the PDF library) only happen inside the command that needs them.
COMMAND_MODULES: tuple[str, ...] = (
    "rollbook.cli.app",
    "rollbook.cli.plan",
    "rollbook.cli.admin",
    "rollbook.cli.profiles",
    "rollbook.cli.daylog",
    "rollbook.cli.status",
    "rollbook.cli.share",
    "rollbook.cli.check",
    "rollbook.cli.runs",
    "rollbook.cli.progress",
    "rollbook.cli.adjust",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def one_line(text: str) -> str:
    """Return ``text`` with line breaks and other control characters made visible.

    argparse echoes a user's values in its messages; a value holding a line break
    must not split the one-line error into several.
    """
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def build_parser() -> argparse.ArgumentParser:
    """Return the full ``rollbook`` argument parser."""
    parser = _Parser(
        prog="rollbook",
        description="A workbook for runners who run through pain.",
    )
    parser.add_argument("--version", action="version", version=f"rollbook {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rollbook`` command line and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        result = args.func(args)
    except UsageError as exc:
        print(_("error: {one_line}").format(one_line=one_line(str(exc))), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # A path the user gave that the system refuses (too long, a folder, no access)
        # and that a command did not check itself: still one line, never a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            _("error: {one_line}").format(one_line=one_line(where + (exc.strerror or str(exc)))),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
