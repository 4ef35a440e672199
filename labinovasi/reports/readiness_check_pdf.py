"""Pemeriksaan Kesiapan IID dan KIPP: the readiness self-check of a lab's launched innovations, portrait
A4 or F4.

Under the lab's kop: a boxed statement that the result is the app's estimate (not an assessment by
Kemendagri or KemenPANRB), how it is estimated, a summary table (innovation × unit × evidence missing ×
estimate), then per innovation its findings (✓ / ✗ with the sentence and the IID item and KIPP aspects
it relates to). The data is :func:`labinovasi.services.readiness_check.readiness_report`; this module
only lays it out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    Bookmark,
    DocumentInfo,
    build,
    content_width,
    esc,
    heading,
    markup,
    para,
    style,
)
from labinovasi.reports.letterhead import letterhead, text
from labinovasi.reports.rekap_diagnose import head_cell, rekap_filename, right_cell, table_style
from labinovasi.services.readiness_check import (
    InnovationCheck,
    ReadinessReport,
    estimate_note,
    format_estimate,
    most_missing,
    readiness_report,
    running_text,
)
from labinovasi.services.records import LabInfo

TITLE = "Pemeriksaan Kesiapan IID dan KIPP"
NAME_CHARS = 200  # a longer name (an edited file) is cut, so no cell outgrows a page

OK = "#2e7d32"
MISSING = "#b3261e"
NOTE_FILL = colors.HexColor("#fff6dc")
NOTE_LINE = colors.HexColor("#c99a2e")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = style("Body")
    return {
        "DocSub": ParagraphStyle("DocSub", parent=body, fontSize=10, leading=13, alignment=TA_CENTER),
        "Note": ParagraphStyle("Note", parent=body, fontSize=9.5, leading=12.5),
        "Mark": ParagraphStyle("Mark", parent=body, fontSize=11, leading=12.5, alignment=TA_CENTER),
        "Related": ParagraphStyle("Related", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
    }


def _name(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= NAME_CHARS else value[: NAME_CHARS - 1] + "…"


def _para(value: str, st: ParagraphStyle) -> Flowable:
    return Paragraph(esc(value, st.fontName), st)


def _estimate_box(report: ReadinessReport, width: float) -> Table:
    """The boxed statement: an estimate by the app, and how it is made."""
    rules = report.rules
    weights = ", ".join(f"{_(a.label)} {format_number(a.weight)}%" for a in rules.kipp if a.weight > 0)
    iid = ", ".join(f"{_(a.label)} {format_number(a.weight)}%" for a in rules.iid)
    lines = [
        markup(f"<b>{esc(_('PERKIRAAN APLIKASI — BUKAN PENILAIAN RESMI'))}</b>", "Body"),
        _para(estimate_note(), _styles()["Note"]),
        _para(
            _(
                "Perkiraan KIPP: bagian bobot aspek proposal KIPP ({source}: {weights}) yang datanya sudah "
                "tercatat. Inovasi kelompok umum harus sudah berjalan ≥ {months} bulan. Bobot aspek IID: {iid}; "
                "indikator per inovasi termasuk aspek SID. Tidak semua 36 indikator IID diketahui; yang "
                "diperiksa hanya isian profil IID dan bukti yang dapat dilihat dari data lab."
            ).format(
                source=_(rules.kipp_source) or "KIPP",
                weights=weights,
                months=format_number(rules.min_months),
                iid=iid,
            ),
            _styles()["Note"],
        ),
    ]
    t = Table([[lines]], colWidths=[width])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 1.2, NOTE_LINE),
                ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


def _summary_table(report: ReadinessReport, width: float) -> Table:
    heads = [_("No"), _("Nama inovasi"), _("Unit"), _("Belum ada"), _("Perkiraan KIPP")]
    rows: list[list[Flowable]] = [[head_cell(h) for h in heads]]
    for n, i in enumerate(report.innovations, start=1):
        rows.append(
            [
                right_cell(str(n)),
                para(_name(i.title), "Cell"),
                para(_name(i.unit), "Cell"),
                right_cell(_("{n} dari {total}").format(n=format_number(i.missing), total=len(i.findings))),
                right_cell(format_estimate(i.estimate)),
            ]
        )
    fixed = [0.06, 0.42, 0.26, 0.12]
    widths = [width * f for f in fixed] + [width * (1 - sum(fixed))]
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(table_style())
    t.hAlign = "LEFT"
    return t


def _missing_table(report: ReadinessReport, width: float) -> Table | None:
    counts = most_missing(report)
    if not counts:
        return None
    heads = [_("Yang diperiksa"), _("Inovasi yang belum memenuhi")]
    rows: list[list[Flowable]] = [[head_cell(h) for h in heads]]
    for c in counts:
        rows.append(
            [
                para(c.title, "Cell"),
                right_cell(
                    _("{n} dari {total}").format(n=format_number(c.missing), total=format_number(c.concerned))
                ),
            ]
        )
    t = Table(rows, colWidths=[width * 0.7, width * 0.3], repeatRows=1, splitInRow=1)
    t.setStyle(table_style())
    t.hAlign = "LEFT"
    return t


def _findings_table(i: InnovationCheck, width: float) -> Table:
    rows: list[list[Flowable | list[Flowable]]] = []
    colours = []
    for r, f in enumerate(i.missing_first):
        kipp = _("KIPP: {aspects}").format(aspects=", ".join(f.kipp)) if f.kipp else ""
        related = " · ".join(x for x in (f.iid, kipp) if x)
        symbol = esc("✓" if f.ok else "✗", FONT_BOLD)
        mark = markup(f"<font color='{OK if f.ok else MISSING}'><b>{symbol}</b></font>", "Body")
        rows.append([mark, [para(f.sentence, "Cell"), _para(related, _styles()["Related"])]])
        if not f.ok:
            colours.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#fbeceb")))
    t = Table(rows, colWidths=[8 * mm, width - 8 * mm], splitInRow=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c8d0d8")),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *colours,
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _innovation(n: int, i: InnovationCheck, today: dt.date, width: float) -> list[Flowable]:
    months = running_text(i, today)
    facts = _("{unit} · {missing} belum ada · perkiraan KIPP {estimate} · {months}").format(
        unit=_name(i.unit),
        missing=format_number(i.missing),
        estimate=format_estimate(i.estimate),
        months=months,
    )
    head = heading(f"{n}. {_name(i.title)}", 1, "H2")
    return [
        CondPageBreak(40 * mm),
        KeepTogether([head, para(facts, "Muted"), Spacer(1, 1.5 * mm)]),
        _findings_table(i, width),
        Spacer(1, 5 * mm),
    ]


def readiness_check_story(report: ReadinessReport, info: DocumentInfo) -> list[Flowable]:
    lab = report.lab
    width = content_width(info, landscape_page=False)
    story: list[Flowable] = [Bookmark(_(TITLE), 0)]
    story += letterhead(lab, report.logo_path, width)
    story += [
        text(_("PEMERIKSAAN KESIAPAN IID DAN KIPP"), "DocTitle"),
        _para(" · ".join(x for x in (lab.name, lab.pemda) if x), _styles()["DocSub"]),
        _para(_("Keadaan per {date}").format(date=format_date(report.today)), _styles()["DocSub"]),
        Spacer(1, 4 * mm),
        _estimate_box(report, width),
        Spacer(1, 5 * mm),
    ]
    if not report.innovations:
        story.append(para(_("Belum ada inovasi yang diluncurkan (LK-4a)."), "Muted"))
        return story
    story += [
        KeepTogether([heading(_("Ringkasan per inovasi"), 0, user_text=False), Spacer(1, 1 * mm)]),
        _summary_table(report, width),
        Spacer(1, 6 * mm),
    ]
    missing = _missing_table(report, width)
    if missing is not None:
        story += [
            CondPageBreak(50 * mm),
            heading(_("Yang paling sering belum ada"), 0, user_text=False),
            missing,
            Spacer(1, 6 * mm),
        ]
    story += [
        CondPageBreak(60 * mm),
        heading(_("Temuan per inovasi"), 0, user_text=False),
        para(
            _(
                "✓ sudah tercatat di lab · ✗ belum ada atau belum lengkap. Di bawah setiap temuan: isian IID dan "
                "aspek KIPP yang terkait."
            ),
            "Help",
        ),
        Spacer(1, 2 * mm),
    ]
    for n, i in enumerate(report.innovations, start=1):
        story += _innovation(n, i, report.today, width)
    return story


def render_readiness_check(
    db: Database, lab_id: uuid.UUID | str, paper: str = "a4", today: dt.date | None = None
) -> bytes:
    """The Pemeriksaan Kesiapan IID dan KIPP of a lab as PDF bytes (A4 or F4, portrait)."""
    today = today or dt.date.today()
    report = readiness_report(db, lab_id, today)
    info = DocumentInfo(
        title=_(TITLE), lab=report.lab.name, paper=paper, subject=_(TITLE), kop=True, printed_on=today
    )
    return build(readiness_check_story(report, info), info)


def readiness_check_filename(lab: LabInfo) -> str:
    return rekap_filename(lab, "Kesiapan_IID_KIPP_")
