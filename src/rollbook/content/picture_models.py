"""Typed records for ``poses.toml``: one line drawing per rolling target or exercise level.

A picture is data, not artwork: the angle of each body segment in a start (and,
where the movement matters, an end) position, the props around the body, and
arrows for the movement. :mod:`rollbook.pictures` draws every picture from these
records in one shared style. Coordinates are in body units (a standing figure is
about 100 tall), x to the right and y up, with the floor at ``y = 0``.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from rollbook.content.models import Id, _Entry

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Point = Annotated[list[float], Field(min_length=2, max_length=2)]
Angle = Annotated[float, Field(ge=-360, le=360)]

Joint = Literal[
    "hip",
    "shoulder",
    "head",
    "elbow",
    "hand",
    "knee",
    "ankle",
    "heel",
    "toe",
    "far_elbow",
    "far_hand",
    "far_knee",
    "far_ankle",
    "far_heel",
    "far_toe",
]
#: Joints a pose can be placed by (``anchor``) and props can hang on.
JOINTS: tuple[str, ...] = get_args(Joint)


Segment = Literal[
    "trunk",
    "arm",
    "forearm",
    "thigh",
    "shin",
    "foot",
    "far_arm",
    "far_forearm",
    "far_thigh",
    "far_shin",
    "far_foot",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pose(_Strict):
    """Where each body segment points, in degrees: 0 is right, 90 up, -90 down.

    ``far_*`` segments (the limbs further from the viewer) copy the near ones when
    left out, so a pose with both legs alike lists each angle once.
    """

    anchor: Joint = "hip"
    at: Point = Field(default_factory=lambda: [0.0, 52.0])
    trunk: Angle = 90
    head: Angle | None = None
    arm: Angle = -90
    forearm: Angle = -90
    thigh: Angle = -90
    shin: Angle = -90
    foot: Angle = 0
    far_arm: Angle | None = None
    far_forearm: Angle | None = None
    far_thigh: Angle | None = None
    far_shin: Angle | None = None
    far_foot: Angle | None = None
    #: Shorten a segment seen end-on (a knee bent toward the viewer), e.g.
    #: ``lengths = { far_shin = 0.3 }``. 1 is full length.
    lengths: dict[Segment, Annotated[float, Field(ge=0.05, le=1.0)]] = Field(default_factory=dict)


class Prop(_Strict):
    """Something the body uses: a roller, a ball, a step, a wall, a band, a weight."""

    kind: Literal[
        "roller", "ball", "step", "bench", "wall", "towel", "cushion", "band", "weight", "backpack"
    ]
    #: Centre of a roller, ball or towel; left end of a step, bench or cushion; the
    #: foot of a wall.
    at: Point | None = None
    #: Width and height of a step, bench or cushion (body units).
    size: Point | None = None
    #: A band joins two joints; a weight or ball hangs on one (moves with the body).
    joints: list[Joint] = Field(default_factory=list, max_length=2)

    @model_validator(mode="after")
    def _placed(self) -> Prop:
        if self.kind == "band" and not self.joints:
            raise ValueError(
                "a band needs 'joints': two joints it joins, or one it wraps just above"
            )
        if self.kind in ("weight", "backpack") and len(self.joints) != 1:
            raise ValueError(f"a {self.kind} needs 'joints' naming the one joint it hangs on")
        if self.kind not in ("band", "weight", "backpack") and self.at is None and not self.joints:
            raise ValueError(f"a {self.kind} needs 'at' (where it goes) or 'joints'")
        if self.kind in ("step", "bench", "cushion") and self.size is None:
            raise ValueError(f"a {self.kind} needs 'size' = [width, height]")
        return self


class Arrow(_Strict):
    """A movement arrow from one point to another; ``bend`` curves it (0 = straight)."""

    start: Point
    end: Point
    bend: float = Field(default=0.0, ge=-1.0, le=1.0)
    #: A dashed arrow: the slow part of a movement (lowering over 3 seconds).
    slow: bool = False
    #: Two heads for back-and-forth movement (rolling).
    both: bool = False


class Picture(_Entry):
    """The line drawing for one rolling target or one exercise level."""

    target: Id | None = None
    exercise: Id | None = None
    level: int | None = Field(default=None, ge=1, le=3)
    #: The side the near (darker) leg stands for; pages mirror it for the other side.
    shows: Literal["left", "right", "both"] = "both"
    #: What a screen-reader user hears: the position, then the movement. Grade 8.
    alt: Text
    #: "side": seen from the side, on a floor line; "front": seen from the front, so
    #: the two legs hang a hip-width apart; "above": seen from above, no floor line.
    view: Literal["side", "front", "above"] = "side"
    #: Draw an eye on the face: "open", "closed" (for balance with eyes shut) or none.
    eyes: Literal["none", "open", "closed"] = "none"
    #: Seconds for one movement from start to end, when the picture is animated.
    seconds: float = Field(default=3.0, ge=1.0, le=10.0)
    start: Pose
    end: Pose | None = None
    props: list[Prop] = Field(default_factory=list)
    arrows: list[Arrow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_owner(self) -> Picture:
        if (self.target is None) == (self.exercise is None):
            raise ValueError("give exactly one of 'target' or 'exercise' (with 'level')")
        if self.exercise is not None and self.level is None:
            raise ValueError("an exercise picture needs 'level' (1, 2 or 3)")
        if self.target is not None and self.level is not None:
            raise ValueError("'level' belongs to exercise pictures only")
        return self

    def owner(self) -> str:
        """``calf`` for a rolling target, ``calf-raise level 2`` for an exercise level."""
        return self.target if self.target else f"{self.exercise} level {self.level}"
