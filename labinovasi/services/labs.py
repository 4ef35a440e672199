"""Labs, units, participants and ideas: the spine's records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.domain.text import clean_line, clean_text
from labinovasi.i18n import _
from labinovasi.services.records import IdeaInfo, LabInfo, NotFoundError, PersonInfo, UnitInfo, parse_id

LAB_FIELDS = ("name", "pemda", "province", "year", "organizer", "city", "facilitator", "current_stage", "settings")
UNIT_FIELDS = ("name", "unit_type", "head_name", "head_nip", "address", "sort_order")
PERSON_FIELDS = ("name", "role", "nip", "jabatan", "phone", "email", "unit_id")
IDEA_FIELDS = ("title", "stage", "status", "sort_order")


def _get(session, model: type, ident: uuid.UUID | str, what: str):  # noqa: ANN001, ANN202
    obj = session.get(model, parse_id(ident, what))
    if obj is None:
        raise NotFoundError(_("{what} dengan id '{id}' tidak ditemukan").format(what=what, id=ident))
    return obj


def _clean_name(value: str, what: str) -> str:
    name = clean_line(value or "")
    if not name:
        raise ValueError(_("{what} tidak boleh kosong").format(what=what))
    if len(name) > 200:
        raise ValueError(_("{what} terlalu panjang (maksimal 200 karakter)").format(what=what))
    return name


def _apply(obj: Any, allowed: tuple[str, ...], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key not in allowed:
            raise TypeError(f"unknown field {key!r}")
        if isinstance(value, str):
            value = clean_text(value)
            if key != "address":
                value = value.strip()
        setattr(obj, key, value)


# --- labs -------------------------------------------------------------------------------------------

def create_lab(db: Database, name: str, **fields: Any) -> LabInfo:
    with db.session() as s:
        lab = m.Lab(name=_clean_name(name, _("Nama lab")))
        _apply(lab, LAB_FIELDS, fields)
        s.add(lab)
        s.flush()
        return LabInfo.of(lab)


def list_labs(db: Database) -> list[LabInfo]:
    with db.session() as s:
        return [LabInfo.of(lab) for lab in s.scalars(select(m.Lab).order_by(m.Lab.created_at))]


def get_lab(db: Database, lab_id: uuid.UUID | str) -> LabInfo:
    with db.session() as s:
        return LabInfo.of(_get(s, m.Lab, lab_id, _("Lab")))


def update_lab(db: Database, lab_id: uuid.UUID | str, **changes: Any) -> LabInfo:
    with db.session() as s:
        lab = _get(s, m.Lab, lab_id, _("Lab"))
        if "name" in changes:
            changes["name"] = _clean_name(changes["name"], _("Nama lab"))
        _apply(lab, LAB_FIELDS, changes)
        s.flush()
        return LabInfo.of(lab)


def rename_lab(db: Database, lab_id: uuid.UUID | str, name: str) -> LabInfo:
    return update_lab(db, lab_id, name=name)


def delete_lab(db: Database, lab_id: uuid.UUID | str) -> None:
    with db.session() as s:
        s.delete(_get(s, m.Lab, lab_id, _("Lab")))


def set_current_stage(db: Database, lab_id: uuid.UUID | str, stage: Stage) -> LabInfo:
    return update_lab(db, lab_id, current_stage=stage)


# --- units ------------------------------------------------------------------------------------------

def add_unit(db: Database, lab_id: uuid.UUID | str, name: str, unit_type: UnitType, **fields: Any) -> UnitInfo:
    with db.session() as s:
        lab = _get(s, m.Lab, lab_id, _("Lab"))
        order = s.scalar(select(func.coalesce(func.max(m.Unit.sort_order), 0)).where(m.Unit.lab_id == lab.id))
        unit = m.Unit(lab_id=lab.id, name=_clean_name(name, _("Nama unit")), unit_type=UnitType(unit_type),
                      sort_order=(order or 0) + 1)
        _apply(unit, UNIT_FIELDS, fields)
        s.add(unit)
        s.flush()
        return UnitInfo.of(unit)


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
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        if "name" in changes:
            changes["name"] = _clean_name(changes["name"], _("Nama unit"))
        if "unit_type" in changes:
            changes["unit_type"] = UnitType(changes["unit_type"])
        _apply(unit, UNIT_FIELDS, changes)
        s.flush()
        return UnitInfo.of(unit)


def remove_unit(db: Database, unit_id: uuid.UUID | str) -> None:
    """Remove a unit with its participants, ideas and worksheets."""
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        s.query(m.WorksheetEntry).filter(m.WorksheetEntry.unit_id == unit.id).delete()
        s.delete(unit)


# --- people -----------------------------------------------------------------------------------------

def add_person(db: Database, lab_id: uuid.UUID | str, name: str, unit_id: uuid.UUID | str | None = None,
               role: PersonRole = PersonRole.ANGGOTA, **fields: Any) -> PersonInfo:
    with db.session() as s:
        lab = _get(s, m.Lab, lab_id, _("Lab"))
        unit = _get(s, m.Unit, unit_id, _("Unit")) if unit_id else None
        p = m.Person(lab_id=lab.id, unit_id=unit.id if unit else None, name=_clean_name(name, _("Nama peserta")),
                     role=PersonRole(role))
        _apply(p, PERSON_FIELDS, fields)
        s.add(p)
        s.flush()
        return PersonInfo.of(p)


def list_people(db: Database, unit_id: uuid.UUID | str) -> list[PersonInfo]:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        return team_order(PersonInfo.of(p) for p in unit.people)


def team_order(people: Iterable[PersonInfo]) -> list[PersonInfo]:
    """Head of unit first, then the team leader, innovators and members, each by name."""
    return sorted(people, key=lambda p: (p.role.rank, p.name.casefold()))


def update_person(db: Database, person_id: uuid.UUID | str, **changes: Any) -> PersonInfo:
    with db.session() as s:
        p = _get(s, m.Person, person_id, _("Peserta"))
        if "name" in changes:
            changes["name"] = _clean_name(changes["name"], _("Nama peserta"))
        if "role" in changes:
            changes["role"] = PersonRole(changes["role"])
        _apply(p, PERSON_FIELDS, changes)
        s.flush()
        return PersonInfo.of(p)


def remove_person(db: Database, person_id: uuid.UUID | str) -> None:
    with db.session() as s:
        s.delete(_get(s, m.Person, person_id, _("Peserta")))


# --- ideas ------------------------------------------------------------------------------------------

def add_idea(db: Database, unit_id: uuid.UUID | str, title: str = "", **fields: Any) -> IdeaInfo:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        order = s.scalar(select(func.coalesce(func.max(m.Idea.sort_order), 0)).where(m.Idea.unit_id == unit.id))
        idea = m.Idea(unit_id=unit.id, title=" ".join(title.split())[:200], sort_order=(order or 0) + 1)
        _apply(idea, IDEA_FIELDS, fields)
        s.add(idea)
        s.flush()
        return IdeaInfo.of(idea)


def list_ideas(db: Database, unit_id: uuid.UUID | str) -> list[IdeaInfo]:
    with db.session() as s:
        unit = _get(s, m.Unit, unit_id, _("Unit"))
        return [IdeaInfo.of(i) for i in unit.ideas]


def get_idea(db: Database, idea_id: uuid.UUID | str) -> IdeaInfo:
    with db.session() as s:
        return IdeaInfo.of(_get(s, m.Idea, idea_id, _("Ide")))


def update_idea(db: Database, idea_id: uuid.UUID | str, **changes: Any) -> IdeaInfo:
    with db.session() as s:
        idea = _get(s, m.Idea, idea_id, _("Ide"))
        if "stage" in changes:
            changes["stage"] = Stage(changes["stage"])
        if "status" in changes:
            changes["status"] = IdeaStatus(changes["status"])
        _apply(idea, IDEA_FIELDS, changes)
        s.flush()
        return IdeaInfo.of(idea)


def remove_idea(db: Database, idea_id: uuid.UUID | str) -> None:
    with db.session() as s:
        idea = _get(s, m.Idea, idea_id, _("Ide"))
        s.query(m.WorksheetEntry).filter(m.WorksheetEntry.idea_id == idea.id).delete()
        s.delete(idea)
