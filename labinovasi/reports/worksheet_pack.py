"""A pack of blank worksheets for the print shop: every worksheet a unit fills in a stage (or in all
stages), for each unit of a list, in one PDF. Each sheet is the same blank sheet the window prints,
with the lab and the unit's name already filled in its header box and in the page header next to the
worksheet's code; the PDF outline has a bookmark per unit with its sheets below."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from labinovasi.db.engine import Database
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.reports.base import Bookmark, DocumentInfo, SectionStart, SheetTemplate, build, paper_size
from labinovasi.reports.worksheet_pdf import blank_info, blank_worksheet_story
from labinovasi.services.context import gather
from labinovasi.services.labs import get_lab, get_unit, list_units
from labinovasi.services.records import UnitInfo
from labinovasi.services.worksheets import stage_templates
from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Template

PACK_TITLE = "Paket lembar kerja"

Progress = Callable[[int, int, str], None]


class PackError(ValueError):
    """A pack that cannot be made (no unit, no worksheet); the message is for the user."""


def pack_templates(
    stages: Sequence[Stage] | None = None, registry: TemplateRegistry | None = None
) -> list[Template]:
    """The worksheets a unit fills in ``stages`` (all stages when ``None``), in the order of the stages."""
    reg = registry or default_registry()
    return [t for stage in (stages or list(Stage)) for t in stage_templates(stage, reg)]


def pack_units(
    db: Database, lab_id: uuid.UUID | str, unit_ids: Sequence[uuid.UUID | str] | None
) -> list[UnitInfo]:
    """The units of the pack, in the lab's order (all of them when ``unit_ids`` is ``None``)."""
    if unit_ids is None:
        return list_units(db, lab_id)
    wanted = {get_unit(db, u, lab_id).id for u in unit_ids}  # an unknown or foreign unit is refused here
    return [u for u in list_units(db, lab_id) if u.id in wanted]


def render_worksheet_pack(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_ids: Sequence[uuid.UUID | str] | None = None,
    stages: Sequence[Stage] | None = None,
    paper: str = "a4",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    registry: TemplateRegistry | None = None,
) -> bytes | None:
    """Every blank worksheet of ``stages`` for each unit of ``unit_ids`` (default: all stages, all units)
    as one PDF on ``paper``. ``progress(done, total, unit)`` follows the units; ``cancelled()`` is checked
    before each unit, and ``None`` is returned when it said so."""
    paper_size(paper)  # an unknown paper is refused before any work
    reg = registry or default_registry()
    lab = get_lab(db, lab_id)
    units = pack_units(db, lab.id, unit_ids)
    if not units:
        raise PackError(_("Lab ini belum memiliki unit; paket lembar kerja dibuat untuk unit."))
    templates = pack_templates(stages, reg)
    if not templates:
        raise PackError(_("Tahap ini tidak memiliki lembar kerja unit."))
    stage_names = ", ".join(s.label for s in stages) if stages else _("semua tahap")
    info = DocumentInfo(
        title=_(PACK_TITLE),
        lab=lab.name,
        paper=paper,
        subject=_("Lembar kerja kosong: {stages}").format(stages=stage_names),
    )
    story: list[Flowable] = []
    sheets: list[SheetTemplate] = []
    for n, unit in enumerate(units, start=1):
        if cancelled is not None and cancelled():
            return None
        ctx = gather(db, lab.id, unit.id, registry=reg)
        for template in templates:
            sheet = SheetTemplate(f"sheet{len(sheets)}", blank_info(template, paper, lab.name, unit.name))
            if sheets:  # the first sheet's template is the first page's
                story += [NextPageTemplate(sheet.ident), PageBreak()]
            if template is templates[0]:  # each unit's sheets are numbered on their own (handed out apart)
                story += [Bookmark(unit.name, 0), SectionStart()]
            sheets.append(sheet)
            story += blank_worksheet_story(template, sheet.info, lab.name, unit.name, ctx=ctx, level=1)
        if progress is not None:
            progress(n, len(units) + 1, unit.name)
    if cancelled is not None and cancelled():
        return None
    pdf = build(story, info, sheets)
    if progress is not None:
        progress(len(units) + 1, len(units) + 1, _("PDF paket lembar kerja"))
    return pdf


def pack_filename(lab_name: str, stages: Sequence[Stage] | None = None) -> str:
    """``Paket_LK_Diagnose_Lab_Inovasi_Purbalingga.pdf`` (``Semua_tahap`` for every stage)."""
    which = "_".join(s.label for s in stages) if stages else "Semua_tahap"
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in f"{which} {lab_name}")
    return f"Paket_LK_{'_'.join(safe.split())[:90]}.pdf"
