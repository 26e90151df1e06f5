"""The command line, the calendar and the week's text in a pseudo-language.

Every word they print must come from ``rollbook.i18n`` (shown in ⟦brackets⟧ here) or
from the content library; anything else would stay English in a translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from rollbook import i18n
from rollbook.cli import main
from tests.unit.pseudo_locale import PseudoTranslations, unmarked

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=20)
# Typed by the test, or the command line's own notation (``knee:left=3``), like ids.
NAMES = ("Ann", "left", "right")


@pytest.fixture(autouse=True)
def pseudo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ROLLBOOK_HOME", str(tmp_path / "home"))
    i18n.use_translations(PseudoTranslations())
    yield
    i18n.use_translations(None)


def _untranslated(
    capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0, typed: tuple[str, ...] = ()
) -> list[str]:
    """Run ``rollbook ARGV``; the words it printed that were not translated."""
    assert main(list(argv)) == code, argv
    out, err = capsys.readouterr()
    left = unmarked(out + "\n" + err, NAMES + typed)
    return [f"rollbook {' '.join(argv)}:\n  {left}\n"] if left else []


def _day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


def test_a_runners_journey_prints_only_translated_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    left: list[str] = []
    left += _untranslated(capsys, "profile", "add", "Ann")
    left += _untranslated(capsys, "plan", "--pain", "knee=5", "--pain", "achilles=3", "--no-flags")
    left += _untranslated(
        capsys, "plan", "--pain", "achilles=4", "--no-flags", "--profile", "Ann", "--save",
        "--start", START.isoformat(), "--side", "left",
    )  # fmt: skip
    for n in range(0, 18, 2):
        left += _untranslated(
            capsys, "log", "add", "--profile", "Ann", "--date", _day(n), "--km", "5",
            "--pain", "achilles:left=2", "--pain-after", "achilles:left=2",
            "--pain-morning", "achilles:left=1", "--rolled-min", "10",
        )  # fmt: skip
    left += _untranslated(capsys, "week", "--profile", "Ann")
    left += _untranslated(capsys, "status", "--profile", "Ann")
    left += _untranslated(capsys, "log", "list", "--profile", "Ann")
    left += _untranslated(
        capsys,
        "lefs",
        "add",
        "--profile",
        "Ann",
        "--date",
        _day(1),
        "--answers",
        ",".join(["3"] * 20),
    )
    ics = str(tmp_path / "w.ics")
    left += _untranslated(capsys, "week", "--profile", "Ann", "--ics", ics, typed=(ics,))
    assert not left, "untranslated words:\n" + "\n".join(left)


def test_a_referral_and_bad_input_print_only_translated_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    left: list[str] = []
    left += _untranslated(capsys, "plan", "--pain", "shin=6", "--flag", "bone-stress")
    left += _untranslated(capsys, "plan", "--pain", "knee=11", code=2)
    left += _untranslated(capsys, "log", "add", "--profile", "Nobody", "--km", "3", code=2)
    left += _untranslated(capsys, "lefs", "add", "--profile", "Ann", "--answers", "1,2", code=2)
    assert not left, "untranslated words:\n" + "\n".join(left)
