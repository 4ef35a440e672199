"""Opening a lab file for a window: the claim on the file (one window per file), the careful opening
(``labinovasi.db.engine.open_database``), and the questions an empty or damaged file asks. Used when the
app starts and by *Berkas → Buka berkas lab…* / *Buka lab terakhir*."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox

from labinovasi.db.engine import (
    CorruptDatabaseFile,
    Database,
    DatabaseOpenError,
    EmptyDatabaseFile,
    open_database,
)
from labinovasi.i18n import _

# what a lab file is called: the app's own default is .sqlite3; .db is what others name SQLite files
LAB_FILE_PATTERNS = "*.sqlite3 *.sqlite *.db"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve().as_posix()}"


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


def open_locked(db_url: str, create_in_empty: bool = False) -> tuple[Database, QLockFile | None]:
    """Claim the file, then open it with every check; the claim is let go when the opening fails."""
    lock = lock_database(db_url)
    try:
        return open_database(db_url, create_in_empty=create_in_empty), lock
    except BaseException:
        if lock is not None:
            lock.unlock()
        raise


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
