"""Reading a share file's content: every field checked, every problem one plain reason.

:func:`rollbook.sharefile.decode` checks the file's format, version and checksum, then
calls :func:`parse` here to turn the JSON into checked records. Records check their own
ranges (:mod:`rollbook.records`); this module checks shapes, dates and limits.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from rollbook import shareread_progress
from rollbook.i18n import _
from rollbook.records import (
    PAIN_FIELDS,
    LogEntry,
    PsfsItem,
    PsfsRecord,
    RecordError,
    SitePain,
    known_sites,
    name_problem,
)
from rollbook.runs.record import Run, RunError, date_problem
from rollbook.sharefile import (
    CLOCK_SLACK,
    MAX_LOG,
    MAX_PLAN_JSON,
    MAX_PLANS,
    MAX_PSFS,
    MAX_RUNS,
    TOP_KEYS,
    ShareData,
    SharedEntry,
    SharedPlan,
    SharedPsfs,
    ShareError,
)
from rollbook.sides import SIDES, midline_sites, pains_problem


class Checker:
    """Reads fields from the parsed JSON, turning every problem into a ShareError."""

    def __init__(self, now: dt.datetime) -> None:
        self.latest = now + CLOCK_SLACK

    def fail(self, where: str, problem: str) -> ShareError:
        return ShareError(
            _("it is damaged: {where}: {problem}").format(where=where, problem=problem)
        )

    def get(self, obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if not isinstance(obj, dict) or key not in obj:
            raise self.fail(where, _("'{key}' is missing").format(key=key))
        value = obj[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(where, _("'{key}' has the wrong type").format(key=key))
        if not isinstance(value, kind):
            raise self.fail(where, _("'{key}' has the wrong type").format(key=key))
        return value

    def date(self, obj: Any, key: str, where: str) -> dt.date:
        text = self.get(obj, key, str, where)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(where, _("'{key}' is not a date").format(key=key)) from None
        if day > self.latest.date():
            raise self.fail(where, _("'{key}' is in the future").format(key=key))
        return day

    def moment(
        self, obj: Any, key: str, where: str, *, optional: bool = False
    ) -> dt.datetime | None:
        if optional and isinstance(obj, dict) and obj.get(key) is None and key in obj:
            return None
        text = self.get(obj, key, str, where)
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(where, _("'{key}' is not a date and time").format(key=key)) from None
        if value.tzinfo is None:
            raise self.fail(where, _("'{key}' has no time zone").format(key=key))
        if value > self.latest:
            raise self.fail(where, _("'{key}' is in the future").format(key=key))
        return value.astimezone(dt.UTC)

    def items(self, obj: Any, key: str, limit: int) -> list[Any]:
        value: list[Any] = self.get(obj, key, list, "the file")
        if len(value) > limit:
            raise self.fail(
                _("section '{key}'").format(key=key),
                _("more than {limit} records").format(limit=limit),
            )
        return value

    def optional_items(self, obj: dict[str, Any], key: str, limit: int) -> list[Any]:
        """Return a section an older file may lack (then empty)."""
        return self.items(obj, key, limit) if key in obj else []


def parse(document: dict[str, Any], now: dt.datetime) -> ShareData:
    """Return the checked content of a share file whose checksum matched."""
    check = Checker(now)
    unknown = sorted(set(document) - TOP_KEYS)
    if unknown:
        raise check.fail(
            _("the file"), _("unexpected section '{amount}'").format(amount=unknown[0][:40])
        )
    profile_id = check.get(document, "profile_id", str, "the file")
    if len(profile_id) != 32 or any(c not in "0123456789abcdef" for c in profile_id):
        raise check.fail(_("the file"), _("'profile_id' is not a rollbook runner id"))
    exported_at = check.moment(document, "exported_at", _("the file"))
    assert exported_at is not None
    notes = check.get(document, "notes_included", bool, "the file")
    profile = check.get(document, "profile", dict, "the file")
    name = check.get(profile, "name", str, "profile")
    created = check.date(profile, "created", "profile")
    problem = name_problem(name)
    if problem:
        raise check.fail("profile", problem)
    try:
        return ShareData(
            profile_id=profile_id,
            name=name,
            created=created,
            exported_at=exported_at,
            notes_included=notes,
            plans=tuple(
                _plan(check, p, i)
                for i, p in enumerate(check.items(document, "plans", MAX_PLANS), 1)
            ),
            log=_log(check, check.items(document, "log", MAX_LOG), notes),
            psfs=_psfs(check, check.items(document, "psfs", MAX_PSFS)),
            runs=_runs(check, document.get("runs", []) if "runs" in document else []),
            lefs=shareread_progress.lefs(check, document),
            sessions=shareread_progress.sessions(check, document),
            adjustments=shareread_progress.adjustments(check, document),
            ladder_checks=shareread_progress.ladder_checks(check, document),
        )
    except (RecordError, RunError) as exc:
        raise ShareError(_("it is damaged: {exc}").format(exc=exc)) from None


def _plan(check: Checker, item: Any, n: int) -> SharedPlan:
    where = _("plan {n}").format(n=n)
    created = check.moment(item, "created", where)
    assert created is not None
    inputs = check.get(item, "inputs", dict, where)
    output = check.get(item, "output", dict, where)
    if len(json.dumps([inputs, output], ensure_ascii=False)) > MAX_PLAN_JSON:
        raise check.fail(where, _("it is too big"))
    return SharedPlan(created=created, inputs=inputs, output=output)


def _score(check: Checker, pain: Any, key: str, where: str) -> int | None:
    if not isinstance(pain, dict) or key not in pain:
        raise check.fail(where, _("'{key}' is missing").format(key=key))
    value = pain[key]
    return None if value is None else int(check.get(pain, key, int, where))


def _side(check: Checker, pain: Any, where: str, midline: frozenset[str]) -> str | None:
    """The pain's side; files before share format 3 have none."""
    side = pain.get("side") if isinstance(pain, dict) else None
    if side is None:
        return None
    if side not in SIDES:
        raise check.fail(
            where,
            _("'side' must be left, right or null (got {value!r})").format(value=str(side)[:20]),
        )
    if pain.get("site") in midline:
        raise check.fail(
            where,
            _("{amount} is in the middle of the body and has no side").format(
                amount=pain.get("site")
            ),
        )
    return str(side)


def _log(check: Checker, rows: list[Any], notes: bool) -> tuple[SharedEntry, ...]:
    sites = known_sites()
    midline = midline_sites()
    out: list[SharedEntry] = []
    seen: set[dt.date] = set()
    for row in rows:
        day = check.date(row, "date", _("a log day"))
        where = _("log day {day}").format(day=day.isoformat())
        if day in seen:
            raise check.fail(where, _("the same day appears twice"))
        seen.add(day)
        km = check.get(row, "km", (int, float), where)
        if not math.isfinite(km):
            raise check.fail(where, _("'km' is not a number"))
        pains = []
        for pain in check.get(row, "pains", list, where):
            site = check.get(pain, "site", str, where)
            if site not in sites:
                raise check.fail(where, _("unknown pain site {site!r}").format(site=site[:40]))
            side = _side(check, pain, where, midline)
            pains.append(
                SitePain.from_scores(
                    site, {k: _score(check, pain, k, where) for k in PAIN_FIELDS}, side
                )
            )
        pairing = pains_problem(pains)
        if pairing:
            raise check.fail(where, pairing)
        if notes:
            note = check.get(row, "note", str, where)
        elif "note" in row:
            raise check.fail(where, _("it has a note, but the file says notes are left out"))
        else:
            note = ""
        entry = LogEntry(
            date=day,
            pains=tuple(pains),
            km=float(km),
            rolled_min=check.get(row, "rolled_min", int, where),
            done=check.get(row, "done", bool, where),
            note=note,
        )
        out.append(SharedEntry(entry, check.moment(row, "updated", where, optional=True)))
    return tuple(out)


def _psfs(check: Checker, rows: list[Any]) -> tuple[SharedPsfs, ...]:
    out: list[SharedPsfs] = []
    seen: set[dt.date] = set()
    for row in rows:
        day = check.date(row, "date", _("an activity score"))
        where = _("activity scores of {day}").format(day=day.isoformat())
        if day in seen:
            raise check.fail(where, _("the same day appears twice"))
        seen.add(day)
        items = tuple(
            PsfsItem(check.get(i, "activity", str, where), check.get(i, "score", int, where))
            for i in check.get(row, "items", list, where)
        )
        record = PsfsRecord(day, items)
        out.append(SharedPsfs(record, check.moment(row, "updated", where, optional=True)))
    return tuple(out)


def _runs(check: Checker, rows: Any) -> tuple[Run, ...]:
    if not isinstance(rows, list):
        raise check.fail(_("the file"), _("'runs' has the wrong type"))
    if len(rows) > MAX_RUNS:
        raise check.fail(
            _("section 'runs'"), _("more than {MAX_RUNS} records").format(MAX_RUNS=MAX_RUNS)
        )
    out: list[Run] = []
    for row in rows:
        day = check.date(row, "date", "a run")
        where = _("run of {day}").format(day=day.isoformat())
        start = check.moment(row, "start", where)
        assert start is not None
        problem = date_problem(start, today=check.latest.date(), day=day)
        if problem:
            raise check.fail(where, problem)
        elevation = row.get("elevation_m") if isinstance(row, dict) else None
        if elevation is not None:
            elevation = check.get(row, "elevation_m", (int, float), where)
        out.append(
            Run(
                date=day,
                start=start,
                km=check.get(row, "km", (int, float), where),
                moving_s=check.get(row, "moving_s", int, where),
                source=check.get(row, "source", str, where),
                fingerprint=check.get(row, "fingerprint", str, where),
                elevation_m=None if elevation is None else float(elevation),
            )
        )
    return tuple(out)
