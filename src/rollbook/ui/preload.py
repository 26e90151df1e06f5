"""Import what the workbook's pages need, ahead of a visit (a spare kernel runs this).

``rollbook.app.spare_kernels`` starts kernels before anyone asks for a page and has
them run ``preload()``. The page a visitor opens then finds its modules imported and
only builds its widgets. Nothing here reads the runner's data or makes a widget.
"""

from __future__ import annotations

import importlib

#: Every module a page's cells import (a test checks the notebooks against this list).
#: Not matplotlib: it would add 38 MiB to every page's kernel, and pages import it
#: only when they draw a chart.
PAGE_MODULES = (
    "rollbook.ui.start",
    "rollbook.ui.explain",
    "rollbook.ui.plan_builder",
    "rollbook.ui.roll_along",
    "rollbook.ui.track",
    "rollbook.ui.clinician",
)


def preload() -> None:
    """Import every module in ``PAGE_MODULES``."""
    for name in PAGE_MODULES:
        importlib.import_module(name)
