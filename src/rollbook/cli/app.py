"""``rollbook app``: serve the workbook with Voila."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rollbook.cli.errors import UsageError
from rollbook.i18n import _


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("port must be a whole number, got {text!r}").format(text=text)
        ) from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            _("port must be between 1 and 65535, got {number}").format(number=value)
        )
    return value


def register(subparsers: Any) -> None:
    """Add the ``app`` command."""
    parser = subparsers.add_parser(
        "app",
        help="serve the workbook as a web app (Voila)",
        description="Serve the workbook as a web app at http://127.0.0.1:8866/.",
    )
    parser.add_argument("--port", type=_port, default=8866, help="port (default 8866)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name visitors use to reach the app, such as the machine's network "
        "name (repeatable; requests for any other name are refused)",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.add_argument(
        "--token",
        default=None,
        help="access token (required, and generated if absent, when --host is not local)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="show the server's full log (by default only warnings are shown)",
    )
    parser.add_argument(
        "--notebooks",
        default=None,
        metavar="DIR",
        help=argparse.SUPPRESS,  # for tests: serve another folder of pages
    )
    parser.set_defaults(func=_run)

    preview = subparsers.add_parser(
        "preview",
        help="serve the workbook for editing: every save shows at once",
        description=(
            "Serve the workbook for editing at http://127.0.0.1:8867/. Every visit reads "
            "the notebooks, the content library and pages.toml as saved now, and an open "
            "page reloads when one of them is saved. For educators, not for runners."
        ),
    )
    preview.add_argument("--port", type=_port, default=8867, help="port (default 8867)")
    preview.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    preview.set_defaults(func=_preview)

    lab = subparsers.add_parser(
        "lab",
        help="open the notebooks in JupyterLab for editing",
        description=(
            "Open the notebooks in JupyterLab. Its Voila preview uses the workbook's own "
            "template and navigation, and nothing is fetched from the internet."
        ),
    )
    lab.add_argument("--port", type=_port, default=None, help="port (default: JupyterLab's)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.set_defaults(func=_lab)


def _run(args: argparse.Namespace) -> int:
    from rollbook import paths
    from rollbook.app import launcher

    if not paths.notebooks_dir().is_dir():
        raise UsageError(
            _(
                "no notebooks folder at {notebooks_dir}; run rollbook from a checkout or set ROLLBOOK_PROJECT"
            ).format(notebooks_dir=paths.notebooks_dir())
        )
    notebooks = None
    if args.notebooks is not None:
        folder = Path(args.notebooks).expanduser().resolve()
        if not folder.is_dir():
            raise UsageError(
                _("--notebooks: no such folder: {notebooks}").format(notebooks=args.notebooks)
            )
        notebooks = str(folder)
    from rollbook.app.hostcheck import normalise_name

    try:
        allow_hosts = [normalise_name(name) for name in args.allow_host]
    except ValueError as exc:
        raise UsageError(_("--allow-host: {exc}").format(exc=exc)) from None
    return launcher.run(
        allow_hosts=allow_hosts,
        port=args.port,
        host=args.host,
        open_browser=not args.no_browser,
        token=args.token,
        notebooks=notebooks,
        verbose=args.verbose,
    )


def _preview(args: argparse.Namespace) -> int:
    from rollbook import paths
    from rollbook.app import preview

    if not paths.notebooks_dir().is_dir():
        raise UsageError(
            _(
                "no notebooks folder at {notebooks_dir}; run rollbook from a checkout or set ROLLBOOK_PROJECT"
            ).format(notebooks_dir=paths.notebooks_dir())
        )
    return preview.run(port=args.port, open_browser=not args.no_browser)


def _lab(args: argparse.Namespace) -> int:
    from rollbook import paths
    from rollbook.app import lab

    if not paths.notebooks_dir().is_dir():
        raise UsageError(
            _("no notebooks folder at {notebooks_dir}").format(notebooks_dir=paths.notebooks_dir())
        )
    return lab.run(port=args.port, open_browser=not args.no_browser)
