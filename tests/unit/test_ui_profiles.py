"""The profile picker, driven as the browser would drive it."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets import TraitError

from rollbook.records import Profile
from rollbook.store import open_store
from rollbook.ui.profiles import ProfilePicker


def test_empty_store_asks_for_a_name(tmp_path: Path) -> None:
    picker = ProfilePicker(open_store(tmp_path / "db.sqlite"))
    assert picker.profile is None
    picker.create.click()
    assert "Type a name" in picker.feedback.value


def test_creating_a_profile_selects_it(tmp_path: Path) -> None:
    seen: list[Profile | None] = []
    picker = ProfilePicker(open_store(tmp_path / "db.sqlite"))
    picker.on_change(seen.append)
    picker.new_name.value = "<script>alert(1)</script>"
    picker.create.click()
    assert picker.profile is not None
    assert picker.profile.name == "<script>alert(1)</script>"
    assert seen[-1] == picker.profile
    assert "&lt;script&gt;" in picker.feedback.value


def test_single_profile_opens_directly(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    only = store.add_profile("R-017")
    picker = ProfilePicker(store)
    assert picker.profile == only


def test_duplicate_name_is_refused_with_a_message(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    store.add_profile("Sam")
    store.add_profile("Alex")
    picker = ProfilePicker(store)
    assert picker.profile is None  # two runners: the clinician chooses
    picker.new_name.value = "sam"
    picker.create.click()
    assert "already exists" in picker.feedback.value
    assert len(store.list_profiles()) == 2


def test_unknown_value_from_browser_is_ignored(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    store.add_profile("Sam")
    store.add_profile("Alex")
    picker = ProfilePicker(store)
    # The dropdown refuses the index (TraitError); the picker keeps a real runner or none.
    with pytest.raises(TraitError):
        picker.chooser.set_state({"index": 99})
    assert picker.profile is None or picker.profile.name in {"Sam", "Alex"}
