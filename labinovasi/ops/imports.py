"""Storing an import's accepted rows (units or participants) as one step."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.i18n import _, ngettext
from labinovasi.ops.base import Op
from labinovasi.ops.records import DeleteRecords
from labinovasi.ops.run import run
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.importing import (
    ImportPlan,
    ImportResult,
    Kind,
    import_result,
    plan_import,
    plan_rows_in,
    read_table,
)
from labinovasi.services.records import parse_id


@dataclass(frozen=True)
class ImportRows(Op):
    """Store the accepted rows of an import plan in one transaction (all or nothing). The rows are checked
    again against the database inside the transaction, so rows added meanwhile are not stored twice.

    Its inverse removes the new records at once (it names their ids), so an import is one undo step."""

    lab_id: uuid.UUID
    plan: ImportPlan = field(compare=False)

    kind: ClassVar[str] = "import_rows"
    backup_before: ClassVar[str | None] = "sebelum-impor"

    def apply(self, uow: UnitOfWork) -> Op:
        lab = uow.get("lab", self.lab_id)
        fresh = plan_rows_in(uow.session, lab, self.plan)
        if fresh.problems:
            raise ValueError(" ".join(fresh.problems))
        ids = [uuid.uuid4() for _row in fresh.accepted]
        table = "unit" if self.plan.kind == "units" else "person"
        objects: list[m.Unit] | list[m.Person]
        if self.plan.kind == "units":
            order = (
                uow.session.scalar(
                    select(func.coalesce(func.max(m.Unit.sort_order), 0)).where(m.Unit.lab_id == lab.id)
                )
                or 0
            )
            objects = [
                m.Unit(id=ids[i], lab_id=lab.id, sort_order=order + i + 1, **a.values)
                for i, a in enumerate(fresh.accepted)
            ]
        else:
            objects = [m.Person(id=ids[i], lab_id=lab.id, **a.values) for i, a in enumerate(fresh.accepted)]
        uow.session.add_all(objects)
        uow.session.flush()
        for obj in objects:
            uow.touch(table, obj)
        return DeleteRecords(tuple((table, o.id) for o in objects), self.label)

    @property
    def label(self) -> str:
        n = len(self.plan.accepted)
        if self.plan.kind == "units":
            return ngettext("impor {n} unit", "impor {n} unit", n).format(n=n)
        return ngettext("impor {n} peserta", "impor {n} peserta", n).format(n=n)

    def payload(self) -> dict[str, Any]:
        return {
            "lab_id": str(self.lab_id),
            "kind": self.plan.kind,
            "rows": [
                {
                    k: (v.value if hasattr(v, "value") else str(v) if isinstance(v, uuid.UUID) else v)
                    for k, v in a.values.items()
                }
                for a in self.plan.accepted
            ],
        }


# --- conveniences for the command line, scripts and tests: one op each, run at once -----------------


def apply_import(db: Database, lab_id: uuid.UUID | str, plan: ImportPlan) -> ImportResult:
    """Store the plan's rows in one transaction (all or nothing): :class:`labinovasi.ops.imports.ImportRows`."""

    _changes, inverse = run(db, ImportRows(parse_id(lab_id, _("Lab")), plan))
    return import_result(plan, tuple(i for _t, i in inverse.refs))  # type: ignore[attr-defined]


def import_file(
    db: Database,
    lab_id: uuid.UUID | str,
    path: str | Path,
    kind: Kind,
    sheet: str | None = None,
    mapping: Mapping | None = None,
) -> ImportResult:
    """Read, plan and store in one call (for scripts and the command line)."""
    table = read_table(path, sheet, kind)
    return apply_import(db, lab_id, plan_import(db, lab_id, table, dict(mapping) if mapping else None, kind))
