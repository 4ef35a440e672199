"""Backups in the window: taken on opening and every 15 minutes while edits come in (off the UI thread),
and *Berkas → Cadangan dan pemulihan…*: the list with time, reason, size and what each held, a backup
now, and a restore (the current state is backed up first). The work is :mod:`labinovasi.db.backups`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labinovasi import paths
from labinovasi.db import backups
from labinovasi.db.engine import Database
from labinovasi.i18n import _
from ui.errors import report_error
from ui.tasks import TaskRunner


def size_text(n: int) -> str:
    return (
        _("{n} MB").format(n=f"{n / 1024 / 1024:.1f}".replace(".", ","))
        if n >= 1024 * 1024
        else _("{n} KB").format(n=max(1, round(n / 1024)))
    )


class BackupKeeper(QObject):
    """Backs the open database up when the window opens it and, while edits come in, every
    :data:`labinovasi.db.backups.EDIT_INTERVAL`; each backup runs as a background task."""

    def __init__(self, db: Database, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.edited = False
        self.last: Path | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(int(backups.EDIT_INTERVAL.total_seconds() * 1000))
        self.timer.timeout.connect(self.tick)

    @property
    def available(self) -> bool:
        # a read-only file cannot change while it is open, and cannot be restored into
        return self.db.file is not None and not self.db.read_only

    def start(self) -> None:
        if self.available:
            self.backup("buka")
            self.timer.start()

    def note_edit(self, *_args: Any) -> None:
        self.edited = True

    def tick(self) -> None:
        """Every 15 minutes: a backup if something was stored since the last one."""
        if self.edited:
            self.edited = False
            self.backup("berkala")

    def backup(self, reason: str, on_done: Callable[[Path | None], None] | None = None) -> None:
        db = self.db

        def done(path: Path | None) -> None:
            self.last = path
            if on_done is not None:
                on_done(path)

        # a failed routine backup is logged and shown once (the task runner's error path)
        self.tasks.start(lambda _progress, _cancelled: db.take_backup(reason), done)


class BackupDialog(QDialog):
    """The backups of the open database, newest first, with a backup now and a restore."""

    def __init__(
        self,
        db: Database,
        keeper: BackupKeeper,
        restore: Callable[[Path], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.keeper = keeper
        self.restore_into_window = restore
        self.setWindowTitle(_("Cadangan dan pemulihan"))
        self.resize(860, 460)
        file = db.file
        intro = QLabel(
            _(
                "Lab Inovasi membuat cadangan saat lab dibuka, setiap 15 menit selama ada perubahan, dan "
                "sebelum impor, pembaruan basis data, serta pemulihan. Yang disimpan: 10 terbaru, satu per "
                "hari selama 14 hari, dan satu per bulan selama setahun.\nFolder cadangan: {folder}"
            ).format(folder=paths.backup_dir())
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Waktu"), _("Alasan"), _("Ukuran"), _("Isi")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.backup_button = QPushButton(_("Buat cadangan sekarang"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(_("Pulihkan yang dipilih…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(_("Pulihkan dari berkas lain…"))
        self.restore_file_button.clicked.connect(self.restore_from_file)
        folder_button = QPushButton(_("Buka folder cadangan"))
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.backup_dir())))
        )
        row = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.restore_file_button, folder_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(close)
        self.file = file
        self.backups: list[backups.Backup] = []
        if file is None:
            self.empty.setText(
                _("Basis data ini ada di server; cadangkan dengan alat server itu (misalnya pg_dump).")
            )
            for b in (self.backup_button, self.restore_button, self.restore_file_button):
                b.setEnabled(False)
        self.reload()

    def reload(self) -> None:
        self.backups = backups.list_backups(self.file.resolve()) if self.file is not None else []
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            contents = b.contents()
            cells = [
                b.taken.strftime("%d-%m-%Y %H.%M.%S"),
                b.reason_label,
                size_text(b.size),
                contents.describe() if contents is not None else _("tidak terbaca"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path) if c == 0 else text)
                self.table.setItem(r, c, item)
        if self.file is not None:
            self.empty.setText("" if self.backups else _("Belum ada cadangan basis data ini."))
        self.empty.setVisible(bool(self.empty.text()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.file is not None and self.selected() is not None)

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)

        def done(_path: Path | None) -> None:
            self.backup_button.setEnabled(True)
            self.reload()
            if self.backups:
                self.table.selectRow(0)

        self.keeper.backup("manual", done)

    def restore_selected(self) -> bool:
        chosen = self.selected()
        return chosen is not None and self._restore(chosen.path, chosen.taken, chosen.contents())

    def restore_from_file(self) -> bool:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Pulihkan dari berkas cadangan"),
            str(paths.backup_dir()),
            _("Basis data Lab Inovasi (*.sqlite3 *.db);;Semua berkas (*)"),
        )
        if not name:
            return False
        path = Path(name)
        try:
            contents = backups.check_backup(path)
        except backups.BackupError as exc:
            QMessageBox.warning(self, _("Cadangan dan pemulihan"), str(exc))
            return False
        taken = dt.datetime.fromtimestamp(path.stat().st_mtime)
        return self._restore(path, taken, contents)

    def _restore(self, path: Path, taken: dt.datetime, contents: backups.Contents | None) -> bool:
        held = contents.describe() if contents is not None else _("isinya tidak terbaca")
        answer = QMessageBox.question(
            self,
            _("Pulihkan cadangan?"),
            _(
                "Basis data akan kembali seperti pada {when}:\n{held}\n\nPerubahan sesudah itu tidak ikut, tetapi "
                "keadaan sekarang dicadangkan dulu sehingga dapat dipulihkan lagi."
            ).format(when=taken.strftime("%d-%m-%Y %H.%M"), held=held),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            done = self.restore_into_window(path)
        except backups.BackupError as exc:
            report_error(self, exc, action=_("Pemulihan gagal."))
            return False
        self.reload()
        return done
