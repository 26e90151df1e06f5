"""Print how fast each workbook page loads and reacts, beside a bare Voila notebook.

Run: make bench   (or .venv/bin/python benchmarks/bench_pages.py)

Everything is measured in one run, on this machine, with the project's own Voila
settings (voila.json and the rollbook template). The bare notebook holds one stock
ipywidgets slider redrawing one matplotlib chart, served by the same server, and once
more by stock Voila (its own template and front end; ``stock_voila.py``), which is
what issue 18 compares against: no page's cold first widget slower than stock Voila's
bare page.

Figures, never assertions. Targets (issue 8): time to first widget within 1.2x the
bare notebook's (cold), kernel memory within 1.3x, a widget change on screen in under
150 ms, 10 pages at once with no error, no kernel left once culling has run.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
BARE = "99_bare_baseline.ipynb"
RUNS = int(os.environ.get("ROLLBOOK_BENCH_RUNS", "5"))
# Optional: measure only pages whose names start with these prefixes, e.g. "01_,04_".
ONLY = tuple(p for p in os.environ.get("ROLLBOOK_BENCH_PAGES", "").split(",") if p)
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# Something a visitor can see: a widget, or the start page's cards (it has no widget).
FIRST_WIDGET = ".jupyter-widgets:visible, .rb-cards:visible"

# Prepares a reaction measurement: focuses the first visible slider (else the first
# drop-down, e.g. "Sort by"), notes the time of the next real key press, and the time
# the first change anywhere else on the page (the chart or table being redrawn) is
# ready to paint, pictures decoded.
REACTION_SETUP_JS = """
() => {
  const visible = (el) => el && el.offsetParent !== null;
  const pick = (sel) => Array.from(document.querySelectorAll(sel)).find(visible);
  const control = pick('input[type=range]') || pick('.noUi-handle') ||
                  pick('#rendered_cells select');
  if (!control) return null;
  const own = (t) => t === control || control.contains(t) ||
                     (t.closest && t.closest('.rb-range, .widget-slider, .widget-dropdown'));
  window.__rbStart = undefined;
  window.__rbEnd = undefined;
  document.addEventListener('keydown', () => {
    if (window.__rbStart === undefined) window.__rbStart = performance.now();
  }, {capture: true});
  // The change counts as on screen once any new picture in it is decoded and the
  // next frame is due, not merely when the markup arrives.
  const obs = new MutationObserver((records) => {
    if (window.__rbStart === undefined) return;
    for (const r of records) {
      const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!t || own(t)) continue;
      obs.disconnect();
      const imgs = t.tagName === 'IMG' ? [t] : Array.from(t.querySelectorAll('img'));
      Promise.all(imgs.map((img) => img.decode().catch(() => null))).then(() =>
        requestAnimationFrame(() => { window.__rbEnd = performance.now(); }));
      return;
    }
  });
  obs.observe(document.getElementById('rendered_cells'),
              {subtree: true, childList: true, attributes: true, characterData: true});
  control.focus();
  return control.tagName === 'SELECT' ? 'ArrowDown' : 'ArrowRight';
}
"""


def reaction_ms(page: Any, page_name: str) -> float | None:
    """Milliseconds from a real key press on the first control to the page changing."""
    if page_name.startswith("03_"):
        # An empty plan has nothing to redraw: pick a site first, as a runner would.
        page.locator(".rb-profile-name input").fill(f"Bench {time.time_ns()}")
        page.locator("button.rb-profile-create").click()
        page.wait_for_selector(".rb-profile-feedback >> text=Added")
        radios = page.locator(".rb-flag input[value=no]")
        for index in range(radios.count()):
            radios.nth(index).check()
        page.locator(".rb-site-knee input").check()
        page.locator(".rb-pain-knee input[type=range]").fill("5")
        page.locator(".rb-rolling-table").wait_for(state="visible", timeout=30_000)
    key = page.evaluate(REACTION_SETUP_JS)
    if key is None:
        return None
    if key == "ArrowDown":
        # A closed <select> ignores arrow keys in headless Chromium: choose the next
        # option the way the browser reports a choice.
        page.evaluate(
            """() => { const s = document.activeElement; window.__rbStart = performance.now();
                       s.selectedIndex = (s.selectedIndex + 1) % s.options.length;
                       s.dispatchEvent(new Event('change', {bubbles: true})); }"""
        )
    else:
        page.keyboard.press(key)
    try:
        page.wait_for_function("() => window.__rbEnd !== undefined", timeout=10_000)
    except Exception:  # noqa: BLE001 - a page that never ends is a result
        return None
    return float(page.evaluate("() => window.__rbEnd - window.__rbStart"))


def bare_notebook() -> nbformat.NotebookNode:
    """One stock slider redrawing one matplotlib chart: Voila's 'hello' baseline."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "%matplotlib inline\n"
            "import ipywidgets as w\n"
            "import matplotlib.pyplot as plt\n"
            "out = w.Output()\n"
            "slider = w.IntSlider(value=3, min=1, max=10, description='Power')\n"
            "def draw(change=None):\n"
            "    with out:\n"
            "        out.clear_output(wait=True)\n"
            "        fig, ax = plt.subplots(figsize=(6, 3))\n"
            "        ax.plot([x ** slider.value for x in range(10)])\n"
            "        plt.show()\n"
            "slider.observe(draw, 'value')\n"
            "draw()\n"
            "w.VBox([slider, out])"
        )
    ]
    return nb


# A new kernel for every visit: no page rendered ahead, no spare kernel (the rows that
# compare with stock Voila, which starts one per visit too).
NEW_KERNEL_PER_VISIT = ("--preheat_kernel=False", "--RollbookMappingKernelManager.spare_kernels=0")
SPARES = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))[
    "RollbookMappingKernelManager"
]["spare_kernels"]


def project_copy(*, warm_every_page: bool = False) -> Path:
    """A throwaway project folder: the real config, template and pages, plus the bare page.

    ``warm_every_page`` keeps one preheated kernel ready for every page (the app itself
    warms only pages 01-02, which show no one's data).
    """
    folder = Path(tempfile.mkdtemp(prefix="rollbook-bench-"))
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    if warm_every_page:
        config["VoilaConfiguration"]["preheat_kernel"] = True
        config["VoilaKernelManager"]["kernel_pools_config"] = {"default": {"pool_size": 1}}
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    shutil.copytree(ROOT / "share", folder / "share")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    if (ROOT / "media").is_dir():
        shutil.copytree(ROOT / "media", folder / "media")
    nbformat.write(bare_notebook(), folder / "notebooks" / BARE)
    return folder


@contextmanager
def server(project: Path, *extra: str) -> Iterator[tuple[str, psutil.Process]]:
    """Run the rollbook Voila app on a free port with extra Voila arguments."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    home = Path(tempfile.mkdtemp(prefix="rollbook-bench-home-"))
    env = dict(os.environ, ROLLBOOK_PROJECT=str(project), ROLLBOOK_HOME=str(home), MPLBACKEND="Agg")
    code = (
        "import sys; from rollbook.app import launcher; launcher.prepare_environment(); "
        "argv = launcher.voila_argv(port=int(sys.argv[1]), host='127.0.0.1', open_browser=False,"
        " token=None) + sys.argv[2:]; "
        "launcher.make_app_class().launch_instance(argv=argv, config=launcher.voila_config())"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            httpx.get(url + "/voila/static/voila.js", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.25)
    try:
        yield url, psutil.Process(proc.pid)
    finally:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
        proc.wait()
        shutil.rmtree(home, ignore_errors=True)


def kernels(server_proc: psutil.Process) -> dict[int, float]:
    """Kernel processes of the server and their RSS in MiB."""
    found = {}
    for child in server_proc.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found[child.pid] = child.memory_info().rss / 2**20
        except psutil.Error:
            continue
    return found


def pages(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "notebooks").glob("*.ipynb"))


def measure_once(browser: Any, url: str, page_name: str, srv: psutil.Process) -> dict[str, Any]:
    """One visit in a fresh browser context: time to first widget, one reaction, kernel RSS."""
    before = set(kernels(srv))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    start = time.perf_counter()
    try:
        page.goto(f"{url}/voila/render/{page_name}", wait_until="commit")
        page.wait_for_selector(FIRST_WIDGET, timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - a page that never shows is a result
        print(f"  {page_name}: no widget after 60 s ({type(exc).__name__})", file=sys.stderr)
        context.close()
        return {"load": None, "reaction": None, "rss": None}
    load = time.perf_counter() - start
    page.wait_for_timeout(300)
    reaction = reaction_ms(page, page_name)
    page.wait_for_timeout(300)
    new = {pid: mib for pid, mib in kernels(srv).items() if pid not in before}
    context.close()
    return {"load": load, "reaction": reaction, "rss": max(new.values()) if new else None}


def measure_pages(
    browser: Any, url: str, names: list[str], srv: psutil.Process
) -> dict[str, dict[str, Any]]:
    """Medians over ``RUNS`` rounds; each round visits every page once, in turn, so a
    slow spell on the machine touches every page alike rather than one page's runs."""
    visits: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for round_no in range(RUNS):
        for name in names:
            visits[name].append(measure_once(browser, url, name, srv))
        print(f"  round {round_no + 1} of {RUNS} done", file=sys.stderr, flush=True)

    def median(name: str, key: str) -> float | None:
        values = [v[key] for v in visits[name] if v[key] is not None]
        return statistics.median(values) if values else None

    return {
        name: {
            "failures": sum(v["load"] is None for v in visits[name]),
            "load": median(name, "load"),
            "reaction": median(name, "reaction"),
            "rss": median(name, "rss"),
        }
        for name in names
    }


def measure_stock_bare(browser: Any, project: Path) -> dict[str, dict[str, Any]]:
    """The bare notebook served by stock Voila, cold, in the same rounds as the pages."""
    from stock_voila import start_stock_voila, stop_server

    folder = project / "stock"
    folder.mkdir(exist_ok=True)
    shutil.copy(project / "notebooks" / BARE, folder / BARE)
    handle = start_stock_voila(folder, {}, project / "stock-home")
    try:
        return measure_pages(browser, handle.url, [BARE], psutil.Process(handle.process.pid))
    finally:
        stop_server(handle)


async def ten_at_once_browser(url: str, names: list[str]) -> tuple[int, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_kwargs())
        start = time.perf_counter()

        async def one(i: int) -> bool:
            context = await browser.new_context()
            page = await context.new_page()
            try:
                await page.goto(f"{url}/voila/render/{names[i % len(names)]}", wait_until="commit")
                await page.wait_for_selector(FIRST_WIDGET, timeout=180_000)
                return True
            except Exception:  # noqa: BLE001 - a page that never shows is a result
                return False
            finally:
                await context.close()

        ok = await asyncio.gather(*(one(i) for i in range(10)))
        elapsed = time.perf_counter() - start
        await browser.close()
    return sum(ok), elapsed


async def ten_at_once_http(url: str, names: list[str]) -> tuple[int, float]:
    async with httpx.AsyncClient(timeout=180) as client:
        start = time.perf_counter()

        async def one(i: int) -> bool:
            try:
                r = await client.get(f"{url}/voila/render/{names[i % len(names)]}")
                return r.status_code == 200 and r.text.rstrip().endswith("</html>")
            except httpx.HTTPError:
                return False

        ok = await asyncio.gather(*(one(i) for i in range(10)))
        return sum(ok), time.perf_counter() - start


def launch_kwargs() -> dict[str, Any]:
    kwargs: dict[str, Any] = {"headless": True, "args": FLAGS}
    if os.path.exists(CHROMIUM):
        kwargs["executable_path"] = CHROMIUM
    return kwargs


def fmt(value: float | None, unit: str, scale: float = 1.0) -> str:
    return (
        "—"
        if value is None
        else f"{value * scale:.0f} {unit}"
        if unit == "ms"
        else (f"{value * scale:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}")
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    project = project_copy()
    warm_project = project_copy(warm_every_page=True)
    names = pages(project)
    workbook_pages = [n for n in names if n != BARE and (not ONLY or n.startswith(ONLY))]
    results: dict[str, dict[str, dict[str, Any]]] = {"cold": {}, "preheated": {}}
    setups = {
        "cold": (project, NEW_KERNEL_PER_VISIT),
        "preheated": (warm_project, ()),
    }
    with sync_playwright() as pw:
        kwargs = launch_kwargs()
        # Stock Voila asks a public CDN for Font Awesome: resolve no name but this
        # machine's, so that request fails at once instead of waiting on the network.
        kwargs["args"] = [
            *kwargs["args"],
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]
        browser = pw.chromium.launch(**kwargs)
        for mode, (folder, extra) in setups.items():
            with server(folder, *extra) as (url, srv):
                if mode == "preheated":
                    time.sleep(20)  # let the pool fill
                results[mode] = measure_pages(browser, url, [BARE, *workbook_pages], srv)
        results["stock"] = measure_stock_bare(browser, project)
        browser.close()

    bare = results["cold"][BARE]
    stock = results["stock"][BARE]
    print(f"\nPages ({RUNS} rounds over all pages, a fresh browser context per visit; medians)\n")
    print(
        f"{'page':34} {'cold':>8} {'x bare':>7} {'x stock':>7} {'preheat':>8} {'change':>8} "
        f"{'RSS':>8} {'x bare':>7}"
    )
    s_cold = stock["load"]
    print(
        f"{'bare notebook, stock Voila':34} {fmt(s_cold, 's'):>8} {'':>7} {'1.00x':>7} "
        f"{'—':>8} {fmt(stock['reaction'], 'ms'):>8} {fmt(stock['rss'], 'MiB'):>8}"
    )
    for name in [BARE, *workbook_pages]:
        cold, hot = results["cold"][name], results["preheated"][name]
        ratio = cold["load"] / bare["load"] if cold["load"] and bare["load"] else float("nan")
        vs_stock = cold["load"] / s_cold if cold["load"] and s_cold else float("nan")
        mem = cold["rss"] / bare["rss"] if cold["rss"] and bare["rss"] else None
        print(
            f"{name.removesuffix('.ipynb'):34} {fmt(cold['load'], 's'):>8} {ratio:>6.2f}x "
            f"{vs_stock:>6.2f}x "
            f"{fmt(hot['load'], 's'):>8} {fmt(cold['reaction'], 'ms'):>8} "
            f"{fmt(cold['rss'], 'MiB'):>8} {('—' if mem is None else f'{mem:.2f}x'):>7}"
            + (
                f"  ({cold['failures']} cold / {hot['failures']} preheated never showed)"
                if cold["failures"] or hot["failures"]
                else ""
            )
        )

    with server(project) as (url, srv):  # the app's own settings
        time.sleep(10)  # let the warm kernels for pages 01-02 start
        standby = set(kernels(srv))
        ok_b, t_b = asyncio.run(ten_at_once_browser(url, workbook_pages))
        ok_h, t_h = asyncio.run(ten_at_once_http(url, workbook_pages))
        print("\n10 pages at once (workbook pages in turn; the app's settings)")
        print(f"  browsers:     {ok_b}/10 rendered, last after {t_b:.1f} s")
        print(f"  HTTP clients: {ok_h}/10 complete, last after {t_h:.1f} s")
        print(f"  kernels right after: {len(kernels(srv))}")
        time.sleep(75)
        # Visitors' kernels, and the warm standby pool the app keeps on purpose (taken
        # kernels are replaced by fresh ones, so compare counts, not ids).
        # After the first visit the app also keeps spare kernels ready (spare_kernels).
        pool = len(standby) + SPARES
        left = len(kernels(srv))
        print(
            f"  kernels 75 s after every tab closed (culling): {max(left - pool, 0)} "
            f"(plus {min(left, pool)} kept ready: warm ones for pages 01-02 and "
            f"{SPARES} spare)"
        )
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(warm_project, ignore_errors=True)


if __name__ == "__main__":
    main()
