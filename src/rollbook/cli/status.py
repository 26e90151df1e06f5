"""``rollbook status``: what to do with running now, why, and the progress so far."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from rollbook.cli.common import find_profile, opened_store, profile_option
from rollbook.i18n import _

if TYPE_CHECKING:
    from rollbook.analytics import Status
    from rollbook.review import LefsChange


def register(subparsers: Any) -> None:
    """Add the ``status`` command."""
    stat = subparsers.add_parser(
        "status",
        help="what to do with running now (keep, hold, cut-back, pause), why, and progress",
    )
    profile_option(stat)
    stat.add_argument("--format", choices=("text", "json"), default="text")
    stat.set_defaults(func=_status)


def _status(args: argparse.Namespace) -> int:
    from rollbook.analytics import status
    from rollbook.runs.summary import load_runs

    today = dt.date.today()
    with opened_store() as store:
        profile = find_profile(store, args.profile)
        entries = store.list_entries(profile, start=today - dt.timedelta(days=120), end=today)
        psfs = store.list_psfs(profile)
        runs = load_runs(entries, store.runs(profile, start=today - dt.timedelta(days=120)))
        lefs_records = store.list_lefs(profile)
    result = status(entries, psfs, today=today, runs=runs)
    from rollbook.review import lefs_change

    lefs = lefs_change(lefs_records)
    if args.format == "json":
        data = {
            "profile": profile.name,
            **result.as_dict(),
            "lefs": lefs.as_dict() if lefs else None,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_status_text(profile.name, result, lefs))
    return 0


def _status_text(name: str, st: Status, lefs: LefsChange | None = None) -> str:
    from rollbook import painmodel
    from rollbook.review import change_words

    lines = [_("Status for {name} on {day}").format(name=name, day=st.today.isoformat())]
    if st.week is None:
        lines.append(_("Now: no pain scores in the last 7 days. Log a run with: rollbook log add"))
    else:
        flag = _(" - see your clinician") if st.week.see_clinician else ""
        lines.append(
            _("Now: {label} ({action}){flag}").format(
                label=painmodel.action_info(st.week.action).label, action=st.week.action, flag=flag
            )
        )
        lines.extend(f"  - {reason}" for reason in st.week.reasons)
        lines.append(f"  {st.week.advice}")
    if st.latest_day is not None and st.latest_day.date is not None:
        day = st.latest_day
        lines.append(
            _("Latest day ({day}): {label} ({action})").format(
                day=st.latest_day.date.isoformat(), label=day.label, action=day.action
            )
        )
    load = st.load
    if load:
        average = load.get("weekly_average_km")
        compared = (
            _("no earlier weeks yet")
            if average is None
            else _("recent average {average:g} km a week").format(average=average)
        )
        spike = _("; load spike") if load.get("spike") else ""
        lines.append(
            _(
                "Load: {load:g} km in 7 days ({compared}); longest run in 30 days {load_2:g} km{spike}"
            ).format(
                load=load["last_7_km"],
                compared=compared,
                load_2=load["longest_run_km_30d"],
                spike=spike,
            )
        )
    t = st.totals
    change = (
        ""
        if t.change_pct is None
        else _(", {change_pct:+.0f}% on the week before").format(change_pct=t.change_pct)
    )
    lines.append(
        _("Distance: {last_7:g} km in 7 days{change}; {last_28:g} km in 28 days").format(
            last_7=t.last_7, change=change, last_28=t.last_28
        )
    )
    if st.adherence and st.adherence.planned:
        a = st.adherence
        lines.append(
            _("Plan done this week: {done} of {planned} logged days").format(
                done=a.done, planned=a.planned
            )
        )
    if st.psfs:
        p = st.psfs
        judged = change_words(p.meaningful)
        lines.append(
            _("Activities (PSFS): {first:g} -> {latest:g} ({change:+g}, {judged})").format(
                first=p.first, latest=p.latest, change=p.change, judged=judged
            )
        )
    lines.append(_("Pain trend over 2 weeks: {trend}").format(trend=_(st.trend)))
    if lefs is not None:
        judged = change_words(lefs.meets_mcid)
        lines.append(
            _("Leg function (LEFS, 0-80): {first} -> {latest} ({change:+d}, {judged})").format(
                first=lefs.first, latest=lefs.latest, change=lefs.change, judged=judged
            )
        )
    return "\n".join(lines)
