"""``rollbook lab`` (``make lab``): JupyterLab for editing the notebooks.

JupyterLab's "Render with Voilà" button previews a page through Voilà's server
extension, which by default uses Voilà's stock template: no navigation bar, and
pages that ask the internet for fonts. Here it uses the workbook's own template and
page list. JupyterLab's news feed and update check, which also reach the internet,
are switched off. Runs as root too (containers, Binder), where JupyterLab otherwise
refuses to start.
"""

from __future__ import annotations

import os
import sys

from rollbook import paths
from rollbook.app import launcher


def lab_argv(*, port: int | None = None, open_browser: bool = True) -> list[str]:
    """Return the ``jupyter lab`` arguments ``rollbook lab`` uses."""
    argv = [
        str(paths.notebooks_dir()),
        "--VoilaConfiguration.template=rollbook",
        "--VoilaConfiguration.theme=light",
        # A Python literal, as traitlets reads a dict from the command line
        # (ast.literal_eval): JSON's true and false (a page's "wide") would not parse.
        f"--VoilaConfiguration.resources={launcher.nav_resources()!r}",
        # Announcements and update checks fetch from the internet; the workbook never does.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if port is not None:
        argv.append(f"--port={port}")
    if not open_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv


def run(*, port: int | None = None, open_browser: bool = True) -> int:
    """Start JupyterLab on the notebooks and block until it stops."""
    launcher.prepare_environment()
    # Figures drawn while editing show inline, as a reader of the page will see them.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    from jupyterlab.labapp import LabApp

    LabApp.launch_instance(argv=lab_argv(port=port, open_browser=open_browser))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
