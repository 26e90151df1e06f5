"""Pages that always end: the executor, the renderer and the page handler.

- ``RollbookExecutor`` ends a cell that cannot finish with a friendly message and a
  reload button, and stops the rest of the page, instead of a traceback or a spinner;
- ``RollbookNotebookRenderer`` ends the page kindly when rendering fails;
- ``RollbookPageHandler`` sets the ``_xsrf`` cookie the page's close beacon needs (so
  closed tabs shut their kernels down) and guarantees that the HTML ends, even when a
  kernel stalls (it watches Voila's heartbeat snippet, checked against voila 0.5.13).

``install()`` puts the executor and renderer in place; ``adapt_handlers()`` swaps the
page handler into a handler list (``rollbook app`` and the JupyterHub server both).
"""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import AsyncIterator
from typing import Any

from traitlets import default

from rollbook.i18n import N_, _

# The page handler ends a response after this long without a rendered cell. Longer
# than kernel start-up (60 s) or one cell (VoilaExecutor.timeout, 60 s) may take.
PAGE_STALL_S = 150.0
HEARTBEAT = "<script>window.voila_heartbeat()</script>\n"

STALLED_TITLE = N_("This part of the page took too long.")
FAILED_TITLE = N_("This page could not finish loading.")
RELOAD_HINT = N_("Reload the page to try again. Nothing you saved is lost.")
ERROR_HINT = N_(
    "Reload the page to try again. If it keeps happening, tell the person who runs this workbook."
)


def notice_html(title: str, hint: str = RELOAD_HINT) -> str:
    """Return a short, friendly notice with a real reload button (works without JS).

    ``title`` and ``hint`` are this module's marked constants, translated here.
    """
    return (
        '<div class="rb-notice rb-stalled" role="alert">'
        f"<p><strong>{html.escape(_(title))}</strong> {html.escape(_(hint))}</p>"
        # A GET form reloads the page without any script.
        '<form method="get"><button type="submit" class="rb-reload" style="'
        "min-height:2.75rem;padding:0.5rem 1.25rem;font:inherit;font-weight:600;color:#fff;"
        'background:#0f6e6a;border:0;border-radius:10px;cursor:pointer">'
        f"{html.escape(_('Reload the page'))}</button></form>"
        "</div>"
    )


def notice_output(title: str, hint: str = RELOAD_HINT) -> dict[str, Any]:
    """Return a notebook display output showing :func:`notice_html`."""
    return {
        "output_type": "display_data",
        "data": {"text/html": notice_html(title, hint), "text/plain": f"{_(title)} {_(hint)}"},
        "metadata": {},
    }


# --------------------------------------------------------------------------------------
# Executor and page handler: never spin for ever
# --------------------------------------------------------------------------------------


class CellStopped(TimeoutError):
    """The page stops here; Voila's renderer ends the page on a ``TimeoutError``."""


def make_executor_class() -> type:
    """Return ``RollbookExecutor``, a ``VoilaExecutor`` subclass (imported lazily)."""
    from nbclient.exceptions import DeadKernelError
    from voila.execute import VoilaExecutor

    class RollbookExecutor(VoilaExecutor):  # type: ignore[misc]
        """Voila's executor, ending a cell that cannot finish with a friendly notice."""

        @default("cell_error_instruction")
        def _cell_error_instruction_default(self) -> str:
            return ERROR_HINT

        async def execute_cell(
            self, cell: Any, resources: Any, cell_index: int, store_history: bool = True
        ) -> Any:
            try:
                return await super().execute_cell(cell, resources, cell_index, store_history)
            except TimeoutError:
                # The kernel may still be busy; interrupt it so it goes idle and can be
                # culled or closed instead of burning a core for ever.
                await self._interrupt_quietly()
                cell["outputs"] = [notice_output(STALLED_TITLE)]
                raise
            except DeadKernelError:
                self.log.error("Kernel died while running cell %s", cell_index)
                cell["outputs"] = [notice_output(FAILED_TITLE)]
                raise CellStopped("kernel died") from None

        async def _interrupt_quietly(self) -> None:
            try:
                if self.km is not None:
                    result = self.km.interrupt_kernel()
                    if asyncio.iscoroutine(result):
                        await asyncio.wait_for(result, 5)
            except Exception:  # noqa: BLE001 - interrupting is a courtesy; the page must end
                self.log.warning("Could not interrupt a kernel after a cell timed out")

    return RollbookExecutor


def make_renderer_class() -> type:
    """Return ``RollbookNotebookRenderer``, a ``NotebookRenderer`` subclass (lazy import)."""
    from voila.notebook_renderer import NotebookRenderer

    class RollbookNotebookRenderer(NotebookRenderer):  # type: ignore[misc]
        """Voila's renderer, whose output always ends, even when rendering fails."""

        def generate_content_generator(
            self, kernel_id: str | None = None, kernel_future: Any = None
        ) -> AsyncIterator[tuple[str, Any]]:
            inner = super().generate_content_generator(kernel_id, kernel_future)
            return end_kindly(inner, self.log)

    return RollbookNotebookRenderer


async def end_kindly(
    inner: AsyncIterator[tuple[str, Any]], log: Any
) -> AsyncIterator[tuple[str, Any]]:
    """Pass rendered snippets through; if rendering fails, end the page with a notice.

    Voila renders a page in a background task; when that task fails (a kernel that
    dies while starting, say) nothing ends the response and the visitor waits for ever.
    """
    try:
        async for item in inner:
            yield item
    except Exception:  # any failure must still give the visitor an ending
        log.exception("Rendering a page failed")
        yield closing_html(FAILED_TITLE), None


def make_page_handler_class() -> type:
    """Return ``RollbookPageHandler`` for ``/voila/render/...`` (imported lazily)."""
    import tornado.web
    from voila.tornado.handler import TornadoVoilaHandler

    class RollbookPageHandler(TornadoVoilaHandler):  # type: ignore[misc]
        """Voila's page handler with an ``_xsrf`` cookie and a guaranteed end."""

        @tornado.web.authenticated
        async def get(self, path: str | None = None) -> None:
            # Sets the _xsrf cookie. The page's beforeunload beacon copies it into the
            # shutdown POST, which then passes Tornado's double-submit check.
            self.xsrf_token  # noqa: B018
            async for snippet in self._guarded(self.get_generator(path=path)):
                self.write(snippet)
                self.flush()

        async def _guarded(self, gen: AsyncIterator[str]) -> AsyncIterator[str]:
            """Pass snippets through; end the page kindly if rendering stalls or fails."""
            last_progress = time.monotonic()
            started = False
            try:
                async for snippet in gen:
                    if snippet != HEARTBEAT:
                        last_progress = time.monotonic()
                    elif time.monotonic() - last_progress > PAGE_STALL_S:
                        self.log.error(
                            "Page %s made no progress for %.0f s", path_of(self), PAGE_STALL_S
                        )
                        yield closing_html(FAILED_TITLE)
                        return
                    started = True
                    yield snippet
            except Exception:
                if not started:
                    # Nothing sent yet (a missing page's 404, say): Tornado's own error
                    # page, with the right status, is the better answer.
                    raise
                self.log.exception("Rendering %s failed", path_of(self))
                yield closing_html(FAILED_TITLE)
            finally:
                aclose = getattr(gen, "aclose", None)
                if aclose is not None:
                    await aclose()

    return RollbookPageHandler


def path_of(handler: Any) -> str:
    """Return the request path of a Tornado handler, for log lines."""
    return str(getattr(getattr(handler, "request", None), "path", "?"))


def closing_html(title: str) -> str:
    """Return the notice plus the tags that end a page cut short."""
    return (
        f'<div class="rb-main">{notice_html(title)}</div>'
        "<script>window.voila_finish && window.voila_finish();</script>"
        "</body></html>\n"
    )


def adapt_handlers(handlers: list[Any]) -> list[Any]:
    """Swap Voila's page handler for ``RollbookPageHandler`` in a handler list."""
    from voila.tornado.handler import TornadoVoilaHandler

    page_handler = make_page_handler_class()
    adapted: list[Any] = []
    for spec in handlers:
        if isinstance(spec, tuple) and len(spec) >= 2 and spec[1] is TornadoVoilaHandler:
            spec = (spec[0], page_handler, *spec[2:])
        adapted.append(spec)
    return adapted


def install() -> None:
    """Make Voila use ``RollbookExecutor`` and ``RollbookNotebookRenderer`` (idempotent).

    Voila 0.5.13 names these classes inside its modules and offers no setting for
    them, so the module attributes are replaced.
    """
    import voila.notebook_renderer as renderer
    import voila.voila_kernel_manager as pools
    from voila import handler

    if not getattr(renderer.VoilaExecutor, "_rollbook", False):
        executor = make_executor_class()
        executor._rollbook = True  # type: ignore[attr-defined]
        renderer.VoilaExecutor = executor
    if not getattr(handler.NotebookRenderer, "_rollbook", False):
        page_renderer = make_renderer_class()
        page_renderer._rollbook = True  # type: ignore[attr-defined]
        handler.NotebookRenderer = page_renderer
        # Pages rendered ahead in a warm (preheated) kernel are built here.
        pools.NotebookRenderer = page_renderer
