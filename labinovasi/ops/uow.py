"""The unit of work: one session, one transaction; it collects what changed and journals each op."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labinovasi.db import models as m
from labinovasi.db.softdelete import INCLUDE_DELETED
from labinovasi.i18n import _
from labinovasi.ops.base import jsonable
from labinovasi.ops.changes import Changes
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.sync import stamps
from labinovasi.worksheets import codes

if TYPE_CHECKING:
    from labinovasi.ops.base import Op

# table name -> model; the names are what the journal and tombstone references use
MODELS: dict[str, type[m.Record]] = {
    cls.__tablename__: cls
    for cls in (
        m.Lab,
        m.StageSchedule,
        m.Unit,
        m.Person,
        m.Idea,
        m.AgendaSession,
        m.Attendance,
        m.WorksheetEntry,
    )
}

# which Changes field a table's records belong to
_CHANGE_FIELD = {
    "lab": "labs",
    "unit": "units",
    "person": "people",
    "idea": "ideas",
    "agenda_session": "sessions",
    "stage_schedule": "labs",
}

_WHAT = {
    "lab": _("Lab"),
    "unit": _("Unit"),
    "person": _("Peserta"),
    "idea": _("Ide"),
    "agenda_session": _("Sesi"),
    "attendance": _("Kehadiran"),
    "worksheet_entry": _("Lembar kerja"),
    "stage_schedule": _("Jadwal"),
}


class UnitOfWork:
    def __init__(self, session: Session, device: str):
        self.session = session
        self.device = device
        self.now = m.utcnow()
        self._changed: dict[str, set[Any]] = defaultdict(set)
        self._touched: list[tuple[str, uuid.UUID]] = []
        self._counter: int | None = None
        self._lab: uuid.UUID | None = None
        self.journal: list[m.JournalEntry] = []  # the rows this unit of work added to the journal
        stamps.install(session, device)  # every write stamps the fields it changed (for merges)

    # --- reading ------------------------------------------------------------------------------------
    def get(self, table: str, ident: uuid.UUID | str, include_deleted: bool = False) -> Any:
        """The live record ``ident`` of ``table`` (or a tombstone too); NotFoundError for people."""
        model = MODELS[table]
        what = _WHAT.get(table, table)
        obj = self.session.get(
            model, parse_id(ident, what), execution_options={INCLUDE_DELETED: include_deleted}
        )
        if obj is None or (obj.deleted_at is not None and not include_deleted):
            raise NotFoundError(_("{what} dengan id '{id}' tidak ditemukan").format(what=what, id=ident))
        return obj

    # --- what changed -------------------------------------------------------------------------------
    def touch(self, table: str, obj: Any) -> None:
        """Record that ``obj`` of ``table`` changed (for the journal and for the views)."""
        self._touched.append((table, obj.id))
        lab_id = _lab_of(table, obj)
        if lab_id is not None:
            self._lab = lab_id
        if table == "worksheet_entry":
            self._changed["worksheets"].add((obj.template_code, obj.unit_id, obj.idea_id))
            if obj.template_code == codes.LAB_PROFILE or obj.unit_id is None:
                self._changed["labs"].add(obj.lab_id)
        elif table == "attendance":
            self._changed["attendance"].add(obj.session_id)
        else:
            self._changed[_CHANGE_FIELD[table]].add(obj.id)

    def mark(self, field: str, *values: Any) -> None:
        self._changed[field].update(values)

    @property
    def changes(self) -> Changes:
        return Changes(**{k: frozenset(v) for k, v in self._changed.items()})

    # --- applying -----------------------------------------------------------------------------------
    def apply(self, op: Op) -> Op:
        """Apply ``op`` (and journal it); return its inverse."""
        start = len(self._touched)
        self._lab = None
        inverse = op.apply(self)
        if op.journaled:
            records = list(dict.fromkeys((t, str(i)) for t, i in self._touched[start:]))
            entry = m.JournalEntry(
                counter=self._next_counter(),
                device=self.device,
                at=self.now,
                kind=op.kind,
                lab_id=self._lab,
                records=[list(r) for r in records],
                payload=jsonable(op.payload()),
            )
            self.session.add(entry)
            self.journal.append(entry)
        return inverse

    def _next_counter(self) -> int:
        if self._counter is None:
            self._counter = (
                self.session.scalar(select(func.coalesce(func.max(m.JournalEntry.counter), 0))) or 0
            )
        self._counter += 1
        return self._counter


def _lab_of(table: str, obj: Any) -> uuid.UUID | None:
    if table == "lab":
        return obj.id
    return getattr(obj, "lab_id", None)
