"""Sessions and attendance: the agenda of each stage on the left, the tick list of the lab's
participants for the selected session on the right.

Ticking is stored at once (one small write per tick) and the model signals only the ticked row,
so a 500-person list stays instant. The list is made for the keyboard: arrows move, Space ticks,
typing in the search box and pressing Enter jumps into the list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeyEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, format_date
from labinovasi.ops import Changes
from labinovasi.ops.errors import user_message
from labinovasi.ops.sessions import AddSession, MoveSession, RemoveSession, UpdateSession, attendance_op
from labinovasi.reports.common import PaperError, attendance_filename, write_atomically
from labinovasi.services import labs as svc
from labinovasi.services import sessions as ss
from labinovasi.services.records import NotFoundError
from labinovasi.services.sessions import Participant, SessionInfo, StageDefaults
from ui import theme
from ui.lazy import lazy
from ui.ops import OpRunner
from ui.undo import UndoStack

render_daftar_hadir = lazy("labinovasi.reports.attendance_pdf:render_daftar_hadir")  # ReportLab on first use

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
NO_UNIT = "tanpa-unit"  # the unit filter's value for people outside any unit


# --- the tick list ----------------------------------------------------------------------------------


class AttendanceModel(QAbstractTableModel):
    """The lab's participants with a checkable "Hadir" column for one session.

    ``store(person_id, present)`` writes a tick; when it raises, the tick is not shown and
    ``storeFailed`` carries the message."""

    HADIR, NAMA, UNIT, NIP, JABATAN = range(5)
    countChanged = Signal(int, int)  # present, total
    storeFailed = Signal(str)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._people: list[Participant] = []
        self._search: list[str] = []
        self._present: set[uuid.UUID] = set()
        self.store: Callable[[uuid.UUID, bool], None] | None = None

    # data
    def set_people(self, people: list[Participant], present: Iterable[uuid.UUID]) -> None:
        self.beginResetModel()
        self._people = list(people)
        self._search = [
            " ".join((p.name, p.unit_name, p.nip, p.nip.replace(" ", ""), p.jabatan)).casefold()
            for p in self._people
        ]
        ids = {p.id for p in self._people}
        self._present = {i for i in present if i in ids}
        self.endResetModel()
        self._emit_count()

    def person(self, row: int) -> Participant:
        return self._people[row]

    def present_count(self) -> int:
        return len(self._present)

    def is_present(self, row: int) -> bool:
        return self._people[row].id in self._present

    def row_of(self, person_id: uuid.UUID) -> int:
        for i, p in enumerate(self._people):
            if p.id == person_id:
                return i
        return -1

    def _emit_count(self) -> None:
        self.countChanged.emit(len(self._present), len(self._people))

    # ticking
    def set_present(self, row: int, present: bool) -> bool:
        """Tick one row (stored first); only that row's check cell is signalled as changed."""
        person = self._people[row]
        if (person.id in self._present) == present:
            return True
        if self.store is not None:
            try:
                self.store(person.id, present)
            except (ValueError, NotFoundError) as exc:
                self.storeFailed.emit(str(exc))
                return False
        if present:
            self._present.add(person.id)
        else:
            self._present.discard(person.id)
        cell = self.index(row, self.HADIR)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])
        self._emit_count()
        return True

    def toggle(self, row: int) -> bool:
        return self.set_present(row, not self.is_present(row))

    def mark_rows(self, rows: list[int], present: bool) -> None:
        """Show many rows as (un)ticked after they were stored together (one signal for the span)."""
        if not rows:
            return
        for r in rows:
            pid = self._people[r].id
            if present:
                self._present.add(pid)
            else:
                self._present.discard(pid)
        self.dataChanged.emit(
            self.index(min(rows), self.HADIR),
            self.index(max(rows), self.HADIR),
            [Qt.ItemDataRole.CheckStateRole],
        )
        self._emit_count()

    # Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            labels = (_("Hadir"), _("Nama"), _("Unit"), _("NIP"), _("Jabatan"))
            return labels[section] if 0 <= section < len(labels) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.HADIR:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._people)):
            return None
        p = self._people[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return p.id
        if role == UNIT_ROLE:
            return p.unit_id
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and col == self.HADIR:
            return Qt.CheckState.Checked if p.id in self._present else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAMA:
                return p.name
            if col == self.UNIT:
                return p.unit_name or _("(tanpa unit)")
            if col == self.NIP:
                return p.nip
            if col == self.JABATAN:
                return p.jabatan
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col != self.HADIR:
            return "\n".join(x for x in (p.name, p.jabatan, p.unit_name, p.nip) if x)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.HADIR:
            return (_("{name}: hadir") if p.id in self._present else _("{name}: belum hadir")).format(
                name=p.name
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.HADIR or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        return self.set_present(index.row(), checked)


class AttendanceFilterProxy(QSortFilterProxyModel):
    """Rows whose name, unit, NIP or jabatan contain the search text, in the chosen unit."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._unit: object = None  # None: every unit; NO_UNIT: people outside units; else a unit id

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "_words", text.casefold().split()))

    def set_unit(self, unit: object) -> None:
        self._change(lambda: setattr(self, "_unit", unit))

    def _change(self, apply: Callable[[], None]) -> None:
        # Qt 6.10+: invalidateRowsFilter() is deprecated. 6.9 has beginFilterChange but no endFilterChange.
        if hasattr(self, "beginFilterChange") and hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        idx = model.index(source_row, 0, source_parent)
        if self._unit is not None:
            unit_id = model.data(idx, UNIT_ROLE)
            if (self._unit == NO_UNIT and unit_id is not None) or (
                self._unit != NO_UNIT and unit_id != self._unit
            ):
                return False
        if self._words:
            haystack = model.data(idx, SEARCH_ROLE) or ""
            return all(w in haystack for w in self._words)
        return True


class AttendanceView(QTableView):
    """The tick list: Space (or Select) ticks the current row, whatever column the cursor is in."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.toggle_row: Callable[[QModelIndex], None] | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and plain:
            current = self.currentIndex()
            if current.isValid() and self.toggle_row is not None:
                self.toggle_row(current)
            event.accept()
            return
        super().keyPressEvent(event)


# --- the session list -------------------------------------------------------------------------------


class SessionTreeModel(QStandardItemModel):
    """Sessions grouped under their stage: Sesi | Tanggal | Hadir."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setHorizontalHeaderLabels([_("Sesi"), _("Tanggal"), _("Hadir")])

    def set_sessions(self, sessions: list[SessionInfo], counts: dict[uuid.UUID, int], total: int) -> None:
        self.removeRows(0, self.rowCount())
        groups: dict[Stage, QStandardItem] = {}
        for s in sessions:
            group = groups.get(s.stage)
            if group is None:
                group = QStandardItem(f"{s.stage.number}  {s.stage.label}")
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font()
                font.setBold(True)
                group.setFont(font)
                filler = [QStandardItem(""), QStandardItem("")]
                for f in filler:
                    f.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.appendRow([group, *filler])
                groups[s.stage] = group
            title = QStandardItem(s.title)
            title.setData(s.id, ID_ROLE)
            title.setToolTip("\n".join(x for x in (s.title, format_date(s.date), s.time, s.place) if x))
            date = QStandardItem(format_date(s.date, "d MMM") if s.date else "—")
            date.setData(s.id, ID_ROLE)
            count = QStandardItem(f"{counts.get(s.id, 0)}/{total}")
            count.setData(s.id, ID_ROLE)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for it in (title, date, count):
                it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            group.appendRow([title, date, count])

    def index_of(self, session_id: uuid.UUID) -> QModelIndex:
        for g in range(self.rowCount()):
            group = self.item(g, 0)
            for r in range(group.rowCount()):
                if group.child(r, 0).data(ID_ROLE) == session_id:
                    return group.child(r, 0).index()
        return QModelIndex()

    def set_count(self, session_id: uuid.UUID, present: int, total: int) -> None:
        idx = self.index_of(session_id)
        if idx.isValid():
            self.itemFromIndex(idx).parent().child(idx.row(), 2).setText(f"{present}/{total}")


class SessionDialog(QDialog):
    """Add or change a session: stage, title, date, time, place. ``save(values)`` stores it; a refused
    value is shown here in Indonesian and the dialog stays open with everything typed."""

    def __init__(
        self,
        session: SessionInfo | None,
        stage: Stage,
        defaults: Callable[[Stage], StageDefaults],
        save: Callable[[dict[str, Any]], SessionInfo],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Ubah sesi") if session else _("Tambah sesi"))
        self.setMinimumWidth(480)
        self._defaults = defaults
        self._save = save
        self._new = session is None
        self.result_session: SessionInfo | None = None
        form = QFormLayout()
        self.stage = QComboBox(self)
        for s in Stage:
            self.stage.addItem(f"{s.number}  {s.label}", s.value)
        self.stage.setCurrentIndex(list(Stage).index(session.stage if session else stage))
        self.title = QLineEdit(session.title if session else "", self)
        self.title.setMaxLength(ss.TITLE_MAX)
        self.title.setPlaceholderText(_("contoh: Pembukaan dan materi inspirasi inovasi"))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.date.setDisplayFormat("d MMMM yyyy")
        self.no_date = QCheckBox(_("Belum ditentukan"), self)
        self.no_date.toggled.connect(lambda on: self.date.setEnabled(not on))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date, 1)
        date_row.addWidget(self.no_date)
        self.time = QLineEdit(session.time if session else "", self)
        self.time.setMaxLength(ss.TIME_MAX)
        self.time.setPlaceholderText(_("contoh: 08.00–12.00 WIB"))
        self.place = QLineEdit(session.place if session else "", self)
        self.place.setMaxLength(ss.PLACE_MAX)
        form.addRow(_("Tahap"), self.stage)
        form.addRow(_("Judul sesi *"), self.title)
        form.addRow(_("Tanggal"), date_row)
        form.addRow(_("Waktu"), self.time)
        form.addRow(_("Tempat"), self.place)
        self.error = QLabel("", self)
        theme.style(self.error, lambda: theme.css_text("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._place_touched = False
        self._date_touched = False
        self._applying = False
        if session is not None:
            self._set_date(session.date)
        else:
            self._apply_defaults()
            self.stage.currentIndexChanged.connect(lambda _i: self._apply_defaults())
            self.place.textEdited.connect(lambda _t: setattr(self, "_place_touched", True))
            self.date.dateChanged.connect(self._on_date_changed)
            self.no_date.toggled.connect(self._on_date_changed)

    def _on_date_changed(self, *_args: Any) -> None:
        if not self._applying:
            self._date_touched = True

    def _set_date(self, date: dt.date | None) -> None:
        self.no_date.setChecked(date is None)
        d = date or dt.date.today()
        self.date.setDate(QDate(d.year, d.month, d.day))

    def _apply_defaults(self) -> None:
        """A new session starts on its stage's scheduled day and venue, until the user sets them."""
        d = self._defaults(Stage(self.stage.currentData()))
        self._applying = True
        try:
            if not self._date_touched:
                self._set_date(d.date or dt.date.today())
            if not self._place_touched:
                self.place.setText(d.place)
        finally:
            self._applying = False

    def values(self) -> dict[str, Any]:
        q = self.date.date()
        return {
            "stage": Stage(self.stage.currentData()),
            "title": self.title.text(),
            "date": None if self.no_date.isChecked() else dt.date(q.year(), q.month(), q.day()),
            "time": self.time.text(),
            "place": self.place.text(),
        }

    def accept(self) -> None:
        values = self.values()
        if not values["title"].strip():
            self._show_error(_("Judul sesi wajib diisi."))
            self.title.setFocus()
            return
        try:
            self.result_session = self._save(values)
        except (ValueError, NotFoundError) as exc:
            self._show_error(str(exc))
            return
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


# --- the page ---------------------------------------------------------------------------------------


class SessionsPage(QWidget):
    """Sessions of the lab grouped by stage, and the attendance tick list of the selected session."""

    sessionsChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, undo: UndoStack | None = None):
        super().__init__(parent)
        self.db = db
        self.undo = undo or UndoStack(OpRunner(db, synchronous=True, parent=self), self)
        self.lab_id: uuid.UUID | None = None
        self.session: SessionInfo | None = None
        self.paper = "a4"  # the main window keeps this in step with its paper setting
        self._sessions: list[SessionInfo] = []

        # left: the sessions
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 4, 0)
        heading = QLabel(_("Sesi per tahap"), left)
        hf = heading.font()
        hf.setBold(True)
        heading.setFont(hf)
        self.session_model = SessionTreeModel(self)
        self.session_view = QTreeView(left)
        self.session_view.setModel(self.session_model)
        self.session_view.setRootIsDecorated(False)
        self.session_view.setItemsExpandable(False)
        self.session_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.session_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.session_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.session_view.setAccessibleName(_("Daftar sesi"))
        self.session_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.session_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.session_view.selectionModel().currentRowChanged.connect(self._on_session_row)
        self.session_view.doubleClicked.connect(lambda _i: self.edit_session())
        self.add_button = QPushButton(_("Tambah…"), left)
        self.add_button.setToolTip(_("Tambah sesi ke agenda"))
        self.add_button.clicked.connect(self.add_session)
        self.edit_button = QPushButton(_("Ubah…"), left)
        self.edit_button.clicked.connect(self.edit_session)
        self.remove_button = QPushButton(_("Hapus"), left)
        self.remove_button.clicked.connect(self.remove_session)
        self.up_button = QToolButton(left)
        self.up_button.setText("▲")
        self.up_button.setToolTip(_("Naikkan sesi dalam agenda tahapnya"))
        self.up_button.clicked.connect(lambda: self.move_session(-1))
        self.down_button = QToolButton(left)
        self.down_button.setText("▼")
        self.down_button.setToolTip(_("Turunkan sesi dalam agenda tahapnya"))
        self.down_button.clicked.connect(lambda: self.move_session(1))
        sb = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            sb.addWidget(b)
        sb.addStretch(1)
        sb.addWidget(self.up_button)
        sb.addWidget(self.down_button)
        ll.addWidget(heading)
        ll.addWidget(self.session_view, 1)
        ll.addLayout(sb)

        # right: the tick list
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        self.session_label = QLabel("", right)
        self.session_label.setWordWrap(True)
        self.session_label.setTextFormat(Qt.TextFormat.PlainText)
        sf = self.session_label.font()
        sf.setBold(True)
        self.session_label.setFont(sf)
        self.session_detail = QLabel("", right)
        self.session_detail.setWordWrap(True)
        self.session_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.search = QLineEdit(right)
        self.search.setPlaceholderText(_("Cari nama, unit atau NIP…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Cari peserta"))
        self.unit_filter = QComboBox(right)
        self.unit_filter.setAccessibleName(_("Saring menurut unit"))
        self.unit_filter.setMinimumContentsLength(18)
        self.unit_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        fr = QHBoxLayout()
        fr.addWidget(self.search, 3)
        fr.addWidget(self.unit_filter, 2)

        self.model = AttendanceModel(self)
        self.model.store = self._store_tick
        self.model.storeFailed.connect(self._error)
        self.model.countChanged.connect(self._on_count)
        self.proxy = AttendanceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = AttendanceView(right)
        self.view.setModel(self.proxy)
        self.view.toggle_row = self._toggle_proxy_row
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAccessibleName(_("Daftar hadir: Spasi untuk menandai hadir"))
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        vh = self.view.horizontalHeader()
        vh.setSectionResizeMode(AttendanceModel.HADIR, QHeaderView.ResizeMode.ResizeToContents)
        vh.setSectionResizeMode(AttendanceModel.NIP, QHeaderView.ResizeMode.ResizeToContents)
        for col in (AttendanceModel.NAMA, AttendanceModel.UNIT):
            vh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        vh.setStretchLastSection(True)  # Jabatan takes what is left
        self.view.viewport().installEventFilter(self)

        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._enter_list)
        self.unit_filter.currentIndexChanged.connect(self._on_unit_filter)

        self.mark_visible_button = QPushButton(_("Tandai semua yang tampil"), right)
        self.mark_visible_button.clicked.connect(lambda: self.mark_visible(True))
        self.clear_button = QPushButton(_("Kosongkan"), right)
        self.clear_button.setToolTip(_("Hapus tanda hadir semua peserta yang tampil"))
        self.clear_button.clicked.connect(lambda: self.mark_visible(False))
        self.count_label = QLabel("", right)
        self.count_label.setAccessibleName(_("Jumlah hadir"))
        cf = self.count_label.font()
        cf.setBold(True)
        self.count_label.setFont(cf)
        self.print_button = QToolButton(right)
        self.print_button.setText(_("Cetak daftar hadir…"))
        self.print_button.setToolTip(
            _("Daftar hadir sesi ini untuk ditandatangani: semua peserta dan baris kosong")
        )
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.print_button.clicked.connect(lambda: self.print_attendance(False))
        menu = QMenu(self.print_button)
        menu.addAction(_("Daftar hadir semua peserta…"), lambda: self.print_attendance(False))
        menu.addAction(_("Daftar peserta yang hadir saja…"), lambda: self.print_attendance(True))
        self.print_button.setMenu(menu)
        br = QHBoxLayout()
        br.addWidget(self.mark_visible_button)
        br.addWidget(self.clear_button)
        br.addStretch(1)
        br.addWidget(self.count_label)
        br.addSpacing(12)
        br.addWidget(self.print_button)
        self.empty_label = QLabel(
            _("Belum ada sesi. Tambahkan sesi (mis. pembukaan Drum-up) untuk mencatat kehadiran."), right
        )
        self.empty_label.setWordWrap(True)
        theme.style(self.empty_label, lambda: theme.css_text("muted"))
        rl.addWidget(self.session_label)
        rl.addWidget(self.session_detail)
        rl.addLayout(fr)
        rl.addWidget(self.view, 1)
        rl.addWidget(self.empty_label)
        rl.addLayout(br)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([290, 710])
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(240)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split)
        self.setTabOrder(self.session_view, self.add_button)
        self.setTabOrder(self.add_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.up_button)
        self.setTabOrder(self.up_button, self.down_button)
        self.setTabOrder(self.down_button, self.search)
        self.setTabOrder(self.search, self.unit_filter)
        self.setTabOrder(self.unit_filter, self.view)
        self.setTabOrder(self.view, self.mark_visible_button)
        self.setTabOrder(self.mark_visible_button, self.clear_button)
        self.setTabOrder(self.clear_button, self.print_button)
        self._update_enabled()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == event.Type.Resize:
            self._share_columns()
        return super().eventFilter(watched, event)

    def _share_columns(self) -> None:
        """Name and unit get most of the width the tick and NIP columns leave (jabatan the rest)."""
        vh = self.view.horizontalHeader()
        free = (
            self.view.viewport().width()
            - vh.sectionSize(AttendanceModel.HADIR)
            - vh.sectionSize(AttendanceModel.NIP)
        )
        if free > 0:
            vh.resizeSection(AttendanceModel.NAMA, max(120, int(free * 0.38)))
            vh.resizeSection(AttendanceModel.UNIT, max(100, int(free * 0.32)))

    # --- loading ---
    def show_lab(self, lab_id: uuid.UUID | None) -> None:
        """Show a lab's sessions (the same session stays selected when the lab is shown again)."""
        keep = self.session.id if self.session and lab_id == self.lab_id else None
        self.lab_id = lab_id
        self.session = None
        self._reload_units()
        self._reload_sessions(select=keep)

    def refresh(self) -> None:
        """Reload participants and counts (people may have been added on another tab); the person
        under the cursor stays under it."""
        if self.lab_id is None:
            return
        current = self.proxy.mapToSource(self.view.currentIndex())
        person = self.model.person(current.row()).id if current.isValid() else None
        column = self.view.currentIndex().column()
        self.show_lab(self.lab_id)
        row = self.model.row_of(person) if person is not None else -1
        if row >= 0:
            idx = self.proxy.mapFromSource(self.model.index(row, max(0, column)))
            if idx.isValid():
                self.view.setCurrentIndex(idx)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.lab_id is not None and not event.spontaneous():
            self.refresh()

    def _reload_units(self) -> None:
        self.unit_filter.blockSignals(True)
        previous = self.unit_filter.currentData()
        self.unit_filter.clear()
        self.unit_filter.addItem(_("Semua unit"), None)
        if self.lab_id is not None:
            for u in svc.list_units(self.db, self.lab_id):
                self.unit_filter.addItem(u.name, u.id)
            self.unit_filter.addItem(_("(tanpa unit)"), NO_UNIT)
        i = self.unit_filter.findData(previous) if previous is not None else 0
        self.unit_filter.setCurrentIndex(max(0, i))
        self.proxy.set_unit(self.unit_filter.currentData())
        self.unit_filter.blockSignals(False)

    def _reload_sessions(self, select: uuid.UUID | None = None) -> None:
        if self.lab_id is None:
            self._sessions = []
            self.session_model.set_sessions([], {}, 0)
            self._show_session(None)
            return
        self._sessions = ss.list_sessions(self.db, self.lab_id)
        counts = ss.attendance_counts(self.db, self.lab_id)
        total = ss.count_participants(self.db, self.lab_id)
        self.session_model.set_sessions(self._sessions, counts, total)
        self.session_view.expandAll()
        target = (
            select
            if select in {s.id for s in self._sessions}
            else (self._sessions[0].id if self._sessions else None)
        )
        if target is None:
            self._show_session(None)
            return
        idx = self.session_model.index_of(target)
        self.session_view.setCurrentIndex(idx)
        self.session_view.selectionModel().select(
            idx,
            self.session_view.selectionModel().SelectionFlag.ClearAndSelect
            | self.session_view.selectionModel().SelectionFlag.Rows,
        )
        if self.session is None or self.session.id != target:
            self._show_session(next(s for s in self._sessions if s.id == target))

    def _on_session_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        sid = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        session = next((s for s in self._sessions if s.id == sid), None)
        if session is not None:
            self._show_session(session)

    def _show_session(self, session: SessionInfo | None) -> None:
        self.session = session
        if session is None or self.lab_id is None:
            self.model.set_people([], [])
            self.session_label.setText(_("Belum ada sesi") if self.lab_id else "")
            self.session_detail.setText("")
        else:
            people = ss.list_participants(self.db, self.lab_id)
            self.model.set_people(people, ss.attendance(self.db, session.id))
            self.session_label.setText(session.title)
            detail = [f"{session.stage.number} {session.stage.label}"]
            if session.date:
                detail.append(format_date(session.date, "EEEE, d MMMM y"))
            detail += [x for x in (session.time, session.place) if x]
            self.session_detail.setText(" · ".join(detail))
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_lab = self.lab_id is not None
        has_session = self.session is not None
        self.add_button.setEnabled(has_lab)
        for w in (
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.search,
            self.unit_filter,
            self.view,
            self.mark_visible_button,
            self.clear_button,
            self.print_button,
        ):
            w.setEnabled(has_session)
        self.empty_label.setVisible(has_lab and not self._sessions)
        self.count_label.setVisible(has_session)

    # --- ticking ---
    def _store_tick(self, person_id: uuid.UUID, present: bool) -> None:
        assert self.session is not None
        row = self.model.row_of(person_id)
        name = self.model.person(row).name if row >= 0 else ""
        text = (_("tandai hadir {name}") if present else _("hapus tanda hadir {name}")).format(name=name)
        self.undo.do(
            attendance_op(self.session.id, [person_id], present), text, self, on_failed=self._tick_failed
        )

    def _tick_failed(self, exc: Exception) -> None:
        """The tick was shown before it was stored: show what is stored again, and why."""
        self._error(user_message(exc))
        self._show_session(self.session)

    def _toggle_proxy_row(self, index: QModelIndex) -> None:
        src = self.proxy.mapToSource(index)
        if src.isValid():
            self.model.toggle(src.row())

    def toggle_current(self) -> None:
        """Tick or untick the participant under the cursor (what Space does)."""
        self._toggle_proxy_row(self.view.currentIndex())

    def visible_rows(self) -> list[int]:
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(self.proxy.rowCount())]

    def mark_visible(self, present: bool) -> None:
        """Tick (or clear) everyone the search and unit filter show; clearing ticks asks first."""
        if self.session is None:
            return
        rows = self.visible_rows()
        changing = [r for r in rows if self.model.is_present(r) != present]
        if not changing:
            return
        if not present and not self._confirm(
            _("Kosongkan kehadiran"),
            _("Hapus tanda hadir {n} peserta yang tampil pada sesi \u201c{title}\u201d?").format(
                n=len(changing), title=self.session.title
            ),
        ):
            return
        ids = [self.model.person(r).id for r in changing]
        text = (_("tandai hadir {n} peserta") if present else _("hapus tanda hadir {n} peserta")).format(
            n=len(ids)
        )
        self.undo.do(
            attendance_op(self.session.id, ids, present),
            text,
            self,
            on_done=lambda _c, _i: self.model.mark_rows(changing, present),
            on_failed=self._tick_failed,
        )

    def _on_count(self, present: int, total: int) -> None:
        text = _("{present} dari {total} hadir").format(present=present, total=total)
        shown = self.proxy.rowCount()
        if shown != total:
            text += " · " + _("{n} tampil").format(n=shown)
        self.count_label.setText(text)
        if self.session is not None:
            self.session_model.set_count(self.session.id, present, total)

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._on_count(self.model.present_count(), self.model.rowCount())

    def _on_unit_filter(self, _index: int) -> None:
        self.proxy.set_unit(self.unit_filter.currentData())
        self._on_count(self.model.present_count(), self.model.rowCount())

    def _enter_list(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, AttendanceModel.NAMA))

    # --- sessions ---
    def _defaults(self, stage: Stage) -> StageDefaults:
        assert self.lab_id is not None
        return ss.stage_defaults(self.db, self.lab_id, stage)

    def _default_stage(self) -> Stage:
        if self.session is not None:
            return self.session.stage
        assert self.lab_id is not None
        return svc.get_lab(self.db, self.lab_id).current_stage

    def add_session(self) -> SessionInfo | None:
        if self.lab_id is None:
            return None
        lab_id = self.lab_id

        def save(v: dict[str, Any]) -> SessionInfo:
            op = AddSession(lab_id, v["stage"], v["title"], v["date"], v["time"], v["place"])
            return self._store_session(op)

        dlg = SessionDialog(None, self._default_stage(), self._defaults, save, self)
        if not dlg.exec() or dlg.result_session is None:
            return None
        self._after_change(dlg.result_session.id)
        return dlg.result_session

    def edit_session(self) -> SessionInfo | None:
        if self.session is None:
            return None
        sid = self.session.id

        def save(v: dict[str, Any]) -> SessionInfo:
            return self._store_session(UpdateSession(sid, v))

        dlg = SessionDialog(self.session, self.session.stage, self._defaults, save, self)
        if not dlg.exec() or dlg.result_session is None:
            return None
        self.session = None  # re-read the changed session
        self._after_change(sid)
        return dlg.result_session

    def remove_session(self) -> None:
        if self.session is None:
            return
        n = self.model.present_count()
        text = _("Hapus sesi \u201c{title}\u201d?").format(title=self.session.title)
        if n:
            text += " " + _("Catatan kehadiran {n} orang pada sesi ini ikut terhapus.").format(n=n)
        if not self._confirm(_("Hapus sesi"), text):
            return
        op = RemoveSession(self.session.id, self.session.title)
        self.session = None
        self.undo.do(op, op.label, self, on_done=lambda _c, _i: self._after_change(None))

    def move_session(self, offset: int) -> None:
        if self.session is None:
            return
        sid = self.session.id
        self.undo.do(
            MoveSession(sid, offset),
            _("pindahkan sesi"),
            self,
            on_done=lambda _c, _i: self._after_change(sid),
        )

    def _store_session(self, op: AddSession | UpdateSession) -> SessionInfo:
        """Store a session from the dialog: values are checked here (the dialog shows what is wrong),
        then the op is one undoable step; the dialog waits the few milliseconds it takes."""
        sid = op.id if isinstance(op, AddSession) else op.session_id
        values = (
            {"stage": op.stage, "title": op.title, "date": op.date, "time": op.time, "place": op.place}
            if isinstance(op, AddSession)
            else dict(op.changes)
        )
        ss.clean_session_changes(values)
        failure: list[Exception] = []
        self.undo.do(op, op.label, self, on_failed=failure.append)
        self.undo.runner.flush()
        if failure:
            raise ValueError(user_message(failure[0]))
        return ss.get_session(self.db, sid)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Follow what changed elsewhere (an undo, the unit list, an import)."""
        if initiator is self or self.lab_id is None:
            return
        if not self.isVisible():
            return  # reloaded when shown (showEvent → refresh)
        if changes.sessions or changes.attendance or changes.people or changes.units:
            keep = self.session.id if self.session else None
            self.session = None
            self._reload_units()
            self._reload_sessions(select=keep)

    def _after_change(self, select: uuid.UUID | None) -> None:
        self._reload_sessions(select=select)
        self.sessionsChanged.emit()

    # --- printing ---
    def print_attendance(self, only_present: bool = False) -> Path | None:
        """Save the session's Daftar Hadir (everyone, or only those ticked present) as a PDF."""
        if self.session is None:
            return None
        title = _("Simpan daftar hadir yang hadir") if only_present else _("Simpan daftar hadir")
        name = attendance_filename(self.session)
        if only_present:
            name = name.replace("Daftar_Hadir_", "Daftar_Hadir_yang_hadir_", 1)
        path = self._ask_save_path(title, name)
        if path is None:
            return None
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = render_daftar_hadir(self.db, self.session.id, self.paper, only_present=only_present)
        except (ValueError, NotFoundError, PaperError) as exc:
            self._error(str(exc))
            return None
        finally:
            self.unsetCursor()
        try:
            write_atomically(path, pdf)
        except OSError as exc:
            self._error(_("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc))
            return None
        self._offer_open(path)
        return path

    # --- asking (tests replace these) ---
    def _ask_save_path(self, title: str, suggested: str) -> Path | None:
        """Ask where to save a PDF."""
        path, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / suggested), _("Dokumen PDF (*.pdf)")
        )
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == ".pdf" else p.with_suffix(".pdf")

    def _offer_open(self, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("PDF tersimpan"),
            _("PDF tersimpan di:\n{path}\n\nBuka sekarang?").format(path=path),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self,
        )
        box.button(QMessageBox.StandardButton.Open).setText(_("Buka"))
        box.button(QMessageBox.StandardButton.Close).setText(_("Tutup"))
        if box.exec() == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(_("Ya"))
        box.button(QMessageBox.StandardButton.No).setText(_("Batal"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _error(self, text: str) -> None:
        QMessageBox.warning(self, _("Lab Inovasi"), text)
