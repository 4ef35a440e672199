"""Typed SQLAlchemy 2 models of the 5D spine.

Every record has a stable UUID and created/updated timestamps (UTC) so labs can later be
merged across laptops record by record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from labinovasi.domain.enums import IdeaStatus, PersonRole, Scope, UnitType
from labinovasi.domain.stages import Stage

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _enum(cls: type) -> Enum:
    # Stored as the member's value (a short stable code), as VARCHAR: no native enum types,
    # so adding a member never needs a PostgreSQL ALTER TYPE.
    return Enum(
        cls,
        native_enum=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON}


class Record(Base):
    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Soft deletion: a deleted record stays as a tombstone (when, and on which installation), so that
    # undo can bring it back and a later merge of laptops knows it was deleted rather than never seen.
    # Every ORM query leaves tombstones out (labinovasi.db.softdelete) unless asked otherwise.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    deleted_by: Mapped[str] = mapped_column(String(64), default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Optimistic concurrency: ``updated_at`` is the row's version. Every UPDATE says "where
        # updated_at is still what I read", so a write that lost a race with another window or laptop
        # on a shared server fails (StaleDataError, shown as a conflict) instead of overwriting it.
        return {"version_id_col": cls.__table__.c.updated_at, "version_id_generator": _next_version}


def _next_version(_current: Any) -> dt.datetime:
    return utcnow()


class Lab(Record):
    __tablename__ = "lab"

    name: Mapped[str] = mapped_column(String(200))
    pemda: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    organizer: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")  # place printed above signatures
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    current_stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.DRUM_UP)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)

    units: Mapped[list[Unit]] = relationship(
        back_populates="lab", cascade="all, delete-orphan", order_by="Unit.sort_order, Unit.name"
    )
    schedule: Mapped[list[StageSchedule]] = relationship(back_populates="lab", cascade="all, delete-orphan")


class StageSchedule(Record):
    __tablename__ = "stage_schedule"

    lab_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(16), default="luring")  # luring / daring / hibrida

    lab: Mapped[Lab] = relationship(back_populates="schedule")


class Unit(Record):
    __tablename__ = "unit"

    lab_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[UnitType] = mapped_column(_enum(UnitType))
    head_name: Mapped[str] = mapped_column(String(200), default="")
    head_nip: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    lab: Mapped[Lab] = relationship(back_populates="units")
    people: Mapped[list[Person]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="Person.sort_order, Person.name"
    )
    ideas: Mapped[list[Idea]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="Idea.sort_order, Idea.created_at"
    )


class Person(Record):
    __tablename__ = "person"

    lab_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[PersonRole] = mapped_column(_enum(PersonRole), default=PersonRole.ANGGOTA)
    nip: Mapped[str] = mapped_column(String(30), default="")
    jabatan: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit | None] = relationship(back_populates="people")


class Idea(Record):
    __tablename__ = "idea"

    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.DIAGNOSE)
    status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus), default=IdeaStatus.DRAF)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # curation "gabung": this idea was merged into another; both keep their worksheets
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(back_populates="ideas")


class AgendaSession(Record):
    """An agenda item of a stage (a session people attend), e.g. "Pembukaan dan materi inspirasi"."""

    __tablename__ = "agenda_session"

    lab_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage))
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    time: Mapped[str] = mapped_column(String(40), default="")  # "08.00–12.00 WIB"
    place: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class Attendance(Record):
    """One person ticked present at one session."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("agenda_session.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    session: Mapped[AgendaSession] = relationship(back_populates="attendance")


class WorksheetEntry(Record):
    """The data of one worksheet for one scope (the lab, a unit, or an idea)."""

    __tablename__ = "worksheet_entry"

    lab_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    template_code: Mapped[str] = mapped_column(String(16), index=True)
    template_version: Mapped[int] = mapped_column(Integer)
    scope: Mapped[Scope] = mapped_column(_enum(Scope))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    complete: Mapped[bool] = mapped_column(default=False)


class JournalEntry(Base):
    """One applied operation: what kind, which records, the new values, and where and when.

    ``counter`` is a per-database Lamport-style clock (one more than the highest seen), ``device`` the
    installation that applied the operation. Laptop bundles and merges read the journal; nothing trims it.
    """

    __tablename__ = "change_journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    counter: Mapped[int] = mapped_column(Integer, index=True)
    device: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(64))
    lab_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    records: Mapped[list[Any]] = mapped_column(JSON, default=list)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RecordSync(Base):
    """What a record's copy here has seen, for merging laptops' bundles (:mod:`labinovasi.sync`).

    ``stamps`` maps each written field (a column, or ``data.<key>`` of a worksheet) to the write that set
    it: ``[replica, counter, at]``. ``vector`` maps each replica to the highest counter of its writes to
    this record that this copy holds. A field missing from ``stamps`` was never written since the record
    was made here or came in: it is the common base every copy shares.
    """

    __tablename__ = "record_sync"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    lab_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    vector: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stamps: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SyncMeta(Base):
    """Small facts of this database for merging: its replica id (and on which installation it was
    made) and its write clock."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class MergeConflict(Base):
    """A field both sides changed, kept for a person to decide (mine, theirs or both).

    Values are wrapped as ``{"v": value}`` so that ``None`` survives JSON."""

    __tablename__ = "merge_conflict"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    lab_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    table_name: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    field: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(Text, default="")  # which record, for people ("LK-2b · Dinas …")
    mine: Mapped[dict[str, Any]] = mapped_column(default=dict)
    theirs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    mine_stamp: Mapped[list[Any]] = mapped_column(JSON, default=list)
    their_stamp: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text, default="")  # the bundle it came from (file, device)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    resolution: Mapped[str] = mapped_column(String(16), default="")


from labinovasi.db import softdelete as _softdelete  # noqa: E402  (registers the tombstone filter)

_softdelete.install(Record)
