"""A follow-up report as PDF (fpdf2): summary, charts and current plan on 1–2 pages.

Text is set in DejaVu Sans, taken from matplotlib's own data folder, so any name in
any script that DejaVu covers prints as typed and nothing is downloaded. Charts are
the same figures the pages show, saved as PNG.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rollbook import analytics, clinic, painmodel
from rollbook.dates import short_date
from rollbook.i18n import _
from rollbook.records import LogEntry, PsfsRecord, SavedPlan

if TYPE_CHECKING:
    from fpdf import FPDF

    from rollbook.charts import ChartResult

FONT = "DejaVu"
MAX_NOTES = 5
NOTE_CHARS = 220
MAX_PLAN_CHANGES = 3
_INK = (29, 42, 48)
_BRAND = (10, 79, 76)
_SOFT = (66, 82, 90)


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows for one runner."""

    name: str
    entries: Sequence[LogEntry]
    psfs: Sequence[PsfsRecord]
    plans: Sequence[SavedPlan]
    today: dt.date
    site_labels: Mapping[str, str] | None = None
    #: Single runs (day, km) for the load guard, watch runs included
    #: (``rollbook.runs.summary.load_runs``); None counts each logged day as one run.
    runs: Sequence[tuple[dt.date, float]] | None = None


def font_paths() -> tuple[Path, Path]:
    """Return DejaVu Sans regular and bold from matplotlib's bundled fonts."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


def action_text(action: str | None) -> str:
    """Return the pain model's action as printed in the report, e.g. ``Cut back (cut-back)``."""
    if action not in painmodel.ACTIONS:
        return _("no pain scores in the last 7 days")
    return f"{painmodel.action_info(action).label} ({action})"


def summary_lines(data: ReportData) -> list[str]:
    """Return the report's summary as plain lines (also used by tests and the page)."""
    plan = _current(data.plans)
    state = clinic.runner_status(data.entries, data.psfs, plan, today=data.today, runs=data.runs)
    past = sorted(e.date for e in data.entries if e.date <= data.today)
    lines = [
        _("Running advice now: {action_text}").format(
            action_text=action_text(state.week.action if state.week else None)
        )
    ]
    if state.week is not None:
        lines.append(_("Advice: {advice}").format(advice=state.week.advice))
        lines += [_("Why: {r}").format(r=r) for r in state.week.reasons]
    load = state.load
    if load and load.get("weekly_average_km") is not None:
        lines.append(
            _(
                "Load: {load:g} km in the last 7 days against a recent average of {load_2:g} km a week; longest run in 30 days {load_3:g} km"
            ).format(
                load=load["last_7_km"],
                load_2=load["weekly_average_km"],
                load_3=load["longest_run_km_30d"],
            )
            + (_("; load spike") if load.get("spike") else "")
        )
    if past:
        lines.append(
            _("Days logged: {past} ({short_date} to {short_date_2})").format(
                past=len(past), short_date=short_date(past[0]), short_date_2=short_date(past[-1])
            )
        )
    else:
        lines.append(_("Days logged: none yet"))
    lines.append(
        _("Pain trend (last 7 days against the 7 before): {trend}").format(trend=_(state.trend))
    )
    totals = state.totals
    lines.append(
        _(
            "Distance: {last_7:g} km in the last 7 days, {previous_7:g} km the week before, {last_28:g} km in 28 days"
        ).format(last_7=totals.last_7, previous_7=totals.previous_7, last_28=totals.last_28)
    )
    adherence = state.adherence
    if adherence is not None and adherence.share is not None:
        lines.append(
            _("Plan done, week of {short_date}: {done} of {planned} days ({amount}%)").format(
                short_date=short_date(adherence.week_start),
                done=adherence.done,
                planned=adherence.planned,
                amount=round(100 * adherence.share),
            )
        )
    if state.psfs is not None:
        p = state.psfs
        judged = (
            _("at or above the {PSFS_MCID:g}-point MCID").format(PSFS_MCID=analytics.PSFS_MCID)
            if p.meaningful
            else _("below the {PSFS_MCID:g}-point MCID").format(PSFS_MCID=analytics.PSFS_MCID)
        )
        lines.append(
            _(
                "PSFS average: {first:.1f} first, {latest:.1f} latest ({change:+.1f} points, {judged})"
            ).format(first=p.first, latest=p.latest, change=p.change, judged=judged)
        )
    else:
        lines.append(_("PSFS: no ratings yet"))
    return lines


def _current(plans: Sequence[SavedPlan]) -> SavedPlan | None:
    return max(plans, key=lambda p: (p.created, p.id)) if plans else None


def _png(result: ChartResult) -> bytes:
    buffer = io.BytesIO()
    result.figure.savefig(buffer, format="png", dpi=130, bbox_inches="tight")
    return buffer.getvalue()


class _Writer:
    """Small helpers over FPDF so the layout code reads top to bottom."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def heading(self, text: str, size: float = 13) -> None:
        self.pdf.set_font(FONT, "B", size)
        self.pdf.set_text_color(*_BRAND)
        self.pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)
        self.pdf.set_text_color(*_INK)

    def line(
        self, text: str, size: float = 10, bold: bool = False, colour: tuple[int, int, int] = _INK
    ) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(*_INK)

    def chart(self, result: ChartResult, width: float) -> None:
        pdf = self.pdf
        if result.empty:
            # Nothing plotted yet: the words, once, instead of a picture of them.
            self.line(f"{result.title}. {result.summary}", size=9, colour=_SOFT)
            pdf.ln(2)
            return
        png = _png(result)
        height = width * result.figure.get_figheight() / result.figure.get_figwidth()
        if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(
            io.BytesIO(png), x=pdf.l_margin, w=width, alt_text=f"{result.title}. {result.summary}"
        )
        self.line(result.summary, size=9, colour=_SOFT)
        pdf.ln(2)


def build_report(data: ReportData) -> bytes:
    """Return the follow-up report for one runner as PDF bytes."""
    from fpdf import FPDF

    from rollbook import charts

    regular, bold = font_paths()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_title(_("rollbook follow-up report: {name}").format(name=data.name))
    pdf.set_author("rollbook")
    pdf.set_creator("rollbook")
    pdf.set_lang("en")
    pdf.add_page()
    out = _Writer(pdf)

    out.heading(_("rollbook follow-up report"), size=16)
    out.line(_("Runner: {name}").format(name=data.name), size=12, bold=True)
    out.line(_("Report date: {short_date}").format(short_date=short_date(data.today)), colour=_SOFT)
    pdf.ln(2)

    out.heading(_("Summary"))
    for text in summary_lines(data):
        out.line(text)
    pdf.ln(2)

    width = pdf.w - pdf.l_margin - pdf.r_margin
    out.heading(_("Charts"))
    # Empty charts would only repeat "nothing yet" in a big box; one line says it.
    if data.entries:
        out.chart(charts.pain_chart(data.entries), width * 0.8)
    else:
        out.line(_("No days logged yet, so there are no pain or adherence charts."))
    if data.psfs:
        out.chart(charts.psfs_chart(data.psfs), width * 0.62)
    if data.entries:
        out.chart(charts.adherence_calendar(data.entries, today=data.today), width * 0.62)
    pdf.ln(1)

    out.heading(_("Current plan"))
    plan = _current(data.plans)
    lines = clinic.plan_summary(plan)
    if plan is None:
        out.line(_("No plan saved yet."))
    else:
        out.line(
            _("Saved {short_date}").format(short_date=short_date(plan.created.date())), colour=_SOFT
        )
        for text in lines or [_("The saved plan has no items.")]:
            out.line(f"• {text}")
    history = [h for h in clinic.plan_history(data.plans, data.site_labels) if not h.first]
    if history:
        pdf.ln(1)
        out.line(_("Changes between plans"), bold=True)
        for change in history[:MAX_PLAN_CHANGES]:
            out.line(f"{short_date(change.plan.created.date())}: {' '.join(change.changes)}")

    notes = [e for e in sorted(data.entries, key=lambda e: e.date, reverse=True) if e.note.strip()]
    if notes:
        pdf.ln(1)
        out.heading(_("Recent notes"))
        for entry in notes[:MAX_NOTES]:
            text = entry.note.strip()
            if len(text) > NOTE_CHARS:
                text = text[: NOTE_CHARS - 1] + "…"
            out.line(f"{short_date(entry.date)}: {text}")

    pdf.ln(2)
    out.line(
        _(
            "Zones follow the pain-monitoring model (Silbernagel 2007): pain up to 5/10 during "
            "or after a run is acceptable if it settles by the next morning and does not rise "
            "week to week. PSFS change is judged against a 2-point minimal clinically important "
            "difference. rollbook does not diagnose."
        ),
        size=8,
        colour=_SOFT,
    )
    return bytes(pdf.output())


def report_filename(name: str, today: dt.date) -> str:
    """Return a safe file name for the report, e.g. ``rollbook-report-Ann-2026-11-24.pdf``."""
    import re

    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:40] or "runner"
    return _("rollbook-report-{safe}-{day}.pdf").format(safe=safe, day=today.isoformat())
