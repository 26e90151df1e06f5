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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import ipywidgets as widgets

from rollbook.content import Library
from rollbook.dates import long_date
from rollbook.i18n import N_, _
from rollbook.pages.errors import PageInputError
from rollbook.pages.plan_save import save_plan
from rollbook.plan import Plan, PlanInput
from rollbook.records import Profile, SavedPlan
from rollbook.store import Store, StoreError
from rollbook.ui.controls import close_widgets, download_link, message_html

DOWNLOAD_DELAY = 0.6  # seconds of quiet before the PDF is made

#: A file to offer: how to draw it (touches no store or widget), name, type, link text.
_File = tuple[Callable[[], bytes], str, str, str]
#: A file drawn: its bytes or the error that stopped it, name, type, link text.
_Drawn = tuple[bytes | Exception, str, str, str]
_DRAWER: ThreadPoolExecutor | None = None


@dataclass(frozen=True)
class _Job:
    """The files to draw for one set of links, and the line shown under them."""

    files: list[_File]
    notes: list[str]


SIDE_WORDS = {
    "left": N_("your left side"),
    "right": N_("your right side"),
    "both": N_("both sides"),
}


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
        self._drawing: asyncio.Future[list[_Drawn]] | None = None
        #: The saved plan's files for (plan id, day): kept while only the plan on screen
        #: changes, so moving a slider does not make them again.
        self._saved_files: tuple[tuple[Any, ...], dict[str, bytes]] = ((), {})

        self.button = widgets.Button(
            description=_("Save plan"),
            button_style="primary",
            icon="save",
            tooltip=_("Save this plan for the chosen runner"),
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
                _("There is no plan to save yet. {reason}").format(
                    reason=self.source.no_plan_reason()
                ),
                "warn",
            )
            return
        if profile is None:
            self.message.value = message_html(
                _("Choose or add a runner at the top first, then save."), "warn"
            )
            return
        side = self.source.sore_side()
        try:
            done = save_plan(
                self.store, profile, self.source.plan_input(), plan, start=self.today(),
                side=side, answers=self.source.answers(), created=self.now(),
            )  # fmt: skip
        except (PageInputError, StoreError) as exc:
            self.message.value = message_html(str(exc), "error", title=_("Not saved:"))
            return
        self.message.value = message_html(
            _("Saved for {name} on {date}. The plan starts on {start}, for {side}.").format(
                name=profile.name,
                date=long_date(done.saved.created.date()),
                start=long_date(done.start),
                side=_(SIDE_WORDS[done.side]),
            ),
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
        self.download_message.value = message_html(_("Making your handout…"), "info")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._pending = loop.call_later(DOWNLOAD_DELAY, self._draw_elsewhere)

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
        """Make the links now, on this thread: the saved plan's handout and calendar,
        and a handout of the plan on screen when it is not the saved one."""
        self._pending = None
        job = self._job()
        if job is not None:
            self._show(job, _draw(job.files))

    def _draw_elsewhere(self) -> None:
        """Draw the files on a worker thread, then show the links on the kernel's loop.

        A handout takes a second, or several on a busy machine. Drawn on the kernel's
        own thread it would hold up every message meanwhile, among them the one that
        brings the page's widgets to a browser that has just opened the page: those
        widgets then fail with "model not found". The store is read here, on the
        kernel's thread (its connection belongs to it); the worker only draws.
        """
        self._pending = None
        job = self._job()
        if job is None:
            return
        drawing = asyncio.get_running_loop().run_in_executor(_drawer(), _draw, job.files)
        self._drawing = drawing
        drawing.add_done_callback(lambda done: self._drawn(job, done))

    def _drawn(self, job: _Job, done: asyncio.Future[list[_Drawn]]) -> None:
        if done is not self._drawing or done.cancelled():
            return  # the page changed meanwhile: a newer set of links is on its way
        self._drawing = None
        self._show(job, done.result())

    def _job(self) -> _Job | None:
        """What to offer now, with the store already read; None if nothing new."""
        key = self._download_key()
        if key is None or key == self._key:
            return None
        self._key = key
        plan = self.source.ready_plan()
        profile = self.source.current_profile()
        saved = self._saved_plan(profile)
        name = profile.name if profile else ""
        stem = file_stem(name)
        files: list[_File] = []
        notes: list[str] = []
        if profile is not None and saved is not None:
            files += self._saved_files_for(profile, saved, stem)
            notes.append(
                _(
                    "These follow the plan saved for {name} week by week, up to the next "
                    "review. Get them again after each review."
                ).format(name=name)
            )
        if plan is not None and key[0] is not None:
            from rollbook.export.pdf import plan_pdf

            day, library = self.today(), self.library
            files.append(
                (lambda: plan_pdf(plan, name=name, on=day, library=library),
                 f"{stem}.pdf", "application/pdf", _("Handout of the plan above (PDF)"))
            )  # fmt: skip
            notes.append(_("Save the plan above to get a calendar that follows it week by week."))
        return _Job(files, notes)

    def _saved_files_for(self, profile: Profile, saved: SavedPlan, stem: str) -> list[_File]:
        """The saved plan's handout and calendar, kept for the same plan, runner and day."""
        from rollbook.export.pdf import plan_pdf
        from rollbook.export.week_files import week_calendar, week_handout_plan

        day = self.today()
        if self._saved_files[0] != (saved.id, day, profile.name):
            self._saved_files = ((saved.id, day, profile.name), {})
        cache = self._saved_files[1]

        def handout() -> Callable[[], bytes]:
            if "pdf" in cache:
                return lambda: cache["pdf"]
            try:
                week, on = week_handout_plan(self.store, profile, day, self.library)
            except Exception as exc:  # noqa: BLE001 - shown as "could not be made"
                return _raiser(exc)
            library = self.library
            return lambda: cache.setdefault(
                "pdf", plan_pdf(week, name=profile.name, on=on, library=library)
            )

        def calendar() -> Callable[[], bytes]:
            try:  # quick to write, but it reads the store week by week: drawn here
                data = cache.get("ics") or cache.setdefault(
                    "ics", week_calendar(self.store, profile, day, self.library)
                )
            except Exception as exc:  # noqa: BLE001 - shown as "could not be made"
                return _raiser(exc)
            return lambda: data

        return [
            (handout(), f"{stem}-this-week.pdf", "application/pdf", _("This week's handout (PDF)")),
            (calendar(), f"{stem}.ics", "text/calendar", _("Your plan for your calendar (.ics)")),
        ]

    def _show(self, job: _Job, drawn: list[_Drawn]) -> None:
        links: list[widgets.Widget] = []
        problems: list[str] = []
        for data, filename, mime, label in drawn:
            if isinstance(data, Exception):
                if mime == "text/calendar":
                    problem = _("The calendar file could not be made ({error}).")
                else:
                    problem = _("The PDF handout could not be made ({error}).")
                problems.append(problem.format(error=type(data).__name__))

                continue
            link = download_link(data, filename, mime, label)
            link.add_class("rb-download-link")
            links.append(link)
        close_widgets(self.downloads.children)
        self.downloads.children = links
        self.download_message.value = message_html(
            " ".join(problems or job.notes), "warn" if problems else "info"
        )

    def cancel(self) -> None:
        """Cancel a handout that is still to be made (one being drawn is dropped)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._drawing = None


def _same(plan: Plan, saved: SavedPlan | None, side: str) -> bool:
    """Is the plan on screen the saved one (same prescription and sore side)?"""
    if saved is None or not isinstance(saved.inputs, dict):
        return False
    return saved.inputs.get("side", "both") == side and _canonical(saved.output) == _canonical(
        plan.to_dict()
    )


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _draw(files: list[_File]) -> list[_Drawn]:
    """Each file's bytes, or the error that stopped it (a broken export must not break
    the page). Runs on the drawing thread: nothing here touches a widget or the store."""
    drawn: list[_Drawn] = []
    for build, filename, mime, label in files:
        try:
            drawn.append((build(), filename, mime, label))
        except Exception as exc:  # noqa: BLE001
            drawn.append((exc, filename, mime, label))
    return drawn


def _raiser(exc: Exception) -> Callable[[], bytes]:
    def build() -> bytes:
        raise exc

    return build


def _drawer() -> ThreadPoolExecutor:
    """The one thread that draws handouts, started the first time one is needed."""
    global _DRAWER
    if _DRAWER is None:
        _DRAWER = ThreadPoolExecutor(1, thread_name_prefix="rollbook-handout")
    return _DRAWER
