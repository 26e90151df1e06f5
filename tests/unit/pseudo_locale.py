"""A pseudo-language for tests: every translated string comes back inside brackets.

A page rendered with it shows which text went through ``rollbook.i18n`` and which did
not (text outside the brackets that is not content-library data).
"""

from __future__ import annotations

import gettext

OPEN = "\u27e6"
CLOSE = "\u27e7"


class PseudoTranslations(gettext.NullTranslations):
    """Translations that wrap each message in ⟦ ⟧ instead of translating it."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{OPEN}{msgid1 if n == 1 else msgid2}{CLOSE}"
