"""Choose or create the runner a page works for.

One component for every page that needs a profile. With a single profile it opens
directly; with none it asks for a name or clinic code first. Names are shown as text
(ipywidgets' Dropdown and Label escape them), never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from rollbook.i18n import _
from rollbook.records import Profile
from rollbook.store import Store, StoreError, open_store
from rollbook.ui.controls import message_html

Listener = Callable[[Profile | None], None]

# ipywidgets 8 shows an empty box for an option whose value is None, so "nobody
# chosen" is 0 (profile ids start at 1).
NO_PROFILE = 0


class ProfilePicker(widgets.VBox):  # type: ignore[misc]
    """A profile chooser with a "new profile" form; call ``on_change`` to follow it."""

    def __init__(self, store: Store | None = None, *, title: str = "") -> None:
        self.store = store if store is not None else open_store()
        title = title or _("Who is this for?")
        self._listeners: list[Listener] = []
        self.profile: Profile | None = None

        self.heading = widgets.HTML(f"<h3 class='rb-step'>{title}</h3>")
        self.chooser = widgets.Dropdown(
            description=_("Runner"),
            options=[],
            layout=widgets.Layout(width="100%", max_width="28rem"),
            style={"description_width": "6.5rem"},
        )
        self.chooser.add_class("rb-profile-chooser")
        self.new_name = widgets.Text(
            # Send the text when the field is left, so a button pressed right after
            # typing never sees a half-synced value.
            continuous_update=False,
            description=_("New runner"),
            placeholder=_("Name or clinic code"),
            layout=widgets.Layout(width="100%", max_width="28rem"),
            style={"description_width": "6.5rem"},
        )
        self.new_name.add_class("rb-profile-name")
        self.create = widgets.Button(
            description=_("Add runner"), button_style="primary", icon="user-plus"
        )
        self.create.add_class("rb-profile-create")
        self.feedback = widgets.HTML()
        self.feedback.add_class("rb-profile-feedback")

        self.chooser.observe(self._chosen, names="value")
        self.create.on_click(self._create)

        super().__init__(
            [
                self.heading,
                self.chooser,
                widgets.HBox([self.new_name, self.create]),
                self.feedback,
            ]
        )
        self.add_class("rb-profiles")
        self.refresh()

    def on_change(self, listener: Listener) -> None:
        """Call ``listener(profile)`` now and whenever the chosen profile changes."""
        self._listeners.append(listener)
        listener(self.profile)

    def refresh(self, select: int | None = None) -> None:
        """Reload profiles from the store; keep or set the selection."""
        profiles = self.store.list_profiles()
        options: list[tuple[str, int]] = [(p.name, p.id) for p in profiles]
        current = select if select is not None else (self.chooser.value or NO_PROFILE)
        if len(profiles) == 1 and current == NO_PROFILE:
            current = profiles[0].id
        if not profiles:
            options = [(_("No runner yet: add one below"), NO_PROFILE)]
        elif current == NO_PROFILE:
            options = [(_("Choose a runner…"), NO_PROFILE), *options]
        self.chooser.options = options
        self.chooser.value = current if current in {v for _label, v in options} else NO_PROFILE
        self.chooser.layout.display = "flex"
        self._chosen()

    def _chosen(self, _change: object = None) -> None:
        chosen = self.chooser.value
        profile = None
        if isinstance(chosen, int) and chosen != NO_PROFILE:
            try:
                profile = self.store.get_profile(chosen)
            except StoreError:
                profile = None
        if profile != self.profile:
            self.profile = profile
            for listener in self._listeners:
                listener(profile)

    def _create(self, _source: object = None) -> None:
        name = self.new_name.value.strip()
        if not name:
            self.feedback.value = message_html(_("Type a name or clinic code first."), "warn")
            return
        try:
            profile = self.store.add_profile(name)
        except StoreError as exc:
            self.feedback.value = message_html(str(exc), "error", title=_("Not added:"))
            return
        self.new_name.value = ""
        self.feedback.value = message_html(_("Added {name}.").format(name=profile.name), "ok")

        self.refresh(select=profile.id)
