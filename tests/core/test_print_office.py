"""Printing like a government office: the kop on the plan, one style of signature, one line for parts
not filled, the risk table's header, years without a thousands mark, compact option lists."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from labinovasi.reports.base import DocumentInfo, build
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.flowables import OptionBoxes, SignatureBlock, format_nip, split_jabatan
from labinovasi.reports.unit_plan import render_unit_plan
from labinovasi.reports.worksheet_pdf import format_value, render_filled_worksheet
from labinovasi.services import labs as svc
from labinovasi.worksheets.registry import default_registry


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def plans(db, demo_lab) -> dict[str, list[str]]:  # noqa: ANN001
    """The plan of each demo unit, as page texts, by unit name."""
    return {
        u.name: pages_text(render_unit_plan(unit_plan_data(db, demo_lab.id, u.id), "f4"))
        for u in svc.list_units(db, demo_lab.id)[:3]
    }


def test_the_plan_cover_carries_the_kop(plans: dict[str, list[str]], demo_lab) -> None:  # noqa: ANN001
    for pages in plans.values():
        cover = pages[0]
        assert cover.startswith(f"PEMERINTAH {demo_lab.pemda.upper()} {demo_lab.name.upper()}")
        assert "RENCANA PROYEK INOVASI" in cover and "Halaman" not in cover
        assert cover.endswith(str(demo_lab.year))
        assert all(p.startswith(demo_lab.name) for p in pages[1:])  # the running header after the cover


def test_an_idea_not_yet_designed_prints_one_line_not_a_heading_per_worksheet(plans) -> None:  # noqa: ANN001
    text = " ".join(plans["Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"])
    assert text.count("belum diisi") == 1  # was one "… belum diisi." per part
    assert (
        "Belum diisi: Kanvas inovasi (LK-3), Rancang bangun inovasi (LK-3a), Rencana aksi dan jadwal (Gantt) "
        "(LK-3b), Tonggak capaian (LK-3c), Pemangku kepentingan dan risiko (LK-3d), Catatan review (LK-3e)."
    ) in text
    assert "5.1.1 Kartu ide inovasi (LK-2f)" in text and "5.1.2" not in text


def test_a_designed_idea_numbers_only_its_filled_parts(plans) -> None:  # noqa: ANN001
    text = " ".join(plans["Dinas Kependudukan dan Pencatatan Sipil"])
    assert "5.1.2 Kanvas inovasi (LK-3)" in text and "5.1.6 Pemangku kepentingan dan risiko (LK-3d)" in text


def test_the_risk_table_header_says_its_scale_once_and_whole(db, demo_lab) -> None:  # noqa: ANN001
    unit = svc.list_units(db, demo_lab.id)[0]
    idea = svc.list_ideas(db, unit.id)[0]
    from labinovasi.services.worksheets import load_worksheet

    t = default_registry().get("LK-3d")
    data = load_worksheet(db, "LK-3d", demo_lab.id, unit.id, idea.id).data
    assert data.get("risiko"), "the demo idea has risks"
    for paper in ("a4", "f4"):
        raw = " ".join(
            (p.extract_text() or "")
            for p in PdfReader(
                io.BytesIO(render_filled_worksheet(t, data, paper, demo_lab.name, unit.name, idea.title))
            ).pages
        )
        text = " ".join(raw.split())
        assert "Kemungkinan (1–5) Dampak (1–5)" in text
        assert "(1–5) (1–5)" not in text
        assert "Kemungkinan" in raw.split()  # the word is not split over two lines


def test_signature_puts_the_post_under_the_underlined_name_and_groups_the_nip() -> None:
    assert split_jabatan("Dr. Rina K., M.Si. (Analis Kebijakan Ahli Madya, LAN RI)") == (
        "Dr. Rina K., M.Si.",
        "Analis Kebijakan Ahli Madya, LAN RI",
    )
    assert split_jabatan("Ir. Hendro (Bapak) Prasetyo") == ("Ir. Hendro (Bapak) Prasetyo", "")
    assert split_jabatan("") == ("", "")
    assert format_nip("197002201996031002") == "19700220 199603 1 002"
    info = DocumentInfo(title="Uji")
    pdf = build(
        [
            SignatureBlock(
                [
                    ("Kepala Unit", "Ir. Hendro Prasetyo, M.T.", "197002201996031002"),
                    ("Fasilitator", "Dr. Rina K., M.Si. (Analis Kebijakan Ahli Madya)", ""),
                ]
            )
        ],
        info,
    )
    lines = (PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").splitlines()
    assert "Dr. Rina K., M.Si." in [x.strip() for x in lines]
    assert "Analis Kebijakan Ahli Madya" in [x.strip() for x in lines]
    assert any("NIP 19700220 199603 1 002" in x for x in lines)


def test_a_year_prints_without_a_thousands_mark(db, demo_lab) -> None:  # noqa: ANN001
    t = default_registry().get("LK-0")
    year = next(f for f in t.fields if f.key == "tahun")
    assert format_value(year, 2026) == "2026"
    budget = next(f for f in default_registry().get("LK-2f").fields if f.key == "perkiraan_anggaran")
    assert format_value(budget, 120000000) == "Rp 120.000.000"  # other numbers keep theirs
    text = " ".join(pages_text(render_filled_worksheet(t, {"tahun": 2026, "nama_lab": "Lab"}, "a4")))
    assert "2026" in text and "2.026" not in text


def test_a_long_option_list_takes_two_columns_and_wraps_the_longest_labels() -> None:
    long = "Ketenteraman, ketertiban umum dan pelindungan masyarakat"
    labels = [
        "Pendidikan",
        "Kesehatan",
        "Pekerjaan umum dan penataan ruang",
        long,
        "Sosial",
        "Tenaga kerja",
        "Pangan",
        "Pertanahan",
        "Lingkungan hidup",
        "Perhubungan",
        "Statistik",
        "Persandian",
    ]
    boxes = OptionBoxes(labels)
    _w, h = boxes.wrap(174 * mm, 500 * mm)
    assert boxes.cols >= 2  # the one long label does not decide the layout
    assert h <= len(labels) / 2 * OptionBoxes.ROW + OptionBoxes.LINE + 1 * mm
    pdf = build([boxes], DocumentInfo(title="Uji"))
    text = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert long in text  # wrapped onto a second line, not clipped
