"""Starting the window: QApplication, the database, the lab to show.

Only what the first screen draws is imported here; Alembic (a migration), ReportLab (a PDF), openpyxl
(a spreadsheet), the demo lab and the editors of the stages not shown load on first use
(``tests/ui/test_startup_imports.py`` keeps it so)."""

from __future__ import annotations

import argparse
import sys
import uuid

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
from labinovasi.db.engine import (
    CorruptDatabaseFile,
    Database,
    DatabaseOpenError,
    EmptyDatabaseFile,
    open_database,
)
from labinovasi.i18n import _
from labinovasi.services import labs as svc
from labinovasi.services.records import NotFoundError
from labinovasi.settings import Settings, load_settings, window_state_path

# isort: split
from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import theme
from ui.main_window import MainWindow


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


def lock_database(db_url: str) -> QLockFile | None:
    """Claim a SQLite lab file for this window (a ``.terkunci`` file beside it, released on exit or when
    its process is gone). A second window on the same file is refused plainly instead of both writing
    over each other. None where no claim can be made (a server, read-only media)."""
    from labinovasi.db.backups import BackupError, database_file  # noqa: PLC0415

    try:
        file = database_file(db_url)
    except BackupError:
        return None
    lock = QLockFile(str(file) + ".terkunci")
    lock.setStaleLockTime(0)  # held as long as its process lives, however long the lab stays open
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()  # PySide6: (pid, host, application)
        pid, host = (info[-3], info[-2]) if isinstance(info, tuple) and len(info) >= 3 else (0, "")
        who = _(" (proses {pid} di komputer {host})").format(pid=pid, host=host) if pid else ""
        raise DatabaseOpenError(
            _(
                "Berkas lab {name} sedang dibuka di jendela Lab Inovasi lain{who}. Tutup jendela itu dulu; dua "
                "jendela pada satu berkas akan saling menimpa isian."
            ).format(name=file.name, who=who)
        )
    return None  # no permission to write beside it: nothing to claim


def create_window(args: argparse.Namespace) -> MainWindow:
    state = window_settings()  # first: the window may read QSettings as it is built
    lock = lock_database(args.db_url)
    try:
        db = open_database(args.db_url, create_in_empty=getattr(args, "create_in_empty", False))
        settings = load_settings()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(
                app, settings.theme
            )  # before the window is built, so every widget starts in the theme
        lab_id = choose_lab(db, settings, args.db_url, args)
        window = MainWindow(db, args.db_url, settings, lab_id)
    except BaseException:
        if lock is not None:
            lock.unlock()  # the claim goes with the failed attempt (a retry claims again)
        raise
    window.database_lock = lock  # kept while the window lives, released when it closes
    geometry = state.value("window/geometry")
    window.restored_geometry = bool(geometry is not None and window.restoreGeometry(geometry))
    return window


def ask_to_recover(exc: DatabaseOpenError, args: argparse.Namespace) -> bool:
    """An empty file: ask before making a new lab in it. A damaged one with a backup: offer the newest
    backup (the damaged file is kept in the backup folder). True when the file may be opened again."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    if isinstance(exc, EmptyDatabaseFile) and not getattr(args, "create_in_empty", False):
        answer = QMessageBox.question(
            None, _("Lab Inovasi"), str(exc) + "\n\n" + _("Buat lab baru di berkas ini?"), yes | no, no
        )
        args.create_in_empty = answer == yes
        return args.create_in_empty
    if isinstance(exc, CorruptDatabaseFile) and exc.backup is not None:
        from labinovasi.db import backups  # noqa: PLC0415

        question = (
            str(exc)
            + "\n\n"
            + _("Pulihkan dari cadangan terbaru? Berkas yang rusak disimpan dulu di folder cadangan.")
        )
        if QMessageBox.question(None, _("Lab Inovasi"), question, yes | no, yes) != yes:
            return False
        try:
            backups.restore(backups.database_file(args.db_url), exc.backup)
        except backups.BackupError as failed:
            QMessageBox.critical(None, _("Lab Inovasi"), str(failed))
            return False
        return True
    return False


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Lab Inovasi")
    app.setOrganizationName("labinovasi")
    window = None
    while window is None:
        try:
            window = create_window(args)
        except DatabaseOpenError as exc:
            if not ask_to_recover(exc, args):
                QMessageBox.critical(None, _("Lab Inovasi"), str(exc))
                print(f"labinovasi: {exc}", file=sys.stderr)
                return 1
    if window._start_maximized and not window.restored_geometry:
        window.showMaximized()  # a 1366×768 laptop or a projector: use the whole screen
    else:
        window.show()
    code = app.exec()
    window_settings().setValue("window/geometry", window.saveGeometry())
    window.db.close()
    return code
