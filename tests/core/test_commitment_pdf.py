"""Pernyataan Komitmen PDF: one page per statement with the unit's LK-1 values (or their fallbacks),
the wording from the template file, the lab's commitment moment, and an outline entry per unit."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.commitment_pdf import (
    commitment_data,
    commitment_filename,
    fill,
    load_template,
    moments_for,
    number_with_words,
    render_commitments,
    terbilang,
)
from labinovasi.services.records import NotFoundError

MARKUP = "Biaya < 5 juta & <b>cepat</b>"


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def outline(pdf: bytes) -> list:
    """The PDF outline as nested lists of titles."""

    def walk(items: list) -> list:
        out: list = []
        for it in items:
            if isinstance(it, list):
                out.append(walk(it))
            else:
                out.append(it.title)
        return out

    return walk(PdfReader(io.BytesIO(pdf)).outline)


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(
        db,
        "Laboratorium Inovasi Kabupaten Uji 2026",
        pemda="Kabupaten Uji",
        year=2026,
        city="Ujiharjo",
        organizer="Badan Perencanaan Pembangunan Daerah Kabupaten Uji",
        facilitator="Dr. Fasil, M.Si.",
    )
    dinkes = spine_ops.add_unit(
        db,
        lab.id,
        "Dinas Kesehatan & <i>KB</i>",
        UnitType.DINAS,
        head_name="dr. Kepala Lama",
        head_nip="197001011995031001",
    )
    spine_ops.add_person(
        db,
        lab.id,
        "dr. Kepala Lama",
        dinkes.id,
        PersonRole.KEPALA_UNIT,
        jabatan="Kepala Dinas Kesehatan dan KB",
    )
    bappeda = spine_ops.add_unit(
        db,
        lab.id,
        "Badan Perencanaan Pembangunan Daerah",
        UnitType.BADAN,
        head_name="Ir. Kepala Bappeda",
        head_nip="196801011990031002",
    )
    camat = spine_ops.add_unit(db, lab.id, "Kecamatan Aman", UnitType.KECAMATAN, head_name="Camat Aman")
    save_worksheet(
        db,
        "LK-1",
        {
            "nama_kepala_unit": "dr. Kepala Baru, M.Kes.",
            "nip_kepala_unit": "197511082001122004",
            "isi_komitmen": MARKUP + "\nBaris kedua komitmen.",
            "target_jumlah_ide": 3,
            "tempat": "Kota Uji",
            "tanggal": "2026-10-13",
        },
        lab.id,
        dinkes.id,
    )
    return lab, dinkes, bappeda, camat


def test_one_page_per_unit_with_its_lk1_values_and_the_template_wording(db, lab) -> None:  # noqa: ANN001
    lab_info, dinkes, bappeda, camat = lab
    pdf = render_commitments(db, lab_info.id)
    pages = pages_text(pdf)
    assert len(pages) == 3
    assert page_size_mm(pdf) == (210, 297)
    assert outline(pdf) == [dinkes.name, bappeda.name, camat.name]
    first = pages[0]
    for expected in (
        "PERNYATAAN KOMITMEN BERINOVASI",
        "DINAS KESEHATAN & <I>KB</I>",
        "Yang bertanda tangan di bawah ini:",
        "Nama : dr. Kepala Baru, M.Kes.",
        "NIP : 19751108 200112 2 004",
        "Jabatan : Kepala Dinas Kesehatan dan KB",
        "Unit kerja : Dinas Kesehatan & <i>KB</i>",
        "dengan ini menyatakan komitmen untuk berinovasi dalam Laboratorium Inovasi Kabupaten Uji 2026",
        "Pemerintah Kabupaten Uji",
        "pada tahap Drum-up Laboratorium Inovasi",
        "sekurang-kurangnya 3 (tiga) ide inovasi",
        MARKUP,
        "Baris kedua komitmen.",
        "Demikian pernyataan komitmen ini",
        "Kota Uji, 13 Oktober 2026",
        "Yang menyatakan,",
        "Mengetahui,",
        "Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Uji",
        "Ir. Kepala Bappeda",
        "NIP 19680101 199003 1 002",
        "Fasilitator Laboratorium Inovasi",
        "Dr. Fasil, M.Si.",
        "Halaman 1 dari 1",
    ):
        assert expected in first, expected
    assert "{" not in first
    # each statement opens with the kop: no running header above it
    assert all(p.startswith("PEMERINTAH KABUPATEN UJI") for p in pages)


def test_fallbacks_without_lk1_and_the_organiser_unit_itself(db, lab) -> None:  # noqa: ANN001
    lab_info, _dinkes, _bappeda, _camat = lab
    pages = pages_text(render_commitments(db, lab_info.id))
    bappeda, camat = pages[1], pages[2]
    assert "Nama : Ir. Kepala Bappeda" in bappeda
    assert (
        "Jabatan : Kepala Badan Perencanaan Pembangunan Daerah" in bappeda
    )  # no head person: "Kepala <unit>"
    assert "Sekretaris Daerah Kabupaten Uji" in bappeda  # the organiser does not "know" its own statement
    assert "Ujiharjo, ...." in bappeda  # the lab's city; no date yet: written by hand
    assert "Komitmen khusus" not in bappeda
    assert "sekurang-kurangnya ........ ide inovasi" in camat
    assert "NIP : ......" in camat


def test_commitment_moment_setting(db, lab) -> None:  # noqa: ANN001
    lab_info, dinkes, bappeda, _camat = lab
    update_lab_settings(db, lab_info.id, commitment_at="launch")
    save_worksheet(db, "LK-4a", {"tanggal": "2027-01-19", "tempat": "Pendopo"}, lab_info.id)
    page = pages_text(render_commitments(db, lab_info.id, [dinkes.id]))
    assert len(page) == 1
    assert "pada Launching Inovasi (tahap Deliver)" in page[0]
    assert "Drum-up Laboratorium" not in page[0]
    assert "Ujiharjo, 19 Januari 2027" in page[0]  # the launch's date, in the lab's city

    update_lab_settings(db, lab_info.id, commitment_at="both")
    pdf = render_commitments(db, lab_info.id, [str(bappeda.id), dinkes.id], "f4")
    pages = pages_text(pdf)
    assert len(pages) == 4
    assert page_size_mm(pdf, 3) == (215, 330)
    assert ["pada tahap Drum-up" in p for p in pages] == [True, False, True, False]
    assert "Kota Uji, 13 Oktober 2026" in pages[0] and "Ujiharjo, 19 Januari 2027" in pages[1]
    # each unit's statements number their own pages
    assert [p.endswith(f"Halaman {n} dari 2") for p, n in zip(pages, (1, 2, 1, 2), strict=True)] == [True] * 4
    assert outline(pdf) == [
        dinkes.name,
        ["Pada tahap Drum-up Laboratorium Inovasi", "Pada Launching Inovasi (tahap Deliver)"],
        bappeda.name,
        ["Pada tahap Drum-up Laboratorium Inovasi", "Pada Launching Inovasi (tahap Deliver)"],
    ]


def test_long_texts_shrink_to_one_page_and_very_long_ones_flow_on(db, lab) -> None:  # noqa: ANN001
    lab_info, dinkes, _b, _c = lab
    sentence = "Kami berkomitmen menerapkan inovasi & <b>menjaga</b> keberlanjutannya. "
    save_worksheet(
        db, "LK-1", {"isi_komitmen": sentence * 12, "target_jumlah_ide": 2}, lab_info.id, dinkes.id
    )
    pages = pages_text(render_commitments(db, lab_info.id, [dinkes.id]))
    assert len(pages) == 1
    assert "Yang menyatakan," in pages[0] and "keberlanjutannya." in pages[0]
    huge = ("Komitmen panjang 😀 " * 6000) + "AKHIR-TEKS"
    save_worksheet(db, "LK-1", {"isi_komitmen": huge}, lab_info.id, dinkes.id)
    pages = pages_text(render_commitments(db, lab_info.id, [dinkes.id]))
    assert len(pages) > 2
    text = " ".join(pages)
    assert "AKHIR-TEKS" in text
    assert "Demikian pernyataan" in pages[-1] and "Yang menyatakan," in pages[-1]


def test_bad_selection(db, lab) -> None:  # noqa: ANN001
    lab_info = lab[0]
    other = spine_ops.create_lab(db, "Lab lain")
    stranger = spine_ops.add_unit(db, other.id, "Unit lain", UnitType.DINAS)
    with pytest.raises(NotFoundError, match="tidak ada di lab ini"):
        render_commitments(db, lab_info.id, [stranger.id])
    with pytest.raises(ValueError, match="Belum ada unit"):
        render_commitments(db, other.id, [])
    empty = spine_ops.create_lab(db, "Lab kosong")
    with pytest.raises(ValueError, match="Belum ada unit"):
        render_commitments(db, empty.id)


def test_the_demo_lab_prints_every_unit(db, demo_lab) -> None:  # noqa: ANN001
    pack = commitment_data(db, demo_lab.id)
    assert len(pack.statements) == 8
    pdf = render_commitments(db, demo_lab.id)
    pages = pages_text(pdf)
    assert len(pages) == 8
    assert all("PERNYATAAN KOMITMEN BERINOVASI" in p and "Mengetahui," in p for p in pages)
    karangjati = next(p for p in pages if "KECAMATAN KARANGJATI" in p)
    assert "sekurang-kurangnya 1 (satu) ide inovasi" in karangjati
    assert "Wanasari, 13 Oktober 2026" in karangjati
    perumda = next(p for p in pages if "PERUMDA AIR MINUM" in p)
    assert "NIP : NPP 1998.03.021" in perumda
    assert "Ir. Hendro Prasetyo, M.T." in perumda  # the head of Bapperida, the organiser


def test_the_template_file_and_its_rules() -> None:
    text = load_template()
    for key in (
        "{unit}",
        "{kepala_unit}",
        "{nip}",
        "{jabatan}",
        "{target_ide}",
        "{lab}",
        "{pemda}",
        "{momen}",
        "{isi_komitmen}",
    ):
        assert key in text
    template = """# catatan
Pembuka:

Nama : {kepala_unit}
NIP : {nip}

dengan ini {unit} menyatakan {tidak_dikenal}
dan seterusnya.

1. satu {unit};
sambungan satu.
2. dua.

Khusus:
{isi_komitmen}
"""
    values = {"kepala_unit": "A <b>", "nip": "1", "unit": "U & V", "isi_komitmen": ""}
    blocks = fill(template, values)
    assert [b.kind for b in blocks] == ["para", "identity", "para", "list"]
    assert blocks[0].items == (("", "Pembuka:"),)
    assert blocks[1].items == (("Nama", "A <b>"), ("NIP", "1"))
    assert blocks[2].items == (("", "dengan ini U & V menyatakan {tidak_dikenal} dan seterusnya."),)
    assert blocks[3].items == (("1.", "satu U & V; sambungan satu."), ("2.", "dua."))
    with_isi = fill(template, {**values, "isi_komitmen": "Isi\nbaris dua"})
    assert with_isi[-1].items == (("", "Khusus:\nIsi\nbaris dua"),)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (25, "dua puluh lima"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (2026, "dua ribu dua puluh enam"),
        (1_500_000, "satu juta lima ratus ribu"),
    ],
)
def test_terbilang(n: int, words: str) -> None:
    assert terbilang(n) == words


def test_small_helpers() -> None:
    assert number_with_words(2) == "2 (dua)"
    assert number_with_words(None) == "........"
    assert moments_for("both") == ("drum_up", "launch")
    assert moments_for("launch") == ("launch",)
    assert moments_for("drum_up") == ("drum_up",)
    assert commitment_filename("Dinas Kesehatan & <KB>") == "Pernyataan_Komitmen_Dinas_Kesehatan_KB.pdf"
    assert commitment_filename(None) == "Pernyataan_Komitmen_semua_unit.pdf"


def test_export_for_a_task_runner_reports_progress_and_can_be_cancelled(db, lab, tmp_path) -> None:  # noqa: ANN001
    from labinovasi.reports.commitment_pdf import export_commitments

    lab_info, dinkes, bappeda, camat = lab
    out = tmp_path / "komitmen.pdf"
    seen: list[tuple[int, int, str]] = []
    assert export_commitments(db, lab_info.id, out, progress=lambda *a: seen.append(a)) == out
    assert seen == [(0, 3, dinkes.name), (1, 3, bappeda.name), (2, 3, camat.name), (3, 3, "")]
    assert len(pages_text(out.read_bytes())) == 3
    asked = iter([False, True])
    again = tmp_path / "batal.pdf"
    assert export_commitments(db, lab_info.id, again, cancelled=lambda: next(asked)) is None
    assert not again.exists()
