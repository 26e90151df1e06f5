"""Items a painful site rules out, whichever other site asks for them.

A site's ``leave_out`` list (sites.toml) names exercises and rolling targets that
aggravate it: outer-hip (gluteal tendon) pain rules out side-lying leg lifts, clams
and side-lying rolling, because lying on that side squeezes the tendon (Mellor 2018
tested load advice plus exercise; the positions themselves are clinical
convention, see docs/evidence.md). Plan selection drops these items and says why.
"""

from __future__ import annotations

from collections.abc import Sequence

from rollbook.content import Library
from rollbook.i18n import _

__all__ = ["barred_items"]


def barred_items(active: Sequence[tuple[str, int]], lib: Library) -> dict[str, tuple[str, str]]:
    """``{item id: (label, why)}`` for items the painful sites in ``active`` rule out.

    Only items some active site would otherwise give are listed, so the plan's
    "left out" list names nothing the runner would not have had anyway.
    """
    wanted = {
        item
        for site_id, _ in active
        for item in (*lib.site(site_id).strengthen, *lib.site(site_id).roll)
    }
    barred: dict[str, tuple[str, str]] = {}
    for site_id, _severity in active:
        site = lib.site(site_id)
        for item in site.leave_out:
            if item not in wanted or item in barred:
                continue
            label = lib.exercises[item].label if item in lib.exercises else lib.rolling[item].label
            barred[item] = (
                label,
                _("not with {name} pain ({leave_out_why})").format(
                    name=site.label.lower(), leave_out_why=site.leave_out_why
                ),
            )
    return barred
