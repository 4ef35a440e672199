"""Hostile and careless input at the edges: formulas in names, control characters, zip bombs, NUL bytes
in a CSV. Each test reproduces what a user (or an attacker) would try."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from labinovasi import cli
from labinovasi.db import models as m
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.text import clean_line, clean_text
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.safezip import UnsafeZipError, ZipLimits, check_zip
from labinovasi.services import labs as svc
from labinovasi.services.importing import (
    ImportFileError,
    plan_import,
    read_table,
    rejected_report_csv,
    rejected_report_xlsx,
)
from labinovasi.services.worksheets import load_worksheet
from labinovasi.services.xlsx_export import export_units_people_xlsx
from labinovasi.spreadsheet import csv_bytes, csv_value, is_formula_like, unquote_formula

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1/x","k")',
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


def read_csv_cells(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    return spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji 2026")


# --- 1. formula injection ---------------------------------------------------------------------------


def test_names_that_look_like_formulas_are_text_in_the_units_workbook(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    names = [f"{f.strip()} unit {i}" if f.strip() != f else f"{f} unit {i}" for i, f in enumerate(FORMULAS)]
    for name in names:
        unit = spine_ops.add_unit(db, lab.id, name, UnitType.DINAS, head_name="=1+2", address="@SUM(A1:A9)")
        spine_ops.add_person(db, lab.id, "+62 812 3456 7890", unit.id, PersonRole.ANGGOTA, jabatan="-Kepala-")
    path = export_units_people_xlsx(db, lab.id, tmp_path / "unit.xlsx")
    assert "<f>" not in sheet_xml(path)  # not one formula in any sheet
    wb = openpyxl.load_workbook(path)
    stored = {u.name for u in svc.list_units(db, lab.id)}
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert {c.value for c in wb["Unit"]["A"][1:]} == stored  # the names, exactly as stored
    for c in cells:
        assert c.data_type == "s", (c.coordinate, c.value)
        if is_formula_like(c.value):
            assert c.quotePrefix, c.coordinate  # Excel shows and edits it as text
    assert wb["Unit"]["C2"].value == "=1+2" and wb["Unit"]["C2"].quotePrefix


def test_the_workbook_with_formula_like_names_imports_back_unchanged(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    for i, f in enumerate(FORMULAS[:5]):
        spine_ops.add_unit(db, lab.id, f"{f} {i}", UnitType.DINAS)
    path = export_units_people_xlsx(db, lab.id, tmp_path / "unit.xlsx")
    table = read_table(path, kind="units")
    assert [r.cells[0] for r in table.rows] == [u.name for u in svc.list_units(db, lab.id)]


def _rejected_plan(db, lab, tmp_path: Path):  # noqa: ANN001, ANN202
    spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    path = tmp_path / "peserta.csv"
    rows = [["Nama", "Unit", "NIP", "Umur"]] + [[f, "Dinas Kesehatan", "salah", "-5"] for f in FORMULAS]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    plan = plan_import(db, lab.id, read_table(path, kind="people"), None, "people")
    assert len(plan.rejected) == len(FORMULAS)
    return plan


def test_the_rejected_rows_report_never_holds_a_formula(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    plan = _rejected_plan(db, lab, tmp_path)
    xlsx = rejected_report_xlsx(plan, tmp_path / "ditolak.xlsx")
    assert "<f>" not in sheet_xml(xlsx)
    ws = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in ws["B"][1:]] == [f.strip() if f[0] in "\t\r" else f for f in FORMULAS]
    assert all(c.data_type == "s" and c.quotePrefix for c in ws["B"][1:])
    assert [c.data_type for c in ws["A"][1:]] == ["n"] * len(FORMULAS)  # row numbers stay numbers
    assert [c.value for c in ws["A"][1:]] == list(range(2, 2 + len(FORMULAS)))


def test_the_rejected_rows_csv_neutralises_formulas_and_keeps_numbers(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    plan = _rejected_plan(db, lab, tmp_path)
    rows = read_csv_cells(rejected_report_csv(plan, tmp_path / "ditolak.csv"))
    names = [r[1] for r in rows[1:]]
    assert names == ["'" + (f.strip() if f[0] in "\t\r" else f) for f in FORMULAS]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(2, 2 + len(FORMULAS))]
    assert {r[4] for r in rows[1:]} == {"-5"}  # a plain negative number is not touched
    # and the report read back gives the names without the apostrophe
    (tmp_path / "ditolak2.csv").write_bytes((tmp_path / "ditolak.csv").read_bytes())
    again = read_table(tmp_path / "ditolak2.csv", kind="people")
    assert [r.cells[1] for r in again.rows] == [f.strip() for f in FORMULAS]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(1)", "'+SUM(1)"),
        ("-2+3", "'-2+3"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\r=1", "'\n=1"),
        ("-5", "-5"),
        ("+62", "+62"),
        ("-2,5", "-2,5"),
        ("Dinas", "Dinas"),
        ("a=b", "a=b"),
        (7, 7),
        (-3.5, -3.5),
        (None, ""),
        ("a\x1b\x00b", "ab"),
    ],
)
def test_csv_cells_follow_owasp_and_numbers_stay_numbers(value: object, expected: object) -> None:
    assert csv_value(value) == expected  # type: ignore[arg-type]
    if isinstance(expected, str):
        assert unquote_formula(expected) == clean_text(
            value if isinstance(value, str) else ""
        ) or not isinstance(value, str)


def test_csv_bytes_quote_what_needs_quoting() -> None:
    data = csv_bytes(["Nama", "Catatan"], [['=HYPERLINK("x")', 'a;b "c"'], [3, "-1"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Nama", "Catatan"], ['\'=HYPERLINK("x")', 'a;b "c"'], ["3", "-1"]]


# --- 2. control characters --------------------------------------------------------------------------

CONTROLS = "Dinas\x1b[31m Ke\x0bseha\x00tan\x07"


def test_clean_text_keeps_tab_and_newline_and_drops_other_controls() -> None:
    assert clean_text("a\tb\nc\r\nd\re\x00f\x1bg\x7fh\ufffei\ud800") == "a\tb\nc\nd\nefghi"
    assert clean_line("  a\t\x1b b\n c ") == "a b c"
    assert clean_text("") == ""


def test_services_store_names_without_controls(db, lab) -> None:  # noqa: ANN001
    unit = spine_ops.add_unit(
        db, lab.id, CONTROLS, UnitType.DINAS, head_name="Kepala\x1b", address="Jl.\x00 1\nRT 2"
    )
    assert unit.name == "Dinas[31m Kesehatan"
    assert (unit.head_name, unit.address) == ("Kepala", "Jl. 1\nRT 2")
    person = spine_ops.add_person(db, lab.id, "Ani\x0b", unit.id, jabatan="Staf\x1b")
    assert (person.name, person.jabatan) == ("Ani", "Staf")
    assert spine_ops.update_unit(db, unit.id, name="Dinas\x00 Baru").name == "Dinas Baru"
    session = session_ops.add_session(db, lab.id, "drum_up", "Pembukaan\x1b", place="Aula\x00")
    assert (session.title, session.place) == ("Pembukaan", "Aula")


def test_worksheet_values_are_stored_without_controls(db, lab) -> None:  # noqa: ANN001
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id)
    save_worksheet(
        db,
        "LK-2f",
        {
            "nama": "SI\x1bSEHAT",
            "deskripsi": "baris 1\r\nbaris\x00 2",
            "inovator": [{"nama": "Ani\x07", "nip": "", "jabatan": "x\x0c"}],
        },
        lab.id,
        unit.id,
        idea.id,
    )
    data = load_worksheet(db, "LK-2f", lab.id, unit.id, idea.id).data
    assert (data["nama"], data["deskripsi"]) == ("SISEHAT", "baris 1\nbaris 2")
    assert (data["inovator"][0]["nama"], data["inovator"][0]["jabatan"]) == ("Ani", "x")


def test_controls_an_older_database_holds_are_cleaned_on_export(
    db, lab, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    spine_ops.add_person(db, lab.id, "Ani", unit.id)
    with db.session() as s:  # written before the services cleaned text
        s.execute(update(m.Unit).values(name=CONTROLS, address="Jl.\x0b Mawar"))
        s.execute(update(m.Person).values(jabatan="Staf\x1b[0m"))
    path = export_units_people_xlsx(db, lab.id, tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb["Unit"]["A2"].value == "Dinas[31m Kesehatan"
    assert wb["Unit"]["E2"].value == "Jl. Mawar"
    assert wb["Peserta"]["D2"].value == "Staf[0m"
    assert wb["Peserta"]["B2"].value == "Dinas[31m Kesehatan"
    with db.session() as s:  # nothing stored was changed by the export
        assert s.scalar(select(m.Unit.name)) == CONTROLS
    code = cli.main(
        ["--db", db_url, "export", "units-xlsx", "--lab", str(lab.id), "--out", str(tmp_path / "c.xlsx")]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")


# --- 3. zip bombs -----------------------------------------------------------------------------------


def _bomb(path: Path, sheet_mib: int = 40) -> Path:
    """A workbook of a few hundred kilobytes whose sheet unpacks to ``sheet_mib`` MiB."""
    wb = openpyxl.Workbook()
    wb.active.append(["Nama Unit"])
    wb.save(path.with_name("base.xlsx"))
    row = b'<row><c t="inlineStr"><is><t>Dinas</t></is></c></row>'
    with (
        zipfile.ZipFile(path.with_name("base.xlsx")) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
    ):
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                    fh.write(
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b"<sheetData>"
                    )
                    chunk = row * (1024 * 1024 // len(row))
                    for _i in range(sheet_mib):
                        fh.write(chunk)
                    fh.write(b"</sheetData></worksheet>")
            else:
                z.writestr(info, src.read(info))
    return path


def test_a_spreadsheet_zip_bomb_is_refused_before_it_is_read(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = _bomb(tmp_path / "unit.xlsx")
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFileError) as caught:
        read_table(path, kind="units")
    message = str(caught.value)
    assert message.startswith("unit.xlsx tidak dibuka: isinya membesar ") and "bom zip" in message
    assert "\n" not in message


def test_the_zip_guard_limits_members_sizes_and_total(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"m{i}.txt", bytes(range(256)) * 40)  # 10 KiB each, barely compressible
    check_zip(path)  # within the default limits
    with pytest.raises(UnsafeZipError, match=r"terlalu banyak bagian \(5; batasnya 4\)"):
        check_zip(path, limits=ZipLimits(max_members=4))
    with pytest.raises(UnsafeZipError, match="satu bagiannya berukuran"):
        check_zip(path, "arsip.zip", ZipLimits(max_member_bytes=5_000))
    with pytest.raises(UnsafeZipError, match=r"^arsip\.zip tidak dibuka: isinya lebih dari"):
        check_zip(path, "arsip.zip", ZipLimits(max_total_bytes=30_000))
    with pytest.raises(zipfile.BadZipFile):
        check_zip(io.BytesIO(b"bukan zip"))


def test_an_ordinary_workbook_passes_the_zip_guard(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    for i in range(3000):
        wb.active.append([f"Dinas {i}", "Jl. Mawar", 1234567])
    wb.save(tmp_path / "ok.xlsx")
    check_zip(tmp_path / "ok.xlsx")
    assert len(read_table(tmp_path / "ok.xlsx").rows) == 2999


# --- 7. NUL and other controls in a CSV -------------------------------------------------------------


def test_a_nul_byte_in_a_csv_is_cleaned_and_its_row_reported(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    path = tmp_path / "peserta.csv"
    path.write_bytes(
        b"Nama;Unit;Jabatan\r\nAni;Dinas Kesehatan;Staf\r\nBu\x00di;Dinas Kesehatan;Ka\x1bsi\r\n"
        b"Citra;Dinas Kesehatan;Staf\r\n"
    )
    table = read_table(path, kind="people")
    assert [r.cells[0] for r in table.rows] == ["Ani", "Budi", "Citra"]
    assert table.rows[1].cells[2] == "Kasi"
    assert "Karakter kendali yang tidak terlihat (mis. NUL atau ESC) dihapus dari baris 3." in table.warnings
    plan = plan_import(db, lab.id, table, None, "people")
    assert len(plan.accepted) == 3 and "dihapus dari baris 3" in " ".join(plan.warnings)


def test_a_file_full_of_nul_bytes_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "peserta.csv"
    path.write_bytes("Nama,Unit\nAni,Dinas\n".encode("utf-16-le"))  # UTF-16 without its byte order mark
    with pytest.raises(ImportFileError, match="bukan lembar kerja Excel"):
        read_table(path)


# --- 6. images --------------------------------------------------------------------------------------


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG file that declares ``width`` × ``height`` pixels (its pixels are never needed to refuse it)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    return path


def test_a_13000_pixel_logo_is_refused_by_its_header(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    from labinovasi.images import image_problem, print_copy
    from labinovasi.ops.spine import update_lab_settings
    from labinovasi.reports.common import logo_problem
    from labinovasi.reports.data import unit_plan_data
    from labinovasi.reports.unit_plan import render_unit_plan

    bomb = _png_header_only(tmp_path / "logo.png", 13_000, 13_000)
    assert bomb.stat().st_size < 1000
    message = logo_problem(bomb)
    assert message == (
        "Logo berukuran 13.000 × 13.000 piksel, terlalu besar (maksimal 50 juta piksel). Perkecil "
        "dulu gambarnya, misalnya menjadi 1.200 piksel di sisi terpanjang."
    )
    assert image_problem(bomb) is not None and print_copy(bomb) is None
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    update_lab_settings(
        db, lab.id, logo_path=str(bomb)
    )  # chosen before the check: the plan prints without it
    data = unit_plan_data(db, lab.id, unit.id)
    assert render_unit_plan(data).startswith(b"%PDF")
    assert any("13.000 × 13.000 piksel" in w and "sampul dicetak tanpa logo" in w for w in data.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"bukan gambar", "Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: logo.png"),
        (b"%PDF-1.7\n", "Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: logo.png"),
        (b"\x89PNG\r\n\x1a\n", "Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: logo.png"),
    ],
)
def test_what_is_not_an_image_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    from labinovasi.images import image_problem, print_copy

    path = tmp_path / "logo.png"
    path.write_bytes(content)
    assert image_problem(path, "Logo") == message
    assert print_copy(path) is None


def test_a_large_photo_is_scaled_down_once_and_printed_from_the_copy(
    db, lab, tmp_path: Path, isolated_home: Path
) -> None:  # noqa: ANN001
    from PIL import Image
    from pypdf import PdfReader

    from labinovasi.images import PRINT_SIDE, print_copy
    from labinovasi.ops.spine import update_lab_settings
    from labinovasi.reports.attendance_pdf import render_daftar_hadir

    photo = tmp_path / "logo.jpg"
    Image.new("RGB", (4000, 3000), (120, 30, 40)).save(photo, format="JPEG")
    copy, size = print_copy(photo)
    assert size == (PRINT_SIDE, 900) and copy.parent == isolated_home / "data" / "gambar"
    stamp = copy.stat().st_mtime_ns
    assert print_copy(photo) == (copy, size) and copy.stat().st_mtime_ns == stamp  # made once, then reused
    small = tmp_path / "kecil.png"
    Image.new("RGB", (300, 200)).save(small)
    assert print_copy(small) == (small, (300, 200))  # small enough: printed as it is

    update_lab_settings(db, lab.id, logo_path=str(photo))
    session = session_ops.add_session(db, lab.id, "drum_up", "Pembukaan")
    pdf = render_daftar_hadir(db, session.id)
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 1 and max(images[0].image.size) == PRINT_SIDE


# --- 8. only the app's own, embedded fonts; 9. emoji and scripts beyond Latin -----------------------


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Every font a PDF's pages refer to, and whether its file is embedded."""
    from pypdf import PdfReader

    out: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            descriptor = fonts[0].get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out[str(font["/BaseFont"]).split("+")[-1]] = embedded
    return out


def test_the_demo_plans_embed_only_their_own_fonts(db, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.reports.unit_plan import render_combined_plans

    pdf = render_combined_plans(db, demo_lab.id, "a4")  # every demo unit's plan
    fonts = _fonts(pdf)
    assert "Helvetica" not in fonts and "/Helvetica" not in fonts
    assert fonts and all(fonts.values()), fonts
    assert set(fonts) <= {
        "LiberationSans",
        "LiberationSans-Bold",
        "LiberationSans-Italic",
        "LiberationSans-BoldItalic",
        "DejaVuSans",
        "DejaVuSans-Bold",
        "Symbola",
    }


def test_a_table_cell_without_a_font_still_prints_in_the_shipped_font() -> None:
    from reportlab.platypus import Table

    from labinovasi.reports.base import DocumentInfo, build

    pdf = build([Table([["tanpa gaya", "x"]])], DocumentInfo(title="Uji"))  # ReportLab's default: Helvetica
    assert set(_fonts(pdf)) == {"LiberationSans", "LiberationSans-Bold"}


def test_emoji_and_arabic_print_in_the_fallback_fonts() -> None:
    from pypdf import PdfReader

    from labinovasi.reports.base import EMOJI, FALLBACK, FONT, DocumentInfo, build, font_runs, para

    assert font_runs("Inovasi 👍 مرحبا ✓") == [
        (FONT, "Inovasi "),
        (EMOJI, "👍"),
        (FONT, " "),
        (FALLBACK, "مرحبا"),
        (FONT, " "),
        (FALLBACK, "✓"),
    ]
    assert font_runs("ok\ufe0f\u200b") == [(FONT, "ok")] or font_runs("ok\ufe0f\u200b")[0] == (FONT, "ok")
    name = "Tim 👍 Inovasi <b>مرحبا</b>"
    pdf = build([para(name, "H2")], DocumentInfo(title="Uji", unit=name))
    fonts = _fonts(pdf)
    assert {"Symbola", "DejaVuSans-Bold", "DejaVuSans"} <= set(fonts)  # the heading is bold, the header not
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<b>" in text and "Tim" in text  # markup prints literally
