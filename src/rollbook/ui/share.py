"""Share files on the pages: "Share with my clinician" (page 05) and "Add or update a
runner from a share file" (page 06).

The format and its checks are in :mod:`rollbook.sharefile`; the merging rules in
:mod:`rollbook.store.sharing`. Everything from a file is shown as escaped text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook import sharefile
from rollbook.i18n import _, ngettext
from rollbook.records import Profile
from rollbook.sharefile import ShareData, ShareError, default_filename
from rollbook.store import NameTakenError, Store, StoreError, sharing
from rollbook.ui.controls import download_link, message_html, upload_bytes

Now = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def share_filename(name: str, day: dt.date) -> str:
    """Return the share file's name (the command line uses the same)."""
    return default_filename(name, day)


class ShareOut(widgets.VBox):  # type: ignore[misc]
    """Page 05: make a share file of the chosen runner, with or without notes."""

    def __init__(self, store: Store, *, now: Now = _utc_now) -> None:
        self.store = store
        self.now = now
        self.profile: Profile | None = None
        self.notes = widgets.Checkbox(
            description=_("Include my notes"), value=False, indent=False,
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.notes.add_class("rb-share-notes")
        self.button = widgets.Button(
            description=_("Make my share file"), icon="share", button_style="primary",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.button.add_class("rb-share-make")
        self.link = widgets.HTML()
        self.link.add_class("rb-share-link")
        heading = _("Share with my clinician")
        what = _(
            "Make one file with your plans, your "
            "log, your runs, your exercise sessions and your scores. Give it to your "
            "clinician, for example on "
            "a USB stick or by the clinic's secure upload. They add it to rollbook "
            "on their clinician page."
        )
        notes = _(
            "Your notes stay out of the file unless "
            "you tick the box. The file holds health details: do not post it or send "
            "it by plain email."
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{what}</p><p>{notes}</p>"),
                self.notes,
                widgets.HBox([self.button]),
                self.link,
            ]
        )
        self.add_class("rb-share")
        self.button.on_click(self._on_make)
        self.notes.observe(lambda _c: setattr(self.link, "value", ""), names="value")

    def set_profile(self, profile: Profile | None) -> None:
        """Show the section for ``profile`` (a file made for the last runner is dropped)."""
        self.profile = profile
        self.link.value = ""

    def _on_make(self, _button: object = None) -> None:
        if self.profile is None:
            self.link.value = message_html(_("Choose a runner first."), "warn")
            return
        notes = self.notes.value is True
        moment = self.now()
        try:
            data = sharing.export_data(self.store, self.profile, notes=notes, now=moment)
            raw = sharefile.encode(data)
        except (StoreError, ShareError) as exc:
            self.link.value = message_html(str(exc), "error", title=_("No file made:"))
            return
        days = len(data.log)
        if notes:
            ready = ngettext(
                "Your file is ready: {days} day of your log, with your notes. Download it, "
                "then give it to your clinician.",
                "Your file is ready: {days} days of your log, with your notes. Download it, "
                "then give it to your clinician.",
                days,
            )
        else:
            ready = ngettext(
                "Your file is ready: {days} day of your log, without notes. Download it, "
                "then give it to your clinician.",
                "Your file is ready: {days} days of your log, without notes. Download it, "
                "then give it to your clinician.",
                days,
            )
        link = download_link(
            raw, share_filename(self.profile.name, moment.date()), "application/gzip",
            _("Download your share file"),
        )  # fmt: skip
        self.link.value = link.value + message_html(ready.format(days=days), "ok")


class ShareIn(widgets.VBox):  # type: ignore[misc]
    """Page 06: add a runner from a share file, or bring the same runner up to date."""

    def __init__(self, store: Store, *, on_import: Callable[[Profile], None] | None = None) -> None:
        self.store = store
        self.on_import = on_import
        self._pending: ShareData | None = None
        self.upload = widgets.FileUpload(
            accept=".gz,.json", multiple=False, description=_("Choose share file"), icon="upload",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.upload.add_class("rb-share-upload")
        self.name = widgets.Text(
            description=_("Name here"), placeholder=_("Optional: a name or clinic code"),
            continuous_update=False, style={"description_width": "6rem"},
            layout=widgets.Layout(width="26rem", max_width="100%"),
        )  # fmt: skip
        self.name.add_class("rb-share-name")
        self.retry = widgets.Button(
            description=_("Add with this name"), icon="check", button_style="primary",
            layout=widgets.Layout(width="auto", display="none"),
        )  # fmt: skip
        self.retry.add_class("rb-share-retry")
        self.message = widgets.HTML()
        self.message.add_class("rb-share-msg")
        heading = _("Add or update a runner from a share file")
        how = _(
            "A runner makes a "
            "share file on their progress page. Choose it here. A new runner is "
            "added. A runner who is already here is brought up to date: they are "
            "found by the id in the file, not by name. Newer records here are never "
            "replaced, and nothing is deleted. A damaged or changed file is refused "
            "whole."
        )
        rename = _("To give the runner another name here, type it first.")
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{how}</p><p>{rename}</p>"),
                self.name,
                self.upload,
                widgets.HBox([self.retry]),
                self.message,
            ]
        )
        self.add_class("rb-share-in")
        self.upload.observe(self._on_upload, names="value")
        self.retry.on_click(self._on_retry)

    def _on_upload(self, change: dict[str, Any]) -> None:
        got = upload_bytes(change.get("new"))
        if got is None:
            return
        try:
            self.import_bytes(*got)
        finally:
            # Clear, so that the same file can be chosen again.
            self.upload.unobserve(self._on_upload, names="value")
            self.upload.value = ()
            self.upload.observe(self._on_upload, names="value")

    def import_bytes(self, filename: str, raw: bytes) -> None:
        """Check and import one uploaded file, and say what happened."""
        shown = filename[:80]
        self._pending = None
        self.retry.layout.display = "none"
        try:
            data = sharefile.decode(raw)
        except ShareError as exc:
            self.message.value = message_html(
                _("{file} was not imported: {problem}. Nothing was saved.").format(
                    file=shown, problem=exc
                ),
                "error",
            )
            return
        self._import(data)

    def _on_retry(self, _button: object = None) -> None:
        if self._pending is not None:
            self._import(self._pending)

    def _import(self, data: ShareData) -> None:
        as_name = self.name.value if isinstance(self.name.value, str) else ""
        try:
            result = sharing.import_data(self.store, data, as_name=as_name[:200] or None)
        except StoreError as exc:
            text = str(exc)
            if isinstance(exc, NameTakenError):  # the page offers another name
                self._pending = data
                self.retry.layout.display = None
                self.message.value = message_html(
                    _(
                        "Not added yet: {problem}. Type a name in “{field}”, then press “{button}”."
                    ).format(problem=text, field=_("Name here"), button=_("Add with this name")),
                    "warn",
                )
            else:
                self.message.value = message_html(
                    _("{problem}. Nothing was saved.").format(problem=text), "error"
                )

            return
        self._pending = None
        self.retry.layout.display = "none"
        self.name.value = ""
        tone = "ok" if result.changed else "info"
        self.message.value = message_html(result.summary(), tone)
        profile = sharing.find_runner(self.store, data.profile_id)
        if profile is not None and self.on_import is not None:
            self.on_import(profile)
