"""Search everywhere (Ctrl+K): typing shows the units, people, ideas and worksheets found, grouped by
kind; the arrows move over the hits and Enter opens the place; Ctrl+K puts the focus in the box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from labinovasi.services import search
from labinovasi.worksheets import codes
from tests.ui.test_main_window import make_window, no_dialogs
from ui.search_dialog import SearchDialog

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)  # offscreen


def rows(dialog: SearchDialog) -> list[str]:
    m = dialog.model
    return [str(m.data(m.index(r, 0))).split("\n")[0] for r in range(m.rowCount())]


def test_typing_groups_the_results_and_enter_opens_the_idea(
    qtbot, monkeypatch, db, db_url, demo_lab, qtmodeltester
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.unit_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_dialog
    assert isinstance(dialog, SearchDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.box.hasFocus())
    assert search.is_indexed(db, demo_lab.id)  # built on the writer as the box opened

    qtbot.keyClicks(dialog.box, "antrean")
    shown = rows(dialog)
    assert shown[0] == "Ide (1)" and shown[1].startswith("ANTRI CERDAS")
    assert any(r.startswith("Lembar kerja (") for r in shown)
    qtmodeltester.check(dialog.model)
    assert dialog.current_hit() is not None and dialog.current_hit().kind == "idea"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)  # over the heading, to the first worksheet
    assert dialog.current_hit().kind == "worksheet"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    idea = dialog.current_hit()
    assert idea.kind == "idea"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.tabs.currentIndex() == 0
    assert window.unit is not None and window.unit.id == idea.unit_id
    assert window.stage_page.template is not None and window.stage_page.template.code == codes.IDEA_CARD
    assert window.stage_page.idea_id == idea.id

    # Ctrl+K again: the box has the focus and its text is selected, so typing starts afresh
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.unit_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.box.hasFocus())
    assert dialog.box.selectedText() == "antrean"


def test_a_person_opens_in_the_team_tab_and_nothing_found_is_said(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    dialog = window.show_search()
    assert dialog is not None
    dialog.box.setText("wahyuningsih")
    hits = dialog.results.groups["person"]
    dialog.open_hit(hits[0])
    assert window.tabs.currentIndex() == 1
    row = window.people_view.currentIndex().row()
    assert window.people_model.person(row).id == hits[0].id
    dialog = window.show_search()
    dialog.box.setText("tidakadadimanapun")
    assert dialog.model.rowCount() == 0 and "Tidak ditemukan" in dialog.status.text()
    dialog.box.setText("dinas kesehatan")
    unit = dialog.results.groups["unit"][0]
    dialog.open_hit(unit)
    assert window.unit is not None and window.unit.id == unit.id and window.tabs.currentIndex() == 0
