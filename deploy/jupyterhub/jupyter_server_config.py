"""Jupyter Server settings for one person's rollbook server under JupyterHub.

JupyterHub starts ``jupyterhub-singleuser`` for each signed-in user; the hub's
``jupyterhub_config.py`` puts this folder on ``JUPYTER_CONFIG_PATH`` so that server
reads this file. It applies the project's ``voila.json`` (the one Voila configuration
``rollbook app`` uses too) to Voila's server extension, serves only the workbook's
pages folder, and turns terminals off.
"""

from __future__ import annotations

import json
import os

from rollbook import paths
from rollbook.app import hostcheck, hub, launcher, webperf

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by Jupyter

# One source of truth: the same settings as `rollbook app` (template, stripped
# sources, no tracebacks, file allow/deny lists, kernel culling, cell timeout).
_settings = json.loads((paths.voila_config_dir() / "voila.json").read_text(encoding="utf-8"))
for _section, _values in _settings.items():
    for _name, _value in _values.items():
        setattr(getattr(c, _section), _name, _value)

# The template's navigation bar, as `rollbook app` passes it.
c.VoilaConfiguration.resources = launcher.nav_resources()
# The rollbook template folder on Jupyter's data path; MPLBACKEND=Agg for kernels.
launcher.prepare_environment()
# The same page handler and fixes for hanging pages as `rollbook app` (see the README's
# design notes and rollbook/app/hub.py).
hub.install()

# Nothing from other hosts: Voila's server extension would otherwise point the page at
# MathJax on a public CDN (standalone Voila, as `rollbook app` runs it, sets no URL).
# Every text response and the kernel's websocket compressed, for phones on mobile
# networks (issue 18, webperf.py).
c.ServerApp.tornado_settings = webperf.adapt_settings(
    {"mathjax_url": None, "mathjax_config": None}
)
# Jupyter Server writes its own setting over the one above: give it the same value.
c.ServerApp.websocket_compression_options = webperf.WEBSOCKET_COMPRESSION

c.ServerApp.root_dir = str(paths.notebooks_dir())
c.ServerApp.default_url = f"/voila/render/{launcher.START_PAGE}"
# The signed-in person may still open JupyterLab and run code in their own server
# (see deploy/README.md); a terminal adds nothing a clinic needs.
c.ServerApp.terminals_enabled = False

# Answer only to this machine's names and the hub's public names (DNS rebinding; see
# the README's "Security and privacy"). Jupyter Server refuses any other Host with
# 403. The hub passes ROLLBOOK_ALLOW_HOSTS on (see jupyterhub_config.py).
c.ServerApp.allow_remote_access = False
c.ServerApp.local_hostnames = [
    "localhost",
    *hostcheck.names_from_env(os.environ.get(hostcheck.ENV_ALLOW_HOSTS)),
]
