"""``rollbook profile add|list|delete``: the runners whose records are kept."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rollbook.cli.common import actions, find_profile, opened_store
from rollbook.cli.errors import UsageError
from rollbook.i18n import _


def register(subparsers: Any) -> None:
    """Add the ``profile`` command."""
    profile_sub = actions(subparsers, "profile", _("add or list runner profiles"))
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


def _profile_add(args: argparse.Namespace) -> int:
    with opened_store() as store:
        profile = store.add_profile(args.name)
    print(_("Added profile {name!r}.").format(name=profile.name))
    return 0


def _profile_delete(args: argparse.Namespace) -> int:
    with opened_store() as store:
        profile = find_profile(store, args.name)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(
                    _(
                        "deleting {name!r} cannot be undone; add --yes to delete without being asked"
                    ).format(name=profile.name)
                )
            answer = input(
                f"Delete {profile.name!r} with every log day, plan, score and run kept for "
                "it? This cannot be undone. Type the name again to confirm: "
            )
            if answer.strip() != profile.name:
                print(_("Nothing was deleted."))
                return 1
        store.delete_profile(profile)
    print(
        _(
            "Deleted profile {name!r} and everything kept for it. Backups and exported files are not touched."
        ).format(name=profile.name)
    )
    return 0


def _profile_list(args: argparse.Namespace) -> int:
    with opened_store() as store:
        profiles = store.list_profiles()
    if args.format == "json":
        data = [{"id": p.id, "name": p.name, "created": p.created.isoformat()} for p in profiles]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif not profiles:
        print(_("No profiles yet. Add one with: rollbook profile add NAME"))
    else:
        for p in profiles:
            print(
                _("{name}\t(since {isoformat})").format(
                    name=p.name, isoformat=p.created.isoformat()
                )
            )
    return 0
