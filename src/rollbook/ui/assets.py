"""Where the workbook's front-end files are: its own widgets' JavaScript and CSS.

Two homes, one rule each:

* A widget's own code and style (anywidget's ``_esm`` and ``_css``) are files in
  ``rollbook/ui/anywidgets/``. anywidget reads them in Python and sends them with the
  widget, so the widget works and looks the same wherever it is shown: a Voilà page,
  JupyterLab's notebook view or its Voilà preview.
* The look of the HTML the pages show (plans, tables, charts, forms) is in the Voilà
  template's stylesheet, ``share/jupyter/voila/templates/rollbook/static/rollbook.css``,
  one block per component, with the ``--rb-*`` colours defined there.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ANYWIDGETS", "widget_file"]

ANYWIDGETS = Path(__file__).resolve().with_name("anywidgets")


def widget_file(name: str) -> Path:
    """The path of one widget file, e.g. ``range.js`` (anywidget reads it)."""
    path = ANYWIDGETS / name
    if not path.is_file():
        raise FileNotFoundError(f"no widget file {name!r} in {ANYWIDGETS}")
    return path
