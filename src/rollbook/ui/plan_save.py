"""Page 03's last section: save the plan for a runner, then take it along.

Saving calls :func:`rollbook.pages.plan_save.save_plan` (as ``rollbook plan --save``)
with the sore side and today as the start. Once saved, the handout and the calendar are
those of the saved plan, made by :mod:`rollbook.export.week_files` (as ``rollbook week
--pdf/--ics``): week by week, with the review date. Before saving, only a handout of
the plan on screen is offered, since a calendar that does not follow the log would go
stale after a week. A runner with a saved plan gets its files as soon as they are
chosen, without saving again (a new save starts a new plan).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from rollbook.content import Library
from rollbook.dates import long_date
from rollbook.pages.errors import PageInputError
from rollbook.pages.plan_save import save_plan
from rollbook.plan import Plan, PlanInput
from rollbook.records import Profile, SavedPlan
from rollbook.store import Store, StoreError
from rollbook.ui.controls import close_widgets, download_link, message_html

DOWNLOAD_DELAY = 0.6  # seconds of quiet before the PDF is made
SIDE_WORDS = {"left": "your left side", "right": "your right side", "both": "both sides"}


class PlanSource(Protocol):
    """What the save section reads from the plan page."""

    def ready_plan(self) -> Plan | None: ...
    def plan_input(self) -> PlanInput: ...
    def answers(self) -> dict[str, str]: ...
    def sore_side(self) -> str: ...
    def current_profile(self) -> Profile | None: ...
    def no_plan_reason(self) -> str: ...
    def needs_referral(self) -> bool: ...


def file_stem(name: str) -> str:
    """A safe file name stem for a runner's downloads."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in name.strip().lower()).strip("-")
    return f"rollbook-plan-{cleaned[:40]}" if cleaned else "rollbook-plan"


class PlanSaveView:
    """The save button, its message, and the handout and calendar links."""

    def __init__(
        self,
        store: Store,
        library: Library,
        source: PlanSource,
        *,
        today: Callable[[], dt.date],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.store = store
        self.library = library
        self.source = source
        self.today = today
        self.now = now
        self._key: tuple[Any, ...] | None = None
        self._pending: asyncio.TimerHandle | None = None
        #: The saved plan's files for (plan id, day): kept while only the plan on screen
        #: changes, so moving a slider does not make them again.
        self._saved_files: tuple[tuple[Any, ...], dict[str, bytes]] = ((), {})

        self.button = widgets.Button(
            description="Save plan",
            button_style="primary",
            icon="save",
            tooltip="Save this plan for the chosen runner",
        )
        self.button.add_class("rb-save-plan")
        self.button.on_click(self.save)
        self.message = widgets.HTML()
        self.message.add_class("rb-save-message")
        self.downloads = widgets.Box(
            layout=widgets.Layout(flex_flow="row wrap", width="100%", grid_gap="0.75rem")
        )
        self.downloads.add_class("rb-downloads")
        self.download_message = widgets.HTML()
        self.download_message.add_class("rb-download-message")
        self.box = widgets.VBox(
            [self.button, self.message, self.downloads, self.download_message],
            layout=widgets.Layout(width="100%", max_width="52rem"),
        )
        self.box.add_class("rb-pb-save")

    # ------------------------------------------------------------------ saving
    def save(self, _button: Any = None) -> None:
        """Save the plan on screen for the chosen runner, from today, with the sore side."""
        plan = self.source.ready_plan()
        profile = self.source.current_profile()
        if plan is None:
            self.message.value = message_html(
                f"There is no plan to save yet. {self.source.no_plan_reason()}", "warn"
            )
            return
        if profile is None:
            self.message.value = message_html(
                "Choose or add a runner at the top first, then save.", "warn"
            )
            return
        side = self.source.sore_side()
        try:
            done = save_plan(
                self.store, profile, self.source.plan_input(), plan, start=self.today(),
                side=side, answers=self.source.answers(), created=self.now(),
            )  # fmt: skip
        except (PageInputError, StoreError) as exc:
            self.message.value = message_html(str(exc), "error", title="Not saved:")
            return
        self.message.value = message_html(
            f"Saved for {profile.name} on {long_date(done.saved.created.date())}. "
            f"The plan starts on {long_date(done.start)}, for {SIDE_WORDS[done.side]}.",
            "ok",
        )
        self.refresh()

    def forget(self) -> None:
        """Another runner was chosen: clear the message (links follow on refresh)."""
        self.message.value = ""

    # ------------------------------------------------------------------ downloads
    def refresh(self) -> None:
        """Drop links that no longer match; make new ones a moment later.

        The PDF takes a few tenths of a second, so it is made once the runner stops
        changing things (``DOWNLOAD_DELAY``), on the kernel's event loop. Without a
        running loop (plain Python, tests) call :meth:`make_downloads` directly.
        """
        key = self._download_key()
        if key is not None and key == self._key:
            return
        self.cancel()
        self._key = None
        close_widgets(self.downloads.children)  # old links hold a whole PDF each
        self.downloads.children = []
        if key is None:
            self.download_message.value = ""
            return
        self.download_message.value = message_html("Making your handout…", "info")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._pending = loop.call_later(DOWNLOAD_DELAY, self.make_downloads)

    def _saved_plan(self, profile: Profile | None) -> SavedPlan | None:
        if profile is None:
            return None
        try:
            return self.store.current_plan(profile)
        except StoreError:
            return None

    def _download_key(self) -> tuple[Any, ...] | None:
        """What the links depend on; None when there is nothing to offer."""
        if self.source.needs_referral():
            return None  # see a clinician first: no plan to take along, not even the old one
        plan = self.source.ready_plan()
        profile = self.source.current_profile()
        saved = self._saved_plan(profile)
        if plan is None and saved is None:
            return None
        on_screen = None if plan is None or _same(plan, saved, self.source.sore_side()) \
            else repr(plan)  # fmt: skip
        name = profile.name if profile else ""
        return (on_screen, name, saved.id if saved else None, self.today())

    def make_downloads(self) -> None:
        """Make the links now: the saved plan's handout and calendar, and a handout of
        the plan on screen when it is not the saved one."""
        self._pending = None
        key = self._download_key()
        if key is None or key == self._key:
            return
        self._key = key
        plan = self.source.ready_plan()
        profile = self.source.current_profile()
        saved = self._saved_plan(profile)
        name = profile.name if profile else ""
        stem = file_stem(name)
        made: list[tuple[Callable[[], bytes], str, str, str]] = []
        notes: list[str] = []
        if profile is not None and saved is not None:
            from rollbook.export.week_files import week_calendar, week_handout

            day = self.today()
            if self._saved_files[0] != (saved.id, day, name):
                self._saved_files = ((saved.id, day, name), {})
            cache = self._saved_files[1]

            def kept(kind: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
                return lambda: cache[kind] if kind in cache else cache.setdefault(kind, build())

            made += [
                (kept("pdf", lambda: week_handout(self.store, profile, day, self.library)),
                 f"{stem}-this-week.pdf", "application/pdf", "This week's handout (PDF)"),
                (kept("ics", lambda: week_calendar(self.store, profile, day, self.library)),
                 f"{stem}.ics", "text/calendar", "Your plan for your calendar (.ics)"),
            ]  # fmt: skip
            notes.append(
                f"These follow the plan saved for {name} week by week, up to the next "
                "review. Get them again after each review."
            )
        if plan is not None and key[0] is not None:
            from rollbook.export.pdf import plan_pdf

            made.append(
                (lambda: plan_pdf(plan, name=name, on=self.today(), library=self.library),
                 f"{stem}.pdf", "application/pdf", "Handout of the plan above (PDF)")
            )  # fmt: skip
            notes.append("Save the plan above to get a calendar that follows it week by week.")
        links, problems = _links(made)
        close_widgets(self.downloads.children)
        self.downloads.children = links
        self.download_message.value = message_html(" ".join(problems or notes),
                                                   "warn" if problems else "info")  # fmt: skip

    def cancel(self) -> None:
        """Cancel a handout that is still to be made."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


def _same(plan: Plan, saved: SavedPlan | None, side: str) -> bool:
    """Is the plan on screen the saved one (same prescription and sore side)?"""
    if saved is None or not isinstance(saved.inputs, dict):
        return False
    return saved.inputs.get("side", "both") == side and _canonical(saved.output) == _canonical(
        plan.to_dict()
    )


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _links(
    made: list[tuple[Callable[[], bytes], str, str, str]],
) -> tuple[list[widgets.Widget], list[str]]:
    links: list[widgets.Widget] = []
    problems: list[str] = []
    for build, filename, mime, label in made:
        try:
            link = download_link(build(), filename, mime, label)
        except Exception as exc:  # noqa: BLE001 - a broken export must not break the page
            what = "calendar file" if mime == "text/calendar" else "PDF handout"
            problems.append(f"The {what} could not be made ({type(exc).__name__}).")
            continue
        link.add_class("rb-download-link")
        links.append(link)
    return links, problems
