"""One look for every rollbook chart: fonts, colours and sizes.

The palette is Okabe–Ito (safe for the common kinds of colour blindness); zone
colours are paired with text labels so colour is never the only cue.
"""

from __future__ import annotations

from typing import Any

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6b6b6b",
    "ink": "#1d2a30",
}

# Pain-monitoring zones: light fills for shading behind lines, strong colours for marks.
ZONE_FILL: dict[str, str] = {"green": "#d8efe6", "amber": "#fbe9c6", "red": "#f6d5c6"}
ZONE_MARK: dict[str, str] = {
    "green": PALETTE["green"],
    "amber": PALETTE["orange"],
    "red": PALETTE["vermillion"],
}

# Narrow enough that 11 pt labels stay readable when a phone shows the chart about
# 330 px wide. Pages show charts as SVG (sharp at any density); DPI is for PNG/PDF.
FIGSIZE: tuple[float, float] = (5.2, 3.2)
DPI = 144

RC_PARAMS: dict[str, Any] = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.edgecolor": "#8a979c",
    "axes.labelcolor": PALETTE["ink"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e3e8e6",
    "grid.linewidth": 0.8,
    "xtick.color": PALETTE["ink"],
    "ytick.color": PALETTE["ink"],
    "legend.frameon": False,
    "legend.fontsize": 10,
    "text.color": PALETTE["ink"],
    "axes.prop_cycle": None,  # filled in by rc_params()
}


def rc_params() -> dict[str, Any]:
    """Return the matplotlib rcParams for rollbook charts."""
    from cycler import cycler

    params = dict(RC_PARAMS)
    params["axes.prop_cycle"] = cycler(
        color=[PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    )
    return params


def apply() -> None:
    """Apply the rollbook style to matplotlib globally (idempotent)."""
    import matplotlib

    # matplotlib types its keys as literal names; ours are plain strings from a dict.
    matplotlib.rcParams.update(rc_params())  # type: ignore[arg-type]


def style_context() -> Any:
    """Return a context manager that applies the rollbook style only inside it."""
    import matplotlib

    return matplotlib.rc_context(rc_params())  # type: ignore[arg-type]
