"""The rencana aksi editor, driven from the keyboard: rows added, inserted, duplicated, moved and deleted,
cells typed into through the real delegates, every change undone and redone, problems reported without
losing what was typed, and the Gantt following the table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea

from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import validate
from ui import theme
from ui.action_plan_editor import (
    ActionPlanEditor,
    ActionPlanModel,
    DateLineEdit,
    GanttView,
)

LK3C = {
    "tanggal_uji_coba": "2027-02-01",
    "tanggal_launching": "2027-03-17",
    "tanggal_penerapan": "2027-04-01",
    "tonggak": [{"tonggak": "SK <Bupati> & SOP", "tanggal": "2027-02-20"}],
}
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


class FakeContext:
    def __init__(self, lk3c: dict | None = None):
        self.lk3c = lk3c if lk3c is not None else LK3C
        self.loaded: list[str] = []

    def load(self, code: str) -> dict:
        self.loaded.append(code)
        return self.lk3c if code == "LK-3c" else {}


def rows_of(editor: ActionPlanEditor) -> list[dict[str, Any]]:
    return editor.data().get("rencana_aksi", [])


def plain(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "_id"} for r in rows]


def three_rows() -> list[dict]:
    return [
        {
            "_id": "a1",
            "fase": "persiapan",
            "kegiatan": "Susun SOP",
            "mulai": "2027-03-01",
            "selesai": "2027-03-31",
            "penanggung_jawab": "Dwi",
            "anggaran": 7_500_000,
        },
        {
            "_id": "a2",
            "fase": "uji_coba",
            "kegiatan": "Uji coba <b>& A</b>",
            "mulai": "2027-04-01",
            "selesai": "2027-04-30",
            "anggaran": 2_000_000,
        },
        {
            "_id": "a3",
            "fase": "launching",
            "kegiatan": "Launching",
            "mulai": "2027-05-10",
            "selesai": "2027-05-10",
        },
    ]


def hosted(qtbot, ed: ActionPlanEditor, size: tuple[int, int] = (1100, 650)) -> QScrollArea:  # noqa: ANN001
    """The editor in a resizable scroll area, as the stage page shows it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(ed)
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    ed.view.setFocus()
    return area


@pytest.fixture
def editor(qtbot):  # noqa: ANN001, ANN201
    ed = ActionPlanEditor(default_registry().get("LK-3b"), FakeContext())
    area = hosted(qtbot, ed)
    yield ed
    area.close()


@pytest.fixture
def changes(editor):  # noqa: ANN001, ANN201
    seen: list[int] = []
    editor.changed.connect(lambda: seen.append(1))
    return seen


def key(
    qtbot, editor: ActionPlanEditor, k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:  # noqa: ANN001
    qtbot.keyClick(editor.view, k, mods)


def col(editor: ActionPlanEditor, name: str) -> int:
    return editor.model.keys.index(name)


def type_into(qtbot, editor: ActionPlanEditor, row: int, name: str, text: str) -> None:  # noqa: ANN001
    """Select the cell, start editing with F2 like a user, type, press Enter."""
    idx = editor.model.index(row, col(editor, name))
    editor.select_cell(row, col(editor, name))
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    widget = editor.view.indexWidget(idx)
    assert isinstance(widget, QLineEdit), widget
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.indexWidget(idx) is None)  # committed and closed (queued by Qt)


# --- the model ----------------------------------------------------------------------------------------


def test_model_passes_qt_model_tester(qtmodeltester, editor) -> None:  # noqa: ANN001
    rows = three_rows()
    rows[1]["anggaran"] = "lima juta"
    rows[2]["selesai"] = "2027-05-01"
    editor.set_data({"rencana_aksi": rows})
    assert isinstance(editor.model, ActionPlanModel)
    qtmodeltester.check(editor.model)
    m = editor.model
    assert m.rowCount() == 3 and m.columnCount() == 11
    assert m.headerData(col(editor, "anggaran"), Qt.Orientation.Horizontal) == "Anggaran (Rp)"
    assert m.index(0, col(editor, "fase")).data() == "Persiapan"
    assert m.index(0, col(editor, "mulai")).data() == "1 Mar 2027"
    assert m.index(0, col(editor, "anggaran")).data() == "7.500.000"
    assert m.index(1, col(editor, "anggaran")).data() == "lima juta"
    assert m.index(1, col(editor, "kegiatan")).data() == "Uji coba <b>& A</b>"


# --- rows from the keyboard ---------------------------------------------------------------------------


def test_keyboard_adds_inserts_duplicates_moves_and_deletes_rows(qtbot, editor, changes) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: a row at the end
    key(qtbot, editor, Qt.Key.Key_Enter, CTRL)  # keypad Enter too
    assert editor.model.rowCount() == 2
    type_into(qtbot, editor, 0, "kegiatan", "Pertama")
    type_into(qtbot, editor, 1, "kegiatan", "Kedua")
    editor.select_cell(1, 0)
    key(qtbot, editor, Qt.Key.Key_Return, CTRL | SHIFT)  # insert above the current row
    assert editor.view.currentIndex().row() == 1
    type_into(qtbot, editor, 1, "kegiatan", "Sisipan")
    assert [r["kegiatan"] for r in rows_of(editor)] == ["Pertama", "Sisipan", "Kedua"]
    editor.select_cell(0, 0)
    key(qtbot, editor, Qt.Key.Key_Insert)  # Insert: above the current row too
    assert editor.model.rowCount() == 4 and editor.model.row(0).keys() == {"_id"}
    assert [r["kegiatan"] for r in rows_of(editor)] == [
        "Pertama",
        "Sisipan",
        "Kedua",
    ]  # blank rows not stored
    key(qtbot, editor, Qt.Key.Key_Delete, CTRL)  # delete the blank row, no question asked
    assert editor.model.rowCount() == 3
    editor.select_cell(2, 1)
    key(qtbot, editor, Qt.Key.Key_D, CTRL)  # duplicate "Kedua" below itself, with a new id
    rows = rows_of(editor)
    assert [r["kegiatan"] for r in rows] == ["Pertama", "Sisipan", "Kedua", "Kedua"]
    assert rows[2]["_id"] != rows[3]["_id"] and len({r["_id"] for r in rows}) == 4
    assert editor.view.currentIndex().row() == 3
    key(qtbot, editor, Qt.Key.Key_Up, ALT)
    key(qtbot, editor, Qt.Key.Key_Up, ALT)
    key(qtbot, editor, Qt.Key.Key_Up, ALT)
    key(qtbot, editor, Qt.Key.Key_Up, ALT)  # already first: nothing happens
    assert [r["kegiatan"] for r in rows_of(editor)] == ["Kedua", "Pertama", "Sisipan", "Kedua"]
    assert editor.view.currentIndex().row() == 0 and editor.view.currentIndex().column() == 1
    key(qtbot, editor, Qt.Key.Key_Down, ALT)
    assert [r["kegiatan"] for r in rows_of(editor)] == ["Pertama", "Kedua", "Sisipan", "Kedua"]
    assert editor.gantt.current == 1  # the Gantt follows the current row
    assert len(changes) >= 12


def test_moving_and_deleting_a_selected_block(qtbot, editor) -> None:  # noqa: ANN001
    editor.set_data({"rencana_aksi": three_rows()})
    sel = editor.view.selectionModel()
    editor.select_cell(0, 1)
    sel.select(editor.model.index(1, 1), sel.SelectionFlag.Select)
    key(qtbot, editor, Qt.Key.Key_Down, ALT)
    assert [r["_id"] for r in rows_of(editor)] == ["a3", "a1", "a2"]
    editor.select_cell(1, 1)
    sel.select(editor.model.index(2, 1), sel.SelectionFlag.Select)
    key(qtbot, editor, Qt.Key.Key_Delete, CTRL)
    assert [r["_id"] for r in rows_of(editor)] == ["a3"]
    key(qtbot, editor, Qt.Key.Key_Z, CTRL)
    assert [r["_id"] for r in rows_of(editor)] == ["a3", "a1", "a2"]


# --- undo -----------------------------------------------------------------------------------------


def test_undo_and_redo_restore_the_exact_data(qtbot, editor, changes) -> None:  # noqa: ANN001
    original = three_rows()
    editor.set_data({"rencana_aksi": original})
    assert changes == [] and not editor.stack.canUndo()  # loading is not an edit
    start = editor.data()
    assert start == {"rencana_aksi": original}
    editor.select_cell(1, 1)
    key(qtbot, editor, Qt.Key.Key_D, CTRL)
    type_into(qtbot, editor, 2, "anggaran", "Rp 2,5 juta")
    key(qtbot, editor, Qt.Key.Key_Down, ALT)
    editor.select_cell(0, 1)
    key(qtbot, editor, Qt.Key.Key_Delete, CTRL)
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    type_into(qtbot, editor, 3, "kegiatan", "Evaluasi")
    end = editor.data()
    assert [r["kegiatan"] for r in end["rencana_aksi"]] == [
        "Uji coba <b>& A</b>",
        "Launching",
        "Uji coba <b>& A</b>",
        "Evaluasi",
    ]
    assert end["rencana_aksi"][2]["anggaran"] == 2_500_000
    steps = editor.stack.count()
    assert steps == 6
    before = len(changes)
    for _ in range(steps):
        key(qtbot, editor, Qt.Key.Key_Z, CTRL)
    assert editor.data() == start  # ids, order and values exactly as loaded
    assert not editor.stack.canUndo() and not editor.actions_by_name["undo"].isEnabled()
    assert len(changes) >= before + steps  # undo is a change the autosave must store
    for i in range(steps):
        key(qtbot, editor, Qt.Key.Key_Y if i % 2 else Qt.Key.Key_Z, CTRL if i % 2 else CTRL | SHIFT)
    assert editor.data() == end


def test_a_cell_edit_then_ctrl_z(qtbot, editor, changes) -> None:  # noqa: ANN001
    editor.set_data({"rencana_aksi": three_rows()})
    type_into(qtbot, editor, 0, "kegiatan", "Susun SOP & <i>juknis</i>")
    assert rows_of(editor)[0]["kegiatan"] == "Susun SOP & <i>juknis</i>"
    assert len(changes) == 1
    assert "ubah Kegiatan baris 1" in editor.actions_by_name["undo"].toolTip()
    key(qtbot, editor, Qt.Key.Key_Z, CTRL)
    assert rows_of(editor)[0]["kegiatan"] == "Susun SOP"
    assert len(changes) == 2
    assert editor.view.currentIndex() == editor.model.index(0, col(editor, "kegiatan"))
    editor.actions_by_name["redo"].trigger()  # the toolbar button does the same
    assert rows_of(editor)[0]["kegiatan"] == "Susun SOP & <i>juknis</i>"
    assert len(changes) == 3


def test_delete_key_clears_the_selected_cells_in_one_undo_step(qtbot, editor) -> None:  # noqa: ANN001
    editor.set_data({"rencana_aksi": three_rows()})
    sel = editor.view.selectionModel()
    editor.select_cell(0, col(editor, "penanggung_jawab"))
    sel.select(editor.model.index(0, col(editor, "anggaran")), sel.SelectionFlag.Select)
    key(qtbot, editor, Qt.Key.Key_Delete)
    assert "penanggung_jawab" not in rows_of(editor)[0] and "anggaran" not in rows_of(editor)[0]
    key(qtbot, editor, Qt.Key.Key_Z, CTRL)
    assert rows_of(editor)[0] == three_rows()[0]


# --- typed values ---------------------------------------------------------------------------------


def test_typed_amounts_and_dates_are_stored_as_values(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    type_into(qtbot, editor, 0, "anggaran", "1.500.000")
    type_into(qtbot, editor, 0, "mulai", "12/3/2027")
    type_into(qtbot, editor, 0, "selesai", "30 April 2027")
    row = rows_of(editor)[0]
    assert row["anggaran"] == 1_500_000 and isinstance(row["anggaran"], int)
    assert (row["mulai"], row["selesai"]) == ("2027-03-12", "2027-04-30")
    assert editor.model.index(0, col(editor, "anggaran")).data() == "1.500.000"
    assert editor.model.index(0, col(editor, "mulai")).data() == "12 Mar 2027"
    clean, issues = validate(editor.template, editor.data())
    assert issues == [] and clean["rencana_aksi"][0]["anggaran"] == 1_500_000
    assert editor.summary.text() == "1 kegiatan · Total anggaran Rp 1.500.000 · Februari 2027 – April 2027"
    # the editor shows a stored amount the way it is typed, so editing it again keeps the value
    type_into(qtbot, editor, 0, "anggaran", "Rp 2,5 juta")
    assert rows_of(editor)[0]["anggaran"] == 2_500_000


def test_the_phase_is_chosen_from_the_list(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    idx = editor.model.index(0, col(editor, "fase"))
    editor.select_cell(idx.row(), idx.column())
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    combo = editor.view.indexWidget(idx)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "—",
        "Persiapan",
        "Uji coba",
        "Launching",
        "Penerapan",
        "Evaluasi",
    ]
    combo.setCurrentIndex(combo.findData("penerapan"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.indexWidget(idx) is None)
    assert rows_of(editor)[0]["fase"] == "penerapan"
    assert editor.gantt.plan.bars[0].phase.label == "Penerapan"


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform and popup windows
def test_a_date_can_be_picked_from_the_calendar(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    idx = editor.model.index(0, col(editor, "mulai"))
    editor.select_cell(idx.row(), idx.column())
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    date_edit = editor.view.indexWidget(idx)
    assert isinstance(date_edit, DateLineEdit)
    qtbot.keyClick(date_edit, Qt.Key.Key_Down, ALT)
    assert date_edit.popup is not None and date_edit.popup.isVisible()
    date_edit.popup.clicked.emit(QDate(2027, 8, 17))
    assert rows_of(editor)[0]["mulai"] == "2027-08-17"
    assert editor.view.indexWidget(idx) is None


def test_a_budget_that_is_not_a_number_is_kept_and_reported(qtbot, editor) -> None:  # noqa: ANN001
    editor.set_data({"rencana_aksi": three_rows()})
    type_into(qtbot, editor, 2, "anggaran", "lima juta")
    idx = editor.model.index(2, col(editor, "anggaran"))
    assert idx.data() == "lima juta"  # nothing typed is lost
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == theme.color("error_bg")
    message = "Anggaran baris 3: \u201clima juta\u201d bukan angka"
    assert editor.message_texts() == [message]
    assert editor.messages.isVisible()
    assert idx.data(Qt.ItemDataRole.ToolTipRole) == message
    assert editor.model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == message
    assert "Total anggaran Rp 9.500.000 (tanpa 1 anggaran yang bukan angka)" in editor.summary.text()
    # what the stage page does: validate (the rest of the row is stored) and show the issues
    clean, issues = validate(editor.template, editor.data())
    assert [r["kegiatan"] for r in clean["rencana_aksi"]] == ["Susun SOP", "Uji coba <b>& A</b>", "Launching"]
    assert "anggaran" not in clean["rencana_aksi"][2]
    assert len(issues) == 1
    editor.show_issues(issues)
    assert editor.message_texts() == [message]  # not reported twice
    type_into(qtbot, editor, 2, "anggaran", "5 juta")
    assert editor.message_texts() == [] and not editor.messages.isVisible()
    assert rows_of(editor)[2]["anggaran"] == 5_000_000


def test_an_activity_ending_before_it_starts_is_shown_and_kept(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    type_into(qtbot, editor, 0, "kegiatan", "Rapat")
    type_into(qtbot, editor, 0, "mulai", "5/3/2027")
    type_into(qtbot, editor, 0, "selesai", "1/3/2027")
    message = "Kegiatan rencana aksi baris 1: Selesai (1 Maret 2027) lebih awal dari Mulai (5 Maret 2027)"
    assert editor.message_texts() == [message]
    for name in ("mulai", "selesai"):
        assert editor.model.index(0, col(editor, name)).data(
            Qt.ItemDataRole.BackgroundRole
        ).color() == theme.color("warn_bg")
    assert rows_of(editor) == [
        {
            "_id": rows_of(editor)[0]["_id"],
            "kegiatan": "Rapat",
            "mulai": "2027-03-05",
            "selesai": "2027-03-01",
        }
    ]
    assert validate(editor.template, editor.data())[1] == []  # a soft rule: stored as it is
    bar = editor.gantt.plan.bars[0]
    assert not bar.valid and bar.ghost is not None


def test_a_date_that_cannot_be_read_stays_as_typed(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    type_into(qtbot, editor, 0, "mulai", "31/2/2027")
    assert rows_of(editor)[0]["mulai"] == "31/2/2027"
    assert editor.message_texts() == [
        "Mulai baris 1: \u201c31/2/2027\u201d bukan tanggal yang valid (contoh: 12/3/2027)"
    ]
    assert editor.model.index(0, col(editor, "mulai")).data() == "31/2/2027"


def test_rows_without_dates_are_noted_once_they_have_content(qtbot, editor) -> None:  # noqa: ANN001
    key(qtbot, editor, Qt.Key.Key_Return, CTRL)
    assert editor.message_texts() == []  # a new, empty row is not nagged about
    type_into(qtbot, editor, 0, "kegiatan", "Rapat koordinasi")
    assert editor.message_texts() == ["Kegiatan rencana aksi baris 1: tanggal mulai dan selesai belum diisi"]
    assert len(editor.gantt.plan.bars) == 1 and not editor.gantt.plan.bars[0].valid


def test_issues_from_validation_land_on_their_cells_past_blank_rows(editor) -> None:  # noqa: ANN001
    rows = three_rows()
    editor.set_data({"rencana_aksi": [rows[0], {"_id": "blank"}, rows[1]]})
    from labinovasi.worksheets.validation import Issue  # noqa: PLC0415

    issue = Issue("rencana_aksi.2.kegiatan", "Kegiatan rencana aksi baris 2, Kegiatan: terlalu panjang")
    editor.show_issues([issue, Issue("", "Data lembar kerja harus berupa objek")])
    idx = editor.model.index(2, col(editor, "kegiatan"))  # the second stored row is the third on screen
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == theme.color("error_bg")
    assert editor.message_texts() == ["Data lembar kerja harus berupa objek", issue.message]
    editor.set_data({"rencana_aksi": rows})
    assert editor.message_texts() == []


def test_a_huge_text_is_kept_whole_and_shown_short(editor) -> None:  # noqa: ANN001
    huge = "Panjang & <b>sekali</b> " * 4200  # ~100,000 characters
    editor.set_data({"rencana_aksi": [{"_id": "x", "kegiatan": huge.strip()}]})
    shown = editor.model.index(0, col(editor, "kegiatan")).data()
    assert len(shown) <= 301 and shown.endswith("…")
    assert rows_of(editor)[0]["kegiatan"] == huge.strip()
    editor.gantt.grab()  # paints without trouble


# --- the Gantt --------------------------------------------------------------------------------------


def test_the_gantt_shows_the_rows_and_the_milestones_and_follows_the_table(qtbot, editor) -> None:  # noqa: ANN001
    editor.set_data({"rencana_aksi": three_rows()})
    gantt: GanttView = editor.gantt
    assert [b.label for b in gantt.plan.bars] == ["Susun SOP", "Uji coba <b>& A</b>", "Launching"]
    assert [m.label for m in gantt.plan.milestones] == [
        "Mulai uji coba",
        "SK <Bupati> & SOP",
        "Launching",
        "Mulai penerapan",
    ]
    assert not editor.milestone_hint.isVisible()
    assert "Februari 2027 – Mei 2027" in editor.summary.text()
    editor.select_cell(2, 3)
    assert gantt.current == 2
    y = gantt.header_h + 0 * gantt.ROW_H + gantt.ROW_H // 2
    qtbot.mouseClick(gantt.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, y))
    assert editor.view.currentIndex().row() == 0 and editor.view.currentIndex().column() == 3
    assert gantt.line_at(gantt.header_h + 4 * gantt.ROW_H + 2) == 4  # a milestone line: no row


def test_the_gantt_scrolls_to_the_current_row_of_a_long_plan(qtbot, editor) -> None:  # noqa: ANN001
    rows = [
        {"_id": f"r{i}", "kegiatan": f"Kegiatan {i}", "mulai": "2027-01-04", "selesai": "2027-02-01"}
        for i in range(60)
    ]
    editor.set_data({"rencana_aksi": rows})
    gantt = editor.gantt
    assert gantt.verticalScrollBar().maximum() > 0
    editor.select_cell(55, 0)
    sb = gantt.verticalScrollBar().value()
    visible = (gantt.viewport().height() - gantt.header_h) // gantt.ROW_H
    assert (
        sb <= 55 * gantt.ROW_H and 55 * gantt.ROW_H + gantt.ROW_H <= sb + visible * gantt.ROW_H + gantt.ROW_H
    )
    editor.select_cell(0, 0)
    assert gantt.verticalScrollBar().value() == 0


def test_without_lk3c_the_editor_says_where_milestones_come_from(qtbot) -> None:  # noqa: ANN001
    ed = ActionPlanEditor(default_registry().get("LK-3b"), FakeContext({}))
    area = hosted(qtbot, ed)
    assert area.widget() is ed
    assert ed.milestone_hint.isVisible() and "LK-3c" in ed.milestone_hint.text()
    assert ed.gantt.plan.milestones == ()


def test_toolbar_buttons_name_their_shortcuts(editor) -> None:  # noqa: ANN001
    tips = {name: a.toolTip() for name, a in editor.actions_by_name.items()}
    assert tips["add"].endswith("(Ctrl+Return)")
    assert tips["insert"].endswith("(Ctrl+Shift+Return)")
    assert tips["duplicate"].endswith("(Ctrl+D)") and tips["delete"].endswith("(Ctrl+Del)")
    assert tips["up"].endswith("(Alt+Up)") and tips["down"].endswith("(Alt+Down)")
    assert tips["undo"].endswith("(Ctrl+Z)") and tips["redo"].endswith("(Ctrl+Y)")
    shortcuts = [s.toString() for s in editor.actions_by_name["insert"].shortcuts()]
    assert "Ins" in shortcuts


# --- with the demo lab ----------------------------------------------------------------------------


def test_the_demo_plan_opens_with_its_milestones(qtbot, db, demo_lab, tmp_path) -> None:  # noqa: ANN001
    unit = next(
        u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kependudukan dan Pencatatan Sipil"
    )
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SIPANDU"))
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    ed = ActionPlanEditor(ctx.template("LK-3b"), ctx)
    area = hosted(qtbot, ed)
    ed.set_data(ctx.load("LK-3b"))
    ed.gantt.today = dt.date(2027, 3, 10)
    assert ed.model.rowCount() == 15 and ed.message_texts() == []
    assert ed.summary.text() == "15 kegiatan · Total anggaran Rp 185.000.000 · Januari 2027 – Desember 2027"
    assert len(ed.gantt.plan.milestones) == 8
    assert ed.data() == ctx.load("LK-3b")  # loaded and given back unchanged, ids included
    for size in ((1000, 600), (1300, 700)):
        area.resize(*size)
        QApplication.processEvents()
        image = area.grab().toImage()
        assert (image.width(), image.height()) == size
        image.save(str(tmp_path / f"editor_{size[0]}.png"))


def test_all_fifteen_activities_show_at_once_and_the_page_scrolls_to_the_gantt(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    unit = next(
        u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kependudukan dan Pencatatan Sipil"
    )
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SIPANDU"))
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    ed = ActionPlanEditor(ctx.template("LK-3b"), ctx)
    area = hosted(qtbot, ed, (730, 590))  # the editor's room beside the panes at 1366×768
    ed.set_data(ctx.load("LK-3b"))
    assert ed.model.rowCount() == 15
    view = ed.view

    def last_row_bottom() -> int:
        return view.rowViewportPosition(14) + view.rowHeight(14)

    qtbot.waitUntil(
        lambda: view.rowViewportPosition(0) >= 0 and last_row_bottom() <= view.viewport().height()
    )
    assert view.verticalScrollBar().maximum() == 0  # no scroll of its own: all 15 rows show
    assert area.verticalScrollBar().maximum() > 0  # the Gantt is below, a scroll of the page away
    assert ed.gantt.height() >= ed.gantt.minimumSizeHint().height()
