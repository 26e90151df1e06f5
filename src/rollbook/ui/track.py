"""The "Track your progress" page: log a day, see charts and advice, rate activities, CSV.

Every value from the browser is checked here or by the records before it is saved,
and every problem becomes a message on the page, never a traceback. The store does
the saving; the analytics and charts modules do the judging and the drawing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from rollbook import analytics, clinic, painmodel
from rollbook.csvlimits import MAX_CSV_BYTES
from rollbook.pages.pain_sides import default_sides
from rollbook.records import (
    PSFS_MAX_ACTIVITIES,
    LogEntry,
    Profile,
    PsfsItem,
    PsfsRecord,
    RecordError,
    SavedPlan,
)
from rollbook.running_advice import pain_rules
from rollbook.runs.summary import load_runs
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.controls import close_widgets, download_link_html, message_html
from rollbook.ui.figures import chart_html
from rollbook.ui.housekeeping import return_freed_memory
from rollbook.ui.profiles import ProfilePicker
from rollbook.ui.runs_import import RunsImport
from rollbook.ui.side_rows import SIDE_CSS, SidedSiteRow

Today = Callable[[], dt.date]

#: Largest CSV upload accepted (a year of daily rows is about 40 kB).
MAX_UPLOAD_BYTES = MAX_CSV_BYTES
#: How many bad CSV rows are listed before "and N more".
MAX_LISTED_PROBLEMS = 30
RECENT_ENTRIES = 30
#: Sites logged this many days back are offered again on the log form.
SITE_MEMORY_DAYS = 60

#: Short names of the three pain scores (During run, After run, Next morning).
MEASURE_LABELS: dict[str, str] = {q.id: q.label for q in painmodel.content().question}

PAGE_CSS = """
<style>
.rb-track h3, .rb-clinic h3 { color: #0a4f4c; font-size: 1.2rem; margin: 1.4rem 0 0.4rem; }
.rb-track h4, .rb-clinic h4 { font-size: 1.05rem; margin: 0.8rem 0 0.2rem; }
.rb-advice { border: 1px solid #d5dfdc; border-radius: 10px; padding: 0.6rem 0.9rem; margin: 0.5rem 0; }
.rb-advice p { margin: 0.3rem 0; }
.rb-advice ul { margin: 0.2rem 0 0.2rem 1.2rem; padding: 0; }
.rb-site-box { border-top: 1px solid #d5dfdc; padding-top: 0.3rem; margin-top: 0.3rem; }
.rb-site-box .rb-pain { flex-wrap: wrap; margin-right: 1rem; }
.rb-site-box .rb-pain .widget-label { width: 100% !important; max-width: 100%; text-align: left;
  white-space: normal; overflow: visible; margin-bottom: 0.15rem; }
.rb-problems { margin: 0.3rem 0 0 1.2rem; padding: 0; }
.rb-empty { border-left: 6px solid #0f6e6a; background: #e3f3f1; border-radius: 6px; padding: 0.75rem 1rem; }
.rb-track .widget-label, .rb-clinic .widget-label { white-space: normal; }
.rb-track .widget-dropdown, .rb-clinic .widget-dropdown { height: auto; min-height: 2.75rem; }
.rb-track .widget-dropdown select, .rb-clinic .widget-dropdown select { min-width: 0; }
</style>
"""

_FILE_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def day_text(day: dt.date, today: dt.date | None = None) -> str:
    """Return ``12 Nov`` (with the year when it is not this year)."""
    text = f"{day.day} {day:%b}"
    if today is None or day.year != today.year:
        text += f" {day.year}"
    return text


def action_badge_html(action: str | None) -> str:
    """Return the pain model's action as a badge in words (colour is not the only cue)."""
    if action not in painmodel.ACTIONS:
        return '<span class="rb-zone rb-zone-none">No pain scores yet</span>'
    info = painmodel.action_info(action)
    return f'<span class="rb-zone rb-zone-{info.colour}">{html.escape(info.label)}</span>'


def verdict_html(title: str, verdict: painmodel.Verdict | None) -> str:
    """Return one verdict (day or week) as a short block: badge, why, what to do."""
    if verdict is None:
        return ""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in verdict.reasons)
    css = "rb-advice rb-safety" if verdict.see_clinician else "rb-advice"
    return (
        f'<div class="{css}"><p><strong>{html.escape(title)}</strong> {action_badge_html(verdict.action)}</p>'
        f"<ul>{reasons}</ul><p><strong>What to do:</strong> {html.escape(verdict.advice)}</p></div>"
    )


def psfs_text(change: analytics.PsfsChange | None, count: int) -> str:
    """Return the PSFS change in plain words, judged against the 2-point change that matters."""
    if change is None:
        return "No activity scores yet."
    if count < 2:
        return (
            f"Your first score averages {change.first:.1f} out of 10. "
            "Score the same activities again next week to see a change."
        )
    text = (
        f"Your average went from {change.first:.1f} to {change.latest:.1f} out of 10 "
        f"({change.change:+.1f} points). "
    )
    if change.meaningful and change.change > 0:
        return text + "That is 2 points or more: a real gain."
    if change.meaningful:
        return text + "That is a drop of 2 points or more. Tell your clinician."
    return text + "That is less than 2 points, so it may just be normal ups and downs."


def problems_html(title: str, problems: Sequence[str]) -> str:
    """Return an error box listing each problem (escaped), with "and N more" past the cap."""
    shown = problems[:MAX_LISTED_PROBLEMS]
    items = "".join(f"<li>{html.escape(p)}</li>" for p in shown)
    more = len(problems) - len(shown)
    if more > 0:
        items += f"<li>and {more} more</li>"
    return (
        f'<div class="rb-msg rb-msg-error" role="alert"><strong>{html.escape(title)}</strong>'
        f'<ul class="rb-problems">{items}</ul></div>'
    )


def upload_bytes(value: Any) -> tuple[str, bytes] | None:
    """Return ``(name, content)`` from a FileUpload value, or None if it holds no file.

    The browser may send anything, so the shape is checked rather than trusted.
    """
    if not isinstance(value, (tuple, list)) or not value:
        return None
    item = value[0]
    if not isinstance(item, Mapping):
        return None
    content = item.get("content")
    name = item.get("name")
    if isinstance(content, memoryview):
        data = content.tobytes()
    elif isinstance(content, (bytes, bytearray)):
        data = bytes(content)
    else:
        return None
    return (name if isinstance(name, str) else "upload.csv", data)


#: Dropdown value for "no score yet". ipywidgets shows a None value as a blank box,
#: so the empty choice needs a real value to be displayed.
NOT_SET = -1


def score_value(value: object) -> int | None:
    """Return a 0–10 score from a dropdown value, or None for "not filled in"."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        return None
    return value


def _pain_options(empty: str) -> list[tuple[str, int]]:
    words = {0: "0 no pain", 10: "10 worst pain"}
    return [(empty, NOT_SET)] + [(words.get(i, str(i)), i) for i in range(11)]


def _pain_dropdown(description: str, empty: str = "Not filled in") -> widgets.Dropdown:
    box = widgets.Dropdown(
        options=_pain_options(empty),
        value=NOT_SET,
        description=description,
        style={"description_width": "7rem"},
        layout=widgets.Layout(width="19rem", max_width="100%"),
    )
    box.add_class("rb-pain")
    return box


class TrackPage(widgets.VBox):  # type: ignore[misc]
    """The whole progress page for the runner chosen in the profile picker."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        today: Today = dt.date.today,
        site_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store if store is not None else open_store()
        self.today = today
        if site_labels is None:
            from rollbook.content import load_library

            site_labels = {k: s.label for k, s in load_library().sites.items()}
        self.site_labels = dict(site_labels)
        self.profile: Profile | None = None
        self.entries: list[LogEntry] = []
        self.psfs: list[PsfsRecord] = []
        self.guard_runs: list[tuple[dt.date, float]] | None = None
        self.site_rows: dict[str, SidedSiteRow] = {}
        self._deleted: LogEntry | None = None
        self.plan: SavedPlan | None = None
        # True while the form shows a saved day, so moving to a new day clears it.
        self._form_from_store = False

        self.picker = ProfilePicker(self.store, title="Whose log is this?")
        self.intro = widgets.HTML()
        self.intro.add_class("rb-track-intro")

        # --- advice
        self.advice = widgets.HTML()
        self.advice.add_class("rb-track-advice")

        # --- log form
        self.date = widgets.DatePicker(
            description="Date",
            value=today(),
            layout=widgets.Layout(width="16rem", max_width="100%"),
            style={"description_width": "7rem"},
        )
        self.date.add_class("rb-log-date")
        self.date_note = widgets.HTML()
        self.date_note.add_class("rb-log-date-note")
        self.sites_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.add_site = widgets.Dropdown(
            description="Add a place",
            options=[("Choose…", "")],
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.add_site.add_class("rb-add-site")
        self.add_site_button = widgets.Button(
            description="Add place", icon="plus", layout=widgets.Layout(width="auto")
        )
        self.add_site_button.add_class("rb-add-site-button")
        self.km = widgets.BoundedFloatText(
            description="Km run",
            min=0,
            max=300,
            step=0.1,
            value=0,
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="16rem", max_width="100%"),
        )
        self.km.add_class("rb-log-km")
        self.rolled = widgets.BoundedIntText(
            description="Minutes rolled",
            min=0,
            max=600,
            step=1,
            value=0,
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="16rem", max_width="100%"),
        )
        self.rolled.add_class("rb-log-rolled")
        self.done = widgets.Checkbox(description="I did my plan today", indent=False, value=False)
        self.done.add_class("rb-log-done")
        self.note = widgets.Textarea(
            # Send the text when the field is left, so a button pressed right after
            # typing never sees a half-synced value.
            continuous_update=False,
            description="Note",
            placeholder="Anything you want to remember (optional)",
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="100%", max_width="32rem"),
        )
        self.note.add_class("rb-log-note")
        self.save_button = widgets.Button(description="Save", button_style="primary", icon="check")
        self.save_button.add_class("rb-log-save")
        self.log_msg = widgets.HTML()
        self.log_msg.add_class("rb-log-msg")
        log_section = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Log a day</h3><p>Score each place that hurts, from 0 (no pain) "
                    "to 10 (worst pain). Leave a score blank if you do not know it yet.</p>"
                ),
                self.date,
                self.date_note,
                self.sites_box,
                widgets.HBox(
                    [self.add_site, self.add_site_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.km,
                self.rolled,
                self.done,
                self.note,
                widgets.HBox([self.save_button]),
                self.log_msg,
            ]
        )
        log_section.add_class("rb-log")

        # --- yesterday's morning
        self.morning_rows: dict[str, widgets.Dropdown] = {}
        self.morning_box = widgets.VBox()
        self.morning_button = widgets.Button(
            description="Save morning pain",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.morning_button.add_class("rb-morning-save")
        self.morning_msg = widgets.HTML()
        self.morning_msg.add_class("rb-morning-msg")
        self.morning_section = widgets.VBox(
            [
                widgets.HTML("<h3>Yesterday's run: how is it this morning?</h3>"),
                self.morning_box,
                widgets.HBox([self.morning_button]),
                self.morning_msg,
            ]
        )
        self.morning_section.add_class("rb-morning")

        # --- recent entries
        self.recent = widgets.Dropdown(
            description="Entry",
            options=[],
            style={"description_width": "7rem"},
            layout=widgets.Layout(width="100%", max_width="30rem"),
        )
        self.recent.add_class("rb-recent")
        self.edit_button = widgets.Button(description="Edit", icon="pencil")
        self.edit_button.add_class("rb-recent-edit")
        self.delete_button = widgets.Button(
            description="Delete", icon="trash", button_style="danger"
        )
        self.delete_button.add_class("rb-recent-delete")
        self.undo_button = widgets.Button(description="Undo", icon="undo")
        self.undo_button.add_class("rb-undo")
        self.undo_button.layout.display = "none"
        self.recent_msg = widgets.HTML()
        self.recent_msg.add_class("rb-recent-msg")
        self.recent_section = widgets.VBox(
            [
                widgets.HTML("<h3>Change or delete a day</h3>"),
                self.recent,
                widgets.HBox(
                    [self.edit_button, self.delete_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        # Outside the section that hides when the log is empty: deleting the last day
        # must still offer its undo.
        self.undo_bar = widgets.HBox(
            [self.recent_msg, self.undo_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.undo_bar.add_class("rb-undo-bar")
        self.recent_section.add_class("rb-recent-section")

        # --- charts
        self.charts = widgets.HTML()
        self.charts.add_class("rb-track-charts")

        # --- PSFS
        self.psfs_names = [
            widgets.Text(
                # Send the text when the field is left, so a button pressed right after
                # typing never sees a half-synced value.
                continuous_update=False,
                description=f"Activity {i + 1}",
                placeholder="e.g. run 5 km, go down stairs",
                style={"description_width": "7rem"},
                layout=widgets.Layout(width="22rem", max_width="100%"),
            )
            for i in range(PSFS_MAX_ACTIVITIES)
        ]
        score_options = [("Not scored", NOT_SET)] + [
            ({0: "0 cannot do it", 10: "10 as before the pain"}.get(i, str(i)), i)
            for i in range(11)
        ]
        self.psfs_scores = [
            widgets.Dropdown(
                description=f"Score {i + 1}",
                options=score_options,
                value=NOT_SET,
                style={"description_width": "7rem"},
                layout=widgets.Layout(width="20rem", max_width="100%"),
            )
            for i in range(PSFS_MAX_ACTIVITIES)
        ]
        for i, (name, score) in enumerate(zip(self.psfs_names, self.psfs_scores)):
            name.add_class(f"rb-psfs-name-{i + 1}")
            score.add_class(f"rb-psfs-score-{i + 1}")
        self.psfs_button = widgets.Button(
            description="Save scores", button_style="primary", layout=widgets.Layout(width="auto")
        )
        self.psfs_button.add_class("rb-psfs-save")
        self.psfs_msg = widgets.HTML()
        self.psfs_msg.add_class("rb-psfs-msg")
        self.psfs_result = widgets.HTML()
        self.psfs_result.add_class("rb-psfs-result")
        psfs_rows = [
            widgets.HBox([n, s], layout=widgets.Layout(flex_flow="row wrap"))
            for n, s in zip(self.psfs_names, self.psfs_scores)
        ]
        psfs_section = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>This week's activity scores</h3><p>Name up to three things that are "
                    "hard because of the pain. Score each one: 0 means you cannot do it, 10 "
                    "means you can do it as well as before the pain.</p>"
                ),
                *psfs_rows,
                widgets.HBox([self.psfs_button]),
                self.psfs_msg,
                self.psfs_result,
            ]
        )
        psfs_section.add_class("rb-psfs")

        # --- CSV
        self.download = widgets.HTML()
        self.download.add_class("rb-csv-download")
        self.upload = widgets.FileUpload(
            accept=".csv",
            multiple=False,
            description="Upload CSV",
            icon="upload",
            layout=widgets.Layout(width="auto"),
        )
        self.upload.add_class("rb-csv-upload")
        self.upload_msg = widgets.HTML()
        self.upload_msg.add_class("rb-csv-msg")
        csv_section = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Your log as a file</h3><p>Download your log as a CSV file to keep a "
                    "copy or open it in a spreadsheet. Upload a CSV file to add its days to "
                    "this runner's log. A day that is already here is replaced.</p>"
                ),
                self.download,
                self.upload,
                self.upload_msg,
            ]
        )
        csv_section.add_class("rb-csv")

        # --- runs from a watch (its own module)
        self.runs_import = RunsImport(self.store, today=today, on_saved=self.refresh)
        # --- share file for the clinician (its own module)
        from rollbook.ui.share import ShareOut

        self.share = ShareOut(self.store)

        # This week's plan (issue 17): levels, next steps, review (ui/progress_view.py).
        self.week_view = widgets.HTML()
        self.week_view.add_class("rb-track-week")
        from rollbook.ui.review_view import ReviewSection  # the review and the LEFS form

        self.review = ReviewSection(self.store, today=today)
        self.filled_sections = widgets.VBox([self.advice, self.charts])
        self.body = widgets.VBox(
            [
                self.intro,
                self.week_view,
                self.review,
                self.morning_section,
                self.filled_sections,
                log_section,
                self.recent_section,
                self.undo_bar,
                psfs_section,
                self.runs_import,
                csv_section,
                self.share,
            ],
            layout=widgets.Layout(width="100%"),
        )
        super().__init__(
            [widgets.HTML(PAGE_CSS + SIDE_CSS), self.picker, self.body],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("rb-track")

        self.date.observe(self._on_date, names="value")
        self.add_site_button.on_click(self._on_add_site)
        self.save_button.on_click(self._on_save)
        self.morning_button.on_click(self._on_morning)
        self.edit_button.on_click(self._on_edit)
        self.delete_button.on_click(self._on_delete)
        self.undo_button.on_click(self._on_undo)
        self.psfs_button.on_click(self._on_psfs)
        self.upload.observe(self._on_upload, names="value")
        self.picker.on_change(self._on_profile)

    # --- profile and refresh ---------------------------------------------------------

    def _on_profile(self, profile: Profile | None) -> None:
        self.profile = profile
        self.share.set_profile(profile)
        self.review.set_profile(profile)
        self._deleted = None
        self.runs_import.set_profile(profile)
        self.undo_button.layout.display = "none"
        for msg in (
            self.log_msg,
            self.morning_msg,
            self.recent_msg,
            self.psfs_msg,
            self.upload_msg,
        ):
            msg.value = ""
        if profile is None:
            self.body.layout.display = "none"
            return
        self.body.layout.display = "flex"
        self.site_rows = {}
        self._form_from_store = True  # clear whatever the last runner left in the form
        self.refresh()
        self._load_psfs_names()

    def refresh(self) -> None:
        """Reload this runner's data and redraw everything that depends on it."""
        if self.profile is None:
            return
        today = self.today()
        try:
            self.entries = self.store.list_entries(self.profile)
            self.psfs = self.store.list_psfs(self.profile)
            self.plan = self.store.current_plan(self.profile)
            # Single runs from a watch feed the load guard; hand-logged days count as one.
            self.guard_runs = load_runs(self.entries, self.store.runs(self.profile))
        except StoreError as exc:
            self.intro.value = message_html(str(exc), "error", title="Could not read the log:")
            return
        self._refresh_sites(today)
        self._refresh_intro()
        from rollbook.ui.progress_view import week_html

        self.week_view.value = week_html(self.store, self.profile, today)
        self.review.refresh()
        self._refresh_advice(today)
        self._refresh_recent(today)
        self._refresh_morning(today)
        self._refresh_charts(today)
        self._refresh_psfs_result()
        self._refresh_download()
        self._on_date()
        return_freed_memory()

    def _refresh_intro(self) -> None:
        if self.entries:
            self.intro.value = ""
            self.filled_sections.layout.display = "flex"
            self.recent_section.layout.display = "flex"
            return
        self.filled_sections.layout.display = "none"
        self.recent_section.layout.display = "none"
        self.intro.value = (
            '<div class="rb-empty" role="note"><p><strong>No days logged yet.</strong></p>'
            "<p>Start with today. Add each place that hurts, score the pain, and press "
            "<strong>Save</strong>. Your advice and charts will show up here once you have "
            "logged a day.</p></div>"
        )

    def _refresh_sites(self, today: dt.date) -> None:
        wanted: list[str] = list(self.site_rows)
        plan_pain = (
            self.plan.inputs.get("pain")
            if self.plan and isinstance(self.plan.inputs, Mapping)
            else None
        )
        if isinstance(plan_pain, Mapping):
            wanted += [s for s, v in plan_pain.items() if isinstance(v, int) and v > 0]
        since = today - dt.timedelta(days=SITE_MEMORY_DAYS)
        wanted += [p.site for e in self.entries if e.date >= since for p in e.pains]
        order = list(self.site_labels)
        known = [s for s in order if s in set(wanted)]
        known += sorted(s for s in set(wanted) if s not in self.site_labels)
        for site in known:
            if site not in self.site_rows:
                self.site_rows[site] = self._site_row(site)
        self.site_rows = {s: self.site_rows[s] for s in known}
        self.sites_box.children = list(self.site_rows.values())
        free = [(label, s) for s, label in self.site_labels.items() if s not in self.site_rows]
        self.add_site.options = [("Choose…", ""), *free]
        self.add_site.value = ""

    def _refresh_advice(self, today: dt.date) -> None:
        state = clinic.runner_status(
            self.entries, self.psfs, self.plan, today=today, runs=self.guard_runs
        )
        # The week's verdict is the action now: the same as `rollbook status`.
        parts = [verdict_html("What to do now (the last 7 days):", state.week)]
        if state.latest_day is not None and state.latest_day.date is not None:
            parts.append(
                verdict_html(
                    f"Latest day ({day_text(state.latest_day.date, today)}):", state.latest_day
                )
            )
        load = state.load
        average = load.get("weekly_average_km")
        compared = "" if average is None else f"; your recent average is {average:g} km a week"
        parts.append(
            f"<p>Distance: {load.get('last_7_km', 0):g} km in the last 7 days{compared}. "
            f"Longest run in the last 30 days: {load.get('longest_run_km_30d', 0):g} km.</p>"
        )
        if self.plan is not None:
            rules = "".join(f"<li>{html.escape(r)}</li>" for r in pain_rules())
            parts.append(
                "<details><summary>The rules behind this advice (the same as in your plan)"
                f"</summary><ul>{rules}</ul></details>"
            )
        self.advice.value = "<h3>How it is going</h3>" + "".join(parts)

    def _refresh_recent(self, today: dt.date) -> None:
        recent = sorted(self.entries, key=lambda e: e.date, reverse=True)[:RECENT_ENTRIES]
        options = []
        for entry in recent:
            worst = analytics.worst_pain(entry)
            pain = f"worst pain {worst}/10" if worst is not None else "no pain scores"
            options.append((f"{day_text(entry.date, today)}: {pain}, {entry.km:g} km", entry.date))
        current = self.recent.value
        self.recent.options = options
        if current in {d for _, d in options}:
            self.recent.value = current
        elif options:
            self.recent.value = options[0][1]

    def _refresh_morning(self, today: dt.date) -> None:
        yesterday = today - dt.timedelta(days=1)
        entry = next((e for e in self.entries if e.date == yesterday), None)
        missing = [p for p in entry.pains if p.morning is None] if entry else []
        self.morning_rows = {}
        close_widgets(self.morning_box.children)  # replaced below: close, do not leak
        if not missing:
            self.morning_section.layout.display = "none"
            self.morning_box.children = []
            return
        for pain in missing:
            label = self.site_labels.get(pain.site, pain.site)[:30]
            box = _pain_dropdown(f"{label} ({pain.side})" if pain.side else label, "Choose a score")
            box.add_class(f"rb-morning-{pain.site}")
            box.add_class(f"rb-morning-side-{pain.side or 'none'}")
            self.morning_rows[pain.where] = box
        self.morning_box.children = [
            widgets.HTML(
                f"<p>You logged a run on {day_text(yesterday, today)}. Score the pain "
                "at each place now, the morning after.</p>"
            ),
            *self.morning_rows.values(),
        ]
        self.morning_section.layout.display = "flex"

    def _refresh_charts(self, today: dt.date) -> None:
        if not self.entries:
            self.charts.value = ""
            return
        from rollbook import charts

        self.charts.value = (
            "<h3>Your charts</h3>"
            + chart_html(charts.pain_chart(self.entries), css_class="rb-chart-pain")
            + chart_html(
                charts.adherence_calendar(self.entries, today=today), css_class="rb-chart-adherence"
            )
        )

    def _refresh_psfs_result(self) -> None:
        if not self.psfs:
            self.psfs_result.value = ""
            return
        from rollbook import charts

        text = psfs_text(analytics.psfs_change(self.psfs), len(self.psfs))
        self.psfs_result.value = f'<p class="rb-psfs-change">{html.escape(text)}</p>' + chart_html(
            charts.psfs_chart(self.psfs), css_class="rb-chart-psfs"
        )

    def _refresh_download(self) -> None:
        if not self.entries or self.profile is None:
            self.download.value = "<p>Log a day first, then you can download your log.</p>"
            return
        from rollbook import logcsv

        name = _FILE_SAFE.sub("-", self.profile.name).strip("-") or "runner"
        # Into the one HTML widget: a new widget per save would pile up (issue 15).
        self.download.value = download_link_html(
            logcsv.export_text(self.entries).encode("utf-8"),
            f"rollbook-log-{name[:40]}.csv",
            "text/csv",
            "Download your log (CSV)",
        )

    def _load_psfs_names(self) -> None:
        latest = self.psfs[-1] if self.psfs else None
        for i, (name, score) in enumerate(zip(self.psfs_names, self.psfs_scores)):
            name.value = latest.items[i].activity if latest and i < len(latest.items) else ""
            score.value = NOT_SET

    # --- log form -------------------------------------------------------------------------

    def _on_date(self, _change: object = None) -> None:
        day = self.date.value
        today = self.today()
        if self.profile is None:
            return
        if not isinstance(day, dt.date):
            self.date_note.value = message_html("Pick a date.", "warn")
            return
        if day > today:
            self.date_note.value = message_html(
                f"{day_text(day, today)} is in the future. You can log a day once it has happened.",
                "warn",
            )
            return
        entry = next((e for e in self.entries if e.date == day), None)
        if entry is not None:
            for pain in entry.pains:
                if pain.site not in self.site_rows:
                    self.site_rows[pain.site] = self._site_row(pain.site)
            self._refresh_sites(today)
            self.date_note.value = message_html(
                f"You already logged {day_text(day, today)}. Change what you need and press "
                "Save to update it.",
                "info",
            )
        else:
            self.date_note.value = ""
            if not self._form_from_store:
                return  # a new day: keep what the runner has typed so far
        self._form_from_store = entry is not None
        for row in self.site_rows.values():
            row.load_entry(entry)
        self.km.value = entry.km if entry else 0
        self.rolled.value = entry.rolled_min if entry else 0
        self.done.value = entry.done if entry else False
        self.note.value = entry.note if entry else ""

    def _site_row(self, site: str) -> SidedSiteRow:
        # Which sides to ask for: the page model's rule (plan side, midline sites).
        sides = default_sides(site, self.plan)
        return SidedSiteRow(site, self.site_labels.get(site, site), sides, _pain_dropdown)

    def _on_add_site(self, _button: object = None) -> None:
        site = self.add_site.value
        if site not in self.site_labels:
            self.log_msg.value = message_html("Choose a place from the list first.", "warn")
            return
        self.site_rows[site] = self._site_row(site)
        self._refresh_sites(self.today())
        self.log_msg.value = message_html(
            f"Added {self.site_labels[site]}. Score it above.", "info"
        )

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            return
        today = self.today()
        day = self.date.value
        if not isinstance(day, dt.date):
            self.log_msg.value = message_html("Pick the date of the day you want to log.", "warn")
            return
        if day > today:
            self.log_msg.value = message_html(
                f"Not saved: {day_text(day, today)} is in the future. "
                "You can log a day once it has happened.",
                "error",
            )
            return
        try:
            pains = tuple(p for row in self.site_rows.values() for p in row.pains())
            entry = LogEntry(
                date=day,
                pains=pains,
                km=float(self.km.value),
                rolled_min=int(self.rolled.value),
                done=bool(self.done.value),
                note=str(self.note.value).strip(),
            )
            result = self.store.save_entry(self.profile, entry, today=today)
        except (RecordError, StoreError, TypeError, ValueError) as exc:
            self.log_msg.value = message_html(str(exc), "error", title="Not saved:")
            return
        word = "Saved" if result.created else "Updated"
        self.log_msg.value = message_html(f"{word} {day_text(day, today)}.", "ok")
        self.refresh()

    def _on_morning(self, _button: object = None) -> None:
        if self.profile is None:
            return
        today = self.today()
        yesterday = today - dt.timedelta(days=1)
        entry = next((e for e in self.entries if e.date == yesterday), None)
        if entry is None:
            self.morning_msg.value = message_html("There is no entry for yesterday.", "warn")
            return
        scores = {s: score_value(box.value) for s, box in self.morning_rows.items()}
        if all(v is None for v in scores.values()):
            self.morning_msg.value = message_html("Choose a score for at least one place.", "warn")
            return
        pains = tuple(
            dataclasses.replace(p, morning=scores[p.where])
            if scores.get(p.where) is not None
            else p
            for p in entry.pains
        )
        try:
            self.store.save_entry(
                self.profile, dataclasses.replace(entry, pains=pains), today=today
            )
        except (RecordError, StoreError) as exc:
            self.morning_msg.value = message_html(str(exc), "error", title="Not saved:")
            return
        self.refresh()
        self.morning_msg.value = message_html(
            f"Saved this morning's pain for {day_text(yesterday, today)}.", "ok"
        )

    # --- edit, delete, undo -----------------------------------------------------------------

    def _chosen_entry(self) -> LogEntry | None:
        day = self.recent.value
        return next((e for e in self.entries if e.date == day), None)

    def _on_edit(self, _button: object = None) -> None:
        entry = self._chosen_entry()
        if entry is None:
            self.recent_msg.value = message_html("Choose a day from the list first.", "warn")
            return
        self.date.value = entry.date
        self._on_date()
        self.recent_msg.value = message_html(
            f"{day_text(entry.date, self.today())} is in the form below. Change it and press Save.",
            "info",
        )

    def _on_delete(self, _button: object = None) -> None:
        entry = self._chosen_entry()
        if entry is None or self.profile is None:
            self.recent_msg.value = message_html("Choose a day from the list first.", "warn")
            return
        try:
            self.store.delete_entry(self.profile, entry.date)
        except StoreError as exc:
            self.recent_msg.value = message_html(str(exc), "error", title="Not deleted:")
            return
        self._deleted = entry
        self.refresh()
        self.recent_msg.value = message_html(
            f"Deleted {day_text(entry.date, self.today())}.", "info"
        )
        self.undo_button.layout.display = None  # back to the button's own display

    def _on_undo(self, _button: object = None) -> None:
        entry = self._deleted
        if entry is None or self.profile is None:
            return
        try:
            self.store.save_entry(self.profile, entry, today=self.today())
        except (RecordError, StoreError) as exc:
            self.recent_msg.value = message_html(str(exc), "error", title="Not restored:")
            return
        self._deleted = None
        self.undo_button.layout.display = "none"
        self.refresh()
        self.recent.value = entry.date
        self.recent_msg.value = message_html(
            f"Restored {day_text(entry.date, self.today())}.", "ok"
        )

    # --- PSFS ---------------------------------------------------------------------------------

    def _on_psfs(self, _button: object = None) -> None:
        if self.profile is None:
            return
        items: list[PsfsItem] = []
        problems: list[str] = []
        for name, score in zip(self.psfs_names, self.psfs_scores):
            activity = str(name.value).strip()
            value = score_value(score.value)
            if activity and value is None:
                problems.append(f"Give “{activity}” a score from 0 to 10.")
            elif value is not None and not activity:
                problems.append(f"{score.description} has no activity. Name the activity.")
            elif activity and value is not None:
                try:
                    items.append(PsfsItem(activity, value))
                except RecordError as exc:
                    problems.append(str(exc))
        if not items and not problems:
            problems.append("Name at least one activity and give it a score.")
        if problems:
            self.psfs_msg.value = problems_html("Not saved:", problems)
            return
        today = self.today()
        try:
            result = self.store.save_psfs(
                self.profile, PsfsRecord(today, tuple(items)), today=today
            )
            self.psfs = self.store.list_psfs(self.profile)
        except (RecordError, StoreError) as exc:
            self.psfs_msg.value = message_html(str(exc), "error", title="Not saved:")
            return
        word = "Saved" if result.created else "Updated"
        self.psfs_msg.value = message_html(f"{word} the scores for {day_text(today, today)}.", "ok")
        self._refresh_psfs_result()
        self._refresh_advice(today)

    # --- CSV ---------------------------------------------------------------------------------

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        got = upload_bytes(change.get("new"))
        if got is None:
            return
        name, data = got
        try:
            self._import(name, data)
        finally:
            # Clear so the same file can be chosen again after fixing it.
            self.upload.unobserve(self._on_upload, names="value")
            self.upload.value = ()
            self.upload.observe(self._on_upload, names="value")

    def _import(self, name: str, data: bytes) -> None:
        from rollbook import logcsv

        if self.profile is None:
            self.upload_msg.value = message_html("Choose a runner first.", "warn")
            return
        if len(data) > MAX_UPLOAD_BYTES:
            self.upload_msg.value = message_html(
                f"{name} is too big ({len(data) // 1000} kB). The limit is "
                f"{MAX_UPLOAD_BYTES // 1_000_000} MB. Nothing was imported.",
                "error",
            )
            return
        try:
            result = logcsv.import_csv(self.store, self.profile, data, today=self.today())
        except logcsv.CsvImportError as exc:
            self.upload_msg.value = problems_html(
                f"Nothing was imported from {name}. Fix these rows and upload it again:",
                [f"Line {p.line}: {p.message}" for p in exc.problems],
            )
            return
        except (RecordError, StoreError) as exc:
            self.upload_msg.value = message_html(str(exc), "error", title="Nothing was imported:")
            return
        total = result.created + result.updated
        noun = "entry" if total == 1 else "entries"
        extra = f" ({result.updated} of them replaced a day already here)" if result.updated else ""
        self.refresh()
        self.upload_msg.value = message_html(f"Imported {total} {noun}{extra}.", "ok")
