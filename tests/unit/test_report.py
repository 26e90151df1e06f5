"""The follow-up PDF report: readable text, the runner's name and zone, 1–2 pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from rollbook.export.report import (
    ReportData,
    build_report,
    font_paths,
    report_filename,
    summary_lines,
)
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SavedPlan, SitePain

pypdf = pytest.importorskip("pypdf")

TODAY = dt.date(2026, 11, 25)


def _text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def _data(name: str, pain: int = 6) -> ReportData:
    entries = [
        LogEntry(
            TODAY - dt.timedelta(days=i),
            (SitePain("knee", pain, pain - 1, 2),),
            km=6,
            done=i % 2 == 0,
            note=f"day {i}: <b>sore</b> & tired" if i % 3 == 0 else "",
        )
        for i in range(21)
    ]
    psfs = [
        PsfsRecord(TODAY - dt.timedelta(days=14), (PsfsItem("Run 5 km", 3), PsfsItem("Stairs", 5))),
        PsfsRecord(TODAY, (PsfsItem("Run 5 km", 6), PsfsItem("Stairs", 7))),
    ]
    plans = [
        SavedPlan(
            1,
            1,
            dt.datetime(2026, 11, 1, 9),
            {"pain": {"knee": 6}, "minutes": 15, "run_days": 3},
            {
                "rolling": [
                    {"target": "quads", "label": "Front of thigh", "seconds": 60, "sets": 2}
                ],
                "running": {"advice": "Cut back for now."},
            },
        ),
        SavedPlan(
            2,
            1,
            dt.datetime(2026, 11, 15, 9),
            {"pain": {"knee": 4}, "minutes": 20, "run_days": 3},
            {
                "rolling": [{"target": "calf", "label": "Calf", "seconds": 60, "sets": 2}],
                "strength": [{"exercise": "bridge", "label": "Bridge", "sets": 3, "reps": 10}],
                "running": {"advice": "Hold steady."},
            },
        ),
    ]
    return ReportData(name, entries, psfs, plans, TODAY, {"knee": "Front of knee"})


def test_report_names_the_runner_and_action() -> None:
    pages, text = _text(build_report(_data("Zoë Ωmega-Łukasz <script>")))
    assert 1 <= pages <= 2
    flat = " ".join(text.split())
    assert "Zoë Ωmega-Łukasz <script>" in flat
    assert "Running advice now: Cut back (cut-back)" in flat
    assert "PSFS average: 4.0 first, 6.5 latest (+2.5 points, at or above the 2-point MCID)" in flat
    assert "Pain at Front of knee: 6/10 → 4/10." in flat
    assert "Roll Calf: 60 s x 2" in flat
    assert "<b>sore</b> & tired" in flat  # notes print as typed, not as markup


def test_report_for_a_runner_with_nothing_yet() -> None:
    pages, text = _text(build_report(ReportData("New runner", [], [], [], TODAY)))
    flat = " ".join(text.split())
    assert pages == 1
    assert "New runner" in flat
    assert "Running advice now: no pain scores in the last 7 days" in flat
    assert "No plan saved yet." in flat


def test_summary_lines_match_the_action() -> None:
    assert summary_lines(_data("A", pain=2))[0] == "Running advice now: Keep going (keep)"
    assert summary_lines(_data("A", pain=5))[0] == "Running advice now: Hold steady (hold)"


def test_fonts_come_from_matplotlib() -> None:
    regular, bold = font_paths()
    assert regular.is_file() and bold.is_file()


def test_file_name_is_safe() -> None:
    assert report_filename("../../etc/passwd", TODAY) == "rollbook-report-etc-passwd-2026-11-25.pdf"
    assert report_filename("李", TODAY) == "rollbook-report-runner-2026-11-25.pdf"


def test_names_outside_dejavu_still_make_a_report() -> None:
    pages, text = _text(build_report(ReportData("李小龙 Ann", [], [], [], TODAY)))
    assert pages == 1 and "Ann" in text
