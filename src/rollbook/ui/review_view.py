"""The review on page 05: when it is, what changed, what to talk about, and the LEFS.

A thin view over :func:`rollbook.pages.review.review_state`. Around a review (the
content library's ``form_days`` before or after it) it shows the summary and opens
the LEFS form; otherwise it names the next review and keeps the form folded away.
Every value is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook.content.progressfile import load_progression
from rollbook.dates import long_date
from rollbook.i18n import _, ngettext
from rollbook.pages.review import ReviewState, review_state
from rollbook.records import Profile
from rollbook.review import change_words
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html
from rollbook.ui.figures import chart_html
from rollbook.ui.lefs_form import LefsFormView


def _e(text: object) -> str:
    return html.escape(str(text))


def _when_html(state: ReviewState, today: dt.date) -> str:
    when = long_date(state.review_on)
    if state.status == "due":
        if state.review_on < today:
            head = _("Your review was on {date}.").format(date=when)
        else:
            head = _("Your review is on {date}.").format(date=when)
        text = _(
            "Fill in the leg function score (LEFS) below and this week's activity scores. "
            "Then talk it through with your clinician."
        )
        return f'<p class="rb-review-when"><strong>{_e(head)}</strong> {_e(text)}</p>'
    if state.status == "done":
        head = _("Review on {date}: your scores are in.").format(date=when)
        text = _("Here is what changed. Take it to your clinician.")
        return f'<p class="rb-review-when"><strong>{_e(head)}</strong> {_e(text)}</p>'
    days = load_progression().review.form_days
    text = ngettext(
        "Your next review is on {date}. The leg function form below opens by itself "
        "{days} day before it.",
        "Your next review is on {date}. The leg function form below opens by itself "
        "{days} days before it.",
        days,
    ).format(date=f"<strong>{_e(when)}</strong>", days=days)
    return f'<p class="rb-review-when">{text}</p>'


def _scores_html(state: ReviewState) -> list[str]:
    rows = []
    psfs = state.psfs
    if psfs is None or state.psfs_count < 2:
        rows.append(_("Activity scores (PSFS): rate them at least twice to see a change."))
    else:
        judged = change_words(psfs.meaningful)
        rows.append(
            _(
                "Activity scores (PSFS): {first} then {latest} out of 10 "
                "({change} points), {verdict} ({mcid} points)."
            ).format(
                first=f"{psfs.first:.1f}",
                latest=f"{psfs.latest:.1f}",
                change=f"{psfs.change:+.1f}",
                verdict=judged,
                mcid=f"{state.psfs_mcid:g}",
            )
        )
    lefs = state.lefs
    if lefs is None or state.lefs_count < 2:
        rows.append(_("Leg function (LEFS): fill it in at two reviews to see a change."))
    else:
        judged = change_words(lefs.meets_mcid)
        rows.append(
            _(
                "Leg function (LEFS): {first} then {latest} out of 80 "
                "({change} points), {verdict} ({mcid} points)."
            ).format(
                first=lefs.first,
                latest=lefs.latest,
                change=f"{lefs.change:+d}",
                verdict=judged,
                mcid=state.lefs_mcid,
            )
        )
    return rows


def _plan_rows(state: ReviewState) -> list[str]:
    rows = []
    for move in state.moves:
        if move.direction == "up":
            text = _("{name} moved up from level {before} to level {after} of {levels}.")
        else:
            text = _("{name} stepped down from level {before} to level {after} of {levels}.")
        rows.append(
            text.format(name=move.label, before=move.before, after=move.after, levels=move.levels)
        )
    if not state.moves:
        rows.append(_("No exercise changed level."))
    if state.run_mode == "ladder" and state.run_phase is not None:
        rows.append(
            _("Running: walk-run plan, step {step} of {steps} ({name}).").format(
                step=state.run_phase, steps=state.run_phases, name=state.run_phase_label
            )
        )
    elif state.run_mode == "paused":
        rows.append(_("Running: paused."))
    else:
        rows.append(_("Running: your usual running, as the pain advice says."))
    for event in state.clinician:
        rows.append(
            _("{what} ({date}). Why: {why}").format(
                what=event.what, date=long_date(event.date), why=event.why
            )
        )
    return rows


def summary_html(state: ReviewState, today: dt.date) -> str:
    """The review's date and status, and around a review what changed and what to discuss."""
    parts = [f'<div class="rb-review-summary"><h3>{_e(_("Your review"))}</h3>']
    parts.append(_when_html(state, today))
    if state.shows_summary:
        since = _("What changed since {date}").format(date=long_date(state.since))
        talk = _("To talk about with your clinician")
        changed = "".join(f"<li>{_e(r)}</li>" for r in _scores_html(state) + _plan_rows(state))
        topics = "".join(f"<li>{_e(t)}</li>" for t in state.topics)
        parts.append(
            f'<h4>{_e(since)}</h4><ul class="rb-review-changed">{changed}</ul>'
            f'<h4>{_e(talk)}</h4><ul class="rb-review-topics">{topics}</ul>'
        )
    parts.append("</div>")
    return "".join(parts)


class ReviewSection(widgets.VBox):  # type: ignore[misc]
    """Page 05's review: the summary, the LEFS chart and the LEFS form."""

    def __init__(self, store: Store, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self.today = today
        self.profile: Profile | None = None
        self.summary = widgets.HTML()
        self.summary.add_class("rb-review")
        self.chart = widgets.HTML()
        self.chart.add_class("rb-lefs-chart")
        self.form = LefsFormView(store, today=today, on_saved=self.refresh)
        super().__init__([self.summary, self.chart, self.form])
        self.add_class("rb-review-section")

    def set_profile(self, profile: Profile | None) -> None:
        """Switch to ``profile`` (the form starts empty and folded); then call refresh."""
        self.profile = profile
        self.form.set_profile(profile)
        self.form.set_open(False)

    def refresh(self) -> None:
        """Redraw the summary and chart; open the form when a review is due (never shut it
        here, so the message after saving stays in view)."""
        from rollbook.review_charts import lefs_chart

        if self.profile is None:
            self.summary.value = self.chart.value = ""
            return
        today = self.today()
        try:
            state = review_state(self.store, self.profile, today)
            records = self.store.list_lefs(self.profile)
        except StoreError as exc:
            self.summary.value = message_html(str(exc), "error", title=_("Could not read:"))
            return
        self.summary.value = "" if state is None else summary_html(state, today)
        self.chart.value = chart_html(lefs_chart(records), css_class="rb-chart-lefs") if records \
            else ""  # fmt: skip
        if state is not None and state.status == "due":
            self.form.set_open(True)
