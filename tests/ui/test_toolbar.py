"""The toolbar: the menus' own commands with icons, shortcuts in the tooltips, texts that give way to
the icons alone in a 1024-pixel window, a toggle in Tampilan that a new window remembers; and Keluar
has Ctrl+Q on every platform."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from labinovasi.resources import resource_path
from tests.ui.test_window_panes import lab_id, open_window  # noqa: F401 - fixtures
from ui import theme
from ui.toolbar import buttons


def test_the_toolbar_holds_the_menus_actions_with_icons_and_shortcuts(open_window) -> None:  # noqa: ANN001, F811
    window = open_window()
    bar = window.toolbar
    named = [b for b in buttons() if b is not None]
    assert [a for a in bar.actions() if not a.isSeparator()] == [getattr(window, b[0]) for b in named]
    for attr, icon, short in named:
        action = getattr(window, attr)
        assert not action.icon().isNull() and action.iconText() == short
        assert (resource_path("icons") / "toolbar" / f"{icon}.svg").is_file()
    assert window.act_search.toolTip() == "Cari di seluruh lab (Ctrl+K)"
    assert window.act_export_filled.toolTip() == "Lembar kerja terisi (Ctrl+P)"
    assert window.act_undo.toolTip().startswith("Urungkan")
    assert (resource_path("icons") / "toolbar" / "LICENSE-lucide.txt").is_file()
    # the menus keep their own texts
    assert window.act_new_lab.text() == "Lab &baru…"


def test_texts_beside_the_icons_where_they_fit_the_icons_alone_at_1024(qtbot, open_window) -> None:  # noqa: ANN001, F811
    window = open_window()
    bar = window.toolbar
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly)
    qtbot.waitUntil(lambda: bar.width() <= window.width())
    last = bar.widgetForAction(window.act_guide)
    # nothing hides behind "»"
    qtbot.waitUntil(lambda: last.isVisible() and last.geometry().right() <= bar.width())


def test_the_toolbar_toggle_is_remembered(qtbot, open_window) -> None:  # noqa: ANN001, F811
    window = open_window()
    assert window.toolbar.isVisible() and window.panes.act_toolbar.isChecked()
    assert window.panes.act_toolbar in window.menu_view.actions()
    window.panes.act_toolbar.trigger()
    assert not window.toolbar.isVisible()
    again = open_window()
    assert not again.toolbar.isVisible() and not again.panes.act_toolbar.isChecked()
    again.panes.act_toolbar.trigger()
    assert again.toolbar.isVisible()


def test_icons_follow_the_theme(qapp, open_window) -> None:  # noqa: ANN001, F811
    window = open_window()
    before = window.act_guide.icon().pixmap(24, 24).toImage()
    theme.apply(qapp, theme.LARGE)
    after = window.act_guide.icon().pixmap(24, 24).toImage()
    assert before != after  # drawn again in the large theme's darker maroon


def test_quit_has_ctrl_q_everywhere(open_window) -> None:  # noqa: ANN001, F811
    window = open_window()
    assert window.act_quit.shortcut() == QKeySequence("Ctrl+Q")
    assert window.act_quit.menuRole() == window.act_quit.MenuRole.QuitRole
