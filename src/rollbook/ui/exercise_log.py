"""Page 04's end-of-session form for the strength exercises of the saved plan.

One card per exercise of this week's plan: done or not, pain during it (0 to 10) and
how it felt (easy, ok or hard). The view only collects answers; checking them and
saving them is :mod:`rollbook.pages.exercise_log`'s job, the same code
``rollbook log add --exercise`` uses.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from rollbook.i18n import N_, _
from rollbook.pages.exercise_log import ExerciseAnswer, ExerciseToLog
from rollbook.ui.choice import Choice
from rollbook.ui.controls import close_widgets, pain_slider

# The answers' words are translated where the questions are built.
DONE_CHOICES: tuple[tuple[str, str], ...] = (("yes", N_("Yes")), ("no", N_("No")))
FEEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("easy", N_("Easy")),
    ("ok", N_("OK")),
    ("hard", N_("Hard")),
)


def _answers(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(value, _(text)) for value, text in choices]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class ExerciseCard(widgets.VBox):  # type: ignore[misc]
    """One exercise: what it is at this week's level, and the three answers about it."""

    def __init__(self, item: ExerciseToLog) -> None:
        self.item = item
        note = item.side_note
        side = f" {note[:1].upper()}{note[1:]}." if note else ""
        level = _("Level {level} of {levels}: {name}.").format(
            level=item.level, levels=item.levels, name=item.level_name
        )
        self.head = widgets.HTML(
            f"<h4>{_e(item.label)}</h4><p>{_e(level)} {_e(item.dose)}.{_e(side)}</p>"
        )
        question = _("Did you do {name} today?").format(name=item.label)
        self.done = Choice(question, _answers(DONE_CHOICES))
        self.done.add_class("rb-ex-done")
        self.pain = pain_slider(_("Pain during it"))
        self.pain.add_class("rb-ex-pain")
        self.feel = Choice(_("How did it feel?"), _answers(FEEL_CHOICES))
        self.feel.add_class("rb-ex-feel")
        self.more = widgets.VBox([self.pain, self.feel], layout=widgets.Layout(width="100%"))
        self.more.layout.display = "none"
        self.done.observe(self._done_changed, "value")
        super().__init__([self.head, self.done, self.more], layout=widgets.Layout(width="100%"))
        self.add_class("rb-ex-card")
        self.add_class(f"rb-ex-{item.exercise}")

    def _done_changed(self, _change: Any = None) -> None:
        self.more.layout.display = "flex" if self.done.value == "yes" else "none"

    def answer(self) -> ExerciseAnswer | None:
        """The answers as given, or None when "did you do it" was not answered."""
        if self.done.value == "":
            return None
        done = self.done.value == "yes"
        return ExerciseAnswer(
            self.item.exercise,
            done,
            self.pain.value if done else None,
            (self.feel.value or None) if done else None,
        )


class ExerciseLog(widgets.VBox):  # type: ignore[misc]
    """The cards for this week's exercises, or nothing when the plan has none."""

    def __init__(self) -> None:
        self.cards: list[ExerciseCard] = []
        self.intro = widgets.HTML()
        self.cards_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        super().__init__(
            [self.intro, self.cards_box],
            layout=widgets.Layout(width="100%", max_width="40rem"),
        )
        self.add_class("rb-ex-log")
        self.layout.display = "none"

    def show(self, items: Sequence[ExerciseToLog]) -> None:
        """Show a card per exercise (closing the old ones); hide the form when there are none."""
        close_widgets(self.cards_box.children)
        self.cards = [ExerciseCard(item) for item in items]
        self.cards_box.children = self.cards
        heading = _("Your strength exercises")
        text = _(
            "Did you do them today? For each one you did, "
            "score the pain during it and say how it felt. This moves your plan on."
        )
        self.intro.value = f"<h3>{heading}</h3><p>{text}</p>" if items else ""
        self.layout.display = "flex" if items else "none"

    def labels(self) -> Mapping[str, str]:
        """Exercise id → label, for the exercises shown."""
        return {card.item.exercise: card.item.label for card in self.cards}

    def answers(self) -> list[ExerciseAnswer]:
        """The answered cards, in the order shown."""
        return [a for a in (card.answer() for card in self.cards) if a is not None]
