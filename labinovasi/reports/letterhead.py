"""Pieces shared by the lab's formal documents (daftar hadir, pernyataan komitmen): the letterhead
with the lab's logo, the logo check, NIP formatting, and signature columns whose roles may wrap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labinovasi.i18n import _
from labinovasi.images import print_copy
from labinovasi.reports.base import FONT, FONT_BOLD, INK, LIGHT, RULE, esc, style
from labinovasi.reports.flowables import SignatureBlock, format_nip
from labinovasi.services.records import LabInfo

SIGN_GAP = 6 * mm  # the gap SignatureBlock leaves between its boxes


@cache
def doc_styles() -> dict[str, ParagraphStyle]:
    """Styles of the formal documents, on top of the shared stylesheet."""
    body = style("Body")
    return {
        "KopBig": ParagraphStyle(
            "KopBig", parent=body, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "KopName": ParagraphStyle(
            "KopName", parent=body, fontName=FONT_BOLD, fontSize=11.5, leading=14.5, alignment=TA_CENTER
        ),
        "KopSmall": ParagraphStyle("KopSmall", parent=body, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "DocTitle": ParagraphStyle(
            "DocTitle",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            alignment=TA_CENTER,
            spaceAfter=1 * mm,
        ),
        "DocSubtitle": ParagraphStyle(
            "DocSubtitle", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "ListCell": ParagraphStyle("ListCell", parent=body, fontSize=8, leading=9.5),
        "ListNo": ParagraphStyle("ListNo", parent=body, fontSize=8, leading=9.5, alignment=TA_CENTER),
        "ListHead": ParagraphStyle(
            "ListHead", parent=body, fontName=FONT_BOLD, fontSize=8, leading=9.5, alignment=TA_CENTER
        ),
        "SignHead": ParagraphStyle("SignHead", parent=body, fontSize=9.5, leading=12, alignment=TA_CENTER),
    }


def list_table_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """The ruled list of the formal documents (the launched innovations, a monev timetable): a grid in a
    darker box, a shaded header row, cells from the top; ``extra`` adds spans and shades."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 0.8, INK),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def text(value: object, style_name: str) -> Paragraph:
    """A Paragraph of user text (escaped) in one of :func:`doc_styles`."""
    st = doc_styles()[style_name]
    return Paragraph(esc(value, st.fontName), st)


def logo_image(path: str, max_w: float, max_h: float) -> Image | None:
    """The logo scaled into ``max_w`` × ``max_h`` keeping its shape; ``None`` when there is no usable logo
    (a missing or broken logo never stops a document from printing). A large picture is printed from
    its copy scaled down once (:func:`labinovasi.images.print_copy`)."""
    if not path:
        return None
    copy = print_copy(path)
    if copy is None:
        return None
    file, (w, h) = copy
    scale = min(max_w / w, max_h / h)
    return Image(str(file), width=w * scale, height=h * scale)


def letterhead(lab: LabInfo, logo_path: str, width: float) -> list[Flowable]:
    """The lab's kop: the logo on the left, the Pemda, the lab and its organiser centred, a double rule."""
    lines = []
    if lab.pemda:
        lines.append(text(_("PEMERINTAH {pemda}").format(pemda=lab.pemda.upper()), "KopBig"))
    lines.append(text(lab.name.upper(), "KopName" if lab.pemda else "KopBig"))
    if lab.organizer:
        lines.append(text(_("Penyelenggara: {org}").format(org=lab.organizer), "KopSmall"))
    side = 22 * mm
    logo = logo_image(logo_path, side, side)
    t = Table([[logo or "", lines, ""]], colWidths=[side, width - 2 * side, side])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, 0), 1.6, INK),
            ]
        )
    )
    rule = Table([[""]], colWidths=[width], rowHeights=[1.2])
    rule.setStyle(
        TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, INK), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    return [t, rule, Spacer(1, 4 * mm)]


@dataclass(frozen=True)
class Signer:
    """One signature column: ``header`` lines above the signing space (e.g. "Mengetahui,",
    "Kepala Bapperida …"; they may wrap), then the name (empty: a dotted line to fill by hand) and NIP."""

    header: tuple[str, ...]
    name: str = ""
    nip: str | None = ""  # None: no NIP line (an elected head)


def signature_row(signers: Sequence[Signer], width: float, sign_height: float = 30 * mm) -> KeepTogether:
    """:func:`signature_parts` kept together on one page."""
    return KeepTogether(signature_parts(signers, width, sign_height))


def signature_parts(
    signers: Sequence[Signer],
    width: float,
    sign_height: float = 30 * mm,
    caption: str = "",
    caption_over: int = 0,
    centre: bool = False,
) -> list[Flowable]:
    """Signature columns laid out like :class:`SignatureBlock` (which draws the signing space, the
    underlined name and the NIP); the headers above are paragraphs, so long roles wrap instead of
    being cut off, and they are aligned at the bottom so every name sits on one line. A lone signer
    stands on the right half (in the middle with ``centre``). ``caption`` (e.g. "Mengetahui,") is centred on a line of its own over the
    first ``caption_over`` columns. (A list, so callers can keep it together with what precedes it: a
    KeepTogether nested in another one always breaks the page.)"""
    n = max(1, len(signers))
    if n == 1:
        widths = [width / 4, width / 2, width / 4] if centre else [width / 2, width / 2]
        cells: list = ["", [text(line, "SignHead") for line in signers[0].header]] + ([""] if centre else [])
        first = 1
    else:
        box = (width - SIGN_GAP * (n - 1)) / n
        widths, cells = [], []
        for i, s in enumerate(signers):
            if i:
                widths.append(SIGN_GAP)
                cells.append("")
            widths.append(box)
            cells.append([text(line, "SignHead") for line in s.header])
        first = 0
    rows = [cells]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    if caption and caption_over > 0:
        last = first + 2 * (min(caption_over, n) - 1)  # the column of the last signer under the caption
        rows.insert(0, [""] * len(widths))
        rows[0][first] = text(caption, "SignHead")
        commands.append(("SPAN", (first, 0), (last, 0)))
    head = Table(rows, colWidths=widths, splitInRow=1)
    head.setStyle(TableStyle(commands))
    block = SignatureBlock(
        [("", s.name, None if s.nip is None else format_nip(s.nip)) for s in signers],
        height=sign_height,
        centre=centre,
    )
    return [head, block]
