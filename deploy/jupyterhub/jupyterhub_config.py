"""JupyterHub configuration for rollbook: one private server and data folder per user.

Each person signs in to the hub and gets their own single-user Jupyter server,
running as their own system account, with:
- ``ROLLBOOK_HOME=~/rollbook-data``: their data lives in their own home folder,
  owner-only, never next to anyone else's;
- the workbook's start page, rendered by Voila, as the page they land on;
- the project's ``voila.json`` applied to Voila (see ``jupyter_server_config.py``).

Read deploy/README.md first: in this setup the signed-in person can run code in
their own server. Start with ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent
#: The rollbook checkout every user's server reads pages, pictures and settings from.
#: It must be readable (not writable) by every user.
PROJECT = Path(os.environ.get("ROLLBOOK_PROJECT", HERE.parents[1])).resolve()
START_URL = "/voila/render/00_start_here.ipynb"

# --- the hub itself ------------------------------------------------------------------
# Listen on this machine only; put an HTTPS reverse proxy (nginx, Caddy) in front.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.hub_ip = "127.0.0.1"
# Sign-in: the default authenticator uses the machine's own accounts (PAM). List who
# may sign in; a clinic may prefer its own single sign-on (an OAuthenticator).
c.Authenticator.allowed_users = set()  # e.g. {"runner01", "runner02"}
c.Authenticator.admin_users = set()  # admins can open other users' servers: keep empty
c.JupyterHub.admin_access = False

# --- each user's server --------------------------------------------------------------
# The default LocalProcessSpawner runs each server as that user's system account, so
# file permissions keep users apart. DockerSpawner or KubeSpawner work the same way.
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.default_url = START_URL
c.Spawner.environment = {
    # "~" is the user's own home: each user gets their own data folder.
    "ROLLBOOK_HOME": "~/rollbook-data",
    "ROLLBOOK_PROJECT": str(PROJECT),
    # Makes the server read jupyter_server_config.py in this folder.
    "JUPYTER_CONFIG_PATH": str(HERE),
    # The rollbook Voila template.
    "JUPYTER_PATH": str(PROJECT / "share" / "jupyter"),
    "MPLBACKEND": "Agg",
    # The name(s) people type to reach the hub, e.g. "rollbook.clinic.example"
    # (comma separated). Each user's server refuses requests for any other name.
    "ROLLBOOK_ALLOW_HOSTS": os.environ.get("ROLLBOOK_ALLOW_HOSTS", ""),
}
# Stop a server nobody has used for a while (its data is already saved).
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=3600"]
c.Spawner.mem_limit = "1G"  # honoured by container spawners
