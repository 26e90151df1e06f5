"""Page 05's activity scores (the Patient-Specific Functional Scale, PSFS): up to three
activities that are hard because of the pain, each scored 0-10, and the change so far.

What the rows mean and what the change says: :mod:`rollbook.pages.track`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook import analytics
from rollbook.i18n import _
from rollbook.pages.track import PsfsRow, TrackData, check_psfs, psfs_text
from rollbook.records import PSFS_MAX_ACTIVITIES, Profile, PsfsRecord, RecordError
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html, problems_html
from rollbook.ui.figures import chart_html
from rollbook.ui.pain_inputs import NOT_SET, score_value
from rollbook.ui.verdicts import day_text

__all__ = ["PsfsForm"]


def _score_options() -> list[tuple[str, int]]:
    ends = {0: _("0 cannot do it"), 10: _("10 as before the pain")}
    return [(_("Not scored"), NOT_SET)] + [(ends.get(i, str(i)), i) for i in range(11)]


class PsfsForm(widgets.VBox):  # type: ignore[misc]
    """Name and score up to three activities; shows the change and its chart."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date],
        on_saved: Callable[[list[PsfsRecord]], None],
    ) -> None:
        self.store = store
        self.today = today
        self.on_saved = on_saved
        self.profile: Profile | None = None
        self.records: list[PsfsRecord] = []
        self.names = [
            widgets.Text(
                # Send the text when the field is left, so a button pressed right after
                # typing never sees a half-synced value.
                continuous_update=False,
                description=_("Activity {number}").format(number=i + 1),
                placeholder=_("e.g. run 5 km, go down stairs"),
                style={"description_width": "7rem"},
                layout=widgets.Layout(width="24rem", max_width="100%"),
            )
            for i in range(PSFS_MAX_ACTIVITIES)
        ]
        self.scores = [
            widgets.Dropdown(
                description=_("Score {number}").format(number=i + 1),
                options=_score_options(),
                value=NOT_SET,
                style={"description_width": "7rem"},
                layout=widgets.Layout(width="20rem", max_width="100%"),
            )
            for i in range(PSFS_MAX_ACTIVITIES)
        ]
        for i, (name, score) in enumerate(zip(self.names, self.scores)):
            name.add_class(f"rb-psfs-name-{i + 1}")
            score.add_class(f"rb-psfs-score-{i + 1}")
        self.button = widgets.Button(
            description=_("Save scores"),
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.button.add_class("rb-psfs-save")
        self.msg = widgets.HTML()
        self.msg.add_class("rb-psfs-msg")
        self.result = widgets.HTML()
        self.result.add_class("rb-psfs-result")
        rows = [
            widgets.HBox([n, s], layout=widgets.Layout(flex_flow="row wrap"))
            for n, s in zip(self.names, self.scores)
        ]
        heading = _("This week's activity scores")
        text = _(
            "Name up to three things that are "
            "hard because of the pain. Score each one: 0 means you cannot do it, 10 "
            "means you can do it as well as before the pain."
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>{heading}</h3><p>{text}</p>"),
                *rows,
                widgets.HBox([self.button]),
                self.msg,
                self.result,
            ]
        )
        self.add_class("rb-psfs")
        self.button.on_click(self._on_save)

    def set_profile(self, profile: Profile | None) -> None:
        """Another runner (or none): forget the last message."""
        self.profile = profile
        self.msg.value = ""

    def show(self, data: TrackData) -> None:
        """Show the change in the runner's scores so far."""
        self.records = data.psfs
        self._show_result()

    def load_names(self) -> None:
        """Fill in the activities last scored, with blank scores, for this week's scores."""
        latest = self.records[-1] if self.records else None
        for i, (name, score) in enumerate(zip(self.names, self.scores)):
            name.value = latest.items[i].activity if latest and i < len(latest.items) else ""
            score.value = NOT_SET

    def _show_result(self) -> None:
        if not self.records:
            self.result.value = ""
            return
        from rollbook import charts

        text = psfs_text(analytics.psfs_change(self.records), len(self.records))
        self.result.value = f'<p class="rb-psfs-change">{html.escape(text)}</p>' + chart_html(
            charts.psfs_chart(self.records), css_class="rb-chart-psfs"
        )

    def _on_save(self, _button: object = None) -> None:
        if self.profile is None:
            return
        today = self.today()
        rows = [
            PsfsRow(str(score.description), str(name.value), score_value(score.value))
            for name, score in zip(self.names, self.scores)
        ]
        record = check_psfs(rows, today)
        if isinstance(record, list):
            self.msg.value = problems_html(_("Not saved:"), record)
            return
        try:
            result = self.store.save_psfs(self.profile, record, today=today)
            self.records = self.store.list_psfs(self.profile)
        except (RecordError, StoreError) as exc:
            self.msg.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        if result.created:
            text = _("Saved the scores for {date}.")
        else:
            text = _("Updated the scores for {date}.")
        self.msg.value = message_html(text.format(date=day_text(today, today)), "ok")

        self._show_result()
        self.on_saved(self.records)
