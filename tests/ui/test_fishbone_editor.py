"""The LK-2e fishbone editor driven like a user: buttons, shortcuts, typing in the tree, the problem
combo, the drawing, and refused moves that would make a cause its own ancestor."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMainWindow, QStyleOptionViewItem

from labinovasi.domain.enums import UnitType
from labinovasi.domain.fishbone import cause_parents
from labinovasi.domain.scoring import find_cycles
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.validation import Issue, validate
from ui.fishbone_editor import CATEGORY, FishboneEditor

# the offscreen platform says so whenever a shown top-level widget's size hints change
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CHAIN = {
    "masalah": "m1",
    "masalah_utama": "Antrean panjang & <b>lama</b>",
    "kategori": [{"_id": "k1", "nama": "Manusia"}, {"_id": "k2", "nama": "Metode"}],
    "penyebab": [
        {"_id": "p1", "kategori": "k1", "teks": "Petugas kurang", "akar": False},
        {"_id": "w1", "kategori": "k1", "induk": "p1", "teks": "Formasi tetap", "akar": False},
        {
            "_id": "w2",
            "kategori": "k1",
            "induk": "w1",
            "teks": "Tidak ada analisis beban kerja",
            "akar": True,
        },
        {"_id": "p2", "kategori": "k1", "teks": "Pemohon bingung", "akar": False},
        {"_id": "p3", "kategori": "k2", "teks": "Berkas diperiksa di loket", "akar": False},
    ],
    "akar_masalah_terpilih": "Analisis beban kerja menjadi dasar ide.",
}


@pytest.fixture
def ctx(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji 2026")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Uji", UnitType.DINAS)
    save_worksheet(
        db,
        "LK-2b",
        {
            "masalah": [
                {"_id": "m1", "no": 1, "uraian": "Antrean panjang di loket pelayanan"},
                {"_id": "m2", "no": 2, "uraian": "Berkas sering tidak lengkap & <b>hilang</b>"},
                {"_id": "m3", "no": 3, "uraian": "Data penduduk tidak mutakhir"},
            ]
        },
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2d",
        {
            "usg": [
                {"masalah": "m1", "u": 3, "s": 3, "g": 3, "dipilih": False},
                {"masalah": "m2", "u": 5, "s": 5, "g": 4, "dipilih": True},
            ]
        },
        lab.id,
        unit.id,
    )
    return WorksheetContext(db, lab.id, unit.id)


@pytest.fixture
def editor(qtbot, ctx):  # noqa: ANN001, ANN201
    ed = FishboneEditor(ctx.template("LK-2e"), ctx)
    qtbot.addWidget(ed)
    ed.resize(1100, 650)
    ed.show()
    qtbot.waitExposed(ed)
    ed.confirm = lambda _text: True
    return ed


def type_into_open_editor(qtbot, ed: FishboneEditor, text: str) -> None:  # noqa: ANN001
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit), "an in-place editor should be open"
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits through a queued call
    qtbot.waitUntil(lambda: ed.tree_view.state() != QAbstractItemView.State.EditingState)


def rows_by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["_id"]: r for r in data.get("penyebab", [])}


def check_index(ed: FishboneEditor, cause_id: str) -> QModelIndex:
    return ed._find_item(cause_id).siblingAtColumn(1)


# --- adding, renaming, marking ------------------------------------------------------------------------


def test_new_editor_offers_the_default_bones_and_stores_nothing_until_an_edit(editor: FishboneEditor) -> None:
    names = [editor.model.item(r, 0).text() for r in range(editor.model.rowCount())]
    assert names == ["Manusia", "Metode", "Material", "Anggaran", "Lingkungan"]
    assert editor.data() == {}
    assert [b.label.lines[0] for b in editor.canvas.current_layout().bones] == names


def test_add_category_cause_and_why_with_buttons_and_shortcuts(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    edits = []
    editor.changed.connect(lambda: edits.append(1))
    qtbot.mouseClick(editor.buttons[editor.act_add_category.objectName()], Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, editor, "Kebijakan & <i>aturan</i>")
    data = editor.data()
    new_cat = data["kategori"][-1]
    assert new_cat["nama"] == "Kebijakan & <i>aturan</i>" and len(data["kategori"]) == 6

    editor.tree_view.setFocus()
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_open_editor(qtbot, editor, "Perbup belum ada")
    qtbot.keyClick(
        editor.tree_view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    type_into_open_editor(qtbot, editor, "Belum diusulkan ke bagian hukum")
    qtbot.mouseClick(editor.buttons[editor.act_add_why.objectName()], Qt.MouseButton.LeftButton)
    type_into_open_editor(qtbot, editor, "Tidak ada jadwal penyusunan")

    rows = editor.data()["penyebab"]
    assert [r["teks"] for r in rows] == [
        "Perbup belum ada",
        "Belum diusulkan ke bagian hukum",
        "Tidak ada jadwal penyusunan",
    ]
    cause, why, why2 = rows
    assert cause["kategori"] == new_cat["_id"] and "induk" not in cause
    assert why["induk"] == cause["_id"] and why2["induk"] == why["_id"]
    assert why["kategori"] == why2["kategori"] == new_cat["_id"]
    assert len(edits) >= 7  # every typed text and every added row
    node = editor.tree.find(why2["_id"])
    assert node.depth == 2 and node.number == 3
    assert editor.canvas.current_layout().mark(why2["_id"]).rib.kind == "why"
    clean, issues = validate(editor.template, editor.data())
    assert issues == [] and clean == editor.data()


def test_ctrl_n_reaches_the_editor_inside_a_window_whose_ctrl_n_is_something_else(qtbot, ctx) -> None:  # noqa: ANN001
    window = QMainWindow()
    qtbot.addWidget(window)
    fired = []
    new_lab = QAction("Lab baru", window)
    new_lab.setShortcut(QKeySequence("Ctrl+N"))
    new_lab.triggered.connect(lambda: fired.append(1))
    window.addAction(new_lab)
    ed = FishboneEditor(ctx.template("LK-2e"), ctx)
    window.setCentralWidget(ed)
    window.resize(1100, 650)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    ed.tree_view.setFocus()
    qtbot.waitUntil(ed.tree_view.hasFocus)
    qtbot.keyClick(ed.tree_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    assert len(ed.tree.causes()) == 1


def test_rename_with_f2_and_empty_category_name_is_refused(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    editor.select_cause("p2")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_F2)
    type_into_open_editor(qtbot, editor, "Pemohon tidak tahu syarat")
    assert rows_by_id(editor.data())["p2"]["teks"] == "Pemohon tidak tahu syarat"
    assert editor.canvas.tree.find("p2").text == "Pemohon tidak tahu syarat"

    editor.select_cause("k2")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.maxLength() == 60
    line.clear()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.tree_view.state() != QAbstractItemView.State.EditingState)
    assert editor.data()["kategori"][1]["nama"] == "Metode"
    assert editor.model.item(1, 0).text() == "Metode"
    assert "tidak boleh kosong" in editor.status_text


def test_toggle_akar_masalah_marks_the_root_cause_everywhere(editor: FishboneEditor) -> None:
    editor.set_data(copy.deepcopy(CHAIN))
    edits = []
    editor.changed.connect(lambda: edits.append(1))
    index = check_index(editor, "p3")
    assert editor.model.itemFromIndex(index).isCheckable()
    editor.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert rows_by_id(editor.data())["p3"]["akar"] is True
    assert edits == [1]
    assert {n.id for n in editor.tree.root_causes} == {"w2", "p3"}
    assert editor.canvas.current_layout().mark("p3").root
    assert "5. Berkas diperiksa di loket" in editor.roots_label.text()
    editor.model.setData(
        check_index(editor, "w2"), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert rows_by_id(editor.data())["w2"]["akar"] is False


def test_space_in_the_tree_toggles_akar_and_the_tree_shows_the_print_numbers(
    qtbot, editor: FishboneEditor
) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    editor.select_cause("p2")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Space)
    assert rows_by_id(editor.data())["p2"]["akar"] is True
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Space)
    assert rows_by_id(editor.data())["p2"]["akar"] is False
    qtbot.keyClick(editor.head_edit, Qt.Key.Key_Space)  # a space typed in a text stays a space
    assert editor.head_edit.toPlainText().endswith(" ") or editor.head_edit.toPlainText().startswith(" ")
    option = QStyleOptionViewItem()
    index = editor._find_item("w2")
    editor.tree_view.itemDelegate().initStyleOption(option, index)
    assert option.text == "3. Tidak ada analisis beban kerja"


def test_drag_and_drop_in_the_tree_reparents_and_refuses_cycles(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    view = editor.tree_view

    def drop(source: str, target: str) -> None:
        """What a drag does: enter the viewport, move over the target's middle, drop."""
        editor.select_cause(source)
        src = editor._find_item(source)
        point = view.visualRect(editor._find_item(target)).center()
        mime = editor.model.mimeData([src, src.siblingAtColumn(1)])
        args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        with warnings.catch_warnings():  # PySide marks the QPoint constructors of drag events deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            for event in (QDragEnterEvent(point, *args), QDragMoveEvent(point, *args)):
                QApplication.sendEvent(view.viewport(), event)
        QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(point), *args))

    before = editor.data()
    drop("p1", "w2")
    assert "berputar" in editor.status_text and editor.data() == before
    drop("p2", "w1")
    rows = rows_by_id(editor.data())
    assert rows["p2"]["induk"] == "w1"
    assert editor.model.rowCount() == 2  # the model was rebuilt from the data, not changed by the drop
    drop("p3", "k1")
    assert (
        rows_by_id(editor.data())["p3"]["kategori"] == "k1" and "induk" not in rows_by_id(editor.data())["p3"]
    )


# --- moving -------------------------------------------------------------------------------------------


def test_reparenting_into_its_own_answer_is_refused_with_a_message(editor: FishboneEditor) -> None:
    editor.set_data(copy.deepcopy(CHAIN))
    before = editor.data()
    edits = []
    editor.changed.connect(lambda: edits.append(1))
    editor.select_cause("p1")
    menu = editor.build_move_menu()
    assert menu is not None
    target = next(a for a in menu.actions() if "Tidak ada analisis beban kerja" in a.text())
    target.trigger()
    assert "berputar" in editor.status_text
    assert editor.status.isVisible()
    assert editor.data() == before and edits == []
    assert not editor.drop_item("p1", "cause", "w1", "cause", QAbstractItemView.DropIndicatorPosition.OnItem)
    assert not editor.move_cause_to("w1", "w1")
    assert "dirinya sendiri" in editor.status_text
    assert editor.data() == before and edits == []


def test_move_to_another_bone_and_under_another_cause(editor: FishboneEditor) -> None:
    editor.set_data(copy.deepcopy(CHAIN))
    editor.select_cause("w1")
    menu = editor.build_move_menu()
    next(a for a in menu.actions() if "Metode" in a.text()).trigger()
    rows = rows_by_id(editor.data())
    assert "induk" not in rows["w1"]
    assert rows["w1"]["kategori"] == rows["w2"]["kategori"] == "k2"  # the answer moves along
    assert editor.selected_id() == "w1"
    assert editor.drop_item("p2", "cause", "p3", "cause", QAbstractItemView.DropIndicatorPosition.OnItem)
    rows = rows_by_id(editor.data())
    assert rows["p2"]["induk"] == "p3" and rows["p2"]["kategori"] == "k2"
    assert editor.drop_item("k2", CATEGORY, "k1", CATEGORY, QAbstractItemView.DropIndicatorPosition.AboveItem)
    assert [c["_id"] for c in editor.data()["kategori"]] == ["k2", "k1"]


def test_move_up_and_down_with_keys(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    editor.select_cause("p2")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [c.id for c in editor.tree.category("k1").causes] == ["p2", "p1"]
    assert editor.selected_id() == "p2"
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [c.id for c in editor.tree.category("k1").causes] == ["p1", "p2"]
    editor.select_cause("k1")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [c["nama"] for c in editor.data()["kategori"]] == ["Metode", "Manusia"]


# --- deleting -----------------------------------------------------------------------------------------


def test_delete_asks_when_there_are_answers_below(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    asked: list[str] = []
    editor.confirm = lambda text: asked.append(text) or False
    editor.select_cause("w1")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Delete)
    assert asked and "1 jawaban" in asked[0]
    assert editor.data() == CHAIN
    editor.confirm = lambda text: True
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Delete)
    assert set(rows_by_id(editor.data())) == {"p1", "p2", "p3"}
    asked.clear()
    editor.confirm = lambda text: asked.append(text) or True
    editor.select_cause("p3")
    qtbot.keyClick(editor.tree_view, Qt.Key.Key_Delete)  # no answers below: no question
    assert asked == [] and set(rows_by_id(editor.data())) == {"p1", "p2"}


def test_deleting_a_category_with_causes_asks_and_removes_them(editor: FishboneEditor) -> None:
    editor.set_data(copy.deepcopy(CHAIN))
    asked: list[str] = []
    editor.confirm = lambda text: asked.append(text) or True
    editor.select_cause("k1")
    assert editor.delete_selected()
    assert "Manusia" in asked[0] and "4 penyebab" in asked[0]
    data = editor.data()
    assert [c["_id"] for c in data["kategori"]] == ["k2"]
    assert set(rows_by_id(data)) == {"p3"}


# --- loading, the problem combo, issues ----------------------------------------------------------------


def test_round_trip_through_set_data(qtbot, ctx, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    assert editor.data() == CHAIN
    assert editor.head_edit.toPlainText() == CHAIN["masalah_utama"]
    assert editor.note_edit.toPlainText() == CHAIN["akar_masalah_terpilih"]
    assert editor.problem_combo.currentData() == "m1"
    editor.select_cause("p3")
    editor.add_why("Tidak ada formulir daring")
    edited = editor.data()
    other = FishboneEditor(ctx.template("LK-2e"), ctx)
    qtbot.addWidget(other)
    other.set_data(copy.deepcopy(edited))
    assert other.data() == edited
    assert [n.id for n in other.tree.causes()] == [n.id for n in editor.tree.causes()]


def test_problem_combo_offers_prioritised_problems_first_and_prefills_the_head(
    editor: FishboneEditor,
) -> None:
    combo = editor.problem_combo
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values == [None, "m2", "m1", "m3"]
    assert "prioritas, USG #1" in combo.itemText(1) and "USG #2" in combo.itemText(2)
    edits = []
    editor.changed.connect(lambda: edits.append(1))
    combo.setCurrentIndex(1)
    assert editor.head_edit.toPlainText() == "Berkas sering tidak lengkap & <b>hilang</b>"
    data = editor.data()
    assert data["masalah"] == "m2" and data["masalah_utama"] == "Berkas sering tidak lengkap & <b>hilang</b>"
    assert editor.canvas.tree.head == "Berkas sering tidak lengkap & <b>hilang</b>"
    assert edits == [1]
    editor.head_edit.setPlainText("Rumusan sendiri")
    combo.setCurrentIndex(2)  # a head already written is not overwritten
    assert editor.data()["masalah_utama"] == "Rumusan sendiri" and editor.data()["masalah"] == "m1"


def test_a_problem_removed_from_lk2b_is_kept(editor: FishboneEditor) -> None:
    editor.set_data({"masalah": "gone", "masalah_utama": "Lama"})
    assert editor.problem_combo.currentData() == "gone"
    assert "sudah dihapus" in editor.problem_combo.currentText()
    assert editor.data() == {"masalah": "gone", "masalah_utama": "Lama"}


def test_loading_a_cycle_warns_and_keeps_stored_data_until_an_edit(editor: FishboneEditor) -> None:
    cyclic = copy.deepcopy(CHAIN)
    cyclic["penyebab"][0]["induk"] = "w2"  # p1 -> w2 -> w1 -> p1
    editor.set_data(copy.deepcopy(cyclic))
    assert editor.warning.isVisible() and "berputar" in editor.warning.text()
    assert "nomor 1" in editor.warning.text()
    assert editor.data() == cyclic  # looking changes nothing
    assert [(n.id, n.depth) for n in editor.tree.causes()][:3] == [("p1", 0), ("w1", 1), ("w2", 2)]
    editor.model.setData(
        check_index(editor, "p2"), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    data = editor.data()
    assert find_cycles(cause_parents(data["penyebab"])) == []
    assert "induk" not in rows_by_id(data)["p1"] and rows_by_id(data)["p2"]["akar"] is True


def test_rows_without_ids_get_ids_once_edited(editor: FishboneEditor) -> None:
    editor.set_data({"kategori": [{"nama": "Manusia"}], "penyebab": [{"teks": "Tanpa id", "kategori": "x"}]})
    assert editor.data() == {
        "kategori": [{"nama": "Manusia"}],
        "penyebab": [{"teks": "Tanpa id", "kategori": "x"}],
    }
    assert [c.name for c in editor.tree.categories] == ["Manusia", "Tanpa kategori"]
    cause = editor.tree.categories[1].causes[0]
    editor.move_cause_to(cause.id, None, editor.tree.categories[0].id)
    data = editor.data()
    assert data["kategori"][0]["_id"] and data["penyebab"][0]["kategori"] == data["kategori"][0]["_id"]


def test_show_issues_marks_the_cause_and_lists_the_message(editor: FishboneEditor) -> None:
    editor.set_data(copy.deepcopy(CHAIN))
    editor.show_issues(
        [
            Issue("penyebab.4.teks", "Penyebab baris 4: terlalu panjang"),
            Issue("masalah_utama", "Masalah utama wajib diisi"),
        ]
    )
    assert editor.issues_label.isVisible()
    assert "terlalu panjang" in editor.issues_label.text() and "wajib diisi" in editor.issues_label.text()
    item = editor.model.itemFromIndex(editor._find_item("p2"))
    assert item.foreground().color().name() == "#b00020"
    assert "terlalu panjang" in item.toolTip()
    editor.show_issues([])
    assert not editor.issues_label.isVisible()


# --- the drawing --------------------------------------------------------------------------------------


def test_clicking_a_cause_on_the_drawing_selects_it_in_the_tree(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    mark = editor.canvas.current_layout().mark("w1")
    box = mark.text.box
    qtbot.mouseClick(
        editor.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(box.x + 3), int(box.y + box.h / 2))
    )
    assert editor.selected_id() == "w1"
    editor.select_cause("p3")
    assert editor.canvas._selected == "p3"
    image = editor.canvas.grab().toImage()
    assert image.width() == editor.canvas.width() and not image.isNull()


def test_the_drawing_follows_the_widget_size_and_opens_large(qtbot, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    small = editor.canvas.current_layout()
    editor.resize(1366, 768)
    qtbot.waitUntil(lambda: editor.canvas.current_layout().width > small.width)
    big = editor.canvas.current_layout()
    assert big.head_box.right > small.head_box.right
    dialog = editor.show_big()
    qtbot.waitExposed(dialog)
    canvas = dialog.findChild(type(editor.canvas))
    assert canvas is not None and canvas.tree.find("w2").root
    dialog.close()


def test_the_tree_model_is_sound(qtmodeltester, editor: FishboneEditor) -> None:  # noqa: ANN001
    editor.set_data(copy.deepcopy(CHAIN))
    qtmodeltester.check(editor.model)


def test_without_problems_in_lk2b_the_editor_offers_to_fill_them_first(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Kosong 2026")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Tanpa Masalah", UnitType.DINAS)
    ctx = WorksheetContext(db, lab.id, unit.id)
    ed = FishboneEditor(ctx.template("LK-2e"), ctx)
    qtbot.addWidget(ed)
    ed.show()
    qtbot.waitExposed(ed)
    assert ed.hint.isVisible() and "Belum ada masalah di LK-2b" in ed.hint.text.text()
    with qtbot.waitSignal(ed.openWorksheet) as asked:
        ed.hint.button.click()
    assert asked.args == ["LK-2b"]


def test_with_problems_the_hint_stays_hidden(editor: FishboneEditor) -> None:
    assert not editor.hint.isVisible()
