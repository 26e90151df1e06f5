"""Today's date for the pages, and the one test-only way to move it.

The pages that save by date (03 and 04) ask :func:`today` and :func:`now`. Normally
they are the machine's date and time. A browser test that simulates weeks starts the
server with ``ROLLBOOK_TODAY_FILE`` set to a file holding a date (``YYYY-MM-DD``);
the kernels inherit the server's environment, and every call reads the file again, so
the test moves the pages' day by rewriting it. Nothing a browser sends can set the
variable or the file. A date after the real today, a missing file or bad text is
ignored, so the clock can never be set into the future.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

__all__ = ["TODAY_FILE_ENV", "now", "today"]

#: Environment variable naming the test clock's file (never set outside tests).
TODAY_FILE_ENV = "ROLLBOOK_TODAY_FILE"


def _fake_day() -> dt.date | None:
    path = os.environ.get(TODAY_FILE_ENV)
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="ascii").strip()
        day = dt.date.fromisoformat(text)
    except (OSError, UnicodeError, ValueError):
        return None
    return day if day <= dt.date.today() else None


def today() -> dt.date:
    """Today's date (the test clock's when one is set)."""
    return _fake_day() or dt.date.today()


def now() -> dt.datetime:
    """The local time now; on the test clock's day when one is set."""
    real = dt.datetime.now()
    day = _fake_day()
    return real if day is None else dt.datetime.combine(day, real.time())
