"""Importing units and participants from .xlsx/.csv, the rejected-rows report, the Excel export and
the ``labinovasi import`` / ``export units-xlsx`` commands. Files are written the way Indonesian
offices write them: title rows, "No" columns, merged unit cells, formulas, NIPs typed as numbers."""

from __future__ import annotations

import csv
import random
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from labinovasi import cli
from labinovasi.db import models as m
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.imports import apply_import, import_file
from labinovasi.services import labs as svc
from labinovasi.services.importing import (
    MAX_DATA_ROWS,
    ImportFileError,
    guess_mapping,
    infer_unit_type,
    normalise_nip,
    parse_role,
    parse_unit_type,
    person_key,
    plan_import,
    read_table,
    rejected_report_csv,
    rejected_report_xlsx,
    unit_key,
)
from labinovasi.services.xlsx_export import export_units_people_xlsx

NIP_A = "198501012010011001"
NIP_B = "199002022015032002"
NIP_C = "197703032001121003"


# --- helpers ----------------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    rows: list[list[Any]],
    title: str = "Sheet",
    merges: tuple[str, ...] = (),
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for ref in merges:
        ws.merge_cells(ref)
    for name, srows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for r in srows:
            extra.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def counts(db) -> tuple[int, int]:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count(m.Unit.id))), s.scalar(select(func.count(m.Person.id)))


def people_of(db, lab_id) -> dict[str, dict[str, str]]:  # noqa: ANN001
    with db.session() as s:
        units = {u.id: u.name for u in s.scalars(select(m.Unit).where(m.Unit.lab_id == lab_id))}
        return {
            p.name: {
                "unit": units.get(p.unit_id, ""),
                "nip": p.nip,
                "role": p.role.value,
                "jabatan": p.jabatan,
                "phone": p.phone,
                "email": p.email,
            }
            for p in s.scalars(select(m.Person).where(m.Person.lab_id == lab_id))
        }


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Wanasari 2026", pemda="Kabupaten Wanasari")
    for name, t in [
        ("Dinas Kesehatan", UnitType.DINAS),
        ("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)", UnitType.DINAS),
        ("Kecamatan Sidomukti", UnitType.KECAMATAN),
        ("Kecamatan Karangjati", UnitType.KECAMATAN),
        ("UPTD Puskesmas Karangjati", UnitType.PUSKESMAS),
        ("Sekretariat Daerah — Bagian Organisasi", UnitType.SETDA),
        ("Kecamatan Bobotsari", UnitType.KECAMATAN),
        ("Puskesmas Bobotsari", UnitType.PUSKESMAS),
    ]:
        spine_ops.add_unit(db, lab.id, name, t)
    return lab


def unit_id(db, lab_id, name: str):  # noqa: ANN001, ANN201
    return next(u.id for u in svc.list_units(db, lab_id) if u.name == name)


PEOPLE_HEADER = [
    "No.",
    "Nama Lengkap",
    "NIP",
    "Jabatan",
    "Unit Kerja",
    "Peran dalam Tim",
    "No. HP/WA",
    "E-mail",
]


# --- a clean import ---------------------------------------------------------------------------------


def test_units_from_xlsx_then_people(db, tmp_path: Path) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Baru")
    units = write_xlsx(
        tmp_path / "unit.xlsx",
        [
            ["Nama OPD", "Jenis", "Nama Kepala", "NIP Kepala", "Alamat Kantor"],
            ["Dinas Kesehatan", "Dinas", "dr. Ratna Sari, M.Kes.", f"'{NIP_A}", "Jl. Merdeka 1\nWanasari"],
            ["Kecamatan Sidomukti", "Kec.", "Budi Santoso, S.STP.", "", ""],
            ["UPTD Puskesmas Karangjati", "UPTD", "", "-", ""],
            ["RSUD dr. Soeratno", "", "", "", ""],  # no type: read from the name
            ["Perumda Air Minum Tirta Wanasari", "BUMD", "Ir. Hadi", "NPP 1998.03.021", ""],
        ],
    )
    table = read_table(units, kind="units")
    assert table.file_type == "xlsx" and table.header_row == 1 and len(table.rows) == 5
    plan = plan_import(db, lab.id, table, None, "units")
    assert plan.mapping == {"name": 0, "unit_type": 1, "head_name": 2, "head_nip": 3, "address": 4}
    assert plan.summary() == "5 baris siap diimpor · 0 duplikat dilewati · 0 ditolak"
    result = apply_import(db, lab.id, plan)
    assert result.summary() == "5 diimpor, 0 duplikat dilewati, 0 ditolak"
    got = {u.name: u for u in svc.list_units(db, lab.id)}
    assert [u.name for u in svc.list_units(db, lab.id)] == [
        "Dinas Kesehatan",
        "Kecamatan Sidomukti",
        "UPTD Puskesmas Karangjati",
        "RSUD dr. Soeratno",
        "Perumda Air Minum Tirta Wanasari",
    ]
    assert got["Dinas Kesehatan"].unit_type is UnitType.DINAS
    assert got["Dinas Kesehatan"].head_nip == NIP_A
    assert got["Dinas Kesehatan"].address == "Jl. Merdeka 1\nWanasari"
    assert got["Kecamatan Sidomukti"].unit_type is UnitType.KECAMATAN
    assert got["UPTD Puskesmas Karangjati"].unit_type is UnitType.PUSKESMAS
    assert got["UPTD Puskesmas Karangjati"].head_nip == ""
    assert got["RSUD dr. Soeratno"].unit_type is UnitType.RSUD
    assert got["Perumda Air Minum Tirta Wanasari"].head_nip == "NPP 1998.03.021"

    people = write_xlsx(
        tmp_path / "peserta.xlsx",
        [
            PEOPLE_HEADER,
            [
                1,
                "Sri Wahyuni, S.Kep.",
                "19850101 201001 1 001",
                "Perawat Ahli Muda",
                "DINAS KESEHATAN",
                "Ketua Tim",
                81234567890,
                "sri@wanasarikab.go.id",
            ],
            [2, "Budi Santoso", NIP_B, "Camat", "Kec. Sidomukti", "Kepala", "0812-1111-2222", ""],
            [3, "Ani <Staf> & Co", "", "Staf", "uptd puskesmas karangjati", "", "-", "-"],
        ],
    )
    result = import_file(db, lab.id, people, "people")
    assert result.summary() == "3 diimpor, 0 duplikat dilewati, 0 ditolak"
    got_people = people_of(db, lab.id)
    assert got_people["Sri Wahyuni, S.Kep."] == {
        "unit": "Dinas Kesehatan",
        "nip": NIP_A,
        "role": "ketua_tim",
        "jabatan": "Perawat Ahli Muda",
        "phone": "081234567890",
        "email": "sri@wanasarikab.go.id",
    }
    assert got_people["Budi Santoso"]["unit"] == "Kecamatan Sidomukti"
    assert got_people["Budi Santoso"]["role"] == "kepala_unit"
    assert got_people["Ani <Staf> & Co"] == {
        "unit": "UPTD Puskesmas Karangjati",
        "nip": "",
        "role": "anggota",
        "jabatan": "Staf",
        "phone": "",
        "email": "",
    }


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8-sig"), (";", "utf-8"), (";", "cp1252"), ("\t", "utf-8")]
)
def test_people_from_csv(db, lab, tmp_path: Path, delimiter: str, encoding: str) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "peserta.csv",
        [
            ["Nama", "NIP", "OPD", "Telepon", "Email"],
            ["Dra. Siti Mu’awanah, M.Si.", NIP_A, "Dinas Kesehatan", "0812 3456 7890", "siti@contoh.go.id"],
            ["José Ramírez", "", "Kecamatan Sidomukti", "", ""],
            ["", "", "", "", ""],
            ['Wati; "Koordinator"', NIP_B, "Disdukcapil", "", ""],
        ],
        delimiter=delimiter,
        encoding=encoding,
    )
    table = read_table(path, kind="people")
    assert table.file_type == "csv"
    assert table.headers == ["Nama", "NIP", "OPD", "Telepon", "Email"]
    assert [r.number for r in table.rows] == [2, 3, 5]
    assert "1 baris kosong dilewati." in table.warnings
    result = apply_import(db, lab.id, plan_import(db, lab.id, table, None, "people"))
    assert result.added == 3, result.plan.rejected_lines()
    got = people_of(db, lab.id)
    assert got["Dra. Siti Mu’awanah, M.Si."]["nip"] == NIP_A
    assert got["Dra. Siti Mu’awanah, M.Si."]["phone"] == "0812 3456 7890"
    assert got["José Ramírez"]["unit"] == "Kecamatan Sidomukti"
    assert got['Wati; "Koordinator"']["unit"] == "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)"


def test_csv_with_excel_sep_line_and_utf16(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "sep.csv"
    path.write_text("sep=|\nNama|Unit\nAni|Dinas Kesehatan\n", encoding="utf-8")
    table = read_table(path, kind="people")
    assert table.headers == ["Nama", "Unit"] and table.rows[0].cells == ("Ani", "Dinas Kesehatan")
    # Excel's "Unicode Text": UTF-16, tab-separated, often named .txt
    path = tmp_path / "unicode.txt"
    path.write_bytes("Nama\tUnit\r\nBudi\tDinas Kesehatan\r\n".encode("utf-16"))
    table = read_table(path, kind="people")
    assert table.rows[0].cells == ("Budi", "Dinas Kesehatan")


# --- column titles ----------------------------------------------------------------------------------


def test_header_synonyms_people() -> None:
    headers = [
        "No.",
        "NAMA LENGKAP (dengan gelar)",
        "NIP (18 digit)",
        "Pangkat/Gol",
        "Jabatan",
        "Perangkat Daerah",
        "Kedudukan dalam Tim",
        "No. HP / WA",
        "Alamat E-mail",
    ]
    assert guess_mapping(headers, "people") == {
        "name": 1,
        "unit": 5,
        "nip": 2,
        "jabatan": 4,
        "role": 6,
        "phone": 7,
        "email": 8,
    }
    assert guess_mapping(["Nama Pegawai", "Instansi", "WA", "Surel"], "people") == {
        "name": 0,
        "unit": 1,
        "nip": None,
        "jabatan": None,
        "role": None,
        "phone": 2,
        "email": 3,
    }
    # "Nama Unit" is the unit, not the person's name
    assert guess_mapping(["Nama Unit", "Nama Peserta", "Telp"], "people")["name"] == 1
    assert guess_mapping(["Nama Unit", "Nama Peserta", "Telp"], "people")["unit"] == 0
    assert guess_mapping(["Asal OPD", "Nama", "Email"], "people")["unit"] == 0


def test_header_synonyms_units() -> None:
    assert guess_mapping(
        ["No", "Nama Perangkat Daerah", "Jenis Unit", "Nama Kepala OPD", "NIP Kepala OPD", "Alamat"], "units"
    ) == {"name": 1, "unit_type": 2, "head_name": 3, "head_nip": 4, "address": 5}
    # "Kepala Unit" is the head's name; "Unit Kerja" the unit's
    assert guess_mapping(["Unit Kerja", "Kepala Unit", "NIP"], "units") == {
        "name": 0,
        "unit_type": None,
        "head_name": 1,
        "head_nip": 2,
        "address": None,
    }


def test_title_rows_above_the_headers_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "judul.xlsx",
        [
            ["DAFTAR PESERTA LABORATORIUM INOVASI"],
            ["Kabupaten Wanasari", None, None, "Tahun 2026"],
            [],
            ["No", "Nama", "Unit Kerja", "NIP"],
            [1, "Ani", "Dinas Kesehatan", NIP_A],
        ],
        merges=("A1:D1",),
    )
    table = read_table(path, kind="people")
    assert table.header_row == 4
    assert table.headers == ["No", "Nama", "Unit Kerja", "NIP"]
    assert [r.number for r in table.rows] == [5]
    assert "Baris 1–2 di atas judul kolom (baris 4) dilewati." in table.warnings
    assert not any("gabungan" in w for w in table.warnings)  # the merged title is not data


# --- duplicates and rejected rows -------------------------------------------------------------------


def test_duplicates_in_the_file_and_in_the_lab(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    kes = unit_id(db, lab.id, "Dinas Kesehatan")
    spine_ops.add_person(db, lab.id, "Drs. H. Agus Setiawan, M.Si.", kes, PersonRole.KEPALA_UNIT, nip=NIP_A)
    spine_ops.add_person(db, lab.id, "Rina Kartika", kes)
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        [
            ["Nama", "NIP", "Unit"],
            ["Agus Setiawan", NIP_A, "Kecamatan Sidomukti"],  # 2: NIP already in the lab
            ["RINA  KARTIKA, S.E.", "", "Dinas Kesehatan"],  # 3: same name in the same unit
            ["Rina Kartika", "", "Kecamatan Sidomukti"],  # 4: same name, other unit: a new person
            ["Budi Santoso", NIP_B, "Dinas Kesehatan"],  # 5: new
            ["Budi Santosa", NIP_B, "Kecamatan Sidomukti"],  # 6: same NIP as row 5
            ["Tri Wahyuni", "", "Dinas Kesehatan"],  # 7: new
            ["tri wahyuni", "", "dinas kesehatan"],  # 8: same as row 7
            ["Tri Wahyuni", NIP_C, "Dinas Kesehatan"],  # 9: row 7 had no NIP: same person
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert [a.row for a in plan.accepted] == [4, 5, 7]
    dup = {d.row: d.reason for d in plan.duplicates}
    assert dup[2] == f"NIP {NIP_A} sudah ada di lab: Drs. H. Agus Setiawan, M.Si. (Dinas Kesehatan)"
    assert dup[3] == "nama sama di unit yang sama, sudah ada di lab: Rina Kartika (Dinas Kesehatan)"
    assert dup[6] == f"NIP {NIP_B} sama dengan baris 5 (Budi Santoso)"
    assert dup[8] == "nama sama di unit yang sama, sama dengan baris 7 (Tri Wahyuni)"
    assert dup[9] == "nama sama di unit yang sama, sama dengan baris 7 (Tri Wahyuni)"
    assert plan.summary() == "3 baris siap diimpor · 5 duplikat dilewati · 0 ditolak"
    before = counts(db)
    assert apply_import(db, lab.id, plan).added == 3
    assert counts(db) == (before[0], before[1] + 3)


def test_same_name_with_different_nips_are_two_people(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Nama", "NIP", "Unit"],
            ["Eko Prasetyo", NIP_A, "Dinas Kesehatan"],
            ["Eko Prasetyo", NIP_B, "Dinas Kesehatan"],
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert len(plan.accepted) == 2 and not plan.duplicates


def test_duplicate_units(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "u.csv",
        [
            ["Nama Unit", "Jenis"],
            ["Dinas Kesehatan", "Dinas"],
            ["Kec. Bobotsari", ""],
            ["Dinas Pariwisata", "Dinas"],
            ["DINAS  PARIWISATA", "dinas"],
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "units")
    assert [a.row for a in plan.accepted] == [4]
    assert {d.row: d.reason for d in plan.duplicates} == {
        2: "unit 'Dinas Kesehatan' sudah ada di lab",
        3: "unit 'Kecamatan Bobotsari' sudah ada di lab",
        5: "nama unit sama dengan baris 4",
    }


def test_rejected_rows_say_why(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    long_name = "Nama " * 20_000
    path = write_xlsx(
        tmp_path / "tolak.xlsx",
        [
            ["Nama", "NIP", "Unit", "Peran", "Telepon", "Surel"],
            ["Ani", "19850101201001100", "Dinas Kesehatan", "", "", ""],  # 2: 17 digits
            ["Budi", NIP_B, "Dinas Pariwisata", "", "", ""],  # 3: no such unit
            ["Citra", "", "Dinas Kesehatan", "Pengamat", "", ""],  # 4: unknown role
            ["Dedi", "", "Dinas Kesehatan", "", "12", "dedi@"],  # 5: phone, e-mail
            ["", NIP_C, "Dinas Kesehatan", "", "", ""],  # 6: no name
            ["Eka", "", "", "Anggota", "", ""],  # 7: no unit
            ["Fajar (fasilitator LAN)", "", "", "Fasilitator", "", ""],  # 8: a facilitator needs no unit
            [long_name, "", "Dinas Kesehatan", "", "", ""],  # 9: 100,000 characters typed
            ["Gita", "NIP-ku", "Dinas Kesehatan", "", "", ""],  # 10: letters
            [
                "Hadi <b>&amp;</b>",
                "NPP 2007.01.114",
                "Dinas Kesehatan",
                "",
                "",
                "",
            ],  # 11: fine, kept literally
            ["Indra", "", "Dinas Kesehatn", "", "", ""],  # 12: a typo: suggest the unit
        ],
    )
    before = counts(db)
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    reasons = {r.row: r.reason for r in plan.rejected}
    assert reasons[2] == "NIP harus 18 angka (tertulis: 19850101201001100)"
    assert reasons[3] == "unit 'Dinas Pariwisata' tidak ada di lab ini"
    assert reasons[4] == (
        "peran 'Pengamat' tidak dikenal; pilih salah satu: Kepala Unit, Ketua Tim Inovasi, "
        "Inovator, Anggota Tim, Fasilitator, Panitia/Tim Pelaksana"
    )
    assert reasons[5] == "nomor telepon tidak valid (tertulis: 12); surel tidak valid (tertulis: dedi@)"
    assert reasons[6] == "nama kosong"
    assert reasons[7] == "unit kosong (hanya fasilitator dan panitia yang boleh tanpa unit)"
    assert reasons[9] == "nama terlalu panjang (32.767 karakter; maksimal 200)"  # a cell holds 32,767 at most
    assert reasons[10] == (
        "NIP harus 18 angka (tertulis: NIP-ku); nomor pegawai lain ditulis dengan awalannya, "
        "mis. 'NPP 1998.03.021'"
    )
    assert reasons[12] == "unit 'Dinas Kesehatn' tidak ada di lab ini; maksud Anda 'Dinas Kesehatan'?"
    assert [a.row for a in plan.accepted] == [8, 11]
    assert plan.rejected_lines()[0] == "baris 2: NIP harus 18 angka (tertulis: 19850101201001100)"
    assert counts(db) == before  # planning stores nothing
    apply_import(db, lab.id, plan)
    got = people_of(db, lab.id)
    assert (
        got["Fajar (fasilitator LAN)"]["unit"] == ""
        and got["Fajar (fasilitator LAN)"]["role"] == "fasilitator"
    )
    assert got["Hadi <b>&amp;</b>"]["nip"] == "NPP 2007.01.114"


def test_huge_and_odd_text_in_a_csv(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Nama", "Unit", "Jabatan"],
            ["x" * 100_000, "Dinas Kesehatan", ""],
            ["Ani 🙂", "Dinas Kesehatan", "y" * 100_000],
            ["Budi\x00 <i>&</i>", "Dinas Kesehatan", "Staf"],
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert {r.row: r.reason for r in plan.rejected} == {
        2: "nama terlalu panjang (100.000 karakter; maksimal 200)",
        3: "jabatan terlalu panjang (100.000 karakter; maksimal 200)",
    }
    apply_import(db, lab.id, plan)
    assert list(people_of(db, lab.id)) == ["Budi <i>&</i>"]


def test_unit_rows_rejected_with_the_allowed_types(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "u.csv",
        [
            ["Nama Unit", "Jenis Unit", "NIP Kepala Unit"],
            ["Kantor Pos Wanasari", "Kantor", ""],
            ["Dinas Sosial", "Dinas", "12 34"],
            ["Satuan Polisi Pamong Praja", "", ""],
            ["Kelurahan Sidomukti", "", ""],
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "units")
    assert {r.row: r.reason for r in plan.rejected} == {
        2: "jenis unit 'Kantor' tidak dikenal; pilih salah satu: Setda, Setwan, Inspektorat, Dinas, Badan, "
        "Kecamatan, Kelurahan, Desa, Puskesmas, RSUD, BUMD, Lainnya",
        3: "NIP kepala unit harus 18 angka (tertulis: 12 34)",
    }
    types = {a.values["name"]: a.values["unit_type"] for a in plan.accepted}
    assert types == {
        "Satuan Polisi Pamong Praja": UnitType.LAINNYA,
        "Kelurahan Sidomukti": UnitType.KELURAHAN,
    }
    assert "1 unit tanpa jenis yang dapat dikenali dari namanya dicatat sebagai 'Lainnya'." in plan.warnings


def test_unit_type_role_and_name_rules() -> None:
    assert parse_unit_type("Puskesmas/UPT/UPTD") is UnitType.PUSKESMAS
    assert parse_unit_type("uptd") is UnitType.PUSKESMAS
    assert parse_unit_type("Sekretariat DPRD") is UnitType.SETWAN
    assert parse_unit_type("Perumda") is UnitType.BUMD
    assert parse_unit_type("rsud") is UnitType.RSUD
    assert parse_unit_type("Kantor") is None
    assert infer_unit_type("Sekretariat Daerah — Bagian Hukum") is UnitType.SETDA
    assert infer_unit_type("Badan Usaha Milik Daerah Wanasari") is UnitType.BUMD
    assert infer_unit_type("PT BPR BKK Wanasari") is UnitType.BUMD
    assert infer_unit_type("Badan Kepegawaian Daerah") is UnitType.BADAN
    assert infer_unit_type("Satpol PP") is None
    assert parse_role("Ketua Tim Inovasi") is PersonRole.KETUA_TIM
    assert parse_role("panitia / tim pelaksana") is PersonRole.PANITIA
    assert parse_role("kepala_unit") is PersonRole.KEPALA_UNIT
    assert person_key("Drs. H. Agus Setiawan, M.Si.") == "agus setiawan"
    assert person_key("dr. Ratna") == "ratna"
    assert unit_key("Kec.  Sidomukti") == unit_key("KECAMATAN SIDOMUKTI")
    assert unit_key("Dinas Sosial & P3A") == unit_key("Dinas Sosial dan P3A")


def test_the_nip_rule_for_typed_values() -> None:
    assert normalise_nip(" 19850101 201001 1 001 ") == NIP_A
    assert normalise_nip("-") == normalise_nip("") == ""
    assert normalise_nip("npp 1998.03.021") == "npp 1998.03.021"
    with pytest.raises(ValueError, match=r"^NIP harus 18 angka \(tertulis: 1985\)$"):
        normalise_nip("1985")
    with pytest.raises(ValueError, match="^NIP kepala unit harus 18 angka"):
        normalise_nip("1985", "NIP kepala unit")


def test_unit_names_written_other_ways(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Nama", "Unit"],
            ["A", "Disdukcapil"],  # the acronym in brackets
            ["B", "Dinas Kependudukan dan Pencatatan Sipil"],  # the name without it
            ["C", "Dinas Kesehatan Kabupaten Wanasari"],  # with the region
            ["D", "Bagian Organisasi"],  # the part after the dash
            ["E", "Puskesmas Karangjati"],  # without UPTD; "Karangjati" alone is ambiguous
            ["F", "Sidomukti"],  # only one unit is called that
            ["G", "Bobotsari"],  # two units are
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    shown = {a.values["name"]: a.display["unit"] for a in plan.accepted}
    assert shown == {
        "A": "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)",
        "B": "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)",
        "C": "Dinas Kesehatan",
        "D": "Sekretariat Daerah — Bagian Organisasi",
        "E": "UPTD Puskesmas Karangjati",
        "F": "Kecamatan Sidomukti",
    }
    assert [r.reason for r in plan.rejected] == [
        "unit 'Bobotsari' cocok dengan beberapa unit (Kecamatan Bobotsari, Puskesmas Bobotsari); "
        "tulis nama lengkapnya"
    ]


def test_people_need_their_units_first(db, tmp_path: Path) -> None:  # noqa: ANN001
    empty_lab = spine_ops.create_lab(db, "Lab kosong")
    path = write_csv(tmp_path / "p.csv", [["Nama", "Unit"], ["Ani", "Dinas Kesehatan"]])
    plan = plan_import(db, empty_lab.id, read_table(path), None, "people")
    assert plan.accepted == [] and plan.rejected_lines() == [
        "baris 2: unit 'Dinas Kesehatan' tidak ada di lab ini"
    ]
    assert not plan.can_import


def test_missing_required_column_blocks_the_import(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "p.csv", [["Nama", "Jabatan"], ["Ani", "Staf"]])
    table = read_table(path)
    plan = plan_import(db, lab.id, table, None, "people")
    assert plan.problems == ["Pilih kolom untuk: Unit."]
    assert not plan.can_import
    with pytest.raises(ValueError, match="Pilih kolom untuk: Unit"):
        apply_import(db, lab.id, plan)
    plan = plan_import(db, lab.id, table, {"name": 0, "unit": 0}, "people")
    assert plan.problems == ["Kolom A dipakai untuk Nama dan Unit; pilih satu."]


# --- spreadsheet quirks -----------------------------------------------------------------------------


def test_merged_unit_cells_fill_every_row(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_xlsx(
        tmp_path / "gabung.xlsx",
        [
            ["Unit Kerja", "Nama", "NIP"],
            ["Dinas Kesehatan", "Ani", ""],
            [None, "Budi", ""],
            [None, "Citra", ""],
            ["Kecamatan Sidomukti", "Dedi", ""],
            [None, "Eka", ""],
            [None, None, None],  # merged with the unit above, nothing typed: not a row
            ["Catatan: Fajar menyusul", None, None],
        ],
        merges=("A2:A4", "A5:A7", "A8:C8"),
    )
    table = read_table(path, kind="people")
    assert [(r.number, r.cells[0], r.cells[1]) for r in table.rows] == [
        (2, "Dinas Kesehatan", "Ani"),
        (3, "Dinas Kesehatan", "Budi"),
        (4, "Dinas Kesehatan", "Citra"),
        (5, "Kecamatan Sidomukti", "Dedi"),
        (6, "Kecamatan Sidomukti", "Eka"),
        (8, "Catatan: Fajar menyusul", ""),
    ]
    assert "Nilai sel gabungan A2:A4, A5:A7 diisikan ke setiap baris di dalamnya." in table.warnings
    assert "Sel gabungan mendatar A8:C8: nilainya hanya dipakai di sel pertama." in table.warnings
    plan = plan_import(db, lab.id, table, None, "people")
    assert [a.display["unit"] for a in plan.accepted] == ["Dinas Kesehatan"] * 3 + ["Kecamatan Sidomukti"] * 2
    assert [r.row for r in plan.rejected] == [8]


def test_empty_rows_and_numbered_template_rows(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["No", "Nama", "Unit"],
        [1, "Ani", "Dinas Kesehatan"],
        [],
        [2, None, None],
        [3, "Budi", "Dinas Kesehatan"],
    ]
    rows += [[n, None, None] for n in range(4, 40)]  # a template numbered to 40, filled to 3
    table = read_table(write_xlsx(tmp_path / "kosong.xlsx", rows), kind="people")
    assert [r.number for r in table.rows] == [2, 5]
    assert table.empty_rows == 2
    assert "2 baris kosong dilewati." in table.warnings


def _with_cached_value(src: Path, dest: Path, cell: str, value: str) -> Path:
    """Add the value Excel would have saved with a formula (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text, n = re.subn(
                    rf'<c r="{cell}"><f>(.*?)</f><v\s*/>',
                    rf'<c r="{cell}" t="str"><f>\1</f><v>{value}</v>',
                    text,
                )
                assert n == 1, text
                data = text.encode()
            zout.writestr(item, data)
    return dest


def test_formulas_use_their_saved_values(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [
        ["Nama", "Unit", "NIP"],
        ['=CONCAT("Budi"," Santoso")', "Dinas Kesehatan", NIP_A],
        ["Ani", '=A3&""', NIP_B],
    ]
    raw = write_xlsx(tmp_path / "rumus.xlsx", rows)
    # as openpyxl wrote it: formulas never calculated, so there is no value to read
    table = read_table(raw, kind="people")
    assert table.warnings == [
        "2 sel berisi rumus tanpa nilai tersimpan (A2, B3) dan dibaca sebagai kosong. Buka berkas di Excel atau "
        "LibreOffice, simpan sekali agar nilainya dihitung, lalu impor lagi."
    ]
    plan = plan_import(db, lab.id, table, None, "people")
    assert {r.row: r.reason for r in plan.rejected} == {
        2: "nama kosong",
        3: "unit kosong (hanya fasilitator dan panitia yang boleh tanpa unit)",
    }
    # as Excel saves it: the formula with its calculated value
    saved = _with_cached_value(raw, tmp_path / "rumus-a.xlsx", "A2", "Budi Santoso")
    saved = _with_cached_value(saved, tmp_path / "rumus-ab.xlsx", "B3", "Kecamatan Sidomukti")
    table = read_table(saved, kind="people")
    assert table.warnings == []
    assert [r.cells[:2] for r in table.rows] == [
        ("Budi Santoso", "Dinas Kesehatan"),
        ("Ani", "Kecamatan Sidomukti"),
    ]
    assert len(plan_import(db, lab.id, table, None, "people").accepted) == 2


def test_formula_errors_are_read_as_empty(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "galat.xlsx", [["Nama", "Unit", "Telepon"], ["Ani", "Dinas Kesehatan", "#N/A"]]
    )
    table = read_table(path)
    assert table.rows[0].cells == ("Ani", "Dinas Kesehatan", "")
    assert table.warnings == ["1 sel berisi galat rumus (mis. #N/A, #REF!) dan dibaca sebagai kosong: C2"]


def test_nip_typed_as_a_number_is_refused_with_a_fix(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    # openpyxl, like Excel, stores the 18-digit number as a double: the last digits are gone
    path = write_xlsx(
        tmp_path / "angka.xlsx", [["Nama", "Unit", "NIP"], ["Ani", "Dinas Kesehatan", int(NIP_A)]]
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert plan.rejected[0].reason.startswith("NIP tersimpan sebagai angka di Excel (1985010120100110")
    assert plan.rejected[0].reason.endswith("ubah format kolomnya menjadi Teks lalu ketik ulang")
    # the same in a CSV saved by Excel
    path = write_csv(
        tmp_path / "angka.csv",
        [["Nama", "Unit", "NIP"], ["Ani", "Dinas Kesehatan", "1,98501E+17"]],
        delimiter=";",
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert plan.rejected[0].reason.startswith("NIP tersimpan sebagai angka di Excel (1,98501E+17)")


def test_sheets_chosen_by_kind_or_by_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dua.xlsx",
        [["Nama Unit"], ["Dinas Kesehatan"]],
        title="Unit",
        extra_sheets={"Peserta": [["Nama", "Unit"], ["Ani", "Dinas Kesehatan"]], "Catatan": [["bebas"]]},
    )
    assert read_table(path, kind="units").sheet == "Unit"
    people = read_table(path, kind="people")
    assert people.sheet == "Peserta" and people.sheets == ["Unit", "Peserta", "Catatan"]
    assert read_table(path, sheet="Peserta").headers == ["Nama", "Unit"]
    assert read_table(path).sheet == "Unit"  # the active sheet
    with pytest.raises(
        ImportFileError, match="Lembar 'Rekap' tidak ada di dua.xlsx. Yang ada: Unit, Peserta, Catatan"
    ):
        read_table(path, sheet="Rekap")
    with pytest.raises(ImportFileError, match=r"dua.xlsx \(lembar 'Catatan'\) tidak berisi data|Catatan"):
        empty = write_xlsx(tmp_path / "kosong.xlsx", [], title="Catatan")
        read_table(empty)


def test_ten_thousand_rows(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    ws.append(PEOPLE_HEADER)
    units = ["Dinas Kesehatan", "Kec. Sidomukti", "UPTD Puskesmas Karangjati", "Disdukcapil"]
    for i in range(10_000):
        ws.append([i + 1, f"Peserta {i}", f"19850101201001{i:04d}", "Staf", units[i % 4], "", "", ""])
    path = tmp_path / "besar.xlsx"
    wb.save(path)
    t0 = time.perf_counter()
    table = read_table(path, kind="people")
    plan = plan_import(db, lab.id, table, None, "people")
    result = apply_import(db, lab.id, plan)
    elapsed = time.perf_counter() - t0
    assert len(table.rows) == 10_000
    assert result.summary() == "10.000 diimpor, 0 duplikat dilewati, 0 ditolak"
    assert counts(db)[1] == 10_000
    assert elapsed < 30, elapsed  # about 2 s on the reference machine; generous for a busy CI box


def test_more_than_the_row_limit_is_refused(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "terlalu-besar.csv"
    lines = ["Nama;Unit"] + [f"Orang {i};Dinas Kesehatan" for i in range(MAX_DATA_ROWS + 1)]
    path.write_text("\n".join(lines), encoding="utf-8")
    before = counts(db)
    with pytest.raises(ImportFileError, match=r"lebih dari 20\.000 baris data"):
        read_table(path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    ws.append(["Nama", "Unit"])
    for i in range(MAX_DATA_ROWS + 1):
        ws.append([f"Orang {i}", "Dinas Kesehatan"])
    wb.save(tmp_path / "terlalu-besar.xlsx")
    with pytest.raises(ImportFileError, match=r"lebih dari 20\.000 baris data"):
        read_table(tmp_path / "terlalu-besar.xlsx")
    # exactly the limit is fine
    path.write_text("\n".join(lines[:-1]), encoding="utf-8")
    assert len(read_table(path).rows) == MAX_DATA_ROWS
    assert counts(db) == before


# --- files that are not spreadsheets ----------------------------------------------------------------


def _encrypted_zip(path: Path) -> Path:
    """A ZIP whose entries are marked as password-protected (Python cannot write real ones)."""
    src = write_xlsx(path.with_name("plain.xlsx"), [["Nama"], ["Ani"]])
    data = bytearray(src.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + flag_at] |= 0x01
            start = i + 4
    path.write_bytes(bytes(data))
    return path


def _ole(extra: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra + b"\x00" * 1024


BAD_FILES = {
    "pdf": (
        lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        "peserta.xlsx adalah dokumen PDF, bukan lembar kerja.",
    ),
    "random": (
        lambda p: p.write_bytes(random.Random(5).randbytes(20_000)),
        "peserta.xlsx bukan lembar kerja Excel (.xlsx) atau CSV yang dapat dibaca.",
    ),
    "empty": (lambda p: p.write_bytes(b""), "Berkas kosong: peserta.xlsx tidak berisi data."),
    "password-zip": (_encrypted_zip, "peserta.xlsx adalah arsip terkunci kata sandi"),
    "password-office": (
        lambda p: p.write_bytes(_ole("EncryptionInfo".encode("utf-16-le"))),
        "peserta.xlsx dilindungi kata sandi.",
    ),
    "old-xls": (lambda p: p.write_bytes(_ole(b"Workbook")), "peserta.xlsx berformat Excel lama (.xls)"),
    "html": (
        lambda p: p.write_text("<html><body><table><tr><td>Nama</td></tr></table></body></html>"),
        "peserta.xlsx berisi halaman HTML/XML, bukan lembar kerja",
    ),
    "truncated": (
        lambda p: p.write_bytes(write_xlsx(p.with_name("ok.xlsx"), [["Nama"], ["Ani"]]).read_bytes()[:900]),
        "peserta.xlsx bukan berkas Excel (.xlsx) yang utuh.",
    ),
    "docx": (lambda p: _docx(p), "peserta.xlsx bukan berkas Excel (.xlsx) yang utuh (ini dokumen Word)."),
    "ods": (lambda p: _ods(p), "(ini berkas LibreOffice .ods; simpan sebagai .xlsx atau .csv)"),
}


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(
    db, lab, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    make, message = BAD_FILES[kind]
    path = tmp_path / "peserta.xlsx"
    make(path)
    before = counts(db)
    with pytest.raises(ImportFileError) as err:
        read_table(path, kind="people")
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    # the command line says the same in one line and stores nothing
    db_url = str(db.engine.url)
    assert cli.main(["--db", db_url, "import", "people", "--lab", str(lab.id), str(path)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("labinovasi: ") and message in out.err and out.err.count("\n") == 1
    assert counts(db) == before


def test_text_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catatan.md"
    path.write_text("# Catatan rapat\n\nBukan tabel.", encoding="utf-8")
    with pytest.raises(ImportFileError, match="catatan.md bukan lembar kerja Excel"):
        read_table(path)
    with pytest.raises(ImportFileError, match="Berkas tidak ditemukan"):
        read_table(tmp_path / "tidak-ada.xlsx")
    with pytest.raises(ImportFileError, match="adalah folder"):
        read_table(tmp_path)


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "ekspor-simpeg.xls"
    path.write_text("Nama;Unit Kerja\nAni;Dinas Kesehatan\n", encoding="cp1252")
    table = read_table(path)
    assert table.file_type == "csv" and table.rows[0].cells == ("Ani", "Dinas Kesehatan")
    assert table.warnings[0] == "Berkas bernama .xls tetapi isinya teks CSV; dibaca sebagai CSV."


# --- storing ----------------------------------------------------------------------------------------


def test_apply_is_all_or_nothing(db, lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv", [["Nama", "Unit"]] + [[f"Orang {i}", "Dinas Kesehatan"] for i in range(50)]
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    before = counts(db)
    from sqlalchemy.orm import Session

    real_flush = Session.flush

    def failing_flush(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real_flush(self, *args, **kwargs)  # the rows reach the database ...
        raise RuntimeError("disk penuh")  # ... then something fails before the commit

    monkeypatch.setattr(Session, "flush", failing_flush)
    with pytest.raises(RuntimeError, match="disk penuh"):
        apply_import(db, lab.id, plan)
    monkeypatch.undo()
    assert counts(db) == before
    assert apply_import(db, lab.id, plan).added == 50


def test_apply_checks_again_against_the_database(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv",
        [["Nama", "NIP", "Unit"], ["Ani", NIP_A, "Dinas Kesehatan"], ["Budi", NIP_B, "Dinas Kesehatan"]],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    assert len(plan.accepted) == 2
    # meanwhile someone typed Ani by hand
    spine_ops.add_person(db, lab.id, "Ani Rahmawati", unit_id(db, lab.id, "Dinas Kesehatan"), nip=NIP_A)
    result = apply_import(db, lab.id, plan)
    assert result.summary() == "1 diimpor, 1 duplikat dilewati, 0 ditolak"
    assert sorted(people_of(db, lab.id)) == ["Ani Rahmawati", "Budi"]
    other = spine_ops.create_lab(db, "Lab lain")
    with pytest.raises(ValueError, match="lab lain"):
        apply_import(db, other.id, plan)


def test_imported_units_follow_the_existing_order(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "u.csv", [["Nama Unit"], ["Dinas Pariwisata"], ["Badan Pendapatan Daerah"]])
    import_file(db, lab.id, path, "units")
    names = [u.name for u in svc.list_units(db, lab.id)]
    assert names[-2:] == ["Dinas Pariwisata", "Badan Pendapatan Daerah"]
    types = {u.name: u.unit_type for u in svc.list_units(db, lab.id)}
    assert types["Badan Pendapatan Daerah"] is UnitType.BADAN


# --- the report of rejected rows --------------------------------------------------------------------


def test_rejected_report_can_be_fixed_and_imported_again(db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_xlsx(
        tmp_path / "p.xlsx",
        [
            ["Nama", "NIP", "Unit Kerja"],
            ["Ani", "1985", "Dinas Kesehatan"],
            ["Budi", NIP_B, "Dinas Pariwisata"],
            ["Citra", NIP_C, "Dinas Kesehatan"],
            ["Citra", NIP_C, "Dinas Kesehatan"],
        ],
    )
    plan = plan_import(db, lab.id, read_table(path), None, "people")
    report = rejected_report_xlsx(plan, tmp_path / "ditolak.xlsx")
    ws = openpyxl.load_workbook(report).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["Baris asal", "Nama", "NIP", "Unit Kerja", "Status", "Alasan"]
    assert rows[1] == [2, "Ani", "1985", "Dinas Kesehatan", "ditolak", "NIP harus 18 angka (tertulis: 1985)"]
    assert rows[2] == [
        3,
        "Budi",
        NIP_B,
        "Dinas Pariwisata",
        "ditolak",
        "unit 'Dinas Pariwisata' tidak ada di lab ini",
    ]
    assert rows[3] == [
        5,
        "Citra",
        NIP_C,
        "Dinas Kesehatan",
        "duplikat",
        f"NIP {NIP_C} sama dengan baris 4 (Citra)",
    ]
    assert ws["C3"].data_type == "s" and ws["C3"].number_format == "@"
    assert ws.freeze_panes == "A2" and ws["A1"].font.b

    csv_report = rejected_report_csv(plan, tmp_path / "ditolak.csv")
    text = csv_report.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "Baris asal;Nama;NIP;Unit Kerja;Status;Alasan"
    assert text.splitlines()[1] == "2;Ani;1985;Dinas Kesehatan;ditolak;NIP harus 18 angka (tertulis: 1985)"

    apply_import(db, lab.id, plan)
    # the facilitator fixes the two rejected rows in the report and imports it again
    wb = openpyxl.load_workbook(report)
    ws = wb.active
    ws["C2"] = NIP_A
    ws["D3"] = "Dinas Kesehatan"
    wb.save(report)
    again = plan_import(db, lab.id, read_table(report), None, "people")
    assert again.mapping["name"] == 1 and again.mapping["nip"] == 2 and again.mapping["unit"] == 3
    assert sorted(a.values["name"] for a in again.accepted) == ["Ani", "Budi"]
    assert [d.row for d in again.duplicates] == [4]  # Citra, already imported


# --- the Excel export -------------------------------------------------------------------------------


def test_export_workbook_layout(db, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = export_units_people_xlsx(db, demo_lab.id, tmp_path / "unit-peserta.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Unit", "Peserta"]
    units, people = wb["Unit"], wb["Peserta"]
    assert [c.value for c in units[1]] == [
        "Nama Unit",
        "Jenis Unit",
        "Nama Kepala Unit",
        "NIP Kepala Unit",
        "Alamat",
    ]
    assert [c.value for c in people[1]] == ["Nama", "Unit", "NIP", "Jabatan", "Peran", "Telepon", "Surel"]
    for ws in (units, people):
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert all(8 <= ws.column_dimensions[c.column_letter].width <= 60 for c in ws[1])
    nips = [r[2] for r in people.iter_rows(min_row=2) if r[2].value]
    assert nips and all(c.data_type == "s" and c.number_format == "@" for c in nips)
    assert any(c.value == "196905141994031006" for c in nips)
    assert units.max_row - 1 == len(svc.list_units(db, demo_lab.id))
    assert people.max_row - 1 == counts(db)[1]
    # people follow their unit's order, head of unit first
    first_unit = svc.list_units(db, demo_lab.id)[0]
    assert people["B2"].value == first_unit.name and people["E2"].value == "Kepala Unit"


def test_export_then_import_into_a_fresh_lab_round_trips(db, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    spine_ops.add_person(
        db, demo_lab.id, "Dr. Rina Kusumawardani (LAN)", None, PersonRole.FASILITATOR, email="rina@lan.go.id"
    )
    path = export_units_people_xlsx(db, demo_lab.id, tmp_path / "unit-peserta.xlsx")
    fresh = spine_ops.create_lab(db, "Lab replikasi")
    units = import_file(db, fresh.id, path, "units")
    people = import_file(db, fresh.id, path, "people")
    assert units.rejected == people.rejected == units.duplicates == people.duplicates == 0

    def unit_rows(lab_id) -> list[tuple]:  # noqa: ANN001
        return [(u.name, u.unit_type, u.head_name, u.head_nip, u.address) for u in svc.list_units(db, lab_id)]

    assert unit_rows(fresh.id) == unit_rows(demo_lab.id)
    assert people_of(db, fresh.id) == people_of(db, demo_lab.id)
    assert len(people_of(db, fresh.id)) == people.added


def test_export_of_an_unknown_lab(db, tmp_path: Path) -> None:  # noqa: ANN001
    from labinovasi.services.records import NotFoundError

    with pytest.raises(NotFoundError):
        export_units_people_xlsx(db, "00000000-0000-0000-0000-000000000000", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


# --- the command line -------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args), open_window=None)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_import_units_and_people(
    db, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab CLI")
    units = write_csv(
        tmp_path / "unit.csv",
        [
            ["Nama Unit", "Jenis Unit", "NIP Kepala"],
            ["Dinas Kesehatan", "Dinas", ""],
            ["Kecamatan Sidomukti", "", "123"],
            ["Dinas Kesehatan", "Dinas", ""],
        ],
    )
    code, out, err = run(
        capsys, "--db", db_url, "import", "units", "--lab", str(lab.id), str(units), "--dry-run"
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "baris 3: NIP kepala unit harus 18 angka (tertulis: 123)",
        "baris 4: duplikat, nama unit sama dengan baris 2",
        "uji coba, tidak ada yang disimpan: 1 baris siap diimpor · 1 duplikat dilewati · 1 ditolak",
    ]
    assert counts(db) == (0, 0)
    code, out, err = run(capsys, "--db", db_url, "import", "units", "--lab", str(lab.id), str(units))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 diimpor, 1 duplikat dilewati, 1 ditolak"
    assert [u.name for u in svc.list_units(db, lab.id)] == ["Dinas Kesehatan"]

    people = write_xlsx(
        tmp_path / "peserta.xlsx",
        [
            ["DAFTAR HADIR"],
            PEOPLE_HEADER,
            [1, "Ani", NIP_A, "Staf", "Dinas Kesehatan", "", "", ""],
            [2, "Budi", "12345", "Staf", "Dinas Kesehatan", "", "", ""],
            [3, "Citra", "", "Staf", "Kecamatan Sidomukti", "", "", ""],
            [],
            [],
            [4, "Dedi", "", "Staf", "dinas kesehatan", "", "", ""],
        ],
        title="Peserta",
    )
    report = tmp_path / "ditolak.csv"
    code, out, err = run(
        capsys,
        "--db",
        db_url,
        "import",
        "people",
        "--lab",
        str(lab.id),
        str(people),
        "--laporan",
        str(report),
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "peringatan: Baris 1 di atas judul kolom (baris 2) dilewati.",
        "peringatan: 2 baris kosong dilewati.",
        "baris 4: NIP harus 18 angka (tertulis: 12345)",
        "baris 5: unit 'Kecamatan Sidomukti' tidak ada di lab ini",
        f"laporan baris ditolak: {report}",
        "2 diimpor, 0 duplikat dilewati, 2 ditolak",
    ]
    assert report.read_text(encoding="utf-8-sig").count("ditolak") == 2
    assert sorted(people_of(db, lab.id)) == ["Ani", "Dedi"]


def test_cli_column_choices(db, lab, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    path = write_csv(
        tmp_path / "p.csv", [["Peserta", "Asal", "Kontak"], ["Ani", "Dinas Kesehatan", "08123456789"]]
    )
    # "Asal" is guessed as the unit; telling the command the columns explicitly works too
    code, out, err = run(
        capsys,
        "--db",
        db_url,
        "import",
        "people",
        "--lab",
        str(lab.id),
        str(path),
        "--kolom",
        "nama=A",
        "--kolom",
        "unit=Asal",
        "--kolom",
        "telepon=-",
    )
    assert (code, err) == (0, "") and out.splitlines()[-1] == "1 diimpor, 0 duplikat dilewati, 0 ditolak"
    assert people_of(db, lab.id)["Ani"]["phone"] == ""
    code, out, err = run(
        capsys, "--db", db_url, "import", "people", "--lab", str(lab.id), str(path), "--kolom", "unit=-"
    )
    assert code == 1 and out == ""
    assert err == ("labinovasi: Pilih kolom untuk: Unit. Kolom berkas: A: Peserta; B: Asal; C: Kontak\n")
    code, out, err = run(
        capsys, "--db", db_url, "import", "people", "--lab", str(lab.id), str(path), "--kolom", "umur=B"
    )
    assert code == 1 and err.startswith("labinovasi: --kolom 'umur=B' tidak dikenal")
    code, out, err = run(
        capsys, "--db", db_url, "import", "people", "--lab", str(lab.id), str(path), "--kolom", "nama=Z"
    )
    assert code == 1 and err.startswith("labinovasi: Kolom 'Z' tidak ada.")


def test_cli_errors_are_one_line(
    db, lab, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "p.csv", [["Nama", "Unit"], ["Ani", "Dinas Kesehatan"]])
    code, out, err = run(capsys, "--db", db_url, "import", "people", "--lab", "bukan-id", str(path))
    assert code == 1 and err == "labinovasi: Lab dengan id 'bukan-id' tidak ditemukan\n"
    code, out, err = run(
        capsys, "--db", db_url, "import", "people", "--lab", str(lab.id), str(tmp_path / "x.csv")
    )
    assert code == 1 and err.startswith("labinovasi: Berkas tidak ditemukan: ") and err.count("\n") == 1
    code, out, err = run(
        capsys, "--db", db_url, "import", "people", "--lab", str(lab.id), str(path), "--sheet", "Peserta"
    )
    assert (code, err) == (0, "")  # a CSV has no sheets: the name is not needed


def test_cli_export_units_xlsx_and_import_it_elsewhere(
    db, demo_lab, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    out_file = tmp_path / "unit-peserta.xlsx"
    code, out, err = run(
        capsys, "--db", db_url, "export", "units-xlsx", "--lab", str(demo_lab.id), "--out", str(out_file)
    )
    assert (code, out, err) == (0, f"{out_file}\n", "")
    fresh = spine_ops.create_lab(db, "Lab tujuan")
    for what in ("units", "people"):
        code, out, err = run(capsys, "--db", db_url, "import", what, "--lab", str(fresh.id), str(out_file))
        assert (code, err) == (0, ""), out
        assert out.splitlines()[-1].endswith("diimpor, 0 duplikat dilewati, 0 ditolak")
    assert people_of(db, fresh.id) == people_of(db, demo_lab.id)
    code, out, err = run(
        capsys,
        "--db",
        db_url,
        "export",
        "units-xlsx",
        "--lab",
        str(demo_lab.id),
        "--out",
        str(tmp_path / "laporan.pdf"),
    )
    assert code == 1 and err.startswith("labinovasi: Nama berkas harus berakhiran .xlsx")
    code, out, err = run(
        capsys,
        "--db",
        db_url,
        "export",
        "units-xlsx",
        "--lab",
        str(demo_lab.id),
        "--out",
        str(tmp_path / "tidak-ada" / "x.xlsx"),
    )
    assert code == 1 and err.startswith("labinovasi: Folder tujuan tidak ada")
