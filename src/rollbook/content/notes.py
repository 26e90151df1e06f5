"""Plan notes: the "Good to know" lines a plan ends with, read from notes.toml.

They used to be written in ``rollbook.plan``; as claims with sources they belong in
the content library, where an educator can correct them and docs/evidence.md
checks what each source showed. Errors read like the other content files', e.g.::

    notes.toml: entry 'tender-spots': field 'references': unknown reference 'x-2020' ...
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field

from rollbook.content import ContentError, Reference, _load_file, content_dir, load_library
from rollbook.content.models import Id, Roller, Text, _Entry

__all__ = ["PlanNote", "load_notes", "notes_for"]

FILE = "notes.toml"


class PlanNote(_Entry):
    """One "Good to know" line and the sources for exactly what it says."""

    #: "always": every plan with any work in it; "rolling": plans that include rolling.
    when: Literal["always", "rolling"]
    #: Only for these rollers (empty: any roller).
    rollers: list[Roller] = Field(default_factory=list)
    text: Text
    references: list[Id] = Field(min_length=1)

    def applies(self, *, has_rolling: bool, roller: str) -> bool:
        """Whether a plan with (or without) rolling, using ``roller``, shows this note."""
        if self.when == "rolling" and not has_rolling:
            return False
        return not self.rollers or roller in self.rollers


def load_notes(folder: Path | None = None) -> tuple[PlanNote, ...]:
    """The notes in file order, checked against the references of the same folder.

    The shipped notes are read once per process. Raises :class:`ContentError` with
    one line naming the file, the entry and the problem.
    """
    if folder is None:
        return _default_notes()
    return _load(Path(folder))


@functools.lru_cache(maxsize=1)
def _default_notes() -> tuple[PlanNote, ...]:
    return _load(content_dir())


def _load(folder: Path) -> tuple[PlanNote, ...]:
    notes = _load_file(folder / FILE, "note", PlanNote)
    refs: dict[str, Reference] = dict(
        load_library(None if folder == content_dir() else folder).references
    )
    for note in notes.values():
        seen: set[str] = set()
        for ref in note.references:
            if ref not in refs:
                raise ContentError(
                    f"{FILE}: entry {note.id!r}: field 'references': unknown reference "
                    f"{ref!r} (add it to references.toml or fix the id)"
                )
            if ref in seen:
                raise ContentError(
                    f"{FILE}: entry {note.id!r}: field 'references': {ref!r} is listed twice"
                )
            seen.add(ref)
    return tuple(notes.values())


def notes_for(*, has_rolling: bool, roller: str) -> list[tuple[str, list[str]]]:
    """(text, reference ids) of each shipped note that applies to such a plan."""
    return [
        (note.text, list(note.references))
        for note in load_notes()
        if note.applies(has_rolling=has_rolling, roller=roller)
    ]
