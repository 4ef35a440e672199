"""Starting the window: QApplication, the database, the lab to show.

Only what the first screen draws is imported here; Alembic (a migration), ReportLab (a PDF), openpyxl
(a spreadsheet), the demo lab and the editors of the stages not shown load on first use
(``tests/ui/test_startup_imports.py`` keeps it so)."""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import TYPE_CHECKING

# The Qt-free core the first screen uses is imported before PySide6: once PySide6 is loaded, its import
# hook reads the source of every module imported after it (shibokensupport.feature looks for
# "PySide6" in it), which made SQLAlchemy and pydantic a third slower to import.
import labinovasi.ops.sessions  # noqa: F401
import labinovasi.ops.spine  # noqa: F401
import labinovasi.ops.worksheets  # noqa: F401
import labinovasi.reports.common  # noqa: F401
import labinovasi.services.curation  # noqa: F401
import labinovasi.services.idea_board  # noqa: F401
import labinovasi.services.lab_settings  # noqa: F401
import labinovasi.services.readiness  # noqa: F401
import labinovasi.services.sessions  # noqa: F401
import labinovasi.services.worksheets  # noqa: F401
from labinovasi import paths
from labinovasi.db.engine import Database, DatabaseOpenError
from labinovasi.i18n import _
from labinovasi.services import labs as svc
from labinovasi.services.records import NotFoundError
from labinovasi.settings import Settings, load_settings, window_state_path

# isort: split
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import theme
from ui.lab_files import ask_to_recover, lock_database, open_locked
from ui.main_window import MainWindow
from ui.startup import application, resume_gc

if TYPE_CHECKING:
    from ui.splash import Splash

__all__ = ["ask_to_recover", "create_window", "lock_database", "run", "window_settings"]


def choose_lab(db: Database, settings: Settings, db_url: str, args: argparse.Namespace) -> uuid.UUID | None:
    if getattr(args, "demo", False):
        from labinovasi.ops.demo import find_or_create_demo_lab  # noqa: PLC0415 - only with --demo

        return find_or_create_demo_lab(db).id
    wanted = getattr(args, "lab", None) or settings.lab_for(db_url)
    if wanted:
        try:
            return svc.get_lab(db, wanted).id
        except NotFoundError:
            pass
    labs = svc.list_labs(db)
    return labs[-1].id if labs else None


def window_settings() -> QSettings:
    """The window's geometry: an INI file in the config folder, so LABINOVASI_HOME (a USB stick) covers it.
    Whatever else Qt keeps in QSettings (the file dialog's last folder …) goes to that folder too."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(paths.config_dir()))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return QSettings(str(window_state_path()), QSettings.Format.IniFormat)


def create_window(args: argparse.Namespace) -> MainWindow:
    try:
        return _create_window(args)
    finally:
        resume_gc()  # held off since the launcher imported the window (ui.startup)


def _create_window(args: argparse.Namespace) -> MainWindow:
    state = window_settings()  # first: the window may read QSettings as it is built
    db, lock = open_locked(args.db_url, create_in_empty=getattr(args, "create_in_empty", False))
    try:
        settings = load_settings()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(
                app, settings.theme
            )  # before the window is built, so every widget starts in the theme
        lab_id = choose_lab(db, settings, args.db_url, args)
        window = MainWindow(db, args.db_url, settings, lab_id)
    except BaseException:
        db.close()
        if lock is not None:
            lock.unlock()  # the claim goes with the failed attempt (a retry claims again)
        raise
    window.database_lock = lock  # kept while the window lives, released when it closes
    geometry = state.value("window/geometry")
    window.restored_geometry = bool(geometry is not None and window.restoreGeometry(geometry))
    return window


def run(args: argparse.Namespace, splash: Splash | None = None) -> int:
    """The window until it closes; ``splash`` (ui.startup) closes when the window shows or a question
    about the lab file is asked."""
    app = application()
    window = None
    while window is None:
        try:
            window = create_window(args)
        except DatabaseOpenError as exc:
            if splash is not None:
                splash.close()
                splash = None
            if not ask_to_recover(exc, args):
                QMessageBox.critical(None, _("Lab Inovasi"), str(exc))
                print(f"labinovasi: {exc}", file=sys.stderr)
                return 1
    if window._start_maximized and not window.restored_geometry:
        window.showMaximized()  # a 1366×768 laptop or a projector: use the whole screen
    else:
        window.show()
    if splash is not None:
        splash.close()  # the window is up
    code = app.exec()
    while window.successor is not None:  # Berkas → Buka berkas lab… put another window in its place
        window = window.successor
    window_settings().setValue("window/geometry", window.saveGeometry())
    window.db.close()
    return code
