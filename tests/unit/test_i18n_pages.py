"""Every page in a pseudo-language: no visible text skips the translation function.

Each page is built as its notebook builds it and driven through the states a runner or
a clinician meets (empty, a saved plan and logged days, a warning answer, an error
message). Every text its widgets show (descriptions, HTML text, buttons, placeholders,
options, tooltips, alt text, aria-labels) is read with ``widget_text`` and must be
inside the ⟦ ⟧ of ``PseudoTranslations``, or be data: content-library text, what the
test typed, numbers, dates and units. A failure names the text and the widget.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from rollbook import bodymap, i18n, logcsv
from rollbook.app import page_text
from rollbook.content import load_library
from rollbook.progress_records import ExerciseSession, LefsRecord
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain
from rollbook.store import SqliteStore, Store
from rollbook.ui.clinician import ClinicianPage
from rollbook.ui.explain import compensation_explorer, references_html, rest_model
from rollbook.ui.plan_builder import PlanBuilder
from rollbook.ui.roll_along import RollAlong
from rollbook.ui.start import contents
from rollbook.ui.track import TrackPage
from tests.unit.pseudo_locale import CLOSE, OPEN, PseudoTranslations
from tests.unit.stores import store_with_plan
from tests.unit.widget_text import ROOT, Shown, html_texts, problems, widget_texts

TODAY = dt.date(2026, 6, 20)
START = TODAY - dt.timedelta(days=20)
NOW = dt.datetime(2026, 6, 20, 9, 30)
#: What the test itself types: names, notes and activities are the runner's own words.
TYPED = ("Ann", "Bo", "Cy", "sore after hills", "Run 5 km", "stairs", "harder on stairs",
         "bad.csv", "broken.gz")  # fmt: skip
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "rollbook"


@pytest.fixture(autouse=True)
def pseudo() -> Iterator[None]:
    """Every page in the pseudo-language; English again afterwards."""
    i18n.use_translations(PseudoTranslations())
    yield
    i18n.use_translations(None)


class Seen:
    """The texts a page showed, state after state."""

    def __init__(self) -> None:
        self.shown: list[Shown] = []

    def look(self, *roots: widgets.Widget) -> None:
        for root in roots:
            self.shown.extend(widget_texts(root))

    def html(self, markup: str, where: str) -> None:
        self.shown.extend(Shown(text, where) for text in html_texts(markup))

    def check(self) -> None:
        found = problems(self.shown, _data())
        assert not found, "Text shown without the translation function:\n" + "\n".join(found)


def _data() -> list[str]:
    """What the pages show that is data, besides content-library text: what the test
    typed, site labels cut to fit a form, the words of the body drawing (media/body.svg,
    an authored file like the content library), reference authors' names, and the not-yet list."""
    library = load_library()
    data = [*TYPED, *(site.label[:30] for site in library.sites.values())]
    data += logcsv.COLUMNS  # a log file's column names are the file format's, like ids
    drawing = Path(bodymap.svg_path()).read_text(encoding="utf-8")
    data += re.findall(r"<(?:title|text)\b[^>]*>([^<]+)<", drawing)
    for ref in library.references.values():
        data += re.findall(r"[^\W\d_]{2,}", ref.authors)
        data += [f"doi:{ref.doi}"] if ref.doi else []
    for site in library.sites.values():  # page 02 lists these one-word content values
        data += [*site.often_tight, *site.often_weak]
    return data


def _store_with_runner(tmp_path: Path) -> SqliteStore:
    """Ann, with a plan started 20 days ago, logged days, exercise sessions and a change."""
    from rollbook.progress_records import Adjustment

    store = store_with_plan(tmp_path, START)
    ann = store.list_profiles()[0]
    for n in range(0, 20, 2):
        day = START + dt.timedelta(days=n)
        pain = SitePain("achilles", 2 + n % 3, 2, 1)
        sessions = [ExerciseSession(day, "calf-raise", 1, "easy")]
        note = "sore after hills" if n == 4 else ""
        store.save_day(ann, LogEntry(day, (pain,), km=3.0 + n, note=note), sessions, today=TODAY)
    yesterday = TODAY - dt.timedelta(days=1)
    store.save_entry(ann, LogEntry(yesterday, (SitePain("achilles", 3, 4),), km=6), today=TODAY)
    store.save_psfs(ann, PsfsRecord(START, (PsfsItem("Run 5 km", 3),)), today=TODAY)
    store.save_psfs(ann, PsfsRecord(TODAY, (PsfsItem("Run 5 km", 6),)), today=TODAY)
    store.save_lefs(ann, LefsRecord(START, (2,) * 20), today=TODAY)
    change = {"exercise": "calf-raise-bent-knee", "sets": 2, "reps": 10}
    store.add_adjustment(
        ann, Adjustment(START + dt.timedelta(days=8), "dose", change, "harder on stairs")
    )
    return store


# ------------------------------------------------------------------ the pages


def test_page_00_start() -> None:
    seen = Seen()
    seen.look(contents())
    seen.check()


def test_page_01_rest_model_and_references() -> None:
    seen = Seen()
    model = rest_model()
    seen.look(model)
    for weeks, speed in ((0, "fast"), (0, "gradual"), (1, "steady"), (6, "fast")):
        model.rest_weeks.value = weeks
        model.return_speed.value = speed
        seen.look(model)
    model.use_rolling.value = model.use_strength.value = model.use_graded_running.value = False
    seen.look(model)
    seen.html(references_html(list(load_library().references)), "references")
    seen.check()


def test_page_02_compensation() -> None:
    seen = Seen()
    explorer = compensation_explorer()
    seen.look(explorer)
    explorer.picker.selected = list(explorer.picker.sites)
    seen.look(explorer)
    seen.check()


def _builder(store: Store) -> PlanBuilder:
    return PlanBuilder(store, today=lambda: TODAY, now=lambda: NOW)


def _builder_parts(builder: PlanBuilder) -> list[widgets.Widget]:
    return [builder.profile, builder.safety, builder.pain, builder.running, builder.preview,
            builder.save]  # fmt: skip


def test_page_03_build_your_plan(tmp_path: Path) -> None:
    seen = Seen()
    store = SqliteStore(tmp_path / "db.sqlite")
    builder = _builder(store)
    seen.look(*_builder_parts(builder))  # empty: no runner, nothing answered
    builder.saving.save()  # no plan and no runner: a message says what to do
    seen.look(builder.save)
    for question in builder.questions.values():
        question.value = "no"
    builder.body.map.selected = ["achilles", "knee"]
    builder.pain_sliders["achilles"].value = 5
    builder.pain_sliders["knee"].value = 3
    builder.side.value = "left"
    seen.look(*_builder_parts(builder))
    builder.saving.save()  # no runner yet
    seen.look(builder.save)
    for question in builder.cautions.questions.values():
        question.value = "yes"
    seen.look(*_builder_parts(builder))
    store.add_profile("Ann")
    builder.picker.refresh()
    builder.saving.save()
    builder.make_downloads()
    seen.look(*_builder_parts(builder))
    first = next(iter(builder.questions.values()))
    first.value = "yes"  # a warning sign: see a clinician first
    seen.look(*_builder_parts(builder))
    builder.close()
    again = _builder(store)  # a saved plan fills the form again
    seen.look(*_builder_parts(again))
    seen.check()


def test_page_04_roll_along(tmp_path: Path) -> None:
    seen = Seen()
    store = SqliteStore(tmp_path / "db.sqlite")
    clock = [100.0]
    page = RollAlong(store, clock=lambda: clock[0], environ={}, today=lambda: TODAY,
                     autotick=False)  # fmt: skip
    seen.look(page)  # no runner
    store.add_profile("Bo")
    page.picker.refresh()
    seen.look(page)  # a runner without a plan
    plan_store = store_with_plan(tmp_path / "plan", START, name="Ann")
    page = RollAlong(plan_store, clock=lambda: clock[0], environ={}, today=lambda: TODAY,
                     autotick=False)  # fmt: skip
    seen.look(page)
    page.start_button.click()
    clock[0] += 5
    page.render()
    seen.look(page)
    page.pause_button.click()
    seen.look(page)
    page.pause_button.click()
    assert page.session is not None
    page.save_button.click()  # before the end: refused
    clock[0] += page.session.total_seconds() + 1
    page.render()
    seen.look(page)
    page.note.value = "x" * 600
    page.save_button.click()  # too long a note
    seen.look(page)
    page.note.value = "sore after hills"
    for card in page.exercises.cards:
        card.done.value = "yes"
        card.feel.value = "ok"
    page.save_button.click()
    seen.look(page)
    page.strength.show_for(page.picker.profile, opened=True)
    page.strength.save_button.click()
    seen.look(page)
    seen.check()


def _track(store: Store) -> TrackPage:
    return TrackPage(store, today=lambda: TODAY)


def test_page_05_track_empty_and_errors(tmp_path: Path) -> None:
    seen = Seen()
    store = SqliteStore(tmp_path / "db.sqlite")
    page = _track(store)
    seen.look(page)  # no runner
    store.add_profile("Bo")
    page.picker.refresh()
    seen.look(page)  # an empty log
    page.day_form.date.value = TODAY + dt.timedelta(days=2)
    page.day_form.save_button.click()
    page.day_form.add_site_button.click()
    page.psfs_form.button.click()
    page.recent.edit_button.click()
    page.csv.import_file("bad.csv", b"date,site\nnot a date,knee\n")
    page.share.button.click()
    seen.look(page)
    page.review.form.save_button.click()
    seen.look(page)
    seen.check()


def test_page_05_track_with_a_plan_and_logged_days(tmp_path: Path) -> None:
    seen = Seen()
    store = _store_with_runner(tmp_path)
    page = _track(store)
    seen.look(page)
    page.morning.button.click()  # no score chosen
    seen.look(page.morning)
    for box in page.morning.rows.values():
        box.value = 2
    page.morning.button.click()
    seen.look(page)
    page.day_form.date.value = TODAY
    page.day_form.add_site.value = "knee"
    page.day_form.add_site_button.click()
    page.site_rows["knee"].measures["during"].value = 4
    page.day_form.note.value = "sore after hills"
    page.day_form.save_button.click()
    seen.look(page)
    page.day_form.save_button.click()  # the same day again: updated
    page.recent.delete_button.click()
    seen.look(page)
    page.recent.undo_button.click()
    seen.look(page)
    page.psfs_form.load_names()
    page.psfs_form.scores[0].value = 7
    page.psfs_form.names[1].value = "stairs"
    page.psfs_form.button.click()  # an activity without a score
    seen.look(page.psfs_form)
    page.psfs_form.scores[1].value = 5
    page.psfs_form.button.click()
    seen.look(page)
    for question in page.review.form.questions:
        question.value = 3
    page.review.form.save_button.click()
    seen.look(page)
    page.share.notes.value = True
    page.share.button.click()
    seen.look(page)
    seen.check()


def test_page_06_clinician(tmp_path: Path) -> None:
    seen = Seen()
    empty = ClinicianPage(SqliteStore(tmp_path / "empty.sqlite"), today=lambda: TODAY,
                          privacy_note=True)  # fmt: skip
    seen.look(empty)
    store = _store_with_runner(tmp_path)
    store.add_profile("Cy")
    page = ClinicianPage(store, today=lambda: TODAY, privacy_note=True)
    seen.look(page)
    page.search.value = "zz"
    seen.look(page)
    page.search.value = ""
    page.order.value = True
    page.sort.value = "zone" if "zone" in dict(page.sort.options).values() else "name"
    ann = store.find_profile("Ann")
    assert ann is not None
    page.chooser.value = ann.id
    seen.look(page)
    for kind in ("level", "dose", "add", "remove", "swap", "review"):
        page.adjust.kind.value = kind
        seen.look(page.adjust)
    page.adjust.save_button.click()  # no reason given
    seen.look(page.adjust)
    page.adjust.kind.value = "dose"
    page.adjust.reason.value = "harder on stairs"
    page.adjust.save_button.click()
    seen.look(page)
    page.ladder.reason.value = "harder on stairs"
    page.ladder.start_button.click()
    seen.look(page)
    page.report_button.click()
    seen.look(page)
    page.delete_runner.start_button.click()
    page.delete_runner.typed.value = "nobody"
    page.delete_runner.confirm_button.click()
    seen.look(page)
    page.share_in.import_bytes("broken.gz", b"not a share file")
    seen.look(page)
    cy = store.find_profile("Cy")
    assert cy is not None
    page.chooser.value = cy.id  # a runner without a plan
    seen.look(page)
    seen.check()


def test_server_notices() -> None:
    """What the Voila layer writes into a page itself: a stalled or failed page, too many
    open pages."""
    from rollbook.app import kernel_limits, page_handler

    seen = Seen()
    for title in (page_handler.STALLED_TITLE, page_handler.FAILED_TITLE):
        seen.html(page_handler.closing_html(title), "page_handler.closing_html")
        output = page_handler.notice_output(title, page_handler.ERROR_HINT)
        seen.html(output["data"]["text/html"], "page_handler.notice_output")
        seen.shown.append(Shown(output["data"]["text/plain"], "page_handler.notice_output"))
    seen.html(kernel_limits.too_many_pages_html(), "kernel_limits.too_many_pages_html")
    seen.check()


# ------------------------------------------------------------------ the template


def test_template_words_all_come_from_the_translation_function() -> None:
    text = page_text.template_text()
    for key, value in text.items():  # placeholders are filled in by the template or script
        left = re.sub(r"\{\w+\}", "", re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", "", value))
        assert not re.search(r"[A-Za-z]", left), f"{key}: {value}"
    assert set(page_text.script_text()) <= set(text)


def _template_source(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.DOTALL)  # comments
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.DOTALL)
    return source


def test_template_has_no_words_of_its_own() -> None:
    """Text nodes and read-out attributes of the page template hold only ``{{ }}``."""
    source = _template_source(TEMPLATE / "index.html.j2")
    for key in re.findall(r"rb_text\.(\w+)", source):
        assert key in page_text.template_text(), f"the template shows a missing text: {key}"
    bare = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.DOTALL)
    words = []
    for text in html_texts(bare):
        left = re.sub(r"&\w+;|\brollbook\b", " ", text)  # the product's name stays
        if re.search(r"[A-Za-z]{2,}", left):
            words.append(text)
    assert not words, f"English in the template outside {{{{ }}}}: {words}"


def test_template_scripts_hold_no_sentences() -> None:
    """guard.js and watchdog.js show only the words the template hands them."""
    for name in ("guard.js", "watchdog.js"):
        script = (TEMPLATE / "static" / name).read_text(encoding="utf-8")
        code = re.sub(r"^\s*//.*$", "", script, flags=re.MULTILINE)
        sentences = re.findall(r"[\"']([A-Z][a-z]+(?: [a-z]+){2,}[^\"']*)[\"']", code)
        assert not sentences, f"{name} shows English of its own: {sentences}"
