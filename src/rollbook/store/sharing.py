"""Share files and the SQLite store: read one runner out, merge a runner in.

Kept apart from :mod:`rollbook.store.sqlite` (one job per module); it uses that
store's transaction helper, so an import is one transaction: all of it or none.

Merging rules (also in docs/data.md):
- the runner is matched by the id in the file, never by name;
- a log day or PSFS rating in the file replaces the one here only when the file's copy
  was changed later (its ``updated`` time); a copy with no known time never replaces;
- plans are history: a plan not here yet is added, none is replaced;
- LEFS scores, exercise sessions, clinician adjustments and walk-run checks follow
  the same rules (see :mod:`rollbook.store.sharing_progress`);
- nothing here is ever deleted by an import, and a note kept here survives a file made
  without notes.
So importing the same file twice changes nothing, and an older file cannot overwrite
newer data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from rollbook.i18n import _, ngettext
from rollbook.records import Profile, PsfsRecord, name_problem
from rollbook.sharefile import ShareData, SharedEntry, SharedPlan, SharedPsfs, stamp
from rollbook.store import runs as runs_sql
from rollbook.store import sharing_progress
from rollbook.store.base import NameTakenError, ProfileRef, Store, StoreError
from rollbook.store.migrations import name_key
from rollbook.store.sharing_progress import moment as _moment
from rollbook.store.sharing_progress import newer as _newer
from rollbook.store.sqlite import SqliteStore


@dataclass(frozen=True)
class ShareImport:
    """What an import did (or, with nothing changed, found)."""

    name: str
    new_runner: bool = False
    renamed_from: str | None = None
    days_added: int = 0
    days_updated: int = 0
    days_kept: int = 0
    plans_added: int = 0
    runs_added: int = 0
    psfs_added: int = 0
    psfs_updated: int = 0
    psfs_kept: int = 0
    lefs_added: int = 0
    lefs_updated: int = 0
    lefs_kept: int = 0
    sessions_added: int = 0
    adjustments_added: int = 0
    ladder_checks_added: int = 0
    older_file: bool = False

    @property
    def changed(self) -> bool:
        """True when the import saved anything."""
        return bool(
            self.new_runner
            or self.renamed_from
            or self.days_added
            or self.days_updated
            or self.plans_added
            or self.runs_added
            or self.psfs_added
            or self.psfs_updated
            or self.lefs_added
            or self.lefs_updated
            or self.sessions_added
            or self.adjustments_added
            or self.ladder_checks_added
        )

    def changes(self) -> list[str]:
        """Return what changed, one short phrase each (empty when nothing did)."""

        parts: list[str] = []
        if self.renamed_from:
            parts.append(_("renamed from {renamed_from}").format(renamed_from=self.renamed_from))
        # One whole phrase per count, so each language can say it its own way.
        counted = (
            (self.days_added, ngettext("{n} new day in the log", "{n} new days in the log", self.days_added)),
            (self.days_updated, ngettext("{n} day updated", "{n} days updated", self.days_updated)),
            (self.runs_added, ngettext("{n} new run", "{n} new runs", self.runs_added)),
            (self.plans_added, ngettext("{n} new plan", "{n} new plans", self.plans_added)),
            (self.psfs_added, ngettext("{n} new activity score", "{n} new activity scores", self.psfs_added)),
            (self.psfs_updated, ngettext("{n} activity score updated", "{n} activity scores updated", self.psfs_updated)),
            (self.lefs_added, ngettext("{n} new LEFS score", "{n} new LEFS scores", self.lefs_added)),
            (self.lefs_updated, ngettext("{n} LEFS score updated", "{n} LEFS scores updated", self.lefs_updated)),
            (self.sessions_added, ngettext("{n} exercise session", "{n} exercise sessions", self.sessions_added)),
            (self.adjustments_added, ngettext("{n} plan change", "{n} plan changes", self.adjustments_added)),
            (self.ladder_checks_added, ngettext("{n} walk-run check", "{n} walk-run checks", self.ladder_checks_added)),
        )  # fmt: skip
        parts += [text.format(n=n) for n, text in counted if n]
        return parts

    def summary(self) -> str:
        """Return one plain line: who, and what changed."""
        kept = self.days_kept + self.psfs_kept + self.lefs_kept
        tail = ""
        if kept:
            tail = ngettext(
                "; kept {kept} newer record already here",
                "; kept {kept} newer records already here",
                kept,
            ).format(kept=kept)
        if self.older_file:
            tail += _("; this file is older than one imported before")
        if self.new_runner:
            what = ", ".join(self.changes()) or _("no records yet")
            return _("Added {name}: {what}{tail}.").format(name=self.name, what=what, tail=tail)
        if not self.changed:
            return _("Nothing changed for {name}: this file holds nothing newer{tail}.").format(
                name=self.name, tail=tail
            )
        return _("Updated {name}: {names}{tail}.").format(
            name=self.name, names=", ".join(self.changes()), tail=tail
        )


def _sqlite(store: Store) -> SqliteStore:
    if not isinstance(store, SqliteStore):
        raise StoreError(_("share files need the SQLite store"))
    return store


def profile_uid(store: Store, profile: ProfileRef) -> str:
    """Return the profile's stable id (32 hex digits), the one share files carry."""
    db = _sqlite(store)
    pid = db._pid(profile)
    rows = db._read("SELECT uid FROM profiles WHERE id = ?", (pid,))
    return str(rows[0][0])


def export_data(
    store: Store, profile: ProfileRef, *, notes: bool = False, now: dt.datetime | None = None
) -> ShareData:
    """Return everything a share file of ``profile`` holds; notes only when ``notes``."""
    db = _sqlite(store)
    pid = db._pid(profile)
    found = db.get_profile(pid)
    log_times = dict(db._read("SELECT date, updated FROM log_entries WHERE profile_id = ?", (pid,)))
    psfs_times = dict(db._read("SELECT date, updated FROM psfs WHERE profile_id = ?", (pid,)))
    entries = db.list_entries(pid)
    return ShareData(
        profile_id=profile_uid(db, pid),
        name=found.name,
        created=found.created,
        exported_at=now or dt.datetime.now(dt.UTC),
        notes_included=notes,
        plans=tuple(
            SharedPlan(p.created, p.inputs, p.output) for p in reversed(db.list_plans(pid))
        ),
        log=tuple(
            SharedEntry(
                e if notes else dataclasses.replace(e, note=""),
                _moment(log_times.get(e.date.isoformat())),
            )
            for e in entries
        ),
        psfs=tuple(
            SharedPsfs(r, _moment(psfs_times.get(r.date.isoformat()))) for r in db.list_psfs(pid)
        ),
        runs=tuple(db.runs(pid)),
        lefs=sharing_progress.export_lefs(db, pid),
        sessions=tuple(db.list_sessions(pid)),
        adjustments=tuple(db.list_adjustments(pid)),
        ladder_checks=tuple(db.list_ladder_checks(pid)),
    )


def _runner(
    conn: sqlite3.Connection, data: ShareData, as_name: str | None
) -> tuple[int, ShareImport]:
    """Find or add the runner; return its row id and the start of the summary."""
    wanted = as_name.strip() if isinstance(as_name, str) and as_name.strip() else None
    if wanted is not None:
        problem = name_problem(wanted)
        if problem:
            raise StoreError(problem)
    row = conn.execute(
        "SELECT id, name, shared_at FROM profiles WHERE uid = ?", (data.profile_id,)
    ).fetchone()
    name = wanted or (row[1] if row else data.name)
    clash = conn.execute(
        "SELECT id, name FROM profiles WHERE name_key = ?", (name_key(name),)
    ).fetchone()
    if clash and (row is None or clash[0] != row[0]):
        raise NameTakenError(
            _(
                "a different runner named {clash!r} is already here; choose another name for this runner"
            ).format(clash=clash[1])
        )
    exported = stamp(data.exported_at)
    if row is None:
        cur = conn.execute(
            "INSERT INTO profiles (name, name_key, created, uid, shared_at) VALUES (?, ?, ?, ?, ?)",
            (name, name_key(name), data.created.isoformat(), data.profile_id, exported),
        )
        return int(cur.lastrowid or 0), ShareImport(name=name, new_runner=True)
    pid, old_name, shared_at = int(row[0]), str(row[1]), row[2]
    renamed = None
    if name != old_name:
        conn.execute(
            "UPDATE profiles SET name = ?, name_key = ? WHERE id = ?", (name, name_key(name), pid)
        )
        renamed = old_name
    older = _moment(shared_at) is not None and data.exported_at < _moment(shared_at)  # type: ignore[operator]
    if not older and shared_at != exported:
        conn.execute("UPDATE profiles SET shared_at = ? WHERE id = ?", (exported, pid))
    return pid, ShareImport(name=name, renamed_from=renamed, older_file=older)


def _merge_log(
    store: SqliteStore, conn: sqlite3.Connection, pid: int, data: ShareData
) -> dict[str, int]:
    counts = {"days_added": 0, "days_updated": 0, "days_kept": 0}
    times = dict(conn.execute("SELECT date, updated FROM log_entries WHERE profile_id = ?", (pid,)))
    ours = {e.date: e for e in store.list_entries(pid)} if times else {}
    for item in data.log:
        entry, key = item.entry, item.entry.date.isoformat()
        mine = ours.get(entry.date)
        if mine is not None and not data.notes_included:
            entry = dataclasses.replace(entry, note=mine.note)
        if mine == entry:
            continue
        if mine is not None and not _newer(item.updated, times.get(key)):
            counts["days_kept"] += 1
            continue
        when = stamp(item.updated) if item.updated else None
        SqliteStore._upsert(conn, pid, entry, when)  # type: ignore[arg-type]
        counts["days_added" if mine is None else "days_updated"] += 1
    return counts


def _merge_psfs(conn: sqlite3.Connection, pid: int, data: ShareData) -> dict[str, int]:
    counts = {"psfs_added": 0, "psfs_updated": 0, "psfs_kept": 0}
    ours: dict[str, tuple[int, str | None, list[tuple[str, int]]]] = {}
    for psfs_id, day, updated in conn.execute(
        "SELECT id, date, updated FROM psfs WHERE profile_id = ?", (pid,)
    ).fetchall():
        items = conn.execute(
            "SELECT activity, score FROM psfs_items WHERE psfs_id = ? ORDER BY position", (psfs_id,)
        ).fetchall()
        ours[day] = (int(psfs_id), updated, [(a, s) for a, s in items])
    for item in data.psfs:
        record: PsfsRecord = item.record
        key = record.date.isoformat()
        theirs = [(i.activity, i.score) for i in record.items]
        mine = ours.get(key)
        if mine is not None and mine[2] == theirs:
            continue
        if mine is not None and not _newer(item.updated, mine[1]):
            counts["psfs_kept"] += 1
            continue
        if mine is None:
            cur = conn.execute("INSERT INTO psfs (profile_id, date) VALUES (?, ?)", (pid, key))
            psfs_id = int(cur.lastrowid or 0)
        else:
            psfs_id = mine[0]
            conn.execute("DELETE FROM psfs_items WHERE psfs_id = ?", (psfs_id,))
        conn.executemany(
            "INSERT INTO psfs_items (psfs_id, position, activity, score) VALUES (?, ?, ?, ?)",
            [(psfs_id, n, a, s) for n, (a, s) in enumerate(theirs)],
        )
        # After the items: their trigger stamps "now"; the file's own time is the truth.
        when = stamp(item.updated) if item.updated else None
        conn.execute("UPDATE psfs SET updated = ? WHERE id = ?", (when, psfs_id))
        counts["psfs_added" if mine is None else "psfs_updated"] += 1
    return counts


def _merge_plans(conn: sqlite3.Connection, pid: int, data: ShareData) -> int:
    have = {
        _moment(c)
        for (c,) in conn.execute("SELECT created FROM plans WHERE profile_id = ?", (pid,))
    }
    added = 0
    for plan in data.plans:
        if plan.created in have:
            continue
        conn.execute(
            "INSERT INTO plans (profile_id, created, inputs, output) VALUES (?, ?, ?, ?)",
            (
                pid,
                stamp(plan.created),
                json.dumps(plan.inputs, ensure_ascii=False, allow_nan=False, sort_keys=True),
                json.dumps(plan.output, ensure_ascii=False, allow_nan=False, sort_keys=True),
            ),
        )
        have.add(plan.created)
        added += 1
    return added


def _merge_runs(conn: sqlite3.Connection, pid: int, data: ShareData) -> int:
    """Add the runs not here yet (same file or same start time = same run).

    Only the runs table changes: the file's log already holds each day's distance,
    and the log days were merged by their own rule.
    """
    fresh = runs_sql.new_runs(conn, pid, data.runs)
    conn.executemany(
        "INSERT INTO runs (profile_id, date, start, km, moving_s, elevation_m, source, "
        "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (pid, r.date.isoformat(), r.start.astimezone(dt.UTC).isoformat(
                timespec="seconds"), r.km, r.moving_s, r.elevation_m, r.source, r.fingerprint)
            for r in fresh
        ],
    )  # fmt: skip
    return len(fresh)


def import_data(store: Store, data: ShareData, *, as_name: str | None = None) -> ShareImport:
    """Add or update the runner in ``data`` in one transaction; return what changed.

    ``as_name`` names the runner here (a new runner, or a rename of the matched one).
    Raises :class:`StoreError` (nothing saved) when the name belongs to another runner.
    """
    db = _sqlite(store)
    with db._write() as conn:
        pid, result = _runner(conn, data, as_name)
        log_times = dict(
            conn.execute("SELECT date, updated FROM log_entries WHERE profile_id = ?", (pid,))
        )
        counts = _merge_log(db, conn, pid, data)
        counts.update(sharing_progress.merge_progress(conn, pid, data, log_times))
        counts.update(_merge_psfs(conn, pid, data))
        plans = _merge_plans(conn, pid, data)
        runs = _merge_runs(conn, pid, data)
    return dataclasses.replace(
        result,
        plans_added=plans,
        runs_added=runs,
        **counts,  # type: ignore[arg-type]
    )


def find_runner(store: Store, profile_id: str) -> Profile | None:
    """Return the profile with this share id, or None."""
    db = _sqlite(store)
    rows = db._read("SELECT id FROM profiles WHERE uid = ?", (profile_id,))
    return db.get_profile(int(rows[0][0])) if rows else None
