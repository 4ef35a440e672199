"""Labs, units, participants and ideas: adding, changing and (softly) removing them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.domain.text import clean_line, clean_text
from labinovasi.i18n import _
from labinovasi.ops.base import Op
from labinovasi.ops.records import CreateRecord, DeleteRecords, Ref, UpdateRecord
from labinovasi.ops.run import run
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.lab_settings import LabSettings, validate_settings
from labinovasi.services.labs import get_idea, get_lab, get_person, get_unit
from labinovasi.services.records import IdeaInfo, LabInfo, NotFoundError, PersonInfo, UnitInfo, parse_id

LAB_FIELDS = (
    "name",
    "pemda",
    "province",
    "year",
    "organizer",
    "city",
    "facilitator",
    "current_stage",
    "settings",
)
UNIT_FIELDS = ("name", "unit_type", "head_name", "head_nip", "address", "sort_order")
PERSON_FIELDS = ("name", "role", "nip", "jabatan", "phone", "email", "unit_id")
IDEA_FIELDS = ("title", "stage", "status", "sort_order", "merged_into_id")


def clean_name(value: str, what: str) -> str:
    name = clean_line(value or "")
    if not name:
        raise ValueError(_("{what} tidak boleh kosong").format(what=what))
    if len(name) > 200:
        raise ValueError(_("{what} terlalu panjang (maksimal 200 karakter)").format(what=what))
    return name


def _clean(allowed: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in changes.items():
        if key not in allowed:
            raise TypeError(f"unknown field {key!r}")
        if isinstance(value, str):
            value = clean_text(value)  # no control characters in anything stored
            if key != "address":
                value = value.strip()
        out[key] = value
    return out


def _lab_values(changes: dict[str, Any]) -> dict[str, Any]:
    values = _clean(LAB_FIELDS, changes)
    if "name" in values:
        values["name"] = clean_name(values["name"], _("Nama lab"))
    if "current_stage" in values:
        values["current_stage"] = Stage(values["current_stage"])
    return values


def _unit_values(changes: dict[str, Any]) -> dict[str, Any]:
    values = _clean(UNIT_FIELDS, changes)
    if "name" in values:
        values["name"] = clean_name(values["name"], _("Nama unit"))
    if "unit_type" in values:
        values["unit_type"] = UnitType(values["unit_type"])
    return values


def _person_values(changes: dict[str, Any]) -> dict[str, Any]:
    values = _clean(PERSON_FIELDS, changes)
    if "name" in values:
        values["name"] = clean_name(values["name"], _("Nama peserta"))
    if "role" in values:
        values["role"] = PersonRole(values["role"])
    return values


def _idea_values(changes: dict[str, Any]) -> dict[str, Any]:
    values = _clean(IDEA_FIELDS, changes)
    if "title" in values:
        values["title"] = " ".join(str(values["title"]).split())[:200]
    if "stage" in values:
        values["stage"] = Stage(values["stage"])
    if "status" in values:
        values["status"] = IdeaStatus(values["status"])
    return values


def _next_order(uow: UnitOfWork, column: Any, where: Any) -> int:
    return (uow.session.scalar(select(func.coalesce(func.max(column), 0)).where(where)) or 0) + 1


# --- labs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateLab(Op):
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    kind: ClassVar[str] = "create_lab"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        values = _lab_values({**self.fields, "name": self.name})
        return uow.apply(CreateRecord("lab", self.id, values, self.label))

    @property
    def label(self) -> str:
        return _("buat lab {name}").format(name=self.name)


@dataclass(frozen=True)
class UpdateLab(Op):
    lab_id: uuid.UUID
    changes: dict[str, Any]

    kind: ClassVar[str] = "update_lab"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        inverse = uow.apply(UpdateRecord("lab", self.lab_id, _lab_values(dict(self.changes)), self.label))
        if "settings" in self.changes:
            uow.mark("settings", self.lab_id)
        return inverse

    @property
    def label(self) -> str:
        if set(self.changes) == {"current_stage"}:
            return _("ubah tahap lab")
        if set(self.changes) == {"settings"}:
            return _("ubah pengaturan lab")
        return _("ubah data lab")


@dataclass(frozen=True)
class DeleteLab(Op):
    lab_id: uuid.UUID
    name: str = ""

    kind: ClassVar[str] = "delete_lab"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        lab = uow.get("lab", self.lab_id)
        return uow.apply(DeleteRecords((("lab", lab.id),), self.label))

    @property
    def label(self) -> str:
        return _("hapus lab {name}").format(name=self.name)


# --- units ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddUnit(Op):
    lab_id: uuid.UUID
    name: str
    unit_type: UnitType | str
    fields: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    kind: ClassVar[str] = "add_unit"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        lab = uow.get("lab", self.lab_id)
        values = _unit_values(
            {
                "sort_order": _next_order(uow, m.Unit.sort_order, m.Unit.lab_id == lab.id),
                **self.fields,
                "name": self.name,
                "unit_type": self.unit_type,
            }
        )
        return uow.apply(CreateRecord("unit", self.id, {"lab_id": lab.id, **values}, self.label))

    @property
    def label(self) -> str:
        return _("tambah unit {name}").format(name=" ".join(self.name.split()))


@dataclass(frozen=True)
class UpdateUnit(Op):
    unit_id: uuid.UUID
    changes: dict[str, Any]
    name: str = ""

    kind: ClassVar[str] = "update_unit"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        return uow.apply(
            UpdateRecord(
                "unit", uow.get("unit", self.unit_id).id, _unit_values(dict(self.changes)), self.label
            )
        )

    @property
    def label(self) -> str:
        return _("ubah unit {name}").format(name=self.name or self.changes.get("name", ""))


def _entries_of(uow: UnitOfWork, where: Any) -> list[Ref]:
    return [("worksheet_entry", i) for i in uow.session.scalars(select(m.WorksheetEntry.id).where(where))]


def _attendance_of(uow: UnitOfWork, person_ids: list[uuid.UUID]) -> list[Ref]:
    if not person_ids:
        return []
    return [
        ("attendance", i)
        for i in uow.session.scalars(select(m.Attendance.id).where(m.Attendance.person_id.in_(person_ids)))
    ]


@dataclass(frozen=True)
class RemoveUnit(Op):
    """Remove a unit with its participants, ideas and worksheets (all kept as tombstones)."""

    unit_id: uuid.UUID
    name: str = ""

    kind: ClassVar[str] = "remove_unit"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        unit = uow.get("unit", self.unit_id)
        people = list(uow.session.scalars(select(m.Person.id).where(m.Person.unit_id == unit.id)))
        ideas = list(uow.session.scalars(select(m.Idea.id).where(m.Idea.unit_id == unit.id)))
        refs: list[Ref] = [("unit", unit.id)]
        refs += [("person", p) for p in people] + [("idea", i) for i in ideas]
        refs += _entries_of(uow, m.WorksheetEntry.unit_id == unit.id)
        refs += _attendance_of(uow, people)
        return uow.apply(DeleteRecords(tuple(refs), self.label))

    @property
    def label(self) -> str:
        return _("hapus unit {name}").format(name=self.name)


# --- people -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddPerson(Op):
    lab_id: uuid.UUID
    name: str
    unit_id: uuid.UUID | None = None
    role: PersonRole | str = PersonRole.ANGGOTA
    fields: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    kind: ClassVar[str] = "add_person"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        lab = uow.get("lab", self.lab_id)
        unit = uow.get("unit", self.unit_id) if self.unit_id else None
        values = _person_values({**self.fields, "name": self.name, "role": self.role})
        values.update(lab_id=lab.id, unit_id=unit.id if unit else None)
        return uow.apply(CreateRecord("person", self.id, values, self.label))

    @property
    def label(self) -> str:
        return _("tambah peserta {name}").format(name=" ".join(self.name.split()))


@dataclass(frozen=True)
class UpdatePerson(Op):
    person_id: uuid.UUID
    changes: dict[str, Any]
    name: str = ""

    kind: ClassVar[str] = "update_person"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        person = uow.get("person", self.person_id)
        return uow.apply(UpdateRecord("person", person.id, _person_values(dict(self.changes)), self.label))

    @property
    def label(self) -> str:
        return _("ubah peserta {name}").format(name=self.name or self.changes.get("name", ""))


@dataclass(frozen=True)
class RemovePerson(Op):
    person_id: uuid.UUID
    name: str = ""

    kind: ClassVar[str] = "remove_person"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        person = uow.get("person", self.person_id)
        refs = [("person", person.id), *_attendance_of(uow, [person.id])]
        return uow.apply(DeleteRecords(tuple(refs), self.label))

    @property
    def label(self) -> str:
        return _("hapus peserta {name}").format(name=self.name)


# --- ideas ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddIdea(Op):
    unit_id: uuid.UUID
    title: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    kind: ClassVar[str] = "add_idea"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        unit = uow.get("unit", self.unit_id)
        values = _idea_values(
            {
                "sort_order": _next_order(uow, m.Idea.sort_order, m.Idea.unit_id == unit.id),
                **self.fields,
                "title": self.title,
            }
        )
        return uow.apply(CreateRecord("idea", self.id, {"unit_id": unit.id, **values}, self.label))

    @property
    def label(self) -> str:
        return _("tambah ide {title}").format(title=" ".join(self.title.split())).strip()


@dataclass(frozen=True)
class UpdateIdea(Op):
    idea_id: uuid.UUID
    changes: dict[str, Any]
    title: str = ""

    kind: ClassVar[str] = "update_idea"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        idea = uow.get("idea", self.idea_id)
        return uow.apply(UpdateRecord("idea", idea.id, _idea_values(dict(self.changes)), self.label))

    @property
    def label(self) -> str:
        if set(self.changes) == {"status"}:
            return _("ubah status ide {title}").format(title=self.title).strip()
        return _("ubah ide {title}").format(title=self.title or self.changes.get("title", "")).strip()


@dataclass(frozen=True)
class RemoveIdea(Op):
    idea_id: uuid.UUID
    title: str = ""

    kind: ClassVar[str] = "remove_idea"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        idea = uow.get("idea", self.idea_id)
        refs = [("idea", idea.id), *_entries_of(uow, m.WorksheetEntry.idea_id == idea.id)]
        return uow.apply(DeleteRecords(tuple(refs), self.label))

    @property
    def label(self) -> str:
        return _("hapus ide {title}").format(title=self.title).strip()


# --- conveniences for the command line, scripts and tests: one op each, run at once -----------------


def create_lab(db: Database, name: str, **fields: Any) -> LabInfo:
    op = CreateLab(name, fields)
    run(db, op)
    return get_lab(db, op.id)


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


def add_unit(
    db: Database, lab_id: uuid.UUID | str, name: str, unit_type: UnitType, **fields: Any
) -> UnitInfo:
    op = AddUnit(parse_id(lab_id, _("Lab")), name, unit_type, fields)
    run(db, op)
    return get_unit(db, op.id)


def update_unit(db: Database, unit_id: uuid.UUID | str, **changes: Any) -> UnitInfo:
    unit = get_unit(db, unit_id)
    run(db, UpdateUnit(unit.id, changes, unit.name))
    return get_unit(db, unit.id)


def remove_unit(db: Database, unit_id: uuid.UUID | str) -> None:
    """Remove a unit with its participants, ideas and worksheets (kept as tombstones: undoable)."""
    unit = get_unit(db, unit_id)
    run(db, RemoveUnit(unit.id, unit.name))


def add_person(
    db: Database,
    lab_id: uuid.UUID | str,
    name: str,
    unit_id: uuid.UUID | str | None = None,
    role: PersonRole = PersonRole.ANGGOTA,
    **fields: Any,
) -> PersonInfo:
    op = AddPerson(
        parse_id(lab_id, _("Lab")), name, parse_id(unit_id, _("Unit")) if unit_id else None, role, fields
    )
    run(db, op)
    return get_person(db, op.id)


def update_person(db: Database, person_id: uuid.UUID | str, **changes: Any) -> PersonInfo:
    person = get_person(db, person_id)
    run(db, UpdatePerson(person.id, changes, person.name))
    return get_person(db, person.id)


def remove_person(db: Database, person_id: uuid.UUID | str) -> None:
    person = get_person(db, person_id)
    run(db, RemovePerson(person.id, person.name))


def add_idea(db: Database, unit_id: uuid.UUID | str, title: str = "", **fields: Any) -> IdeaInfo:
    op = AddIdea(parse_id(unit_id, _("Unit")), title, fields)
    run(db, op)
    return get_idea(db, op.id)


def update_idea(db: Database, idea_id: uuid.UUID | str, **changes: Any) -> IdeaInfo:
    idea = get_idea(db, idea_id)
    run(db, UpdateIdea(idea.id, changes, idea.title))
    return get_idea(db, idea.id)


def remove_idea(db: Database, idea_id: uuid.UUID | str) -> None:
    idea = get_idea(db, idea_id)
    run(db, RemoveIdea(idea.id, idea.title))


def settings_change(db: Database, lab_id: uuid.UUID | str, **changes: Any) -> tuple[LabSettings, Any]:
    """The settings after ``changes`` (checked: ValueError for people) and the op that stores them;
    other keys stored in ``Lab.settings`` (e.g. the demo flag) are kept."""

    with db.session() as s:
        lab = s.get(m.Lab, parse_id(lab_id, _("Lab")))
        if lab is None:
            raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
        stored, lab_key = dict(lab.settings or {}), lab.id
    if "readiness_items" in changes:
        changes["readiness_items"] = tuple(changes["readiness_items"])
    new = replace(LabSettings.from_json(stored), **changes)
    validate_settings(new)
    return new, UpdateLab(lab_key, {"settings": {**stored, **new.to_json()}})


def update_lab_settings(db: Database, lab_id: uuid.UUID | str, **changes: Any) -> LabSettings:
    """Change some settings; other keys stored in ``Lab.settings`` (e.g. the demo flag) are kept."""

    new, op = settings_change(db, lab_id, **changes)
    run(db, op)
    return new
