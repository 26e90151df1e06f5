"""Line drawings of every rolling position and exercise level, drawn from data.

The poses live in the content library (``poses.toml``); :mod:`rollbook.pictures.render`
draws them. Pages and the handout ask for a picture by the id stored in a plan
item's ``picture`` field, or by rolling target / exercise level.
"""

from __future__ import annotations

from rollbook.content import Library, Picture
from rollbook.i18n import _
from rollbook.pictures.render import picture_svg

__all__ = ["Picture", "find", "picture_svg", "print_svg", "svg_for", "title_for"]


def find(library: Library, picture_id: str) -> Picture | None:
    """The picture with id ``picture_id``, or None (ids from saved plans are not trusted)."""
    for picture in library.pictures.values():
        if picture.id == picture_id:
            return picture
    return None


def title_for(library: Library, picture: Picture) -> str:
    """``Calf`` or ``Calf raise, straight knee, level 2: One leg``."""
    if picture.target is not None:
        return library.target(picture.target).label
    exercise = library.exercise(str(picture.exercise))
    level = int(picture.level or 1)
    return _("{exercise}, level {level}: {name}").format(
        exercise=exercise.label, level=level, name=exercise.levels[level - 1].name
    )


def svg_for(
    library: Library,
    picture_id: str,
    *,
    side: str | None = None,
    animate: bool = False,
    uid: str = "",
    aspect: float = 0.0,
    for_print: bool = False,
) -> str:
    """Inline SVG for ``picture_id`` ("" when the id is unknown)."""
    picture = find(library, picture_id)
    if picture is None:
        return ""
    return picture_svg(
        picture,
        title=title_for(library, picture),
        side=side,
        animate=animate,
        uid=uid,
        aspect=aspect,
        for_print=for_print,
    )


def print_svg(library: Library, picture_id: str, aspect: float = 0.0) -> str:
    """The still SVG for fpdf2: presentation attributes only, no title or stylesheet.

    fpdf2 draws paths from presentation attributes; it does not read ``<style>`` and
    warns about ``<title>``/``<desc>`` (the handout's text says what each shows).
    """
    return svg_for(library, picture_id, aspect=aspect, for_print=True)
