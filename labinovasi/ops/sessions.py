"""Agenda sessions and who attended them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.ops.base import Op, Sequence
from labinovasi.ops.records import CreateRecord, DeleteRecords, UpdateRecord
from labinovasi.ops.run import run
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.services.sessions import (
    SESSION_FIELDS,
    SessionInfo,
    clean_session_changes,
    get_session,
    list_participants,
    session_key,
)


def _next_order(uow: UnitOfWork, lab_id: uuid.UUID, stage: Stage) -> int:
    orders = uow.session.scalars(
        select(m.AgendaSession.sort_order).where(
            m.AgendaSession.lab_id == lab_id, m.AgendaSession.stage == stage
        )
    )
    return max(orders, default=0) + 1


@dataclass(frozen=True)
class AddSession(Op):
    lab_id: uuid.UUID
    stage: Stage | str
    title: str
    date: dt.date | str | None = None
    time: str = ""
    place: str = ""
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    kind: ClassVar[str] = "add_session"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        values = clean_session_changes(
            {
                "stage": self.stage,
                "title": self.title,
                "date": self.date,
                "time": self.time,
                "place": self.place,
            }
        )
        lab = uow.get("lab", self.lab_id)
        values.update(lab_id=lab.id, sort_order=_next_order(uow, lab.id, values["stage"]))
        return uow.apply(CreateRecord("agenda_session", self.id, values, self.label))

    @property
    def label(self) -> str:
        return _("tambah sesi {title}").format(title=" ".join(self.title.split()))


@dataclass(frozen=True)
class UpdateSession(Op):
    session_id: uuid.UUID
    changes: dict[str, Any]

    kind: ClassVar[str] = "update_session"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        values = clean_session_changes(dict(self.changes))
        obj = uow.get("agenda_session", self.session_id)
        if "stage" in values and values["stage"] != obj.stage:
            values["sort_order"] = _next_order(uow, obj.lab_id, values["stage"])
        return uow.apply(UpdateRecord("agenda_session", obj.id, values, self.label))

    @property
    def label(self) -> str:
        return _("ubah sesi")


@dataclass(frozen=True)
class RemoveSession(Op):
    session_id: uuid.UUID
    title: str = ""

    kind: ClassVar[str] = "remove_session"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        obj = uow.get("agenda_session", self.session_id)
        ticks = uow.session.scalars(select(m.Attendance.id).where(m.Attendance.session_id == obj.id))
        refs = (("agenda_session", obj.id), *(("attendance", t) for t in ticks))
        return uow.apply(DeleteRecords(refs, self.label))

    @property
    def label(self) -> str:
        return _("hapus sesi {title}").format(title=self.title).strip()


@dataclass(frozen=True)
class MoveSession(Op):
    """Move a session ``offset`` places up (negative) or down within its stage's agenda."""

    session_id: uuid.UUID
    offset: int

    kind: ClassVar[str] = "move_session"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        obj = uow.get("agenda_session", self.session_id)
        siblings = sorted(
            uow.session.scalars(
                select(m.AgendaSession).where(
                    m.AgendaSession.lab_id == obj.lab_id, m.AgendaSession.stage == obj.stage
                )
            ),
            key=session_key,
        )
        old = {x.id: x.sort_order for x in siblings}
        i = siblings.index(obj)
        j = max(0, min(len(siblings) - 1, i + self.offset))
        if i != j:
            siblings.insert(j, siblings.pop(i))
        inverses = [
            uow.apply(UpdateRecord("agenda_session", x.id, {"sort_order": n}))
            for n, x in enumerate(siblings, start=1)
            if old[x.id] != n
        ]
        uow.touch("agenda_session", obj)
        return Sequence(tuple(reversed(inverses)), self.label)

    @property
    def label(self) -> str:
        return _("pindahkan sesi")


@dataclass(frozen=True)
class SetAttendance(Op):
    """Tick (or untick) people at a session; ticking twice is harmless. ``person_ids`` None: everyone
    of the lab. People of another lab are refused (nothing changes)."""

    session_id: uuid.UUID
    person_ids: tuple[uuid.UUID, ...] | None
    present: bool = True

    kind: ClassVar[str] = "set_attendance"

    def apply(self, uow: UnitOfWork) -> Op:
        obj = uow.get("agenda_session", self.session_id)
        lab_people = set(uow.session.scalars(select(m.Person.id).where(m.Person.lab_id == obj.lab_id)))
        wanted = lab_people if self.person_ids is None else set(self.person_ids)
        strangers = wanted - lab_people
        if strangers:
            if len(wanted) == 1:
                raise ValueError(_("Peserta ini bukan peserta lab tempat sesi ini berlangsung"))
            raise ValueError(_("{n} orang yang dipilih bukan peserta lab ini").format(n=len(strangers)))
        rows = {
            a.person_id: a
            for a in uow.session.scalars(
                select(m.Attendance)
                .where(m.Attendance.session_id == obj.id)
                .execution_options(include_deleted=True)
            )
        }
        changed = []
        for pid in sorted(wanted):
            row = rows.get(pid)
            live = row is not None and row.deleted_at is None
            if live == self.present:
                continue
            if row is None:
                row = m.Attendance(session_id=obj.id, person_id=pid)
                uow.session.add(row)
                uow.session.flush()
            elif self.present:
                row.deleted_at, row.deleted_by = None, ""
            else:
                row.deleted_at, row.deleted_by = uow.now, uow.device
            uow.touch("attendance", row)
            changed.append(pid)
        return SetAttendance(obj.id, tuple(changed), not self.present)

    def payload(self) -> dict[str, Any]:
        return {
            "session_id": str(self.session_id),
            "present": self.present,
            "person_ids": None if self.person_ids is None else [str(p) for p in self.person_ids],
        }

    @property
    def label(self) -> str:
        return _("tandai hadir") if self.present else _("hapus tanda hadir")


def attendance_op(
    session_id: uuid.UUID, person_ids: Iterable[uuid.UUID] | None, present: bool
) -> SetAttendance:
    return SetAttendance(session_id, None if person_ids is None else tuple(person_ids), present)


# --- conveniences for the command line, scripts and tests: one op each, run at once -----------------


def add_session(
    db: Database,
    lab_id: uuid.UUID | str,
    stage: Stage | str,
    title: str,
    date: dt.date | str | None = None,
    time: str = "",
    place: str = "",
) -> SessionInfo:
    """Add a session at the end of its stage's agenda."""
    op = AddSession(parse_id(lab_id, _("Lab")), stage, title, date, time, place)
    run(db, op)
    return get_session(db, op.id)


def update_session(db: Database, session_id: uuid.UUID | str, **changes: Any) -> SessionInfo:
    """Change a session's stage, title, date, time or place. Moving it to another stage puts it last there."""
    info = get_session(db, session_id)
    run(db, UpdateSession(info.id, changes))
    return get_session(db, info.id)


def remove_session(db: Database, session_id: uuid.UUID | str) -> None:
    """Remove a session with its attendance (kept as tombstones: undoable)."""
    info = get_session(db, session_id)
    run(db, RemoveSession(info.id, info.title))


def move_session(db: Database, session_id: uuid.UUID | str, offset: int) -> SessionInfo:
    """Move a session ``offset`` places up (negative) or down within its stage's agenda."""
    info = get_session(db, session_id)
    run(db, MoveSession(info.id, offset))
    return get_session(db, info.id)


def set_present(db: Database, session_id: uuid.UUID | str, person_id: uuid.UUID | str, present: bool) -> None:
    """Tick (or untick) one person at one session. Ticking twice is harmless."""
    pid = parse_id(person_id, _("Peserta"))
    info = get_session(db, session_id)
    with db.session() as s:
        if s.get(m.Person, pid) is None:
            raise NotFoundError(_("Peserta dengan id '{id}' tidak ditemukan").format(id=person_id))
    run(db, attendance_op(info.id, [pid], present))


def set_all_present(
    db: Database,
    session_id: uuid.UUID | str,
    person_ids: Iterable[uuid.UUID | str] | None = None,
    present: bool = True,
) -> int:
    """Tick (or untick) many people at once: ``person_ids``, or everyone of the lab when ``None``.

    People of other labs are refused (nothing is changed). Returns how many ticks were added or removed."""
    info = get_session(db, session_id)
    ids = None if person_ids is None else [parse_id(p, _("Peserta")) for p in person_ids]
    _changes, inverse = run(db, attendance_op(info.id, ids, present))
    return len(inverse.person_ids or ())  # type: ignore[attr-defined]


def seed_sessions(db: Database, lab_id: uuid.UUID | str, specs: list[dict[str, Any]]) -> list[SessionInfo]:
    """Create sessions with their attendance from plain data (the demo's ``[[sessions]]``).

    Each spec: ``stage``, ``title``, optional ``date`` (ISO text or date), ``time``, ``place``, and either
    ``present = ["person name", …]`` or ``present_all = true``. A name that is not a participant of the
    lab is an error (nothing of that spec's attendance is stored)."""
    by_name: dict[str, list[uuid.UUID]] = {}
    for p in list_participants(db, lab_id):
        by_name.setdefault(" ".join(p.name.split()).casefold(), []).append(p.id)
    created = []
    for spec in specs:
        unknown = set(spec) - {*SESSION_FIELDS, "present", "present_all"}
        if unknown:
            raise ValueError(_("Isian sesi tidak dikenal: {keys}").format(keys=", ".join(sorted(unknown))))
        ids: list[uuid.UUID] = []
        for name in spec.get("present", []):
            found = by_name.get(" ".join(str(name).split()).casefold())
            if not found:
                raise ValueError(_("Peserta \u201c{name}\u201d tidak ada di lab ini").format(name=name))
            ids += found
        info = add_session(
            db,
            lab_id,
            spec.get("stage", ""),
            spec.get("title", ""),
            spec.get("date"),
            spec.get("time", ""),
            spec.get("place", ""),
        )
        if spec.get("present_all"):
            set_all_present(db, info.id, None)
        elif ids:
            set_all_present(db, info.id, ids)
        created.append(info)
    return created
