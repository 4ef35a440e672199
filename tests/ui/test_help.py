"""Bantuan: F1 opens the offline guide (the stages and their worksheets as the app has them, the window's
shortcuts at the end), its find box finds words, and no two commands of the window share a key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from labinovasi.worksheets.registry import default_registry
from tests.ui.test_main_window import make_window, no_dialogs
from ui.help_dialog import GuideDialog, shortcut_conflicts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


def test_f1_opens_the_guide_with_the_stages_and_the_shortcuts(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for t in default_registry().all():
        if t.version == default_registry().get(t.code).version:
            assert f"{t.code} · {t.title}" in text
    assert "Drum-up" in text and "Documentation" in text and "Panduan Lab Inovasi" in text
    assert (
        "Sunting → Urungkan" in text
        and "Ctrl+Z" in text
        and "Berkas → Ekspor → Direktori Inovasi" not in text
    )
    dialog.find.setText("APKL")
    assert dialog.find_next() and dialog.browser.textCursor().selectedText() == "APKL"
    dialog.find.setText("tidakadakatainidimanapun")
    assert not dialog.find_next() and dialog.status.text() == "tidak ditemukan"


def test_no_two_commands_share_a_key(qtbot, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    actions = [
        a for a in window.findChildren(QAction) if a.shortcutContext() != Qt.ShortcutContext.WidgetShortcut
    ]
    assert shortcut_conflicts(actions) == {}
