"""Kanvas Inovasi (LK-3): what Diagnose shows on it, and its landscape prints (A4, F4, A3, blank)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Spacer

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.demo import create_demo_lab
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.base import DocumentInfo, build, content_width
from labinovasi.reports.canvas_pdf import (
    CUT_MARK,
    blank_body,
    canvas_flowable,
    canvas_frame_size,
    filled_body,
    render_blank_canvas,
    render_canvas,
)
from labinovasi.services import labs as svc
from labinovasi.services.canvas import (
    CanvasSources,
    box_of_field,
    canvas_boxes,
    canvas_content,
    canvas_field_keys,
    canvas_sources,
)
from labinovasi.services.context import WorksheetContext
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import is_complete, validate

MARKUP = "Biaya < 5 juta & <b>cepat</b>"

FULL = {
    "catatan_masalah": "Survei ruang tunggu: 63% pemohon tidak tahu persyaratan.",
    "penerima_manfaat": "Pemohon dokumen dari 14 kecamatan.",
    "catatan_solusi": "Tahap pertama memakai WhatsApp resmi.",
    "kebaruan": "Pemeriksaan berkas sebelum datang.",
    "kegiatan_kunci": "1. SOP\n2. Pelatihan operator\n3. Uji coba",
    "unsur_mitra": ["pemerintah", "media"],
    "mitra": "Diskominfo dan radio daerah.",
    "sumber_daya": "Empat petugas verifikasi.",
    "anggaran": 185_000_000,
    "manfaat_indikator": "Waktu tunggu kurang dari 1 jam.",
    "risiko": "Jaringan kecamatan terputus.",
    "keberlanjutan": "SOP ditetapkan dengan SK.",
}


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.fixture
def chain(db):  # noqa: ANN001, ANN201
    """A unit with problems (LK-2b), a fishbone (LK-2e) and an idea card (LK-2f) pointing at both."""
    lab = spine_ops.create_lab(db, "Lab Kanvas")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kependudukan", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id)
    save_worksheet(
        db,
        "LK-2b",
        {
            "masalah": [
                {
                    "_id": "m1",
                    "no": 1,
                    "uraian": "Antrean panjang di kantor dinas.",
                    "kondisi_saat_ini": "Waktu tunggu 3–4 jam.",
                },
                {"_id": "m2", "no": 2, "uraian": "Cakupan KIA rendah."},
            ]
        },
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2e",
        {
            "masalah": "m1",
            "masalah_utama": "Waktu tunggu layanan terlalu lama",
            "kategori": [{"_id": "k1", "nama": "Metode"}],
            "penyebab": [
                {"_id": "c1", "kategori": "k1", "teks": "Layanan terpusat"},
                {
                    "_id": "c2",
                    "kategori": "k1",
                    "induk": "c1",
                    "teks": "Belum ada cek berkas daring",
                    "akar": True,
                },
                {"_id": "c3", "kategori": "k1", "teks": "Persyaratan belum tersosialisasi", "akar": True},
            ],
        },
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2f",
        {
            "nama": "SIPANDU",
            "akronim_kepanjangan": "Sistem Pelayanan Adminduk Terpadu",
            "masalah_ref": "m1",
            "akar_ref": ["c3", "c2"],
            "masalah": "Uraian kartu ide tentang antrean.",
            "deskripsi": "Pendaftaran daring, cek berkas, cetak di kecamatan.",
            "sasaran": "Warga 14 kecamatan.",
            "kebaruan": "replikasi",
            "sumber_replikasi": "Kabupaten tetangga",
            "kebutuhan_sumber_daya": "Empat petugas.",
            "perkiraan_anggaran": 185_000_000,
            "manfaat": "Antrean berkurang.",
        },
        lab.id,
        unit.id,
        idea.id,
    )
    return WorksheetContext(db, lab.id, unit.id, idea.id)


# --- the template ----------------------------------------------------------------------------------------


def test_template_is_a_landscape_idea_worksheet_of_design_with_every_box() -> None:
    t = default_registry().get("LK-3")
    assert (t.code, t.version, t.stage.value, t.scope.value, t.orientation) == (
        "LK-3",
        1,
        "design",
        "idea",
        "landscape",
    )
    assert t.title == "Kanvas Inovasi"
    assert [f.key for f in t.fields] == list(canvas_field_keys())
    assert {f.key for f in t.fields if f.required} == {
        "penerima_manfaat",
        "kegiatan_kunci",
        "manfaat_indikator",
    }
    assert t.field("unsur_mitra").options_from == "pentahelix"
    assert t.field("anggaran").unit == "Rp"
    clean, issues = validate(t, FULL)
    assert issues == [] and clean == FULL
    assert is_complete(t, FULL)
    assert not is_complete(t, {k: v for k, v in FULL.items() if k != "kegiatan_kunci"})


def test_boxes_tile_the_grid_without_overlap() -> None:
    cells: set[tuple[int, int]] = set()
    for box in canvas_boxes():
        for r in range(box.row, box.row + box.rowspan):
            for c in range(box.col, box.col + box.colspan):
                assert (r, c) not in cells, box.key
                cells.add((r, c))
    assert len(cells) == 24 * 14
    assert [b.number for b in canvas_boxes()] == list(range(1, 11))
    assert box_of_field("anggaran").key == "sumber_daya" and box_of_field("tidak_ada") is None


# --- sources ---------------------------------------------------------------------------------------------


def test_sources_follow_the_idea_cards_refs(chain) -> None:  # noqa: ANN001
    s = canvas_sources(chain)
    assert s.problem == "Antrean panjang di kantor dinas." and s.problem_condition == "Waktu tunggu 3–4 jam."
    assert s.problem_origin == "LK-2b"
    assert s.root_causes == (
        "Persyaratan belum tersosialisasi",
        "Belum ada cek berkas daring",
    )  # in ref order
    assert s.masalah_utama == "Waktu tunggu layanan terlalu lama"
    assert s.problem_origin_text() == "dari LK-2b, LK-2e"
    text = s.problem_text()
    assert text.splitlines() == [
        "Antrean panjang di kantor dinas.",
        "Kondisi saat ini: Waktu tunggu 3–4 jam.",
        "Masalah utama (kepala ikan): Waktu tunggu layanan terlalu lama",
        "Akar masalah:",
        "• Persyaratan belum tersosialisasi",
        "• Belum ada cek berkas daring",
    ]
    assert "Uraian kartu ide" not in text  # the LK-2b row wins over the card's own words
    assert s.idea_text() == (
        "SIPANDU (Sistem Pelayanan Adminduk Terpadu)\nPendaftaran daring, cek berkas, cetak di kecamatan."
    )
    assert s.idea_origin_text() == "dari LK-2f"
    assert s.target == "Warga 14 kecamatan."
    assert s.novelty_text() == "Replikasi / modifikasi — sumber: Kabupaten tetangga"
    assert s.budget == 185_000_000 and s.budget_text() == "Rp 185.000.000"
    assert s.hint("penerima_manfaat") == "Warga 14 kecamatan." and s.hint("risiko") == ""


def test_dangling_refs_fall_back_to_the_cards_words(chain) -> None:  # noqa: ANN001
    db, lab, unit, idea = chain.db, chain.lab_id, chain.unit_id, chain.idea_id
    card = load_worksheet(db, "LK-2f", lab, unit, idea).data
    save_worksheet(db, "LK-2f", {**card, "masalah_ref": "gone", "akar_ref": ["gone-too"]}, lab, unit, idea)
    s = canvas_sources(chain)
    assert s.problem == "Uraian kartu ide tentang antrean." and s.problem_origin == "LK-2f"
    assert s.problem_condition == "" and s.root_causes == ()
    assert s.masalah_utama == ""  # the fishbone is about m1, the card no longer points at it
    assert s.problem_origin_text() == "dari LK-2f"


def test_fishbone_head_shows_for_the_same_problem_without_chosen_causes(chain) -> None:  # noqa: ANN001
    db, lab, unit, idea = chain.db, chain.lab_id, chain.unit_id, chain.idea_id
    card = load_worksheet(db, "LK-2f", lab, unit, idea).data
    del card["akar_ref"]
    save_worksheet(db, "LK-2f", card, lab, unit, idea)
    s = canvas_sources(chain)
    assert s.root_causes == () and s.masalah_utama == "Waktu tunggu layanan terlalu lama"
    # another problem: neither the fishbone head nor its causes belong to this idea
    save_worksheet(db, "LK-2f", {**card, "masalah_ref": "m2"}, lab, unit, idea)
    s = canvas_sources(chain)
    assert s.problem == "Cakupan KIA rendah." and s.problem_condition == "" and s.masalah_utama == ""
    assert s.problem_origin_text() == "dari LK-2b"


def test_missing_sources_give_empty_values(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    unit = spine_ops.add_unit(db, lab.id, "Kecamatan", UnitType.KECAMATAN)
    idea = spine_ops.add_idea(db, unit.id)
    assert canvas_sources(WorksheetContext(db, lab.id, unit.id, idea.id)) == CanvasSources()
    assert canvas_sources(WorksheetContext(db, lab.id, unit.id, None)) == CanvasSources()
    s = CanvasSources()
    assert (s.problem_text(), s.problem_origin_text(), s.idea_text(), s.idea_origin_text()) == (
        "",
        "",
        "",
        "",
    )
    # a card without refs: its own words
    save_worksheet(db, "LK-2f", {"nama": "IDE", "masalah": "Masalah sendiri."}, lab.id, unit.id, idea.id)
    s = canvas_sources(WorksheetContext(db, lab.id, unit.id, idea.id))
    assert (s.problem, s.problem_origin, s.root_causes, s.idea_text()) == (
        "Masalah sendiri.",
        "LK-2f",
        (),
        "IDE",
    )


def test_content_shows_own_text_else_the_cards_hint(chain) -> None:  # noqa: ANN001
    t = chain.template("LK-3")
    sources = canvas_sources(chain)
    boxes = {
        c.box.key: c
        for c in canvas_content({"penerima_manfaat": "Sendiri.", "unsur_mitra": ["media"]}, sources, t)
    }
    assert [(b.kind, b.text) for b in boxes["penerima"].blocks] == [("text", "Sendiri.")]
    assert [(b.kind, b.text, b.origin) for b in boxes["kebaruan"].blocks] == [
        ("quote", "Replikasi / modifikasi — sumber: Kabupaten tetangga", "dari LK-2f")
    ]
    assert [(b.kind, b.label, b.text) for b in boxes["mitra"].blocks] == [("line", "Unsur", "Media")]
    assert [(b.kind, b.label, b.text) for b in boxes["sumber_daya"].blocks] == [
        ("quote", "", "Empat petugas."),
        ("line", "Anggaran", "Rp 185.000.000 (dari LK-2f)"),
    ]
    assert boxes["kegiatan"].empty and boxes["kegiatan"].required_missing
    assert not boxes["penerima"].required_missing
    assert boxes["masalah"].blocks[0].origin == "dari LK-2b, LK-2e"
    assert boxes["ide"].blocks[0].strong and boxes["ide"].blocks[0].origin == "dari LK-2f"


# --- PDF -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("a4", (297, 210)), ("f4", (330, 215)), ("a3", (420, 297))])
def test_filled_canvas_is_one_landscape_page_with_every_box(chain, paper, size) -> None:  # noqa: ANN001
    db = chain.db
    save_worksheet(db, "LK-3", FULL, chain.lab_id, chain.unit_id, chain.idea_id)
    pdf = render_canvas(chain, paper=paper)
    pages = pages_text(pdf)
    assert len(pages) == 1 and page_mm(pdf) == size
    text = flat(pages[0])
    for box in canvas_boxes():
        assert box.heading in text
    for key, value in FULL.items():
        if isinstance(value, str):
            assert flat(value) in text, key
    assert "Unsur: Pemerintah, Media" in text and "Anggaran: Rp 185.000.000" in text
    assert "Antrean panjang di kantor dinas." in text and "• Persyaratan belum tersosialisasi" in text
    assert "Pendaftaran daring, cek berkas, cetak di kecamatan." in text
    assert "dari LK-2b, LK-2e" in text and "dari LK-2f" in text
    assert "SIPANDU" in text and "Lab Kanvas" in text and "Dinas Kependudukan" in text
    assert "Halaman 1 dari 1" in text and CUT_MARK not in text and "Lampiran kanvas" not in text


def test_text_shrinks_before_it_is_cut_and_a3_sets_it_larger(chain) -> None:  # noqa: ANN001
    from labinovasi.reports.canvas_pdf import CanvasGrid

    t = chain.template("LK-3")
    medium = {**FULL, "risiko": " ".join(["risiko jaringan"] * 45)}
    contents = canvas_content(medium, canvas_sources(chain), t)
    a4 = CanvasGrid(contents, None, *canvas_frame_size("a4"), template=t)
    a3 = CanvasGrid(contents, None, *canvas_frame_size("a3"), template=t)
    size = {laid.content.box.key: laid.fitted.size for laid in a4._laid}
    assert size["risiko"] < 8.5 and size["risiko"] >= 6.5 and not a4.cut_boxes
    assert size["keberlanjutan"] == 8.5
    assert {laid.content.box.key: laid.fitted.size for laid in a3._laid}["keberlanjutan"] > 11


def test_overflow_goes_to_the_appendix_with_every_word(chain) -> None:  # noqa: ANN001
    words = [f"kata{i:04d}" for i in range(1500)]
    data = {**FULL, "kegiatan_kunci": " ".join(words)}
    pdf = render_canvas(chain, data=data, paper="a4")
    pages = pages_text(pdf)
    assert len(pages) >= 2
    first = flat(pages[0])
    assert CUT_MARK in first and "kata0000" in first and "kata1499" not in first
    rest = flat(" ".join(pages[1:]))
    assert rest.startswith(flat(pages[1])[:20]) and "Lampiran kanvas" in pages[1]
    assert "5. Kegiatan kunci" in rest
    found = set(re.findall(r"kata\d{4}", rest))
    assert found == set(words)  # the appendix has the whole text
    assert flat(FULL["risiko"]) in first  # the other boxes stay on the canvas
    assert all(f"Halaman {i} dari {len(pages)}" in p for i, p in enumerate(pages, start=1))


def test_huge_text_and_markup_print_literally(chain) -> None:  # noqa: ANN001
    huge = ("Satu kalimat panjang dengan <tag> & simbol. " * 2300)[:100_000]
    data = {**FULL, "catatan_solusi": MARKUP, "risiko": huge, "mitra": "Emoji 🎉 dan ☕ tetap aman"}
    pdf = render_canvas(chain, data=data, paper="a4")
    pages = pages_text(pdf)
    first = flat(pages[0])
    assert MARKUP in first
    assert CUT_MARK in first and "Lampiran kanvas" in pages[1]
    assert flat(" ".join(pages[1:])).count("Satu kalimat panjang dengan <tag> & simbol.") >= 2200


def test_upstream_markup_prints_literally(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab <i>Uji</i> & Co")
    unit = spine_ops.add_unit(db, lab.id, "Unit & <b>Satu</b>", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id)
    save_worksheet(
        db,
        "LK-2f",
        {"nama": "IDE & <u>X</u>", "masalah": MARKUP, "deskripsi": "a < b && c > d"},
        lab.id,
        unit.id,
        idea.id,
    )
    text = flat(" ".join(pages_text(render_canvas(WorksheetContext(db, lab.id, unit.id, idea.id)))))
    for s in (MARKUP, "a < b && c > d", "IDE & <u>X</u>", "Lab <i>Uji</i> & Co", "Unit & <b>Satu</b>"):
        assert s in text


def test_render_without_a_database(chain) -> None:  # noqa: ANN001
    pdf = render_canvas(
        None, FULL, "f4", sources=canvas_sources(chain), lab="Lab A", unit="Unit B", idea="Ide C"
    )
    text = flat(pages_text(pdf)[0])
    assert page_mm(pdf) == (330, 215)
    assert "Ide C" in text and "Unit B" in text and "Lab A" in text and "Antrean panjang" in text


@pytest.mark.parametrize(("paper", "size"), [("a3", (420, 297)), ("a4", (297, 210)), ("f4", (330, 215))])
def test_blank_canvas_has_titles_questions_and_ticks(paper, size) -> None:  # noqa: ANN001
    pdf = render_blank_canvas(paper, lab="Lab Kertas", unit="Kecamatan <A> & B")
    pages = pages_text(pdf)
    assert len(pages) == 1 and page_mm(pdf) == size
    text = flat(pages[0])
    for box in canvas_boxes():
        assert box.heading in text
        assert flat(box.question) in text
    for label in ("Pemerintah", "Dunia usaha", "Akademisi", "Masyarakat/komunitas", "Media"):
        assert label in text
    assert "Anggaran: Rp" in text and "Nama inovasi:" in text and "Kecamatan <A> & B" in text
    assert "2. Penerima manfaat *" in text and "Kotak bertanda * wajib diisi." in text


def test_bodies_for_the_worksheet_print_pipeline(chain) -> None:  # noqa: ANN001
    t = chain.template("LK-3")
    info = DocumentInfo(title=t.title, code=t.code, paper="a4", landscape=True)
    width = content_width(info)
    head = [Spacer(1, 40 * 2.8346)]  # a title block and an identity table above the body
    filled = pages_text(build(head + filled_body(t, FULL, width, chain), info))
    assert len(filled) == 1 and "1. Masalah & akar masalah" in filled[0] and "Antrean panjang" in filled[0]
    assert flat(FULL["keberlanjutan"]) in flat(filled[0])
    over = pages_text(build(head + filled_body(t, {**FULL, "risiko": "x " * 6000}, width, None), info))
    assert len(over) >= 2 and "Lampiran kanvas" in over[1]
    blank = pages_text(build(head + blank_body(t, width, None), info))
    assert len(blank) == 1 and "10. Keberlanjutan" in blank[0]
    # too little room left on the page: the canvas starts on the next one
    tall = [Spacer(1, 120 * 2.8346)]
    moved = pages_text(build(tall + filled_body(t, FULL, width, chain), info))
    assert len(moved) == 2 and "1. Masalah" not in moved[0] and "1. Masalah" in moved[1]


def test_canvas_flowable_for_a_plan_page(chain) -> None:  # noqa: ANN001
    save_worksheet(chain.db, "LK-3", FULL, chain.lab_id, chain.unit_id, chain.idea_id)
    info = DocumentInfo(title="Rencana Proyek Inovasi", paper="f4", landscape=True)
    grid = canvas_flowable(chain, *canvas_frame_size("f4"))
    pages = pages_text(build([grid, grid.appendix()], info))
    assert len(pages) == 1 and "SIPANDU" in pages[0] and flat(FULL["mitra"]) in flat(pages[0])


def test_demo_canvases_are_complete(db) -> None:  # noqa: ANN001
    lab = create_demo_lab(db)
    done = {}
    for unit in svc.list_units(db, lab.id):
        for idea in svc.list_ideas(db, unit.id):
            ws = load_worksheet(db, "LK-3", lab.id, unit.id, idea.id)
            if ws.data:
                done[idea.title] = ws.complete
                pdf = render_canvas(WorksheetContext(db, lab.id, unit.id, idea.id))
                assert len(pages_text(pdf)) == 1  # the demo fits on its page
    assert done == {
        "SIPANDU — Sistem Pelayanan Adminduk Terpadu": True,
        "SI CANTIK — Sistem Cegah Anak Stunting Terintegrasi dan Kolaboratif": True,
    }
