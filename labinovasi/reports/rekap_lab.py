"""Rekap Laboratorium Inovasi: the recap of a whole locus for the regional head, portrait A4 or F4.

Under the lab's kop, the key figures (units, participants, ideas, curated, planned, launched) and a
summary sentence; then, each section a bookmark:

1. the progress of every unit through the 5D+1 stages (a table that runs over pages, header repeated);
2. the ideas per unit type (bar chart and table);
3.–5. the ideas by bentuk, by urusan and by status (a table each, with a bar per row);
6. the innovations planned (curated "lanjut", launched or applied) and launched per unit type (grouped bars);
7. the launched innovations, unit by unit, as the Berita Acara lists them.

:func:`rekap_lab_data` gathers the figures (a handful of queries whatever the lab's size) into a frozen
:class:`RekapLabData`; :func:`rekap_lab_story` lays them out without reading the database again.
Each breakdown of the ideas is one function of the idea rows in :data:`BREAKDOWNS`: another property
(the innovation's maturity, say) is one more function there, and a section of its own in the PDF.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table
from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import live
from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
    INK,
    LIGHT,
    MUTED,
    RULE,
    Bookmark,
    DocumentInfo,
    Para,
    build,
    clip_text,
    content_width,
    esc,
    heading,
    markup,
    para,
    style,
)
from labinovasi.reports.letterhead import letterhead, text
from labinovasi.reports.rekap_diagnose import head_cell, rekap_filename, right_cell, table_style
from labinovasi.reports.shapes import drawing, legend, rect, value_axis
from labinovasi.services.curation import DESIGN_STATUSES
from labinovasi.services.display import display_recap
from labinovasi.services.idea_board import IDEA_CARD, RESULTS, BoardRow, board_rows, choice_labels
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import get_lab, list_units
from labinovasi.services.launch import LaunchIdea, launch_record, launch_summary
from labinovasi.services.records import LabInfo
from labinovasi.services.worksheets import StageProgress, progress_matrix

TITLE = "Rekap Laboratorium Inovasi"
# what a name may hold when typed in; a longer one (an edited file) is cut, so no cell outgrows a page
NAME_CHARS = 200

BAR = colors.HexColor("#5b7fc7")
PLANNED = colors.HexColor("#9bb3de")
LAUNCHED = colors.HexColor("#4f9a44")
# the progress cells, as the window's progress matrix colours them (lighter, for paper)
PROGRESS_COLOURS = (
    colors.HexColor("#f4f6f8"),  # nothing filled
    colors.HexColor("#fde9c4"),  # less than half
    colors.HexColor("#dcefd3"),  # half or more
    colors.HexColor("#a9d8a9"),  # every worksheet of the stage
)


# --- the figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    """One unit's row of the progress table: worksheets filled per stage, in the order of :class:`Stage`."""

    name: str
    unit_type: UnitType
    stages: tuple[StageProgress, ...]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.stages)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.stages)


@dataclass(frozen=True)
class TypeCount:
    """The units and ideas of one unit type."""

    unit_type: UnitType
    units: int
    ideas: int
    curated: int
    planned: int
    launched: int


@dataclass(frozen=True)
class Bucket:
    label: str
    ideas: int
    unfilled: bool = False  # the bucket of the ideas without the value ("belum diisi")


@dataclass(frozen=True)
class Breakdown:
    """The lab's ideas counted by one property of theirs (bentuk, urusan, status …)."""

    title: str  # the section's heading
    column: str  # the head of the label column
    buckets: tuple[Bucket, ...]
    note: str = ""  # a line of help under the heading

    @property
    def ideas(self) -> int:
        return sum(b.ideas for b in self.buckets)


@dataclass(frozen=True)
class RekapLabData:
    lab: LabInfo
    logo_path: str
    units: tuple[UnitProgress, ...]  # in the lab's order
    people: int  # participants: the people of the units
    ideas: int
    curated: int  # ideas with a curation decision (LK-2g)
    planned: int  # ideas taken into Design: curated "lanjut", launched or applied
    by_type: tuple[TypeCount, ...]  # only the unit types the lab has, in the order of UnitType
    breakdowns: tuple[Breakdown, ...]
    launched: tuple[LaunchIdea, ...]  # as the Berita Acara lists them, in the order of their units
    launch_date: dt.date | None
    display: str = ""  # exhibitions, innovations shown and replication requests (LK-5b, LK-5c) in words
    displayed: bool = False  # whether there is any

    @property
    def launched_units(self) -> int:
        return len({i.unit_id for i in self.launched})


def _buckets(
    values: Sequence[str], labels: dict[str, str], keep_empty: bool, by_count: bool
) -> tuple[Bucket, ...]:
    """Count ``values`` ("" = not filled) into buckets in the order of ``labels`` (or most ideas first
    with ``by_count``); a stored value no longer in ``labels`` counts under its own text, and the
    ideas without a value come last, as "Belum diisi"."""
    counts: dict[str, int] = dict.fromkeys(labels, 0)  # the list's order, then values not in it
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    empty = counts.pop("", 0)
    known = [(labels.get(v, v), n) for v, n in counts.items() if n or keep_empty]
    if by_count:
        known.sort(key=lambda kv: -kv[1])  # stable: equal counts keep the list's order
    out = [Bucket(label, n) for label, n in known]
    if empty:
        out.append(Bucket(_("Belum diisi"), empty, unfilled=True))
    return tuple(out)


def by_bentuk(rows: Sequence[BoardRow]) -> Breakdown:
    return Breakdown(
        _("Ide inovasi menurut bentuk inovasi"),
        _("Bentuk inovasi"),
        _buckets([r.bentuk for r in rows], choice_labels(IDEA_CARD, "bentuk"), True, False),
        _("Bentuk inovasi daerah menurut PP 38/2017, dari kartu ide (LK-2f)."),
    )


def by_urusan(rows: Sequence[BoardRow]) -> Breakdown:
    return Breakdown(
        _("Ide inovasi menurut urusan pemerintahan"),
        _("Urusan pemerintahan"),
        _buckets([r.urusan for r in rows], choice_labels(IDEA_CARD, "urusan"), False, True),
        _("Urusan pemerintahan yang dijawab setiap ide, dari kartu ide (LK-2f); terbanyak lebih dulu."),
    )


def by_status(rows: Sequence[BoardRow]) -> Breakdown:
    labels = {s.value: s.label for s in IdeaStatus}
    return Breakdown(
        _("Ide inovasi menurut status"),
        _("Status ide"),
        _buckets([r.status.value for r in rows], labels, False, False),
        _("Status setiap ide saat rekap dicetak, dari pengajuan sampai peluncuran."),
    )


def by_maturity(rows: Sequence[BoardRow]) -> Breakdown:
    launched = [r for r in rows if r.status in (IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN)]
    return Breakdown(
        _("Inovasi yang diluncurkan menurut tingkat kematangan"),
        _("Tingkat kematangan"),
        _buckets([r.maturity for r in launched], choice_labels(RESULTS, "kematangan"), True, False),
        _("Inisiatif, uji coba atau penerapan, dari hasil dan bukti penerapan (LK-4c)."),
    )


# one function per breakdown of the ideas, printed in this order
BREAKDOWNS: tuple[Callable[[Sequence[BoardRow]], Breakdown], ...] = (
    by_bentuk,
    by_urusan,
    by_status,
    by_maturity,
)


def _people_count(db: Database, lab_id: uuid.UUID) -> int:
    with db.session() as s:
        return int(
            s.connection().scalar(
                select(func.count(m.Person.id))
                .join(m.Unit, m.Person.unit_id == m.Unit.id)
                .where(m.Unit.lab_id == lab_id, *live(m.Person, m.Unit))
            )
            or 0
        )


def rekap_lab_data(db: Database, lab_id: uuid.UUID | str) -> RekapLabData:
    """The figures of the recap (a handful of queries whatever the lab's size)."""
    lab = get_lab(db, lab_id)
    settings = get_lab_settings(db, lab.id)
    units = list_units(db, lab.id)
    progress = progress_matrix(db, lab.id)
    rows = board_rows(db, lab.id)
    launch = launch_record(db, lab.id)
    display = display_recap(db, lab.id)
    nothing = StageProgress(0, 0)
    unit_rows = tuple(
        UnitProgress(u.name, u.unit_type, tuple(progress.get(u.id, {}).get(s, nothing) for s in Stage))
        for u in units
    )
    launched_ids = {i.id for i in launch.ideas}
    per_type: dict[UnitType, list[int]] = {}  # units, ideas, curated, planned, launched
    for u in units:
        per_type.setdefault(u.unit_type, [0, 0, 0, 0, 0])[0] += 1
    for r in rows:
        counts = per_type.setdefault(r.unit_type, [0, 0, 0, 0, 0])
        counts[1] += 1
        counts[2] += r.decision is not None
        counts[3] += r.status in DESIGN_STATUSES
        counts[4] += r.idea_id in launched_ids
    by_type = tuple(TypeCount(t, *per_type[t]) for t in UnitType if t in per_type)
    return RekapLabData(
        lab=lab,
        logo_path=settings.logo_path,
        units=unit_rows,
        people=_people_count(db, lab.id),
        ideas=len(rows),
        curated=sum(r.decision is not None for r in rows),
        planned=sum(r.status in DESIGN_STATUSES for r in rows),
        by_type=by_type,
        breakdowns=tuple(f(rows) for f in BREAKDOWNS),
        launched=launch.ideas,
        launch_date=launch.date,
        display=display.summary,
        displayed=bool(display.exhibitions or display.requests),
    )


# --- layout ----------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = style("Body")
    return {
        "DocSub": ParagraphStyle(
            "RekapSub", parent=body, fontSize=10.5, leading=14, alignment=TA_CENTER, textColor=MUTED
        ),
        "Figure": ParagraphStyle(
            "RekapFigure", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, alignment=TA_CENTER
        ),
        "FigureLabel": ParagraphStyle(
            "RekapFigureLabel", parent=body, fontSize=8, leading=10, alignment=TA_CENTER, textColor=MUTED
        ),
        "StageHead": ParagraphStyle(
            "RekapStageHead", parent=style("CellHead"), fontSize=7.5, leading=9.5, alignment=TA_CENTER
        ),
        "ProgressCell": ParagraphStyle(
            "RekapProgressCell", parent=style("Cell"), fontSize=8.5, leading=10.5, alignment=TA_CENTER
        ),
        "UnitCell": ParagraphStyle("RekapUnitCell", parent=style("Cell"), fontSize=8.5, leading=10.5),
    }


def _text(value: object, style_name: str) -> Flowable:
    """A Paragraph of user text (escaped) in one of :func:`_styles`."""
    st = _styles()[style_name]
    return Para(esc(value, st.fontName), st)


def _name(text: str) -> str:
    """A user's name for a table cell: on one line, cut after :data:`NAME_CHARS` characters."""
    one = " ".join(str(text).split())
    return one if len(one) <= NAME_CHARS else one[: NAME_CHARS - 1].rstrip() + "…"


def _percent(part: int, whole: int) -> str:
    return f"{format_number(round(100 * part / whole))}%" if whole else "—"


def _key_figures(data: RekapLabData, width: float) -> Table:
    figures = [
        (len(data.units), _("unit peserta")),
        (data.people, _("peserta")),
        (data.ideas, _("ide inovasi")),
        (data.curated, _("ide dikurasi")),
        (data.planned, _("ide direncanakan")),
        (len(data.launched), _("inovasi diluncurkan")),
    ]
    cells = [[_text(format_number(n), "Figure"), _text(label, "FigureLabel")] for n, label in figures]
    t = Table([cells], colWidths=[width / len(cells)] * len(cells))
    t.setStyle(
        table_style(
            header_rows=0,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("GRID", (0, 0), (-1, -1), 2, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        )
    )
    return t


def _summary(data: RekapLabData) -> str:
    values = {
        "units": format_number(len(data.units)),
        "people": format_number(data.people),
        "ideas": format_number(data.ideas),
        "curated": format_number(data.curated),
        "planned": format_number(data.planned),
    }
    if not data.units:
        return _("Lab ini belum memiliki unit peserta.")
    if not data.ideas:
        return _("{units} unit peserta dengan {people} peserta; belum ada ide inovasi.").format(**values)
    text = _(
        "{units} unit peserta dengan {people} peserta menghasilkan {ideas} ide inovasi. {curated} ide sudah "
        "dikurasi; {planned} ide direncanakan untuk diwujudkan (lanjut ke tahap Design atau sudah diluncurkan)."
    ).format(**values)
    launched = launch_summary(len(data.launched), data.launched_units)
    if data.launched and data.launch_date:
        launched += " " + _("pada {date}").format(date=format_date(data.launch_date))
    return f"{text} {launched}."


def progress_colour(p: StageProgress) -> colors.Color:
    if p.total == 0 or p.done <= 0:
        return PROGRESS_COLOURS[0]
    if p.fraction < 0.5:
        return PROGRESS_COLOURS[1]
    if p.fraction < 1:
        return PROGRESS_COLOURS[2]
    return PROGRESS_COLOURS[3]


def _progress_table(data: RekapLabData, width: float) -> Table:
    """No · Unit · one column per stage (filled / worksheets of the stage) · the unit's whole share;
    the last row counts the units that finished each stage. The header repeats on every page."""
    stages = list(Stage)
    head_style = _styles()["StageHead"]
    # each stage as wide as its name in the header (at least 13 mm), the unit's name takes the rest
    pad = 2
    stage_ws = [
        max(13 * mm, stringWidth(s.label, head_style.fontName, head_style.fontSize) + 2 * pad + 1)
        for s in stages
    ]
    no_w, total_w = 8 * mm, 15 * mm
    unit_w = width - no_w - total_w - sum(stage_ws)
    heads: list[Flowable | str] = [head_cell(_("No")), head_cell(_("Unit"))]
    heads += [_text(f"{s.number}\n{s.label}", "StageHead") for s in stages]
    heads.append(_text(_("Kemajuan"), "StageHead"))
    rows: list[list[Flowable | str]] = [heads]
    commands: list[tuple] = []
    for n, u in enumerate(data.units, start=1):
        r = len(rows)
        cells: list[Flowable | str] = [right_cell(str(n)), _text(_name(u.name), "UnitCell")]
        for c, p in enumerate(u.stages, start=2):
            cells.append(_text(f"{p.done}/{p.total}" if p.total else "—", "ProgressCell"))
            commands.append(("BACKGROUND", (c, r), (c, r), progress_colour(p)))
        cells.append(right_cell(_percent(u.done, u.total), bold=True))
        rows.append(cells)
    finished = [
        sum(1 for u in data.units if 0 < u.stages[i].total <= u.stages[i].done) for i in range(len(stages))
    ]
    last: list[Flowable | str] = ["", markup(f"<b>{esc(_('Unit yang tuntas'))}</b>", "Cell")]
    last += [_text(f"{n}/{len(data.units)}", "ProgressCell") for n in finished]
    done = sum(u.done for u in data.units)
    last.append(right_cell(_percent(done, sum(u.total for u in data.units)), bold=True))
    rows.append(last)
    end = len(rows) - 1
    commands += [
        ("BACKGROUND", (0, end), (-1, end), LIGHT),
        ("LINEABOVE", (0, end), (-1, end), 1, INK),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (2, 0), (-1, -1), pad),
        ("RIGHTPADDING", (2, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (0, -1), pad),
        ("RIGHTPADDING", (0, 0), (0, -1), pad),
        ("TOPPADDING", (0, 1), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
    ]
    t = Table(
        rows,
        colWidths=[no_w, unit_w, *stage_ws, total_w],
        repeatRows=1,
        splitInRow=1,
    )
    t.setStyle(table_style(extra=commands))
    t.hAlign = "LEFT"
    return t


def _progress_legend(width: float) -> Drawing:
    labels = (
        _("belum ada yang terisi"),
        _("kurang dari separuh"),
        _("separuh atau lebih"),
        _("semua lembar kerja terisi"),
    )
    d = drawing(width, 6 * mm, FONT, 8)
    legend(d, list(zip(labels, PROGRESS_COLOURS, strict=True)), 1.8 * mm, FONT, INK, outline=RULE)
    return d


def bar_chart(
    labels: Sequence[str], series: Sequence[tuple[str, colors.Color, Sequence[int]]], width: float
) -> Drawing:
    """Horizontal bars, one group per label and one bar per series in it (a legend when there are
    several series); each bar ends with its figure."""
    size = 8.5
    groups = len(labels)
    bar_h = 5.2 * mm if len(series) == 1 else 3.8 * mm
    gap = 2.6 * mm
    legend_h = 8 * mm if len(series) > 1 else 0
    axis_h = 6 * mm
    group_h = bar_h * len(series) + gap
    label_w = min(width * 0.32, max((stringWidth(t, FONT, size) for t in labels), default=0) + 4 * mm)
    height = legend_h + groups * group_h + axis_h
    d = drawing(width, height, FONT, size)
    if legend_h:
        legend(d, [(name, colour) for name, colour, _values in series], height - 4 * mm, FONT, INK)
    top = height - legend_h
    plot_w = width - label_w - 12 * mm
    most = max((v for _n, _c, values in series for v in values), default=0)
    scale_max = value_axis(d, most, label_w, plot_w, axis_h, top, FONT, RULE, MUTED)
    for i, label in enumerate(labels):
        y0 = top - (i + 1) * group_h + gap / 2
        name = clip_text(label, FONT, size, label_w - 2 * mm)
        mid = y0 + bar_h * len(series) / 2
        d.add(
            String(
                label_w - 2 * mm, mid - 3, name, fontName=FONT, fontSize=size, fillColor=INK, textAnchor="end"
            )
        )
        for j, (_series, colour, values) in enumerate(series):
            y = y0 + bar_h * (len(series) - 1 - j)
            w = plot_w * values[i] / scale_max
            if w:
                d.add(rect(label_w, y, w, bar_h, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5))
            d.add(
                String(
                    label_w + w + 1.5 * mm,
                    y + bar_h / 2 - 2.8,
                    format_number(values[i]),
                    fontName=FONT_BOLD,
                    fontSize=7.5,
                    fillColor=INK,
                )
            )
    return d


class _Bar(Flowable):
    """A bar in a table cell: ``share`` of the cell's width."""

    def __init__(self, share: float, colour: colors.Color):
        super().__init__()
        self.share, self.colour = share, colour

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, 3.4 * mm

    def draw(self) -> None:
        if self.share > 0:
            self.canv.setFillColor(self.colour)
            self.canv.setStrokeColor(self.colour)
            self.canv.rect(0, 0.2 * mm, max(0.8, self.width * self.share), 3 * mm, stroke=0, fill=1)


def _type_table(data: RekapLabData, width: float) -> Table:
    heads = [_("Jenis unit"), _("Jumlah unit"), _("Jumlah ide"), _("Dikurasi"), _("Ide per unit")]
    rows: list[list[Flowable | str]] = [[head_cell(h) for h in heads]]
    for r in data.by_type:
        rows.append(
            [
                para(r.unit_type.label, "Cell"),
                right_cell(format_number(r.units)),
                right_cell(format_number(r.ideas)),
                right_cell(format_number(r.curated)),
                right_cell(format_number(round(r.ideas / r.units, 1)) if r.units else "—"),
            ]
        )
    units = len(data.units)
    rows.append(
        [
            markup(f"<b>{esc(_('Jumlah'))}</b>", "Cell"),
            right_cell(format_number(units), True),
            right_cell(format_number(data.ideas), True),
            right_cell(format_number(data.curated), True),
            right_cell(format_number(round(data.ideas / units, 1)) if units else "—", True),
        ]
    )
    return _with_total(rows, width, 0.36)


def _with_total(rows: list[list[Flowable | str]], width: float, first: float) -> Table:
    """A table whose last row is the total (bold, over a rule), the first column ``first`` of the width."""
    n = len(rows[0])
    rest = width * (1 - first) / (n - 1)
    t = Table(rows, colWidths=[width * first] + [rest] * (n - 1), repeatRows=1, splitInRow=1)
    end = len(rows) - 1
    t.setStyle(
        table_style(
            extra=[("BACKGROUND", (0, end), (-1, end), LIGHT), ("LINEABOVE", (0, end), (-1, end), 1, INK)]
        )
    )
    t.hAlign = "LEFT"
    return t


def _breakdown_table(b: Breakdown, width: float) -> Table:
    heads: list[Flowable | str] = [head_cell(b.column), head_cell(_("Jumlah ide")), head_cell("%"), ""]
    rows: list[list[Flowable | str]] = [heads]
    most = max((x.ideas for x in b.buckets), default=0) or 1
    for x in b.buckets:
        label = para(_name(x.label), "Cell")
        if x.unfilled:
            label = markup(f"<i>{esc(x.label)}</i>", "Cell")
        rows.append(
            [
                label,
                right_cell(format_number(x.ideas)),
                right_cell(_percent(x.ideas, b.ideas)),
                _Bar(x.ideas / most, MUTED if x.unfilled else BAR),
            ]
        )
    rows.append(
        [
            markup(f"<b>{esc(_('Jumlah'))}</b>", "Cell"),
            right_cell(format_number(b.ideas), True),
            right_cell(_percent(b.ideas, b.ideas), True),
            "",
        ]
    )
    fixed = [0.45, 0.12, 0.09]
    widths = [width * f for f in fixed] + [width * (1 - sum(fixed))]
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    end = len(rows) - 1
    t.setStyle(
        table_style(
            extra=[
                ("BACKGROUND", (0, end), (-1, end), LIGHT),
                ("LINEABOVE", (0, end), (-1, end), 1, INK),
                ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _launch_table(data: RekapLabData, width: float) -> Table:
    heads = [_("Jenis unit"), _("Direncanakan"), _("Diluncurkan"), _("Diluncurkan dari rencana")]
    rows: list[list[Flowable | str]] = [[head_cell(h) for h in heads]]
    for r in data.by_type:
        rows.append(
            [
                para(r.unit_type.label, "Cell"),
                right_cell(format_number(r.planned)),
                right_cell(format_number(r.launched)),
                right_cell(_percent(r.launched, r.planned)),
            ]
        )
    launched = len(data.launched)
    rows.append(
        [
            markup(f"<b>{esc(_('Jumlah'))}</b>", "Cell"),
            right_cell(format_number(data.planned), True),
            right_cell(format_number(launched), True),
            right_cell(_percent(launched, data.planned), True),
        ]
    )
    return _with_total(rows, width, 0.4)


def _launched_list(data: RekapLabData, width: float) -> Table:
    heads = [_("No"), _("Nama inovasi"), _("Unit pengusul"), _("Jenis unit")]
    rows: list[list[Flowable | str]] = [[head_cell(h) for h in heads]]
    for n, i in enumerate(data.launched, start=1):
        rows.append(
            [
                right_cell(str(n)),
                para(_name(i.title) or _("(tanpa judul)"), "Cell"),
                para(_name(i.unit), "Cell"),
                para(i.unit_type.short_label, "Cell"),
            ]
        )
    fixed = [0.07, 0.48, 0.3]
    widths = [width * f for f in fixed] + [width * (1 - sum(fixed))]
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(table_style())
    t.hAlign = "LEFT"
    return t


def _no_ideas() -> Flowable:
    return para(_("Belum ada ide inovasi di lab ini."), "Muted")


def _progress_section(data: RekapLabData, width: float) -> list[Flowable]:
    if not data.units:
        return [para(_("Lab ini belum memiliki unit peserta."), "Muted")]
    return [
        para(
            _(
                "Setiap sel: lembar kerja tahap itu yang sudah terisi lengkap / seluruh lembar kerja tahap itu. "
                "Kemajuan: bagian seluruh lembar kerja unit yang sudah terisi."
            ),
            "Help",
        ),
        _progress_legend(width),
        Spacer(1, 1 * mm),
        _progress_table(data, width),
    ]


def _type_section(data: RekapLabData, width: float) -> list[Flowable]:
    if not data.ideas:
        return [_no_ideas()]
    labels = [r.unit_type.short_label for r in data.by_type]
    chart = bar_chart(labels, [(_("Ide inovasi"), BAR, [r.ideas for r in data.by_type])], width)
    return [
        para(_("Jumlah ide inovasi per jenis unit"), "Label"),
        chart,
        Spacer(1, 3 * mm),
        _type_table(data, width),
    ]


def _breakdown_section(b: Breakdown, width: float) -> list[Flowable]:
    if not b.ideas:
        return [_no_ideas()]
    return [*([para(b.note, "Help")] if b.note else []), Spacer(1, 1 * mm), _breakdown_table(b, width)]


def _launch_section(data: RekapLabData, width: float) -> list[Flowable]:
    if not data.ideas:
        return [_no_ideas()]
    labels = [r.unit_type.short_label for r in data.by_type]
    series = [
        (_("Direncanakan (lanjut ke Design)"), PLANNED, [r.planned for r in data.by_type]),
        (_("Diluncurkan"), LAUNCHED, [r.launched for r in data.by_type]),
    ]
    return [
        para(
            _(
                "Direncanakan: ide yang dikurasi \u201cLanjut\u201d ke tahap Design, termasuk yang sudah "
                "diluncurkan. Diluncurkan: inovasi yang tercatat pada peluncuran (LK-4a)."
            ),
            "Help",
        ),
        Spacer(1, 2 * mm),
        bar_chart(labels, series, width),
        Spacer(1, 3 * mm),
        _launch_table(data, width),
    ]


def _launched_section(data: RekapLabData, width: float) -> list[Flowable]:
    if not data.launched:
        return [para(_("Belum ada inovasi yang diluncurkan (LK-4a)."), "Muted")]
    summary = launch_summary(len(data.launched), data.launched_units) + "."
    return [para(summary, "Help"), Spacer(1, 1 * mm), _launched_list(data, width)]


def _display_section(data: RekapLabData) -> list[Flowable]:
    if not data.displayed:
        return [para(_("Belum ada pameran (LK-5b) atau permintaan replikasi (LK-5c) yang dicatat."), "Muted")]
    return [
        para(data.display + ".", "Body"),
        para(_("Rinciannya dicetak di Rekap Pameran dan Replikasi Inovasi."), "Help"),
    ]


KEEP_ROWS = 16  # a table of up to this many rows is kept on one page with its section's heading


def _section(number: int, title: str, body: list[Flowable]) -> list[Flowable]:
    """A numbered section: its heading (a bookmark) stays on one page with the start of the body, up to
    its first long table (which splits over pages with its header repeated)."""
    head = heading(f"{number}. {title}", 0, user_text=False)
    keep = next(
        (k for k, f in enumerate(body) if isinstance(f, Table) and getattr(f, "_nrows", 0) > KEEP_ROWS),
        len(body),
    )
    return [CondPageBreak(45 * mm), KeepTogether([head, *body[:keep]]), *body[keep:], Spacer(1, 6 * mm)]


def rekap_lab_story(data: RekapLabData, info: DocumentInfo, today: dt.date) -> list[Flowable]:
    lab = data.lab
    width = content_width(info, landscape_page=False)
    story: list[Flowable] = [Bookmark(_(TITLE), 0)]
    story += letterhead(lab, data.logo_path, width)
    story += [
        text(_("REKAP LABORATORIUM INOVASI"), "DocTitle"),
        _text(" · ".join(x for x in (lab.name, lab.pemda) if x), "DocSub"),
        _text(_("Keadaan per {date}").format(date=format_date(today)), "DocSub"),
        Spacer(1, 5 * mm),
        _key_figures(data, width),
        Spacer(1, 4 * mm),
        para(_summary(data), "Body"),
        Spacer(1, 5 * mm),
    ]
    sections: list[tuple[str, list[Flowable]]] = [
        (_("Kemajuan unit per tahap 5D+1"), _progress_section(data, width)),
        (_("Ide inovasi per jenis unit"), _type_section(data, width)),
        *((b.title, _breakdown_section(b, width)) for b in data.breakdowns),
        (_("Inovasi direncanakan dan diluncurkan per jenis unit"), _launch_section(data, width)),
        (_("Daftar inovasi yang diluncurkan"), _launched_section(data, width)),
        (_("Pameran dan replikasi inovasi"), _display_section(data)),
    ]
    for n, (title, body) in enumerate(sections, start=1):
        story += _section(n, title, body)
    return story


def render_rekap_lab(
    db: Database, lab_id: uuid.UUID | str, paper: str = "a4", today: dt.date | None = None
) -> bytes:
    """The Rekap Laboratorium Inovasi of a lab as PDF bytes (A4 or F4, portrait)."""
    today = today or dt.date.today()
    data = rekap_lab_data(db, lab_id)
    info = DocumentInfo(
        title=_(TITLE), lab=data.lab.name, paper=paper, subject=_(TITLE), kop=True, printed_on=today
    )
    return build(rekap_lab_story(data, info, today), info)


def rekap_lab_filename(lab: LabInfo) -> str:
    return rekap_filename(lab, "Rekap_Lab_")
