"""Units and participants of a lab as one Excel workbook (sheets "Unit" and "Peserta").

The column titles are the ones the importer recognises, so a workbook exported here imports back
into another lab unchanged (``labinovasi import units`` then ``labinovasi import people``). NIPs are
written as text, never as numbers: Excel keeps only 15 digits of a number. Every cell goes through
the one safe writer (:mod:`labinovasi.spreadsheet`): no name becomes a formula, and control
characters an older database may hold are removed.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.spreadsheet import save_workbook, write_sheet, write_xlsx

__all__ = [
    "export_units_people_xlsx",
    "people_headers",
    "save_workbook",
    "unit_headers",
    "units_people_rows",
    "write_sheet",
]


def unit_headers() -> list[str]:
    return [_("Nama Unit"), _("Jenis Unit"), _("Nama Kepala Unit"), _("NIP Kepala Unit"), _("Alamat")]


def people_headers() -> list[str]:
    return [_("Nama"), _("Unit"), _("NIP"), _("Jabatan"), _("Peran"), _("Telepon"), _("Surel")]


def units_people_rows(db: Database, lab_id: uuid.UUID | str) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of both sheets: units in the lab's order; people by unit (in that order), then role, then
    name; people without a unit (facilitators, committee) last."""
    from labinovasi.services.labs import team_order
    from labinovasi.services.records import PersonInfo

    with db.session() as s:
        lab = s.get(m.Lab, parse_id(lab_id, _("Lab")))
        if lab is None:
            raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
        units = list(
            s.scalars(select(m.Unit).where(m.Unit.lab_id == lab.id).order_by(m.Unit.sort_order, m.Unit.name))
        )
        people = list(s.scalars(select(m.Person).where(m.Person.lab_id == lab.id)))
        unit_rows = [[u.name, u.unit_type.label, u.head_name, u.head_nip, u.address] for u in units]
        by_unit: dict[uuid.UUID | None, list[PersonInfo]] = {}
        for person in people:
            by_unit.setdefault(person.unit_id, []).append(PersonInfo.of(person))
        names = {u.id: u.name for u in units}
        people_rows = []
        for key in [u.id for u in units] + [None]:
            for p in team_order(by_unit.get(key, [])):
                people_rows.append(
                    [
                        p.name,
                        names.get(p.unit_id, "") if p.unit_id else "",
                        p.nip,
                        p.jabatan,
                        p.role.label,
                        p.phone,
                        p.email,
                    ]
                )
    return unit_rows, people_rows


def export_units_people_xlsx(db: Database, lab_id: uuid.UUID | str, path: str | Path) -> Path:
    """Write the lab's units and participants to ``path`` (.xlsx) and return the path."""
    unit_rows, people_rows = units_people_rows(db, lab_id)
    return write_xlsx(
        path,
        [(_("Unit"), unit_headers(), unit_rows, {3}), (_("Peserta"), people_headers(), people_rows, {2, 5})],
    )
