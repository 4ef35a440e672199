"""PDFs: the text extracted from the page is what was entered, literally, on A4 and F4."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.base import PaperError
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.unit_plan import export_all_unit_plans, render_unit_plan
from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet
from labinovasi.services import labs as svc
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import FieldType

MARKUP = "Biaya < 5 juta & <b>cepat</b>"


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.fixture
def unit_with_card(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(
        db, "Laboratorium Inovasi Kabupaten Uji 2026", city="Uji", facilitator="Dr. Fasil"
    )
    unit = spine_ops.add_unit(
        db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala", head_nip="1970"
    )
    spine_ops.add_person(db, lab.id, "Inovator Satu", unit.id, PersonRole.KETUA_TIM, nip="1987")
    idea = spine_ops.add_idea(db, unit.id)
    save_worksheet(
        db,
        "LK-2f",
        {
            "nama": "SI-SEHAT & <i>Cepat</i>",
            "deskripsi": MARKUP,
            "perkiraan_anggaran": 15_000_000,
            "bentuk": "pelayanan_publik",
            "inovator": [{"nama": "Ani <Staf>", "nip": "198701012010012001", "jabatan": "Pranata"}],
        },
        lab.id,
        unit.id,
        idea.id,
    )
    return lab, unit, idea


def test_blank_idea_card_has_the_header_the_code_and_every_field_label() -> None:
    t = default_registry().get("LK-2f")
    pdf = render_blank_worksheet(t, "a4", lab="Lab Kabupaten Uji", unit="Dinas <Uji> & Co")
    pages = pages_text(pdf)
    assert page_size_mm(pdf) == (210, 297)
    for i, page in enumerate(pages, start=1):
        assert "LK-2f" in page
        assert f"Halaman {i} dari {len(pages)}" in page
    text = flat(" ".join(pages))
    assert "Dinas <Uji> & Co" in text
    for f in t.fields:
        # a computed field (the word count) has nothing to write by hand: the blank sheet leaves it out
        assert (flat(f.label) in text) == (f.type is not FieldType.COMPUTED), f.label
    assert "Pelayanan publik" not in text or "Inovasi pelayanan publik" in text  # options printed to tick
    # the long list of urusan sits in two columns: three pages, the last one not a near-empty leftover
    assert len(pages) == 3
    assert "Urusan pemerintahan" in pages[-1] and "Perkiraan anggaran" in pages[-1]


def test_every_shipped_template_prints_blank_on_a4_and_f4() -> None:
    for t in default_registry().all():
        for paper in ("a4", "f4"):
            pdf = render_blank_worksheet(t, paper, lab="Lab", unit="Unit")
            text = flat(" ".join(pages_text(pdf)))
            assert t.code in text and flat(t.title) in text


def test_f4_is_215_by_330_mm_and_landscape_templates_turn() -> None:
    reg = default_registry()
    assert page_size_mm(render_blank_worksheet(reg.get("LK-2f"), "f4")) == (215, 330)
    wide = next(t for t in reg.all() if t.orientation == "landscape")
    assert page_size_mm(render_blank_worksheet(wide, "f4")) == (330, 215)
    with pytest.raises(PaperError, match="Ukuran kertas tidak dikenal"):
        render_blank_worksheet(reg.get("LK-2f"), "letter")


def test_filled_worksheet_prints_user_text_literally() -> None:
    t = default_registry().get("LK-2f")
    pdf = render_filled_worksheet(
        t,
        {"nama": "A & B", "deskripsi": MARKUP, "perkiraan_anggaran": 2500000, "jenis": "digital"},
        "a4",
        "Lab",
        "Unit",
    )
    text = flat(" ".join(pages_text(pdf)))
    assert MARKUP in text
    assert "Rp 2.500.000" in text
    assert "Digital (daring)" in text


def test_a_100000_character_paragraph_spans_pages_and_is_all_there() -> None:
    t = default_registry().get("LK-2f")
    words = [f"kata{i:05d}" for i in range(10_000)]
    long_text = " ".join(words) + "."
    assert len(long_text) == 100_000
    pdf = render_filled_worksheet(t, {"deskripsi": long_text}, "a4", "Lab", "Unit")
    pages = pages_text(pdf)
    assert len(pages) > 10
    body = flat(" ".join(pages))
    expected = flat(long_text)
    assert expected[:2000] in body
    assert re.findall(r"kata\d{5}", body) == words  # every word, once, in order
    assert "kata09999." in body


def test_unit_plan_has_cover_profile_team_card_and_signatures(db, unit_with_card) -> None:  # noqa: ANN001
    lab, unit, _idea = unit_with_card
    pdf = render_unit_plan(unit_plan_data(db, lab.id, unit.id), "a4", today=dt.date(2026, 11, 22))
    pages = pages_text(pdf)
    cover = flat(pages[0])
    assert "RENCANA PROYEK INOVASI" in cover and "Dinas Kesehatan" in cover
    assert "Halaman" not in cover
    assert f"Halaman 1 dari {len(pages) - 1}" in pages[1]
    text = flat(" ".join(pages))
    for expected in (
        "Daftar Isi",
        "I. Profil Unit",
        "II. Tim Inovasi",
        "Inovator Satu",
        "V. Ide Inovasi",
        "SI-SEHAT & <i>Cepat</i>",
        MARKUP,
        "Ani <Staf>",
        "Rp 15.000.000",
        "Pengesahan",
        "Kepala Unit",
        "Fasilitator",
        "Uji, 22 November 2026",
        "dr. Kepala",
        "Dr. Fasil",
    ):
        assert expected in text, expected
    outline = [o.title for o in PdfReader(io.BytesIO(pdf)).outline if not isinstance(o, list)]
    assert outline == [
        "I. Profil Unit",
        "II. Tim Inovasi",
        "III. Pernyataan Komitmen Berinovasi",
        "IV. Analisis Masalah",
        "V. Ide Inovasi",
        "VI. Pengesahan",
    ]


def test_plans_of_all_units_one_file_each(db, demo_lab, tmp_path) -> None:  # noqa: ANN001
    seen = []
    files = export_all_unit_plans(
        db, demo_lab.id, tmp_path / "out", "f4", progress=lambda done, total, unit: seen.append((done, total))
    )
    units = svc.list_units(db, demo_lab.id)
    assert len(files) == len(units)
    assert seen[-1] == (len(units), len(units))
    for f, u in zip(files, units, strict=True):
        assert u.name in flat(" ".join(pages_text(f.read_bytes())))
    stopped = export_all_unit_plans(db, demo_lab.id, tmp_path / "out2", "a4", cancelled=lambda: True)
    assert stopped == []


def test_an_outline_never_skips_a_level_even_when_a_part_brings_deeper_headings() -> None:
    from labinovasi.reports.base import DocumentInfo, build, heading

    info = DocumentInfo(title="Uji")
    pdf = build([heading("Bagian", 1), heading("Lampiran kanvas", 3), heading("Berikutnya", 0)], info)
    outline = PdfReader(io.BytesIO(pdf)).outline
    assert outline[0].title == "Bagian" and outline[1][0].title == "Lampiran kanvas"
    assert outline[2].title == "Berikutnya"


def test_the_plan_cover_carries_the_logo_and_a_broken_logo_is_reported_not_fatal(
    db,
    unit_with_card,  # noqa: ANN001
    tmp_path,
) -> None:
    from PIL import Image as PilImage

    from labinovasi.ops.spine import update_lab_settings

    lab, unit, _idea = unit_with_card
    good = tmp_path / "logo.png"
    PilImage.new("RGB", (300, 150), "red").save(good)
    update_lab_settings(db, lab.id, logo_path=str(good))
    data = unit_plan_data(db, lab.id, unit.id)
    pdf = render_unit_plan(data)
    assert data.warnings == []
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the logo on the cover

    broken = tmp_path / "logo-rusak.png"
    broken.write_bytes(b"bukan gambar")
    update_lab_settings(db, lab.id, logo_path=str(broken))
    data = unit_plan_data(db, lab.id, unit.id)
    pdf = render_unit_plan(data)
    assert len(data.warnings) == 1 and "sampul dicetak tanpa logo" in data.warnings[0]
    assert "RENCANA PROYEK INOVASI" in flat(pages_text(pdf)[0])
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
