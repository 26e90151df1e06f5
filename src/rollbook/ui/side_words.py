"""The words for a body side in the pages ("left", "right"), in the active language.

The log stores a side as the code ``left`` or ``right`` (:mod:`rollbook.sides`, which
also holds the words); a page shows it through :func:`side_name`, so a translation
changes the word, not the stored value.
"""

from __future__ import annotations

from rollbook.i18n import _
from rollbook.sides import short_side_word

__all__ = ["side_name", "site_with_side"]


def side_name(side: str | None) -> str:
    """Return the word for ``side`` ("" for no side; an unknown code as it is)."""
    if not side:
        return ""
    return short_side_word(side)


def site_with_side(label: str, side: str | None) -> str:
    """Return a place with its side, as in "Calf (left)"; the place alone without one."""
    if not side:
        return label
    return _("{place} ({side})").format(place=label, side=side_name(side))
