"""Page 04's log entry: the day's log with a finished rolling session added."""

from __future__ import annotations

import dataclasses
import datetime as dt

from rollbook.i18n import _
from rollbook.records import NOTE_MAX, ROLLED_MAX, LogEntry

__all__ = ["session_entry"]


def session_entry(
    base: LogEntry | None, today: dt.date, minutes: int, feel: int, note: str
) -> LogEntry:
    """Today's log entry with this session added (other fields of ``base`` kept).

    ``feel`` is how it feels after rolling, 0-10 (clamped); the note keeps its newest
    end when the day's note would grow past the log's limit.
    """
    line = _("After rolling: {score} out of 10.").format(score=max(0, min(10, feel)))
    if note:
        line += f" {note}"
    if base is None:
        return LogEntry(date=today, rolled_min=min(ROLLED_MAX, minutes), done=True, note=line)
    joined = f"{base.note}\n{line}" if base.note else line
    return dataclasses.replace(
        base,
        rolled_min=min(ROLLED_MAX, base.rolled_min + minutes),
        done=True,
        note=joined[-NOTE_MAX:],
    )
