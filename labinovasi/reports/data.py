"""Report data: what a document shows, gathered from the database as plain values (no layout)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, PersonRole, Scope
from labinovasi.i18n import _
from labinovasi.services.context import GatheredSources, LabWide, gather
from labinovasi.services.lab_settings import LabSettings
from labinovasi.services.labs import team_order
from labinovasi.services.records import IdeaInfo, LabInfo, NotFoundError, PersonInfo, UnitInfo, parse_id
from labinovasi.worksheets.registry import TemplateRegistry, default_registry

IDEA_CARD = "LK-2f"
# ideas the facilitator sent on to Design (curation "lanjut") and beyond get the full plan
DESIGN_STATUSES = frozenset({IdeaStatus.LANJUT, IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN})


@dataclass(frozen=True)
class IdeaSection:
    idea: IdeaInfo
    # worksheet code -> stored data, for the idea's worksheets in template order
    worksheets: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def in_design(self) -> bool:
        return self.idea.status in DESIGN_STATUSES


@dataclass(frozen=True)
class UnitPlanData:
    lab: LabInfo
    unit: UnitInfo
    team: list[PersonInfo]
    ideas: list[IdeaSection]
    unit_worksheets: dict[str, dict[str, Any]]
    settings: LabSettings = field(default_factory=LabSettings)
    context: GatheredSources | None = None  # where refs and custom prints read their sources
    warnings: list[str] = field(default_factory=list)  # for the person exporting: what was left out, and why

    @property
    def planned_ideas(self) -> list[IdeaSection]:
        """The ideas that get a full plan: those sent on to Design, or, before any idea was curated
        "lanjut", every idea (so an early plan still shows the unit's ideas)."""
        chosen = [i for i in self.ideas if i.in_design]
        return chosen or list(self.ideas)

    @property
    def other_ideas(self) -> list[IdeaSection]:
        planned = {i.idea.id for i in self.planned_ideas}
        return [i for i in self.ideas if i.idea.id not in planned]

    @property
    def inovator(self) -> PersonInfo | None:
        """Who signs as the innovator: the team leader, else the first innovator."""
        for role in (PersonRole.KETUA_TIM, PersonRole.INOVATOR):
            for p in self.team:
                if p.role is role:
                    return p
        return None


def unit_plan_data(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str,
    registry: TemplateRegistry | None = None,
    lab_wide: LabWide | None = None,
) -> UnitPlanData:
    """Everything the Rencana Proyek Inovasi of one unit shows (``lab_wide``: see
    :func:`labinovasi.services.context.gather`)."""
    reg = registry or default_registry()
    lab_uuid = parse_id(lab_id, _("Lab"))
    unit_uuid = parse_id(unit_id, _("Unit"))
    sources = gather(
        db, lab_uuid, unit_uuid, registry=reg, lab_wide=lab_wide
    )  # every worksheet of the unit, read once
    with db.session() as s:
        lab = s.get(m.Lab, lab_uuid)
        unit = s.get(m.Unit, unit_uuid)
        if lab is None or unit is None:  # removed since: as gather would have said
            raise NotFoundError(_("Unit dengan id '{id}' tidak ada di lab ini").format(id=unit_id))
        by_idea: dict[uuid.UUID, dict[str, dict[str, Any]]] = {}
        unit_ws: dict[str, dict[str, Any]] = {}
        for (code, idea_id), data in sources.entries.items():
            if idea_id is not None:
                by_idea.setdefault(idea_id, {})[code] = dict(data)
            elif reg.get(code).scope is Scope.UNIT:
                unit_ws[code] = dict(data)
        order = {t.code: i for i, t in enumerate(reg.all())}
        ideas = [
            IdeaSection(
                IdeaInfo.of(i),
                dict(sorted(by_idea.get(i.id, {}).items(), key=lambda kv: order.get(kv[0], 99))),
            )
            for i in unit.ideas
        ]
        return UnitPlanData(
            lab=LabInfo.of(lab),
            unit=UnitInfo.of(unit),
            team=team_order(PersonInfo.of(p) for p in unit.people),
            ideas=ideas,
            unit_worksheets=unit_ws,
            settings=sources.settings,
            context=sources,
        )
