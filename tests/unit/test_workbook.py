"""The table of contents and the start page's cards."""

from __future__ import annotations

from pathlib import Path

from rollbook import workbook


def test_pages_are_in_reading_order() -> None:
    numbers = [p.number for p in workbook.all_pages()]
    assert numbers == sorted(numbers)
    assert numbers[0] == 0


def test_only_written_pages_are_listed(tmp_path: Path) -> None:
    (tmp_path / "00_start_here.ipynb").write_text("{}")
    (tmp_path / "03_build_your_plan.ipynb").write_text("{}")
    listed = [p.file for p in workbook.written_pages(tmp_path)]
    assert listed == ["00_start_here.ipynb", "03_build_your_plan.ipynb"]


def test_cards_escape_text() -> None:
    page = workbook.Page(file="07_x.ipynb", title="<b>x</b>", blurb="a & b", minutes=2)
    html = workbook.cards_html([page])
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "a &amp; b" in html
    assert "7. " in html
    assert "About 2 minutes" in html


def test_only_the_clinician_page_is_wide_and_the_template_hears_of_it() -> None:
    from rollbook.app import launcher

    assert [p.file for p in workbook.all_pages() if p.wide] == ["06_clinician.ipynb"]
    pages = launcher.nav_resources()["rollbook"]["pages"]
    assert {p["stem"]: p["wide"] for p in pages}["06_clinician"] is True
    assert not any(p["wide"] for p in pages if p["stem"] != "06_clinician")
