"""An illustrative load–capacity model: "rest, then return" vs "keep moving within limits".

This is a teaching picture, not physiology and not a prediction for any person.
It turns four plain ideas into numbers so a chart can show them:

1. Full rest calms pain, but each week of it lowers what the tissue can handle
   (Dubois & Esculier 2020: "prolonged rest can compromise tissue strength and
   quality"; "capacity" as Cook & Docking 2015 define it).
2. Load that stays within what the tissue can handle, plus strengthening, raises
   that capacity bit by bit (the idea Cook & Docking 2015 set out; a concept, not
   a measured rate).
3. Pain rises when load is more than the tissue can handle, and settles when it is less.
4. When it hurts, people change how they run without noticing; that extra load
   lands on neighbouring tissues and adds pain of its own (Hodges & Tucker 2011).

Units are made up: capacity and load run 0–100, pain 0–10. The runner starts
with a sore, weakened tissue (capacity 45) and wants back to their usual running
(load 60).

Scenario "rest, then return": ``rest_weeks`` of no running, then running comes back
on a fixed schedule (``return_speed``) whatever the pain says.
Scenario "keep moving within limits": running at a reduced load from week 1. If
``use_graded_running``, load is guided by last week's pain, as in the
pain-monitoring model (Silbernagel 2007): up about 15 % when pain was 3/10 or less,
held at 4–5, cut back above 5. ``use_strength`` adds a steady capacity gain;
``use_rolling`` eases pain a little each week but does not change capacity (its
effects are short-term: Wilke 2020, Wiewelhove 2019). The toggles only change the
second scenario, so the first stays a fixed point of comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rollbook.i18n import N_, _, ngettext

WEEKS = 12
MAX_REST_WEEKS = 8

START_CAPACITY = 45.0
USUAL_LOAD = 60.0
START_PAIN = 5.0
CAPACITY_CEILING = 80.0
CAPACITY_FLOOR = 15.0

# Tuning of the illustration (chosen so the curves are readable, not measured).
DECONDITION_RATE = 0.10  # share of capacity above the floor lost per week of full rest
ADAPT_RATE = 0.10  # running within limits: share of the gap to the ceiling gained, x strain
STRENGTH_RATE = 0.06  # strengthening: share of the gap to the ceiling gained per week
OVERLOAD_DAMAGE = 0.06  # capacity lost per unit of strain above 1
RELATIVE_REST_SHARE = 0.6  # "less, not none": start at 60 % of capacity
GRADED_STEP = 1.15
GRADED_CUTBACK = 0.8
COMPENSATION_SHARE = 0.3  # share of load shifted to neighbours at the worst pain
ROLLING_EASE = 0.5  # points of pain eased by rolling (short-term comfort)
IRRITATION_CAP = 7.0  # sore tissue settles into "bad", it does not climb for ever

ReturnSpeed = Literal["gradual", "steady", "fast"]
SPEEDS: dict[str, int] = {"gradual": 1, "steady": 2, "fast": 3}
SPEED_NAMES: dict[int, str] = {v: k for k, v in SPEEDS.items()}
# The speed names also appear in sentences: marked here, translated where shown.
SPEED_WORDS = (N_("gradual"), N_("steady"), N_("fast"))


@dataclass(frozen=True)
class Week:
    """One week of a scenario: capacity and load (0–100), expected pain (0–10).

    ``extra_load`` is load that a changed running style moved onto neighbouring
    tissues that week (0–100).
    """

    week: int
    capacity: float
    load: float
    pain: float
    extra_load: float


@dataclass(frozen=True)
class Scenario:
    """A named run of the model, one ``Week`` per week."""

    key: Literal["rest", "active"]
    label: str
    weeks: tuple[Week, ...]

    def series(self, field: Literal["capacity", "load", "pain", "extra_load"]) -> list[float]:
        """Return one field for every week, in order."""
        return [getattr(w, field) for w in self.weeks]


@dataclass(frozen=True)
class Settings:
    """Checked model inputs (see ``settings``)."""

    rest_weeks: int = 4
    return_speed: int = 3
    use_rolling: bool = True
    use_strength: bool = True
    use_graded_running: bool = True


@dataclass(frozen=True)
class Comparison:
    """Both scenarios for one set of inputs."""

    settings: Settings
    rest: Scenario
    active: Scenario


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def settings(
    rest_weeks: int = 4,
    return_speed: ReturnSpeed | int = "fast",
    use_rolling: bool = True,
    use_strength: bool = True,
    use_graded_running: bool = True,
) -> Settings:
    """Check and normalise the inputs; raise ``ValueError`` naming the bad one."""
    if isinstance(rest_weeks, bool) or not isinstance(rest_weeks, int):
        # ValueError throughout: callers turn one exception type into one clear message.
        raise ValueError(f"rest_weeks must be a whole number from 0 to {MAX_REST_WEEKS}")  # noqa: TRY004
    if not 0 <= rest_weeks <= MAX_REST_WEEKS:
        raise ValueError(f"rest_weeks must be from 0 to {MAX_REST_WEEKS}, not {rest_weeks}")
    if isinstance(return_speed, str) and return_speed in SPEEDS:
        speed = SPEEDS[return_speed]
    elif (
        isinstance(return_speed, int)
        and not isinstance(return_speed, bool)
        and 1 <= return_speed <= 3
    ):
        speed = return_speed
    else:
        raise ValueError(
            f"return_speed must be 'gradual', 'steady', 'fast' or 1-3, not {return_speed!r}"
        )
    for name, flag in (
        ("use_rolling", use_rolling),
        ("use_strength", use_strength),
        ("use_graded_running", use_graded_running),
    ):
        if not isinstance(flag, bool):
            raise ValueError(f"{name} must be True or False, not {flag!r}")  # noqa: TRY004
    return Settings(rest_weeks, speed, use_rolling, use_strength, use_graded_running)


def _step(
    capacity: float, load: float, irritation: float, last_pain: float, strength: bool
) -> tuple[float, float, float, float]:
    """Advance one week. Return (new capacity, irritation, pain, extra load)."""
    # A sore runner shifts load onto neighbours; more pain, more shift.
    shift = COMPENSATION_SHARE * load * _clamp((last_pain - 3.0) / 7.0, 0.0, 1.0)
    strain = load / capacity
    if load == 0:
        capacity -= DECONDITION_RATE * (capacity - CAPACITY_FLOOR)
        irritation -= 1.0
    elif strain <= 1.0:
        capacity += ADAPT_RATE * strain * (CAPACITY_CEILING - capacity)
        irritation -= 0.8 if strain <= 0.8 else 0.2
    else:
        capacity -= OVERLOAD_DAMAGE * (strain - 1.0) * capacity
        irritation += 1.5 * (strain - 1.0)
    if strength:
        capacity += STRENGTH_RATE * (CAPACITY_CEILING - capacity)
    capacity = _clamp(capacity, CAPACITY_FLOOR, CAPACITY_CEILING)
    irritation = _clamp(irritation, 0.0, IRRITATION_CAP)
    # Neighbours have spare room for about 25 load points before they start to hurt.
    neighbour_pain = 4.0 * max(0.0, shift - 5.0) / 25.0
    pain = irritation + 2.0 * max(0.0, strain - 1.0) + neighbour_pain
    return capacity, irritation, _clamp(pain, 0.0, 10.0), _clamp(shift, 0.0, 100.0)


def _rest_load(week: int, rest_weeks: int, speed: int) -> float:
    if week <= rest_weeks:
        return 0.0
    back = week - rest_weeks  # 1 = first week of running again
    start = {1: 0.4, 2: 0.7, 3: 1.0}[speed]
    step = {1: 0.15, 2: 0.3, 3: 0.0}[speed]
    return USUAL_LOAD * min(1.0, start + step * (back - 1))


def rest_then_return(rest_weeks: int = 4, return_speed: ReturnSpeed | int = "fast") -> Scenario:
    """Model weeks of full rest followed by a scheduled return to usual running."""
    s = settings(rest_weeks, return_speed)
    capacity, irritation, pain = START_CAPACITY, START_PAIN, START_PAIN
    weeks: list[Week] = []
    for week in range(1, WEEKS + 1):
        load = _rest_load(week, s.rest_weeks, s.return_speed)
        capacity, irritation, pain, extra = _step(capacity, load, irritation, pain, False)
        weeks.append(
            Week(week, round(capacity, 2), round(load, 2), round(pain, 2), round(extra, 2))
        )
    return Scenario("rest", _("Rest, then return"), tuple(weeks))


def keep_moving(
    use_rolling: bool = True, use_strength: bool = True, use_graded_running: bool = True
) -> Scenario:
    """Model running within limits from week 1, with the chosen helpers."""
    s = settings(
        use_rolling=use_rolling, use_strength=use_strength, use_graded_running=use_graded_running
    )
    capacity, irritation, pain = START_CAPACITY, START_PAIN, START_PAIN
    load = RELATIVE_REST_SHARE * START_CAPACITY
    weeks: list[Week] = []
    for week in range(1, WEEKS + 1):
        if week > 1 and s.use_graded_running:
            if pain <= 3.0:
                load = min(USUAL_LOAD, load * GRADED_STEP)
            elif pain > 5.0:
                load *= GRADED_CUTBACK
        capacity, irritation, pain, extra = _step(capacity, load, irritation, pain, s.use_strength)
        if s.use_rolling:
            pain = max(0.0, pain - ROLLING_EASE)
        weeks.append(
            Week(week, round(capacity, 2), round(load, 2), round(pain, 2), round(extra, 2))
        )
    label = _("Keep moving within limits")
    helpers = [
        name
        for name, on in (
            (_("rolling"), s.use_rolling),
            (_("strengthening"), s.use_strength),
            (_("graded running"), s.use_graded_running),
        )
        if on
    ]
    if helpers:
        label += " + " + " + ".join(helpers)
    return Scenario("active", label, tuple(weeks))


def compare(
    rest_weeks: int = 4,
    return_speed: ReturnSpeed | int = "fast",
    use_rolling: bool = True,
    use_strength: bool = True,
    use_graded_running: bool = True,
) -> Comparison:
    """Run both scenarios for one set of inputs."""
    s = settings(rest_weeks, return_speed, use_rolling, use_strength, use_graded_running)
    return Comparison(
        s,
        rest_then_return(s.rest_weeks, s.return_speed),
        keep_moving(s.use_rolling, s.use_strength, s.use_graded_running),
    )


def rest_summary(comparison: Comparison) -> str:
    """Describe the "rest, then return" curve in plain words."""
    rest = comparison.rest.weeks
    n = comparison.settings.rest_weeks
    speed = SPEED_NAMES[comparison.settings.return_speed]
    last_rest = rest[-1]
    peak = max(rest[n:], key=lambda w: w.pain) if n < WEEKS else last_rest
    if n:
        return ngettext(
            "In this picture, {n} week of full rest drops pain to {pain:.0f} out of 10, "
            "but the tissue can handle less ({before:.0f} down to {capacity:.0f}). "
            "After a {speed} return to running, pain climbs to {peak:.0f} by week {week}.",
            "In this picture, {n} weeks of full rest drop pain to {pain:.0f} out of 10, "
            "but the tissue can handle less ({before:.0f} down to {capacity:.0f}). "
            "After a {speed} return to running, pain climbs to {peak:.0f} by week {week}.",
            n,
        ).format(
            n=n,
            pain=rest[n - 1].pain,
            before=START_CAPACITY,
            capacity=rest[n - 1].capacity,
            speed=_(speed),
            peak=peak.pain,
            week=peak.week,
        )
    if speed == "fast":
        return _(
            "In this picture, running on as usual with no rest keeps load above what "
            "the tissue can handle. Pain reaches {pain:.0f} out of 10 by week {week}."
        ).format(pain=peak.pain, week=peak.week)
    return _(
        "In this picture, there is no full rest and running builds up at a {speed} pace. "
        "Pain peaks at {pain:.0f} out of 10 in week {week}."
    ).format(speed=_(speed), pain=peak.pain, week=peak.week)


def active_summary(comparison: Comparison) -> str:
    """Describe the "keep moving within limits" curve in plain words."""
    last = comparison.active.weeks[-1]
    return _(
        "Keeping moving within limits, the tissue can handle {capacity:.0f} by week {WEEKS}, with running load at {load:.0f} and pain at {pain:.0f} out of 10."
    ).format(capacity=last.capacity, WEEKS=WEEKS, load=last.load, pain=last.pain)


def summary(comparison: Comparison) -> str:
    """Describe both curves in plain words (for screen readers and the chart caption)."""
    return rest_summary(comparison) + " " + active_summary(comparison)
