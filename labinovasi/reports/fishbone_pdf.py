"""LK-2e Analisis Akar Masalah in print: the fishbone drawn on the page, the numbered list of causes,
and the blank skeleton to fill in by hand.

The drawing is :func:`labinovasi.domain.fishbone.layout_fishbone`'s geometry (the same the screen
draws) put on the ReportLab canvas. User text is drawn with ``drawString`` — never parsed as markup, so
``<b>`` prints as typed.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labinovasi.domain.fishbone import (
    FishboneLayout,
    FishboneTree,
    LayoutStyle,
    TextBlock,
    build_tree,
    layout_fishbone,
)
from labinovasi.i18n import _
from labinovasi.reports.base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    HEADER_H,
    INK,
    LIGHT,
    MARGIN,
    MUTED,
    PAPERS,
    RULE,
    clip_text,
    esc,
    long_text,
    markup,
    para,
    style,
)
from labinovasi.reports.flowables import RuledBox
from labinovasi.reports.worksheet_pdf import EMPTY_MARK, label_value_table

CODE = "LK-2e"
ROOT_FILL = colors.HexColor("#f8e4e6")
HEAD_FILL = colors.HexColor("#fbf3f4")
WHY_INK = colors.HexColor("#33414f")


def measure(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def print_style(blank: bool = False, numbers: bool = True) -> LayoutStyle:
    """Sizes in points for paper: causes from 8.5 pt down to 5.5 pt."""
    return LayoutStyle(
        font_size=8.5,
        min_font_size=5.5,
        head_font_size=11.5,
        label_font_size=9.5,
        margin=2.5,
        show_numbers=numbers and not blank,
        blank_ribs=3 if blank else 0,
    )


def draw_layout(canv: Any, layout: FishboneLayout, head_placeholder: str = "") -> None:
    """Draw ``layout`` on a ReportLab canvas whose origin is the bottom-left of the drawing area."""
    H = layout.height

    def Y(y: float) -> float:  # noqa: N802 - the flipped y
        return H - y

    def text(block: TextBlock, fill: Any = INK) -> None:
        canv.setFillColor(fill)
        canv.setFont(FONT_BOLD if block.bold else FONT, block.size)
        for line, base in zip(block.lines, block.baselines(), strict=True):
            if block.align == "center":
                canv.drawCentredString(block.box.x + block.box.w / 2, Y(base), line)
            else:
                canv.drawString(block.box.x, Y(base), line)

    canv.saveState()
    canv.setLineCap(1)
    canv.setLineJoin(1)
    # tail and spine
    canv.setFillColor(INK)
    canv.setStrokeColor(INK)
    path = canv.beginPath()
    first, *rest = layout.tail
    path.moveTo(first[0], Y(first[1]))
    for x, y in rest:
        path.lineTo(x, Y(y))
    path.close()
    canv.drawPath(path, stroke=0, fill=1)
    s = layout.spine
    canv.setLineWidth(2.4)
    canv.line(s.x1, Y(s.y1), s.x2, Y(s.y2))
    # bones and their labels
    for bone in layout.bones:
        b = bone.bone
        canv.setStrokeColor(INK)
        canv.setLineWidth(1.5)
        canv.line(b.x1, Y(b.y1), b.x2, Y(b.y2))
        box = bone.box
        canv.setFillColor(LIGHT)
        canv.setLineWidth(0.8)
        canv.roundRect(box.x, Y(box.bottom), box.w, box.h, 2.5, stroke=1, fill=1)
        text(bone.label)
    # ribs, joins, blank lines
    for seg in layout.segments:
        if seg.kind.startswith("blank"):
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.75 if seg.kind == "blank" else 0.5)
        else:
            canv.setStrokeColor(WHY_INK)
            canv.setLineWidth(0.6)
        canv.line(seg.x1, Y(seg.y1), seg.x2, Y(seg.y2))
    for mark in layout.causes:
        if mark.root:
            box = mark.text.box
            text_w = max((measure(line, mark.text.size, True) for line in mark.text.lines), default=0)
            canv.setFillColor(ROOT_FILL)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(0.7)
            canv.roundRect(box.x - 1.2, Y(box.bottom + 0.6), text_w + 2.4, box.h + 1.2, 1.5, stroke=1, fill=1)
        r = mark.rib
        canv.setStrokeColor(ACCENT if mark.root else (INK if mark.depth == 0 else WHY_INK))
        canv.setLineWidth((1.4 if mark.root else 0.9) if mark.depth == 0 else (1.1 if mark.root else 0.6))
        canv.line(r.x1, Y(r.y1), r.x2, Y(r.y2))
        text(mark.text, INK if mark.depth == 0 or mark.root else WHY_INK)
    # the head
    hb = layout.head_box
    canv.setFillColor(HEAD_FILL)
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(1.6)
    canv.roundRect(hb.x, Y(hb.bottom), hb.w, hb.h, 5, stroke=1, fill=1)
    if layout.head.lines:
        text(layout.head)
    elif head_placeholder:
        size = layout.head.size * 0.75
        canv.setFont(FONT, size)
        canv.setFillColor(MUTED)
        canv.drawCentredString(
            hb.x + hb.w / 2, Y(hb.y + size * 1.6), clip_text(head_placeholder, FONT, size, hb.w - 6)
        )
    canv.restoreState()


class FishboneFlowable(Flowable):
    """The fishbone diagram of ``tree`` at most ``width`` × ``height`` points (``None``: the frame's width,
    and 0.62 of it for the height). It takes what is left of the frame when that is at least
    ``min_height``, else moves to the next page."""

    def __init__(
        self,
        tree: FishboneTree,
        width: float | None = None,
        height: float | None = None,
        *,
        min_height: float | None = None,
        layout_style: LayoutStyle | None = None,
        head_placeholder: str = "",
        caption: str = "",
    ):
        super().__init__()
        self.tree = tree
        self.max_width = width
        self.max_height = height
        self.min_height = min_height
        self.layout_style = layout_style or print_style()
        self.head_placeholder = head_placeholder
        self.caption = caption  # a line under the drawing (the program's own text)
        self.width = width or 0.0
        self.height = height or 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = min(self.max_width or avail_w, avail_w)
        wanted = min(self.max_height or self.width * 0.62, frame_height(self.width) - 1)
        minimum = min(self.min_height or wanted, wanted)
        self.height = min(wanted, avail_h) if avail_h >= minimum else wanted
        return self.width, self.height

    CAPTION_SIZE = 7.5

    def layout(self) -> FishboneLayout:
        caption_h = self.CAPTION_SIZE * 1.8 if self.caption else 0.0
        return layout_fishbone(self.tree, self.width, self.height - caption_h, measure, self.layout_style)

    def draw(self) -> None:
        layout = self.layout()
        canv = self.canv
        canv.saveState()
        canv.translate(0, self.height - layout.height)
        draw_layout(canv, layout, self.head_placeholder)
        canv.restoreState()
        if self.caption:
            canv.saveState()
            canv.setFont(FONT, self.CAPTION_SIZE)
            canv.setFillColor(MUTED)
            canv.drawString(
                0, self.CAPTION_SIZE * 0.4, clip_text(self.caption, FONT, self.CAPTION_SIZE, self.width)
            )
            canv.restoreState()


def frame_height(width: float) -> float:
    """The height of the page frame whose width is ``width`` (any paper and orientation of base.py)."""
    page_w = width + 2 * MARGIN
    for size in PAPERS.values():
        for w, h in (size, size[::-1]):
            if abs(w - page_w) < 1.0:
                return h - 2 * MARGIN - HEADER_H - 2 * mm
    return width * 0.62


# --- the worksheet's bodies --------------------------------------------------------------------------


def _problem_label(data: dict[str, Any], template: Any, ctx: Any) -> str:
    value = data.get("masalah")
    if not value:
        return ""
    if ctx is not None:
        from labinovasi.services.refs import format_ref, ref_options  # noqa: PLC0415 - only with a context

        try:
            labels = {o.value: o.label for o in ref_options(ctx, template.field("masalah"))}
        except Exception:  # noqa: BLE001 - a print must not fail on a problem list it cannot read
            labels = {}
        return format_ref(value, labels)
    return str(value)


def _cause_table(tree: FishboneTree, width: float) -> Flowable:
    head = [
        markup(esc(h), "CellHead")
        for h in (_("No"), _("Kategori"), _("Penyebab"), _("Mengapa dari"), _("Akar masalah"))
    ]
    rows: list[list[Any]] = [head]
    roots: list[int] = []
    cell = style("Cell")
    numbers = {}
    for cat in tree.categories:
        for node in cat.entries():
            numbers[node.id] = node
    for cat in tree.categories:
        for node in cat.entries():
            indented = ParagraphStyle(
                f"CauseD{min(node.depth, 6)}", parent=cell, leftIndent=min(node.depth, 6) * 3.2 * mm
            )
            parent = numbers.get(node.parent_id or "")
            why_of = ""
            if parent is not None:
                why_of = f"{parent.number}. {parent.text}" if parent.text else str(parent.number)
                why_of = why_of if len(why_of) <= 90 else why_of[:89] + "…"
            rows.append(
                [
                    str(node.number),
                    para(cat.name, "Cell"),
                    Paragraph(esc(node.text or EMPTY_MARK), indented),
                    para(why_of, "Cell"),
                    para(_("Ya") if node.root else "", "Cell"),
                ]
            )
            if node.root:
                roots.append(len(rows) - 1)
    no_w = 10 * mm
    rest = width - no_w
    t = Table(
        rows, colWidths=[no_w, rest * 0.17, rest * 0.45, rest * 0.28, rest * 0.10], repeatRows=1, splitInRow=1
    )
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    cmds += [("BACKGROUND", (0, r), (-1, r), ROOT_FILL) for r in roots]
    t.setStyle(TableStyle(cmds))
    t.hAlign = "LEFT"
    return t


def filled_body(template: Any, data: dict[str, Any], width: float, ctx: Any = None) -> list[Flowable]:
    """LK-2e filled: the problem, the fishbone sized to the page frame, the numbered causes, the note."""
    data = data if isinstance(data, dict) else {}
    tree = build_tree(data)
    story: list[Flowable] = [
        label_value_table(
            [
                [
                    markup(esc(_("Masalah prioritas (dari LK-2b/LK-2d)")), "Cell"),
                    para(_problem_label(data, template, ctx) or EMPTY_MARK, "Cell"),
                ],
                [
                    markup(esc(_("Masalah utama (kepala ikan)")), "Cell"),
                    para(tree.head or EMPTY_MARK, "Cell"),
                ],
            ],
            width,
            0.28,
        ),
        Spacer(1, 3 * mm),
    ]
    frame_h = frame_height(width)
    legend = _(
        "Nomor pada diagram merujuk ke daftar penyebab di bawahnya; kotak merah menandai akar masalah."
    )
    story.append(
        FishboneFlowable(
            tree,
            width,
            frame_h - 8 * mm,
            min_height=frame_h * 0.62,
            head_placeholder=_("(masalah utama belum diisi)"),
            caption=legend,
        )
    )
    if tree.broken_links:
        broken = ", ".join(str(n.number) for n in tree.causes() if n.id in tree.broken_links)
        story.append(
            para(
                _(
                    "Perhatian: rantai \u201cmengapa\u201d dalam data berputar; untuk gambar ini rantai "
                    "diputus pada penyebab nomor {n}."
                ).format(n=broken),
                "Muted",
            )
        )
    story.append(Spacer(1, 3 * mm))
    causes = tree.causes()
    if causes:
        story.append(markup(esc(_("Daftar penyebab dan rantai \u201cmengapa\u201d")), "Label"))
        story.append(_cause_table(tree, width))
    else:
        story.append(para(_("Belum ada penyebab yang dicatat."), "Muted"))
    story.append(Spacer(1, 3 * mm))
    roots = tree.root_causes
    note = data.get("akar_masalah_terpilih")
    block: list[Flowable] = [markup(esc(_("Akar masalah terpilih")), "Label")]
    if roots:
        block.append(para("; ".join(f"{n.number}. {n.text}" for n in roots), "Value"))
    else:
        block.append(para(_("Belum ada penyebab yang ditandai sebagai akar masalah."), "Muted"))
    story.append(KeepTogether(block))
    note_label = markup(esc(_("Catatan akar masalah terpilih")), "Label")
    lines = long_text(note) if isinstance(note, str) and note.strip() else [para(EMPTY_MARK, "Value")]
    story.append(KeepTogether([note_label, lines[0]]))  # the label never ends a page alone
    story += lines[1:]
    return story


def blank_body(template: Any, width: float, ctx: Any = None) -> list[Flowable]:
    """LK-2e blank: a ruled line for the problem, an empty fishbone (the five default bones labelled,
    empty ribs to write on, the head box) and ruled lines for the selected root causes."""
    frame_h = frame_height(width)
    tree = build_tree({})
    how = _(
        "Tulis masalah utama di kepala ikan (kanan). Tulis penyebab pada garis di tiap tulang, lalu "
        "tanyakan \u201cmengapa?\u201d dan tulis jawabannya sebagai cabang kecil di bawah penyebabnya. "
        "Nama tulang boleh diganti. Lingkari penyebab yang menjadi akar masalah."
    )
    return [
        KeepTogether([markup(esc(_("Masalah prioritas (dari LK-2b/LK-2d)")), "Label"), RuledBox(1)]),
        KeepTogether(
            [
                markup(esc(_("Akar masalah terpilih")), "Label"),
                para(
                    _(
                        "Penyebab yang dipilih (tulis nomornya atau salin teksnya) dan alasannya; menjadi "
                        "dasar ide inovasi (LK-2f)."
                    ),
                    "Help",
                ),
                RuledBox(5),
            ]
        ),
        Spacer(1, 2 * mm),
        para(how, "Help"),
        Spacer(1, 1 * mm),
        # the skeleton gets a page of its own unless most of a page is left: there is a lot to write
        FishboneFlowable(
            tree,
            width,
            frame_h - 8 * mm,
            min_height=frame_h * 0.8,
            layout_style=print_style(blank=True),
            head_placeholder=_("Masalah utama (kepala ikan)"),
        ),
    ]


def fishbone_flowable_for(
    ctx: Any, width: float | None = None, height: float | None = None
) -> Flowable | None:
    """The unit's fishbone (its stored LK-2e) for the Rencana Proyek Inovasi, or ``None`` when nothing is
    written yet. Without ``width``/``height`` it takes the frame's width and 0.62 of it in height."""
    data = ctx.load(CODE)
    tree = build_tree(data)
    if not tree.causes() and not tree.head:
        return None
    return FishboneFlowable(
        tree,
        width,
        height,
        min_height=(height or 0) * 0.6 or None,
        head_placeholder=_("(masalah utama belum diisi)"),
    )
