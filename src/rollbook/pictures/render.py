"""Draw a :class:`~rollbook.content.picture_models.Picture` as SVG, in one shared style.

Every body segment is a round-capped tube: a wide dark stroke with a narrower light
stroke on top, so the figure reads as a line drawing at any size and in black and
white. Limbs on the far side are grey, the near side white. Where the picture has
an end position it is drawn behind the start as a dashed outline, with arrows for
the movement. With ``animate=True`` the figure also moves between the two positions
(CSS animation of the path data); the dashed outline stays for browsers that cannot
animate paths and for people who ask for reduced motion.

Colours are presentation attributes (so the PDF handout and any SVG viewer draw
them) and CSS classes that follow the workbook's ``--rb-*`` colours on screen.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

from rollbook.content.picture_models import Arrow, Picture, Prop
from rollbook.pictures.figure import Tube, joints, mirrored, tubes

LINE = 1.1  # outline width, body units
SCALE = 3.0  # CSS pixels per body unit for the width/height attributes

#: class -> (attribute, default colour). Screen CSS maps each class to a --rb-* colour.
COLOURS: dict[str, str] = {
    "ink": "#1d2a30",
    "skin": "#ffffff",
    "far-ink": "#52626a",
    "far-skin": "#d9e3e0",
    "ghost": "#52626a",
    "prop-ink": "#0a4f4c",
    "prop-fill": "#e3f3f1",
    "ball": "#0f6e6a",
    "arrow": "#c2410c",
    "floor": "#6f7d83",
}

STYLE = """
.rbp{overflow:visible}
.rbp .rbp-ink{stroke:var(--rb-ink,#1d2a30)}
.rbp .rbp-skin{stroke:var(--rb-paper,#ffffff)}
.rbp .rbp-far-ink{stroke:var(--rb-ink-soft,#52626a)}
.rbp .rbp-ghost{stroke:var(--rb-ink-soft,#52626a)}
.rbp .rbp-prop-ink{stroke:var(--rb-brand-dark,#0a4f4c)}
.rbp .rbp-prop-fill{fill:var(--rb-brand-tint,#e3f3f1)}
.rbp .rbp-ball{fill:var(--rb-brand,#0f6e6a)}
.rbp .rbp-floor{stroke:var(--rb-ink-soft,#6f7d83)}
.rbp .rbp-eye{fill:var(--rb-ink,#1d2a30)}
"""


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _seg(tube: Tube) -> str:
    (ax, ay), (bx, by) = tube.a, tube.b
    return f"M{_n(ax)} {_n(-ay)}L{_n(bx)} {_n(-by)}"


def _stroke(d: str, colour: str, width: float, extra: str = "", css: str = "") -> str:
    cls = f' class="rbp-{colour}{" " + css if css else ""}"'
    return (
        f'<path{cls} d="{d}" fill="none" stroke="{COLOURS[colour]}" '
        f'stroke-width="{_n(width)}" stroke-linecap="round" stroke-linejoin="round"'
        f"{extra}/>"
    )


def _stadium(tube: Tube) -> str:
    """The outline of ``tube`` as one closed path (for print: one shape, not two)."""
    (ax, ay), (bx, by) = tube.a, tube.b
    length = math.hypot(bx - ax, by - ay) or 1.0
    r = tube.width / 2
    nx, ny = -(by - ay) / length * r, (bx - ax) / length * r
    pts = [(ax + nx, ay + ny), (bx + nx, by + ny), (bx - nx, by - ny), (ax - nx, ay - ny)]
    (p0, p1, p2, p3) = [(_n(x), _n(-y)) for x, y in pts]
    arc = f"A{_n(r)} {_n(r)} 0 0 1"
    return (
        f"M{p0[0]} {p0[1]}L{p1[0]} {p1[1]}{arc} {p2[0]} {p2[1]}L{p3[0]} {p3[1]}"
        f"{arc} {p0[0]} {p0[1]}Z"
    )


def _tube_print(tube: Tube, ghost: bool) -> str:
    if tube.layer == "prop" and not ghost:
        return _stroke(_seg(tube), "prop-ink", tube.width)
    ink, skin = {
        "far": ("far-ink", "far-skin"),
        "pack": ("prop-ink", "prop-fill"),
        "between": ("prop-ink", "prop-fill"),
    }.get(tube.layer, ("ink", "skin"))
    if ghost:
        ink, skin = "ghost", "skin"
    dash = ' stroke-dasharray="3 2"' if ghost else ""
    return (
        f'<path d="{_stadium(tube)}" fill="{COLOURS[skin]}" stroke="{COLOURS[ink]}" '
        f'stroke-width="{_n(LINE)}" stroke-linejoin="round"{dash}/>'
    )


def _tube_pair(tube: Tube, ghost: bool, anim: str = "", for_print: bool = False) -> list[str]:
    """Outline then fill of one tube; ``anim`` is the class that moves it."""
    if for_print:
        return [_tube_print(tube, ghost)]
    d = _seg(tube)
    if ghost:
        ink, skin, extra = "ghost", "skin", ' stroke-dasharray="3 2"'
    elif tube.layer == "far":
        ink, skin, extra = "far-ink", "far-skin", ""
    elif tube.layer in ("pack", "between"):
        ink, skin, extra = "prop-ink", "prop-fill", ""
    else:
        ink, skin, extra = "ink", "skin", ""
    if tube.layer == "prop" and not ghost:
        return [_stroke(d, "prop-ink", tube.width, css=anim)]
    return [
        _stroke(d, ink, tube.width + 2 * LINE, extra, anim),
        _stroke(d, skin, tube.width, "", anim),
    ]


def _order(items: list[Tube]) -> list[Tube]:
    rank = {"far": 0, "pack": 1, "body": 2, "between": 3, "near": 4, "prop": 5}
    # Within a layer: legs before arms, so a near arm lies over a near thigh.
    return sorted(items, key=lambda t: (rank[t.layer], "arm" in t.key))


def _arrow(arrow: Arrow, flip: bool) -> tuple[str, list[tuple[float, float]]]:
    sx, sy = arrow.start
    ex, ey = arrow.end
    if flip:
        sx, ex = -sx, -ex
    mx, my = (sx + ex) / 2, (sy + ey) / 2
    length = math.hypot(ex - sx, ey - sy) or 1.0
    nx, ny = -(ey - sy) / length, (ex - sx) / length
    bend = -arrow.bend if flip else arrow.bend
    cx, cy = mx + nx * bend * length, my + ny * bend * length
    parts = []
    heads = [((ex, ey), (cx, cy))] + ([((sx, sy), (cx, cy))] if arrow.both else [])
    trimmed = {}
    for (px, py), (qx, qy) in heads:
        ux, uy = px - qx, py - qy
        norm = math.hypot(ux, uy) or 1.0
        ux, uy = ux / norm, uy / norm
        head, half = 4.6, 2.8
        bx, by = px - ux * head, py - uy * head
        trimmed[(px, py)] = (px - ux * head * 0.6, py - uy * head * 0.6)
        pts = [(px, py), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
        poly = " ".join(f"{_n(x)},{_n(-y)}" for x, y in pts)
        parts.append(
            f'<polygon class="rbp-arrow-head" points="{poly}" '
            f'fill="{COLOURS["arrow"]}" stroke="none"/>'
        )
    (sx2, sy2), (ex2, ey2) = trimmed.get((sx, sy), (sx, sy)), trimmed[(ex, ey)]
    d = f"M{_n(sx2)} {_n(-sy2)}Q{_n(cx)} {_n(-cy)} {_n(ex2)} {_n(-ey2)}"
    dash = ' stroke-dasharray="2 1.6"' if arrow.slow else ""
    line = (
        f'<path class="rbp-arrow" d="{d}" fill="none" stroke="{COLOURS["arrow"]}" '
        f'stroke-width="1.9" stroke-linecap="round"{dash}/>'
    )
    points = [(sx, sy), (ex, ey), (cx, cy)]
    return line + "".join(parts), points


def _ground_prop(prop: Prop, flip: bool) -> tuple[str, list[tuple[float, float]]]:
    """Props that stay put: roller, ball, towel, step, bench, cushion, wall."""
    sign = -1.0 if flip else 1.0
    at = prop.at or [0.0, 0.0]
    x, y = at[0] * sign, at[1]
    ink, fill = COLOURS["prop-ink"], COLOURS["prop-fill"]
    if prop.kind == "roller" and prop.size:  # seen from above: a long rounded box
        w, h = prop.size
        return (
            (
                f'<rect class="rbp-prop-ink rbp-prop-fill" x="{_n(x - w / 2)}" '
                f'y="{_n(-(y + h / 2))}" width="{_n(w)}" height="{_n(h)}" rx="{_n(h / 2)}" '
                f'fill="{fill}" stroke="{ink}" stroke-width="{LINE}"/>'
            ),
            [(x - w / 2, y - h / 2), (x + w / 2, y + h / 2)],
        )
    if prop.kind in ("roller", "ball", "towel"):
        r = {"roller": 4.6, "ball": 2.4, "towel": 2.2}[prop.kind]
        cy = y if prop.at and prop.at[1] else r
        face = "ball" if prop.kind == "ball" else "prop-fill"
        svg = (
            f'<circle class="rbp-prop-ink rbp-{face}" cx="{_n(x)}" cy="{_n(-cy)}" '
            f'r="{_n(r)}" fill="{COLOURS[face]}" stroke="{ink}" stroke-width="{LINE}"/>'
        )
        if prop.kind == "roller":  # the end of a cylinder: an inner ring
            svg += (
                f'<circle class="rbp-prop-ink" cx="{_n(x)}" cy="{_n(-cy)}" r="1.5" '
                f'fill="none" stroke="{ink}" stroke-width="{_n(LINE * 0.8)}"/>'
            )
        return svg, [(x - r, cy - r), (x + r, cy + r)]
    if prop.kind == "wall":
        d = f"M{_n(x)} 0V-112"
        hatch = "".join(f"M{_n(x)} {_n(-h)}l{_n(3 * sign)} -3" for h in range(4, 112, 8))
        return (
            (
                f'<path class="rbp-prop-ink" d="{d}{hatch}" fill="none" stroke="{ink}" '
                f'stroke-width="{LINE}"/>'
            ),
            [(x, 0), (x + 3 * sign, 112)],
        )
    w, h = prop.size or [10.0, 5.0]
    left = x if not flip else x - w
    top = y + h
    if prop.kind == "bench":  # a top board on two legs
        d = (
            f"M{_n(left)} {_n(-top)}h{_n(w)}v3h{_n(-w)}Z"
            f"M{_n(left + 2)} {_n(-top + 3)}V{_n(-y)}M{_n(left + w - 2)} {_n(-top + 3)}V{_n(-y)}"
        )
        return (
            (
                f'<path class="rbp-prop-ink rbp-prop-fill" d="{d}" fill="{fill}" stroke="{ink}" '
                f'stroke-width="{LINE}" stroke-linejoin="round"/>'
            ),
            [(left, y), (left + w, top)],
        )
    rx = "2" if prop.kind == "cushion" else "0.6"
    return (
        (
            f'<rect class="rbp-prop-ink rbp-prop-fill" x="{_n(left)}" y="{_n(-top)}" '
            f'width="{_n(w)}" height="{_n(h)}" rx="{rx}" fill="{fill}" stroke="{ink}" '
            f'stroke-width="{LINE}"/>'
        ),
        [(left, y), (left + w, top)],
    )


def _eye(picture: Picture, flip: bool) -> str:
    """An open eye (a dot) or a closed one (a short curve) on the face of the start pose."""
    if picture.eyes == "none":
        return ""
    j = joints(picture.start)
    (hx, hy), (sx, sy) = j["head"], j["shoulder"]
    norm = math.hypot(hx - sx, hy - sy) or 1.0
    ux, uy = (hx - sx) / norm, (hy - sy) / norm
    fx, fy = uy, -ux  # the face looks a quarter turn clockwise from the neck
    ex, ey = hx + fx * 3.0 + ux * 1.2, hy + fy * 3.0 + uy * 1.2
    if flip:
        ex = -ex
    ink = COLOURS["ink"]
    if picture.eyes == "open":
        return f'<circle class="rbp-eye" cx="{_n(ex)}" cy="{_n(-ey)}" r="1" fill="{ink}"/>'
    return (
        f'<path class="rbp-ink" d="M{_n(ex - 1.3)} {_n(-ey)}Q{_n(ex)} {_n(-ey + 1)} '
        f'{_n(ex + 1.3)} {_n(-ey)}" fill="none" stroke="{ink}" stroke-width="0.8" '
        'stroke-linecap="round"/>'
    )


def _bounds(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def picture_svg(
    picture: Picture,
    *,
    title: str,
    side: str | None = None,
    animate: bool = False,
    uid: str = "",
    aspect: float = 0.0,
    for_print: bool = False,
) -> str:
    """The SVG for ``picture``; ``side`` "left"/"right" mirrors it for that leg.

    ``title`` names the picture (``<title>``); the alt text goes in ``<desc>`` and
    ``aria-label``. ``uid`` keeps animation names unique when one page shows the
    same picture twice. ``aspect`` (width / height) pads the drawing into a frame of
    that shape, floor at the bottom, so a table of pictures lines up. ``for_print``
    draws each body part as one shape, without classes or stylesheet, which fpdf2
    turns into PDF paths several times faster.
    """
    flip = (
        side in ("left", "right") and picture.shows in ("left", "right") and side != picture.shows
    )
    front = picture.view == "front"
    start = _order(tubes(picture.start, picture.props, front))
    end = _order(tubes(picture.end, picture.props, front)) if picture.end is not None else []
    if flip:
        start = [mirrored(t) for t in start]
        end = [mirrored(t) for t in end]
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    for tube in (*start, *end):
        pad = tube.width / 2 + LINE
        points += [
            (tube.a[0] - pad, tube.a[1] - pad),
            (tube.b[0] + pad, tube.b[1] + pad),
            (tube.a[0] + pad, tube.a[1] + pad),
            (tube.b[0] - pad, tube.b[1] - pad),
        ]
    ground, ground_after_far, on_top = [], [], []
    for prop in picture.props:
        if prop.kind in ("band", "weight", "backpack") or (prop.kind == "ball" and prop.joints):
            continue
        svg, box = _ground_prop(prop, flip)
        if prop.kind == "towel":
            on_top.append(svg)
        elif prop.kind in ("roller", "ball"):
            ground_after_far.append(svg)
        else:
            ground.append(svg)
        points += box
    arrows = []
    for arrow in picture.arrows:
        svg, box = _arrow(arrow, flip)
        arrows.append(svg)
        points += [(x + dx, y + dy) for x, y in box for dx in (-3, 3) for dy in (-3, 3)]
    x0, y0, x1, y1 = _bounds(points)
    x0, x1 = x0 - 3, x1 + 3
    y0, y1 = min(y0, 0.0) - 2, y1 + 2
    if aspect:  # widen or heighten the box (centred) so every picture fits one frame
        width, height = x1 - x0, y1 - y0
        if width / height < aspect:
            grow = (height * aspect - width) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            y1 += width / aspect - height
    width, height = x1 - x0, y1 - y0
    key = f"rbp-{picture.id}{uid}"
    moving = animate and bool(end)
    body = []
    # A rolling picture is still without its end position: the whole body slides, and
    # a second body beside the first reads as two people. Its arrows say enough.
    if end and picture.exercise is not None:
        ghost = [p for t in end for p in _tube_pair(t, ghost=True, for_print=for_print)]
        body.append(f'<g class="rbp-ghost-pose">{"".join(ghost)}</g>')
    live, frames = [], []
    for index, tube in enumerate(start):
        if tube.layer != "far" and ground_after_far:
            # Rollers and balls sit in front of the far limbs and under the body.
            live += ground_after_far
            ground_after_far = []
        anim = ""
        if moving:
            anim = f"{key}-m{index}"
            frames.append(
                f"@keyframes {anim}{{from{{d:path('{_seg(tube)}')}}"
                f"to{{d:path('{_seg(end[index])}')}}}}"
                f".rbp-moving .{anim}{{animation:{anim} {picture.seconds:g}s ease-in-out "
                "infinite alternate}"
            )
        live += _tube_pair(tube, ghost=False, anim=anim, for_print=for_print)
    live += ground_after_far
    body.append(f'<g class="rbp-pose">{"".join(live)}</g>')
    floor = (
        ""
        if picture.view == "above"
        else (
            f'<path class="rbp-floor" d="M{_n(x0)} 0H{_n(x1)}" stroke="{COLOURS["floor"]}" '
            f'stroke-width="{LINE}" fill="none"/>'
        )
    )
    eye = _eye(picture, flip)
    style = STYLE
    if moving:
        # Only where the browser can move path data and the reader has not asked for
        # less motion: hide the dashed end position and run the movement.
        style += (
            '@supports (d:path("M0 0")){@media (prefers-reduced-motion:no-preference){'
            f".{key}.rbp-moving .rbp-ghost-pose{{display:none}}" + "".join(frames) + "}}"
            f".rb-paused .{key} *{{animation-play-state:paused}}"
        )
    classes = f"rbp {key}" + (" rbp-moving" if moving else "")
    alt = html.escape(picture.alt, quote=True)
    if for_print:
        drawing = f"{floor}{''.join(ground)}{''.join(body)}{''.join(on_top)}{eye}{''.join(arrows)}"
        drawing = re.sub(r' class="[^"]*"', "", drawing)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x0)} {_n(-y1)} '
            f'{_n(width)} {_n(height)}" width="{_n(width * SCALE)}" '
            f'height="{_n(height * SCALE)}">{drawing}</svg>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" role="img" '
        f'aria-label="{alt}" viewBox="{_n(x0)} {_n(-y1)} {_n(width)} {_n(height)}" '
        f'width="{_n(width * SCALE)}" height="{_n(height * SCALE)}">'
        f"<title>{html.escape(title)}</title><desc>{alt}</desc>"
        f"<style>{style}</style>{floor}{''.join(ground)}{''.join(body)}{''.join(on_top)}"
        f"{eye}{''.join(arrows)}</svg>"
    )
