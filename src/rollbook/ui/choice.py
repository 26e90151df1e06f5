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

_YESNO_ESM = r"""
function render({ model, el }) {
  const name = "rb-yn-" + Math.random().toString(36).slice(2);
  const box = document.createElement("fieldset");
  box.className = "rb-yesno";
  const legend = document.createElement("legend");
  const row = document.createElement("div");
  row.className = "rb-yesno-options";
  const inputs = [];
  for (const [value, text] of [["no", "No"], ["yes", "Yes"]]) {
    const label = document.createElement("label");
    label.className = "rb-yesno-" + value;
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.addEventListener("change", () => {
      if (input.checked) { model.set("value", value); model.save_changes(); }
    });
    label.append(input, document.createTextNode(" " + text));
    row.append(label);
    inputs.push(input);
  }
  box.append(legend, row);
  el.append(box);
  function sync() {
    legend.textContent = model.get("question");
    for (const input of inputs) input.checked = model.get("value") === input.value;
  }
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
"""

_YESNO_CSS = r"""
.rb-yesno { border: 1px solid #b9c6c4; border-radius: 8px; margin: 0.4rem 0; padding: 0.5rem 0.8rem 0.7rem; max-width: 40rem; box-sizing: border-box; width: 100%; }
.rb-yesno legend { font-size: 1rem; color: #1d2a30; padding: 0 0.25rem; line-height: 1.4; }
.rb-yesno-options { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 0.3rem; }
.rb-yesno-options label { display: inline-flex; align-items: center; gap: 0.4rem; min-height: 44px; min-width: 5.5rem; padding: 0 0.9rem; border: 1px solid #8a979c; border-radius: 6px; cursor: pointer; font-size: 1rem; box-sizing: border-box; }
.rb-yesno-options input { width: 1.2rem; height: 1.2rem; accent-color: #0f6e6a; margin: 0; }
.rb-yesno-options input:focus-visible { outline: 3px solid #0a4f4c; outline-offset: 2px; }
.rb-yesno-options label:has(input:checked) { background: #e3f1ef; border-color: #0f6e6a; font-weight: 700; }
"""


class YesNo(anywidget.AnyWidget):
    """A yes/no question as a native radio group; ``value`` is "", "no" or "yes"."""

    _esm = _YESNO_ESM
    _css = _YESNO_CSS

    question = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any("", allow_none=False).tag(sync=True)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        return value if value in ("no", "yes") else ""

    @traitlets.observe("value")
    def _none_is_blank(self, change: dict[str, Any]) -> None:
        # traitlets lets None past the validator of an Any trait.
        if change["new"] is None:
            self.value = ""


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


_CHOICE_ESM = r"""
function render({ model, el }) {
  const name = "rb-ch-" + Math.random().toString(36).slice(2);
  const box = document.createElement("fieldset");
  box.className = "rb-yesno rb-choice";
  const legend = document.createElement("legend");
  const row = document.createElement("div");
  row.className = "rb-yesno-options";
  box.append(legend, row);
  el.append(box);
  let inputs = [];
  function build() {
    row.replaceChildren();
    inputs = [];
    for (const [value, text] of model.get("options")) {
      const label = document.createElement("label");
      label.className = "rb-choice-" + value;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = value;
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", value); model.save_changes(); }
      });
      label.append(input, document.createTextNode(" " + text));
      row.append(label);
      inputs.push(input);
    }
  }
  function sync() {
    legend.textContent = model.get("question");
    for (const input of inputs) input.checked = model.get("value") === input.value;
  }
  const rebuild = () => { build(); sync(); };
  model.on("change:options", rebuild);
  model.on("change", sync);
  rebuild();
  return () => { model.off("change:options", rebuild); model.off("change", sync); };
}
export default { render };
"""


class Choice(anywidget.AnyWidget):
    """One answer out of a few, as a native radio group; ``value`` is "" or an answer's value.

    ``options`` are ``(value, text)`` pairs set from Python. The browser may send only
    ``value``; anything that is not one of the values reads as "" (no answer) or, when
    a ``default`` is given, as that default.
    """

    _esm = _CHOICE_ESM
    _css = _YESNO_CSS

    question = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    value = traitlets.Any("", allow_none=True).tag(sync=True)

    def __init__(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str = "", **kw: Any
    ) -> None:
        self._allowed = frozenset(value for value, _ in options)
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
