"""Starting the window: QApplication, the database, the lab to show."""

from __future__ import annotations

import argparse
import sys
import uuid

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from labinovasi.db.engine import Database, DatabaseOpenError, open_database
from labinovasi.i18n import _
from labinovasi.services import labs as svc
from labinovasi.services.demo import find_or_create_demo_lab
from labinovasi.services.records import NotFoundError
from labinovasi.settings import Settings, load_settings
from ui import theme
from ui.main_window import MainWindow


def choose_lab(db: Database, settings: Settings, db_url: str, args: argparse.Namespace) -> uuid.UUID | None:
    if getattr(args, "demo", False):
        return find_or_create_demo_lab(db).id
    wanted = getattr(args, "lab", None) or settings.lab_for(db_url)
    if wanted:
        try:
            return svc.get_lab(db, wanted).id
        except NotFoundError:
            pass
    labs = svc.list_labs(db)
    return labs[-1].id if labs else None


def create_window(args: argparse.Namespace) -> MainWindow:
    db = open_database(args.db_url)
    settings = load_settings()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme.apply(app, settings.theme)  # before the window is built, so every widget starts in the theme
    lab_id = choose_lab(db, settings, args.db_url, args)
    window = MainWindow(db, args.db_url, settings, lab_id)
    geometry = QSettings("labinovasi", "labinovasi").value("window/geometry")
    window.restored_geometry = bool(geometry is not None and window.restoreGeometry(geometry))
    return window


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Lab Inovasi")
    app.setOrganizationName("labinovasi")
    try:
        window = create_window(args)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, _("Lab Inovasi"), str(exc))
        print(f"labinovasi: {exc}", file=sys.stderr)
        return 1
    if window._start_maximized and not window.restored_geometry:
        window.showMaximized()  # a 1366×768 laptop or a projector: use the whole screen
    else:
        window.show()
    code = app.exec()
    QSettings("labinovasi", "labinovasi").setValue("window/geometry", window.saveGeometry())
    window.db.close()
    return code
