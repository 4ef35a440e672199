"""Editing a worksheet's table field: a Qt model over a list of row dicts, with typed delegates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _
from labinovasi.reports.common import format_value
from labinovasi.services.refs import format_ref
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Option
from labinovasi.worksheets.validation import ROW_ID, compute_row, new_row_id, number_rows, parse_number

Index = QModelIndex | QPersistentModelIndex
MIN_HEIGHT, MAX_HEIGHT = 130, 460  # px of a table on a form: a few rows at least, most of a screen at most


OptionsFor = Callable[[Field], tuple[Option, ...]]  # the choices of a choice or ref column


class TableFieldModel(QAbstractTableModel):
    """Rows of one table field. Values are kept in their stored form (see validation.py);
    text typed into a number cell that is not a number is kept as text so nothing typed is
    lost, and validation reports it."""

    rowsEdited = Signal()

    def __init__(
        self,
        field: Field,
        rows: list[dict[str, Any]] | None = None,
        parent: QWidget | None = None,
        options: OptionsFor = field_options,
    ):
        super().__init__(parent)
        self.field = field
        self.options = options
        self.columns = list(field.columns)
        self._rows: list[dict[str, Any]] = _with_ids(rows or [])

    # --- model ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if col.type is FieldType.COMPUTED:
            value = compute_row(col, self._rows[index.row()])
            if role == Qt.ItemDataRole.DisplayRole:
                return "" if value is None else format_value(col, value)
            if role == Qt.ItemDataRole.ToolTipRole:
                return col.help or None
            return None
        value = index.row() + 1 if col.auto_number else self._rows[index.row()].get(col.key)
        if role == Qt.ItemDataRole.DisplayRole:
            if col.type is FieldType.REF:
                return format_ref(value, {o.value: o.label for o in self.options(col)})
            if (
                isinstance(value, str)
                and col.type in (FieldType.NUMBER, FieldType.SCORE)
                and parse_number(value) is None
            ):
                return value
            return format_value(col, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.help or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not _typed(self.columns[index.column()]):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        col = self.columns[index.column()]
        row = self._rows[index.row()]
        value = _from_editor(col, value)
        empty = value in (None, "", [])
        if (None if empty else value) == row.get(col.key) and type(value) is type(row.get(col.key, value)):
            return True  # a cell left as it was (an editor closing) is no edit
        if empty:
            row.pop(col.key, None)
        else:
            row[col.key] = value
        last = (
            index.siblingAtColumn(len(self.columns) - 1)
            if any(c.type is FieldType.COMPUTED for c in self.columns)
            else index
        )  # computed cells follow their row
        self.dataChanged.emit(index, last, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.rowsEdited.emit()
        return True

    # --- rows ---
    def rows(self) -> list[dict[str, Any]]:
        auto = {c.key for c in self.columns if c.auto_number}
        return number_rows(self.field, [dict(r) for r in self._rows if set(r) - {ROW_ID} - auto])

    def first_text_column(self) -> int:
        """Where typing a new row starts: its first column the user fills (LK-2b: the problem, not its
        number, which is the app's)."""
        return next((i for i, c in enumerate(self.columns) if _typed(c)), 0)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = _with_ids(rows)
        self.endResetModel()

    def insert_row(self, at: int | None = None) -> int:
        at = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, {ROW_ID: new_row_id()})
        self.endInsertRows()
        self._renumbered(at)
        self.rowsEdited.emit()
        return at

    def _renumbered(self, first: int) -> None:
        """The numbers of the rows from ``first`` on moved (a row came, went or moved)."""
        for c, col in enumerate(self.columns):
            if col.auto_number and first < len(self._rows):
                self.dataChanged.emit(self.index(first, c), self.index(len(self._rows) - 1, c))

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self._renumbered(row)
            self.rowsEdited.emit()

    def move_row(self, row: int, delta: int) -> int:
        dest = row + delta
        if not (0 <= row < len(self._rows) and 0 <= dest < len(self._rows)):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest + (1 if delta > 0 else 0))
        self._rows.insert(dest, self._rows.pop(row))
        self.endMoveRows()
        self._renumbered(min(row, dest))
        self.rowsEdited.emit()
        return dest


def _typed(col: Field) -> bool:
    """A column the user types into (not a computed value, not a row number the app keeps)."""
    return col.type is not FieldType.COMPUTED and not col.auto_number


def _with_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of ``rows``, each with a stable ``_id`` (kept if it has one)."""
    return [{ROW_ID: r.get(ROW_ID) or new_row_id(), **r} for r in rows]


def _from_editor(col: Field, value: Any) -> Any:
    if col.type in (FieldType.NUMBER, FieldType.SCORE) and isinstance(value, str):
        parsed = parse_number(value)
        return parsed if parsed is not None else value.strip()
    if col.type is FieldType.TEXT and isinstance(value, str):
        return value.strip()
    return value


class FieldDelegate(QStyledItemDelegate):
    """Editors by column type: a combo for choices, yes/no and scores, a date picker for dates."""

    def __init__(
        self, columns: list[Field], parent: QWidget | None = None, options: OptionsFor = field_options
    ):
        super().__init__(parent)
        self.columns = columns
        self.options = options

    def _choices(self, col: Field) -> list[tuple[Any, str]]:
        if col.type in (FieldType.CHOICE, FieldType.REF):
            return [(None, "—")] + [(o.value, o.label) for o in self.options(col)]
        if col.type is FieldType.YES_NO:
            return [(None, "—"), (True, _("Ya")), (False, _("Tidak"))]
        if col.type is FieldType.SCORE:
            return [(None, "—")] + [
                (i, str(i)) for i in range(int(col.minimum or 1), int(col.maximum or 5) + 1)
            ]
        return []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        col = self.columns[index.column()]
        choices = self._choices(col)
        if choices:
            combo = QComboBox(parent)
            for value, label in choices:
                combo.addItem(label, value)
            return combo
        if col.type is FieldType.PARAGRAPH:
            text = QPlainTextEdit(parent)  # Enter starts a new line; Tab or a click elsewhere keeps it
            text.setTabChangesFocus(True)
            return text
        if col.type is FieldType.DATE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            return edit
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            for i in range(editor.count()):
                if editor.itemData(i) == value and (value is not None or i == 0):
                    editor.setCurrentIndex(i)
                    return
            editor.setCurrentIndex(0)
        elif isinstance(editor, QDateEdit):
            try:
                d = dt.date.fromisoformat(value) if value else dt.date.today()
            except ValueError:
                d = dt.date.today()
            editor.setDate(QDate(d.year, d.month, d.day))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
            editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QDateEdit):
            q = editor.date()
            model.setData(index, dt.date(q.year(), q.month(), q.day()).isoformat())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText().strip())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """A paragraph is written in a box of several lines, wider than a narrow column, kept inside the
        table; the other editors fill their cell."""
        if not isinstance(editor, QPlainTextEdit):
            super().updateEditorGeometry(editor, option, index)
            return
        cell, area = option.rect, editor.parentWidget().rect()
        line = editor.fontMetrics().lineSpacing()
        width = min(max(cell.width(), 26 * editor.fontMetrics().averageCharWidth()), area.width())
        height = min(max(cell.height(), 5 * line + 12), area.height())
        x = max(0, min(cell.x(), area.width() - width))
        y = max(0, min(cell.y(), area.height() - height))
        editor.setGeometry(x, y, width, height)


class TableFieldEditor(QWidget):
    """A table field on a worksheet form: the grid, and buttons to add, insert, move and delete rows."""

    changed = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None, options: OptionsFor = field_options):
        super().__init__(parent)
        self.model = TableFieldModel(field, parent=self, options=options)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(FieldDelegate(self.model.columns, self.view, options))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAccessibleName(field.label)
        header = self.view.horizontalHeader()
        # the template's relative widths (a narrow "No", a wide problem text), refitted on every resize;
        # long headers wrap over lines instead of being cut
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumSectionSize(28)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)  # its font changes with the zoom: rows follow
        rows = self.view.verticalHeader()
        rows.setDefaultSectionSize(26)
        if any(c.auto_number for c in self.model.columns):
            rows.hide()  # the table numbers its rows itself
        if any(c.type is FieldType.PARAGRAPH for c in self.model.columns):
            # a paragraph shows a few lines of itself; the whole text is in its editor
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            rows.setMaximumSectionSize(5 * self.fontMetrics().lineSpacing() + 8)
        self.view.setMinimumHeight(MIN_HEIGHT)
        # the table grows with its rows (up to MAX_HEIGHT), so the form's scroll shows them, not a
        # small window onto them
        rows.sectionResized.connect(lambda *_a: self.fit_height())
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(lambda *_a: self.fit_height())
        self.model.rowsEdited.connect(self.changed)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Tambah baris"), self)
        self.insert_button = QPushButton(_("Sisipkan"), self)
        self.up_button = QPushButton(_("Naik"), self)
        self.down_button = QPushButton(_("Turun"), self)
        self.delete_button = QPushButton(_("Hapus baris"), self)
        for b in (self.add_button, self.insert_button, self.up_button, self.down_button, self.delete_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.add_button.clicked.connect(self.add_row)
        self.insert_button.clicked.connect(self.insert_row)
        self.delete_button.clicked.connect(self.delete_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        lay.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.view and event.type() == QEvent.Type.FontChange:
            self.view.verticalHeader().setDefaultSectionSize(max(26, self.view.fontMetrics().height() + 8))
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the table's width among its columns by their template widths."""
        columns = self.model.columns
        total = sum(c.width for c in columns) or 1.0
        room = self.view.viewport().width()
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        tallest = metrics.height()
        least = header.minimumSectionSize()
        widths = [max(least, int(room * c.width / total)) for c in columns]
        widths[-1] = max(least, room - sum(widths[:-1]))  # the last one takes what rounding left over
        for i, (col, width) in enumerate(zip(columns, widths, strict=True)):
            header.resizeSection(i, width)
            box = QRect(0, 0, max(10, width - 10), 10 * metrics.height())
            tallest = max(tallest, metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, col.label).height())
        header.setMinimumHeight(min(tallest, 4 * metrics.height()) + 10)  # a wrapped header shows whole
        self.fit_height()

    def fit_height(self) -> None:
        v = self.view
        wanted = (
            v.horizontalHeader().minimumHeight()
            + v.verticalHeader().length()
            + v.horizontalScrollBar().sizeHint().height()
            + 2 * v.frameWidth()
            + 4
        )
        v.setMinimumHeight(max(MIN_HEIGHT, min(MAX_HEIGHT, wanted)))

    def _current(self) -> int:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def _select(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, self.model.first_text_column()))

    def add_row(self) -> None:
        """A new row at the end, with the cursor in its first text (the number is the app's)."""
        row = self.model.insert_row()
        index = self.model.index(row, self.model.first_text_column())
        self.view.setFocus()
        self.view.setCurrentIndex(index)  # opens the cell's editor (the view edits on a current change)
        self.view.scrollTo(index)

    def insert_row(self) -> None:
        cur = self._current()
        self._select(self.model.insert_row(cur if cur >= 0 else 0))

    def delete_row(self) -> None:
        cur = self._current()
        if cur >= 0:
            self.model.remove_row(cur)

    def move_row(self, delta: int) -> None:
        cur = self._current()
        if cur >= 0:
            self._select(self.model.move_row(cur, delta))

    def set_read_only(self) -> None:
        """Shown, not edited (its rows are another worksheet's)."""
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for b in (self.add_button, self.insert_button, self.up_button, self.down_button, self.delete_button):
            b.hide()

    def value(self) -> list[dict[str, Any]]:
        self.commit_editing()
        return self.model.rows()

    def commit_editing(self) -> None:
        """What is being typed in a cell counts: a save (or closing the window) does not wait for the
        cell to be left."""
        editor = QApplication.focusWidget()
        view = self.view
        if (
            view.state() is QAbstractItemView.State.EditingState
            and editor is not None
            and view.viewport().isAncestorOf(editor)
        ):
            view.itemDelegate().commitData.emit(editor)

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        self.model.set_rows(rows or [])
