"""The Jadwal Meja Monev in print: per desk (day grids and one page per desk) and per unit, and as the filled
LK-4d worksheet; the units stand at their times."""

from __future__ import annotations

import io

from pypdf import PdfReader

from labinovasi.domain import monev_schedule as ms
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.monev_schedule_pdf import render_monev_schedule
from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.services.monev_schedule import monev_schedule
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.codes import MONEV_SCHEDULE
from labinovasi.worksheets.registry import default_registry


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_demo_schedule_per_desk_and_per_unit(db, demo_lab) -> None:  # noqa: ANN001
    sched = monev_schedule(db, demo_lab.id)
    assert len(sched.slots) == 6 and not sched.unplaced and sched.settings.desks == 3
    first = sched.slots[0]
    by_desk = _pages(render_monev_schedule(db, demo_lab.id, "a4", "desk"))
    assert len(by_desk) == 1 + 3  # the day grids, then one page per desk
    assert (
        "JADWAL MONITORING DAN EVALUASI (MONEV)" in by_desk[0]
        and "PEMERINTAH KABUPATEN WANASARI" in by_desk[0]
    )
    assert "Hari 1 · Senin, 24 Mei 2027" in by_desk[0] and "10.00–10.20 Istirahat" in by_desk[0]
    assert f"08.30–08.50 {first.unit.name}" in by_desk[0]
    for k in range(3):
        page = by_desk[1 + k]
        assert page.startswith(f"Laboratorium Inovasi Kabupaten Wanasari 2026 Jadwal Meja Monev Meja {k + 1}")
        for s in sched.at_desk(k):
            assert f"{ms.format_time(s.start)}–{ms.format_time(s.end)} {s.unit.name}" in page
            assert all(title.split(" — ")[0] in page for title in s.unit.innovations)
    assert "Penelaah: Dr. Rina Kusumawardani, S.Sos., M.Si." in by_desk[1]

    by_unit = _pages(render_monev_schedule(db, demo_lab.id, "f4", "unit"))
    assert len(by_unit) == 1
    for n, s in enumerate(sched.by_unit(), start=1):
        day = "Senin, 24 Mei 2027" if s.day == 0 else "Selasa, 25 Mei 2027"
        assert f"{n}. {s.unit.name} Hari {s.day + 1} · {day} {ms.format_time(s.start)}–" in by_unit[0]


def test_a_hand_moved_unit_prints_at_its_new_time_and_unplaced_units_are_named(db, demo_lab) -> None:  # noqa: ANN001
    data = load_worksheet(db, MONEV_SCHEDULE, demo_lab.id).data
    sched = monev_schedule(db, demo_lab.id)
    unit = sched.slots[0].unit
    placed = ms.move(ms.read_placements(data), unit.id, ms.Cell(1, 8, 2))  # day 2, 11.10, desk 3
    placed = ms.unplace(placed, sched.slots[-1].unit.id)
    save_worksheet(db, MONEV_SCHEDULE, {**data, "jadwal": ms.placement_rows(placed)}, demo_lab.id)
    page = _pages(render_monev_schedule(db, demo_lab.id, "a4", "desk"))[0]
    assert f"11.10–11.30 {unit.name}" in page and f"08.30–08.50 {unit.name}" not in page
    assert f"Belum dijadwalkan (1): {sched.slots[-1].unit.name}" in page


def test_the_filled_and_blank_worksheet(db, demo_lab) -> None:  # noqa: ANN001
    template = default_registry().get(MONEV_SCHEDULE)
    ctx = WorksheetContext(db, demo_lab.id)
    data = load_worksheet(db, MONEV_SCHEDULE, demo_lab.id).data
    text = " ".join(_pages(render_filled_worksheet(template, data, "a4", demo_lab.name, ctx=ctx)))
    sched = monev_schedule(db, demo_lab.id)
    assert "LK-4d · Jadwal Meja Monev" in text and "Jadwal per unit" in text
    for s in sched.slots:
        assert s.unit.name in text
    blank = " ".join(_pages(render_blank_worksheet(template, "a4", demo_lab.name, ctx=ctx)))
    assert "Jadwal unit per meja" in blank and "Meja 3" in blank and "Id unit" not in blank
