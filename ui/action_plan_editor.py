"""The rencana aksi (LK-3b) editor: a keyboard-first table with undo, and its Gantt chart below.

Every change — a cell, a row added, inserted, duplicated, moved or deleted — is a command on one
``QUndoStack``, so Ctrl+Z takes back any of them, and every change (undo and redo too) emits ``changed`` for
the stage page's autosave. A value that cannot be stored (``"lima juta"`` in Anggaran, ``"31/2/2027"`` in a
date) stays in its cell, tinted red, with a message naming the row; an activity that ends before it starts is
tinted amber and stored anyway (a soft rule). The Gantt (:class:`GanttView`) follows the table: the current
row's bar is highlighted, and clicking a bar selects its row.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _, format_number, format_rupiah
from labinovasi.worksheets.action_plan import (
    ACTIONS,
    BUDGET,
    END,
    MILESTONES,
    START,
    CellProblem,
    action_field,
    as_date,
    cell_problems,
    is_blank_row,
    parse_budget,
    parse_date_input,
    total_budget,
)
from labinovasi.worksheets.codes import MONEV
from labinovasi.worksheets.gantt import (
    PROGRESS_COLOUR,
    STALLED_COLOUR,
    GanttBar,
    GanttPlan,
    Milestone,
    cell_text,
    gantt_plan,
    progress_short,
    progress_text,
    short_date,
)
from labinovasi.worksheets.monev import Progress, latest_progress
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import ROW_ID, Issue, new_row_id
from ui import theme

Index = QModelIndex | QPersistentModelIndex

DISPLAY_LIMIT = 300  # characters of a long text shown in a cell (the editor and the tooltip have it all)
DATE_FORMAT = "dd/MM/yyyy"
MIN_HEIGHT = 460  # px of the whole editor
TABLE_ROWS_SHOWN = 20  # activities the table shows without a scroll of its own (a plan has ~15)


def _norm_text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def normalise_input(col: Field, value: Any) -> Any:
    """What an edit stores in the model: dates as ISO text, amounts as numbers, text trimmed; anything
    typed that cannot be read is kept as the text typed (and reported)."""
    if value is None:
        return None
    if col.type is FieldType.DATE:
        if isinstance(value, dt.date):
            return value.isoformat()
        text = _norm_text(value)
        if text is None:
            return None
        d = as_date(text) or parse_date_input(text)
        return d.isoformat() if d else text
    if col.type is FieldType.NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        text = _norm_text(value)
        if text is None:
            return None
        parsed = parse_budget(text)
        return parsed if parsed is not None else text
    if col.type is FieldType.CHOICE:
        return value or None
    if isinstance(value, str):
        return _norm_text(value)
    return value


# --- the model and its commands ---------------------------------------------------------------------


class ActionPlanModel(QAbstractTableModel):
    """The rows of LK-3b's ``rencana_aksi`` as the table shows them. All changes by the user go through
    the undo stack (``setData`` pushes a command); the commands call the ``apply_*`` methods."""

    contentChanged = Signal()  # every change of the rows (by a command: edit, undo, redo)
    focusRequested = Signal(int, int)  # row, column to select after a command

    def __init__(self, field: Field, stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.stack = stack
        self.columns = [c for c in field.columns if c.type is not FieldType.COMPUTED]
        self.keys = [c.key for c in self.columns]
        self._rows: list[dict[str, Any]] = []
        self._marks: dict[tuple[int, str], tuple[str, bool]] = {}  # (row, key) -> (message, soft)
        self._row_notes: dict[int, str] = {}  # row -> message for rows the Gantt cannot draw
        self._labels = {
            c.key: {o.value: o.label for o in field_options(c)}
            for c in self.columns
            if c.type is FieldType.CHOICE
        }
        self._warn_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # --- Qt's model interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{col.label} ({col.unit})" if col.unit else col.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return col.help or None
            return None
        if not 0 <= section < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        if role == Qt.ItemDataRole.DecorationRole and self._row_problem(section):
            return self._warn_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._row_problem(section) or None
        return None

    def _row_problem(self, row: int) -> str:
        msgs = [m for (r, _k), (m, _s) in self._marks.items() if r == row]
        if row in self._row_notes:
            msgs.append(self._row_notes[row])
        return "\n".join(msgs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        col = self.columns[index.column()]
        value = self._rows[index.row()].get(col.key)
        mark = self._marks.get((index.row(), col.key))
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(col, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if mark:
                return mark[0]
            if isinstance(value, str) and len(value) > 60:
                return value[:1000] + ("…" if len(value) > 1000 else "")
            return col.help or None
        if role == Qt.ItemDataRole.BackgroundRole and mark:
            return theme.brush("warn_bg" if mark[1] else "error_bg")  # soft rule broken / cannot be stored
        if role == Qt.ItemDataRole.ForegroundRole and mark and not mark[1]:
            return theme.brush("error_strong")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.type is FieldType.NUMBER:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def display_text(self, col: Field, value: Any) -> str:
        text = cell_text(col, value, self._labels.get(col.key))
        return text if len(text) <= DISPLAY_LIMIT else text[:DISPLAY_LIMIT] + "…"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """An edit by the user: pushed onto the undo stack as a command (nothing when unchanged)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        col = self.columns[index.column()]
        new = normalise_input(col, value)
        old = self._rows[index.row()].get(col.key)
        if new == old and type(new) is type(old):
            return True
        self.stack.push(SetCellCommand(self, index.row(), index.column(), old, new))
        return True

    # --- reading and loading ---
    def rows(self) -> list[dict[str, Any]]:
        """Copies of all rows, in table order, blank ones included."""
        return [dict(r) for r in self._rows]

    def row(self, i: int) -> dict[str, Any]:
        return dict(self._rows[i])

    def reset_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [_with_id(r) for r in rows if isinstance(r, dict)]
        self._marks, self._row_notes = {}, {}
        self.endResetModel()

    def set_marks(self, marks: dict[tuple[int, str], tuple[str, bool]], row_notes: dict[int, str]) -> None:
        """Tint the cells with a problem and put a warning on their rows' numbers."""
        if marks == self._marks and row_notes == self._row_notes:
            return
        changed_rows = (
            {r for r, _k in marks} | {r for r, _k in self._marks} | set(row_notes) | set(self._row_notes)
        )
        self._marks, self._row_notes = dict(marks), dict(row_notes)
        if not self._rows or not changed_rows:
            return
        first, last = max(0, min(changed_rows)), min(len(self._rows) - 1, max(changed_rows))
        if first <= last:
            self.dataChanged.emit(
                self.index(first, 0),
                self.index(last, len(self.columns) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole],
            )
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, last)

    def mark(self, row: int, key: str) -> tuple[str, bool] | None:
        return self._marks.get((row, key))

    # --- changes, called by the commands only ---
    def apply_cell(self, row: int, column: int, value: Any) -> None:
        key = self.keys[column]
        if value is None or value == "":
            self._rows[row].pop(key, None)
        else:
            self._rows[row][key] = value
        idx = self.index(row, column)
        self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.contentChanged.emit()

    def apply_insert(self, at: int, rows: list[dict[str, Any]]) -> None:
        self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
        self._rows[at:at] = [dict(r) for r in rows]
        self.endInsertRows()
        self.contentChanged.emit()

    def apply_remove(self, at: int, count: int) -> list[dict[str, Any]]:
        self.beginRemoveRows(QModelIndex(), at, at + count - 1)
        removed = self._rows[at : at + count]
        del self._rows[at : at + count]
        self.endRemoveRows()
        self.contentChanged.emit()
        return removed

    def apply_move(self, first: int, count: int, delta: int) -> None:
        """Move the block of ``count`` rows starting at ``first`` by ``delta`` places."""
        dest = first + count + delta if delta > 0 else first + delta
        self.beginMoveRows(QModelIndex(), first, first + count - 1, QModelIndex(), dest)
        block = self._rows[first : first + count]
        del self._rows[first : first + count]
        self._rows[first + delta : first + delta] = block
        self.endMoveRows()
        self.contentChanged.emit()


def _with_id(row: dict[str, Any]) -> dict[str, Any]:
    rid = row.get(ROW_ID)
    return {
        ROW_ID: rid if isinstance(rid, str) and rid else new_row_id(),
        **{k: v for k, v in row.items() if k != ROW_ID},
    }


class SetCellCommand(QUndoCommand):
    def __init__(self, model: ActionPlanModel, row: int, column: int, old: Any, new: Any):
        super().__init__(_("ubah {col} baris {n}").format(col=model.columns[column].label, n=row + 1))
        self.model, self.row, self.column, self.old, self.new = model, row, column, old, new

    def redo(self) -> None:
        self.model.apply_cell(self.row, self.column, self.new)
        self.model.focusRequested.emit(self.row, self.column)

    def undo(self) -> None:
        self.model.apply_cell(self.row, self.column, self.old)
        self.model.focusRequested.emit(self.row, self.column)


class InsertRowsCommand(QUndoCommand):
    def __init__(
        self, model: ActionPlanModel, at: int, rows: list[dict[str, Any]], text: str, focus_column: int = 0
    ):
        super().__init__(text)
        self.model, self.at, self.rows, self.focus_column = model, at, [dict(r) for r in rows], focus_column

    def redo(self) -> None:
        self.model.apply_insert(self.at, self.rows)
        self.model.focusRequested.emit(self.at, self.focus_column)

    def undo(self) -> None:
        self.model.apply_remove(self.at, len(self.rows))
        self.model.focusRequested.emit(min(self.at, self.model.rowCount() - 1), self.focus_column)


class RemoveRowsCommand(QUndoCommand):
    """Removes rows (any set of them); undo puts each back where it was, with its id."""

    def __init__(self, model: ActionPlanModel, rows: list[int], text: str):
        super().__init__(text)
        self.model = model
        self.indices = sorted(set(rows))
        self.removed: list[tuple[int, dict[str, Any]]] = []

    def redo(self) -> None:
        self.removed = []
        for i in reversed(self.indices):
            self.removed.append((i, self.model.apply_remove(i, 1)[0]))
        self.removed.reverse()
        self.model.focusRequested.emit(min(self.indices[0], self.model.rowCount() - 1), 0)

    def undo(self) -> None:
        for i, row in self.removed:
            self.model.apply_insert(i, [row])
        self.model.focusRequested.emit(self.indices[0], 0)


class MoveRowsCommand(QUndoCommand):
    def __init__(self, model: ActionPlanModel, first: int, count: int, delta: int, column: int):
        n = first + 1
        text = (_("pindahkan baris {n} ke atas") if delta < 0 else _("pindahkan baris {n} ke bawah")).format(
            n=n
        )
        super().__init__(text)
        self.model, self.first, self.count, self.delta, self.column = model, first, count, delta, column

    def redo(self) -> None:
        self.model.apply_move(self.first, self.count, self.delta)
        self.model.focusRequested.emit(self.first + self.delta, self.column)

    def undo(self) -> None:
        self.model.apply_move(self.first + self.delta, self.count, -self.delta)
        self.model.focusRequested.emit(self.first, self.column)


# --- cell editors -----------------------------------------------------------------------------------


def _calendar_icon() -> QIcon:
    pm = QPixmap(16, 16)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(theme.color("ink_soft"), 1.2))
    p.setBrush(theme.color("surface"))
    p.drawRoundedRect(QRectF(1.5, 2.5, 13, 12), 1.5, 1.5)
    p.fillRect(QRectF(2, 3, 12, 3), theme.color("accent"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(theme.color("ink_soft"))
    for r in range(2):
        for c in range(3):
            p.drawRect(QRectF(4 + c * 3.2, 8 + r * 3, 1.8, 1.8))
    p.end()
    return QIcon(pm)


class DateLineEdit(QLineEdit):
    """A date typed the way people write it ("12/3/2027", "12 Maret 2027") or picked from a calendar
    (Alt+Down, F4 or the icon). Text that is not a date is kept as typed, and reported."""

    picked = Signal()  # a date was chosen in the calendar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("hh/bb/tttt"))
        self.setToolTip(_("Ketik tanggal, misalnya 12/3/2027 atau 12 Maret 2027; Alt+Bawah membuka kalender"))
        self.calendar_action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(_("Pilih dari kalender (Alt+Bawah)"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.popup: QCalendarWidget | None = None

    def set_value(self, value: Any) -> None:
        d = as_date(value)
        self.setText(d.strftime("%d/%m/%Y") if d else ("" if value is None else str(value)))

    @staticmethod
    def _opens_calendar(event: Any) -> bool:
        return event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        )

    def event(self, event: QEvent) -> bool:
        # Alt+Down is also the editor's "move row down": while typing a date it opens the calendar
        if event.type() == QEvent.Type.ShortcutOverride and self._opens_calendar(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self._opens_calendar(event):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        cal = QCalendarWidget(self)
        cal.setWindowFlags(Qt.WindowType.Popup)
        cal.setGridVisible(True)
        cal.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        d = parse_date_input(self.text()) or dt.date.today()
        cal.setSelectedDate(QDate(d.year, d.month, d.day))
        cal.clicked.connect(self._choose)
        cal.activated.connect(self._choose)
        cal.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        cal.move(self.mapToGlobal(QPoint(0, self.height())))
        cal.show()
        cal.setFocus()
        self.popup = cal

    def _choose(self, qd: QDate) -> None:
        self.setText(f"{qd.day():02d}/{qd.month():02d}/{qd.year()}")
        if self.popup is not None:
            self.popup.close()
            self.popup = None
        self.setFocus()
        self.picked.emit()


class ActionPlanDelegate(QStyledItemDelegate):
    """Typed cell editors: a list for Tahap, a date field for Mulai and Selesai, an amount field for
    Anggaran (``1.500.000``, ``Rp 2,5 juta``), plain text for the rest."""

    def __init__(self, columns: list[Field], parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        col = self.columns[index.column()]
        if col.type is FieldType.CHOICE:
            combo = QComboBox(parent)
            combo.addItem("—", None)
            for o in field_options(col):
                combo.addItem(o.label, o.value)
            return combo
        if col.type is FieldType.DATE:
            edit = DateLineEdit(parent)
            edit.picked.connect(lambda e=edit: self._commit_and_close(e))
            return edit
        edit = QLineEdit(parent)
        if col.type is FieldType.NUMBER:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setPlaceholderText(_("contoh: 1.500.000"))
        return edit

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        col = self.columns[index.column()]
        if isinstance(editor, QComboBox):
            pos = editor.findData(value) if value is not None else 0
            editor.setCurrentIndex(max(0, pos))
        elif isinstance(editor, DateLineEdit):
            editor.set_value(value)
        elif isinstance(editor, QLineEdit):
            if (
                col.type is FieldType.NUMBER
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
            ):
                editor.setText(format_number(value))
            else:
                editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class ActionTableView(QTableView):
    """The table, with a way to finish an edit in progress before a row command."""

    def finish_editing(self) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is None:
            w = QApplication.focusWidget()
            while w is not None and w.parentWidget() is not self.viewport():
                w = w.parentWidget()
            editor = w
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


# --- the Gantt on screen ----------------------------------------------------------------------------


class GanttView(QAbstractScrollArea):
    """Paints a :class:`GanttPlan`: row labels on the left, bars on a month (or week) axis whose header
    stays in place while the rows scroll, the month grid, a line for today, milestone diamonds (uji coba,
    launching, penerapan and the tonggak of LK-3c), and a warning marker for rows without usable dates.
    The current row is highlighted; clicking a row emits ``rowActivated``."""

    rowActivated = Signal(int)

    ROW_H = 22
    BAND_H = 17
    TICK_H = 18

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan: GanttPlan = gantt_plan([], None)
        self.current = -1
        self.today = dt.date.today()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(self.ROW_H)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.viewport().setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(_("Gantt rencana aksi"))
        self._warn_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    @property
    def header_h(self) -> int:
        return self.BAND_H + self.TICK_H

    def lines(self) -> list[tuple[str, Any]]:
        return [("bar", b) for b in self.plan.bars] + [("stone", m) for m in self.plan.milestones]

    def set_plan(self, plan: GanttPlan) -> None:
        self.plan = plan
        self._update_scroll()
        self.viewport().update()

    def set_current_row(self, row: int) -> None:
        self.current = row
        if 0 <= row < len(self.plan.bars):
            top = row * self.ROW_H
            sb = self.verticalScrollBar()
            page = max(1, self.viewport().height() - self.header_h)
            if top < sb.value():
                sb.setValue(top)
            elif top + self.ROW_H > sb.value() + page:
                sb.setValue(top + self.ROW_H - page)
        self.viewport().update()

    def _update_scroll(self) -> None:
        content = len(self.lines()) * self.ROW_H + 4
        page = max(1, self.viewport().height() - self.header_h)
        sb = self.verticalScrollBar()
        sb.setRange(0, max(0, content - page))
        sb.setPageStep(page)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._update_scroll()
        self.set_current_row(self.current)  # keep the current row in view

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, self.header_h + 3 * self.ROW_H)

    def label_width(self) -> int:
        return int(max(150, min(self.viewport().width() * 0.28, 300)))

    def line_at(self, y: int) -> int:
        """The index of the line (bar, then milestone) at viewport ``y``; -1 for none."""
        if y < self.header_h:
            return -1
        i = (y - self.header_h + self.verticalScrollBar().value()) // self.ROW_H
        return i if 0 <= i < len(self.lines()) else -1

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        i = self.line_at(int(event.position().y()))
        if 0 <= i < len(self.plan.bars):
            self.rowActivated.emit(i)
        event.accept()

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            i = self.line_at(pos.y())
            lines = self.lines()
            if i >= 0:
                kind, item = lines[i]
                QToolTip.showText(event.globalPos(), self._tooltip(kind, item), self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, kind: str, item: Any) -> str:
        if kind == "stone":
            m: Milestone = item
            text = f"{m.label} — {short_date(m.date)}"
            return text + (f"\n{m.note[:300]}" if m.note else "")
        b: GanttBar = item
        head = f"{b.number}. {b.label[:200]}"
        if not b.valid:
            return f"{head}\n{b.problem}"
        assert b.start and b.end
        days = (b.end - b.start).days + 1
        text = f"{head}\n{b.phase.label} · {short_date(b.start)} – {short_date(b.end)} ({days} hari)"
        return text + (f"\n{progress_text(b.progress)}" if b.progress is not None else "")

    # --- painting ---
    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        w, h = self.viewport().width(), self.viewport().height()
        lw = self.label_width()
        cw = max(10, w - lw - 8)
        plan = self.plan
        scroll = self.verticalScrollBar().value()
        lines = self.lines()
        text_c = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        grid = theme.color("rule")
        top = self.header_h

        def xpos(f: float) -> float:
            return lw + f * cw

        if not lines:
            p.setPen(muted)
            p.drawText(
                self.viewport().rect(),
                Qt.AlignmentFlag.AlignCenter,
                _("Belum ada kegiatan. Tekan Ctrl+Enter untuk menambah baris."),
            )
            p.end()
            return

        # rows (clipped below the header)
        p.save()
        p.setClipRect(0, top, w, h - top)
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        first = scroll // self.ROW_H
        last = min(len(lines), first + (h - top) // self.ROW_H + 2)
        for i in range(first, last):
            y = top + i * self.ROW_H - scroll
            if i == self.current and i < len(plan.bars):
                hl = QColor(pal.color(QPalette.ColorRole.Highlight))
                hl.setAlpha(60)
                p.fillRect(0, y, w, self.ROW_H, hl)
            elif i % 2:
                p.fillRect(0, y, w, self.ROW_H, alt)
        rows_bottom = min(h, top + len(lines) * self.ROW_H - scroll)
        p.setPen(QPen(grid, 1))
        for tick in plan.ticks:
            x = xpos(tick.x0)
            p.drawLine(QPointF(x, top), QPointF(x, rows_bottom))
        for band in plan.bands:
            p.setPen(QPen(muted, 1))
            x = xpos(band.x0)
            p.drawLine(QPointF(x, top), QPointF(x, rows_bottom))
        for m in plan.milestones:
            if m.kind != "tonggak":
                pen = QPen(QColor(m.colour), 1.3, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.drawLine(QPointF(xpos(m.x), top), QPointF(xpos(m.x), rows_bottom))
        tx = plan.x_of_day(self.today)
        if tx is not None:
            p.setPen(QPen(theme.color("today"), 1.5, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(xpos(tx), top), QPointF(xpos(tx), rows_bottom))
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        for i in range(first, last):
            y = top + i * self.ROW_H - scroll
            kind, item = lines[i]
            if kind == "stone":
                if i == len(plan.bars):
                    p.setPen(QPen(muted, 1))
                    p.drawLine(0, y, w, y)
                self._paint_stone(p, item, y, lw, xpos, fm, text_c)
            else:
                self._paint_bar(p, item, y, lw, xpos, fm, text_c, i == self.current)
        p.restore()

        # the header, over everything
        p.fillRect(0, 0, w, top, pal.color(QPalette.ColorRole.Button))
        p.setPen(pal.color(QPalette.ColorRole.ButtonText))
        p.setFont(bold)
        p.drawText(QRectF(6, self.BAND_H, lw - 8, self.TICK_H), Qt.AlignmentFlag.AlignVCenter, _("Kegiatan"))
        for band in plan.bands:
            x0, x1 = xpos(band.x0), xpos(band.x1)
            text = _fit(fm, band.label, band.short, x1 - x0 - 4, bold)
            p.drawText(QRectF(x0, 0, x1 - x0, self.BAND_H), Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font())
        step = _tick_step(fm, plan, cw)
        for k, tick in enumerate(plan.ticks):
            if k % step:
                continue
            x0 = xpos(tick.x0)
            x1 = xpos(plan.ticks[min(k + step - 1, len(plan.ticks) - 1)].x1)
            p.drawText(
                QRectF(x0, self.BAND_H, x1 - x0, self.TICK_H),
                Qt.AlignmentFlag.AlignCenter,
                _fit(fm, tick.short, tick.short, x1 - x0 - 2),
            )
        if not plan.has_dates:
            p.setPen(muted)
            p.drawText(
                QRectF(lw + 6, 0, cw, top),
                Qt.AlignmentFlag.AlignVCenter,
                _("Isi tanggal mulai dan selesai untuk menggambar jadwal"),
            )
        p.setPen(QPen(muted, 1))
        p.drawLine(0, top - 1, w, top - 1)
        p.drawLine(lw, 0, lw, rows_bottom)
        if tx is not None:  # a small red triangle on the axis marks today
            x = xpos(tx)
            path = QPainterPath()
            path.moveTo(x - 5, top - 8)
            path.lineTo(x + 5, top - 8)
            path.lineTo(x, top - 1)
            path.closeSubpath()
            p.fillPath(path, theme.color("today"))
        p.end()

    def _paint_bar(
        self,
        p: QPainter,
        bar: GanttBar,
        y: int,
        lw: int,
        xpos: Any,
        fm: QFontMetrics,
        text_c: QColor,
        current: bool,
    ) -> None:
        label_x = 30
        p.setPen(theme.color("muted"))
        p.drawText(
            QRectF(2, y, 24, self.ROW_H),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{bar.number}.",
        )
        if not bar.valid:
            self._warn_icon.paint(p, label_x, y + (self.ROW_H - 14) // 2, 14, 14)
            label_x += 17
        p.setPen(text_c if bar.valid else theme.color("warn_mark"))
        p.drawText(
            QRectF(label_x, y, lw - label_x - 4, self.ROW_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(bar.label[:400], Qt.TextElideMode.ElideRight, lw - label_x - 6),
        )
        bh = self.ROW_H * 0.5
        mid = y + self.ROW_H / 2
        if bar.valid and bar.x0 is not None and bar.x1 is not None:
            x0, x1 = xpos(bar.x0), xpos(bar.x1)
            fill = QColor(bar.phase.colour)
            p.setPen(QPen(fill.darker(170) if not current else theme.color("ink"), 2 if current else 1))
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(x0, mid - bh / 2, max(3.0, x1 - x0), bh), 2, 2)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if bar.progress is not None:
                self._paint_progress(p, bar.progress, x0, max(3.0, x1 - x0), mid, bh, fm)
            return
        if bar.ghost is not None:
            p.setPen(QPen(theme.color("warn_mark"), 1.2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            x0, x1 = xpos(bar.ghost[0]), xpos(bar.ghost[1])
            p.drawRect(QRectF(x0, mid - bh / 2, max(3.0, x1 - x0), bh))
        x = xpos(bar.marker) if bar.marker is not None else lw + 8
        _paint_warning(p, x, mid, 7)

    def _paint_progress(
        self,
        p: QPainter,
        progress: Progress,
        x0: float,
        width: float,
        mid: float,
        bh: float,
        fm: QFontMetrics,
    ) -> None:
        """The latest monev over a planned bar: a dark band inside it as long as the done part, the percent
        beside it; a stalled activity gets a red outline and a red dot."""
        done = width * progress.fraction
        if done > 0:
            p.fillRect(QRectF(x0, mid - bh * 0.2, done, bh * 0.4), QColor(PROGRESS_COLOUR))
        stalled = progress.stalled
        red = QColor(STALLED_COLOUR)
        if stalled:
            p.setPen(QPen(red, 2))
            p.drawRoundedRect(QRectF(x0, mid - bh / 2, width, bh), 2, 2)
        label = progress_short(progress)
        right = self.viewport().width() - 8
        tw = fm.horizontalAdvance(label)
        dot = 4.0 if stalled else 0.0
        x = x0 + width + 3
        if x + tw + dot * 2 + 2 > right:
            x = max(float(self.label_width()), x0 - tw - dot * 2 - 5)
        if stalled:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(red)
            p.drawEllipse(QRectF(x, mid - dot, dot * 2, dot * 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            x += dot * 2 + 2
        p.setPen(red if stalled else self.palette().color(QPalette.ColorRole.Text))
        p.drawText(QRectF(x, mid - bh, tw + 2, bh * 2), Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_stone(
        self, p: QPainter, m: Milestone, y: int, lw: int, xpos: Any, fm: QFontMetrics, text_c: QColor
    ) -> None:
        mid = y + self.ROW_H / 2
        _paint_diamond(p, 16, mid, 5, QColor(m.colour))
        p.setPen(text_c)
        text = f"{m.label} · {short_date(m.date)}"
        p.drawText(
            QRectF(30, y, lw - 34, self.ROW_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(text[:400], Qt.TextElideMode.ElideRight, lw - 36),
        )
        _paint_diamond(p, xpos(m.x), mid, 6, QColor(m.colour))


def legend_html(plan: GanttPlan) -> str:
    """The key to the chart's colours and marks, as one line of rich text."""

    def swatch(colour: str) -> str:
        return f'<span style="background-color:{colour}; color:{colour}">&#9632;&#9632;</span>'

    def text(label: str) -> str:  # an item never breaks inside
        return html.escape(label).replace(" ", "&nbsp;")

    def mark(colour: str, glyph: str, label: str) -> str:
        return f'<span style="color:{colour}">{glyph}</span>&nbsp;{text(label)}'

    items = [f"{swatch(p.colour)}&nbsp;{text(p.label)}" for p in plan.phases]
    kinds = {m.kind: m for m in plan.milestones}
    for kind in ("uji_coba", "launching", "penerapan", "tonggak"):
        if kind in kinds:
            label = _("Tonggak capaian") if kind == "tonggak" else kinds[kind].label
            items.append(mark(kinds[kind].colour, "&#9670;", label))
    if plan.has_progress:
        items.append(mark(PROGRESS_COLOUR, "&#9644;", _("kemajuan menurut monev terakhir")))
    if plan.stalled:
        items.append(mark(STALLED_COLOUR, "&#9679;", _("terkendala")))
    if plan.problems:
        items.append(mark(theme.value("warn_mark"), "&#9650;", _("tanggal belum lengkap atau terbalik")))
    if plan.has_dates:
        items.append(mark(theme.value("today"), "&#9474;", _("hari ini")))
    return "&nbsp;&nbsp; ".join(items)


def _fit(fm: QFontMetrics, label: str, short: str, width: float, font: QFont | None = None) -> str:
    metrics = QFontMetrics(font) if font is not None else fm
    if metrics.horizontalAdvance(label) <= width:
        return label
    if metrics.horizontalAdvance(short) <= width:
        return short
    return ""


def _tick_step(fm: QFontMetrics, plan: GanttPlan, chart_w: float) -> int:
    if not plan.ticks:
        return 1
    widest = max(fm.horizontalAdvance(t.short) for t in plan.ticks) + 6
    narrowest = min(t.x1 - t.x0 for t in plan.ticks) * chart_w
    step = 1
    while step < len(plan.ticks) and narrowest * step < widest:
        step += 1
    return step


def _paint_diamond(p: QPainter, x: float, y: float, r: float, fill: QColor) -> None:
    path = QPainterPath()
    path.moveTo(x, y - r)
    path.lineTo(x + r, y)
    path.lineTo(x, y + r)
    path.lineTo(x - r, y)
    path.closeSubpath()
    p.setPen(QPen(theme.color("ink"), 1))
    p.setBrush(fill)
    p.drawPath(path)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _paint_warning(p: QPainter, x: float, y: float, r: float) -> None:
    path = QPainterPath()
    path.moveTo(x, y - r)
    path.lineTo(x + r, y + r * 0.8)
    path.lineTo(x - r, y + r * 0.8)
    path.closeSubpath()
    p.setPen(QPen(theme.color("warn_mark").darker(130), 1))
    p.setBrush(theme.color("warn_mark"))
    p.drawPath(path)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(theme.color("on_accent"), 1.6))
    p.drawLine(QPointF(x, y - r * 0.35), QPointF(x, y + r * 0.25))
    p.drawPoint(QPointF(x, y + r * 0.55))


# --- the editor -------------------------------------------------------------------------------------


class ActionPlanEditor(QWidget):
    """LK-3b's editor (see ``ui/editors.py`` for the contract): ``changed`` on every edit, undo and redo;
    ``data()``, ``set_data()`` and ``show_issues()``."""

    owns_undo = True  # its row-by-row history answers Ctrl+Z while it has the focus (see the main window)

    changed = Signal()

    def __init__(self, template: Template, context: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.context = context
        self.field = action_field(template)
        self._external: list[Issue] = []
        self._problems: list[CellProblem] = []
        self.milestones: dict[str, Any] = {}
        self.progress: dict[str, Progress] = {}

        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(1000)
        self.model = ActionPlanModel(self.field, self.stack, self)
        self.model.contentChanged.connect(self._on_content_changed)
        self.model.focusRequested.connect(self._focus_cell)

        title = QLabel(f"{template.code} · {template.title}", self)
        tf = title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.25)
        tf.setBold(True)
        title.setFont(tf)
        title.setWordWrap(True)
        self.help_label = QLabel(template.help, self)
        self.help_label.setWordWrap(True)
        theme.style(self.help_label, lambda: theme.css_text("muted"))

        self.view = ActionTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ActionPlanDelegate(self.model.columns, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(True)
        self.view.setAccessibleName(self.field.label)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = header.fontMetrics()
        for i, col in enumerate(self.model.columns):
            title_w = fm.horizontalAdvance(str(self.model.headerData(i, Qt.Orientation.Horizontal))) + 18
            self.view.setColumnWidth(i, int(max(84, min(col.width * 78, 260), min(title_w, 200))))
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)

        self.gantt = GanttView(self)
        self.gantt.rowActivated.connect(self._on_gantt_row)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Ringkasan rencana aksi"))
        self.messages = QListWidget(self)
        self.messages.setAccessibleName(_("Masalah pada rencana aksi"))
        self.messages.setToolTip(_("Enter atau klik dua kali: ke sel yang bermasalah"))
        self.messages.setIconSize(QSize(16, 16))
        self.messages.itemActivated.connect(self._on_message)
        self.messages.hide()
        self._warn_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._error_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(_("Keterangan warna Gantt"))
        lf = self.legend.font()
        lf.setPointSizeF(lf.pointSizeF() * 0.9)
        self.legend.setFont(lf)
        self.milestone_hint = QLabel(
            _("Tanggal uji coba, launching dan penerapan (LK-3c) tampil di Gantt setelah LK-3c diisi."), self
        )
        self.milestone_hint.setWordWrap(True)
        theme.style(self.milestone_hint, lambda: theme.css_text("muted"))

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        sp = QStyle.StandardPixmap
        self._action(
            "add",
            _("Tambah baris"),
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            self.add_row,
            _("Tambah baris di akhir"),
        )
        self._action(
            "insert",
            _("Sisipkan"),
            [
                QKeySequence("Ctrl+Shift+Return"),
                QKeySequence("Ctrl+Shift+Enter"),
                QKeySequence(Qt.Key.Key_Insert),
            ],
            self.insert_row,
            _("Sisipkan baris di atas baris ini"),
        )
        self._action(
            "duplicate",
            _("Duplikat"),
            [QKeySequence("Ctrl+D")],
            self.duplicate_rows,
            _("Duplikat baris terpilih"),
        )
        self._action(
            "up",
            _("Naik"),
            [QKeySequence("Alt+Up")],
            lambda: self.move_rows(-1),
            _("Pindahkan baris ke atas"),
            sp.SP_ArrowUp,
        )
        self._action(
            "down",
            _("Turun"),
            [QKeySequence("Alt+Down")],
            lambda: self.move_rows(1),
            _("Pindahkan baris ke bawah"),
            sp.SP_ArrowDown,
        )
        self._action(
            "delete",
            _("Hapus baris"),
            [QKeySequence("Ctrl+Delete")],
            self.delete_rows,
            _("Hapus baris terpilih (dapat diurungkan)"),
        )
        self.toolbar.addSeparator()
        self._action("undo", _("Urungkan"), [QKeySequence("Ctrl+Z")], self.undo, _("Urungkan"))
        self._action(
            "redo",
            _("Ulangi"),
            [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")],
            self.redo,
            _("Ulangi"),
        )
        clear = QAction(_("Kosongkan sel"), self)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.clear_cells)
        self.view.addAction(clear)  # Delete on the table (not while typing in a cell)
        self.actions_by_name["clear"] = clear
        self.stack.canUndoChanged.connect(self._update_actions)
        self.stack.canRedoChanged.connect(self._update_actions)
        self.stack.undoTextChanged.connect(self._update_actions)
        self.stack.redoTextChanged.connect(self._update_actions)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        gantt_box = QWidget(split)
        gl = QVBoxLayout(gantt_box)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.setSpacing(2)
        gl.addWidget(self.gantt, 1)
        gl.addWidget(self.legend)
        gl.addWidget(self.milestone_hint)
        split.addWidget(gantt_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.splitter = split

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(4)
        lay.addWidget(title)
        lay.addWidget(self.help_label)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.summary)
        lay.addWidget(self.messages)
        lay.addWidget(split, 1)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setFocusProxy(self.view)

        self._load_milestones()
        self._refresh()
        self._update_actions()

    # --- actions ---
    def _action(
        self,
        name: str,
        text: str,
        keys: list[QKeySequence],
        slot: Any,
        tip: str,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        act = QAction(text, self)
        act.setShortcuts(keys)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{tip} ({shortcut})")
        act.setData(tip)
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.triggered.connect(slot)
        self.addAction(act)
        self.toolbar.addAction(act)
        self.actions_by_name[name] = act
        return act

    def _update_actions(self, *_args: Any) -> None:
        for name, can, text in (
            ("undo", self.stack.canUndo(), self.stack.undoText()),
            ("redo", self.stack.canRedo(), self.stack.redoText()),
        ):
            act = self.actions_by_name[name]
            act.setEnabled(can)
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            base = act.data()
            act.setToolTip(f"{base}: {text} ({keys})" if text else f"{base} ({keys})")
        has_rows = self.model.rowCount() > 0
        for name in ("duplicate", "up", "down", "delete"):
            self.actions_by_name[name].setEnabled(has_rows)

    def _current_row(self) -> int:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def _current_col(self) -> int:
        idx = self.view.currentIndex()
        return idx.column() if idx.isValid() else 0

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        cur = self._current_row()
        if not rows and cur >= 0:
            rows = [cur]
        if cur >= 0 and cur not in rows:
            rows = [cur]
        return rows

    def add_row(self) -> None:
        """Ctrl+Enter: a new row at the end."""
        self.view.finish_editing()
        n = self.model.rowCount()
        self.stack.push(
            InsertRowsCommand(self.model, n, [{ROW_ID: new_row_id()}], _("tambah baris {n}").format(n=n + 1))
        )
        self.view.setFocus()

    def insert_row(self) -> None:
        """Ctrl+Shift+Enter / Insert: a new row above the current one (at the end when there is none)."""
        self.view.finish_editing()
        cur = self._current_row()
        at = cur if cur >= 0 else self.model.rowCount()
        self.stack.push(
            InsertRowsCommand(
                self.model,
                at,
                [{ROW_ID: new_row_id()}],
                _("sisipkan baris {n}").format(n=at + 1),
                self._current_col(),
            )
        )
        self.view.setFocus()

    def duplicate_rows(self) -> None:
        """Ctrl+D: copies of the selected rows below them (with new ids)."""
        self.view.finish_editing()
        rows = self.selected_rows()
        if not rows:
            return
        copies = [{**copy.deepcopy(self.model.row(r)), ROW_ID: new_row_id()} for r in rows]
        at = rows[-1] + 1
        self.stack.push(
            InsertRowsCommand(
                self.model, at, copies, _("duplikat baris {n}").format(n=rows[0] + 1), self._current_col()
            )
        )
        self.view.setFocus()

    def delete_rows(self) -> None:
        """Ctrl+Delete: remove the selected rows (no question asked: Ctrl+Z brings them back)."""
        self.view.finish_editing()
        rows = self.selected_rows()
        if not rows:
            return
        text = (
            _("hapus baris {n}").format(n=rows[0] + 1)
            if len(rows) == 1
            else _("hapus {k} baris").format(k=len(rows))
        )
        self.stack.push(RemoveRowsCommand(self.model, rows, text))
        self.view.setFocus()

    def move_rows(self, delta: int) -> None:
        """Alt+Up / Alt+Down: move the selected rows (a contiguous block, else the current row)."""
        self.view.finish_editing()
        rows = self.selected_rows()
        if not rows:
            return
        if rows != list(range(rows[0], rows[-1] + 1)):
            rows = [self._current_row()]
        first, count = rows[0], len(rows)
        if first + delta < 0 or first + count + delta > self.model.rowCount():
            return
        self.stack.push(MoveRowsCommand(self.model, first, count, delta, self._current_col()))
        if count > 1:
            sel = QItemSelection(
                self.model.index(first + delta, 0),
                self.model.index(first + delta + count - 1, self.model.columnCount() - 1),
            )
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.setFocus()

    def clear_cells(self) -> None:
        """Delete: empty the selected cells (one undo step)."""
        cells = [
            i
            for i in self.view.selectionModel().selectedIndexes()
            if i.data(Qt.ItemDataRole.EditRole) not in (None, "")
        ]
        if not cells:
            return
        self.stack.beginMacro(_("kosongkan {k} sel").format(k=len(cells)))
        for i in cells:
            self.model.setData(i, None)
        self.stack.endMacro()

    def undo(self) -> None:
        self.view.finish_editing()
        self.stack.undo()

    def redo(self) -> None:
        self.view.finish_editing()
        self.stack.redo()

    def select_cell(self, row: int, column: int) -> None:
        """Make a cell current and the only one selected (even while Ctrl is held after a shortcut)."""
        if 0 <= row < self.model.rowCount():
            idx = self.model.index(row, max(0, min(column, self.model.columnCount() - 1)))
            self.view.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _focus_cell(self, row: int, column: int) -> None:
        self.select_cell(row, column)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.gantt.set_current_row(current.row() if current.isValid() else -1)

    def _on_gantt_row(self, row: int) -> None:
        self.select_cell(row, self._current_col())
        self.view.setFocus()

    def _on_message(self, item: QListWidgetItem) -> None:
        row, key = item.data(Qt.ItemDataRole.UserRole)
        if 0 <= row < self.model.rowCount():
            self.select_cell(row, self.model.keys.index(key) if key in self.model.keys else 0)
            self.view.setFocus()

    # --- what the rows say ---
    def _load_milestones(self) -> None:
        """The sources drawn on the Gantt: LK-3c's milestones and the latest progress LK-4b reports."""
        loader = getattr(self.context, "load", None)
        data = loader(MILESTONES) if callable(loader) else {}
        self.milestones = data if isinstance(data, dict) else {}
        monev = loader(MONEV) if callable(loader) else {}
        self.progress = latest_progress(monev if isinstance(monev, dict) else {})

    def _on_content_changed(self) -> None:
        self._external = []  # the stage page validates again after the next save
        self._refresh()
        self._update_actions()
        self.changed.emit()

    def fit_table(self) -> None:
        """The table is as tall as its activities (up to ``TABLE_ROWS_SHOWN`` of them), the Gantt below
        it: on a 1366×768 screen all 15 activities of a plan show, and the page scrolls to the Gantt."""
        v = self.view
        shown = min(max(self.model.rowCount(), 5), TABLE_ROWS_SHOWN)
        height = (
            v.horizontalHeader().sizeHint().height()
            + shown * v.verticalHeader().defaultSectionSize()
            + v.horizontalScrollBar().sizeHint().height()
            + 2 * v.frameWidth()
            + 2
        )
        if height != v.minimumHeight():
            v.setMinimumHeight(height)
            self.setMinimumHeight(max(MIN_HEIGHT, self.layout().minimumSize().height()))

    def _refresh(self) -> None:
        self.fit_table()
        rows = self.model.rows()
        self._problems = cell_problems(self.template, rows)
        plan = gantt_plan(rows, self.milestones, self.progress)
        self.gantt.set_plan(plan)
        self.gantt.set_current_row(self._current_row())

        marks: dict[tuple[int, str], tuple[str, bool]] = {}
        for p in self._problems:
            marks.setdefault((p.row, p.column), (p.message, p.soft))
            if p.soft and p.column == END:
                marks.setdefault((p.row, START), (p.message, True))
        notes: dict[int, str] = {}
        messages: list[tuple[int, str, str, bool]] = [
            (p.row, p.column, p.message, p.soft) for p in self._problems
        ]
        for bar in plan.problems:
            if is_blank_row(rows[bar.index]) or any(
                p.row == bar.index and p.column in (START, END) for p in self._problems
            ):
                continue
            notes[bar.index] = bar.problem
            messages.append(
                (bar.index, START, f"{self.field.label} {bar.problem[0].lower()}{bar.problem[1:]}", True)
            )
        # issues reported by the stage page's validation, for cells without a message of our own
        nonblank = [i for i, r in enumerate(rows) if not is_blank_row(r)]
        for issue in self._external:
            parts = issue.field.split(".")
            if len(parts) == 3 and parts[0] == ACTIONS and parts[1].isdigit():
                k = int(parts[1]) - 1
                if not 0 <= k < len(nonblank):
                    continue
                cell = (nonblank[k], parts[2])
                if cell not in marks:
                    marks[cell] = (issue.message, False)
                    messages.append((cell[0], cell[1], issue.message, False))
            elif (
                issue.field
                and issue.field.split(".")[0] == ACTIONS
                and len(parts) == 2
                and parts[1].isdigit()
            ):
                k = int(parts[1]) - 1
                if 0 <= k < len(nonblank):
                    messages.append((nonblank[k], "", issue.message, False))
            else:
                messages.append((-1, "", issue.message, False))
        self.model.set_marks(marks, notes)
        messages.sort(key=lambda m: m[0])

        self.messages.clear()
        for row, key, text, soft in messages:
            item = QListWidgetItem(self._warn_icon if soft else self._error_icon, text)
            item.setData(Qt.ItemDataRole.UserRole, (row, key))
            item.setForeground(theme.brush("warn_ink" if soft else "error_strong"))
            self.messages.addItem(item)
        self.messages.setVisible(bool(messages))
        if messages:
            row_h = max(18, self.messages.sizeHintForRow(0))
            self.messages.setFixedHeight(min(len(messages), 4) * row_h + 2 * self.messages.frameWidth() + 2)

        filled = [r for r in rows if not is_blank_row(r)]
        parts = [
            _("{n} kegiatan").format(n=len(filled)),
            _("Total anggaran {total}").format(total=format_rupiah(total_budget(filled))),
        ]
        bad_budget = sum(
            1
            for r in filled
            if r.get(BUDGET) not in (None, "")
            and not (isinstance(r.get(BUDGET), (int, float)) and not isinstance(r.get(BUDGET), bool))
        )
        if bad_budget:
            parts[-1] += " " + _("(tanpa {k} anggaran yang bukan angka)").format(k=bad_budget)
        if plan.span_text:
            parts.append(plan.span_text)
        self.summary.setText(" · ".join(parts))
        self.milestone_hint.setVisible(not plan.milestones)
        self.legend.setText(legend_html(plan))

    @property
    def problems(self) -> list[CellProblem]:
        return list(self._problems)

    def message_texts(self) -> list[str]:
        return [self.messages.item(i).text() for i in range(self.messages.count())]

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        """The worksheet data to store: the rows in table order, blank rows left out. Values that are not
        yet valid are included as typed, so validation reports them (and stores the rest)."""
        rows = [r for r in self.model.rows() if not is_blank_row(r)]
        return {ACTIONS: rows} if rows else {}

    def set_data(self, data: dict[str, Any]) -> None:
        rows = data.get(ACTIONS) if isinstance(data, dict) else None
        self.model.reset_rows(rows if isinstance(rows, list) else [])
        self.stack.clear()
        self._external = []
        self._load_milestones()
        self._refresh()
        self._update_actions()

    def show_issues(self, issues: list[Issue]) -> None:
        self._external = list(issues)
        self._refresh()
