"""What the screen shows while the window loads: a small card with the app's name and "Membuka lab…".

It needs Qt alone (no database, no PDF library), so it is up a few tenths of a second after the
launcher starts, while the lab's window is still being built (on a government laptop, with the
portable build and a virus scanner reading every file, that can take seconds). It closes the moment the
window shows, and before any question about the lab file is asked, so it never covers a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from labinovasi import __version__
from labinovasi.i18n import _
from labinovasi.resources import resource_path
from ui import theme

WIDTH, HEIGHT = 440, 200


def card(message: str) -> QPixmap:
    """The splash's picture: icon, name, what the app is for, and ``message`` along the bottom."""
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    pixmap = QPixmap(int(WIDTH * ratio), int(HEIGHT * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(theme.value("surface")))
    p = QPainter(pixmap)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(QRect(0, 0, WIDTH, 8), QColor(theme.value("accent")))
        p.setPen(QColor(theme.value("border")))
        p.drawRect(QRect(0, 0, WIDTH - 1, HEIGHT - 1))
        icon = QPixmap(str(resource_path("icons", "labinovasi.png")))
        if not icon.isNull():
            p.drawPixmap(QRect(28, 44, 72, 72), icon)
        title = QFont(p.font())
        title.setPointSizeF(title.pointSizeF() * 1.8)
        title.setBold(True)
        p.setFont(title)
        p.setPen(QColor(theme.value("ink")))
        p.drawText(QRect(120, 40, WIDTH - 140, 44), Qt.AlignmentFlag.AlignVCenter, _("Lab Inovasi"))
        body = QFont(p.font())
        body.setPointSizeF(title.pointSizeF() / 1.8)
        body.setBold(False)
        p.setFont(body)
        p.setPen(QColor(theme.value("muted")))
        p.drawText(
            QRect(120, 84, WIDTH - 140, 40),
            int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
            _("Laboratorium Inovasi 5D+1 · versi {version}").format(version=__version__),
        )
        p.setPen(QColor(theme.value("ink")))
        p.drawText(QRect(28, HEIGHT - 52, WIDTH - 56, 30), Qt.AlignmentFlag.AlignVCenter, message)
    finally:
        p.end()
    return pixmap


class Splash(QLabel):
    """A frameless card (Qt's QSplashScreen waits up to a second for the window system to report it
    drawn, which would delay the very window it announces)."""

    def __init__(self, message: str):
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setPixmap(card(message))
        self.setFixedSize(WIDTH, HEIGHT)
        self.setAccessibleName(_("Lab Inovasi sedang dibuka"))
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.hide()  # a click puts it away, as Qt's splash does
        event.accept()


def show_splash(app: QApplication) -> Splash:
    splash = Splash(_("Membuka lab…"))
    splash.show()
    app.processEvents()  # drawn now: the next tenths of a second go to loading the window
    return splash
