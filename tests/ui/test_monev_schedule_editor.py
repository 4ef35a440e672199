"""The monev desk schedule in the window: LK-4d's grid of days × desks, "Atur otomatis", a unit moved by
keyboard (Ctrl+arrow) and by drag and drop (a swap), a too-small schedule refused in words, and a save
undone with the window's Ctrl+Z."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from labinovasi.domain import monev_schedule as ms
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.codes import MONEV_SCHEDULE
from labinovasi.worksheets.registry import default_registry
from tests.ui.test_main_window import make_window, no_dialogs
from ui.monev_schedule_editor import MonevScheduleEditor


def _open(qtbot: Any, monkeypatch: Any, db: Any, db_url: str, lab: Any) -> tuple[Any, MonevScheduleEditor]:
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    window.resize(1366, 740)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # for the window's Ctrl+Z
    window.open_worksheet(svc.list_units(db, lab.id)[0].id, MONEV_SCHEDULE)
    editor = window.stage_page.form
    assert isinstance(editor, MonevScheduleEditor)
    return window, editor


def _stored(db: Any, lab: Any) -> list[ms.Placement]:
    return ms.read_placements(load_worksheet(db, MONEV_SCHEDULE, lab.id).data)


def test_grid_keyboard_and_drag_moves_and_undo(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path) -> None:  # noqa: ANN001
    window, editor = _open(qtbot, monkeypatch, db, db_url, demo_lab)
    model = editor.grid_model
    assert (model.rowCount(), model.columnCount()) == (9, 8)  # 9 slots; 2 days × (the time, 3 desks)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert header == ["Sen 24 Mei", "Meja 1", "Meja 2", "Meja 3", "Sel 25 Mei"]
    assert [model.index(r, 0).data() for r in (3, 4)] == ["09.30", "10.20"]  # the break in between
    assert editor.summary.text().startswith("6 dari 6 unit terjadwal · 54 slot")
    before = _stored(db, demo_lab)
    first = before[0]
    assert model.index_of(first.cell).data() == editor.unit_name(first.unit)
    window.resize(1366, 740)
    window.grab().save(str(tmp_path / "monev-editor.png"))

    # keyboard: the first unit one slot down with Ctrl+Down
    editor.grid.setFocus()
    editor.grid.setCurrentIndex(model.index_of(first.cell))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    down = ms.Cell(first.cell.day, first.cell.slot + 1, first.cell.desk)
    assert model.at[down].unit == first.unit and model.at[down].locked
    assert editor.grid.currentIndex() == model.index_of(down)  # the selection follows the unit
    row = next(r for r in editor.data()["jadwal"] if r["unit"] == first.unit)
    assert (row["slot"], row["tetap"], row["nama_unit"]) == (2, True, editor.unit_name(first.unit))

    # drag and drop: onto another unit's cell, the two swap
    other = before[1]
    mime = model.mimeData([model.index_of(down)])
    with qtbot.waitSignal(editor.changed):
        model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index_of(other.cell))
    assert model.at[other.cell].unit == first.unit and model.at[down].unit == other.unit

    # automatic placing keeps the hand-moved unit where it is
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.auto_button, Qt.MouseButton.LeftButton)
    assert model.at[other.cell].unit == first.unit and len(model.at) == 6

    window.stage_page.save_now()
    window.ops.flush()
    assert next(p for p in _stored(db, demo_lab) if p.unit == first.unit).cell == other.cell

    window.unit_view.setFocus()
    qtbot.keyClick(window.unit_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.ops.flush()
    qtbot.waitUntil(lambda: _stored(db, demo_lab) == before)
    editor = window.stage_page.form
    assert isinstance(editor, MonevScheduleEditor)
    assert editor.grid_model.at[first.cell].unit == first.unit


def test_unplaced_units_too_small_a_schedule_and_the_model(qtbot, db, demo_lab, qtmodeltester) -> None:  # noqa: ANN001
    ctx = WorksheetContext(db, demo_lab.id)
    editor = MonevScheduleEditor(default_registry().get(MONEV_SCHEDULE), ctx)
    qtbot.addWidget(editor)
    data = load_worksheet(db, MONEV_SCHEDULE, demo_lab.id).data
    editor.set_data(data)
    qtmodeltester.check(editor.grid_model)
    qtmodeltester.check(editor.unplaced_model)
    placed = ms.read_placements(data)
    # Delete takes a unit out; it waits in the list, and goes back by keyboard ("Tempatkan")
    editor.grid.setCurrentIndex(editor.grid_model.index_of(placed[0].cell))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)
    assert editor.unplaced_model.units == [placed[0].unit]
    assert editor.summary.text().startswith("5 dari 6 unit terjadwal")
    editor.unplaced.setCurrentIndex(editor.unplaced_model.index(0))
    target = ms.Cell(1, 4, 2)
    editor.grid.setCurrentIndex(editor.grid_model.index_of(target))
    qtbot.mouseClick(editor.place_button, Qt.MouseButton.LeftButton)
    assert editor.grid_model.at[target].unit == placed[0].unit and not editor.unplaced_model.units

    # a schedule with fewer slots than units is refused with the count of missing slots; nothing moves
    small = {**editor.data(), "hari": [{"tanggal": "2027-05-24", "mulai": "08.00", "selesai": "08.20"}]}
    editor.set_data(small)
    kept = editor.data()["jadwal"]
    assert not editor.auto_assign()
    assert editor.summary.text() == (
        "6 unit tidak muat di 3 slot jadwal: kurang 3 slot. "
        "Tambah hari atau meja, perpanjang jam monev, atau perpendek menit per unit."
    )
    assert editor.data()["jadwal"] == kept


def test_the_timetables_from_the_export_menu(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    window.act_export_monev_desks.trigger()
    window.act_export_monev_units.trigger()
    assert not calls["error"]
    assert calls["offer_open"] == [
        tmp_path / "Jadwal_Monev_per_meja.pdf",
        tmp_path / "Jadwal_Monev_per_unit.pdf",
    ]
    assert len(PdfReader(tmp_path / "Jadwal_Monev_per_meja.pdf").pages) == 4
    text = PdfReader(tmp_path / "Jadwal_Monev_per_unit.pdf").pages[0].extract_text() or ""
    assert "JADWAL MONITORING DAN EVALUASI (MONEV)" in text and "Kecamatan Sidomukti" in text


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen show()
def test_a_real_drop_event_and_the_move_dialog(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    editor = MonevScheduleEditor(default_registry().get(MONEV_SCHEDULE), WorksheetContext(db, demo_lab.id))
    qtbot.addWidget(editor)
    editor.resize(1200, 1400)
    editor.set_data(load_worksheet(db, MONEV_SCHEDULE, demo_lab.id).data)
    editor.show()
    qtbot.waitExposed(editor)
    model, view = editor.grid_model, editor.grid
    first = ms.read_placements(editor.data())[0]
    target = ms.Cell(0, 3, 2)
    view.scrollTo(model.index_of(target))
    point = view.visualRect(model.index_of(target)).center()
    mime = model.mimeData([model.index_of(first.cell)])
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(editor.changed), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PySide marks the QPoint constructors deprecated
        for event in (QDragEnterEvent(point, *args), QDragMoveEvent(point, *args)):
            QApplication.sendEvent(view.viewport(), event)
        QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(point), *args))
    assert model.at[target].unit == first.unit and first.cell not in model.at

    # Pindahkan ke…: day 2, 10.10, desk 1, chosen in the dialog (F2 opens it)
    view.setCurrentIndex(model.index_of(target))
    dialog = editor.move_dialog()
    assert dialog is not None and dialog.target() == target
    dialog.day.setCurrentIndex(1)
    dialog.time.setCurrentIndex(dialog.time.findText("10.10"))
    dialog.desk.setCurrentIndex(0)
    with qtbot.waitSignal(editor.changed):
        editor.move_from_dialog(dialog)
    assert model.at[ms.Cell(1, 5, 0)].unit == first.unit  # 08.30 + 5 × 20 minutes
    assert [model.index(r, 0).data() for r in (3, 4)] == ["09.30", "10.20"]
    assert model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole) == "10.20, sesudah istirahat 10.00–10.20"


def test_f2_opens_the_move_dialog(qtbot, monkeypatch, db, demo_lab) -> None:  # noqa: ANN001
    from ui.monev_schedule_editor import MoveDialog

    editor = MonevScheduleEditor(default_registry().get(MONEV_SCHEDULE), WorksheetContext(db, demo_lab.id))
    qtbot.addWidget(editor)
    editor.set_data(load_worksheet(db, MONEV_SCHEDULE, demo_lab.id).data)
    first = ms.read_placements(editor.data())[0]

    def choose(dialog: MoveDialog) -> int:  # what the user picks before pressing Pindahkan
        dialog.time.setCurrentIndex(8)
        return 1

    monkeypatch.setattr(MoveDialog, "exec", choose)
    editor.grid.setCurrentIndex(editor.grid_model.index_of(first.cell))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.grid, Qt.Key.Key_F2)
    moved = ms.Cell(first.cell.day, 8, first.cell.desk)
    assert editor.grid_model.at[moved].unit == first.unit and editor.grid_model.at[moved].locked


def test_a_new_schedule_starts_with_three_desks_of_twenty_minutes_and_asks_for_days(
    qtbot, db, demo_lab
) -> None:  # noqa: ANN001
    editor = MonevScheduleEditor(default_registry().get(MONEV_SCHEDULE), WorksheetContext(db, demo_lab.id))
    qtbot.addWidget(editor)
    editor.set_data({})
    assert (editor.data()["jumlah_meja"], editor.data()["menit_per_slot"]) == (3, 20)
    assert editor.summary.text().startswith("0 dari 6 unit terjadwal · 0 slot")
    assert not editor.auto_assign()
    assert editor.summary.text().startswith("Jadwal belum punya slot: isi hari monev")
