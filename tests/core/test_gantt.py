"""Rencana aksi (LK-3b) and its Gantt: reading typed dates and amounts, the plan of bars, axis and
milestones, the problems of rows, and the printed worksheet (table, Gantt, split over pages)."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from pypdf import PdfReader

from labinovasi.reports.base import DocumentInfo, build, content_width
from labinovasi.reports.gantt_pdf import (
    GanttFlowable,
    filled_body,
    gantt_for,
)
from labinovasi.reports.worksheet_pdf import render_blank_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.action_plan import (
    action_field,
    cell_problems,
    clean_rows,
    is_blank_row,
    parse_budget,
    parse_date_input,
    total_budget,
)
from labinovasi.worksheets.gantt import (
    NO_PHASE_COLOUR,
    PHASE_COLOURS,
    Milestone,
    gantt_plan,
    milestones_from,
)
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import check_rules, validate

MARKUP = "Sosialisasi <b>& SOP</b> < 5 hari"
D = dt.date


def lk3b():  # noqa: ANN201
    return default_registry().get("LK-3b")


def row(
    kegiatan: str,
    mulai: str | None,
    selesai: str | None,
    fase: str | None = "persiapan",
    anggaran: object = None,
    **more: object,
) -> dict:
    r: dict = {"kegiatan": kegiatan}
    for k, v in (("mulai", mulai), ("selesai", selesai), ("fase", fase), ("anggaran", anggaran)):
        if v is not None:
            r[k] = v
    r.update(more)
    return r


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


# --- what people type -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/3/2027", D(2027, 3, 12)),
        ("12/03/2027", D(2027, 3, 12)),
        ("12-3-27", D(2027, 3, 12)),
        ("12.3.2027", D(2027, 3, 12)),
        ("2027-03-12", D(2027, 3, 12)),
        ("12 Maret 2027", D(2027, 3, 12)),
        ("12 mar 2027", D(2027, 3, 12)),
        ("1 Agt 2027", D(2027, 8, 1)),
        ("1 Agustus 2027", D(2027, 8, 1)),
        ("30 Sept 2027", D(2027, 9, 30)),
        ("  5 Desember 2027 ", D(2027, 12, 5)),
    ],
)
def test_dates_typed_the_indonesian_way_are_read_day_first(text: str, expected: dt.date) -> None:
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(
    "text", ["", "besok", "31/2/2027", "12/13/2027", "2027-02-30", "12 Bulan 2027", "1/2"]
)
def test_text_that_is_not_a_date_is_refused(text: str) -> None:
    assert parse_date_input(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000,-", 1_500_000),
        ("Rp. 25.000", 25_000),
        ("2,5 juta", 2_500_000),
        ("Rp 2,5 juta", 2_500_000),
        ("750 rb", 750_000),
        ("1,2 M", 1_200_000_000),
        ("1 miliar", 1_000_000_000),
        ("0", 0),
        ("1500000", 1_500_000),
    ],
)
def test_amounts_typed_the_indonesian_way_are_read(text: str, expected: int) -> None:
    value = parse_budget(text)
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize("text", ["lima juta", "", "Rp", "juta", "1.5.0", "sejuta rupiah"])
def test_text_that_is_not_an_amount_is_refused(text: str) -> None:
    assert parse_budget(text) is None


# --- the plan ---------------------------------------------------------------------------------------


def test_bars_follow_the_rows_with_their_phase_colours_and_positions() -> None:
    rows = [
        row("Persiapan SOP", "2027-03-01", "2027-03-31", "persiapan", _id="r1"),
        row("Launching", "2027-06-15", "2027-06-15", "launching"),
        row("Penerapan", "2027-07-01", "2027-12-31", "penerapan"),
    ]
    plan = gantt_plan(rows)
    assert [b.label for b in plan.bars] == ["Persiapan SOP", "Launching", "Penerapan"]
    assert all(b.valid and b.problem == "" for b in plan.bars)
    assert plan.bars[0].row_id == "r1" and plan.bars[0].number == 1
    assert (plan.start, plan.end) == (D(2027, 3, 1), D(2027, 12, 31))
    assert (plan.axis_start, plan.axis_end) == (D(2027, 3, 1), D(2028, 1, 1))
    assert plan.unit == "month"
    total = (D(2028, 1, 1) - D(2027, 3, 1)).days
    first = plan.bars[0]
    assert first.x0 == 0 and first.x1 == pytest.approx(31 / total)  # the end day is included
    launch = plan.bars[1]
    assert launch.x1 - launch.x0 == pytest.approx(1 / total)
    assert plan.bars[2].x1 == pytest.approx(1.0)
    assert [b.phase.colour for b in plan.bars] == [
        PHASE_COLOURS["persiapan"],
        PHASE_COLOURS["launching"],
        PHASE_COLOURS["penerapan"],
    ]
    assert [b.phase.label for b in plan.bars] == ["Persiapan", "Launching", "Penerapan"]
    assert [p.key for p in plan.phases] == ["persiapan", "launching", "penerapan"]  # list order, used only
    assert plan.span_text == "Maret 2027 – Desember 2027"


def test_month_ticks_cross_a_year_boundary_with_indonesian_names() -> None:
    plan = gantt_plan([row("A", "2027-11-10", "2028-02-03")])
    assert plan.unit == "month"
    assert [t.label for t in plan.ticks] == ["Nov 2027", "Des 2027", "Jan 2028", "Feb 2028"]
    assert [t.short for t in plan.ticks] == ["Nov", "Des", "Jan", "Feb"]
    assert plan.ticks[0].x0 == 0 and plan.ticks[-1].x1 == pytest.approx(1.0)
    for a, b in zip(plan.ticks, plan.ticks[1:], strict=False):
        assert a.x1 == pytest.approx(b.x0)
    assert [b.label for b in plan.bands] == ["2027", "2028"]
    assert plan.bands[0].x1 == pytest.approx(plan.x(D(2028, 1, 1)))
    assert plan.span_text == "November 2027 – Februari 2028"


def test_a_short_plan_gets_a_week_axis_starting_on_monday() -> None:
    plan = gantt_plan([row("Uji coba", "2027-03-03", "2027-03-20")])  # a Wednesday
    assert plan.unit == "week"
    assert plan.axis_start == D(2027, 3, 1) and plan.axis_start.weekday() == 0
    assert plan.axis_end == D(2027, 3, 22)
    assert [t.short for t in plan.ticks] == ["1", "8", "15"]
    assert plan.ticks[0].label == "1 Mar 2027"
    assert [b.label for b in plan.bands] == ["Maret 2027"]
    assert plan.span_text == "Maret 2027"


def test_long_plans_get_quarter_then_year_ticks() -> None:
    quarter = gantt_plan([row("A", "2027-02-01", "2030-05-01")])
    assert quarter.unit == "quarter"
    assert quarter.ticks[0].label == "Jan 2027" and quarter.ticks[1].label == "Apr 2027"
    assert quarter.axis_end == D(2030, 7, 1)
    typo = gantt_plan([row("A", "2027-02-01", "2207-05-01")])  # a typo must not make thousands of ticks
    assert typo.unit == "year" and len(typo.ticks) <= 25
    assert typo.axis_start <= D(2027, 2, 1) and typo.axis_end > D(2207, 5, 1)


def test_rows_with_bad_dates_are_kept_flagged_and_placed() -> None:
    rows = [
        row("Baik", "2027-03-01", "2027-03-10"),
        row("Terbalik", "2027-03-05", "2027-03-01"),
        row("Tanpa mulai", None, "2027-04-01"),
        row("Tanpa selesai", "2027-05-01", None),
        row("Tanpa tanggal", None, None, fase=None),
        row("Salah ketik", "31/2/2027", "2027-05-01"),
        "bukan baris",
        {},
    ]
    plan = gantt_plan(rows)
    assert len(plan.bars) == len(rows)  # never dropped: the n-th bar is the n-th row
    assert [b.valid for b in plan.bars] == [True] + [False] * 7
    assert [b.index for b in plan.problems] == [1, 2, 3, 4, 5, 6, 7]
    assert plan.bars[1].problem == "Baris 2: Selesai (1 Maret 2027) lebih awal dari Mulai (5 Maret 2027)"
    assert plan.bars[2].problem == "Baris 3: tanggal mulai belum diisi"
    assert plan.bars[3].problem == "Baris 4: tanggal selesai belum diisi"
    assert plan.bars[4].problem == "Baris 5: tanggal mulai dan selesai belum diisi"
    assert plan.bars[5].problem == "Baris 6: tanggal tidak dapat dibaca"
    assert plan.bars[6].label == "(kegiatan belum dinamai)"
    # warning markers sit at the earliest known date; a reversed row also shows the stretch between its dates
    assert plan.bars[1].marker == pytest.approx(plan.x(D(2027, 3, 1)))
    assert plan.bars[1].ghost == (pytest.approx(plan.x(D(2027, 3, 1))), pytest.approx(plan.x(D(2027, 3, 6))))
    assert plan.bars[2].marker == pytest.approx(plan.x(D(2027, 4, 1)))
    assert plan.bars[4].marker is None and plan.bars[4].ghost is None
    assert plan.bars[4].phase.colour == NO_PHASE_COLOUR
    assert (plan.start, plan.end) == (D(2027, 3, 1), D(2027, 5, 1))  # the dates of bad rows count too


def test_milestones_come_from_lk3c_in_date_order() -> None:
    lk3c = {
        "waktu_inisiasi": "2026-10-13",
        "tanggal_uji_coba": "2027-02-01",
        "tanggal_launching": "2027-03-17",
        "tanggal_penerapan": "2027-04-01",
        "tonggak": [
            {"tonggak": "SK  Bupati\nterbit", "tanggal": "2027-02-20", "keterangan": "Perbup"},
            {"tonggak": "Tanpa tanggal"},
            {"tanggal": "2027-01-15"},
            {"tonggak": "x", "tanggal": "salah"},
        ],
    }
    stones = milestones_from(lk3c)
    assert [(m.kind, m.label, m.date) for m in stones] == [
        ("tonggak", "Tonggak capaian", D(2027, 1, 15)),
        ("uji_coba", "Mulai uji coba", D(2027, 2, 1)),
        ("tonggak", "SK Bupati terbit", D(2027, 2, 20)),
        ("launching", "Launching", D(2027, 3, 17)),
        ("penerapan", "Mulai penerapan", D(2027, 4, 1)),
    ]
    assert stones[2].note == "Perbup"
    plan = gantt_plan([row("A", "2027-03-01", "2027-06-30")], lk3c)
    assert plan.start == D(2027, 1, 15)  # milestones widen the span
    assert [m.x for m in plan.milestones] == sorted(m.x for m in plan.milestones)
    assert plan.milestones[3].x == pytest.approx(plan.x(D(2027, 3, 17)))
    assert milestones_from(None) == [] and milestones_from({"tonggak": "x"}) == []
    own = gantt_plan([], [Milestone("launching", "Launching", D(2027, 5, 2))])
    assert own.unit == "week" and own.milestones[0].label == "Launching"


def test_an_empty_plan_has_no_axis() -> None:
    plan = gantt_plan([], {})
    assert plan.bars == () and plan.ticks == () and not plan.has_dates and plan.span_text == ""
    undated = gantt_plan([row("Rapat", None, None)])
    assert len(undated.bars) == 1 and not undated.has_dates and undated.bars[0].marker is None
    assert undated.x_of_day(D(2027, 1, 1)) is None


def test_today_is_placed_only_inside_the_axis() -> None:
    plan = gantt_plan([row("A", "2027-03-01", "2027-05-31")])
    assert plan.x_of_day(D(2027, 4, 1)) == pytest.approx(plan.x(D(2027, 4, 1)))
    assert plan.x_of_day(D(2026, 1, 1)) is None and plan.x_of_day(D(2027, 6, 1)) is None


# --- the rows' problems -----------------------------------------------------------------------------


def test_cell_problems_name_the_row_and_column() -> None:
    rows = [
        row("A", "2027-03-01", "2027-03-10", anggaran=1_000_000),
        row("B", "2027-03-05", "2027-03-01", anggaran=-5),
        row("C", "kemarin", "2027-03-01", anggaran="lima juta"),
    ]
    problems = cell_problems(lk3b(), rows)
    assert [(p.row, p.column, p.soft) for p in problems] == [
        (1, "selesai", True),
        (1, "anggaran", False),
        (2, "mulai", False),
        (2, "anggaran", False),
    ]
    messages = [p.message for p in problems]
    assert messages[0] == (
        "Kegiatan rencana aksi baris 2: Selesai (1 Maret 2027) lebih awal dari Mulai (5 Maret 2027)"
    )
    assert messages[1] == "Anggaran baris 2: tidak boleh kurang dari 0"
    assert messages[2] == "Mulai baris 3: \u201ckemarin\u201d bukan tanggal yang valid (contoh: 12/3/2027)"
    assert messages[3] == "Anggaran baris 3: \u201clima juta\u201d bukan angka"
    # the soft rule matches the template's own check on the stored data
    assert messages[0] == check_rules(lk3b(), {"rencana_aksi": rows[:2]})[0].message


def test_totals_and_clean_rows_skip_what_is_not_a_value() -> None:
    rows = [
        row("A", "2027-03-01", "x", anggaran=1_500_000),
        row("B", None, None, anggaran="lima juta"),
        row("C", None, None, anggaran=2.5),
        "junk",
    ]
    assert total_budget(rows) == 1_500_002.5
    clean = clean_rows(action_field(lk3b()), rows)
    assert clean[0] == {"fase": "persiapan", "kegiatan": "A", "mulai": "2027-03-01", "anggaran": 1_500_000}
    assert "anggaran" not in clean[1] and clean[3] == {}
    assert (
        is_blank_row({"_id": "x"})
        and is_blank_row({"_id": "x", "kegiatan": ""})
        and not is_blank_row(rows[0])
    )


# --- print ------------------------------------------------------------------------------------------


def sample_rows(n: int) -> list[dict]:
    phases = ["persiapan", "uji_coba", "launching", "penerapan", "evaluasi"]
    out = []
    for i in range(n):
        start = D(2027, 1, 4) + dt.timedelta(days=9 * i)
        out.append(
            {
                "_id": f"r{i + 1}",
                "fase": phases[i * 5 // n],
                "kegiatan": f"Kegiatan {i + 1}: {MARKUP}",
                "mulai": start.isoformat(),
                "selesai": (start + dt.timedelta(days=30)).isoformat(),
                "penanggung_jawab": "Dwi Retno Handayani, S.Kom., M.M.",
                "pihak_terlibat": "Diskominfo & kecamatan",
                "anggaran": 1_000_000 * (i + 1),
                "sumber_dana": "APBD",
                "output": "SOP",
                "indikator": "100%",
                "bukti": "Foto",
            }
        )
    return out


class FakeContext:
    def __init__(self, lk3b_data: dict, lk3c_data: dict):
        self.data = {"LK-3b": lk3b_data, "LK-3c": lk3c_data}

    def load(self, code: str) -> dict:
        return self.data.get(code, {})


def render(data: dict, paper: str = "a4", lk3c: dict | None = None) -> bytes:
    t = lk3b()
    info = DocumentInfo(
        title=t.title,
        lab="Lab Uji",
        unit="Dinas Uji",
        code=t.code,
        paper=paper,
        landscape=t.orientation == "landscape",
    )
    story = filled_body(t, data, content_width(info), FakeContext(data, lk3c or {}))
    return build(story, info)


LK3C = {
    "tanggal_uji_coba": "2027-02-01",
    "tanggal_launching": "2027-03-17",
    "tanggal_penerapan": "2027-04-01",
    "tonggak": [{"tonggak": "SK <Bupati> & SOP", "tanggal": "2027-02-20"}],
}


def test_filled_action_plan_prints_the_table_literally_with_the_total_and_the_gantt() -> None:
    rows = sample_rows(6)
    rows[2]["selesai"] = "2027-01-01"  # ends before it starts
    del rows[4]["mulai"]
    pdf = render({"rencana_aksi": rows}, "a4", LK3C)
    assert page_size_mm(pdf) == (297, 210)  # landscape
    pages = pages_text(pdf)
    text = flat(" ".join(pages))
    for label in (
        "No",
        "Tahap",
        "Kegiatan",
        "Mulai",
        "Selesai",
        "Penanggung jawab",
        "Pihak terlibat / mitra",
        "Anggaran (Rp)",
        "Sumber dana",
        "Output / keluaran",
        "Indikator capaian",
        "Bukti (rencana)",
    ):
        assert label in text
    assert flat(f"Kegiatan 1: {MARKUP}") in text  # markup prints literally, inside its cell
    assert "Diskominfo & kecamatan" in text
    assert "1.000.000" in text and "6.000.000" in text
    assert "Jumlah 6 kegiatan · Total anggaran" in text and "Rp 21.000.000" in text
    assert "4 Jan 2027" in text  # dates in the table
    assert (
        "(!) Kegiatan rencana aksi baris 3: Selesai (1 Januari 2027) lebih awal dari Mulai (22 Januari 2027)"
    ) in text
    assert "(!) Kegiatan rencana aksi baris 5: tanggal mulai belum diisi" in text
    assert "Jadwal pelaksanaan (Gantt)" in text and "Rentang waktu: Januari 2027 – April 2027" in text
    for month in ("Jan", "Feb", "Mar", "Apr"):
        assert month in text.split("Jadwal pelaksanaan (Gantt)")[1]
    assert "2027" in text.split("Jadwal pelaksanaan (Gantt)")[1]
    assert "Launching · 17 Mar 2027" in text and "SK <Bupati> & SOP · 20 Feb 2027" in text
    assert "Mulai uji coba" in text and "Tanggal belum lengkap atau terbalik" in text  # the legend


def test_a_budget_that_is_not_a_number_still_prints_with_a_message() -> None:
    rows = sample_rows(3)
    rows[1]["anggaran"] = "lima juta"  # not stored data, but a print of unchecked data must not fail
    rows.append("bukan baris")  # type: ignore[arg-type]
    text = flat(" ".join(pages_text(render({"rencana_aksi": rows}))))
    assert "lima juta" in text
    assert "(!) Anggaran baris 2: \u201clima juta\u201d bukan angka" in text
    assert "Rp 4.000.000" in text  # 1 + 3 million: text is not counted


def test_sixty_rows_span_pages_with_the_header_and_the_axis_repeated_on_f4() -> None:
    pdf = render({"rencana_aksi": sample_rows(60)}, "f4", LK3C)
    assert page_size_mm(pdf) == (330, 215)  # F4 landscape
    pages = pages_text(pdf)
    assert len(pages) >= 5
    table_pages = [p for p in pages if "APBD" in p]  # a cell of every row
    assert len(table_pages) >= 3
    for p in table_pages:
        assert "Sumber dana" in p and "Anggaran (Rp)" in p  # the header row repeats
    gantt_pages = [p for p in pages if "Kegiatan (lanjutan)" in p]
    assert gantt_pages, "the Gantt is split"
    for p in gantt_pages:
        assert "2027" in p and "Jan" in p  # its time axis repeats too
    text = flat(" ".join(pages))
    assert "Jumlah 60 kegiatan" in text and "Rp 1.830.000.000" in text
    for i in range(1, 61):
        assert f"Kegiatan {i}:" in text
    for i, p in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in p


def test_an_empty_plan_prints_a_note_instead_of_a_chart() -> None:
    text = flat(" ".join(pages_text(render({}))))
    assert "Jumlah 0 kegiatan" in text and "Rp 0" in text
    assert "Belum ada kegiatan atau tonggak untuk digambar." in text


def test_a_huge_text_stays_in_its_cell_and_the_chart_label_is_clipped() -> None:
    rows = sample_rows(2)
    rows[0]["kegiatan"] = "Sangat panjang " * 7000  # ~100,000 characters
    start = time.perf_counter()
    pdf = render({"rencana_aksi": rows}, "a4")
    assert time.perf_counter() - start < 30
    pages = pages_text(pdf)
    assert len(pages) > 3
    gantt_page = next(p for p in pages if "Jadwal pelaksanaan (Gantt)" in p)
    assert "Sangat panjang Sangat panjang" in gantt_page and "…" in gantt_page


def test_gantt_flowable_splits_by_rows_and_keeps_the_axis() -> None:
    plan = gantt_plan(sample_rows(30), LK3C)
    g = GanttFlowable(plan, 500)
    w, h = g.wrap(500, 10_000)
    assert w == 500 and h == g.header_h + 34 * GanttFlowable.ROW_H + 2  # 30 rows, 4 milestones
    parts = g.split(500, 200)
    assert len(parts) == 2
    fit = int((200 - g.header_h - 2) // GanttFlowable.ROW_H)
    assert len(parts[0].lines) == fit and len(parts[0].lines) + len(parts[1].lines) == 34
    assert parts[1].part == 1
    assert g.split(500, g.header_h + 2 * GanttFlowable.ROW_H) == []  # less than 3 rows: next page
    assert g.split(500, 10_000) == [g]


def test_gantt_for_an_idea_reads_lk3b_and_lk3c_through_the_context(db, demo_lab) -> None:  # noqa: ANN001
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kesehatan")
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SI CANTIK"))
    assert (idea.status.value, idea.stage.value) == ("diluncurkan", "deliver")  # launched (LK-4a)
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    rows = ctx.load("LK-3b")["rencana_aksi"]
    assert 12 <= len(rows) <= 16
    assert {r["fase"] for r in rows} == {"persiapan", "uji_coba", "launching", "penerapan", "evaluasi"}
    assert all(r["mulai"] <= r["selesai"] and r["mulai"].startswith("2027") for r in rows)
    assert validate(lk3b(), ctx.load("LK-3b"))[1] == []
    info = DocumentInfo(title="Rencana Proyek Inovasi", paper="a4")
    pdf = build(gantt_for(ctx, content_width(info)), info)
    text = flat(" ".join(pages_text(pdf)))
    assert "Jadwal pelaksanaan (Gantt)" in text and "Rentang waktu: Januari 2027 – Desember 2027" in text
    assert "Launching · 24 Feb 2027" in text and "Mulai penerapan · 1 Mar 2027" in text
    assert "Pelatihan 620 kader posyandu" in text
    for month in ("Jan", "Mar", "Jun", "Des"):
        assert month in text
    other = WorksheetContext(
        db,
        demo_lab.id,
        unit.id,
        next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("GERCEP")).id,
    )
    empty = flat(" ".join(pages_text(build(gantt_for(other), info))))
    assert "Rencana aksi (LK-3b) dan tonggak capaian (LK-3c) belum diisi." in empty


def test_the_demo_plans_of_both_ideas_are_complete(db, demo_lab) -> None:  # noqa: ANN001
    expected = {
        "Dinas Kependudukan dan Pencatatan Sipil": ("SIPANDU", 185_000_000),
        "Dinas Kesehatan": ("SI CANTIK", 148_000_000),
    }
    for unit in svc.list_units(db, demo_lab.id):
        if unit.name not in expected:
            continue
        prefix, budget = expected[unit.name]
        idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith(prefix))
        ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
        rows = ctx.load("LK-3b")["rencana_aksi"]
        assert total_budget(rows) == budget
        assert cell_problems(lk3b(), rows) == []
        people = {p.name for p in svc.list_people(db, unit.id)}
        assert {r["penanggung_jawab"] for r in rows} <= people
        lk3c = ctx.load("LK-3c")
        assert lk3c["tanggal_uji_coba"] < lk3c["tanggal_launching"] <= lk3c["tanggal_penerapan"]
        assert D(2027, 1, 19) <= D.fromisoformat(lk3c["tanggal_launching"]) <= D(2027, 2, 24)  # Deliver
        plan = gantt_plan(rows, lk3c)
        assert not plan.problems and len(plan.milestones) >= 6


def test_the_blank_action_plan_is_still_the_generated_landscape_form() -> None:
    pdf = render_blank_worksheet(lk3b(), "f4", lab="Lab Uji", unit="Dinas Uji")
    assert page_size_mm(pdf) == (330, 215)
    text = flat(" ".join(pages_text(pdf)))
    assert "Kegiatan rencana aksi" in text and "Anggaran (Rp)" in text and "Bukti (rencana)" in text


def test_the_blank_action_plan_of_its_own_has_a_total_row_and_a_month_grid() -> None:
    from labinovasi.reports.gantt_pdf import blank_body  # noqa: PLC0415

    t = lk3b()
    for paper, size in (("a4", (297, 210)), ("f4", (330, 215))):
        info = DocumentInfo(
            title=t.title, lab="Lab Uji", unit="Dinas Uji", code=t.code, paper=paper, landscape=True
        )
        pdf = build(blank_body(t, content_width(info)), info)
        assert page_size_mm(pdf) == size
        pages = [flat(p) for p in pages_text(pdf)]
        assert len(pages) == 2
        assert "Kegiatan rencana aksi" in pages[0] and "Anggaran (Rp)" in pages[0]
        assert "Tahap: Persiapan · Uji coba · Launching · Penerapan · Evaluasi." in pages[0]
        assert "Jumlah ........ kegiatan · Total anggaran Rp" in pages[0]  # the total stays with its table
        assert "Jadwal pelaksanaan" in pages[1] and "Tahun ........ — bulan ke-" in pages[1]
        assert "1 2 3 4 5 6 7 8 9 10 11 12" in pages[1]
        assert "Mulai uji coba" in pages[1] and "Mulai penerapan" in pages[1]


# --- LK-3c ------------------------------------------------------------------------------------------


def test_lk3c_prints_a_timeline_of_the_key_dates_above_its_fields() -> None:
    from labinovasi.reports.milestones_pdf import filled_body as lk3c_body  # noqa: PLC0415
    from labinovasi.reports.milestones_pdf import order_problems  # noqa: PLC0415

    t = default_registry().get("LK-3c")
    data = {
        "waktu_inisiasi": "2026-10-13",
        "tanggal_uji_coba": "2027-01-25",
        "tanggal_launching": "2027-02-17",
        "tanggal_penerapan": "2027-03-01",
        "tonggak": [{"tonggak": "SOP <disahkan> & SK", "tanggal": "2027-01-22"}],
    }
    assert order_problems(data) == []
    info = DocumentInfo(title=t.title, code=t.code, paper="f4")
    text = flat(" ".join(pages_text(build(lk3c_body(t, data, content_width(info)), info))))
    for label in (
        "Inisiasi 13 Okt 2026",
        "Uji coba 25 Jan 2027",
        "Launching 17 Feb 2027",
        "Penerapan 1 Mar 2027",
    ):
        assert label.split()[0] in text and " ".join(label.split()[1:]) in text
    assert "± 3 bulan" in text and "23 hari" in text and "12 hari" in text
    assert "SOP <disahkan> & SK" in text and "Tanggal launching" in text
    bad = {"tanggal_uji_coba": "2027-03-01", "tanggal_launching": "2027-02-17"}
    assert order_problems(bad) == ["Launching (17 Feb 2027) lebih awal dari Uji coba (1 Mar 2027)"]
    text = flat(" ".join(pages_text(build(lk3c_body(t, bad, content_width(info)), info))))
    assert "(!) Launching (17 Feb 2027) lebih awal dari Uji coba (1 Mar 2027)" in text
    assert "belum ditetapkan" in text
