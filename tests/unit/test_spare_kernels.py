"""rollbook.app.spare_kernels: ready kernels for the next visit, never holding a visit's details."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook.app import kernels, spare_kernels
from rollbook.ui import preload

from ..asyncrun import run_async

ROOT = Path(__file__).resolve().parents[2]
VISIT = {"VOILA_PREHEAT": "False", "HOME": "/home/runner", "ROLLBOOK_HOME": "/data"}


@given(st.dictionaries(st.sampled_from(sorted(spare_kernels.REQUEST_KEYS)), st.text()))
def test_a_spare_never_carries_a_visits_request_details(details: dict[str, str]) -> None:
    env = {**VISIT, **details, "HTTP_COOKIE": "secret", "HTTP_USER_AGENT": "phone"}
    kept = spare_kernels.spare_env(env)
    assert kept == VISIT


def test_only_a_visits_kernel_may_be_a_spare() -> None:
    assert spare_kernels.is_visit(VISIT)
    assert not spare_kernels.is_visit({"VOILA_PREHEAT": "True"})  # a page rendered ahead
    assert not spare_kernels.is_visit({})
    assert not spare_kernels.is_visit(None)


class FakeKernels:
    """Starts numbered kernels; ``fail`` makes readying the next one fail."""

    def __init__(self) -> None:
        self.started: list[tuple[str, str, dict[str, str]]] = []
        self.stopped: list[str] = []
        self.fail = False

    async def start(self, *, kernel_name: str, path: str, env: dict[str, str]) -> str:
        self.started.append((kernel_name, path, env))
        return f"k{len(self.started)}"

    async def prepare(self, kernel_id: str) -> None:
        if self.fail:
            raise RuntimeError("the import failed")

    async def stop(self, kernel_id: str) -> None:
        self.stopped.append(kernel_id)


def pool_of(fake: FakeKernels, size: int = 1) -> spare_kernels.SparePool:
    return spare_kernels.SparePool(
        size=size,
        start=fake.start,
        prepare=fake.prepare,
        stop=fake.stop,
        log=logging.getLogger("test"),
        refill_delay_s=0.01,
    )


def test_the_first_visit_starts_a_spare_and_the_next_takes_it() -> None:
    fake = FakeKernels()

    async def scenario() -> None:
        pool = pool_of(fake)
        env = {**VISIT, "QUERY_STRING": "runner=ann"}
        assert pool.take("python3", "notebooks", env) is None  # none ready yet
        await asyncio.sleep(0.05)
        assert pool.waiting() == {"k1"}
        # The spare was started without the first visit's query.
        assert fake.started == [("python3", "notebooks", VISIT)]
        assert pool.take("python3", "notebooks", VISIT) == "k1"
        assert pool.waiting() == set()
        await asyncio.sleep(0.05)  # refilled after the delay
        assert pool.waiting() == {"k2"}
        # A spare is kept for its kernel name and folder only.
        assert pool.take("python3", "elsewhere", VISIT) is None

    run_async(scenario())


def test_a_burst_of_visits_starts_no_more_spares_than_the_pool_holds() -> None:
    fake = FakeKernels()

    async def scenario() -> None:
        pool = pool_of(fake, size=2)
        for _ in range(10):
            pool.take("python3", "notebooks", VISIT)
        await asyncio.sleep(0.05)
        assert len(fake.started) == 2 and len(pool.waiting()) == 2

    run_async(scenario())


def test_a_spare_that_cannot_be_readied_is_ended_and_never_handed_out() -> None:
    fake = FakeKernels()
    fake.fail = True

    async def scenario() -> None:
        pool = pool_of(fake)
        pool.take("python3", "notebooks", VISIT)
        await asyncio.sleep(0.05)
        assert fake.stopped == ["k1"] and pool.waiting() == set()
        assert pool.take("python3", "notebooks", VISIT) is None

    run_async(scenario())


def test_no_spares_when_the_pool_is_off() -> None:
    fake = FakeKernels()

    async def scenario() -> None:
        pool = pool_of(fake, size=0)
        assert pool.take("python3", "notebooks", VISIT) is None
        await asyncio.sleep(0.02)
        assert fake.started == []

    run_async(scenario())


def test_an_ended_spare_is_forgotten() -> None:
    fake = FakeKernels()

    async def scenario() -> None:
        pool = pool_of(fake)
        pool.take("python3", "notebooks", VISIT)
        await asyncio.sleep(0.05)
        pool.forget("k1")
        assert pool.waiting() == set()

    run_async(scenario())


def test_voila_json_keeps_one_spare() -> None:
    import json

    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["RollbookMappingKernelManager"]["spare_kernels"] == 1


def test_a_waiting_spare_is_not_culled(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    checked: list[str] = []

    async def stock_check(self: object, kernel_id: str) -> None:
        checked.append(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "cull_kernel_if_idle", stock_check)
    manager = kernels.RollbookMappingKernelManager()
    manager.spares.ready = {("python3", "notebooks"): ["spare"]}
    manager._kernels = {"spare": object(), "visitor": object()}
    run_async(manager.cull_kernels())
    assert checked == ["visitor"]


@pytest.mark.timeout(120)
def test_a_visit_gets_a_real_spare_kernel_with_the_pages_code_imported(tmp_path: Path) -> None:
    """A real kernel: the second visit is handed the spare, which has imported the pages."""
    manager = kernels.RollbookMappingKernelManager(spare_kernels=1, spare_refill_delay=60.0)
    manager.root_dir = str(tmp_path)
    env = {**os.environ, **VISIT, "QUERY_STRING": "who=me"}
    env["ROLLBOOK_HOME"] = str(tmp_path / "home")

    modules = repr(preload.PAGE_MODULES)
    code = (
        f"import os, sys; print(all(m in sys.modules for m in {modules}), "
        "os.environ.get('QUERY_STRING'))"
    )

    async def scenario() -> str:
        first = await manager.start_kernel(kernel_name="python3", path="", env=env)
        for _ in range(600):
            if manager.spares.waiting():
                break
            await asyncio.sleep(0.1)
        (spare,) = manager.spares.waiting()
        second = await manager.start_kernel(kernel_name="python3", path="", env=env)
        assert second == spare != first
        client = manager.get_kernel(second).client()
        client.start_channels()
        seen: list[str] = []
        try:
            await client.wait_for_ready(timeout=60)  # type: ignore[misc]
            await client.execute_interactive(  # type: ignore[misc]
                code,
                timeout=60,
                output_hook=lambda msg: seen.append(msg["content"].get("text", "")),
            )
        finally:
            client.stop_channels()
        return "".join(seen)

    try:
        # The spare imported every page module, and never saw the visit's query.
        assert run_async(scenario()).split() == ["True", "None"]
    finally:
        run_async(manager.shutdown_all())


def notebook_imports() -> set[str]:
    """Every module the pages' code cells import from."""
    found: set[str] = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for line in cell.source.splitlines():
                words = line.split()
                if words[:1] == ["from"] or words[:1] == ["import"]:
                    found.add(words[1])
    return found


def test_the_preload_covers_every_module_a_page_imports() -> None:
    missing = notebook_imports() - set(preload.PAGE_MODULES)
    assert not missing, f"add {sorted(missing)} to rollbook.ui.preload.PAGE_MODULES"


def test_preload_imports_every_listed_module() -> None:
    preload.preload()
    assert all(name in sys.modules for name in preload.PAGE_MODULES)


def test_preload_code_names_the_preload_function() -> None:
    namespace: dict[str, Any] = {}
    exec(spare_kernels.PRELOAD_CODE, namespace)  # noqa: S102 - the fixed code a spare runs
    # It binds nothing in the page's namespace.
    assert set(namespace) == {"__builtins__"}


def test_preload_reads_no_content_and_no_data(tmp_path: Path) -> None:
    """A spare started before an edit or a new log entry must not hold the old one."""
    import subprocess

    code = (
        "import rollbook.content as c, rollbook.ui.preload as p; p.preload(); "
        "print(c._default_library.cache_info().currsize)"
    )
    home = tmp_path / "home"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "ROLLBOOK_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["0"]  # the content library was not read
    assert not home.exists() or not any(home.iterdir())  # no store was opened
