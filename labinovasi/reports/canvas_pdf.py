"""The Kanvas Inovasi (LK-3) on paper: one landscape page of framed boxes, filled or blank.

Each box's text is set as large as fits (A4: 8.5 pt down to 6.5 pt; larger paper scales every size
up). Text that still does not fit is cut at a line, marked "… (lanjutan di lampiran)", and printed in
full on a "Lampiran kanvas" page after the canvas — nothing is cut silently.

Entry points: :func:`render_canvas` and :func:`render_blank_canvas` (whole documents),
:func:`canvas_flowable` (the canvas for a page of another document, e.g. the Rencana Proyek Inovasi),
and :func:`filled_body` / :func:`blank_body` for the worksheet print pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from labinovasi.i18n import _
from labinovasi.reports.base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    HEADER_H,
    INK,
    MARGIN,
    MUTED,
    RULE,
    DocumentInfo,
    build,
    clip_text,
    esc,
    heading,
    paper_size,
    para,
    register_fonts,
    style,
)
from labinovasi.services.canvas import (
    CANVAS_CODE,
    GRID_COLS,
    GRID_ROWS,
    Block,
    BoxContent,
    CanvasBox,
    CanvasSources,
    canvas_boxes,
    canvas_content,
    canvas_sources,
)
from labinovasi.services.context import Sources, gathered
from labinovasi.worksheets.registry import default_registry, field_options, named_lists
from labinovasi.worksheets.schema import FieldType, Template

# the reference: the content frame of a landscape A4 page; bigger frames scale everything up
REF_W = 297 * mm - 2 * MARGIN
REF_H = 210 * mm - 2 * MARGIN - HEADER_H - 2 * mm
MAX_SCALE = 1.6
BASE_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5)  # body text, largest first, on A4
MIN_GRID_H = 90 * mm  # less room than this and the canvas starts on the next page
TAIL_H = 9 * mm  # a canvas that fills the rest of a page leaves this much below it
MAX_ASPECT = 0.72  # height / width: on a portrait page the canvas does not grow into a tower
CUT_MARK = "… (lanjutan di lampiran)"
QUOTE_INK = colors.HexColor("#2f3b47")


def _scale(width: float, height: float) -> float:
    return max(1.0, min(width / REF_W, height / REF_H, MAX_SCALE))


def _tint(hex_color: str, amount: float) -> colors.Color:
    """``hex_color`` mixed with white (``amount`` = share of the colour)."""
    c = colors.HexColor(hex_color)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


@dataclass(frozen=True)
class CanvasHeader:
    """The strip above the grid: which lab, unit and idea the canvas belongs to."""

    lab: str = ""
    unit: str = ""
    idea: str = ""
    idea_long: str = ""


# --- fitting text into a box --------------------------------------------------------------------------


@dataclass
class _Piece:
    para: Paragraph
    kind: str  # "origin" | "quote" | "text" | "line" | "question" | "mark"
    gap: float  # space above
    indent: float = 0.0
    height: float = 0.0
    width: float = 0.0


@dataclass
class _Fitted:
    size: float
    pieces: list[_Piece]
    cut: bool

    def score(self) -> tuple[int, float]:
        return (0 if self.cut else 1), self.size


@cache
def _styles(size: float) -> dict[str, ParagraphStyle]:
    base = style("Body")
    lead = size * 1.2
    return {
        "text": ParagraphStyle(f"cv_text_{size}", parent=base, fontName=FONT, fontSize=size, leading=lead),
        "quote": ParagraphStyle(
            f"cv_quote_{size}",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=size,
            leading=lead,
            textColor=QUOTE_INK,
        ),
        "strong": ParagraphStyle(
            f"cv_strong_{size}",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=size,
            leading=lead,
            textColor=QUOTE_INK,
        ),
        "origin": ParagraphStyle(
            f"cv_origin_{size}",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=size * 0.8,
            leading=size * 0.95,
            textColor=MUTED,
        ),
        "question": ParagraphStyle(
            f"cv_q_{size}",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=size * 0.92,
            leading=size * 1.12,
            textColor=MUTED,
        ),
        "mark": ParagraphStyle(
            f"cv_mark_{size}",
            parent=base,
            fontName=FONT_BOLD_ITALIC,
            fontSize=size * 0.9,
            leading=size * 1.1,
            textColor=ACCENT,
        ),
    }


QUOTE_PAD = 1.8 * mm  # room left of a quote for its bar


def _quote_markup(b: Block) -> str:
    if not b.label:
        return esc(b.text)
    sep = "<br/>" if b.text.startswith("•") else " "
    return f"<b>{esc(b.label)}:</b>{sep}{esc(b.text)}"


def _pieces(content: BoxContent, size: float, scale: float, with_question: bool) -> list[_Piece]:
    st = _styles(size)
    gap = 1.3 * mm * scale
    quote_gap = 0.7 * mm * scale  # between the parts of one upstream source
    out: list[_Piece] = []
    previous = ""
    for b in content.blocks:
        g = (
            0.0
            if not out
            else (quote_gap if b.kind == "quote" and previous == "quote" and not b.origin else gap)
        )
        if b.kind == "quote":
            indent = QUOTE_PAD * scale
            if b.origin:
                out.append(_Piece(Paragraph(esc(b.origin), st["origin"]), "origin", g, indent))
                g = 0.5 * mm * scale
            out.append(
                _Piece(Paragraph(_quote_markup(b), st["strong" if b.strong else "quote"]), "quote", g, indent)
            )
        elif b.kind == "line":
            out.append(_Piece(Paragraph(f"<b>{esc(b.label)}:</b> {esc(b.text)}", st["text"]), "line", g))
        else:
            out.append(_Piece(Paragraph(esc(b.text), st["text"]), "text", g))
        previous = b.kind
    if with_question and not out:
        out.append(_Piece(Paragraph(esc(content.box.question), st["question"]), "question", 0.0))
    return out


def _wrap(piece: _Piece, width: float) -> float:
    piece.width = width - piece.indent - (0.8 * mm if piece.indent else 0)
    _w, h = piece.para.wrap(piece.width, 1e9)
    piece.height = h
    return piece.gap + h


def _chars(content: BoxContent) -> int:
    return sum(len(b.text) + len(b.label) + len(b.origin) for b in content.blocks)


def _estimate(content: BoxContent, size: float, width: float) -> float:
    """A cheap lower bound of the height the box's text needs (to skip hopeless sizes)."""
    if _chars(content) < 1500:
        return 0.0
    text = " ".join(b.text for b in content.blocks)
    return pdfmetrics.stringWidth(text, FONT, size) / max(width, 1) * size * 1.2 * 0.85


# (id of the box content, width, text size) -> the box's text wrapped at that width, and its height
FitMemo = dict[tuple[int, float, float], tuple[list[_Piece], float]]


def _fit(
    content: BoxContent, width: float, height: float, scale: float, memo: FitMemo | None = None
) -> _Fitted:
    """The largest text size at which the box's text fits ``height``. A box is tried at many heights
    (where two stacked boxes meet, the room the page gives) but always at the same width: ``memo``
    keeps each size's wrapped text, so each is parsed and measured once."""
    memo = {} if memo is None else memo
    sizes = [s * scale for s in BASE_SIZES]
    for size in sizes:
        if size != sizes[-1] and _estimate(content, size, width) > height:
            continue
        key = (id(content), width, size)
        known = memo.get(key)
        if known is None:
            pieces = _pieces(content, size, scale, with_question=True)
            known = memo[key] = (pieces, sum(_wrap(p, width) for p in pieces))
        if known[1] <= height:
            return _Fitted(size, known[0], cut=False)
    return _cut(content, width, height, sizes[-1], scale, memo)


def _cut(
    content: BoxContent, width: float, height: float, size: float, scale: float, memo: FitMemo | None = None
) -> _Fitted:
    """The box's text at the smallest size, cut at a line to leave room for the continuation mark."""
    mark = _Piece(Paragraph(esc(_(CUT_MARK)), _styles(size)["mark"]), "mark", 0.8 * mm * scale)
    room = height - _wrap(mark, width)
    placed: list[_Piece] = []
    used = 0.0
    # only the beginning of a very long text can show: lay out no more than twice what the box holds
    holds = int(width / (size * 0.4) * max(room, 0) / (size * 1.2)) + 200
    known = (memo or {}).get((id(content), width, size))
    if _chars(content) > 2 * holds:
        content = BoxContent(
            content.box,
            tuple(Block(b.kind, b.text[: 2 * holds], b.origin, b.label, b.strong) for b in content.blocks),
            content.required_missing,
        )
        known = None
    pieces = known[0] if known is not None else _pieces(content, size, scale, with_question=True)
    for piece in pieces:
        need = piece.gap + piece.height if known is not None else _wrap(piece, width)
        if used + need <= room:
            placed.append(piece)
            used += need
            continue
        left = room - used - piece.gap
        parts = piece.para.split(piece.width, left) if left > 0 else []
        if not hasattr(piece.para, "blPara"):  # split() dropped its lines: re-wrap what the memo shares
            piece.para.wrap(piece.width, 1e9)
        if len(parts) >= 2:
            first = _Piece(cast(Paragraph, parts[0]), piece.kind, piece.gap, piece.indent)
            if _wrap(first, width) - first.gap <= left + 0.01:
                placed.append(first)
        break
    if placed and placed[-1].kind == "origin":
        placed.pop()  # an origin label without any of its quote
    if not placed:
        mark.gap = 0.0
    placed.append(mark)
    return _Fitted(size, placed, cut=True)


# --- the grid flowable ----------------------------------------------------------------------------------

TOP_ROWS = 10  # the three columns of stacked boxes; the bottom row takes the rest of the grid
SPLITS = tuple(x / 2 for x in range(5, 16))  # where two stacked boxes may meet: row 2.5 … 7.5
ADAPT_LIMIT = 6000  # characters: beyond this a column keeps its standard split (fitting is slow)


@dataclass
class _Laid:
    content: BoxContent
    x: float
    y: float  # bottom
    w: float
    h: float
    fitted: _Fitted


class CanvasGrid(Flowable):
    """The canvas: an optional header strip and the ten boxes, filling ``width`` × ``height`` (or,
    when ``height`` is None, the room the frame offers). After layout, :attr:`cut_boxes` holds the
    boxes whose text did not fit; :meth:`appendix` prints them in full.

    On a filled canvas the line between two stacked boxes moves (by half rows) to where both texts
    are set largest, so a long idea description takes room from a short "Kebaruan"."""

    def __init__(
        self,
        contents: list[BoxContent],
        header: CanvasHeader | None = None,
        width: float | None = None,
        height: float | None = None,
        blank: bool = False,
        template: Template | None = None,
    ):
        super().__init__()
        self.contents = contents
        self.header = header
        self.fixed_w = width
        self.fixed_h = height
        self.blank = blank
        self.template = template
        self.cut_boxes: list[BoxContent] = []
        self._laid: list[_Laid] = []
        self._size: tuple[float, float] | None = None
        self._fits: FitMemo = {}  # kept across layouts: a second wrap with other room costs lookups
        self.scale = 1.0
        if width is not None and height is not None:
            self.width, self.height = width, height
            self._layout(width, height)

    # layout
    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        w = self.fixed_w or avail_w
        if self.fixed_h is not None:
            h = self.fixed_h
        else:
            # room spare below for what a worksheet print puts after its body (a footnote line)
            h = min(avail_h - TAIL_H, w * MAX_ASPECT)
            if h < MIN_GRID_H:
                return w, MIN_GRID_H + 1  # too little room here: start on the next page
        if self._size != (w, h):
            self._layout(w, h)
        self.width, self.height = w, h
        return w, h

    def _header_h(self) -> float:
        return 14 * mm * self.scale if self.header is not None else 0.0

    def _title_h(self) -> float:
        return 8.5 * self.scale * 1.75

    def _pad(self) -> float:
        return 1.6 * mm * self.scale

    def _layout(self, w: float, h: float) -> None:
        self._size = (w, h)
        self.scale = _scale(w, h)
        gap = 1.6 * mm * self.scale
        grid_top = h - self._header_h()
        cell_w = (w + gap) / GRID_COLS
        cell_h = (grid_top + gap) / GRID_ROWS

        def place(content: BoxContent, row: float, rowspan: float) -> _Laid:
            b = content.box
            x, bw = b.col * cell_w, b.colspan * cell_w - gap
            top, bh = grid_top - row * cell_h, rowspan * cell_h - gap
            pad = self._pad()
            inner_h = bh - self._title_h() - 2 * pad - self._extra_h(b)
            fitted = _fit(content, bw - 2 * pad, max(inner_h, 0.0), self.scale, self._fits)
            return _Laid(content, x, top - bh, bw, bh, fitted)

        laid: dict[str, _Laid] = {}
        columns: dict[int, list[BoxContent]] = {}
        for content in self.contents:
            b = content.box
            if b.row + b.rowspan <= TOP_ROWS:
                columns.setdefault(b.col, []).append(content)
            else:
                laid[b.key] = place(content, b.row, b.rowspan)
        for stack in columns.values():
            stack.sort(key=lambda c: c.box.row)
            if len(stack) != 2 or self.blank or max(_chars(c) for c in stack) > ADAPT_LIMIT:
                for c in stack:
                    laid[c.box.key] = place(c, c.box.row, c.box.rowspan)
                continue
            upper, lower = stack
            standard = float(upper.box.row + upper.box.rowspan)
            best: tuple[Any, ...] | None = None
            for split in sorted(SPLITS, key=lambda x: abs(x - standard)):
                a = place(upper, upper.box.row, split - upper.box.row)
                b2 = place(lower, split, TOP_ROWS - split)
                rank = (min(a.fitted.score(), b2.fitted.score()), a.fitted.size + b2.fitted.size)
                if best is None or rank > best[0]:
                    best = (rank, a, b2)
                largest = BASE_SIZES[0] * self.scale
                if (
                    not (a.fitted.cut or b2.fitted.cut)
                    and a.fitted.size >= largest
                    and b2.fitted.size >= largest
                ):
                    break  # both texts at the largest size: no other split can do better (splits go outward)
            assert best is not None
            laid[upper.box.key], laid[lower.box.key] = best[1], best[2]
        self._laid = [laid[c.box.key] for c in self.contents]
        self.cut_boxes = [x.content for x in self._laid if x.fitted.cut]

    def _extra_h(self, box: CanvasBox) -> float:
        """Room a blank box keeps below its question for what is filled by hand (ticks, the budget)."""
        if not self.blank:
            return 0.0
        if box.key == "mitra":
            rows = -(-len(_pentahelix_labels(self.template)) // 2)
            return (rows * 5 + 1.5) * mm * self.scale
        if box.key == "sumber_daya":
            return 8 * mm * self.scale
        return 0.0

    # drawing
    def draw(self) -> None:
        if self.header is not None:
            self._draw_header()
        for laid in self._laid:
            self._draw_box(laid)

    def _draw_header(self) -> None:
        c, s, hd = self.canv, self.scale, self.header
        assert hd is not None
        top = self.height
        base = top - self._header_h()
        right_w = self.width * 0.34
        left_w = self.width - right_w - 4 * mm
        c.saveState()
        c.setFillColor(ACCENT)
        c.setFont(FONT_BOLD, 7.5 * s)
        c.drawString(0, top - 3.2 * mm * s, _("KANVAS INOVASI") + " · " + CANVAS_CODE)
        c.setFillColor(INK)
        if self.blank and not hd.idea:
            label = _("Nama inovasi:")
            c.setFont(FONT, 9.5 * s)
            c.drawString(0, top - 9.5 * mm * s, label)
            c.setStrokeColor(RULE)
            c.setDash(1, 2)
            x = pdfmetrics.stringWidth(label + " ", FONT, 9.5 * s)
            c.line(x, top - 9.8 * mm * s, left_w, top - 9.8 * mm * s)
            c.setDash()
        else:
            size = 13 * s
            c.setFont(FONT_BOLD, size)
            c.drawString(
                0, top - 8.6 * mm * s, clip_text(hd.idea or _("(ide tanpa judul)"), FONT_BOLD, size, left_w)
            )
            if hd.idea_long and _plain(hd.idea_long) not in _plain(hd.idea):
                c.setFont(FONT, 7.5 * s)
                c.setFillColor(MUTED)
                c.drawString(0, top - 12.2 * mm * s, clip_text(hd.idea_long, FONT, 7.5 * s, left_w))
        x0 = self.width - right_w
        for i, (label, value) in enumerate(((_("Unit"), hd.unit), (_("Lab"), hd.lab))):
            y = top - (3.2 + i * 4.2) * mm * s
            c.setFillColor(INK)
            c.setFont(FONT_BOLD, 8 * s)
            c.drawString(x0, y, label)
            lx = x0 + 10 * mm * s
            if value:
                c.setFont(FONT, 8 * s)
                c.drawString(lx, y, clip_text(value, FONT, 8 * s, self.width - lx))
            else:
                c.setStrokeColor(RULE)
                c.setDash(1, 2)
                c.line(lx, y - 0.6 * mm, self.width, y - 0.6 * mm)
                c.setDash()
        if self.blank and self._any_required():
            c.setFont(FONT_ITALIC, 6.5 * s)
            c.setFillColor(MUTED)
            c.drawRightString(self.width, base + 2.6 * mm * s, _("Kotak bertanda * wajib diisi."))
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1 * s)
        c.line(0, base + 1.2 * mm * s, self.width, base + 1.2 * mm * s)
        c.restoreState()

    def _draw_box(self, laid: _Laid) -> None:
        c, s = self.canv, self.scale
        box = laid.content.box
        title_h, pad, r = self._title_h(), self._pad(), 1.2 * mm * self.scale
        top = laid.y + laid.h
        c.saveState()
        c.setFillColor(_tint(box.color, 0.035))
        c.setStrokeColor(_tint(box.color, 0.55))
        c.setLineWidth(0.7 * s)
        c.roundRect(laid.x, laid.y, laid.w, laid.h, r, stroke=1, fill=1)
        # the title bar, rounded at the top like the frame
        p = c.beginPath()
        p.moveTo(laid.x, top - title_h)
        p.lineTo(laid.x, top - r)
        p.arcTo(laid.x, top - 2 * r, laid.x + 2 * r, top, startAng=180, extent=-90)
        p.lineTo(laid.x + laid.w - r, top)
        p.arcTo(laid.x + laid.w - 2 * r, top - 2 * r, laid.x + laid.w, top, startAng=90, extent=-90)
        p.lineTo(laid.x + laid.w, top - title_h)
        p.close()
        c.setFillColor(colors.HexColor(box.color))
        c.drawPath(p, stroke=0, fill=1)
        title = box.heading + (" *" if self._required(box) else "")
        size = 8.5 * s
        c.setFillColor(colors.white)
        c.setFont(FONT_BOLD, size)
        c.drawString(
            laid.x + pad,
            top - title_h + (title_h - size * 0.72) / 2,
            clip_text(title, FONT_BOLD, size, laid.w - 2 * pad),
        )
        # the quotes' shading, then the text on top
        x = laid.x + pad
        runs: list[list[float]] = []  # [top, bottom] of each shaded upstream source
        y = top - title_h - pad
        previous = ""
        for piece in laid.fitted.pieces:
            y -= piece.gap
            if piece.kind in ("origin", "quote") and previous in ("origin", "quote"):
                runs[-1][1] = y - piece.height
            elif piece.kind in ("origin", "quote"):
                runs.append([y, y - piece.height])
            y -= piece.height
            previous = piece.kind
        for q_top, q_bottom in runs:
            h = q_top - q_bottom + 1.2 * mm * s
            c.setFillColor(_tint(box.color, 0.09))
            c.rect(x, q_bottom - 0.6 * mm * s, laid.w - 2 * pad, h, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(box.color))
            c.rect(x, q_bottom - 0.6 * mm * s, 0.7 * mm * s, h, stroke=0, fill=1)
        c.restoreState()
        y = top - title_h - pad
        for piece in laid.fitted.pieces:
            y -= piece.gap + piece.height
            piece.para.drawOn(c, x + piece.indent, y)
        if self.blank:
            self._draw_blank_extra(laid, y)

    def _required(self, box: CanvasBox) -> bool:
        if self.template is None:
            return False
        fields = {f.key: f for f in self.template.fields}
        return any(fields[k].required for k in box.fields if k in fields)

    def _any_required(self) -> bool:
        return any(self._required(c.box) for c in self.contents)

    def _draw_blank_extra(self, laid: _Laid, text_bottom: float) -> None:
        """Tick boxes for the pentahelix partners, a line for the budget."""
        c, s = self.canv, self.scale
        box = laid.content.box
        pad = self._pad()
        c.saveState()
        c.setFillColor(INK)
        c.setStrokeColor(INK)
        if box.key == "mitra":
            size, sq, row_h = 7.5 * s, 2.8 * mm * s, 5 * mm * s
            col_w = (laid.w - 2 * pad) / 2
            c.setLineWidth(0.6 * s)
            c.setFont(FONT, size)
            for i, label in enumerate(_pentahelix_labels(self.template)):
                row, col = divmod(i, 2)
                x = laid.x + pad + col * col_w
                y = text_bottom - 1.5 * mm * s - (row + 1) * row_h + 1 * mm * s
                c.rect(x, y, sq, sq)
                c.drawString(
                    x + sq + 1.5 * mm * s,
                    y + 0.4 * mm * s,
                    clip_text(label, FONT, size, col_w - sq - 3 * mm * s),
                )
        elif box.key == "sumber_daya":
            size = 8 * s
            y = laid.y + pad + 1 * mm * s
            label = _("Anggaran: Rp")
            c.setFont(FONT_BOLD, size)
            c.drawString(laid.x + pad, y, label)
            lx = laid.x + pad + pdfmetrics.stringWidth(label + " ", FONT_BOLD, size)
            c.setStrokeColor(RULE)
            c.setDash(1, 2)
            c.line(lx, y - 0.6 * mm, laid.x + laid.w - pad, y - 0.6 * mm)
        c.restoreState()

    # the appendix
    def appendix(self) -> Flowable:
        """A flowable that prints, after the canvas, every box whose text was cut (nothing when none was)."""
        return _CanvasAppendix(self)


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _pentahelix_labels(template: Template | None) -> list[str]:
    if template is not None:
        try:
            f = template.field("unsur_mitra")
        except KeyError:
            f = None
        if f is not None and f.type is FieldType.MULTI_CHOICE:
            return [o.label for o in field_options(f)]
    return [o.label for o in named_lists().get("pentahelix", ())]


class _CanvasAppendix(Flowable):
    """Expands, once the canvas has been laid out, into the "Lampiran kanvas" pages."""

    def __init__(self, grid: CanvasGrid):
        super().__init__()
        self.grid = grid

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if not self.grid.cut_boxes:
            return 0, 0
        return avail_w, avail_h + 1  # too tall on purpose: the frame asks split() for the real story

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        if not self.grid.cut_boxes:
            return []
        return [PageBreak(), *appendix_story(self.grid.cut_boxes)]

    def draw(self) -> None:
        pass


def appendix_story(cut: list[BoxContent]) -> list[Flowable]:
    """The "Lampiran kanvas": the full text of each box that did not fit on the canvas."""
    story: list[Flowable] = [
        heading(_("Lampiran kanvas"), 0, user_text=False),
        para(_("Isi lengkap kotak kanvas yang tidak muat di halaman kanvas."), "Muted"),
        Spacer(1, 3 * mm),
    ]
    for content in cut:
        story.append(heading(content.box.heading, 1))
        story += _block_flowables(content.blocks)
        story.append(Spacer(1, 3 * mm))
    return story


def _block_flowables(blocks: tuple[Block, ...]) -> list[Flowable]:
    out: list[Flowable] = []
    for b in blocks:
        if b.kind == "quote":
            if b.origin:
                out.append(para(b.origin, "Muted"))
            if b.label:
                out.append(Paragraph(f"<b>{esc(b.label)}:</b>", style("Cell")))
            out += _lines(b.text, "Help" if not b.strong else "Label")
        elif b.kind == "line":
            out.append(Paragraph(f"<b>{esc(b.label)}:</b> {esc(b.text)}", style("Cell")))
        else:
            out += _lines(b.text, "Cell")
        out.append(Spacer(1, 2 * mm))
    return out


CHUNK = 1500  # characters: a longer line is set as several paragraphs (one huge one splits slowly)


def _lines(text: str, style_name: str) -> list[Flowable]:
    """Text of any length, one splittable paragraph per line (an empty line is a small space)."""
    out: list[Flowable] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            out.append(Spacer(1, 2 * mm))
            continue
        out += [Paragraph(esc(chunk), style(style_name)) for chunk in _chunks(line)]
    return out


def _chunks(line: str) -> list[str]:
    """``line`` in pieces of about :data:`CHUNK` characters, cut after a sentence or a space."""
    out = []
    while len(line) > CHUNK:
        window = line[CHUNK // 2 : CHUNK]
        cut = window.rfind(". ")
        cut = cut + 2 if cut >= 0 else window.rfind(" ") + 1
        cut = CHUNK // 2 + cut if cut > 0 else CHUNK
        out.append(line[:cut])
        line = line[cut:]
    out.append(line)
    return out


# --- sizes ----------------------------------------------------------------------------------------------


def canvas_frame_size(paper: str = "a4") -> tuple[float, float]:
    """The width and height of a landscape page's content frame on ``paper`` (what a full-page
    canvas may take in documents built on :mod:`labinovasi.reports.base`)."""
    w, h = landscape(paper_size(paper))
    return w - 2 * MARGIN, h - 2 * MARGIN - HEADER_H - 2 * mm - 0.5


# --- for other documents --------------------------------------------------------------------------------


def _names(ctx: Sources) -> CanvasHeader:
    lab, unit, idea = ctx.names()
    return CanvasHeader(lab=lab, unit=unit, idea=idea)


def _template(ctx: Sources | None) -> Template:
    if ctx is not None:
        return ctx.template(CANVAS_CODE)
    return default_registry().get(CANVAS_CODE)


def canvas_flowable(
    ctx: Sources, width: float, height: float, data: dict[str, Any] | None = None, header: bool = True
) -> CanvasGrid:
    """The filled canvas of the idea of ``ctx`` as one flowable of exactly ``width`` × ``height``
    (e.g. :func:`canvas_frame_size` for a landscape page of the Rencana Proyek Inovasi). Put
    ``grid.appendix()`` right after it so text that did not fit is printed in full."""
    template = _template(ctx)
    data = ctx.load(CANVAS_CODE) if data is None else data
    sources = canvas_sources(ctx)
    head = None
    if header:
        names = _names(ctx)
        head = CanvasHeader(names.lab, names.unit, names.idea or sources.idea_name, sources.idea_long_name)
    return CanvasGrid(canvas_content(data, sources, template), head, width, height, template=template)


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None
) -> list[Flowable]:
    """The worksheet print pipeline's body for a filled LK-3: the canvas in the room left on the
    page (or a fresh page), then the appendix when some text did not fit."""
    sources = canvas_sources(ctx) if ctx is not None else CanvasSources()
    grid = CanvasGrid(canvas_content(data, sources, template), None, width, None, template=template)
    return [grid, grid.appendix()]


def blank_body(template: Template, width: float, ctx: Sources | None) -> list[Flowable]:
    """The worksheet print pipeline's body for a blank LK-3: empty boxes with their questions."""
    grid = CanvasGrid(_blank_contents(), None, width, None, blank=True, template=template)
    return [grid]


def _blank_contents() -> list[BoxContent]:
    return [BoxContent(box) for box in canvas_boxes()]


# --- whole documents ------------------------------------------------------------------------------------


def render_canvas(
    ctx: Sources | None = None,
    data: dict[str, Any] | None = None,
    paper: str = "a4",
    *,
    sources: CanvasSources | None = None,
    template: Template | None = None,
    lab: str = "",
    unit: str = "",
    idea: str = "",
) -> bytes:
    """The filled canvas of one idea as a PDF: one landscape page (A4, F4 or A3), plus a
    "Lampiran kanvas" page when some box's text did not fit.

    With ``ctx`` the data, the upstream sources and the names are read from the database
    (``data``/``lab``/``unit``/``idea`` given here win); without it, pass them yourself."""
    ctx = gathered(ctx)  # read once, then laid out
    template = template or _template(ctx)
    if ctx is not None:
        data = ctx.load(CANVAS_CODE) if data is None else data
        sources = sources or canvas_sources(ctx)
        names = _names(ctx)
        lab, unit, idea = lab or names.lab, unit or names.unit, idea or names.idea
    sources = sources or CanvasSources()
    data = data or {}
    head = CanvasHeader(lab, unit, idea or sources.idea_name, sources.idea_long_name)
    info = DocumentInfo(
        title=_("Kanvas Inovasi"),
        lab=lab,
        unit=unit,
        code=CANVAS_CODE,
        paper=paper,
        landscape=True,
        subject=idea or _("Kanvas Inovasi"),
    )
    register_fonts()
    w, h = canvas_frame_size(paper)
    grid = CanvasGrid(canvas_content(data, sources, template), head, w, h, template=template)
    return build([grid, grid.appendix()], info)


def render_blank_canvas(paper: str = "a3", lab: str = "", unit: str = "", idea: str = "") -> bytes:
    """The empty canvas for groups that work on paper: the boxes with their titles and guiding
    questions, tick boxes for the pentahelix partners, a line for the budget (A3 is the poster)."""
    template = default_registry().get(CANVAS_CODE)
    info = DocumentInfo(
        title=_("Kanvas Inovasi"),
        lab=lab,
        unit=unit,
        code=CANVAS_CODE,
        paper=paper,
        landscape=True,
        subject=_("Kanvas Inovasi kosong"),
    )
    register_fonts()
    w, h = canvas_frame_size(paper)
    grid = CanvasGrid(_blank_contents(), CanvasHeader(lab, unit, idea), w, h, blank=True, template=template)
    return build([grid], info)
