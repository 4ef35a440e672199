"""Rencana aksi (LK-3b) in print: the action table, the Gantt chart with the LK-3c milestones, and the
Gantt of an idea for the Rencana Proyek Inovasi.

The Gantt is a custom flowable drawn straight on the canvas (cheap: no table, no paragraphs) that splits
between pages by rows and repeats its time axis on every part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from labinovasi.i18n import _, format_rupiah
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
    INK,
    LIGHT,
    MUTED,
    RULE,
    Para,
    clip_text,
    esc,
    long_text,
    markup,
    plain,
    style,
)
from labinovasi.worksheets.action_plan import (
    ACTION_PLAN,
    ACTIONS,
    BUDGET,
    END,
    MILESTONES,
    START,
    CellProblem,
    action_field,
    cell_problems,
    total_budget,
)
from labinovasi.worksheets.codes import MONEV
from labinovasi.worksheets.gantt import (
    GRID_COLOUR,
    INK_COLOUR,
    PROGRESS_COLOUR,
    STALLED_COLOUR,
    WARNING_COLOUR,
    GanttBar,
    GanttPlan,
    Milestone,
    cell_text,
    gantt_plan,
    progress_short,
    short_date,
)
from labinovasi.worksheets.monev import Progress, latest_progress
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Template

WARN = colors.HexColor(WARNING_COLOUR)
PROGRESS = colors.HexColor(PROGRESS_COLOUR)
STALLED = colors.HexColor(STALLED_COLOUR)
WARN_BG = colors.HexColor("#FBE3D6")  # a cell whose value is wrong or breaks a rule
STRIPE = colors.HexColor("#F4F6F8")
PROBLEM_MARK = "(!)"  # the shipped font has no ⚠ glyph
WHOLE_CHART = 165 * mm  # a chart up to this height is not split: it starts on a new page if need be
TITLE_H = 14 * mm
LABEL_LIMIT = 240
LONG_CELL = 1200  # characters: a longer text shows its start in the cell and prints in full below the table  # characters of an activity considered for a Gantt label (the table prints it all)


def _hex(c: str) -> colors.Color:
    return colors.HexColor(c)


def _darker(c: colors.Color, f: float = 0.6) -> colors.Color:
    return colors.Color(c.red * f, c.green * f, c.blue * f)


# --- the Gantt chart --------------------------------------------------------------------------------

Line = tuple[str, Any]  # ("bar", GanttBar) | ("stone", Milestone)


def _lines(plan: GanttPlan) -> list[Line]:
    return [("bar", b) for b in plan.bars] + [("stone", m) for m in plan.milestones]


class GanttFlowable(Flowable):
    """A Gantt chart of ``plan``: activity labels on the left, bars on a month (or week) axis, milestone
    diamonds with dashed lines for uji coba / launching / penerapan, and warning markers for rows whose
    dates cannot be drawn. Splits between pages by rows; every part repeats the axis header."""

    ROW_H = 16.0
    BAND_H = 11.0
    TICK_H = 11.0
    FONT_SIZE = 6.8
    LEADING = 7.4

    def __init__(
        self, plan: GanttPlan, width: float | None = None, lines: Sequence[Line] | None = None, part: int = 0
    ):
        super().__init__()
        self.plan = plan
        self.req_width = width
        self.lines = list(lines) if lines is not None else _lines(plan)
        self.part = part
        self.width = width or 0.0
        self.height = 0.0

    @property
    def header_h(self) -> float:
        return self.BAND_H + self.TICK_H

    def _height(self, n: int) -> float:
        return self.header_h + n * self.ROW_H + 2

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = min(self.req_width or avail_w, avail_w)
        self.height = self._height(len(self.lines))
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        self.wrap(avail_w, avail_h)
        if self.height <= avail_h:
            return [self]
        fit = int((avail_h - self._height(0)) // self.ROW_H)
        if fit < min(3, len(self.lines)):
            return []  # too little room: start on the next page
        head = GanttFlowable(self.plan, self.req_width, self.lines[:fit], self.part)
        tail = GanttFlowable(self.plan, self.req_width, self.lines[fit:], self.part + 1)
        return [head, tail]

    # geometry
    def _label_w(self) -> float:
        return max(38 * mm, min(self.width * 0.28, 78 * mm))

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        lw = self._label_w()
        cw = w - lw
        plan = self.plan
        rows_top = h - self.header_h
        rows_bottom = rows_top - len(self.lines) * self.ROW_H

        def xpos(f: float) -> float:
            return lw + f * cw

        c.saveState()
        # stripes first, so that grid, bars and text lie on top
        for i, _line in enumerate(self.lines):
            if i % 2 == 1:
                c.setFillColor(STRIPE)
                c.rect(0, rows_top - (i + 1) * self.ROW_H, w, self.ROW_H, stroke=0, fill=1)

        # header: bands (years / months) above ticks (months / weeks)
        c.setFillColor(LIGHT)
        c.rect(0, rows_top, w, self.header_h, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT_BOLD, 7.5)
        title = _("Kegiatan") if self.part == 0 else _("Kegiatan (lanjutan)")
        c.drawString(3, rows_top + 4, clip_text(title, FONT_BOLD, 7.5, lw - 6))
        if not plan.has_dates:
            c.setFont(FONT, 7.5)
            c.setFillColor(MUTED)
            c.drawString(lw + 4, rows_top + 4, _("Belum ada tanggal untuk digambar"))
        band_y = rows_top + self.TICK_H
        c.setFont(FONT_BOLD, 7)
        for band in plan.bands:
            x0, x1 = xpos(band.x0), xpos(band.x1)
            text = _fit(band.label, band.short, FONT_BOLD, 7, x1 - x0 - 3)
            if text:
                c.drawCentredString((x0 + x1) / 2, band_y + 3.2, text)
        c.setFont(FONT, 6.8)
        every = _label_step(plan, cw)
        for k, tick in enumerate(plan.ticks):
            if k % every:
                continue
            x0 = xpos(tick.x0)
            x1 = xpos(plan.ticks[min(k + every - 1, len(plan.ticks) - 1)].x1)
            text = _fit(tick.short, tick.short, FONT, 6.8, x1 - x0 - 1)
            if text:
                c.drawCentredString((x0 + x1) / 2, rows_top + 3.2, text)

        # grid: a light line at every tick, a darker one at every band
        c.setLineWidth(0.35)
        c.setStrokeColor(_hex(GRID_COLOUR))
        for tick in plan.ticks:
            x = xpos(tick.x0)
            c.line(x, rows_bottom, x, rows_top + self.TICK_H)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        for band in plan.bands:
            x = xpos(band.x0)
            c.line(x, rows_bottom, x, rows_top + self.header_h)
        c.line(lw, rows_bottom, lw, rows_top + self.header_h)
        c.rect(0, rows_bottom, w, h - rows_bottom, stroke=1, fill=0)
        c.line(0, rows_top, w, rows_top)
        c.setLineWidth(0.3)
        c.line(lw, rows_top + self.TICK_H, w, rows_top + self.TICK_H)

        # milestone lines across every row of this part
        for m in plan.milestones:
            if m.kind == "tonggak":
                continue
            x = xpos(m.x)
            c.setStrokeColor(_darker(_hex(m.colour), 0.85))
            c.setLineWidth(0.7)
            c.setDash(2, 1.5)
            c.line(x, rows_bottom, x, rows_top)
            c.setDash()

        for i, (kind, item) in enumerate(self.lines):
            top = rows_top - i * self.ROW_H
            mid = top - self.ROW_H / 2
            if kind == "stone":
                if i == 0 or self.lines[i - 1][0] != "stone":
                    c.setStrokeColor(RULE)
                    c.setLineWidth(0.6)
                    c.line(0, top, w, top)
                self._draw_stone(item, lw, cw, mid)
            else:
                self._draw_bar(item, lw, cw, top, mid)
        c.restoreState()

    def _label(
        self, text: str, x: float, top: float, width: float, colour: colors.Color, font: str = FONT
    ) -> None:
        c = self.canv
        size = self.FONT_SIZE
        text = " ".join(text[:LABEL_LIMIT].split())
        lines = simpleSplit(text, font, size, width)
        if len(lines) > 2:
            lines = [lines[0], clip_text(" ".join(lines[1:3]), font, size, width)]
        c.setFont(font, size)
        c.setFillColor(colour)
        first = top - (self.ROW_H - len(lines) * self.LEADING) / 2 - size * 0.95
        for k, line in enumerate(lines):
            c.drawString(x, first - k * self.LEADING, line)

    def _draw_bar(self, bar: GanttBar, lw: float, cw: float, top: float, mid: float) -> None:
        c = self.canv
        number = f"{bar.number}."
        c.setFont(FONT, self.FONT_SIZE)
        c.setFillColor(MUTED)
        c.drawRightString(14, top - self.ROW_H / 2 - 2.3, number)
        text = bar.label if bar.valid else f"{PROBLEM_MARK} {bar.label}"
        self._label(text, 17, top, lw - 20, INK if bar.valid else WARN)
        bh = self.ROW_H * 0.48
        if bar.valid and bar.x0 is not None and bar.x1 is not None:
            x0 = lw + bar.x0 * cw
            width = max(1.6, (bar.x1 - bar.x0) * cw)
            fill = _hex(bar.phase.colour)
            c.setFillColor(fill)
            c.setStrokeColor(_darker(fill))
            c.setLineWidth(0.4)
            c.rect(x0, mid - bh / 2, width, bh, stroke=1, fill=1)
            if bar.progress is not None:
                self._draw_progress(bar.progress, x0, width, mid, bh, lw + cw)
            return
        if bar.ghost is not None:
            x0, x1 = lw + bar.ghost[0] * cw, lw + bar.ghost[1] * cw
            c.setStrokeColor(WARN)
            c.setLineWidth(0.6)
            c.setDash(1.5, 1.2)
            c.rect(x0, mid - bh / 2, max(1.6, x1 - x0), bh, stroke=1, fill=0)
            c.setDash()
        x = lw + (bar.marker if bar.marker is not None else 0) * cw
        _warning_marker(c, max(lw + 5, min(x, lw + cw - 5)), mid, 5.2)

    def _draw_progress(
        self, progress: Progress, x0: float, width: float, mid: float, bh: float, right: float
    ) -> None:
        """The latest monev over a planned bar: a dark band inside it as long as the done part, the
        percent beside it, and a red outline and dot for a stalled activity."""
        c = self.canv
        done = width * progress.fraction
        stalled = progress.stalled
        if done > 0:
            c.setFillColor(PROGRESS)
            c.rect(x0, mid - bh * 0.2, done, bh * 0.4, stroke=0, fill=1)
        if stalled:
            c.setStrokeColor(STALLED)
            c.setLineWidth(1.1)
            c.rect(x0, mid - bh / 2, width, bh, stroke=1, fill=0)
        label = progress_short(progress)
        size = self.FONT_SIZE - 0.6
        font = FONT_BOLD if stalled else FONT
        tw = pdfmetrics.stringWidth(label, font, size)
        dot = 3.2 if stalled else 0.0
        end = x0 + width + 2
        x = end if end + dot * 2 + tw <= right else max(0.0, x0 - tw - 2 - dot * 2)
        if stalled:
            c.setFillColor(STALLED)
            c.circle(x + dot, mid, dot, stroke=0, fill=1)
            x += dot * 2 + 1
        c.setFillColor(STALLED if stalled else INK)
        c.setFont(font, size)
        c.drawString(x, mid - size * 0.35, label)

    def _draw_stone(self, m: Milestone, lw: float, cw: float, mid: float) -> None:
        c = self.canv
        colour = _hex(m.colour)
        _diamond(c, 9, mid, 3.4, colour)
        text = f"{m.label} · {short_date(m.date)}"
        self._label(text, 17, mid + self.ROW_H / 2, lw - 20, INK, FONT_BOLD if m.kind != "tonggak" else FONT)
        _diamond(c, lw + m.x * cw, mid, 4.2, colour)


def _fit(label: str, short: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(label, font, size) <= width:
        return label
    if pdfmetrics.stringWidth(short, font, size) <= width:
        return short
    return ""


def _label_step(plan: GanttPlan, chart_w: float) -> int:
    """Show every n-th tick label so that labels never overlap."""
    if not plan.ticks:
        return 1
    widest = max(pdfmetrics.stringWidth(t.short, FONT, 6.8) for t in plan.ticks) + 3
    narrowest = min(t.x1 - t.x0 for t in plan.ticks) * chart_w
    step = 1
    while step < len(plan.ticks) and narrowest * step < widest:
        step += 1
    return step


def _diamond(c: Any, x: float, y: float, r: float, fill: colors.Color) -> None:
    p = c.beginPath()
    p.moveTo(x, y + r)
    p.lineTo(x + r, y)
    p.lineTo(x, y - r)
    p.lineTo(x - r, y)
    p.close()
    c.setFillColor(fill)
    c.setStrokeColor(colors.HexColor(INK_COLOUR))
    c.setLineWidth(0.5)
    c.drawPath(p, stroke=1, fill=1)


def _warning_marker(c: Any, x: float, y: float, r: float) -> None:
    """A vermillion triangle with an exclamation mark."""
    p = c.beginPath()
    p.moveTo(x, y + r)
    p.lineTo(x + r, y - r * 0.8)
    p.lineTo(x - r, y - r * 0.8)
    p.close()
    c.setFillColor(WARN)
    c.setStrokeColor(_darker(WARN, 0.7))
    c.setLineWidth(0.4)
    c.drawPath(p, stroke=1, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, r * 1.2)
    c.drawCentredString(x, y - r * 0.62, "!")


class GanttLegend(Flowable):
    """The key to the chart: the colour of each phase used, the milestone diamonds, the warning marker."""

    SIZE = 7.5
    ROW = 11.0

    def __init__(self, plan: GanttPlan):
        super().__init__()
        self.items: list[tuple[str, str, str]] = [("box", p.colour, p.label) for p in plan.phases]
        kinds = {m.kind: m for m in plan.milestones}
        for kind in ("uji_coba", "launching", "penerapan", "tonggak"):
            if kind in kinds:
                label = _("Tonggak capaian") if kind == "tonggak" else kinds[kind].label
                self.items.append(("diamond", kinds[kind].colour, label))
        if plan.has_progress:
            self.items.append(("progress", PROGRESS_COLOUR, _("Kemajuan menurut monev terakhir (%)")))
        if plan.stalled:
            self.items.append(("stalled", STALLED_COLOUR, _("Terkendala")))
        if plan.problems:
            self.items.append(("warning", WARNING_COLOUR, _("Tanggal belum lengkap atau terbalik")))
        self.width = 0.0
        self.height = 0.0
        self._placed: list[tuple[float, float, tuple[str, str, str]]] = []

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        x, row = 0.0, 0
        self._placed = []
        for item in self.items:
            need = 12 + pdfmetrics.stringWidth(item[2][:80], FONT, self.SIZE) + 12
            if x > 0 and x + need > avail_w:
                x, row = 0.0, row + 1
            self._placed.append((x, row, item))
            x += need
        rows = row + 1 if self.items else 0
        self.height = rows * self.ROW
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        for x, row, (kind, colour, label) in self._placed:
            y = self.height - (row + 1) * self.ROW + 3
            fill = _hex(colour)
            if kind == "box":
                c.setFillColor(fill)
                c.setStrokeColor(_darker(fill))
                c.setLineWidth(0.4)
                c.rect(x, y, 9, 5.5, stroke=1, fill=1)
            elif kind == "diamond":
                _diamond(c, x + 4.5, y + 2.8, 3.3, fill)
            elif kind == "progress":
                c.setFillColor(colors.white)
                c.setStrokeColor(MUTED)
                c.setLineWidth(0.4)
                c.rect(x, y, 9, 5.5, stroke=1, fill=1)
                c.setFillColor(fill)
                c.rect(x, y + 1.7, 6, 2.2, stroke=0, fill=1)
            elif kind == "stalled":
                c.setFillColor(colors.white)
                c.setStrokeColor(fill)
                c.setLineWidth(1.1)
                c.rect(x, y, 9, 5.5, stroke=1, fill=1)
            else:
                _warning_marker(c, x + 4.5, y + 2.8, 3.8)
            c.setFillColor(INK)
            c.setFont(FONT, self.SIZE)
            c.drawString(x + 12, y, clip_text(label[:80], FONT, self.SIZE, self.width - x - 12))


def _keep_with_title(plan: GanttPlan) -> CondPageBreak:
    """A page break when the chart's title and the chart (or, for a long chart, a page of it) would not
    fit: the title never stands alone at the foot of a page and a short chart is never cut in two."""
    lines = len(plan.bars) + len(plan.milestones)
    chart = GanttFlowable.BAND_H + GanttFlowable.TICK_H + lines * GanttFlowable.ROW_H + 14
    return CondPageBreak(TITLE_H + min(chart, WHOLE_CHART))


def gantt_flowables(plan: GanttPlan, width: float | None = None, notes: bool = True) -> list[Flowable]:
    """The chart, its legend and (``notes``) the list of rows that could not be drawn."""
    if not plan.bars and not plan.milestones:
        return [Para(esc(_("Belum ada kegiatan atau tonggak untuk digambar.")), style("Muted"))]
    out: list[Flowable] = [GanttFlowable(plan, width), Spacer(1, 1.5 * mm), GanttLegend(plan)]
    if notes and plan.problems:
        out.append(Spacer(1, 1.5 * mm))
        out += [Para(esc(f"{PROBLEM_MARK} {b.problem}"), _note_style()) for b in plan.problems]
    return out


# --- the filled LK-3b -------------------------------------------------------------------------------


def _note_style() -> ParagraphStyle:
    return ParagraphStyle("GanttNote", parent=style("Small"), textColor=WARN)


def _cell_style() -> ParagraphStyle:
    return ParagraphStyle("ActionCell", parent=style("Cell"), fontSize=7.8, leading=9.6)


def _right_style() -> ParagraphStyle:
    return ParagraphStyle("ActionCellRight", parent=_cell_style(), alignment=2)


def _head_style() -> ParagraphStyle:
    return ParagraphStyle("ActionHead", parent=style("CellHead"), fontSize=7.5, leading=9)


def _cell_start(text: str) -> str:
    head = text[:LONG_CELL]
    cut = head.rfind(" ", LONG_CELL // 2)
    return (head[:cut] if cut > 0 else head).rstrip() + "…"


def long_cells(template: Template, rows: Sequence[dict[str, Any]]) -> list[Flowable]:
    """The texts too long for their cell, in full, each under "Baris n, Kolom" (they split across pages)."""
    out: list[Flowable] = []
    for i, row in enumerate(rows):
        for c in action_field(template).columns:
            text = cell_text(c, row.get(c.key))
            if len(text) > LONG_CELL:
                out.append(Para(esc(_("Baris {n}, {col}").format(n=i + 1, col=c.label)), style("Label")))
                out += long_text(text)
    if out:
        out.insert(0, Para(esc(_("Teks lengkap isian yang panjang")), style("H2")))
    return out


def _widths(field: Field, width: float) -> list[float]:
    """The template's relative widths, except that a date ("30 Sep 2027") never wraps: what dates need
    is taken from the widest text column."""
    no_w = 9 * mm
    weights = [c.width for c in field.columns]
    total = sum(weights)
    widths = [(width - no_w) * wt / total for wt in weights]
    need = pdfmetrics.stringWidth("30 Sep 2027", FONT, _cell_style().fontSize) + 7
    widest = max(range(len(widths)), key=lambda k: widths[k])
    for k, col in enumerate(field.columns):
        if col.type is FieldType.DATE and widths[k] < need and k != widest:
            widths[widest] -= need - widths[k]
            widths[k] = need
    return [no_w] + widths


def action_table(
    template: Template,
    rows: Sequence[dict[str, Any]],
    width: float,
    problems: Sequence[CellProblem] = (),
    flagged: set[int] | None = None,
) -> Table:
    """The whole rencana aksi as a table: a header repeated on every page, rows that may split between
    pages, long text wrapped inside its cell, and a total row with the total budget."""
    field = action_field(template)
    cols = list(field.columns)
    cell, right, head = _cell_style(), _right_style(), _head_style()
    header = [Para(esc(_("No")), head)]
    for c in cols:
        label = esc(c.label) + (f" ({esc(c.unit)})" if c.unit else "")
        header.append(Para(label, head))
    flagged = flagged or set()
    data: list[list[Any]] = [header]
    number = ParagraphStyle("No", parent=cell, alignment=1)
    for i, row in enumerate(rows):
        no = f"{i + 1}"
        if i in flagged:
            no += "<br/>" + f'<font color="{WARNING_COLOUR}">{esc(PROBLEM_MARK)}</font>'
        line: list[Any] = [Para(no, number) if i in flagged else plain(no, number)]
        for c in cols:
            text = cell_text(c, row.get(c.key))
            if len(text) > LONG_CELL:
                text = _cell_start(text) + " " + _("(teks lengkap di bawah tabel)")
            line.append(plain(text, right if c.type is FieldType.NUMBER else cell))
        data.append(line)
    if not rows:
        data.append([""] + [Para("—", cell)] + [""] * (len(cols) - 1))
    keys = [c.key for c in cols]
    budget_col = 1 + keys.index(BUDGET)
    total_label = _("Jumlah {n} kegiatan · Total anggaran").format(n=len(rows))
    total_row: list[Any] = [""] * (len(cols) + 1)
    total_row[0] = Para(
        esc(total_label), ParagraphStyle("TotalLabel", parent=cell, fontName=FONT_BOLD, alignment=2)
    )
    total_row[budget_col] = Para(
        esc(format_rupiah(total_budget(rows))), ParagraphStyle("Total", parent=right, fontName=FONT_BOLD)
    )
    data.append(total_row)
    last = len(data) - 1
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("BACKGROUND", (0, last), (-1, last), LIGHT),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("SPAN", (0, last), (budget_col - 1, last)),
        ("SPAN", (budget_col, last), (min(budget_col + 1, len(cols)), last)),
    ]
    if budget_col + 2 <= len(cols):
        cmds.append(("SPAN", (budget_col + 2, last), (len(cols), last)))
    for p in problems:
        if p.row < len(rows) and p.column in keys:
            cmds.append(
                (
                    "BACKGROUND",
                    (1 + keys.index(p.column), 1 + p.row),
                    (1 + keys.index(p.column), 1 + p.row),
                    WARN_BG,
                )
            )
    tbl = Table(data, colWidths=_widths(field, width), repeatRows=1, splitInRow=1)
    tbl.setStyle(TableStyle(cmds))
    tbl.hAlign = "LEFT"
    return tbl


def _rows_of(data: Any) -> list[dict[str, Any]]:
    rows = data.get(ACTIONS) if isinstance(data, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _load(ctx: Any, code: str) -> dict[str, Any]:
    if ctx is None:
        return {}
    data = ctx.load(code)
    return data if isinstance(data, dict) else {}


def action_plan_story(
    template: Template,
    data: dict[str, Any],
    width: float,
    milestones: dict[str, Any] | None = None,
    monev: dict[str, Any] | None = None,
) -> list[Flowable]:
    """The body of a filled LK-3b: the table, the notes on rows with a problem, then the Gantt (with the
    latest progress the idea's LK-4b ``monev`` reports)."""
    rows = _rows_of(data)
    plan = gantt_plan(rows, milestones or {}, latest_progress(monev))
    problems = cell_problems(template, rows)
    date_notes = [
        b for b in plan.problems if not any(p.row == b.index and p.column in (START, END) for p in problems)
    ]
    flagged = {p.row for p in problems} | {b.index for b in plan.problems}
    label = action_field(template).label
    story: list[Flowable] = [
        markup(esc(label), "Label"),
        action_table(template, rows, width, problems, flagged),
    ]
    notes = [(p.row, f"{PROBLEM_MARK} {p.message}") for p in problems]
    notes += [(b.index, f"{PROBLEM_MARK} {label} {b.problem[0].lower()}{b.problem[1:]}") for b in date_notes]
    if notes:
        story.append(Spacer(1, 1.5 * mm))
        story += [Para(esc(n), _note_style()) for _row, n in sorted(notes, key=lambda rn: rn[0])]
    long = long_cells(template, rows)
    if long:
        story.append(Spacer(1, 2 * mm))
        story += long
    story.append(Spacer(1, 4 * mm))
    chart: list[Flowable] = [markup(esc(_("Jadwal pelaksanaan (Gantt)")), "Label")]
    if plan.span_text:
        chart.append(Para(esc(_("Rentang waktu: {span}").format(span=plan.span_text)), style("Muted")))
    story.append(_keep_with_title(plan))
    story += chart + gantt_flowables(plan, width, notes=False)
    return story


def filled_body(template: Template, data: dict[str, Any], width: float, ctx: Any = None) -> list[Flowable]:
    """LK-3b's filled body (registered in worksheet_pdf): the full action table, then the Gantt with the
    milestones of the idea's LK-3c (read through ``ctx`` when given)."""
    milestones = _load(ctx, MILESTONES) if ctx is not None else {}
    return action_plan_story(template, data, width, milestones, _load(ctx, MONEV))


def gantt_for(ctx: Any, width: float | None = None) -> list[Flowable]:
    """The Gantt of the idea of ``ctx`` (its LK-3b rows and LK-3c milestones) for the Rencana Proyek
    Inovasi: a label, the chart, its legend and the rows that could not be drawn."""
    plan = gantt_plan(
        _rows_of(_load(ctx, ACTION_PLAN)), _load(ctx, MILESTONES), latest_progress(_load(ctx, MONEV))
    )
    out: list[Flowable] = [markup(esc(_("Jadwal pelaksanaan (Gantt)")), "Label")]
    if plan.span_text:
        out.append(Para(esc(_("Rentang waktu: {span}").format(span=plan.span_text)), style("Muted")))
    if not plan.bars and not plan.milestones:
        return out + [
            Para(esc(_("Rencana aksi (LK-3b) dan tonggak capaian (LK-3c) belum diisi.")), style("Muted"))
        ]
    return [_keep_with_title(plan)] + out + gantt_flowables(plan, width)


# --- the blank LK-3b ------------------------------------------------------------------------------

BLANK_MONTHS = 12


def blank_body(template: Template, width: float, ctx: Any = None) -> list[Flowable]:
    """LK-3b to fill by hand (registered in worksheet_pdf): the action table with empty rows and a total row,
    then a schedule grid of twelve months to shade, with rows for the three key dates."""
    field = action_field(template)
    cols = list(field.columns)
    keys = [c.key for c in cols]
    head, cell = _head_style(), _cell_style()
    n = field.blank_rows
    header = [Para(esc(_("No")), head)] + [
        Para(esc(c.label) + (f" ({esc(c.unit)})" if c.unit else ""), head) for c in cols
    ]
    budget_col = 1 + keys.index(BUDGET)
    total: list[Any] = [""] * (len(cols) + 1)
    total[0] = Para(
        esc(_("Jumlah ........ kegiatan · Total anggaran")),
        ParagraphStyle("BlankTotal", parent=cell, fontName=FONT_BOLD, alignment=2),
    )
    total[budget_col] = Para("Rp", cell)
    data = [header] + [[str(i + 1)] + [""] * len(cols) for i in range(n)] + [total]
    last = len(data) - 1
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("BACKGROUND", (0, last), (-1, last), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("SPAN", (0, last), (budget_col - 1, last)),
        ("SPAN", (budget_col, last), (min(budget_col + 1, len(cols)), last)),
    ]
    if budget_col + 2 <= len(cols):
        cmds.append(("SPAN", (budget_col + 2, last), (len(cols), last)))
    table = Table(
        data, colWidths=_widths(field, width), repeatRows=1, rowHeights=[None] + [8 * mm] * n + [7.5 * mm]
    )
    table.setStyle(TableStyle(cmds))
    table.hAlign = "LEFT"
    phases = " · ".join(o.label for c in cols if c.key == "fase" for o in field_options(c))
    story: list[Flowable] = [
        markup(esc(field.label) + ' <font color="#7a1f2b">*</font>', "Label"),
        Para(
            esc(
                _("Tahap: {phases}. Tanggal ditulis hh/bb/tttt, anggaran dalam rupiah.").format(phases=phases)
            ),
            style("Help"),
        ),
        Spacer(1, 1 * mm),
        table,
        Spacer(1, 5 * mm),
    ]
    story += _blank_schedule(n, width)
    story.append(Spacer(1, 2 * mm))
    story.append(Para(esc(_("Isian bertanda * wajib diisi.")), style("Muted")))
    return story


def _blank_schedule(n: int, width: float) -> list[Flowable]:
    """A grid of twelve months to shade by hand, one row per activity, and rows for the key dates."""
    head, cell = _head_style(), _cell_style()
    no_w, label_w = 9 * mm, min(70 * mm, width * 0.3)
    month_w = (width - no_w - label_w) / BLANK_MONTHS
    top = [
        Para(esc(_("No")), head),
        Para(esc(_("Kegiatan")), head),
        Para(esc(_("Tahun ........ — bulan ke-")), head),
    ] + [""] * (BLANK_MONTHS - 1)
    months = ["", ""] + [Para(str(m), head) for m in range(1, BLANK_MONTHS + 1)]
    rows = [[str(i + 1)] + [""] * (BLANK_MONTHS + 1) for i in range(n)]
    stones = [
        ["\u2666", Para(esc(label), cell)] + [""] * BLANK_MONTHS
        for label in (_("Mulai uji coba"), _("Launching"), _("Mulai penerapan"))
    ]
    data = [top, months] + rows + stones
    t = Table(
        data,
        colWidths=[no_w, label_w] + [month_w] * BLANK_MONTHS,
        repeatRows=2,
        rowHeights=[None, None] + [7.5 * mm] * (n + len(stones)),
    )
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 1), LIGHT),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                ("SPAN", (2, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEABOVE", (0, 2 + n), (-1, 2 + n), 1.0, RULE),
            ]
        )
    )
    t.hAlign = "LEFT"
    title = [
        markup(esc(_("Jadwal pelaksanaan")), "Label"),
        Para(
            esc(
                _(
                    "Arsir bulan berlangsungnya setiap kegiatan; beri tanda \u2666 pada bulan mulai uji coba, "
                    "launching dan mulai penerapan."
                )
            ),
            style("Help"),
        ),
        Spacer(1, 1 * mm),
    ]
    return [CondPageBreak(60 * mm)] + title + [t]
