"""The clinician page's table of every runner: sortable, escaped, scrolling on a phone.

Names are typed by patients, so each one is escaped before it becomes HTML. The table
sits in its own scrolling, focusable box so a phone never scrolls the page sideways.
"""

from __future__ import annotations

import datetime as dt
import html

from rollbook import clinic
from rollbook.analytics import PSFS_MCID
from rollbook.content.progressfile import load_progression
from rollbook.i18n import _, ngettext
from rollbook.review import change_words
from rollbook.ui.verdicts import action_badge_html, day_text, trend_text

__all__ = ["table_html"]


def _adherence(row: clinic.ClinicRow) -> str:
    if row.adherence is None:
        return row.adherence_text
    return f"{row.adherence_text} ({round(100 * row.adherence)}%)"


def _judged(change: float, meaningful: bool, mcid: float, shown: str) -> str:
    """``+12: better, a change that matters (MCID 9)``: the number, then what it means."""
    words = change_words(meaningful)
    if meaningful:
        better = _("better") if change > 0 else _("worse")
        words = _("{direction}, {words}").format(direction=better, words=words)
    return _("{change}: {words} (MCID {mcid})").format(change=shown, words=words, mcid=f"{mcid:g}")


def _psfs(row: clinic.ClinicRow) -> str:
    if row.psfs_change is None:
        return _("no scores")
    return _judged(row.psfs_change, row.psfs_meaningful, PSFS_MCID, f"{row.psfs_change:+.1f}")


def _lefs(row: clinic.ClinicRow) -> str:
    if row.lefs_change is None:
        return _("fewer than 2 scores")
    mcid = load_progression().lefs.mcid
    return _judged(row.lefs_change, row.lefs_meaningful, mcid, f"{row.lefs_change:+d}")


def _stage(row: clinic.ClinicRow) -> str:
    return _("no plan") if row.stage is None else _("week {week}").format(week=row.stage)


def _run(row: clinic.ClinicRow) -> str:
    if row.run_mode == "ladder" and row.run_phase is not None:
        return _("step {step} of {steps}").format(
            step=row.run_phase, steps=len(load_progression().phase)
        )
    if row.run_mode == "paused":
        return _("paused")
    if row.run_mode == "normal":
        return _("not on it")
    return _("no plan")


def table_html(
    rows: list[clinic.ClinicRow], *, sort_key: str, descending: bool, today: dt.date
) -> str:
    """Return the runners as an HTML table inside a scrolling, focusable box (all escaped)."""
    heads = [_(head) for head in clinic.SORT_KEYS.values()]
    keys = list(clinic.SORT_KEYS)
    head_cells = []
    for key, text in zip(keys, heads):
        sort = ""
        if key == sort_key:
            sort = f' aria-sort="{"descending" if descending else "ascending"}"'
        head_cells.append(f'<th scope="col"{sort}>{html.escape(text)}</th>')
    body = []
    for row in rows:
        last = day_text(row.last_entry, today) if row.last_entry else _("none")
        zone = action_badge_html(row.action)
        if row.see_clinician:
            zone += f" <strong>{_('see clinician')}</strong>"
        cells = {
            "name": html.escape(row.name),
            "last_entry": html.escape(last),
            "zone": zone,
            "trend": html.escape(trend_text(row.trend)),
            "adherence": html.escape(_adherence(row)),
            "psfs": html.escape(_psfs(row)),
            "lefs": html.escape(_lefs(row)),
            "stage": html.escape(_stage(row)),
            "run": html.escape(_run(row)),
        }
        body.append(
            "<tr>"
            + "".join(
                f'<td class="rb-name">{cells[k]}</td>' if k == "name" else
                f"<td>{cells[k]}</td>"
                for k in keys
            )
            + "</tr>"
        )  # fmt: skip
    if not body:
        body.append(f'<tr><td colspan="{len(keys)}">{_("No runner matches.")}</td></tr>')
    label = _(clinic.SORT_KEYS.get(sort_key, "Name"))
    order = _("high to low") if descending else _("low to high")
    caption = ngettext(
        "{count} runner, sorted by {column} ({order})",
        "{count} runners, sorted by {column} ({order})",
        len(rows),
    ).format(count=len(rows), column=label.lower(), order=order)
    table_label = html.escape(_("Runners table"), quote=True)
    return (
        f'<div class="rb-table-wrap" role="region" tabindex="0" aria-label="{table_label}">'
        f'<table class="rb-clinic-table"><caption>{html.escape(caption)}'
        f"</caption><thead><tr>{''.join(head_cells)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
