"""Poster Inovasi: one page per launched innovation on A3 or A4, the values from the latest worksheet that
has them, the photo from the evidence, the results in numbers; any text fits its box; a blank poster."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from test_evidence import photo  # tests/core is on the path in both lanes

from labinovasi.domain.enums import IdeaStatus
from labinovasi.evidence import EvidenceStore
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.base import PaperError, register_fonts
from labinovasi.reports.poster_pdf import fit, poster_pack, render_posters
from labinovasi.services import labs as svc
from labinovasi.services.launch import launch_record
from labinovasi.services.profiles import innovation_profiles


def pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def size_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) / mm), round(float(box.height) / mm)


@pytest.fixture
def with_results(db, demo_lab, tmp_path: Path):  # noqa: ANN001, ANN201
    """The demo with LK-4c (figures, beneficiaries, a photo) and LK-5a for its first launched idea."""
    idea = launch_record(db, demo_lab.id).ideas[0]
    store = EvidenceStore.beside(db.file)
    ref = store.add(photo(tmp_path / "loket.jpg", (1600, 1200), orientation=6)).ref
    save_worksheet(
        db,
        "LK-4c",
        {
            "hasil": "Waktu layanan turun.",
            "indikator": [{"indikator": "Waktu layanan KTP", "sebelum": "5 hari", "sesudah": "1 hari"}],
            "jumlah_penerima_manfaat": 12400,
            "kematangan": "penerapan",
            "bukti": [{"_id": "f1", "jenis": "foto", "uraian": "Loket terpadu", "berkas": ref}],
        },
        demo_lab.id,
        idea.unit_id,
        idea.id,
    )
    save_worksheet(
        db,
        "LK-5a",
        {
            "nama_inovasi": "SIPANDU",
            "solusi": "Satu loket, tiga langkah.",
            "kontak": "Dwi Retno, 0812-3456-7890",
        },
        demo_lab.id,
        idea.unit_id,
        idea.id,
    )
    return demo_lab, idea


def test_profiles_take_the_latest_word_and_the_photo(db, with_results) -> None:  # noqa: ANN001
    lab, idea = with_results
    profiles = innovation_profiles(db, lab.id)
    assert len(profiles) == len(launch_record(db, lab.id).ideas) == 7
    first = next(p for p in profiles if p.idea_id == idea.id)
    assert first.title == "SIPANDU" and first.solution == "Satu loket, tiga langkah."
    assert first.problem  # from the idea card (LK-2f) when LK-5a leaves it empty
    assert first.photo is not None and first.photo_caption == "Loket terpadu"
    assert [(f.before, f.after) for f in first.figures] == [("5 hari", "1 hari")]
    assert first.beneficiaries == 12400 and first.maturity == "Penerapan"
    assert first.contact == "Dwi Retno, 0812-3456-7890"


@pytest.mark.parametrize(("paper", "size"), [("a3", (297, 420)), ("a4", (210, 297))])
def test_posters_of_a_lab(db, with_results, paper: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    lab, idea = with_results
    pdf = render_posters(poster_pack(db, lab.id), paper)
    assert size_mm(pdf) == size
    texts = pages(pdf)
    assert len(texts) == 7
    first = texts[0]
    assert first.startswith("INOVASI DAERAH") and "SIPANDU" in first
    for heading in ("Masalah", "Solusi", "Manfaat", "Hasil"):
        assert heading in first
    assert "5 hari → 1 hari" in first and "12.400" in first and "Tahap penerapan" in first
    assert "diluncurkan 24 Februari 2027" in first and "Kontak: Dwi Retno, 0812-3456-7890" in first
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 1 and not reader.pages[1].images  # only SIPANDU has a photo
    assert [o.title for o in reader.outline][0].startswith("Dinas Kependudukan")


def test_one_unit_and_a_blank_poster(db, with_results) -> None:  # noqa: ANN001
    lab, idea = with_results
    one = pages(render_posters(poster_pack(db, lab.id, idea.unit_id), "a4"))
    assert len(one) == len([i for i in launch_record(db, lab.id).ideas if i.unit_id == idea.unit_id])
    blank = pages(render_posters(poster_pack(db, lab.id), "a3", blank=True))
    assert len(blank) == 1 and "Nama inovasi:" in blank[0] and "Tempel foto di sini" in blank[0]


def test_nothing_launched_and_a_wrong_paper_say_so(db, lab_with_nothing) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="Belum ada inovasi yang diluncurkan"):
        render_posters(poster_pack(db, lab_with_nothing.id), "a3")
    with pytest.raises(PaperError, match="A3 atau A4"):
        render_posters(poster_pack(db, lab_with_nothing.id), "f4", blank=True)


@pytest.fixture
def lab_with_nothing(db):  # noqa: ANN001, ANN201
    from labinovasi.ops import spine as spine_ops

    return spine_ops.create_lab(db, "Lab kosong")


def test_hostile_and_huge_text_fits(db, demo_lab) -> None:  # noqa: ANN001
    idea = launch_record(db, demo_lab.id).ideas[1]
    save_worksheet(
        db,
        "LK-5a",
        {
            "nama_inovasi": ("Cepat <b>& tepat</b> 🚀 " * 12)[:200],
            "solusi": "=SUM(A1) " + "panjang sekali " * 7000,
        },
        demo_lab.id,
        idea.unit_id,
        idea.id,
    )
    text = " ".join(pages(render_posters(poster_pack(db, demo_lab.id, idea_ids=[idea.id]), "a4")))
    assert "Cepat <b>& tepat</b>" in text and "=SUM(A1)" in text and "…" in text
    assert svc.get_idea(db, idea.id).status is IdeaStatus.DILUNCURKAN


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=3000), st.floats(min_value=30, max_value=300), st.floats(min_value=20, max_value=200))
def test_any_text_fits_its_box(text: str, width: float, height: float) -> None:
    register_fonts()
    p = fit(text, width, height, 14, 7)
    assert p.height <= height + 0.01 or p.style.fontSize * 1.22 > height  # one line taller than the box
