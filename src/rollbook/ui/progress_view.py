"""Plans that move on the pages: this week on page 05, the progress summary on page 06.

HTML only (every value escaped); the week comes from :func:`rollbook.weekload.load_week`,
the same function ``rollbook week`` uses, so the pages and the CLI agree.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from rollbook import painmodel
from rollbook.dates import long_date, short_date
from rollbook.review import change_words, lefs_change
from rollbook.store import StoreError
from rollbook.weekload import load_week

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store import Store
    from rollbook.weekplan import WeekPlan

_SIDE = {"left": "left side", "right": "right side", "both": "both sides"}


def _e(text: object) -> str:
    return html.escape(str(text))


def _run_html(week: WeekPlan) -> str:
    if week.run.mode == "ladder" and week.run.phase is not None:
        head = f"Walk-run plan, step {week.run.phase}"
    elif week.run.mode == "paused":
        head = "Running is paused"
    else:
        head = painmodel.action_info(week.action).label
    return f"<p><strong>Running: {_e(head)}.</strong> {_e(week.run.next_step)}</p>"


def _exercises_html(week: WeekPlan) -> str:
    if not week.exercises:
        return "<p>No strength exercises in this plan.</p>"
    rows = "".join(
        f"<li><strong>{_e(e.label)}</strong>: level {e.level} of {e.levels} "
        f"({_e(e.level_name)}), {_e(e.dose())}.<br>Next step: {_e(e.next_step)}</li>"
        for e in week.exercises
    )
    return f'<ul class="rb-week-exercises">{rows}</ul>'


def _changes_html(week: WeekPlan, title: str) -> str:
    if not week.changes:
        return ""
    rows = "".join(
        f"<li>{_e(short_date(c.date))}: {_e(c.what)}. <em>Why:</em> {_e(c.why)}</li>"
        for c in week.changes
    )
    return f'<h4>{_e(title)}</h4><ul class="rb-week-changes">{rows}</ul>'


def week_html(store: Store, profile: Profile, today: dt.date) -> str:
    """Page 05: this week's plan, the next steps and the next review."""
    try:
        week = load_week(store, profile, today)
    except StoreError as exc:
        return f"<p>{_e(exc)}</p>"
    if week is None:
        return (
            '<div class="rb-week"><h3>This week\'s plan</h3><p>No plan is saved for this '
            "runner yet. Build one on page 03 and press Save.</p></div>"
        )
    return (
        f'<div class="rb-week"><h3>This week\'s plan (week {week.week_number})</h3>'
        f"<p>From {_e(long_date(week.week_start))}. Sore: {_e(_SIDE[week.side])}. "
        f'<strong class="rb-review">Next review: {_e(long_date(week.review_on))}</strong></p>'
        f"{_run_html(week)}{_exercises_html(week)}"
        f"{_changes_html(week, 'What changed, and why')}</div>"
    )


def progress_html(store: Store, profile: Profile, today: dt.date) -> str:
    """Page 06: stage, each exercise's level, the ladder step, LEFS change and changes made."""
    try:
        week = load_week(store, profile, today)
        lefs = lefs_change(store.list_lefs(profile))
        adjustments = store.list_adjustments(profile)
    except StoreError as exc:
        return f"<p>{_e(exc)}</p>"
    parts = ['<div class="rb-progress"><h4>Progress of the plan</h4>']
    if week is None:
        parts.append("<p>No plan saved yet.</p>")
    else:
        parts.append(
            f"<p>Stage: week {week.week_number} of the plan (started "
            f"{_e(long_date(week.start))}). Sore: {_e(_SIDE[week.side])}. Next review: "
            f"{_e(long_date(week.review_on))}.</p>"
        )
        parts.append(_run_html(week))
        parts.append(_exercises_html(week))
    if lefs is None:
        parts.append(
            "<p>LEFS: not filled in yet. The runner fills it in on page 05 near a review.</p>"
        )
    else:
        judged = change_words(lefs.meets_mcid)
        parts.append(
            f'<p class="rb-lefs">LEFS (leg function, 0 to 80): {lefs.first} on '
            f"{_e(short_date(lefs.first_on))}, {lefs.latest} on "
            f"{_e(short_date(lefs.latest_on))}: {lefs.change:+d}, {judged} (9 points).</p>"
        )
    # The plan's own words for each change ("Your clinician set … to 2 x 10"); a change
    # to an exercise no longer in the plan has none, so its stored values are shown.
    said = [e for e in week.history if e.what.startswith("Your clinician")] if week else []
    if said:
        rows = "".join(
            f"<li>{_e(short_date(e.date))}: {_e(e.what)}. <em>Why:</em> {_e(e.why)}</li>"
            for e in said[-20:]
        )
    else:
        rows = "".join(
            f"<li>{_e(short_date(a.date))}: {_e(a.kind)} {_e(_change_text(a.change))}. "
            f"<em>Why:</em> {_e(a.reason)}</li>"
            for a in adjustments[-20:]
        )
    if adjustments:
        parts.append(f'<h4>Clinician changes</h4><ul class="rb-adjustments">{rows}</ul>')
    else:
        parts.append("<p>No clinician changes yet (<code>rollbook adjust</code>).</p>")
    parts.append("</div>")
    return "".join(parts)


def _change_text(change: dict[str, object]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(change.items()))
