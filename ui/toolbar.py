"""The main window's toolbar: the common commands of the menus, each with an icon (Lucide, ISC licence:
``resources/icons/toolbar/``, see ``resources/icons/LICENSE-icons.txt``).

The buttons are the menus' own QActions (one command, one shortcut, one enabled state); the toolbar
only gives each a short text and an icon, drawn in the theme's colour. The texts stand beside the icons
while they fit the window's width; in a narrower window (1024 px, a projector) only the icons show, and
every button's tooltip names its command and shortcut.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from labinovasi.i18n import _
from labinovasi.resources import resource_path
from ui import theme

ICON_SIZES = (16, 20, 24, 32, 40, 48)

# (the window's attribute holding the action, the icon's file, the short text on the button); None: a gap
Button = tuple[str, str, str] | None


def buttons() -> tuple[Button, ...]:
    return (
        ("act_new_lab", "folder-plus", _("Lab baru")),
        ("act_open_lab", "folder-open", _("Buka lab")),
        None,
        ("act_undo", "undo-2", _("Urungkan")),
        ("act_redo", "redo-2", _("Ulangi")),
        ("act_search", "search", _("Cari")),
        None,
        ("act_export_plan", "file-down", _("Rencana PDF")),
        ("act_export_filled", "printer", _("Cetak")),
        None,
        ("act_room", "users", _("Ruang peserta")),
        ("act_projector", "projector", _("Proyektor")),
        ("act_guide", "book-open", _("Panduan")),
    )


@cache
def _svg(name: str) -> str:
    return (resource_path("icons") / "toolbar" / f"{name}.svg").read_text(encoding="utf-8")


def svg_icon(name: str, colour: str) -> QIcon:
    """Icon ``name`` of ``resources/icons/toolbar`` with its lines in ``colour`` (the disabled look Qt
    derives from it)."""
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour).encode("utf-8")))
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def tooltip(action: QAction) -> str:
    """The command's name and its first shortcut as this platform writes it: "Buka lab (Ctrl+O)"."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…")
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({key})" if key else text


class MainToolBar(QToolBar):
    """The toolbar of ``window``, built from its actions named in :func:`buttons`."""

    def __init__(self, window: QMainWindow, items: Sequence[Button] | None = None):
        super().__init__(_("Bilah alat"), window)
        self.setObjectName("main_toolbar")  # saveState/restoreState know it by this name
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(20, 20))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.window_ = window
        self.icons: dict[QAction, str] = {}
        self._full_width: int | None = None
        for item in buttons() if items is None else items:
            if item is None:
                self.addSeparator()
                continue
            attr, icon, short = item
            action: QAction = getattr(window, attr)
            action.setIconText(short)
            action.setToolTip(tooltip(action))
            action.changed.connect(lambda a=action: self._retip(a))
            self.icons[action] = icon
            self.addAction(action)
            self.widgetForAction(action).setAccessibleName(short)
        self._paint_icons()
        window.installEventFilter(self)

    def _retip(self, action: QAction) -> None:
        tip = tooltip(action)
        if action.toolTip() != tip:
            action.setToolTip(tip)  # emits changed again, with nothing left to do

    def _paint_icons(self) -> None:
        colour = theme.value("accent_dark")
        for action, name in self.icons.items():
            action.setIcon(svg_icon(name, colour))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:  # a theme switch: the icons follow its colours
            self._paint_icons()
        elif event.type() == QEvent.Type.FontChange:  # the large theme's type: measure again
            self._full_width = None
        super().changeEvent(event)

    def full_width(self) -> int:
        """The width the buttons need with their texts beside the icons (measured once, again after a
        change of type)."""
        if self._full_width is None:
            style = self.toolButtonStyle()
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            lay = self.layout()
            margins = self.contentsMargins()
            total = (
                margins.left()
                + margins.right()
                + lay.contentsMargins().left()
                + lay.contentsMargins().right()
            )
            for action in self.actions():
                w: QWidget | None = self.widgetForAction(action)
                if w is not None:
                    total += w.sizeHint().width() + lay.spacing()
            self.setToolButtonStyle(style)
            self._full_width = total
        return self._full_width

    def fit(self, width: int) -> None:
        """Texts beside the icons when they fit in ``width``, else the icons alone."""
        wide = self.full_width() <= width
        self.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon if wide else Qt.ToolButtonStyle.ToolButtonIconOnly
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window_ and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit(self.window_.width())
        return super().eventFilter(watched, event)
