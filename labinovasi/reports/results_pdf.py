"""LK-4c printed filled: the results as the generated print shows them, then the evidence — one row per
file (jenis, uraian, the file's name, size and pages), and the photos themselves, scaled down once and
turned as the camera meant. A file missing from the lab's evidence folder prints a clear box instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from labinovasi.evidence import EvidenceStore, StoredFile, describe_size, is_ref
from labinovasi.i18n import _
from labinovasi.images import print_copy
from labinovasi.reports.base import FONT, INK, LIGHT, RULE, esc, markup, para, style
from labinovasi.reports.worksheet_pdf import filled_worksheet_flowables
from labinovasi.worksheets.codes import RESULTS
from labinovasi.worksheets.kinds.results import EVIDENCE
from labinovasi.worksheets.schema import Template

PHOTO_W = 82 * mm
PHOTO_H = 62 * mm
WARN = "#b3261e"
CAPTION = ParagraphStyle("EvidenceCaption", parent=style("Small"), alignment=TA_CENTER)


@dataclass(frozen=True)
class Evidence:
    """One evidence row as printed: what the sheet says, and what the store holds (None: not stored)."""

    jenis: str
    uraian: str
    value: str  # the sheet's ``berkas``: a store reference, a path or a link
    stored: StoredFile | None
    path: Path | None  # the stored file, None when missing

    @property
    def missing(self) -> bool:
        return is_ref(self.value) and self.path is None

    @property
    def name(self) -> str:
        if self.stored is not None:
            return self.stored.name
        return _("(nama berkas tidak diketahui)") if is_ref(self.value) else self.value


def evidence_rows(data: dict[str, Any], root: Path | None) -> list[Evidence]:
    """The evidence rows of an LK-4c, with their files looked up in the store at ``root``."""
    store = EvidenceStore(root) if root is not None else None
    labels = _jenis_labels()
    out = []
    for row in data.get(EVIDENCE) or []:
        if not isinstance(row, dict):
            continue
        value = str(row.get("berkas") or "").strip()
        stored = store.info(value) if store is not None and is_ref(value) else None
        path = store.path(value) if store is not None and is_ref(value) else None
        jenis = str(row.get("jenis") or "")
        out.append(
            Evidence(labels.get(jenis, jenis), str(row.get("uraian") or "").strip(), value, stored, path)
        )
    return out


def _jenis_labels() -> dict[str, str]:
    from labinovasi.worksheets.registry import default_registry, field_options  # noqa: PLC0415

    table = default_registry().get(RESULTS).field(EVIDENCE)
    column = next(c for c in table.columns if c.key == "jenis")
    return {o.value: _(o.label) for o in field_options(column)}


def _describe(e: Evidence) -> str:
    if e.missing:
        return _("BERKAS HILANG dari folder bukti lab")
    s = e.stored
    if s is None:
        return ""
    parts = [describe_size(s.size)]
    if s.is_pdf and s.pages:
        parts.append(_("PDF, {n} halaman").format(n=s.pages))
    elif s.is_image and s.width:
        parts.append(f"{s.width} × {s.height} px")
    return ", ".join(parts)


def _table_style(rows: list[int]) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    for r in rows:
        commands.append(("BOX", (0, r), (-1, r), 1.2, WARN))
    return TableStyle(commands)


def evidence_flowables(rows: list[Evidence], width: float) -> list[Flowable]:
    story: list[Flowable] = [markup(_("<b>Bukti penerapan</b>"), "Label")]
    if not rows:
        return [*story, para(_("Belum ada bukti."), "Value")]
    header = [markup(f"<b>{t}</b>", "Cell") for t in (_("No"), _("Jenis bukti"), _("Uraian"), _("Berkas"))]
    body: list[list[Any]] = [header]
    missing_rows = []
    for n, e in enumerate(rows, start=1):
        about = _describe(e)
        body.append(
            [
                para(f"{n}.", "Cell"),
                para(e.jenis or "—", "Cell"),
                para(e.uraian or "—", "Cell"),
                para(e.name + (f" ({about})" if about else ""), "Cell"),
            ]
        )
        if e.missing:
            missing_rows.append(n)
    table = Table(
        body, colWidths=[9 * mm, 32 * mm, (width - 41 * mm) * 0.5, (width - 41 * mm) * 0.5], repeatRows=1
    )
    table.setStyle(_table_style(missing_rows))
    story += [table, Spacer(1, 3 * mm)]
    photos = [
        (n, e) for n, e in enumerate(rows, start=1) if e.stored is not None and e.stored.is_image and e.path
    ]
    cells: list[list[Flowable]] = []
    for n, e in photos:
        copy = print_copy(e.path) if e.path is not None else None
        if copy is None:
            continue
        path, (w, h) = copy
        scale = min(PHOTO_W / w, PHOTO_H / h)
        image = Image(str(path), width=w * scale, height=h * scale)
        caption = Paragraph(esc(f"{n}. {e.uraian or e.name}"), CAPTION)
        cells.append([image, Spacer(1, 1 * mm), caption])
    for i in range(0, len(cells), 2):
        pair: list[Any] = cells[i : i + 2] + ([""] if len(cells[i : i + 2]) == 1 else [])
        grid = Table([pair], colWidths=[width / 2, width / 2])
        grid.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")])
        )
        story += [grid, Spacer(1, 3 * mm)]
    return story


def filled_body(template: Template, data: dict[str, Any], width: float, ctx: Any = None) -> list[Flowable]:
    """LK-4c's filled body (registered in worksheet_pdf): the fields, then the evidence with its photos."""
    data = data if isinstance(data, dict) else {}
    others = template.model_copy(update={"fields": [f for f in template.fields if f.key != EVIDENCE]})
    story = filled_worksheet_flowables(others, data, width)
    root = getattr(ctx, "evidence_root", None) if ctx is not None else None
    return story + evidence_flowables(evidence_rows(data, root), width)
