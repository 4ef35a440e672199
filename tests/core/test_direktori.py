"""Direktori Inovasi: cover, foreword signed by the head who launched, contents by unit type and unit, one
page per launched innovation with its photo and facts, an index by urusan; nothing launched says so."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from test_poster import size_mm, with_results  # noqa: F401 - a fixture (tests/core is on the path in both lanes)

from labinovasi.ops import spine as spine_ops
from labinovasi.reports.direktori_pdf import render_direktori
from labinovasi.services.launch import launch_record

TODAY = dt.date(2027, 3, 15)


def texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def outline_titles(pdf: bytes) -> list[str]:
    def walk(items: list) -> list[str]:
        out: list[str] = []
        for it in items:
            out += walk(it) if isinstance(it, list) else [it.title]
        return out

    return walk(PdfReader(io.BytesIO(pdf)).outline)


def test_the_book_of_the_demo(db, with_results) -> None:  # noqa: ANN001, F811
    lab, idea = with_results
    pdf = render_direktori(db, lab.id, "a4", today=TODAY)
    pages = texts(pdf)
    assert "DIREKTORI INOVASI" in pages[0] and "Laboratorium Inovasi Kabupaten Wanasari 2026" in pages[0]
    assert pages[1].startswith("Kata Pengantar") or "Kata Pengantar" in pages[1]
    assert "7 (tujuh) inovasi dari 6 (enam) unit kerja" in pages[1]
    assert "Bupati Wanasari" in pages[1] and "H. Ahmad Fauzan Syahputra" in pages[1]
    assert "Daftar Isi" in pages[2] and "Indeks menurut Urusan" in pages[2]
    book = " ".join(pages)
    launched = launch_record(db, lab.id).ideas
    for item in launched:
        assert book.count(item.title.split(" — ")[0]) >= 2  # its page, the contents (and the index)
    assert "1. SIPANDU" in book and "Penerima manfaat 12.400" in book and "Tahapan Penerapan" in book
    assert "Foto belum ada" in book  # the innovations without a photo
    # where each was shown (LK-5b) and who asked to replicate it (LK-5c)
    assert "Dipamerkan di Expo Inovasi Kabupaten Wanasari 2027 (21 April 2027 – 22 April 2027)" in book
    assert "Diminati/direplikasi oleh Dinas Kesehatan Kabupaten Lerengsari (Menyatakan minat)" in book
    images = sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert images == 3  # SIPANDU's (the fixture's), SI CANTIK's and LUNAS PBB's first photos
    titles = outline_titles(pdf)
    assert {
        "Kata Pengantar",
        "Dinas",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Indeks menurut Urusan",
    } <= set(titles)
    assert pages[-1].startswith("Laboratorium Inovasi") and "Indeks menurut Urusan" in pages[-1]
    assert "Administrasi kependudukan dan pencatatan sipil" in pages[-1]


def test_f4_and_nothing_launched(db, with_results) -> None:  # noqa: ANN001, F811
    lab, _idea = with_results
    assert size_mm(render_direktori(db, lab.id, "f4", today=TODAY)) == (215, 330)
    empty = spine_ops.create_lab(db, "Lab kosong")
    with pytest.raises(ValueError, match="Belum ada inovasi yang diluncurkan"):
        render_direktori(db, empty.id)
