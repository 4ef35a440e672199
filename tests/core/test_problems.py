"""The problem chain of Diagnose: LK-2b problems → APKL (LK-2c) → USG (LK-2d), its recap and its PDFs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import ensure_problem_ids, save_worksheet
from labinovasi.reports.base import DocumentInfo, build, content_width
from labinovasi.reports.problems_pdf import apkl_blank_body, apkl_filled_body, usg_blank_body, usg_filled_body
from labinovasi.reports.worksheet_pdf import identity_table
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.problems import (
    apkl_view,
    by_rank,
    merge_usg,
    parse_problems,
    problem_rows,
    top_problems,
    usg_view,
)
from labinovasi.services.worksheets import load_worksheet

MARKUP = "Biaya < 5 juta & <b>cepat</b>"

PROBLEMS = [
    {"_id": "p1", "no": 1, "uraian": "Antrean panjang di loket"},
    {"_id": "p2", "no": 2, "uraian": MARKUP},
    {"_id": "p3", "no": 3, "uraian": "Data penduduk ganda"},
    {"_id": "p4", "no": 4, "uraian": "Jembatan rusak (bukan kewenangan)"},
]
YES = {"aktual": True, "problematik": True, "kekhalayakan": True, "kelayakan": True}


@pytest.fixture
def unit(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji 2026")
    u = spine_ops.add_unit(db, lab.id, "Kecamatan Uji", UnitType.KECAMATAN)
    save_worksheet(db, "LK-2b", {"masalah": PROBLEMS}, lab.id, u.id)
    return lab, u


def ctx_of(db, unit) -> WorksheetContext:  # noqa: ANN001
    lab, u = unit
    return WorksheetContext(db, lab.id, u.id)


def save(db, unit, code: str, data: dict) -> None:  # noqa: ANN001
    lab, u = unit
    save_worksheet(db, code, data, lab.id, u.id)


def screened(db, unit, gone_answer: bool = True) -> None:  # noqa: ANN001
    """p1, p2, p3 pass; p4 fails on kelayakan; plus an answer for a problem deleted from LK-2b."""
    rows = [
        {"masalah": "p3", **YES},
        {"masalah": "p4", **YES, "kelayakan": False, "keterangan": "Kewenangan Dinas PUPR & <i>provinsi</i>"},
        {"masalah": "p1", **YES, "keterangan": MARKUP},
        {"masalah": "p2", **YES},
    ]
    if gone_answer:
        rows.append({"masalah": "gone", **YES, "keterangan": "masalah yang sudah dihapus"})
    save(db, unit, "LK-2c", {"apkl": rows})


# --- LK-2b --------------------------------------------------------------------------------------------


def test_problem_rows_keep_lk2b_order_ids_and_numbers(db, unit) -> None:  # noqa: ANN001
    problems = problem_rows(ctx_of(db, unit))
    assert [(p.id, p.number, p.uraian) for p in problems] == [
        ("p1", 1, "Antrean panjang di loket"),
        ("p2", 2, MARKUP),
        ("p3", 3, "Data penduduk ganda"),
        ("p4", 4, "Jembatan rusak (bukan kewenangan)"),
    ]
    assert problems[0].label == "1. Antrean panjang di loket"
    # without a "No", the position numbers the problem
    assert [p.number for p in parse_problems({"masalah": [{"uraian": "a"}, {"uraian": "b", "no": 7}]})] == [
        1,
        7,
    ]


def test_rows_stored_without_ids_get_ids_once(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Lama")
    u = spine_ops.add_unit(db, lab.id, "Dinas Lama", UnitType.DINAS)
    save_worksheet(
        db,
        "LK-2b",
        {"masalah": [{"uraian": "tanpa id"}, {"_id": "ada", "uraian": "dengan id"}]},
        lab.id,
        u.id,
    )
    ctx = WorksheetContext(db, lab.id, u.id)
    assert [p.id for p in problem_rows(ctx)] == ["", "ada"]
    assert ensure_problem_ids(ctx) == 1
    ids = [p.id for p in problem_rows(ctx)]
    assert ids[0] and ids[1] == "ada"
    assert ensure_problem_ids(ctx) == 0
    assert [p.id for p in problem_rows(ctx)] == ids  # stable once stored
    assert [r["uraian"] for r in load_worksheet(db, "LK-2b", lab.id, u.id).data["masalah"]] == [
        "tanpa id",
        "dengan id",
    ]


# --- APKL ---------------------------------------------------------------------------------------------


def test_apkl_view_merges_answers_by_problem_id_in_lk2b_order(db, unit) -> None:  # noqa: ANN001
    screened(db, unit)
    rows = apkl_view(ctx_of(db, unit))
    assert [r.problem.id for r in rows] == ["p1", "p2", "p3", "p4"]  # "gone" is not shown
    assert [r.result for r in rows] == [True, True, True, False]
    assert rows[0].keterangan == MARKUP
    assert rows[3].value("kelayakan", "ya_tidak") is False
    assert rows[3].value("aktual", "ya_tidak") is True
    # the answer of the deleted problem stays in the stored data
    stored = load_worksheet(db, "LK-2c", *[x.id for x in unit]).data["apkl"]
    assert [r["masalah"] for r in stored] == ["p3", "p4", "p1", "p2", "gone"]


def test_apkl_unanswered_problem_has_no_result_and_a_restored_problem_gets_its_answers_back(db, unit) -> None:  # noqa: ANN001
    save(db, unit, "LK-2c", {"apkl": [{"masalah": "p1", "aktual": True}, {"masalah": "gone", **YES}]})
    rows = apkl_view(ctx_of(db, unit))
    assert [r.result for r in rows] == [None, None, None, None]
    assert rows[0].answers["aktual"] is True and rows[1].answers == {}
    save(db, unit, "LK-2b", {"masalah": PROBLEMS + [{"_id": "gone", "uraian": "Kembali lagi"}]})
    rows = apkl_view(ctx_of(db, unit))
    assert rows[-1].problem.uraian == "Kembali lagi" and rows[-1].result is True


def test_apkl_score_mode_passes_from_three_and_totals(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    update_lab_settings(db, lab.id, apkl_mode="skor")
    save(
        db,
        unit,
        "LK-2c",
        {
            "apkl": [
                {
                    "masalah": "p1",
                    "aktual_skor": 5,
                    "problematik_skor": 4,
                    "kekhalayakan_skor": 3,
                    "kelayakan_skor": 3,
                },
                {
                    "masalah": "p2",
                    "aktual_skor": 5,
                    "problematik_skor": 5,
                    "kekhalayakan_skor": 5,
                    "kelayakan_skor": 2,
                },
                {
                    "masalah": "p3",
                    "aktual_skor": 4,
                    "problematik_skor": 4,
                    **YES,
                },  # ya/tidak answers are kept, unused
            ]
        },
    )
    rows = apkl_view(ctx_of(db, unit))
    assert [(r.result, r.total) for r in rows] == [(True, 15), (False, 17), (None, None), (None, None)]
    assert rows[2].value("aktual", "skor") == 4 and rows[2].answers["aktual"] is True


# --- USG ----------------------------------------------------------------------------------------------


def test_usg_view_shows_only_passing_problems_ranked_by_sum_with_ties_by_s(db, unit) -> None:  # noqa: ANN001
    screened(db, unit)
    save(
        db,
        unit,
        "LK-2d",
        {
            "usg": [
                {"masalah": "p1", "u": 5, "s": 3, "g": 4},  # 12
                {"masalah": "p2", "u": 3, "s": 5, "g": 4, "dipilih": True},  # 12, higher S → first
                {"masalah": "p3", "u": 2, "s": 2},  # not fully scored
                {"masalah": "p4", "u": 5, "s": 5, "g": 5},  # fails APKL: kept, not shown
            ]
        },
    )
    rows = usg_view(ctx_of(db, unit))
    assert [r.problem.id for r in rows] == ["p1", "p2", "p3"]
    assert [(r.total, r.rank) for r in rows] == [(12, 2), (12, 1), (None, None)]
    assert [r.dipilih for r in rows] == [False, True, False]
    assert [r.problem.id for r in by_rank(rows)] == ["p2", "p1", "p3"]
    assert rows[1].is_top


def test_usg_product_mode_and_full_ties(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    screened(db, unit)
    update_lab_settings(db, lab.id, usg_mode="kali")
    save(
        db,
        unit,
        "LK-2d",
        {
            "usg": [
                {"masalah": "p1", "u": 2, "s": 2, "g": 5},  # sum 9, product 20
                {"masalah": "p2", "u": 4, "s": 3, "g": 2},  # sum 9, product 24
                {"masalah": "p3", "u": 4, "s": 3, "g": 2},  # the same as p2: shares its rank
            ]
        },
    )
    rows = usg_view(ctx_of(db, unit))
    assert [(r.problem.id, r.total, r.rank) for r in rows] == [("p1", 20, 3), ("p2", 24, 1), ("p3", 24, 1)]
    # the same scores summed
    summed = merge_usg(
        [r.problem for r in rows], load_worksheet(db, "LK-2d", lab.id, unit[1].id).data, "jumlah"
    )
    assert [(r.total, r.rank) for r in summed] == [(9, 3), (9, 1), (9, 1)]  # ties: S 3 > S 2; 1, 1, 3


def test_usg_view_is_empty_until_problems_pass_apkl(db, unit) -> None:  # noqa: ANN001
    save(db, unit, "LK-2d", {"usg": [{"masalah": "p1", "u": 5, "s": 5, "g": 5}]})
    assert usg_view(ctx_of(db, unit)) == []


# --- the lab's recap ----------------------------------------------------------------------------------


def test_top_problems_of_the_demo_lab(db, demo_lab) -> None:  # noqa: ANN001
    top = top_problems(db, demo_lab.id, 2)
    by_unit: dict[str, list[tuple[int, int, int, bool]]] = {}
    for t in top:
        by_unit.setdefault(t.unit, []).append((t.number, t.total, t.rank, t.dipilih))
    assert by_unit == {
        "Dinas Kependudukan dan Pencatatan Sipil": [(1, 13, 1, True), (2, 12, 2, True)],
        "Kecamatan Sidomukti": [(2, 12, 1, True), (1, 12, 2, True)],  # a tie broken by S
        "UPTD Puskesmas Karangjati": [(1, 14, 1, True), (2, 11, 2, True)],
    }
    first = top[0]
    assert first.uraian.startswith("Antrean panjang") and (first.u, first.s, first.g) == (5, 4, 4)
    units = [u.name for u in svc.list_units(db, demo_lab.id)]
    assert [t.unit for t in top] == sorted((t.unit for t in top), key=units.index)  # the lab's unit order


def test_top_problems_include_a_chosen_problem_ranked_lower(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    screened(db, unit)
    save(
        db,
        unit,
        "LK-2d",
        {
            "usg": [
                {"masalah": "p1", "u": 5, "s": 5, "g": 5},
                {"masalah": "p2", "u": 4, "s": 4, "g": 4},
                {"masalah": "p3", "u": 1, "s": 1, "g": 1, "dipilih": True},
            ]
        },
    )
    top = top_problems(db, lab.id, 1)
    assert [(t.number, t.rank, t.dipilih, t.unit) for t in top] == [
        (1, 1, False, "Kecamatan Uji"),
        (3, 3, True, "Kecamatan Uji"),
    ]
    assert top[1].uraian == "Data penduduk ganda"


# --- PDF ----------------------------------------------------------------------------------------------


def render(body: list, paper: str = "a4") -> bytes:
    info = DocumentInfo(
        title="Uji", lab="Lab Uji", unit="Kecamatan Uji", code="LK-2x", paper=paper, landscape=True
    )
    return build(
        [
            identity_table([("Lab", "Lab Uji"), ("Unit", "Kecamatan Uji")], content_width(info)),
            Spacer(1, 3 * mm),
        ]
        + body,
        info,
    )


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def width_of(paper: str = "a4") -> float:
    return content_width(DocumentInfo(title="x", paper=paper, landscape=True))


def test_apkl_filled_pdf_yes_no(db, unit) -> None:  # noqa: ANN001
    screened(db, unit)
    ctx = ctx_of(db, unit)
    data = load_worksheet(db, "LK-2c", *[x.id for x in unit]).data
    text = pdf_text(render(apkl_filled_body(ctx.template("LK-2c"), data, width_of(), ctx)))
    assert MARKUP in text  # problem 2 and problem 1's note, literally
    assert "Kewenangan Dinas PUPR & <i>provinsi</i>" in text
    assert "4. Jembatan" not in text and "Jembatan rusak (bukan kewenangan)" in text
    assert text.count("Tidak memenuhi") == 1 and text.count("Memenuhi") == 3
    assert "Ya Ya Ya Tidak Tidak memenuhi" in text
    assert "3 dari 4 isu memenuhi syarat dan dilanjutkan ke penilaian USG (LK-2d)." in text
    assert "masalah yang sudah dihapus" not in text
    assert "(Ya/Tidak)" in text and "Total" not in text


def test_apkl_filled_pdf_score_mode(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    update_lab_settings(db, lab.id, apkl_mode="skor")
    save(
        db,
        unit,
        "LK-2c",
        {
            "apkl": [
                {
                    "masalah": "p1",
                    "aktual_skor": 5,
                    "problematik_skor": 4,
                    "kekhalayakan_skor": 3,
                    "kelayakan_skor": 3,
                },
                {
                    "masalah": "p2",
                    "aktual_skor": 5,
                    "problematik_skor": 5,
                    "kekhalayakan_skor": 5,
                    "kelayakan_skor": 2,
                },
            ]
        },
    )
    ctx = ctx_of(db, unit)
    data = load_worksheet(db, "LK-2c", lab.id, unit[1].id).data
    text = pdf_text(render(apkl_filled_body(ctx.template("LK-2c"), data, width_of(), ctx)))
    assert "5 4 3 3 15 Memenuhi" in text and "5 5 5 2 17 Tidak memenuhi" in text
    assert "(1–5)" in text and "Total" in text
    assert "1 dari 4 isu memenuhi syarat" in text
    assert "setiap kriteria bernilai 3 atau lebih" in text


def test_usg_filled_pdf_sorted_by_rank_with_formula(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    screened(db, unit)
    save(
        db,
        unit,
        "LK-2d",
        {
            "usg": [
                {"masalah": "p1", "u": 5, "s": 3, "g": 4},
                {"masalah": "p2", "u": 3, "s": 5, "g": 4, "dipilih": True},
                {"masalah": "p3", "u": 5, "s": 5, "g": 5},
            ]
        },
    )
    ctx = ctx_of(db, unit)
    data = load_worksheet(db, "LK-2d", lab.id, unit[1].id).data
    text = pdf_text(render(usg_filled_body(ctx.template("LK-2d"), data, width_of("f4"), ctx), "f4"))
    assert "Total = U + S + G; nilai sama diurutkan menurut S, lalu U, lalu G." in text
    assert "3 isu lolos APKL dari 4" in text
    order = [text.index(s) for s in ("3 Data penduduk ganda", f"2 {MARKUP}", "1 Antrean panjang di loket")]
    assert order == sorted(order)  # by rank: 15, then 12 with S 5, then 12 with S 3
    assert "5 5 5 15 1" in text and "3 5 4 12 2 Ya" in text and "5 3 4 12 3" in text
    assert f"Prioritas terpilih: 2. {MARKUP}" in text
    assert "sangat tidak mendesak" in text
    update_lab_settings(db, lab.id, usg_mode="kali")
    ctx = ctx_of(db, unit)
    text = pdf_text(render(usg_filled_body(ctx.template("LK-2d"), data, width_of(), ctx)))
    assert "Total = U × S × G" in text and "5 5 5 125 1" in text and "3 5 4 60 2" in text


def test_blank_pdfs_in_both_modes_on_one_landscape_page(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    for apkl_mode, usg_mode in (("ya_tidak", "jumlah"), ("skor", "kali")):
        update_lab_settings(db, lab.id, apkl_mode=apkl_mode, usg_mode=usg_mode)
        ctx = ctx_of(db, unit)
        for paper in ("a4", "f4"):
            pdf = render(apkl_blank_body(ctx.template("LK-2c"), width_of(paper), ctx), paper)
            assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
            text = pdf_text(pdf)
            assert "Isu (dari LK-2b)" in text and "10" in text and "Antrean" not in text
            if apkl_mode == "skor":
                assert "(1–5)" in text and "sangat tidak" in text and "Ya / Tidak" not in text
            else:
                assert text.count("Ya / Tidak") == 40 and "lingkari Ya atau Tidak" in text
            pdf = render(usg_blank_body(ctx.template("LK-2d"), width_of(paper), ctx), paper)
            assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
            text = pdf_text(pdf)
            assert ("Total = U × S × G" if usg_mode == "kali" else "Total = U + S + G") in text
            for word in (
                "sangat tidak mendesak",
                "cukup serius",
                "sangat berkembang",
                "Peringkat",
                "Prioritas",
            ):
                assert word in text
            assert all(f" {n} " in f" {text} " for n in range(1, 11))


def test_pdfs_are_landscape_on_f4_and_a4(db, unit) -> None:  # noqa: ANN001
    ctx = ctx_of(db, unit)
    assert page_size_mm(render(usg_blank_body(ctx.template("LK-2d"), width_of("f4"), ctx), "f4")) == (
        330,
        215,
    )
    assert page_size_mm(render(apkl_blank_body(ctx.template("LK-2c"), width_of(), ctx))) == (297, 210)


def test_pdfs_without_context_and_with_a_very_long_problem(db, unit) -> None:  # noqa: ANN001
    lab, _u = unit
    long_text = ("Masalah sangat panjang & <tag> " * 4000)[:100_000]
    save(db, unit, "LK-2b", {"masalah": [{"_id": "p1", "uraian": long_text + " AKHIR"}]})
    save(db, unit, "LK-2c", {"apkl": [{"masalah": "p1", **YES}]})
    save(db, unit, "LK-2d", {"usg": [{"masalah": "p1", "u": 4, "s": 4, "g": 4, "dipilih": True}]})
    ctx = ctx_of(db, unit)
    data = load_worksheet(db, "LK-2c", lab.id, unit[1].id).data
    pdf = render(apkl_filled_body(ctx.template("LK-2c"), data, width_of(), ctx))
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 5
    text = pdf_text(pdf)
    assert "AKHIR" in text and "& <tag>" in text
    # the table shows the start; the whole text follows the table
    assert "(teks lengkap di bawah tabel)" in text and "Isu no. 1 (teks lengkap)" in text
    assert text.index("Ya Ya Ya Ya Memenuhi") < text.index("Isu no. 1 (teks lengkap)") < text.index("AKHIR")
    usg = load_worksheet(db, "LK-2d", lab.id, unit[1].id).data
    assert "AKHIR" in pdf_text(render(usg_filled_body(ctx.template("LK-2d"), usg, width_of(), ctx)))
    # without a context the stored rows print as they are
    text = pdf_text(render(usg_filled_body(ctx.template("LK-2d"), usg, width_of(), None)))
    assert "4 4 4 12 1 Ya" in text and "Total = U + S + G" in text
    text = pdf_text(render(apkl_filled_body(ctx.template("LK-2c"), data, width_of(), None)))
    assert "Ya Ya Ya Ya Memenuhi" in text


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
