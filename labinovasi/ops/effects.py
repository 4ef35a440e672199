"""What saving a worksheet does to other records, by the worksheet's kind.

* any worksheet with a field bound to ``idea.title`` renames its idea;
* ``curation`` (LK-2g): the decision sets the idea's status and merge target (a merge that may not be
  made raises and stores nothing, since the whole save is one transaction);
* ``launch`` (LK-4a): the launched ideas become *diluncurkan*.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.domain.enums import IdeaStatus
from labinovasi.domain.stages import Stage
from labinovasi.ops.base import Op
from labinovasi.ops.records import UpdateRecord
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.curation import decision_effect
from labinovasi.worksheets.schema import Template

Effect = Callable[[UnitOfWork, Template, dict[str, Any], "m.Idea | None", uuid.UUID], list[Op]]


def _curation(
    uow: UnitOfWork, template: Template, data: dict[str, Any], idea: m.Idea | None, _lab_id: uuid.UUID
) -> list[Op]:
    if idea is None:
        return []
    effect = decision_effect(uow.session, idea, data)
    return [UpdateRecord("idea", idea.id, effect)] if effect else []


def _launch(
    uow: UnitOfWork, template: Template, data: dict[str, Any], _idea: m.Idea | None, lab_id: uuid.UUID
) -> list[Op]:
    """The ideas the launch lists become *diluncurkan* (and reach Deliver); a launched idea no longer
    listed goes back to *lanjut*. Ideas already applied or stopped keep their status."""
    from labinovasi.worksheets.kinds.launch import LAUNCHED  # noqa: PLC0415

    listed = {str(v) for v in data.get(LAUNCHED) or []}
    lab_ideas = uow.session.scalars(
        select(m.Idea).join(m.Unit, m.Idea.unit_id == m.Unit.id).where(m.Unit.lab_id == lab_id)
    ).all()
    ops: list[Op] = []
    for idea in lab_ideas:
        if str(idea.id) in listed and idea.status not in (
            IdeaStatus.DILUNCURKAN,
            IdeaStatus.DITERAPKAN,
            IdeaStatus.DIHENTIKAN,
        ):
            values: dict[str, Any] = {"status": IdeaStatus.DILUNCURKAN}
            if idea.stage.index < Stage.DELIVER.index:
                values["stage"] = Stage.DELIVER
            ops.append(UpdateRecord("idea", idea.id, values))
        elif str(idea.id) not in listed and idea.status is IdeaStatus.DILUNCURKAN:
            ops.append(UpdateRecord("idea", idea.id, {"status": IdeaStatus.LANJUT}))
    return ops


# kind name (``kind = "…"`` in the template) -> its after-save effect
EFFECTS: dict[str, Effect] = {
    "curation": _curation,
    "launch": _launch,
}


def after_save(
    uow: UnitOfWork, template: Template, data: dict[str, Any], idea: m.Idea | None, lab_id: uuid.UUID
) -> list[Op]:
    ops: list[Op] = []
    if idea is not None:
        for f in template.fields:
            if f.bind == "idea.title":
                title = " ".join(str(data.get(f.key, "")).split())[:200]
                if title != idea.title:
                    ops.append(UpdateRecord("idea", idea.id, {"title": title}))
    lab_binds = {f.bind[4:]: f.key for f in template.fields if f.bind and f.bind.startswith("lab.")}
    if lab_binds:
        lab = uow.session.get(m.Lab, lab_id)
        if lab is not None:
            changes = {}
            for attr, key in lab_binds.items():
                value = data.get(key)
                value = (
                    (int(value) if isinstance(value, int | float) else None)
                    if attr == "year"
                    else str(value or "")
                )
                if value != getattr(lab, attr):
                    changes[attr] = value
            if changes:
                ops.append(UpdateRecord("lab", lab.id, changes))
    effect = EFFECTS.get(template.kind or "")
    if effect is not None:
        ops += effect(uow, template, data, idea, lab_id)
    return ops
