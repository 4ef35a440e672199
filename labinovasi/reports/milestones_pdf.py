"""Tonggak capaian dan jadwal (LK-3c) in print: a timeline of the four key dates above the generated fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer

from labinovasi.i18n import _
from labinovasi.reports.base import FONT, FONT_BOLD, INK, MUTED, RULE, clip_text, esc, style
from labinovasi.reports.worksheet_pdf import filled_worksheet_flowables
from labinovasi.worksheets.action_plan import as_date
from labinovasi.worksheets.gantt import INK_COLOUR, MILESTONE_COLOURS, WARNING_COLOUR, short_date
from labinovasi.worksheets.schema import Template

KEY_DATES = (  # field, label, colour
    ("waktu_inisiasi", "Inisiasi", "#9AA3AB"),
    ("tanggal_uji_coba", "Uji coba", MILESTONE_COLOURS["uji_coba"]),
    ("tanggal_launching", "Launching", MILESTONE_COLOURS["launching"]),
    ("tanggal_penerapan", "Penerapan", MILESTONE_COLOURS["penerapan"]),
)


def key_dates(data: dict[str, Any]) -> list[tuple[str, dt.date | None, str]]:
    """(label, date or None, colour) of inisiasi, uji coba, launching and penerapan."""
    return [
        (_(label), as_date(data.get(key)) if isinstance(data, dict) else None, colour)
        for key, label, colour in KEY_DATES
    ]


def order_problems(data: dict[str, Any]) -> list[str]:
    """Key dates out of order, e.g. a launching before the start of the uji coba."""
    dated = [(label, d) for label, d, _c in key_dates(data) if d is not None]
    return [
        _("{later} ({d2}) lebih awal dari {earlier} ({d1})").format(
            later=b[0], d2=short_date(b[1]), earlier=a[0], d1=short_date(a[1])
        )
        for a, b in zip(dated, dated[1:], strict=False)
        if b[1] < a[1]
    ]


def _gap(a: dt.date, b: dt.date) -> str:
    days = (b - a).days
    if abs(days) < 60:
        return _("{n} hari").format(n=days)
    return _("± {n} bulan").format(n=round(days / 30.4))


class KeyDatesTimeline(Flowable):
    """Four stations on a line — inisiasi, uji coba, launching, penerapan — evenly spaced (so labels never
    collide), each with its date, and the time between two dates written on the line between them."""

    HEIGHT = 24 * mm

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self.dates = key_dates(data)
        self.width = 0.0
        self.height = self.HEIGHT

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        n = len(self.dates)
        step = self.width / n
        y = self.height * 0.52
        xs = [step * (i + 0.5) for i in range(n)]
        c.setStrokeColor(RULE)
        c.setLineWidth(1.4)
        c.line(xs[0], y, xs[-1], y)
        for i in range(n - 1):
            a, b = self.dates[i][1], self.dates[i + 1][1]
            if a and b:
                c.setFont(FONT, 7.5)
                c.setFillColor(colors.HexColor(WARNING_COLOUR) if b < a else MUTED)
                c.drawCentredString((xs[i] + xs[i + 1]) / 2, y + 3, _gap(a, b))
        for x, (label, date, colour) in zip(xs, self.dates, strict=True):
            c.setStrokeColor(colors.HexColor(INK_COLOUR))
            c.setLineWidth(0.7)
            c.setFillColor(colors.HexColor(colour) if date else colors.white)
            c.circle(x, y, 4.2, stroke=1, fill=1)
            c.setFillColor(INK)
            c.setFont(FONT_BOLD, 9)
            c.drawCentredString(x, y + 9, clip_text(label, FONT_BOLD, 9, step - 6))
            c.setFont(FONT, 8.5)
            text = short_date(date) if date else _("belum ditetapkan")
            c.setFillColor(INK if date else MUTED)
            width = pdfmetrics.stringWidth(text, FONT, 8.5)
            c.drawString(x - min(width, step - 6) / 2, y - 15, clip_text(text, FONT, 8.5, step - 6))


def filled_body(template: Template, data: dict[str, Any], width: float, ctx: Any = None) -> list[Flowable]:
    """LK-3c's filled body (registered in worksheet_pdf): the key-date timeline, any dates out of order,
    then the fields as the generated print shows them."""
    story: list[Flowable] = [KeyDatesTimeline(data if isinstance(data, dict) else {})]
    for problem in order_problems(data if isinstance(data, dict) else {}):
        story.append(
            Paragraph(
                esc(f"(!) {problem}"),
                ParagraphStyle(
                    "KeyDateNote", parent=style("Small"), textColor=colors.HexColor(WARNING_COLOUR)
                ),
            )
        )
    story.append(Spacer(1, 3 * mm))
    story += filled_worksheet_flowables(template, data if isinstance(data, dict) else {}, width)
    return story
