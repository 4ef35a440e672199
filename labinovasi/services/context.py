"""Where a worksheet is being edited or printed: the lab, the unit, the idea, and the data around it.

Worksheets of Diagnose and Design build on each other (APKL screens the problems of LK-2b, an idea
card points at a problem and its root causes, the kanvas shows them), so editors and printers get
one of these to read their sources from, rather than copies of the data.

Two kinds answer the same questions (:class:`Sources`):

* :class:`WorksheetContext` reads the database when asked: an editor on screen follows what was
  just stored.
* :class:`GatheredSources` holds what one unit's documents read, gathered by :func:`gather` in one
  pass before anything is laid out: a report renders from these values and never touches the
  database while it lays out pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.evidence import EvidenceStore
from labinovasi.i18n import _
from labinovasi.services.lab_settings import LabSettings, get_lab_settings
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.codes import CURATION
from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.upgrades import upgrade

if TYPE_CHECKING:
    from labinovasi.services.curation import CurationRow


class Names(NamedTuple):
    """What the lab, the unit and the idea of a context are called ("" where there is none)."""

    lab: str = ""
    unit: str = ""
    idea: str = ""


class LabIdea(NamedTuple):
    """An idea of the lab as a ``ref = "idea"`` field lists it."""

    id: uuid.UUID
    title: str
    unit: str  # its unit's name
    unit_id: uuid.UUID


class Sources(Protocol):
    """What a worksheet's editor or printer reads beside its own data."""

    @property
    def lab_id(self) -> uuid.UUID: ...

    @property
    def unit_id(self) -> uuid.UUID | None: ...

    @property
    def idea_id(self) -> uuid.UUID | None: ...

    @property
    def registry(self) -> TemplateRegistry: ...

    @property
    def settings(self) -> LabSettings: ...

    def template(self, code: str) -> Template: ...

    def load(self, code: str, idea_id: uuid.UUID | None = None) -> dict[str, Any]: ...

    def for_idea(self, idea_id: uuid.UUID | None) -> Sources: ...

    def names(self) -> Names: ...

    def lab_ideas(self) -> list[LabIdea]: ...

    def curation_rows(self) -> list[CurationRow]: ...

    @property
    def evidence_root(self) -> Path | None: ...


def _lab_ideas(session: Any, lab_id: uuid.UUID) -> list[LabIdea]:
    rows = session.execute(
        select(m.Idea.id, m.Idea.title, m.Unit.name, m.Unit.id)
        .join(m.Unit, m.Idea.unit_id == m.Unit.id)
        .where(m.Unit.lab_id == lab_id)
        .order_by(m.Unit.sort_order, m.Unit.name, m.Idea.sort_order, m.Idea.created_at)
    ).all()
    return [LabIdea(i, title or "", unit, unit_id) for i, title, unit, unit_id in rows]


def _reachable(template: Template, unit_id: uuid.UUID | None, idea_id: uuid.UUID | None) -> bool:
    """Whether a context with this unit and idea has a sheet of ``template`` (a unit's sheet needs a
    unit, an idea's sheet an idea)."""
    return not (
        (template.scope is Scope.UNIT and unit_id is None)
        or (template.scope is Scope.IDEA and idea_id is None)
    )


def _template_of(registry: TemplateRegistry, settings: LabSettings, code: str) -> Template:
    """The latest template of ``code`` as a lab sees it (its scoring modes applied)."""
    return registry.get(code).for_modes(settings.modes)


@dataclass
class WorksheetContext:
    """The live sources: each question reads the database."""

    db: Database
    lab_id: uuid.UUID
    unit_id: uuid.UUID | None = None
    idea_id: uuid.UUID | None = None
    registry: TemplateRegistry = field(default_factory=default_registry)

    @cached_property
    def settings(self) -> LabSettings:
        return get_lab_settings(self.db, self.lab_id)

    def template(self, code: str) -> Template:
        """The latest template of ``code`` as this lab sees it (its scoring modes applied)."""
        return _template_of(self.registry, self.settings, code)

    def load(self, code: str, idea_id: uuid.UUID | None = None) -> dict[str, Any]:
        """The stored data of another worksheet of the same unit (or idea); ``{}`` when not filled."""
        template = self.registry.get(code)
        idea = idea_id or self.idea_id
        if not _reachable(template, self.unit_id, idea):
            return {}
        return load_worksheet(self.db, code, self.lab_id, self.unit_id, idea, registry=self.registry).data

    def for_idea(self, idea_id: uuid.UUID | None) -> WorksheetContext:
        other = WorksheetContext(self.db, self.lab_id, self.unit_id, idea_id, self.registry)
        if "settings" in self.__dict__:  # already read: share it
            other.__dict__["settings"] = self.__dict__["settings"]
        return other

    def names(self) -> Names:
        with self.db.session() as s:
            lab = s.get(m.Lab, self.lab_id)
            unit = s.get(m.Unit, self.unit_id) if self.unit_id is not None else None
            idea = s.get(m.Idea, self.idea_id) if self.idea_id is not None else None
            return Names(
                lab.name if lab else "", unit.name if unit else "", (idea.title or "") if idea else ""
            )

    def lab_ideas(self) -> list[LabIdea]:
        with self.db.session() as s:
            return _lab_ideas(s, self.lab_id)

    def curation_rows(self) -> list[CurationRow]:
        from labinovasi.services.curation import curation_table  # noqa: PLC0415 - it builds on this module

        return curation_table(self.db, self.lab_id, self.settings.curation_weights)

    @property
    def evidence_root(self) -> Path | None:
        """The folder of the lab's evidence files (labinovasi.evidence)."""
        return EvidenceStore.beside(self.db.file).root


@dataclass(frozen=True)
class GatheredSources:
    """The sources of one unit (and, with ``idea_id``, one of its ideas), read once (see :func:`gather`)."""

    lab_id: uuid.UUID
    unit_id: uuid.UUID | None
    idea_id: uuid.UUID | None
    registry: TemplateRegistry
    settings: LabSettings
    lab_name: str
    unit_name: str
    ideas: tuple[LabIdea, ...]  # the lab's ideas, in the lab's order
    # (code, idea id or None) -> the stored data, upgraded to the template's latest version
    entries: Mapping[tuple[str, uuid.UUID | None], Mapping[str, Any]]
    curation: tuple[CurationRow, ...] = ()  # every idea's LK-2g standing, when the unit has one
    evidence_root: Path | None = None  # the folder of the lab's evidence files

    def template(self, code: str) -> Template:
        return _template_of(self.registry, self.settings, code)

    def load(self, code: str, idea_id: uuid.UUID | None = None) -> dict[str, Any]:
        template = self.registry.get(code)
        idea = idea_id or self.idea_id
        if not _reachable(template, self.unit_id, idea):
            return {}
        return dict(self.entries.get((code, idea if template.scope is Scope.IDEA else None), {}))

    def for_idea(self, idea_id: uuid.UUID | None) -> GatheredSources:
        return replace(self, idea_id=idea_id)

    def names(self) -> Names:
        idea = next((i.title for i in self.ideas if i.id == self.idea_id), "") if self.idea_id else ""
        return Names(self.lab_name, self.unit_name, idea)

    def lab_ideas(self) -> list[LabIdea]:
        return list(self.ideas)

    def curation_rows(self) -> list[CurationRow]:
        return list(self.curation)


@dataclass(frozen=True)
class LabWide:
    """What the documents of every unit of a lab read alike: the lab's ideas and the curation
    standings. A batch of units reads it once (:func:`read_lab_wide`) and hands it to :func:`gather`
    for each unit, so a unit's print costs the same in a small lab and in a large one."""

    lab_id: uuid.UUID
    curation_weights: Mapping[str, float]  # the weights the standings were ranked with
    ideas: tuple[LabIdea, ...]
    curation: tuple[CurationRow, ...]


def _curation(session: Any, lab_id: uuid.UUID, settings: LabSettings) -> tuple[CurationRow, ...]:
    from labinovasi.services.curation import build_curation_rows, lab_entries  # noqa: PLC0415
    from labinovasi.services.curation import lab_ideas as curation_ideas  # noqa: PLC0415

    return tuple(
        build_curation_rows(
            curation_ideas(session, lab_id), lab_entries(session, lab_id, CURATION), settings.curation_weights
        )
    )


def _lab(session: Any, lab_id: uuid.UUID | str) -> m.Lab:
    lab = session.get(m.Lab, parse_id(lab_id, _("Lab")))
    if lab is None:
        raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
    return cast(m.Lab, lab)


def read_lab_wide(db: Database, lab_id: uuid.UUID | str) -> LabWide:
    """The lab's ideas and curation standings, read in one session (see :class:`LabWide`)."""
    with db.session() as s:
        lab = _lab(s, lab_id)
        settings = LabSettings.from_json(lab.settings)
        return LabWide(
            lab.id,
            dict(settings.curation_weights),
            tuple(_lab_ideas(s, lab.id)),
            _curation(s, lab.id, settings),
        )


def gather(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str | None = None,
    idea_id: uuid.UUID | str | None = None,
    registry: TemplateRegistry | None = None,
    lab_wide: LabWide | None = None,
) -> GatheredSources:
    """Everything the documents of a unit read beside their own data, in one session: the lab's
    settings and names, the lab's ideas, every worksheet of the unit and its ideas (and the lab's
    own), and, when the unit has ideas, the lab's curation standings (an LK-2g ranks its idea among them).
    ``lab_wide`` (of this lab, ranked with the lab's weights) gives the lab's ideas and standings
    instead of reading them again."""
    reg = registry or default_registry()
    unit_uuid = parse_id(unit_id, _("Unit")) if unit_id else None
    with db.session() as s:
        lab = _lab(s, lab_id)
        unit = s.get(m.Unit, unit_uuid) if unit_uuid is not None else None
        if unit_uuid is not None and (unit is None or unit.lab_id != lab.id):
            raise NotFoundError(_("Unit dengan id '{id}' tidak ada di lab ini").format(id=unit_id))
        settings = LabSettings.from_json(lab.settings)
        mine = (
            m.WorksheetEntry.unit_id.is_(None)
            if unit_uuid is None
            else (m.WorksheetEntry.unit_id == unit_uuid) | (m.WorksheetEntry.scope == Scope.LAB)
        )
        rows = s.scalars(
            select(m.WorksheetEntry)
            .where(m.WorksheetEntry.lab_id == lab.id, mine)
            .order_by(m.WorksheetEntry.updated_at)
        ).all()
        entries: dict[tuple[str, uuid.UUID | None], Mapping[str, Any]] = {}
        for e in rows:  # oldest first: the newest entry of a sheet wins
            idea = e.idea_id if e.scope is Scope.IDEA else None
            if e.scope is Scope.IDEA and idea is None:
                continue
            entries[(e.template_code, idea)] = upgrade(
                e.template_code, e.template_version, dict(e.data), settings, reg
            )
        shared = (
            lab_wide
            if lab_wide is not None
            and lab_wide.lab_id == lab.id
            and lab_wide.curation_weights == settings.curation_weights
            else None
        )
        ideas = shared.ideas if shared is not None else tuple(_lab_ideas(s, lab.id))
        _fill_sources(entries, reg, [i.id for i in ideas if i.unit_id == unit_uuid])
        curation: tuple[CurationRow, ...] = ()
        if unit_uuid is not None and any(
            i.unit_id == unit_uuid for i in ideas
        ):  # an idea of the unit is ranked
            curation = shared.curation if shared is not None else _curation(s, lab.id, settings)
        return GatheredSources(
            evidence_root=EvidenceStore.beside(db.file).root,
            lab_id=lab.id,
            unit_id=unit_uuid,
            idea_id=parse_id(idea_id, _("Ide")) if idea_id else None,
            registry=reg,
            settings=settings,
            lab_name=lab.name,
            unit_name=unit.name if unit else "",
            ideas=ideas,
            entries=entries,
            curation=curation,
        )


def _fill_sources(
    entries: dict[tuple[str, uuid.UUID | None], Mapping[str, Any]],
    reg: TemplateRegistry,
    idea_ids: list[uuid.UUID],
) -> None:
    """Each idea sheet's fields that repeat another sheet of the same idea (LK-6 from LK-2f and LK-3a)
    take their source's values, as :func:`labinovasi.services.worksheets.load_worksheet` gives them."""
    from labinovasi.worksheets.sources import source_codes, with_sources  # noqa: PLC0415

    for template in reg.all():
        codes = source_codes(template)
        if not codes:
            continue
        for idea in idea_ids:
            sheets = {code: entries.get((code, idea)) or {} for code in codes}
            filled = with_sources(template, entries.get((template.code, idea)) or {}, sheets, reg)
            if filled:
                entries[(template.code, idea)] = filled


def gathered(sources: Sources | None) -> Sources | None:
    """``sources`` as values read once: a live context is gathered, gathered sources stay as they are."""
    if isinstance(sources, WorksheetContext):
        return gather(sources.db, sources.lab_id, sources.unit_id, sources.idea_id, sources.registry)
    return sources
