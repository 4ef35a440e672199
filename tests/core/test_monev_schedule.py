"""The monev desk schedule: slot times, automatic placing (properties), hand moves, and what a lab's
LK-4d holds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labinovasi.domain import monev_schedule as ms
from labinovasi.domain.monev_schedule import Cell, Day, Placement, Settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.monev_schedule import auto_assign, monev_schedule, unit_choice
from labinovasi.worksheets.codes import MONEV_SCHEDULE


def test_times_step_from_the_start_and_skip_the_break() -> None:
    day = Day(dt.date(2027, 7, 5), ms.parse_time("08.00"), ms.parse_time("10.00"), 9 * 60, 9 * 60 + 30)
    assert [ms.format_time(t) for t in ms.slot_times(day, 20)] == ["08.00", "08.20", "08.40", "09.30"]
    assert ms.slot_times(Day(None, 8 * 60, 9 * 60), 20) == [480, 500, 520]  # 09.00 ends the last one
    assert ms.parse_time("8:05") == 485 and ms.parse_time("25.00") is None and ms.parse_time("jam 8") is None


def test_stored_settings_and_their_problems() -> None:
    data = {
        "jumlah_meja": 2,
        "menit_per_slot": 30,
        "hari": [
            {"tanggal": "2027-07-05", "mulai": "08.00", "selesai": "12.00"},
            {"tanggal": "2027-07-06"},  # default times
            {"tanggal": "2027-07-09", "mulai": "13.00", "selesai": "12.00", "istirahat_mulai": "11.30"},
        ],
    }
    s, problems = ms.read_settings(data)
    assert (s.desks, s.minutes, len(s.days)) == (2, 30, 3)
    assert s.days[1].start == ms.DEFAULT_START and s.days[1].end == ms.DEFAULT_END
    assert problems == [
        "Hari ke-3: jam selesai harus sesudah jam mulai.",
        "Hari ke-3: isi jam mulai dan jam selesai istirahat.",
    ]
    assert ms.read_settings({})[0] == Settings()  # 3 desks × 20 minutes, no days yet


def test_more_units_than_slots_is_refused_saying_how_many_are_missing() -> None:
    s = Settings((Day(None, 8 * 60, 9 * 60),), desks=3, minutes=20)  # 3 slots × 3 desks
    with pytest.raises(ms.ScheduleError) as exc:
        ms.assign(s, [f"u{i}" for i in range(11)])
    assert str(exc.value) == (
        "11 unit tidak muat di 9 slot jadwal: kurang 2 slot. "
        "Tambah hari atau meja, perpanjang jam monev, atau perpendek menit per unit."
    )
    with pytest.raises(ms.ScheduleError, match="isi hari monev"):
        ms.assign(Settings(), ["u1"])


def test_units_spread_over_the_days_from_the_morning_in_the_lab_order() -> None:
    s = Settings(tuple(Day(None, 8 * 60, 12 * 60) for _ in range(3)), desks=3, minutes=20)
    placed = ms.assign(s, [f"u{i:02d}" for i in range(18)])
    by_day = [[p for p in placed if p.cell.day == d] for d in range(3)]
    assert [len(d) for d in by_day] == [6, 6, 6]
    assert {p.cell.slot for p in by_day[0]} == {0, 1}  # 08.00 and 08.20 at the three desks
    assert [p.unit for p in placed] == [f"u{i:02d}" for i in range(18)]  # time order = lab order


def test_a_hand_move_swaps_and_survives_automatic_placing() -> None:
    s = Settings((Day(None, 8 * 60, 10 * 60),), desks=2, minutes=30)
    units = ["a", "b", "c", "d"]
    placed = ms.assign(s, units)
    where = {p.unit: p.cell for p in placed}
    moved = ms.move(placed, "a", Cell(0, 3, 1))
    assert {p.unit: p.cell for p in moved}["a"] == Cell(0, 3, 1)
    swapped = ms.move(moved, "a", where["d"])  # d sits there: it takes a's place
    assert {p.unit: p.cell for p in swapped}["d"] == Cell(0, 3, 1)
    again = ms.assign(s, units + ["e"], swapped)
    cells = {p.unit: p for p in again}
    assert cells["a"].cell == where["d"] and cells["a"].locked
    assert len(again) == 5 and len({p.cell for p in again}) == 5


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Settings, list[str], list[Placement]]:
    days = tuple(
        Day(None, start, start + draw(st.integers(0, 300)))
        for start in draw(st.lists(st.integers(7 * 60, 10 * 60), min_size=0, max_size=4))
    )
    s = Settings(days, desks=draw(st.integers(1, 5)), minutes=draw(st.sampled_from([10, 15, 20, 30, 45])))
    units = [f"u{i}" for i in range(draw(st.integers(0, 40)))]
    every = ms.cells(s)
    locked = []
    if every and units:
        for unit in draw(st.lists(st.sampled_from(units), max_size=6, unique=True)):
            locked.append(Placement(unit, draw(st.sampled_from(every)), locked=True))
    return s, units, locked


@settings(max_examples=200, deadline=None)
@given(schedules())
def test_placing_never_overlaps_and_places_every_unit_once(case: tuple) -> None:
    s, units, locked = case
    if len(units) > ms.capacity(s):
        missing = f"kurang {len(units) - ms.capacity(s)} slot" if ms.capacity(s) else "belum punya slot"
        with pytest.raises(ms.ScheduleError, match=missing):
            ms.assign(s, units, locked)
        return
    placed = ms.assign(s, units, locked)
    assert sorted(p.unit for p in placed) == sorted(units)  # every unit once
    assert len({p.cell for p in placed}) == len(placed)  # one unit per slot and desk
    assert set(p.cell for p in placed) <= set(ms.cells(s))
    kept: set[Cell] = set()
    for p in locked:  # the first locked claim on a free place stays where it is
        if p.cell not in kept:
            kept.add(p.cell)
            assert Placement(p.unit, p.cell, True) in placed
    if not locked:
        loads = [sum(1 for p in placed if p.cell.desk == k) for k in range(s.desks)]
        assert max(loads, default=0) - min(loads, default=0) <= 1  # desks stay balanced
    assert ms.read_placements({"jadwal": ms.placement_rows(placed)}) == sorted(placed, key=lambda p: p.cell)


def test_a_lab_schedule_holds_the_launched_units(db, demo_lab) -> None:  # noqa: ANN001
    choice = unit_choice(db, demo_lab.id)
    assert len(choice.launched) == 6 and len(choice.every) > 6
    data = {
        "periode": "Monev I",
        "hari": [{"tanggal": "2027-07-05", "mulai": "08.00", "selesai": "08.40"}],  # 2 slots × 3 desks
    }
    data = auto_assign(data, choice)
    assert len(data["jadwal"]) == 6
    save_worksheet(db, MONEV_SCHEDULE, data, demo_lab.id)
    sched = monev_schedule(db, demo_lab.id)
    assert [ms.format_time(s.start) for s in sched.slots] == ["08.00"] * 3 + ["08.20"] * 3
    assert sched.slots[0].unit.name == choice.launched[0].name and sched.slots[0].unit.innovations
    assert not sched.unplaced
    with pytest.raises(ms.ScheduleError, match="8 unit tidak muat di 6 slot jadwal: kurang 2 slot"):
        auto_assign({**data, "peserta": "semua"}, choice)


@settings(max_examples=150, deadline=None)
@given(schedules(), st.data())
def test_hand_moves_keep_one_place_per_unit_and_one_unit_per_place(case: tuple, data: st.DataObject) -> None:
    s, units, _locked = case
    every = ms.cells(s)
    if not every or not units or len(units) > len(every):
        return
    placed = ms.assign(s, units)
    for _n in range(data.draw(st.integers(1, 8))):
        unit = data.draw(st.sampled_from(units))
        if data.draw(st.booleans()):
            placed = ms.move(placed, unit, data.draw(st.sampled_from(every)))
        else:
            placed = ms.unplace(placed, unit)
        assert len({p.unit for p in placed}) == len(placed)
        assert len({p.cell for p in placed}) == len(placed)
    again = ms.assign(s, units, placed)  # placing again keeps every locked unit where it was moved
    assert {p for p in placed if p.locked} <= set(again) and len(again) == len(units)
