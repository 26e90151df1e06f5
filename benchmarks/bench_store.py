"""Benchmark the store, status, charts and CSV with three years of daily entries.

Run: python benchmarks/bench_store.py   (prints figures; asserts nothing)
Targets: log append < 5 ms, status < 50 ms, each chart < 300 ms, 10,000-row CSV
export and import < 2 s each.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from timing import median_ms, row

from rollbook import analytics, charts
from rollbook.logcsv import export_text, import_csv
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import SqliteStore
from rollbook.ui.figures import chart_html

START = dt.date(2020, 1, 1)
FAR = dt.date(2100, 1, 1)  # "today" for the benchmark, so every date is in the past
SITES = ("knee", "hip", "calf")


def _entry(day: dt.date, rng: random.Random, sites: int = 2) -> LogEntry:
    pains = tuple(
        SitePain(site, rng.randint(0, 7), rng.randint(0, 7), rng.choice([None, rng.randint(0, 5)]))
        for site in SITES[:sites]
    )
    return LogEntry(
        day,
        pains,
        km=round(rng.uniform(0, 15), 1),
        rolled_min=rng.randint(0, 20),
        done=rng.random() < 0.8,
        note=rng.choice(["", "easy run", "=hills"]),
    )


def main() -> None:
    warnings.simplefilter("ignore")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "rollbook.sqlite")
        runner = store.add_profile("Runner")
        days = [START + dt.timedelta(days=i) for i in range(3 * 365)]
        store.save_entries(runner, [_entry(d, rng) for d in days], today=FAR)
        psfs = [
            PsfsRecord(START + dt.timedelta(days=7 * i), (PsfsItem("run", i % 11),))
            for i in range(3 * 52)
        ]
        for record in psfs:
            store.save_psfs(runner, record, today=FAR)
        print(f"database: {len(days)} daily entries for one profile, {len(psfs)} PSFS ratings")

        later = iter(days[-1] + dt.timedelta(days=i) for i in range(1, 10_000))
        row(
            "log append (save_entry, new date)",
            *median_ms(lambda: store.save_entry(runner, _entry(next(later), rng), today=FAR), 200),
            "< 5 ms",
        )
        again = days[-10]
        row(
            "log update (same date)",
            *median_ms(lambda: store.save_entry(runner, _entry(again, rng), today=FAR), 100),
            "< 5 ms",
        )

        def status_recent() -> object:
            end = days[-1]
            entries = store.list_entries(runner, start=end - dt.timedelta(days=120), end=end)
            return analytics.status(entries, store.list_psfs(runner), today=end)

        def status_all() -> object:
            entries = store.list_entries(runner)
            return analytics.status(entries, store.list_psfs(runner), today=days[-1])

        row("status (load last 120 days + analytics)", *median_ms(status_recent, 50), "< 50 ms")
        row("status (load all 3 years + analytics)", *median_ms(status_all, 20), "< 50 ms")

        entries = store.list_entries(runner)
        plots: dict[str, Callable[[], charts.ChartResult]] = {
            "chart: pain (last 12 weeks) + page SVG": lambda: charts.pain_chart(entries),
            "chart: pain (all 3 years) + page SVG": lambda: charts.pain_chart(entries, days=None),
            "chart: adherence calendar + page SVG": lambda: charts.adherence_calendar(entries),
            "chart: PSFS (156 ratings) + page SVG": lambda: charts.psfs_chart(psfs),
        }
        for name, make in plots.items():
            chart_html(make())  # warm-up: font cache, imports
            row(name, *median_ms(lambda m=make: chart_html(m()), 7), "< 300 ms")

        big = store.add_profile("Ten thousand rows")
        big_days = [START + dt.timedelta(days=i) for i in range(3334)]
        store.save_entries(big, [_entry(d, rng, sites=3) for d in big_days], today=FAR)
        text = export_text(store.list_entries(big))
        rows = text.count("\r\n") - 1
        row(
            f"CSV export ({rows} rows, load + write)",
            *median_ms(lambda: export_text(store.list_entries(big)), 5),
            "< 2000 ms",
        )
        targets = iter(store.add_profile(f"Import {i}") for i in range(5))
        row(
            f"CSV import ({rows} rows, check + save)",
            *median_ms(lambda: import_csv(store, next(targets), text, today=FAR), 5),
            "< 2000 ms",
        )
        reimport = store.find_profile("Import 0")
        assert reimport is not None
        row(
            f"CSV re-import ({rows} rows, all updates)",
            *median_ms(lambda: import_csv(store, reimport, text, today=FAR), 3),
            "< 2000 ms",
        )
        store.close()


if __name__ == "__main__":
    main()
