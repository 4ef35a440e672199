"""Saving one box of a worksheet, or one row of a table, from where someone else may be writing too.

The participants' room saves a phone's box as :class:`SaveField` (and a problem with its USG scores as
:class:`SaveProblem`): the worksheet is read, the one value changed and the worksheet stored inside the
same transaction, so two phones saving two boxes of one canvas at once both keep their text. Each carries
the *fingerprint* of the value its form started from; when the stored value has moved on since (another
phone, or the facilitator), the op refuses with :class:`EditConflict`, which holds what is stored now, so
the person can choose or merge. The worksheet's save (:class:`~labinovasi.ops.worksheets.SaveWorksheet`)
is what the journal keeps: every version of the box.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from labinovasi.db import models as m
from labinovasi.i18n import _
from labinovasi.ops.base import Op, Sequence
from labinovasi.ops.uow import UnitOfWork
from labinovasi.ops.worksheets import EditConflict, SaveWorksheet, find_entry
from labinovasi.services.lab_settings import LabSettings
from labinovasi.services.worksheets import fingerprint
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.upgrades import needs_upgrade, upgrade
from labinovasi.worksheets.validation import ROW_ID, new_row_id, validate

__all__ = ["EditConflict", "SaveField", "SaveProblem", "fingerprint", "problem_state", "stored_data"]

PROBLEMS, PROBLEMS_TABLE = "LK-2b", "masalah"
USG, USG_TABLE = "LK-2d", "usg"


def stored_data(
    uow: UnitOfWork, code: str, lab_id: uuid.UUID, unit_id: uuid.UUID | None, idea_id: uuid.UUID | None
) -> dict[str, Any]:
    """The worksheet's data as it reads now (upgraded when stored by an older template)."""
    template = default_registry().get(code)
    entry = find_entry(uow, template, lab_id, unit_id, idea_id)
    if entry is None:
        return {}
    data = dict(entry.data or {})
    if needs_upgrade(entry.template_code, entry.template_version):
        lab = uow.session.get(m.Lab, entry.lab_id)
        settings = LabSettings.from_json(lab.settings if lab is not None else None)
        data = upgrade(entry.template_code, entry.template_version, data, settings)
    return data


def _normalised(code: str, data: dict[str, Any], key: str) -> Any:
    clean, _issues = validate(default_registry().get(code), data)
    return clean.get(key)


@dataclass(frozen=True)
class SaveField(Op):
    """Set one field of a worksheet (an idea's or a unit's); ``base`` is the fingerprint the form started
    from (None: no check); ``append`` keeps the stored text and adds this one after it (a merge)."""

    code: str
    lab_id: uuid.UUID
    key: str
    value: Any
    unit_id: uuid.UUID | None = None
    idea_id: uuid.UUID | None = None
    base: str | None = None
    append: bool = False
    label_text: str = ""

    kind: ClassVar[str] = "save_field"
    journaled: ClassVar[bool] = False  # the worksheet's save below is journaled with its new values

    def apply(self, uow: UnitOfWork) -> Op:
        data = stored_data(uow, self.code, self.lab_id, self.unit_id, self.idea_id)
        stored = data.get(self.key)
        value = self.value
        if self.append:
            value = "\n\n".join(t for t in (str(stored or "").strip(), str(value or "").strip()) if t)
        new = {**data, self.key: value}
        if self.base is not None and self.base != fingerprint(stored):
            mine = _normalised(self.code, new, self.key)
            if mine != stored:
                raise EditConflict(stored, mine)
        if value is None or value == "" or value == []:
            new.pop(self.key)
        return uow.apply(
            SaveWorksheet(self.code, self.lab_id, new, self.unit_id, self.idea_id, self.label_text)
        )


def problem_state(rows: list[dict[str, Any]], scores: list[dict[str, Any]], row_id: str) -> dict[str, Any]:
    """What a problem's form shows and is checked against: its LK-2b row and its USG scores."""
    row = next((r for r in rows if r.get(ROW_ID) == row_id), {})
    usg = next((r for r in scores if r.get("masalah") == row_id), {})
    return {
        "row": {k: v for k, v in row.items() if k not in (ROW_ID, "no")},
        "usg": {k: usg.get(k) for k in ("u", "s", "g")},
    }


@dataclass(frozen=True)
class SaveProblem(Op):
    """Add or change one problem of a unit (a row of LK-2b) and its U, S and G (its row of LK-2d),
    in one step; ``row_id`` None adds a new problem. ``base`` as in :class:`SaveField`."""

    lab_id: uuid.UUID
    unit_id: uuid.UUID
    row_id: str | None
    values: dict[str, Any]
    scores: dict[str, Any]
    base: str | None = None
    new_id: str = ""  # the id a new problem gets (given, so that a retry does not add it twice)

    kind: ClassVar[str] = "save_problem"
    journaled: ClassVar[bool] = False

    def apply(self, uow: UnitOfWork) -> Op:
        problems = stored_data(uow, PROBLEMS, self.lab_id, self.unit_id, None)
        usg = stored_data(uow, USG, self.lab_id, self.unit_id, None)
        rows = [dict(r) for r in problems.get(PROBLEMS_TABLE) or [] if isinstance(r, dict)]
        score_rows = [dict(r) for r in usg.get(USG_TABLE) or [] if isinstance(r, dict)]
        row_id = self.row_id or self.new_id or new_row_id()
        if self.row_id is not None:
            if not any(r.get(ROW_ID) == row_id for r in rows):
                raise LookupError(_("Masalah itu sudah dihapus."))
            if self.base is not None and self.base != fingerprint(problem_state(rows, score_rows, row_id)):
                raise EditConflict(problem_state(rows, score_rows, row_id))
        elif any(r.get(ROW_ID) == row_id for r in rows):
            return Sequence(())  # this new problem was saved already (a repeated request)
        values = {k: v for k, v in self.values.items() if v is not None and v != ""}
        if self.row_id is None:
            rows.append({ROW_ID: row_id, **values})
        else:
            kept = lambda r: {k: v for k, v in r.items() if k in (ROW_ID, "no") or k not in self.values}  # noqa: E731
            rows = [{**kept(r), **values} if r.get(ROW_ID) == row_id else r for r in rows]
        ops: list[Op] = [
            SaveWorksheet(PROBLEMS, self.lab_id, {**problems, PROBLEMS_TABLE: rows}, self.unit_id)
        ]
        given = {k: v for k, v in self.scores.items() if v is not None and v != ""}
        mine = next((r for r in score_rows if r.get("masalah") == row_id), None)
        if given or mine is not None:
            kept_scores = {k: v for k, v in (mine or {}).items() if k not in self.scores}
            merged = {
                ROW_ID: (mine or {}).get(ROW_ID) or new_row_id(),
                **kept_scores,
                "masalah": row_id,
                **given,
            }
            score_rows = [r for r in score_rows if r.get("masalah") != row_id] + [merged]
            ops.append(SaveWorksheet(USG, self.lab_id, {**usg, USG_TABLE: score_rows}, self.unit_id))
        inverses = [uow.apply(op) for op in ops]
        return Sequence(tuple(reversed(inverses)), _("masalah dan skor USG"))
