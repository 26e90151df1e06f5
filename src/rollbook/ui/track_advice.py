"""Page 05's "How it is going" and "Your charts": the pain model's verdicts, the
distance run, and the pain and plan-days charts.

The verdicts are :func:`rollbook.clinic.runner_status`'s, the same as
``rollbook status``; this module only writes them as HTML.
"""

from __future__ import annotations

import datetime as dt
import html

from rollbook import clinic
from rollbook.i18n import _
from rollbook.pages.track import TrackData
from rollbook.running_advice import pain_rules
from rollbook.ui.figures import chart_html
from rollbook.ui.verdicts import day_text, verdict_html

__all__ = ["advice_html", "charts_html"]


def advice_html(data: TrackData, today: dt.date) -> str:
    """The advice now: the week's verdict, the latest day's, the distance run."""
    state = clinic.runner_status(
        data.entries, data.psfs, data.plan, today=today, runs=data.guard_runs
    )
    # The week's verdict is the action now: the same as `rollbook status`.
    parts = [verdict_html(_("What to do now (the last 7 days):"), state.week)]
    if state.latest_day is not None and state.latest_day.date is not None:
        parts.append(
            verdict_html(
                _("Latest day ({date}):").format(date=day_text(state.latest_day.date, today)),
                state.latest_day,
            )
        )
    load = state.load
    average = load.get("weekly_average_km")
    last_7 = f"{load.get('last_7_km', 0):g}"
    if average is None:
        distance = _("Distance: {km} km in the last 7 days.").format(km=last_7)
    else:
        distance = _(
            "Distance: {km} km in the last 7 days; your recent average is {average} km a week."
        ).format(km=last_7, average=f"{average:g}")
    longest = _("Longest run in the last 30 days: {km} km.").format(
        km=f"{load.get('longest_run_km_30d', 0):g}"
    )
    parts.append(f"<p>{distance} {longest}</p>")
    if data.plan is not None:
        rules = "".join(f"<li>{html.escape(r)}</li>" for r in pain_rules())
        summary = _("The rules behind this advice (the same as in your plan)")
        parts.append(f"<details><summary>{summary}</summary><ul>{rules}</ul></details>")
    return f"<h3>{_('How it is going')}</h3>" + "".join(parts)


def charts_html(data: TrackData, today: dt.date) -> str:
    """The pain chart and the plan-days calendar (nothing before a day is logged)."""
    if not data.entries:
        return ""
    from rollbook import charts

    return (
        f"<h3>{_('Your charts')}</h3>"
        + chart_html(charts.pain_chart(data.entries), css_class="rb-chart-pain")
        + chart_html(
            charts.adherence_calendar(data.entries, today=today), css_class="rb-chart-adherence"
        )
    )
