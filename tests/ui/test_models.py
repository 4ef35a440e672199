"""The Qt models: they pass Qt's model tester, and the table-field model edits rows as stored data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from labinovasi.domain.stages import Stage
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import progress_matrix
from labinovasi.worksheets.registry import default_registry
from ui.models import ID_ROLE, SORT_ROLE, PeopleModel, ProgressMatrixModel, UnitListModel
from ui.table_field import TableFieldEditor, TableFieldModel


def plain(rows: list[dict]) -> list[dict]:
    """Rows without their generated ``_id``."""
    return [{k: v for k, v in r.items() if k != "_id"} for r in rows]


def table_field(code: str, key: str):  # noqa: ANN201
    return next(f for f in default_registry().get(code).fields if f.key == key)


def col(model: TableFieldModel, key: str) -> int:
    return [c.key for c in model.columns].index(key)


@pytest.fixture
def demo(db, demo_lab):  # noqa: ANN001, ANN201
    units = svc.list_units(db, demo_lab.id)
    return units, progress_matrix(db, demo_lab.id)


# --- Qt's model tester --------------------------------------------------------------------------------


def test_unit_list_model(qtmodeltester, demo) -> None:  # noqa: ANN001
    units, progress = demo
    model = UnitListModel()
    model.set_units(units, progress)
    qtmodeltester.check(model)
    assert model.rowCount() == len(units) == 8 and model.columnCount() == 3
    assert [model.index(r, 0).data() for r in range(8)] == [u.name for u in units]
    assert model.index(0, 1).data() == units[0].unit_type.label
    assert model.index(3, 0).data(ID_ROLE) == units[3].id
    assert model.row_of(units[5].id) == 5
    done = sum(p.done for p in progress[units[0].id].values())
    total = sum(p.total for p in progress[units[0].id].values())
    assert model.index(0, 2).data() == f"{round(done / total * 100)}%"
    assert model.index(0, 2).data(SORT_ROLE) == pytest.approx(done / total)
    assert model.index(0, 0).data(SORT_ROLE) == units[0].sort_order
    model.set_progress(progress)  # refreshing progress keeps the rows
    qtmodeltester.check(model)
    assert model.rowCount() == 8


def test_people_model(qtmodeltester, db, demo) -> None:  # noqa: ANN001
    units, _progress = demo
    unit = next(u for u in units if svc.list_people(db, u.id))
    people = svc.list_people(db, unit.id)
    model = PeopleModel()
    model.set_people(people)
    qtmodeltester.check(model)
    assert model.rowCount() == len(people) > 0 and model.columnCount() == 5
    assert [model.index(r, 0).data() for r in range(len(people))] == [p.name for p in people]
    assert model.index(0, 1).data() == people[0].role.label
    assert model.index(0, 0).data(ID_ROLE) == people[0].id
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Peran"
    model.set_people([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_progress_matrix_model(qtmodeltester, demo) -> None:  # noqa: ANN001
    units, progress = demo
    model = ProgressMatrixModel()
    model.set_data(units, progress)
    qtmodeltester.check(model)
    assert model.rowCount() == 8 and model.columnCount() == len(Stage) == 6
    for r, u in enumerate(units):
        assert model.headerData(r, Qt.Orientation.Vertical) == u.name
        for c, stage in enumerate(Stage):
            p = progress[u.id][stage]
            assert model.index(r, c).data() == f"{p.done}/{p.total}"
            assert model.index(r, c).data(SORT_ROLE) == pytest.approx(p.fraction)
    # the demo has filled something somewhere
    assert any(model.cell(r, c).done for r in range(8) for c in range(6))


def test_table_field_model_of_the_idea_cards_innovators(qtmodeltester) -> None:  # noqa: ANN001
    field = table_field("LK-2f", "inovator")
    rows = [{"nama": "Ani", "nip": "1987", "jabatan": "Analis"}, {"nama": "Budi <Staf>"}]
    model = TableFieldModel(field, rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Nama", "NIP", "Jabatan"]
    assert model.index(1, col(model, "nama")).data() == "Budi <Staf>"
    stored = model.rows()
    assert [{k: v for k, v in r.items() if k != "_id"} for r in stored] == rows
    assert len({r["_id"] for r in stored}) == 2  # each row got its own stable id
    model.set_rows(stored)
    assert model.rows() == stored  # … and keeps it
    rows[0]["nama"] = "changed outside"  # the model keeps its own copy
    assert model.index(0, 0).data() == "Ani"


# --- behaviour -------------------------------------------------------------------------------------------


def test_table_field_model_inserts_moves_and_removes_rows(qtbot) -> None:  # noqa: ANN001
    model = TableFieldModel(table_field("LK-2f", "inovator"), [{"nama": "A"}, {"nama": "B"}, {"nama": "C"}])
    edits: list[int] = []
    model.rowsEdited.connect(lambda: edits.append(1))
    nama = col(model, "nama")

    def names() -> list[str]:
        return [r.get("nama") for r in model.rows()]

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        assert model.insert_row(1) == 1
    assert inserted.args[1:] == [1, 1]
    assert model.rowCount() == 4
    assert model.index(1, nama).data(Qt.ItemDataRole.EditRole) is None
    assert names() == ["A", "B", "C"]  # an empty row is not data
    assert model.setData(model.index(1, nama), "  X  ")
    assert names() == ["A", "X", "B", "C"]  # text is trimmed

    with qtbot.waitSignal(model.rowsMoved):
        assert model.move_row(1, 1) == 2
    assert names() == ["A", "B", "X", "C"]
    assert model.move_row(2, -1) == 1
    assert names() == ["A", "X", "B", "C"]
    assert model.move_row(0, -1) == 0 and model.move_row(3, 1) == 3  # at the ends nothing moves
    assert names() == ["A", "X", "B", "C"]

    assert model.insert_row() == 4 and model.rowCount() == 5  # appended
    assert model.insert_row(99) == 5 and model.rowCount() == 6  # clamped to the end
    model.remove_row(5)
    model.remove_row(4)
    with qtbot.waitSignal(model.rowsRemoved):
        model.remove_row(0)
    model.remove_row(42)  # out of range: ignored
    assert names() == ["X", "B", "C"] and model.rowCount() == 3

    # emptying a cell removes the key; a row left empty is dropped from the data
    assert model.setData(model.index(0, nama), "")
    assert names() == ["B", "C"] and model.rowCount() == 3
    # every change was announced (the form autosaves on it)
    assert len(edits) == 10
    assert not model.setData(model.index(0, nama), "Y", Qt.ItemDataRole.DisplayRole)
    assert not model.setData(QModelIndex(), "Y")
    assert len(edits) == 10


def test_a_typed_indonesian_number_is_stored_as_a_number(qtbot) -> None:  # noqa: ANN001
    model = TableFieldModel(table_field("LK-3b", "rencana_aksi"))
    model.insert_row()
    anggaran = col(model, "anggaran")
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(0, anggaran), "1.500.000")
    assert plain(model.rows()) == [{"anggaran": 1500000}]
    stored = model.rows()[0]["anggaran"]
    assert stored == 1_500_000 and isinstance(stored, int)
    assert model.index(0, anggaran).data(Qt.ItemDataRole.EditRole) == 1_500_000
    assert "1.500.000" in model.index(0, anggaran).data()

    assert model.setData(model.index(0, anggaran), "2,5")
    assert model.rows()[0]["anggaran"] == 2.5

    # what is not a number is kept as typed so validation can report it
    assert model.setData(model.index(0, anggaran), "lima juta")
    assert plain(model.rows()) == [{"anggaran": "lima juta"}]
    assert model.index(0, anggaran).data() == "lima juta"


def test_the_table_editor_buttons_edit_the_rows(qtbot) -> None:  # noqa: ANN001
    editor = TableFieldEditor(table_field("LK-2f", "inovator"))
    qtbot.addWidget(editor)
    editor.set_value([{"nama": "A"}, {"nama": "B"}])
    changes: list[int] = []
    editor.changed.connect(lambda: changes.append(1))
    editor.add_button.click()
    assert editor.model.rowCount() == 3 and editor.view.currentIndex().row() == 2
    editor.model.setData(editor.model.index(2, 0), "C")
    editor.up_button.click()
    assert [r["nama"] for r in editor.value()] == ["A", "C", "B"]
    assert editor.view.currentIndex().row() == 1
    editor.delete_button.click()
    assert plain(editor.value()) == [{"nama": "A"}, {"nama": "B"}]
    assert len(changes) == 4
