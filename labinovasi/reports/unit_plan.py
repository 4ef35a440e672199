"""The Rencana Proyek Inovasi of one unit: cover, unit profile, team, idea cards, signatures."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    FONT,
    LIGHT,
    PORTRAIT,
    RULE,
    DocumentInfo,
    build,
    content_width,
    esc,
    heading,
    markup,
    para,
)
from labinovasi.reports.data import IDEA_CARD, UnitPlanData, unit_plan_data
from labinovasi.reports.flowables import SignatureBlock
from labinovasi.reports.worksheet_pdf import filled_worksheet_flowables, label_value_table
from labinovasi.services.labs import list_units
from labinovasi.worksheets.registry import TemplateRegistry, default_registry

PLAN_TITLE = "Rencana Proyek Inovasi"


def _cover(data: UnitPlanData, width: float, today: dt.date) -> list[Flowable]:
    lab = data.lab
    story: list[Flowable] = [Spacer(1, 40 * mm), markup(esc(_("RENCANA PROYEK INOVASI")).upper(), "CoverTitle"),
                             Spacer(1, 8 * mm), para(data.unit.name, "CoverBig"), Spacer(1, 3 * mm),
                             para(data.unit.unit_type.label, "CoverText"), Spacer(1, 30 * mm)]
    rule = Table([[""]], colWidths=[width * 0.5], rowHeights=[1])
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1.2, RULE), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    story += [rule, Spacer(1, 8 * mm), para(lab.name, "CoverText")]
    if lab.pemda:
        story += [Spacer(1, 2 * mm), para(lab.pemda, "CoverText")]
    if lab.organizer:
        story += [Spacer(1, 2 * mm), para(_("Penyelenggara: {org}").format(org=lab.organizer), "CoverText")]
    year = lab.year or today.year
    story += [Spacer(1, 40 * mm), para(str(year), "CoverBig"), NextPageTemplate(PORTRAIT), PageBreak()]
    return story


def _kv_table(rows: list[tuple[str, str]], width: float) -> Table:
    return label_value_table([[markup(esc(k), "Cell"), para(v or "—", "Cell")] for k, v in rows], width, 0.3)


def _team_table(data: UnitPlanData, width: float) -> Flowable:
    if not data.team:
        return para(_("Tim inovasi belum dicatat."), "Muted")
    head = [markup(esc(h), "CellHead") for h in (_("No"), _("Nama"), _("NIP"), _("Jabatan"), _("Peran"), _("Kontak"))]
    rows = [head] + [
        [str(i), para(p.name, "Cell"), para(p.nip, "Cell"), para(p.jabatan, "Cell"), para(p.role.label, "Cell"),
         para(" ".join(x for x in (p.phone, p.email) if x), "Cell")]
        for i, p in enumerate(data.team, start=1)
    ]
    w = width
    t = Table(rows, colWidths=[9 * mm, w * 0.22, w * 0.215, w * 0.2, w * 0.12, w * 0.245 - 9 * mm], repeatRows=1,
              splitInRow=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]))
    t.hAlign = "LEFT"
    return t


def unit_plan_story(data: UnitPlanData, info: DocumentInfo, registry: TemplateRegistry | None = None,
                    today: dt.date | None = None) -> list[Flowable]:
    reg = registry or default_registry()
    today = today or dt.date.today()
    width = content_width(info)
    unit, lab = data.unit, data.lab
    story = _cover(data, width, today)

    story.append(heading(_("I. Profil Unit"), 0, user_text=False))
    story.append(_kv_table([
        (_("Nama unit"), unit.name),
        (_("Jenis unit"), unit.unit_type.label),
        (_("Kepala unit"), unit.head_name),
        (_("NIP kepala unit"), unit.head_nip),
        (_("Alamat"), unit.address),
        (_("Laboratorium Inovasi"), lab.name),
        (_("Pemerintah daerah"), " · ".join(x for x in (lab.pemda, lab.province) if x)),
        (_("Jumlah ide inovasi"), str(len(data.ideas))),
    ], width))
    story.append(Spacer(1, 6 * mm))

    story.append(heading(_("II. Tim Inovasi"), 0, user_text=False))
    story.append(_team_table(data, width))
    story.append(Spacer(1, 6 * mm))

    story.append(CondPageBreak(60 * mm))
    story.append(heading(_("III. Ide Inovasi"), 0, user_text=False))
    card = reg.get(IDEA_CARD)
    if not data.ideas:
        story.append(para(_("Unit ini belum memiliki ide inovasi."), "Muted"))
    for n, section in enumerate(data.ideas, start=1):
        title = section.idea.title or _("(ide tanpa judul)")
        if n > 1:
            story.append(CondPageBreak(90 * mm))
        story.append(heading(f"3.{n}  {title}", 1))
        story.append(para(_("Status: {status} · Tahap: {stage}").format(
            status=section.idea.status.label, stage=section.idea.stage.label), "Muted"))
        story.append(Spacer(1, 2 * mm))
        card_data = section.worksheets.get(IDEA_CARD)
        if card_data:
            story += filled_worksheet_flowables(card, card_data, width)
        else:
            story.append(para(_("Kartu ide (LK-2f) belum diisi."), "Muted"))
        story.append(Spacer(1, 4 * mm))

    inov = data.inovator
    place = lab.city or lab.pemda
    place_date = f"{place}, {format_date(today)}" if place else format_date(today)
    story.append(CondPageBreak(80 * mm))
    sign = [
        heading(_("Pengesahan"), 0, user_text=False),
        para(_("Rencana proyek inovasi ini disusun oleh tim inovasi {unit} dan disetujui untuk dilaksanakan.").format(
            unit=unit.name), "Body"),
        Spacer(1, 8 * mm),
        SignatureBlock([
            (_("Kepala Unit"), unit.head_name, unit.head_nip),
            (_("Inovator"), inov.name if inov else "", inov.nip if inov else ""),
            (_("Fasilitator"), lab.facilitator, ""),
        ], place_date=place_date),
    ]
    story.append(KeepTogether(sign))
    return story


def render_unit_plan(data: UnitPlanData, paper: str = "a4", registry: TemplateRegistry | None = None,
                     today: dt.date | None = None) -> bytes:
    info = DocumentInfo(title=_(PLAN_TITLE), lab=data.lab.name, unit=data.unit.name, paper=paper, cover=True,
                        subject=_(PLAN_TITLE))
    return build(unit_plan_story(data, info, registry, today), info)


def export_unit_plan(db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str, out: Path,
                     paper: str = "a4") -> Path:
    """Write one unit's plan to ``out`` (the file is replaced only when the PDF is complete)."""
    pdf = render_unit_plan(unit_plan_data(db, lab_id, unit_id), paper)
    write_atomically(out, pdf)
    return out


def plan_filename(index: int, unit_name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in unit_name)
    safe = "_".join(safe.split())[:80] or "unit"
    return f"{index:03d}_{safe}.pdf"


def export_all_unit_plans(db: Database, lab_id: uuid.UUID | str, out_dir: Path, paper: str = "a4",
                          progress: Callable[[int, int, str], None] | None = None,
                          cancelled: Callable[[], bool] | None = None) -> list[Path]:
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


def write_atomically(out: Path, content: bytes) -> None:
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(content)
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


