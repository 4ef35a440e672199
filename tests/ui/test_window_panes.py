"""Room on a 1366×768 screen: the unit list and the guidance fold away (remembered), F11 goes full
screen, the worksheet editor zooms, and the lab-wide tabs use the full width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from labinovasi.domain.enums import UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.settings import Settings
from ui import theme
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def lab_id(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kota Contoh", city="Contoh", facilitator="Fasil")
    spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala")
    return lab.id


@pytest.fixture
def open_window(qtbot, db, db_url, lab_id, qapp: QApplication) -> Iterator:  # noqa: ANN001
    theme.apply(qapp, theme.NORMAL)

    def make() -> MainWindow:
        window = MainWindow(db, db_url, Settings(), lab_id, tasks=TaskRunner(synchronous=True))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield make
    theme.apply(qapp, theme.NORMAL)


def test_ctrl_b_folds_the_unit_list_and_a_new_window_remembers_it(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    assert window.unit_panel.isVisible() and window.panes.act_units.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL)
    assert not window.unit_panel.isVisible() and not window.panes.act_units.isChecked()
    window.close()

    again = open_window()
    assert not again.unit_panel.isVisible() and not again.panes.act_units.isChecked()
    qtbot.keyClick(again, Qt.Key.Key_B, CTRL)
    assert again.unit_panel.isVisible()
    again.close()
    assert open_window().unit_panel.isVisible()


def test_ctrl_shift_b_folds_the_guidance_and_a_new_window_remembers_it(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    guide = window.stage_page.guide
    assert guide.isVisible()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.stage_page.split.sizes()[0] >= 250)
    editor_width = window.stage_page.scroll.width()
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    assert not guide.isVisible() and not window.panes.act_guide.isChecked()
    qtbot.waitUntil(lambda: window.stage_page.scroll.width() > editor_width + 50)  # the list narrows
    assert window.stage_page.sheet_list.isVisible()  # the worksheets stay at hand
    assert window.unit_panel.isVisible()  # the other pane is left alone
    window.close()
    again = open_window()
    assert not again.stage_page.guide.isVisible()
    again.panes.act_guide.trigger()
    assert again.stage_page.guide.isVisible()


def test_f11_toggles_full_screen_and_esc_leaves_it(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    assert not window.isFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.panes.act_full_screen.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.panes.act_full_screen.isChecked()

    window.showFullScreen()  # as a geometry saved in full screen is restored: the menu and Esc follow
    qtbot.waitUntil(lambda: window.panes.act_full_screen.isChecked())
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_zoom_scales_the_editor_font_within_bounds_and_is_remembered(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    app_size = QApplication.instance().font().pointSizeF()

    def size() -> float:
        form = window.stage_page.form
        assert form is not None
        return form.font().pointSizeF()

    assert size() == pytest.approx(app_size)
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert size() == pytest.approx(app_size * 1.1)
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)
    assert size() == pytest.approx(app_size * 1.2)
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert size() == pytest.approx(app_size * 2.0)  # bounded
    assert window.menuBar().font().pointSizeF() == pytest.approx(app_size)  # the menus do not zoom
    window.close()

    again = open_window()
    assert again.stage_page.form.font().pointSizeF() == pytest.approx(app_size * 2.0)
    for _ in range(30):
        qtbot.keyClick(again, Qt.Key.Key_Minus, CTRL)
    assert again.stage_page.form.font().pointSizeF() == pytest.approx(app_size * 0.7)
    qtbot.keyClick(again, Qt.Key.Key_0, CTRL)
    assert again.stage_page.form.font().pointSizeF() == pytest.approx(app_size)


def test_zoom_follows_the_large_theme(qtbot, open_window, qapp: QApplication) -> None:  # noqa: ANN001
    window = open_window()
    base = qapp.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    window.act_large_theme.trigger()
    assert window.stage_page.form.font().pointSizeF() == pytest.approx(base * 1.5 * 1.1)
    window.act_large_theme.trigger()


def test_lab_wide_tabs_use_the_full_width(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    for page in (window.matrix_view, window.sessions_page, window.readiness_page, window.idea_board):
        window.tabs.setCurrentWidget(page)
        assert not window.unit_panel.isVisible(), page
        qtbot.waitUntil(lambda: window.tabs.width() > window.width() - 40)  # the splitter lays out later
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)  # back to the stage page
    assert window.unit_panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the team of the selected unit: the list applies
    assert window.unit_panel.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_B, CTRL)  # folded by the user: stays folded on the stage page
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert not window.unit_panel.isVisible()


def test_the_worksheet_list_wraps_long_titles_in_a_narrow_column(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    window.resize(1024, 768)
    window.show_stage(Stage.DESIGN)
    sheets = window.stage_page.sheet_list
    qtbot.waitUntil(lambda: sheets.viewport().width() < 260)
    assert sheets.wordWrap()

    def rects() -> list:
        return [sheets.visualItemRect(sheets.item(i)) for i in range(sheets.count())]

    # "LK-3d  Pemangku Kepentingan dan Risiko" takes two lines (the list lays its items out a moment later)
    qtbot.waitUntil(lambda: any(r.height() > rects()[0].height() for r in rects()))
    assert all(r.right() <= sheets.viewport().width() for r in rects())


def test_table_rows_grow_with_the_zoom(qtbot, open_window) -> None:  # noqa: ANN001
    window = open_window()
    window.new_idea()  # LK-2f: the innovators' table
    table = window.stage_page.form.fields["inovator"].editor
    table.add_row()
    before = table.view.rowHeight(0)
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    qtbot.waitUntil(lambda: table.view.rowHeight(0) > before)
    assert table.view.rowHeight(0) >= table.view.fontMetrics().height() + 8
