"""Operations: small frozen values that know how to apply themselves and return their inverse."""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from labinovasi.ops.uow import UnitOfWork


class Op(abc.ABC):
    """An operation. ``apply(uow)`` performs it inside the unit of work and returns the operation
    that undoes it (which, applied, returns this one again). ``label`` names the step for people
    ("hapus unit Dinas Kesehatan"); ``kind`` names it in the change journal."""

    kind: ClassVar[str] = "op"
    journaled: ClassVar[bool] = True
    # a reason (see labinovasi.db.backups) when the database file is backed up before this op runs
    backup_before: ClassVar[str | None] = None

    @abc.abstractmethod
    def apply(self, uow: UnitOfWork) -> Op:
        """Perform the operation; return its inverse."""

    @property
    def label(self) -> str:
        return getattr(self, "label_text", "") or self.kind

    def payload(self) -> dict[str, Any]:
        """The operation's values as JSON, for the change journal."""
        if dataclasses.is_dataclass(self):
            return {
                f.name: jsonable(getattr(self, f.name))
                for f in dataclasses.fields(self)
                if f.name != "label_text"
            }
        return {}


@dataclasses.dataclass(frozen=True)
class Sequence(Op):
    """Several operations applied in order; its inverse undoes them in reverse order."""

    ops: tuple[Op, ...]
    label_text: str = ""

    kind: ClassVar[str] = "sequence"
    journaled: ClassVar[bool] = False  # its parts are journaled one by one

    def apply(self, uow: UnitOfWork) -> Op:
        inverses = [uow.apply(op) for op in self.ops]
        return Sequence(tuple(reversed(inverses)), self.label_text)

    @property
    def label(self) -> str:
        return self.label_text or (self.ops[0].label if self.ops else self.kind)


def sequence(ops: list[Op] | tuple[Op, ...], label: str = "") -> Op:
    """One op for many: the op itself when there is one, a :class:`Sequence` otherwise."""
    ops = tuple(ops)
    if len(ops) == 1 and not label:
        return ops[0]
    return Sequence(ops, label)


def jsonable(value: Any) -> Any:
    """Stored values as plain JSON (ids and enums as their text, dates ISO)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Op):
        return {"kind": value.kind, **value.payload()}
    return value
