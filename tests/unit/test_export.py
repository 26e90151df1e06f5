"""PDF handout and ICS calendar exports."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from rollbook.content import load_library
from rollbook.export.ics import STRENGTH_DAYS, plan_ics
from rollbook.export.pdf import plan_pdf
from rollbook.plan import Plan, PlanInput, build_plan

LIB = load_library()
NAME = "Zoë Ångström-Łukasz 陈"


def _plan(**kwargs: object) -> Plan:
    base: dict[str, object] = {
        "pain": {"knee": 6, "calf": 3},
        "weekly_km": 30,
        "minutes": 30,
        "roller": "spiked",
    }
    base.update(kwargs)
    return build_plan(PlanInput(**base), LIB)  # type: ignore[arg-type]


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_pdf_holds_every_item_and_the_name() -> None:
    plan = _plan()
    data = plan_pdf(plan, name="Zoë Ångström-Łukasz", on=date(2025, 3, 31), library=LIB)
    assert data.startswith(b"%PDF")
    text, pages = _pdf_text(data)
    assert 1 <= pages <= 2
    assert "Zoë Ångström-Łukasz" in text
    assert "2025-03-31" in text
    for item in plan.rolling:
        assert item.label in text
    for s in plan.strength:
        assert " ".join(s.label.split()) in text
    assert "Stop and call your clinician" in text
    assert "Cheatham et al. 2015" in text


@pytest.mark.parametrize(
    ("pain", "most"),
    [
        ({"foot": 4}, 2),
        ({"knee": 6, "calf": 3, "low-back": 2}, 2),
        # Every site at once, with three hours a day: the fullest plan there is. With a
        # drawing beside each of its eight rows, its sources may run onto a third page.
        ({s: 5 for s in LIB.sites}, 3),
    ],
)
def test_pdf_stays_short(pain: dict[str, int], most: int) -> None:
    data = plan_pdf(_plan(pain=pain, minutes=180), name=NAME, on=date(2025, 1, 1), library=LIB)
    assert _pdf_text(data)[1] <= most


@pytest.mark.parametrize("minutes", [10, 20, 30, 45, 180])
@pytest.mark.parametrize(
    "pain", [{"hip": 4, "knee": 5}, {"foot": 4, "calf": 3}, {s: 5 for s in LIB.sites}]
)
def test_no_table_heading_alone_at_a_page_foot(pain: dict[str, int], minutes: int) -> None:
    from pypdf import PdfReader

    data = plan_pdf(_plan(pain=pain, minutes=minutes), name="Al", on=date(2025, 1, 1), library=LIB)
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
        assert not lines[-1].startswith(("Rolling: every day", "Strength: on the days")), lines[-3:]


def test_referral_pdf_shows_actions_not_tables() -> None:
    plan = _plan(red_flags=["calf-clot"])
    text, pages = _pdf_text(plan_pdf(plan, name="Al", on=date(2025, 1, 1), library=LIB))
    assert pages == 1
    assert "Please get checked by a doctor today" in text
    assert LIB.flag("calf-clot").action.split(".")[0] in text
    assert "Rolling: every day" not in text


def test_ics_one_event_per_day_with_stable_uids() -> None:
    from icalendar import Calendar

    plan = _plan()
    start = date(2025, 3, 31)  # a Monday
    data = plan_ics(plan, start=start, weeks=2, name="Sam")
    cal = Calendar.from_ical(data)
    assert "rollbook" in str(cal["prodid"])
    events = list(cal.walk("VEVENT"))
    assert len(events) == 14
    days = [e.decoded("dtstart") for e in events]
    assert days == [start + timedelta(days=i) for i in range(14)]
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 14
    assert plan_ics(plan, start=start, weeks=2, name="Sam") == data  # deterministic
    for event in events:
        description = str(event["description"])
        assert all(item.label in description for item in plan.rolling)
        due = [
            s
            for s in plan.strength
            if event.decoded("dtstart").weekday() in STRENGTH_DAYS[s.days_per_week]
        ]
        assert all(s.label in description for s in due)
    mondays = [e for e in events if e.decoded("dtstart").weekday() == 0]
    assert "strength" in str(mondays[0]["summary"]).lower()


def test_strength_days_spread() -> None:
    assert STRENGTH_DAYS[3] == (0, 2, 4)  # Mon, Wed, Fri
    for n, days in STRENGTH_DAYS.items():
        assert len(days) == n == len(set(days))


def test_referral_calendar_has_no_events() -> None:
    from icalendar import Calendar

    data = plan_ics(_plan(red_flags=["spine"]), start=date(2025, 1, 1), weeks=1)
    assert list(Calendar.from_ical(data).walk("VEVENT")) == []


def test_ics_rejects_bad_weeks() -> None:
    with pytest.raises(ValueError, match="1 to 52"):
        plan_ics(_plan(), start=date(2025, 1, 1), weeks=0)
