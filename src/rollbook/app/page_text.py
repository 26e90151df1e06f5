"""The words of the page template and its scripts, in the active language.

The Voila template (``share/jupyter/voila/templates/rollbook/index.html.j2``) holds no
English of its own: it shows ``resources.rollbook.text.<key>``, built here with
:func:`rollbook.i18n._` when the app starts. The scripts that put notices in the page
(``guard.js``, ``watchdog.js``) read theirs from a JSON element the template writes,
``<script id="rb-text" type="application/json">``. Placeholders in braces
(``{title}``, ``{name}``) are filled in by the template or the script.
"""

from __future__ import annotations

from typing import Any

from rollbook.i18n import _, ngettext

# The keys the scripts read (the template writes only these into the page).
SCRIPT_KEYS = (
    "reload",
    "stopped_title",
    "stopped_body",
    "slow_title",
    "widget_error",
    "slow_body",
    "upload_too_big",
)


def template_text() -> dict[str, str]:
    """Return every sentence the page template and its scripts show, translated."""
    return {
        "skip": _("Skip to content"),
        "tagline": _("A workbook for runners in pain"),
        "nav_label": _("Workbook pages"),
        "loading": _("Loading the interactive parts\u2026"),
        "noscript": _(
            "The text on this page works as it is. The parts you fill in, tap or move "
            "need JavaScript: turn it on in your browser to use them."
        ),
        "next_label": _("Next page"),
        "next": _("Next: {title}"),
        "footer": _(
            "rollbook teaches and plans; it does not diagnose. If something feels wrong, "
            "see a clinician."
        ),
        "preview_note": _(
            "Preview for editing: this page reloads when you save a notebook or a content file."
        ),
        "reload": _("Reload the page"),
        "stopped_title": _("This page has stopped working."),
        "stopped_body": _("Reload the page to start it again. Nothing you saved is lost."),
        "slow_title": _("This page is taking too long."),
        "slow_body": _("Reload the page to try again."),
        "widget_error": _(
            "This part of the page could not be shown. Reload the page to try again."
        ),
        "upload_too_big": _(
            "{name} is too big ({size} MB). The limit is {limit} MB. Nothing was "
            "imported. Split the file into smaller ones and upload them one at a time."
        ),
    }


def script_text() -> dict[str, str]:
    """Return the sentences the page's scripts show (a part of :func:`template_text`)."""
    text = template_text()
    return {key: text[key] for key in SCRIPT_KEYS}


def install_translations(settings: dict[str, Any]) -> dict[str, Any]:
    """Make ``_()`` in Voila's own Jinja templates (the error page) rollbook's function.

    Voila gives both of its Jinja environments Jupyter's ``nbui`` messages; rollbook's
    error page (``error.html``) says its sentences with ``_()`` and needs the workbook's.
    """
    for key in ("voila_jinja2_env", "jinja2_env"):
        env = settings.get(key)
        if env is not None and hasattr(env, "install_gettext_callables"):
            env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=False)
    return settings
