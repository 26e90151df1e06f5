"""Save notebooks clean: no outputs, no execution counts, no widget state.

Outputs and widget state can hold a runner's data (a name typed into a form, a
chart of their log), and they make every diff noisy. JupyterLab's "Clear Outputs"
leaves the widget state behind; this removes everything the workbook never needs
and sets the browser-tab title from ``pages.toml``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

#: Cell metadata that records a run, not the page.
_RUN_METADATA = ("execution", "collapsed", "scrolled", "jupyter")


def clean_notebook(book: dict[str, Any], title: str | None = None) -> bool:
    """Clean ``book`` in place; return True when anything changed."""
    before = json.dumps(book, sort_keys=True)
    metadata = book.setdefault("metadata", {})
    metadata.pop("widgets", None)
    if title is not None:
        metadata["title"] = title
    for cell in book.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in _RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
        cell.pop("attachments", None) if cell.get("cell_type") == "code" else None
    return json.dumps(book, sort_keys=True) != before


def clean_file(path: Path, title: str | None = None) -> bool:
    """Clean the notebook at ``path`` in place, atomically; return True if it changed."""
    book = json.loads(path.read_text(encoding="utf-8"))
    if not clean_notebook(book, title):
        return False
    text = json.dumps(book, indent=1, ensure_ascii=False) + "\n"
    # Write beside the file, then rename: an interrupted clean never leaves half a notebook.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
