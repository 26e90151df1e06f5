"""Runs from a watch or phone: reading GPX, TCX and FIT files and exports, and the record.

Light on purpose: the file readers (gpxpy, fitdecode) load only when a file is read.
"""

from __future__ import annotations

from rollbook.runs.record import DayChange, Run, RunError, RunsSaved

__all__ = ["DayChange", "Run", "RunError", "RunsSaved"]
