"""Agenda sessions and attendance: ordering, ticking, bulk ticking, counts, and the demo's seeding."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.services import sessions as ss
from labinovasi.services.records import NotFoundError


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji")
    dinkes = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    camat = spine_ops.add_unit(db, lab.id, "Kecamatan Aman", UnitType.KECAMATAN)
    people = {
        "zaenal": spine_ops.add_person(db, lab.id, "Zaenal", dinkes.id, nip="1"),
        "ani": spine_ops.add_person(db, lab.id, "ani", dinkes.id, PersonRole.KEPALA_UNIT),
        "budi": spine_ops.add_person(db, lab.id, "Budi", camat.id),
        "panitia": spine_ops.add_person(db, lab.id, "Aaron Panitia", None, PersonRole.PANITIA),
    }
    return lab, dinkes, camat, people


def test_sessions_are_listed_by_stage_then_their_order(db, lab) -> None:  # noqa: ANN001
    lab_info = lab[0]
    d2 = session_ops.add_session(db, lab_info.id, Stage.DIAGNOSE, "Diagnose hari 1", "2026-10-13")
    du = session_ops.add_session(
        db,
        lab_info.id,
        "drum_up",
        "  Pembukaan   & <b>inspirasi</b> ",
        dt.date(2026, 10, 13),
        "08.00–12.00 WIB",
        "Pendopo",
    )
    d3 = session_ops.add_session(db, lab_info.id, Stage.DIAGNOSE, "Diagnose hari 2")
    assert [s.id for s in ss.list_sessions(db, lab_info.id)] == [du.id, d2.id, d3.id]
    assert du.title == "Pembukaan & <b>inspirasi</b>"
    assert (du.date, du.time, du.place) == (dt.date(2026, 10, 13), "08.00–12.00 WIB", "Pendopo")
    assert d3.date is None
    assert [s.id for s in ss.list_sessions(db, lab_info.id, Stage.DIAGNOSE)] == [d2.id, d3.id]

    session_ops.move_session(db, d3.id, -1)
    assert [s.title for s in ss.list_sessions(db, lab_info.id, Stage.DIAGNOSE)] == [
        "Diagnose hari 2",
        "Diagnose hari 1",
    ]
    session_ops.move_session(db, d3.id, -5)  # already first: stays
    assert ss.list_sessions(db, lab_info.id, Stage.DIAGNOSE)[0].id == d3.id

    moved = session_ops.update_session(db, d2.id, stage="drum_up", title="Materi", time="13.00")
    assert moved.stage is Stage.DRUM_UP
    assert [s.title for s in ss.list_sessions(db, lab_info.id)] == [
        "Pembukaan & <b>inspirasi</b>",
        "Materi",
        "Diagnose hari 2",
    ]
    assert ss.get_session(db, d2.id).time == "13.00"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Judul sesi tidak boleh kosong"),
        ({"title": "x" * 201}, "Judul sesi terlalu panjang"),
        ({"date": "13-10-2026"}, "Tanggal sesi tidak valid"),
        ({"stage": "launching"}, "Tahap tidak dikenal"),
        ({"time": "1" * 41}, "Waktu sesi terlalu panjang"),
    ],
)
def test_bad_session_input_is_refused_in_indonesian_and_nothing_changes(db, lab, changes, message) -> None:  # noqa: ANN001
    s = session_ops.add_session(db, lab[0].id, Stage.DRUM_UP, "Pembukaan")
    with pytest.raises(ValueError, match=message):
        session_ops.update_session(db, s.id, **changes)
    assert ss.get_session(db, s.id) == s
    with pytest.raises(ValueError, match=message):
        session_ops.add_session(db, lab[0].id, **{"stage": Stage.DRUM_UP, "title": "Baru", **changes})
    assert len(ss.list_sessions(db, lab[0].id)) == 1


def test_unknown_ids_raise_not_found(db, lab) -> None:  # noqa: ANN001
    with pytest.raises(NotFoundError):
        ss.get_session(db, uuid.uuid4())
    with pytest.raises(NotFoundError):
        session_ops.add_session(db, uuid.uuid4(), Stage.DRUM_UP, "x")
    s = session_ops.add_session(db, lab[0].id, Stage.DRUM_UP, "x")
    with pytest.raises(NotFoundError):
        session_ops.set_present(db, s.id, uuid.uuid4(), True)


def test_participants_are_sorted_by_unit_then_name_with_people_outside_units_last(db, lab) -> None:  # noqa: ANN001
    _lab, dinkes, camat, people = lab
    got = ss.list_participants(db, _lab.id)
    assert [p.name for p in got] == ["ani", "Zaenal", "Budi", "Aaron Panitia"]
    assert [p.unit_name for p in got] == ["Dinas Kesehatan", "Dinas Kesehatan", "Kecamatan Aman", ""]
    assert got[1].nip == "1"
    assert ss.count_participants(db, _lab.id) == 4


def test_ticking_is_stored_at_once_and_is_idempotent(db, lab) -> None:  # noqa: ANN001
    lab_info, _d, _c, people = lab
    s = session_ops.add_session(db, lab_info.id, Stage.DRUM_UP, "Pembukaan")
    session_ops.set_present(db, s.id, people["ani"].id, True)
    session_ops.set_present(db, s.id, people["ani"].id, True)
    session_ops.set_present(db, s.id, str(people["budi"].id), True)
    assert ss.attendance(db, s.id) == {people["ani"].id, people["budi"].id}
    session_ops.set_present(db, s.id, people["ani"].id, False)
    session_ops.set_present(db, s.id, people["ani"].id, False)
    assert ss.attendance(db, s.id) == {people["budi"].id}
    other = session_ops.add_session(db, lab_info.id, Stage.DIAGNOSE, "Diagnose")
    assert ss.attendance_counts(db, lab_info.id) == {s.id: 1, other.id: 0}


def test_bulk_ticking_of_the_visible_people_and_clearing(db, lab) -> None:  # noqa: ANN001
    lab_info, _d, _c, people = lab
    s = session_ops.add_session(db, lab_info.id, Stage.DRUM_UP, "Pembukaan")
    session_ops.set_present(db, s.id, people["ani"].id, True)
    assert session_ops.set_all_present(db, s.id, [people["ani"].id, people["zaenal"].id]) == 1
    assert ss.attendance(db, s.id) == {people["ani"].id, people["zaenal"].id}
    assert session_ops.set_all_present(db, s.id) == 2  # everyone of the lab
    assert len(ss.attendance(db, s.id)) == 4
    assert session_ops.set_all_present(db, s.id, [people["budi"].id], present=False) == 1
    assert people["budi"].id not in ss.attendance(db, s.id)
    assert session_ops.set_all_present(db, s.id, None, present=False) == 3
    assert ss.attendance(db, s.id) == set()


def test_people_of_another_lab_cannot_be_ticked(db, lab) -> None:  # noqa: ANN001
    other_lab = spine_ops.create_lab(db, "Lab Lain")
    stranger = spine_ops.add_person(db, other_lab.id, "Orang Lain")
    s = session_ops.add_session(db, lab[0].id, Stage.DRUM_UP, "Pembukaan")
    with pytest.raises(ValueError, match="bukan peserta lab"):
        session_ops.set_present(db, s.id, stranger.id, True)
    with pytest.raises(ValueError, match="1 orang yang dipilih bukan peserta lab ini"):
        session_ops.set_all_present(db, s.id, [lab[3]["ani"].id, stranger.id])
    assert ss.attendance(db, s.id) == set()


def test_removing_a_session_or_a_person_removes_their_ticks(db, lab) -> None:  # noqa: ANN001
    lab_info, _d, _c, people = lab
    s = session_ops.add_session(db, lab_info.id, Stage.DRUM_UP, "Pembukaan")
    session_ops.set_all_present(db, s.id)
    spine_ops.remove_person(db, people["budi"].id)
    assert len(ss.attendance(db, s.id)) == 3
    session_ops.remove_session(db, s.id)
    assert ss.list_sessions(db, lab_info.id) == []
    assert ss.attendance_counts(db, lab_info.id) == {}


def test_stage_defaults_come_from_the_schedule(db, demo_lab) -> None:  # noqa: ANN001
    d = ss.stage_defaults(db, demo_lab.id, Stage.DESIGN)
    assert d == ss.StageDefaults(dt.date(2026, 11, 24), "Aula Bapperida Kabupaten Wanasari")
    bare = spine_ops.create_lab(db, "Tanpa jadwal")
    assert ss.stage_defaults(db, bare.id, Stage.DESIGN) == ss.StageDefaults(None, "")


def test_seed_sessions_ticks_named_people_or_everyone(db, lab) -> None:  # noqa: ANN001
    lab_info, _d, _c, people = lab
    made = session_ops.seed_sessions(
        db,
        lab_info.id,
        [
            {
                "stage": "drum_up",
                "title": "Pembukaan",
                "date": "2026-10-13",
                "time": "08.00",
                "place": "Pendopo",
                "present": ["ani", "  Budi "],
            },
            {"stage": "diagnose", "title": "Diagnose", "present_all": True},
        ],
    )
    assert ss.attendance(db, made[0].id) == {people["ani"].id, people["budi"].id}
    assert len(ss.attendance(db, made[1].id)) == 4
    assert made[0].date == dt.date(2026, 10, 13)
    with pytest.raises(ValueError, match="Peserta \u201cTidak Ada\u201d tidak ada di lab ini"):
        session_ops.seed_sessions(
            db, lab_info.id, [{"stage": "drum_up", "title": "X", "present": ["Tidak Ada"]}]
        )
    with pytest.raises(ValueError, match="Isian sesi tidak dikenal: hadir"):
        session_ops.seed_sessions(db, lab_info.id, [{"stage": "drum_up", "title": "X", "hadir": []}])
    assert len(ss.list_sessions(db, lab_info.id)) == 2


def test_the_demo_lab_has_its_drum_up_and_diagnose_sessions_with_attendance(db, demo_lab) -> None:  # noqa: ANN001
    sessions = ss.list_sessions(db, demo_lab.id)
    assert [(s.stage, s.date) for s in sessions] == [
        (Stage.DRUM_UP, dt.date(2026, 10, 13)),
        (Stage.DIAGNOSE, dt.date(2026, 10, 13)),
        (Stage.DIAGNOSE, dt.date(2026, 10, 14)),
    ]
    counts = ss.attendance_counts(db, demo_lab.id)
    total = ss.count_participants(db, demo_lab.id)
    assert [counts[s.id] for s in sessions] == [32, 25, 21]
    assert total == 34


def test_the_room_agenda_is_todays_sessions_else_the_stages(db, lab) -> None:  # noqa: ANN001
    lab_id = lab[0].id
    opening = session_ops.add_session(db, lab_id, Stage.DRUM_UP, "Pembukaan", "2026-10-13", "08.00")
    day1 = session_ops.add_session(db, lab_id, Stage.DIAGNOSE, "Diagnose hari 1", "2026-10-13", "13.00")
    day2 = session_ops.add_session(db, lab_id, Stage.DIAGNOSE, "Diagnose hari 2", "2026-10-14")
    undated = session_ops.add_session(db, lab_id, Stage.DIAGNOSE, "Klinik ide")
    on_the_13th = ss.room_agenda(db, lab_id, Stage.DIAGNOSE, dt.date(2026, 10, 13))
    assert on_the_13th.today and [s.id for s in on_the_13th.sessions] == [opening.id, day1.id]
    another_day = ss.room_agenda(db, lab_id, Stage.DIAGNOSE, dt.date(2026, 11, 1))
    assert not another_day.today and [s.id for s in another_day.sessions] == [day1.id, day2.id, undated.id]
    assert ss.room_agenda(db, lab_id, Stage.DESIGN, dt.date(2026, 11, 1)).sessions == ()


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
