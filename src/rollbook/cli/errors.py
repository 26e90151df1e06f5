"""Errors the command line turns into one-line messages."""

from __future__ import annotations

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input on the command line: printed as one line, exit code 2."""
