"""Search everywhere (Ctrl+K): one box over the units, people, ideas and worksheet text of the open lab.

The results come from :func:`labinovasi.services.search.search` as the user types, grouped by kind with
a line of context. The focus stays in the box: Up/Down move through the results (the group headings are
skipped), Enter opens the one chosen (the first when none is), Esc closes. The lab's index is built or
brought up to date on the window's writer when the box opens; meanwhile the same search answers without
it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.ops import Changes, Sequence
from labinovasi.services import search as svc
from labinovasi.services.search import SearchHit, SearchResults
from ui.ops import OpRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class SearchResultsModel(QAbstractListModel):
    """The results as one list: a heading row per kind ("Ide (8+)"), then its hits (title, context)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, SearchHit | None]] = []
        self._counts: dict[str, str] = {}

    def set_results(self, results: SearchResults | None) -> None:
        self.beginResetModel()
        self._rows = []
        self._counts = {}
        if results is not None:
            for kind, hits in results.groups.items():
                self._rows.append((kind, None))
                self._rows += [(kind, hit) for hit in hits]
                self._counts[kind] = f"{len(hits)}+" if kind in results.more else str(len(hits))
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def hit_rows(self) -> list[int]:
        return [i for i, (_kind, hit) in enumerate(self._rows) if hit is not None]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][1] is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: shown, never chosen
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, hit = self._rows[index.row()]
        if hit is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{svc.kind_label(kind)} ({self._counts.get(kind, '0')})"
            if role == Qt.ItemDataRole.FontRole:
                from PySide6.QtGui import QFont  # noqa: PLC0415

                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return svc.kind_label(kind)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title}\n    {hit.context}" if hit.context else hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n{hit.context}"
        if role == HIT_ROLE:
            return hit
        return None


class SearchDialog(QDialog):
    def __init__(
        self,
        db: Database,
        ops: OpRunner,
        on_open: Callable[[SearchHit], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db, self.ops, self.on_open = db, ops, on_open
        self.lab_id: uuid.UUID | None = None
        self.results: SearchResults | None = None
        self.setWindowTitle(_("Cari di seluruh lab"))
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(_("Cari unit, peserta, ide, atau isi lembar kerja…"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(_("Cari di seluruh lab"))
        self.box.textChanged.connect(self.run_search)
        self.box.installEventFilter(self)
        self.model = SearchResultsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long lines are cut
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSpacing(1)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the box
        self.view.setAccessibleName(_("Hasil pencarian"))
        self.view.clicked.connect(lambda index: self.open_row(index.row()))
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.resize(680, 460)

    # --- showing ---
    def show_for(self, lab_id: uuid.UUID) -> None:
        """Show (or raise) the box over the lab; its text is selected so typing starts a new search."""
        if lab_id != self.lab_id:
            self.lab_id = lab_id
            self.box.clear()
        self._place()
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self._bring_index_up_to_date(lab_id)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(760, max(480, parent.width() * 6 // 10))
        height = min(520, max(300, parent.height() * 7 // 10))
        self.resize(width, height)
        top_left = parent.mapToGlobal(parent.rect().topLeft())
        self.move(top_left.x() + (parent.width() - width) // 2, top_left.y() + min(90, parent.height() // 8))

    def _bring_index_up_to_date(self, lab_id: uuid.UUID) -> None:
        """Build or catch up the lab's index on the writer (a write); the search answers meanwhile."""

        def work() -> tuple[Changes, Sequence]:
            svc.ensure_index(self.db, lab_id)
            return Changes(), Sequence(())

        def done(_changes: Changes, _inverse: object) -> None:
            if self.isVisible() and self.box.text().strip():
                self.run_search(self.box.text())

        self.ops.submit(work, self, on_done=done, on_failed=lambda _exc: None)

    # --- searching ---
    def run_search(self, text: str | None = None) -> None:
        query = self.box.text() if text is None else text
        if self.lab_id is None or not svc.words(query):
            self.results = None
            self.model.set_results(None)
            self.status.setText(_("Ketik nama unit, peserta, judul ide, atau kata dari lembar kerja."))
            return
        self.results = svc.search(self.db, self.lab_id, query)
        self.model.set_results(self.results)
        rows = self.model.hit_rows()
        if rows:
            self._select(rows[0])
            self.status.setText(_("↑↓ memilih, Enter membuka, Esc menutup."))
        else:
            self.status.setText(_("Tidak ditemukan: {query}").format(query=query.strip()))

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def current_hit(self) -> SearchHit | None:
        index = self.view.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def step(self, delta: int) -> None:
        """Up/Down: the previous or next hit, over the headings."""
        rows = self.model.hit_rows()
        if not rows:
            return
        current = self.view.currentIndex().row()
        if current not in rows:
            self._select(rows[0])
            return
        position = rows.index(current) + delta
        self._select(rows[max(0, min(len(rows) - 1, position))])

    def open_row(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        self.hide()
        self.on_open(hit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.step(5 if key == Qt.Key.Key_PageDown else -5)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                hit = self.current_hit()
                if hit is None and self.model.hit_rows():
                    hit = self.model.hit(self.model.hit_rows()[0])
                if hit is not None:
                    self.open_hit(hit)
                return True
        return super().eventFilter(obj, event)
