"""An off-screen live region, so screen readers hear what changes on a page."""

from __future__ import annotations

import anywidget
import traitlets

from rollbook.ui.assets import widget_file


class Announcer(anywidget.AnyWidget):
    """An off-screen live region: set ``text`` and screen readers read it out."""

    _esm = widget_file("announce.js")
    _css = widget_file("announce.css")
    text = traitlets.Unicode("").tag(sync=True)
