"""Bantuan: the offline guide (F1) with a find box, and the list of the window's keyboard shortcuts,
read from the window's own actions so it is never out of date."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from labinovasi.guide import guide_html
from labinovasi.i18n import _


def window_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """``(Menu → Perintah, keys)`` of every action of the menus that has a shortcut, in menu order."""
    out: list[tuple[str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            name = action.text().replace("&", "").split(":")[0].strip()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} → {name}")
            elif action.shortcuts():
                keys = ", ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText)
                    for s in action.shortcuts()
                    if not s.isEmpty()
                )
                if keys:
                    out.append((f"{path} → {name}", keys))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    return out


class GuideDialog(QDialog):
    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None, anchor: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_("Panduan Lab Inovasi"))
        self.resize(820, 640)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(_("&Cari:"), self)
        self.find = QLineEdit(self)
        self.find.setPlaceholderText(_("kata yang dicari, lalu Enter"))
        label.setBuddy(self.find)
        self.status = QLabel("", self)
        row.addWidget(label)
        row.addWidget(self.find, 1)
        row.addWidget(self.status)
        lay.addLayout(row)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html(shortcuts))
        lay.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.find.returnPressed.connect(self.find_next)
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def find_next(self) -> bool:
        """Select the next place of the word (from the top again after the last one)."""
        word = self.find.text().strip()
        if not word:
            return False
        found = self.browser.find(word)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(word, QTextDocument.FindFlag(0))
        self.status.setText("" if found else _("tidak ditemukan"))
        return found


def shortcut_conflicts(actions: list[QAction]) -> dict[str, list[str]]:
    """Keys that more than one enabled-in-the-window action claims (each key, the actions' names)."""
    seen: dict[str, list[str]] = {}
    for a in actions:
        for s in a.shortcuts():
            key = s.toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                seen.setdefault(key, []).append(a.text().replace("&", ""))
    return {k: v for k, v in seen.items() if len(v) > 1}
