"""Red-flag screen."""

from __future__ import annotations

import pytest

from rollbook.content import load_library
from rollbook.safety import screen

LIB = load_library()


def test_no_answers_no_referral() -> None:
    result = screen({}, LIB)
    assert not result.referral_needed and result.urgency == ""
    assert "No warning signs" in result.headline()


def test_all_no_is_no_referral() -> None:
    assert not screen({flag: False for flag in LIB.red_flags}, LIB).referral_needed


@pytest.mark.parametrize("flag", list(LIB.red_flags))
def test_each_yes_refers_with_reason_and_action(flag: str) -> None:
    result = screen({flag: True}, LIB)
    assert result.referral_needed and result.flags == [flag]
    assert result.reasons == [LIB.flag(flag).why]
    assert result.actions == [LIB.flag(flag).action]
    assert result.urgency == LIB.flag(flag).urgency
    assert result.references


def test_most_urgent_wins() -> None:
    result = screen({"bone-stress": True, "calf-clot": True}, LIB)
    assert result.urgency == "today"
    assert "today" in result.headline()
    assert "calf" in result.blocked_regions


def test_unknown_flag_is_named() -> None:
    with pytest.raises(ValueError, match="unknown red-flag question 'ghost'; known: bone-stress"):
        screen({"ghost": True}, LIB)
