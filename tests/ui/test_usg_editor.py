"""LK-2d's USG editor: digits typed into the table score the problems and the ranking follows at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.services.worksheets import load_worksheet
from ui import theme
from ui.usg_editor import UsgEditor, UsgTableModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen show()

YES = {"aktual": True, "problematik": True, "kekhalayakan": True, "kelayakan": True}
PROBLEMS = [
    {"_id": "p1", "no": 1, "uraian": "Antrean panjang di loket"},
    {"_id": "p2", "no": 2, "uraian": "Biaya < 5 juta & <b>cepat</b>"},
    {"_id": "p3", "no": 3, "uraian": "Data penduduk ganda"},
    {"_id": "p4", "no": 4, "uraian": "Jembatan rusak"},
    {"_id": "p5", "no": 5, "uraian": "Informasi layanan tidak sampai"},
]
STORED_USG = [
    {"_id": "u1", "masalah": "p1", "u": 5, "s": 3, "g": 4},
    {"_id": "u4", "masalah": "p4", "u": 5, "s": 5, "g": 5, "dipilih": True},  # p4 fails APKL: kept, hidden
    {"_id": "ux", "masalah": "deleted", "u": 1, "s": 2, "g": 3},  # its problem left LK-2b: kept, hidden
]
U, S, G, TOTAL, RANK, CHOSEN = (
    UsgTableModel.U,
    UsgTableModel.S,
    UsgTableModel.G,
    UsgTableModel.TOTAL,
    UsgTableModel.RANK,
    UsgTableModel.CHOSEN,
)


@pytest.fixture
def place(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji 2026")
    unit = spine_ops.add_unit(db, lab.id, "Kecamatan Uji", UnitType.KECAMATAN)
    save_worksheet(db, "LK-2b", {"masalah": PROBLEMS}, lab.id, unit.id)
    save_worksheet(
        db,
        "LK-2c",
        {
            "apkl": [{"masalah": p, **YES} for p in ("p1", "p2", "p3", "p5")]
            + [{"masalah": "p4", **YES, "kelayakan": False}]
        },
        lab.id,
        unit.id,
    )
    save_worksheet(db, "LK-2d", {"usg": STORED_USG}, lab.id, unit.id)
    return db, lab, unit


def make_editor(qtbot, place) -> UsgEditor:  # noqa: ANN001
    db, lab, unit = place
    ctx = WorksheetContext(db, lab.id, unit.id)
    editor = UsgEditor(ctx.template("LK-2d"), ctx)
    qtbot.addWidget(editor)
    editor.set_data(load_worksheet(db, "LK-2d", lab.id, unit.id).data)
    editor.resize(1000, 620)
    editor.show()
    return editor


def cell(editor: UsgEditor, row: int, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return editor.view.model().index(row, col).data(role)


def column(editor: UsgEditor, col: int) -> list[Any]:
    return [cell(editor, r, col) for r in range(editor.view.model().rowCount())]


def goto(editor: UsgEditor, row: int, col: int) -> None:
    editor.view.setCurrentIndex(editor.view.model().index(row, col))


def usg_rows(editor: UsgEditor) -> dict[str, dict]:
    return {r["masalah"]: r for r in editor.data()["usg"]}


def test_rows_are_the_problems_passing_apkl_with_their_scores(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    assert column(editor, 0) == [
        "1. Antrean panjang di loket",
        "2. Biaya < 5 juta & <b>cepat</b>",
        "3. Data penduduk ganda",
        "5. Informasi layanan tidak sampai",
    ]
    assert column(editor, U) == ["5", "", "", ""]
    assert column(editor, TOTAL) == ["12", "—", "—", "—"]
    assert column(editor, RANK) == ["\u2605 1", "—", "—", "—"]
    text = editor.mode_line.text()
    assert "Total = U + S + G" in text and "4 isu lolos APKL dari 5" in text
    assert editor.hint.isHidden()


def test_typing_digits_scores_moves_right_and_reranks_live(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    edits: list[int] = []
    editor.changed.connect(lambda: edits.append(1))
    goto(editor, 1, U)
    qtbot.keyClicks(editor.view, "45")
    assert editor.view.currentIndex().column() == G  # U, then S, now on G
    assert cell(editor, 1, TOTAL) == "—" and cell(editor, 1, RANK) == "—"
    qtbot.keyClick(editor.view, Qt.Key.Key_3)
    assert (editor.view.currentIndex().row(), editor.view.currentIndex().column()) == (
        2,
        U,
    )  # the next row's U
    assert cell(editor, 1, TOTAL) == "12"
    # 12 against 12: problem 2 has S 5 > S 3, so it takes rank 1 and problem 1 drops to 2
    assert column(editor, RANK) == ["2", "\u2605 1", "—", "—"]
    assert cell(editor, 1, RANK, Qt.ItemDataRole.FontRole).bold()
    assert usg_rows(editor)["p2"] == {
        "_id": usg_rows(editor)["p2"]["_id"],
        "masalah": "p2",
        "u": 4,
        "s": 5,
        "g": 3,
    }
    assert len(edits) == 3
    qtbot.keyClicks(editor.view, "555")  # problem 3 becomes the top
    assert column(editor, RANK) == ["3", "2", "\u2605 1", "—"]
    assert column(editor, TOTAL) == ["12", "12", "15", "—"]


@pytest.mark.parametrize("typed", ["7", "x", "0"])
def test_invalid_input_gives_the_rule_and_changes_nothing(qtbot, place, typed: str) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    before = editor.data()
    edits: list[int] = []
    editor.changed.connect(lambda: edits.append(1))
    goto(editor, 0, U)
    qtbot.keyClicks(editor.view, typed)
    assert editor.message.text() == "U harus angka 1–5"
    assert cell(editor, 0, U) == "5" and editor.view.currentIndex().column() == U  # not moved on
    goto(editor, 0, G)
    qtbot.keyClicks(editor.view, typed)
    assert editor.message.text() == "G harus angka 1–5"
    assert editor.data() == before and not edits
    qtbot.keyClicks(editor.view, "2")  # a good digit clears the message
    assert editor.message.text() == "" and cell(editor, 0, TOTAL) == "10"


def test_model_refuses_out_of_range_values_set_from_code(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    model = editor.model
    assert not model.setData(model.index(0, S), 6)
    assert not model.setData(model.index(0, S), "2,5")
    assert editor.message.text() == "S harus angka 1–5"
    assert model.setData(model.index(0, S), "4")
    assert usg_rows(editor)["p1"]["s"] == 4


def test_delete_clears_a_score_and_the_rank(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 0, S)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert cell(editor, 0, S) == "" and cell(editor, 0, RANK) == "—"
    assert "s" not in usg_rows(editor)["p1"]


def test_space_toggles_dipilih_and_highlights_the_row(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 2, CHOSEN)
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)
    assert usg_rows(editor)["p3"]["dipilih"] is True
    assert cell(editor, 2, CHOSEN, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell(editor, 2, 0, Qt.ItemDataRole.BackgroundRole).color() == theme.color("ok_bg")
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)
    assert "p3" not in usg_rows(editor)  # nothing scored or chosen any more: no row stored
    # a click on the box goes through setData with a check state
    model = editor.model
    assert model.setData(model.index(0, CHOSEN), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert usg_rows(editor)["p1"]["dipilih"] is True


def test_data_keeps_rows_of_problems_not_shown(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    goto(editor, 0, U)
    qtbot.keyClicks(editor.view, "1")
    rows = editor.data()["usg"]
    assert {"_id": "u4", "masalah": "p4", "u": 5, "s": 5, "g": 5, "dipilih": True} in rows
    assert {"_id": "ux", "masalah": "deleted", "u": 1, "s": 2, "g": 3} in rows
    assert {"_id": "u1", "masalah": "p1", "u": 1, "s": 3, "g": 4} in rows
    assert len(rows) == 3
    db, lab, unit = place
    save_worksheet(db, "LK-2d", editor.data(), lab.id, unit.id)  # what the editor hands over is valid


def test_product_mode(qtbot, place) -> None:  # noqa: ANN001
    db, lab, _unit = place
    update_lab_settings(db, lab.id, usg_mode="kali")
    editor = make_editor(qtbot, place)
    assert "Total = U × S × G" in editor.mode_line.text()
    assert cell(editor, 0, TOTAL) == "60"
    goto(editor, 1, U)
    qtbot.keyClicks(editor.view, "444")  # 64 beats 60
    assert cell(editor, 1, TOTAL) == "64"
    assert column(editor, RANK)[:2] == ["2", "\u2605 1"]


def test_sorted_by_rank_without_moving_the_row_being_typed(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    editor.sort_box.setChecked(True)
    assert column(editor, 0)[0].startswith("1. Antrean")  # the only ranked row comes first
    goto(editor, 3, U)  # problem 5, shown last
    qtbot.keyClicks(editor.view, "55")
    assert column(editor, 0)[3].startswith("5. Informasi")  # still where the cursor is
    assert editor.view.currentIndex().row() == 3 and editor.view.currentIndex().column() == G
    qtbot.keyClick(editor.view, Qt.Key.Key_5)  # 15: rank 1, but the row stays while the cursor is in it
    assert column(editor, RANK) == ["2", "—", "—", "\u2605 1"]
    assert editor.view.currentIndex().row() == 3
    qtbot.keyClick(editor.view, Qt.Key.Key_Up)  # leaving the row re-sorts; the cursor stays on its problem
    assert column(editor, 0)[:2] == ["5. Informasi layanan tidak sampai", "1. Antrean panjang di loket"]
    assert column(editor, RANK)[:2] == ["\u2605 1", "2"]
    current = editor.view.currentIndex()
    assert cell(editor, current.row(), 0).startswith("3. Data penduduk")  # the row above it before
    # typing in a middle row: the cursor moves on to the next row and the order follows
    assert [t[:2] for t in column(editor, 0)] == ["5.", "1.", "2.", "3."]
    goto(editor, 2, U)  # problem 2
    qtbot.keyClicks(editor.view, "555")  # 15 like problem 5: equal ranks keep the LK-2b order
    assert [t[:2] for t in column(editor, 0)] == ["2.", "5.", "1.", "3."]
    assert column(editor, RANK) == ["\u2605 1", "\u2605 1", "3", "—"]
    assert cell(editor, editor.view.currentIndex().row(), 0).startswith("3.")  # on the next problem's U
    assert editor.view.currentIndex().column() == U
    editor.sort_box.setChecked(False)
    assert column(editor, 0)[0].startswith("1. Antrean")


def test_set_data_does_not_emit_changed(qtbot, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_data({"usg": [{"masalah": "p2", "u": 3, "s": 3, "g": 3}]})
    assert column(editor, TOTAL) == ["—", "9", "—", "—"]


def test_hints_when_lk2b_is_empty_or_nothing_passes(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kosong", UnitType.DINAS)
    place = (db, lab, unit)
    editor = make_editor(qtbot, place)
    assert editor.hint.isVisible() and "Isi LK-2b lebih dulu" in editor.hint.text.text()
    assert editor.view.isHidden()
    with qtbot.waitSignal(editor.openWorksheet) as blocker:
        editor.hint.button.click()
    assert blocker.args == ["LK-2b"]
    save_worksheet(db, "LK-2b", {"masalah": PROBLEMS[:2]}, lab.id, unit.id)
    editor = make_editor(qtbot, place)
    assert "Belum ada isu yang lolos APKL dari 2 masalah" in editor.hint.text.text()
    with qtbot.waitSignal(editor.openWorksheet) as blocker:
        editor.hint.button.click()
    assert blocker.args == ["LK-2c"]
    assert editor.data() == {}


def test_models_pass_qt_model_tester(qtbot, qtmodeltester, place) -> None:  # noqa: ANN001
    editor = make_editor(qtbot, place)
    qtmodeltester.check(editor.model)
    editor.sort_box.setChecked(True)
    qtmodeltester.check(editor.proxy)


def test_built_through_the_editor_registry(qtbot, place, monkeypatch) -> None:  # noqa: ANN001
    from ui import editors
    from ui.apkl_editor import ApklEditor

    db, lab, unit = place
    ctx = WorksheetContext(db, lab.id, unit.id)
    usg = editors.create_editor(ctx.template("LK-2d"), ctx)
    apkl = editors.create_editor(ctx.template("LK-2c"), ctx)
    qtbot.addWidget(usg)
    qtbot.addWidget(apkl)
    assert isinstance(usg, UsgEditor) and isinstance(apkl, ApklEditor)
    usg.set_data(load_worksheet(db, "LK-2d", lab.id, unit.id).data)
    assert [r["masalah"] for r in usg.data()["usg"]] == ["p1", "p4", "deleted"]
