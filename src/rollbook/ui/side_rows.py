"""Page 05's pain scores for one site, asked per side when the plan says so.

The rules (which sides, what a blank means) live in :mod:`rollbook.pages.pain_sides`;
this module only builds and reads the dropdowns. A site asked for both sides shows
the left and the right one under the other, each score labelled with its side, so a
screen reader and a phone user both hear which side a score is for.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook import painmodel
from rollbook.i18n import _
from rollbook.pages import pain_sides
from rollbook.pages.pain_sides import Sides
from rollbook.records import PAIN_FIELDS, LogEntry, SitePain
from rollbook.ui.controls import close_widgets
from rollbook.ui.pain_inputs import NOT_SET, score_value

#: Builds one 0–10 dropdown with a label (ui/pain_inputs.py's, so all forms look alike).
DropdownMaker = Callable[[str], widgets.Dropdown]


class SidedSiteRow(widgets.VBox):  # type: ignore[misc]
    """Three pain scores (during, after, next morning) for one site, for each side asked."""

    def __init__(self, site: str, label: str, sides: Sides, dropdown: DropdownMaker) -> None:
        self.site = site
        self.label = label
        self.default_sides: Sides = sides
        self._dropdown = dropdown
        self.groups: dict[str | None, dict[str, widgets.Dropdown]] = {}
        self.heading = widgets.HTML()
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        super().__init__([self.heading, self.body], layout=widgets.Layout(width="100%"))
        self.add_class("rb-site-box")
        self.add_class(f"rb-site-row-{site}")
        self.set_sides(sides)

    @property
    def sides(self) -> Sides:
        """The sides shown now."""
        return tuple(self.groups)

    @property
    def measures(self) -> dict[str, widgets.Dropdown]:
        """The dropdowns of the first side shown (the only one on a one-sided row)."""
        return next(iter(self.groups.values()))

    def set_sides(self, sides: Sides) -> None:
        """Show one group of three scores per side in ``sides``; scores shown are kept."""
        if sides == self.sides:
            return
        old = {
            side: {m: box.value for m, box in group.items()} for side, group in self.groups.items()
        }
        close_widgets([box for group in self.groups.values() for box in group.values()])
        close_widgets(self.body.children)
        self.groups = {}
        children: list[widgets.Widget] = []
        for side in sides:
            group: dict[str, widgets.Dropdown] = {}
            for measure in PAIN_FIELDS:
                question = pain_sides.side_question(painmodel.question(measure), side, sides)
                box = self._dropdown(question)
                box.add_class(f"rb-pain-{measure}")
                box.layout.width = "17rem"
                if measure in old.get(side, {}):
                    box.value = old[side][measure]
                group[measure] = box
            self.groups[side] = group
            row = widgets.HBox(
                list(group.values()), layout=widgets.Layout(flex_flow="row wrap", width="100%")
            )
            if len(sides) > 1 and side is not None:
                name = html.escape(_(pain_sides.SIDE_NAMES[side]))

                part = widgets.VBox(
                    [widgets.HTML(f'<p class="rb-side-name"><strong>{name}</strong></p>'), row],
                    layout=widgets.Layout(width="100%"),
                )
            else:
                part = widgets.VBox([row], layout=widgets.Layout(width="100%"))
            part.add_class(f"rb-side-{side or 'none'}")
            children.append(part)
        self.body.children = children
        heading = pain_sides.side_heading(self.label, sides)
        self.heading.value = f"<h4>{html.escape(heading)}</h4>"

    def load_entry(self, entry: LogEntry | None) -> None:
        """Show the scores ``entry`` holds for this site (blank for a new day)."""
        self.set_sides(pain_sides.day_sides(self.site, entry, self.default_sides))
        for side in self.groups:
            pain = entry.pain_at(self.site, side) if entry else None
            self.load(pain, side)

    def load(self, pain: SitePain | None, side: str | None = None) -> None:
        """Show the scores of ``pain`` in the group for ``side`` (blank when None)."""
        group = self.groups.get(side) or self.measures
        for measure, box in group.items():
            value = getattr(pain, measure) if pain is not None else None
            box.value = NOT_SET if value is None else value

    def pains(self) -> list[SitePain]:
        """The pain records the scores make: one per side with a score filled in."""
        return pain_sides.form_pains(
            self.site,
            {
                side: {m: score_value(box.value) for m, box in group.items()}
                for side, group in self.groups.items()
            },
        )

    def pain(self) -> SitePain | None:
        """The first pain record the scores make (for a one-sided row, its only one)."""
        found = self.pains()
        return found[0] if found else None
