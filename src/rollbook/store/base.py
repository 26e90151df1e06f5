"""The store interface: what callers may do with saved data, independent of the engine.

Callers use only these methods and the records in :mod:`rollbook.records`, never SQL,
so another backend (PostgreSQL for a clinic) can be added without touching them.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rollbook.i18n import _
from rollbook.records import (
    ImportResult,
    LogEntry,
    Profile,
    PsfsRecord,
    SavedPlan,
    SaveResult,
)

if TYPE_CHECKING:
    from typing import Self

    from rollbook.progress_records import Adjustment, ExerciseSession, LadderCheck, LefsRecord
    from rollbook.runs.record import Run, RunsSaved

#: A profile given as its record or its id.
ProfileRef = Profile | int


class StoreError(Exception):
    """A plain-language problem with stored data (bad value, busy, corrupt, too new)."""


class NameTakenError(StoreError):
    """Another runner here already has the name an import would give (choose another)."""


def check_record_date(date: dt.date, today: dt.date | None) -> None:
    """Refuse a score dated in the future or before the log's first day (``StoreError``)."""
    from rollbook.records import early_date_problem

    day = today or dt.date.today()
    if date > day:
        raise StoreError(
            _("date {day} is in the future (today is {isoformat_2})").format(
                day=date.isoformat(), isoformat_2=day.isoformat()
            )
        )
    early = early_date_problem(date)
    if early:
        raise StoreError(early)


class Store(ABC):
    """Saved profiles, plans, daily logs and PSFS ratings."""

    # --- profiles
    @abstractmethod
    def add_profile(self, name: str, *, created: dt.date | None = None) -> Profile:
        """Add a runner; names are unique regardless of case."""

    @abstractmethod
    def list_profiles(self) -> list[Profile]:
        """Return every profile, sorted by name."""

    @abstractmethod
    def find_profile(self, name: str) -> Profile | None:
        """Return the profile with this name (any case), or None."""

    @abstractmethod
    def get_profile(self, profile_id: int) -> Profile:
        """Return the profile with this id; StoreError if there is none."""

    @abstractmethod
    def delete_profile(self, profile: ProfileRef) -> bool:
        """Delete a profile and everything saved for it; False if it did not exist."""

    # --- plans
    @abstractmethod
    def save_plan(
        self,
        profile: ProfileRef,
        inputs: dict[str, Any],
        output: dict[str, Any],
        *,
        created: dt.datetime | None = None,
    ) -> SavedPlan:
        """Save a plan (JSON-compatible inputs and output) as the profile's newest plan."""

    @abstractmethod
    def list_plans(self, profile: ProfileRef) -> list[SavedPlan]:
        """Return the profile's plans, newest first."""

    @abstractmethod
    def current_plan(self, profile: ProfileRef) -> SavedPlan | None:
        """Return the profile's newest plan, or None."""

    # --- daily log
    @abstractmethod
    def save_entry(
        self, profile: ProfileRef, entry: LogEntry, *, today: dt.date | None = None
    ) -> SaveResult:
        """Save the day's entry, replacing any entry for the same date."""

    @abstractmethod
    def save_entries(
        self, profile: ProfileRef, entries: Iterable[LogEntry], *, today: dt.date | None = None
    ) -> ImportResult:
        """Save many entries in one transaction: all of them or none."""

    @abstractmethod
    def get_entry(self, profile: ProfileRef, date: dt.date) -> LogEntry | None:
        """Return the entry for ``date``, or None."""

    @abstractmethod
    def list_entries(
        self,
        profile: ProfileRef,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[LogEntry]:
        """Return entries between ``start`` and ``end`` (inclusive), oldest first."""

    @abstractmethod
    def delete_entry(self, profile: ProfileRef, date: dt.date) -> bool:
        """Delete the entry for ``date``; False if there was none."""

    # --- PSFS
    @abstractmethod
    def save_psfs(
        self, profile: ProfileRef, record: PsfsRecord, *, today: dt.date | None = None
    ) -> SaveResult:
        """Save a PSFS rating, replacing any rating on the same date."""

    @abstractmethod
    def list_psfs(self, profile: ProfileRef) -> list[PsfsRecord]:
        """Return the profile's PSFS ratings, oldest first."""

    @abstractmethod
    def delete_psfs(self, profile: ProfileRef, date: dt.date) -> bool:
        """Delete the PSFS rating for ``date``; False if there was none."""

    # --- runs from watch files
    @abstractmethod
    def add_runs(
        self, profile: ProfileRef, runs: Iterable[Run], *, today: dt.date | None = None
    ) -> RunsSaved:
        """Save the runs not stored yet and set each of their days' distance to the sum of
        its runs, all in one transaction; a hand-logged day keeps its scores and note."""

    @abstractmethod
    def preview_runs(self, profile: ProfileRef, runs: Iterable[Run]) -> RunsSaved:
        """Return what :meth:`add_runs` would do, without saving anything."""

    @abstractmethod
    def runs(
        self, profile: ProfileRef, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Run]:
        """Return the profile's runs dated ``start`` to ``end`` (inclusive), oldest first."""

    # --- plans that move (exercise sessions, adjustments, ladder checks, LEFS)
    @abstractmethod
    def save_day(
        self,
        profile: ProfileRef,
        entry: LogEntry,
        sessions: Sequence[ExerciseSession],
        *,
        today: dt.date | None = None,
    ) -> SaveResult:
        """Save a day's log and its exercise sessions in one transaction."""

    @abstractmethod
    def list_sessions(
        self, profile: ProfileRef, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[ExerciseSession]:
        """Return the exercise sessions dated ``start`` to ``end``, oldest first."""

    @abstractmethod
    def add_adjustment(self, profile: ProfileRef, adjustment: Adjustment) -> Adjustment:
        """Save a clinician's change to the plan, with its reason."""

    @abstractmethod
    def list_adjustments(self, profile: ProfileRef) -> list[Adjustment]:
        """Return the clinician's changes, oldest first."""

    @abstractmethod
    def save_ladder_check(self, profile: ProfileRef, check: LadderCheck) -> SaveResult:
        """Save the walk-run start checks answered yes on a date."""

    @abstractmethod
    def list_ladder_checks(self, profile: ProfileRef) -> list[LadderCheck]:
        """Return the walk-run start checks, oldest first."""

    @abstractmethod
    def save_lefs(
        self, profile: ProfileRef, record: LefsRecord, *, today: dt.date | None = None
    ) -> SaveResult:
        """Save a LEFS, replacing any on the same date."""

    @abstractmethod
    def list_lefs(self, profile: ProfileRef) -> list[LefsRecord]:
        """Return the profile's LEFS answers, oldest first."""

    # --- kept replay checkpoints (a cache: a store may keep none)
    def week_checkpoint(
        self, profile: ProfileRef, plan_id: int, key: str
    ) -> tuple[int, dt.date | None, str]:
        """The runner's write count and the kept checkpoint's day and text for the plan
        and key (:mod:`rollbook.week_checkpoint`); ``(count, None, "")`` when none."""
        return 0, None, ""

    def save_week_checkpoint(
        self, profile: ProfileRef, plan_id: int, key: str, count: int, day: dt.date, state: str
    ) -> bool:
        """Keep a checkpoint unless a record changed since ``count``; True when kept."""
        return False

    # --- upkeep
    @abstractmethod
    def backup(self, dest: Path | str) -> Path:
        """Write a consistent copy of all data to ``dest`` (which must not exist)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
