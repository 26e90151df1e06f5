"""Benchmark ``rollbook week`` on three years of daily logs with exercise sessions.

Run: python benchmarks/bench_week.py   (prints figures; asserts nothing)
Target: this week's plan (store reads + progression + ladder + review) < 50 ms, in the
process that asks (the page's kernel, or the command once started); the command as a
new process is printed too, for what a terminal user waits (mostly Python's start and
the imports of the content library).
The plan started on the first day, so every day and session of the 3 years is replayed
the first time; later calls go on from the checkpoint kept 4-5 weeks back
(rollbook/week_checkpoint.py), and a row shows the first time too. Pain scores are mostly
low with a few severe days (so running pauses now and then).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from timing import bytecodes, median_ms, row

from rollbook.cli.progress import week_for
from rollbook.plan import PlanInput, build_plan
from rollbook.progress_records import Adjustment, ExerciseSession
from rollbook.records import LogEntry, SitePain
from rollbook.store import SqliteStore
from rollbook.weekplan import week_plan

START = dt.date(2023, 1, 2)
DAYS = 3 * 365


def _pain(rng: random.Random) -> int:
    """A pain score as logs show it: mostly low, sometimes acceptable, rarely severe."""
    return rng.choices(range(11), weights=[20, 25, 20, 12, 8, 5, 4, 3, 2, 1, 0])[0]


def _command(home: Path, today: dt.date) -> None:
    """Run ``rollbook week`` as a runner types it, on the benchmark's data folder."""
    subprocess.run(
        [sys.executable, "-m", "rollbook", "week", "--profile", "Runner", "--date",
         today.isoformat(), "--format", "json"],
        env=dict(os.environ, ROLLBOOK_HOME=str(home)), capture_output=True, check=True,
    )  # fmt: skip


def main() -> None:
    warnings.simplefilter("ignore")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rng = random.Random(17)
    plan = build_plan(PlanInput(pain={"achilles": 4, "knee": 3}, minutes=30))
    exercises = [s.exercise for s in plan.strength]
    today = START + dt.timedelta(days=DAYS - 1)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "rollbook.sqlite")
        runner = store.add_profile("Runner")
        store.save_plan(runner, {"start": START.isoformat(), "side": "left"}, plan.to_dict())
        sessions = 0
        for n in range(DAYS):
            day = START + dt.timedelta(days=n)
            pains = (SitePain("achilles", _pain(rng), _pain(rng),
                              rng.choice([None, _pain(rng)])),)  # fmt: skip
            entry = LogEntry(day, pains, km=round(rng.uniform(0, 12), 1), done=True)
            done = [ExerciseSession(day, e, rng.randint(0, 6), rng.choice(["easy", "ok", "hard"]))
                    for e in exercises] if n % 2 == 0 else []  # fmt: skip
            sessions += len(done)
            store.save_day(runner, entry, done, today=today)
        for n in range(0, DAYS, 60):
            store.add_adjustment(
                runner,
                Adjustment(
                    START + dt.timedelta(days=n),
                    "review",
                    {"on": (START + dt.timedelta(days=n + 21)).isoformat()},
                    "Clinic visit",
                ),
            )
        print(
            f"database: {DAYS} daily entries, {sessions} exercise sessions, "
            f"{len(store.list_adjustments(runner))} adjustments"
        )

        row(
            "rollbook week, plan started 3 years ago",
            *median_ms(lambda: week_for(store, runner, today), 20),
            "< 50 ms",
        )
        work = bytecodes(lambda: week_for(store, runner, today))
        print(f"{'  the same, Python bytecodes (load-free)':<44} {work / 1e6:.2f} million")

        def first_time() -> None:
            store._db.execute("DELETE FROM week_checkpoints")  # as after an edit weeks back
            week_for(store, runner, today)

        row("  the same, no checkpoint kept (replays all)", *median_ms(first_time, 10), "-")
        cold = bytecodes(first_time)
        print(f"{'  the same, Python bytecodes (load-free)':<44} {cold / 1e6:.2f} million")
        from rollbook.pages.review import review_state

        row(
            "page 05 review summary, 3-year plan",
            *median_ms(lambda: review_state(store, runner, today), 10),
            "-",
        )
        row(
            "rollbook week as a command (new process)",
            *median_ms(lambda: _command(Path(tmp), today), 5),
            "- (Python start and imports)",
        )
        recent = (today - dt.timedelta(days=84)).isoformat()
        store.save_plan(runner, {"start": recent, "side": "left"}, plan.to_dict())
        row(
            "rollbook week, plan started 12 weeks ago",
            *median_ms(lambda: week_for(store, runner, today), 20),
            "< 50 ms",
        )
        saved = store.list_plans(runner)[-1]
        assert saved is not None
        entries = store.list_entries(runner)
        logged = store.list_sessions(runner)
        adjs = store.list_adjustments(runner)
        row("3-year plan, full replay, data in memory",
             *median_ms(lambda: week_plan(saved.inputs, saved.output, created=START, today=today,
                                           entries=entries, sessions=logged, adjustments=adjs),
                         20), "-")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
