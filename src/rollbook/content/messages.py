"""Plain messages for a bad content file: which field, what is wrong, what is allowed.

tomllib and pydantic describe a problem for programmers (``Input should be less than
or equal to 120 [type=less_than_equal…]``). Educators edit these files, so each message
here names the field as they see it (levels counted from 1) and says what would fix it:
the allowed values, the nearest known field name, the bounds.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from rollbook.content.models import Level

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def toml_message(message: str) -> str:
    """Turn tomllib's message into ``line N: problem`` (or ``end of file: problem``)."""
    match = _TOML_POSITION.search(message)
    if match:
        return f"line {match.group(1)}: {message[: match.start()]}"
    if message.endswith("(at end of document)"):
        return f"end of file: {message.removesuffix('(at end of document)').strip()}"
    return message


def pydantic_message(exc: ValidationError, model: type[BaseModel]) -> str:
    """Turn pydantic's first error into ``field 'x': plain problem``."""
    errors = exc.errors(include_url=False)
    # A misspelt name shows up as "missing" plus "extra"; the extra one explains both.
    error = next((e for e in errors if e.get("type") == "extra_forbidden"), errors[0])
    loc = error.get("loc", ())
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    got = error.get("input")
    where = loc_text(loc)
    prefix = f"field {where!r}: " if where else ""
    if kind == "missing":
        allowed = _allowed_values(model, loc)
        return f"{prefix}is missing" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    if kind == "extra_forbidden":
        fields = _known_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(fields)}"
        return f"{prefix}is not a known field ({hint})"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low, high = _bounds(model, loc)
        if low is not None and high is not None:
            return f"{prefix}must be between {low} and {high} (got {got!r})"
        bound = next(iter(ctx.values()), "?")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"{prefix}must be {word} {bound} (got {got!r})"
    if kind == "literal_error":
        return f"{prefix}must be one of {ctx.get('expected', '?')} (got {got!r})"
    if kind == "string_pattern_mismatch":
        return f"{prefix}{_pattern_hint(str(loc[-1]) if loc else '')} (got {got!r})"
    if kind == "string_too_short":
        return f"{prefix}must not be empty"
    if kind == "too_short":
        return f"{prefix}needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"{prefix}allows at most {ctx.get('max_length')} item(s)"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{prefix}must be a whole number (got {got!r})"
    if kind in {"string_type"}:
        return f"{prefix}must be text in quotes (got {got!r})"
    if kind in {"list_type"}:
        return f"{prefix}must be a list in [brackets] (got {got!r})"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{prefix}must be a table of fields"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{prefix}{message[:1].lower()}{message[1:]}"


def loc_text(loc: Iterable[int | str]) -> str:
    """``('levels', 0, 'sets')`` → ``levels[1].sets``: educators count levels from 1."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _walk(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that owns the last field in ``loc`` (only models nest in content)."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        if part == "levels":
            current = Level
        else:
            return None
    return current


def _allowed_values(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The values a missing field may take, when it is a fixed list (a Literal)."""
    owner = _walk(model, loc)
    if owner is None or not loc or not isinstance(loc[-1], str):
        return []
    field = owner.model_fields.get(loc[-1])
    args = typing.get_args(field.annotation) if field else ()
    if field and typing.get_origin(field.annotation) is typing.Literal:
        return [str(a) for a in args]
    return []


def _known_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    owner = _walk(model, (*loc, "_"))
    return list(owner.model_fields) if owner else []


def _bounds(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[Any, Any]:
    owner = _walk(model, loc)
    if owner is None or not loc or not isinstance(loc[-1], str):
        return None, None
    field = owner.model_fields.get(loc[-1])
    low = high = None
    for meta in field.metadata if field else ():
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def _pattern_hint(field: str) -> str:
    if field == "doi":
        return "must be a bare DOI like 10.1136/bjsports-2019-101253"
    if field == "url":
        return "must start with https://"
    return "must be lowercase words joined by hyphens, like 'outer-knee'"
