"""Where rollbook keeps its data and finds its own files."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rollbook"
HOME_ENV = "ROLLBOOK_HOME"
PROJECT_ENV = "ROLLBOOK_PROJECT"


def data_home() -> Path:
    """Return the data directory: ``$ROLLBOOK_HOME``, else the platform's user data dir.

    The directory is created (owner-only) if it does not exist yet.
    """
    configured = os.environ.get(HOME_ENV, "").strip()
    if configured:
        home = Path(configured).expanduser()
    else:
        # Imported here so that `rollbook --version` stays instant.
        from platformdirs import user_data_path

        home = user_data_path(APP_NAME, appauthor=False)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home


def project_root() -> Path:
    """Return the checkout holding ``notebooks/``, ``media/`` and ``voila.json``.

    rollbook is run from a checkout (editable install, Binder, conda ``pip -e .``);
    ``$ROLLBOOK_PROJECT`` points elsewhere when needed.
    """
    configured = os.environ.get(PROJECT_ENV, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(__file__).resolve().parents[2]


def notebooks_dir() -> Path:
    """Return the folder of workbook pages served by the app."""
    return project_root() / "notebooks"


def media_dir() -> Path:
    """Return the folder of the project's own pictures."""
    return project_root() / "media"


def voila_config_dir() -> Path:
    """Return the folder that holds ``voila.json``, the one Voila configuration."""
    return project_root()


def templates_dir() -> Path:
    """Return the ``share/jupyter`` folder that holds the rollbook Voila template."""
    return project_root() / "share" / "jupyter"


def package_source(name: str) -> Path:
    """Return a file or folder of the package (``content``, ``pages.toml``).

    It comes from the checkout ``$ROLLBOOK_PROJECT`` names when that checkout has it,
    so that the pages, the content and the page list a server shows all come from the
    same folder (``rollbook preview`` of a copy, tests); otherwise from the installed
    package.
    """
    configured = os.environ.get(PROJECT_ENV, "").strip()
    if configured:
        candidate = Path(configured).expanduser().resolve() / "src" / "rollbook" / name
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parent / name
