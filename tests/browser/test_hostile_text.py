"""Hostile text on every page: stored and typed text is shown as text, never run.

A runner's name, notes and PSFS activities come from people; so do the words typed
into any box. This test seeds the store with text built to break out of HTML, then
opens every written page, types the same kind of text into every visible text box
and presses the page's save/add/search buttons. Nothing may run (no dialog, no
``window.__rbPwned``), no element may be injected, no error may show, and the saved
data must come through unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from rollbook import workbook
from rollbook.records import LogEntry, PsfsItem, PsfsRecord, SitePain

from .conftest import open_page, screenshot
from .server import ServerHandle, start_server, stop_server

PAGES = workbook.written_pages()

HOSTILE_NAME = '<img src=x class=rb-pwn onerror="window.__rbPwned=1;alert(1)">'
HOSTILE_NOTE = (
    "<script>window.__rbPwned=2;alert(2)</script><b class='rb-pwn'>bold</b> "
    "& \"quotes\" 'single' {{7*7}} ${7*7} \u202eevil\u200b 💥 名前"
)
HOSTILE_ACTIVITY = '"><svg class=rb-pwn onload="window.__rbPwned=3;alert(3)">'

TYPED = [
    '<img src=x class=rb-pwn onerror="window.__rbPwned=4;alert(4)">',
    "</textarea><script>window.__rbPwned=5</script>'; DROP TABLE profiles; --",
    "javascript:alert(6)//" + "x" * 300,
]

TEXT_BOXES = (
    "input[type=text]:visible, input[type=search]:visible, "
    "input:not([type]):visible, textarea:visible"
)
SAFE_BUTTON = re.compile(r"\b(add|save|reload|search|log|build|make|show)\b", re.IGNORECASE)
RISKY_BUTTON = re.compile(
    r"\b(delete|remove|undo|download|start|pause|skip|back|stop|reset|clear)\b", re.IGNORECASE
)

INJECTED = """() => {
  const found = [];
  if (window.__rbPwned !== undefined) found.push('window.__rbPwned=' + window.__rbPwned);
  for (const el of document.querySelectorAll('.rb-pwn, img[src="x"], svg[onload]')) {
    found.push(el.outerHTML.slice(0, 80));
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__rbPwned')) found.push('script: ' + s.textContent.slice(0, 60));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """The app with one runner whose name, notes and PSFS are hostile."""
    from rollbook.store import open_store

    home = tmp_path_factory.mktemp("hostile") / "home"
    today = dt.date.today()
    with open_store(home / "rollbook.sqlite") as store:
        runner = store.add_profile(HOSTILE_NAME)
        for back in range(3):
            day = today - dt.timedelta(days=back)
            store.save_entry(
                runner,
                LogEntry(
                    date=day,
                    km=5.0,
                    pains=(SitePain("knee", during=3, after=2),),
                    note=HOSTILE_NOTE,
                ),
                today=today,
            )
        store.save_psfs(
            runner,
            PsfsRecord(date=today, items=(PsfsItem(HOSTILE_ACTIVITY, 6),)),
            today=today,
        )
    handle = start_server(home)
    yield handle
    stop_server(handle)


def _assert_clean(page: Any, where: str) -> None:
    injected = page.evaluate(INJECTED)
    assert injected == [], f"{where}: hostile text became page content: {injected}"
    body = page.inner_text("body")
    assert "Traceback" not in body, f"{where}: traceback on screen"
    assert "There was an error when executing cell" not in body, f"{where}: a cell failed"


def _settle(page: Any) -> None:
    # Widget messages go to the kernel and back; give them time to land.
    page.wait_for_timeout(900)


def _type_everywhere(page: Any, text: str) -> int:
    boxes = page.locator(TEXT_BOXES)
    count = boxes.count()
    for index in range(count):
        box = boxes.nth(index)
        if not box.is_editable():
            continue
        box.fill(text)
        box.press("Tab")
    return int(count)


def _press_safe_buttons(page: Any, where: str) -> None:
    buttons = page.locator("button:visible")
    labels = [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]
    for label in labels:
        if not SAFE_BUTTON.search(label) or RISKY_BUTTON.search(label):
            continue
        button = page.locator("button:visible", has_text=label).first
        if button.count() and button.is_enabled():
            button.click()
            _settle(page)
            _assert_clean(page, f"{where} after pressing {label!r}")


def _choose_hostile_runner(page: Any) -> None:
    """Pick the seeded runner where a page asks whose data to show."""
    chooser = page.locator(".rb-profile-chooser select")
    if not chooser.count() or not chooser.first.is_visible():
        return
    chooser.first.select_option(label=HOSTILE_NAME)
    _settle(page)


@pytest.mark.parametrize("current", PAGES, ids=[p.file for p in PAGES])
def test_hostile_text_stays_text(
    page: Any, hostile_app: ServerHandle, current: workbook.Page
) -> None:
    open_page(page, hostile_app.url, current.file)
    _settle(page)
    _assert_clean(page, current.file)
    _choose_hostile_runner(page)
    _assert_clean(page, f"{current.file} with the hostile runner chosen")
    for text in TYPED:
        if not _type_everywhere(page, text):
            break
        _settle(page)
        _assert_clean(page, f"{current.file} after typing")
        _press_safe_buttons(page, current.file)
    screenshot(page, f"hostile-{current.file.removesuffix('.ipynb')}")


def test_hostile_names_are_shown_literally(page: Any, hostile_app: ServerHandle) -> None:
    """Somewhere a runner's name is shown, it reads exactly as it was typed."""
    shown = []
    for current in PAGES:
        open_page(page, hostile_app.url, current.file)
        _settle(page)
        texts = page.evaluate(
            "() => [document.body.innerText,"
            " ...[...document.querySelectorAll('option')].map(o => o.textContent)].join('\\n')"
        )
        if HOSTILE_NAME in texts:
            shown.append(current.file)
    if not shown:
        pytest.skip("no written page shows runner names yet")
    assert shown


def test_saved_data_is_intact(hostile_app: ServerHandle) -> None:
    """After every page has been attacked, the seeded runner's data is all there.

    A page may save what was typed (that is its job): then it is saved verbatim.
    """
    from rollbook.store import open_store

    with open_store(hostile_app.home / "rollbook.sqlite") as store:
        runner = store.find_profile(HOSTILE_NAME)
        assert runner is not None and runner.name == HOSTILE_NAME
        entries = store.list_entries(runner)
        assert len(entries) >= 3
        assert {e.note for e in entries} <= {HOSTILE_NOTE, *TYPED, ""}
        assert any(e.note == HOSTILE_NOTE for e in entries)
        assert store.list_psfs(runner)[0].items[0].activity == HOSTILE_ACTIVITY
        for profile in store.list_profiles():
            assert "\x00" not in profile.name
