"""The start page: the workbook as a list of cards."""

from __future__ import annotations

import ipywidgets as widgets

from rollbook import workbook
from rollbook.i18n import _


def contents() -> widgets.HTML:
    """Return a card for every written page after the start page, in order.

    An HTML *widget*, not a rich output: JupyterLab's output renderer intercepts
    clicks on relative links (it tries to open them as documents), which breaks
    navigation in Voila; a widget's HTML is left to the browser.
    """
    pages = [p for p in workbook.written_pages() if not p.file.startswith("00_")]
    if not pages:
        return widgets.HTML(f"<p>{_('The other pages are still being written.')}</p>")

    return widgets.HTML(workbook.cards_html(pages))
