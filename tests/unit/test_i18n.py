"""The translation function: English by default, any compiled language without code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from rollbook import i18n
from rollbook.i18n import _, ngettext


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    yield
    i18n.use_translations(None)


def compiled_language(root: Path, code: str, messages: dict[str, str | tuple[str, str]]) -> Path:
    """Write ``root/<code>/LC_MESSAGES/rollbook.mo`` as a translator's build would."""
    catalog = Catalog(locale=code, domain=i18n.DOMAIN)
    for msgid, text in messages.items():
        if isinstance(text, tuple):
            catalog.add((msgid, msgid + "s"), text)
        else:
            catalog.add(msgid, text)
    target = root / code / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "rollbook.mo").open("wb") as mo:
        write_mo(mo, catalog)
    return root


def test_english_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    i18n.use_translations(None)
    assert _("Save today") == "Save today"
    assert ngettext("{n} day", "{n} days", 1) == "{n} day"
    assert ngettext("{n} day", "{n} days", 3) == "{n} days"


def test_a_language_without_translations_shows_english(tmp_path: Path) -> None:
    i18n.use_translations(i18n.load_language("xx", tmp_path))
    assert _("Save today") == "Save today"


def test_a_compiled_language_needs_no_code(tmp_path: Path) -> None:
    root = compiled_language(
        tmp_path, "de", {"Save today": "Heute speichern", "day": ("Tag", "Tage")}
    )
    i18n.use_translations(i18n.load_language("de", root))
    assert _("Save today") == "Heute speichern"
    assert ngettext("day", "days", 1) == "Tag"
    assert ngettext("day", "days", 2) == "Tage"
    assert _("Not translated yet") == "Not translated yet"


def test_the_environment_chooses_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = compiled_language(tmp_path, "nl", {"Save today": "Vandaag opslaan"})
    monkeypatch.setattr(i18n, "LOCALE_DIR", root)
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "nl")
    i18n.use_translations(None)
    assert _("Save today") == "Vandaag opslaan"


def test_marking_does_not_translate() -> None:
    assert i18n.N_("Heel raise") == "Heel raise"


def test_the_error_page_says_every_word_through_the_translation_function() -> None:
    import re

    import jinja2

    from rollbook.app.page_text import install_translations
    from rollbook.paths import templates_dir
    from tests.unit.pseudo_locale import PseudoTranslations, unmarked

    folder = templates_dir() / "voila" / "templates" / "rollbook"
    # As Voila builds it: Jinja's i18n extension with Jupyter's messages installed.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), extensions=["jinja2.ext.i18n"], autoescape=True
    )
    env.install_null_translations(newstyle=False)  # type: ignore[attr-defined]
    english = env.get_template("error.html").render(status_code=404, base_url="/")
    assert "We could not find that page" in english and "Error code 404" in english
    install_translations({"voila_jinja2_env": env})
    i18n.use_translations(PseudoTranslations())
    for code in (404, 403, 500):
        page = env.get_template("error.html").render(status_code=code, base_url="/")
        shown = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
        assert unmarked(shown) == "", (code, unmarked(shown))
