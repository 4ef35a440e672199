"""LK-2c's APKL editor: each LK-2b problem screened with the four criteria, answered from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.services.worksheets import load_worksheet
from ui.apkl_editor import ApklEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen show()

MARKUP = "Biaya < 5 juta & <b>cepat</b>"
PROBLEMS = [
    {"_id": "p1", "no": 1, "uraian": "Antrean panjang di loket"},
    {"_id": "p2", "no": 2, "uraian": MARKUP},
    {"_id": "p3", "no": 3, "uraian": "Data penduduk ganda"},
]
STORED = [
    {
        "_id": "a1",
        "masalah": "p1",
        "aktual": True,
        "problematik": True,
        "kekhalayakan": True,
        "kelayakan": True,
        "aktual_skor": 4,
    },  # an answer of the other mode, kept
    {"_id": "ax", "masalah": "deleted", "aktual": True, "keterangan": "masalah yang sudah dihapus"},
]
ISSUE, A, P, K, L = range(5)


@pytest.fixture
def place(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji 2026")
    unit = spine_ops.add_unit(db, lab.id, "Kecamatan Uji", UnitType.KECAMATAN)
    save_worksheet(db, "LK-2b", {"masalah": PROBLEMS}, lab.id, unit.id)
    save_worksheet(db, "LK-2c", {"apkl": STORED}, lab.id, unit.id)
    return db, lab, unit


def make_editor(qtbot, place) -> ApklEditor:  # noqa: ANN001
    db, lab, unit = place
    ctx = WorksheetContext(db, lab.id, unit.id)
    editor = ApklEditor(ctx.template("LK-2c"), ctx)
    qtbot.addWidget(editor)
    editor.set_data(load_worksheet(db, "LK-2c", lab.id, unit.id).data)
    editor.resize(1000, 620)
    editor.show()
    return editor


def cell(editor: ApklEditor, row: int, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return editor.model.index(row, col).data(role)


def column(editor: ApklEditor, col: int) -> list[Any]:
    return [cell(editor, r, col) for r in range(editor.model.rowCount())]


def goto(editor: ApklEditor, row: int, col: int) -> None:
    editor.view.setCurrentIndex(editor.model.index(row, col))


def rows(editor: ApklEditor) -> dict[str, dict]:
    return {r["masalah"]: r for r in editor.data().get("apkl", [])}


def test_one_row_per_lk2b_problem_with_stored_answers(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    assert column(editor, ISSUE) == ["1. Antrean panjang di loket", f"2. {MARKUP}", "3. Data penduduk ganda"]
    res = editor.model.RESULT
    assert column(editor, res) == ["Memenuhi", "—", "—"]
    assert column(editor, A) == ["Ya", "—", "—"]
    assert cell(editor, 0, A, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "1 dari 3 isu memenuhi syarat" in editor.mode_line.text()
    assert "Ya/Tidak" in editor.mode_line.text()
    # wide columns get "A\nAktual", narrow ones the letter (the legend below names it)
    expected = "A" if editor.model.short_headers else "A\nAktual"
    assert editor.model.headerData(A, Qt.Orientation.Horizontal) == expected
    assert "K = Kekhalayakan · L = Kelayakan" in editor.legend.text()
    editor.model.short_headers = True  # a narrow table: the criteria show their letters only
    assert editor.model.headerData(L, Qt.Orientation.Horizontal) == "L"
    assert "Kelayakan" in editor.model.headerData(L, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    cur = editor.view.currentIndex()
    assert (cur.row(), cur.column()) == (0, A)  # typing starts on the first criterion


def test_space_toggles_and_y_t_keys_answer_and_move_on(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    edits: list[int] = []
    editor.changed.connect(lambda: edits.append(1))
    goto(editor, 1, A)
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)  # unanswered → Ya
    assert cell(editor, 1, A) == "Ya" and editor.view.currentIndex().column() == A
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)  # Ya → Tidak
    assert cell(editor, 1, A) == "Tidak"
    qtbot.keyClicks(editor.view, "y")  # y answers Ya and moves right
    assert cell(editor, 1, A) == "Ya" and editor.view.currentIndex().column() == P
    qtbot.keyClicks(editor.view, "yy")
    assert cell(editor, 1, editor.model.RESULT) == "—"  # one criterion left
    qtbot.keyClicks(editor.view, "t")
    assert cell(editor, 1, editor.model.RESULT) == "Tidak memenuhi"
    assert (editor.view.currentIndex().row(), editor.view.currentIndex().column()) == (2, A)
    qtbot.keyClicks(editor.view, "yyyy")
    assert column(editor, editor.model.RESULT) == ["Memenuhi", "Tidak memenuhi", "Memenuhi"]
    assert "2 dari 3 isu memenuhi syarat" in editor.mode_line.text()
    assert rows(editor)["p2"] == {
        "_id": rows(editor)["p2"]["_id"],
        "masalah": "p2",
        "aktual": True,
        "problematik": True,
        "kekhalayakan": True,
        "kelayakan": False,
    }
    assert len(edits) == 10
    qtbot.keyClicks(editor.view, "x")  # neither y nor t: a hint, nothing changes
    assert "Tekan Y" in editor.message.text()
    assert len(edits) == 10


def test_delete_and_click_on_the_box(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 0, K)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert cell(editor, 0, K) == "—" and cell(editor, 0, editor.model.RESULT) == "—"
    assert "kekhalayakan" not in rows(editor)["p1"]
    model = editor.model
    assert model.setData(model.index(0, K), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert rows(editor)["p1"]["kekhalayakan"] is False
    assert cell(editor, 0, editor.model.RESULT) == "Tidak memenuhi"


def test_keterangan_is_typed_in_the_table(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 2, editor.model.NOTE)
    qtbot.keyClicks(editor.view, "K")  # any key starts editing the text
    line = editor.view.findChild(QLineEdit)
    assert line is not None and line.text() == "K"
    qtbot.keyClicks(line, "ewenangan Dinas & <PUPR>")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState)
    assert rows(editor)["p3"]["keterangan"] == "Kewenangan Dinas & <PUPR>"
    assert cell(editor, 2, editor.model.NOTE) == "Kewenangan Dinas & <PUPR>"


def test_data_keeps_deleted_problems_and_the_other_modes_answers(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 0, A)
    qtbot.keyClicks(editor.view, "t")
    data = editor.data()["apkl"]
    assert data[0] == {
        "_id": "a1",
        "masalah": "p1",
        "aktual": False,
        "problematik": True,
        "kekhalayakan": True,
        "kelayakan": True,
        "aktual_skor": 4,
    }
    assert {
        "_id": "ax",
        "masalah": "deleted",
        "aktual": True,
        "keterangan": "masalah yang sudah dihapus",
    } in data
    assert len(data) == 2  # problems with nothing answered are not stored
    db, lab, unit = place
    save_worksheet(db, "LK-2c", editor.data(), lab.id, unit.id)  # valid as handed over


@pytest.mark.parametrize("typed", ["7", "x", "0"])
def test_score_mode_digits_and_invalid_input(qtbot, place, typed: str) -> None:  # noqa: ANN001
    db, lab, _unit = place
    update_lab_settings(db, lab.id, apkl_mode="skor")
    editor = make_editor(qtbot, place)
    assert "skor 1–5" in editor.mode_line.text()
    assert editor.model.TOTAL == 5 and editor.model.RESULT == 6
    assert column(editor, A) == ["4", "—", "—"]  # the score stored alongside the ya/tidak answers
    before = editor.data()
    goto(editor, 1, A)
    qtbot.keyClicks(editor.view, typed)
    assert editor.message.text() == "Aktual harus angka 1–5"
    assert editor.data() == before and editor.view.currentIndex().column() == A
    qtbot.keyClicks(editor.view, "543")
    assert editor.message.text() == ""
    assert cell(editor, 1, editor.model.TOTAL) == "—" and cell(editor, 1, editor.model.RESULT) == "—"
    qtbot.keyClicks(editor.view, "3")
    assert cell(editor, 1, editor.model.TOTAL) == "15" and cell(editor, 1, editor.model.RESULT) == "Memenuhi"
    goto(editor, 1, L)
    qtbot.keyClicks(editor.view, "2")
    assert cell(editor, 1, editor.model.RESULT) == "Tidak memenuhi"
    assert rows(editor)["p2"]["kelayakan_skor"] == 2
    assert rows(editor)["p1"]["kelayakan"] is True  # the ya/tidak answers stay


def test_hint_when_lk2b_is_empty(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kosong", UnitType.DINAS)
    editor = make_editor(qtbot, (db, lab, unit))
    assert editor.hint.isVisible() and "Isi daftar masalah di LK-2b lebih dulu" in editor.hint.text.text()
    assert editor.view.isHidden()
    with qtbot.waitSignal(editor.openWorksheet) as blocker:
        editor.hint.button.click()
    assert blocker.args == ["LK-2b"]


def test_set_data_does_not_emit_changed(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_data({"apkl": [{"masalah": "p3", "aktual": False}]})
    assert column(editor, A) == ["—", "—", "Tidak"]


@pytest.mark.parametrize("mode", ["ya_tidak", "skor"])
def test_model_passes_qt_model_tester(qtbot, qtmodeltester, place, mode: str) -> None:  # noqa: ANN001
    db, lab, _unit = place
    update_lab_settings(db, lab.id, apkl_mode=mode)
    editor = make_editor(qtbot, place)
    qtmodeltester.check(editor.model)
