"""The import dialog: units or participants from an .xlsx/.csv file, with column mapping and a preview.

Thin over :mod:`labinovasi.services.importing`: the file is read once (off the UI thread through the
task runner), the plan is recomputed whenever a column choice changes, and "Impor" stores the plan's
rows in one transaction. The preview shows at most :data:`PREVIEW_ROWS` rows, so a 10,000-row file
does not slow the dialog down.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_number
from labinovasi.ops import Changes, Op
from labinovasi.ops.errors import user_message
from labinovasi.ops.imports import ImportRows
from labinovasi.services.importing import (
    ImportFileError,
    ImportPlan,
    ImportResult,
    Kind,
    Mapping,
    RawRow,
    RawTable,
    TargetField,
    guess_mapping,
    import_result,
    iter_preview,
    plan_import,
    read_table,
    target_fields,
    write_rejected_report,
)
from ui import theme
from ui.ops import OpRunner
from ui.tasks import TaskRunner
from ui.undo import UndoStack

Index = QModelIndex | QPersistentModelIndex
PREVIEW_ROWS = 50
PROBLEM_ROWS = 200
CELL_CHARS = 80
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1


class ImportPreviewModel(QAbstractTableModel):
    """Rows of the file as the import sees them: the spreadsheet row number, one column per field
    (the text of the column chosen for it) and what will happen to the row."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._fields: list[TargetField] = []
        self._rows: list[RawRow] = []
        self._plan: ImportPlan | None = None

    def set_plan(self, plan: ImportPlan | None, only_problems: bool = False) -> None:
        self.beginResetModel()
        self._plan = plan
        if plan is None:
            self._fields, self._rows = [], []
        else:
            self._fields = target_fields(plan.kind)
            limit = PROBLEM_ROWS if only_problems else PREVIEW_ROWS
            self._rows = list(iter_preview(plan, limit, only_problems))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._plan is None else len(self._fields) + 2

    ROW, STATUS = 0, 1  # then one column per field

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.ROW:
            return _("Baris")
        if section == self.STATUS:
            return _("Keterangan")
        if 2 <= section < len(self._fields) + 2:
            return self._fields[section - 2].label
        return None

    def status(self, row: int) -> tuple[str, str]:
        assert self._plan is not None
        return self._plan.status(self._rows[row].number)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None or not (0 <= index.row() < len(self._rows)):
            return None
        raw = self._rows[index.row()]
        col = index.column()
        state, reason = self._plan.status(raw.number)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.ROW:
                return str(raw.number)
            if col == self.STATUS:
                if state == "rejected":
                    return _("Ditolak: {reason}").format(reason=reason)
                if state == "duplicate":
                    return _("Duplikat: {reason}").format(reason=reason)
                return _("Siap diimpor")
            if 2 <= col < len(self._fields) + 2:
                key = self._fields[col - 2].key
                shown = self._plan.display(raw.number)  # accepted rows: what will be stored
                text = (
                    shown.get(key, "")
                    if shown is not None
                    else " ".join(raw.cell(self._plan.mapping.get(key)).split())
                )
                return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if state != "ok":
                return reason
            if col >= 2:
                shown = self._plan.display(raw.number) or {}
                text = shown.get(self._fields[col - 2].key, "")
                return text if len(text) > CELL_CHARS else None
            return None
        if role == STATUS_ROLE:
            return state
        if role == Qt.ItemDataRole.BackgroundRole:
            if state == "rejected":
                return theme.brush("error_bg")
            if state == "duplicate":
                return theme.brush("warn_bg")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            return theme.brush({"rejected": "error", "duplicate": "warn_ink"}.get(state, "ok"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ImportDialog(QDialog):
    """Import units (``kind="units"``) or participants (``kind="people"``) into a lab.

    ``exec()`` returns Accepted after a successful import; :attr:`import_result` then holds the
    :class:`ImportResult`. ``path`` preloads a file (otherwise the user picks one with "Pilih berkas…").
    """

    def __init__(
        self,
        db: Database,
        lab_id: uuid.UUID | str,
        kind: Literal["units", "people"],
        parent: QWidget | None = None,
        path: str | Path | None = None,
        tasks: TaskRunner | None = None,
        undo: UndoStack | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.lab_id = lab_id
        self.kind: Kind = kind
        self.tasks = tasks or TaskRunner(parent=self)
        self.undo = undo or UndoStack(OpRunner(db, synchronous=self.tasks.synchronous, parent=self), self)
        self.table: RawTable | None = None
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self.path: Path | None = None
        self._load_token = 0
        self._handle = None
        self._busy = False
        self.fields = target_fields(kind)

        self.setWindowTitle(_("Impor unit") if kind == "units" else _("Impor peserta"))
        self.setMinimumSize(760, 480)
        self.resize(1000, 650)

        intro = QLabel(self._intro_text(), self)
        intro.setWordWrap(True)

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("Belum ada berkas dipilih"))
        self.choose_button = QPushButton(_("Pilih berkas…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_label = QLabel(_("Lembar:"), self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setMinimumContentsLength(12)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.sheet_label.setBuddy(self.sheet_combo)
        file_row = QHBoxLayout()
        file_label = QLabel(_("&Berkas:"), self)
        file_label.setBuddy(self.choose_button)
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addSpacing(12)
        file_row.addWidget(self.sheet_label)
        file_row.addWidget(self.sheet_combo)
        self.sheet_label.hide()
        self.sheet_combo.hide()

        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setFrameShape(QFrame.Shape.StyledPanel)
        self.notes.setContentsMargins(8, 6, 8, 6)
        self.notes.hide()

        self.mapping_box = QGroupBox(_("Kolom berkas untuk setiap isian"), self)
        grid = QGridLayout(self.mapping_box)
        grid.setHorizontalSpacing(8)
        self.combos: dict[str, QComboBox] = {}
        per_row = 3
        for i, f in enumerate(self.fields):
            combo = QComboBox(self.mapping_box)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.setToolTip(_("Kolom berkas yang berisi {field}").format(field=f.label.lower()))
            combo.currentIndexChanged.connect(lambda _i, key=f.key: self._mapping_changed(key))
            label = QLabel(f.label + (" *" if f.required else ""), self.mapping_box)
            label.setBuddy(combo)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            r, c = divmod(i, per_row)
            grid.addWidget(label, r, c * 2)
            grid.addWidget(combo, r, c * 2 + 1)
            self.combos[f.key] = combo
        for c in range(per_row):
            grid.setColumnStretch(c * 2 + 1, 1)
        self.mapping_box.setEnabled(False)

        self.preview_label = QLabel(_("Pratinjau"), self)
        self.only_problems = QCheckBox(_("Hanya baris &bermasalah"), self)
        self.only_problems.toggled.connect(self._refresh_preview)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_label, 1)
        preview_row.addWidget(self.only_problems)

        self.model = ImportPreviewModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.modelReset.connect(self.detail.hide)
        self.detail.hide()

        self.summary = QLabel(_("Pilih berkas .xlsx atau .csv untuk mulai."), self)
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.report_button = QPushButton(_("Simpan laporan baris ditolak…"), self)
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.save_report)
        self.cancel_button = QPushButton(_("Batal"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.import_button = QPushButton(_("Impor"), self)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.do_import)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(file_row)
        lay.addWidget(self.notes)
        lay.addWidget(self.mapping_box)
        lay.addLayout(preview_row)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.detail)
        lay.addWidget(self.summary)
        lay.addLayout(buttons)
        self.choose_button.setFocus()

        if path is not None:
            self.load_file(Path(path))

    # --- asking (tests replace these) ---
    def _ask_open_path(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Pilih berkas untuk diimpor"),
            str(self.path.parent if self.path else Path.home()),
            _("Lembar kerja (*.xlsx *.xlsm *.csv *.txt);;Semua berkas (*)"),
        )
        return Path(path) if path else None

    def _ask_save_path(self, suggested: str) -> Path | None:
        start = str((self.path.parent if self.path else Path.home()) / suggested)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Simpan laporan baris ditolak"), start, _("Buku kerja Excel (*.xlsx);;CSV (*.csv)")
        )
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() in (".xlsx", ".csv") else p.with_suffix(".xlsx")

    def _show_error(self, text: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), text)

    # --- texts ---
    def _intro_text(self) -> str:
        cols = ", ".join(f.label for f in self.fields)
        if self.kind == "units":
            return _(
                "Impor daftar unit dari Excel (.xlsx) atau CSV. Baris pertama yang berisi judul kolom dipakai "
                "sebagai judul; kolom yang dikenali: {cols}."
            ).format(cols=cols)
        return _(
            "Impor peserta dari Excel (.xlsx) atau CSV. Unit setiap peserta harus sudah ada di lab "
            "(impor unit lebih dulu); kolom yang dikenali: {cols}."
        ).format(cols=cols)

    # --- loading ---
    def choose_file(self) -> None:
        path = self._ask_open_path()
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (off the UI thread unless the runner is synchronous)."""
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self._load_token += 1
        token = self._load_token
        if self._handle is not None:
            self._handle.cancel()
        self._set_busy(True, _("Membaca {name}…").format(name=self.path.name))
        kind = self.kind

        def job(progress, cancelled):  # noqa: ANN001, ANN202 - the runner's task signature
            return read_table(path, sheet, kind, progress, cancelled)

        def done(table: RawTable) -> None:
            if token == self._load_token:
                self._handle = None
                self._set_busy(False)
                self.set_table(table)

        def failed(exc: Exception, _trace: str) -> None:
            if token != self._load_token:
                return
            self._handle = None
            self._set_busy(False)
            self.set_table(None)
            if isinstance(exc, ImportFileError):
                message = str(exc)
            else:
                message = _("Berkas tidak dapat dibaca: {err}").format(err=exc)
            self._show_notes([message], error=True)
            self.summary.setText(_("Tidak ada yang diimpor. Pilih berkas lain."))

        def progress(done_rows: int, _total: int, text: str) -> None:
            if token == self._load_token:
                self.summary.setText(text)

        handle = self.tasks.start(job, on_done=done, on_failed=failed, on_progress=progress)
        self._handle = None if handle.finished else handle  # a synchronous runner has finished already

    def _set_busy(self, busy: bool, text: str = "") -> None:
        if busy and not self._busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif not busy and self._busy:
            QGuiApplication.restoreOverrideCursor()
        self._busy = busy
        self.choose_button.setEnabled(not busy)
        self.sheet_combo.setEnabled(not busy)
        self.mapping_box.setEnabled(not busy and self.table is not None)
        if busy:
            self.import_button.setEnabled(False)
            self.report_button.setEnabled(False)
            self.summary.setText(text)

    def set_table(self, table: RawTable | None) -> None:
        """Show a file that was read: sheets, guessed column choices, plan and preview."""
        self.table = table
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        if table is not None and len(table.sheets) > 1:
            self.sheet_combo.addItems(table.sheets)
            self.sheet_combo.setCurrentText(table.sheet or table.sheets[0])
        self.sheet_combo.blockSignals(False)
        several = table is not None and len(table.sheets) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        guess = guess_mapping(table.headers, self.kind) if table is not None else {}
        for f in self.fields:
            combo = self.combos[f.key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(tidak dipakai)"), None)
            if table is not None:
                for i in range(table.column_count):
                    combo.addItem(table.column_name(i), i)
                    combo.setItemData(
                        combo.count() - 1,
                        table.headers[i] or table.column_name(i),
                        Qt.ItemDataRole.ToolTipRole,
                    )
                combo.setCurrentIndex(
                    max(0, combo.findData(guess.get(f.key))) if guess.get(f.key) is not None else 0
                )
            combo.blockSignals(False)
        self.mapping_box.setEnabled(table is not None)
        self.recompute()

    def _sheet_changed(self, _index: int) -> None:
        if (
            self.path is not None
            and self.table is not None
            and self.sheet_combo.currentText() != self.table.sheet
        ):
            self.load_file(self.path, self.sheet_combo.currentText())

    # --- mapping and plan ---
    def mapping(self) -> Mapping:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def set_column(self, key: str, column: int | None) -> None:
        """Choose the file column (0-based, or None) for a field, as the user would with its combo."""
        combo = self.combos[key]
        combo.setCurrentIndex(max(0, combo.findData(column)) if column is not None else 0)

    def _mapping_changed(self, key: str) -> None:
        column = self.combos[key].currentData()
        if column is not None:  # one column feeds one field: the other field lets go of it
            for other, combo in self.combos.items():
                if other != key and combo.currentData() == column:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self.recompute()

    def recompute(self) -> None:
        if self.table is None:
            self.plan = None
        else:
            try:
                self.plan = plan_import(self.db, self.lab_id, self.table, self.mapping(), self.kind)
            except (ValueError, LookupError) as exc:
                self.plan = None
                self._show_notes([str(exc)], error=True)
        self._refresh_preview()
        self._refresh_summary()

    def _refresh_preview(self) -> None:
        self.model.set_plan(self.plan, self.only_problems.isChecked())
        if self.plan is None or self.table is None:
            self.preview_label.setText(_("Pratinjau"))
        else:
            total = len(self.table.rows)
            shown = self.model.rowCount()
            problems = len(self.plan.rejected) + len(self.plan.duplicates)
            if self.only_problems.isChecked() and shown < problems:
                text = _("Pratinjau: {n} dari {total} baris bermasalah").format(
                    n=format_number(shown), total=format_number(problems)
                )
            elif self.only_problems.isChecked():
                text = _("Pratinjau: {n} baris bermasalah").format(n=format_number(shown))
            elif shown < total:
                text = _("Pratinjau: {n} dari {total} baris data").format(
                    n=format_number(shown), total=format_number(total)
                )
            else:
                text = _("Pratinjau: {total} baris data").format(total=format_number(total))
            self.preview_label.setText(text)
        self._fit_columns()

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The full reason of the row under the cursor (the column shows its start)."""
        if not current.isValid():
            self.detail.hide()
            return
        text = self.model.index(current.row(), ImportPreviewModel.STATUS).data()
        number = self.model.index(current.row(), ImportPreviewModel.ROW).data()
        self.detail.setText(_("Baris {n}: {text}").format(n=number, text=text))
        self.detail.show()

    def _fit_columns(self) -> None:
        """Columns as wide as their content, within limits: the reason column gets the most room."""
        header = self.view.horizontalHeader()
        count = self.model.columnCount()
        if not count:
            return
        self.view.resizeColumnsToContents()
        em = self.fontMetrics().horizontalAdvance("M")
        caps = {ImportPreviewModel.STATUS: 26 * em}
        for c in range(count):
            cap = caps.get(c, 16 * em)
            if header.sectionSize(c) > cap:
                header.resizeSection(c, cap)

    def _refresh_summary(self) -> None:
        plan = self.plan
        if plan is None:
            self.import_button.setEnabled(False)
            self.report_button.setEnabled(False)
            return
        if plan.problems:
            self.summary.setText(" ".join(plan.problems))
            theme.style(self.summary, lambda: theme.css_text("error"))
        else:
            self.summary.setText(plan.summary())
            theme.style(self.summary, str)
        self._show_notes(plan.warnings)
        self.import_button.setEnabled(plan.can_import)
        self.report_button.setEnabled(not plan.problems and bool(plan.rejected or plan.duplicates))

    def _show_notes(self, lines: list[str], error: bool = False) -> None:
        if not lines:
            self.notes.hide()
            return
        shown = lines[:6]
        more = len(lines) - len(shown)
        text = "\n".join(f"• {line}" for line in shown)
        if more:
            text += "\n" + _("… dan {n} catatan lain").format(n=more)
        self.notes.setText(text)
        if error:
            theme.style(self.notes, lambda: theme.css_note("error", "QLabel"))
        else:
            theme.style(self.notes, lambda: theme.css_note("warn", "QLabel"))
        self.notes.show()

    # --- actions ---
    def save_report(self) -> Path | None:
        if self.plan is None or not (self.plan.rejected or self.plan.duplicates):
            return None
        stem = self.path.stem if self.path else "impor"
        path = self._ask_save_path(f"{stem}-baris-ditolak.xlsx")
        if path is None:
            return None
        try:
            write_rejected_report(self.plan, path)
        except OSError as exc:
            self._show_error(_("Laporan tidak dapat disimpan: {err}").format(err=exc.strerror or exc))
            return None
        self.summary.setText(
            self.plan.summary() + " — " + _("laporan disimpan: {name}").format(name=path.name)
        )
        return path

    def do_import(self) -> ImportResult | None:
        if self.plan is None or not self.plan.can_import:
            return None
        plan = self.plan
        op = ImportRows(plan.lab_id, plan)
        self._set_busy(True, _("Menyimpan {n} baris…").format(n=len(plan.accepted)))

        def done(_c: Changes, inverse: Op) -> None:
            self._set_busy(False)
            self.import_result = import_result(plan, tuple(i for _t, i in inverse.refs))  # type: ignore[attr-defined]
            self.accept()

        def failed(exc: Exception) -> None:  # one transaction: nothing was stored
            self._set_busy(False)
            self._show_error(_("Impor gagal; tidak ada yang disimpan. {err}").format(err=user_message(exc)))
            self.recompute()

        # stored by the window's writer, off the UI thread; one undo step for the whole import
        self.undo.do(op, op.label, self, on_done=done, on_failed=failed)
        return self.import_result

    def reject(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._load_token += 1
            self._handle = None
        self._set_busy(False)
        super().reject()


def ask_xlsx_save_path(parent: QWidget | None, title: str, suggested: str, csv: bool = False) -> Path | None:
    """Ask where to save an Excel workbook (for "Ekspor unit & peserta ke Excel…"), or with ``csv``
    a workbook or a CSV file (the name ends in .xlsx unless the CSV filter or a .csv name is chosen)."""
    workbook = _("Buku kerja Excel (*.xlsx)")
    comma = _("CSV untuk Excel (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / suggested), f"{workbook};;{comma}" if csv else workbook
    )
    if not path:
        return None
    p = Path(path)
    if csv and (p.suffix.lower() == ".csv" or (chosen == comma and p.suffix.lower() != ".xlsx")):
        return p if p.suffix.lower() == ".csv" else p.with_suffix(".csv")
    return p if p.suffix.lower() == ".xlsx" else p.with_suffix(".xlsx")
