"""LK-2b numbers its problems itself: "Tambah baris" puts the cursor in the problem text, in a roomy
multi-line editor, and the No column follows the rows' order through adding, deleting and moving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.services.worksheets import load_worksheet
from labinovasi.settings import Settings
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import validate
from ui.main_window import MainWindow
from ui.stage_page import AUTOSAVE_MS
from ui.table_field import TableFieldEditor
from ui.tasks import TaskRunner

LONG = "Antrean panjang di kantor dinas karena seluruh layanan dokumen terpusat di satu lokasi."


def numbers(table: TableFieldEditor) -> list[str]:
    m = table.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def test_add_row_numbers_it_and_puts_the_cursor_in_the_problem_text(qtbot, db, db_url) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kota Contoh", city="Contoh", facilitator="Fasil")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala")
    window = MainWindow(db, db_url, Settings(), lab.id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_worksheet(unit.id, "LK-2b")
    page = window.stage_page
    table = page.form.fields["masalah"].editor
    assert isinstance(table, TableFieldEditor)
    model = table.model
    no = model.columns.index(next(c for c in model.columns if c.key == "no"))
    uraian = model.columns.index(next(c for c in model.columns if c.key == "uraian"))

    for text in ("Masalah pertama", "Masalah kedua", LONG):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
        current = table.view.currentIndex()
        assert (current.row(), current.column()) == (model.rowCount() - 1, uraian)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QPlainTextEdit)  # several lines for a long statement
        assert editor.height() >= 4 * editor.fontMetrics().lineSpacing()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)  # keeps the text, moves on
    assert numbers(table) == ["1", "2", "3"]
    assert not model.flags(model.index(0, no)) & Qt.ItemFlag.ItemIsEditable  # the number is the app's
    assert model.index(2, uraian).data(Qt.ItemDataRole.EditRole) == LONG

    table.view.setCurrentIndex(model.index(0, uraian))
    table.delete_row()
    assert numbers(table) == ["1", "2"]
    table.view.setCurrentIndex(model.index(1, uraian))
    table.move_row(-1)
    assert numbers(table) == ["1", "2"]
    assert [r["uraian"] for r in table.value()] == [LONG, "Masalah kedua"]
    assert [r["no"] for r in table.value()] == [1, 2]

    qtbot.waitUntil(lambda: not page.dirty, timeout=10 * AUTOSAVE_MS)
    window.ops.flush()
    stored = load_worksheet(db, "LK-2b", lab.id, unit.id).data
    assert [(r["no"], r["uraian"]) for r in stored["masalah"]] == [(1, LONG), (2, "Masalah kedua")]

    # a cell still being typed in counts when the window closes
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(QApplication.focusWidget(), "Masalah ketiga")
    window.close()
    assert not page.dirty
    stored = load_worksheet(db, "LK-2b", lab.id, unit.id).data
    assert [(r["no"], r["uraian"]) for r in stored["masalah"]][-1] == (3, "Masalah ketiga")


def test_validation_numbers_the_rows_it_keeps() -> None:
    template = default_registry().get("LK-2b")
    data = {"masalah": [{"no": 7, "uraian": "a"}, {}, {"no": 2, "uraian": "b"}, {"uraian": "c"}]}
    clean, issues = validate(template, data)
    assert issues == []
    assert [(r["no"], r["uraian"]) for r in clean["masalah"]] == [(1, "a"), (2, "b"), (3, "c")]
