"""Units and participants of a lab as one Excel workbook (sheets "Unit" and "Peserta").

The column titles are the ones the importer recognises, so a workbook exported here imports back
into another lab unchanged (``labinovasi import units`` then ``labinovasi import people``). NIPs are
written as text, never as numbers: Excel keeps only 15 digits of a number.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.services.records import NotFoundError, parse_id

MAX_COLUMN_WIDTH = 60


def unit_headers() -> list[str]:
    return [_("Nama Unit"), _("Jenis Unit"), _("Nama Kepala Unit"), _("NIP Kepala Unit"), _("Alamat")]


def people_headers() -> list[str]:
    return [_("Nama"), _("Unit"), _("NIP"), _("Jabatan"), _("Peran"), _("Telepon"), _("Surel")]


def write_sheet(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                text_columns: Iterable[int] = ()) -> None:
    """Fill an openpyxl worksheet: bold header on a tinted band, frozen header row, autofilter,
    widths from the content (capped), wrapped long text, and ``text_columns`` (0-based) formatted
    as text so what is typed there later stays text."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    text_cols = set(text_columns)
    ws.append(list(headers))
    widths = [len(h) for h in headers]
    count = 0
    for row in rows:
        values = [("" if v is None else v) for v in row]
        ws.append(values)
        count += 1
        for i, v in enumerate(values[: len(widths)]):
            longest = max((len(line) for line in str(v).splitlines()), default=0)
            if longest > widths[i]:
                widths[i] = longest
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    edge = Border(bottom=Side(style="thin", color="8EA9C1"))
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.border = edge
        cell.alignment = Alignment(vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for i, w in enumerate(widths):
        letter = get_column_letter(i + 1)
        width = min(MAX_COLUMN_WIDTH, max(8, w + 2))
        ws.column_dimensions[letter].width = width
        long_text = w > MAX_COLUMN_WIDTH - 2
        for (cell,) in ws.iter_rows(min_row=2, max_row=count + 1, min_col=i + 1, max_col=i + 1):
            cell.alignment = wrap if long_text else top
            if i in text_cols:
                cell.number_format = "@"
                if cell.value is not None and not isinstance(cell.value, str):
                    cell.value = str(cell.value)
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def save_workbook(wb: Any, path: Path) -> Path:
    """Save atomically: a half-written file never replaces a good one."""
    path = Path(path)
    buf = io.BytesIO()
    wb.save(buf)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(buf.getvalue())
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path


def units_people_rows(db: Database, lab_id: uuid.UUID | str) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of both sheets: units in the lab's order; people by unit (in that order), then role, then
    name; people without a unit (facilitators, committee) last."""
    from labinovasi.services.labs import team_order
    from labinovasi.services.records import PersonInfo

    with db.session() as s:
        lab = s.get(m.Lab, parse_id(lab_id, _("Lab")))
        if lab is None:
            raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
        units = list(s.scalars(select(m.Unit).where(m.Unit.lab_id == lab.id)
                               .order_by(m.Unit.sort_order, m.Unit.name)))
        people = list(s.scalars(select(m.Person).where(m.Person.lab_id == lab.id)))
        unit_rows = [[u.name, u.unit_type.label, u.head_name, u.head_nip, u.address] for u in units]
        by_unit: dict[uuid.UUID | None, list[PersonInfo]] = {}
        for p in people:
            by_unit.setdefault(p.unit_id, []).append(PersonInfo.of(p))
        names = {u.id: u.name for u in units}
        people_rows = []
        for key in [u.id for u in units] + [None]:
            for p in team_order(by_unit.get(key, [])):
                people_rows.append([p.name, names.get(p.unit_id, "") if p.unit_id else "", p.nip, p.jabatan,
                                    p.role.label, p.phone, p.email])
    return unit_rows, people_rows


def export_units_people_xlsx(db: Database, lab_id: uuid.UUID | str, path: str | Path) -> Path:
    """Write the lab's units and participants to ``path`` (.xlsx) and return the path."""
    import openpyxl

    unit_rows, people_rows = units_people_rows(db, lab_id)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Unit")
    write_sheet(ws, unit_headers(), unit_rows, text_columns={3})
    wp = wb.create_sheet(_("Peserta"))
    write_sheet(wp, people_headers(), people_rows, text_columns={2, 5})
    wb.active = 0
    return save_workbook(wb, Path(path))
