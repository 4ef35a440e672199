"""Dialogs for the spine's records: lab, unit, participant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.i18n import _
from labinovasi.services.records import LabInfo, PersonInfo, UnitInfo
from ui import theme


class _RecordDialog(QDialog):
    """A form of line edits; OK is refused (with a message) while a required field is empty."""

    required: tuple[str, ...] = ()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error = QLabel("", self)
        theme.style(self.error, lambda: theme.css_text("error"))
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.edits: dict[str, QWidget] = {}

    def _line(self, key: str, label: str, value: str = "", max_len: int = 200) -> QLineEdit:
        w = QLineEdit(value, self)
        w.setMaxLength(max_len)
        self.form.addRow(label + (" *" if key in self.required else ""), w)
        self.edits[key] = w
        return w

    def _combo(self, key: str, label: str, choices: list[tuple[str, str]], value: str | None) -> QComboBox:
        w = QComboBox(self)
        for v, text in choices:
            w.addItem(text, v)
        if value is not None:
            i = w.findData(value)
            if i >= 0:
                w.setCurrentIndex(i)
        self.form.addRow(label, w)
        self.edits[key] = w
        return w

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.edits.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[key] = w.value() or None
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText().strip()
        return out

    def accept(self) -> None:
        values = self.values()
        missing = [k for k in self.required if not values.get(k)]
        if missing:
            self.error.setText(_("Isian bertanda * wajib diisi."))
            self.error.show()
            self.edits[missing[0]].setFocus()
            return
        super().accept()


class LabDialog(_RecordDialog):
    required = ("name",)

    def __init__(self, lab: LabInfo | None = None, parent: QWidget | None = None):
        super().__init__(_("Profil lab") if lab else _("Lab baru"), parent)
        self._line("name", _("Nama lab"), lab.name if lab else "").setPlaceholderText(
            _("contoh: Laboratorium Inovasi Kabupaten Wanasari 2026")
        )
        self._line("pemda", _("Pemerintah daerah"), lab.pemda if lab else "")
        self._line("province", _("Provinsi"), lab.province if lab else "", 100)
        year = QSpinBox(self)
        year.setRange(0, 2100)
        year.setSpecialValueText("—")
        year.setValue((lab.year or 0) if lab else dt.date.today().year)
        self.form.addRow(_("Tahun"), year)
        self.edits["year"] = year
        self._line("organizer", _("Unit penyelenggara"), lab.organizer if lab else "")
        self._line("city", _("Tempat penandatanganan"), lab.city if lab else "", 100)
        self._line("facilitator", _("Fasilitator"), lab.facilitator if lab else "")


class UnitDialog(_RecordDialog):
    required = ("name",)

    def __init__(self, unit: UnitInfo | None = None, parent: QWidget | None = None):
        super().__init__(_("Ubah unit") if unit else _("Tambah unit"), parent)
        self._line("name", _("Nama unit"), unit.name if unit else "")
        self._combo(
            "unit_type", _("Jenis unit"), UnitType.choices(), unit.unit_type.value if unit else "dinas"
        )
        self._line("head_name", _("Kepala unit"), unit.head_name if unit else "")
        self._line("head_nip", _("NIP kepala unit"), unit.head_nip if unit else "", 30)
        addr = QPlainTextEdit(unit.address if unit else "", self)
        addr.setTabChangesFocus(True)
        addr.setFixedHeight(60)
        self.form.addRow(_("Alamat"), addr)
        self.edits["address"] = addr


class PersonDialog(_RecordDialog):
    required = ("name",)

    def __init__(self, person: PersonInfo | None = None, parent: QWidget | None = None):
        super().__init__(_("Ubah peserta") if person else _("Tambah peserta"), parent)
        self._line("name", _("Nama"), person.name if person else "")
        self._combo("role", _("Peran"), PersonRole.choices(), person.role.value if person else "anggota")
        self._line("nip", _("NIP"), person.nip if person else "", 30)
        self._line("jabatan", _("Jabatan"), person.jabatan if person else "")
        self._line("phone", _("Telepon/WA"), person.phone if person else "", 40)
        self._line("email", _("Surel"), person.email if person else "")


def confirm(parent: QWidget, title: str, text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText(_("Hapus"))
    box.button(QMessageBox.StandardButton.No).setText(_("Batal"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
