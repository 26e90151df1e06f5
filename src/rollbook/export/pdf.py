"""A printable handout of a plan (A4, one or two pages) made with fpdf2."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rollbook.chartstyle import PALETTE, ZONE_FILL, ZONE_MARK
from rollbook.i18n import _, ngettext
from rollbook.plan_items import CUE_LABELS
from rollbook.sides import dose_side_word

if TYPE_CHECKING:
    from rollbook.content import Library
    from rollbook.plan import Plan

FONT = "DejaVu"
MARGIN = 14.0
PICTURE_W = 22.0  # mm: the drawing column of the rolling and strength tables
PICTURE_ASPECT = 1.35  # width / height of every drawing's frame in the handout
# mm a table heading needs below it: the heading, the header row and a first row with
# its drawing, so a heading never sits alone at the foot of a page.
_TABLE_ROOM = 62.0


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def plan_pdf(plan: Plan, *, name: str, on: date, library: Library) -> bytes:
    """Render ``plan`` as a PDF handout for ``name`` dated ``on``; returns the bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.set_title(_title(plan) + (_(" for {name}").format(name=name) if name else ""))
    pdf.set_creator("rollbook")
    pdf.set_lang("en")
    fonts = _font_dir()
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_text_color(*_rgb(PALETTE["ink"]))
    pdf.add_page()

    _header(pdf, plan, name, on)
    if plan.referral.needed:
        _referral(pdf, plan, library)
    else:
        _self_care(pdf, plan, library)
    _references(pdf, plan, library)
    return bytes(pdf.output())


def _title(plan: Plan) -> str:
    return (
        _("Referral: see a clinician first")
        if plan.referral.needed
        else (_("Rolling and strength plan"))
    )


def _header(pdf: Any, plan: Plan, name: str, on: date) -> None:
    pdf.set_font(FONT, "B", 18)
    pdf.cell(0, 9, _title(plan), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    who = _("For: {name}    ").format(name=name) if name else ""
    tool = (
        ""
        if plan.referral.needed
        else (
            _("    Roller: {roller}").format(roller=plan.roller)
            if plan.roller
            else _("    Roller: none for now")
        )
    )
    dated = _("{who}Date: {day}{tool}").format(who=who, day=on.isoformat(), tool=tool)
    pdf.cell(0, 6, dated, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*_rgb(PALETTE["grey"]))
    pdf.cell(
        0,
        4,
        _(
            "Made with rollbook. This handout does not diagnose. It is for education "
            "and does not replace care from a clinician."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*_rgb(PALETTE["ink"]))
    pdf.ln(1.5)


def _heading(pdf: Any, text: str, room: float = 45) -> None:
    """A section heading; starts a new page when less than ``room`` mm is left."""
    if pdf.get_y() > pdf.h - room:
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*_rgb(PALETTE["blue"]))
    pdf.cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_rgb(PALETTE["ink"]))
    pdf.set_font(FONT, "", 9.5)


def _para(pdf: Any, text: str, size: float = 9.5, bold: bool = False, h: float = 4.6) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, h, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _referral(pdf: Any, plan: Plan, library: Library) -> None:
    colour = ZONE_FILL["red"]
    pdf.set_fill_color(*_rgb(colour))
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(
        0, 7, plan.referral.headline, fill=True, padding=3, align="L", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(1)
    _para(
        pdf,
        _(
            "Please take this sheet with you. It says which warning signs you "
            "answered yes to, and why they need a check."
        ),
    )
    questions = [library.flag(f).question for f in plan.referral.flags if f in library.red_flags]
    if questions:
        _heading(pdf, _("You answered yes to"))
        for question in questions:
            _para(pdf, f"•  {question}")
    _heading(pdf, _("Why, and what to do now"))
    for reason, action in zip(plan.referral.reasons, plan.referral.actions, strict=True):
        _para(pdf, reason, bold=True)
        _para(pdf, action)
        pdf.ln(2)
    _heading(pdf, _("Until you are checked"))
    _para(pdf, plan.running.advice)
    for line in plan.referral.meanwhile:
        _para(pdf, line)
    for note in plan.notes:
        _para(pdf, note)


def _self_care(pdf: Any, plan: Plan, library: Library) -> None:
    if not plan.referral.screened:
        pdf.set_fill_color(*_rgb(ZONE_FILL["amber"]))
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(
            0,
            5.5,
            plan.referral.headline,
            fill=True,
            padding=(1.5, 2),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_fill_color(255, 255, 255)
        pdf.ln(1.5)
    top = pdf.get_y()
    picture_w = 62.0
    text_w = pdf.epw - picture_w - 4
    _picture(pdf, plan, x=pdf.l_margin + text_w + 4, y=top, w=picture_w)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(text_w, 5, plan.message, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    zone = plan.running.zone
    pdf.set_fill_color(*_rgb(ZONE_FILL[zone]))
    pdf.set_draw_color(*_rgb(ZONE_MARK[zone]))
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(
        text_w,
        5.5,
        _("Running: {label} (pain {pain} out of 10)").format(
            label=plan.running.label, pain=plan.running.pain
        ),
        fill=True,
        border="L",
        padding=(1.5, 2),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(text_w, 4.6, plan.running.advice, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(
        text_w, 4.6, _("Check each run with three rules:"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT, "", 9.5)
    for rule in plan.running.rules:
        pdf.multi_cell(text_w, 4.6, f"•  {rule}", align="L", new_x="LMARGIN", new_y="NEXT")
    for tip in plan.running.tips:
        pdf.multi_cell(text_w, 4.6, f"•  {tip}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + picture_w * 450 / 400 + 5))

    if plan.rolling:
        _heading(pdf, _("Rolling: every day, before or after a run"), room=_TABLE_ROOM)
        # The rule for every area is printed once, above the table, not in each row.
        rule = library.rolling_rule.text if library.rolling_rule else ""
        if rule:
            every = _("For every area: {rule}").format(rule=rule[:1].lower() + rule[1:])
            _para(pdf, every, bold=True, size=9)
        rows = []
        for item in plan.rolling:
            how = "\n".join(
                _("{cue}: {text}").format(cue=_(CUE_LABELS[key]), text=item.cues[key])
                for key in ("start", "where", "feel", "tip")
                if key in item.cues
            )
            how += "\n" + _("Careful:") + " " + " ".join(c for c in item.cautions if c != rule)
            dose = ngettext("{seconds} s\n{sets} set", "{seconds} s\n{sets} sets", item.sets)
            dose = (
                dose.format(seconds=item.seconds, sets=item.sets) + "\n" + dose_side_word(item.side)
            )
            rows.append((item.label, dose, how))
        _table(
            pdf,
            (_("Area"), _("Dose"), _("How")),
            rows,
            (34, 22, pdf.epw - 56),
            pictures=[item.picture for item in plan.rolling],
            library=library,
        )
    if plan.cautions:
        _heading(pdf, _("Your rolling cautions"))
        for caution in plan.cautions:
            _para(pdf, f"{caution.label}: {caution.advice}", bold=True, size=9)
            why = _("Why: {why} {basis}").format(why=caution.why, basis=caution.basis_note)
            _para(pdf, why, size=8.5, h=4.0)
    if plan.strength:
        _heading(pdf, _("Strength: on the days shown"), room=_TABLE_ROOM)
        rows = []
        for s in plan.strength:
            days = _("{days} days a week").format(days=s.days_per_week)
            dose = s.dose().replace(", ", "\n") + "\n" + days
            how = _("{how}\nMove on when: {when}").format(how=s.how, when=s.progress_when)
            level = _("Level {number} of {levels}: {level}").format(
                number=s.level_number, levels=s.levels, level=s.level
            )
            rows.append((f"{s.label}\n{level}", dose, how))
        _table(
            pdf,
            (_("Exercise"), _("Dose"), _("How")),
            rows,
            (44, 26, pdf.epw - 70),
            pictures=[s.picture for s in plan.strength],
            library=library,
        )
    if not plan.rolling and not plan.strength:
        _heading(pdf, _("Your plan"))
        _para(pdf, plan.message)
    if plan.left_out:
        _heading(pdf, _("Left out for now"))
        _para(pdf, _left_out_text(plan), size=8.5, h=4.0)
    _heading(pdf, _("Good to know"))
    for note in plan.notes:
        _para(pdf, f"•  {note}", size=8.5, h=4.0)
    _heading(pdf, _("Stop and call your clinician if…"))
    for flag in library.red_flags.values():
        _para(pdf, f"•  {flag.question}", size=8.5, h=4.0)


def _left_out_text(plan: Plan) -> str:
    """The left-out list as a few grouped sentences, to keep the handout short."""
    detail = plan.left_out_detail
    parts = [entry.text() for entry in detail if entry.reason in ("roller", "caution", "pair")]
    about = _("{label} (about {minutes} min)")
    timed = [about.format(label=e.label, minutes=e.minutes) for e in detail if e.reason == "time"]
    if timed:
        parts.append(_("No time left for: ") + "; ".join(timed) + ".")
    limited = [e.label for e in detail if e.reason == "limit"]
    if limited:
        parts.append(_("Left out to keep the plan short: ") + "; ".join(limited) + ".")
    return " ".join(parts) or " ".join(plan.left_out)


def _picture(pdf: Any, plan: Plan, *, x: float, y: float, w: float) -> None:
    """The body map with rolled areas highlighted; skipped if it cannot be drawn."""
    try:
        from rollbook.bodymap import body_svg

        svg = body_svg(highlight=sorted(plan.regions()), view="both")
    except (ImportError, ValueError):
        return
    # fpdf2 does not draw <title>/<desc> and logs a warning for each; alt_text covers them.
    svg = re.sub(r"<(title|desc)>.*?</\1>", "", svg, flags=re.DOTALL)
    pdf.image(
        io.BytesIO(svg.encode("utf-8")),
        x=x,
        y=y,
        w=w,
        alt_text=_("Body outline, front and back, with the areas to roll marked."),
    )
    pdf.set_xy(x, y + w * 450 / 400 + 0.5)
    pdf.set_font(FONT, "", 7.5)
    pdf.cell(w, 3.5, _("Orange-red: areas to roll"), align="C")
    pdf.set_xy(pdf.l_margin, y)


def _table(
    pdf: Any,
    head: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    widths: tuple[float, ...],
    *,
    pictures: Sequence[str] = (),
    library: Library | None = None,
) -> None:
    """A table; with ``pictures`` (drawing ids) a first column holds each row's drawing.

    The drawing takes the room of the second column, whose text (the dose) moves
    under the first one, so the "How" column keeps its width and the handout its
    length.
    """
    drawings = _drawings(pictures, library)
    if drawings:
        head = (
            _("Picture"),
            _("{head} and {name}").format(head=head[0], name=head[1].lower()),
            *head[2:],
        )
        widths = (PICTURE_W, widths[0] + widths[1] - PICTURE_W, *widths[2:])
        rows = [(f"{row[0]}\n{row[1].replace(chr(10), ', ')}", *row[2:]) for row in rows]
    pdf.set_draw_color(*_rgb("#c9d3d0"))
    pdf.set_font(FONT, "", 8.4)
    header_fill = _rgb("#e8eeec")
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=3.9,
        padding=1.2,
        headings_style=_style(bold=True, fill=header_fill),
        first_row_as_headings=True,
        repeat_headings=1,
        width=pdf.epw,
        cell_fill_mode="NONE",
    ) as table:
        table.row(head)
        for index, row in enumerate(rows):
            cells = table.row()
            if drawings:
                # fpdf2 draws the SVG as vector paths, scaled to the column width.
                cells.cell(img=io.BytesIO(drawings[index].encode("utf-8")), img_fill_width=True)
            cells.cell(row[0], style=_style(bold=True))
            for value in row[1:]:
                cells.cell(value)
    pdf.set_font(FONT, "", 9.5)


def _drawings(pictures: Sequence[str], library: Library | None) -> list[str]:
    """Each row's drawing as print SVG; none at all if any one is missing."""
    if library is None or not pictures:
        return []
    from rollbook.pictures import print_svg

    out = [print_svg(library, pid, aspect=PICTURE_ASPECT) for pid in pictures]
    return out if all(out) else []


def _style(*, bold: bool = False, fill: tuple[int, int, int] | None = None) -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD" if bold else None, fill_color=fill)


def _references(pdf: Any, plan: Plan, library: Library) -> None:
    _heading(pdf, _("Sources"))
    refs = [library.reference(r) for r in plan.references]
    text = "; ".join(f"{r.short()}, {r.venue}" for r in refs)
    _para(pdf, text + ".", size=7.5, h=3.6)
