"""Generic record operations: create, update, soft-delete and restore, each the other's inverse."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from labinovasi.ops.base import Op
from labinovasi.ops.uow import MODELS, UnitOfWork

Ref = tuple[str, uuid.UUID]  # (table, id)


@dataclass(frozen=True)
class CreateRecord(Op):
    """Insert a record with a known id (a tombstone with that id comes back to life instead)."""

    table: str
    id: uuid.UUID
    values: dict[str, Any] = field(default_factory=dict)
    label_text: str = ""

    kind: ClassVar[str] = "create"

    def apply(self, uow: UnitOfWork) -> Op:
        obj = uow.session.get(MODELS[self.table], self.id, execution_options={"include_deleted": True})
        if obj is None:
            obj = MODELS[self.table](id=self.id, **self.values)
            uow.session.add(obj)
            uow.session.flush()
        else:
            for key, value in self.values.items():
                setattr(obj, key, value)
            obj.deleted_at = None
            obj.deleted_by = ""
        uow.touch(self.table, obj)
        return DeleteRecords(((self.table, self.id),), self.label_text)

    def payload(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "values": self.values}


@dataclass(frozen=True)
class UpdateRecord(Op):
    """Set some fields of a live record; the inverse sets the old values back."""

    table: str
    id: uuid.UUID
    values: dict[str, Any]
    label_text: str = ""

    kind: ClassVar[str] = "update"

    def apply(self, uow: UnitOfWork) -> Op:
        obj = uow.get(self.table, self.id)
        old = {key: getattr(obj, key) for key in self.values}
        for key, value in self.values.items():
            setattr(obj, key, value)
        uow.touch(self.table, obj)
        return UpdateRecord(self.table, self.id, old, self.label_text)

    def payload(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "values": self.values}


@dataclass(frozen=True)
class DeleteRecords(Op):
    """Soft-delete records: each becomes a tombstone (time and installation kept)."""

    refs: tuple[Ref, ...]
    label_text: str = ""

    kind: ClassVar[str] = "delete"

    def apply(self, uow: UnitOfWork) -> Op:
        done = []
        for table, ident in self.refs:
            obj = uow.session.get(MODELS[table], ident, execution_options={"include_deleted": True})
            if obj is None or obj.deleted_at is not None:
                continue
            obj.deleted_at = uow.now
            obj.deleted_by = uow.device
            uow.touch(table, obj)
            done.append((table, ident))
        return RestoreRecords(tuple(done), self.label_text)

    def payload(self) -> dict[str, Any]:
        return {"refs": [[t, str(i)] for t, i in self.refs]}


@dataclass(frozen=True)
class RestoreRecords(Op):
    """Bring tombstones back (the inverse of a delete)."""

    refs: tuple[Ref, ...]
    label_text: str = ""

    kind: ClassVar[str] = "restore"

    def apply(self, uow: UnitOfWork) -> Op:
        done = []
        for table, ident in self.refs:
            obj = uow.session.get(MODELS[table], ident, execution_options={"include_deleted": True})
            if obj is None or obj.deleted_at is None:
                continue
            obj.deleted_at = None
            obj.deleted_by = ""
            uow.touch(table, obj)
            done.append((table, ident))
        return DeleteRecords(tuple(done), self.label_text)

    def payload(self) -> dict[str, Any]:
        return {"refs": [[t, str(i)] for t, i in self.refs]}
