"""The clinician view: every runner in one sortable table, then one runner in detail.

Names and notes are typed by patients, so every one of them is escaped before it
becomes HTML. The table sits in its own scrolling box so a phone never scrolls the
whole page sideways.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import ipywidgets as widgets

from rollbook import analytics, clinic
from rollbook.i18n import N_, _
from rollbook.pages.clinician import clinic_rows, read_runner
from rollbook.records import Profile
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.clinic_table import table_html
from rollbook.ui.controls import download_link_html, message_html
from rollbook.ui.figures import chart_html
from rollbook.ui.verdicts import Today, action_badge_html, day_text, trend_text

if TYPE_CHECKING:
    from rollbook.runs.record import Run


def privacy_note_html() -> str:
    """The box that says this page is for the clinician only."""
    label = html.escape(_("Privacy note"), quote=True)
    head = _("Private: for the clinician only.")
    text = _(
        "This view shows every runner saved in this data folder. Serve it "
        "only to the clinician, never to patients (see the deployment section of the README)."
    )
    return (
        f'<div class="rb-safety" role="note" aria-label="{label}"><p><strong>{head}</strong> '
        f"{text}</p></div>"
    )


#: Chooser value for "no runner open" (a None value would show as a blank box).
NO_RUNNER = -1
#: (Marked here, translated where the dropdown is built.)
_ORDER_OPTIONS = [(N_("Low to high, A to Z"), False), (N_("High to low, Z to A"), True)]


class ClinicianPage(widgets.VBox):  # type: ignore[misc]
    """All runners in a table with search and sort, and one runner opened below it."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        today: Today = dt.date.today,
        site_labels: Mapping[str, str] | None = None,
        privacy_note: bool = False,
    ) -> None:
        """``privacy_note``: show the privacy box here (pages that do not say it in markdown)."""
        self.store = store if store is not None else open_store()
        self.today = today
        if site_labels is None:
            from rollbook.content import load_library

            site_labels = {k: s.label for k, s in load_library().sites.items()}
        self.site_labels = dict(site_labels)
        self.rows: list[clinic.ClinicRow] = []
        self.profile: Profile | None = None

        self.search = widgets.Text(
            description=_("Search"),
            placeholder=_("Part of a name"),
            style={"description_width": "6rem"},
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.search.add_class("rb-clinic-search")
        self.sort = widgets.Dropdown(
            description=_("Sort by"),
            options=[(_(label), key) for key, label in clinic.SORT_KEYS.items()],
            value="name",
            style={"description_width": "6rem"},
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.sort.add_class("rb-clinic-sort")
        self.order = widgets.Dropdown(
            description=_("Order"),
            options=[(_(label), value) for label, value in _ORDER_OPTIONS],
            value=False,
            style={"description_width": "6rem"},
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.order.add_class("rb-clinic-order")
        self.reload_button = widgets.Button(description=_("Reload"), icon="refresh")
        self.reload_button.add_class("rb-clinic-reload")
        self.table = widgets.HTML()
        self.table.add_class("rb-clinic-table-box")
        self.chooser = widgets.Dropdown(
            description=_("Open runner"),
            options=[],
            style={"description_width": "6rem"},
            layout=widgets.Layout(width="100%", max_width="28rem"),
        )
        self.chooser.add_class("rb-clinic-open")
        self.detail = widgets.HTML()
        self.detail.add_class("rb-clinic-detail")
        self.report_button = widgets.Button(
            description=_("Make PDF report"),
            icon="file-pdf-o",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.report_button.add_class("rb-report-make")
        self.report_link = widgets.HTML()
        self.report_link.add_class("rb-report-link")
        from rollbook.ui.adjust_form import AdjustForm  # a clinician's change, with a reason

        self.adjust = AdjustForm(self.store, today=today, on_saved=self._on_open)
        from rollbook.ui.ladder_form import LadderForm  # start or end the walk-run plan

        # A change of walk-run step shows in the table too, so the whole page reloads.
        self.ladder = LadderForm(self.store, today=today, on_saved=self.reload)
        self.detail_box = widgets.VBox(
            [
                self.detail,
                self.adjust,
                self.ladder,
                widgets.HTML(
                    f"<h3>{_('Follow-up report')}</h3><p>"
                    + _("A one or two page PDF with the summary, charts and current plan.")
                    + "</p>"
                ),
                widgets.HBox([self.report_button]),
                self.report_link,
            ]
        )
        from rollbook.ui.runner_delete import DeleteRunner

        self.delete_runner = DeleteRunner(self.store, on_deleted=lambda _name: self.reload())
        from rollbook.ui.share import ShareIn

        self.share_in = ShareIn(self.store, on_import=self._on_shared)
        controls = widgets.HBox(
            [self.search, self.sort, self.order, self.reload_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        super().__init__(
            [
                widgets.HTML(privacy_note_html() if privacy_note else ""),
                widgets.HTML(f"<h3>{_('All runners')}</h3>"),
                controls,
                self.table,
                self.share_in,
                widgets.HTML(f"<h3>{_('One runner')}</h3>"),
                self.chooser,
                self.detail_box,
                self.delete_runner,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("rb-clinic")

        self.search.observe(self._redraw_table, names="value")
        self.sort.observe(self._redraw_table, names="value")
        self.order.observe(self._redraw_table, names="value")
        self.reload_button.on_click(lambda _b: self.reload())
        self.chooser.observe(self._on_open, names="value")
        self.report_button.on_click(self._on_report)
        self.reload()

    # --- table -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read every profile again and redraw the table and the runner list."""
        try:
            rows = clinic_rows(self.store, self.today())
        except StoreError as exc:
            self.table.value = message_html(str(exc), "error", title=_("Could not read the data:"))
            return
        self.rows = rows
        self._redraw_table()
        current = self.chooser.value
        options: list[tuple[str, int]] = [(_("Choose a runner…"), NO_RUNNER)]
        options += [(r.name, r.profile_id) for r in clinic.sort_rows(rows, "name")]
        self.chooser.options = options
        self.chooser.value = current if current in {v for _label, v in options} else NO_RUNNER
        self._on_open()

    def _on_shared(self, profile: Profile) -> None:
        """After a share file is imported: redraw the table and open that runner."""
        self.reload()
        self.chooser.value = profile.id

    def visible_rows(self) -> list[clinic.ClinicRow]:
        """The rows as shown: filtered by the search box, sorted by the controls."""
        key = self.sort.value if self.sort.value in clinic.SORT_KEYS else "name"
        query = self.search.value if isinstance(self.search.value, str) else ""
        return clinic.sort_rows(
            clinic.filter_rows(self.rows, query[:200]), key, descending=bool(self.order.value)
        )

    def _redraw_table(self, _change: object = None) -> None:
        rows = self.visible_rows()
        if not self.rows:
            self.table.value = message_html(
                _("No runners yet. Runners appear here once they add a profile on any page."),
                "info",
            )
            return
        self.table.value = table_html(
            rows,
            sort_key=str(self.sort.value),
            descending=bool(self.order.value),
            today=self.today(),
        )

    # --- one runner ----------------------------------------------------------------------

    def _on_open(self, _change: object = None) -> None:
        self.report_link.value = ""
        chosen = self.chooser.value
        if not isinstance(chosen, int) or chosen == NO_RUNNER:
            self.profile = None
            self.detail.value = (
                f"<p>{_('Choose a runner above to see their plans, charts and notes.')}</p>"
            )
            self.report_button.layout.display = "none"
            self.delete_runner.profile = None
            self._set_forms(None)
            return
        try:
            self.profile = self.store.get_profile(chosen)
        except StoreError as exc:
            self.profile = None
            self.detail.value = message_html(str(exc), "error")
            self.delete_runner.profile = None
            self._set_forms(None)
            return
        self.report_button.layout.display = None
        self.detail.value = self.detail_html(self.profile)
        self._set_forms(self.profile)
        self.delete_runner.profile = self.profile

    def _set_forms(self, profile: Profile | None) -> None:
        """The plan-change forms follow the runner that is open."""
        self.adjust.set_profile(profile)
        self.ladder.set_profile(profile)

    def detail_html(self, profile: Profile) -> str:
        """Return one runner's plans, status, charts and notes as HTML (all escaped)."""
        from rollbook import charts

        today = self.today()
        record = read_runner(self.store, profile)
        entries, psfs, plans, plan = record.entries, record.psfs, record.plans, record.plan
        state = record.status(today)
        parts = [f"<h4>{html.escape(profile.name)}</h4>"]
        week = state.week
        zone = action_badge_html(week.action if week else None)
        parts.append(f"<p><strong>{_('Running advice now:')}</strong> {zone}</p>")
        if week is not None:
            reasons = "".join(f"<li>{html.escape(r)}</li>" for r in week.reasons)
            parts.append(
                f"<ul>{reasons}</ul><p><strong>{_('Advice given:')}</strong> "
                f"{html.escape(week.advice)}</p>"
            )
        facts = [_("Pain trend: {trend}.").format(trend=trend_text(state.trend))]
        adherence = state.adherence
        if adherence is not None and adherence.share is not None:
            facts.append(
                _("Plan done in the week of {date}: {done} of {planned} days ({percent}%).").format(
                    date=day_text(adherence.week_start, today),
                    done=adherence.done,
                    planned=adherence.planned,
                    percent=round(100 * adherence.share),
                )
            )
        facts.append(_psfs_sentence(state.psfs))
        parts.append("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in facts) + "</ul>")

        parts.append(f"<h4>{_('Current plan')}</h4>")
        if plan is None:
            parts.append(f"<p>{_('No plan saved yet.')}</p>")
        else:
            current = "".join(f"<li>{html.escape(line)}</li>" for line in clinic.plan_summary(plan))
            when = day_text(plan.created.date(), today)
            saved = html.escape(_("Saved {date}.").format(date=when))
            parts.append(f"<p>{saved}</p><ul>{current}</ul>")
        from rollbook.ui.progress_view import progress_html

        parts.append(progress_html(self.store, profile, today))
        history = clinic.plan_history(plans, self.site_labels)
        if len(history) > 1:
            parts.append(f"<h4>{_('What changed between plans')}</h4>")
            for item in history:
                when = day_text(item.plan.created.date(), today)
                if item.first:
                    parts.append(f"<p><strong>{html.escape(when)}:</strong> {_('first plan.')}</p>")
                    continue
                body = "".join(f"<li>{html.escape(line)}</li>" for line in item.changes)
                parts.append(f"<p><strong>{html.escape(when)}:</strong></p><ul>{body}</ul>")

        parts.append(f"<h4>{_('Charts')}</h4>")
        parts.append(chart_html(charts.pain_chart(entries), css_class="rb-chart-pain"))
        parts.append(
            chart_html(
                charts.adherence_calendar(entries, today=today), css_class="rb-chart-adherence"
            )
        )
        parts.append(chart_html(charts.psfs_chart(psfs), css_class="rb-chart-psfs"))
        from rollbook.review_charts import lefs_chart

        if record.lefs:  # no empty chart: progress_html already says the LEFS is not filled in
            parts.append(chart_html(lefs_chart(record.lefs), css_class="rb-chart-lefs"))

        parts.append(_runs_html(record.runs, today))

        parts.append(f"<h4>{_('Notes')}</h4>")
        notes = [e for e in sorted(entries, key=lambda e: e.date, reverse=True) if e.note.strip()]
        if notes:
            items = "".join(
                f"<li><strong>{html.escape(day_text(e.date, today))}:</strong> {html.escape(e.note)}</li>"
                for e in notes[:20]
            )
            parts.append(f'<ul class="rb-notes">{items}</ul>')
        else:
            parts.append(f"<p>{_('No notes.')}</p>")
        return "".join(parts)

    def _on_report(self, _button: object = None) -> None:
        if self.profile is None:
            self.report_link.value = message_html(_("Choose a runner first."), "warn")
            return
        from rollbook.export.report import ReportData, build_report, report_filename

        today = self.today()
        try:
            record = read_runner(self.store, self.profile)
            data = ReportData(
                name=record.profile.name,
                entries=record.entries,
                psfs=record.psfs,
                plans=record.plans,
                today=today,
                site_labels=self.site_labels,
                runs=record.guard_runs(),  # judged as this page judges the runner
            )
            pdf = build_report(data)
        except (StoreError, OSError, ValueError) as exc:
            self.report_link.value = message_html(str(exc), "error", title=_("No report:"))
            return
        self.report_link.value = download_link_html(
            pdf,
            report_filename(self.profile.name, today),
            "application/pdf",
            _("Download the report for {name} (PDF)").format(name=self.profile.name),
        )


def _runs_html(runs: Sequence[Run], today: dt.date) -> str:
    """Runs per week and the longest run (from watch files), with the runs chart."""
    from rollbook.run_charts import runs_chart
    from rollbook.ui.runs_import import runs_facts_html

    chart = chart_html(runs_chart(runs, today=today), css_class="rb-chart-runs") if runs else ""
    heading = _("Runs from the watch")
    return f"<h4>{heading}</h4>" + runs_facts_html(runs, today=today) + chart


def _psfs_sentence(change: analytics.PsfsChange | None) -> str:
    if change is None:
        return _("PSFS: no scores yet.")
    if change.meaningful:
        text = _(
            "PSFS average {first} → {latest} ({change} points); "
            "the change meets the {mcid}-point MCID."
        )
    else:
        text = _(
            "PSFS average {first} → {latest} ({change} points); "
            "the change is below the {mcid}-point MCID."
        )
    return text.format(
        first=f"{change.first:.1f}",
        latest=f"{change.latest:.1f}",
        change=f"{change.change:+.1f}",
        mcid=f"{analytics.PSFS_MCID:g}",
    )
