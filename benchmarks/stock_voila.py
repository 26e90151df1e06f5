"""Stock Voila for the benchmarks: the same pages, served without rollbook's fixes.

The benchmarks compare rollbook's server with Voila as it ships. Production code has
no switch for that: this module runs ``python -m voila`` itself, on a folder holding
the pages and a ``voila.json`` that keeps rollbook's settings (template, timeouts,
culling, warm-kernel pools) but names no ``rollbook.*`` class.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.server import ServerHandle, free_port, stop_server, wait_until_answering

__all__ = ["start_stock_voila", "stock_config", "stop_server", "without_rollbook_classes"]


def without_rollbook_classes(config: Any) -> Any:
    """Return ``config`` with every setting that names a ``rollbook.*`` class left out."""
    if isinstance(config, dict):
        return {
            key: without_rollbook_classes(value)
            for key, value in config.items()
            if not (isinstance(value, str) and value.startswith("rollbook."))
        }
    return config


def stock_config() -> dict[str, Any]:
    """Return rollbook's ``voila.json`` as stock Voila should read it (no rollbook classes)."""
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    return dict(without_rollbook_classes(config))


def start_stock_voila(
    folder: Path, config: dict[str, Any], home: Path, *, timeout: float = 90.0
) -> ServerHandle:
    """Serve ``folder`` with stock ``voila`` and ``config`` as its ``voila.json``.

    Stop it with ``tests.browser.server.stop_server`` (it ends the kernels too).
    """
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ, MPLBACKEND="Agg", JUPYTER_CONFIG_DIR=str(home), ROLLBOOK_HOME=str(home))
    log_path = home / f"stock-voila-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", str(folder), f"--port={port}", "--no-browser"],
            cwd=folder,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: stopping it ends the kernels
        )
    url = f"http://127.0.0.1:{port}"
    handle = ServerHandle(url=url, port=port, home=home, process=process, log_path=log_path)
    return wait_until_answering(handle, timeout, "stock voila")
