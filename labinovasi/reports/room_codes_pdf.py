"""Lembar Kode Ruang Peserta: one card per unit to cut out and hand to its table — the unit's name, its
6-digit code in large type, the room's address and a QR code that opens the join page with the unit
already chosen. The codes are the keys to each unit's worksheets: the sheet says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from labinovasi.i18n import _
from labinovasi.reports.base import FONT, FONT_BOLD, DocumentInfo, build, content_width, esc, style

TITLE = "Kode Ruang Peserta"


@dataclass(frozen=True)
class UnitCode:
    unit_id: str
    name: str
    code: str


def qr_drawing(value: str, size: float) -> Drawing:
    """A QR code of ``value``, ``size`` points square (medium error correction: a creased card still scans)."""
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _styles() -> dict[str, ParagraphStyle]:
    body = style("Body")
    return {
        "lab": ParagraphStyle("RoomLab", parent=body, fontSize=8.5, leading=10.5, alignment=TA_CENTER),
        "unit": ParagraphStyle(
            "RoomUnit", parent=body, fontName=FONT_BOLD, fontSize=12, leading=14.5, alignment=TA_CENTER
        ),
        "code": ParagraphStyle(
            "RoomCode", parent=body, fontName=FONT_BOLD, fontSize=30, leading=34, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("RoomSmall", parent=body, fontSize=8, leading=10, alignment=TA_CENTER),
    }


def _card(lab_name: str, url: str, unit: UnitCode, width: float) -> list[Flowable]:
    st = _styles()
    spaced = f"{unit.code[:3]} {unit.code[3:]}"
    join = f"{url.rstrip('/')}/u/{unit.unit_id}"
    return [
        Paragraph(esc(lab_name, FONT), st["lab"]),
        Paragraph(esc(unit.name, FONT_BOLD), st["unit"]),
        Spacer(1, 1.5 * mm),
        Paragraph(esc(_("Kode unit"), FONT), st["small"]),
        Paragraph(esc(spaced, FONT_BOLD), st["code"]),
        Spacer(1, 1 * mm),
        qr_drawing(join, min(30 * mm, width * 0.45)),
        Paragraph(esc(_("Pindai, atau buka {url} di peramban ponsel").format(url=url), FONT), st["small"]),
        Spacer(1, 1 * mm),
        Paragraph(
            esc(_("Jaga kode ini: kode membuka lembar kerja unit Anda di ruang peserta."), FONT), st["small"]
        ),
    ]


def room_codes_story(
    lab_name: str, url: str, units: Sequence[UnitCode], info: DocumentInfo
) -> list[Flowable]:
    width = content_width(info)
    cell = width / 2
    story: list[Flowable] = [
        Paragraph(esc(_("Kode Ruang Peserta — {lab}").format(lab=lab_name), FONT_BOLD), style("H1")),
        Paragraph(
            esc(
                _(
                    "Gunting per kartu dan bagikan ke meja tiap unit. Peserta menyambung ke Wi-Fi ruangan, "
                    "memindai QR atau membuka {url}, lalu mengetik kode unitnya. Kode dapat diperbarui "
                    "fasilitator bila tersebar."
                ).format(url=url),
                FONT,
            ),
            style("Body"),
        ),
        Spacer(1, 4 * mm),
    ]
    if not units:
        story.append(Paragraph(esc(_("Lab ini belum punya unit."), FONT), style("Body")))
        return story
    cards = [_card(lab_name, url, u, cell - 8 * mm) for u in units]
    rows = [cards[i : i + 2] + ([[]] if i + 1 >= len(cards) else []) for i in range(0, len(cards), 2)]
    table = Table(rows, colWidths=[cell, cell], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor("#777777")),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, HexColor("#777777")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, HexColor("#777777"), 1, (3, 3)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ]
        )
    )
    story.append(table)
    return story


def render_room_codes(lab_name: str, url: str, units: Sequence[UnitCode], paper: str = "a4") -> bytes:
    info = DocumentInfo(title=_(TITLE), lab=lab_name, paper=paper, subject=_(TITLE))
    return build(room_codes_story(lab_name, url, units, info), info)
