"""Labs, units, participants and ideas: the spine's records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.ops.run import run
from labinovasi.ops.spine import (
    AddIdea,
    AddPerson,
    AddUnit,
    CreateLab,
    DeleteLab,
    RemoveIdea,
    RemovePerson,
    RemoveUnit,
    UpdateIdea,
    UpdateLab,
    UpdatePerson,
    UpdateUnit,
)
from labinovasi.services.records import IdeaInfo, LabInfo, NotFoundError, PersonInfo, UnitInfo, parse_id


def _get(session, model: type, ident: uuid.UUID | str, what: str):  # noqa: ANN001, ANN202
    obj = session.get(model, parse_id(ident, what))
    if obj is None:
        raise NotFoundError(_("{what} dengan id '{id}' tidak ditemukan").format(what=what, id=ident))
    return obj


# --- labs -------------------------------------------------------------------------------------------

def create_lab(db: Database, name: str, **fields: Any) -> LabInfo:
    op = CreateLab(name, fields)
    run(db, op)
    return get_lab(db, op.id)


def list_labs(db: Database) -> list[LabInfo]:
    with db.session() as s:
        return [LabInfo.of(lab) for lab in s.scalars(select(m.Lab).order_by(m.Lab.created_at))]


def get_lab(db: Database, lab_id: uuid.UUID | str) -> LabInfo:
    with db.session() as s:
        return LabInfo.of(_get(s, m.Lab, lab_id, _("Lab")))


def update_lab(db: Database, lab_id: uuid.UUID | str, **changes: Any) -> LabInfo:
    lab = get_lab(db, lab_id)
    run(db, UpdateLab(lab.id, changes))
    return get_lab(db, lab.id)


def rename_lab(db: Database, lab_id: uuid.UUID | str, name: str) -> LabInfo:
    return update_lab(db, lab_id, name=name)


def delete_lab(db: Database, lab_id: uuid.UUID | str) -> None:
    lab = get_lab(db, lab_id)
    run(db, DeleteLab(lab.id, lab.name))


def set_current_stage(db: Database, lab_id: uuid.UUID | str, stage: Stage) -> LabInfo:
    return update_lab(db, lab_id, current_stage=stage)


# --- units ------------------------------------------------------------------------------------------

def add_unit(db: Database, lab_id: uuid.UUID | str, name: str, unit_type: UnitType, **fields: Any) -> UnitInfo:
    op = AddUnit(parse_id(lab_id, _("Lab")), name, unit_type, fields)
    run(db, op)
    return get_unit(db, op.id)


def list_units(db: Database, lab_id: uuid.UUID | str) -> list[UnitInfo]:
    with db.session() as s:
        lab = _get(s, m.Lab, lab_id, _("Lab"))
        rows = s.scalars(select(m.Unit).where(m.Unit.lab_id == lab.id).order_by(m.Unit.sort_order, m.Unit.name))
        return [UnitInfo.of(u) for u in rows]


def get_unit(db: Database, unit_id: uuid.UUID | str, lab_id: uuid.UUID | str | None = None) -> UnitInfo:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        if lab_id is not None and unit.lab_id != parse_id(lab_id, _("Lab")):
            raise NotFoundError(_("Unit dengan id '{id}' tidak ada di lab ini").format(id=unit_id))
        return UnitInfo.of(unit)


def update_unit(db: Database, unit_id: uuid.UUID | str, **changes: Any) -> UnitInfo:
    unit = get_unit(db, unit_id)
    run(db, UpdateUnit(unit.id, changes, unit.name))
    return get_unit(db, unit.id)


def remove_unit(db: Database, unit_id: uuid.UUID | str) -> None:
    """Remove a unit with its participants, ideas and worksheets (kept as tombstones: undoable)."""
    unit = get_unit(db, unit_id)
    run(db, RemoveUnit(unit.id, unit.name))


# --- people -----------------------------------------------------------------------------------------

def add_person(db: Database, lab_id: uuid.UUID | str, name: str, unit_id: uuid.UUID | str | None = None,
               role: PersonRole = PersonRole.ANGGOTA, **fields: Any) -> PersonInfo:
    op = AddPerson(parse_id(lab_id, _("Lab")), name, parse_id(unit_id, _("Unit")) if unit_id else None, role, fields)
    run(db, op)
    return get_person(db, op.id)


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


def update_person(db: Database, person_id: uuid.UUID | str, **changes: Any) -> PersonInfo:
    person = get_person(db, person_id)
    run(db, UpdatePerson(person.id, changes, person.name))
    return get_person(db, person.id)


def remove_person(db: Database, person_id: uuid.UUID | str) -> None:
    person = get_person(db, person_id)
    run(db, RemovePerson(person.id, person.name))


# --- ideas ------------------------------------------------------------------------------------------

def add_idea(db: Database, unit_id: uuid.UUID | str, title: str = "", **fields: Any) -> IdeaInfo:
    op = AddIdea(parse_id(unit_id, _("Unit")), title, fields)
    run(db, op)
    return get_idea(db, op.id)


def list_ideas(db: Database, unit_id: uuid.UUID | str) -> list[IdeaInfo]:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        return [IdeaInfo.of(i) for i in unit.ideas]


def get_idea(db: Database, idea_id: uuid.UUID | str) -> IdeaInfo:
    with db.session() as s:
        return IdeaInfo.of(_get(s, m.Idea, idea_id, _("Ide")))


def update_idea(db: Database, idea_id: uuid.UUID | str, **changes: Any) -> IdeaInfo:
    idea = get_idea(db, idea_id)
    run(db, UpdateIdea(idea.id, changes, idea.title))
    return get_idea(db, idea.id)


def remove_idea(db: Database, idea_id: uuid.UUID | str) -> None:
    idea = get_idea(db, idea_id)
    run(db, RemoveIdea(idea.id, idea.title))
