"""The plan page's "running and time" section: weekly distance, run days, roller,
rolling experience and the minutes there are each day.

The browser can send any value for any widget (and change a slider's ``min`` and
``max``), so :meth:`RunningControls.values` clamps every number again and lets an
unknown choice fall back; :meth:`RunningControls.load` puts a saved plan's values
back through the same checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import traitlets

from rollbook.i18n import N_, _
from rollbook.ui.choice import SafeDropdown
from rollbook.ui.controls import LabelledSlider

__all__ = ["EXPERIENCE_CHOICES", "ROLLER_CHOICES", "RunningControls", "clamp", "try_set"]

# The options' words are translated where the dropdowns are built (_dropdown).
ROLLER_CHOICES: tuple[tuple[str, str], ...] = (
    (N_("Smooth foam roller"), "smooth"),
    (N_("Textured roller (ridges or bumps)"), "textured"),
    (N_("Spiked roller"), "spiked"),
    (N_("Massage ball"), "ball"),
)
EXPERIENCE_CHOICES: tuple[tuple[str, str], ...] = (
    (N_("New to rolling"), "new"),
    (N_("Rolled a few times"), "some"),
    (N_("Roll often"), "regular"),
)
ROLLERS = frozenset(value for _label, value in ROLLER_CHOICES)
LEVELS = frozenset(value for _label, value in EXPERIENCE_CHOICES)
#: Where each control starts, and where "Start again" puts it back.
DEFAULTS: dict[str, Any] = {
    "weekly_km": 20,
    "run_days": 3,
    "minutes": 15,
    "roller": "smooth",
    "experience": "some",
}


def clamp(value: int, low: int, high: int) -> int:
    """``value`` as a whole number within ``low``..``high``."""
    return max(low, min(high, int(value)))


def try_set(widget: widgets.Widget, name: str, value: Any) -> None:
    """Set ``widget.name`` to ``value`` unless it is None or the widget refuses it."""
    if value is None:
        return
    try:
        setattr(widget, name, value)
    except (traitlets.TraitError, TypeError, ValueError):
        pass  # a bad saved value is skipped; the control keeps its default


def _dropdown(options: tuple[tuple[str, str], ...], value: str, label: str) -> SafeDropdown:
    return SafeDropdown(
        options=[(_(text), key) for text, key in options],
        value=value,
        description=label,
        layout=widgets.Layout(width="100%", max_width="28rem", margin="0.6rem 0"),
        style={"description_width": "8rem"},
    )


def _slider(
    field: str,
    low: int,
    high: int,
    unit: str,
    label: str,
    *,
    step: int = 1,
    ends: tuple[str, str] = ("", ""),
) -> LabelledSlider:
    """A slider for ``field``, starting at its default; ``ends`` label the two ends."""
    return LabelledSlider(
        value=DEFAULTS[field], min=low, max=high, step=step, unit=unit, description=label,
        min_label=ends[0], max_label=ends[1],
    )  # fmt: skip


class RunningControls:
    """The five controls of the section; ``on_change`` runs when any of them moves."""

    def __init__(self, on_change: Callable[[Any], None]) -> None:
        self.weekly_km = _slider("weekly_km", 0, 150, "km", _("How far you run in a normal week"),
                                 ends=("0 km", "150 km"))  # fmt: skip
        self.run_days = _slider("run_days", 0, 7, _("days"), _("Running days in a week"))
        self.minutes = _slider("minutes", 5, 60, _("minutes"), _("Minutes you have each day"),
                               step=5, ends=("5", "60"))  # fmt: skip
        self.roller = _dropdown(ROLLER_CHOICES, DEFAULTS["roller"], _("Your roller"))
        self.experience = _dropdown(EXPERIENCE_CHOICES, DEFAULTS["experience"], _("Rolling so far"))

        for control, css in (
            (self.weekly_km, "rb-km"),
            (self.run_days, "rb-run-days"),
            (self.minutes, "rb-minutes"),
            (self.roller, "rb-roller"),
            (self.experience, "rb-experience"),
        ):
            control.add_class(css)
            control.observe(on_change, "value")
        #: In the order the page shows them.
        self.controls: list[widgets.Widget] = [
            self.weekly_km,
            self.run_days,
            self.roller,
            self.experience,
            self.minutes,
        ]

    def values(self) -> dict[str, Any]:
        """The section's values as the plan engine takes them, each checked again."""
        return {
            "weekly_km": float(clamp(self.weekly_km.value, 0, 150)),
            "run_days": clamp(self.run_days.value, 0, 7),
            "roller": self.roller.value if self.roller.value in ROLLERS else "smooth",
            "minutes": clamp(self.minutes.value, 5, 60),
            "experience": self.experience.value if self.experience.value in LEVELS else "some",
        }

    def reset(self) -> None:
        """Put every control back where it started."""
        for name, value in DEFAULTS.items():
            getattr(self, name).value = value

    def load(self, inputs: Mapping[str, Any]) -> None:
        """Fill the controls from a saved plan's inputs, skipping any value that fails."""
        for key in ("weekly_km", "run_days", "minutes"):
            value = inputs.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try_set(getattr(self, key), "value", round(value) if math.isfinite(value) else None)
        for key, allowed in (("roller", ROLLERS), ("experience", LEVELS)):
            if inputs.get(key) in allowed:
                getattr(self, key).value = inputs[key]
