"""Room on a small screen: the unit list and the stage guidance fold away, the window goes full screen,
and the worksheet editor zooms. Each choice is remembered in the window's QSettings (the INI file under
LABINOVASI_HOME, see :func:`ui.app.window_settings`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

from labinovasi.i18n import _
from labinovasi.settings import window_state_path
from ui import theme
from ui.stage_page import StagePage

UNITS_KEY = "panes/unit_list"
GUIDE_KEY = "panes/guidance"
ZOOM_KEY = "panes/editor_zoom"
TOOLBAR_KEY = "panes/toolbar"


def _settings() -> QSettings:
    return QSettings(str(window_state_path()), QSettings.Format.IniFormat)


def _flag(value: object, default: bool = True) -> bool:
    """A boolean read back from an INI file (where it comes back as the text "true"/"false")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "")
    return default if value is None else bool(value)


class WindowPanes(QObject):
    """The Tampilan menu's pane toggles, full screen and zoom for one main window."""

    def __init__(
        self,
        window: QMainWindow,
        unit_panel: QWidget,
        editor: StagePage,
        tabs: QTabWidget,
        lab_wide: Iterable[QWidget],
    ):
        super().__init__(window)
        self.window = window
        self.unit_panel, self.editor, self.tabs = unit_panel, editor, tabs
        self.lab_wide = set(lab_wide)  # tabs about the whole lab: the unit list has nothing to say there
        state = _settings()
        self.units_wanted = _flag(state.value(UNITS_KEY))
        self.guide_wanted = _flag(state.value(GUIDE_KEY))
        try:
            self.zoom = theme.clamp_zoom(float(state.value(ZOOM_KEY, 1.0)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.zoom = 1.0

        self.act_units = self._toggle(_("Daftar &unit"), "Ctrl+B", self.units_wanted, self.show_units)
        self.act_guide = self._toggle(_("Panduan ta&hap"), "Ctrl+Shift+B", self.guide_wanted, self.show_guide)
        self.act_full_screen = self._toggle(_("&Layar penuh"), "F11", False, self.set_full_screen)
        # Esc leaves full screen; only while it is on, so Esc keeps its meaning everywhere else
        self.act_leave_full_screen = self._action(
            _("Keluar dari layar penuh"), lambda: self.set_full_screen(False), ["Esc"]
        )
        self.act_leave_full_screen.setEnabled(False)
        window.addAction(self.act_leave_full_screen)
        self.act_zoom_in = self._action(
            _("Perbesar &isian"), lambda: self.set_zoom(self.zoom + theme.ZOOM_STEP), ["Ctrl+=", "Ctrl++"]
        )
        self.act_zoom_out = self._action(
            _("Perke&cil isian"), lambda: self.set_zoom(self.zoom - theme.ZOOM_STEP), ["Ctrl+-"]
        )
        self.act_zoom_reset = self._action(_("Ukuran isian &normal"), lambda: self.set_zoom(1.0), ["Ctrl+0"])
        for a in (self.act_units, self.act_guide, self.act_full_screen):
            window.addAction(a)
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            window.addAction(a)

        self.act_toolbar: QAction | None = None  # with add_toolbar
        tabs.currentChanged.connect(lambda _i: self._layout())
        window.installEventFilter(self)  # full screen however it came (F11, a restored geometry)
        editor.show_guide(self.guide_wanted)
        self.zoom = editor.set_zoom(self.zoom)
        self._layout()

    def _action(self, text: str, slot: Callable[[], None], keys: list[str]) -> QAction:
        a = QAction(text, self.window)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _toggle(self, text: str, key: str, checked: bool, slot: Callable[[bool], None]) -> QAction:
        a = QAction(text, self.window, checkable=True)
        a.setChecked(checked)
        if key:
            a.setShortcut(QKeySequence(key))
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.toggled.connect(slot)
        return a

    def add_toolbar(self, toolbar: QToolBar) -> None:
        """Show ``toolbar`` as last chosen, with its toggle among the panes'."""
        self.toolbar = toolbar
        wanted = _flag(_settings().value(TOOLBAR_KEY))
        self.act_toolbar = self._toggle(_("Bil&ah alat"), "", wanted, self.show_toolbar)
        toolbar.setVisible(wanted)

    def show_toolbar(self, on: bool) -> None:
        self.toolbar.setVisible(on)
        self._remember(TOOLBAR_KEY, on)

    def add_to(self, menu: QMenu) -> None:
        """The Tampilan menu's part: the panes, full screen, then the zoom."""
        menu.addSeparator()
        if self.act_toolbar is not None:
            menu.addAction(self.act_toolbar)
        menu.addActions([self.act_units, self.act_guide, self.act_full_screen])
        menu.addSeparator()
        menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])

    # --- the panes ---
    def _layout(self) -> None:
        """The unit list shows where it applies (the stage page, the team) and when the user wants it."""
        lab_wide = self.tabs.currentWidget() in self.lab_wide
        self.unit_panel.setVisible(self.units_wanted and not lab_wide)

    def show_units(self, on: bool) -> None:
        self.units_wanted = on
        self.act_units.setChecked(on)
        self._remember(UNITS_KEY, on)
        self._layout()

    def show_guide(self, on: bool) -> None:
        self.guide_wanted = on
        self.act_guide.setChecked(on)
        self._remember(GUIDE_KEY, on)
        self.editor.show_guide(on)

    def set_full_screen(self, on: bool) -> None:
        if on and not self.window.isFullScreen():
            self._before_full_screen = self.window.windowState()
            self.window.showFullScreen()
        elif not on and self.window.isFullScreen():
            before = getattr(self, "_before_full_screen", Qt.WindowState.WindowNoState)
            self.window.setWindowState(before & ~Qt.WindowState.WindowFullScreen)  # maximized stays so
        self.act_full_screen.setChecked(on)
        self.act_leave_full_screen.setEnabled(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            on = self.window.isFullScreen()
            self.act_full_screen.setChecked(on)  # toggled: set_full_screen(on), which has nothing to do
            self.act_leave_full_screen.setEnabled(on)
        return super().eventFilter(watched, event)

    # --- the zoom ---
    def set_zoom(self, zoom: float) -> float:
        self.zoom = self.editor.set_zoom(zoom)
        self._remember(ZOOM_KEY, self.zoom)
        self.window.statusBar().showMessage(
            _("Ukuran isian {percent} %").format(percent=round(self.zoom * 100)), 3000
        )
        return self.zoom

    @staticmethod
    def _remember(key: str, value: object) -> None:
        state = _settings()
        state.setValue(key, value)
        state.sync()
