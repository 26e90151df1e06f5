"""Loader for painmodel.toml: the pain-monitoring model's numbers, words and sources.

Same error style as the other content files: one line naming the file, the entry or
section, the field, the problem and what to write instead.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rollbook.content import (
    ContentError,
    _read_toml,
    content_dir,
    load_library,
)
from rollbook.content.messages import loc_text, pydantic_message
from rollbook.content.painmodel_models import PainModelContent

#: Names each painmodel.toml text may use, by section and field (see that file).
_SCORE_NAMES = frozenset(
    {"when", "score", "site", "safe_max", "acceptable_max", "pause_from", "settled"}
)
_TEMPLATE_NAMES: dict[tuple[str, str], frozenset[str]] = {
    ("reasons", "rise_highest"): frozenset({"now", "then"}),
    ("reasons", "rise_average"): frozenset({"now", "then"}),
    ("reasons", "not_eased"): frozenset({"now", "then"}),
    ("reasons", "bone_stress"): frozenset({"score", "site"}),
    ("reasons", "weekly_spike"): frozenset({"last_7", "average", "pct", "limit"}),
    ("reasons", "run_spike"): frozenset({"km", "day", "longest", "pct", "limit"}),
    ("reasons", "persistent"): frozenset({"count", "days"}),
}
_RUNNING_NAMES = frozenset({"pain", "km", "acceptable_max", "pause_from"})


def load_painmodel(folder: Path | None = None) -> PainModelContent:
    """Load and check painmodel.toml (the pain-monitoring model's numbers and words).

    The shipped file is read once per process. Raises :class:`ContentError` naming the
    file, the entry or section, the problem and what to write instead.
    """
    if folder is None:
        return _default_painmodel()
    return _load_painmodel(Path(folder))


@functools.lru_cache(maxsize=1)
def _default_painmodel() -> PainModelContent:
    return _load_painmodel(content_dir())


def _load_painmodel(folder: Path) -> PainModelContent:
    name = "painmodel.toml"
    path = folder / name
    data = _read_toml(path)  # one reader, one set of messages for every file
    try:
        model = PainModelContent.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{name}: {_painmodel_message(exc, data)}") from None
    _check_templates(model)
    lib = load_library() if folder == content_dir() else load_library(folder)
    refs = lib.references
    groups = [(f"entry {a.id!r}", "references", a.references) for a in model.action] + [
        ("section 'rules'", "refer_references", model.rules.refer_references),
        ("section 'rules'", "references", model.rules.references),
        ("section 'load'", "weekly_references", model.load.weekly_references),
        ("section 'load'", "run_references", model.load.run_references),
        ("section 'running'", "references", model.running.references),
        ("section 'running'", "knee_references", model.running.knee_references),
    ]
    for where, field, ids in groups:
        for ref in ids:
            if ref not in refs:
                raise ContentError(
                    f"{name}: {where}: field {field!r}: unknown reference {ref!r} "
                    "(add it to references.toml or use an id listed there)"
                )
    for site in model.rules.bone_stress_sites:
        if site not in lib.sites:
            raise ContentError(
                f"{name}: section 'rules': field 'bone_stress_sites': unknown site {site!r} "
                f"(known: {', '.join(lib.sites)})"
            )
    return model


def _painmodel_message(exc: ValidationError, data: Any) -> str:
    """``entry 'keep': field 'label': is missing`` or ``section 'load': field ...``."""
    error = exc.errors(include_url=False)[0]
    loc = tuple(error.get("loc", ()))
    message = pydantic_message(exc, PainModelContent)
    if len(loc) >= 3 and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list):
        entries = data[loc[0]]
        raw = entries[loc[1]] if loc[1] < len(entries) else None
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"entry {raw_id!r}" if isinstance(raw_id, str) else f"{loc[0]} #{loc[1] + 1}"
        return f"[[{loc[0]}]] {label}: " + message.replace(f"{loc_text(loc)}", loc_text(loc[2:]))
    if len(loc) >= 2:
        return f"section {loc[0]!r}: " + message.replace(f"{loc_text(loc)}", loc_text(loc[1:]))
    return message


def _check_templates(model: PainModelContent) -> None:
    texts: list[tuple[str, str, str, frozenset[str]]] = []
    for field, text in model.reasons.model_dump().items():
        allowed = _TEMPLATE_NAMES.get(("reasons", field), _SCORE_NAMES)
        texts.append(("section 'reasons'", field, text, allowed))
    for field, value in model.running.model_dump(by_alias=True).items():
        if field.endswith("references"):
            continue
        for text in value if isinstance(value, list) else [value]:
            texts.append(("section 'running'", field, text, _RUNNING_NAMES))
    for action in model.action:
        texts.append(
            (
                f"[[action]] entry {action.id!r}",
                "advice",
                action.advice,
                frozenset({"acceptable_max", "pause_from"}),
            )
        )
    for where, field, text, allowed in texts:
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
        except ValueError as exc:
            raise ContentError(
                f"painmodel.toml: {where}: field {field!r}: {exc} "
                "(write a name in braces like {{score}}, or double a brace to show it)"
            ) from None
        unknown = sorted(names - allowed)
        if unknown:
            raise ContentError(
                f"painmodel.toml: {where}: field {field!r}: unknown name {{{unknown[0]}}}; "
                f"this text may use {', '.join('{' + n + '}' for n in sorted(allowed))}"
            )
