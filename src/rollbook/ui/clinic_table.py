"""The clinician page's table of every runner: sortable, escaped, scrolling on a phone.

Names are typed by patients, so each one is escaped before it becomes HTML. The table
sits in its own scrolling, focusable box so a phone never scrolls the page sideways.
"""

from __future__ import annotations

import datetime as dt
import html

from rollbook import clinic
from rollbook.ui.track import action_badge_html, day_text

__all__ = ["TABLE_CSS", "table_html"]

TABLE_CSS = """
<style>
.rb-table-wrap { overflow-x: auto; max-width: 100%; border: 1px solid #d5dfdc; border-radius: 8px; }
.rb-table-wrap:focus-visible { outline: 3px solid #0a4f4c; outline-offset: 2px; }
.rb-clinic-table { border-collapse: collapse; width: 100%; min-width: 40rem; font-size: 0.95rem; }
.rb-clinic-table caption { text-align: left; padding: 0.5rem 0.7rem; color: #42525a; }
.rb-clinic-table th, .rb-clinic-table td { padding: 0.45rem 0.7rem; text-align: left;
  border-top: 1px solid #d5dfdc; vertical-align: top; }
.rb-clinic-table thead th { background: #e3f3f1; color: #0a4f4c; border-top: none; }
.rb-clinic-table td.rb-name { font-weight: 600; overflow-wrap: break-word; min-width: 7rem; max-width: 14rem; }
.rb-notes li { overflow-wrap: anywhere; }
</style>
"""


def _adherence(row: clinic.ClinicRow) -> str:
    if row.adherence is None:
        return row.adherence_text
    return f"{row.adherence_text} ({round(100 * row.adherence)}%)"


def _psfs(row: clinic.ClinicRow) -> str:
    if row.psfs_change is None:
        return "no scores"
    mark = "meets MCID" if row.psfs_meaningful else "below MCID"
    return f"{row.psfs_change:+.1f} ({mark})"


def table_html(
    rows: list[clinic.ClinicRow], *, sort_key: str, descending: bool, today: dt.date
) -> str:
    """Return the runners as an HTML table inside a scrolling, focusable box (all escaped)."""
    heads = list(clinic.SORT_KEYS.values())
    keys = list(clinic.SORT_KEYS)
    head_cells = []
    for key, text in zip(keys, heads):
        sort = ""
        if key == sort_key:
            sort = f' aria-sort="{"descending" if descending else "ascending"}"'
        head_cells.append(f'<th scope="col"{sort}>{html.escape(text)}</th>')
    body = []
    for row in rows:
        last = day_text(row.last_entry, today) if row.last_entry else "none"
        zone = action_badge_html(row.action)
        if row.see_clinician:
            zone += " <strong>see clinician</strong>"
        body.append(
            "<tr>"
            f'<td class="rb-name">{html.escape(row.name)}</td>'
            f"<td>{html.escape(last)}</td>"
            f"<td>{zone}</td>"
            f"<td>{html.escape(row.trend)}</td>"
            f"<td>{html.escape(_adherence(row))}</td>"
            f"<td>{html.escape(_psfs(row))}</td>"
            "</tr>"
        )
    if not body:
        body.append('<tr><td colspan="6">No runner matches.</td></tr>')
    label = clinic.SORT_KEYS.get(sort_key, "Name")
    order = "high to low" if descending else "low to high"
    return (
        '<div class="rb-table-wrap" role="region" tabindex="0" aria-label="Runners table">'
        f'<table class="rb-clinic-table"><caption>{len(rows)} runner'
        f"{'s' if len(rows) != 1 else ''}, sorted by {html.escape(label.lower())} ({order})"
        f"</caption><thead><tr>{''.join(head_cells)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
