"""Profil Inovasi for IID: the layout is §5.2's, a launched demo idea's row carries its values, the
.xlsx and the .csv read back exactly (hostile text included), deleted ideas and units stay out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.domain.text import clean_text
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.run import run
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.services import labs as svc
from labinovasi.services.iid_export import (
    OPTIONS_SHEET,
    IidFormatError,
    IidTable,
    check_suffix,
    cut_message,
    export_iid,
    gather_iid,
    iid_layout,
    source_field,
    write_iid_csv,
    write_iid_xlsx,
)
from labinovasi.spreadsheet import EXCEL_CELL_LIMIT, cell_text, unquote_formula
from labinovasi.worksheets.registry import default_registry, field_options
from labinovasi.worksheets.schema import FieldType

TODAY = dt.date(2026, 12, 4)
LAUNCH_DAY = dt.date(2026, 11, 20)

# domain spec §5.2, in its order
IID_HEADERS = [
    "Nama OPD/UPTD/Puskesmas",
    "Nama contact person",
    "Nomor WA contact person",
    "Nama inovasi daerah",
    "Tahapan inovasi",
    "Inisiator inovasi daerah",
    "Nama/NIP/jabatan inovator",
    "Jenis inovasi",
    "Bentuk inovasi daerah",
    "Urusan pemerintahan",
    "Terkait Covid-19",
    "Waktu inisiasi",
    "Waktu uji coba",
    "Waktu penerapan",
    "Rancang bangun dan pokok perubahan",
    "Tujuan",
    "Manfaat yang diperoleh",
    "Hasil inovasi",
    "Anggaran (Rp)",
    "Dukungan anggaran (halaman DPA)",
    "Bukti pendukung",
    "Terintegrasi dengan aplikasi lain (inovasi digital)",
]


def ideas_of(db: Database, lab_id: uuid.UUID) -> dict[str, svc.IdeaInfo]:
    """The lab's ideas by the short name before " — "."""
    out = {}
    for unit in svc.list_units(db, lab_id):
        for idea in svc.list_ideas(db, unit.id):
            out[idea.title.split(" — ")[0]] = idea
    return out


def launch(db: Database, lab_id: uuid.UUID, ideas: list[svc.IdeaInfo], day: dt.date = LAUNCH_DAY) -> None:
    data = {"tanggal": day.isoformat(), "tempat": "Pendopo", "inovasi": [str(i.id) for i in ideas]}
    run(db, SaveWorksheet("LK-4a", lab_id, data))


@pytest.fixture
def launched(db, demo_lab):  # noqa: ANN001, ANN201
    """The demo lab with its curated ideas launched on 20 November 2026 (the demo's own launch moved)."""
    ideas = ideas_of(db, demo_lab.id)
    launch(db, demo_lab.id, [i for i in ideas.values() if i.status.value in ("lanjut", "diluncurkan")])
    return demo_lab


def by_name(table: IidTable) -> dict[str, dict[str, object]]:
    keys = [c.key for c in table.layout.columns]
    return {
        str(r[keys.index("nama_inovasi")]).split(" — ")[0]: dict(zip(keys, r, strict=True))
        for r in table.rows
    }


# --- the layout ---------------------------------------------------------------------------------------


def test_the_columns_are_the_iid_fields_in_order() -> None:
    layout = iid_layout()
    assert [c.header for c in layout.columns] == IID_HEADERS
    assert len({c.key for c in layout.columns}) == len(layout.columns)
    assert all(c.width >= 8 for c in layout.columns)


def test_every_source_is_a_field_of_its_worksheet_and_every_choice_knows_its_values() -> None:
    reg = default_registry()
    layout = iid_layout()
    for col in layout.columns:
        for source in col.sources:
            parsed = source_field(source)
            if parsed is None or parsed[1] == "*":
                continue
            code, key = parsed
            f = reg.get(code).field(key)  # KeyError: the layout names a field that does not exist
            if col.type == "choice" and f.type is FieldType.CHOICE:
                assert {o.value for o in field_options(f)} <= {v for v, _label in col.options}, source
            if col.type == "date":
                assert f.type is FieldType.DATE, source
    enumerated = {c.key: c.allowed for c in layout.columns if c.type == "choice"}
    assert enumerated["tahapan"] == ("Inisiatif", "Uji coba", "Penerapan")
    assert enumerated["jenis"] == ("Digital", "Non digital")
    assert enumerated["bentuk"] == ("Tata kelola", "Pelayanan publik", "Lainnya sesuai urusan")
    assert enumerated["covid"] == ("Non Covid", "Covid")
    assert "Kesehatan" in enumerated["urusan"] and "ASN" in enumerated["inisiator"]


def test_only_xlsx_and_csv_are_accepted() -> None:
    assert check_suffix("profil.XLSX") == ".xlsx"
    assert check_suffix(Path("a/profil.csv")) == ".csv"
    for name in ("profil.xls", "profil.pdf", "profil"):
        with pytest.raises(IidFormatError, match=r"\.xlsx .*\.csv"):
            check_suffix(name)


# --- what is gathered ---------------------------------------------------------------------------------


def test_a_launched_demo_idea_has_its_name_unit_and_dates(db, launched) -> None:  # noqa: ANN001
    table = gather_iid(db, launched.id, today=TODAY)
    rows = by_name(table)
    assert set(rows) == {
        "SIPANDU",
        "JEMPOL MANIS",
        "SI CANTIK",
        "LUNAS PBB",
        "SIGAP PATEN",
        "SAPA BUMIL",
        "TIRTA SIGAP",
    } - {
        n for n, i in ideas_of(db, launched.id).items() if i.status.value not in ("diluncurkan", "diterapkan")
    }
    sipandu = rows["SIPANDU"]
    assert sipandu["unit"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert sipandu["nama_inovasi"] == "SIPANDU — Sistem Pelayanan Adminduk Terpadu"
    # the dates as LK-4c (and LK-3c's milestones) give them
    assert sipandu["waktu_inisiasi"] == dt.date(2026, 10, 13)
    assert sipandu["waktu_uji_coba"] == dt.date(2027, 1, 25)
    assert sipandu["waktu_penerapan"] == dt.date(2027, 3, 1)
    assert sipandu["tahapan"] == "Penerapan"  # as its LK-4c records it (the demo's results)
    assert sipandu["jenis"] == "Digital" and sipandu["bentuk"] == "Pelayanan publik"
    assert sipandu["urusan"] == "Administrasi kependudukan dan pencatatan sipil"
    assert "NIP 198010232005012003" in str(sipandu["inovator"])
    assert str(sipandu["rancang_bangun"]).startswith("Dasar hukum:\n")
    assert "Pokok perubahan:\n" in str(sipandu["rancang_bangun"])
    # an idea without milestones starts its penerapan at the launch, which has come
    jempol = rows["JEMPOL MANIS"]
    assert jempol["waktu_penerapan"] == LAUNCH_DAY and jempol["tahapan"] == "Penerapan"
    # what the app does not hold stays empty, never "None"
    assert all(r["covid"] is None and r["kontak_wa"] is None for r in rows.values())


def test_the_iid_profile_of_lk6_wins_over_the_earlier_worksheets(db, launched) -> None:  # noqa: ANN001
    idea = ideas_of(db, launched.id)["SIPANDU"]
    profile = {
        "nama_inovasi": "SIPANDU",
        "kontak_nama": "Dwi Retno",
        "kontak_wa": "081234567890",
        "tahapan_inovasi": "uji_coba",
        "jenis": "non_digital",  # LK-6 shows LK-2f's: a value sent for it is not stored
        "rancang_bangun": "Rancang bangun dari LK-6.",
        "hasil": "Hasil dari LK-6.",
        "waktu_penerapan": "2026-12-01",
        "anggaran": 150_000_000,
        "terintegrasi": True,
        "bukti": [{"_id": "b1", "jenis": "sop", "uraian": "SOP layanan", "berkas": "D:\\sop.pdf"}],
    }
    run(db, SaveWorksheet("LK-6", launched.id, profile, idea.unit_id, idea.id))
    row = by_name(gather_iid(db, launched.id, today=TODAY))["SIPANDU"]
    assert str(row["nama_inovasi"]).startswith("SIPANDU") and row["kontak_nama"] == "Dwi Retno"
    assert row["kontak_wa"] == "081234567890"  # text: the leading zero stays
    assert row["tahapan"] == "Uji coba" and row["hasil"] == "Hasil dari LK-6."
    assert row["jenis"] == "Digital" and str(row["rancang_bangun"]).startswith("Dasar hukum:\n")
    assert row["waktu_penerapan"] == dt.date(2026, 12, 1)
    assert row["waktu_inisiasi"] == dt.date(2026, 10, 13)  # not in LK-6: from LK-3c
    assert row["anggaran"] == 150_000_000 and row["terintegrasi"] == "Ya"
    assert row["bukti"] == "SOP/diagram alir — SOP layanan — D:\\sop.pdf"


def test_only_launched_ideas_unless_curated_ones_are_asked_for(db, demo_lab) -> None:  # noqa: ANN001
    launch(db, demo_lab.id, [])  # the demo's launch undone: its ideas are "lanjut" again
    assert gather_iid(db, demo_lab.id).rows == ()  # nothing launched yet
    curated = by_name(gather_iid(db, demo_lab.id, include_curated=True, today=TODAY))
    lanjut = {n for n, i in ideas_of(db, demo_lab.id).items() if i.status.value == "lanjut"}
    assert set(curated) == lanjut
    with_results = {"SIPANDU", "SI CANTIK", "LUNAS PBB"}  # the demo's LK-4c say their stage
    assert all(
        r["waktu_penerapan"] is None or r["tahapan"] == "Inisiatif"
        for n, r in curated.items()
        if n not in with_results
    )


def test_deleted_ideas_and_units_are_absent(db, launched) -> None:  # noqa: ANN001
    ideas = ideas_of(db, launched.id)
    before = by_name(gather_iid(db, launched.id, today=TODAY))
    spine_ops.remove_idea(db, ideas["SIPANDU"].id)
    spine_ops.remove_unit(db, ideas["SAPA BUMIL"].unit_id)
    after = by_name(gather_iid(db, launched.id, today=TODAY))
    assert set(before) - set(after) == {"SIPANDU", "SAPA BUMIL"}
    assert "UPTD Puskesmas Karangjati" not in {r["unit"] for r in after.values()}


def test_an_unknown_lab_is_refused_plainly(db) -> None:  # noqa: ANN001
    with pytest.raises(svc.NotFoundError, match="tidak ditemukan"):
        gather_iid(db, uuid.uuid4())


# --- the files ----------------------------------------------------------------------------------------


def test_the_workbook_has_one_sheet_a_frozen_bold_header_widths_filter_and_dropdowns(
    db,
    launched,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    out = tmp_path / "profil.xlsx"
    table = export_iid(db, launched.id, out, today=TODAY)
    wb = openpyxl.load_workbook(out)
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert len(visible) == 1 and wb.active == visible[0]
    ws = visible[0]
    assert ws.title == iid_layout().sheet
    assert [c.value for c in ws[1]] == IID_HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    n = len(table.rows)
    assert ws.auto_filter.ref == f"A1:V{n + 1}"
    assert ws.max_row == n + 1
    streamed = openpyxl.load_workbook(out, read_only=True).active
    assert streamed is not None and streamed.calculate_dimension() == f"A1:V{n + 1}"
    for letter, col in zip("ABCDEFGHIJKLMNOPQRSTUV", iid_layout().columns, strict=True):
        assert ws.column_dimensions[letter].width == col.width
    # a dropdown on every enumerated column, listing the portal's values
    lists = wb[OPTIONS_SHEET]
    assert lists.sheet_state == "hidden"
    validations = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation
    }
    letters = {c.key: chr(ord("A") + i) for i, c in enumerate(iid_layout().columns)}
    for col in iid_layout().columns:
        if col.type != "choice":
            assert letters[col.key] not in validations, col.key
            continue
        dv = validations[letters[col.key]]
        assert dv.type == "list" and dv.allow_blank and dv.showErrorMessage
        assert str(dv.sqref).startswith(f"{letters[col.key]}2:")
        ref = dv.formula1.split("!")[1].replace("$", "")
        values = [c.value for (c,) in lists[ref]]
        assert tuple(values) == col.allowed
    # cells: dates are dates, the row of SIPANDU as gathered
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if str(r[3]).startswith("SIPANDU"))
    assert row[0] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert row[11] == dt.datetime(2026, 10, 13)
    assert row[10] is None  # empty, not "None"


def test_the_csv_is_utf8_with_a_bom_semicolon_separated(db, launched, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "profil.csv"
    table = export_iid(db, launched.id, out, today=TODAY)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == IID_HEADERS
    assert len(rows) == len(table.rows) + 1
    sipandu = next(r for r in rows[1:] if r[3].startswith("SIPANDU"))
    assert sipandu[0] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert sipandu[11] == "2026-10-13" and sipandu[10] == ""  # empty, not "None"
    assert "\n" in sipandu[14]  # the rancang bangun keeps its paragraphs in one field


HOSTILE = {
    "nama_inovasi": "=SUM(A1)",
    "kontak_nama": "@cmd|' /C calc'!A0",
    "kontak_wa": "+6281234567890",
    "tujuan": "<b>Biaya < 5 juta & cepat</b>\x01\x07 \u202eterbalik 🎉👩🏽‍⚕️",
    "manfaat": "-2+3",
    "hasil": "baris satu\r\nbaris dua\rbaris tiga",
    "rancang_bangun": ("kata " * 20_000)[:100_000],
}


def test_hostile_text_round_trips_and_never_becomes_a_formula(db, launched, tmp_path: Path) -> None:  # noqa: ANN001
    idea = ideas_of(db, launched.id)["SIPANDU"]
    data = {**HOSTILE, "tahapan_inovasi": "penerapan"}
    with db.session() as s:  # stored as an older database may hold it: control characters and all
        s.add(
            m.WorksheetEntry(
                lab_id=launched.id,
                unit_id=idea.unit_id,
                idea_id=idea.id,
                template_code="LK-6",
                template_version=1,
                scope=Scope.IDEA,
                data=data,
                complete=True,
            )
        )
    table = export_iid(db, launched.id, tmp_path / "p.xlsx", today=TODAY)
    export_iid(db, launched.id, tmp_path / "p.csv", today=TODAY)
    keys = [c.key for c in table.layout.columns]
    # the 100,000 characters are cut at Excel's limit, and the user is told
    assert [(c.column, c.length) for c in table.cut] == [
        ("Rancang bangun dan pokok perubahan", len(HOSTILE["rancang_bangun"].strip()))
    ]
    assert "dipotong" in cut_message(table) and "32.767" in cut_message(table)

    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert ws is not None
    row = next(
        r for r in ws.iter_rows(min_row=2) if r[0].value and r[keys.index("nama_inovasi")].value == "=SUM(A1)"
    )
    cells = {k: c for k, c in zip(keys, row, strict=True)}
    for key, text in HOSTILE.items():
        cell = cells[key]
        assert cell.data_type == "s", key  # text, never a formula
        assert cell.value == cell_text(text), key
    assert cells["nama_inovasi"].quotePrefix and cells["kontak_nama"].quotePrefix
    assert len(cells["rancang_bangun"].value) == EXCEL_CELL_LIMIT
    assert cells["rancang_bangun"].value.endswith("…")
    assert "\x01" not in cells["tujuan"].value and "🎉" in cells["tujuan"].value

    text = (tmp_path / "p.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    line = next(r for r in rows if r[keys.index("nama_inovasi")] == "'=SUM(A1)")
    for key, value in HOSTILE.items():
        assert unquote_formula(line[keys.index(key)]) == cell_text(value), key
    assert line[keys.index("kontak_nama")].startswith("'")


# --- the writers against any text (property) -------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(TEXT, min_size=2, max_size=2))
@example(values=["=1+1", "@SUM(A1:A2)"])
@example(values=["-", "\t=cmd"])
@example(values=["x" * (EXCEL_CELL_LIMIT + 10), "<b>&amp;</b>"])
def test_any_text_reads_back_as_written(tmp_path: Path, values: list[str]) -> None:
    layout = iid_layout()
    row = [None] * len(layout.columns)
    row[3], row[15] = values  # nama inovasi, tujuan: text columns
    table = IidTable(layout, "Lab", (tuple(row),))
    write_iid_xlsx(table, tmp_path / "t.xlsx")
    write_iid_csv(table, tmp_path / "t.csv")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert ws is not None
    expected = [cell_text(v) or None for v in values]
    got = [ws.cell(row=2, column=4), ws.cell(row=2, column=16)]
    assert [c.value for c in got] == expected
    assert all(c.data_type == "s" for c in got if c.value is not None)
    lines = list(
        csv.reader(
            io.StringIO((tmp_path / "t.csv").read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"
        )
    )
    assert [unquote_formula(lines[1][3]), unquote_formula(lines[1][15])] == [
        clean_text(v)[: EXCEL_CELL_LIMIT - 1] + "…"
        if len(clean_text(v)) > EXCEL_CELL_LIMIT
        else clean_text(v)
        for v in values
    ]


def test_maturity_recorded_in_lk4c_is_the_iid_stage(db, launched) -> None:  # noqa: ANN001
    from labinovasi.ops.worksheets import save_worksheet

    idea = ideas_of(db, launched.id)["SIPANDU"]
    data = {"hasil": "ok", "kematangan": "penerapan", "tanggal_penerapan": "2027-04-01"}
    save_worksheet(db, "LK-4c", data, launched.id, idea.unit_id, idea.id)
    row = by_name(gather_iid(db, launched.id, today=TODAY))["SIPANDU"]
    assert row["tahapan"] == "Penerapan" and row["waktu_penerapan"] == dt.date(2027, 4, 1)
