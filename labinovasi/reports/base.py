"""The one PDF renderer base every document is built on.

Fonts are registered once from ``resources/fonts``; a named stylesheet; page templates for
portrait and landscape pages (and a bare cover page); a header with the lab and unit, a footer
with "Halaman X dari Y"; A4 and F4 paper; ``build()`` returns the PDF as bytes.

User text must go through :func:`esc` (or :func:`para`) before it reaches a Paragraph, so
``Biaya < 5 juta & <b>cepat</b>`` prints exactly those characters; text drawn straight on the canvas
goes through :func:`draw_text`. Both print each character in the first shipped font that has it:
Liberation Sans, then DejaVu Sans (Arabic, many symbols), then Symbola (emoji). ReportLab has no font
fallback of its own, so the text is cut into runs by glyph coverage.

Every font a PDF uses is one of the shipped, embedded ones: the canvas maps any request for a
PDF standard font (ReportLab's default Helvetica, e.g. for a table cell without a font) to them.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

from labinovasi import __version__
from labinovasi.domain.text import clean_text
from labinovasi.i18n import _, format_date
from labinovasi.reports.common import PaperError
from labinovasi.resources import resource_path

F4 = (215 * mm, 330 * mm)
PAPERS = {"a4": A4, "f4": F4, "a3": (297 * mm, 420 * mm)}  # A3: the Kanvas Inovasi poster

FONT = "LabSans"
FONT_BOLD = "LabSans-Bold"
FONT_ITALIC = "LabSans-Italic"
FONT_BOLD_ITALIC = "LabSans-BoldItalic"
FALLBACK = "LabSymbols"  # DejaVu Sans: scripts and symbols Liberation Sans lacks
FALLBACK_BOLD = "LabSymbols-Bold"
EMOJI = "LabEmoji"  # Symbola: emoji
OWN_FONTS = (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC, FALLBACK, FALLBACK_BOLD, EMOJI)

INK = colors.HexColor("#1b2a3a")
MUTED = colors.HexColor("#5b6770")
RULE = colors.HexColor("#8c96a0")
LIGHT = colors.HexColor("#e8edf2")
ACCENT = colors.HexColor("#7a1f2b")  # a deep maroon, the colour of many Pemda letterheads

MARGIN = 18 * mm
HEADER_H = 12 * mm
FOOTER_H = 10 * mm


def paper_size(paper: str) -> tuple[float, float]:
    try:
        return PAPERS[paper.lower()]
    except KeyError:
        raise PaperError(_("Ukuran kertas tidak dikenal: {p} (pilih a4 atau f4)").format(p=paper)) from None


class _TTFont(TTFont):
    """A TrueType font whose text, once its characters have their codes in a document's first subset
    (nearly every line after the first page), is encoded with one ``str.translate`` instead of
    ReportLab's loop over each character. New characters still go through ReportLab's own
    :meth:`splitString`, which gives them their codes."""

    def splitString(self, text, doc, encoding="utf-8"):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN201, N802 - ReportLab's
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            fast = state.__dict__.get("_lab_fast")
            if fast is not None and fast[0] == len(state.assignments) and fast[1].issuperset(text):
                return [(0, text.translate(fast[2]).encode("latin-1"))] if text else []
        result = super().splitString(text, doc, encoding)
        state = self.state.get(doc)
        if state is not None:
            known = state.assignments
            fast = state.__dict__.get("_lab_fast")
            if fast is None or fast[0] != len(known):
                table = {c: n for c, n in known.items() if n < 256}
                if 32 in table:
                    table[0xA0] = table[32]  # ReportLab prints a no-break space as a space
                state._lab_fast = (len(known), frozenset(map(chr, table)), table)
        return result


@cache
def register_fonts() -> None:
    """Register the shipped Unicode TTF fonts once per process."""
    files = {
        FONT: "LiberationSans-Regular.ttf",
        FONT_BOLD: "LiberationSans-Bold.ttf",
        FONT_ITALIC: "LiberationSans-Italic.ttf",
        FONT_BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
        FALLBACK: "DejaVuSans.ttf",
        FALLBACK_BOLD: "DejaVuSans-Bold.ttf",
        EMOJI: "Symbola.ttf",
    }
    for name, file in files.items():
        pdfmetrics.registerFont(_TTFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    pdfmetrics.registerFontFamily(
        FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK, boldItalic=FALLBACK_BOLD
    )
    pdfmetrics.registerFontFamily(EMOJI, normal=EMOJI, bold=EMOJI, italic=EMOJI, boldItalic=EMOJI)


# what a request for a PDF standard font prints in instead (see _NumberedCanvas.setFont)
_STANDARD_FONTS = {
    "Helvetica": FONT,
    "Helvetica-Bold": FONT_BOLD,
    "Helvetica-Oblique": FONT_ITALIC,
    "Helvetica-BoldOblique": FONT_BOLD_ITALIC,
    "Times-Roman": FONT,
    "Times-Bold": FONT_BOLD,
    "Times-Italic": FONT_ITALIC,
    "Times-BoldItalic": FONT_BOLD_ITALIC,
    "Courier": FONT,
    "Courier-Bold": FONT_BOLD,
    "Courier-Oblique": FONT_ITALIC,
    "Courier-BoldOblique": FONT_BOLD_ITALIC,
    "Symbol": FALLBACK,
    "ZapfDingbats": FALLBACK,
}


@cache
def _coverage() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The code points Liberation Sans, DejaVu Sans and Symbola have glyphs for."""
    register_fonts()
    main, symbols, emoji = (
        frozenset(cast(TTFont, pdfmetrics.getFont(name)).face.charToGlyph) for name in (FONT, FALLBACK, EMOJI)
    )
    return main, symbols, emoji


def font_runs(text: str, font: str = FONT) -> list[tuple[str, str]]:
    """``text`` cut into ``(font, run)`` pieces: each character in ``font`` (one of the Liberation Sans
    faces) when it has the glyph, else in DejaVu Sans (bold for a bold ``font``), else in Symbola.
    Invisible format characters no font draws (emoji variation selectors, joiners) are left out;
    a character no shipped font has stays in ``font`` (it prints as an empty box)."""
    if text.isascii():
        return [(font, text)] if text else []
    main, symbols, emoji = _coverage()
    fallback = FALLBACK_BOLD if font in (FONT_BOLD, FONT_BOLD_ITALIC) else FALLBACK
    runs: list[tuple[str, list[str]]] = []
    for ch in text:
        c = ord(ch)
        if c in main or c < 32:
            f = font
        elif c in symbols:
            f = fallback
        elif c in emoji:
            f = EMOJI
        elif unicodedata.category(ch) in ("Cf", "Mn") or 0xFE00 <= c <= 0xFE0F:
            continue
        else:
            f = font
        if runs and runs[-1][0] == f:
            runs[-1][1].append(ch)
        else:
            runs.append((f, [ch]))
    return [(f, "".join(chars)) for f, chars in runs]


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of ``text`` in points, each run in the font that prints it."""
    return sum(pdfmetrics.stringWidth(run, f, size) for f, run in font_runs(text, font))


def draw_text(
    canv: rl_canvas.Canvas, x: float, y: float, text: str, font: str, size: float, anchor: str = "left"
) -> None:
    """Draw one line of user text at ``(x, y)`` (``anchor`` left, centre or right), each run in the
    font that has its glyphs."""
    text = " ".join(clean_text(str(text)).split())
    if anchor != "left":
        width = text_width(text, font, size)
        x -= width if anchor == "right" else width / 2
    for f, run in font_runs(text, font):
        canv.setFont(f, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, f, size)
    canv.setFont(font, size)


@cache
def stylesheet() -> StyleSheet1:
    register_fonts()
    ss = StyleSheet1()
    base = ParagraphStyle(
        "Body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, splitLongWords=True
    )
    ss.add(base)
    add = ss.add
    add(ParagraphStyle("Small", parent=base, fontSize=8.5, leading=11))
    add(ParagraphStyle("Muted", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    add(ParagraphStyle("Help", parent=base, fontName=FONT_ITALIC, fontSize=8.5, leading=11, textColor=MUTED))
    add(ParagraphStyle("Cell", parent=base, fontSize=9, leading=11.5))
    add(
        ParagraphStyle(
            "CellHead", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5, alignment=TA_CENTER
        )
    )
    add(
        ParagraphStyle(
            "Label", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=2
        )
    )
    add(ParagraphStyle("Value", parent=base, leftIndent=0, spaceAfter=4))
    add(ParagraphStyle("Title", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4))
    add(ParagraphStyle("Subtitle", parent=base, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8))
    add(
        ParagraphStyle(
            "H1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=4,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=True,
        )
    )
    add(
        ParagraphStyle(
            "H2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=True,
        )
    )
    add(
        ParagraphStyle(
            "H3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=True,
        )
    )
    add(
        ParagraphStyle(
            "CoverTitle",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=24,
            leading=30,
            alignment=TA_CENTER,
            textColor=ACCENT,
        )
    )
    add(ParagraphStyle("CoverText", parent=base, fontSize=13, leading=18, alignment=TA_CENTER))
    add(
        ParagraphStyle(
            "CoverBig", parent=base, fontName=FONT_BOLD, fontSize=17, leading=22, alignment=TA_CENTER
        )
    )
    add(ParagraphStyle("Center", parent=base, alignment=TA_CENTER))
    add(ParagraphStyle("Left", parent=base, alignment=TA_LEFT))
    return ss


class Para(Paragraph):
    """A Paragraph that remembers its last wrap: ReportLab wraps a table cell once to size its row and
    again to draw it, and a heading kept with the next flowable is wrapped for every try. The lines
    depend only on the width, so a second wrap at the same width costs nothing."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._wrapped_at = None  # split() may drop or replace the lines
        return super().split(availWidth, availHeight)


def style(name: str) -> ParagraphStyle:
    return cast(ParagraphStyle, stylesheet()[name])


def esc(text: object, font: str = FONT) -> str:
    """Escape user text for a Paragraph: markup characters print literally, newlines break lines,
    control characters are dropped, and characters Liberation Sans lacks are set in the fallback
    fonts (a ``<font>`` tag per run, see :func:`font_runs`; ``font`` is the paragraph's own font, so
    the fallback of a bold paragraph is bold)."""
    raw = clean_text("" if text is None else str(text))
    out = [
        escape(run) if f == font else f'<font name="{f}">{escape(run)}</font>'
        for f, run in font_runs(raw, font)
    ]
    return "".join(out).replace("\n", "<br/>")


def plain(text: object, st: ParagraphStyle) -> Paragraph:
    """A Paragraph of *user* text in ``st``, printed literally. Text on one line skips ReportLab's
    markup parser (a quarter of a plan's time): its fragment is the one the parser made of plain
    text in this style (kept on the style object), holding the text with whitespace collapsed as the parser
    would. Text with line breaks goes through :func:`esc` and the parser."""
    raw = clean_text("" if text is None else str(text))
    if "\n" not in raw and "\r" not in raw:
        clean = cleanBlockQuotedText(raw)
        # the fast path only for text the style's own font prints whole (no fallback font runs,
        # no invisible characters left out)
        if clean and font_runs(clean, st.fontName) == [(st.fontName, clean)]:
            # a style made from this one copies its attributes: the fragment is only this style's own
            cached = getattr(st, "_lab_plain_fragment", None)
            if cached is not None and cached[0] == id(st):
                frag = cached[1]
            else:
                [frag] = Paragraph("x", st).frags
                st._lab_plain_fragment = (id(st), frag)  # type: ignore[attr-defined]
            return Para(esc(clean, st.fontName), st, frags=[frag.clone(text=clean, link=[], us_lines=[])])
    return Para(esc(raw, st.fontName), st)


def para(text: object, style_name: str = "Body") -> Paragraph:
    """A Paragraph of *user* text, escaped (see :func:`plain`)."""
    return plain(text, style(style_name))


# (markup, style name) -> the fragments the parser made of it: labels, column heads and headings repeat
# on every plan, so each is parsed once per process
_parsed_markup: dict[tuple[str, str], list[ParaFrag]] = {}
PARSED_MARKUP_MAX = 4000  # beyond this (markup around user text) the memo starts again


def _copy_frags(frags: list[ParaFrag]) -> list[ParaFrag]:
    """Fragments a new paragraph may own: each one copied, with its own lists of links and lines."""
    out = []
    for f in frags:
        c = f.clone()
        for name in ("link", "us_lines"):
            value = getattr(f, name, None)
            if isinstance(value, list):
                setattr(c, name, list(value))
        out.append(c)
    return out


def markup(html: str, style_name: str = "Body") -> Paragraph:
    """A Paragraph of the *program's own* markup (never user text). The same markup in the same style
    is parsed once; each paragraph gets its own copy of the fragments."""
    st = style(style_name)
    key = (html, style_name)
    frags = _parsed_markup.get(key)
    if frags is not None:
        return Para(html, st, frags=_copy_frags(frags))
    p = Para(html, st)
    # only markup that keeps the style as it is (no <para> attributes, no bullet) is kept
    if p.style is st and p.bulletText is None and not getattr(st, "bulletText", None):
        if len(_parsed_markup) >= PARSED_MARKUP_MAX:
            _parsed_markup.clear()
        _parsed_markup[key] = _copy_frags(p.frags)
    return p


def long_text(text: str, style_name: str = "Value") -> list[Flowable]:
    """User text of any length as splittable paragraphs (one per line of the text)."""
    text = (text or "").replace("\r\n", "\n")
    out: list[Flowable] = []
    for line in text.split("\n"):
        out.append(Para(esc(line) if line.strip() else "&nbsp;", style(style_name)))
    return out


@dataclass
class DocumentInfo:
    """What the header and footer of every page show."""

    title: str  # the document, e.g. "Rencana Proyek Inovasi"
    lab: str = ""
    unit: str = ""
    code: str = ""  # a worksheet code shown on each page, e.g. "LK-2f"
    paper: str = "a4"
    landscape: bool = False
    author: str = ""
    subject: str = ""
    cover: bool = False  # the first page is a cover without header and footer
    kop: bool = False  # the first page opens with the lab's letterhead: no running header above it
    printed_on: dt.date = field(default_factory=dt.date.today)


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers page output to the end so every footer can say "Halaman X dari Y"."""

    def __init__(self, *args, info: DocumentInfo, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []
        self._info = info

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:  # noqa: N802
        # a PDF standard font would be referenced but not embedded; print in the shipped ones instead
        super().setFont(_STANDARD_FONTS.get(psfontname, psfontname), size, leading)

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved.append(dict(self.__dict__))
        self._lab_cover = False
        self._lab_section = False
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, missing from the stubs

    def save(self) -> None:
        contents = getattr(self, "_lab_contents", None)
        if contents is not None:
            contents.draw_forms(self)
        # A cover page starts a section (one unit's plan in a combined PDF): it has no footer, and
        # "Halaman X dari Y" counts the pages of its own section. A page with a SectionStart starts a
        # section too, as its first numbered page (one unit's statements in the all-units Komitmen).
        sections: list[list[int]] = [[]]
        for i, state in enumerate(self._saved):
            if state.get("_lab_cover"):
                sections.append([])
            else:
                if state.get("_lab_section") and sections[-1]:
                    sections.append([])
                sections[-1].append(i)
        numbers = {i: (n, len(pages)) for pages in sections for n, i in enumerate(pages, start=1)}
        for i, state in enumerate(self._saved):
            self.__dict__.update(state)
            if i in numbers:
                self._draw_footer(*numbers[i])
            super().showPage()
        super().save()

    def _draw_footer(self, page: int, total: int) -> None:
        w, _h = self._pagesize  # type: ignore[attr-defined]  # ReportLab's own, missing from the stubs
        info = self._info
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, MARGIN - 2 * mm, w - MARGIN, MARGIN - 2 * mm)
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        left = info.title
        if info.code:
            left = f"{info.code} · {left}"
        draw_text(
            self, MARGIN, MARGIN - 6 * mm, clip_text(left, FONT, 7.5, (w - 2 * MARGIN) * 0.45), FONT, 7.5
        )
        self.drawCentredString(
            w / 2, MARGIN - 6 * mm, _("Dicetak {date}").format(date=format_date(info.printed_on))
        )
        self.drawRightString(w - MARGIN, MARGIN - 6 * mm, _("Halaman {x} dari {y}").format(x=page, y=total))
        self.restoreState()


def clip_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` (one line) shortened with an ellipsis to fit ``width`` points."""
    text = " ".join(clean_text(str(text)).split())
    if text_width(text, font, size) <= width:
        return text
    lo, hi = 0, min(len(text), 1000)  # no page is 1000 characters wide
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


def _draw_header(canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
    # a sheet of a pack carries its own lab, unit and code (see SheetTemplate)
    info: DocumentInfo = getattr(doc.pageTemplate, "lab_info", None) or doc._lab_info  # type: ignore[attr-defined]
    w, h = canv._pagesize  # type: ignore[attr-defined]  # ReportLab's own, missing from the stubs
    top = h - MARGIN + 4 * mm
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, 8.5)
    half = (w - 2 * MARGIN) * 0.62
    draw_text(
        canv,
        MARGIN,
        top,
        clip_text(info.lab or _("Laboratorium Inovasi"), FONT_BOLD, 8.5, half),
        FONT_BOLD,
        8.5,
    )
    canv.setFillColor(MUTED)
    canv.setFont(FONT, 8.5)
    if info.unit:
        draw_text(canv, MARGIN, top - 4 * mm, clip_text(info.unit, FONT, 8.5, half), FONT, 8.5)
    if info.code:
        canv.setFont(FONT_BOLD, 11)
        canv.setFillColor(INK)
        draw_text(canv, w - MARGIN, top - 1 * mm, info.code, FONT_BOLD, 11, "right")
    else:
        draw_text(
            canv,
            w - MARGIN,
            top,
            clip_text(info.title, FONT, 8.5, (w - 2 * MARGIN) * 0.35),
            FONT,
            8.5,
            "right",
        )
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(1)
    canv.line(MARGIN, top - 6.5 * mm, w - MARGIN, top - 6.5 * mm)
    canv.restoreState()


def _frame(size: tuple[float, float], ident: str, with_header: bool = True) -> Frame:
    w, h = size
    top_gap = MARGIN + (HEADER_H if with_header else 0)
    return Frame(
        MARGIN,
        MARGIN + 2 * mm,
        w - 2 * MARGIN,
        h - top_gap - MARGIN - 2 * mm,
        id=ident,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


PORTRAIT = "portrait"
LANDSCAPE = "landscape"
COVER = "cover"
KOP = "kop"  # a portrait page that opens with the letterhead: footer, no running header


class SectionStart(Flowable):
    """From the page this is on, "Halaman X dari Y" counts anew (each unit's part of a bundle)."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._lab_section = True  # type: ignore[attr-defined]  # read by _NumberedCanvas.save


def to_landscape() -> NextPageTemplate:
    return NextPageTemplate(LANDSCAPE)


def to_portrait() -> NextPageTemplate:
    return NextPageTemplate(PORTRAIT)


@dataclass(frozen=True)
class SheetTemplate:
    """A page template of its own for one sheet of a bundle of documents (a pack of worksheets): its
    pages show the sheet's unit and code in the header. Start the sheet with ``NextPageTemplate(ident)``
    and a page break; the first sheet given to :func:`build` is the first page's template."""

    ident: str
    info: DocumentInfo


class LabDocTemplate(BaseDocTemplate):
    """Page templates (cover, portrait, landscape) and PDF outline entries for headings."""

    def __init__(self, buf: io.BytesIO, info: DocumentInfo, sheets: Sequence[SheetTemplate] = ()):
        size = paper_size(info.paper)
        port, land = portrait(size), landscape(size)
        super().__init__(
            buf,
            pagesize=land if info.landscape else port,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=info.title if not info.unit else f"{info.title} — {info.unit}",
            author=info.author or info.lab,
            subject=info.subject or info.lab,
            creator=f"Lab Inovasi {__version__}",
            producer=f"Lab Inovasi {__version__}",
            initialFontName=FONT,
            initialFontSize=10,
        )
        self._lab_info = info
        templates = [
            PageTemplate(id=PORTRAIT, frames=[_frame(port, "p")], onPage=_draw_header, pagesize=port),
            PageTemplate(id=LANDSCAPE, frames=[_frame(land, "l")], onPage=_draw_header, pagesize=land),
        ]
        if info.landscape:
            templates.reverse()
        kop = PageTemplate(id=KOP, frames=[_frame(port, "k", with_header=False)], pagesize=port)
        templates.insert(0 if info.kop else len(templates), kop)
        templates.append(
            PageTemplate(
                id=COVER, frames=[_frame(port, "c", with_header=False)], pagesize=port, onPage=self._on_cover
            )
        )
        if info.cover:
            templates.insert(0, templates.pop())
        for sheet in reversed(sheets):
            page = land if sheet.info.landscape else port
            t = PageTemplate(
                id=sheet.ident, frames=[_frame(page, sheet.ident)], onPage=_draw_header, pagesize=page
            )
            t.lab_info = sheet.info  # type: ignore[attr-defined]  # read by _draw_header
            templates.insert(0, t)
        self.addPageTemplates(templates)
        self._outline_seq = 0
        self._outline_last = -1
        self._section_first_page = 1

    def _on_cover(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv._lab_cover = True  # type: ignore[attr-defined]  # read by _NumberedCanvas.save
        self._section_first_page = doc.page + 1

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's name
        self._outline_seq = 0
        self._outline_last = -1
        self._section_first_page = 1

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        level = getattr(flowable, "_outline_level", None)
        if level is None:
            return
        # A part printed inside another document (a unit's plan in the combined PDF, a worksheet's own
        # headings inside a plan) may sit deeper than its headings say: an outline never skips a level.
        level = min(level, self._outline_last + 1)
        self._outline_last = level
        self._outline_seq += 1
        key = f"o{self._outline_seq}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable._outline_title, key, level=level, closed=level > 0)  # type: ignore[attr-defined]
        # the table of contents shows the page number printed in the footer of the section
        contents = getattr(self, "_lab_contents", None)
        if contents is not None and level <= contents.max_level:
            page = self.page - self._section_first_page + 1
            contents.entries.append((level, flowable._outline_title, page))  # type: ignore[attr-defined]


def heading(text: str, level: int = 0, style_name: str | None = None, user_text: bool = True) -> Paragraph:
    """A heading that also becomes a PDF outline (bookmark) entry."""
    st = style(style_name or ("H1" if level == 0 else "H2"))
    p = Para(esc(text, st.fontName) if user_text else text, st)
    p._outline_level = level  # type: ignore[attr-defined]
    p._outline_title = " ".join(str(text).split())[:120]  # type: ignore[attr-defined]
    return p


class Bookmark(Flowable):
    """An outline (bookmark) entry at this place, without anything printed."""

    def __init__(self, title: str, level: int):
        super().__init__()
        self._outline_title = " ".join(title.split())[:120]
        self._outline_level = level

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


TOC_LINE = {0: 7.2 * mm, 1: 5.4 * mm}  # height of a contents line by level (with its spacing)


class Contents(Flowable):
    """Where the "Daftar Isi" goes. :func:`build` reserves whole pages for it and draws the entries
    (with the page numbers printed in the footers) into those pages once the document is laid out,
    so the document is laid out once, not once per pass until the numbers settle."""

    def __init__(self, levels: int = 2):
        super().__init__()
        self.max_level = levels - 1

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:  # replaced by _ContentsPage in build()
        pass


def table_of_contents(levels: int = 2) -> Contents:
    return Contents(levels)


@dataclass
class _ContentsState:
    max_level: int
    entries: list[tuple[int, str, int]] = field(default_factory=list)  # level, title, printed page
    pages: list[tuple[str, float, float]] = field(default_factory=list)  # form name, width, height

    def draw_forms(self, canv: rl_canvas.Canvas) -> None:
        """Define each reserved page's form: the entries, a dotted leader and the page number."""
        queue = list(self.entries)
        for name, width, height in self.pages:
            canv.beginForm(name, 0, 0, width, height)
            y = height
            while queue and y - TOC_LINE[min(queue[0][0], 1)] >= 0:
                level, title, page = queue.pop(0)
                y -= TOC_LINE[min(level, 1)]
                font, size = (FONT_BOLD, 10.5) if level == 0 else (FONT, 9.5)
                indent = level * 8 * mm
                number = str(page)
                num_w = pdfmetrics.stringWidth(number, font, size)
                text = clip_text(title, font, size, width - indent - num_w - 12 * mm)
                canv.setFont(font, size)
                canv.setFillColor(INK)
                canv.drawString(indent, y + 1.5 * mm, text)
                canv.drawRightString(width, y + 1.5 * mm, number)
                start = indent + pdfmetrics.stringWidth(text, font, size) + 2 * mm
                canv.setStrokeColor(MUTED)
                canv.setLineWidth(0.6)
                canv.setDash(0.6, 2.2)
                canv.line(start, y + 1.5 * mm, width - num_w - 2 * mm, y + 1.5 * mm)
                canv.setDash()
            canv.endForm()


class _ContentsPage(Flowable):
    """One reserved page (the rest of the frame) of the contents."""

    def __init__(self, state: _ContentsState, index: int):
        super().__init__()
        self.state, self.index = state, index

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, avail_h - 1
        return self.width, self.height

    def draw(self) -> None:
        name = f"labContents{self.index}"
        if all(n != name for n, _w, _h in self.state.pages):
            self.state.pages.append((name, self.width, self.height))
        self.canv.doForm(name)


def _expand_contents(
    flowables: list[Flowable], info: DocumentInfo
) -> tuple[list[Flowable], _ContentsState | None]:
    marker = next((f for f in flowables if isinstance(f, Contents)), None)
    if marker is None:
        return flowables, None
    state = _ContentsState(marker.max_level)

    def levels(items: Sequence[Flowable]) -> list[int]:
        out: list[int] = []
        for f in items:
            level = getattr(f, "_outline_level", None)
            if level is not None and level <= state.max_level:
                out.append(level)
            inner = getattr(f, "_content", None)  # KeepTogether
            if isinstance(inner, list):
                out += levels(inner)
        return out

    need = sum(TOC_LINE[min(level, 1)] for level in levels(flowables))
    frame_h = portrait(paper_size(info.paper))[1] - 2 * MARGIN - HEADER_H - 2 * mm
    pages = max(1, -(-int(need + 30 * mm) // int(frame_h)))  # the first page also holds the title
    at = flowables.index(marker)
    reserved: list[Flowable] = []
    for i in range(pages):
        if i:
            reserved.append(PageBreak())
        reserved.append(_ContentsPage(state, i))
    return flowables[:at] + reserved + flowables[at + 1 :], state


def build(story: Sequence[Flowable], info: DocumentInfo, sheets: Sequence[SheetTemplate] = ()) -> bytes:
    """Lay out ``story`` on the lab's page templates (and those of ``sheets``) and return the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    doc = LabDocTemplate(buf, info, sheets)
    flowables, contents = _expand_contents(list(story), info)
    doc._lab_contents = contents  # type: ignore[attr-defined]  # read by the contents flowable

    def make_canvas(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        canv = _NumberedCanvas(*args, info=info, **kwargs)
        canv._lab_contents = contents
        return canv

    doc.build(flowables, canvasmaker=make_canvas)
    return buf.getvalue()


def content_width(info: DocumentInfo, landscape_page: bool | None = None) -> float:
    size = paper_size(info.paper)
    is_land = info.landscape if landscape_page is None else landscape_page
    w = landscape(size)[0] if is_land else portrait(size)[0]
    return w - 2 * MARGIN
