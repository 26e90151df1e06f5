"""The plan on page 03 as HTML: the "see a clinician" box, the body map and the plan tables.

Pure functions of a built plan (every piece of text escaped). With one sore side, one-leg
work and rolling say which leg to start with, as ``rollbook week`` and the calendar do.
"""

from __future__ import annotations

import html

from rollbook import bodymap
from rollbook.content import Library
from rollbook.i18n import _, ngettext
from rollbook.plan import Plan
from rollbook.plan_items import cue_label
from rollbook.sides import dose_side_word
from rollbook.ui.pictures import item_figure
from rollbook.weekplan import start_side


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _first(item_side: str, sore_side: str) -> str:
    """``, start with the left leg`` for one-leg work when one side hurts (weekplan's words)."""
    note = start_side(item_side, sore_side)
    return f", {note}" if note else ""


def _name_and_detail(name: str, detail: str) -> str:
    return f"{_e(name)}<br><span class='rb-dose'>{_e(detail)}</span>"


def _list(items: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _table(caption: str, head: list[str], rows: list[list[str]], css: str) -> str:
    """A table in a focusable scroll box; cells are already-escaped HTML."""
    thead = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{row[0]}</th>'
        + "".join(f"<td>{c}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="rb-table-wrap" role="region" tabindex="0" aria-label="{_e(caption)}">'
        f'<table class="rb-plan-table {css}"><caption class="rb-visually-hidden" '
        f'style="position:absolute;left:-9999px">{_e(caption)}</caption>'
        f"<thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def referral_html(plan: Plan) -> str:
    """The "see a clinician first" box shown instead of a plan."""
    ref = plan.referral
    when = {
        "now": _("Now: go to an emergency department"),
        "today": _("Today"),
        "soon": _("In the next few days"),
    }.get(ref.urgency, _("Soon"))
    return (
        '<div class="rb-msg rb-msg-error rb-referral-box" role="alert">'
        f"<h3>{_e(_('See a clinician first'))}</h3><p><strong>{_e(ref.headline)}</strong></p>"
        f"<p><strong>{_e(_('When:'))}</strong> {_e(when)}.</p>"
        f"<p><strong>{_e(_('Why this matters:'))}</strong></p>{_list(ref.reasons)}"
        f"<p><strong>{_e(_('What to do and what to tell them:'))}</strong></p>"
        f"{_list(ref.actions)}"
        + (
            f"<p><strong>{_e(_('Until you are checked:'))}</strong></p>{_list(ref.meanwhile)}"
            if ref.meanwhile
            else ""
        )
        + f"<p>{_e(_('No rolling or strength plan is made until a clinician says it is safe.'))}</p>"
        "</div>"
    )


def plan_map_html(plan: Plan) -> str:
    """The body map with the areas to roll marked, with its text alternative."""
    regions = [r for r in plan.regions() if r in bodymap.REGIONS]
    svg = bodymap.body_svg(regions, title=_("Areas to roll in your plan"))
    return (
        f'<figure class="rb-plan-map" style="margin:0">{svg}'
        f'<figcaption aria-hidden="true">{_e(bodymap.alt_text(regions))}</figcaption></figure>'
    )


def plan_html(plan: Plan, library: Library, side: str = "both") -> str:
    """The plan as headed sections and tables; ``side`` is the sore side (left, right, both)."""
    from rollbook.ui.cautions import cautions_html

    parts: list[str] = [cautions_html(plan)]
    if plan.rolling:
        rows = []
        for item in plan.rolling:
            where = dose_side_word(item.side)
            dose = ngettext(
                "{seconds} s, {sets} set, {where}", "{seconds} s, {sets} sets, {where}", item.sets
            ).format(seconds=item.seconds, sets=item.sets, where=where) + _first(item.side, side)
            cues = "".join(
                f"<li><strong>{_e(cue_label(k))}:</strong> {_e(v)}</li>"
                for k, v in item.cues.items()
            )
            care = "".join(
                f"<li><strong>{_e(_('Take care:'))}</strong> {_e(c)}</li>" for c in item.cautions
            )
            rows.append(
                [
                    item_figure(item.picture, library=library) + _name_and_detail(item.label, dose),
                    f"<ul>{cues}{care}</ul>",
                ]
            )
        heading = _("Rolling: every day (about {minutes} min)").format(
            minutes=round(plan.rolling_minutes)
        )
        parts.append(f"<h3>{_e(heading)}</h3>")
        parts.append(
            _table(
                _("Rolling plan"),
                [_("Area and time"), _("How to do it")],
                rows,
                "rb-rolling-table",
            )
        )
    if plan.strength:
        rows = [
            [
                item_figure(item.picture, library=library)
                + _name_and_detail(
                    item.label,
                    _("Level {level} of {levels}: {name}").format(
                        level=item.level_number, levels=item.levels, name=item.level
                    ),
                ),
                _e(
                    ngettext(
                        "{dose}, {days} day a week",
                        "{dose}, {days} days a week",
                        item.days_per_week,
                    ).format(dose=item.dose(), days=item.days_per_week)
                    + _first(item.side, side)
                ),
                _e(item.how),
                _e(item.progress_when),
            ]
            for item in plan.strength
        ]
        heading = _("Strength (about {minutes} min)").format(minutes=round(plan.strength_minutes))
        parts.append(f"<h3>{_e(heading)}</h3>")
        parts.append(
            _table(
                _("Strength plan"),
                [_("Exercise and level"), _("How much"), _("How"), _("Move on when")],
                rows,
                "rb-strength-table",
            )
        )
    run = plan.running
    zone = run.label
    parts.append(f"<h3>{_e(_('Running'))}</h3>")
    parts.append(
        f'<p><span class="rb-zone rb-zone-{_e(run.zone)}">{_e(zone)}</span> {_e(run.advice)}</p>'
    )
    parts.append(f"<p><strong>{_e(_('The pain rules:'))}</strong></p>" + _list(run.rules))
    if run.tips:
        parts.append(
            f"<p><strong>{_e(_('Tips for your sore spots:'))}</strong></p>" + _list(run.tips)
        )
    if plan.notes:
        parts.append(f"<h3>{_e(_('Good to know'))}</h3>" + _list(plan.notes))
    if plan.left_out:
        parts.append(f"<h3>{_e(_('Left out for now'))}</h3>" + _list(plan.left_out, "rb-left-out"))
    refs = []
    for ref_id in plan.references:
        if ref_id not in library.references:
            continue
        ref = library.reference(ref_id)
        title = (
            f'<a href="{_e(ref.link())}" target="_blank" rel="noopener">{_e(ref.title)}</a>'
            if ref.link()
            else _e(ref.title)  # a clinical convention has no publication to link
        )
        refs.append(f"<li>{_e(ref.short())}. {title} <em>{_e(ref.venue)}</em>.</li>")
    if refs:
        heading = _e(_("Where this comes from"))
        parts.append(f'<h3>{heading}</h3><ul class="rb-refs">' + "".join(refs) + "</ul>")

    return '<div class="rb-plan">' + "".join(parts) + "</div>"
