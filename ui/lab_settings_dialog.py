"""The lab's own options: when commitments are signed, how APKL and USG are scored, the curation
weights, the readiness questionnaire and the logo printed on the lab's documents.

Nothing is stored until "Simpan"; a refused value is explained in Indonesian and the dialog stays
open with everything as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.domain.scoring import rules
from labinovasi.i18n import _, format_number
from labinovasi.ops.errors import user_message
from labinovasi.ops.spine import settings_change
from labinovasi.reports.common import logo_problem
from labinovasi.services.lab_settings import (
    COMMITMENT_MOMENTS,
    MAX_READINESS_ITEMS,
    LabSettings,
    ReadinessItem,
    commitment_moment_label,
    default_readiness_items,
    get_lab_settings,
)
from labinovasi.services.records import NotFoundError
from labinovasi.worksheets.validation import new_row_id
from ui import theme
from ui.ops import OpRunner
from ui.undo import UndoStack

Index = QModelIndex | QPersistentModelIndex
STATEMENT_MAX = 500


def dimension_choices(items: tuple[ReadinessItem, ...] = ()) -> list[tuple[str, str]]:
    """(key, label) of the readiness dimensions: those of the scoring rules, then any other a lab used."""
    choices = [(d.key, _(d.label)) for d in rules().readiness_dimensions]
    known = {k for k, _label in choices}
    for item in items:
        if item.dimension not in known:
            choices.append((item.dimension, item.dimension))
            known.add(item.dimension)
    return choices


class ReadinessItemsModel(QAbstractTableModel):
    """The questionnaire's items: Dimensi | Pernyataan. Each keeps its stable id (LK-2a answers refer to it)."""

    DIMENSION, STATEMENT = range(2)

    def __init__(self, items: tuple[ReadinessItem, ...], parent: Any = None):
        super().__init__(parent)
        self._rows: list[list[str]] = [[i.id, i.dimension, i.statement] for i in items]
        self.labels = dict(dimension_choices(items))

    def items(self) -> list[ReadinessItem]:
        return [ReadinessItem(i, d, s.strip()) for i, d, s in self._rows]

    def set_items(self, items: tuple[ReadinessItem, ...] | list[ReadinessItem]) -> None:
        self.beginResetModel()
        self._rows = [[i.id, i.dimension, i.statement] for i in items]
        self.labels.update(dimension_choices(tuple(items)))
        self.endResetModel()

    def add(self, dimension: str, after: int | None = None) -> int:
        used = {r[0] for r in self._rows}
        new_id = new_row_id()
        while new_id in used:
            new_id = new_row_id()
        row = len(self._rows) if after is None else after + 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, [new_id, dimension, ""])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def move(self, row: int, offset: int) -> int:
        target = row + offset
        if not (0 <= row < len(self._rows)) or not (0 <= target < len(self._rows)) or offset == 0:
            return row
        dest = target + 1 if offset > 0 else target  # Qt's destination is "before this row"
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (_("Dimensi"), _("Pernyataan"))[section] if 0 <= section < 2 else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item_id, dim, statement = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.labels.get(dim, dim) if col == self.DIMENSION else statement
        if role == Qt.ItemDataRole.EditRole:
            return dim if col == self.DIMENSION else statement
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Kode butir: {id}").format(id=item_id) + (
                f"\n{statement}" if col == self.STATEMENT else ""
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        if index.column() == self.DIMENSION:
            if value not in self.labels:
                return False
            row[1] = str(value)
        else:
            row[2] = str(value)[:STATEMENT_MAX]
        self.dataChanged.emit(index, index)
        return True


class DimensionDelegate(QStyledItemDelegate):
    """Edits the dimension column with a combo of the known dimensions."""

    def __init__(self, model: ReadinessItemsModel, parent: Any = None):
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        if index.column() != ReadinessItemsModel.DIMENSION:
            editor = super().createEditor(parent, option, index)
            if isinstance(editor, QLineEdit):
                editor.setMaxLength(STATEMENT_MAX)
            return editor
        combo = QComboBox(parent)
        for key, label in self._model.labels.items():
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(0, i))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class LabSettingsDialog(QDialog):
    """Pengaturan lab. ``saved_settings`` holds what was stored after "Simpan"."""

    def __init__(
        self, db: Database, lab_id: Any, parent: QWidget | None = None, undo: UndoStack | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.lab_id = lab_id
        self.undo = undo or UndoStack(OpRunner(db, synchronous=True, parent=self), self)
        self.saved_settings: LabSettings | None = None
        current = get_lab_settings(db, lab_id)
        self.setWindowTitle(_("Pengaturan lab"))
        self.setMinimumSize(640, 480)
        self.resize(760, 560)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(current), _("Umum"))
        self.tabs.addTab(self._weights_tab(current), _("Bobot kurasi"))
        self.tabs.addTab(self._readiness_tab(current), _("Kuesioner kesiapan"))
        self.error = QLabel("", self)
        theme.style(self.error, lambda: theme.css_text("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    # --- tabs ---
    def _radio_group(
        self, title: str, choices: list[tuple[str, str]], value: str, parent: QWidget
    ) -> tuple[QGroupBox, QButtonGroup, dict[str, QRadioButton]]:
        box = QGroupBox(title, parent)
        vl = QVBoxLayout(box)
        group = QButtonGroup(box)
        buttons = {}
        for key, label in choices:
            b = QRadioButton(label, box)
            b.setChecked(key == value)
            group.addButton(b)
            vl.addWidget(b)
            buttons[key] = b
        return box, group, buttons

    def _general_tab(self, s: LabSettings) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        box, _g, self.commitment_buttons = self._radio_group(
            _("Pernyataan komitmen ditandatangani"),
            [(k, commitment_moment_label(k)) for k in COMMITMENT_MOMENTS],
            s.commitment_at,
            page,
        )
        note = QLabel(_("Bila keduanya, setiap unit mendapat dua lembar pernyataan saat dicetak."), box)
        note.setWordWrap(True)
        theme.style(note, lambda: theme.css_text("muted"))
        box.layout().addWidget(note)
        grid.addWidget(box, 0, 0, 1, 2)
        apkl, _g, self.apkl_buttons = self._radio_group(
            _("Penapisan isu APKL (LK-2c)"),
            [
                ("ya_tidak", _("Ya/Tidak per kriteria (memenuhi bila keempatnya Ya)")),
                ("skor", _("Skor 1–5 per kriteria (memenuhi bila setiap skor ≥ 3)")),
            ],
            s.apkl_mode,
            page,
        )
        usg, _g, self.usg_buttons = self._radio_group(
            _("Prioritas masalah USG (LK-2d)"),
            [("jumlah", _("Jumlah: U + S + G")), ("kali", _("Hasil kali: U × S × G"))],
            s.usg_mode,
            page,
        )
        grid.addWidget(apkl, 1, 0)
        grid.addWidget(usg, 1, 1)

        logo_box = QGroupBox(_("Logo pada kop dokumen"), page)
        ll = QGridLayout(logo_box)
        self.logo_edit = QLineEdit(s.logo_path, logo_box)
        self.logo_edit.setPlaceholderText(_("Belum ada logo (berkas PNG atau JPEG)"))
        self.logo_edit.setMaxLength(1000)
        self.logo_edit.setAccessibleName(_("Berkas logo"))
        self.logo_edit.textChanged.connect(self._update_logo_preview)
        self.logo_button = QPushButton(_("Pilih…"), logo_box)
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear = QPushButton(_("Tanpa logo"), logo_box)
        self.logo_clear.clicked.connect(self.logo_edit.clear)
        self.logo_preview = QLabel(logo_box)
        self.logo_preview.setFixedSize(56, 56)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.logo_preview, theme.css_frame)
        self.logo_status = QLabel("", logo_box)
        self.logo_status.setWordWrap(True)
        ll.addWidget(self.logo_edit, 0, 0)
        ll.addWidget(self.logo_button, 0, 1)
        ll.addWidget(self.logo_clear, 0, 2)
        ll.addWidget(self.logo_preview, 0, 3, 2, 1)
        ll.addWidget(self.logo_status, 1, 0, 1, 3)
        grid.addWidget(logo_box, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)
        self._update_logo_preview()
        return page

    def _weights_tab(self, s: LabSettings) -> QWidget:
        page = QWidget(self)
        vl = QVBoxLayout(page)
        intro = QLabel(
            _(
                "Bobot setiap kriteria PermenPANRB 91/2021 pada kurasi ide (LK-2g). Bobot sama berarti "
                "semua kriteria sama penting; bobot 0 berarti kriteria tidak dihitung."
            ),
            page,
        )
        intro.setWordWrap(True)
        vl.addWidget(intro)
        form = QFormLayout()
        self.weight_spins: dict[str, QDoubleSpinBox] = {}
        self.weight_shares: dict[str, QLabel] = {}
        for c in rules().curation_criteria:
            spin = QDoubleSpinBox(page)
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setValue(s.curation_weights.get(c.key, 1.0))
            spin.setToolTip(_(c.help))
            spin.setAccessibleName(_(c.label))
            spin.valueChanged.connect(self._update_shares)
            share = QLabel("", page)
            share.setMinimumWidth(70)
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(share)
            row.addStretch(1)
            label = QLabel(_(c.label), page)
            label.setToolTip(_(c.help))
            label.setBuddy(spin)
            form.addRow(label, row)
            self.weight_spins[c.key] = spin
            self.weight_shares[c.key] = share
        vl.addLayout(form)
        self.equal_button = QPushButton(_("Samakan semua bobot"), page)
        self.equal_button.clicked.connect(lambda: [sp.setValue(1.0) for sp in self.weight_spins.values()])
        eb = QHBoxLayout()
        eb.addWidget(self.equal_button)
        eb.addStretch(1)
        vl.addLayout(eb)
        vl.addStretch(1)
        self._update_shares()
        return page

    def _readiness_tab(self, s: LabSettings) -> QWidget:
        page = QWidget(self)
        vl = QVBoxLayout(page)
        intro = QLabel(
            _(
                "Butir pernyataan kuesioner kesiapan berinovasi (LK-2a), dinilai 1–5 oleh responden. "
                "Ganti dengan instrumen LAN yang Anda gunakan bila perlu."
            ),
            page,
        )
        intro.setWordWrap(True)
        vl.addWidget(intro)
        self.items_model = ReadinessItemsModel(s.readiness_items, self)
        self.items_view = QTableView(page)
        self.items_view.setModel(self.items_model)
        self.items_view.setItemDelegate(DimensionDelegate(self.items_model, self.items_view))
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.items_view.setWordWrap(True)
        self.items_view.setAccessibleName(_("Butir kuesioner kesiapan"))
        hh = self.items_view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vl.addWidget(self.items_view, 1)
        row = QHBoxLayout()
        self.add_item_button = QPushButton(_("Tambah butir"), page)
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton(_("Hapus butir"), page)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.up_item_button = QPushButton(_("Naik"), page)
        self.up_item_button.clicked.connect(lambda: self.move_item(-1))
        self.down_item_button = QPushButton(_("Turun"), page)
        self.down_item_button.clicked.connect(lambda: self.move_item(1))
        self.reset_items_button = QPushButton(_("Kembalikan bawaan"), page)
        self.reset_items_button.setToolTip(
            _("Ganti daftar dengan 15 butir bawaan (baru tersimpan setelah Simpan)")
        )
        self.reset_items_button.clicked.connect(self.reset_items)
        for b in (self.add_item_button, self.remove_item_button, self.up_item_button, self.down_item_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.reset_items_button)
        vl.addLayout(row)
        self.items_count = QLabel("", page)
        vl.addWidget(self.items_count)
        for sig in (self.items_model.rowsInserted, self.items_model.rowsRemoved, self.items_model.modelReset):
            sig.connect(self._update_items_count)
        self._update_items_count()
        return page

    # --- readiness items ---
    def _current_item_row(self) -> int:
        idx = self.items_view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def _select_item(self, row: int, column: int = ReadinessItemsModel.STATEMENT) -> None:
        idx = self.items_model.index(row, column)
        self.items_view.setCurrentIndex(idx)
        self.items_view.scrollTo(idx)

    def add_item(self) -> None:
        if self.items_model.rowCount() >= MAX_READINESS_ITEMS:
            self._show_error(_("Kuesioner kesiapan paling banyak {n} butir").format(n=MAX_READINESS_ITEMS))
            return
        row = self._current_item_row()
        items = self.items_model.items()
        dim = items[row].dimension if row >= 0 else next(iter(self.items_model.labels))
        new = self.items_model.add(dim, row if row >= 0 else None)
        self._select_item(new)
        self.items_view.setFocus()
        self.items_view.edit(self.items_model.index(new, ReadinessItemsModel.STATEMENT))

    def remove_item(self) -> None:
        row = self._current_item_row()
        if row < 0:
            return
        self.items_model.remove(row)
        if self.items_model.rowCount():
            self._select_item(min(row, self.items_model.rowCount() - 1))

    def move_item(self, offset: int) -> None:
        row = self._current_item_row()
        if row >= 0:
            self._select_item(self.items_model.move(row, offset))

    def reset_items(self) -> None:
        self.items_model.set_items(default_readiness_items())

    def _update_items_count(self, *_args: Any) -> None:
        n = self.items_model.rowCount()
        self.items_count.setText(_("{n} butir (maksimal {max})").format(n=n, max=MAX_READINESS_ITEMS))

    # --- weights ---
    def weights(self) -> dict[str, float]:
        return {k: round(sp.value(), 1) for k, sp in self.weight_spins.items()}

    def _update_shares(self, *_args: Any) -> None:
        total = sum(self.weights().values())
        for k, label in self.weight_shares.items():
            share = self.weight_spins[k].value() / total * 100 if total > 0 else 0
            label.setText(f"({format_number(round(share, 1))}%)")

    # --- logo ---
    def _ask_logo_path(self) -> str | None:
        """Ask for the logo file (tests replace this)."""
        start = self.logo_edit.text().strip() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Pilih logo"), start, _("Gambar PNG atau JPEG (*.png *.jpg *.jpeg)")
        )
        return path or None

    def choose_logo(self) -> None:
        path = self._ask_logo_path()
        if not path:
            return
        problem = logo_problem(path)
        if problem:
            self._show_error(problem)
            return
        self.logo_edit.setText(path)
        self.error.hide()

    def _update_logo_preview(self, *_args: Any) -> None:
        path = self.logo_edit.text().strip()
        if not path:
            self.logo_preview.clear()
            self.logo_status.setText(_("Kop dokumen dicetak tanpa logo."))
            theme.style(self.logo_status, lambda: theme.css_text("muted"))
            return
        problem = logo_problem(path)
        pix = QPixmap(path) if problem is None else QPixmap()
        if problem is None and not pix.isNull():
            self.logo_preview.setPixmap(
                pix.scaled(
                    52, 52, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            self.logo_status.setText(_("Logo siap dicetak pada kop daftar hadir dan pernyataan komitmen."))
            theme.style(self.logo_status, lambda: theme.css_text("ok"))
        else:
            self.logo_preview.clear()
            self.logo_status.setText(problem or _("Gambar tidak dapat ditampilkan."))
            theme.style(self.logo_status, lambda: theme.css_text("error"))

    # --- saving ---
    def _checked(self, buttons: dict[str, QRadioButton]) -> str:
        return next(k for k, b in buttons.items() if b.isChecked())

    def values(self) -> dict[str, Any]:
        return {
            "commitment_at": self._checked(self.commitment_buttons),
            "apkl_mode": self._checked(self.apkl_buttons),
            "usg_mode": self._checked(self.usg_buttons),
            "curation_weights": self.weights(),
            "readiness_items": self.items_model.items(),
            "logo_path": self.logo_edit.text().strip(),
        }

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        values = self.values()
        logo = values["logo_path"]
        if logo:
            problem = logo_problem(logo)
            if problem:
                self.tabs.setCurrentIndex(0)
                self.logo_edit.setFocus()
                self._show_error(problem)
                return
        if sum(values["curation_weights"].values()) <= 0:
            self.tabs.setCurrentIndex(1)
            self._show_error(_("Setidaknya satu kriteria kurasi harus berbobot lebih dari 0"))
            return
        items = values["readiness_items"]
        if not items:
            self.tabs.setCurrentIndex(2)
            self._show_error(_("Kuesioner kesiapan membutuhkan setidaknya satu butir pernyataan"))
            return
        blank = next((i for i, it in enumerate(items) if not it.statement), None)
        if blank is not None:
            self.tabs.setCurrentIndex(2)
            self._select_item(blank)
            self.items_view.setFocus()
            self._show_error(
                _("Butir kuesioner nomor {n} masih kosong: isi pernyataannya atau hapus butirnya.").format(
                    n=blank + 1
                )
            )
            return
        try:
            new, op = settings_change(self.db, self.lab_id, **values)
        except (ValueError, NotFoundError) as exc:
            self._show_error(str(exc))
            return
        failure: list[Exception] = []
        self.undo.do(op, _("ubah pengaturan lab"), self, on_failed=failure.append)
        self.undo.runner.flush()  # a settings change is a small write; the dialog closes once it is stored
        if failure:
            self._show_error(user_message(failure[0]))
            return
        self.saved_settings = new
        super().accept()
