"""Print timings for the content library, the plan engine and the exports.

Run: .venv/bin/python benchmarks/bench_plan.py
Targets: plan build < 5 ms, PDF < 1 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

from rollbook.content import content_dir, load_library
from rollbook.export.ics import plan_ics
from rollbook.export.pdf import plan_pdf
from rollbook.plan import PlanInput, build_plan


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_ms() -> tuple[float, float]:
    """Median (import ms, first load ms) over 5 fresh processes."""
    code = (
        "import time; t = time.perf_counter(); from rollbook.content import load_library; "
        "t1 = time.perf_counter(); load_library(); t2 = time.perf_counter(); "
        "print((t1 - t) * 1000, (t2 - t1) * 1000)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(5)
    ]
    return (
        statistics.median(float(r[0]) for r in runs),
        statistics.median(float(r[1]) for r in runs),
    )


def main() -> None:
    folder = content_dir()
    lib = load_library()
    inp = PlanInput(
        pain={"knee": 6, "calf": 3, "low-back": 2},
        weekly_km=30,
        run_days=4,
        roller="spiked",
        minutes=30,
        name="Sam",
    )
    big = PlanInput(pain={site: 5 for site in lib.sites}, weekly_km=50, minutes=180)
    plan = build_plan(inp, lib)
    plan_pdf(plan, name="Sam", on=date(2025, 3, 31), library=lib)  # warm fpdf2 and fonts

    imports, first = _cold_ms()
    print(f"import rollbook.content, fresh process (median of 5):    {imports:8.1f} ms")
    print(f"library load, cold: first load in a fresh process (5):  {first:8.1f} ms")
    print(
        f"library load, uncached, warm imports (median of 20):     "
        f"{_median_ms(lambda: load_library(folder), 20):8.1f} ms"
    )
    print(
        f"plan build, 3 sites (median of 200):                      "
        f"{_median_ms(lambda: build_plan(inp, lib), 200):8.2f} ms   (target < 5 ms)"
    )
    print(
        f"plan build, all 12 sites (median of 200):                 "
        f"{_median_ms(lambda: build_plan(big, lib), 200):8.2f} ms"
    )
    print(
        f"PDF handout (median of 10):                               "
        f"{_median_ms(lambda: plan_pdf(plan, name='Sam', on=date(2025, 3, 31), library=lib), 10):8.1f} ms"
        "   (target < 1000 ms)"
    )
    print(
        f"ICS calendar, 12 weeks (median of 20):                    "
        f"{_median_ms(lambda: plan_ics(plan, start=date(2025, 3, 31), weeks=12), 20):8.1f} ms"
    )


if __name__ == "__main__":
    main()
