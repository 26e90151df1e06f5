"""Stores with a runner and a saved plan, as several unit tests start from."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from rollbook.plan import PlanInput, build_plan
from rollbook.store import SqliteStore


def store_with_plan(folder: Path, start: dt.date, name: str = "Ann") -> SqliteStore:
    """A store in ``folder`` holding ``name``, whose Achilles plan (pain 4) starts on ``start``.

    The plan is saved with its answers as page 03 keeps them (no red flags, no cautions).
    """
    store = SqliteStore(folder / "db.sqlite")
    profile = store.add_profile(name)
    inp = PlanInput(pain={"achilles": 4})
    inputs = dataclasses.asdict(inp)
    inputs.update(pain=dict(inp.pain), red_flags=[], cautions=[], start=start.isoformat())
    store.save_plan(profile, inputs, build_plan(inp).to_dict())
    return store
