"""Checks that tie poses.toml to the rest of the library: every rolling target and
every exercise level has exactly one drawing, and every drawing belongs to one."""

from __future__ import annotations

from collections.abc import Mapping

from rollbook.content import ContentError, Library
from rollbook.content.picture_models import Picture


def picture_key(owner: str, level: int | None) -> str:
    """The key of a drawing in ``Library.pictures``: a target id, or ``exercise#level``."""
    return owner if level is None else f"{owner}#{level}"


def check_pictures(lib: Library, pictures: Mapping[str, Picture]) -> dict[str, Picture]:
    """Each rolling target and exercise level has exactly one drawing; key them by owner."""
    keyed: dict[str, Picture] = {}
    for pic in pictures.values():
        where = f"poses.toml: entry {pic.id!r}"
        if pic.target is not None and pic.target not in lib.rolling:
            raise ContentError(
                f"{where}: field 'target': unknown rolling target {pic.target!r} "
                f"(known: {', '.join(lib.rolling)})"
            )
        if pic.exercise is not None:
            exercise = lib.exercises.get(pic.exercise)
            if exercise is None:
                raise ContentError(
                    f"{where}: field 'exercise': unknown exercise "
                    f"{pic.exercise!r} (known: {', '.join(lib.exercises)})"
                )
            if pic.level is not None and pic.level > len(exercise.levels):
                raise ContentError(
                    f"{where}: field 'level': {pic.exercise!r} has only "
                    f"{len(exercise.levels)} levels (got {pic.level})"
                )
        key = picture_key(pic.target or str(pic.exercise), pic.level)
        if key in keyed:
            raise ContentError(
                f"{where}: {pic.owner()} already has a picture "
                f"({keyed[key].id!r}); give each one picture only"
            )
        keyed[key] = pic
    for target_id in lib.rolling:
        if target_id not in keyed:
            raise ContentError(
                f"rolling.toml: entry {target_id!r}: has no picture; add a [[picture]] with "
                f"target = {target_id!r} to poses.toml (see docs/content.md, 'Add a picture')"
            )
    for exercise in lib.exercises.values():
        for number, level in enumerate(exercise.levels, start=1):
            if picture_key(exercise.id, number) not in keyed:
                raise ContentError(
                    f"exercises.toml: entry {exercise.id!r}: level {number} ({level.name!r}) "
                    f"has no picture; add a [[picture]] with exercise = {exercise.id!r} and "
                    f"level = {number} to poses.toml (see docs/content.md, 'Add a picture')"
                )
    return keyed
