"""``rollbook status``: what to do with running now, why, and the progress so far."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from rollbook.cli.common import find_profile, opened_store, profile_option

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

    lines = [f"Status for {name} on {st.today.isoformat()}"]
    if st.week is None:
        lines.append("Now: no pain scores in the last 7 days. Log a run with: rollbook log add")
    else:
        flag = " - see your clinician" if st.week.see_clinician else ""
        lines.append(f"Now: {painmodel.action_info(st.week.action).label} ({st.week.action}){flag}")
        lines.extend(f"  - {reason}" for reason in st.week.reasons)
        lines.append(f"  {st.week.advice}")
    if st.latest_day is not None and st.latest_day.date is not None:
        day = st.latest_day
        lines.append(f"Latest day ({st.latest_day.date.isoformat()}): {day.label} ({day.action})")
    load = st.load
    if load:
        average = load.get("weekly_average_km")
        compared = (
            "no earlier weeks yet" if average is None else f"recent average {average:g} km a week"
        )
        spike = "; load spike" if load.get("spike") else ""
        lines.append(
            f"Load: {load['last_7_km']:g} km in 7 days ({compared}); longest run in 30 days "
            f"{load['longest_run_km_30d']:g} km{spike}"
        )
    t = st.totals
    change = "" if t.change_pct is None else f", {t.change_pct:+.0f}% on the week before"
    lines.append(f"Distance: {t.last_7:g} km in 7 days{change}; {t.last_28:g} km in 28 days")
    if st.adherence and st.adherence.planned:
        a = st.adherence
        lines.append(f"Plan done this week: {a.done} of {a.planned} logged days")
    if st.psfs:
        p = st.psfs
        judged = change_words(p.meaningful)
        lines.append(f"Activities (PSFS): {p.first:g} -> {p.latest:g} ({p.change:+g}, {judged})")
    lines.append(f"Pain trend over 2 weeks: {st.trend}")
    if lefs is not None:
        judged = change_words(lefs.meets_mcid)
        lines.append(
            f"Leg function (LEFS, 0-80): {lefs.first} -> {lefs.latest} ({lefs.change:+d}, {judged})"
        )
    return "\n".join(lines)
