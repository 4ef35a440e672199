"""Rekap Hasil Diagnose: the recap of the Diagnose stage for the Sekda.

1. ideas per unit type with the curation decisions (table and bar chart);
2. the priority problems of every unit by USG (landscape: the problem texts are long);
3. the curated ideas ranked by their curation score;
then "Mengetahui" and the facilitator's signature.

:func:`rekap_diagnose_data` gathers the figures (pure values, tested on their own);
:func:`render_rekap_diagnose` lays them out on the lab's page templates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from labinovasi.db.engine import Database
from labinovasi.domain.enums import UnitType
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
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
    to_landscape,
    to_portrait,
)
from labinovasi.reports.common import write_atomically
from labinovasi.reports.flowables import SignatureBlock
from labinovasi.reports.shapes import drawing, legend, rect, value_axis
from labinovasi.services.curation import CurationRow, curation_table, decision_label, format_score
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import get_lab, list_units
from labinovasi.services.problems import TopProblem, top_problems
from labinovasi.services.records import LabInfo

TITLE = "Rekap Hasil Diagnose"
TOP_PROBLEMS = 3
DECISIONS = ("lanjut", "perbaiki", "gabung", "tunda")
BAR_COLOURS = {
    "lanjut": colors.HexColor("#4f9a44"),
    "perbaiki": colors.HexColor("#e0a030"),
    "gabung": colors.HexColor("#5b7fc7"),
    "tunda": colors.HexColor("#9aa3ab"),
    None: colors.HexColor("#d9dee3"),
}


@dataclass(frozen=True)
class TypeRow:
    """Ideas of one unit type (``unit_type`` None: the total of the lab)."""

    unit_type: UnitType | None
    units: int
    ideas: int
    decisions: dict[str | None, int] = field(default_factory=dict)  # decision (None = not curated) -> ideas

    def count(self, decision: str | None) -> int:
        return self.decisions.get(decision, 0)

    @property
    def label(self) -> str:
        return self.unit_type.label if self.unit_type else _("Jumlah")


@dataclass(frozen=True)
class RekapDiagnose:
    lab: LabInfo
    by_type: list[TypeRow]  # only the unit types the lab has, in the order of UnitType
    total: TypeRow
    problems: list[TopProblem]  # the top problems of each unit, units in order
    usg_mode: str
    ranked: list[CurationRow]  # ideas with a curation score or decision, best first

    @property
    def curated(self) -> int:
        return sum(self.total.count(d) for d in DECISIONS)


def rekap_diagnose_data(db: Database, lab_id: uuid.UUID | str, top_n: int = TOP_PROBLEMS) -> RekapDiagnose:
    """The figures of the recap (a handful of queries whatever the lab's size)."""
    lab = get_lab(db, lab_id)
    settings = get_lab_settings(db, lab.id)
    units = list_units(db, lab.id)
    rows = curation_table(db, lab.id)
    unit_count: dict[UnitType, int] = {}
    for u in units:
        unit_count[u.unit_type] = unit_count.get(u.unit_type, 0) + 1
    per_type: dict[UnitType, dict[str | None, int]] = {t: {} for t in unit_count}
    for r in rows:
        counts = per_type.setdefault(r.unit_type, {})
        counts[r.decision] = counts.get(r.decision, 0) + 1
    by_type = [
        TypeRow(t, unit_count.get(t, 0), sum(per_type[t].values()), dict(per_type[t]))
        for t in UnitType
        if t in per_type
    ]
    totals: dict[str | None, int] = {}
    for row in by_type:
        for d, n in row.decisions.items():
            totals[d] = totals.get(d, 0) + n
    total = TypeRow(None, len(units), len(rows), totals)
    order = {r.idea_id: i for i, r in enumerate(rows)}
    ranked = sorted(
        (r for r in rows if r.score is not None or r.decision is not None),
        key=lambda r: (r.rank_lab is None, r.rank_lab or 0, order[r.idea_id]),
    )
    return RekapDiagnose(lab, by_type, total, top_problems(db, lab.id, top_n), settings.usg_mode, ranked)


# --- layout ----------------------------------------------------------------------------------------


def head_cell(text: str) -> Flowable:
    return markup(esc(text), "CellHead")


def _num(n: int | str) -> Flowable:
    return para(format_number(n) if isinstance(n, int) else n, "Cell")


def table_style(header_rows: int = 1, extra: list[tuple] | None = None) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
            ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *(extra or []),
        ]
    )


def right_cell(text: str, bold: bool = False) -> Flowable:
    return markup(
        f"<para align='right'>{'<b>' if bold else ''}{esc(text)}{'</b>' if bold else ''}</para>", "Cell"
    )


def _type_table(data: RekapDiagnose, width: float) -> Table:
    heads = (
        [_("Jenis unit"), _("Jumlah unit"), _("Jumlah ide")]
        + [decision_label(d) for d in DECISIONS]
        + [decision_label(None)]
    )
    rows: list[list[Flowable]] = [[head_cell(h) for h in heads]]
    for r in [*data.by_type, data.total]:
        bold = r.unit_type is None
        label = markup(f"<b>{esc(r.label)}</b>", "Cell") if bold else para(r.label, "Cell")
        rows.append(
            [label, right_cell(format_number(r.units), bold), right_cell(format_number(r.ideas), bold)]
            + [right_cell(format_number(r.count(d)), bold) for d in (*DECISIONS, None)]
        )
    first = width * 0.25
    rest = (width - first) / (len(heads) - 1)
    t = Table(rows, colWidths=[first] + [rest] * (len(heads) - 1), repeatRows=1, splitInRow=1)
    t.setStyle(
        table_style(
            extra=[
                ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LIGHT),
                ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 1, INK),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def type_chart(data: RekapDiagnose, width: float) -> Drawing:
    """Horizontal bars, one per unit type: its ideas stacked by curation decision."""
    rows = data.by_type
    bar_h, gap, legend_h, axis_h = 5.2 * mm, 2.4 * mm, 9 * mm, 6 * mm
    label_w = (
        min(
            width * 0.3,
            max(stringWidth(r.unit_type.short_label if r.unit_type else "", FONT, 8.5) for r in rows)
            + 4 * mm,
        )
        if rows
        else 0
    )
    height = legend_h + len(rows) * (bar_h + gap) + axis_h
    d = drawing(width, height, FONT, 8)
    legend(d, [(decision_label(x), BAR_COLOURS[x]) for x in (*DECISIONS, None)], height - 4 * mm, FONT, INK)
    top = height - legend_h
    plot_w = width - label_w - 10 * mm
    most = max((r.ideas for r in rows), default=0)
    scale_max = value_axis(d, most, label_w, plot_w, axis_h, top, FONT, RULE, MUTED)
    for i, r in enumerate(rows):
        y = top - (i + 1) * (bar_h + gap) + gap / 2
        name = clip_text(r.unit_type.short_label if r.unit_type else "", FONT, 8.5, label_w - 2 * mm)
        d.add(
            String(
                label_w - 2 * mm,
                y + bar_h / 2 - 3,
                name,
                fontName=FONT,
                fontSize=8.5,
                fillColor=INK,
                textAnchor="end",
            )
        )
        x = label_w
        for decision in (*DECISIONS, None):
            n = r.count(decision)
            if n:
                w = plot_w * n / scale_max
                d.add(
                    rect(
                        x,
                        y,
                        w,
                        bar_h,
                        fillColor=BAR_COLOURS[decision],
                        strokeColor=colors.white,
                        strokeWidth=0.5,
                    )
                )
                x += w
        d.add(
            String(
                x + 1.5 * mm,
                y + bar_h / 2 - 3,
                format_number(r.ideas),
                fontName=FONT_BOLD,
                fontSize=8,
                fillColor=INK,
            )
        )
    return d


def _problems_table(data: RekapDiagnose, width: float) -> Table:
    total_head = _("Total (U×S×G)") if data.usg_mode == "kali" else _("Total (U+S+G)")
    heads = [_("Unit"), _("Peringkat"), _("Masalah"), "U", "S", "G", total_head, _("Dipilih")]
    rows: list[list[Flowable | str]] = [[head_cell(h) for h in heads]]
    spans: list[tuple] = []
    group_start = 1
    previous: uuid.UUID | None = None
    for p in data.problems:
        if p.unit_id != previous:
            if previous is not None and len(rows) - group_start > 1:
                spans.append(("SPAN", (0, group_start), (0, len(rows) - 1)))
            if previous is not None:
                spans.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 1, INK))
            group_start = len(rows)
            previous = p.unit_id
            unit_cell: Flowable | str = para(p.unit, "Cell")
        else:
            unit_cell = ""
        rows.append(
            [
                unit_cell,
                right_cell(format_number(p.rank)),
                para(f"{p.number}. {p.uraian}", "Cell"),
                right_cell(str(p.u)),
                right_cell(str(p.s)),
                right_cell(str(p.g)),
                right_cell(format_number(p.total), True),
                para(_("Ya") if p.dipilih else "", "Cell"),
            ]
        )
    if previous is not None and len(rows) - group_start > 1:
        spans.append(("SPAN", (0, group_start), (0, len(rows) - 1)))
    fixed = [0.19, 0.075, None, 0.04, 0.04, 0.04, 0.09, 0.065]
    known = sum(f for f in fixed if f)
    widths = [width * (f if f else 1 - known) for f in fixed]
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(table_style(extra=spans))
    t.hAlign = "LEFT"
    return t


def short_title(title: str, limit: int = 40) -> str:
    """An idea's name as a cross-reference: the acronym before " — " when there is one."""
    head = title.split(" \u2014 ", 1)[0].strip()
    text = head if len(head) >= 3 else title
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ranked_table(data: RekapDiagnose, width: float) -> Table:
    heads = [
        _("No"),
        _("Ide inovasi"),
        _("Unit"),
        _("Syarat PP 38"),
        _("Skor"),
        _("Peringkat lab"),
        _("Keputusan"),
    ]
    rows: list[list[Flowable | str]] = [[head_cell(h) for h in heads]]
    for i, r in enumerate(data.ranked, start=1):
        gate = {True: _("Memenuhi"), False: _("Tidak memenuhi"), None: "—"}[r.gate_passed]
        decision = decision_label(r.decision) if r.decision else "—"
        if r.decision == "gabung" and r.merged_into_title:
            decision += " " + _("ke \u201c{title}\u201d").format(title=short_title(r.merged_into_title))
        rows.append(
            [
                right_cell(str(i)),
                para(r.title or _("(ide tanpa judul)"), "Cell"),
                para(r.unit_name, "Cell"),
                para(gate, "Cell"),
                right_cell(format_score(r.score) or "—", True),
                right_cell(format_number(r.rank_lab) if r.rank_lab is not None else "—"),
                para(decision, "Cell"),
            ]
        )
    fixed = [0.05, None, 0.2, 0.11, 0.07, 0.105, 0.15]
    known = sum(f for f in fixed if f)
    widths = [width * (f if f else 1 - known) for f in fixed]
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(table_style())
    t.hAlign = "LEFT"
    return t


def rekap_diagnose_story(data: RekapDiagnose, info: DocumentInfo, today: dt.date) -> list[Flowable]:
    lab = data.lab
    width = content_width(info, landscape_page=False)
    wide = content_width(info, landscape_page=True)
    story: list[Flowable] = [heading(_(TITLE), 0, "Title", user_text=True)]
    subtitle = " · ".join(x for x in (lab.name, lab.pemda) if x)
    story.append(para(subtitle, "Subtitle"))
    story.append(para(_("Keadaan per {date}").format(date=format_date(today)), "Muted"))
    story.append(Spacer(1, 3 * mm))
    lanjut = data.total.count("lanjut")
    story.append(
        para(
            _(
                "{units} unit peserta menghasilkan {ideas} ide inovasi. {curated} ide sudah dikurasi; {lanjut} di "
                "antaranya dilanjutkan ke tahap Design."
            ).format(
                units=format_number(data.total.units),
                ideas=format_number(data.total.ideas),
                curated=format_number(data.curated),
                lanjut=format_number(lanjut),
            ),
            "Body",
        )
    )
    story.append(Spacer(1, 4 * mm))

    # 1. ideas per unit type
    story.append(heading(_("1. Ide inovasi per jenis unit"), 0, user_text=False))
    if data.by_type:
        story.append(_type_table(data, width))
        if data.total.ideas:
            story += [
                Spacer(1, 5 * mm),
                KeepTogether(
                    [
                        para(_("Jumlah ide per jenis unit menurut keputusan kurasi"), "Label"),
                        type_chart(data, width),
                    ]
                ),
            ]
    else:
        story.append(para(_("Lab ini belum memiliki unit peserta."), "Muted"))

    # 2. top problems by USG (landscape)
    if data.problems:
        story += [to_landscape(), PageBreak()]
    else:
        story.append(Spacer(1, 6 * mm))
    story.append(heading(_("2. Masalah prioritas per unit (USG)"), 0, user_text=False))
    if data.problems:
        story.append(
            para(
                _(
                    "Tiga masalah teratas setiap unit menurut skor USG (Urgency, Seriousness, Growth; skor 1–5) beserta "
                    "masalah yang dipilih sebagai prioritas. Peringkat berlaku di dalam unit."
                ),
                "Help",
            )
        )
        story.append(Spacer(1, 2 * mm))
        story.append(_problems_table(data, wide))
        story += [to_portrait(), PageBreak()]
    else:
        story.append(para(_("Belum ada unit yang menilai prioritas masalahnya dengan USG (LK-2d)."), "Muted"))
        story.append(Spacer(1, 6 * mm))

    # 3. curated ideas by score
    story.append(heading(_("3. Ide terkurasi menurut skor"), 0, user_text=False))
    if data.ranked:
        story.append(
            para(
                _(
                    "Skor kurasi menurut lima kriteria PermenPANRB 91/2021 (maksimal 25). Ide yang tidak memenuhi syarat "
                    "PP 38/2017 diurutkan setelah ide yang memenuhi. Hanya ide berkeputusan \u201cLanjut\u201d yang dibawa "
                    "ke tahap Design."
                ),
                "Help",
            )
        )
        story.append(Spacer(1, 2 * mm))
        story.append(_ranked_table(data, width))
    else:
        story.append(para(_("Belum ada ide yang dikurasi (LK-2g)."), "Muted"))

    place = lab.city or lab.pemda
    place_date = f"{place}, {format_date(today)}" if place else format_date(today)
    story += [
        Spacer(1, 8 * mm),
        CondPageBreak(50 * mm),
        KeepTogether(
            [
                SignatureBlock([(_("Mengetahui, Fasilitator"), lab.facilitator, "")], place_date=place_date),
            ]
        ),
    ]
    return story


def render_rekap_diagnose(
    db: Database, lab_id: uuid.UUID | str, paper: str = "a4", today: dt.date | None = None
) -> bytes:
    """The Rekap Hasil Diagnose of a lab as PDF bytes (A4 or F4)."""
    today = today or dt.date.today()
    data = rekap_diagnose_data(db, lab_id)
    info = DocumentInfo(title=_(TITLE), lab=data.lab.name, paper=paper, subject=_(TITLE), printed_on=today)
    return build(rekap_diagnose_story(data, info, today), info)


def export_rekap_diagnose(db: Database, lab_id: uuid.UUID | str, out: Path, paper: str = "a4") -> Path:
    """Write the recap to ``out`` (replaced only when the PDF is complete)."""
    write_atomically(out, render_rekap_diagnose(db, lab_id, paper))
    return out


def rekap_filename(lab: LabInfo, prefix: str = "Rekap_Diagnose_") -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in lab.name)
    return prefix + ("_".join(safe.split())[:80] or "lab") + ".pdf"
