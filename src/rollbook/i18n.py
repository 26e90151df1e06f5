"""One translation function for every patient-facing string (gettext style).

Every sentence a runner, a clinician or an educator reads on a page, in the command
line, in a handout or in the template goes through :func:`_` (or :func:`ngettext` when
it counts something). English is the only language today; adding one needs no Python
change: a translated ``rollbook.po`` goes in ``src/rollbook/locale/<code>/LC_MESSAGES/``
and ``make messages`` compiles it (docs/translating.md).

Rules that keep strings translatable:

- Whole sentences with named placeholders, never sentences glued from pieces:
  ``_("Do {sets} sets of {name}.").format(sets=3, name=label)``, not an f-string.
- Module-level constants are only *marked* with :func:`N_` and translated where they
  are shown (``_(LABEL)``), because a constant is built once, at import, before a
  language can be chosen.
- Content-library text (exercise names, advice, references) is data and is not passed
  through here; a second language gets its own content files.

The language comes from ``$ROLLBOOK_LANGUAGE`` (e.g. ``de``), read on first use; the
app's kernels inherit it from ``rollbook app``.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "rollbook"
LANGUAGE_ENV = "ROLLBOOK_LANGUAGE"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: gettext.NullTranslations | None = None


def _translations() -> gettext.NullTranslations:
    global _active
    if _active is None:
        _active = load_language(os.environ.get(LANGUAGE_ENV, "").strip() or None)
    return _active


def load_language(code: str | None, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Return the translations for language ``code``; English when there are none."""
    if not code or code.lower().startswith("en"):
        return gettext.NullTranslations()
    # fallback=True: an unknown language shows English rather than failing a page.
    return gettext.translation(
        DOMAIN, localedir=locale_dir or LOCALE_DIR, languages=[code], fallback=True
    )


def use_translations(translations: gettext.NullTranslations | None) -> None:
    """Make ``translations`` the active language (``None``: read the environment again)."""
    global _active
    _active = translations


def _(message: str) -> str:
    """Return ``message`` in the active language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the singular or plural form of a message for ``count``, translated."""
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (module constants)."""
    return message
