"""Many visitors at once: every page finishes, and no kernel of theirs outlives them.

Plain HTTP clients (no browser) load pages 10 at a time from the real server, started
as `rollbook app` starts it. Plain clients never open the kernel websocket, so their
kernels are reclaimed only by culling: that is what the second half checks.
See docs/design-concurrency.md.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import nbformat
import pytest

from ..asyncrun import run_async
from .server import ServerHandle, kernel_processes, start_server, stop_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
AT_ONCE = 10
ROUNDS = 3
PAGE_DEADLINE_S = 90.0  # far beyond a normal load (~10 s for 10 at once on 2 cores)
RECLAIM_DEADLINE_S = 60.0  # voila.json: cull_idle_timeout 45 s, checked every 5 s
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@dataclass
class Load:
    """One page load by a plain HTTP client."""

    page: str
    html: str
    seconds: float
    status: int
    finished: bool

    @property
    def kernel_id(self) -> str | None:
        match = KERNEL_ID.search(self.html)
        return match.group(1) if match else None


async def load_page(client: httpx.AsyncClient, url: str, page: str, deadline: float) -> Load:
    """GET one page, streaming, and give up after ``deadline`` seconds."""
    chunks: list[str] = []
    status = 0
    start = time.monotonic()

    async def read() -> None:
        nonlocal status
        async with client.stream("GET", f"{url}/voila/render/{page}") as response:
            status = response.status_code
            async for chunk in response.aiter_text():
                chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), deadline)
        finished = True
    except (TimeoutError, httpx.HTTPError):
        finished = False
    html = "".join(chunks)
    return Load(page, html, time.monotonic() - start, status, finished)


async def load_at_once(url: str, pages: list[str], deadline: float) -> list[Load]:
    """Load ``pages`` simultaneously (one client each, as separate visitors)."""
    timeout = httpx.Timeout(deadline)

    async def visitor(page: str) -> Load:
        async with httpx.AsyncClient(timeout=timeout) as client:
            return await load_page(client, url, page, deadline)

    return list(await asyncio.gather(*(visitor(p) for p in pages)))


def problems(load: Load) -> list[str]:
    """Return what is wrong with one page load (empty when the page is complete)."""
    found = []
    if not load.finished:
        found.append(f"never finished (gave up after {load.seconds:.0f} s)")
    if load.status != 200:
        found.append(f"HTTP {load.status}")
    if not load.html.rstrip().endswith("</html>"):
        found.append("HTML does not end with </html>")
    if "window.voila_finish()" not in load.html:
        found.append("page never reached voila_finish()")
    for marker in ("Traceback", "rb-stalled", "/tmp/", "site-packages"):
        if marker in load.html:
            found.append(f"contains {marker!r}")
    return found


def wait_until_reclaimed(
    handles: list[ServerHandle], kernel_ids: set[str], deadline: float
) -> tuple[set[str], float]:
    """Wait until none of ``kernel_ids`` runs; return the survivors and seconds waited."""
    start = time.monotonic()
    while True:
        alive = set().union(*(kernel_processes(h).keys() for h in handles)) & kernel_ids
        waited = time.monotonic() - start
        if not alive or waited > deadline:
            return alive, waited
        time.sleep(1.0)


def run_rounds(
    url: str, pages: list[str], at_once: int = AT_ONCE, rounds: int = ROUNDS
) -> list[Load]:
    """Load ``rounds`` batches of ``at_once`` pages, cycling through ``pages``."""
    rounds = max(rounds, -(-len(pages) // at_once))
    cycle = itertools.cycle(pages)
    loads: list[Load] = []
    for _ in range(rounds):
        batch = [next(cycle) for _ in range(at_once)]
        loads.extend(run_async(load_at_once(url, batch, PAGE_DEADLINE_S)))
    return loads


def write_heavy_notebook(folder: Path) -> str:
    """Write a scratch page like the one that hung Voila: figures in Output widgets."""
    cells = [
        nbformat.v4.new_markdown_cell("# Heavy scratch page"),
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\nimport matplotlib.pyplot as plt\n"
            "from IPython.display import display"
        ),
    ]
    for n in range(3):
        cells.append(
            nbformat.v4.new_code_cell(
                f"out{n} = w.Output()\ns{n} = w.IntSlider(value=3, min=1, max=10)\n"
                f"def draw{n}(change=None):\n"
                f"    out{n}.clear_output(wait=True)\n"
                f"    with out{n}:\n"
                "        fig, ax = plt.subplots(figsize=(5, 3))\n"
                f"        ax.plot([i * s{n}.value % 17 for i in range(50)])\n"
                "        display(fig)\n"
                "        plt.close(fig)\n"
                f"s{n}.observe(draw{n}, 'value')\ndraw{n}()\ndisplay(w.VBox([s{n}, out{n}]))"
            )
        )
        cells.append(nbformat.v4.new_markdown_cell(f"Some words {n}."))
    cells.append(
        nbformat.v4.new_code_cell(
            "display(w.VBox([w.IntSlider(description=f's{i}') for i in range(8)]"
            " + [w.Checkbox(description=f'c{i}') for i in range(5)]"
            " + [w.Text(description=f't{i}') for i in range(4)]))"
        )
    )
    cells += [nbformat.v4.new_code_cell(f"x{i} = {i} * 2") for i in range(4)]
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    name = "heavy.ipynb"
    nbformat.write(nb, folder / name)
    return name


@pytest.fixture(scope="module")
def servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServerHandle, ServerHandle, str]]:
    """The workbook's server, and a second one serving only the heavy scratch page."""
    base = tmp_path_factory.mktemp("concurrency")
    scratch = base / "pages"
    scratch.mkdir()
    heavy = write_heavy_notebook(scratch)
    workbook = start_server(base / "home-workbook")
    try:
        heavy_server = start_server(base / "home-heavy", extra_args=("--notebooks", str(scratch)))
    except BaseException:
        stop_server(workbook)
        raise
    yield workbook, heavy_server, heavy
    stop_server(heavy_server)
    stop_server(workbook)


def test_many_visitors_every_page_finishes_and_kernels_are_reclaimed(
    servers: tuple[ServerHandle, ServerHandle, str],
) -> None:
    workbook, heavy_server, heavy = servers
    pages = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert pages, "no workbook pages found"

    loads = run_rounds(workbook.url, pages) + run_rounds(heavy_server.url, [heavy])
    assert {load.page for load in loads} >= set(pages)

    bad = {f"{load.page} #{i}": found for i, load in enumerate(loads) if (found := problems(load))}
    assert not bad, json.dumps(bad, indent=1)

    kernel_ids = {load.kernel_id for load in loads if load.kernel_id}
    assert len(kernel_ids) == len(loads), "every load should have had its own kernel"

    # The clients are gone now; culling (or nothing) must reclaim their kernels.
    alive, waited = wait_until_reclaimed([workbook, heavy_server], kernel_ids, RECLAIM_DEADLINE_S)
    assert not alive, f"{len(alive)} kernels still running {waited:.0f} s after the clients left"
