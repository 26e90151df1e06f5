"""Where a replay of the log stood on a past day, so ``rollbook week`` need not start over.

Pure. This week's plan replays every exercise session and logged day since the plan
started: years of them for a plan given long ago. A :class:`Checkpoint` holds what
the replay carries (each exercise's level, count and last rule, the walk-run mode and
step, and the events so far) just before a day some weeks back; the next replay goes
on from there and gives the very same week (``tests/unit/test_week_checkpoint.py``).

A checkpoint is only a shortcut and is thrown away whenever it might be wrong:

* the store deletes it when anything it was built from changes (a log entry, pain
  score, run, exercise session, clinician change or walk-run check dated before its
  day, or a new plan), by triggers in the database (:mod:`rollbook.store.checkpoints`);
* it is kept under :func:`replay_key`, a hash of the content library, the replay's
  own code and the language, so an edited content file or a new rollbook version
  replays from the start again;
* text that cannot be read back is ignored (:func:`from_text` gives None).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rollbook.ladder import RunState
from rollbook.progression import Event, Prescribed

__all__ = ["GAP_DAYS", "Checkpoint", "checkpoint_day", "from_text", "replay_key", "to_text"]

#: A checkpoint is made at a plan-week boundary at least this many days before the day
#: asked for, so the usual edits (yesterday's morning score, a late log of last week)
#: come after it and do not throw it away.
GAP_DAYS = 28
#: Bumped when the stored form changes.
FORMAT = 1
#: The modules whose code decides what a replay gives: a change to any of them (a new
#: rollbook, or a developer's edit) gives a new key.
_CODE = ("ladder", "mornings", "painmodel", "progression", "progression_words",
         "progress_records", "records", "weekplan", "week_checkpoint")  # fmt: skip


@dataclass(frozen=True)
class Checkpoint:
    """The replay's state before ``day``: everything dated earlier has been replayed."""

    day: dt.date
    #: The exercises, as :func:`rollbook.progression.levels_now` would return them on
    #: the day before ``day``.
    items: tuple[Prescribed, ...]
    #: The level events and clinician changes so far, oldest first.
    level_events: tuple[Event, ...]
    #: Running, as :func:`rollbook.ladder.run_state` left it on the day before ``day``.
    run: RunState


def checkpoint_day(start: dt.date, today: dt.date) -> dt.date | None:
    """The day to keep a checkpoint for when asked about ``today``: the latest start of a
    plan week at least :data:`GAP_DAYS` before it; None when that is not after ``start``."""
    days = (today - start).days - GAP_DAYS
    if days < 7:
        return None
    return start + dt.timedelta(days=days - days % 7)


# --- stored form -------------------------------------------------------------------------
# Years of events repeat the same few sentences, so each text is stored once and the
# events name texts by number.


class _Texts:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.where: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.where.get(text)
        if found is None:
            found = self.where[text] = len(self.texts)
            self.texts.append(text)
        return found


def _events_out(events: Sequence[Event], text: _Texts) -> list[list[Any]]:
    return [
        [e.date.isoformat(), text(e.what), text(e.why), text(e.exercise),
         [text(r) for r in e.references], e.clinician]
        for e in events
    ]  # fmt: skip


def to_text(checkpoint: Checkpoint) -> str:
    """The checkpoint as compact JSON text, for the store."""
    text = _Texts()
    run = checkpoint.run
    data = {
        "format": FORMAT,
        "day": checkpoint.day.isoformat(),
        "items": [
            [i.exercise, i.level, list(i.sites), dict(i.dose), i.streak, i.rule]
            for i in checkpoint.items
        ],
        "level_events": _events_out(checkpoint.level_events, text),
        "run": {
            "mode": run.mode,
            "phase": run.phase,
            "done": run.done,
            "last": run.last,
            "paused_on": run.paused_on.isoformat() if run.paused_on else None,
            "events": _events_out(run.events, text),
        },
    }
    data["texts"] = text.texts
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _events_in(rows: list[Any], texts: list[str]) -> tuple[Event, ...]:
    date = dt.date.fromisoformat
    return tuple(
        Event(date(d), texts[what], texts[why], texts[ex], tuple(texts[r] for r in refs),
              clinician is True)
        for d, what, why, ex, refs, clinician in rows
    )  # fmt: skip


#: The last few texts read back and what they gave, newest last: a kernel asks for the
#: same runner's week again and again (each save on page 05 redraws it), and rebuilding
#: hundreds of events each time is most of what a replay from a checkpoint costs. The
#: same text always gives the same (frozen) checkpoint.
_READ_BACK: dict[str, Checkpoint | None] = {}
_READ_BACK_MAX = 4


def from_text(text: str) -> Checkpoint | None:
    """The checkpoint stored as ``text``; None when it cannot be read back."""
    if text in _READ_BACK:
        return _READ_BACK[text]
    found = _from_text(text)
    if len(_READ_BACK) >= _READ_BACK_MAX:
        del _READ_BACK[next(iter(_READ_BACK))]
    _READ_BACK[text] = found
    return found


def _from_text(text: str) -> Checkpoint | None:
    try:
        data = json.loads(text)
        if data["format"] != FORMAT:
            return None
        texts = data["texts"]
        if not all(isinstance(t, str) for t in texts):
            return None
        items = tuple(
            Prescribed(str(ex), int(level), tuple(str(s) for s in sites),
                       {str(k): int(v) for k, v in dose.items()}, int(streak),
                       None if rule is None else str(rule))
            for ex, level, sites, dose, streak, rule in data["items"]
        )  # fmt: skip
        run = data["run"]
        if run["mode"] not in ("normal", "ladder", "paused"):
            return None
        phase = run["phase"]
        return Checkpoint(
            day=dt.date.fromisoformat(data["day"]),
            items=items,
            level_events=_events_in(data["level_events"], texts),
            run=RunState(
                mode=run["mode"],
                phase=None if phase is None else int(phase),
                done=int(run["done"]),
                next_step="",
                events=_events_in(run["events"], texts),
                last=str(run["last"]),
                paused_on=None if run["paused_on"] is None
                else dt.date.fromisoformat(run["paused_on"]),
            ),
        )  # fmt: skip
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


# --- the key ------------------------------------------------------------------------------

_code_hash: str | None = None
_content: tuple[tuple[object, ...], str] | None = None
_lang: tuple[object, str] | None = None


def _code() -> str:
    """A hash of the replay's source files (read once per process)."""
    global _code_hash
    if _code_hash is None:
        import importlib

        digest = hashlib.sha256()
        for name in _CODE:
            module = importlib.import_module(f"rollbook.{name}")
            with open(str(module.__file__), "rb") as source:
                digest.update(source.read())
        _code_hash = digest.hexdigest()
    return _code_hash


def _language() -> str:
    """What identifies the active language's messages (event sentences are translated)."""
    global _lang
    from rollbook import i18n

    active = i18n._translations()
    if _lang is None or _lang[0] is not active:
        catalog = getattr(active, "_catalog", None)
        items = sorted((repr(k), repr(v)) for k, v in catalog.items()) if isinstance(
            catalog, dict) else []  # fmt: skip
        _lang = (active, type(active).__name__ + hashlib.sha256(repr(items).encode()).hexdigest())
    return _lang[1]


def replay_key() -> str:
    """The key a checkpoint is kept under: the content library in use, the replay's
    code and the language. Checkpoints under another key are never used."""
    global _content
    from rollbook import painmodel
    from rollbook.content import load_library
    from rollbook.content.progressfile import load_progression

    loaded = (load_library(), load_progression(), painmodel.content())
    if _content is None or any(a is not b for a, b in zip(_content[0], loaded, strict=True)):
        # Read once per loaded library: a reloaded (edited) library is a new object.
        content = hashlib.sha256(repr(loaded).encode()).hexdigest()
        _content = (loaded, content)
    parts = (str(FORMAT), _code(), _content[1], _language())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
