"""Charts for the explainer pages: the load–capacity illustration.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, so nothing global
changes and no GUI backend is needed) inside the shared rollbook style.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

from rollbook import capacity
from rollbook.chartstyle import PALETTE, style_context

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_TITLE = "An illustration of the idea, not a prediction for you"


def rest_model_figure(comparison: capacity.Comparison) -> Figure:
    """Return two stacked panels (rest-then-return above, keep-moving below) over 12 weeks.

    Each panel shows capacity and running load (left axis, 0–100) and expected
    pain (right axis, 0–10). Stacked rather than side by side so each panel stays
    readable on a phone.
    """
    from matplotlib.figure import Figure

    with style_context():
        fig = Figure(figsize=(6.4, 6.6), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True)
        weeks = [w.week for w in comparison.rest.weeks]
        for ax, scenario in zip(axes, (comparison.rest, comparison.active)):
            if scenario.key == "rest" and comparison.settings.rest_weeks:
                ax.axvspan(0.5, comparison.settings.rest_weeks + 0.5, color="#e9eeec", zorder=0)
                ax.text(0.7, 96, "full rest", va="top", fontsize=9, color=PALETTE["grey"])
            ax.plot(weeks, scenario.series("capacity"), color=PALETTE["blue"], lw=2.6,
                    marker="o", ms=4, label="What the tissue can handle")
            ax.plot(weeks, scenario.series("load"), color=PALETTE["orange"], lw=2.2, ls="--",
                    marker="s", ms=4, label="Running load")
            ax.set_ylim(0, 100)
            ax.set_ylabel("Load and capacity")
            pain_ax = ax.twinx()
            pain_ax.plot(weeks, scenario.series("pain"), color=PALETTE["vermillion"], lw=2.2,
                         ls=":", marker="^", ms=5, label="Expected pain")
            pain_ax.set_ylim(0, 10)
            pain_ax.set_ylabel("Pain (0–10)", color=PALETTE["vermillion"])
            pain_ax.grid(False)
            pain_ax.spines["right"].set_visible(True)
            ax.set_title(_panel_title(comparison, scenario), fontsize=11, loc="left", wrap=True)
        axes[-1].set_xlabel("Week")
        axes[-1].set_xticks(weeks)
        axes[-1].set_xlim(0.5, len(weeks) + 0.5)
        handles = axes[0].get_lines() + pain_ax.get_lines()
        fig.legend(handles, [h.get_label() for h in handles], loc="outside lower center",
                   ncols=2, fontsize=9)
        fig.suptitle(CHART_TITLE, fontsize=12, fontweight="bold", x=0.02, ha="left")
    return fig


def _panel_title(comparison: capacity.Comparison, scenario: capacity.Scenario) -> str:
    if scenario.key == "active":
        return scenario.label
    n = comparison.settings.rest_weeks
    speed = capacity.SPEED_NAMES[comparison.settings.return_speed]
    if n == 0:
        return "No rest: running on as usual" if speed == "fast" else f"No rest, a {speed} build-up"
    return f"Rest for {n} week{'s' if n != 1 else ''}, then a {speed} return"


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def rest_model_html(comparison: capacity.Comparison) -> tuple[str, str]:
    """Return ``(html, summary)``: the chart as an ``<img>`` with alt text, and the summary."""
    summary = capacity.summary(comparison)
    png = base64.b64encode(figure_png(rest_model_figure(comparison))).decode("ascii")
    alt = f"{CHART_TITLE}. {summary}"
    markup = (
        f'<img class="rb-chart rb-rest-chart" src="data:image/png;base64,{png}" '
        f'alt="{html.escape(alt, quote=True)}" style="width:100%;max-width:42rem;height:auto">'
    )
    return markup, summary
