"""What saving a worksheet does to other records, by the worksheet's kind.

* any worksheet with a field bound to ``idea.title`` renames its idea;
* ``curation`` (LK-2g): the decision sets the idea's status and merge target (a merge that may not be
  made raises and stores nothing, since the whole save is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from labinovasi.db import models as m
from labinovasi.ops.base import Op
from labinovasi.ops.records import UpdateRecord
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.curation import decision_effect
from labinovasi.worksheets.schema import Template

Effect = Callable[[UnitOfWork, Template, dict[str, Any], "m.Idea | None"], list[Op]]


def _curation(uow: UnitOfWork, template: Template, data: dict[str, Any], idea: m.Idea | None) -> list[Op]:
    if idea is None:
        return []
    effect = decision_effect(uow.session, idea, data)
    return [UpdateRecord("idea", idea.id, effect)] if effect else []


# kind name (``kind = "…"`` in the template) -> its after-save effect
EFFECTS: dict[str, Effect] = {
    "curation": _curation,
}


def after_save(uow: UnitOfWork, template: Template, data: dict[str, Any], idea: m.Idea | None) -> list[Op]:
    ops: list[Op] = []
    if idea is not None:
        for f in template.fields:
            if f.bind == "idea.title":
                title = " ".join(str(data.get(f.key, "")).split())[:200]
                if title != idea.title:
                    ops.append(UpdateRecord("idea", idea.id, {"title": title}))
    effect = EFFECTS.get(template.kind or "")
    if effect is not None:
        ops += effect(uow, template, data, idea)
    return ops
