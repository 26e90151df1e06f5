"""Benchmark importing a three-year Strava-style export (about 600 runs) with the CLI path.

Run: python benchmarks/bench_runs_import.py   (prints figures; asserts nothing)
Targets (issue 21): the whole import < 10 s and < 300 MB peak memory.

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

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from rollbook.runs.importer import read_uploads
from rollbook.store import SqliteStore

zip_path, db = Path(sys.argv[1]), Path(sys.argv[2])
today = dt.date(2030, 1, 1)
store = SqliteStore(db)
runner = store.find_profile("Bench") or store.add_profile("Bench")
t0, c0 = time.perf_counter(), time.process_time()
read = read_uploads([zip_path], today=today)
t1, c1 = time.perf_counter(), time.process_time()
saved = store.add_runs(runner, read.runs, today=today)
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({
    "runs": len(read.runs), "skipped": len(read.skipped), "problems": read.problems[:3],
    "added": saved.added, "already": saved.already, "days": len(saved.days),
    "read_s": t1 - t0, "read_cpu_s": c1 - c0, "save_s": t2 - t1, "save_cpu_s": c2 - c1,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _import(zip_path: Path, db: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(zip_path), str(db)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout)
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
        db = Path(tmp) / "rollbook.sqlite"
        for label in ("first import", "same export again"):
            r = _import(zip_path, db)
            total = float(r["read_s"]) + float(r["save_s"])  # type: ignore[arg-type]
            cpu = float(r["read_cpu_s"]) + float(r["save_cpu_s"])  # type: ignore[arg-type]
            print(
                f"{label:<18} {total:6.1f} s (cpu {cpu:5.1f} s; read {r['read_s']:.1f} s, "
                f"save {r['save_s']:.2f} s)  peak RSS {r['rss_mb']:.0f} MB  "
                f"runs {r['runs']}, added {r['added']}, already {r['already']}, "
                f"skipped {r['skipped']}, days {r['days']}  target < 10 s, < 300 MB"
            )
            if r["problems"]:
                print(f"  problems: {r['problems']}")


if __name__ == "__main__":
    main()
