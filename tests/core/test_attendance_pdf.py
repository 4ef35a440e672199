"""Daftar Hadir PDF: the text on the pages is the session and its people, literally, with numbered
signature places alternating left and right, empty rows for walk-ins, on A4 and F4."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.reports.attendance_pdf import render_daftar_hadir, session_day
from labinovasi.reports.base import PaperError
from labinovasi.reports.common import attendance_filename
from labinovasi.services import sessions as ss

MARKUP_NAME = "Ani <b>Rahma</b> & Co"


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def sign_numbers(pdf: bytes) -> list[tuple[int, float, float, int]]:
    """(number, x, y, page) of every "n." printed in a signature cell."""
    found: list[tuple[int, float, float, int]] = []
    for page_no, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(text, cm, tm, _font, _size, page_no=page_no):  # noqa: ANN001, ANN202
            m = re.fullmatch(r"\s*(\d+)\.\s*", text)
            if m:
                found.append((int(m.group(1)), cm[4] + tm[4], cm[5] + tm[5], page_no))

        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def session(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(
        db,
        "Laboratorium Inovasi Kabupaten Uji 2026",
        pemda="Kabupaten Uji",
        city="Ujiharjo",
        organizer="Bappeda Kabupaten Uji",
        facilitator="Dr. Fasilitator, M.Si.",
    )
    dinkes = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    camat = spine_ops.add_unit(db, lab.id, "Kecamatan Aman & <i>Damai</i>", UnitType.KECAMATAN)
    spine_ops.add_person(
        db, lab.id, "Zaenal Arifin", dinkes.id, nip="198001012005011001", jabatan="Kepala Seksi"
    )
    spine_ops.add_person(
        db,
        lab.id,
        MARKUP_NAME,
        dinkes.id,
        PersonRole.KETUA_TIM,
        nip="199203142015032001",
        jabatan="Analis <Kebijakan>",
    )
    spine_ops.add_person(db, lab.id, "Budi Santoso", camat.id, nip="NPP 1998.03.021", jabatan="Camat")
    s = session_ops.add_session(
        db,
        lab.id,
        Stage.DRUM_UP,
        "Pembukaan & <b>materi</b> inspirasi",
        "2026-10-13",
        "08.00–12.00 WIB",
        "Pendopo Agung",
    )
    return lab, s


def test_the_list_shows_the_lab_the_session_and_every_participant_literally(db, session) -> None:  # noqa: ANN001
    lab, s = session
    pdf = render_daftar_hadir(db, s.id, "a4", walk_in_rows=4)
    pages = pages_text(pdf)
    text = flat(" ".join(pages))
    assert page_size_mm(pdf) == (210, 297)
    for i, page in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in page
        # the first page opens with the kop, with no running header above it; the pages after have one
        assert ("Laboratorium Inovasi Kabupaten Uji 2026" in page) == (i > 1)
    assert flat(pages[0]).startswith("PEMERINTAH KABUPATEN UJI LABORATORIUM INOVASI KABUPATEN UJI 2026")
    assert "PEMERINTAH KABUPATEN UJI" in text
    assert "DAFTAR HADIR" in text
    assert "Pembukaan & <b>materi</b> inspirasi" in text
    assert "Drum-up (tahap 1 dari 5D+1)" in text
    assert "Selasa, 13 Oktober 2026" in text
    assert "08.00–12.00 WIB" in text and "Pendopo Agung" in text
    for header in ("No", "Nama", "NIP", "Jabatan", "Unit", "Tanda tangan"):
        assert header in text
    assert MARKUP_NAME in text
    assert "Analis <Kebijakan>" in text
    assert "Kecamatan Aman & <i>Damai</i>" in text
    assert "19920314 201503 2 001" in text  # an 18-digit NIP printed the official way
    assert "NPP 1998.03.021" in text  # anything else as typed
    # people by unit (in the lab's order), then by name
    assert text.index(MARKUP_NAME) < text.index("Zaenal Arifin") < text.index("Budi Santoso")
    assert "Ujiharjo, 13 Oktober 2026" in text
    assert "Mengetahui," in text and "Fasilitator Laboratorium Inovasi" in text
    assert "Dr. Fasilitator, M.Si." in text


def test_signature_places_alternate_left_and_right_and_walk_in_rows_are_numbered(db, session) -> None:  # noqa: ANN001
    _lab, s = session
    pdf = render_daftar_hadir(db, s.id, "a4", walk_in_rows=5)
    numbers = sign_numbers(pdf)
    assert [n for n, *_rest in numbers] == [1, 2, 3, 4, 5, 6, 7, 8]  # 3 people + 5 empty rows
    left = {round(x) for n, x, _y, _p in numbers if n % 2}
    right = {round(x) for n, x, _y, _p in numbers if not n % 2}
    assert len(left) == 1 and len(right) == 1
    assert min(right) - min(left) > 40  # the right half of the signature cell (about 19 mm further)
    ys = [y for _n, _x, y, _p in numbers]
    gaps = [a - b for a, b in zip(ys, ys[1:], strict=False)]
    assert all(g >= 28 for g in gaps)  # rows at least 10 mm tall: room to sign
    no_column = [
        ln.split()[0] for ln in pages_text(pdf)[0].splitlines() if ln.split() and ln.split()[0].isdigit()
    ]
    assert no_column[-5:] == ["4", "5", "6", "7", "8"]


def test_no_walk_in_rows_and_only_present(db, session) -> None:  # noqa: ANN001
    lab, s = session
    zaenal = next(p for p in ss.list_participants(db, lab.id) if p.name == "Zaenal Arifin")
    session_ops.set_present(db, s.id, zaenal.id, True)
    pdf = render_daftar_hadir(db, s.id, walk_in_rows=0, only_present=True)
    text = flat(" ".join(pages_text(pdf)))
    assert "Zaenal Arifin" in text
    assert "Budi Santoso" not in text and MARKUP_NAME not in text
    assert "Jumlah yang hadir: 1 orang" in text
    assert [n for n, *_r in sign_numbers(pdf)] == [1]


def test_f4_paper_and_bad_paper_or_row_count(db, session) -> None:  # noqa: ANN001
    _lab, s = session
    pdf = render_daftar_hadir(db, s.id, "f4")
    assert page_size_mm(pdf) == (215, 330)
    with pytest.raises(PaperError, match="Ukuran kertas tidak dikenal"):
        render_daftar_hadir(db, s.id, "letter")
    for bad in (-1, 501, True, "3"):
        with pytest.raises(ValueError, match="Jumlah baris kosong harus 0–500"):
            render_daftar_hadir(db, s.id, walk_in_rows=bad)  # type: ignore[arg-type]


def test_a_long_list_repeats_its_header_and_never_leaves_the_signature_alone(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Besar", city="Kota")
    unit = spine_ops.add_unit(
        db, lab.id, "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", UnitType.BADAN
    )
    for i in range(20):
        spine_ops.add_person(
            db, lab.id, f"Peserta {i:03d}", unit.id, nip="196905141994031006", jabatan="Staf"
        )
    s = session_ops.add_session(db, lab.id, Stage.DIAGNOSE, "Diagnose")
    for rows in range(0, 26):
        pdf = render_daftar_hadir(db, s.id, walk_in_rows=rows)
        pages = pages_text(pdf)
        for page in pages:
            assert "Tanda tangan" in page  # the table's header on every page
        last = sign_numbers(pdf)
        last_page = len(pages)
        assert last[-1][0] == 20 + rows
        assert "Mengetahui," in pages[-1]
        assert any(p == last_page for *_r, p in last), f"{rows} empty rows: the signature stands alone"


def test_the_demo_sessions_print(db, demo_lab) -> None:  # noqa: ANN001
    first = ss.list_sessions(db, demo_lab.id)[0]
    text = flat(" ".join(pages_text(render_daftar_hadir(db, first.id))))
    assert "Pembukaan, materi inspirasi inovasi dan penandatanganan komitmen" in text
    assert "Drs. Bambang Setyo Nugroho, M.Si." in text and "19690514 199403 1 006" in text
    assert "Dr. Rina Kusumawardani" in text


def test_file_names_and_day_names() -> None:
    s = ss.SessionInfo(
        uuid.uuid4(),
        uuid.uuid4(),
        Stage.DRUM_UP,
        "Pembukaan & <b>materi</b>/hari 1",
        dt.date(2026, 10, 14),
        "",
        "",
        1,
    )
    assert attendance_filename(s) == "Daftar_Hadir_2026-10-14_Pembukaan_b_materi_b_hari_1.pdf"
    assert session_day(s.date) == "Rabu, 14 Oktober 2026"
    assert session_day(None) == ""


def _images(pdf: bytes, index: int = 0) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[index]["/Resources"]
    xobjects = resources.get("/XObject") or {}
    return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")


def test_the_lab_logo_is_printed_in_the_kop_and_a_broken_one_is_skipped(db, session, tmp_path) -> None:  # noqa: ANN001
    from PIL import Image

    from labinovasi.ops.spine import update_lab_settings
    from labinovasi.reports.common import logo_problem

    lab, s = session
    assert _images(render_daftar_hadir(db, s.id)) == 0
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (200, 240), (10, 90, 40)).save(logo, format="JPEG")
    assert logo_problem(logo) is None
    update_lab_settings(db, lab.id, logo_path=str(logo))
    assert _images(render_daftar_hadir(db, s.id)) == 1
    logo.write_text("rusak")  # broken after it was chosen: the list still prints, without a logo
    assert logo_problem(logo) is not None
    pdf = render_daftar_hadir(db, s.id)
    assert _images(pdf) == 0 and "DAFTAR HADIR" in pages_text(pdf)[0]
    assert logo_problem("") == "Berkas logo belum dipilih."
