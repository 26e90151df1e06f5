"""The posed figure: segment lengths and forward kinematics, no drawing.

A pose gives the direction of each body segment (degrees: 0 right, 90 up). The
figure is built outward from the hip, then moved so that the pose's ``anchor``
joint sits at ``at``. The result is a flat list of *tubes*: round-ended strokes of
a given width between two points, tagged with a layer so the renderer can draw
far limbs behind the body and near limbs in front of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rollbook.content.picture_models import Pose, Prop

Vec = tuple[float, float]

# Segment lengths in body units (a standing figure is about 96 tall).
TRUNK = 28.0
HEAD_OFFSET = 12.0
HEAD_RADIUS = 6.0
UPPER_ARM = 16.0
FOREARM = 15.0
THIGH = 24.0
SHIN = 23.0
FOOT = 9.0
HEEL = 2.5

# Tube widths (diameters) in body units.
WIDTH = {
    "trunk": 11.0,
    "head": 2 * HEAD_RADIUS,
    "arm": 4.6,
    "forearm": 4.0,
    "thigh": 7.6,
    "shin": 5.6,
    "foot": 3.6,
}


@dataclass(frozen=True)
class Tube:
    """A round-capped stroke from ``a`` to ``b``; ``layer`` sets the drawing order."""

    key: str
    a: Vec
    b: Vec
    width: float
    layer: str  # "far", "body", "near" or "prop"


def _step(origin: Vec, degrees: float, length: float) -> Vec:
    rad = math.radians(degrees)
    return origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad)


def joints(pose: Pose, front: bool = False) -> dict[str, Vec]:
    """Every joint of ``pose`` in body units, placed by its anchor.

    ``front``: the body is seen from the front, so the near limbs hang from the
    near shoulder and hip and the far ones from the other side, a body-width apart.
    """
    far = {
        "arm": pose.far_arm if pose.far_arm is not None else pose.arm,
        "forearm": pose.far_forearm if pose.far_forearm is not None else pose.forearm,
        "thigh": pose.far_thigh if pose.far_thigh is not None else pose.thigh,
        "shin": pose.far_shin if pose.far_shin is not None else pose.shin,
        "foot": pose.far_foot if pose.far_foot is not None else pose.foot,
    }
    size = pose.lengths
    hip: Vec = (0.0, 0.0)
    shoulder = _step(hip, pose.trunk, TRUNK * size.get("trunk", 1.0))
    points: dict[str, Vec] = {
        "hip": hip,
        "shoulder": shoulder,
        "head": _step(shoulder, pose.head if pose.head is not None else pose.trunk, HEAD_OFFSET),
    }
    rad = math.radians(pose.trunk)
    across = (math.sin(rad), -math.cos(rad))  # a quarter turn clockwise from the spine
    for prefix, angles in (
        (
            "",
            {
                "arm": pose.arm,
                "forearm": pose.forearm,
                "thigh": pose.thigh,
                "shin": pose.shin,
                "foot": pose.foot,
            },
        ),
        ("far_", far),
    ):
        sign = (1.0 if not prefix else -1.0) if front else 0.0
        root_shoulder = (shoulder[0] + across[0] * 4.5 * sign, shoulder[1] + across[1] * 4.5 * sign)
        root_hip = (hip[0] + across[0] * 3.0 * sign, hip[1] + across[1] * 3.0 * sign)
        points[prefix + "shoulder_root"] = root_shoulder
        points[prefix + "hip_root"] = root_hip

        def length(name: str, full: float, prefix: str = prefix) -> float:
            return full * float(size.get(prefix + name, 1.0))  # type: ignore[call-overload]

        elbow = _step(root_shoulder, angles["arm"], length("arm", UPPER_ARM))
        knee = _step(root_hip, angles["thigh"], length("thigh", THIGH))
        ankle = _step(knee, angles["shin"], length("shin", SHIN))
        points[prefix + "elbow"] = elbow
        points[prefix + "hand"] = _step(elbow, angles["forearm"], length("forearm", FOREARM))
        points[prefix + "knee"] = knee
        points[prefix + "ankle"] = ankle
        points[prefix + "toe"] = _step(ankle, angles["foot"], length("foot", FOOT))
        points[prefix + "heel"] = _step(ankle, angles["foot"] + 180, HEEL)
    ax, ay = points[pose.anchor]
    dx, dy = pose.at[0] - ax, pose.at[1] - ay
    return {name: (x + dx, y + dy) for name, (x, y) in points.items()}


def tubes(pose: Pose, props: list[Prop], front: bool = False) -> list[Tube]:
    """The figure (and the props that move with it) as tubes, back to front."""
    j = joints(pose, front)
    out: list[Tube] = []
    for prefix, layer in (("far_", "far"), ("", "near")):
        chain = [
            (f"{prefix}thigh", f"{prefix}hip_root", f"{prefix}knee", "thigh"),
            (f"{prefix}shin", f"{prefix}knee", f"{prefix}ankle", "shin"),
            (f"{prefix}foot", f"{prefix}heel", f"{prefix}toe", "foot"),
            (f"{prefix}arm", f"{prefix}shoulder_root", f"{prefix}elbow", "arm"),
            (f"{prefix}forearm", f"{prefix}elbow", f"{prefix}hand", "forearm"),
        ]
        for key, a, b, kind in chain:
            out.append(Tube(key, j[a], j[b], WIDTH[kind], layer))
        if layer == "far":
            out.append(Tube("trunk", j["hip"], j["shoulder"], WIDTH["trunk"], "body"))
            head = j["head"]
            out.append(Tube("head", head, (head[0] + 0.01, head[1]), WIDTH["head"], "body"))
    for index, prop in enumerate(props):
        out.extend(_joint_prop(index, prop, j))
    return out


_PARENT = {
    "knee": "hip_root",
    "far_knee": "far_hip_root",
    "ankle": "knee",
    "far_ankle": "far_knee",
    "elbow": "shoulder_root",
    "far_elbow": "far_shoulder_root",
}


def _joint_prop(index: int, prop: Prop, j: dict[str, Vec]) -> list[Tube]:
    """Props that move with the body: a band between two joints, a weight in a hand."""
    if prop.kind == "band" and len(prop.joints) == 1:
        # A belt round one limb, just above the joint: a strap across the bone.
        name = prop.joints[0]
        parent = j[_PARENT.get(name, "hip")]
        x, y = j[name]
        length = math.hypot(x - parent[0], y - parent[1]) or 1.0
        ux, uy = (parent[0] - x) / length, (parent[1] - y) / length
        cx, cy = x + ux * 5.0, y + uy * 5.0
        return [
            Tube(
                f"band{index}",
                (cx - uy * 5.5, cy + ux * 5.5),
                (cx + uy * 5.5, cy - ux * 5.5),
                2.2,
                "prop",
            )
        ]
    if prop.kind == "band":
        a, b = (j[name] for name in prop.joints)
        return [Tube(f"band{index}", a, b, 1.6, "prop")]
    if prop.kind == "weight":
        x, y = j[prop.joints[0]]
        return [
            Tube(f"weight{index}", (x - 3.2, y), (x + 3.2, y), 1.4, "prop"),
            Tube(f"plate{index}a", (x - 3.2, y - 0.01), (x - 3.2, y + 0.01), 5.0, "prop"),
            Tube(f"plate{index}b", (x + 3.2, y - 0.01), (x + 3.2, y + 0.01), 5.0, "prop"),
        ]
    if prop.kind == "backpack":
        x, y = j[prop.joints[0]]
        dx, dy = prop.at if prop.at is not None else (-7.5, -7.0)
        return [Tube(f"backpack{index}", (x + dx, y + dy + 3), (x + dx, y + dy - 3), 7.0, "pack")]
    if prop.kind == "ball" and prop.joints:
        x, y = j[prop.joints[0]]
        if prop.at is not None:  # offset from the joint
            x, y = x + prop.at[0], y + prop.at[1]
        return [Tube(f"ball{index}", (x, y), (x + 0.01, y), 7.0, "between")]
    return []


def mirrored(tube: Tube) -> Tube:
    """``tube`` flipped left to right (the other side of the body)."""
    return Tube(tube.key, (-tube.a[0], tube.a[1]), (-tube.b[0], tube.b[1]), tube.width, tube.layer)
