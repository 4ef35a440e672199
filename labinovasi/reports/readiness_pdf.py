"""LK-2a in print: a unit's filled questionnaire (score, level, dimension chart, every answer), the
blank paper questionnaire for one respondent, and the readiness of all units of a lab.

``filled_body`` and ``blank_body`` are the worksheet's own bodies for
:mod:`labinovasi.reports.worksheet_pdf` (which adds the title block, the identity table and the page
frame); :func:`render_lab_readiness` is a document of its own. Charts are ReportLab drawings (vector,
in the embedded font), not pictures.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labinovasi.db.engine import Database
from labinovasi.domain.scoring import SCORE_MAX, SCORE_MIN, ReadinessSummary, readiness_level
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    INK,
    LIGHT,
    MUTED,
    RULE,
    DocumentInfo,
    build,
    clip_text,
    content_width,
    esc,
    heading,
    markup,
    para,
    register_fonts,
    style,
)
from labinovasi.reports.flowables import OptionBoxes
from labinovasi.reports.shapes import rect
from labinovasi.services import labs as svc
from labinovasi.services.context import Sources
from labinovasi.services.lab_settings import ReadinessItem, default_readiness_items, get_lab_settings
from labinovasi.services.readiness import (
    CODE,
    DimensionGroup,
    ReadinessReport,
    analyse,
    by_mean,
    dimension_groups,
    format_mean,
    lab_mean,
    lab_readiness,
    level_bounds,
    level_colour,
    level_legend,
    scale_labels,
)
from labinovasi.services.records import LabInfo, UnitInfo
from labinovasi.worksheets.schema import Template

NO_W = 9 * mm  # the item number column
SCORE_W = 9.5 * mm  # one respondent's score column
MEAN_W = 16 * mm
MIN_STATEMENT_W = 62 * mm
CHART_CHUNK = 32  # bars per drawing, so a lab of 100 units flows over pages


def _items(ctx: Sources | None) -> tuple[ReadinessItem, ...]:
    return ctx.settings.readiness_items if ctx is not None else default_readiness_items()


def _colour(hex_colour: str, lighten: float = 0.0) -> colors.Color:
    """``hex_colour`` mixed with ``lighten`` (0–1) parts of white."""
    c = colors.HexColor(hex_colour)
    return colors.Color(
        c.red + (1 - c.red) * lighten, c.green + (1 - c.green) * lighten, c.blue + (1 - c.blue) * lighten
    )


def _styled(name: str, **changes: Any) -> ParagraphStyle:
    return ParagraphStyle(
        f"{name}-lk2a-{'-'.join(map(str, changes.values()))}", parent=style(name), **changes
    )


# --- the bar chart ---------------------------------------------------------------------------------


def readiness_chart(
    rows: Sequence[tuple[str, float | None]],
    width: float,
    row_h: float = 7 * mm,
    legend: bool = True,
    empty_text: str = "",
) -> Drawing:
    """Horizontal bars of means on the 1–5 scale, one per ``(label, mean)``: level bands behind, each
    bar in its level's colour with its value printed; ``None`` reads "Belum ada jawaban"."""
    register_fonts()
    label_size, value_size, tick_size = 8.5, 8, 7.5
    widest = max((pdfmetrics.stringWidth(label, FONT, label_size) for label, _v in rows), default=0)
    label_w = min(width * 0.36, widest + 4 * mm)
    value_w = 11 * mm
    x0, x1 = label_w, width - value_w
    axis_h = 6 * mm
    legend_items = level_legend() if legend else []
    legend_lines = _legend_lines(legend_items, width) if legend else []
    legend_h = len(legend_lines) * 5 * mm + (1.5 * mm if legend_lines else 0)
    body_h = max(1, len(rows)) * row_h
    height = legend_h + axis_h + body_h + 1.5 * mm
    d = Drawing(width, height)
    top = height - 1.5 * mm
    bottom = legend_h + axis_h

    def xpos(v: float) -> float:
        return x0 + (x1 - x0) * (v - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)

    # level bands and the scale
    for (lo, hi, _label), (_l, _range, colour) in zip(level_bounds(), level_legend(), strict=True):
        d.add(
            rect(
                xpos(lo),
                bottom,
                xpos(hi) - xpos(lo),
                top - bottom,
                fillColor=_colour(colour, 0.86),
                strokeColor=None,
            )
        )
    for k in range(SCORE_MIN, SCORE_MAX + 1):
        d.add(Line(xpos(k), bottom - 1 * mm, xpos(k), top, strokeColor=RULE, strokeWidth=0.4))
        d.add(
            String(
                xpos(k),
                bottom - 4.2 * mm,
                str(k),
                fontName=FONT,
                fontSize=tick_size,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    d.add(Line(x0, bottom, x1, bottom, strokeColor=INK, strokeWidth=0.6))

    if not rows:
        d.add(
            rect(
                x0 + 2 * mm,
                bottom + 1 * mm,
                x1 - x0 - 4 * mm,
                row_h - 2 * mm,
                fillColor=colors.white,
                strokeColor=None,
            )
        )
        d.add(
            String(
                (x0 + x1) / 2,
                bottom + row_h / 2 - 3,
                empty_text or _("Belum ada jawaban"),
                fontName=FONT_ITALIC,
                fontSize=label_size,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    bar_h = row_h * 0.62
    for i, (label, value) in enumerate(rows):
        mid = top - (i + 0.5) * row_h
        d.add(
            String(
                0,
                mid - label_size * 0.35,
                clip_text(label, FONT, label_size, label_w - 2 * mm),
                fontName=FONT,
                fontSize=label_size,
                fillColor=INK,
            )
        )
        if value is None:
            d.add(
                String(
                    x0 + 1.5 * mm,
                    mid - label_size * 0.35,
                    _("Belum ada jawaban"),
                    fontName=FONT_ITALIC,
                    fontSize=label_size - 0.5,
                    fillColor=MUTED,
                )
            )
            continue
        v = min(max(value, SCORE_MIN), SCORE_MAX)
        d.add(
            rect(
                x0,
                mid - bar_h / 2,
                max(0.8, xpos(v) - x0),
                bar_h,
                fillColor=_colour(level_colour(value)),
                strokeColor=None,
            )
        )
        d.add(
            String(
                xpos(v) + 1.2 * mm,
                mid - value_size * 0.35,
                format_mean(value),
                fontName=FONT_BOLD,
                fontSize=value_size,
                fillColor=INK,
            )
        )

    # the legend: a swatch and "Siap 3,40–4,19" per level
    y = legend_h - 5 * mm + 0.5 * mm
    for line in legend_lines:
        x = 0.0
        for label, rng, colour, w in line:
            d.add(rect(x, y + 0.3 * mm, 3 * mm, 3 * mm, fillColor=_colour(colour), strokeColor=None))
            d.add(
                String(
                    x + 4 * mm,
                    y + 0.6 * mm,
                    f"{label} {rng}",
                    fontName=FONT,
                    fontSize=tick_size,
                    fillColor=INK,
                )
            )
            x += w
        y -= 5 * mm
    return d


def _legend_lines(
    entries: list[tuple[str, str, str]], width: float
) -> list[list[tuple[str, str, str, float]]]:
    lines: list[list[tuple[str, str, str, float]]] = [[]]
    used = 0.0
    for label, rng, colour in entries:
        w = 4 * mm + pdfmetrics.stringWidth(f"{label} {rng}", FONT, 7.5) + 5 * mm
        if lines[-1] and used + w > width:
            lines.append([])
            used = 0.0
        lines[-1].append((label, rng, colour, w))
        used += w
    return [line for line in lines if line]


# --- filled ----------------------------------------------------------------------------------------


def _result_box(report: ReadinessReport, width: float) -> Table:
    s = report.summary
    big = _styled("Body", fontName=FONT_BOLD, fontSize=17, leading=21)
    if s.mean is None:
        left = Paragraph(esc(_("Belum ada jawaban")), big)
        right = para(_("Belum ada skor responden yang tercatat di lembar ini."), "Muted")
        tint = LIGHT
    else:
        colour = level_colour(s.mean)
        left = Paragraph(esc(_("Rata-rata {mean}").format(mean=format_mean(s.mean))), big)
        right = Paragraph(f'<font color="{colour}">{esc(s.level)}</font>', big)
        tint = _colour(colour, 0.85)
    detail = para(_("{r} responden · {n} jawaban dihitung").format(r=s.respondents, n=s.answers), "Muted")
    t = Table(
        [[markup(esc(_("Tingkat kesiapan unit")), "Small"), ""], [left, right], [detail, ""]],
        colWidths=[width * 0.45, width * 0.55],
        splitInRow=1,
    )
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), tint),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 2), (1, 2)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _grid_style(extra: list[tuple] | None = None) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *(extra or []),
        ]
    )


def _respondents_table(report: ReadinessReport, width: float) -> Table:
    head = [
        markup(esc(x), "CellHead")
        for x in (_("Kode"), _("Nama responden"), _("Jabatan"), _("Jawaban"), _("Rata-rata"))
    ]
    rows: list[list[Any]] = [head]
    for i, r in enumerate(report.respondents, start=1):
        rows.append(
            [
                f"R{i}",
                para(r.respondent.nama or "—", "Cell"),
                para(r.respondent.jabatan or "—", "Cell"),
                str(r.answers),
                format_mean(r.mean),
            ]
        )
    if len(rows) == 1:
        rows.append(["", para(_("Belum ada responden"), "Cell"), "", "", ""])
    fixed = 13 * mm + 17 * mm + MEAN_W
    t = Table(
        rows,
        colWidths=[13 * mm, (width - fixed) * 0.5, (width - fixed) * 0.5, 17 * mm, MEAN_W],
        repeatRows=1,
        splitInRow=1,
    )
    t.setStyle(_grid_style([("ALIGN", (3, 1), (-1, -1), "CENTER")]))
    t.hAlign = "LEFT"
    return t


def _chunks(n: int, width: float) -> list[range]:
    """Respondents per score table: as many as fit beside the statements, in tables of equal size."""
    fit = max(1, int((width - NO_W - MIN_STATEMENT_W - MEAN_W) // SCORE_W))
    tables = max(1, -(-n // fit))
    size = max(1, -(-n // tables))
    return [range(i, min(i + size, n)) for i in range(0, n, size)] or [range(0)]


def _mean_of(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _score_tables(report: ReadinessReport, width: float) -> list[list[Flowable]]:
    """One table per dimension (its header row names the respondents R1, R2 …), then the respondents'
    means; with many respondents, a set of such tables per group of respondents. Returns blocks to be
    kept together each (a KeepTogether must not hold another)."""
    people = report.respondents
    out: list[list[Flowable]] = []
    chunks = _chunks(len(people), width)
    for chunk in chunks:
        k = len(chunk)
        statement_w = width - NO_W - k * SCORE_W - MEAN_W
        widths = [NO_W, statement_w] + [SCORE_W] * k + [MEAN_W]
        lead: list[Flowable] = []
        if len(chunks) > 1:
            lead.append(
                markup(esc(_("Responden R{a}–R{b}").format(a=chunk.start + 1, b=chunk.stop)), "Label")
            )
        number = 0
        codes = [markup(f"R{i + 1}", "CellHead") for i in chunk]
        tables: list[Table] = []
        for group in report.groups:
            head = (
                [markup(f"<b>{esc(group.label)}</b>", "Cell"), ""]
                + codes
                + [markup(esc(_("Rata-rata")), "CellHead")]
            )
            rows: list[list[Any]] = [head]
            for item in group.items:
                number += 1
                row: list[Any] = [str(number), para(item.statement, "Cell")]
                for i in chunk:
                    score = report.scores.get((people[i].respondent.id, item.id))
                    row.append("" if score is None else str(score))
                row.append(format_mean(report.item_means.get(item.id)))
                rows.append(row)
            if people:
                foot: list[Any] = ["", markup(esc(_("Rata-rata dimensi")), "Small")]
                for i in chunk:
                    rid = people[i].respondent.id
                    foot.append(
                        format_mean(
                            _mean_of(
                                [
                                    report.scores[(rid, it.id)]
                                    for it in group.items
                                    if (rid, it.id) in report.scores
                                ]
                            )
                        )
                    )
                foot.append(format_mean(report.by_dimension.get(group.key)))
                rows.append(foot)
            t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
            t.setStyle(
                _grid_style(
                    [
                        ("SPAN", (0, 0), (1, 0)),
                        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
                        ("LEFTPADDING", (2, 0), (-1, -1), 1.5),
                        ("RIGHTPADDING", (2, 0), (-1, -1), 1.5),
                        ("FONTNAME", (-1, 1), (-1, -1), FONT_BOLD),
                        *(
                            [
                                ("BACKGROUND", (0, -1), (-1, -1), LIGHT),
                                ("FONTNAME", (2, -1), (-1, -1), FONT_BOLD),
                            ]
                            if people
                            else []
                        ),
                    ]
                )
            )
            t.hAlign = "LEFT"
            tables.append(t)
        total: list[Any] = ["", markup(f"<b>{esc(_('Rata-rata responden'))}</b>", "Cell")]
        total += [format_mean(people[i].mean) for i in chunk] + [format_mean(report.mean)]
        last = Table([total], colWidths=widths)
        last.setStyle(
            _grid_style(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.white),
                    ("ALIGN", (2, 0), (-1, -1), "CENTER"),
                    ("FONTNAME", (2, 0), (-1, -1), FONT_BOLD),
                    ("LEFTPADDING", (2, 0), (-1, -1), 1.5),
                    ("RIGHTPADDING", (2, 0), (-1, -1), 1.5),
                ]
            )
        )
        last.hAlign = "LEFT"
        for n, t in enumerate(tables):
            block: list[Flowable] = (lead if n == 0 else []) + [t]
            if n == len(tables) - 1 and people:
                block += [Spacer(1, 1.5 * mm), last]  # the respondents' means stay with the last dimension
            out.append(block + [Spacer(1, 3 * mm if n == len(tables) - 1 else 1.5 * mm)])
    return out


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """A unit's filled LK-2a: the score and level, the dimension chart, the respondents, and each
    item's score per respondent grouped by dimension (with item, dimension and respondent means)."""
    report = analyse(data if isinstance(data, dict) else {}, _items(ctx))
    story: list[Flowable] = [_result_box(report, width), Spacer(1, 3 * mm)]
    if report.mean is not None:
        chart = readiness_chart([(g.label, report.by_dimension.get(g.key)) for g in report.groups], width)
        story += [KeepTogether([markup(esc(_("Rata-rata per dimensi")), "Label"), chart]), Spacer(1, 2 * mm)]
    story.append(KeepTogether([markup(esc(_("Responden")), "Label"), _respondents_table(report, width)]))
    story.append(Spacer(1, 2 * mm))
    blocks = _score_tables(report, width)
    note = _("Skor 1 = sangat tidak setuju sampai 5 = sangat setuju; sel kosong = tidak dijawab.")
    if len(_chunks(len(report.respondents), width)) > 1:
        note += " " + _("Kolom Rata-rata: rata-rata semua responden.")
    blocks[0] = [markup(esc(_("Skor per butir pernyataan")), "Label"), para(note, "Help"), *blocks[0]]
    story += [KeepTogether(block) for block in blocks]
    if report.ignored:
        story.append(
            para(
                _(
                    "{n} jawaban atas butir atau responden yang tidak lagi ada di daftar tetap tersimpan, "
                    "tetapi tidak dihitung."
                ).format(n=report.ignored),
                "Muted",
            )
        )
    return story


# --- blank -----------------------------------------------------------------------------------------


def _scale_table(width: float) -> Table:
    cells = [markup(f"<b>{n}</b> = {esc(label)}", "Small") for n, label in scale_labels()]
    t = Table([cells], colWidths=[width / len(cells)] * len(cells))
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def _blank_group(group: DimensionGroup, first_number: int, width: float) -> Table:
    boxes_w = 62 * mm
    widths = [NO_W, width - NO_W - boxes_w, boxes_w]
    rows: list[list[Any]] = [
        [markup(f"<b>{esc(group.label)}</b>", "Cell"), "", markup(esc(_("Skor (centang satu)")), "CellHead")]
    ]
    for n, item in enumerate(group.items, start=first_number):
        rows.append(
            [
                str(n),
                para(item.statement, "Cell"),
                OptionBoxes([str(k) for k in range(SCORE_MIN, SCORE_MAX + 1)]),
            ]
        )
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(
        _grid_style(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("TOPPADDING", (0, 1), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
                ("LEFTPADDING", (2, 1), (2, -1), 5),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def blank_body(template: Template, width: float, ctx: Sources | None = None) -> list[Flowable]:
    """The paper questionnaire for ONE respondent: name and position lines, how to answer, and the
    lab's items (the default ones without ``ctx``) grouped by dimension with boxes 1–5 to tick."""
    who = Table(
        [[markup(esc(_("Nama responden")), "Small"), ""], [markup(esc(_("Jabatan")), "Small"), ""]],
        colWidths=[38 * mm, width - 38 * mm],
        rowHeights=[9 * mm, 9 * mm],
    )
    who.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    who.hAlign = "LEFT"
    story: list[Flowable] = [
        KeepTogether([markup(esc(_("Identitas responden")), "Label"), who]),
        Spacer(1, 2 * mm),
    ]
    story.append(markup(esc(_("Petunjuk pengisian")), "Label"))
    story.append(
        para(
            _(
                "Bacalah setiap pernyataan, lalu beri tanda centang (√) pada satu kotak skor yang paling "
                "sesuai dengan keadaan unit Anda saat ini. Tidak ada jawaban benar atau salah."
            ),
            "Body",
        )
    )
    story += [Spacer(1, 1.5 * mm), _scale_table(width), Spacer(1, 3 * mm)]
    number = 1
    for group in dimension_groups(_items(ctx)):
        story.append(KeepTogether([_blank_group(group, number, width), Spacer(1, 2 * mm)]))
        number += len(group.items)
    return story


# --- all units of a lab ----------------------------------------------------------------------------


def _lab_table(
    rows: list[tuple[Any, ReadinessSummary]], groups: Sequence[DimensionGroup], width: float
) -> Table:
    fixed = [8 * mm, 0.0, 13 * mm, 16 * mm, 21 * mm]
    dim_w = 15 * mm if len(groups) <= 5 else max(10 * mm, (width * 0.5) / max(1, len(groups)))
    fixed[1] = max(35 * mm, width - sum(fixed) - dim_w * len(groups))
    widths = fixed + [dim_w] * len(groups)
    scale = min(1.0, width / sum(widths))
    widths = [w * scale for w in widths]
    small_head = _styled("CellHead", fontSize=7.5, leading=9)
    head = [
        markup(esc(x), "CellHead") for x in (_("No"), _("Unit"), _("Resp."), _("Rata-rata"), _("Tingkat"))
    ]
    head += [Paragraph(esc(g.label), small_head) for g in groups]
    body: list[list[Any]] = [head]
    extra: list[tuple] = []
    for n, (unit, s) in enumerate(rows, start=1):
        if s.mean is None:
            row: list[Any] = [
                str(n),
                para(unit.name, "Cell"),
                "0",
                "—",
                para(_("Belum ada jawaban"), "Muted"),
            ]
            row += ["—"] * len(groups)
        else:
            row = [
                str(n),
                para(unit.name, "Cell"),
                str(s.respondents),
                format_mean(s.mean),
                markup(f'<font color="{level_colour(s.mean)}"><b>{esc(s.level)}</b></font>', "Small"),
            ]
            row += [format_mean(s.by_dimension.get(g.key)) for g in groups]
            extra.append(("BACKGROUND", (3, n), (3, n), _colour(level_colour(s.mean), 0.8)))
        body.append(row)
    if len(body) == 1:
        body.append(["", para(_("Lab ini belum memiliki unit."), "Cell"), "", "", ""] + [""] * len(groups))
    t = Table(body, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(
        _grid_style(
            [
                ("ALIGN", (2, 1), (3, -1), "CENTER"),
                ("ALIGN", (5, 1), (-1, -1), "CENTER"),
                ("FONTSIZE", (2, 1), (-1, -1), 8.5),
                ("LEFTPADDING", (2, 0), (-1, -1), 1.5),
                ("RIGHTPADDING", (2, 0), (-1, -1), 1.5),
                *extra,
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


@dataclass(frozen=True)
class LabReadinessData:
    """What "Kesiapan Berinovasi Unit" shows: every unit's readiness, most ready first."""

    lab: LabInfo
    groups: tuple[DimensionGroup, ...]  # the lab's dimensions with their items
    rows: list[tuple[UnitInfo, ReadinessSummary]]


def lab_readiness_data(db: Database, lab_id: uuid.UUID | str) -> LabReadinessData:
    lab = svc.get_lab(db, lab_id)
    groups = dimension_groups(get_lab_settings(db, lab.id).readiness_items)
    return LabReadinessData(lab, groups, by_mean(lab_readiness(db, lab.id)))


def lab_readiness_story(data: LabReadinessData, info: DocumentInfo) -> list[Flowable]:
    lab, groups, rows = data.lab, data.groups, data.rows
    width = content_width(info)
    filled = sum(1 for _u, s in rows if s.mean is not None)
    story: list[Flowable] = [heading(_("Kesiapan Berinovasi Unit"), 0, "Title")]
    story.append(para(lab.name, "Subtitle"))
    mean = lab_mean(rows)
    if mean is None:
        summary = _("Belum ada unit yang mengisi {code} (Kuesioner Kesiapan Berinovasi).").format(code=CODE)
    else:
        summary = _(
            "{filled} dari {total} unit sudah mengisi {code}. Rata-rata antarunit {mean} — {level}."
        ).format(
            filled=filled, total=len(rows), code=CODE, mean=format_mean(mean), level=readiness_level(mean)
        )
    story.append(para(summary, "Body"))
    story.append(
        para(
            _(
                "Skor 1–5 dari jawaban para responden tiap unit; unit diurutkan dari yang paling siap. "
                "Dicetak {date}."
            ).format(date=format_date(info.printed_on)),
            "Help",
        )
    )
    story.append(Spacer(1, 3 * mm))
    bars = [(u.name, s.mean) for u, s in rows]
    chunks = [bars[i : i + CHART_CHUNK] for i in range(0, len(bars), CHART_CHUNK)] or [[]]
    for k, chunk in enumerate(chunks):
        story.append(
            readiness_chart(
                chunk,
                width,
                row_h=6 * mm,
                legend=k == len(chunks) - 1,
                empty_text=_("Lab ini belum memiliki unit."),
            )
        )
        story.append(Spacer(1, 2 * mm))
    story.append(markup(esc(_("Rincian per unit")), "Label"))
    story.append(para(_("Kolom dimensi: rata-rata skor butir tiap dimensi."), "Help"))
    story.append(_lab_table(rows, groups, width))
    return story


def render_lab_readiness(db: Database, lab_id: uuid.UUID | str, paper: str = "a4") -> bytes:
    """ "Kesiapan Berinovasi Unit": the comparison chart of all units and a table per unit
    (respondents, mean, level, each dimension's mean)."""
    data = lab_readiness_data(db, lab_id)
    info = DocumentInfo(
        title=_("Kesiapan Berinovasi Unit"),
        lab=data.lab.name,
        code=CODE,
        paper=paper,
        landscape=len(data.groups) > 6,
        subject=_("Perbandingan kesiapan berinovasi semua unit"),
    )
    return build(lab_readiness_story(data, info), info)
