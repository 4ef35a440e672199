"""Saving a worksheet, with what the save does to other records (an idea's title, a curation decision)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.i18n import _
from labinovasi.ops.base import Op, Sequence
from labinovasi.ops.effects import after_save
from labinovasi.ops.records import UpdateRecord
from labinovasi.ops.run import run
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services.context import WorksheetContext
from labinovasi.services.curation import (
    CURATION,
    CurationError,
    decision_effect,
    get_idea_row,
    stored_decisions,
)
from labinovasi.services.problems import PROBLEMS_CODE, PROBLEMS_TABLE, table_rows
from labinovasi.services.records import IdeaInfo, NotFoundError, parse_id
from labinovasi.services.worksheets import (
    WorksheetData,
    fingerprint,
    load_worksheet,
    sourced_values,
    stored_version,
)
from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, is_complete, new_row_id, validated


class EditConflict(ValueError):
    """The value changed since the form was opened; ``stored`` is what is there now, ``mine`` the value
    that was to be saved (as the worksheet's validation normalises it)."""

    def __init__(self, stored: Any, mine: Any = None, message: str = ""):
        self.stored, self.mine = stored, mine
        super().__init__(message or _("Isian ini baru saja diubah dari perangkat lain."))


def find_entry(
    uow: UnitOfWork,
    template: Template,
    lab_id: uuid.UUID,
    unit_id: uuid.UUID | None,
    idea_id: uuid.UUID | None,
    include_deleted: bool = False,
    for_update: bool = False,
) -> m.WorksheetEntry | None:
    """The entry of a worksheet for its scope (a tombstone too, when asked: a save revives it).
    ``for_update`` locks its row on a server until the transaction ends (SQLite locks the whole file
    when it writes), so a save's check of the stored version cannot race another writer."""
    e = m.WorksheetEntry
    where: tuple[Any, ...]
    if template.scope is Scope.LAB:
        where = (e.lab_id == lab_id, e.unit_id.is_(None), e.idea_id.is_(None))
    elif template.scope is Scope.UNIT:
        where = (e.unit_id == unit_id, e.idea_id.is_(None))
    else:
        where = (e.idea_id == idea_id,)
    q = select(e).where(e.template_code == template.code, *where)
    q = q.order_by(e.deleted_at.is_not(None), e.updated_at.desc())
    if for_update:  # and read afresh: what this session read before may be stale by now
        q = q.with_for_update().execution_options(populate_existing=True)
    return uow.session.scalars(q.execution_options(include_deleted=include_deleted)).first()


@dataclass(frozen=True)
class SaveWorksheet(Op):
    """Validate and store a worksheet's data; apply what the worksheet's kind does after a save.
    ``base`` is the stored version (:func:`~labinovasi.services.worksheets.stored_version`) the editor
    started from: when the stored worksheet has changed since (another window on a shared server), the
    save is refused with :class:`EditConflict`. None: no check."""

    code: str
    lab_id: uuid.UUID
    data: dict[str, Any]
    unit_id: uuid.UUID | None = None
    idea_id: uuid.UUID | None = None
    label_text: str = ""
    base: str | None = None

    kind: ClassVar[str] = "save_worksheet"

    def apply(self, uow: UnitOfWork) -> Op:
        template = default_registry().get(self.code)
        # a sourced field's value lives in its source: stored here only while the source has nothing
        # (an older sheet's own text, kept rather than lost)
        sourced = sourced_values(uow.session, template, self.lab_id, self.idea_id, None)
        clean = validated(template, {k: v for k, v in self.data.items() if k not in sourced})
        unit_id, idea = self.unit_id, None
        if template.scope is Scope.UNIT and unit_id is None:
            raise ValueError(
                _("Lembar kerja {code} diisi per unit: pilih unitnya").format(code=template.code)
            )
        if template.scope is Scope.IDEA:
            if self.idea_id is None:
                raise ValueError(
                    _("Lembar kerja {code} diisi per ide: pilih idenya").format(code=template.code)
                )
            try:
                idea = uow.get("idea", self.idea_id)
            except NotFoundError:
                raise NotFoundError(
                    _("Ide dengan id '{id}' tidak ditemukan").format(id=self.idea_id)
                ) from None
            unit_id = idea.unit_id
        if template.scope is Scope.LAB:
            unit_id = None
        entry = find_entry(
            uow, template, self.lab_id, unit_id, self.idea_id, include_deleted=True, for_update=True
        )
        if self.base is not None and self.base != stored_version(entry):
            stored = dict(entry.data or {}) if entry is not None and entry.deleted_at is None else {}
            raise EditConflict(stored, clean, worksheet_conflict_message())
        if entry is None:
            entry = m.WorksheetEntry(
                id=uuid.uuid4(),
                lab_id=self.lab_id,
                unit_id=unit_id,
                idea_id=self.idea_id if template.scope is Scope.IDEA else None,
                template_code=template.code,
                scope=template.scope,
                template_version=0,
                data={},
                complete=False,
                deleted_at=uow.now,
                deleted_by=uow.device,
            )
            uow.session.add(entry)
            uow.session.flush()
        before = EntryState.of(entry)
        shown = {**clean, **sourced}
        EntryState(entry.id, template.version, clean, is_complete(template, shown), False).write(entry)
        uow.touch("worksheet_entry", entry)
        undo_effects = [uow.apply(op) for op in after_save(uow, template, clean, idea, self.lab_id)]
        return Sequence((*reversed(undo_effects), SetEntry(before)), self.label)

    @property
    def label(self) -> str:
        return self.label_text or _("isi {code}").format(code=self.code)

    def payload(self) -> dict[str, Any]:
        return {k: v for k, v in super().payload().items() if k != "base"}  # a check, not a value

    def version_after(self) -> str:
        """The stored version once this save is applied (what the editor's next save names as base)."""
        return fingerprint(validated(default_registry().get(self.code), self.data))


def worksheet_conflict_message() -> str:
    return _(
        "Lembar kerja ini baru saja diubah di tempat lain (jendela atau komputer lain), jadi isian Anda "
        "belum tersimpan. Isian Anda tetap di layar."
    )


@dataclass(frozen=True)
class EntryState:
    id: uuid.UUID
    version: int
    data: dict[str, Any] = field(hash=False)
    complete: bool
    deleted: bool

    @classmethod
    def of(cls, entry: m.WorksheetEntry) -> EntryState:
        return cls(
            entry.id,
            entry.template_version,
            dict(entry.data or {}),
            entry.complete,
            entry.deleted_at is not None,
        )

    def write(self, entry: m.WorksheetEntry, uow: UnitOfWork | None = None) -> None:
        entry.template_version = self.version
        entry.data = dict(self.data)
        entry.complete = self.complete
        if self.deleted and entry.deleted_at is None and uow is not None:
            entry.deleted_at, entry.deleted_by = uow.now, uow.device
        elif not self.deleted:
            entry.deleted_at, entry.deleted_by = None, ""


@dataclass(frozen=True)
class SetEntry(Op):
    """Put a worksheet entry back to a stored state exactly (the inverse of a save; no validation,
    no effects: those are undone by their own inverses)."""

    state: EntryState

    kind: ClassVar[str] = "set_worksheet"

    def apply(self, uow: UnitOfWork) -> Op:
        entry = uow.session.get(m.WorksheetEntry, self.state.id, execution_options={"include_deleted": True})
        if entry is None:
            raise NotFoundError(_("Lembar kerja yang akan dikembalikan tidak ditemukan."))
        before = EntryState.of(entry)
        self.state.write(entry, uow)
        uow.touch("worksheet_entry", entry)
        return SetEntry(before)

    def payload(self) -> dict[str, Any]:
        s = self.state
        return {
            "id": str(s.id),
            "version": s.version,
            "data": s.data,
            "complete": s.complete,
            "deleted": s.deleted,
        }


@dataclass(frozen=True)
class SyncDecisions(Op):
    """Apply every stored LK-2g of a lab to its idea (after the demo or an import). A stored merge that
    would make a cycle keeps the status "Digabung" without a target."""

    lab_id: uuid.UUID

    kind: ClassVar[str] = "sync_decisions"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        inverses = []
        for idea_id, data in stored_decisions(uow.session, self.lab_id).items():
            idea = uow.session.get(m.Idea, idea_id)
            if idea is None:
                continue
            try:
                effect = decision_effect(uow.session, idea, data)
            except CurationError:
                effect = decision_effect(uow.session, idea, {**data, "gabung_ke": None})
            if effect:
                inverses.append(uow.apply(UpdateRecord("idea", idea.id, effect)))
            uow.session.flush()
        return Sequence(tuple(reversed(inverses)), self.label)

    @property
    def label(self) -> str:
        return _("terapkan keputusan kurasi")


# --- conveniences for the command line, scripts and tests: one op each, run at once -----------------


def save_worksheet(
    db: Database,
    code: str,
    data: dict[str, Any],
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str | None = None,
    idea_id: uuid.UUID | str | None = None,
    registry: TemplateRegistry | None = None,
) -> WorksheetData:
    """Validate ``data`` against the worksheet's template and store it (with what the worksheet's kind
    does after a save, in the same transaction: see :mod:`labinovasi.ops.worksheets`).

    Raises :class:`~labinovasi.worksheets.validation.WorksheetValidationError` (nothing stored)
    when a value has the wrong type or is out of range.
    """

    template = (registry or default_registry()).get(code)
    lab = parse_id(lab_id, _("Lab"))
    unit = parse_id(unit_id, _("Unit")) if unit_id else None
    idea = parse_id(idea_id, _("Ide")) if idea_id else None
    run(db, SaveWorksheet(template.code, lab, dict(data), unit, idea))
    if template.scope is Scope.IDEA and idea is not None:
        return load_worksheet(db, code, lab, None, idea, registry)
    return load_worksheet(db, code, lab, unit, idea, registry)


def apply_decision(db: Database, idea_id: uuid.UUID | str, data: Mapping[str, Any]) -> IdeaInfo:
    """Apply the LK-2g ``data`` just stored for an idea to the idea itself.

    * ``keputusan`` lanjut / perbaiki / gabung / tunda → status Lanjut / Perbaiki / Digabung / Ditunda
      (an idea already launched, applied or stopped keeps that status when curated "lanjut" again);
    * gabung: ``Idea.merged_into_id`` = ``gabung_ke`` (both ideas keep their worksheets); any other
      decision clears it. Merging into itself, into an idea of another lab, or into an idea that is
      (through a chain of merges) merged into this one raises :class:`CurationError` and changes nothing;
    * no decision: the status steps back to Direview when some gate answer or score is filled, else to
      Draf (only from a curation status; Draf/Diajukan stay, Direview is reached once scoring starts).

    ``Idea.stage`` is not changed: it stays the furthest stage the idea has reached; "lanjut" makes the
    idea eligible for Design (:func:`design_ideas`). Calling it again with the same data changes nothing.
    """

    with db.session() as s:
        idea = get_idea_row(s, idea_id)
        effect, key = decision_effect(s, idea, data), idea.id
    if effect:
        run(db, UpdateRecord("idea", key, effect))
    with db.session() as s:
        return IdeaInfo.of(get_idea_row(s, key))


def save_curation(
    db: Database,
    lab_id: uuid.UUID | str,
    idea_id: uuid.UUID | str,
    data: dict[str, Any],
    registry: TemplateRegistry | None = None,
) -> WorksheetData:
    """Check, store and apply an idea's LK-2g in one call: a refused merge (:class:`CurationError`) or
    an invalid value (``WorksheetValidationError``) stores nothing."""
    return save_worksheet(db, CURATION, data, lab_id, idea_id=idea_id, registry=registry)


def sync_decisions(db: Database, lab_id: uuid.UUID | str) -> int:
    """Apply every stored LK-2g of a lab to its idea (after loading the demo or importing data).

    A stored merge that would make a cycle keeps the status "Digabung" without a target. Returns how
    many ideas changed."""

    changes, _inverse = run(db, SyncDecisions(parse_id(lab_id, _("Lab"))))
    return len(changes.ideas)


def ensure_problem_ids(ctx: WorksheetContext) -> int:
    """Give every LK-2b row that has no ``_id`` yet (data stored before rows had ids) a fresh one and
    store LK-2b, so APKL and USG can point at it. Returns how many rows got an id (0: nothing stored)."""
    data = ctx.load(PROBLEMS_CODE)
    rows = table_rows(data, PROBLEMS_TABLE)
    missing = sum(not (isinstance(r.get(ROW_ID), str) and r.get(ROW_ID)) for r in rows)
    if not missing or ctx.unit_id is None:
        return 0
    new_rows = [
        r if isinstance(r.get(ROW_ID), str) and r.get(ROW_ID) else {**r, ROW_ID: new_row_id()} for r in rows
    ]
    save_worksheet(
        ctx.db,
        PROBLEMS_CODE,
        {**data, PROBLEMS_TABLE: new_rows},
        ctx.lab_id,
        ctx.unit_id,
        registry=ctx.registry,
    )
    return missing
