"""The rollbook Voila application: standalone Voila with the project's configuration.

``voila.json`` at the project root holds every Voila setting (template, stripped
sources, hidden tracebacks, culling, file allow-list). This module only adds what a
config file cannot express: the start page as the landing URL, the project's template
folder on the search path, and a token whenever the app listens beyond this machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import sys
from collections.abc import Sequence
from typing import Any

from rollbook import paths, workbook
from rollbook.app import page_text

START_PAGE = "00_start_here.ipynb"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    """Return True when ``host`` only accepts connections from this machine."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def voila_argv(
    *,
    port: int,
    host: str,
    open_browser: bool,
    token: str | None,
    notebooks: str | None = None,
    allow_hosts: Sequence[str] = (),
) -> list[str]:
    """Return the Voila command-line arguments ``rollbook app`` starts the server with.

    ``allow_hosts`` are extra names the app answers to (see :mod:`rollbook.app.hostcheck`).
    ``notebooks`` replaces the workbook's pages folder; it exists for tests only. The
    settings a command line cannot hold cleanly come from :func:`voila_config`.
    """
    argv = [notebooks or str(paths.notebooks_dir()), f"--port={port}", f"--Voila.ip={host}"]
    if not open_browser:
        argv.append("--no-browser")
    if token:
        argv.append(f"--token={token}")
    if allow_hosts:
        argv.append(f"--RollbookVoila.allow_hosts={json.dumps(list(allow_hosts))}")
    return argv


def voila_config(*, verbose: bool = False, resources: dict[str, Any] | None = None) -> Any:
    """Return the traitlets configuration ``rollbook app`` starts Voila with.

    It names the folder of ``voila.json`` and the navigation bar's resources. Given as
    configuration rather than as command-line text, they start the app without
    traitlets' deprecation warnings. Unless ``verbose``, the server logs warnings only:
    a runner or clinician starting the app sees one line with its address.
    """
    from traitlets.config import Config

    config = Config()
    config.Voila.config_file_paths = [str(paths.voila_config_dir())]
    # The template draws the navigation bar from these resources (see nav_resources).
    config.VoilaConfiguration.resources = resources if resources is not None else nav_resources()
    config.Voila.log_level = "INFO" if verbose else "WARN"
    return config


class _DropTrustNotices:
    """A logging filter: the pages run whether or not Jupyter calls them trusted."""

    def filter(self, record: Any) -> bool:
        return bool(record.msg != "Notebook %s is not trusted")


def nav_resources() -> dict[str, Any]:
    """Return the template resources: the written pages in order and the template's words."""
    pages = [
        {
            "file": page.file,
            "stem": page.file.removesuffix(".ipynb"),
            "number": page.number,
            "title": page.title,
            "wide": page.wide,
        }
        for page in workbook.written_pages()
    ]
    # The template's own words, in the active language (page_text.py).
    text = page_text.template_text()
    return {"rollbook": {"pages": pages, "text": text, "script_text": page_text.script_text()}}


def prepare_environment() -> None:
    """Put the project's template folder first on Jupyter's data path.

    The template is also installed as package data; this makes edits to a checkout
    show up without reinstalling.
    """
    templates = str(paths.templates_dir())
    current = os.environ.get("JUPYTER_PATH", "")
    parts = [p for p in current.split(os.pathsep) if p]
    if templates not in parts:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([templates, *parts])
    # The kernels import rollbook from the same interpreter; make sure they do not
    # try to open a GUI window for matplotlib.
    os.environ.setdefault("MPLBACKEND", "Agg")


def host_notice(host: str, allow_hosts: Sequence[str]) -> str:
    """Return the start-up lines that say which names the app answers to."""
    from rollbook.app.hostcheck import HostPolicy

    policy = HostPolicy.for_server(host, allow_hosts)
    return (
        f"         It answers only to: {policy.describe()}.\n"
        "         Add the name visitors type with --allow-host NAME (repeatable)."
    )


def make_app_class() -> Any:
    """Return the Voila subclass used by ``rollbook app`` (imported lazily)."""
    from tornado import web
    from traitlets import List, Unicode
    from voila.app import Voila

    from rollbook.app import guarding, page_handler, page_text, webperf

    class StartPageRedirect(web.RequestHandler):
        """Send visitors of ``/`` to the start page instead of a file listing."""

        def get(self) -> None:
            base = self.settings.get("base_url", "/")
            self.redirect(f"{base}voila/render/{START_PAGE}")

    class RollbookVoila(Voila):  # type: ignore[misc]
        """Standalone Voila, with the start page as landing URL."""

        name = "rollbook"
        allow_hosts = List(
            Unicode(), config=True, help="Names besides this machine's the app answers to."
        )

        def initialize(self, argv: Any = None) -> None:
            # Pages must end and kernels must go: see docs/design-concurrency.md.
            page_handler.install()
            super().initialize(argv)
            self.log.addFilter(_DropTrustNotices())
            # Host/Origin checks, the kernel socket filter: see README "Security".
            guarding.configure_app(self)
            # Phones: compression, year-long caching of hashed files (webperf.py).
            self.rollbook_static_digest = webperf.install(self)

        def init_settings(self) -> dict[str, Any]:
            # The error page's words in the workbook's language (app/page_text.py).
            return page_text.install_translations(webperf.adapt_settings(super().init_settings()))

        def listen(self) -> None:
            guarding.install_host_check(self)
            webperf.use_cached_gzip(self.app)
            super().listen()

        def init_handlers(self) -> list[Any]:
            handlers: list[Any] = guarding.adapt_handlers(
                page_handler.adapt_handlers(super().init_handlers())
            )
            handlers = webperf.adapt_handlers(handlers, self.rollbook_static_digest)
            # Tornado matches handlers in order: put the landing redirect first.
            root = self.server_url or "/"
            return [(root, StartPageRedirect), *handlers]

    return RollbookVoila


def run(
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    token: str | None = None,
    notebooks: str | None = None,
    allow_hosts: Sequence[str] = (),
    verbose: bool = False,
) -> int:
    """Start the app and block until it stops; return an exit code."""
    if not is_loopback(host):
        if not token:
            token = secrets.token_urlsafe(24)
        print(
            f"WARNING: rollbook is listening on {host}, so other machines can reach it.\n"
            "         Health data is served: a token is required to open any page.\n"
            "         See 'Security and privacy' in the README before doing this.",
            file=sys.stderr,
        )
        print(host_notice(host, allow_hosts), file=sys.stderr)
    prepare_environment()
    app_class = make_app_class()
    argv: Sequence[str] = voila_argv(
        port=port,
        host=host,
        open_browser=open_browser,
        token=token,
        notebooks=notebooks,
        allow_hosts=allow_hosts,
    )
    shown_host = "127.0.0.1" if host in ("localhost",) else host
    url = f"http://{shown_host}:{port}/"
    if token:
        url += f"?token={token}"
    print(f"rollbook is starting at {url}  (press Ctrl+C to stop)", flush=True)
    app_class.launch_instance(argv=list(argv), config=voila_config(verbose=verbose))
    return 0
