"""Turn uploaded files into runs ready to save, with every skip and problem named.

Reading never touches the store. The caller shows the summary, and only when there
are no problems saves the runs with ``Store.add_runs`` (one transaction), so a failed
import saves nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from rollbook.i18n import _, ngettext
from rollbook.runs.archive import (
    ArchiveError,
    Bad,
    Found,
    Item,
    Other,
    Unrecorded,
    _Budget,
    open_file,
    open_path,
)
from rollbook.runs.formats import FileError, NotActivity, read_activity
from rollbook.runs.pool import OrderedPool
from rollbook.runs.record import Run, RunError, date_problem, figures_problem

#: Most runs taken in one import (30 years of daily runs).
MAX_RUNS = 12_000

#: An upload: a name and its bytes (from a page) or a path (from the command line).
Upload = tuple[str, bytes] | Path


@dataclass(frozen=True)
class Skipped:
    """An activity left out on purpose, and why (not a run, already in this import)."""

    source: str
    reason: str


@dataclass
class ReadResult:
    """What a set of uploads holds: runs to save, activities skipped, files with problems."""

    runs: list[Run] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    other_files: int = 0
    #: Files already imported for this runner (their fingerprint is kept): not read again.
    already: int = 0

    @property
    def ok(self) -> bool:
        """True when no file had a problem (so the runs may be saved)."""
        return not self.problems


def is_running(sport: str | None) -> bool:
    """True for a running sport word from a file or Strava (run, trail run, treadmill...)."""
    if sport is None:
        return True  # the file does not say: the runner chose to give it to us
    word = sport.lower().replace(" ", "").replace("_", "")
    return "run" in word or word == "treadmill"


def read_uploads(
    uploads: Iterable[Upload],
    *,
    today: dt.date,
    tz: dt.tzinfo | None = None,
    workers: int = 1,
    known: Collection[str] = frozenset(),
) -> ReadResult:
    """Read every upload into runs; nothing is saved. ``tz``: the runner's time zone.

    ``workers`` > 1 reads the activity files in that many processes (the command line
    uses one per core) once there are enough files to be worth it; a few batches of
    files wait in memory at most (:mod:`rollbook.runs.pool`). The result is the same.
    ``known``: fingerprints of the runner's kept runs. Those files are counted in
    ``already`` and not read again, so importing a new export that repeats years of
    old runs costs little more than the new ones.
    """
    result = ReadResult()
    with _Reader(result, today=today, tz=tz, workers=workers, known=known) as reader:
        for upload in uploads:
            try:
                for item in _items(upload, reader.budget):
                    reader.take(item)
                    if len(result.runs) > MAX_RUNS:
                        result.problems.append(
                            _(
                                "more than {MAX_RUNS} runs in one import; import the files in smaller groups"
                            ).format(MAX_RUNS=MAX_RUNS)
                        )
                        return result
            except ArchiveError as exc:
                reader.problem(str(exc))
    result.runs.sort(key=lambda r: r.start)
    return result


class _Reader:
    """Sends each activity file to :func:`_read_batch`, here or in worker processes."""

    def __init__(
        self,
        result: ReadResult,
        *,
        today: dt.date,
        tz: dt.tzinfo | None,
        workers: int,
        known: Collection[str] = frozenset(),
    ) -> None:
        self.result, self.today, self.tz = result, today, tz
        self.known = known
        self.budget = _Budget()
        self.seen: dict[str, str] = {}
        self.pool: OrderedPool[_Job, _Answer] = OrderedPool(_read_batch, self._add, workers=workers)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        with self.pool:
            if exc[0] is None:
                self.pool.finish()

    def take(self, item: Item) -> None:
        """Count, skip or read one item of an upload."""
        result = self.result
        if isinstance(item, Other):
            result.other_files += 1
            return
        if isinstance(item, Bad):
            self.pool.ready((item.name, item.problem))
            return
        if isinstance(item, Unrecorded):
            running = is_running(item.strava_type or None)
            why = (
                item.reason
                if running
                else _("Strava lists it as a {strava_type}, not a run").format(
                    strava_type=item.strava_type
                )
            )
            self.pool.ready((item.name, Skipped(item.name, why)))
            return
        if item.strava_type is not None and not is_running(item.strava_type):
            why = _("Strava lists it as a {strava_type}, not a run").format(
                strava_type=item.strava_type
            )
            self.pool.ready((item.name, Skipped(item.name, why)))
            return
        fingerprint = hashlib.sha256(item.data).hexdigest()
        if fingerprint in self.known:
            result.already += 1
            return
        if fingerprint in self.seen:
            why = _("the same file as {amount}").format(amount=self.seen[fingerprint])
            self.pool.ready((item.name, Skipped(item.name, why)))
            return
        self.seen[fingerprint] = item.name
        self.pool.add((item, fingerprint, self.today, self.tz), len(item.data))

    def problem(self, text: str) -> None:
        """A problem with a whole upload, listed in its place among the files' answers."""
        self.pool.ready((None, text))

    def _add(self, answer: _Answer) -> None:
        name, outcome = answer
        if isinstance(outcome, Run):
            self.result.runs.append(outcome)
        elif isinstance(outcome, Skipped):
            self.result.skipped.append(outcome)
        else:
            self.result.problems.append(outcome if name is None else f"{name}: {outcome}")


#: One file to read: the file, its fingerprint, today and the runner's time zone.
_Job = tuple[Found, str, dt.date, dt.tzinfo | None]
#: What became of a file (its name): a run, a skip, or a problem (None: the upload's).
_Answer = tuple[str | None, Run | Skipped | str]


def _read_batch(jobs: Sequence[_Job]) -> list[_Answer]:
    """Read a batch of files (in a worker process or here): each file's name and outcome."""
    return [(item.name, _run(item, sha, today=day, tz=tz)) for item, sha, day, tz in jobs]


def _items(upload: Upload, budget: _Budget) -> Iterator[Item]:
    if isinstance(upload, Path):
        try:
            yield from open_path(upload, budget)
        except OSError as exc:
            yield Bad(
                upload.name, _("it cannot be read ({amount})").format(amount=exc.strerror or exc)
            )
        return
    name, data = upload
    yield from open_file(name, data, budget)


def _run(
    item: Found, fingerprint: str, *, today: dt.date, tz: dt.tzinfo | None
) -> Run | Skipped | str:
    """Return the run in ``item``, why it is skipped, or what is wrong with it."""
    try:
        activity = read_activity(item.data)
    except NotActivity as exc:
        return Skipped(item.name, str(exc))
    except FileError as exc:
        return str(exc)
    sport = item.strava_type or activity.sport
    if not is_running(sport):
        return Skipped(item.name, _("it is a {sport} activity, not a run").format(sport=sport))
    if activity.glitch:
        return _("{glitch}. Fix the track in your watch app, or leave this file out").format(
            glitch=activity.glitch
        )
    day = activity.start.astimezone(tz).date()
    problem = date_problem(activity.start, today=today, day=day) or figures_problem(
        activity.km, activity.moving_s
    )
    if problem:
        return problem
    try:
        return Run(
            date=day,
            start=activity.start,
            km=round(activity.km, 3),
            moving_s=activity.moving_s,
            source=item.name.rsplit("/", 1)[-1],
            fingerprint=fingerprint,
            elevation_m=None if activity.elevation_m is None else round(activity.elevation_m, 1),
        )
    except RunError as exc:
        return str(exc)


def summary_lines(read: ReadResult, saved: Any = None) -> list[str]:
    """Plain-text summary lines: runs found or added, days changed, skipped and why."""
    lines: list[str] = []
    if saved is not None:
        already = saved.already + read.already
        lines.append(
            _("Runs added: {added}").format(added=saved.added)
            + (_(" ({already} already kept)").format(already=already) if already else "")
        )
        for change in saved.days:
            before = _("new day") if change.km_before is None else f"{change.km_before:g} km"
            lines.append(f"  {change.date.isoformat()}: {before} -> {change.km_after:g} km")
    else:
        lines.append(
            _("Runs found: {runs}").format(runs=len(read.runs))
            + (
                ngettext(
                    " ({already} file imported before, not read again)",
                    " ({already} files imported before, not read again)",
                    read.already,
                ).format(already=read.already)
                if read.already
                else ""
            )
        )
    for reason, names in group_skipped(read.skipped):
        shown = ", ".join(names[:3]) + (
            _(" and {amount} more").format(amount=len(names) - 3) if len(names) > 3 else ""
        )
        lines.append(
            _("Skipped {names}: {reason} ({shown})").format(
                names=len(names), reason=reason, shown=shown
            )
        )
    if read.other_files:
        lines.append(
            _("Left alone: {other_files} other files in the export (not activities)").format(
                other_files=read.other_files
            )
        )
    return lines


def group_skipped(skipped: Iterable[Skipped]) -> list[tuple[str, list[str]]]:
    """Group skipped activities by reason, most common first."""
    groups: dict[str, list[str]] = {}
    for item in skipped:
        key = item.reason
        if key.startswith("the same file as"):
            key = _("the same file twice in this import")
        groups.setdefault(key, []).append(item.source)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))
