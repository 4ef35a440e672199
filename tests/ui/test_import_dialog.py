"""The import dialog, driven like a user: pick a file, look at the guessed columns and the preview,
change a column, save the report of rejected rows, press Impor, and find the rows in the database."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from labinovasi.db import models as m
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.services import labs as svc
from ui import theme
from ui.import_dialog import PREVIEW_ROWS, ImportDialog, ImportPreviewModel
from ui.tasks import TaskRunner

NIP_A = "198501012010011001"
NIP_B = "199002022015032002"


def write_xlsx(
    path: Path,
    rows: list[list[Any]],
    title: str = "Peserta",
    extra: dict[str, list[list[Any]]] | None = None,
    merges: tuple[str, ...] = (),
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for ref in merges:
        ws.merge_cells(ref)
    for name, srows in (extra or {}).items():
        other = wb.create_sheet(name)
        for r in srows:
            other.append(r)
    wb.save(path)
    return path


def counts(db) -> tuple[int, int]:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count(m.Unit.id))), s.scalar(select(func.count(m.Person.id)))


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Wanasari 2026")
    kes = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    spine_ops.add_unit(db, lab.id, "Kecamatan Sidomukti", UnitType.KECAMATAN)
    spine_ops.add_person(db, lab.id, "Agus Setiawan", kes.id, PersonRole.KEPALA_UNIT, nip=NIP_A)
    return lab


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A participants list as offices send it: a title row, merged unit cells, an empty row, a
    duplicate of someone already in the lab, a NIP too short and a unit that is not in the lab."""
    return write_xlsx(
        tmp_path / "peserta.xlsx",
        [
            ["DAFTAR PESERTA LAB INOVASI"],
            ["No.", "Nama Lengkap", "NIP", "Jabatan", "Unit Kerja", "No. HP/WA", "Keterangan"],
            [1, "Sri Wahyuni", NIP_B, "Perawat", "Dinas Kesehatan", 81234567890, "hadir"],
            [2, "Drs. Agus Setiawan, M.Si.", NIP_A, "Kepala Dinas", None, "", ""],
            [3, "Budi <b>&</b>", "12345", "Staf", "Kec. Sidomukti", "", ""],
            [],
            [4, "Citra", "", "Staf", "Dinas Pariwisata", "", ""],
            [5, "Dedi", "", "Staf", "Kecamatan Sidomukti", "", ""],
        ],
        merges=("A1:G1", "E3:E4"),
        extra={"Rekap": [["Jumlah", 5]]},
    )


def make_dialog(qtbot, db, lab_id, kind: str = "people", **kwargs: Any) -> ImportDialog:  # noqa: ANN001
    dialog = ImportDialog(db, lab_id, kind, tasks=kwargs.pop("tasks", TaskRunner(synchronous=True)), **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def pick(qtbot, monkeypatch: pytest.MonkeyPatch, dialog: ImportDialog, path: Path | None) -> None:  # noqa: ANN001
    monkeypatch.setattr(dialog, "_ask_open_path", lambda: path)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)


def preview(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_pick_a_messy_file_change_a_column_and_import(
    qtbot,
    db,
    lab,
    messy: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, db, lab.id)
    dialog.resize(1000, 650)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text() == "Pilih berkas .xlsx atau .csv untuk mulai."

    pick(qtbot, monkeypatch, dialog, messy)
    assert dialog.path_edit.text() == str(messy)
    # the guessed columns
    chosen = {key: combo.currentText() for key, combo in dialog.combos.items()}
    assert chosen == {
        "name": "B: Nama Lengkap",
        "unit": "E: Unit Kerja",
        "nip": "C: NIP",
        "jabatan": "D: Jabatan",
        "role": "(tidak dipakai)",
        "phone": "F: No. HP/WA",
        "email": "(tidak dipakai)",
    }
    assert dialog.sheet_combo.isVisible() and dialog.sheet_combo.currentText() == "Peserta"
    notes = dialog.notes.text()
    assert "Baris 1 di atas judul kolom (baris 2) dilewati." in notes
    assert "Nilai sel gabungan E3:E4 diisikan ke setiap baris di dalamnya." in notes
    assert "1 baris kosong dilewati." in notes
    assert dialog.summary.text() == "2 baris siap diimpor · 1 duplikat dilewati · 2 ditolak"
    assert dialog.import_button.isEnabled() and dialog.report_button.isEnabled()

    rows = preview(dialog)
    assert [r[0] for r in rows] == ["3", "4", "5", "7", "8"]
    assert rows[0][1] == "Siap diimpor"
    assert rows[0][2:5] == ["Sri Wahyuni", "Dinas Kesehatan", NIP_B]
    assert rows[0][7] == "081234567890"  # what will be stored: the 0 a number cell lost is back
    assert rows[1][1] == f"Duplikat: NIP {NIP_A} sudah ada di lab: Agus Setiawan (Dinas Kesehatan)"
    assert rows[1][3] == "Dinas Kesehatan"  # from the merged cell
    assert rows[2][1] == "Ditolak: NIP harus 18 angka (tertulis: 12345)"
    assert rows[2][2] == "Budi <b>&</b>"
    assert rows[3][1] == "Ditolak: unit 'Dinas Pariwisata' tidak ada di lab ini"
    model = dialog.model
    assert model.index(2, 3).data(Qt.ItemDataRole.BackgroundRole).color() == theme.color("error_bg")
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole).color() == theme.color("warn_bg")
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, 4).data(Qt.ItemDataRole.ToolTipRole) == "NIP harus 18 angka (tertulis: 12345)"
    assert dialog.preview_label.text() == "Pratinjau: 5 baris data"

    # the NIP column is not wanted after all: Budi's row is fine then, and Agus is still found by his name
    dialog.set_column("nip", None)
    assert dialog.summary.text() == "3 baris siap diimpor · 1 duplikat dilewati · 1 ditolak"
    assert preview(dialog)[1][1] == (
        "Duplikat: nama sama di unit yang sama, sudah ada di lab: Agus Setiawan (Dinas Kesehatan)"
    )
    # a column moved to another field lets go of the first one
    dialog.set_column("jabatan", 1)
    assert dialog.combos["name"].currentText() == "(tidak dipakai)"
    assert dialog.summary.text() == "Pilih kolom untuk: Nama."
    assert not dialog.import_button.isEnabled()
    dialog.set_column("jabatan", 3)
    dialog.set_column("name", 1)
    dialog.set_column("nip", 2)
    assert dialog.summary.text() == "2 baris siap diimpor · 1 duplikat dilewati · 2 ditolak"

    # only the rows with a problem
    dialog.only_problems.setChecked(True)
    assert [r[0] for r in preview(dialog)] == ["4", "5", "7"]
    assert dialog.preview_label.text() == "Pratinjau: 3 baris bermasalah"
    dialog.view.setCurrentIndex(model.index(1, 2))
    assert dialog.detail.isVisible()
    assert dialog.detail.text() == "Baris 5: Ditolak: NIP harus 18 angka (tertulis: 12345)"

    before = counts(db)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.import_result is not None
    assert dialog.import_result.summary() == "2 diimpor, 1 duplikat dilewati, 2 ditolak"
    assert counts(db) == (before[0], before[1] + 2)
    kes = next(u for u in svc.list_units(db, lab.id) if u.name == "Dinas Kesehatan")
    names = {p.name: p for p in svc.list_people(db, kes.id)}
    assert names["Sri Wahyuni"].nip == NIP_B and names["Sri Wahyuni"].phone == "081234567890"
    sid = next(u for u in svc.list_units(db, lab.id) if u.name == "Kecamatan Sidomukti")
    assert [p.name for p in svc.list_people(db, sid.id)] == ["Dedi"]


def test_preview_model_passes_the_model_tester(qtmodeltester, qtbot, db, lab, messy: Path) -> None:  # noqa: ANN001
    dialog = make_dialog(qtbot, db, lab.id, path=messy)
    qtmodeltester.check(dialog.model)
    empty = ImportPreviewModel()
    qtmodeltester.check(empty)
    assert empty.columnCount() == 0


def test_save_the_report_of_rejected_rows(
    qtbot,
    db,
    lab,
    messy: Path,
    tmp_path: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, db, lab.id, path=messy)
    asked: list[str] = []
    target = tmp_path / "laporan.csv"

    def ask(suggested: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(dialog, "_ask_save_path", ask)
    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    assert asked == ["peserta-baris-ditolak.xlsx"]
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == [
        "Baris asal",
        "No.",
        "Nama Lengkap",
        "NIP",
        "Jabatan",
        "Unit Kerja",
        "No. HP/WA",
        "Keterangan",
        "Status",
        "Alasan",
    ]
    assert [(r[0], r[-2]) for r in rows[1:]] == [("4", "duplikat"), ("5", "ditolak"), ("7", "ditolak")]
    assert dialog.summary.text().endswith("laporan disimpan: laporan.csv")
    assert counts(db) == (2, 1)  # a report stores nothing


@pytest.mark.parametrize("content", [b"%PDF-1.4\n1 0 obj<<>>endobj\n", b"", b"PK\x03\x04rusak"])
def test_a_file_that_is_not_a_spreadsheet(
    qtbot,
    db,
    lab,
    tmp_path: Path,
    content: bytes,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "peserta.xlsx"
    bad.write_bytes(content)
    dialog = make_dialog(qtbot, db, lab.id)
    dialog.show()
    before = counts(db)
    pick(qtbot, monkeypatch, dialog, bad)
    assert dialog.notes.isVisible()
    assert dialog.notes.text().startswith("• peserta.xlsx") or dialog.notes.text().startswith(
        "• Berkas kosong"
    )
    assert dialog.summary.text() == "Tidak ada yang diimpor. Pilih berkas lain."
    assert not dialog.import_button.isEnabled() and not dialog.report_button.isEnabled()
    assert not dialog.mapping_box.isEnabled()
    assert dialog.model.rowCount() == 0
    assert counts(db) == before
    # cancelling the file chooser changes nothing
    pick(qtbot, monkeypatch, dialog, None)
    assert dialog.path_edit.text() == str(bad)


def test_units_dialog_and_sheet_switch(qtbot, db, tmp_path: Path) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab baru")
    path = write_xlsx(
        tmp_path / "data.xlsx",
        [["Nama", "Unit"], ["Ani", "Dinas Kesehatan"]],
        title="Peserta",
        extra={
            "Unit": [
                ["Nama Unit", "Jenis Unit", "NIP Kepala Unit"],
                ["Dinas Kesehatan", "Dinas", NIP_A],
                ["Kecamatan Sidomukti", "Kec.", ""],
                ["Kantor Pos", "Kantor", ""],
            ]
        },
    )
    dialog = make_dialog(qtbot, db, lab.id, "units", path=path)
    assert dialog.windowTitle() == "Impor unit"
    assert dialog.table is not None and dialog.table.sheet == "Unit"  # picked by its name
    assert dialog.summary.text() == "2 baris siap diimpor · 0 duplikat dilewati · 1 ditolak"
    dialog.sheet_combo.setCurrentText("Peserta")
    assert dialog.table.sheet == "Peserta"
    assert dialog.combos["name"].currentText() == "B: Unit"  # "Nama" alone is weaker than "Unit"
    dialog.sheet_combo.setCurrentText("Unit")
    assert dialog.summary.text() == "2 baris siap diimpor · 0 duplikat dilewati · 1 ditolak"
    assert dialog.do_import() is not None
    assert [(u.name, u.unit_type, u.head_nip) for u in svc.list_units(db, lab.id)] == [
        ("Dinas Kesehatan", UnitType.DINAS, NIP_A),
        ("Kecamatan Sidomukti", UnitType.KECAMATAN, ""),
    ]


def test_ten_thousand_rows_show_fifty(qtbot, db, lab, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "besar.csv"
    lines = ["Nama;Unit;NIP"] + [f"Peserta {i};Dinas Kesehatan;19850101201501{i:04d}" for i in range(10_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    dialog = make_dialog(qtbot, db, lab.id, path=path)
    assert dialog.model.rowCount() == PREVIEW_ROWS
    assert dialog.preview_label.text() == "Pratinjau: 50 dari 10.000 baris data"
    assert dialog.summary.text() == "10.000 baris siap diimpor · 0 duplikat dilewati · 0 ditolak"
    dialog.set_column(
        "nip", None
    )  # recomputing the plan of 10,000 rows stays quick enough to do on each change
    assert dialog.summary.text() == "10.000 baris siap diimpor · 0 duplikat dilewati · 0 ditolak"
    dialog.do_import()
    assert counts(db)[1] == 10_001


def test_reading_off_the_ui_thread(qtbot, db, lab, messy: Path) -> None:  # noqa: ANN001
    runner = TaskRunner()
    dialog = make_dialog(qtbot, db, lab.id, tasks=runner)
    dialog.load_file(messy)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert dialog.summary.text() == "2 baris siap diimpor · 1 duplikat dilewati · 2 ditolak"
    assert dialog.choose_button.isEnabled()
    assert runner.wait()


def test_cancel_stores_nothing(qtbot, db, lab, messy: Path) -> None:  # noqa: ANN001
    dialog = make_dialog(qtbot, db, lab.id, path=messy)
    before = counts(db)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.import_result is None
    assert counts(db) == before
