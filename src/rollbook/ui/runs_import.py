"""The "Import runs" part of the progress page: upload, check, show, then save on confirm.

Files are read in a background thread, so the page answers while a big export is
read. Nothing is saved until the runner presses the save button, and then all runs
are saved in one transaction (or none). Every name shown comes from the runner's
files and is escaped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from rollbook.dates import short_date
from rollbook.i18n import _, ngettext
from rollbook.records import Profile, RecordError
from rollbook.runs.importer import ReadResult, group_skipped, read_uploads
from rollbook.runs.record import Run, RunsSaved
from rollbook.runs.summary import longest_run, run_weeks
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html
from rollbook.ui.figures import chart_html

#: Largest upload taken on the page, all files together (a page message is capped at
#: about 10 MB by the server); bigger exports go through `rollbook runs import`.
MAX_PAGE_UPLOAD_BYTES = 9_000_000
#: How many changed days and problems are listed before "and N more".
MAX_LISTED = 20
ACCEPT = ".gpx,.tcx,.fit,.gz,.zip"


def upload_files(value: Any) -> list[tuple[str, bytes]]:
    """Return ``(name, bytes)`` for every file in a FileUpload value; odd shapes are dropped."""
    if not isinstance(value, (tuple, list)):
        return []
    files = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        content, name = item.get("content"), item.get("name")
        if isinstance(content, memoryview):
            data = content.tobytes()
        elif isinstance(content, (bytes, bytearray)):
            data = bytes(content)
        else:
            continue
        files.append((name[:200] if isinstance(name, str) and name else "upload", data))
    return files


def _km(value: float) -> str:
    return f"{round(value, 1):g} km"


def _items(lines: Sequence[str]) -> str:
    shown = "".join(f"<li>{html.escape(line)}</li>" for line in lines[:MAX_LISTED])
    more = len(lines) - MAX_LISTED
    more_text = html.escape(_("and {count} more").format(count=more))
    return shown + (f"<li>{more_text}</li>" if more > 0 else "")


def _skipped_html(read: ReadResult) -> str:
    lines = []
    for reason, names in group_skipped(read.skipped):
        shown = ", ".join(names[:3])
        if len(names) > 3:
            shown = _("{names} and {count} more").format(names=shown, count=len(names) - 3)
        lines.append(
            _("{count} skipped: {reason} ({names})").format(
                count=len(names), reason=reason, names=shown
            )
        )
    if read.other_files:
        lines.append(
            ngettext(
                "{count} other file in the export was left alone.",
                "{count} other files in the export were left alone.",
                read.other_files,
            ).format(count=read.other_files)
        )
    return f'<ul class="rb-runs-skipped">{_items(lines)}</ul>' if lines else ""


def day_lines(saved: RunsSaved) -> list[str]:
    """One line per changed day: the distance before and after."""
    lines = []
    for change in saved.days:
        if change.km_before is None:
            lines.append(
                _("{date}: new day, {km}").format(
                    date=short_date(change.date), km=_km(change.km_after)
                )
            )
        else:
            lines.append(
                f"{short_date(change.date)}: {_km(change.km_before)} → {_km(change.km_after)}"
            )
    return lines


def preview_html(read: ReadResult, preview: RunsSaved) -> str:
    """The summary shown before saving: runs to add, days that change, what was skipped."""
    ready = ngettext("Ready to save {count} run.", "Ready to save {count} runs.", preview.added)
    parts = [f"<p><strong>{ready.format(count=preview.added)}"]
    already = preview.already + read.already
    if already:
        found = _("{count} of the runs found are already in your log.").format(count=already)
        parts.append(f" {found}")
    parts.append("</strong></p>")
    if preview.days:
        change = _(
            "These days will change. Pain scores and notes you logged stay as they are; "
            "only the distance becomes the sum of the day's runs."
        )
        parts.append(f'<p>{change}</p><ul class="rb-runs-days">{_items(day_lines(preview))}</ul>')
    return "".join(parts) + _skipped_html(read)


def runs_facts_html(runs: Sequence[Run], *, today: dt.date) -> str:
    """Runs per week for six weeks and the longest run, as a short list and table."""
    if not runs:
        return f"<p>{_('No runs imported from a watch yet.')}</p>"
    top = longest_run(runs)
    recent = longest_run(runs, today=today, days=30)
    facts = [
        ngettext("{count} run imported in all.", "{count} runs imported in all.", len(runs)).format(
            count=len(runs)
        )
    ]
    if top is not None:
        facts.append(
            _("Longest run: {km} km on {date} ({minutes} min).").format(
                km=f"{top.km:.1f}", date=short_date(top.date), minutes=f"{top.minutes:.0f}"
            )
        )
    if recent is not None and recent is not top:
        facts.append(
            _("Longest in the last 30 days: {km} km on {date}.").format(
                km=f"{recent.km:.1f}", date=short_date(recent.date)
            )
        )
    rows = "".join(
        f"<tr><td>{html.escape(short_date(w.start))}</td><td>{w.runs}</td><td>{round(w.km, 1):g}</td>"
        f"<td>{round(w.longest_km, 1):g}</td></tr>"
        for w in run_weeks(runs, today=today)
    )
    heads = (_("Week of"), _("Runs"), _("Km"), _("Longest run (km)"))
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    label = html.escape(_("Runs per week"), quote=True)
    return (
        "<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in facts) + "</ul>"
        f'<div class="rb-table-wrap" role="region" tabindex="0" aria-label="{label}">'
        '<table class="rb-clinic-table rb-runs-weeks"><caption>'
        f"{html.escape(_('Runs per week (Monday start)'))}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


class RunsImport(widgets.VBox):  # type: ignore[misc]
    """Upload runs, see what they hold, and save them only when the runner says so."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[], None] = lambda: None,
        background: bool = True,
        tz: dt.tzinfo | None = None,
    ) -> None:
        self.store = store
        self.today = today
        self.on_saved = on_saved
        self.background = background
        self.tz = tz
        self.profile: Profile | None = None
        self.pending: list[Run] = []
        self._worker: threading.Thread | None = None

        self.upload = widgets.FileUpload(
            accept=ACCEPT, multiple=True, description=_("Import runs"), icon="upload",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.upload.add_class("rb-runs-upload")
        self.status = widgets.HTML()
        self.status.add_class("rb-runs-status")
        self.summary = widgets.HTML()
        self.summary.add_class("rb-runs-summary")
        self.save_button = widgets.Button(
            description=_("Save these runs"),
            button_style="primary",
            icon="check",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button.add_class("rb-runs-save")
        self.cancel_button = widgets.Button(
            description=_("Cancel"), layout=widgets.Layout(width="auto")
        )
        self.cancel_button.add_class("rb-runs-cancel")
        self.confirm = widgets.HBox(
            [self.save_button, self.cancel_button],
            layout=widgets.Layout(flex_flow="row wrap", display="none"),
        )
        self.chart = widgets.HTML()
        self.chart.add_class("rb-runs-chart")
        heading = _("Import runs from your watch")
        how = _(
            "Add runs from your watch or running "
            "app: choose .gpx, .tcx or .fit files, or the .zip of a Strava or Garmin "
            "export (up to 9 MB at a time). You will see what they hold before "
            "anything is saved. Only runs are taken. rollbook keeps the date, distance, "
            "time and climb of each run, never the map of where you ran."
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{how}</p>"),
                self.upload, self.status, self.summary, self.confirm, self.chart,
            ],
            layout=widgets.Layout(width="100%"),
        )  # fmt: skip
        self.add_class("rb-runs")
        self.upload.observe(self._on_upload, names="value")
        self.save_button.on_click(self._on_save)
        self.cancel_button.on_click(self._on_cancel)

    # --- runner ---------------------------------------------------------------------

    def set_profile(self, profile: Profile | None) -> None:
        """Show this runner's runs; anything read for the last runner is dropped."""
        self.profile = profile
        self._clear()
        self.status.value = ""
        self.refresh_chart()

    def refresh_chart(self) -> None:
        """Redraw the runs chart for the current runner (nothing when none are kept)."""
        if self.profile is None:
            self.chart.value = ""
            return
        try:
            runs = self.store.runs(self.profile)
        except StoreError as exc:
            self.chart.value = message_html(str(exc), "error", title=_("Could not read the runs:"))
            return
        if not runs:
            self.chart.value = ""
            return
        from rollbook.run_charts import runs_chart

        self.chart.value = chart_html(
            runs_chart(runs, today=self.today()), css_class="rb-chart-runs"
        )

    def _clear(self) -> None:
        self.pending = []
        self.summary.value = ""
        self.confirm.layout.display = "none"

    # --- reading --------------------------------------------------------------------

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        files = upload_files(change.get("new"))
        if not files:
            return
        # Clear the widget so the same files can be chosen again after a fix.
        self.upload.unobserve(self._on_upload, names="value")
        self.upload.value = ()
        self.upload.observe(self._on_upload, names="value")
        if self.profile is None:
            self.status.value = message_html(_("Choose a runner first."), "warn")
            return
        if self._worker is not None and self._worker.is_alive():
            self.status.value = message_html(
                _("Still reading the last files. Wait a moment."), "warn"
            )
            return
        self._clear()
        size = sum(len(data) for _name, data in files)
        if size > MAX_PAGE_UPLOAD_BYTES:
            self.status.value = message_html(
                _("These files are {size} MB together; the page takes up to {limit} MB at a "
                  "time. Choose fewer files, or use the command 'rollbook runs import'. Nothing "
                  "was imported.").format(
                    size=f"{size / 1_000_000:.0f}", limit=MAX_PAGE_UPLOAD_BYTES // 1_000_000
                ), "error",
            )  # fmt: skip
            return
        profile = self.profile
        try:  # files already imported are counted, not read again
            known = frozenset(run.fingerprint for run in self.store.runs(profile))
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title=_("Nothing was imported:"))
            return
        reading = ngettext("Reading {count} file…", "Reading {count} files…", len(files))
        self.status.value = message_html(reading.format(count=len(files)), "info")
        try:
            loop = asyncio.get_running_loop() if self.background else None
        except RuntimeError:  # no event loop (a plain script): read here and now
            loop = None
        if loop is None:
            self._finish(self._read(files, known), profile)
            return

        def work() -> None:
            read = self._read(files, known)
            # The store belongs to the kernel's thread: finish there.
            loop.call_soon_threadsafe(self._finish, read, profile)

        self._worker = threading.Thread(target=work, daemon=True)
        self._worker.start()

    def _read(self, files: list[tuple[str, bytes]], known: frozenset[str]) -> ReadResult | str:
        """Read the files (no store access, so it may run in another thread)."""
        try:
            return read_uploads(files, today=self.today(), tz=self.tz, known=known)
        except (ValueError, OSError) as exc:
            return str(exc)

    def _finish(self, read: ReadResult | str, profile: Profile) -> None:
        if self.profile is not profile:
            return  # the runner changed while the files were read
        if isinstance(read, str):
            self.status.value = message_html(read, "error", title=_("Nothing was imported:"))
            return
        try:
            preview = None if not read.ok else self.store.preview_runs(profile, read.runs)
        except (StoreError, RecordError) as exc:
            self.status.value = message_html(str(exc), "error", title=_("Nothing was imported:"))
            return
        self._show(read, preview)

    def _show(self, read: ReadResult, preview: RunsSaved | None) -> None:
        if preview is None:
            count = len(read.problems)
            head = _(
                "Nothing was imported. This file has a problem. Fix or leave out the file and "
                "try again:"
            )
            if count != 1:
                head = ngettext(
                    "Nothing was imported. {count} file has problems. Fix or leave out the "
                    "file and try again:",
                    "Nothing was imported. {count} files have problems. Fix or leave out the "
                    "file and try again:",
                    count,
                ).format(count=count)
            self.status.value = (
                f'<div class="rb-msg rb-msg-error" role="alert"><strong>{html.escape(head)}'
                f'</strong><ul class="rb-problems">{_items(read.problems)}</ul></div>'
            )
            return
        if preview.added == 0:
            if preview.already or read.already:
                found = _("All these runs are already in your log. Nothing new to save.")
            else:
                found = _("No runs were found in these files. Nothing new to save.")
            self.status.value = message_html(found, "info")
            self.summary.value = _skipped_html(read)
            return
        self.pending = list(read.runs)
        self.status.value = message_html(_("Check what will be saved, then press Save."), "info")
        self.summary.value = preview_html(read, preview)
        self.confirm.layout.display = "flex"

    # --- saving ---------------------------------------------------------------------

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None or not self.pending:
            return
        try:
            saved = self.store.add_runs(self.profile, self.pending, today=self.today())
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title=_("Nothing was saved:"))
            return
        self._clear()
        runs = ngettext("Saved {count} run;", "Saved {count} runs;", saved.added)
        days = ngettext(
            "{count} day changed in your log.", "{count} days changed in your log.", len(saved.days)
        )
        self.status.value = message_html(
            f"{runs.format(count=saved.added)} {days.format(count=len(saved.days))}", "ok"
        )
        self.summary.value = f'<ul class="rb-runs-days">{_items(day_lines(saved))}</ul>'
        self.on_saved()
        self.refresh_chart()

    def _on_cancel(self, _button: object = None) -> None:
        self._clear()
        self.status.value = message_html(_("Nothing was saved."), "info")
