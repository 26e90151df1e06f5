"""The clinician's overview: one summary row per runner, and what changed between plans.

Pure functions over records (no screen, no disk): the clinician page and the PDF
report both call these, so the table, the report and the tests agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rollbook import analytics
from rollbook.i18n import N_, _
from rollbook.painmodel import ACTIONS
from rollbook.records import LogEntry, Profile, PsfsRecord, SavedPlan

if TYPE_CHECKING:
    from rollbook.review import LefsChange
    from rollbook.weekplan import WeekPlan

#: Sort keys offered on the clinician page, with their labels.
SORT_KEYS: dict[str, str] = {
    "name": N_("Name"),
    "last_entry": N_("Last entry"),
    "zone": N_("Running advice"),
    "trend": N_("Pain trend"),
    "adherence": N_("Adherence this week"),
    "psfs": N_("PSFS change"),
    "lefs": N_("LEFS change"),
    "stage": N_("Stage"),
    "run": N_("Walk-run"),
}
_TREND_ORDER = {"improving": 0, "steady": 1, "worsening": 2}
_RUN_ORDER: dict[str, int | None] = {"paused": 0, "normal": 99, "": None}


@dataclass(frozen=True)
class ClinicRow:
    """One runner's line in the clinician table."""

    profile_id: int
    name: str
    last_entry: dt.date | None
    zone: str | None
    see_clinician: bool
    trend: str
    adherence: float | None
    adherence_text: str
    psfs_change: float | None
    psfs_meaningful: bool
    entries: int = 0
    #: The pain model's action now (keep, hold, cut-back, pause), None with nothing to judge.
    action: str | None = None
    #: Week of the saved plan (1 = first), None without a plan.
    stage: int | None = None
    #: Running now: ``normal``, ``ladder`` or ``paused`` (None without a plan).
    run_mode: str | None = None
    #: The walk-run step (1 = first) when ``run_mode`` is ``ladder``.
    run_phase: int | None = None
    #: LEFS total now minus the first (None before two scorings), and whether it meets the MCID.
    lefs_change: int | None = None
    lefs_meaningful: bool = False


def planned_per_week(plan: SavedPlan | None) -> int | None:
    """Run days a week from the plan's inputs, or None when the plan does not say."""
    if plan is None:
        return None
    value = plan.inputs.get("run_days") if isinstance(plan.inputs, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 7:
        return None
    return value


def runner_status(
    entries: Sequence[LogEntry],
    psfs: Sequence[PsfsRecord],
    plan: SavedPlan | None,
    *,
    today: dt.date,
    runs: Sequence[tuple[dt.date, float]] | None = None,
) -> analytics.Status:
    """Return the analytics status for one runner, with planned days from the plan.

    ``runs`` (day, km) are single runs for the load guard (see ``analytics.status``).
    """
    return analytics.status(
        entries, psfs, today=today, planned_per_week=planned_per_week(plan), runs=runs
    )


def clinic_row(
    profile: Profile,
    entries: Sequence[LogEntry],
    psfs: Sequence[PsfsRecord],
    plan: SavedPlan | None,
    *,
    today: dt.date,
    week_plan: WeekPlan | None = None,
    lefs: LefsChange | None = None,
    runs: Sequence[tuple[dt.date, float]] | None = None,
) -> ClinicRow:
    """Summarise one runner for the table: last entry, zone, trend, adherence, PSFS.

    ``week_plan`` (this week of the saved plan) gives the stage and the walk-run step;
    ``lefs`` the LEFS change (first scoring to latest); ``runs`` single runs (day, km)
    for the load guard, as in :func:`runner_status`.
    """
    state = runner_status(entries, psfs, plan, today=today, runs=runs)
    past = [e.date for e in entries if e.date <= today]
    week = state.week
    adherence = state.adherence
    share: float | None = None
    text = _("no entries")
    # Only this calendar week counts as "this week"; an older week says nothing now.
    this_monday = today - dt.timedelta(days=today.weekday())
    if adherence is not None and adherence.week_start == this_monday and adherence.planned:
        share = adherence.share
        text = _("{done} of {planned} days").format(done=adherence.done, planned=adherence.planned)
    elif past:
        text = _("nothing this week")
    return ClinicRow(
        profile_id=profile.id,
        name=profile.name,
        last_entry=max(past) if past else None,
        zone=week.zone if week else None,
        see_clinician=bool(week and week.see_clinician),
        trend=state.trend,
        adherence=share,
        adherence_text=text,
        psfs_change=state.psfs.change if state.psfs else None,
        psfs_meaningful=bool(state.psfs and state.psfs.meaningful),
        entries=state.entries,
        action=week.action if week else None,
        stage=week_plan.week_number if week_plan else None,
        run_mode=week_plan.run.mode if week_plan else None,
        run_phase=week_plan.run.phase if week_plan else None,
        # One scoring is no change yet.
        lefs_change=lefs.change if lefs and lefs.latest_on != lefs.first_on else None,
        lefs_meaningful=bool(lefs and lefs.meets_mcid),
    )


def _sort_value(row: ClinicRow, key: str) -> tuple[int, Any]:
    """(missing?, value): rows with no value always sort last."""
    value: Any
    if key == "name":
        return (0, row.name.casefold())
    if key == "last_entry":
        value = row.last_entry
    elif key == "zone":
        value = (
            None
            if row.action not in ACTIONS
            else ACTIONS.index(str(row.action)) + (1 if row.see_clinician else 0) / 2
        )
    elif key == "trend":
        value = _TREND_ORDER.get(row.trend)
    elif key == "adherence":
        value = row.adherence
    elif key == "psfs":
        value = row.psfs_change
    elif key == "lefs":
        value = row.lefs_change
    elif key == "stage":
        value = row.stage
    elif key == "run":
        # Paused first, then the walk-run steps in order, then running as normal.
        value = _RUN_ORDER.get(row.run_mode or "", row.run_phase)
    else:
        raise ValueError(f"unknown sort key {key!r}; choose from: {', '.join(SORT_KEYS)}")
    return (1, None) if value is None else (0, value)


def sort_rows(
    rows: Iterable[ClinicRow], key: str = "name", *, descending: bool = False
) -> list[ClinicRow]:
    """Return ``rows`` sorted by ``key`` (see :data:`SORT_KEYS`); empty values go last."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; choose from: {', '.join(SORT_KEYS)}")
    by_name = sorted(rows, key=lambda r: (r.name.casefold(), r.profile_id))
    present = [r for r in by_name if _sort_value(r, key)[0] == 0]
    missing = [r for r in by_name if _sort_value(r, key)[0] == 1]
    present.sort(key=lambda r: _sort_value(r, key)[1], reverse=descending)
    return present + missing


def filter_rows(rows: Iterable[ClinicRow], query: str) -> list[ClinicRow]:
    """Return the rows whose name contains ``query`` (any case; blank keeps all)."""
    needle = query.strip().casefold() if isinstance(query, str) else ""
    return [r for r in rows if needle in r.name.casefold()]


# --- plan history -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanDiff:
    """What changed from one saved plan to the next."""

    sites_added: list[str] = field(default_factory=list)
    sites_removed: list[str] = field(default_factory=list)
    pain_changed: dict[str, tuple[int, int]] = field(default_factory=dict)
    minutes: tuple[int, int] | None = None
    roller: tuple[str, str] | None = None
    targets_added: list[str] = field(default_factory=list)
    targets_removed: list[str] = field(default_factory=list)
    exercises_added: list[str] = field(default_factory=list)
    exercises_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (
            self.sites_added
            or self.sites_removed
            or self.pain_changed
            or self.minutes
            or self.roller
            or self.targets_added
            or self.targets_removed
            or self.exercises_added
            or self.exercises_removed
        )


def _pain(inputs: Mapping[str, Any]) -> dict[str, int]:
    raw = inputs.get("pain") if isinstance(inputs, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    return {
        str(site): value
        for site, value in raw.items()
        if isinstance(value, int) and not isinstance(value, bool) and value > 0
    }


def _items(output: Mapping[str, Any], section: str, key: str) -> dict[str, str]:
    """id → label for the plan's rolling targets or strength exercises."""
    raw = output.get(section) if isinstance(output, Mapping) else None
    found: dict[str, str] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get(key), str):
            label = item.get("label")
            found[item[key]] = label if isinstance(label, str) and label else item[key]
    return found


def _scalar(inputs: Mapping[str, Any], key: str, kind: type) -> Any:
    value = inputs.get(key) if isinstance(inputs, Mapping) else None
    return value if isinstance(value, kind) and not isinstance(value, bool) else None


def plan_diff(old: SavedPlan | None, new: SavedPlan) -> PlanDiff:
    """Return what changed from ``old`` to ``new`` (everything is "added" when old is None)."""
    old_in: Mapping[str, Any] = old.inputs if old is not None else {}
    old_out: Mapping[str, Any] = old.output if old is not None else {}
    before, after = _pain(old_in), _pain(new.inputs)
    changed = {s: (before[s], after[s]) for s in after if s in before and before[s] != after[s]}
    minutes: tuple[int, int] | None = None
    old_min, new_min = _scalar(old_in, "minutes", int), _scalar(new.inputs, "minutes", int)
    if old is not None and old_min is not None and new_min is not None and old_min != new_min:
        minutes = (old_min, new_min)
    roller: tuple[str, str] | None = None
    old_roll, new_roll = _scalar(old_in, "roller", str), _scalar(new.inputs, "roller", str)
    if old is not None and old_roll and new_roll and old_roll != new_roll:
        roller = (old_roll, new_roll)
    t_old, t_new = _items(old_out, "rolling", "target"), _items(new.output, "rolling", "target")
    e_old, e_new = (
        _items(old_out, "strength", "exercise"),
        _items(new.output, "strength", "exercise"),
    )
    return PlanDiff(
        sites_added=[s for s in after if s not in before],
        sites_removed=[s for s in before if s not in after],
        pain_changed=changed,
        minutes=minutes,
        roller=roller,
        targets_added=[t_new[t] for t in t_new if t not in t_old],
        targets_removed=[t_old[t] for t in t_old if t not in t_new],
        exercises_added=[e_new[e] for e in e_new if e not in e_old],
        exercises_removed=[e_old[e] for e in e_old if e not in e_new],
    )


def _names(ids: Iterable[str], labels: Mapping[str, str]) -> str:
    return ", ".join(labels.get(i, i) for i in ids)


def describe_diff(diff: PlanDiff, site_labels: Mapping[str, str] | None = None) -> list[str]:
    """Return the changes as short plain sentences (empty list: nothing changed)."""
    labels = site_labels or {}
    lines: list[str] = []
    if diff.sites_added:
        lines.append(_("Pain sites added: {names}.").format(names=_names(diff.sites_added, labels)))
    if diff.sites_removed:
        lines.append(
            _("Pain sites removed: {names}.").format(names=_names(diff.sites_removed, labels))
        )
    for site, (was, now) in diff.pain_changed.items():
        where = labels.get(site, site)
        lines.append(_("Pain at {site}: {was}/10 → {now}/10.").format(site=where, was=was, now=now))
    if diff.minutes:
        was, now = diff.minutes
        lines.append(_("Time a day: {was} → {now} minutes.").format(was=was, now=now))
    if diff.roller:
        lines.append(_("Roller: {was} → {now}.").format(was=diff.roller[0], now=diff.roller[1]))
    if diff.targets_added:
        lines.append(_("Rolling added: {names}.").format(names=", ".join(diff.targets_added)))
    if diff.targets_removed:
        lines.append(_("Rolling removed: {names}.").format(names=", ".join(diff.targets_removed)))
    if diff.exercises_added:
        lines.append(_("Exercises added: {names}.").format(names=", ".join(diff.exercises_added)))
    if diff.exercises_removed:
        lines.append(
            _("Exercises removed: {names}.").format(names=", ".join(diff.exercises_removed))
        )
    return lines


@dataclass(frozen=True)
class PlanChange:
    """One plan in the history, with what changed since the plan before it."""

    plan: SavedPlan
    changes: list[str]
    first: bool


def plan_history(
    plans: Iterable[SavedPlan], site_labels: Mapping[str, str] | None = None
) -> list[PlanChange]:
    """Return the plans newest first, each with its changes against the one before."""
    ordered = sorted(plans, key=lambda p: (p.created, p.id))
    history: list[PlanChange] = []
    previous: SavedPlan | None = None
    for plan in ordered:
        diff = plan_diff(previous, plan)
        changes = describe_diff(diff, site_labels)
        if previous is not None and not changes:
            changes = [_("No change to sites, time, roller or items.")]
        history.append(PlanChange(plan, changes, first=previous is None))
        previous = plan
    return list(reversed(history))


def plan_summary(plan: SavedPlan | None) -> list[str]:
    """Return the saved plan's items as short lines (rolling, strength, running advice)."""
    if plan is None:
        return []
    out = plan.output if isinstance(plan.output, Mapping) else {}
    lines: list[str] = []
    rolling = out.get("rolling")
    for item in rolling if isinstance(rolling, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("label"), str):
            secs, sets = item.get("seconds"), item.get("sets")
            dose = f": {secs} s x {sets}" if isinstance(secs, int) and isinstance(sets, int) else ""
            side = _(" each side") if item.get("side") == "each" and dose else ""
            lines.append(
                _("Roll {name}{dose}{side}").format(name=item["label"], dose=dose, side=side)
            )
    strength = out.get("strength")
    for item in strength if isinstance(strength, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("label"), str):
            sets, reps, hold = item.get("sets"), item.get("reps"), item.get("hold_seconds")
            amount = (
                f"{reps}"
                if isinstance(reps, int)
                else _("{hold} s hold").format(hold=hold)
                if isinstance(hold, int)
                else ""
            )
            dose = f": {sets} x {amount}" if isinstance(sets, int) and amount else ""
            level = item.get("level")
            extra = f" ({level})" if isinstance(level, str) and level else ""
            name = item["label"]
            lines.append(
                _("Strength {name}{extra}{dose}").format(name=name, extra=extra, dose=dose)
            )
    running = out.get("running")
    if isinstance(running, Mapping) and isinstance(running.get("advice"), str):
        lines.append(_("Running: {running}").format(running=running["advice"]))
    referral = out.get("referral")
    if isinstance(referral, Mapping) and referral.get("needed"):
        headline = referral.get("headline")
        referral = _("Referral: {headline}").format(headline=headline)
        lines.insert(0, referral if isinstance(headline, str) else _("Referral needed"))
    return lines
