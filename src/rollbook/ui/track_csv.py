"""Page 05's "Your log as a file": download the log as CSV, upload a CSV to add days.

The reading and checking of a CSV file is :mod:`rollbook.logcsv`'s; a file with a bad
row imports nothing, and each bad row is listed with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from rollbook.csvlimits import MAX_CSV_BYTES
from rollbook.records import LogEntry, Profile, RecordError
from rollbook.store import Store, StoreError
from rollbook.ui.controls import download_link_html, message_html, problems_html, upload_bytes

__all__ = ["MAX_UPLOAD_BYTES", "LogFile"]

#: Largest CSV upload accepted (a year of daily rows is about 40 kB).
MAX_UPLOAD_BYTES = MAX_CSV_BYTES

_FILE_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


class LogFile(widgets.VBox):  # type: ignore[misc]
    """A download link for the log and an upload button for a CSV file."""

    def __init__(
        self, store: Store, *, today: Callable[[], dt.date], on_saved: Callable[[], None]
    ) -> None:
        self.store = store
        self.today = today
        self.on_saved = on_saved
        self.profile: Profile | None = None
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
        self.msg = widgets.HTML()
        self.msg.add_class("rb-csv-msg")
        super().__init__(
            [
                widgets.HTML(
                    "<h3>Your log as a file</h3><p>Download your log as a CSV file to keep a "
                    "copy or open it in a spreadsheet. Upload a CSV file to add its days to "
                    "this runner's log. A day that is already here is replaced.</p>"
                ),
                self.download,
                self.upload,
                self.msg,
            ]
        )
        self.add_class("rb-csv")
        self.upload.observe(self._on_upload, names="value")

    def set_profile(self, profile: Profile | None) -> None:
        """Another runner (or none): forget the last message."""
        self.profile = profile
        self.msg.value = ""

    def show(self, entries: list[LogEntry]) -> None:
        """Offer the runner's log as a CSV file (once a day is logged)."""
        if not entries or self.profile is None:
            self.download.value = "<p>Log a day first, then you can download your log.</p>"
            return
        from rollbook import logcsv

        name = _FILE_SAFE.sub("-", self.profile.name).strip("-") or "runner"
        # Into the one HTML widget: a new widget per save would pile up (issue 15).
        self.download.value = download_link_html(
            logcsv.export_text(entries).encode("utf-8"),
            f"rollbook-log-{name[:40]}.csv",
            "text/csv",
            "Download your log (CSV)",
        )

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        got = upload_bytes(change.get("new"))
        if got is None:
            return
        name, data = got
        try:
            self.import_file(name, data)
        finally:
            # Clear so the same file can be chosen again after fixing it.
            self.upload.unobserve(self._on_upload, names="value")
            self.upload.value = ()
            self.upload.observe(self._on_upload, names="value")

    def import_file(self, name: str, data: bytes) -> None:
        """Add the days of the CSV file ``name`` to the runner's log, or say why not."""
        from rollbook import logcsv

        if self.profile is None:
            self.msg.value = message_html("Choose a runner first.", "warn")
            return
        if len(data) > MAX_UPLOAD_BYTES:
            self.msg.value = message_html(
                f"{name} is too big ({len(data) // 1000} kB). The limit is "
                f"{MAX_UPLOAD_BYTES // 1_000_000} MB. Nothing was imported.",
                "error",
            )
            return
        try:
            result = logcsv.import_csv(self.store, self.profile, data, today=self.today())
        except logcsv.CsvImportError as exc:
            self.msg.value = problems_html(
                f"Nothing was imported from {name}. Fix these rows and upload it again:",
                [f"Line {p.line}: {p.message}" for p in exc.problems],
            )
            return
        except (RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title="Nothing was imported:")
            return
        total = result.created + result.updated
        noun = "entry" if total == 1 else "entries"
        extra = f" ({result.updated} of them replaced a day already here)" if result.updated else ""
        self.on_saved()
        self.msg.value = message_html(f"Imported {total} {noun}{extra}.", "ok")
