"""The 0-10 pain score dropdown of page 05's forms, and reading its value back.

A dropdown, not a slider: it can be left blank ("not filled in"), which a slider
cannot, and a blank score is not the same as no pain.
"""

from __future__ import annotations

import ipywidgets as widgets

from rollbook.i18n import _

__all__ = ["NOT_SET", "pain_dropdown", "score_value"]

#: Dropdown value for "no score yet". ipywidgets shows a None value as a blank box,
#: so the empty choice needs a real value to be displayed.
NOT_SET = -1


def score_value(value: object) -> int | None:
    """Return a 0–10 score from a dropdown value, or None for "not filled in"."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        return None
    return value


def _pain_options(empty: str) -> list[tuple[str, int]]:
    words = {0: _("0 no pain"), 10: _("10 worst pain")}
    return [(empty, NOT_SET)] + [(words.get(i, str(i)), i) for i in range(11)]


def pain_dropdown(description: str, empty: str = "") -> widgets.Dropdown:
    """Return a labelled 0–10 pain dropdown that starts blank (``empty``, or "Not filled in")."""
    box = widgets.Dropdown(
        options=_pain_options(empty or _("Not filled in")),
        value=NOT_SET,
        description=description,
        style={"description_width": "7rem"},
        layout=widgets.Layout(width="19rem", max_width="100%"),
    )
    box.add_class("rb-pain")
    return box
