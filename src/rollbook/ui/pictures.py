"""Exercise and rolling drawings on the pages: plan preview, roll-along and page 02.

Pages embed the SVG inline (Voila serves only allow-listed static files, and inline
SVG follows the page's ``--rb-*`` colours). Picture ids come from plan items, which
may be old or hand-edited saved data, so an id is only ever looked up in the content
library, never written into the page: an unknown id draws nothing.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from rollbook.content import Library, Site, load_library
from rollbook.i18n import N_, _
from rollbook.pictures import svg_for

SIDE_WORDS = {"left": N_("left leg"), "right": N_("right leg")}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def item_figure(picture_id: str, *, library: Library | None = None, uid: str = "") -> str:
    """A small still drawing for a plan row ("" when the id is unknown)."""
    svg = svg_for(library or load_library(), str(picture_id), uid=uid)
    return f'<figure class="rb-pic rb-pic-item">{svg}</figure>' if svg else ""


def roll_along_figure(target: str, side: str, *, library: Library | None = None) -> str:
    """The large moving drawing for one roll-along step, with a caption.

    ``side`` is the step's side ("left", "right", "both", "centre"); a one-sided
    drawing is mirrored to show that leg. The movement runs while the timer runs
    (the page adds ``rb-paused`` otherwise) and stays still for readers who ask
    for reduced motion: they see the arrows instead.
    """
    lib = library or load_library()
    picture = lib.pictures.get(target)
    if picture is None:
        return ""
    leg = side if side in SIDE_WORDS else None
    svg = svg_for(lib, picture.id, side=leg, animate=True, uid="-ra")
    caption = _("The arrows show the movement.")
    if leg and picture.shows != "both":
        shown = _("Shown on the {leg}.").format(leg=_(SIDE_WORDS[leg]))
        caption = f"{caption} {shown}"
    return (
        f'<figure class="rb-pic rb-pic-large">{svg}<figcaption>{_e(caption)}</figcaption></figure>'
    )


def set_running(box: widgets.Widget, running: bool) -> None:
    """Let the drawing in ``box`` move only while the timer runs."""
    if running:
        box.remove_class("rb-paused")
    else:
        box.add_class("rb-paused")


def site_pictures_html(site: Site, library: Library | None = None) -> str:
    """Drawings of what may help at ``site``: its rolling targets, then level 1 of each
    exercise, each captioned with its name (for page 02)."""
    lib = library or load_library()
    cells: list[tuple[str, str]] = []
    for target_id in site.roll:
        if target_id in lib.rolling:
            pic = lib.target_picture(target_id)
            label = lib.target(target_id).label
            cells.append((_("Rolling: {name}").format(name=label), pic.id))
    for exercise_id in site.strengthen:
        if exercise_id in lib.exercises:
            pic = lib.level_picture(exercise_id, 1)
            label = lib.exercise(exercise_id).label
            cells.append((_("Strength: {name}").format(name=label), pic.id))
    items = "".join(
        f'<li><figure class="rb-pic">{svg_for(lib, pid, uid=f"-{_e(site.id)}")}'
        f"<figcaption>{_e(name)}</figcaption></figure></li>"
        for name, pid in cells
    )
    label = _e(_("Drawings: what may help"))
    return f'<ul class="rb-site-pics" aria-label="{label}">{items}</ul>'
