"""The body map picture: the project's own SVG with chosen regions coloured.

Pure string work (no widgets, no matplotlib), so the PDF export, the widgets and
the tests share one drawing. The drawing lives in ``media/body.svg``; its header
comment documents the region scheme (one ``<g id="region-<id>">`` per region).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Literal

from rollbook import paths
from rollbook.chartstyle import PALETTE
from rollbook.content import models
from rollbook.i18n import _

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

#: The regions the map draws: the content library's list, so the two never differ.
REGIONS: tuple[str, ...] = models.REGIONS


View = Literal["front", "back", "both"]
VIEWS: tuple[str, ...] = ("front", "back", "both")

# Whole canvas is 400 x 450: front view on the left half, back view on the right.
_VIEWBOX: dict[str, tuple[int, int, int, int]] = {
    "front": (0, 0, 200, 450),
    "back": (200, 0, 200, 450),
    "both": (0, 0, 400, 450),
}

# Colours: Okabe-Ito, told apart by people with the common colour-vision types.
# A second cue (outline weight/colour) marks state, so colour is never the only one.
NEUTRAL_FILL = "#d3dcda"
NEUTRAL_STROKE = "#8a979c"
HIGHLIGHT_FILL = PALETTE["vermillion"]
SELECTED_FILL = PALETTE["blue"]
STATE_STYLE: dict[str, dict[str, str]] = {
    "neutral": {"fill": NEUTRAL_FILL, "stroke": NEUTRAL_STROKE, "stroke-width": "0.9"},
    "highlighted": {"fill": HIGHLIGHT_FILL, "stroke": PALETTE["ink"], "stroke-width": "1.2"},
    "selected": {"fill": SELECTED_FILL, "stroke": PALETTE["ink"], "stroke-width": "1.8"},
    "both": {"fill": SELECTED_FILL, "stroke": HIGHLIGHT_FILL, "stroke-width": "2.6"},
}


def svg_path() -> str:
    """Return the file path of the source drawing."""
    return str(paths.media_dir() / "body.svg")


@functools.lru_cache(maxsize=1)
def _source() -> str:
    with open(svg_path(), encoding="utf-8") as fh:
        return fh.read()


@functools.lru_cache(maxsize=1)
def region_labels() -> dict[str, str]:
    """Return ``{region id: plain label}`` as written in the drawing's ``<title>`` tags."""
    root = ET.fromstring(_source())
    labels: dict[str, str] = {}
    for group in root.iter(f"{{{SVG_NS}}}g"):
        rid = group.get("data-region")
        if rid:
            title = group.find(f"{{{SVG_NS}}}title")
            labels[rid] = (title.text or rid).strip() if title is not None else rid
    return labels


def _ids(values: Iterable[str], what: str) -> frozenset[str]:
    # A bare string is one id, not a sequence of letters.
    items = [values] if isinstance(values, str) else list(values)
    unknown = sorted({str(v) for v in items if v not in REGIONS})
    if unknown:
        raise ValueError(
            _("unknown body region in {what}: {names}; allowed: {join_2}").format(
                what=what, names=", ".join(unknown), join_2=", ".join(REGIONS)
            )
        )
    return frozenset(items)


def _label(rid: str) -> str:
    text = region_labels().get(rid, rid.replace("-", " "))
    # Lower-case the first letter for use mid-sentence, but keep acronyms like "TFL".
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def alt_text(highlight: Iterable[str] = (), selected: Iterable[str] = ()) -> str:
    """Return a plain sentence describing the map and naming the marked areas."""
    hi = _ids(highlight, "highlight")
    sel = _ids(selected, "selected")
    parts = [_("A body outline seen from the front and the back.")]
    if sel:
        parts.append(
            _("Areas you picked (blue): {names}.").format(
                names=_join([_label(r) for r in REGIONS if r in sel])
            )
        )
    if hi:
        parts.append(
            _("Areas marked (orange-red): {names}.").format(
                names=_join([_label(r) for r in REGIONS if r in hi])
            )
        )
    if not sel and not hi:
        parts.append(_("No areas are marked."))
    return " ".join(parts)


def _state(rid: str, hi: frozenset[str], sel: frozenset[str]) -> str:
    if rid in hi and rid in sel:
        return "both"
    if rid in sel:
        return "selected"
    if rid in hi:
        return "highlighted"
    return "neutral"


def body_svg(
    highlight: Iterable[str] = (),
    *,
    selected: Iterable[str] = (),
    view: View = "both",
    title: str = _("Body map"),
    width: int | None = None,
    for_pdf: bool = False,
) -> str:
    """Return a standalone, accessible SVG of the body map.

    ``highlight`` regions are filled orange-red, ``selected`` ones blue, the rest
    grey. ``view`` crops to one side; ``width`` sets the pixel width (height keeps
    the aspect ratio). ``for_pdf`` leaves out the ``<title>``/``<desc>`` tags that
    fpdf2 would log a warning for (the PDF carries its own caption). Unknown
    region ids or views raise ``ValueError``.
    """
    if view not in _VIEWBOX:
        raise ValueError(
            _("unknown view {view!r}; allowed: {names}").format(view=view, names=", ".join(VIEWS))
        )
    if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width <= 0):
        raise ValueError(
            _("width must be a positive whole number of pixels, not {width!r}").format(width=width)
        )
    hi = _ids(highlight, "highlight")
    sel = _ids(selected, "selected")

    root = ET.fromstring(_source())
    x, y, w, h = _VIEWBOX[view]
    if view != "both":
        _drop_other_view(root, view)
    root.set("viewBox", f"{x} {y} {w} {h}")
    out_w = width if width is not None else w
    root.set("width", str(out_w))
    root.set("height", str(round(out_w * h / w)))
    root.set("preserveAspectRatio", _("xMidYMid meet"))
    description = alt_text(hi, sel)
    root.set("role", "img")
    root.set("aria-label", f"{title}. {description}")
    root.set("class", "rb-bodymap-svg")
    # Scale down with the container in HTML; ignored by PDF renderers.
    root.set("style", "max-width:100%;height:auto")

    if for_pdf:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag in (f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}desc"):
                    parent.remove(child)
    else:
        title_el = ET.Element(f"{{{SVG_NS}}}title")
        title_el.text = title
        desc_el = ET.Element(f"{{{SVG_NS}}}desc")
        desc_el.text = description
        root.insert(0, desc_el)
        root.insert(0, title_el)

    for group in root.iter(f"{{{SVG_NS}}}g"):
        rid = group.get("data-region")
        if not rid:
            continue
        state = _state(rid, hi, sel)
        for key, value in STATE_STYLE[state].items():
            group.set(key, value)
        group.set("data-state", state)
        extra = {"highlighted": " is-highlighted", "selected": " is-selected"}
        cls = _("rb-region region-{rid}").format(rid=rid)
        if state == "both":
            cls += extra["highlighted"] + extra["selected"]
        elif state in extra:
            cls += extra[state]
        group.set("class", cls)
    return ET.tostring(root, encoding="unicode")


def _drop_other_view(root: ET.Element, view: str) -> None:
    # Remove rather than clip: not every SVG consumer (e.g. fpdf2) clips to the viewBox.
    for parent in list(root.iter()):
        for child in list(parent):
            child_view = child.get("data-view")
            if child_view is not None and child_view != view:
                parent.remove(child)
