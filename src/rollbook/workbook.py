"""The workbook's table of contents: which pages exist, in what order."""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rollbook import paths
from rollbook.i18n import _, ngettext


@dataclass(frozen=True)
class Page:
    """One page of the workbook."""

    file: str
    title: str
    blurb: str
    minutes: int
    #: More room on big screens, for a page whose tables need it (``wide = true``).
    wide: bool = False

    @property
    def number(self) -> int:
        """The page's place in the workbook, from its file name (``03_…`` is 3)."""
        prefix = self.file.split("_", 1)[0]
        return int(prefix) if prefix.isdigit() else 0

    @property
    def url(self) -> str:
        """Relative link from one rendered page to this one (works in Voila and Lab)."""
        return self.file


def all_pages(pages_file: Path | None = None) -> list[Page]:
    """Return every planned page, in reading order, written or not.

    ``pages.toml`` is read on every call (the preview shows a new page at once), from
    the checkout ``$ROLLBOOK_PROJECT`` names when it has one.
    """
    pages_file = pages_file or paths.package_source("pages.toml")
    with pages_file.open("rb") as fh:
        data = tomllib.load(fh)
    return [
        Page(
            file=str(p["file"]),
            title=str(p["title"]),
            blurb=str(p["blurb"]),
            minutes=int(p["minutes"]),
            wide=p.get("wide") is True,
        )
        for p in data.get("page", [])
    ]


def written_pages(notebooks: Path | None = None) -> list[Page]:
    """Return the pages whose notebook exists, in reading order."""
    folder = notebooks if notebooks is not None else paths.notebooks_dir()
    return [p for p in all_pages() if (folder / p.file).is_file()]


def _minutes(minutes: int) -> str:
    return ngettext("About {minutes} minute", "About {minutes} minutes", minutes).format(
        minutes=minutes
    )


def cards_html(pages: list[Page]) -> str:
    """Return the start page's list of page cards as HTML."""
    items = []
    for page in pages:
        items.append(
            "<li>"
            f'<a href="{html.escape(page.url)}">{page.number}. {html.escape(page.title)}</a>'
            f"<div>{html.escape(page.blurb)}</div>"
            f'<div class="rb-time">{html.escape(_minutes(page.minutes))}</div>'
            "</li>"
        )
    label = html.escape(_("Pages of the workbook"), quote=True)
    return f'<ul class="rb-cards" aria-label="{label}">{"".join(items)}</ul>'
