"""The start page: the workbook as a list of cards."""

from __future__ import annotations

from IPython.display import HTML, display

from rollbook import workbook


def show_contents() -> None:
    """Display a card for every written page after the start page, in order."""
    pages = [p for p in workbook.written_pages() if not p.file.startswith("00_")]
    if not pages:
        display(HTML("<p>The other pages are still being written.</p>"))
        return
    display(HTML(workbook.cards_html(pages)))
