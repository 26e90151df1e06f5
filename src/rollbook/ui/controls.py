"""Accessible, phone-friendly controls shared by every page.

Stock ipywidgets sliders render a ``div[role=slider]`` that axe reports as unnamed
(``aria-input-field-name``, serious). :class:`LabelledSlider` is a native
``<input type="range">`` with a real ``<label>``, a visible value and
``aria-valuetext``; the browser gives it keyboard support (arrows, Home/End) and a
thumb large enough to tap. Values coming back from the browser are clamped here,
because a visitor can send any value over the widget channel.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import anywidget
import ipywidgets as widgets
import traitlets

from rollbook.i18n import _
from rollbook.store.base import StoreError
from rollbook.ui.assets import widget_file

if TYPE_CHECKING:
    from rollbook.records import Profile
    from rollbook.store.base import Store

_Choices = TypeVar("_Choices")


class LabelledSlider(anywidget.AnyWidget):
    """A whole-number slider with a visible, screen-reader label."""

    _esm = widget_file("range.js")
    _css = widget_file("range.css")

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(10).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    min_label = traitlets.Unicode("").tag(sync=True)
    max_label = traitlets.Unicode("").tag(sync=True)
    value_words = traitlets.Dict(default_value={}).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("value")
    def _clamp(self, proposal: dict[str, Any]) -> int:
        raw = proposal["value"]
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise traitlets.TraitError(f"{self.description or 'value'} must be a number")
        return max(self.min, min(self.max, int(raw)))


def pain_slider(description: str, value: int = 0) -> LabelledSlider:
    """Return a 0–10 pain slider with the ends explained in plain words."""
    return LabelledSlider(
        value=value,
        min=0,
        max=10,
        description=description,
        unit=_("out of 10"),
        min_label=_("0 no pain"),
        max_label=_("10 worst pain"),
    )


def download_link_html(data: bytes, filename: str, mime: str, label: str) -> str:
    """Return a download link with the file inside it, as HTML.

    Voila serves no files from the kernel, so the bytes travel as a data URI (keep
    payloads small: they sit in the widget state). Put it in an existing HTML widget
    rather than a new one, so a refresh replaces the bytes instead of adding a widget.
    """
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="rb-download" download="{html.escape(filename, quote=True)}" '
        f'href="data:{html.escape(mime, quote=True)};base64,{payload}">'
        f"{html.escape(label)}</a>"
    )


def download_link(data: bytes, filename: str, mime: str, label: str) -> widgets.HTML:
    """Return an HTML widget holding :func:`download_link_html`."""
    return widgets.HTML(download_link_html(data, filename, mime, label))


def close_widgets(old: Any, keep: Any = ()) -> None:
    """Close the widgets in ``old`` (and any box's children) that are not in ``keep``.

    A widget taken out of the page stays in the kernel, and in the browser, until it
    is closed; call this with a box's old children when replacing them. Each widget's
    own ``layout`` and ``style`` are closed with it (they are widgets too), unless a
    widget that stays open uses them as well.
    """
    kept = {id(w) for w in keep}
    doomed: dict[int, widgets.Widget] = {}

    def collect(items: Any) -> None:
        for item in list(items):
            if id(item) in kept or id(item) in doomed or not isinstance(item, widgets.Widget):
                continue
            doomed[id(item)] = item
            if isinstance(item, widgets.Box):
                collect(item.children)

    collect(old)
    if not doomed:
        return
    from ipywidgets.widgets.widget import _instances

    in_use = {
        id(part)
        for other in list(_instances.values())
        if id(other) not in doomed
        for part in (getattr(other, "layout", None), getattr(other, "style", None))
        if part is not None
    }
    for item in doomed.values():
        parts = [getattr(item, name, None) for name in ("layout", "style")]
        item.close()
        for part in parts:
            if isinstance(part, widgets.Widget) and id(part) not in in_use:
                part.close()


_TONES = {
    "info": ("rb-msg-info", "status"),
    "ok": ("rb-msg-ok", "status"),
    "warn": ("rb-msg-warn", "status"),
    "error": ("rb-msg-error", "alert"),
}


def message_html(text: str, tone: str = "info", *, title: str = "") -> str:
    """Return a styled, escaped message box; errors are announced as alerts."""
    css, role = _TONES.get(tone, _TONES["info"])
    heading = f"<strong>{html.escape(title)}</strong> " if title else ""
    return f'<div class="rb-msg {css}" role="{role}">{heading}{html.escape(text)}</div>'


#: How many problems an error box lists before "and N more".
MAX_LISTED_PROBLEMS = 30


def problems_html(title: str, problems: Sequence[str]) -> str:
    """Return an error box listing each problem (escaped), with "and N more" past the cap."""
    shown = problems[:MAX_LISTED_PROBLEMS]
    items = "".join(f"<li>{html.escape(p)}</li>" for p in shown)
    more = len(problems) - len(shown)
    if more > 0:
        items += f"<li>{html.escape(_('and {count} more').format(count=more))}</li>"
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


class RunnerForm(widgets.VBox):  # type: ignore[misc]
    """A form about the runner open on a page: the store, today, a message line, a callback.

    The scaffolding the forms of pages 05 and 06 share (the walk-run plan, a plan
    change, the LEFS). A form builds its fields, then calls :meth:`lay_out` with its
    heading and rows; the message line (class ``<css_class>-msg``) comes last.
    ``on_saved`` tells the page that something was saved, so it can redraw the runner.
    """

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[], None] | None = None,
        css_class: str,
    ) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.on_saved = on_saved
        self.profile: Profile | None = None
        self.msg = widgets.HTML()
        self.msg.add_class(f"{css_class}-msg")
        self.add_class(css_class)

    def lay_out(self, heading: str, *rows: widgets.Widget) -> None:
        """Show ``heading`` (HTML), the ``rows`` and the message line, in that order."""
        self.children = [widgets.HTML(heading), *rows, self.msg]

    def open_runner(
        self, profile: Profile | None, read: Callable[[Store, Profile, dt.date], _Choices | None]
    ) -> _Choices | None:
        """Take ``profile`` and read what the form offers for it; hidden when there is none.

        A store error shows in the message line (and hides the form).
        """
        self.profile = profile
        self.msg.value = ""
        choices = None
        if profile is not None:
            try:
                choices = read(self.store, profile, self.today())
            except StoreError as exc:
                self.msg.value = message_html(str(exc), "error")
        self.layout.display = "none" if choices is None else None
        return choices

    def tell_page(self) -> bool:
        """Call ``on_saved`` (the page redraws the runner, and this form with it), if given."""
        if self.on_saved is None:
            return False
        self.on_saved()
        return True


def reason_field() -> widgets.Text:
    """The short reason a clinician gives with a change (the runner reads it on page 05)."""
    return widgets.Text(
        description=_("Reason"),
        placeholder=_("A short reason the runner will read"),
        continuous_update=False,
        style={"description_width": "9rem"},
        layout=widgets.Layout(width="100%", max_width="40rem"),
    )


def change_saved_html(profile: Profile) -> str:
    """The message after a clinician's change is saved."""
    return message_html(
        _("Saved. {name} will see this change and your reason on page 05.").format(
            name=profile.name
        ),
        "ok",
    )
