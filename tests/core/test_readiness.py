"""LK-2a readiness: unit scores and levels, the lab comparison, answers to items a lab no longer lists,
and the three PDFs (filled, blank for one respondent, all units) read back as text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from sqlalchemy import event

from labinovasi.domain.enums import UnitType
from labinovasi.domain.scoring import readiness_level
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports import worksheet_pdf
from labinovasi.reports.base import DocumentInfo, build
from labinovasi.reports.readiness_pdf import blank_body, filled_body, readiness_chart, render_lab_readiness
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import ReadinessItem, default_readiness_items
from labinovasi.services.readiness import (
    analyse,
    answer_grid,
    by_mean,
    dimension_groups,
    dimension_label,
    format_mean,
    lab_mean,
    lab_readiness,
    level_colour,
    level_index,
    level_legend,
    score_text,
    unit_readiness,
    upgrade_v1,
)
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry

MARKUP = "Ani <b>Staf</b> & Co"
ITEMS = (
    ReadinessItem("p1", "kepemimpinan", "Pimpinan mendorong cara kerja baru."),
    ReadinessItem("p2", "kepemimpinan", "Pimpinan memberi waktu untuk gagasan."),
    ReadinessItem("s1", "sdm", "Pegawai memahami masalah layanan."),
    ReadinessItem("x1", "keuangan_desa", "Dana desa dapat dipakai untuk uji coba & <i>pilot</i>."),
)


def answers(who: str, **scores: int) -> list[dict]:
    return [{"responden": who, "butir": item, "skor": s} for item, s in scores.items()]


def sample() -> dict:
    return {
        "responden": [
            {"_id": "r1", "nama": MARKUP, "jabatan": "Kepala <Seksi>"},
            {"_id": "r2", "nama": "Budi Setiawan"},
        ],
        "jawaban": answers("r1", p1=5, p2=4, s1=3, x1=2) + answers("r2", p1=4, p2=4, s1=2),
    }


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


# --- pure scoring ------------------------------------------------------------------------------------


def test_unit_score_dimension_respondent_and_item_means() -> None:
    r = analyse(sample(), ITEMS)
    # 5+4+3+2 + 4+4+2 = 24 over 7 answers
    assert r.mean == pytest.approx(3.43) and r.level == "Siap"
    assert r.summary.answers == 7 and r.summary.respondents == 2
    assert r.by_dimension == {"kepemimpinan": 4.25, "sdm": 2.5, "keuangan_desa": 2.0}
    assert [(p.respondent.nama, p.mean, p.answers) for p in r.respondents] == [
        (MARKUP, 3.5, 4),
        ("Budi Setiawan", 3.33, 3),
    ]
    assert r.item_means == {"p1": 4.5, "p2": 4.0, "s1": 2.5, "x1": 2.0}
    assert r.scores[("r2", "s1")] == 2 and ("r2", "x1") not in r.scores
    assert r.ignored == 0
    assert score_text(r.summary) == "Rata-rata 3,43 — Siap"


def test_dimensions_keep_the_labs_order_and_an_unknown_dimension_shows_its_key() -> None:
    groups = dimension_groups(ITEMS)
    assert [(g.key, g.label, [i.id for i in g.items]) for g in groups] == [
        ("kepemimpinan", "Dukungan pimpinan", ["p1", "p2"]),
        ("sdm", "Kesiapan SDM", ["s1"]),
        ("keuangan_desa", "keuangan_desa", ["x1"]),
    ]
    assert dimension_label("sumber_daya") == "Sumber daya dan anggaran"
    defaults = dimension_groups(default_readiness_items())
    assert [g.key for g in defaults] == ["kepemimpinan", "sdm", "budaya", "sumber_daya", "regulasi"]
    assert all(len(g.items) == 3 for g in defaults)


@pytest.mark.parametrize(
    ("mean", "level", "index"),
    [
        (1.0, "Belum siap", 0),
        (1.79, "Belum siap", 0),
        (1.8, "Kurang siap", 1),
        (2.59, "Kurang siap", 1),
        (2.6, "Cukup siap", 2),
        (3.39, "Cukup siap", 2),
        (3.4, "Siap", 3),
        (4.19, "Siap", 3),
        (4.2, "Sangat siap", 4),
        (5.0, "Sangat siap", 4),
    ],
)
def test_levels_at_their_bounds(mean: float, level: str, index: int) -> None:
    assert readiness_level(mean) == level and level_index(mean) == index
    assert level_colour(mean) == level_legend()[index][2]
    assert level_legend()[index][0] == level


def test_no_answers_is_no_level_and_formatting() -> None:
    r = analyse({}, ITEMS)
    assert r.mean is None and r.level == "" and r.respondents == () and r.by_dimension == {}
    assert score_text(r.summary) == "Belum ada jawaban"
    assert level_index(None) is None and level_colour(None) == "#9aa5ae"
    assert format_mean(3.456) == "3,46" and format_mean(4) == "4,00" and format_mean(None) == "—"
    assert [(label, rng) for label, rng, _c in level_legend()] == [
        ("Belum siap", "1,00–1,79"),
        ("Kurang siap", "1,80–2,59"),
        ("Cukup siap", "2,60–3,39"),
        ("Siap", "3,40–4,19"),
        ("Sangat siap", "4,20–5,00"),
    ]


def test_answers_to_unlisted_items_or_removed_respondents_are_kept_but_not_counted() -> None:
    data = sample()
    data["jawaban"] += answers("r1", lama_1=1) + answers("hilang", p1=1)
    data["jawaban"] += [{"responden": "r2", "butir": "p1", "skor": 9}, {"responden": "r2", "butir": "p2"}]
    r = analyse(data, ITEMS)
    assert r.mean == pytest.approx(3.43) and r.summary.answers == 7
    assert r.ignored == 2  # lama_1 and the removed respondent; the invalid rows are not answers at all
    assert ("r1", "lama_1") in answer_grid(data) and ("r1", "lama_1") not in r.scores


def test_a_later_answer_for_the_same_cell_wins() -> None:
    data = sample()
    data["jawaban"].append({"responden": "r2", "butir": "s1", "skor": 5})
    r = analyse(data, ITEMS)
    assert r.scores[("r2", "s1")] == 5 and r.summary.answers == 7
    assert r.item_means["s1"] == 4.0


def test_version_1_data_becomes_one_respondent() -> None:
    items = default_readiness_items()
    v1 = {
        "nama_responden": "Sri",
        "jabatan_responden": "Kasi",
        "butir": [
            {
                "dimensi": "sdm",
                "pernyataan": "  pegawai memahami masalah layanan yang dihadapi unit. ",
                "skor": 4,
            },
            {"dimensi": "budaya", "pernyataan": "Pernyataan lain", "skor": 2},
        ],
    }
    v2 = upgrade_v1(v1, items)
    rid = v2["responden"][0]["_id"]
    assert v2["responden"] == [{"_id": rid, "nama": "Sri", "jabatan": "Kasi"}]
    assert v2["jawaban"] == [{"responden": rid, "butir": "sdm_1", "skor": 4}]
    assert upgrade_v1(sample(), items) == sample()


# --- from the database -------------------------------------------------------------------------------


@pytest.fixture
def lab3(db):  # noqa: ANN001, ANN201
    """A lab with its own items and three units at three levels, and one unit without answers."""
    lab = spine_ops.create_lab(db, "Lab Uji Kesiapan")
    update_lab_settings(db, lab.id, readiness_items=ITEMS)
    names = ["Dinas Siap", "Kecamatan Kurang", "Puskesmas Cukup", "Badan Kosong"]
    units = [spine_ops.add_unit(db, lab.id, n, UnitType.DINAS) for n in names]
    people = {"responden": [{"_id": "a", "nama": "A"}, {"_id": "b", "nama": "B"}]}
    save_worksheet(
        db,
        "LK-2a",
        {**people, "jawaban": answers("a", p1=4, p2=4, s1=4, x1=3) + answers("b", p1=4, p2=3, s1=4, x1=4)},
        lab.id,
        units[0].id,
    )
    save_worksheet(
        db,
        "LK-2a",
        {**people, "jawaban": answers("a", p1=2, p2=2, s1=2, x1=1) + answers("b", lama=5)},
        lab.id,
        units[1].id,
    )
    save_worksheet(
        db, "LK-2a", {**people, "jawaban": answers("a", p1=3, p2=3, s1=3, x1=2)}, lab.id, units[2].id
    )
    return lab, units


def test_unit_readiness_from_the_database_and_from_a_context(db, lab3) -> None:  # noqa: ANN001
    lab, units = lab3
    r = unit_readiness(db, units[0].id)
    assert r.mean == pytest.approx(3.75) and r.level == "Siap"
    assert [p.mean for p in r.respondents] == [3.75, 3.75]
    ctx = WorksheetContext(db, lab.id, units[1].id)
    r2 = unit_readiness(ctx)
    assert r2.mean == pytest.approx(1.75) and r2.level == "Belum siap" and r2.ignored == 1
    assert unit_readiness(ctx, units[0].id).mean == pytest.approx(3.75)
    # the stale answer stays in the stored data
    stored = load_worksheet(db, "LK-2a", lab.id, units[1].id).data
    assert {"responden": "b", "butir": "lama", "skor": 5} in stored["jawaban"]
    assert unit_readiness(db, units[3].id).mean is None


def test_lab_comparison_levels_order_and_mean(db, lab3) -> None:  # noqa: ANN001
    lab, units = lab3
    rows = lab_readiness(db, lab.id)
    assert [u.name for u, _s in rows] == [u.name for u in units]  # the lab's unit order
    by_name = {u.name: s for u, s in rows}
    assert (by_name["Dinas Siap"].mean, by_name["Dinas Siap"].level) == (3.75, "Siap")
    assert (by_name["Kecamatan Kurang"].mean, by_name["Kecamatan Kurang"].level) == (1.75, "Belum siap")
    assert (by_name["Puskesmas Cukup"].mean, by_name["Puskesmas Cukup"].level) == (2.75, "Cukup siap")
    assert by_name["Badan Kosong"].mean is None and by_name["Badan Kosong"].respondents == 0
    assert by_name["Dinas Siap"].by_dimension == {"kepemimpinan": 3.75, "sdm": 4.0, "keuangan_desa": 3.5}
    assert [u.name for u, _s in by_mean(rows)] == [
        "Dinas Siap",
        "Puskesmas Cukup",
        "Kecamatan Kurang",
        "Badan Kosong",
    ]
    assert lab_mean(rows) == pytest.approx((3.75 + 1.75 + 2.75) / 3, abs=0.01)


def test_lab_comparison_reads_all_units_in_a_fixed_number_of_queries(db, lab3) -> None:  # noqa: ANN001
    lab, _units = lab3
    for i in range(20):
        unit = spine_ops.add_unit(db, lab.id, f"Unit {i:02}", UnitType.DESA)
        save_worksheet(
            db,
            "LK-2a",
            {"responden": [{"_id": "a", "nama": "A"}], "jawaban": answers("a", p1=3)},
            lab.id,
            unit.id,
        )
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = lab_readiness(db, lab.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(rows) == 24 and sum(1 for _u, s in rows if s.mean == 3.0) == 20
    assert len(statements) <= 3  # the lab, its units, its LK-2a entries


def test_the_demo_lab_has_readiness_at_different_levels(db, demo_lab) -> None:  # noqa: ANN001
    rows = by_mean(lab_readiness(db, demo_lab.id))
    answered = [(u.name, s.level, s.respondents) for u, s in rows if s.mean is not None]
    assert len(answered) >= 3
    assert len({level for _n, level, _r in answered}) >= 3
    assert all(3 <= r <= 5 for _n, _l, r in answered)
    assert answered[0][1] == "Sangat siap"


# --- PDFs ----------------------------------------------------------------------------------------------


@pytest.fixture
def custom_bodies() -> None:
    from labinovasi.reports import readiness_pdf

    template = default_registry().get("LK-2a")
    assert worksheet_pdf.print_body(template, "filled") is readiness_pdf.filled_body
    assert worksheet_pdf.print_body(template, "blank") is readiness_pdf.blank_body


@pytest.mark.parametrize(("paper", "size"), [("a4", (210, 297)), ("f4", (215, 330))])
def test_filled_pdf_shows_score_level_chart_and_every_answer(db, lab3, custom_bodies, paper, size) -> None:  # noqa: ANN001
    lab, units = lab3
    template = default_registry().get("LK-2a")
    data = sample()
    data["jawaban"] += answers("r1", lama=1)
    ctx = WorksheetContext(db, lab.id, units[0].id)
    pdf = worksheet_pdf.render_filled_worksheet(template, data, paper, lab.name, "Dinas <Uji> & Co", ctx=ctx)
    assert page_size_mm(pdf) == size
    text = flat(" ".join(pages_text(pdf)))
    assert "Rata-rata 3,43" in text and "Siap" in text
    assert "2 responden · 7 jawaban dihitung" in text
    assert MARKUP in text and "Kepala <Seksi>" in text and "Dinas <Uji> & Co" in text
    for label in (
        "Dukungan pimpinan",
        "Kesiapan SDM",
        "keuangan_desa",
        "Rata-rata dimensi",
        "Rata-rata responden",
    ):
        assert label in text
    assert "Dana desa dapat dipakai untuk uji coba & <i>pilot</i>." in text
    for value in ("4,25", "2,50", "3,50", "3,33"):  # dimension and respondent means, in table and chart
        assert value in text
    assert "1 jawaban atas butir atau responden yang tidak lagi ada di daftar" in text
    assert "Sangat siap 4,20–5,00" in text  # the chart's legend


def test_filled_body_without_answers_and_with_many_respondents() -> None:
    template = default_registry().get("LK-2a")
    info = DocumentInfo(title=template.title, code="LK-2a")
    width = 174 * mm
    empty = flat(" ".join(pages_text(build(filled_body(template, {}, width, None), info))))
    assert "Belum ada jawaban" in empty and "Belum ada responden" in empty
    assert "Pimpinan unit mendorong staf mencoba cara kerja baru." in empty  # the default items
    items = default_readiness_items()
    people = [{"_id": f"p{i}", "nama": f"Orang {i}"} for i in range(1, 15)]
    data = {
        "responden": people,
        "jawaban": [
            {"responden": p["_id"], "butir": it.id, "skor": 1 + (n + k) % 5}
            for n, p in enumerate(people)
            for k, it in enumerate(items)
        ],
    }
    pdf = build(filled_body(template, data, width, None), info)
    text = flat(" ".join(pages_text(pdf)))
    assert "Responden R1–R7" in text and "Responden R8–R14" in text  # two equal tables of respondents
    assert "R14" in text and "Orang 14" in text
    assert "Rata-rata 3,00 — " not in text and "Rata-rata 3,00" in text and "Cukup siap" in text


@pytest.mark.parametrize(("paper", "size", "pages"), [("a4", (210, 297), 2), ("f4", (215, 330), 1)])
def test_blank_pdf_is_a_questionnaire_for_one_respondent(custom_bodies, paper, size, pages) -> None:  # noqa: ANN001
    template = default_registry().get("LK-2a")
    pdf = worksheet_pdf.render_blank_worksheet(template, paper, "Lab Uji", "Dinas Uji")
    texts = pages_text(pdf)
    assert page_size_mm(pdf) == size and len(texts) == pages
    text = flat(" ".join(texts))
    assert "Nama responden" in text and "Jabatan" in text and "Petunjuk pengisian" in text
    assert "1 = Sangat tidak setuju" in text and "5 = Sangat setuju" in text
    for item in default_readiness_items():
        assert item.statement in text
    for label in (
        "Dukungan pimpinan",
        "Kesiapan SDM",
        "Budaya inovasi",
        "Sumber daya dan anggaran",
        "Regulasi dan sistem",
    ):
        assert label in text
    assert text.count("Skor (centang satu)") == 5
    assert "15 Data kinerja layanan tersedia" in text  # numbered through all dimensions


def test_blank_pdf_uses_the_labs_own_items(db, lab3, custom_bodies) -> None:  # noqa: ANN001
    lab, units = lab3
    template = default_registry().get("LK-2a")
    pdf = worksheet_pdf.render_blank_worksheet(
        template, "a4", lab.name, units[0].name, ctx=WorksheetContext(db, lab.id, units[0].id)
    )
    text = flat(" ".join(pages_text(pdf)))
    assert "Dana desa dapat dipakai untuk uji coba & <i>pilot</i>." in text and "keuangan_desa" in text
    assert "Pimpinan unit mendorong staf" not in text
    assert len(blank_body(template, 174 * mm, None)) > len(
        blank_body(template, 174 * mm, WorksheetContext(db, lab.id))
    )


@pytest.mark.parametrize(("paper", "size"), [("a4", (210, 297)), ("f4", (215, 330))])
def test_lab_readiness_pdf(db, lab3, paper, size) -> None:  # noqa: ANN001
    lab, _units = lab3
    pdf = render_lab_readiness(db, lab.id, paper)
    assert page_size_mm(pdf) == size
    pages = pages_text(pdf)
    assert len(pages) == 1 and "Halaman 1 dari 1" in pages[0]
    text = flat(pages[0])
    assert "Kesiapan Berinovasi Unit" in text and "Lab Uji Kesiapan" in text
    assert "3 dari 4 unit sudah mengisi LK-2a. Rata-rata antarunit 2,75 — Cukup siap." in text
    # the table: most ready first, the unit without answers last
    order = [
        text.index("1 Dinas Siap 2 3,75 Siap"),
        text.index("2 Puskesmas Cukup 1 2,75 Cukup siap"),
        text.index("3 Kecamatan Kurang 1 1,75 Belum siap"),
        text.index("4 Badan Kosong 0 — Belum ada jawaban"),
    ]
    assert order == sorted(order)
    assert "3,75 4,00 3,50" in text  # Dinas Siap's dimension means
    for label in (
        "Dukungan pimpinan",
        "Kesiapan SDM",
        "keuangan_",
    ):  # a raw key may wrap in its narrow column
        assert label in text


def test_lab_readiness_pdf_of_a_large_lab_flows_over_pages(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Besar")
    for i in range(70):
        unit = spine_ops.add_unit(
            db, lab.id, f"Unit {i:02} " + "dengan nama yang sangat panjang " * 3, UnitType.DESA
        )
        if i % 2:
            save_worksheet(
                db,
                "LK-2a",
                {
                    "responden": [{"_id": "a", "nama": "A"}],
                    "jawaban": answers("a", kepemimpinan_1=1 + i % 5, sdm_1=3),
                },
                lab.id,
                unit.id,
            )
    pdf = render_lab_readiness(db, lab.id, "a4")
    pages = pages_text(pdf)
    assert len(pages) >= 3
    text = flat(" ".join(pages))
    assert "35 dari 70 unit sudah mengisi LK-2a." in text
    assert all(f"Halaman {i} dari {len(pages)}" in p for i, p in enumerate(pages, start=1))


def test_the_chart_is_a_vector_drawing_with_its_values() -> None:
    chart = readiness_chart([("Dukungan pimpinan", 4.25), ("Unit tanpa jawaban", None)], 170 * mm)
    assert isinstance(chart, Drawing)
    strings = [getattr(s, "text", "") for s in chart.contents]
    assert "4,25" in strings and "Belum ada jawaban" in strings and "Dukungan pimpinan" in strings
    assert {"1", "2", "3", "4", "5"} <= set(strings)
    assert all(
        getattr(s, "fontName", "LabSans").startswith("LabSans")
        for s in chart.contents
        if hasattr(s, "fontName")
    )
