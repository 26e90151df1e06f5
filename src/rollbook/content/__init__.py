"""The content library: pain sites, rolling targets, exercises, red flags, rolling
cautions, references.

Content is data. Each kind lives in one TOML file in this folder and is checked on
load; a bad edit raises :class:`ContentError` with one line naming the file, the
entry and the problem, e.g.::

    rolling.toml: entry 'calf': field 'seconds': must be between 30 and 120 (got 300)
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from rollbook.content.messages import pydantic_message, toml_message
from rollbook.content.models import (
    NEVER_ROLL_REGIONS,
    REGIONS,
    ROLLERS,
    Caution,
    Exercise,
    Level,
    RedFlag,
    Reference,
    RollingRule,
    RollingTarget,
    Site,
    _Entry,
)
from rollbook.content.painmodel_models import PainModelContent
from rollbook.content.picture_models import Picture

__all__ = [
    "NEVER_ROLL_REGIONS",
    "REGIONS",
    "ROLLERS",
    "Caution",
    "ContentError",
    "Exercise",
    "Level",
    "Library",
    "PainModelContent",
    "Picture",
    "RedFlag",
    "Reference",
    "RollingRule",
    "RollingTarget",
    "Site",
    "content_dir",
    "load_library",
    "load_painmodel",
]

M = TypeVar("M", bound=_Entry)
B = TypeVar("B", bound=BaseModel)


class ContentError(Exception):
    """A content file is missing, is not valid TOML, or holds a bad entry."""


@dataclass(frozen=True)
class Library:
    """Every content record, keyed by id, in file order."""

    sites: Mapping[str, Site]
    rolling: Mapping[str, RollingTarget]
    exercises: Mapping[str, Exercise]
    red_flags: Mapping[str, RedFlag]
    references: Mapping[str, Reference]
    #: Questions asked before rolling (cautions.toml), in file order.
    cautions: Mapping[str, Caution] = field(default_factory=dict)
    #: The line shown on every rolling item (cautions.toml ``[always]``).
    rolling_rule: RollingRule | None = None
    #: One drawing per rolling target and exercise level (poses.toml), by owner.
    pictures: Mapping[str, Picture] = field(default_factory=dict)

    def site(self, site_id: str) -> Site:
        """The pain site ``site_id`` (KeyError if unknown)."""
        return self.sites[site_id]

    def target(self, target_id: str) -> RollingTarget:
        """The rolling target ``target_id`` (KeyError if unknown)."""
        return self.rolling[target_id]

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise ``exercise_id`` (KeyError if unknown)."""
        return self.exercises[exercise_id]

    def flag(self, flag_id: str) -> RedFlag:
        """The red-flag question ``flag_id`` (KeyError if unknown)."""
        return self.red_flags[flag_id]

    def reference(self, reference_id: str) -> Reference:
        """The reference ``reference_id`` (KeyError if unknown)."""
        return self.references[reference_id]

    def caution(self, caution_id: str) -> Caution:
        """The rolling caution ``caution_id`` (KeyError if unknown)."""
        return self.cautions[caution_id]

    def target_picture(self, target_id: str) -> Picture:
        """The drawing for rolling target ``target_id`` (KeyError if none)."""
        return self.pictures[picture_key(target_id, None)]

    def level_picture(self, exercise_id: str, level: int) -> Picture:
        """The drawing for level ``level`` (1-based) of ``exercise_id`` (KeyError if none)."""
        return self.pictures[picture_key(exercise_id, level)]


# file name -> (top-level array name, model)
_FILES: dict[str, tuple[str, type[_Entry]]] = {
    "references.toml": ("reference", Reference),
    "rolling.toml": ("target", RollingTarget),
    "exercises.toml": ("exercise", Exercise),
    "sites.toml": ("site", Site),
    "red_flags.toml": ("flag", RedFlag),
    "cautions.toml": ("caution", Caution),
    "poses.toml": ("picture", Picture),
}
# file name -> the one extra top-level table the file must hold
_TABLES: dict[str, str] = {"cautions.toml": "always"}


def content_dir() -> Path:
    """The folder holding the content files (the checkout's; see ``paths.package_source``)."""
    from rollbook import paths

    return paths.package_source("content")


def load_library(folder: Path | None = None) -> Library:
    """Load and check every content file in ``folder`` (default: the shipped files).

    The default library is read once per process and then cached. Raises
    :class:`ContentError` with a one-line message on the first problem found.
    """
    if folder is None:
        return _default_library()
    return _load(Path(folder))


@functools.lru_cache(maxsize=1)
def _default_library() -> Library:
    return _load(content_dir())


def _load(folder: Path) -> Library:
    loaded: dict[str, dict[str, Any]] = {}
    for file_name, (key, model) in _FILES.items():
        loaded[file_name] = _load_file(folder / file_name, key, model)
    library = Library(
        sites=loaded["sites.toml"],
        rolling=loaded["rolling.toml"],
        exercises=loaded["exercises.toml"],
        red_flags=loaded["red_flags.toml"],
        references=loaded["references.toml"],
        cautions=loaded["cautions.toml"],
        rolling_rule=_load_table(folder / "cautions.toml", "always", RollingRule),
    )
    _check_links(library)
    pictures = check_pictures(library, loaded["poses.toml"])
    return dataclasses.replace(library, pictures=pictures)


def _read_toml(path: Path) -> dict[str, Any]:
    name = path.name
    try:
        raw = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ContentError(f"{name}: file not found in {path.parent}") from None
    except UnicodeDecodeError:
        raise ContentError(f"{name}: not UTF-8 text") from None
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: {toml_message(str(exc))}") from None


def _load_table(path: Path, key: str, model: type[B]) -> B:
    """The one ``[key]`` table of a file, checked against ``model``."""
    name = path.name
    table = _read_toml(path).get(key)
    if not isinstance(table, dict):
        raise ContentError(f"{name}: no [{key}] table; add one (see the comment at the top)")
    try:
        return model.model_validate(table)
    except ValidationError as exc:
        raise ContentError(f"{name}: [{key}]: {pydantic_message(exc, model)}") from None


def _load_file(path: Path, key: str, model: type[M]) -> dict[str, M]:
    name = path.name
    data = _read_toml(path)
    extra = {_TABLES[name]} if name in _TABLES else set()
    unknown = sorted(set(data) - {key} - extra)
    if unknown:
        raise ContentError(
            f"{name}: unknown top-level key {unknown[0]!r}; entries are written as [[{key}]]"
        )
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{name}: no entries; write each one as a [[{key}]] table")
    records: dict[str, M] = {}
    for index, entry in enumerate(entries):
        raw_id = entry.get("id") if isinstance(entry, dict) else None
        label = f"entry {raw_id!r}" if isinstance(raw_id, str) else f"entry #{index + 1}"
        try:
            record = model.model_validate(entry)
        except ValidationError as exc:
            raise ContentError(f"{name}: {label}: {pydantic_message(exc, model)}") from None
        record_id = str(record.id)
        if record_id in records:
            raise ContentError(f"{name}: {label}: duplicate id (an earlier entry has it)")
        records[record_id] = record
    return records


#: Where the ids of each kind of entry live, for "see the ids in …" hints.
_FILE_OF = {
    "site": "sites.toml",
    "rolling target": "rolling.toml",
    "exercise": "exercises.toml",
    "reference": "references.toml",
}


def _check_links(lib: Library) -> None:
    """Every id one entry names must exist in the file it points to."""

    def need(
        file: str, entry: str, field: str, ids: Iterable[str], pool: Mapping[str, Any], what: str
    ) -> None:
        seen: set[str] = set()
        for item in ids:
            if item not in pool:
                close = difflib.get_close_matches(item, list(pool), n=3, cutoff=0.5)
                if close:
                    hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
                elif len(pool) <= 20:
                    hint = f"known: {', '.join(pool)}"
                else:
                    hint = f"see the ids in {_FILE_OF.get(what, 'its file')}"
                raise ContentError(
                    f"{file}: entry {entry!r}: field {field!r}: unknown {what} {item!r} ({hint})"
                )
            if item in seen:
                raise ContentError(
                    f"{file}: entry {entry!r}: field {field!r}: {item!r} is listed twice"
                )
            seen.add(item)

    refs = lib.references
    for site in lib.sites.values():
        need("sites.toml", site.id, "travels_to", site.travels_to, lib.sites, "site")
        need("sites.toml", site.id, "roll", site.roll, lib.rolling, "rolling target")
        need("sites.toml", site.id, "strengthen", site.strengthen, lib.exercises, "exercise")
        need("sites.toml", site.id, "references", site.references, refs, "reference")
        need(
            "sites.toml",
            site.id,
            "leave_out",
            site.leave_out,
            {**lib.exercises, **lib.rolling},
            "exercise or rolling target",
        )
        areas = {lib.exercises[e].area for e in site.strengthen}
        for area in site.combine_areas:
            if area not in areas:
                raise ContentError(
                    f"sites.toml: entry {site.id!r}: field 'combine_areas': no exercise in "
                    f"'strengthen' works the {area!r} area"
                )
    for exercise in lib.exercises.values():
        for number, level in enumerate(exercise.levels, start=1):
            two_legs = re.search(r"\b(both legs|two-leg|both feet)\b", level.name, re.IGNORECASE)
            if two_legs and (level.sides or exercise.sides) == "each":
                raise ContentError(
                    f"exercises.toml: entry {exercise.id!r}: level {number} "
                    f"({level.name!r}) uses both legs at once but is timed 'each' side; "
                    'add sides = "both" to this level'
                )
        need("exercises.toml", exercise.id, "references", exercise.references, refs, "reference")
    for target in lib.rolling.values():
        need("rolling.toml", target.id, "references", target.references, refs, "reference")
    for flag in lib.red_flags.values():
        need("red_flags.toml", flag.id, "references", flag.references, refs, "reference")
    for caution in lib.cautions.values():
        need("cautions.toml", caution.id, "references", caution.references, refs, "reference")
    if lib.rolling_rule is not None:
        need(
            "cautions.toml", "always", "references", lib.rolling_rule.references, refs, "reference"
        )


# painmodel.toml has its own shape (sections, not one array); its loader lives beside.
from rollbook.content.painfile import load_painmodel

# poses.toml: every rolling target and exercise level has exactly one drawing.
from rollbook.content.picture_check import check_pictures, picture_key
