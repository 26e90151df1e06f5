"""How dates read for people: one home, so every page, handout and report agrees.

Files meant for programs (CSV, JSON, share files, calendar fields) keep ISO dates
(``2026-12-02``); text meant for runners and clinicians uses these.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["long_date", "short_date"]


def long_date(day: dt.date) -> str:
    """``2 December 2026``: for a date that stands on its own (a start, a review)."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date, today: dt.date | None = None) -> str:
    """``2 Dec``, with the year when it is not ``today``'s year (or no ``today`` is given)."""
    text = f"{day.day} {day:%b}"
    if today is None or day.year != today.year:
        text += f" {day.year}"
    return text
