"""Timing helpers shared by the benchmarks (not a benchmark itself: make bench runs bench_*.py).

Wall time and CPU time are both printed because a busy shared machine inflates wall
time; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median wall time, worst wall time and median CPU time of ``fn``, in ms."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def row(name: str, median: float, worst: float, cpu: float, target: str, width: int = 44) -> None:
    """Print one benchmark line: name, median and worst wall time, CPU time, target."""
    print(
        f"{name:<{width}} median {median:7.1f} ms  max {worst:7.1f} ms  "
        f"cpu {cpu:7.1f} ms  target {target}"
    )


def bytecodes(fn: Callable[[], object]) -> int:
    """Python bytecodes ``fn`` runs (C code such as SQLite's counts nothing).

    Unlike time, the count does not change with the load on a shared machine, so it
    compares two versions fairly; it is slow to take, so take it once.
    """
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count
