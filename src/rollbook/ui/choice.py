"""Native radio-group questions the browser cannot push out of range.

:class:`YesNo` (the safety questions), :class:`Choice` (one of a few answers: the sore
side on page 03, how an exercise felt on page 04) and :class:`SafeDropdown`. Each is a
``<fieldset>`` with a ``<legend>`` and real radio inputs, so screen readers and
keyboards work as with any form. Only ``value`` is taken from the browser, and only
when it is one of the answers offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from rollbook.i18n import N_, _
from rollbook.ui.assets import widget_file


class SafeDropdown(widgets.Dropdown):  # type: ignore[misc]
    """A dropdown that ignores an out-of-range choice from the browser instead of failing."""

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply browser state, dropping an ``index`` that names no option."""
        data = dict(sync_data)
        if "index" in data:
            index = data["index"]
            count = len(self._options_labels)
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
                del data["index"]
        super().set_state(data)


class Choice(anywidget.AnyWidget):
    """One answer out of a few, as a native radio group; ``value`` is "" or an answer's value.

    ``options`` are ``(value, text)`` pairs set from Python. The browser may send only
    ``value``; anything that is not one of the values reads as "" (no answer) or, when
    a ``default`` is given, as that default.
    """

    _esm = widget_file("choice.js")
    _css = widget_file("radio-group.css")

    question = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    value = traitlets.Any("", allow_none=True).tag(sync=True)
    #: Class of the fieldset and prefix of each answer's class (``rb-choice-left``).
    kind = traitlets.Unicode("rb-choice").tag(sync=True)

    def __init__(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str = "", **kw: Any
    ) -> None:
        self._allowed = frozenset(value for value, _text in options)
        self._default = default if default in self._allowed else ""
        super().__init__(
            question=question,
            options=[[value, text] for value, text in options],
            value=self._default,
            **kw,
        )

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        allowed: frozenset[str] = getattr(self, "_allowed", frozenset())
        if isinstance(value, str) and value in allowed:
            return value
        return getattr(self, "_default", "")

    @traitlets.observe("value")
    def _none_is_default(self, change: dict[str, Any]) -> None:
        # traitlets lets None past the validator of an Any trait.
        if change["new"] is None:
            self.value = self._default

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Take only ``value`` from the browser: the question and answers are the page's."""
        super().set_state({k: v for k, v in sync_data.items() if k == "value"})


#: The answers of a yes/no question, in the order shown.
# The answers' words are translated where the question is built (YesNo).
YES_NO: tuple[tuple[str, str], ...] = (("no", N_("No")), ("yes", N_("Yes")))


class YesNo(Choice):
    """A yes/no question as a native radio group; ``value`` is "", "no" or "yes"."""

    def __init__(self, question: str = "", **kw: Any) -> None:
        answers = [(value, _(text)) for value, text in YES_NO]
        super().__init__(question, answers, kind="rb-yesno", **kw)
