"""What the record commands share: opening the store, finding a profile, argument types.

Every command checks its input fully before writing, so bad input (exit code 2, one
line) leaves the store unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rollbook.cli.errors import UsageError
from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store import Store

__all__ = [
    "actions", "date_arg", "find_profile", "number_arg", "opened_store", "profile_option",
    "whole_arg",
]  # fmt: skip


def actions(subparsers: Any, name: str, help: str) -> Any:
    """Add the command ``name`` and return its actions' subparsers (``rollbook NAME ACTION``)."""
    command = subparsers.add_parser(name, help=help)
    return command.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)


def profile_option(parser: argparse.ArgumentParser) -> None:
    """Add the required ``--profile NAME`` option."""
    parser.add_argument("--profile", required=True, help="profile name (any case)")


def date_arg(text: str) -> dt.date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` as a date (an argparse type)."""
    words = {"today": 0, "yesterday": 1}
    if text.strip().lower() in words:
        return dt.date.today() - dt.timedelta(days=words[text.strip().lower()])
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("date must be YYYY-MM-DD, 'today' or 'yesterday' (got {text!r})").format(text=text)
        ) from None


def number_arg(flag: str) -> Callable[[str], float]:
    """An argparse type reading a number, naming ``flag`` when it is not one."""

    def parse(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{flag} must be a number (got {text!r})").format(flag=flag, text=text)
            ) from None

    return parse


def whole_arg(flag: str) -> Callable[[str], int]:
    """An argparse type reading a whole number, naming ``flag`` when it is not one."""

    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{flag} must be a whole number (got {text!r})").format(flag=flag, text=text)
            ) from None

    return parse


@contextmanager
def opened_store() -> Iterator[Store]:
    """Open the default store, turning any data problem into a one-line usage error."""
    from rollbook.logcsv import CsvImportError
    from rollbook.records import RecordError
    from rollbook.store import StoreError, open_store

    try:
        with open_store() as store:
            yield store
    except (StoreError, RecordError, CsvImportError) as exc:
        raise UsageError(" ".join(str(exc).split())) from None


def find_profile(store: Store, name: str) -> Profile:
    """The profile called ``name`` (any case), or a usage error listing the profiles."""
    found = store.find_profile(name)
    if found is None:
        names = ", ".join(p.name for p in store.list_profiles()) or _("none yet")
        raise UsageError(
            _(
                "no profile named {name!r} (profiles: {names}); add one with: rollbook profile add NAME"
            ).format(name=name, names=names)
        )
    return found
