"""A plan as plain text for a terminal (``rollbook plan``), wrapped to 80 columns."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rollbook.i18n import _, ngettext
from rollbook.plan_items import CUE_LABELS
from rollbook.sides import DOSE_SIDE_WORDS

if TYPE_CHECKING:
    from rollbook.content import Library
    from rollbook.plan import Plan

WIDTH = 78


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
    )


def render_text(plan: Plan, library: Library) -> str:
    """The plan as plain text for a terminal, wrapped to fit 80 columns."""
    out: list[str] = []
    title = _("Your rolling and strength plan") + (
        _(" for {name}").format(name=plan.name) if plan.name else ""
    )
    if plan.referral.needed:
        title = _("Referral: see a clinician first") + (f" ({plan.name})" if plan.name else "")
    out += [title, "=" * min(len(title), WIDTH), ""]
    if plan.referral.needed:
        out += [_wrap(plan.referral.headline), ""]
        for reason, action in zip(plan.referral.reasons, plan.referral.actions, strict=True):
            out += [_wrap(reason, "    ", "  * "), _wrap(action, "    ", "    "), ""]
        out += [_wrap(plan.running.advice)]
        out += [_wrap(line) for line in plan.referral.meanwhile]
        out.append("")
        out += [_wrap(note) for note in plan.notes]
        refs = "; ".join(library.reference(r).short() for r in plan.references)
        out += ["", _wrap(_("Sources: {refs}.").format(refs=refs))] if refs else []
        return "\n".join(out).rstrip() + "\n"
    if not plan.referral.screened:
        out += [
            _wrap(
                plan.referral.headline
                + _(" See `rollbook flags`, then run again with --no-flags or --flag ID.")
            ),
            "",
        ]
    out += [_wrap(plan.message), ""]
    if plan.cautions:
        out += [_("ROLLING CAUTIONS"), ""]
        for note in plan.cautions:
            out.append(_wrap(f"{note.label}: {note.advice}", "    ", "  * "))
            out.append(
                _wrap(
                    _("Why: {why} {basis_note}").format(why=note.why, basis_note=note.basis_note),
                    "    ",
                    "    ",
                )
            )
        out.append("")
    if plan.rolling:
        out += [_("ROLLING (every day)"), ""]
        for item in plan.rolling:
            side = _(DOSE_SIDE_WORDS[item.side])
            out.append(
                _wrap(
                    ngettext(
                        "{label}: {seconds} s x {sets} set, {side}",
                        "{label}: {seconds} s x {sets} sets, {side}",
                        item.sets,
                    ).format(label=item.label, seconds=item.seconds, sets=item.sets, side=side),
                    "    ",
                    "  * ",
                )
            )
            for key in ("start", "where", "speed", "feel", "tip"):
                if key in item.cues:
                    cue = _("{cue}: {text}").format(cue=_(CUE_LABELS[key]), text=item.cues[key])
                    out.append(_wrap(cue, "      ", "    "))
            out.append(_wrap(_("Careful: ") + " ".join(item.cautions), "      ", "    "))
            out.append("")
    if plan.strength:
        out += [_("STRENGTH"), ""]
        for s in plan.strength:
            out.append(
                _wrap(
                    _("{label} - {level}: {dose}, {days_per_week} days a week").format(
                        label=s.label, level=s.level, dose=s.dose(), days_per_week=s.days_per_week
                    ),
                    "    ",
                    "  * ",
                )
            )
            out.append(_wrap(s.how, "    ", "    "))
            out.append(
                _wrap(
                    _("Move on when: {progress_when}").format(progress_when=s.progress_when),
                    "    ",
                    "    ",
                )
            )
            out.append("")
    out += [
        _("RUNNING ({label}: {action})").format(
            label=plan.running.label, action=plan.running.action
        ),
        "",
        _wrap(plan.running.advice),
        "",
    ]
    out += [_wrap(rule, "    ", "  - ") for rule in plan.running.rules]
    out += [_wrap(tip, "    ", "  - ") for tip in plan.running.tips]
    out.append("")
    if plan.left_out:
        out += [_("LEFT OUT"), ""]
        out += [_wrap(line, "    ", "  - ") for line in plan.left_out]
        out.append("")
    out += [_("GOOD TO KNOW"), ""]
    out += [_wrap(note, "    ", "  - ") for note in plan.notes]
    out += [
        "",
        _wrap(
            _("Stop and call your clinician if any of these happen: ")
            + " ".join(f.question for f in library.red_flags.values())
        ),
        "",
    ]
    refs = "; ".join(library.reference(r).short() for r in plan.references)
    out.append(_wrap(_("Sources: {refs}.").format(refs=refs)))
    return "\n".join(out).rstrip() + "\n"
