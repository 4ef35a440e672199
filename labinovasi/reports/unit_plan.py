"""The Rencana Proyek Inovasi of a unit, the document a head of unit signs: cover (with the lab's logo),
contents, unit profile, team, commitment, problem analysis (USG, fishbone), and for each idea sent on to
Design its card, kanvas, rancang bangun, rencana aksi with Gantt, milestones, stakeholders and risks and
review; then the signatures. Wide parts go on landscape pages."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    COVER,
    FONT,
    LIGHT,
    PORTRAIT,
    RULE,
    DocumentInfo,
    build,
    content_width,
    esc,
    heading,
    long_text,
    markup,
    para,
    table_of_contents,
    to_landscape,
    to_portrait,
)
from labinovasi.reports.common import PLAN_TITLE, logo_problem, plan_filename, write_atomically
from labinovasi.reports.data import UnitPlanData, unit_plan_data
from labinovasi.reports.flowables import SignatureBlock
from labinovasi.reports.letterhead import letterhead, logo_image
from labinovasi.reports.worksheet_pdf import filled_body, label_value_table
from labinovasi.services.context import Sources
from labinovasi.services.labs import get_lab, list_units
from labinovasi.worksheets.registry import TemplateRegistry, default_registry

LOGO_MAX = 32 * mm


def logo_flowable(path: str) -> tuple[Flowable | None, str | None]:
    """The lab's logo for the cover, or ``(None, message)`` when the file cannot be used (the same
    check as the settings dialog and the letterhead)."""
    if not path:
        return None, None
    problem = logo_problem(path)
    image = logo_image(path, LOGO_MAX, LOGO_MAX) if problem is None else None
    if image is None:
        reason = problem or _("Berkas logo tidak dapat dibaca: {path}").format(path=path)
        return None, _("{reason}; sampul dicetak tanpa logo.").format(reason=reason.rstrip("."))
    image.hAlign = "CENTER"
    return image, None


def _cover(data: UnitPlanData, width: float, today: dt.date, level: int = 0) -> list[Flowable]:
    """The cover: the lab's kop (logo, PEMERINTAH …, the lab, a double rule) as on the Komitmen and the
    Daftar Hadir, then the title, the unit, the lab and the year."""
    lab = data.lab
    _logo, problem = logo_flowable(data.settings.logo_path)
    if problem:
        data.warnings.append(problem)
    story: list[Flowable] = [
        *letterhead(lab, data.settings.logo_path if problem is None else "", width),
        Spacer(1, 36 * mm),
    ]
    story += [markup(esc(_("RENCANA PROYEK INOVASI")).upper(), "CoverTitle"), Spacer(1, 8 * mm)]
    name = heading(data.unit.name, level, "CoverBig") if level >= 0 else para(data.unit.name, "CoverBig")
    story += [name, Spacer(1, 3 * mm), para(data.unit.unit_type.label, "CoverText"), Spacer(1, 36 * mm)]
    rule = Table([[""]], colWidths=[width * 0.5], rowHeights=[1])
    rule.setStyle(
        TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1.2, RULE), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    story += [rule, Spacer(1, 8 * mm), para(lab.name, "CoverText")]  # the organiser is in the kop
    year = lab.year or today.year
    story += [Spacer(1, 36 * mm), para(str(year), "CoverBig"), NextPageTemplate(PORTRAIT), PageBreak()]
    return story


def _kv_table(rows: list[tuple[str, str]], width: float) -> Table:
    return label_value_table([[markup(esc(k), "Cell"), para(v or "—", "Cell")] for k, v in rows], width, 0.3)


def _team_table(data: UnitPlanData, width: float) -> Flowable:
    if not data.team:
        return para(_("Tim inovasi belum dicatat."), "Muted")
    head = [
        markup(esc(h), "CellHead")
        for h in (_("No"), _("Nama"), _("NIP"), _("Jabatan"), _("Peran"), _("Kontak"))
    ]
    rows = [head] + [
        [
            str(i),
            para(p.name, "Cell"),
            para(p.nip, "Cell"),
            para(p.jabatan, "Cell"),
            para(p.role.label, "Cell"),
            para(" ".join(x for x in (p.phone, p.email) if x), "Cell"),
        ]
        for i, p in enumerate(data.team, start=1)
    ]
    w = width
    t = Table(
        rows,
        colWidths=[9 * mm, w * 0.22, w * 0.215, w * 0.2, w * 0.12, w * 0.245 - 9 * mm],
        repeatRows=1,
        splitInRow=1,
    )
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _place_date(data: UnitPlanData, when: dt.date) -> str:
    place = data.lab.city or data.lab.pemda
    return f"{place}, {format_date(when)}" if place else format_date(when)


def _commitment(data: UnitPlanData, width: float, today: dt.date) -> list[Flowable]:
    lk1 = data.unit_worksheets.get("LK-1", {})
    head_name = lk1.get("nama_kepala_unit") or data.unit.head_name
    head_nip = lk1.get("nip_kepala_unit") or data.unit.head_nip
    story: list[Flowable] = [
        _kv_table(
            [
                (_("Unit"), data.unit.name),
                (_("Kepala unit"), head_name),
                (_("NIP"), head_nip),
                (
                    _("Target jumlah ide inovasi"),
                    str(lk1.get("target_jumlah_ide", "")) if lk1.get("target_jumlah_ide") else "",
                ),
            ],
            width,
        ),
        Spacer(1, 3 * mm),
    ]
    if lk1.get("isi_komitmen"):
        story += long_text(str(lk1["isi_komitmen"]), "Body")
    else:
        story.append(para(_("Pernyataan komitmen (LK-1) belum diisi."), "Muted"))
    when = today
    if lk1.get("tanggal"):
        with contextlib.suppress(ValueError):
            when = dt.date.fromisoformat(lk1["tanggal"])
    place = lk1.get("tempat") or data.lab.city or data.lab.pemda
    story += [
        Spacer(1, 5 * mm),
        SignatureBlock(
            [(_("Kepala Unit"), head_name, head_nip)],
            place_date=f"{place}, {format_date(when)}" if place else format_date(when),
        ),
    ]
    return story


def _not_filled(code: str, title: str) -> Paragraph:
    return para(_("{code} {title} belum diisi.").format(code=code, title=title), "Muted")


def _worksheet(
    data: UnitPlanData,
    code: str,
    stored: dict[str, Any] | None,
    width: float,
    ctx: Sources | None,
    reg: TemplateRegistry,
) -> list[Flowable]:
    template = reg.get(code)
    if not stored:
        return [_not_filled(code, template.title)]
    return filled_body(template, stored, width, ctx)


def _landscape(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` on landscape pages of their own (the page before is never left empty)."""
    return [to_landscape(), PageBreak(), *flowables, to_portrait(), PageBreak()]


# (code, heading, landscape?) of each part of an idea's plan, in order
IDEA_PARTS = (
    ("LK-2f", "Kartu ide inovasi", False),
    ("LK-3", "Kanvas inovasi", True),
    ("LK-3a", "Rancang bangun inovasi", False),
    ("LK-3b", "Rencana aksi dan jadwal (Gantt)", True),
    ("LK-3c", "Tonggak capaian", False),
    ("LK-3d", "Pemangku kepentingan dan risiko", False),
    ("LK-3e", "Catatan review", False),
)


def unit_plan_story(
    data: UnitPlanData,
    info: DocumentInfo,
    registry: TemplateRegistry | None = None,
    today: dt.date | None = None,
    level: int = 0,
    contents: bool = True,
) -> list[Flowable]:
    """The plan of one unit. ``level`` shifts its outline entries (a combined PDF puts each unit one
    level down, under the unit's name); ``contents`` adds the Daftar Isi."""
    reg = registry or default_registry()
    today = today or dt.date.today()
    width = content_width(info, landscape_page=False)
    wide = content_width(info, landscape_page=True)
    unit, lab = data.unit, data.lab
    ctx = data.context
    story = _cover(data, width, today, level - 1)
    if contents:
        story += [markup(esc(_("Daftar Isi")), "H1"), Spacer(1, 2 * mm), table_of_contents(2), PageBreak()]

    def h(text: str, sub: int = 0) -> Paragraph:
        return heading(text, level + sub, ("H1", "H2", "H3")[sub])

    story.append(h(_("I. Profil Unit")))
    story.append(
        _kv_table(
            [
                (_("Nama unit"), unit.name),
                (_("Jenis unit"), unit.unit_type.label),
                (_("Kepala unit"), unit.head_name),
                (_("NIP kepala unit"), unit.head_nip),
                (_("Alamat"), unit.address),
                (_("Laboratorium Inovasi"), lab.name),
                (_("Pemerintah daerah"), " · ".join(x for x in (lab.pemda, lab.province) if x)),
                (_("Jumlah ide inovasi"), str(len(data.ideas))),
                (_("Ide yang dirancang"), str(len(data.planned_ideas))),
            ],
            width,
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(h(_("II. Tim Inovasi")))
    story.append(_team_table(data, width))
    story.append(Spacer(1, 6 * mm))

    story.append(CondPageBreak(90 * mm))
    story.append(h(_("III. Pernyataan Komitmen Berinovasi")))
    story += _commitment(data, width, today)

    analysis = [(code, data.unit_worksheets.get(code)) for code in ("LK-2d", "LK-2e")]
    if any(stored for _code, stored in analysis):
        part: list[Flowable] = [h(_("IV. Analisis Masalah"))]
        for n, (code, stored) in enumerate(analysis, start=1):
            title = reg.get(code).title
            part.append(h(f"4.{n}  {title}", 1))
            part += _worksheet(data, code, stored, wide, ctx, reg)
            part.append(Spacer(1, 4 * mm))
        story += _landscape(part)
    else:
        story += [
            h(_("IV. Analisis Masalah")),
            para(_("Prioritas masalah (LK-2d) dan akar masalah (LK-2e) belum diisi."), "Muted"),
            Spacer(1, 4 * mm),
        ]

    story.append(CondPageBreak(90 * mm))
    story.append(h(_("V. Ide Inovasi")))
    if not data.ideas:
        story.append(para(_("Unit ini belum memiliki ide inovasi."), "Muted"))
    for n, section in enumerate(data.planned_ideas, start=1):
        idea_ctx = ctx.for_idea(section.idea.id) if ctx else None
        title = section.idea.title or _("(ide tanpa judul)")
        if n > 1:
            story.append(PageBreak())
        story.append(h(f"5.{n}  {title}", 1))
        story.append(
            para(
                _("Status: {status} · Tahap: {stage}").format(
                    status=section.idea.status.label, stage=section.idea.stage.label
                ),
                "Muted",
            )
        )
        story.append(Spacer(1, 2 * mm))
        missing: list[str] = []  # parts not filled yet: one line, not a heading each
        m_ = 0
        for code, label, is_wide in IDEA_PARTS:
            if code not in reg:
                continue
            stored = section.worksheets.get(code)
            if not stored:
                missing.append(f"{_(label)} ({code})")
                continue
            m_ += 1
            sub = [h(f"5.{n}.{m_}  {_(label)} ({code})", 2)]
            if is_wide:
                story += _landscape(sub + _worksheet(data, code, stored, wide, idea_ctx, reg))
            else:
                story += sub + _worksheet(data, code, stored, width, idea_ctx, reg) + [Spacer(1, 3 * mm)]
        if missing:
            story.append(para(_("Belum diisi: {parts}.").format(parts=", ".join(missing)), "Muted"))
    others = data.other_ideas
    if others:
        story.append(CondPageBreak(50 * mm))
        story.append(h(_("Ide lain unit ini (belum dilanjutkan ke Design)"), 1))
        rows = [[markup(esc(x), "CellHead") for x in (_("No"), _("Ide"), _("Status"))]] + [
            [
                str(i),
                para(s_.idea.title or _("(ide tanpa judul)"), "Cell"),
                para(s_.idea.status.label, "Cell"),
            ]
            for i, s_ in enumerate(others, start=1)
        ]
        t = Table(rows, colWidths=[10 * mm, width * 0.7, width * 0.3 - 10 * mm], repeatRows=1, splitInRow=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        t.hAlign = "LEFT"
        story.append(t)

    inov = data.inovator
    story.append(CondPageBreak(80 * mm))
    sign = [
        h(_("VI. Pengesahan")),
        para(
            _(
                "Rencana proyek inovasi ini disusun oleh tim inovasi {unit} dan disetujui untuk dilaksanakan."
            ).format(unit=unit.name),
            "Body",
        ),
        Spacer(1, 8 * mm),
        SignatureBlock(
            [
                (_("Kepala Unit"), unit.head_name, unit.head_nip),
                (_("Inovator"), inov.name if inov else "", inov.nip if inov else ""),
                (_("Fasilitator"), lab.facilitator, ""),
            ],
            place_date=_place_date(data, today),
        ),
    ]
    story.append(KeepTogether(sign))
    return story


def render_unit_plan(
    data: UnitPlanData,
    paper: str = "a4",
    registry: TemplateRegistry | None = None,
    today: dt.date | None = None,
) -> bytes:
    """One unit's plan. Problems that did not stop it (a logo that is not an image …) are added to
    ``data.warnings`` for the person exporting."""
    info = DocumentInfo(
        title=_(PLAN_TITLE),
        lab=data.lab.name,
        unit=data.unit.name,
        paper=paper,
        cover=True,
        subject=_(PLAN_TITLE),
    )
    return build(unit_plan_story(data, info, registry, today), info)


def combined_info(lab_name: str, paper: str) -> DocumentInfo:
    """The header and footer of the combined plans (and of each part of it)."""
    return DocumentInfo(title=_(PLAN_TITLE), lab=lab_name, paper=paper, cover=True, subject=_(PLAN_TITLE))


def render_plan_part(
    data: UnitPlanData,
    paper: str = "a4",
    registry: TemplateRegistry | None = None,
    today: dt.date | None = None,
) -> bytes:
    """One unit's plan as a part of the combined PDF: no contents, the unit's name as its top bookmark
    and its sections one level below. Parts stitched together give the same document as
    :func:`render_combined_plans`."""
    info = combined_info(data.lab.name, paper)
    return build(unit_plan_story(data, info, registry, today, level=1, contents=False), info)


def render_combined_plans(
    db: Database,
    lab_id: uuid.UUID | str,
    paper: str = "a4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warnings: list[str] | None = None,
) -> bytes | None:
    """Every unit's plan in one PDF laid out in this process, each under a bookmark with the unit's
    name and numbered on its own. Returns ``None`` when ``cancelled()`` said so. (The window and the
    command line use :mod:`labinovasi.reports.batch`, which prints the units on every core.)"""
    units = list_units(db, lab_id)
    lab = get_lab(db, lab_id)
    info = combined_info(lab.name, paper)
    story: list[Flowable] = []
    for i, unit in enumerate(units, start=1):
        if cancelled and cancelled():
            return None
        data = unit_plan_data(db, lab_id, unit.id)
        if story:
            story += [NextPageTemplate(COVER), PageBreak()]
        story += unit_plan_story(data, info, level=1, contents=False)
        if warnings is not None:
            warnings.extend(w for w in data.warnings if w not in warnings)
        if progress:
            progress(i, len(units) + 1, unit.name)
    if cancelled and cancelled():
        return None
    pdf = build(story, info)
    if progress:
        progress(len(units) + 1, len(units) + 1, _("PDF gabungan"))
    return pdf


def export_unit_plan(
    db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str, out: Path, paper: str = "a4"
) -> Path:
    """Write one unit's plan to ``out`` (the file is replaced only when the PDF is complete)."""
    pdf = render_unit_plan(unit_plan_data(db, lab_id, unit_id), paper)
    write_atomically(out, pdf)
    return out


def export_all_unit_plans(
    db: Database,
    lab_id: uuid.UUID | str,
    out_dir: Path,
    paper: str = "a4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """One PDF per unit in ``out_dir``. ``progress(done, total, unit)`` is called after each unit;
    ``cancelled()`` is checked before each unit."""
    out_dir.mkdir(parents=True, exist_ok=True)
    units = list_units(db, lab_id)
    written = []
    for i, unit in enumerate(units, start=1):
        if cancelled and cancelled():
            break
        path = out_dir / plan_filename(i, unit.name)
        export_unit_plan(db, lab_id, unit.id, path, paper)
        written.append(path)
        if progress:
            progress(i, len(units), unit.name)
    return written
