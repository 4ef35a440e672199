"""The write path: every op kind undoes exactly and redoes exactly, a failure half-way leaves nothing,
and every applied op is journaled."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from labinovasi.db import models as m
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import Changes, Sequence, run
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.base import Op
from labinovasi.ops.fields import SaveField, SaveProblem
from labinovasi.ops.imports import ImportRows
from labinovasi.ops.records import CreateRecord, DeleteRecords, RestoreRecords, UpdateRecord
from labinovasi.ops.sessions import AddSession, MoveSession, RemoveSession, SetAttendance, UpdateSession
from labinovasi.ops.spine import (
    AddIdea,
    AddPerson,
    AddUnit,
    CreateLab,
    DeleteLab,
    RemoveIdea,
    RemovePerson,
    RemoveUnit,
    UpdateIdea,
    UpdateLab,
    UpdatePerson,
    UpdateUnit,
)
from labinovasi.ops.worksheets import SaveWorksheet, SyncDecisions, save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services import sessions as sessions_svc
from labinovasi.services.curation import CurationError
from labinovasi.services.importing import plan_import, read_table
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.validation import WorksheetValidationError

# bookkeeping columns that a redo may set anew; everything else must come back identically
_CLOCK = {"updated_at", "deleted_at", "deleted_by"}


def snapshot(db: Any, journal: bool = False) -> dict[str, list[tuple]]:
    """Every live row of every table (tombstones left out), without the clock columns, the journal and
    the merge bookkeeping (an undo is a new write there, as it is in the journal)."""
    out: dict[str, list[tuple]] = {}
    with db.session() as s:
        for table in m.Base.metadata.sorted_tables:
            if table.name in ("change_journal", "record_sync", "sync_meta") and not journal:
                continue
            cols = [c.name for c in table.columns if c.name not in _CLOCK]
            where = " WHERE deleted_at IS NULL" if "deleted_at" in table.columns else ""
            rows = s.execute(text(f"SELECT {', '.join(cols)} FROM {table.name}{where}")).all()  # noqa: S608
            out[table.name] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def everything(db: Any) -> dict[str, list[tuple]]:
    """Every row, tombstones and journal included, exactly (for the failure tests)."""
    out = {}
    with db.session() as s:
        for table in m.Base.metadata.sorted_tables:
            rows = s.execute(text(f"SELECT * FROM {table.name}")).all()  # noqa: S608
            out[table.name] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji", pemda="Kabupaten Contoh")
    dinas = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    kec = spine_ops.add_unit(db, lab.id, "Kecamatan Dua", UnitType.KECAMATAN)
    ani = spine_ops.add_person(db, lab.id, "Ani", dinas.id, PersonRole.INOVATOR, nip="1")
    budi = spine_ops.add_person(db, lab.id, "Budi", kec.id)
    alfa = spine_ops.add_idea(db, dinas.id, "ALFA")
    beta = spine_ops.add_idea(db, dinas.id, "BETA")
    save_worksheet(
        db, "LK-2b", {"masalah": [{"_id": "m1", "no": 1, "uraian": "Antrean lama"}]}, lab.id, dinas.id
    )
    save_worksheet(db, "LK-2f", {"nama": "ALFA", "masalah": "m", "deskripsi": "d"}, lab.id, dinas.id, alfa.id)
    session = session_ops.add_session(db, lab.id, Stage.DRUM_UP, "Pembukaan", "2027-01-05")
    session_ops.add_session(db, lab.id, Stage.DRUM_UP, "Materi")
    session_ops.set_present(db, session.id, ani.id, True)
    return {
        "lab": lab,
        "dinas": dinas,
        "kec": kec,
        "ani": ani,
        "budi": budi,
        "alfa": alfa,
        "beta": beta,
        "session": session,
    }


def _curation(decision: str, **extra: Any) -> dict[str, Any]:
    gate = {f"pp38_{k}": True for k in ("pembaruan", "bermanfaat", "tidak_membebani", "replikasi")}
    return {**gate, "keputusan": decision, **extra}


def _ops(f: dict[str, Any], tmp_path: Path, db: Any) -> list[tuple[str, Op]]:
    lab, dinas, kec, alfa, beta = f["lab"].id, f["dinas"].id, f["kec"].id, f["alfa"].id, f["beta"].id
    csv = tmp_path / "peserta.csv"
    csv.write_text(
        "Nama;Unit;NIP\nCitra;Dinas Kesehatan;198001012005011001\nDodi;Kecamatan Dua;\n", encoding="utf-8"
    )
    plan = plan_import(db, lab, read_table(csv, kind="people"), None, "people")
    return [
        ("create_lab", CreateLab("Lab Baru", {"pemda": "Kota X", "year": 2027})),
        ("update_lab", UpdateLab(lab, {"name": "Lab Uji Dua", "current_stage": Stage.DESIGN})),
        ("update_lab_settings", UpdateLab(lab, {"settings": {"usg_mode": "product"}})),
        ("delete_lab", DeleteLab(lab, "Lab Uji")),
        ("add_unit", AddUnit(lab, "Puskesmas Tiga", UnitType.PUSKESMAS, {"head_name": "dr. X"})),
        ("update_unit", UpdateUnit(dinas, {"name": "Dinas Kesehatan Kab.", "address": "Jl. A"})),
        ("remove_unit", RemoveUnit(dinas, "Dinas Kesehatan")),
        ("add_person", AddPerson(lab, "Eka", kec, PersonRole.ANGGOTA, {"jabatan": "Staf"})),
        (
            "update_person",
            UpdatePerson(f["ani"].id, {"jabatan": "Kepala Seksi", "role": PersonRole.KETUA_TIM}),
        ),
        ("remove_person", RemovePerson(f["ani"].id, "Ani")),
        ("add_idea", AddIdea(kec, "GAMMA", {"status": IdeaStatus.DIAJUKAN})),
        ("update_idea", UpdateIdea(alfa, {"status": IdeaStatus.LANJUT, "stage": Stage.DESIGN})),
        ("remove_idea", RemoveIdea(alfa, "ALFA")),
        (
            "save_worksheet_new",
            SaveWorksheet("LK-2b", lab, {"masalah": [{"_id": "x", "no": 1, "uraian": "Baru"}]}, kec),
        ),
        ("save_worksheet_existing", SaveWorksheet("LK-2b", lab, {"masalah": []}, dinas)),
        (
            "save_worksheet_title_bind",
            SaveWorksheet("LK-2f", lab, {"nama": "ALFA Baru", "masalah": "m2"}, dinas, alfa),
        ),
        ("save_worksheet_lab_scope", SaveWorksheet("LK-0", lab, {"nama_pemda": "Kabupaten Contoh"})),
        ("save_field", SaveField("LK-2f", lab, "deskripsi", "Dari ponsel", dinas, alfa, base=None)),
        (
            "save_problem",
            SaveProblem(lab, kec, None, {"uraian": "Antre"}, {"u": 5, "s": 3}, new_id="abcdef012345"),
        ),
        ("curation_lanjut", SaveWorksheet("LK-2g", lab, _curation("lanjut"), None, alfa)),
        (
            "curation_gabung",
            SaveWorksheet("LK-2g", lab, _curation("gabung", gabung_ke=str(alfa)), None, beta),
        ),
        (
            "add_session",
            AddSession(lab, Stage.DIAGNOSE, "Diagnose hari 1", dt.date(2027, 2, 1), "08.00", "Aula"),
        ),
        (
            "update_session",
            UpdateSession(f["session"].id, {"title": "Pembukaan resmi", "stage": Stage.DESIGN}),
        ),
        ("remove_session", RemoveSession(f["session"].id, "Pembukaan")),
        ("move_session", MoveSession(f["session"].id, 1)),
        ("set_attendance_all", SetAttendance(f["session"].id, None, True)),
        ("set_attendance_off", SetAttendance(f["session"].id, (f["ani"].id,), False)),
        ("import_rows", ImportRows(lab, plan)),
        (
            "create_record",
            CreateRecord(
                "stage_schedule", uuid.uuid4(), {"lab_id": lab, "stage": Stage.DESIGN, "venue": "Hotel"}
            ),
        ),
        ("update_record", UpdateRecord("unit", kec, {"head_nip": "123"})),
        ("delete_records", DeleteRecords((("person", f["budi"].id), ("idea", beta)))),
        (
            "sequence",
            Sequence(
                (
                    AddUnit(lab, "Bagian Organisasi", UnitType.SETDA),
                    UpdateUnit(kec, {"name": "Kecamatan Dua Baru"}),
                    RemoveIdea(beta, "BETA"),
                )
            ),
        ),
    ]


@pytest.mark.parametrize("index", range(32))
def test_every_op_kind_undoes_and_redoes_exactly(db, lab, tmp_path, index) -> None:  # noqa: ANN001
    name, op = _ops(lab, tmp_path, db)[index]
    before = snapshot(db)
    changes, inverse = run(db, op)
    after = snapshot(db)
    assert after != before, f"{name} changed nothing"
    assert isinstance(changes, Changes) and changes, name
    _undo_changes, redo = run(db, inverse)
    assert snapshot(db) == before, f"undo of {name} did not restore the rows"
    run(db, redo)
    assert snapshot(db) == after, f"redo of {name} did not give back the same rows"


def test_the_op_list_covers_every_op_class(db, lab, tmp_path) -> None:  # noqa: ANN001
    tested = {type(op) for _name, op in _ops(lab, tmp_path, db)}
    import labinovasi.ops.fields
    import labinovasi.ops.imports
    import labinovasi.ops.records
    import labinovasi.ops.sessions
    import labinovasi.ops.spine
    import labinovasi.ops.worksheets  # noqa: F401

    def subclasses(cls: type) -> set[type]:
        return {c for s in cls.__subclasses__() for c in (s, *subclasses(s))}

    internal = {"SetEntry", "RestoreRecords", "SyncDecisions"}  # inverses, and a bulk op tested below
    # merging bundles and deciding conflicts: undone and redone in tests/core/test_bundles.py
    internal |= {"MergeBundle", "ResolveConflict", "RestoreRows"}
    missing = {c.__name__ for c in subclasses(Op)} - {c.__name__ for c in tested} - internal
    assert not missing
    assert len(_ops(lab, tmp_path, db)) == 32


def test_restore_records_is_the_inverse_of_delete(db, lab) -> None:  # noqa: ANN001
    before = snapshot(db)
    _c, restore = run(db, RemoveUnit(lab["kec"].id))
    assert isinstance(restore, RestoreRecords)
    _c, delete = run(db, restore)
    assert snapshot(db) == before
    assert isinstance(delete, DeleteRecords) and set(delete.refs) == set(restore.refs)


def test_sync_decisions_undoes_exactly(db, lab) -> None:  # noqa: ANN001
    with db.session() as s:  # a decision stored without its effect (data from an older version)
        s.add(
            m.WorksheetEntry(
                lab_id=lab["lab"].id,
                unit_id=lab["dinas"].id,
                idea_id=lab["alfa"].id,
                template_code="LK-2g",
                template_version=1,
                scope="idea",
                data=_curation("lanjut"),
            )
        )
    before = snapshot(db)
    changes, inverse = run(db, SyncDecisions(lab["lab"].id))
    assert changes.ideas == {lab["alfa"].id}
    assert svc.get_idea(db, lab["alfa"].id).status is IdeaStatus.LANJUT
    run(db, inverse)
    assert snapshot(db) == before


def test_remove_unit_hides_everything_of_the_unit_and_undo_brings_it_back(db, lab) -> None:  # noqa: ANN001
    f = lab
    _c, undo = run(db, RemoveUnit(f["dinas"].id, "Dinas Kesehatan"))
    assert [u.name for u in svc.list_units(db, f["lab"].id)] == ["Kecamatan Dua"]
    assert sessions_svc.attendance(db, f["session"].id) == set()
    assert load_worksheet(db, "LK-2b", f["lab"].id, f["dinas"].id).data == {}
    with db.session() as s:  # the tombstones know when and where they were made
        unit = s.get(m.Unit, f["dinas"].id, execution_options={"include_deleted": True})
        assert unit.deleted_at is not None and unit.deleted_by
    run(db, undo)
    assert [u.name for u in svc.list_units(db, f["lab"].id)] == ["Dinas Kesehatan", "Kecamatan Dua"]
    assert [i.title for i in svc.list_ideas(db, f["dinas"].id)] == ["ALFA", "BETA"]
    assert sessions_svc.attendance(db, f["session"].id) == {f["ani"].id}
    assert (
        load_worksheet(db, "LK-2b", f["lab"].id, f["dinas"].id).data["masalah"][0]["uraian"] == "Antrean lama"
    )


def test_saving_over_a_removed_worksheet_revives_the_same_row(db, lab) -> None:  # noqa: ANN001
    f = lab
    _c, undo = run(db, SaveWorksheet("LK-2b", f["lab"].id, {"masalah": []}, f["kec"].id))
    run(db, undo)  # the new entry is a tombstone now
    run(db, SaveWorksheet("LK-2b", f["lab"].id, {"masalah": []}, f["kec"].id))
    with db.session() as s:
        rows = s.scalars(
            select(m.WorksheetEntry)
            .where(m.WorksheetEntry.unit_id == f["kec"].id)
            .execution_options(include_deleted=True)
        ).all()
    assert len(rows) == 1 and rows[0].deleted_at is None


# --- all or nothing ----------------------------------------------------------------------------------


def test_a_refused_merge_stores_nothing_of_the_curation(db, lab, monkeypatch) -> None:  # noqa: ANN001
    f = lab
    run(
        db,
        SaveWorksheet(
            "LK-2g", f["lab"].id, _curation("gabung", gabung_ke=str(f["beta"].id)), None, f["alfa"].id
        ),
    )
    before = everything(db)
    with pytest.raises(
        CurationError
    ):  # BETA into ALFA would close a cycle: refused after the sheet was written
        run(
            db,
            SaveWorksheet(
                "LK-2g", f["lab"].id, _curation("gabung", gabung_ke=str(f["alfa"].id)), None, f["beta"].id
            ),
        )
    assert everything(db) == before


def test_a_failure_in_the_middle_of_a_curation_leaves_the_database_as_it_was(db, lab, monkeypatch) -> None:  # noqa: ANN001
    import labinovasi.ops.effects as effects

    f = lab
    before = everything(db)

    def broken(*_args: Any) -> list[Op]:
        raise OSError("disk full")

    monkeypatch.setitem(effects.EFFECTS, "curation", broken)  # fails after the sheet is written
    with pytest.raises(OSError):
        run(db, SaveWorksheet("LK-2g", f["lab"].id, _curation("lanjut"), None, f["alfa"].id))
    assert everything(db) == before


def test_a_failure_in_the_middle_of_an_import_leaves_the_database_as_it_was(
    db, lab, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    from labinovasi.ops.uow import UnitOfWork

    csv = tmp_path / "p.csv"
    csv.write_text("Nama;Unit\n" + "".join(f"Orang {i};Kecamatan Dua\n" for i in range(50)), encoding="utf-8")
    plan = plan_import(db, lab["lab"].id, read_table(csv, kind="people"), None, "people")
    assert len(plan.accepted) == 50
    before = everything(db)
    real_touch, calls = UnitOfWork.touch, []

    def touch(self: UnitOfWork, table: str, obj: Any) -> None:
        calls.append(table)
        if len(calls) == 30:
            raise OSError("disk full")
        real_touch(self, table, obj)

    monkeypatch.setattr(UnitOfWork, "touch", touch)
    with pytest.raises(OSError):
        run(db, ImportRows(lab["lab"].id, plan))
    assert everything(db) == before


def test_invalid_data_in_a_batch_stores_none_of_the_batch(db, lab) -> None:  # noqa: ANN001
    before = everything(db)
    with pytest.raises(WorksheetValidationError):
        run(
            db,
            AddUnit(lab["lab"].id, "Unit Baru", UnitType.DINAS),
            SaveWorksheet("LK-2d", lab["lab"].id, {"usg": [{"masalah": "m1", "u": 9}]}, lab["dinas"].id),
        )
    assert everything(db) == before


# --- the journal -------------------------------------------------------------------------------------


def test_every_applied_op_is_journaled_with_a_rising_counter(db, lab, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LABINOVASI_DEVICE", "laptop-a")
    with db.session() as s:
        start = s.scalar(select(m.JournalEntry.counter).order_by(m.JournalEntry.counter.desc()).limit(1))
    op = AddUnit(lab["lab"].id, "Unit <b>&</b>", UnitType.DINAS)
    run(db, op, SaveWorksheet("LK-2b", lab["lab"].id, {"masalah": []}, op.id), device="laptop-a")
    with db.session() as s:
        rows = s.scalars(
            select(m.JournalEntry).where(m.JournalEntry.counter > start).order_by(m.JournalEntry.counter)
        ).all()
    assert [r.kind for r in rows] == ["create", "save_worksheet"]
    assert [r.counter for r in rows] == [start + 1, start + 2]
    assert {r.device for r in rows} == {"laptop-a"}
    assert rows[0].records == [["unit", str(op.id)]]
    assert rows[0].payload["values"]["name"] == "Unit <b>&</b>"
    assert rows[0].payload["values"]["unit_type"] == "dinas"
    assert rows[1].payload["data"] == {"masalah": []} and rows[1].lab_id == lab["lab"].id
    assert all(r.at is not None for r in rows)


def test_changes_name_what_changed_and_merge() -> None:
    a = Changes(units=frozenset({uuid.UUID(int=1)}))
    b = Changes(worksheets=frozenset({("LK-2b", uuid.UUID(int=1), None)}))
    both = a | b
    assert both.units == {uuid.UUID(int=1)} and both.worksheet_codes() == {"LK-2b"}
    assert both.touches_unit(uuid.UUID(int=1)) and not both.touches_unit(uuid.UUID(int=2))
    assert not Changes() and both


def test_tombstones_stay_out_of_every_list(db, lab) -> None:  # noqa: ANN001
    spine_ops.remove_person(db, lab["budi"].id)
    assert [p.name for p in svc.list_people(db, lab["kec"].id)] == []
    assert [p.name for p in sessions_svc.list_participants(db, lab["lab"].id)] == ["Ani"]
    spine_ops.delete_lab(db, lab["lab"].id)
    assert svc.list_labs(db) == []
    with db.session() as s:
        assert s.execute(text("SELECT COUNT(*) FROM lab")).scalar() == 1
        assert inspect(s.get(m.Lab, lab["lab"].id, execution_options={"include_deleted": True})) is not None


def test_tombstones_stay_out_of_the_bulk_reads_of_the_whole_lab(db, lab) -> None:  # noqa: ANN001
    """The curation table and the idea board read the lab on the connection (no ORM filter): a removed
    idea, the ideas of a removed unit and a removed worksheet still stay out."""
    from labinovasi.services.curation import curation_table  # noqa: PLC0415
    from labinovasi.services.idea_board import board_rows  # noqa: PLC0415

    f = lab
    gamma = spine_ops.add_idea(db, f["kec"].id, "GAMMA")
    save_worksheet(db, "LK-2g", _curation("lanjut"), f["lab"].id, f["dinas"].id, f["beta"].id)
    assert {r.title for r in curation_table(db, f["lab"].id)} == {"ALFA", "BETA", "GAMMA"}
    assert next(r for r in curation_table(db, f["lab"].id) if r.title == "BETA").curated
    run(db, DeleteRecords((("worksheet_entry", _entry_id(db, "LK-2g", f["beta"].id)),)))
    assert not next(r for r in curation_table(db, f["lab"].id) if r.title == "BETA").curated
    spine_ops.remove_idea(db, f["alfa"].id)
    spine_ops.remove_unit(db, f["kec"].id)
    assert [r.title for r in curation_table(db, f["lab"].id)] == ["BETA"]
    assert [r.title for r in board_rows(db, f["lab"].id)] == ["BETA"]
    assert gamma.id not in {r.idea_id for r in board_rows(db, f["lab"].id)}


def _entry_id(db: Any, code: str, idea_id: uuid.UUID) -> uuid.UUID:
    with db.session() as s:
        return s.scalars(
            select(m.WorksheetEntry.id).where(
                m.WorksheetEntry.template_code == code, m.WorksheetEntry.idea_id == idea_id
            )
        ).one()


def test_saving_the_launch_marks_the_listed_ideas_launched_and_undo_brings_them_back(db, lab) -> None:  # noqa: ANN001
    f = lab
    spine_ops.update_idea(db, f["alfa"].id, status=IdeaStatus.LANJUT)
    spine_ops.update_idea(db, f["beta"].id, status=IdeaStatus.LANJUT)
    before = snapshot(db)
    data = {"tanggal": "2027-08-17", "tempat": "Pendopo", "inovasi": [str(f["alfa"].id), str(f["beta"].id)]}
    changes, undo = run(db, SaveWorksheet("LK-4a", f["lab"].id, data))
    assert changes.ideas == {f["alfa"].id, f["beta"].id}
    for key in ("alfa", "beta"):
        idea = svc.get_idea(db, f[key].id)
        assert idea.status is IdeaStatus.DILUNCURKAN and idea.stage is Stage.DELIVER
    # one idea taken off the list goes back to "lanjut"
    run(db, SaveWorksheet("LK-4a", f["lab"].id, {**data, "inovasi": [str(f["alfa"].id)]}))
    assert svc.get_idea(db, f["beta"].id).status is IdeaStatus.LANJUT
    assert svc.get_idea(db, f["alfa"].id).status is IdeaStatus.DILUNCURKAN
    run(db, undo)  # the first save undone (the second one's changes are undone by its own inverse)
    _c, _redo = run(db, SaveWorksheet("LK-4a", f["lab"].id, data))
    run(db, _redo)
    assert snapshot(db) == before


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
