"""Plan notes (notes.toml): checked on load, plain, and shown only where they apply."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from rollbook.content import ContentError, content_dir
from rollbook.content.notes import load_notes, notes_for
from tests.unit.test_readability import fk_grade  # noqa: F401  (fixture)


def test_shipped_notes_load_once() -> None:
    notes = load_notes()
    assert load_notes() is notes
    assert [n.id for n in notes] == [
        "strength-first",
        "rolling-short-term",
        "tender-spots",
        "roller-texture",
    ]


def test_notes_read_at_grade_8_or_below(fk_grade: Any) -> None:  # noqa: F811
    too_hard = {n.id: round(fk_grade(n.text), 1) for n in load_notes() if fk_grade(n.text) > 8}
    assert not too_hard


@pytest.mark.parametrize(
    ("has_rolling", "roller", "expected"),
    [
        (False, "spiked", {"strength-first"}),
        (True, "smooth", {"strength-first", "rolling-short-term", "tender-spots"}),
        (True, "ball", {"strength-first", "rolling-short-term", "tender-spots"}),
        (
            True,
            "textured",
            {"strength-first", "rolling-short-term", "tender-spots", "roller-texture"},
        ),
    ],
)
def test_which_notes_a_plan_gets(has_rolling: bool, roller: str, expected: set[str]) -> None:
    shown = {n.id for n in load_notes() if n.applies(has_rolling=has_rolling, roller=roller)}
    assert shown == expected
    texts = [text for text, _ in notes_for(has_rolling=has_rolling, roller=roller)]
    assert len(texts) == len(expected)


def test_no_note_states_the_old_wrong_claims() -> None:
    text = " ".join(n.text for n in load_notes())
    assert "through the nerves" not in text  # Habscheid 2024: no effect against control
    assert "not been shown to work better" not in text  # Cheatham & Stull 2019 found the opposite
    assert "Habscheid" not in text and "habscheid-2024" in {
        r for n in load_notes() for r in n.references
    }


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for path in content_dir().glob("*.toml"):
        shutil.copy(path, folder / path.name)
    return folder


def test_unknown_reference_names_file_entry_and_fix(copy: Path) -> None:
    path = copy / "notes.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"habscheid-2024"', '"habsheid-2024"'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_notes(copy)
    message = str(info.value)
    assert message.startswith("notes.toml: entry 'tender-spots': field 'references': ")
    assert "'habsheid-2024'" in message and "references.toml" in message


def test_bad_when_is_explained(copy: Path) -> None:
    path = copy / "notes.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('when = "always"', 'when = "sometimes"'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"notes\.toml: entry 'strength-first': field 'when'"):
        load_notes(copy)


def test_missing_file(copy: Path) -> None:
    (copy / "notes.toml").unlink()
    with pytest.raises(ContentError, match=r"notes\.toml: file not found"):
        load_notes(copy)
