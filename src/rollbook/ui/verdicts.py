"""The pain model's verdicts as HTML, and dates as people read them (pages 05 and 06).

Shared by the runner's page and the clinician's page, so neither imports the other.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from rollbook import painmodel
from rollbook.dates import short_date
from rollbook.i18n import N_, _

__all__ = ["Today", "action_badge_html", "day_text", "trend_text", "verdict_html"]

#: Where a page asks for today's date (tests pass a fixed day).
Today = Callable[[], dt.date]

#: ``12 Nov`` (with the year when it is not this year): :func:`rollbook.dates.short_date`.
day_text = short_date


#: The pain trend (:func:`rollbook.analytics.pain_trend`'s codes) in words.
TREND_WORDS = {
    "improving": N_("improving"),
    "steady": N_("steady"),
    "worsening": N_("worsening"),
    "not enough data": N_("not enough data"),
}


def trend_text(trend: str) -> str:
    """The pain trend in words, in the active language."""
    return _(TREND_WORDS[trend]) if trend in TREND_WORDS else trend


def action_badge_html(action: str | None) -> str:
    """Return the pain model's action as a badge in words (colour is not the only cue)."""
    if action not in painmodel.ACTIONS:
        return f'<span class="rb-zone rb-zone-none">{_("No pain scores yet")}</span>'
    info = painmodel.action_info(action)
    return f'<span class="rb-zone rb-zone-{info.colour}">{html.escape(info.label)}</span>'


def verdict_html(title: str, verdict: painmodel.Verdict | None) -> str:
    """Return one verdict (day or week) as a short block: badge, why, what to do."""
    if verdict is None:
        return ""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in verdict.reasons)
    css = "rb-advice rb-safety" if verdict.see_clinician else "rb-advice"
    return (
        f'<div class="{css}"><p><strong>{html.escape(title)}</strong> '
        f"{action_badge_html(verdict.action)}</p>"
        f"<ul>{reasons}</ul><p><strong>{_('What to do:')}</strong> "
        f"{html.escape(verdict.advice)}</p></div>"
    )
