"""The fixes ``rollbook app`` makes to Voila, applied to a per-user server under JupyterHub.

Under JupyterHub each person's server is Jupyter Server with Voila's *server
extension*, not ``rollbook app``'s standalone Voila, so the subclass in
:mod:`rollbook.app.launcher` is not used there. ``deploy/jupyterhub/jupyter_server_config.py``
calls :func:`install` while Jupyter Server reads its configuration, before any
extension loads, so the extension picks up the same pieces:

- the executor and renderer that end every page kindly (:func:`rollbook.app.page_handler.install`);
- ``RollbookPageHandler`` for ``/voila/render/...`` (sets the ``_xsrf`` cookie the
  page's close beacon needs, so a closed tab's kernel stops; ends a stalled page).
"""

from __future__ import annotations

from typing import Any

from rollbook.app import page_handler as pages


def page_handler() -> Any:
    """Return the page handler class the server extension uses after :func:`install`."""
    import voila.server_extension as extension

    return extension.TornadoVoilaHandler


def install() -> None:
    """Make Voila's server extension render pages as ``rollbook app`` does (idempotent)."""
    pages.install()
    import voila.server_extension as extension

    if not getattr(extension.TornadoVoilaHandler, "_rollbook", False):
        handler = pages.make_page_handler_class()
        handler._rollbook = True  # type: ignore[attr-defined]
        # The extension names the class when it registers its handlers; it offers no
        # setting for it, so the module attribute is replaced (as pages.install does).
        extension.TornadoVoilaHandler = handler
