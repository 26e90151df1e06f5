"""Share files and the progression tables: read a runner's progress out, merge it in.

The part of :mod:`rollbook.store.sharing` for LEFS scores, exercise sessions,
clinician adjustments and walk-run checks (store schema 5). The merge runs inside
that module's one import transaction. Its rules follow the log's (docs/data.md):

- a LEFS in the file replaces the one of the same day here only when the file's copy
  was changed later;
- an exercise session is part of its log day: one not here is added, and one that
  differs replaces ours only when the file's copy of that day is newer than ours was;
- clinician adjustments are history: one not here (same day, kind and saved time) is
  added, none is replaced or removed;
- walk-run checks of a day not here are added; a day here is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import TYPE_CHECKING

from rollbook.sharefile import ShareData, SharedLefs, stamp

if TYPE_CHECKING:
    from rollbook.store.sqlite import SqliteStore


def moment(text: str | None) -> dt.datetime | None:
    """Return a stored ISO time as an aware datetime (UTC when it names no zone), or None."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def newer(theirs: dt.datetime | None, ours: str | None) -> bool:
    """True when the file's copy was changed after ours (an unknown time never wins)."""
    if theirs is None:
        return False
    mine = moment(ours)
    return mine is None or theirs > mine


def export_lefs(db: SqliteStore, pid: int) -> tuple[SharedLefs, ...]:
    """Return the runner's LEFS scores with the time each was last saved."""
    times = dict(db._read("SELECT date, updated FROM lefs WHERE profile_id = ?", (pid,)))
    return tuple(
        SharedLefs(record, moment(times.get(record.date.isoformat())))
        for record in db.list_lefs(pid)
    )


def merge_progress(
    conn: sqlite3.Connection, pid: int, data: ShareData, log_times: dict[str, str | None]
) -> dict[str, int]:
    """Merge the file's progress sections for runner ``pid``; return what changed.

    ``log_times`` are this store's log days' change times from before the log merge.
    """
    counts = _merge_lefs(conn, pid, data)
    counts["sessions_added"] = _merge_sessions(conn, pid, data, log_times)
    counts["adjustments_added"] = _merge_adjustments(conn, pid, data)
    counts["ladder_checks_added"] = _merge_ladder_checks(conn, pid, data)
    return counts


def _merge_lefs(conn: sqlite3.Connection, pid: int, data: ShareData) -> dict[str, int]:
    counts = {"lefs_added": 0, "lefs_updated": 0, "lefs_kept": 0}
    ours = {
        day: (answers, updated)
        for day, answers, updated in conn.execute(
            "SELECT date, answers, updated FROM lefs WHERE profile_id = ?", (pid,)
        )
    }
    for item in data.lefs:
        key = item.record.date.isoformat()
        answers = "".join(str(a) for a in item.record.answers)
        mine = ours.get(key)
        if mine is not None and mine[0] == answers:
            continue
        if mine is not None and not newer(item.updated, mine[1]):
            counts["lefs_kept"] += 1
            continue
        # A score with no known time still needs one here: the import's own.
        when = stamp(item.updated or dt.datetime.now(dt.UTC))
        conn.execute(
            "INSERT OR REPLACE INTO lefs (profile_id, date, answers, updated) VALUES (?, ?, ?, ?)",
            (pid, key, answers, when),
        )
        counts["lefs_added" if mine is None else "lefs_updated"] += 1
    return counts


def _merge_sessions(
    conn: sqlite3.Connection, pid: int, data: ShareData, log_times: dict[str, str | None]
) -> int:
    ours = {
        (day, exercise): (pain, feel)
        for day, exercise, pain, feel in conn.execute(
            "SELECT date, exercise, pain, feel FROM exercise_sessions WHERE profile_id = ?", (pid,)
        )
    }
    file_days = {item.entry.date.isoformat(): item.updated for item in data.log}
    changed = 0
    for session in data.sessions:
        key = (session.date.isoformat(), session.exercise)
        mine = ours.get(key)
        if mine == (session.pain, session.feel):
            continue
        if mine is not None and not newer(file_days.get(key[0]), log_times.get(key[0])):
            continue
        conn.execute(
            "INSERT OR REPLACE INTO exercise_sessions (profile_id, date, exercise, pain, feel) "
            "VALUES (?, ?, ?, ?, ?)",
            (pid, *key, session.pain, session.feel),
        )
        changed += 1
    return changed


def _merge_adjustments(conn: sqlite3.Connection, pid: int, data: ShareData) -> int:
    have = {
        (day, kind, moment(created))
        for day, kind, created in conn.execute(
            "SELECT date, kind, created FROM adjustments WHERE profile_id = ?", (pid,)
        )
    }
    added = 0
    for change in data.adjustments:
        key = (change.date.isoformat(), change.kind, change.created)
        if change.created is None or key in have:
            continue
        conn.execute(
            "INSERT INTO adjustments (profile_id, date, kind, change, reason, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (pid, key[0], change.kind, json.dumps(change.change, sort_keys=True),
             change.reason, stamp(change.created)),
        )  # fmt: skip
        have.add(key)
        added += 1
    return added


def _merge_ladder_checks(conn: sqlite3.Connection, pid: int, data: ShareData) -> int:
    have = {
        day
        for (day,) in conn.execute("SELECT date FROM ladder_checks WHERE profile_id = ?", (pid,))
    }
    added = 0
    for check in data.ladder_checks:
        key = check.date.isoformat()
        if key in have:
            continue
        conn.execute(
            "INSERT INTO ladder_checks (profile_id, date, met) VALUES (?, ?, ?)",
            (pid, key, json.dumps(list(check.met))),
        )
        have.add(key)
        added += 1
    return added
