"""A standalone HTML gallery of every picture, for educators reviewing the drawings.

``python -m rollbook.pictures.gallery artifacts/gallery.html`` (or ``make gallery``)
writes one self-contained file: each picture still (start, dashed end, arrows), moving,
and mirrored for the other side, with its id, owner and alt text. Runners never see
this page; nothing links to it.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from rollbook.content import Library, load_library
from rollbook.pictures import svg_for, title_for

_CSS = """
:root { --rb-ink:#1d2a30; --rb-ink-soft:#42525a; --rb-paper:#fff; --rb-brand:#0f6e6a;
  --rb-brand-dark:#0a4f4c; --rb-brand-tint:#e3f3f1; --rb-line:#d5dfdc; }
body { font-family: system-ui, sans-serif; color: var(--rb-ink); margin: 1.5rem; background:#f3f6f5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.card { background: var(--rb-paper); border: 1px solid var(--rb-line); border-radius: 10px; padding: 0.8rem; }
.card h3 { font-size: 1rem; margin: 0 0 0.2rem; }
.card code { font-size: 0.85rem; color: var(--rb-ink-soft); }
.row { display: flex; gap: 0.5rem; align-items: flex-end; }
.row figure { margin: 0; flex: 1 1 0; min-width: 0; }
.row svg { width: 100%; height: auto; max-height: 12rem; }
figcaption { font-size: 0.75rem; color: var(--rb-ink-soft); text-align: center; }
.alt { font-size: 0.9rem; line-height: 1.4; }
"""


def _card(library: Library, picture_id: str) -> str:
    picture = next(p for p in library.pictures.values() if p.id == picture_id)
    other = {"left": "right", "right": "left"}.get(picture.shows)
    cells = [("Still (print and reduced motion)", svg_for(library, picture_id, uid="-s"))]
    if picture.end is not None:
        cells.append(("Moving (roll-along)", svg_for(library, picture_id, animate=True, uid="-a")))
    if other:
        cells.append((f"Mirrored: {other} leg", svg_for(library, picture_id, side=other, uid="-m")))
    figures = "".join(
        f"<figure>{svg}<figcaption>{html.escape(label)}</figcaption></figure>"
        for label, svg in cells
    )
    shows = f" Shows the {picture.shows} leg." if other else ""
    return (
        f'<section class="card" id="{html.escape(picture_id)}">'
        f"<h3>{html.escape(title_for(library, picture))}</h3>"
        f"<code>{html.escape(picture_id)} · {html.escape(picture.owner())}</code>"
        f'<div class="row">{figures}</div>'
        f'<p class="alt"><strong>Alt text:</strong> {html.escape(picture.alt)}{shows}</p>'
        "</section>"
    )


def gallery_html(library: Library | None = None) -> str:
    """The whole gallery page as one HTML string (no outside files or requests)."""
    lib = library or load_library()
    pictures = list(lib.pictures.values())
    rolling = [p.id for p in pictures if p.target is not None]
    exercises = [p.id for p in pictures if p.exercise is not None]
    sections = [
        ("Rolling positions", rolling),
        ("Exercises, by level", exercises),
    ]
    body = "".join(
        f"<h2>{title} ({len(ids)})</h2><div class='grid'>"
        + "".join(_card(lib, pid) for pid in ids)
        + "</div>"
        for title, ids in sections
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>rollbook picture gallery</title><style>{_CSS}</style></head><body>"
        "<h1>rollbook picture gallery</h1>"
        "<p>Every drawing in the content library (<code>poses.toml</code>), for review. "
        "The dashed outline is the end position; arrows show the movement.</p>"
        f"<main>{body}</main></body></html>"
    )


def main(argv: list[str] | None = None) -> int:
    """Write the gallery to the path given (default ``artifacts/gallery.html``)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "artifacts/gallery.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(gallery_html(), encoding="utf-8")
    print(f"Wrote {out} ({len(load_library().pictures)} pictures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
