"""Merging a lab bundle into this database, record by record and field by field.

For each field, the stamps say who wrote it last on each side and the vectors say what each side had
seen: an edit on one side only is taken; the same field edited on both sides is a **conflict**, kept
(mine stays in place) in ``merge_conflict`` for a person to decide, never dropped. A deletion wins over
a record the other side did not touch, and loses to edits made after it; both are said in the report.
A record on one side only is added. Importing the same bundle twice changes nothing the second time.

The merge is one operation (:class:`MergeBundle`): backed up before, journaled, and undone as data (its
inverse puts every row it wrote back exactly, stamps included, so the same bundle can be merged again).
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import inspect, select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import INCLUDE_DELETED
from labinovasi.domain.enums import Scope
from labinovasi.i18n import _, format_number
from labinovasi.ops.base import Op, jsonable
from labinovasi.ops.device import device_id
from labinovasi.ops.uow import MODELS, UnitOfWork
from labinovasi.sync.bundle import PRIVATE_FIELDS, TABLES, Bundle, fields_of_table, load_value
from labinovasi.sync.stamps import DATA, PAUSED, stamp_fields
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import ROW_ID, is_complete

ALL_TABLES: dict[str, type[Any]] = {**MODELS, "record_sync": m.RecordSync, "merge_conflict": m.MergeConflict}
Stamp = list[Any]  # [replica, counter, at]

TABLE_LABELS = {
    "lab": _("lab"),
    "stage_schedule": _("jadwal tahap"),
    "unit": _("unit"),
    "person": _("peserta"),
    "idea": _("ide"),
    "agenda_session": _("sesi"),
    "attendance": _("kehadiran"),
    "worksheet_entry": _("lembar kerja"),
}
COLUMN_LABELS = {
    "name": _("Nama"),
    "title": _("Judul"),
    "status": _("Status"),
    "stage": _("Tahap"),
    "unit_type": _("Jenis unit"),
    "head_name": _("Nama kepala"),
    "head_nip": _("NIP kepala"),
    "address": _("Alamat"),
    "role": _("Peran"),
    "nip": _("NIP"),
    "jabatan": _("Jabatan"),
    "phone": _("Telepon"),
    "email": _("Surel"),
    "date": _("Tanggal"),
    "time": _("Waktu"),
    "place": _("Tempat"),
    "venue": _("Tempat"),
    "settings": _("Pengaturan"),
    "deleted_at": _("Dihapus"),
}


# --- rows as values, and putting them back ------------------------------------------------------------


def _key(table: str, obj: Any) -> Any:
    if table == "record_sync":
        return (obj.table_name, obj.record_id)
    if table == "merge_conflict":
        return obj.id
    return obj.id


def state_of(table: str, obj: Any) -> dict[str, Any]:
    return {a.key: copy.deepcopy(getattr(obj, a.key)) for a in inspect(ALL_TABLES[table]).column_attrs}


@dataclass(frozen=True)
class RowState:
    table: str
    key: Any
    values: dict[str, Any] | None = field(default=None, hash=False)  # None: the row is not there


@dataclass(frozen=True)
class RestoreRows(Op):
    """Put rows back to stated values exactly (inserting, updating or removing them), stamps paused:
    the inverse of a merge or of a conflict's decision. Its own inverse puts the rows as they were."""

    rows: tuple[RowState, ...]
    label_text: str = ""

    kind: ClassVar[str] = "restore_rows"

    def apply(self, uow: UnitOfWork) -> Op:
        s = uow.session
        paused = s.info.get(PAUSED)
        s.info[PAUSED] = True
        try:
            current: list[RowState] = []
            removed: list[tuple[str, Any]] = []
            for row in self.rows:
                model = ALL_TABLES[row.table]
                obj = s.get(model, row.key, execution_options={INCLUDE_DELETED: True})
                current.append(RowState(row.table, row.key, state_of(row.table, obj) if obj else None))
                if row.values is None:
                    if obj is not None:
                        removed.append((row.table, obj))
                    continue
                if obj is None:
                    obj = model(**copy.deepcopy(row.values))
                    s.add(obj)
                else:
                    for k, v in row.values.items():
                        setattr(obj, k, copy.deepcopy(v))
                if row.table in MODELS:
                    uow.touch(row.table, obj)
            s.flush()
            order = {t: i for i, t in enumerate(TABLES)}
            for table, obj in sorted(removed, key=lambda r: -order.get(r[0], -1)):
                if table in MODELS:
                    uow.touch(table, obj)
                s.delete(obj)
                s.flush()
        finally:
            s.info[PAUSED] = paused
        return RestoreRows(tuple(current), self.label_text)

    def payload(self) -> dict[str, Any]:
        return {"rows": len(self.rows)}


# --- the report ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictInfo:
    id: uuid.UUID
    table: str
    record_id: uuid.UUID
    field: str
    label: str  # the record, for people
    field_label: str
    mine: Any
    theirs: Any
    mine_stamp: Stamp
    their_stamp: Stamp
    source: str
    resolution: str = ""


@dataclass
class MergeReport:
    lab_id: uuid.UUID | None = None
    lab_name: str = ""
    new_lab: bool = False
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    fields_taken: int = 0
    notes: list[str] = field(default_factory=list)  # deletions kept or undone, in words
    conflicts: list[ConflictInfo] = field(default_factory=list)  # new or renewed by this merge
    files_added: int = 0
    source: str = ""
    dry_run: bool = False

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.updated or self.deleted or self.conflicts)

    def lines(self) -> list[str]:
        """The report in words (the command line prints these; the window and the PDF show the same)."""

        def counts(c: Counter[str]) -> str:
            return ", ".join(
                f"{format_number(n)} {TABLE_LABELS.get(t, t)}" for t in TABLES if (n := c.get(t, 0))
            ) or _("tidak ada")

        out = [
            _("Lab: {name}").format(name=self.lab_name) + (_(" (lab baru)") if self.new_lab else ""),
            _("Ditambahkan: {what}").format(what=counts(self.added)),
            _("Diperbarui: {what} ({n} isian)").format(
                what=counts(self.updated), n=format_number(self.fields_taken)
            ),
            _("Dihapus: {what}").format(what=counts(self.deleted)),
            _("Konflik menunggu keputusan: {n}").format(n=format_number(len(self.conflicts))),
        ]
        if self.files_added:
            out.append(_("Berkas bukti baru: {n}").format(n=format_number(self.files_added)))
        out.extend(self.notes)
        for c in self.conflicts:
            out.append(
                _("Konflik · {label} · {field}: di sini «{mine}», di bundel «{theirs}»").format(
                    label=c.label, field=c.field_label, mine=describe(c.mine), theirs=describe(c.theirs)
                )
            )
        if self.unchanged:
            out.append(_("Tidak ada yang berubah: isi bundel ini sudah ada di lab."))
        if self.dry_run:
            out.append(_("Uji coba saja (--dry-run): tidak ada yang disimpan."))
        return out


def describe(value: Any, limit: int = 80) -> str:
    """A stored value in a few words for the report and the conflict list."""
    if value is None or value == "" or value == []:
        return _("(kosong)")
    if isinstance(value, list):
        return _("{n} baris").format(n=format_number(len(value)))
    if isinstance(value, dict):
        return _("{n} isian").format(n=format_number(len(value)))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stamp_time(stamp: list[Any]) -> str:
    """When a stamped write was made, in local time ("03-02-2027 12.40"); "—" for a value from before."""
    if len(stamp) < 3:
        return "—"
    try:
        at = dt.datetime.fromisoformat(str(stamp[2]))
    except ValueError:
        return "—"
    return at.astimezone().strftime("%d-%m-%Y %H.%M")


def full_text(value: Any) -> str:
    """A stored value in full, for the side-by-side view and the report (table rows one per line)."""
    if value is None or value == "" or value == []:
        return _("(kosong)")
    if isinstance(value, list):
        lines = []
        for n, row in enumerate(value, start=1):
            if isinstance(row, dict):
                cells = [str(v) for k, v in row.items() if not str(k).startswith("_") and v not in (None, "")]
                lines.append(f"{n}. " + " · ".join(cells))
            else:
                lines.append(f"{n}. {row}")
        return "\n".join(lines)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


# --- labels ----------------------------------------------------------------------------------------------


def record_label(s: Any, table: str, obj: Any) -> str:
    if table in ("lab", "unit", "person"):
        return f"{TABLE_LABELS[table].capitalize()} {obj.name}"
    if table == "idea":
        return _("Ide {title}").format(title=obj.title or "—")
    if table == "agenda_session":
        return _("Sesi {title}").format(title=obj.title)
    if table == "worksheet_entry":
        where = ""
        if obj.idea_id is not None:
            idea = s.get(m.Idea, obj.idea_id, execution_options={INCLUDE_DELETED: True})
            where = idea.title if idea else ""
        elif obj.unit_id is not None:
            unit = s.get(m.Unit, obj.unit_id, execution_options={INCLUDE_DELETED: True})
            where = unit.name if unit else ""
        return f"{obj.template_code} · {where}" if where else str(obj.template_code)
    return TABLE_LABELS.get(table, table).capitalize()


def field_label(table: str, code: str | None, name: str) -> str:
    if name.startswith(DATA + ".") and code:
        key = name[len(DATA) + 1 :]
        try:
            return default_registry().get(code).field(key).label
        except (KeyError, ValueError):
            return key
    return COLUMN_LABELS.get(name, name)


# --- field values ------------------------------------------------------------------------------------------


def get_field(obj: Any, name: str) -> Any:
    if name.startswith(DATA + "."):
        return (obj.data or {}).get(name[len(DATA) + 1 :])
    return getattr(obj, name)


def theirs_field(values: dict[str, Any], name: str) -> Any:
    if name.startswith(DATA + "."):
        return (values.get(DATA) or {}).get(name[len(DATA) + 1 :])
    return values.get(name)


def set_field(obj: Any, name: str, value: Any) -> None:
    if name.startswith(DATA + "."):
        data = dict(obj.data or {})
        key = name[len(DATA) + 1 :]
        if value is None:
            data.pop(key, None)
        else:
            data[key] = copy.deepcopy(value)
        obj.data = data
    else:
        setattr(obj, name, value)


def _seen(vector: dict[str, Any], stamp: Stamp | None) -> bool:
    return stamp is None or int(vector.get(stamp[0], 0)) >= int(stamp[1])


def _same(a: Any, b: Any, name: str) -> bool:
    if name == "deleted_at":
        return (a is None) == (b is None)
    return bool(a == b)


# --- the merge -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeBundle(Op):
    """Bring a checked bundle into this database (see the module's text)."""

    bundle: Bundle = field(hash=False)
    report: MergeReport = field(default_factory=MergeReport, compare=False, hash=False)
    label_text: str = ""

    kind: ClassVar[str] = "merge_bundle"
    backup_before: ClassVar[str | None] = "sebelum-gabung"

    def payload(self) -> dict[str, Any]:
        man = self.bundle.manifest
        return {
            "file": self.bundle.path.name,
            "lab_id": man.get("lab_id"),
            "replica": man.get("replica"),
            "device": man.get("device"),
            "journal": man.get("journal"),
            "units": man.get("units"),
        }

    @property
    def label(self) -> str:
        return self.label_text or _("gabungkan bundel {name}").format(name=self.bundle.path.name)

    def apply(self, uow: UnitOfWork) -> Op:
        s = uow.session
        paused = s.info.get(PAUSED)
        s.info[PAUSED] = True
        try:
            merger = _Merger(uow, self.bundle, self.report)
            merger.run()
            s.flush()
        finally:
            s.info[PAUSED] = paused
        return RestoreRows(
            tuple(merger.before.values()),
            _("batalkan penggabungan {name}").format(name=self.bundle.path.name),
        )


class _Merger:
    def __init__(self, uow: UnitOfWork, bundle: Bundle, report: MergeReport):
        self.uow = uow
        self.s = uow.session
        self.bundle = bundle
        self.report = report
        self.before: dict[tuple[str, Any], RowState] = {}
        self.ids: dict[uuid.UUID, uuid.UUID] = {}  # their id -> mine, for the same record under two ids
        self.now_iso = uow.now.isoformat()

    def remember(self, table: str, key: Any, obj: Any) -> None:
        if (table, key) not in self.before:
            self.before[(table, key)] = RowState(
                table, key, state_of(table, obj) if obj is not None else None
            )

    def run(self) -> None:
        report = self.report
        report.source = self.bundle.source
        lab = self.s.get(m.Lab, self.bundle.lab_id, execution_options={INCLUDE_DELETED: True})
        report.lab_id = self.bundle.lab_id
        report.new_lab = lab is None
        report.lab_name = lab.name if lab is not None else self.bundle.lab_name
        for table in TABLES:
            for theirs in self.bundle.records[table]:
                self.merge(table, theirs)

    # --- one record ---------------------------------------------------------------------------------
    def _remap(self, values: dict[str, Any]) -> dict[str, Any]:
        out = dict(values)
        for key in ("unit_id", "idea_id", "session_id", "person_id", "merged_into_id"):
            if out.get(key) in self.ids:
                out[key] = self.ids[out[key]]
        return out

    def _same_record(self, table: str, values: dict[str, Any]) -> Any:
        """The record here that is the same as theirs under another id (one tick per person and session;
        one worksheet per scope), or None."""
        opts = {INCLUDE_DELETED: True}
        if table == "attendance":
            a = m.Attendance
            q = select(a).where(a.session_id == values["session_id"], a.person_id == values["person_id"])
            return self.s.scalars(q.execution_options(**opts)).first()
        if table == "worksheet_entry":
            e = m.WorksheetEntry
            scope = values["scope"]
            where: tuple[Any, ...]
            if scope is Scope.LAB:
                where = (e.lab_id == values["lab_id"], e.unit_id.is_(None), e.idea_id.is_(None))
            elif scope is Scope.UNIT:
                where = (e.unit_id == values["unit_id"], e.idea_id.is_(None))
            else:
                where = (e.idea_id == values["idea_id"],)
            qe = select(e).where(e.template_code == values["template_code"], *where)
            qe = qe.order_by(e.deleted_at.is_not(None), e.updated_at.desc())
            return self.s.scalars(qe.execution_options(**opts)).first()
        return None

    def _sync_row(self, table: str, record_id: uuid.UUID, lab_id: uuid.UUID | None) -> m.RecordSync:
        row = self.s.get(m.RecordSync, (table, record_id))
        self.remember("record_sync", (table, record_id), row)
        if row is None:
            row = m.RecordSync(table_name=table, record_id=record_id, lab_id=lab_id, vector={}, stamps={})
            self.s.add(row)
        return row

    def merge(self, table: str, raw: dict[str, Any]) -> None:
        model = MODELS[table]
        their_sync = raw["_sync"]
        values = self._remap({k: v for k, v in raw.items() if k != "_sync"})
        lab_id = self.bundle.lab_id
        mine = self.s.get(model, values["id"], execution_options={INCLUDE_DELETED: True})
        if mine is None:
            mine = self._same_record(table, values)
            if mine is not None:
                self.ids[values["id"]] = mine.id
                values["id"] = mine.id
        if mine is None:
            self.remember(table, values["id"], None)
            obj = model(**{k: copy.deepcopy(v) for k, v in values.items()})
            self.s.add(obj)
            sync = self._sync_row(table, values["id"], lab_id)
            sync.vector = dict(their_sync["vector"])
            sync.stamps = dict(their_sync["stamps"])
            self.s.flush()
            self.uow.touch(table, obj)
            if values.get("deleted_at") is None:
                self.report.added[table] += 1
            return
        self.remember(table, mine.id, mine)
        sync = self._sync_row(table, mine.id, lab_id)
        self._merge_fields(table, mine, values, sync, their_sync)

    def _fields(self, table: str, mine: Any, values: dict[str, Any]) -> list[str]:
        names = [f for f in fields_of_table(table) if f not in ("complete",)]
        if not self.bundle.private_data:
            names = [f for f in names if f not in PRIVATE_FIELDS.get(table, ())]
        if table == "worksheet_entry":
            keys = sorted(set(mine.data or {}) | set(values.get(DATA) or {}))
            names = [f for f in names if f != DATA] + [f"{DATA}.{k}" for k in keys]
        return names

    def _merge_fields(
        self, table: str, mine: Any, values: dict[str, Any], sync: m.RecordSync, their_sync: dict[str, Any]
    ) -> None:
        my_vec, my_stamps = dict(sync.vector or {}), dict(sync.stamps or {})
        their_vec, their_stamps = their_sync["vector"], their_sync["stamps"]
        take: dict[str, Any] = {}
        conflicts: list[str] = []
        for name in self._fields(table, mine, values):
            if name == "deleted_at":
                continue
            mv, tv = get_field(mine, name), theirs_field(values, name)
            mine_stamp, their_stamp = my_stamps.get(name), their_stamps.get(name)
            if _same(mv, tv, name) or their_stamp is None or mine_stamp == their_stamp:
                continue
            if _seen(my_vec, their_stamp):
                continue  # theirs is older: this copy has it and wrote over it
            if mine_stamp is None or _seen(their_vec, mine_stamp):
                take[name] = tv  # changed there only
            else:
                conflicts.append(name)
        deleted = self._deletion(table, mine, values, my_vec, my_stamps, their_vec, their_stamps)
        changed = bool(take) or deleted is not None
        for name, value in take.items():
            set_field(mine, name, value)
            my_stamps[name] = their_stamps[name]
        if deleted is True:
            mine.deleted_at = values.get("deleted_at") or self.uow.now
            mine.deleted_by = values.get("deleted_by") or ""
            my_stamps["deleted_at"] = their_stamps.get("deleted_at", my_stamps.get("deleted_at"))
            self.report.deleted[table] += 1
        elif deleted is False:
            mine.deleted_at, mine.deleted_by = None, ""
            if "deleted_at" in their_stamps:
                my_stamps["deleted_at"] = their_stamps["deleted_at"]
        if table == "worksheet_entry" and take:
            try:
                mine.complete = is_complete(default_registry().get(mine.template_code), mine.data or {})
            except KeyError:
                pass
        for name in conflicts:
            self._conflict(
                table,
                mine,
                name,
                get_field(mine, name),
                theirs_field(values, name),
                my_stamps.get(name),
                their_stamps[name],
            )
        vector = dict(my_vec)
        for replica, counter in their_vec.items():
            vector[replica] = max(int(vector.get(replica, 0)), int(counter))
        if vector != my_vec or my_stamps != (sync.stamps or {}):
            sync.vector, sync.stamps = vector, my_stamps
        if changed:
            self.s.flush()
            self.uow.touch(table, mine)
            if deleted is not True:
                self.report.updated[table] += 1
            self.report.fields_taken += len(take)

    def _deletion(
        self,
        table: str,
        mine: Any,
        values: dict[str, Any],
        my_vec: dict[str, Any],
        my_stamps: dict[str, Any],
        their_vec: dict[str, Any],
        their_stamps: dict[str, Any],
    ) -> bool | None:
        """True: delete mine; False: bring mine back; None: leave its state. Deletions win over records
        the other side did not touch after them, and lose to edits made after them."""
        mine_gone, theirs_gone = mine.deleted_at is not None, values.get("deleted_at") is not None
        if mine_gone == theirs_gone:
            return None
        my_del, their_del = my_stamps.get("deleted_at"), their_stamps.get("deleted_at")
        label = record_label(self.s, table, mine)
        if theirs_gone:  # deleted there
            if _seen(my_vec, their_del):
                return None  # this copy saw that deletion and brought the record back since
            my_edits = [st for f, st in my_stamps.items() if f != "deleted_at" and not _seen(their_vec, st)]
            when = their_del[2] if their_del else ""
            if any(st[2] > when for st in my_edits):
                self.report.notes.append(
                    _("{what} dihapus di bundel, tetapi diubah di sini sesudahnya: tetap ada.").format(
                        what=label
                    )
                )
                return None
            return True
        # deleted here, alive there
        if not _seen(their_vec, my_del):
            their_edits = [
                st for f, st in their_stamps.items() if f != "deleted_at" and not _seen(my_vec, st)
            ]
            when = my_del[2] if my_del else ""
            if any(st[2] > when for st in their_edits):
                self.report.notes.append(
                    _("{what} dihapus di sini, tetapi diubah di bundel sesudahnya: dipulihkan.").format(
                        what=label
                    )
                )
                return False
            if their_edits:
                self.report.notes.append(
                    _("{what} diubah di bundel sebelum dihapus di sini: tetap terhapus.").format(what=label)
                )
            return None
        if their_del is not None and not _seen(my_vec, their_del):
            return False  # they brought it back after seeing the deletion
        return None

    def _conflict(
        self, table: str, mine: Any, name: str, mv: Any, tv: Any, mine_stamp: Stamp | None, their_stamp: Stamp
    ) -> None:
        c = m.MergeConflict
        existing = self.s.scalars(
            select(c).where(
                c.table_name == table, c.record_id == mine.id, c.field == name, c.resolved_at.is_(None)
            )
        ).first()
        if existing is not None and list(existing.their_stamp) == list(their_stamp):
            return
        label = record_label(self.s, table, mine)
        code = mine.template_code if table == "worksheet_entry" else None
        if existing is None:
            existing = m.MergeConflict(
                id=uuid.uuid4(), lab_id=self.bundle.lab_id, table_name=table, record_id=mine.id, field=name
            )
            self.remember("merge_conflict", existing.id, None)
            self.s.add(existing)
        else:
            self.remember("merge_conflict", existing.id, existing)
        existing.label = label
        existing.mine = {"v": jsonable(mv)}
        existing.theirs = {"v": jsonable(tv)}
        existing.mine_stamp = list(mine_stamp or [])
        existing.their_stamp = list(their_stamp)
        existing.source = self.bundle.source
        existing.created_at = self.uow.now
        self.report.conflicts.append(
            ConflictInfo(
                existing.id,
                table,
                mine.id,
                name,
                label,
                field_label(table, code, name),
                mv,
                tv,
                list(mine_stamp or []),
                list(their_stamp),
                self.bundle.source,
            )
        )


# --- conflicts: listing and deciding ------------------------------------------------------------------------


def _value_of(table: str, name: str, wrapped: dict[str, Any]) -> Any:
    raw = (wrapped or {}).get("v")
    if name.startswith(DATA + "."):
        return raw
    column = inspect(MODELS[table]).columns[name]
    try:
        from labinovasi.sync.bundle import _Bad  # noqa: PLC0415

        return load_value(column, raw)
    except _Bad:
        return raw


def pending_conflicts(db: Database, lab_id: uuid.UUID | str | None = None) -> list[ConflictInfo]:
    """The conflicts waiting for a decision (of one lab, or of all), oldest first."""
    c = m.MergeConflict
    with db.session() as s:
        q = select(c).where(c.resolved_at.is_(None)).order_by(c.created_at, c.label, c.field)
        if lab_id is not None:
            q = q.where(c.lab_id == uuid.UUID(str(lab_id)))
        out = []
        for row in s.scalars(q):
            code = None
            if row.table_name == "worksheet_entry":
                entry = s.get(m.WorksheetEntry, row.record_id, execution_options={INCLUDE_DELETED: True})
                code = entry.template_code if entry else None
            out.append(
                ConflictInfo(
                    row.id,
                    row.table_name,
                    row.record_id,
                    row.field,
                    row.label,
                    field_label(row.table_name, code, row.field),
                    _value_of(row.table_name, row.field, row.mine),
                    _value_of(row.table_name, row.field, row.theirs),
                    list(row.mine_stamp),
                    list(row.their_stamp),
                    row.source,
                )
            )
        return out


CHOICES = ("mine", "theirs", "both")


def both_value(mine: Any, theirs: Any) -> Any:
    """Mine and theirs together: texts one after the other, table rows joined (rows with the same id
    once); None when the two cannot be joined (a number, a date, a choice)."""
    if mine in (None, "", []):
        return theirs
    if theirs in (None, "", []):
        return mine
    if isinstance(mine, str) and isinstance(theirs, str):
        return f"{mine}\n{theirs}"
    if isinstance(mine, list) and isinstance(theirs, list):
        ids = {r.get(ROW_ID) for r in mine if isinstance(r, dict) and r.get(ROW_ID)}
        return [
            *mine,
            *(r for r in theirs if not (isinstance(r, dict) and r.get(ROW_ID) in ids) and r not in mine),
        ]
    return None


@dataclass(frozen=True)
class ResolveConflict(Op):
    """Decide one conflict: keep mine, take theirs, or both (texts and tables). The decision is a new
    edit here (stamped), so it travels on with the next bundle."""

    conflict_id: uuid.UUID
    choice: str
    label_text: str = ""

    kind: ClassVar[str] = "resolve_conflict"

    def apply(self, uow: UnitOfWork) -> Op:
        s = uow.session
        row = s.get(m.MergeConflict, self.conflict_id)
        if row is None or row.resolved_at is not None:
            raise ValueError(_("Konflik ini sudah diputuskan atau tidak ada lagi."))
        if self.choice not in CHOICES:
            raise ValueError(_("Pilihan konflik tidak dikenal: {choice}").format(choice=self.choice))
        obj: Any = s.get(MODELS[row.table_name], row.record_id, execution_options={INCLUDE_DELETED: True})
        if obj is None:
            raise ValueError(_("Data yang berkonflik tidak ada lagi."))
        sync = s.get(m.RecordSync, (row.table_name, row.record_id))
        before = (
            RowState(row.table_name, obj.id, state_of(row.table_name, obj)),
            RowState(
                "record_sync",
                (row.table_name, row.record_id),
                state_of("record_sync", sync) if sync else None,
            ),
            RowState("merge_conflict", row.id, state_of("merge_conflict", row)),
        )
        mine = get_field(obj, row.field)
        theirs = _value_of(row.table_name, row.field, row.theirs)
        if self.choice == "theirs":
            set_field(obj, row.field, theirs)
        elif self.choice == "both":
            joined = both_value(mine, theirs)
            if joined is None:
                raise ValueError(_("Isian ini tidak dapat digabung; pilih salah satu."))
            set_field(obj, row.field, joined)
        else:  # keeping mine is a decision too: stamped as written now, it wins on the other side later
            stamp_fields(s, row.table_name, obj, [row.field])
        if row.table_name == "worksheet_entry":
            try:
                obj.complete = is_complete(default_registry().get(obj.template_code), obj.data or {})
            except KeyError:
                pass
        row.resolved_at = uow.now
        row.resolution = self.choice
        uow.touch(row.table_name, obj)
        s.flush()
        return RestoreRows(before, self.label)

    @property
    def label(self) -> str:
        return self.label_text or _("putuskan konflik")


# --- entry points ------------------------------------------------------------------------------------------


def merge_bundle(
    db: Database, bundle: Bundle, dry_run: bool = False, store: Any = None
) -> tuple[MergeReport, Op | None]:
    """Merge ``bundle`` into ``db`` (its evidence files first); the report and the op that undoes it.
    ``dry_run`` does everything in a transaction that is rolled back: the report of what would happen."""
    from labinovasi.evidence import EvidenceStore  # noqa: PLC0415
    from labinovasi.ops.run import run  # noqa: PLC0415

    op = MergeBundle(bundle)
    if dry_run:
        with db.sessions() as s:
            uow = UnitOfWork(s, device_id())
            uow.apply(op)
            s.rollback()
        op.report.dry_run = True
        return op.report, None
    from labinovasi.sync.bundle import import_files  # noqa: PLC0415

    files = import_files(bundle, store or EvidenceStore.beside(db.file))
    _changes, inverse = run(db, op)
    op.report.files_added = files
    return op.report, inverse
