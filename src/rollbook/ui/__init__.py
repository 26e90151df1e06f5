"""Widget components for the workbook pages. Notebooks call these; logic lives elsewhere."""

from __future__ import annotations

import os
from typing import Any

from rollbook.i18n import _
from rollbook.ui import widget_states

#: Set by ``rollbook preview`` (rollbook.app.preview.PREVIEW_ENV); kernels inherit it.
_PREVIEW_ENV = "ROLLBOOK_PREVIEW"


def content_error_lines(exc: BaseException) -> list[str]:
    """What an educator sees for broken content: the one line ``rollbook check`` prints."""
    return [
        _("The content library has a problem: {problem}").format(problem=exc),
        _(
            "Fix the file named, save it, and this page reloads. "
            "`rollbook check` lists every problem with a fix."
        ),
    ]


def _show_content_errors_plainly() -> None:
    """In the preview, a content error reads as its one line instead of a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # not in a kernel (tests, the CLI)
        return
    shell = get_ipython()
    if shell is None:
        return
    from rollbook.content import ContentError

    def handler(
        shell: Any, etype: Any, value: BaseException, tb: Any, tb_offset: Any = None
    ) -> list[str]:
        lines = content_error_lines(value)
        # IPython leaves showing the error to a custom handler: send it as the cell's
        # error output, with these lines in place of the traceback.
        shell._showtraceback(etype, value, lines)
        return lines

    shell.set_custom_exc((ContentError,), handler)


if os.environ.get(_PREVIEW_ENV):
    _show_content_errors_plainly()

# Pages send the browser only the widget state that differs from the defaults.
widget_states.install()
