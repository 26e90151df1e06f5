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
    return shown + (f"<li>and {more} more</li>" if more > 0 else "")


def _skipped_html(read: ReadResult) -> str:
    lines = []
    for reason, names in group_skipped(read.skipped):
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lines.append(f"{len(names)} skipped: {reason} ({shown})")
    if read.other_files:
        lines.append(
            "1 other file in the export was left alone."
            if read.other_files == 1
            else f"{read.other_files} other files in the export were left alone."
        )
    return f'<ul class="rb-runs-skipped">{_items(lines)}</ul>' if lines else ""


def day_lines(saved: RunsSaved) -> list[str]:
    """One line per changed day: the distance before and after."""
    lines = []
    for change in saved.days:
        if change.km_before is None:
            lines.append(f"{short_date(change.date)}: new day, {_km(change.km_after)}")
        else:
            lines.append(
                f"{short_date(change.date)}: {_km(change.km_before)} → {_km(change.km_after)}"
            )
    return lines


def preview_html(read: ReadResult, preview: RunsSaved) -> str:
    """The summary shown before saving: runs to add, days that change, what was skipped."""
    parts = [f"<p><strong>Ready to save {preview.added} run{'s' if preview.added != 1 else ''}."]
    already = preview.already + read.already
    if already:
        parts.append(f" {already} of the runs found are already in your log.")
    parts.append("</strong></p>")
    if preview.days:
        parts.append(
            "<p>These days will change. Pain scores and notes you logged stay as they are; "
            "only the distance becomes the sum of the day's runs.</p>"
            f'<ul class="rb-runs-days">{_items(day_lines(preview))}</ul>'
        )
    return "".join(parts) + _skipped_html(read)


def runs_facts_html(runs: Sequence[Run], *, today: dt.date) -> str:
    """Runs per week for six weeks and the longest run, as a short list and table."""
    if not runs:
        return "<p>No runs imported from a watch yet.</p>"
    top = longest_run(runs)
    recent = longest_run(runs, today=today, days=30)
    facts = [f"{len(runs)} runs imported in all."]
    if top is not None:
        facts.append(
            f"Longest run: {top.km:.1f} km on {short_date(top.date)} ({top.minutes:.0f} min)."
        )
    if recent is not None and recent is not top:
        facts.append(
            f"Longest in the last 30 days: {recent.km:.1f} km on {short_date(recent.date)}."
        )
    rows = "".join(
        f"<tr><td>{html.escape(short_date(w.start))}</td><td>{w.runs}</td><td>{round(w.km, 1):g}</td>"
        f"<td>{round(w.longest_km, 1):g}</td></tr>"
        for w in run_weeks(runs, today=today)
    )
    return (
        "<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in facts) + "</ul>"
        '<div class="rb-table-wrap" role="region" tabindex="0" aria-label="Runs per week">'
        '<table class="rb-clinic-table rb-runs-weeks"><caption>Runs per week (Monday start)'
        '</caption><thead><tr><th scope="col">Week of</th><th scope="col">Runs</th>'
        '<th scope="col">Km</th><th scope="col">Longest run (km)</th></tr></thead>'
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
            accept=ACCEPT, multiple=True, description="Import runs", icon="upload",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.upload.add_class("rb-runs-upload")
        self.status = widgets.HTML()
        self.status.add_class("rb-runs-status")
        self.summary = widgets.HTML()
        self.summary.add_class("rb-runs-summary")
        self.save_button = widgets.Button(
            description="Save these runs",
            button_style="primary",
            icon="check",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button.add_class("rb-runs-save")
        self.cancel_button = widgets.Button(
            description="Cancel", layout=widgets.Layout(width="auto")
        )
        self.cancel_button.add_class("rb-runs-cancel")
        self.confirm = widgets.HBox(
            [self.save_button, self.cancel_button],
            layout=widgets.Layout(flex_flow="row wrap", display="none"),
        )
        self.chart = widgets.HTML()
        self.chart.add_class("rb-runs-chart")
        super().__init__(
            [
                widgets.HTML(
                    "<h3>Import runs from your watch</h3><p>Add runs from your watch or running "
                    "app: choose .gpx, .tcx or .fit files, or the .zip of a Strava or Garmin "
                    "export (up to 9 MB at a time). You will see what they hold before "
                    "anything is saved. Only runs are taken. rollbook keeps the date, distance, "
                    "time and climb of each run, never the map of where you ran.</p>"
                ),
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
            self.chart.value = message_html(str(exc), "error", title="Could not read the runs:")
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
            self.status.value = message_html("Choose a runner first.", "warn")
            return
        if self._worker is not None and self._worker.is_alive():
            self.status.value = message_html("Still reading the last files. Wait a moment.", "warn")
            return
        self._clear()
        size = sum(len(data) for _, data in files)
        if size > MAX_PAGE_UPLOAD_BYTES:
            self.status.value = message_html(
                f"These files are {size / 1_000_000:.0f} MB together; the page takes up to "
                f"{MAX_PAGE_UPLOAD_BYTES // 1_000_000} MB at a time. Choose fewer files, or use "
                "the command 'rollbook runs import'. Nothing was imported.", "error",
            )  # fmt: skip
            return
        profile = self.profile
        try:  # files already imported are counted, not read again
            known = frozenset(run.fingerprint for run in self.store.runs(profile))
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title="Nothing was imported:")
            return
        noun = "file" if len(files) == 1 else "files"
        self.status.value = message_html(f"Reading {len(files)} {noun}…", "info")
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
            self.status.value = message_html(read, "error", title="Nothing was imported:")
            return
        try:
            preview = None if not read.ok else self.store.preview_runs(profile, read.runs)
        except (StoreError, RecordError) as exc:
            self.status.value = message_html(str(exc), "error", title="Nothing was imported:")
            return
        self._show(read, preview)

    def _show(self, read: ReadResult, preview: RunsSaved | None) -> None:
        if preview is None:
            count = len(read.problems)
            self.status.value = (
                '<div class="rb-msg rb-msg-error" role="alert"><strong>Nothing was imported. '
                f"{'This file has a problem' if count == 1 else f'{count} files have problems'}"
                ". Fix or leave out the file and try again:</strong>"
                f'<ul class="rb-problems">{_items(read.problems)}</ul></div>'
            )
            return
        if preview.added == 0:
            found = (
                "All these runs are already in your log."
                if preview.already or read.already
                else ("No runs were found in these files.")
            )
            self.status.value = message_html(f"{found} Nothing new to save.", "info")
            self.summary.value = _skipped_html(read)
            return
        self.pending = list(read.runs)
        self.status.value = message_html("Check what will be saved, then press Save.", "info")
        self.summary.value = preview_html(read, preview)
        self.confirm.layout.display = "flex"

    # --- saving ---------------------------------------------------------------------

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None or not self.pending:
            return
        try:
            saved = self.store.add_runs(self.profile, self.pending, today=self.today())
        except StoreError as exc:
            self.status.value = message_html(str(exc), "error", title="Nothing was saved:")
            return
        self._clear()
        days = len(saved.days)
        self.status.value = message_html(
            f"Saved {saved.added} run{'s' if saved.added != 1 else ''}; "
            f"{days} day{'s' if days != 1 else ''} changed in your log.", "ok",
        )  # fmt: skip
        self.summary.value = f'<ul class="rb-runs-days">{_items(day_lines(saved))}</ul>'
        self.on_saved()
        self.refresh_chart()

    def _on_cancel(self, _button: object = None) -> None:
        self._clear()
        self.status.value = message_html("Nothing was saved.", "info")
