"""Agenda sessions of a lab's stages and who attended them.

A session is one agenda item of a stage ("Pembukaan dan materi inspirasi", 13 Oktober 2026, Pendopo
Agung). Attendance is a tick list over the lab's participants: an :class:`~labinovasi.db.models.Attendance`
row means the person was present. Every change is stored at once (the tick list has no "save").
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.stages import Stage
from labinovasi.domain.text import clean_line
from labinovasi.i18n import _
from labinovasi.services.records import NotFoundError, parse_id

TITLE_MAX = 200
TIME_MAX = 40
PLACE_MAX = 200
SESSION_FIELDS = ("stage", "title", "date", "time", "place")


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    lab_id: uuid.UUID
    stage: Stage
    title: str
    date: dt.date | None
    time: str
    place: str
    sort_order: int

    @classmethod
    def of(cls, s: m.AgendaSession) -> SessionInfo:
        return cls(s.id, s.lab_id, s.stage, s.title, s.date, s.time, s.place, s.sort_order)


@dataclass(frozen=True)
class Participant:
    """A person of the lab as the attendance list shows them."""

    id: uuid.UUID
    name: str
    nip: str
    jabatan: str
    unit_id: uuid.UUID | None
    unit_name: str  # "" for people outside any unit (committee, facilitators)


@dataclass(frozen=True)
class StageDefaults:
    """What a new session of a stage starts with: the stage's scheduled first day and venue."""

    date: dt.date | None
    place: str


# --- helpers ----------------------------------------------------------------------------------------


def _get_lab(s: Any, lab_id: uuid.UUID | str) -> m.Lab:
    lab = s.get(m.Lab, parse_id(lab_id, _("Lab")))
    if lab is None:
        raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
    return lab


def _get_session(s: Any, session_id: uuid.UUID | str) -> m.AgendaSession:
    obj = s.get(m.AgendaSession, parse_id(session_id, _("Sesi")))
    if obj is None:
        raise NotFoundError(_("Sesi dengan id '{id}' tidak ditemukan").format(id=session_id))
    return obj


def _clean_text(value: Any, what: str, limit: int, required: bool = False) -> str:
    text = clean_line(str(value or ""))
    if required and not text:
        raise ValueError(_("{what} tidak boleh kosong").format(what=what))
    if len(text) > limit:
        raise ValueError(_("{what} terlalu panjang (maksimal {n} karakter)").format(what=what, n=limit))
    return text


def _clean_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(
            _("Tanggal sesi tidak valid: {value} (gunakan TTTT-BB-HH)").format(value=value)
        ) from None


def _clean_stage(value: Any) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValueError(_("Tahap tidak dikenal: {value}").format(value=value)) from None


def clean_session_changes(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in SESSION_FIELDS:
            raise TypeError(f"unknown field {key!r}")
        if key == "stage":
            out[key] = _clean_stage(value)
        elif key == "title":
            out[key] = _clean_text(value, _("Judul sesi"), TITLE_MAX, required=True)
        elif key == "date":
            out[key] = _clean_date(value)
        elif key == "time":
            out[key] = _clean_text(value, _("Waktu sesi"), TIME_MAX)
        else:
            out[key] = _clean_text(value, _("Tempat sesi"), PLACE_MAX)
    return out


def _next_order(s: Any, lab_id: uuid.UUID, stage: Stage) -> int:
    top = s.scalar(
        select(func.coalesce(func.max(m.AgendaSession.sort_order), 0)).where(
            m.AgendaSession.lab_id == lab_id, m.AgendaSession.stage == stage
        )
    )
    return (top or 0) + 1


def session_key(x: m.AgendaSession | SessionInfo) -> tuple[int, int, dt.date, str]:
    return (x.stage.index, x.sort_order, x.date or dt.date.max, x.title.casefold())


# --- sessions ---------------------------------------------------------------------------------------


def list_sessions(db: Database, lab_id: uuid.UUID | str, stage: Stage | None = None) -> list[SessionInfo]:
    """The lab's sessions in agenda order: by stage (5D+1 order), then their order within the stage."""
    with db.session() as s:
        lab = _get_lab(s, lab_id)
        q = select(m.AgendaSession).where(m.AgendaSession.lab_id == lab.id)
        if stage is not None:
            q = q.where(m.AgendaSession.stage == Stage(stage))
        return sorted((SessionInfo.of(x) for x in s.scalars(q)), key=session_key)


@dataclass(frozen=True)
class RoomAgenda:
    """The sessions the projector lists: today's, or else those of the lab's current stage."""

    today: bool  # the sessions are today's (they may belong to more than one stage)
    sessions: tuple[SessionInfo, ...]


def room_agenda(db: Database, lab_id: uuid.UUID | str, stage: Stage, today: dt.date) -> RoomAgenda:
    """The lab's sessions dated ``today`` when it has any, else every session of ``stage``; in agenda order."""
    sessions = list_sessions(db, lab_id)
    todays = tuple(x for x in sessions if x.date == today)
    if todays:
        return RoomAgenda(True, todays)
    return RoomAgenda(False, tuple(x for x in sessions if x.stage is stage))


def get_session(db: Database, session_id: uuid.UUID | str) -> SessionInfo:
    with db.session() as s:
        return SessionInfo.of(_get_session(s, session_id))


def stage_defaults(db: Database, lab_id: uuid.UUID | str, stage: Stage | str) -> StageDefaults:
    """The first day and venue the lab scheduled for ``stage`` (empty when not scheduled)."""
    with db.session() as s:
        lab = _get_lab(s, lab_id)
        row = s.scalars(
            select(m.StageSchedule)
            .where(m.StageSchedule.lab_id == lab.id, m.StageSchedule.stage == Stage(stage))
            .order_by(m.StageSchedule.start_date)
        ).first()
        if row is None:
            return StageDefaults(None, "")
        return StageDefaults(row.start_date, row.venue or "")


# --- participants and attendance --------------------------------------------------------------------


def list_participants(db: Database, lab_id: uuid.UUID | str) -> list[Participant]:
    """Everyone of the lab, by unit (in the lab's unit order) then by name; people outside any unit last."""
    with db.session() as s:
        lab = _get_lab(s, lab_id)
        rows = s.execute(
            select(m.Person, m.Unit.name, m.Unit.sort_order)
            .outerjoin(m.Unit, m.Person.unit_id == m.Unit.id)
            .where(m.Person.lab_id == lab.id)
        ).all()
        people = [(p, unit_name, order) for p, unit_name, order in rows]

    def key(row: tuple[m.Person, str | None, int | None]) -> tuple[int, int, str, str]:
        p, unit_name, order = row
        if unit_name is None:
            return (1, 0, "", p.name.casefold())
        return (0, order or 0, unit_name.casefold(), p.name.casefold())

    return [
        Participant(p.id, p.name, p.nip, p.jabatan, p.unit_id, unit_name or "")
        for p, unit_name, _order in sorted(people, key=key)
    ]


def attendance(db: Database, session_id: uuid.UUID | str) -> set[uuid.UUID]:
    """The ids of the people ticked present at a session."""
    with db.session() as s:
        obj = _get_session(s, session_id)
        return set(s.scalars(select(m.Attendance.person_id).where(m.Attendance.session_id == obj.id)))


def attendance_counts(db: Database, lab_id: uuid.UUID | str) -> dict[uuid.UUID, int]:
    """For every session of the lab: how many people were ticked present (0 included)."""
    with db.session() as s:
        lab = _get_lab(s, lab_id)
        counts = dict(
            s.execute(
                select(m.Attendance.session_id, func.count(m.Attendance.id))
                .join(m.AgendaSession, m.Attendance.session_id == m.AgendaSession.id)
                .where(m.AgendaSession.lab_id == lab.id)
                .group_by(m.Attendance.session_id)
            ).all()
        )
        ids = s.scalars(select(m.AgendaSession.id).where(m.AgendaSession.lab_id == lab.id))
        return {i: int(counts.get(i, 0)) for i in ids}


def count_participants(db: Database, lab_id: uuid.UUID | str) -> int:
    with db.session() as s:
        lab = _get_lab(s, lab_id)
        return int(s.scalar(select(func.count(m.Person.id)).where(m.Person.lab_id == lab.id)) or 0)


# --- demo -------------------------------------------------------------------------------------------
