"""Page 06's page model: what the clinician view reads for each runner, read once.

The runners table, one runner's detail and the follow-up PDF all judge a runner with
the pain model. They read the runner here, with the same log, scores, plans and
watch runs (the page hands :meth:`RunnerRecord.guard_runs` to the report), so the table, the detail and the report never give two different
answers for the same runner on the same day (imported runs change the load guard: a
day of two short runs is not one long run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rollbook import analytics, clinic
from rollbook.review import lefs_change
from rollbook.runs.summary import load_runs

if TYPE_CHECKING:
    from rollbook.progress_records import LefsRecord
    from rollbook.records import LogEntry, Profile, PsfsRecord, SavedPlan
    from rollbook.runs.record import Run
    from rollbook.store.base import Store

__all__ = ["RunnerRecord", "clinic_rows", "read_runner"]


@dataclass(frozen=True)
class RunnerRecord:
    """One runner as the clinician view reads them: log, scores, plans and runs."""

    profile: Profile
    entries: tuple[LogEntry, ...]
    psfs: tuple[PsfsRecord, ...]
    #: Every saved plan, newest first (as the store lists them).
    plans: tuple[SavedPlan, ...]
    runs: tuple[Run, ...]
    lefs: tuple[LefsRecord, ...]

    @property
    def plan(self) -> SavedPlan | None:
        """The plan in use now (the newest saved), or None."""
        return self.plans[0] if self.plans else None

    def guard_runs(self) -> list[tuple[dt.date, float]]:
        """Single runs (day, km) for the load guard: watch runs, else each day's km."""
        return load_runs(self.entries, self.runs)

    def status(self, today: dt.date) -> analytics.Status:
        """The pain model's view of this runner today, runs included."""
        return clinic.runner_status(
            self.entries, self.psfs, self.plan, today=today, runs=self.guard_runs()
        )


def read_runner(store: Store, profile: Profile) -> RunnerRecord:
    """Read everything the clinician view shows for ``profile`` (raises ``StoreError``)."""
    return RunnerRecord(
        profile=profile,
        entries=tuple(store.list_entries(profile)),
        psfs=tuple(store.list_psfs(profile)),
        plans=tuple(store.list_plans(profile)),
        runs=tuple(store.runs(profile)),
        lefs=tuple(store.list_lefs(profile)),
    )


def clinic_rows(store: Store, today: dt.date) -> list[clinic.ClinicRow]:
    """One table row per runner in the store (raises ``StoreError``)."""
    from rollbook.weekload import load_week

    rows = []
    for profile in store.list_profiles():
        record = read_runner(store, profile)
        rows.append(
            clinic.clinic_row(
                profile,
                record.entries,
                record.psfs,
                record.plan,
                today=today,
                week_plan=load_week(store, profile, today),
                lefs=lefs_change(record.lefs),
                runs=record.guard_runs(),
            )
        )
    return rows
