"""Many visitors at once: pages that never finish, time, memory, kernels left behind.

For K = 1, 5 and 10 simultaneous plain-HTTP loads of each page (the workbook's pages
plus a heavy scratch page: figures in Output widgets, ~20 widgets), print:
pages that never finished within the per-page deadline, seconds until all K pages'
HTML was complete, peak memory (server + kernels, RSS), and after the last batch the
visitors' kernels still alive. Run once with stock Voila serving the same pages
(``python -m voila``, see stock_voila.py) and once with ``rollbook app``. Prints
figures; asserts nothing.

    python benchmarks/bench_concurrency.py [--rounds 1] [--deadline 60] [--pages heavy.ipynb ...]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stock_voila import start_stock_voila, stock_config
from tests.browser.server import ServerHandle, start_server, stop_server
from tests.browser.test_concurrency import (
    kernel_processes,
    load_at_once,
    problems,
    write_heavy_notebook,
)

MIB = 1024 * 1024


class PeakRss:
    """Sample the RSS of the server and the kernels started meanwhile; keep the peak.

    Kernels of earlier batches (still waiting to be culled) are left out, so each row
    shows what one batch of K visitors costs.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        try:
            self.before = {c.pid for c in psutil.Process(pid).children(recursive=True)}
        except psutil.Error:
            self.before = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            total = root.memory_info().rss
            for child in root.children(recursive=True):
                if child.pid in self.before:
                    continue
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            return total
        except psutil.Error:
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.25)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_mode(
    stock: bool, folder: Path, pages: list[str], levels: list[int], rounds: int, deadline: float
) -> list[str]:
    """Benchmark one server mode; return table rows."""
    home = Path(tempfile.mkdtemp(prefix="rb-bench-home-"))
    # Bursts of visitors on purpose: the open-page bounds (rollbook.app.kernel_limits) off.
    env = {"ROLLBOOK_MAX_PAGES": "0", "ROLLBOOK_MAX_PAGES_PER_VISITOR": "0"}
    handle: ServerHandle
    if stock:
        stock_folder = home / "pages"
        shutil.copytree(folder, stock_folder)
        handle = start_stock_voila(stock_folder, stock_config(), home / "home")
    else:
        handle = start_server(home / "home", extra_args=("--notebooks", str(folder)), extra_env=env)
    mode = "stock" if stock else "fix"
    rows: list[str] = []
    kernel_ids: set[str] = set()
    try:
        for page in pages:
            for k in levels:
                stuck = 0
                elapsed: list[float] = []
                peak = 0
                for _ in range(rounds):
                    with PeakRss(handle.process.pid) as rss:
                        start = time.monotonic()
                        loads = asyncio.run(load_at_once(handle.url, [page] * k, deadline))
                        elapsed.append(time.monotonic() - start)
                    peak = max(peak, rss.peak)
                    stuck += sum(1 for load in loads if problems(load))
                    kernel_ids |= {load.kernel_id for load in loads if load.kernel_id}
                worst = max(elapsed)
                rows.append(
                    f"| {mode} | {page} | {k} | {stuck} of {k * rounds} | "
                    f"{worst:.1f}{'+' if stuck else ''} | {peak / MIB:.0f} |"
                )
                print(rows[-1], flush=True)
        left = time.monotonic()
        alive_now = len(kernel_processes(handle).keys() & kernel_ids)
        alive = alive_now
        while alive and time.monotonic() - left < 75:
            time.sleep(1)
            alive = len(kernel_processes(handle).keys() & kernel_ids)
        waited = time.monotonic() - left
        rows.append(
            f"| {mode} | kernels of {len(kernel_ids)} visitors | alive when they left: {alive_now} | "
            f"alive {waited:.0f} s later: {alive} | | |"
        )
        print(rows[-1], flush=True)
    finally:
        stop_server(handle)
        shutil.rmtree(home, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="batches per page and K (default 1)")
    parser.add_argument(
        "--deadline", type=float, default=60.0, help="seconds per page (default 60)"
    )
    parser.add_argument("--pages", nargs="*", help="page file names (default: every page + heavy)")
    parser.add_argument("--levels", type=int, nargs="*", default=[1, 5, 10])
    parser.add_argument("--mode", choices=["both", "stock", "fix"], default="both")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="rb-bench-pages-"))
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(notebook, folder / notebook.name)
    heavy = write_heavy_notebook(folder)
    pages = args.pages or [*sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")), heavy]

    header = [
        "| mode | page | K at once | never finished | s until all K complete | peak RSS MiB (server+kernels) |",
        "|---|---|---|---|---|---|",
    ]
    print("\n".join(header), flush=True)
    rows: list[str] = []
    modes = {"both": [True, False], "stock": [True], "fix": [False]}[args.mode]
    for stock in modes:
        rows += run_mode(stock, folder, pages, args.levels, args.rounds, args.deadline)
    print("\n" + "\n".join(header + rows))
    print(f"\n(+ = at least one page hit the {args.deadline:.0f} s deadline; time includes it)")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
