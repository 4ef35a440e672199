"""The monev editor (LK-4b): the periods of an idea's monitoring-evaluasi on the left ("Monev I",
"Monev II" …), the chosen period on the right — its date, desk, slot and reviewer, and the activities of
the rencana aksi with status (a list), % progress (0–100), kendala and tindak lanjut.

"Tambah periode" adds a period whose activities come from LK-3b (with the status and % of the previous
period) and whose date, desk and slot come from the lab's monev desk schedule (LK-4d); "Ganti nama" edits
its name in the list; "Hapus periode" removes it with its activities. Each of these is one step of the
window's undo (``stepStarting``/``stepDone``: the stage page stores what was typed before, then the step
alone); typing in a period is a normal save, merged like typing anywhere.

Editor contract (see ``ui/editors.py``): ``changed`` on every user edit (never from ``set_data``),
``data()``, ``set_data(data)``, ``show_issues(issues)``.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _, format_number
from labinovasi.services.context import WorksheetContext
from labinovasi.services.monev import add_period_from, plan_rows
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.action_plan import parse_date_input
from labinovasi.worksheets.codes import ACTION_PLAN
from labinovasi.worksheets.registry import named_lists
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, Issue
from ui import theme
from ui.action_plan_editor import DateLineEdit

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("kegiatan", "status", "progres", "kendala", "tindak_lanjut")
STATUS_COL, PROGRESS_COL = 1, 2


def status_options() -> list[tuple[str, str]]:
    return [(o.value, o.label) for o in named_lists()["status_kegiatan"]]


class ActivityModel(QAbstractTableModel):
    """The activity rows of one period (dicts of LK-4b ``kemajuan``): the activity is read-only, the rest
    edited in place."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}  # LK-3b row id -> its activity as the plan names it now
        self.statuses = dict(status_options())
        self.headers = (
            _("Kegiatan rencana aksi"),
            _("Status"),
            "%",
            _("Kendala"),
            _("Tindak lanjut"),
        )

    def reset(self, rows: list[dict[str, Any]], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.labels = rows, labels
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def activity(self, row: dict[str, Any]) -> str:
        return self.labels.get(str(row.get(mv.ACTION) or ""), "") or str(row.get("kegiatan") or "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()]
        value = self.activity(row) if key == "kegiatan" else row.get(key)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return self.statuses.get(str(value or ""), "")
            if key == "progres":
                return "" if value is None or value == "" else f"{format_number(value)}%"
            return "" if value is None else " ".join(str(value).split())
        if role == Qt.ItemDataRole.ToolTipRole and key in ("kegiatan", "kendala", "tindak_lanjut"):
            return str(value or "")[:500] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "progres":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and value == mv.STALLED:
            return theme.color("error")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.column() == 0 else base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        row, key = self.rows[index.row()], COLUMNS[index.column()]
        if key == "progres":
            value = None if value in (None, "") else max(0, min(100, int(value)))
        elif key == "status":
            value = value if value in self.statuses else None
        else:
            value = str(value or "").strip() or None
        if row.get(key) == value:
            return False
        if value is None:
            row.pop(key, None)
        else:
            row[key] = value
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ActivityDelegate(QStyledItemDelegate):
    """Status as a list, % as a number 0–100, text for the rest."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:  # noqa: N802
        if index.column() == STATUS_COL:
            combo = QComboBox(parent)
            for value, label in status_options():
                combo.addItem(label, value)
            return combo
        if index.column() == PROGRESS_COL:
            spin = QSpinBox(parent)
            spin.setRange(0, 100)
            spin.setSuffix("%")
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            return spin
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value) if isinstance(value, (int, float)) else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class MonevEditor(QWidget):
    changed = Signal()
    stepStarting = Signal()  # a step (add, rename, remove a period) is about to change the data
    stepDone = Signal(str)  # … and has: its name for the undo history

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.context = context
        self._data: dict[str, Any] = {}
        self._loading = False
        self._current = ""  # the id of the period shown
        plan = plan_rows(context.load(ACTION_PLAN)) if context is not None else []
        self.plan_labels = {
            str(r[ROW_ID]): " ".join(str(r.get("kegiatan") or "").split()) for r in plan if r.get(ROW_ID)
        }

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            _(
                "Satu periode untuk setiap monev. Kegiatan periode baru diambil dari rencana aksi (LK-3b), "
                "tanggal, meja dan slotnya dari jadwal meja monev (LK-4d)."
            ),
            self,
        )
        intro.setWordWrap(True)
        theme.style(intro, lambda: theme.css_text("muted"))
        lay.addWidget(intro)
        self.no_plan = QLabel(
            _("Rencana aksi (LK-3b) ide ini belum diisi: periode baru tidak berisi kegiatan."), self
        )
        self.no_plan.setWordWrap(True)
        theme.style(self.no_plan, lambda: theme.css_text("error"))
        self.no_plan.setVisible(not plan)
        lay.addWidget(self.no_plan)

        body = QHBoxLayout()
        lay.addLayout(body, 1)
        # the periods
        left = QVBoxLayout()
        head = QLabel(_("Periode monev"), self)
        bold = head.font()
        bold.setBold(True)
        head.setFont(bold)
        left.addWidget(head)
        self.periods = QListWidget(self)
        self.periods.setAccessibleName(_("Periode monev"))
        self.periods.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.periods.setMaximumWidth(150)
        self.periods.currentItemChanged.connect(self._on_period_chosen)
        self.periods.itemChanged.connect(self._on_period_renamed)
        head.setBuddy(self.periods)
        left.addWidget(self.periods, 1)
        self.add_button = QPushButton(_("Tambah periode"), self)
        self.add_button.clicked.connect(self.add_period)
        self.rename_button = QPushButton(_("Ganti nama"), self)
        self.rename_button.clicked.connect(self.start_rename)
        self.remove_button = QPushButton(_("Hapus periode"), self)
        self.remove_button.clicked.connect(self.remove_period)
        for b in (self.add_button, self.rename_button, self.remove_button):
            b.setMaximumWidth(150)
            left.addWidget(b)
        body.addLayout(left)

        # the chosen period
        right = QVBoxLayout()
        form = QFormLayout()
        self.date = DateLineEdit(self)
        self.desk = QLineEdit(self)
        self.slot = QLineEdit(self)
        self.slot.setPlaceholderText(_("misalnya 09.00–09.20"))
        self.reviewer = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(QLabel(_("Meja"), self))
        row.addWidget(self.desk)
        row.addWidget(QLabel(_("Slot waktu"), self))
        row.addWidget(self.slot)
        form.addRow(_("Tanggal monev"), row)
        form.addRow(_("Nama reviewer"), self.reviewer)
        form.addRow(_("Catatan reviewer"), self.notes)
        self.date.editingFinished.connect(lambda: self._set_field("tanggal", self._date_value()))
        self.date.picked.connect(lambda: self._set_field("tanggal", self._date_value()))
        self.desk.textEdited.connect(lambda t: self._set_field("meja", t.strip()))
        self.slot.textEdited.connect(lambda t: self._set_field("slot_waktu", t.strip()))
        self.reviewer.textEdited.connect(lambda t: self._set_field("reviewer", t.strip()))
        self.notes.textChanged.connect(
            lambda: self._set_field("catatan_reviewer", self.notes.toPlainText().strip())
        )
        right.addLayout(form)
        self.model = ActivityModel(self)
        self.model.edited.connect(self._on_activity_edited)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ActivityDelegate(self.table))
        self.table.setAccessibleName(_("Kegiatan periode ini"))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for col in (3, 4):
            header.resizeSection(col, self.fontMetrics().horizontalAdvance("x") * 16)
        self.table.setMinimumHeight(260)
        right.addWidget(self.table, 1)
        self.average = QLabel("", self)
        self.average.setFont(bold)
        right.addWidget(self.average)
        body.addLayout(right, 1)
        self._show_period()

    # --- reading the period on screen ---
    def _date_value(self) -> str:
        text = self.date.text().strip()
        d = parse_date_input(text) if text else None
        return d.isoformat() if d else text

    def period_ids(self) -> list[str]:
        return [str(self.periods.item(k).data(ID_ROLE)) for k in range(self.periods.count())]

    def current_period(self) -> mv.Period | None:
        return next((p for p in mv.periods(self._data) if p.id == self._current), None)

    def _rows_of_current(self) -> list[dict[str, Any]]:
        return [
            r
            for r in self._data.get(mv.ROWS) or []
            if isinstance(r, dict) and r.get(mv.PERIOD) == self._current
        ]

    def _fill_list(self, select: str | None = None) -> None:
        self._loading = True
        try:
            self.periods.clear()
            for n, p in enumerate(mv.periods(self._data), start=1):
                item = QListWidgetItem(p.name or mv.period_name(n))
                item.setData(ID_ROLE, p.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.periods.addItem(item)
            ids = self.period_ids()
            chosen = select if select in ids else (ids[-1] if ids else "")
            self._current = chosen
            if chosen:
                self.periods.setCurrentRow(ids.index(chosen))
        finally:
            self._loading = False
        self._show_period()

    def _show_period(self) -> None:
        period = self.current_period()
        has = period is not None
        for w in (self.date, self.desk, self.slot, self.reviewer, self.notes, self.table):
            w.setEnabled(has)
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self._loading = True
        try:
            self.date.set_value(period.date if period else "")
            self.desk.setText(period.desk if period else "")
            self.slot.setText(period.slot if period else "")
            self.reviewer.setText(period.reviewer if period else "")
            if self.notes.toPlainText() != (period.notes if period else ""):
                self.notes.setPlainText(period.notes if period else "")
            self.model.reset(self._rows_of_current(), self.plan_labels)
        finally:
            self._loading = False
        self._update_average()

    def _update_average(self) -> None:
        period = self.current_period()
        if period is None:
            self.average.setText(_('Belum ada periode monev: tekan "Tambah periode".'))
            return
        avg = period.average
        self.average.setText(
            _("Rata-rata kemajuan: {avg}").format(avg="–" if avg is None else f"{format_number(avg)}%")
        )

    # --- edits ---
    def _on_period_chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if self._loading:
            return
        self._current = str(current.data(ID_ROLE)) if current is not None else ""
        self._show_period()

    def _set_field(self, key: str, value: str) -> None:
        if self._loading or not self._current:
            return
        period = self.current_period()
        if period is None:
            return
        before = {
            "tanggal": period.date,
            "meja": period.desk,
            "slot_waktu": period.slot,
            "reviewer": period.reviewer,
            "catatan_reviewer": period.notes,
        }.get(key)
        if before == value:
            return
        self._data = mv.set_period(self._data, self._current, key, value)
        self.changed.emit()

    def _on_activity_edited(self) -> None:
        # the model edits the row dicts of self._data in place
        self._update_average()
        if not self._loading:
            self.changed.emit()

    def _step(self, text: str, change: Any) -> None:
        self.stepStarting.emit()
        change()
        self.stepDone.emit(text)  # the stage page stores it at once (no ``changed``: one save, one step)

    def add_period(self) -> None:
        def change() -> None:
            if self.context is not None:
                data, pid = add_period_from(self.context, self._data)
            else:
                data, pid = mv.add_period(self._data, [])
            self._data = data
            self._fill_list(pid)

        self._step(_("tambah periode monev"), change)

    def start_rename(self) -> None:
        item = self.periods.currentItem()
        if item is not None:
            self.periods.editItem(item)

    def _on_period_renamed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        pid = str(item.data(ID_ROLE))
        name = " ".join(item.text().split())
        old = next((p.name for p in mv.periods(self._data) if p.id == pid), "")
        if not name or name == old:
            self._loading = True
            item.setText(old)
            self._loading = False
            return
        self._step(
            _("ganti nama periode monev"),
            lambda: setattr(self, "_data", mv.rename_period(self._data, pid, name)),
        )

    def remove_period(self) -> None:
        if not self._current:
            return
        ids = self.period_ids()
        gone = self._current
        at = ids.index(gone)
        rest = [i for i in ids if i != gone]

        def change() -> None:
            self._data = mv.remove_period(self._data, gone)
            self._fill_list(rest[min(at, len(rest) - 1)] if rest else None)

        self._step(_("hapus periode monev"), change)

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        return {k: v for k, v in self._data.items() if v not in (None, [], "")}

    def set_data(self, data: dict[str, Any]) -> None:
        self._data = copy.deepcopy(dict(data or {}))
        self._fill_list(self._current or None)

    def show_issues(self, issues: list[Issue]) -> None:
        self.setToolTip("\n".join(i.message for i in issues[:10]))
