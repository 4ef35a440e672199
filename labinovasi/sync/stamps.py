"""Field stamps: which write set each field of a record, and what each record's copy has seen.

The unit of work installs :func:`install` on its session. Before every flush, each new or changed record
gets, for every field that changed, the stamp ``[replica, counter, at]`` of this database's replica and
its write clock (one tick per unit of work), and the record's vector notes that counter for the replica.

The replica id belongs to the database file *and* the installation: a file copied to another laptop, or
a backup restored, gets a new replica id on its first write there, so two copies never write under the
same id.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from labinovasi.db import models as m

# fields that are not data: never stamped, never merged (deleted_by travels with deleted_at)
NOT_FIELDS = frozenset({"id", "created_at", "updated_at", "deleted_by"})
DATA = "data"  # a worksheet's data: stamped key by key as "data.<key>"
_STATE = "sync_stamper"
PAUSED = "sync_paused"


def fields_of(obj: m.Record) -> list[str]:
    """The column fields of a record that a merge compares (``data`` stands for its keys)."""
    return [a.key for a in inspect(type(obj)).column_attrs if a.key not in NOT_FIELDS]


class Stamper:
    """Per session: the replica, the clock tick of this unit of work, the sync rows loaded so far."""

    def __init__(self, device: str):
        self.device = device
        self.replica: str | None = None
        self.counter: int | None = None
        self.rows: dict[tuple[str, uuid.UUID], m.RecordSync] = {}

    def tick(self, session: Session) -> tuple[str, int]:
        if self.replica is None or self.counter is None:
            self.replica, self.counter = next_tick(session, self.device)
        return self.replica, self.counter

    def prefetch(self, session: Session, keys: list[tuple[str, uuid.UUID, uuid.UUID | None]]) -> None:
        """Load the sync rows of many records at once (a bulk import: one query, not one a record)."""
        wanted = [k for k in keys if (k[0], k[1]) not in self.rows]
        by_table: dict[str, list[uuid.UUID]] = {}
        for table, ident, _lab in wanted:
            by_table.setdefault(table, []).append(ident)
        found: dict[tuple[str, uuid.UUID], m.RecordSync] = {}
        with session.no_autoflush:
            for table, ids in by_table.items():
                for start in range(0, len(ids), 500):
                    q = select(m.RecordSync).where(
                        m.RecordSync.table_name == table, m.RecordSync.record_id.in_(ids[start : start + 500])
                    )
                    found.update({(r.table_name, r.record_id): r for r in session.scalars(q)})
        for table, ident, lab_id in wanted:
            row = found.get((table, ident))
            if row is None:
                row = m.RecordSync(table_name=table, record_id=ident, lab_id=lab_id, vector={}, stamps={})
                session.add(row)
            self.rows[(table, ident)] = row

    def row(
        self, session: Session, table: str, record_id: uuid.UUID, lab_id: uuid.UUID | None
    ) -> m.RecordSync:
        key = (table, record_id)
        row = self.rows.get(key)
        if row is None:
            with session.no_autoflush:
                row = session.get(m.RecordSync, key)
            if row is None:
                row = m.RecordSync(table_name=table, record_id=record_id, lab_id=lab_id, vector={}, stamps={})
                session.add(row)
            self.rows[key] = row
        return row


def _meta(session: Session) -> dict[str, str]:
    with session.no_autoflush:
        return {k: v for k, v in session.execute(select(m.SyncMeta.key, m.SyncMeta.value))}


def _set_meta(session: Session, key: str, value: str) -> None:
    with session.no_autoflush:
        row = session.get(m.SyncMeta, key)
    if row is None:
        session.add(m.SyncMeta(key=key, value=value))
    else:
        row.value = value


def replica_id(session: Session, device: str, meta: dict[str, str] | None = None) -> str:
    """This database's replica id on this installation (made on first use)."""
    meta = _meta(session) if meta is None else meta
    replica = meta.get("replica", "")
    if replica and meta.get("replica_device") == device:
        return replica
    replica = uuid.uuid4().hex[:16]
    _set_meta(session, "replica", replica)
    _set_meta(session, "replica_device", device)
    return replica


def next_tick(session: Session, device: str) -> tuple[str, int]:
    """The replica id and the next value of the write clock (kept in the database)."""
    meta = _meta(session)  # read once: the replica and the clock
    replica = replica_id(session, device, meta)
    try:
        counter = int(meta.get("clock", "0")) + 1
    except ValueError:
        counter = 1
    _set_meta(session, "clock", str(counter))
    return replica, counter


def forget_replica(session: Session) -> None:
    """After a restore: the restored copy writes under a new replica id from now on."""
    for key in ("replica", "replica_device"):
        with session.no_autoflush:
            row = session.get(m.SyncMeta, key)
        if row is not None:
            session.delete(row)


def changed_fields(obj: m.Record, new: bool) -> list[str]:
    """The fields of ``obj`` this flush writes (all of a new record's)."""
    state = inspect(obj)
    out: list[str] = []
    for key in fields_of(obj):
        hist = state.attrs[key].history
        if key == DATA and isinstance(obj, m.WorksheetEntry):
            if not new and not hist.has_changes():
                continue
            old = (hist.deleted[0] if hist.deleted else None) or {}
            cur = obj.data or {}
            if new:
                old = {}
            out.extend(f"{DATA}.{k}" for k in sorted(set(old) | set(cur)) if old.get(k) != cur.get(k))
            continue
        if new:
            if getattr(obj, key) is not None:
                out.append(key)
        elif hist.has_changes() and list(hist.added) != list(hist.deleted):
            out.append(key)
    return out


def lab_of(obj: Any) -> uuid.UUID | None:
    if isinstance(obj, m.Lab):
        return obj.id
    return getattr(obj, "lab_id", None)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    stamper: Stamper | None = session.info.get(_STATE)
    if stamper is None or session.info.get(PAUSED):
        return
    new = set(session.new)
    todo = []
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, m.Record):
            continue
        changed = changed_fields(obj, obj in new)
        if changed:
            if obj.id is None:
                obj.id = uuid.uuid4()
            todo.append((obj, changed))
    if not todo:
        return
    stamper.prefetch(session, [(o.__tablename__, o.id, lab_of(o)) for o, _c in todo])
    for obj, changed in todo:
        _stamp(session, stamper, obj.__tablename__, obj, changed)


def _stamp(session: Session, stamper: Stamper, table: str, obj: m.Record, fields: list[str]) -> None:
    replica, counter = stamper.tick(session)
    row = stamper.row(session, table, obj.id, lab_of(obj))
    at = m.utcnow().isoformat()
    row.stamps = {**(row.stamps or {}), **{f: [replica, counter, at] for f in fields}}
    row.vector = {**(row.vector or {}), replica: counter}


def stamp_fields(session: Session, table: str, obj: m.Record, fields: list[str]) -> None:
    """Stamp ``fields`` of ``obj`` as written now by this copy, though their values did not change (a
    conflict decided "mine": the decision must win on the other side later)."""
    stamper: Stamper | None = session.info.get(_STATE)
    if stamper is not None:
        _stamp(session, stamper, table, obj, fields)


def install(session: Session, device: str) -> None:
    """Stamp every write of ``session`` (the unit of work's)."""
    if _STATE not in session.info:
        session.info[_STATE] = Stamper(device)
        event.listen(session, "before_flush", _before_flush)
