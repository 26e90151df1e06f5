"""Reviews as a table of cases: when the LEFS is asked for, and what to talk about."""

from __future__ import annotations

import datetime as dt

import pytest

from rollbook.content.progressfile import load_progression
from rollbook.progress_records import Adjustment
from rollbook.review import LefsChange, review_dates, review_topics, review_window

S = dt.date(2026, 1, 5)
RULES = load_progression()
TOPIC = {d.id: d.text for d in RULES.discuss}


def _d(n: int) -> dt.date:
    return S + dt.timedelta(days=n)


def test_the_content_settings_these_cases_assume() -> None:
    assert (RULES.review.every_days, RULES.review.form_days) == (21, 7)


@pytest.mark.parametrize(
    ("today", "lefs_days", "status", "on", "since"),
    [
        (5, [], "later", 21, 0),  # far from a review: the next one is named
        (5, [0], "later", 21, 0),  # a first LEFS at the start is not a review
        (13, [], "later", 21, 0),  # 8 days before: not yet
        (14, [], "due", 21, 0),  # 7 days before: the form opens
        (14, [14], "done", 21, 0),  # filled in that day
        (21, [], "due", 21, 0),  # on the day
        (25, [], "due", 21, 0),  # 4 days late: still asked for
        (25, [16], "done", 21, 0),  # filled in 5 days before the review
        (28, [], "due", 21, 0),  # 7 days late: the last day it is asked for
        (29, [], "later", 42, 21),  # after that, the next review is named
        (36, [16], "due", 42, 21),  # a LEFS for the review before does not count
        (40, [16, 38], "done", 42, 21),
    ],
)
def test_review_window(today: int, lefs_days: list[int], status: str, on: int, since: int) -> None:
    window = review_window(S, _d(today), (), [_d(n) for n in lefs_days], rules=RULES)
    assert (window.status, window.on, window.since) == (status, _d(on), _d(since))


def test_a_clinicians_review_date_moves_the_window() -> None:
    moved = [Adjustment(_d(10), "review", {"on": _d(30).isoformat()}, "seen in clinic")]
    assert review_window(S, _d(14), moved, rules=RULES).on == _d(30)
    window = review_window(S, _d(24), moved, rules=RULES)
    assert (window.status, window.on, window.since) == ("due", _d(30), S)
    assert review_dates(S, _d(60), moved, rules=RULES) == [_d(30), _d(51), _d(72)]


def _lefs(first: int, latest: int, same_day: bool = False) -> LefsChange:
    return LefsChange(latest, first, latest - first, abs(latest - first) >= 9,
                      S if same_day else _d(21), S)  # fmt: skip


def _topics(**given: object) -> list[str]:
    args: dict[str, object] = {
        "lefs": None,
        "psfs_change": None,
        "psfs_meaningful": False,
        "stepped_down": [],
        "top_level": [],
        "paused": False,
        "action": "keep",
    }
    args.update(given)
    return review_topics(**args, rules=RULES)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "ids"),
    [
        ({}, ["always"]),  # nothing measured twice: only the standing question
        ({"lefs": _lefs(40, 40, same_day=True)}, ["always"]),
        ({"lefs": _lefs(40, 44)}, ["scores-flat", "always"]),
        ({"lefs": _lefs(40, 50)}, ["scores-better", "always"]),
        ({"psfs_change": 2.5, "psfs_meaningful": True}, ["scores-better", "always"]),
        ({"psfs_change": 1.0}, ["scores-flat", "always"]),
        ({"lefs": _lefs(50, 40)}, ["lefs-worse", "always"]),
        ({"paused": True, "action": "pause"}, ["running-paused", "always"]),
        ({"action": "cut-back"}, ["cut-back", "always"]),
        ({"stepped_down": ["Heel raise"]}, ["stepped-down", "always"]),
        ({"top_level": ["Heel raise"]}, ["top-level", "always"]),
    ],
)
def test_review_topics(given: dict[str, object], ids: list[str]) -> None:
    texts = _topics(**given)
    assert len(texts) == len(ids)
    for text, topic in zip(texts, ids):
        head = TOPIC[topic].split("{")[0]
        assert text.startswith(head)
        assert "{" not in text


def test_topics_fill_in_names_and_points() -> None:
    text = _topics(lefs=_lefs(50, 38), stepped_down=["Heel raise", "Bridge"])
    assert "went down by 12 points" in text[0]
    assert "Heel raise, Bridge" in text[1]
