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
    when = _e(long_date(state.review_on))
    if state.status == "due":
        verb = "was" if state.review_on < today else "is"
        return (
            f'<p class="rb-review-when"><strong>Your review {verb} on {when}.</strong> Fill in '
            "the leg function score (LEFS) below and this week's activity scores. Then talk "
            "it through with your clinician.</p>"
        )
    if state.status == "done":
        return (
            f'<p class="rb-review-when"><strong>Review on {when}: your scores are in.</strong> '
            "Here is what changed. Take it to your clinician.</p>"
        )
    days = load_progression().review.form_days
    return (
        f'<p class="rb-review-when">Your next review is on <strong>{when}</strong>. The leg '
        f"function form below opens by itself {days} days before it.</p>"
    )


def _scores_html(state: ReviewState) -> list[str]:
    rows = []
    psfs = state.psfs
    if psfs is None or state.psfs_count < 2:
        rows.append("Activity scores (PSFS): rate them at least twice to see a change.")
    else:
        judged = change_words(psfs.meaningful)
        rows.append(
            f"Activity scores (PSFS): {psfs.first:.1f} then {psfs.latest:.1f} out of 10 "
            f"({psfs.change:+.1f} points), {judged} ({state.psfs_mcid:g} points)."
        )
    lefs = state.lefs
    if lefs is None or state.lefs_count < 2:
        rows.append("Leg function (LEFS): fill it in at two reviews to see a change.")
    else:
        judged = change_words(lefs.meets_mcid)
        rows.append(
            f"Leg function (LEFS): {lefs.first} then {lefs.latest} out of 80 "
            f"({lefs.change:+d} points), {judged} ({state.lefs_mcid} points)."
        )
    return rows


def _plan_rows(state: ReviewState) -> list[str]:
    rows = []
    for move in state.moves:
        verb = "moved up" if move.direction == "up" else "stepped down"
        rows.append(
            f"{move.label} {verb} from level {move.before} to level {move.after} of {move.levels}."
        )
    if not state.moves:
        rows.append("No exercise changed level.")
    if state.run_mode == "ladder" and state.run_phase is not None:
        rows.append(
            f"Running: walk-run plan, step {state.run_phase} of {state.run_phases} "
            f"({state.run_phase_label})."
        )
    elif state.run_mode == "paused":
        rows.append("Running: paused.")
    else:
        rows.append("Running: your usual running, as the pain advice says.")
    for event in state.clinician:
        rows.append(f"{event.what} ({long_date(event.date)}). Why: {event.why}")
    return rows


def summary_html(state: ReviewState, today: dt.date) -> str:
    """The review's date and status, and around a review what changed and what to discuss."""
    parts = ['<div class="rb-review-summary"><h3>Your review</h3>']
    parts.append(_when_html(state, today))
    if state.shows_summary:
        since = _e(long_date(state.since))
        changed = "".join(f"<li>{_e(r)}</li>" for r in _scores_html(state) + _plan_rows(state))
        topics = "".join(f"<li>{_e(t)}</li>" for t in state.topics)
        parts.append(
            f'<h4>What changed since {since}</h4><ul class="rb-review-changed">{changed}</ul>'
            f'<h4>To talk about with your clinician</h4><ul class="rb-review-topics">{topics}</ul>'
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
            self.summary.value = message_html(str(exc), "error", title="Could not read:")
            return
        self.summary.value = "" if state is None else summary_html(state, today)
        self.chart.value = chart_html(lefs_chart(records), css_class="rb-chart-lefs") if records \
            else ""  # fmt: skip
        if state is not None and state.status == "due":
            self.form.set_open(True)
