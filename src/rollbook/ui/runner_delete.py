"""Page 06: erase one runner and everything kept for them, after typing the name again.

The same erasure as ``rollbook profile delete`` (the store's ``delete_profile``): the
runner's log, plans, scores, sessions and runs go with the profile. Backups and files
exported earlier are not touched, and the box says so.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.records import Profile
from rollbook.store import Store, StoreError
from rollbook.ui.controls import message_html

#: Longest text the confirm box keeps (a profile name is at most 80 characters).
MAX_TYPED = 100


class DeleteRunner(widgets.VBox):  # type: ignore[misc]
    """A "Delete this runner" button that asks for the runner's name before erasing."""

    def __init__(self, store: Store, *, on_deleted: Callable[[str], None]) -> None:
        self.store = store
        self.on_deleted = on_deleted
        self._profile: Profile | None = None
        self.start_button = widgets.Button(
            description=_("Delete this runner…"), icon="trash", layout=widgets.Layout(width="auto")
        )
        self.start_button.add_class("rb-delete-start")
        self.prompt = widgets.HTML()
        self.typed = widgets.Text(
            description=_("Name"),
            placeholder=_("Type the runner's name"),
            style={"description_width": "4rem"},
            layout=widgets.Layout(width="20rem", max_width="100%"),
        )
        self.typed.add_class("rb-delete-name")
        self.confirm_button = widgets.Button(
            description=_("Delete for good"), icon="trash", button_style="danger",
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.confirm_button.add_class("rb-delete-confirm")
        self.cancel_button = widgets.Button(
            description=_("Keep"), layout=widgets.Layout(width="auto")
        )
        self.cancel_button.add_class("rb-delete-cancel")
        self.confirm_box = widgets.VBox(
            [
                self.prompt,
                widgets.HBox(
                    [self.typed, self.confirm_button, self.cancel_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ],
            layout=widgets.Layout(display="none"),
        )
        self.message = widgets.HTML()
        self.message.add_class("rb-delete-msg")
        super().__init__([self.start_button, self.confirm_box, self.message])
        self.add_class("rb-delete-runner")
        self.start_button.on_click(lambda _b: self._ask())
        self.cancel_button.on_click(lambda _b: self._close())
        self.confirm_button.on_click(lambda _b: self._delete())

    @property
    def profile(self) -> Profile | None:
        """The runner the button deletes (None hides it)."""
        return self._profile

    @profile.setter
    def profile(self, value: Profile | None) -> None:
        self._profile = value
        self._close()
        self.start_button.layout.display = "none" if value is None else None

    def _ask(self) -> None:
        if self._profile is None:
            return
        name = html.escape(self._profile.name)
        question = _("Delete {name}?").format(name=name)
        warning = _(
            "This erases their log, plans, scores and "
            "runs from this computer. It cannot be undone. Backups and files you saved "
            "before are not touched. Type {name} to confirm."
        ).format(name=f"<strong>{name}</strong>")
        self.prompt.value = f"<p><strong>{question}</strong> {warning}</p>"
        self.typed.value = ""
        self.message.value = ""
        self.confirm_box.layout.display = None

    def _close(self) -> None:
        self.confirm_box.layout.display = "none"
        self.typed.value = ""

    def _delete(self) -> None:
        profile = self._profile
        if profile is None:
            return
        typed = self.typed.value if isinstance(self.typed.value, str) else ""
        if typed[:MAX_TYPED].strip() != profile.name:
            self.message.value = message_html(
                _("The name does not match, so nothing was deleted."), "warn"
            )
            return
        try:
            self.store.delete_profile(profile)
        except StoreError as exc:
            self.message.value = message_html(str(exc), "error", title=_("Could not delete:"))
            return
        self.profile = None
        self.message.value = message_html(
            _(
                "Deleted {name} and everything kept for them. Backups and saved files "
                "are not touched."
            ).format(name=profile.name),
            "ok",
        )

        self.on_deleted(profile.name)
