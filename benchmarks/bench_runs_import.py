"""Benchmark importing a three-year Strava-style export (about 600 runs) with the CLI path.

Run: python benchmarks/bench_runs_import.py   (prints figures; asserts nothing)
Targets (issue 21): the whole import < 10 s and < 300 MB peak memory. Three imports:
the first (one reading process per core, as the command line does), the same export
again (files already kept are not read again), and the first into a new log with one
process (as the page reads); then the runs kept by the first and the third are compared.

The export is made by tests/runfiles.py: 600 runs of 5–17 km with a point every
3 s (a third each GPX, TCX and FIT, all gzipped, as Strava stores them) plus 60 rides.
The import runs in a fresh process, so its peak resident memory (ru_maxrss) is the
import's own, Python and libraries included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import datetime as dt, json, os, resource, sys, time
from pathlib import Path
from typing import Any
from rollbook.runs.importer import read_uploads
from rollbook.store import SqliteStore

zip_path, db, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
today = dt.date(2030, 1, 1)
store = SqliteStore(db)
runner = store.find_profile("Bench") or store.add_profile("Bench")
t0, c0 = time.perf_counter(), time.process_time()
# As `rollbook runs import` does: files already kept are not read again.
known = {run.fingerprint for run in store.runs(runner)}
read = read_uploads([zip_path], today=today, workers=workers, known=known)
t1, c1 = time.perf_counter(), time.process_time()
saved = store.add_runs(runner, read.runs, today=today)
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({
    "runs": len(read.runs), "skipped": len(read.skipped), "problems": read.problems[:3],
    "known": read.already,
    "added": saved.added, "already": saved.already, "days": len(saved.days),
    "read_s": t1 - t0, "read_cpu_s": c1 - c0, "save_s": t2 - t1, "save_cpu_s": c2 - c1,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    # The reading processes (one per core): their CPU, and the largest one's peak memory.
    "workers_cpu_s": sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f)
                         for f in ("ru_utime", "ru_stime")),
    "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "workers": workers,
}))
"""


def _import(zip_path: Path, db: Path, workers: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(zip_path), str(db), str(workers)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.runfiles import three_year_export

    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    # Encoding 200 FIT files with fit-tool takes minutes, so the export is made once and
    # kept in the temp folder (delete it to make a new one).
    cache = Path(tempfile.gettempdir()) / "rollbook-bench-runs-export-v1.zip"
    t0 = time.perf_counter()
    if not cache.exists():
        print("making the export once (a few minutes)…", flush=True)
        cache.write_bytes(three_year_export(600))
    data = cache.read_bytes()
    made = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        zip_path = Path(tmp) / "export.zip"
        zip_path.write_bytes(data)
        print(f"export: 600 runs + 60 rides, {len(data) / 1e6:.1f} MB zip (ready in {made:.0f} s)")
        cores = min(os.cpu_count() or 1, 4)
        runs = [
            ("first import", "cli.sqlite", cores),
            ("same export again", "cli.sqlite", cores),
            ("first import, 1 process", "page.sqlite", 1),
        ]
        for label, name, workers in runs:
            r = _import(zip_path, Path(tmp) / name, workers)
            total = float(r["read_s"]) + float(r["save_s"])
            cpu = sum(float(r[k]) for k in ("read_cpu_s", "save_cpu_s", "workers_cpu_s"))
            # Peak memory of the whole import: the main process plus every reading process.
            peak = float(r["rss_mb"]) + (workers if workers > 1 else 0) * float(r["worker_rss_mb"])
            verdict = "met" if total < 10 and peak < 300 else "NOT met"
            print(
                f"{label:<24} {total:5.1f} s wall, cpu {cpu:5.1f} s, {workers} reading "
                f"process{'es' if workers > 1 else ''}, memory at most {peak:3.0f} MB  "
                f"[target < 10 s, < 300 MB: {verdict}]  runs {r['runs']}, added {r['added']}, "
                f"already kept {int(r['already']) + int(r['known'])}, skipped {r['skipped']}, "
                f"days {r['days']}"
            )
            if r["problems"]:
                print(f"  problems: {r['problems']}")
        print(
            "  (wall time depends on what else the machine runs: the load average is above;"
            " cpu is the work itself)"
        )
        same = _kept(Path(tmp) / "cli.sqlite") == _kept(Path(tmp) / "page.sqlite")
        print(f"  runs read by {cores} processes and by 1 the same: {'yes' if same else 'NO'}")


def _kept(db: Path) -> list[tuple[object, ...]]:
    """Every kept run's figures: start, km, minutes, climb, source and fingerprint."""
    from rollbook.store import SqliteStore

    store = SqliteStore(db)
    runner = store.find_profile("Bench")
    assert runner is not None
    return [
        (r.start, r.km, r.moving_s, r.elevation_m, r.source, r.fingerprint)
        for r in store.runs(runner)
    ]


if __name__ == "__main__":
    main()
