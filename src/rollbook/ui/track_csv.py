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
from rollbook.i18n import _, ngettext
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
            description=_("Upload CSV"),
            icon="upload",
            layout=widgets.Layout(width="auto"),
        )
        self.upload.add_class("rb-csv-upload")
        self.msg = widgets.HTML()
        self.msg.add_class("rb-csv-msg")
        heading = _("Your log as a file")
        text = _(
            "Download your log as a CSV file to keep a "
            "copy or open it in a spreadsheet. Upload a CSV file to add its days to "
            "this runner's log. A day that is already here is replaced."
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{text}</p>"),
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
            self.download.value = f"<p>{_('Log a day first, then you can download your log.')}</p>"
            return
        from rollbook import logcsv

        name = _FILE_SAFE.sub("-", self.profile.name).strip("-") or "runner"
        # Into the one HTML widget: a new widget per save would pile up (issue 15).
        self.download.value = download_link_html(
            logcsv.export_text(entries).encode("utf-8"),
            f"rollbook-log-{name[:40]}.csv",
            "text/csv",
            _("Download your log (CSV)"),
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
            self.msg.value = message_html(_("Choose a runner first."), "warn")
            return
        if len(data) > MAX_UPLOAD_BYTES:
            self.msg.value = message_html(
                _(
                    "{name} is too big ({size} kB). The limit is {limit} MB. Nothing was imported."
                ).format(name=name, size=len(data) // 1000, limit=MAX_UPLOAD_BYTES // 1_000_000),
                "error",
            )
            return
        try:
            result = logcsv.import_csv(self.store, self.profile, data, today=self.today())
        except logcsv.CsvImportError as exc:
            self.msg.value = problems_html(
                _("Nothing was imported from {name}. Fix these rows and upload it again:").format(
                    name=name
                ),
                [
                    _("Line {line}: {problem}").format(line=p.line, problem=p.message)
                    for p in exc.problems
                ],
            )
            return
        except (RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Nothing was imported:"))
            return
        total = result.created + result.updated
        if result.updated:
            text = ngettext(
                "Imported {total} entry ({updated} of them replaced a day already here).",
                "Imported {total} entries ({updated} of them replaced a day already here).",
                total,
            )
        else:
            text = ngettext("Imported {total} entry.", "Imported {total} entries.", total)
        self.on_saved()
        self.msg.value = message_html(text.format(total=total, updated=result.updated), "ok")
