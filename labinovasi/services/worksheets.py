"""Reading and saving worksheet data, and the unit × stage progress derived from it."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.services.lab_settings import LabSettings
from labinovasi.services.records import parse_id
from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.sources import source_codes, source_values
from labinovasi.worksheets.upgrades import needs_upgrade, upgrade


def fingerprint(value: Any) -> str:
    """A short digest of a stored value: the version a form started from."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def stored_version(entry: m.WorksheetEntry | None) -> str:
    """The version of a worksheet as stored (its raw data; a missing or deleted one is empty): a save
    that names the version its editor loaded is refused when the stored one has moved on."""
    live = entry is not None and entry.deleted_at is None
    return fingerprint(dict(entry.data or {}) if live and entry is not None else {})


@dataclass(frozen=True)
class WorksheetData:
    template_code: str
    template_version: int
    data: dict[str, Any]
    complete: bool
    version: str = ""  # see stored_version


def _scope_filter(
    template: Template, lab_id: uuid.UUID, unit_id: uuid.UUID | None, idea_id: uuid.UUID | None
):  # noqa: ANN202
    if template.scope is Scope.LAB:
        return (
            m.WorksheetEntry.lab_id == lab_id,
            m.WorksheetEntry.unit_id.is_(None),
            m.WorksheetEntry.idea_id.is_(None),
        )
    if template.scope is Scope.UNIT:
        if unit_id is None:
            raise ValueError(
                _("Lembar kerja {code} diisi per unit: pilih unitnya").format(code=template.code)
            )
        return (m.WorksheetEntry.unit_id == unit_id, m.WorksheetEntry.idea_id.is_(None))
    if idea_id is None:
        raise ValueError(_("Lembar kerja {code} diisi per ide: pilih idenya").format(code=template.code))
    return (m.WorksheetEntry.idea_id == idea_id,)


def _find(session, template: Template, lab_id, unit_id, idea_id) -> m.WorksheetEntry | None:  # noqa: ANN001
    q = select(m.WorksheetEntry).where(
        m.WorksheetEntry.template_code == template.code, *_scope_filter(template, lab_id, unit_id, idea_id)
    )
    return session.scalars(q.order_by(m.WorksheetEntry.updated_at.desc())).first()


def load_worksheet(
    db: Database,
    code: str,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str | None = None,
    idea_id: uuid.UUID | str | None = None,
    registry: TemplateRegistry | None = None,
) -> WorksheetData:
    """The stored data of a worksheet (empty if nothing was filled yet)."""
    template = (registry or default_registry()).get(code)
    lab = parse_id(lab_id, _("Lab"))
    unit = parse_id(unit_id, _("Unit")) if unit_id else None
    idea = parse_id(idea_id, _("Ide")) if idea_id else None
    with db.session() as s:
        entry = _find(s, template, lab, unit, idea)
        bound = {**lab_bound_values(s, template, lab), **sourced_values(s, template, lab, idea, registry)}
        if entry is None:
            return WorksheetData(template.code, template.version, bound, False, stored_version(None))
        data = dict(entry.data)
        if needs_upgrade(entry.template_code, entry.template_version, registry):
            lab_row = s.get(m.Lab, entry.lab_id)
            settings = LabSettings.from_json(lab_row.settings if lab_row is not None else None)
            data = upgrade(entry.template_code, entry.template_version, data, settings, registry)
            return WorksheetData(
                entry.template_code,
                template.version,
                _overlay(data, template, bound),
                entry.complete,
                stored_version(entry),
            )
        return WorksheetData(
            entry.template_code,
            entry.template_version,
            _overlay(data, template, bound),
            entry.complete,
            stored_version(entry),
        )


def lab_bound_values(session, template: Template, lab_id: uuid.UUID) -> dict[str, Any]:  # noqa: ANN001
    """The values of a lab-scope sheet's fields bound to the lab's record (LK-0's Pemda, province, year,
    organiser): the lab's profile is their one source, so the sheet shows what the profile says."""
    binds = {f.key: f.bind[4:] for f in template.fields if f.bind and f.bind.startswith("lab.")}
    if not binds:
        return {}
    lab = session.get(m.Lab, lab_id)
    if lab is None:
        return {}
    values = {key: getattr(lab, attr) for key, attr in binds.items()}
    return {k: v for k, v in values.items() if v not in (None, "")}


def sourced_values(  # noqa: ANN001
    session,
    template: Template,
    lab_id: uuid.UUID,
    idea_id: uuid.UUID | None,
    registry: TemplateRegistry | None,
) -> dict[str, Any]:
    """The values of an idea-scope sheet's fields that repeat another sheet of the same idea (LK-6's
    name, goal and rancang bangun from LK-2f and LK-3a): read from there, their one source."""
    codes = source_codes(template)
    if not codes or idea_id is None:
        return {}
    reg = registry or default_registry()
    sheets = {}
    for code in codes:
        entry = _find(session, reg.get(code), lab_id, None, idea_id)
        sheets[code] = dict(entry.data) if entry is not None and isinstance(entry.data, dict) else {}
    return source_values(template, sheets, reg)


def _overlay(data: dict[str, Any], template: Template, bound: dict[str, Any]) -> dict[str, Any]:
    for f in template.fields:
        if f.bind and f.bind.startswith("lab."):
            data.pop(f.key, None)
    # a sourced field shows its source's value; what an older sheet stored under its key stays shown
    # (and kept) while the source has nothing written, so no typed text is lost
    return {**data, **bound}


@dataclass(frozen=True)
class StageProgress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def stage_templates(stage: Stage, registry: TemplateRegistry | None = None) -> list[Template]:
    """The worksheets a unit fills in a stage (unit or idea scope)."""
    return [t for t in (registry or default_registry()).for_stage(stage) if t.scope is not Scope.LAB]


def progress_matrix(
    db: Database, lab_id: uuid.UUID | str, registry: TemplateRegistry | None = None
) -> dict[uuid.UUID, dict[Stage, StageProgress]]:
    """For each unit of the lab and each stage: how many of the stage's worksheets are filled.

    A unit-scope worksheet counts when its entry is complete; an idea-scope worksheet counts
    when it is complete for at least one of the unit's ideas.
    """
    reg = registry or default_registry()
    lab = parse_id(lab_id, _("Lab"))
    with db.session() as s:
        unit_ids = list(s.scalars(select(m.Unit.id).where(m.Unit.lab_id == lab)))
        rows = s.execute(
            select(m.WorksheetEntry.unit_id, m.WorksheetEntry.template_code)
            .where(
                m.WorksheetEntry.lab_id == lab,
                m.WorksheetEntry.complete.is_(True),
                m.WorksheetEntry.unit_id.is_not(None),
            )
            .distinct()
        ).all()
    filled: dict[uuid.UUID, set[str]] = {u: set() for u in unit_ids}
    for unit_id, code in rows:
        if unit_id in filled:
            filled[unit_id].add(code)
    per_stage = {stage: [t.code for t in stage_templates(stage, reg)] for stage in Stage}
    return {
        u: {
            stage: StageProgress(sum(c in codes for c in per_stage[stage]), len(per_stage[stage]))
            for stage in Stage
        }
        for u, codes in filled.items()
    }
