"""Rekap Laboratorium Inovasi: the figures agree with the database (tombstones left out), the units ×
stages table runs over pages with its header repeated, an empty lab prints sentences instead of empty
charts, and hostile names print as written."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.base import DocumentInfo, build
from labinovasi.reports.rekap_lab import (
    BREAKDOWNS,
    Bucket,
    by_bentuk,
    rekap_lab_data,
    rekap_lab_filename,
    rekap_lab_story,
    render_rekap_lab,
)
from labinovasi.services import labs as svc
from labinovasi.services.idea_board import board_rows
from labinovasi.services.launch import launch_record

TODAY = dt.date(2027, 3, 1)
SECTIONS = [
    "Rekap Laboratorium Inovasi",
    "1. Kemajuan unit per tahap 5D+1",
    "2. Ide inovasi per jenis unit",
    "3. Ide inovasi menurut bentuk inovasi",
    "4. Ide inovasi menurut urusan pemerintahan",
    "5. Ide inovasi menurut status",
    "6. Inovasi yang diluncurkan menurut tingkat kematangan",
    "7. Inovasi direncanakan dan diluncurkan per jenis unit",
    "8. Daftar inovasi yang diluncurkan",
    "9. Pameran dan replikasi inovasi",
]


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def live_ideas(db: Database, lab_id: Any) -> list[m.Idea]:
    """The lab's ideas as the ORM sees them (tombstones filtered by the session)."""
    with db.session() as s:
        return list(
            s.scalars(select(m.Idea).join(m.Unit, m.Idea.unit_id == m.Unit.id).where(m.Unit.lab_id == lab_id))
        )


# --- the demo ---------------------------------------------------------------------------------------


def test_the_demos_figures_agree_with_the_database(db, demo_lab) -> None:  # noqa: ANN001
    data = rekap_lab_data(db, demo_lab.id)
    ideas = live_ideas(db, demo_lab.id)
    units = svc.list_units(db, demo_lab.id)
    launch = launch_record(db, demo_lab.id)
    assert (len(data.units), data.ideas) == (len(units), len(ideas)) == (8, 14)
    assert [u.name for u in data.units] == [u.name for u in units]
    assert data.people == sum(len(svc.list_people(db, u.id)) for u in units)
    assert (len(data.launched), data.launched_units) == (len(launch.ideas), launch.unit_count) == (7, 6)
    assert data.planned == sum(i.status in (IdeaStatus.LANJUT, IdeaStatus.DILUNCURKAN) for i in ideas)
    assert data.curated == sum(r.decision is not None for r in board_rows(db, demo_lab.id))
    assert sum(t.units for t in data.by_type) == 8 and sum(t.ideas for t in data.by_type) == 14
    assert sum(t.launched for t in data.by_type) == 7
    by_type = {t.unit_type: t for t in data.by_type}
    assert (by_type[UnitType.DINAS].units, by_type[UnitType.DINAS].ideas) == (2, 4)
    bentuk, urusan, status, maturity = data.breakdowns
    assert bentuk.ideas == urusan.ideas == status.ideas == 14
    # the seven launched innovations, three with their results (LK-4c) in the demo
    assert maturity.ideas == 7 and [(b.label, b.ideas) for b in maturity.buckets] == [
        ("Inisiatif", 0),
        ("Uji coba", 1),
        ("Penerapan", 2),
        ("Belum diisi", 4),
    ]
    assert {b.label: b.ideas for b in status.buckets} == {
        s.label: n for s, n in Counter(i.status for i in ideas).items()
    }
    assert [b.label for b in status.buckets][0] == IdeaStatus.DRAF.label  # the order of the statuses
    assert bentuk.buckets[-1] == Bucket("Belum diisi", 3, unfilled=True)
    assert [b.label for b in bentuk.buckets[:3]] == [
        "Inovasi tata kelola pemerintahan daerah",
        "Inovasi pelayanan publik",
        "Inovasi daerah lainnya sesuai urusan",  # no idea has it: still listed, with 0
    ]
    counts = [b.ideas for b in urusan.buckets if not b.unfilled]
    assert counts == sorted(counts, reverse=True)  # most ideas first
    dukcapil = data.units[0]
    assert dukcapil.name == "Dinas Kependudukan dan Pencatatan Sipil"
    assert [(p.done, p.total) for p in dukcapil.stages][:3] == [(1, 1), (7, 7), (6, 6)]
    assert rekap_lab_filename(demo_lab) == "Rekap_Lab_Laboratorium_Inovasi_Kabupaten_Wanasari_2026.pdf"


@pytest.mark.parametrize(("paper", "size"), [("a4", (210, 297)), ("f4", (215, 330))])
def test_the_demos_recap(db, demo_lab, paper: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    pdf = render_rekap_lab(db, demo_lab.id, paper, TODAY)
    reader = PdfReader(io.BytesIO(pdf))
    pages = pages_text(pdf)
    text = " ".join(pages)
    assert all(page_size_mm(pdf, i) == size for i in range(len(pages)))  # portrait throughout
    assert [o.title for o in reader.outline] == SECTIONS
    first = pages[0]
    assert "PEMERINTAH KABUPATEN WANASARI" in first and "REKAP LABORATORIUM INOVASI" in first
    assert "Keadaan per 1 Maret 2027" in first
    assert (
        "8 unit peserta dengan 34 peserta menghasilkan 14 ide inovasi. 8 ide sudah dikurasi; 7 ide "
        "direncanakan untuk diwujudkan (lanjut ke tahap Design atau sudah diluncurkan). 7 inovasi dari 6 unit "
        "diluncurkan pada 24 Februari 2027." in first
    )
    assert (
        "8 unit peserta 34 peserta 14 ide inovasi 8 ide dikurasi 7 ide direncanakan 7 inovasi diluncurkan"
        in first
    )
    # the progress table: the stages in the header, a unit's row, the units that finished each stage
    assert "1 Drum-up 2 Diagnose 3 Design 4 Deliver 5 Display +1 Documentation Kemajuan" in first
    assert "1 Dinas Kependudukan dan Pencatatan Sipil 1/1 7/7 6/6 2/2 2/2 0/1 95%" in first
    assert "Unit yang tuntas 8/8 1/8 2/8 2/8 1/8 0/8 38%" in first
    assert "Dinas 2 4 4 2" in text and "Jumlah 8 14 8 1,8" in text
    assert "Inovasi pelayanan publik 8 57%" in text and "Belum diisi 3 21%" in text
    assert "Kesehatan 3 21%" in text and "Diluncurkan 7 50%" in text
    assert "Jumlah 7 7 100%" in text  # planned and launched
    assert (
        "1 SIPANDU — Sistem Pelayanan Adminduk Terpadu Dinas Kependudukan dan Pencatatan Sipil Dinas" in text
    )
    assert f"Dicetak {TODAY.day} Maret 2027" in text and f"Halaman {len(pages)} dari {len(pages)}" in text
    assert "Belum ada ide" not in text
    assert "3 pameran · 7 inovasi dipamerkan · 5 permintaan replikasi." in text  # LK-5b, LK-5c


def test_laid_out_from_gathered_values_alone(db, demo_lab, monkeypatch) -> None:  # noqa: ANN001
    data = rekap_lab_data(db, demo_lab.id)

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the database was read while laying out")

    monkeypatch.setattr(Database, "session", refuse)
    info = DocumentInfo(title="Rekap Laboratorium Inovasi", paper="a4", kop=True, printed_on=TODAY)
    pdf = build(rekap_lab_story(data, info, TODAY), info)
    assert "REKAP LABORATORIUM INOVASI" in pages_text(pdf)[0]


def test_tombstoned_ideas_units_and_people_are_not_counted(db, demo_lab) -> None:  # noqa: ANN001
    before = rekap_lab_data(db, demo_lab.id)
    launched = launch_record(db, demo_lab.id).ideas[0]
    spine_ops.remove_idea(db, launched.id)
    after = rekap_lab_data(db, demo_lab.id)
    assert after.ideas == before.ideas - 1 and len(after.launched) == len(before.launched) - 1
    assert launched.id not in {i.id for i in after.launched}
    assert sum(b.ideas for b in after.breakdowns[2].buckets) == before.ideas - 1
    text = " ".join(pages_text(render_rekap_lab(db, demo_lab.id, "a4", TODAY)))
    assert launched.title.split(" — ")[0] not in text
    assert "13 ide inovasi" in text
    # a removed unit takes its people and ideas out of the figures
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == "Kecamatan Sidomukti")
    people = len(svc.list_people(db, unit.id))
    ideas = len(svc.list_ideas(db, unit.id))
    spine_ops.remove_unit(db, unit.id)
    gone = rekap_lab_data(db, demo_lab.id)
    assert (len(gone.units), gone.people, gone.ideas) == (7, after.people - people, after.ideas - ideas)
    assert "Kecamatan Sidomukti" not in [u.name for u in gone.units]


# --- sizes and edges -----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_86_units_run_over_pages_with_the_header_repeated(db, paper: str) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Lokus Besar", pemda="Kabupaten Besar")
    types = list(UnitType)
    for n in range(86):
        spine_ops.add_unit(db, lab.id, f"Unit Kerja Nomor {n + 1:02d}", types[n % len(types)])
    pdf = render_rekap_lab(db, lab.id, paper, TODAY)
    pages = pages_text(pdf)
    header = "No Unit 1 Drum-up 2 Diagnose 3 Design 4 Deliver 5 Display +1 Documentation Kemajuan"
    table_pages = [i for i, p in enumerate(pages) if header in p]
    assert len(table_pages) >= 3 and table_pages == list(range(len(table_pages)))
    second = pages[1]
    assert "Unit Kerja Nomor 01" not in second and "Halaman 2 dari" in second
    numbers = [n for n in range(1, 87) if f"Unit Kerja Nomor {n:02d}" in second]
    assert numbers and numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) >= 20
    text = " ".join(pages)
    for n in range(1, 87):
        assert text.count(f"Unit Kerja Nomor {n:02d}") == 1
    assert (
        "Unit yang tuntas 0/86" in text and "86 unit peserta dengan 0 peserta; belum ada ide inovasi." in text
    )
    assert "Belum ada ide inovasi di lab ini." in text  # units but no ideas yet


def test_an_empty_lab_prints_sentences_not_empty_charts(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    data = rekap_lab_data(db, lab.id)
    assert (data.units, data.ideas, data.launched, data.by_type) == ((), 0, (), ())
    assert all(b.ideas == 0 for b in data.breakdowns)
    pdf = render_rekap_lab(db, lab.id, "a4", TODAY)
    text = " ".join(pages_text(pdf))
    assert text.count("Lab ini belum memiliki unit peserta.") == 2  # the summary and section 1
    assert text.count("Belum ada ide inovasi di lab ini.") == 6  # sections 2 to 7
    assert "Belum ada inovasi yang diluncurkan (LK-4a)." in text
    assert [o.title for o in PdfReader(io.BytesIO(pdf)).outline] == SECTIONS


@pytest.mark.sqlite_only
def test_hostile_names_print_as_written(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab <b>Uji</b> & Co 🚀", pemda="Kabupaten <i>Uji</i>")
    unit = spine_ops.add_unit(db, lab.id, "Dinas <b>Kominfo</b> & Statistik 📡", UnitType.DINAS)
    long_unit = spine_ops.add_unit(db, lab.id, "Kecamatan Panjang", UnitType.KECAMATAN)
    spine_ops.add_person(db, lab.id, "Ani <Ketua>", unit.id, PersonRole.KETUA_TIM)
    idea = spine_ops.add_idea(db, unit.id, "Cepat <b>& tepat</b> 🚀 =SUM(A1)", status=IdeaStatus.LANJUT)
    long_idea = spine_ops.add_idea(db, long_unit.id, "Inovasi panjang", status=IdeaStatus.LANJUT)
    with (
        db.session() as s
    ):  # 100,000 characters: what an edited or foreign file may hold (the ops refuse them)
        s.get(m.Unit, long_unit.id).name = "Kecamatan " + "Panjang " * 12_500
        s.get(m.Idea, long_idea.id).title = "Inovasi " + "x" * 100_000
    card = {"nama": idea.title, "bentuk": "pelayanan_publik", "urusan": "kominfo"}
    save_worksheet(db, "LK-2f", card, lab.id, idea_id=idea.id)
    with db.session() as s:  # a value no longer in the list (an older list, an edited file)
        card = s.scalars(select(m.WorksheetEntry).where(m.WorksheetEntry.idea_id == idea.id)).one()
        card.data = {**card.data, "bentuk": "bukan_pilihan <b>"}
    save_worksheet(
        db, "LK-4a", {"tanggal": "2026-12-07", "inovasi": [str(idea.id), str(long_idea.id)]}, lab.id
    )
    data = rekap_lab_data(db, lab.id)
    assert {b.label for b in data.breakdowns[0].buckets} >= {"bukan_pilihan <b>", "Belum diisi"}
    pdf = render_rekap_lab(db, lab.id, "f4", TODAY)
    text = " ".join(pages_text(pdf))
    assert "Dinas <b>Kominfo</b> & Statistik" in text and "Cepat <b>& tepat</b>" in text
    assert "=SUM(A1)" in text and "bukan_pilihan <b>" in text and "Kabupaten <i>Uji</i>" in text
    assert "2 inovasi dari 2 unit diluncurkan" in text
    assert "x" * 150 in text.replace(" ", "") and "x" * 300 not in text.replace(" ", "")  # cut, with "…"
    fonts = {
        str(f["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("Symbola" in f for f in fonts)  # the emoji are printed, in the emoji font
    assert len(PdfReader(io.BytesIO(pdf)).pages) < 10


def test_a_breakdown_is_one_function_of_the_idea_rows(db, demo_lab) -> None:  # noqa: ANN001
    rows = board_rows(db, demo_lab.id)
    assert len(BREAKDOWNS) == 4 and BREAKDOWNS[0] is by_bentuk
    b = by_bentuk(rows)
    assert b.ideas == len(rows) and b.column == "Bentuk inovasi"
    assert sum(1 for r in rows if not r.bentuk) == b.buckets[-1].ideas


def test_units_progress_follows_the_progress_matrix(db, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.services.worksheets import progress_matrix

    data = rekap_lab_data(db, demo_lab.id)
    matrix = progress_matrix(db, demo_lab.id)
    for unit, row in zip(svc.list_units(db, demo_lab.id), data.units, strict=True):
        assert row.stages == tuple(matrix[unit.id][s] for s in Stage)


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
