"""Labs, units, participants and ideas: the spine's records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.services.records import IdeaInfo, LabInfo, NotFoundError, PersonInfo, UnitInfo, parse_id


def _get(session, model: type, ident: uuid.UUID | str, what: str):  # noqa: ANN001, ANN202
    obj = session.get(model, parse_id(ident, what))
    if obj is None:
        raise NotFoundError(_("{what} dengan id '{id}' tidak ditemukan").format(what=what, id=ident))
    return obj


# --- labs -------------------------------------------------------------------------------------------


def list_labs(db: Database) -> list[LabInfo]:
    with db.session() as s:
        return [LabInfo.of(lab) for lab in s.scalars(select(m.Lab).order_by(m.Lab.created_at))]


def get_lab(db: Database, lab_id: uuid.UUID | str) -> LabInfo:
    with db.session() as s:
        return LabInfo.of(_get(s, m.Lab, lab_id, _("Lab")))


# --- units ------------------------------------------------------------------------------------------


def list_units(db: Database, lab_id: uuid.UUID | str) -> list[UnitInfo]:
    with db.session() as s:
        lab = _get(s, m.Lab, lab_id, _("Lab"))
        rows = s.scalars(
            select(m.Unit).where(m.Unit.lab_id == lab.id).order_by(m.Unit.sort_order, m.Unit.name)
        )
        return [UnitInfo.of(u) for u in rows]


def unit_sheet_counts(db: Database, lab_id: uuid.UUID | str) -> dict[uuid.UUID, int]:
    """How many worksheets each unit of a lab has stored (its own and its ideas'): a unit's plan grows
    with them, so a batch of plans starts the longest first."""
    lab_uuid = parse_id(lab_id, _("Lab"))
    with db.session() as s:
        rows = s.execute(
            select(m.WorksheetEntry.unit_id, func.count())
            .where(m.WorksheetEntry.lab_id == lab_uuid, m.WorksheetEntry.unit_id.is_not(None))
            .group_by(m.WorksheetEntry.unit_id)
        ).all()
        return {unit_id: count for unit_id, count in rows if unit_id is not None}


def get_unit(db: Database, unit_id: uuid.UUID | str, lab_id: uuid.UUID | str | None = None) -> UnitInfo:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        if lab_id is not None and unit.lab_id != parse_id(lab_id, _("Lab")):
            raise NotFoundError(_("Unit dengan id '{id}' tidak ada di lab ini").format(id=unit_id))
        return UnitInfo.of(unit)


# --- people -----------------------------------------------------------------------------------------


def get_person(db: Database, person_id: uuid.UUID | str) -> PersonInfo:
    with db.session() as s:
        return PersonInfo.of(_get(s, m.Person, person_id, _("Peserta")))


def list_people(db: Database, unit_id: uuid.UUID | str) -> list[PersonInfo]:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        return team_order(PersonInfo.of(p) for p in unit.people)


def team_order(people: Iterable[PersonInfo]) -> list[PersonInfo]:
    """Head of unit first, then the team leader, innovators and members, each by name."""
    return sorted(people, key=lambda p: (p.role.rank, p.name.casefold()))


# --- ideas ------------------------------------------------------------------------------------------


def list_ideas(db: Database, unit_id: uuid.UUID | str) -> list[IdeaInfo]:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        return [IdeaInfo.of(i) for i in unit.ideas]


def get_idea(db: Database, idea_id: uuid.UUID | str) -> IdeaInfo:
    with db.session() as s:
        return IdeaInfo.of(_get(s, m.Idea, idea_id, _("Ide")))


def organiser_unit(lab: LabInfo, units: list[UnitInfo]) -> UnitInfo | None:
    """The unit of the lab named in ``lab.organizer`` (e.g. "Bapperida Kabupaten …"), the longest name
    first so "Dinas Kesehatan" does not match inside "Dinas Kesehatan Hewan"; None when it is none of them."""
    org = " ".join(lab.organizer.split()).casefold()
    if not org:
        return None
    return next(
        (
            u
            for u in sorted(units, key=lambda u: -len(u.name))
            if len(u.name) >= 4 and u.name.casefold() in org
        ),
        None,
    )
