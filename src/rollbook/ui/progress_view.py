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
from rollbook.i18n import _
from rollbook.review import change_words, lefs_change
from rollbook.sides import PLAN_SIDE_WORDS
from rollbook.store import StoreError
from rollbook.weekload import load_week

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store import Store
    from rollbook.weekplan import WeekPlan


def _e(text: object) -> str:
    return html.escape(str(text))


def _run_html(week: WeekPlan) -> str:
    if week.run.mode == "ladder" and week.run.phase is not None:
        head = _("Walk-run plan, step {step}").format(step=week.run.phase)
    elif week.run.mode == "paused":
        head = _("Running is paused")
    else:
        head = painmodel.action_info(week.action).label
    running = _("Running: {what}.").format(what=head)
    return f"<p><strong>{_e(running)}</strong> {_e(week.run.next_step)}</p>"


def _exercises_html(week: WeekPlan) -> str:
    if not week.exercises:
        return f"<p>{_('No strength exercises in this plan.')}</p>"
    rows = "".join(
        f"<li><strong>{_e(e.label)}</strong>: "
        + _e(
            _("level {level} of {levels} ({name}), {dose}.").format(
                level=e.level, levels=e.levels, name=e.level_name, dose=e.dose()
            )
        )
        + "<br>"
        + _e(_("Next step: {step}").format(step=e.next_step))
        + "</li>"
        for e in week.exercises
    )
    return f'<ul class="rb-week-exercises">{rows}</ul>'


def _changes_html(week: WeekPlan, title: str) -> str:
    if not week.changes:
        return ""
    rows = "".join(
        f"<li>{_e(short_date(c.date))}: {_e(c.what)}. <em>{_e(_('Why:'))}</em> {_e(c.why)}</li>"
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
        heading = _("This week's plan")
        text = _("No plan is saved for this runner yet. Build one on page 03 and press Save.")
        return f'<div class="rb-week"><h3>{_e(heading)}</h3><p>{_e(text)}</p></div>'
    heading = _("This week's plan (week {week})").format(week=week.week_number)
    since = _("From {date}. Sore: {side}.").format(
        date=long_date(week.week_start), side=_(PLAN_SIDE_WORDS[week.side])
    )
    review = _("Next review: {date}").format(date=long_date(week.review_on))
    return (
        f'<div class="rb-week"><h3>{_e(heading)}</h3>'
        f'<p>{_e(since)} <strong class="rb-review">{_e(review)}</strong></p>'
        f"{_run_html(week)}{_exercises_html(week)}"
        f"{_changes_html(week, _('What changed, and why'))}</div>"
    )


def progress_html(store: Store, profile: Profile, today: dt.date) -> str:
    """Page 06: stage, each exercise's level, the ladder step, LEFS change and changes made."""
    try:
        week = load_week(store, profile, today)
        lefs = lefs_change(store.list_lefs(profile))
        adjustments = store.list_adjustments(profile)
    except StoreError as exc:
        return f"<p>{_e(exc)}</p>"
    parts = [f'<div class="rb-progress"><h4>{_e(_("Progress of the plan"))}</h4>']
    if week is None:
        parts.append(f"<p>{_e(_('No plan saved yet.'))}</p>")
    else:
        stage = _(
            "Stage: week {week} of the plan (started {start}). Sore: {side}. Next review: {review}."
        ).format(
            week=week.week_number,
            start=long_date(week.start),
            side=_(PLAN_SIDE_WORDS[week.side]),
            review=long_date(week.review_on),
        )
        parts.append(f"<p>{_e(stage)}</p>")
        parts.append(_run_html(week))
        parts.append(_exercises_html(week))
    if lefs is None:
        text = _("LEFS: not filled in yet. The runner fills it in on page 05 near a review.")
        parts.append(f"<p>{_e(text)}</p>")
    else:
        judged = change_words(lefs.meets_mcid)
        text = _(
            "LEFS (leg function, 0 to 80): {first} on {first_date}, {latest} on "
            "{latest_date}: {change}, {verdict} (9 points)."
        ).format(
            first=lefs.first,
            first_date=short_date(lefs.first_on),
            latest=lefs.latest,
            latest_date=short_date(lefs.latest_on),
            change=f"{lefs.change:+d}",
            verdict=judged,
        )
        parts.append(f'<p class="rb-lefs">{_e(text)}</p>')
    # The plan's own words for each change ("Your clinician set … to 2 x 10"); a change
    # to an exercise no longer in the plan has none, so its stored values are shown.
    said = [e for e in week.history if e.clinician] if week else []
    if said:
        rows = "".join(
            f"<li>{_e(short_date(e.date))}: {_e(e.what)}. <em>{_e(_('Why:'))}</em> {_e(e.why)}</li>"
            for e in said[-20:]
        )
    else:
        rows = "".join(
            f"<li>{_e(short_date(a.date))}: {_e(a.kind)} {_e(_change_text(a.change))}. "
            f"<em>{_e(_('Why:'))}</em> {_e(a.reason)}</li>"
            for a in adjustments[-20:]
        )
    if adjustments:
        heading = _e(_("Clinician changes"))
        parts.append(f'<h4>{heading}</h4><ul class="rb-adjustments">{rows}</ul>')
    else:
        text = _("No clinician changes yet ({command}).").format(
            command="<code>rollbook adjust</code>"
        )
        parts.append(f"<p>{text}</p>")

    parts.append("</div>")
    return "".join(parts)


def _change_text(change: dict[str, object]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(change.items()))
