"""The default store: one SQLite file, owner-only, safe with several kernels at once.

:class:`SqliteStore` is the tables' SQL put together: profiles and plans here, the
daily log and activity scores in :mod:`rollbook.store.daylog`, plans that move in
:mod:`rollbook.store.progress`, runs in :mod:`rollbook.store.runs`; the file itself
(opening, upgrades, transactions, backups) is :mod:`rollbook.store.sqlite_file`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rollbook.i18n import _
from rollbook.records import Profile, SavedPlan, name_problem
from rollbook.store.base import ProfileRef, Store, StoreError
from rollbook.store.checkpoints import SqliteCheckpointMixin
from rollbook.store.daylog import SqliteLogMixin
from rollbook.store.migrations import name_key
from rollbook.store.progress import SqliteProgressMixin
from rollbook.store.runs import SqliteRunsMixin
from rollbook.store.sqlite_file import (
    BUSY_TIMEOUT_S,
    FILE_NAME,
    SqliteFile,
    default_path,
    utc_iso,
)

__all__ = ["BUSY_TIMEOUT_S", "FILE_NAME", "SqliteStore", "default_path"]


def _to_json(value: dict[str, Any], what: str) -> str:
    if not isinstance(value, dict):
        raise StoreError(
            _("plan {what} must be a dict (got {name__})").format(
                what=what, name__=type(value).__name__
            )
        )
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            _("plan {what} cannot be saved as JSON: {exc}").format(what=what, exc=exc)
        ) from None


class SqliteStore(
    SqliteFile, SqliteLogMixin, SqliteProgressMixin, SqliteRunsMixin, SqliteCheckpointMixin, Store
):
    """A :class:`Store` in one SQLite file."""

    # --- profiles ------------------------------------------------------------------

    def add_profile(self, name: str, *, created: dt.date | None = None) -> Profile:
        problem = name_problem(name)
        if problem:
            raise StoreError(problem)
        day = created or dt.date.today()
        key = name_key(name)
        with self._write() as conn:
            row = conn.execute("SELECT name FROM profiles WHERE name_key = ?", (key,)).fetchone()
            if row:
                raise StoreError(
                    _(
                        "a profile named {row!r} already exists (names ignore case); choose another name"
                    ).format(row=row[0])
                )
            cur = conn.execute(
                "INSERT INTO profiles (name, name_key, created) VALUES (?, ?, ?)",
                (name, key, day.isoformat()),
            )
        return Profile(id=int(cur.lastrowid or 0), name=name, created=day)

    @staticmethod
    def _profile(row: tuple[Any, ...]) -> Profile:
        return Profile(id=row[0], name=row[1], created=dt.date.fromisoformat(row[2]))

    def list_profiles(self) -> list[Profile]:
        rows = self._read("SELECT id, name, created FROM profiles ORDER BY name_key, id")
        return [self._profile(r) for r in rows]

    def find_profile(self, name: str) -> Profile | None:
        rows = self._read(
            "SELECT id, name, created FROM profiles WHERE name_key = ?", (name_key(name),)
        )
        return self._profile(rows[0]) if rows else None

    def get_profile(self, profile_id: int) -> Profile:
        rows = self._read("SELECT id, name, created FROM profiles WHERE id = ?", (profile_id,))
        if not rows:
            raise StoreError(
                _("there is no profile with id {profile_id}").format(profile_id=profile_id)
            )
        return self._profile(rows[0])

    def delete_profile(self, profile: ProfileRef) -> bool:
        pid = profile.id if isinstance(profile, Profile) else profile
        with self._write() as conn:
            cur = conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
        if cur.rowcount > 0:
            self._forget_old_pages()
        return cur.rowcount > 0

    # --- plans ---------------------------------------------------------------------

    def save_plan(
        self,
        profile: ProfileRef,
        inputs: dict[str, Any],
        output: dict[str, Any],
        *,
        created: dt.datetime | None = None,
    ) -> SavedPlan:
        moment = created or dt.datetime.now(dt.UTC)
        stamp = utc_iso(moment)
        inputs_json, output_json = _to_json(inputs, "inputs"), _to_json(output, "output")
        with self._write() as conn:
            pid = self._pid(profile, conn)
            cur = conn.execute(
                "INSERT INTO plans (profile_id, created, inputs, output) VALUES (?, ?, ?, ?)",
                (pid, stamp, inputs_json, output_json),
            )
        return SavedPlan(
            id=int(cur.lastrowid or 0),
            profile_id=pid,
            created=dt.datetime.fromisoformat(stamp),
            inputs=json.loads(inputs_json),
            output=json.loads(output_json),
        )

    def _plans(self, profile: ProfileRef, limit: int | None) -> list[SavedPlan]:
        pid = self._pid(profile)
        sql = (
            "SELECT id, profile_id, created, inputs, output FROM plans "
            "WHERE profile_id = ? ORDER BY created DESC, id DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [
            SavedPlan(
                id=r[0],
                profile_id=r[1],
                created=dt.datetime.fromisoformat(r[2]),
                inputs=json.loads(r[3]),
                output=json.loads(r[4]),
            )
            for r in self._read(sql, (pid,))
        ]

    def list_plans(self, profile: ProfileRef) -> list[SavedPlan]:
        return self._plans(profile, None)

    def current_plan(self, profile: ProfileRef) -> SavedPlan | None:
        plans = self._plans(profile, 1)
        return plans[0] if plans else None
