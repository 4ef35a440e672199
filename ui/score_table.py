"""What the APKL and USG editors share: a table view made for typing scores, a score delegate, the
"fill LK-2b first" hint, and the editor frame (title, help, mode line, table, message line).

Typing in the view (for the scribe, without opening editors):

* a **score cell**: a digit 1–5 sets the score and moves to the next score cell (after the last one of
  a row, to the first one of the next row); any other character leaves the value as it is and shows
  the rule ("U harus angka 1–5"); Delete/Backspace clears the score; F2 or a double-click opens a list.
* a **yes/no cell**: Space toggles, Y sets "ya" and T sets "tidak" (both move on like a score), Delete
  clears; a click on the box toggles.
* a **text cell**: typing starts editing, as in any table.
"""

from __future__ import annotations

import ctypes
import enum
import sys
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _
from labinovasi.worksheets.schema import Template
from ui import theme

Index = QModelIndex | QPersistentModelIndex

YES_KEYS = ("y",)
NO_KEYS = ("t", "n")
MAX_CELL_TEXT = 300  # characters of a problem shown in a cell (the whole text is in the tooltip)
MAX_TOOLTIP = 3000


def _emit_drops_true() -> bool:
    """Whether ``Signal.emit`` hands back ``True`` without a reference of its own (PySide6 6.12.0 on
    Python 3.11: every emit from Python then takes one reference from ``True``, and after a few
    thousand emits the interpreter aborts with "bool_dealloc: deallocating True or False")."""

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _i in range(16):
        probe.ping.emit()
    return sys.getrefcount(True) - before <= -16


_EMIT_DROPS_TRUE = _emit_drops_true()
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference to ``True`` that a broken PySide6 takes.

    WORKAROUND for PySide6 6.12.0 (Python < 3.12, where ``True`` is not immortal): see
    :func:`_emit_drops_true`. Harmless where the bug is absent (nothing is done)."""
    signal.emit(*args)
    if _EMIT_DROPS_TRUE:
        _incref(True)


class CellKind(enum.Enum):
    READONLY = "readonly"
    SCORE = "score"  # 1–5 typed as a digit
    CHECK = "check"  # yes/no: Space, Y, T
    TEXT = "text"  # free text, edited in a line editor


def short_text(text: str, limit: int = MAX_CELL_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tooltip_text(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_TOOLTIP else text[: MAX_TOOLTIP - 1] + "…"


def source_of(model: QAbstractItemModel | None) -> QAbstractItemModel | None:
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return model


def check_state(value: Any) -> bool:
    """A check state as Qt hands it to setData (an int or a Qt.CheckState) → checked or not."""
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    try:
        return int(value) == Qt.CheckState.Checked.value
    except (TypeError, ValueError):
        return bool(value)


class ScoreTableView(QTableView):
    """A table whose source model has ``kind(column) -> CellKind``, ``entry_columns`` (the columns
    typing walks through), ``toggle(index)`` and ``say(message)``; see the module's docstring for the keys."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)

    def _kind(self, index: QModelIndex) -> CellKind:
        src = source_of(self.model())
        return src.kind(index.column()) if src is not None and index.isValid() else CellKind.READONLY  # type: ignore[attr-defined]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        index = self.currentIndex()
        kind = self._kind(index)
        if kind in (CellKind.SCORE, CellKind.CHECK) and self.state() != QAbstractItemView.State.EditingState:
            if self._handle_key(index, kind, event):
                event.accept()
                return
        super().keyPressEvent(event)

    def _handle_key(self, index: QModelIndex, kind: CellKind, event: QKeyEvent) -> bool:
        model = self.model()
        key = event.key()
        mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            model.setData(index, None, Qt.ItemDataRole.EditRole)
            return True
        text = event.text()
        if kind is CellKind.CHECK:
            if key == Qt.Key.Key_Space:
                source_of(model).toggle(self._source_index(index))  # type: ignore[union-attr]
                return True
            if text.lower() in YES_KEYS + NO_KEYS:
                if model.setData(index, text.lower() in YES_KEYS, Qt.ItemDataRole.EditRole):
                    self.advance(index)
                return True
            if text and text.isprintable() and not text.isspace():
                source_of(model).say(_("Tekan Y untuk ya, T untuk tidak, atau Spasi untuk mengganti"))  # type: ignore[union-attr]
                return True
            return False
        if text and text.isprintable() and not text.isspace():
            if model.setData(index, text, Qt.ItemDataRole.EditRole):
                self.advance(index)
            return True
        return False

    def _source_index(self, index: QModelIndex) -> QModelIndex:
        model = self.model()
        while isinstance(model, QAbstractProxyModel):
            index = model.mapToSource(index)
            model = model.sourceModel()
        return index

    def advance(self, index: QModelIndex) -> None:
        """Move to the next entry cell to the right, or to the first one of the next row."""
        src = source_of(self.model())
        columns: list[int] = list(getattr(src, "entry_columns", []))
        if not columns or not index.isValid():
            return
        later = [c for c in columns if c > index.column()]
        model = self.model()
        if later:
            self.setCurrentIndex(model.index(index.row(), later[0]))
        elif index.row() + 1 < model.rowCount():
            self.setCurrentIndex(model.index(index.row() + 1, columns[0]))


class ScoreDelegate(QStyledItemDelegate):
    """A list of "—", 1 … 5 for a score cell opened with F2 or a double-click."""

    def __init__(self, lo: int = 1, hi: int = 5, parent: QWidget | None = None):
        super().__init__(parent)
        self.lo, self.hi = lo, hi

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem("—", None)
        for i in range(self.lo, self.hi + 1):
            combo.addItem(str(i), i)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, QComboBox)
        found = editor.findData(value) if isinstance(value, int) else 0
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class WrapDelegate(QStyledItemDelegate):
    """Wrapped text with some air above and below (for the problem column)."""

    PAD = 10

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.PAD)


def fit_columns(
    view: QTableView, stretch: int, min_stretch: int, fixed: dict[int, tuple[float, int, int]]
) -> None:
    """Share the view's width: each ``fixed`` column gets ``share`` of it within ``lo``..``hi`` pixels,
    the ``stretch`` column the rest but at least ``min_stretch`` (a narrower view scrolls sideways)."""
    w = view.viewport().width()
    used = 0
    for col, (share, lo, hi) in fixed.items():
        width = max(lo, min(hi, int(w * share)))
        view.setColumnWidth(col, width)
        used += width
    view.setColumnWidth(stretch, max(min_stretch, w - used))


class SourceHint(QFrame):
    """ "Fill LK-2b first": a message and a button that asks the stage page to open that worksheet."""

    openWorksheet = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        theme.style(self, lambda: theme.css_note("warn", "SourceHint"))
        self.text = QLabel("", self)
        self.text.setWordWrap(True)
        self.button = QPushButton("", self)
        self.button.setAutoDefault(False)
        self.code = ""
        self.button.clicked.connect(lambda: emit(self.openWorksheet, self.code))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)

    def show_hint(self, text: str, code: str, button: str) -> None:
        self.text.setText(text)
        self.code = code
        self.button.setText(button)
        self.button.setAccessibleName(button)
        self.show()


class EditorFrame(QWidget):
    """Title, help, a mode line, the hint, the table (added by the editor), a legend and a message line."""

    def __init__(self, template: Template, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 12)
        lay.setSpacing(6)
        title = QLabel(f"{template.code} · {template.title}", self)
        tf = title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.35)
        tf.setBold(True)
        title.setFont(tf)
        title.setWordWrap(True)
        lay.addWidget(title)
        if template.help:
            h = QLabel(template.help, self)
            h.setWordWrap(True)
            lay.addWidget(h)
        self.mode_line = QLabel("", self)
        self.mode_line.setObjectName("modeLine")
        mf = self.mode_line.font()
        mf.setBold(True)
        self.mode_line.setFont(mf)
        self.mode_line.setWordWrap(True)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.mode_line, 1)
        lay.addLayout(self.toolbar)
        self.hint = SourceHint(self)
        self.hint.hide()
        lay.addWidget(self.hint)
        self.body = QVBoxLayout()
        lay.addLayout(self.body, 1)
        self.legend = QLabel("", self)
        self.legend.setWordWrap(True)
        theme.style(self.legend, lambda: theme.css_text("muted"))
        lf = self.legend.font()
        lf.setItalic(True)
        self.legend.setFont(lf)
        lay.addWidget(self.legend)
        self.message = QLabel("", self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Pesan"))
        lay.addWidget(self.message)
        self.issues = QLabel("", self)
        self.issues.setObjectName("issues")
        self.issues.setWordWrap(True)
        theme.style(self.issues, lambda: theme.css_text("error"))
        self.issues.hide()
        lay.addWidget(self.issues)
        lay.addStretch(0)  # takes the room when the table is hidden (hint only), so nothing spreads out

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        theme.style(self.message, lambda: theme.css_text("error") if error and text else "")

    def set_issue_lines(self, lines: list[str]) -> None:
        self.issues.setText("\n".join(lines))
        self.issues.setVisible(bool(lines))


def bold(font: QFont | None = None) -> QFont:
    f = QFont(font) if font is not None else QFont()
    f.setBold(True)
    return f
