"""Plain, immutable records returned by the services (safe to pass between threads)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from labinovasi.db import models as m
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage


class NotFoundError(LookupError):
    """An id that does not exist; the message is for people."""


@dataclass(frozen=True)
class LabInfo:
    id: uuid.UUID
    name: str
    pemda: str
    province: str
    year: int | None
    organizer: str
    city: str
    facilitator: str
    current_stage: Stage
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, lab: m.Lab) -> LabInfo:
        return cls(
            lab.id,
            lab.name,
            lab.pemda,
            lab.province,
            lab.year,
            lab.organizer,
            lab.city,
            lab.facilitator,
            lab.current_stage,
            dict(lab.settings or {}),
        )


@dataclass(frozen=True)
class UnitInfo:
    id: uuid.UUID
    lab_id: uuid.UUID
    name: str
    unit_type: UnitType
    head_name: str
    head_nip: str
    address: str
    sort_order: int

    @classmethod
    def of(cls, u: m.Unit) -> UnitInfo:
        return cls(u.id, u.lab_id, u.name, u.unit_type, u.head_name, u.head_nip, u.address, u.sort_order)


@dataclass(frozen=True)
class PersonInfo:
    id: uuid.UUID
    unit_id: uuid.UUID | None
    name: str
    role: PersonRole
    nip: str
    jabatan: str
    phone: str
    email: str

    @classmethod
    def of(cls, p: m.Person) -> PersonInfo:
        return cls(p.id, p.unit_id, p.name, p.role, p.nip, p.jabatan, p.phone, p.email)


@dataclass(frozen=True)
class IdeaInfo:
    id: uuid.UUID
    unit_id: uuid.UUID
    title: str
    stage: Stage
    status: IdeaStatus
    created_at: dt.datetime

    @classmethod
    def of(cls, i: m.Idea) -> IdeaInfo:
        return cls(i.id, i.unit_id, i.title, i.stage, i.status, i.created_at)


def parse_id(value: str | uuid.UUID, what: str) -> uuid.UUID:
    """An id typed on the command line or passed around as text."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFoundError(f"{what} dengan id '{value}' tidak ditemukan") from None
