"""Ruang → Buka ruang peserta: where the facilitator opens the room, shows its address, prints the unit
codes, sees the connected phones, locks a unit or a worksheet, and runs a dot vote.

A window beside the main one (not modal): the facilitator keeps working while the room is open.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain.enums import IdeaStatus
from labinovasi.i18n import _
from labinovasi.paths import write_atomically
from labinovasi.room.codes import code_sheet, ensure_codes, renew_code
from labinovasi.room.server import ALL, DEFAULT_PORT, RoomError, local_address
from labinovasi.room.web import SHEETS, store_vote
from labinovasi.services.labs import list_ideas, list_units
from ui import theme
from ui.qr import qr_pixmap
from ui.room import RoomController

LOCKABLE = (
    ("LK-2f", _("Kartu ide (LK-2f)")),
    ("LK-3", _("Kanvas (LK-3)")),
    ("LK-2b", _("Masalah dan USG (LK-2b)")),
)


class RoomDialog(QDialog):
    """The room's control window for one lab."""

    joinChanged = Signal(object)  # the join address (str) or None when the room closed
    voteResults = Signal(str, object)  # title, [(label, dots)] when a vote closes

    def __init__(self, controller: RoomController, lab_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller, self.lab_id = controller, lab_id
        self.db = controller.db
        self.setWindowTitle(_("Ruang peserta"))
        self.setModal(False)
        self.resize(900, 640)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_room(), _("Ruang"))
        self.tabs.addTab(self._build_devices(), _("Perangkat dan kunci"))
        self.tabs.addTab(self._build_vote(), _("Voting"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        close = QPushButton(_("Sembunyikan"), self)
        close.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self._soon = QTimer(self)  # a burst of saves from the phones refreshes once
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.refresh)
        controller.changed.connect(self._soon.start)
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self.refresh_devices)
        self.timer.start()
        self.refresh()

    # --- the room tab -----------------------------------------------------------------------------------
    def _build_room(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        setup = QGroupBox(_("Alamat ruang"), page)
        form = QFormLayout(setup)
        self.host = QComboBox(setup)
        wifi = local_address()
        if wifi != "127.0.0.1":
            self.host.addItem(_("Wi-Fi laptop ini ({address})").format(address=wifi), wifi)
        self.host.addItem(_("Semua antarmuka lokal (0.0.0.0)"), ALL)
        self.host.addItem(_("Hanya laptop ini, untuk mencoba (127.0.0.1)"), "127.0.0.1")
        self.port = QSpinBox(setup)
        self.port.setRange(1023, 65535)
        self.port.setSpecialValueText(_("otomatis (port yang kosong)"))  # 1023: any free port
        self.port.setValue(DEFAULT_PORT)
        form.addRow(_("Dengarkan di"), self.host)
        form.addRow(_("Port"), self.port)
        self.open_button = QPushButton(_("Buka ruang"), setup)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.toggle)
        form.addRow("", self.open_button)
        lay.addWidget(setup)

        shown = QHBoxLayout()
        self.qr = QLabel(page)
        self.qr.setFixedSize(260, 260)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown.addWidget(self.qr)
        right = QVBoxLayout()
        self.status = QLabel(page)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url = QLabel(page)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.url.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.url.setFont(font)
        self.counts = QLabel(page)
        self.print_codes = QPushButton(_("Simpan lembar kode unit (PDF)…"), page)
        self.print_codes.clicked.connect(self.save_code_sheet)
        hint = QLabel(
            _(
                "Peserta menyambung ke Wi-Fi yang sama (hotspot ponsel atau router saku), lalu memindai QR "
                "atau mengetik alamat ini di peramban. Ruang hanya terbuka selama jendela ini mengizinkannya; "
                "menutup ruang atau aplikasi mengakhiri semua sesi peserta."
            ),
            page,
        )
        hint.setWordWrap(True)
        theme.style(hint, lambda: theme.css_text("muted"))
        for w in (self.status, self.url, self.counts, self.print_codes, hint):
            right.addWidget(w)
        right.addStretch(1)
        shown.addLayout(right, 1)
        lay.addLayout(shown, 1)
        return page

    def toggle(self) -> None:
        if self.controller.is_open:
            self.controller.close()
            self.refresh()
            return
        try:
            port = self.port.value() if self.port.value() != self.port.minimum() else 0
            server = self.controller.open(self.lab_id, str(self.host.currentData()), port)
        except RoomError as exc:
            QMessageBox.warning(self, _("Ruang peserta"), str(exc))
            return
        ensure_codes(self.db, self.lab_id, self.controller.writer.direct, "ruang")
        self.refresh()
        self.joinChanged.emit(server.url)

    def save_code_sheet(self) -> None:
        server = self.controller.server
        if server is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Simpan lembar kode unit"),
            str(Path.home() / "Kode_Ruang_Peserta.pdf"),
            _("Berkas PDF (*.pdf)"),
        )
        if not name:
            return
        try:
            pdf = code_sheet(self.db, self.lab_id, server.url, self.controller.writer.direct, "ruang")
            write_atomically(name, pdf)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Ruang peserta"),
                _("Tidak dapat menulis {path}: {err}").format(path=name, err=exc.strerror),
            )
            return
        self.status.setText(_("Lembar kode unit disimpan: {path}").format(path=name))

    # --- the devices tab --------------------------------------------------------------------------------
    def _build_devices(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.devices = QTableWidget(0, 4, page)
        self.devices.setHorizontalHeaderLabels([_("Unit"), _("Nama"), _("Terakhir terlihat"), _("Simpanan")])
        self.devices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.devices.verticalHeader().setVisible(False)
        lay.addWidget(QLabel(_("Ponsel yang tersambung (terlihat dalam 2 menit terakhir)"), page))
        lay.addWidget(self.devices, 2)
        sheets = QGroupBox(_("Kunci lembar kerja untuk semua unit"), page)
        srow = QHBoxLayout(sheets)
        self.sheet_locks: dict[str, QCheckBox] = {}
        for code, label in LOCKABLE:
            box = QCheckBox(label, sheets)
            box.toggled.connect(lambda on, code=code: self._lock_sheet(code, on))
            srow.addWidget(box)
            self.sheet_locks[code] = box
        srow.addStretch(1)
        lay.addWidget(sheets)
        self.units = QTableWidget(0, 3, page)
        self.units.setHorizontalHeaderLabels([_("Unit"), _("Kode"), _("Dikunci")])
        self.units.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.verticalHeader().setVisible(False)
        self.units.itemChanged.connect(self._unit_lock_changed)
        lay.addWidget(QLabel(_("Unit: kode dan kunci (centang untuk mengunci isian unit itu)"), page))
        lay.addWidget(self.units, 3)
        self.renew = QPushButton(_("Buat kode baru untuk unit terpilih"), page)
        self.renew.clicked.connect(self.renew_selected)
        lay.addWidget(self.renew, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _lock_sheet(self, code: str, on: bool) -> None:
        if self.controller.state is not None:
            self.controller.state.set_sheet_locked(code, on)

    def _unit_lock_changed(self, item: QTableWidgetItem) -> None:
        state = self.controller.state
        unit = item.data(Qt.ItemDataRole.UserRole)
        if state is None or item.column() != 2 or unit is None:
            return
        state.set_unit_locked(unit, item.checkState() == Qt.CheckState.Checked)

    def renew_selected(self) -> None:
        row = self.units.currentRow()
        item = self.units.item(row, 0) if row >= 0 else None
        if item is None:
            return
        unit = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self,
            _("Kode baru"),
            _(
                "Buat kode baru untuk {unit}? Kode lama tidak berlaku lagi dan ponsel unit itu harus masuk ulang."
            ).format(unit=item.text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        renew_code(self.db, self.lab_id, unit, self.controller.writer.direct, "ruang")
        if self.controller.state is not None:
            self.controller.state.end_unit_sessions(unit)
        self.refresh_units()

    def refresh_units(self) -> None:
        state = self.controller.state
        codes = ensure_codes(self.db, self.lab_id, self.controller.writer.direct, "ruang") if state else {}
        self.units.blockSignals(True)
        units = list_units(self.db, self.lab_id)
        self.units.setRowCount(len(units))
        for i, u in enumerate(units):
            name = QTableWidgetItem(u.name)
            name.setData(Qt.ItemDataRole.UserRole, u.id)
            code = codes.get(u.id, "")
            self.units.setItem(i, 0, name)
            self.units.setItem(i, 1, QTableWidgetItem(f"{code[:3]} {code[3:]}" if code else "–"))
            lock = QTableWidgetItem()
            lock.setData(Qt.ItemDataRole.UserRole, u.id)
            lock.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            locked = state is not None and u.id in state.locked_units
            lock.setCheckState(Qt.CheckState.Checked if locked else Qt.CheckState.Unchecked)
            self.units.setItem(i, 2, lock)
        self.units.blockSignals(False)

    def refresh_devices(self) -> None:
        state = self.controller.state
        devices = state.connected() if state else []
        names = {u.id: u.name for u in list_units(self.db, self.lab_id)} if devices else {}
        now = time.monotonic()
        self.devices.setRowCount(len(devices))
        for i, d in enumerate(devices):
            ago = max(0, int(now - d.last_seen))
            seen = _("baru saja") if ago < 10 else _("{n} detik lalu").format(n=ago)
            for col, value in enumerate((names.get(d.unit_id, "?"), d.name, seen, str(d.saves))):
                self.devices.setItem(i, col, QTableWidgetItem(value))
        if state is not None:
            self.counts.setText(
                _("{p} ponsel tersambung, {c} kanvas diperbarui").format(
                    p=len(devices), c=len(state.canvases)
                )
            )
        else:
            self.counts.setText("")

    # --- the vote tab -----------------------------------------------------------------------------------
    def _build_vote(self) -> QWidget:
        page = QWidget(self)
        lay = QGridLayout(page)
        self.vote_title = QLineEdit(_("Ide mana yang paling siap dilanjutkan?"), page)
        self.vote_dots = QSpinBox(page)
        self.vote_dots.setRange(1, 10)
        self.vote_dots.setValue(3)
        self.vote_named = QCheckBox(_("Catat nama pemilih"), page)
        self.vote_ideas = QListWidget(page)
        self.vote_button = QPushButton(_("Buka voting"), page)
        self.vote_button.clicked.connect(self.toggle_vote)
        self.vote_state = QLabel(page)
        self.vote_state.setWordWrap(True)
        self.results = QListWidget(page)
        lay.addWidget(QLabel(_("Pertanyaan"), page), 0, 0)
        lay.addWidget(self.vote_title, 0, 1)
        lay.addWidget(QLabel(_("Titik per orang"), page), 1, 0)
        lay.addWidget(self.vote_dots, 1, 1, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.vote_named, 2, 1)
        lay.addWidget(QLabel(_("Ide yang dipilih"), page), 3, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.vote_ideas, 3, 1)
        picks = QHBoxLayout()
        for text, on in ((_("Centang semua"), True), (_("Kosongkan"), False)):
            b = QPushButton(text, page)
            b.clicked.connect(lambda _c=False, on=on: self._check_all(on))
            picks.addWidget(b)
        picks.addStretch(1)
        picks.addWidget(self.vote_button)
        lay.addLayout(picks, 4, 1)
        lay.addWidget(self.vote_state, 5, 1)
        lay.addWidget(QLabel(_("Hasil"), page), 6, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.results, 6, 1)
        return page

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.vote_ideas.count()):
            self.vote_ideas.item(i).setCheckState(state)

    def refresh_vote_ideas(self) -> None:
        checked = {
            self.vote_ideas.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.vote_ideas.count())
            if self.vote_ideas.item(i).checkState() == Qt.CheckState.Checked
        }
        self.vote_ideas.clear()
        for unit in list_units(self.db, self.lab_id):
            for idea in list_ideas(self.db, unit.id):
                if idea.status in (IdeaStatus.DIGABUNG,) or not idea.title:
                    continue
                item = QListWidgetItem(f"{idea.title} — {unit.name}", self.vote_ideas)
                item.setData(Qt.ItemDataRole.UserRole, idea.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                default = idea.status is IdeaStatus.LANJUT if not checked else idea.id in checked
                item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)

    def toggle_vote(self) -> None:
        state = self.controller.state
        if state is None:
            QMessageBox.information(self, _("Voting"), _("Buka ruang peserta dulu."))
            return
        if state.vote is not None and state.vote.open:
            self.close_vote()
            return
        ideas = [
            (self.vote_ideas.item(i).data(Qt.ItemDataRole.UserRole), self.vote_ideas.item(i).text())
            for i in range(self.vote_ideas.count())
            if self.vote_ideas.item(i).checkState() == Qt.CheckState.Checked
        ]
        if len(ideas) < 2:
            QMessageBox.information(self, _("Voting"), _("Centang setidaknya dua ide untuk dipilih."))
            return
        title = " ".join(self.vote_title.text().split()) or _("Voting ide")
        state.open_vote(title, ideas, self.vote_dots.value(), self.vote_named.isChecked())
        self.results.clear()
        self.refresh_vote_state()

    def close_vote(self) -> None:
        state = self.controller.state
        vote = state.close_vote() if state else None
        if vote is None:
            return
        try:
            store_vote(self.db, self.lab_id, vote, self.controller.writer.direct, "ruang")
        except Exception as exc:  # noqa: BLE001 - the result is still shown; saying why it was not kept
            QMessageBox.warning(self, _("Voting"), _("Hasil voting tidak dapat disimpan: {e}").format(e=exc))
        rows = [(label, n) for _idea, label, n in vote.totals()]
        self.results.clear()
        most = max((n for _l, n in rows), default=0) or 1
        for label, n in rows:
            QListWidgetItem(f"{'█' * round(20 * n / most):<20}  {n:>3}  {label}", self.results)
        self.voteResults.emit(vote.title, rows)
        self.refresh_vote_state()

    def refresh_vote_state(self) -> None:
        state = self.controller.state
        vote = state.vote if state else None
        if vote is not None and vote.open:
            self.vote_button.setText(_("Tutup voting dan tampilkan hasil"))
            self.vote_state.setText(
                _(
                    "Voting dibuka: {n} ponsel sudah memilih. Hasil disembunyikan sampai voting ditutup."
                ).format(n=len(vote.ballots))
            )
        else:
            self.vote_button.setText(_("Buka voting"))
            self.vote_state.setText(
                _("Voting ditutup; hasilnya disimpan bersama kurasi (LK-2g).") if vote is not None else ""
            )

    # --- everything -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        server = self.controller.server
        self.host.setEnabled(server is None)
        self.port.setEnabled(server is None)
        self.print_codes.setEnabled(server is not None)
        self.open_button.setText(_("Tutup ruang") if server else _("Buka ruang"))
        if server is None:
            self.qr.clear()
            self.qr.setText(_("Ruang tertutup"))
            self.url.setText("")
            self.status.setText(_("Ruang peserta tertutup. Pilih alamat lalu tekan Buka ruang."))
            self.joinChanged.emit(None)
        else:
            self.qr.setPixmap(qr_pixmap(server.url, 256))
            self.url.setText(server.url)
            opened = dt.datetime.now().strftime("%H.%M")
            if not self.status.text().startswith(_("Lembar kode")):
                self.status.setText(_("Ruang peserta terbuka sejak {t}.").format(t=opened))
        for box in self.sheet_locks.values():
            box.setEnabled(server is not None)
        self.refresh_units()
        self.refresh_devices()
        if self.vote_ideas.count() == 0:
            self.refresh_vote_ideas()
        self.refresh_vote_state()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.hide()
        event.ignore()  # hiding keeps the room open; Ruang → Tutup ruang or the window's close ends it


__all__ = ["RoomDialog", "SHEETS"]
