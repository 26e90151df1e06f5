"""The "before you roll" questions on page 03, and how the plan shows their effect.

A "yes" only changes rolling (a softer roller, lighter pressure, areas left out, or
no rolling for now); what each answer does lives in ``content/cautions.toml`` and
``rollbook.cautions``. Strength work and running advice always stay.

The browser can send any value: :class:`~rollbook.ui.plan_builder.YesNo` keeps
only "", "no" and "yes", and only ids from the content library are passed on.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from rollbook.content import Library
from rollbook.i18n import _
from rollbook.plan import Plan
from rollbook.ui.controls import message_html
from rollbook.ui.plan_builder import YesNo


def intro_html() -> str:
    """The heading and first words of the cautions step."""
    heading = _("Before you roll")
    text = _(
        "These questions are about rolling only. A yes makes rolling gentler or leaves "
        "some of it out. Your strength work and running advice stay."
    )
    return f"<h3 class='rb-step'>{heading}</h3><p style='font-size:1rem;line-height:1.5'>{text}</p>"


class CautionQuestions:
    """One yes/no question per rolling caution, in content order."""

    def __init__(self, library: Library, on_change: Callable[[Any], None]) -> None:
        self.library = library
        intro = widgets.HTML(intro_html())
        intro.add_class("rb-cautions-intro")
        self.questions: dict[str, YesNo] = {}
        for caution_id, caution in library.cautions.items():
            question = YesNo(question=caution.question)
            question.add_class("rb-caution")
            question.add_class(f"rb-caution-{caution_id}")
            question.observe(self._changed, "value")
            self.questions[caution_id] = question
        self.status = widgets.HTML()
        self.status.add_class("rb-cautions-status")
        self.box = widgets.VBox(
            [intro, *self.questions.values(), self.status],
            layout=widgets.Layout(width="100%", max_width="52rem"),
        )
        self.box.add_class("rb-pb-cautions")
        self._on_change = on_change
        self._show_status()

    def chosen(self) -> list[str]:
        """Caution ids answered "yes" (only ids the content library holds)."""
        return [
            key
            for key, q in self.questions.items()
            if q.value == "yes" and key in self.library.cautions
        ]

    def unanswered(self) -> int:
        """How many questions have no answer yet."""
        return sum(1 for q in self.questions.values() if q.value == "")

    def reset(self) -> None:
        """Clear every answer."""
        for question in self.questions.values():
            question.value = ""

    def _changed(self, change: Any) -> None:
        self._show_status()
        self._on_change(change)

    def _show_status(self) -> None:
        chosen = self.chosen()
        left = self.unanswered()
        if chosen:
            labels = ", ".join(self.library.caution(c).label.lower() for c in chosen)
            text = _("Your plan's rolling is changed for: {cautions}. See the plan below.").format(
                cautions=labels
            )
            tone = "info"
        elif left:
            text = _(
                "{left} of {total} not answered yet. "
                "Until you answer, the plan rolls as if the answer is no."
            ).format(left=left, total=len(self.questions))
            tone = "info"
        else:
            text = _("Nothing here changes your rolling.")
            tone = "ok"
        self.status.value = message_html(text, tone)


def cautions_html(plan: Plan) -> str:
    """The plan's rolling cautions: what to do, why, and how strong the advice is."""
    if not plan.cautions:
        return ""
    items = "".join(
        f"<li><strong>{_e(c.label)}:</strong> {_e(c.advice)}"
        f"<br><span class='rb-dose'>{_e(_('Why: {reason}').format(reason=c.why))} "
        f"{_e(c.basis_note)}</span></li>"
        for c in plan.cautions
    )
    if plan.roller:
        roller = _("Roller in this plan: {roller}.").format(
            roller=f"<strong>{_e(plan.roller)}</strong>"
        )
        roller_html = f"<p>{roller}</p>"
    else:
        roller_html = f"<p><strong>{_('No rolling for now.')}</strong></p>"
    heading = _("Your rolling cautions")
    return f"<h3>{heading}</h3>{roller_html}<ul class='rb-cautions'>{items}</ul>"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
