"""``rollbook preview``: the workbook served for editing, showing every saved change.

The app (``rollbook app``) is tuned for runners: pages 01-02 are rendered ahead in
warm kernels, and the page list is read once at start. Both hide an educator's
edit: the first reload shows the page as it was warmed, and a new page in
``pages.toml`` reaches the navigation bar only after a restart. The preview:

* renders every visit in a fresh kernel (no warm kernels), so a notebook or content
  file is read as it is now;
* reads ``pages.toml`` on every visit (start page cards, navigation bar, "Next");
* reloads the open page soon after a notebook, a content file or ``pages.toml`` is
  saved (the page asks ``/rollbook/preview/stamp`` once a second);
* shows broken content as the one line ``rollbook check`` prints (file, entry,
  problem), never a traceback. Visitors of ``rollbook app`` still see only the
  friendly notice.

It listens on this machine only.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rollbook import paths
from rollbook.app import launcher

#: Set in the server's environment; kernels inherit it (see ``rollbook.ui``).
PREVIEW_ENV = "ROLLBOOK_PREVIEW"
STAMP_PATH = "rollbook/preview/stamp"
DEFAULT_PORT = 8867


def watched_files(root: Path | None = None) -> list[Path]:
    """The files whose saving reloads an open preview page."""
    root = root or paths.project_root()
    content = root / "src" / "rollbook" / "content"
    found = [*sorted((root / "notebooks").glob("*.ipynb")), *sorted(content.glob("*.toml"))]
    found.append(root / "src" / "rollbook" / "pages.toml")
    return found


def stamp(files: Iterable[Path]) -> str:
    """A short text that changes whenever one of ``files`` is saved, added or removed."""
    parts = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{info.st_mtime_ns}:{info.st_size}")
    return str(hash("|".join(parts)) & 0xFFFFFFFF)


def preview_resources() -> dict[str, Any]:
    """The template resources for a preview page: the page list as it is now."""
    resources = launcher.nav_resources()
    resources["rollbook"]["preview"] = {"stamp_url": STAMP_PATH}
    return resources


def make_preview_app_class() -> Any:
    """Return the Voila subclass ``rollbook preview`` runs (imported lazily)."""
    from tornado import web

    base = launcher.make_app_class()

    class StampHandler(web.RequestHandler):
        """Answer the page's "has anything been saved?" question."""

        def get(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"stamp": stamp(watched_files())}))

    class PreviewVoila(base):  # type: ignore[misc, valid-type]
        """The rollbook app with fresh kernels and a page list read on every visit."""

        name = "rollbook-preview"

        def init_handlers(self) -> list[Any]:
            handlers = [_fresh_resources(spec) for spec in super().init_handlers()]
            root = self.server_url or "/"
            return [(f"{root}{STAMP_PATH}", StampHandler), *handlers]

    return PreviewVoila


def _fresh_resources(spec: Any) -> Any:
    """Wrap a page handler so that each visit reads ``pages.toml`` again."""
    from voila.tornado.handler import TornadoVoilaHandler

    if not (
        isinstance(spec, tuple)
        and len(spec) >= 2
        and isinstance(spec[1], type)
        and issubclass(spec[1], TornadoVoilaHandler)
    ):
        return spec

    class FreshPageHandler(spec[1]):  # type: ignore[misc]
        async def prepare(self) -> None:
            result = super().prepare()
            if inspect.isawaitable(result):
                await result
            # Voila's renderer reads the resources from this config on every page.
            self.voila_configuration.config.VoilaConfiguration.resources = preview_resources()

    return (spec[0], FreshPageHandler, *spec[2:])


def run(*, port: int = DEFAULT_PORT, open_browser: bool = True) -> int:
    """Serve the preview on this machine and block until it stops."""
    os.environ[PREVIEW_ENV] = "1"
    launcher.prepare_environment()
    argv = launcher.voila_argv(port=port, host="127.0.0.1", open_browser=open_browser, token=None)
    argv += [
        # Every visit renders the notebook as saved now, in a kernel started for it.
        "--VoilaConfiguration.preheat_kernel=False",
        # No spare kernel either: it would hold modules imported before an edit.
        "--RollbookMappingKernelManager.spare_kernels=0",
        # Errors reach the page; rollbook.ui turns a content error into its one line.
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    print(
        f"rollbook preview at http://127.0.0.1:{port}/  (saving a page or content file "
        "reloads it; press Ctrl+C to stop)",
        flush=True,
    )
    config = launcher.voila_config(verbose=True, resources=preview_resources())
    make_preview_app_class().launch_instance(argv=argv, config=config)
    return 0
