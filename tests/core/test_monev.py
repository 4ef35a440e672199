"""Monitoring-evaluasi (LK-4b) per period: version 1 data read as one period, a new period pre-filled from
the rencana aksi and the desk schedule, the periods renamed and removed, the latest progress on the LK-3b
Gantt, the unit progress report with its period, statuses and average, and the demo's two periods."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labinovasi.db import models as m
from labinovasi.domain.enums import Scope, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.monev_report_pdf import render_monev_report
from labinovasi.reports.worksheet_pdf import render_filled_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.monev import add_period_from, monev_report, period_names, unit_desk_slot
from labinovasi.services.records import NotFoundError
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.gantt import gantt_plan
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import validated

V1 = {
    "periode": "Monev Juli <b>&",
    "tanggal_monev": "2027-07-05",
    "meja": "Meja 2",
    "slot_waktu": "09.00–09.20",
    "kemajuan": [
        {"_id": "k1", "kegiatan": "Sosialisasi", "status": "berjalan", "progres": 40},
        {"_id": "k2", "kegiatan": "SOP", "status": "terkendala", "progres": 10, "kendala": "Tunggu"},
    ],
    "catatan_reviewer": "Lanjutkan",
    "reviewer": "Bu Rina",
}
PLAN = [
    {"_id": "a1", "kegiatan": "Rapat tim", "mulai": "2027-01-04", "selesai": "2027-01-29"},
    {"_id": "a2", "kegiatan": "Uji coba <b>&", "mulai": "2027-02-01", "selesai": "2027-03-31"},
]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def idea_lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Monev", pemda="Kabupaten Uji")
    unit = spine_ops.add_unit(db, lab.id, "Dinas <b>&", UnitType.DINAS, head_name="dr. Kepala")
    idea = spine_ops.add_idea(db, unit.id, "SIGAP <b>&")
    save_worksheet(db, codes.ACTION_PLAN, {"rencana_aksi": PLAN}, lab.id, unit.id, idea.id)
    return lab, unit, idea


def test_version_1_reads_as_its_one_period_and_a_save_stores_version_2(db, idea_lab) -> None:  # noqa: ANN001
    lab, unit, idea = idea_lab
    with db.session() as s:
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                unit_id=unit.id,
                idea_id=idea.id,
                template_code=codes.MONEV,
                template_version=1,
                scope=Scope.IDEA,
                data=V1,
            )
        )
    data = load_worksheet(db, codes.MONEV, lab.id, unit.id, idea.id).data
    assert data == load_worksheet(db, codes.MONEV, lab.id, unit.id, idea.id).data  # the same ids every read
    assert validated(default_registry().get(codes.MONEV), data) == data
    [period] = mv.periods(data)
    assert (period.name, period.date, period.desk, period.slot) == (
        "Monev Juli <b>&",
        "2027-07-05",
        "Meja 2",
        "09.00–09.20",
    )
    assert (period.notes, period.reviewer, period.average) == ("Lanjutkan", "Bu Rina", 25.0)
    assert [(a.activity, a.status, a.progress) for a in period.activities] == [
        ("Sosialisasi", "berjalan", 40.0),
        ("SOP", "terkendala", 10.0),
    ]
    assert mv.upgrade_v1({"kemajuan": []})["periode"][0]["nama"] == "Monev I"
    save_worksheet(db, codes.MONEV, data, lab.id, unit.id, idea.id)
    assert load_worksheet(db, codes.MONEV, lab.id, unit.id, idea.id).template_version == 2


def test_a_new_period_is_filled_from_the_plan_and_keeps_the_earlier_ones(db, idea_lab) -> None:  # noqa: ANN001
    lab, unit, idea = idea_lab
    ctx = WorksheetContext(db, lab.id, unit.id, idea.id)
    data, first = add_period_from(ctx, {})
    [p1] = mv.periods(data)
    assert p1.name == "Monev I" and p1.desk == "" and p1.id == first
    assert [(a.action, a.activity, a.status, a.progress) for a in p1.activities] == [
        ("a1", "Rapat tim", "belum", 0.0),
        ("a2", "Uji coba <b>&", "belum", 0.0),
    ]
    # the first period's report …
    rows = data[mv.ROWS]
    rows[0] |= {"status": "selesai", "progres": 100}
    rows[1] |= {"status": "terkendala", "progres": 30, "kendala": "Server <b>&"}
    save_worksheet(db, codes.MONEV, data, lab.id, unit.id, idea.id)
    before = load_worksheet(db, codes.MONEV, lab.id, unit.id, idea.id).data
    # … carries into the second, whose kendala start empty; the first stays as it was
    data, second = add_period_from(ctx, before)
    p1_again, p2 = mv.periods(data)
    assert p1_again == mv.periods(before)[0]
    assert p2.name == "Monev II" and p2.id == second
    assert [(a.status, a.progress, a.obstacle) for a in p2.activities] == [
        ("selesai", 100.0, ""),
        ("terkendala", 30.0, ""),
    ]
    renamed = mv.rename_period(data, second, "  Monev   Agustus ")
    assert [p.name for p in mv.periods(renamed)] == ["Monev I", "Monev Agustus"]
    assert mv.remove_period(renamed, second) == {**before}
    assert mv.next_period_name(renamed) == "Monev III"


def test_a_new_period_takes_the_units_desk_and_slot_from_the_schedule(db, demo_lab) -> None:  # noqa: ANN001
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kesehatan")
    slot = unit_desk_slot(db, demo_lab.id, unit.id)
    assert slot is not None and slot.desk.startswith("Meja ") and slot.date.startswith("2027-05-2")
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SI CANTIK"))
    data, pid = add_period_from(WorksheetContext(db, demo_lab.id, unit.id, idea.id), {})
    [period] = mv.periods(data)
    assert (period.date, period.desk, period.slot, period.reviewer) == (
        slot.date,
        slot.desk,
        slot.slot,
        slot.reviewer,
    )
    assert len(period.activities) == 13


def test_the_demo_has_two_periods_and_its_gantt_shows_the_latest(db, demo_lab) -> None:  # noqa: ANN001
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kesehatan")
    assert period_names(db, demo_lab.id, unit.id) == ["Monev I", "Monev II"]
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SI CANTIK"))
    data = load_worksheet(db, codes.MONEV, demo_lab.id, unit.id, idea.id).data
    progress = mv.latest_progress(data)
    assert progress["cantik-a04"].status == "selesai"  # terkendala in Monev I, done in Monev II
    assert progress["cantik-a11"].stalled and progress["cantik-a11"].period == "Monev II"
    plan_data = load_worksheet(db, codes.ACTION_PLAN, demo_lab.id, unit.id, idea.id).data
    plan = gantt_plan(plan_data["rencana_aksi"], None, progress)
    by_id = {b.row_id: b for b in plan.bars}
    assert by_id["cantik-a10"].progress is not None and by_id["cantik-a10"].progress.fraction == 0.55
    assert plan.has_progress and plan.stalled
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    pdf = render_filled_worksheet(ctx.template(codes.ACTION_PLAN), plan_data, "a4", ctx=ctx)
    text = text_of(pdf)
    assert "55%" in text and "Kemajuan menurut monev terakhir (%)" in text and "Terkendala" in text


def test_the_unit_report_prints_the_period_its_statuses_and_average(db, idea_lab) -> None:  # noqa: ANN001
    lab, unit, idea = idea_lab
    ctx = WorksheetContext(db, lab.id, unit.id, idea.id)
    data, pid = add_period_from(ctx, {}, "Monev I <b>&")
    data = mv.set_period(data, pid, "catatan_reviewer", "Catatan <i>&amp;")
    data = mv.set_period(data, pid, "reviewer", "Pak Reviu")
    data[mv.ROWS][0] |= {"status": "selesai", "progres": 100}
    data[mv.ROWS][1] |= {
        "status": "terkendala",
        "progres": 25,
        "kendala": "Jaringan <b>&",
        "tindak_lanjut": "Lapor",
    }
    data, _second = add_period_from(ctx, data, "Monev II")
    save_worksheet(db, codes.MONEV, data, lab.id, unit.id, idea.id)
    other = spine_ops.add_idea(db, unit.id, "Tanpa monev")
    assert other is not None
    report = monev_report(db, lab.id, unit.id, "monev i <B>&")
    assert [i.title for i in report.ideas] == ["SIGAP <b>&"] and report.average == 62.5
    text = text_of(render_monev_report(db, lab.id, unit.id, "Monev I <b>&", "f4"))
    for expected in (
        "LAPORAN KEMAJUAN DAN MONITORING-EVALUASI",
        "DINAS <B>&",
        "Periode: Monev I <b>&",
        "SIGAP <b>&",
        "Uji coba <b>&",
        "Selesai",
        "Terkendala",
        "Jaringan <b>&",
        "Rata-rata kemajuan: 62,5%",
        "Catatan <i>&amp;",
        "Pak Reviu",
    ):
        assert expected in text, expected
    with pytest.raises(NotFoundError, match="Periode yang ada: Monev I <b>&, Monev II"):
        monev_report(db, lab.id, unit.id, "Monev IX")


def test_the_blank_sheet_is_one_period_to_fill_at_the_desk() -> None:
    from labinovasi.reports.worksheet_pdf import render_blank_worksheet

    text = text_of(render_blank_worksheet(default_registry().get(codes.MONEV), "a4", "Lab", "Unit"))
    for expected in (
        "Periode monev",
        "Tanggal monev",
        "Slot waktu",
        "Kendala",
        "Tindak lanjut",
        "Catatan reviewer",
    ):
        assert expected in text, expected
    assert "Status: belum dimulai, berjalan, selesai, terkendala." in text
    assert "(LK-3b)" not in text.split("Periode monev")[1]  # the row ids are not the paper's business
