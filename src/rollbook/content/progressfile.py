"""Loader for progression.toml: exercise level rules, the walk-run ladder, reviews, LEFS.

Same error style as the other content files: one line naming the file, the entry or
section, the field, the problem and what to write instead. The file holds no pain
cut-offs: pain is judged by the pain model (painmodel.toml).
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rollbook.content import (
    ContentError,
    _read_toml,
    content_dir,
    load_library,
)
from rollbook.content.messages import loc_text, pydantic_message
from rollbook.content.models import Id, Text

NAME = "progression.toml"
#: The rule ids rollbook needs; each must appear once.
RULE_IDS = (
    "move-up", "top-level", "stay-ok", "stay-hard", "stay-pain", "stay-unsettled",
    "down-flare", "down-pain", "floor",
)  # fmt: skip
#: The review topics rollbook needs (rollbook.review.review_topics); each must appear once.
DISCUSS_IDS = (
    "lefs-worse", "scores-better", "scores-flat", "stepped-down", "top-level",
    "running-paused", "cut-back", "always",
)  # fmt: skip
_DISCUSS_NAMES = frozenset({"labels", "points"})
_RULE_NAMES = frozenset({"label", "level", "count", "needed", "more", "pain", "next_level"})
_LADDER_NAMES: dict[str, frozenset[str]] = {
    "paused": frozenset({"checks"}),
    "next": frozenset({"left", "next_phase"}),
    "last": frozenset({"left"}),
    "normal": frozenset({"advice"}),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelRules(_Model):
    """How many easy, settled sessions move an exercise up."""

    sessions_to_move_up: int = Field(ge=1, le=10)


class Rule(_Model):
    """One progression rule: its effect, the reason shown and what to do next."""

    id: Id
    effect: Literal["up", "stay", "down"]
    why: Text
    next: Text
    references: list[Id] = Field(min_length=1)


class Ladder(_Model):
    """The walk-run ladder's settings and sentences."""

    repeat: int = Field(ge=1, le=7)
    references: list[Id] = Field(min_length=1)
    paused: Text
    next: Text
    last: Text
    held: Text
    back: Text
    done: Text
    normal: Text


class Check(_Model):
    """A yes/no start check for the ladder."""

    id: Id
    question: Text
    references: list[Id] = Field(min_length=1)


class Phase(_Model):
    """One step of the ladder, e.g. run 1 minute, walk 2 minutes, 8 times."""

    id: Id
    label: Text


class Review(_Model):
    """Days between reviews: a default and the range a clinician may choose from."""

    every_days: int = Field(ge=7, le=84)
    min_days: int = Field(ge=7, le=84)
    max_days: int = Field(ge=7, le=84)
    #: Days before (and after) a review when page 05 asks for the LEFS.
    form_days: int = Field(ge=0, le=14)
    #: The words for a PSFS or LEFS change that reaches its MCID, and for one that does not.
    change_matters: Text
    change_not_yet: Text
    references: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_range(self) -> Review:
        if not self.min_days <= self.every_days <= self.max_days:
            raise ValueError("'every_days' must lie between 'min_days' and 'max_days'")
        return self


class Discuss(_Model):
    """A topic to talk about with the clinician at a review."""

    id: Id
    text: Text
    references: list[Id] = Field(min_length=1)


class Lefs(_Model):
    """The Lower Extremity Functional Scale: its important change and the form's words.

    The scale is fixed (Binkley 1999): 20 activities, each answered on 5 steps from
    0 (extreme difficulty or unable) to 4 (no difficulty).
    """

    mcid: int = Field(ge=1, le=80)
    references: list[Id] = Field(min_length=1)
    question: Text
    # Fixed by the scale (progress_records.LEFS_ITEMS and LEFS_ITEM_MAX say the same).
    answers: list[Text] = Field(min_length=5, max_length=5)
    items: list[Text] = Field(min_length=20, max_length=20)


class ProgressionContent(_Model):
    """Everything in progression.toml."""

    levels: LevelRules
    rule: list[Rule] = Field(min_length=1)
    ladder: Ladder
    check: list[Check] = Field(min_length=1)
    phase: list[Phase] = Field(min_length=2)
    review: Review
    discuss: list[Discuss] = Field(min_length=1)
    lefs: Lefs

    def discuss_by_id(self, topic: str) -> Discuss:
        """The review topic ``topic`` (KeyError if unknown)."""
        for item in self.discuss:
            if item.id == topic:
                return item
        raise KeyError(topic)

    def rule_by_id(self, rule_id: str) -> Rule:
        """The rule ``rule_id`` (KeyError if unknown)."""
        found = _BY_ID.get(id(self))
        if found is None or found[0] is not self:
            found = (self, {rule.id: rule for rule in self.rule})
            _BY_ID[id(self)] = found
        return found[1][rule_id]


# Rules by id per loaded file (frozen, so the map never goes stale); few files load.
_BY_ID: dict[int, tuple[ProgressionContent, dict[str, Rule]]] = {}


def load_progression(folder: Path | None = None) -> ProgressionContent:
    """Load and check progression.toml (the shipped file is read once per process).

    Raises :class:`ContentError` naming the file, the entry or section, the problem
    and what to write instead.
    """
    if folder is None:
        return _default()
    return _load(Path(folder))


@functools.lru_cache(maxsize=1)
def _default() -> ProgressionContent:
    return _load(content_dir())


def _load(folder: Path) -> ProgressionContent:
    path = folder / NAME
    data = _read_toml(path)  # one reader, one set of messages for every file
    try:
        model = ProgressionContent.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{NAME}: {_message(exc, data)}") from None
    _check_ids(model)
    _check_templates(model)
    lib = load_library() if folder == content_dir() else load_library(folder)
    groups = (
        [(f"entry {r.id!r}", r.references) for r in model.rule]
        + [(f"entry {c.id!r}", c.references) for c in model.check]
        + [(f"entry {d.id!r}", d.references) for d in model.discuss]
        + [("section 'ladder'", model.ladder.references),
           ("section 'review'", model.review.references),
           ("section 'lefs'", model.lefs.references)]
    )  # fmt: skip
    for where, ids in groups:
        for ref in ids:
            if ref not in lib.references:
                raise ContentError(
                    f"{NAME}: {where}: field 'references': unknown reference {ref!r} "
                    "(add it to references.toml or use an id listed there)"
                )
    return model


def _message(exc: ValidationError, data: Any) -> str:
    """``[[rule]] entry 'move-up': field 'why': is missing`` or ``section 'lefs': …``."""
    error = exc.errors(include_url=False)[0]
    loc = tuple(error.get("loc", ()))
    message = pydantic_message(exc, ProgressionContent)
    if len(loc) >= 3 and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list):
        entries = data[loc[0]]
        raw = entries[loc[1]] if loc[1] < len(entries) else None
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"entry {raw_id!r}" if isinstance(raw_id, str) else f"{loc[0]} #{loc[1] + 1}"
        return f"[[{loc[0]}]] {label}: " + message.replace(loc_text(loc), loc_text(loc[2:]))
    if len(loc) >= 2:
        return f"section {loc[0]!r}: " + message.replace(loc_text(loc), loc_text(loc[1:]))
    if len(loc) == 1 and isinstance(data.get(loc[0]), dict):
        # A check across fields of one section (e.g. review days out of range).
        return f"section {loc[0]!r}: " + message.removeprefix(f"field {loc[0]!r}: ")
    return message


def _check_ids(model: ProgressionContent) -> None:
    for kind, ids in (
        ("rule", [r.id for r in model.rule]),
        ("check", [c.id for c in model.check]),
        ("phase", [p.id for p in model.phase]),
        ("discuss", [d.id for d in model.discuss]),
    ):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise ContentError(
                    f"{NAME}: [[{kind}]] entry {item!r}: duplicate id (an earlier entry has it)"
                )
            seen.add(item)
    have = {r.id for r in model.rule}
    missing = [r for r in RULE_IDS if r not in have]
    if missing:
        raise ContentError(
            f"{NAME}: no [[rule]] with id {missing[0]!r}; add it (rollbook needs the rules "
            f"{', '.join(RULE_IDS)})"
        )
    topics = {d.id for d in model.discuss}
    lacking = [d for d in DISCUSS_IDS if d not in topics]
    if lacking:
        raise ContentError(
            f"{NAME}: no [[discuss]] with id {lacking[0]!r}; add it (rollbook needs the "
            f"topics {', '.join(DISCUSS_IDS)})"
        )


def _check_templates(model: ProgressionContent) -> None:
    texts = [(f"[[rule]] entry {r.id!r}", f, getattr(r, f), _RULE_NAMES)
             for r in model.rule for f in ("why", "next")]  # fmt: skip
    texts += [(f"[[discuss]] entry {d.id!r}", "text", d.text, _DISCUSS_NAMES)
              for d in model.discuss]  # fmt: skip
    for field in ("paused", "next", "last", "held", "back", "done", "normal"):
        allowed = _LADDER_NAMES.get(field, frozenset())
        texts.append(("section 'ladder'", field, getattr(model.ladder, field), allowed))
    for where, field, text, allowed in texts:
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
        except ValueError as exc:
            raise ContentError(
                f"{NAME}: {where}: field {field!r}: {exc} "
                "(write a name in braces like {{label}}, or double a brace to show it)"
            ) from None
        unknown = sorted(names - allowed)
        if unknown:
            may = ", ".join("{" + n + "}" for n in sorted(allowed)) or "no names"
            raise ContentError(
                f"{NAME}: {where}: field {field!r}: unknown name {{{unknown[0]}}}; "
                f"this text may use {may}"
            )
