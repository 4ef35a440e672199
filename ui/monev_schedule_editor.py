"""The monev desk schedule editor (LK-4d): the settings as a form, then the timetable as a grid.

Rows are the slots of a day, columns are the days, each a column of its times then one column per
desk. "Atur otomatis" places the units
(``labinovasi.domain.monev_schedule.assign``); a unit moves by drag and drop between cells (a unit on a
taken cell swaps with it), from the list of units not yet placed, or back to it; by keyboard, Ctrl+arrow
moves the selected unit one cell, Delete takes it out, and "Tempatkan" puts the unit chosen in the list on
the selected cell. A unit moved by hand is locked (bold, "dikunci"): the next "Atur otomatis" leaves it
where it is. Every change is a normal save of the sheet, undone with the window's Ctrl+Z.

Editor contract (see ``ui/editors.py``): ``changed`` on every user edit (never from ``set_data``),
``data()``, ``set_data(data)``, ``show_issues(issues)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain import monev_schedule as ms
from labinovasi.i18n import _, format_date
from labinovasi.services.context import WorksheetContext
from labinovasi.services.monev_schedule import UnitChoice, effective_choice, unit_choice
from labinovasi.worksheets.kinds.monev_schedule import ROWS
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import Issue
from ui import theme
from ui.worksheet_form import WorksheetForm

MIME = "application/x-labinovasi-monev-unit"
UNIT_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex
DESK_MIN_WIDTH = 104  # px: a desk's column shows two lines of a unit's name


def _mime(unit: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME, QByteArray(unit.encode("utf-8")))
    return data


def _unit_of(data: QMimeData) -> str:
    return bytes(data.data(MIME).data()).decode("utf-8") if data.hasFormat(MIME) else ""


class ScheduleGridModel(QAbstractTableModel):
    """The timetable: a row per slot of the day, a column per day and desk; a cell shows its unit."""

    def __init__(self, editor: MonevScheduleEditor):
        super().__init__(editor)
        self.editor = editor
        self.settings = ms.Settings()
        self.times: list[list[int]] = []
        self.at: dict[ms.Cell, ms.Placement] = {}

    def reset(self, settings: ms.Settings, placements: list[ms.Placement]) -> None:
        self.beginResetModel()
        self.settings = settings
        self.times = ms.day_slots(settings)
        inside, _outside = ms.split_outside(settings, placements)
        self.at = {p.cell: p for p in inside}
        self.endResetModel()

    # --- geometry: each day is a time column, then one column per desk ---
    @property
    def per_day(self) -> int:
        return max(0, self.settings.desks) + 1

    def _split(self, index: AnyIndex) -> tuple[int, int] | None:
        """(day, column within the day: 0 the time, 1… the desks) of a valid slot's index."""
        if not index.isValid() or self.settings.desks <= 0:
            return None
        day, col = divmod(index.column(), self.per_day)
        if day >= len(self.times) or index.row() >= len(self.times[day]):
            return None
        return day, col

    def cell(self, index: AnyIndex) -> ms.Cell | None:
        """The schedule's cell at ``index``; None for a time column or where the day has no such slot."""
        split = self._split(index)
        if split is None or split[1] == 0:
            return None
        return ms.Cell(split[0], index.row(), split[1] - 1)

    def is_time_column(self, column: int) -> bool:
        return column % self.per_day == 0

    def index_of(self, cell: ms.Cell) -> QModelIndex:
        return self.index(cell.slot, cell.day * self.per_day + 1 + cell.desk)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else max((len(t) for t in self.times), default=0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.settings.desks <= 0 else len(self.times) * self.per_day

    def after_break(self, day: int, slot: int) -> tuple[int, int] | None:
        """The day's break when ``slot`` is the first slot after it."""
        d = self.settings.days[day]
        if d.break_start is None or d.break_end is None or slot >= len(self.times[day]):
            return None
        start = self.times[day][slot]
        before = self.times[day][slot - 1] if slot > 0 else None
        if start >= d.break_end and (before is None or before < d.break_start) and slot > 0:
            return d.break_start, d.break_end
        return None

    def day_title(self, day: int) -> str:
        date = self.settings.days[day].date if day < len(self.settings.days) else None
        return format_date(date, "EEE d MMM") if date else _("Hari {n}").format(n=day + 1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        day, col = divmod(section, max(1, self.per_day))
        if day >= len(self.times):
            return None
        return self.day_title(day) if col == 0 else _("Meja {n}").format(n=col)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        split = self._split(index)
        if split is not None and split[1] == 0:  # the day's time column
            start = self.times[split[0]][index.row()]
            after = self.after_break(split[0], index.row())
            if role == Qt.ItemDataRole.DisplayRole:
                return ms.format_time(start)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole) and after:
                return _("{time}, sesudah istirahat {start}–{end}").format(
                    time=ms.format_time(start), start=ms.format_time(after[0]), end=ms.format_time(after[1])
                )
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush("warn_bg" if after else "surface_alt")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        cell = self.cell(index)
        if cell is None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush("panel")
            return None
        p = self.at.get(cell)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.editor.unit_name(p.unit) if p else ""
        if role == UNIT_ROLE:
            return p.unit if p else None
        if role == Qt.ItemDataRole.ToolTipRole:
            start = self.times[cell.day][cell.slot]
            when = _("Hari {day}, {start}–{end}, meja {desk}").format(
                day=cell.day + 1,
                start=ms.format_time(start),
                end=ms.format_time(start + self.settings.minutes),
                desk=cell.desk + 1,
            )
            if p is None:
                return when + "\n" + _("kosong")
            lock = (
                "\n" + _("dikunci: dipindah tangan, tetap di sini saat diatur otomatis") if p.locked else ""
            )
            return f"{self.editor.unit_name(p.unit)}\n{when}{lock}"
        if role == Qt.ItemDataRole.FontRole and p is not None and p.locked:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and p is not None and p.locked:
            return theme.brush("accent_faint")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            name = self.editor.unit_name(p.unit) if p else _("kosong")
            start = ms.format_time(self.times[cell.day][cell.slot])
            where = f"{name}, {self.day_title(cell.day)} {start}, " + _("meja {n}").format(n=cell.desk + 1)
            return where + (", " + _("dikunci") if p is not None and p.locked else "")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        cell = self.cell(index)
        if cell is None:
            split = self._split(index)
            return Qt.ItemFlag.ItemIsEnabled if split is not None else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        if cell in self.at:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # --- drag and drop ---
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        units = [self.data(i, UNIT_ROLE) for i in indexes]
        return _mime(next((u for u in units if u), ""))

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:  # noqa: N802
        target = parent if parent.isValid() else self.index(row, column)
        return bool(_unit_of(data)) and self.cell(target) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:  # noqa: N802
        target = self.cell(parent if parent.isValid() else self.index(row, column))
        unit = _unit_of(data)
        if target is None or not unit:
            return False
        self.editor.move_unit(unit, target)
        # the move is done here: nothing for the view to remove from the source afterwards
        return False


class UnplacedModel(QAbstractListModel):
    """The units not (or no longer) placed in the schedule; dragged onto the grid to place them, and a
    unit dragged here leaves the schedule."""

    def __init__(self, editor: MonevScheduleEditor):
        super().__init__(editor)
        self.editor = editor
        self.units: list[str] = []

    def reset(self, units: list[str]) -> None:
        self.beginResetModel()
        self.units = units
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.units)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.units):
            return None
        unit = self.units[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.editor.unit_name(unit)
        if role == UNIT_ROLE:
            return unit
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        return _mime(next((self.units[i.row()] for i in indexes if i.isValid()), ""))

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:  # noqa: N802
        unit = _unit_of(data)
        if unit and unit not in self.units:
            self.editor.unplace_unit(unit)
        return False


class MoveDialog(QDialog):
    """Pindahkan ke…: the day, the time and the desk to move the selected unit to, chosen by keyboard."""

    def __init__(self, model: ScheduleGridModel, unit: str, current: ms.Cell, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(_("Pindahkan unit"))
        form = QFormLayout(self)
        form.addRow(QLabel(model.editor.unit_name(unit), self))
        self.day = QComboBox(self)
        for d in range(len(model.times)):
            self.day.addItem(model.day_title(d), d)
        self.time = QComboBox(self)
        self.desk = QComboBox(self)
        for k in range(model.settings.desks):
            self.desk.addItem(_("Meja {n}").format(n=k + 1), k)
        form.addRow(_("&Hari"), self.day)
        form.addRow(_("&Jam"), self.time)
        form.addRow(_("&Meja"), self.desk)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pindahkan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.day.currentIndexChanged.connect(self._fill_times)
        self.day.setCurrentIndex(current.day)
        self._fill_times()
        self.time.setCurrentIndex(current.slot)
        self.desk.setCurrentIndex(current.desk)

    def _fill_times(self) -> None:
        keep = self.time.currentIndex()
        self.time.clear()
        day = self.day.currentIndex()
        for slot, start in enumerate(self.model.times[day] if day >= 0 else []):
            self.time.addItem(ms.format_time(start), slot)
        self.time.setCurrentIndex(min(max(0, keep), self.time.count() - 1))

    def target(self) -> ms.Cell | None:
        if min(self.day.currentIndex(), self.time.currentIndex(), self.desk.currentIndex()) < 0:
            return None
        return ms.Cell(self.day.currentIndex(), self.time.currentIndex(), self.desk.currentIndex())


class ScheduleGridView(QTableView):
    """The grid; Ctrl+arrow moves the selected unit one cell, Delete takes it out of the schedule."""

    MOVES = {
        Qt.Key.Key_Up: (-1, 0),
        Qt.Key.Key_Down: (1, 0),
        Qt.Key.Key_Left: (0, -1),
        Qt.Key.Key_Right: (0, 1),
    }

    def __init__(self, editor: MonevScheduleEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor

    def fit_columns(self) -> None:
        """Time columns as wide as their dates, desks share the rest (at least ``DESK_MIN_WIDTH``; a grid
        wider than the view scrolls sideways)."""
        model = self.model()
        if not isinstance(model, ScheduleGridModel) or model.columnCount() == 0:
            return
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        columns = range(model.columnCount())
        times = [c for c in columns if model.is_time_column(c)]
        time_w = max(
            metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal))) for c in times
        )
        time_w = max(time_w, metrics.horizontalAdvance("00.00")) + 16
        desks = model.columnCount() - len(times)
        desk_w = max(DESK_MIN_WIDTH, (self.viewport().width() - len(times) * time_w) // max(1, desks))
        for c in columns:
            header.resizeSection(c, time_w if model.is_time_column(c) else desk_w)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = Qt.Key(event.key())
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and key in self.MOVES:
            self.editor.move_selected(*self.MOVES[key])
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.editor.unplace_selected()
            return
        if key == Qt.Key.Key_F2 and not event.modifiers():
            self.editor.move_selected_to()
            return
        super().keyPressEvent(event)


class MonevScheduleEditor(QWidget):
    changed = Signal()

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self._loading = False
        self.choice: UnitChoice = unit_choice(context.db, context.lab_id) if context else UnitChoice((), ())
        self._names = {u.id: u.name for u in self.choice.every}
        self._placements: list[ms.Placement] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.form = WorksheetForm(template, self, context)
        self.form.changed.connect(self._on_form_changed)
        lay.addWidget(self.form)
        self.grid_model = ScheduleGridModel(self)
        self.unplaced_model = UnplacedModel(self)
        self._build_grid()
        self._refresh()

    # --- the grid, in place of the generated table of placements ---
    def _build_grid(self) -> None:
        holder = self.form.fields[ROWS]
        holder.editor.hide()
        for label in holder.findChildren(QLabel):
            if label is not holder.label and label.text() == holder.field.help:
                label.hide()  # it describes the stored rows, which the grid shows instead
        holder.label.setText(_("Jadwal per meja"))
        box = QWidget(holder)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 2, 0, 2)
        row = QHBoxLayout()
        self.summary = QLabel("", box)
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.auto_button = QPushButton(_("Atur otomatis"), box)
        self.auto_button.setToolTip(
            _("Tempatkan semua unit yang tidak dikunci: tersebar ke hari-hari monev, mulai dari slot pagi")
        )
        self.auto_button.clicked.connect(self.auto_assign)
        self.lock_button = QPushButton(_("Kunci/lepas kunci"), box)
        self.lock_button.setToolTip(_("Unit yang dikunci tidak dipindah saat jadwal diatur otomatis"))
        self.lock_button.clicked.connect(self.toggle_lock)
        self.remove_button = QPushButton(_("Keluarkan dari jadwal"), box)
        self.remove_button.setToolTip(_("Keluarkan unit di sel terpilih dari jadwal (Delete)"))
        self.remove_button.clicked.connect(self.unplace_selected)
        self.move_button = QPushButton(_("Pindahkan ke…"), box)
        self.move_button.setToolTip(_("Pindahkan unit di sel terpilih ke hari, jam dan meja lain (F2)"))
        self.move_button.clicked.connect(self.move_selected_to)
        row.addWidget(self.auto_button)
        row.addWidget(self.move_button)
        row.addWidget(self.lock_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        v.addLayout(row)

        self.grid = ScheduleGridView(self, box)
        self.grid.setModel(self.grid_model)
        self.grid.setAccessibleName(_("Jadwal meja monev"))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setDragEnabled(True)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setWordWrap(True)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # see ScheduleGridView.fit_columns
        header.setMinimumSectionSize(40)
        self.grid.verticalHeader().hide()
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # two lines of a unit's name in a cell
        self.grid.verticalHeader().setDefaultSectionSize(self.grid.fontMetrics().lineSpacing() * 2 + 8)
        v.addWidget(self.grid)

        label = QLabel(_("Belum dijadwalkan"), box)
        bold = label.font()
        bold.setBold(True)
        label.setFont(bold)
        v.addWidget(label)
        side = QHBoxLayout()
        self.unplaced = QListView(box)
        self.unplaced.setModel(self.unplaced_model)
        self.unplaced.setAccessibleName(_("Unit yang belum dijadwalkan"))
        self.unplaced.setFlow(QListView.Flow.LeftToRight)
        self.unplaced.setWrapping(True)
        self.unplaced.setSpacing(2)
        self.unplaced.setDragEnabled(True)
        self.unplaced.setAcceptDrops(True)
        self.unplaced.setDropIndicatorShown(True)
        self.unplaced.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.unplaced.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.unplaced.setFixedHeight(self.unplaced.fontMetrics().lineSpacing() * 3 + 12)
        label.setBuddy(self.unplaced)
        side.addWidget(self.unplaced, 1)
        place = QVBoxLayout()
        self.place_button = QPushButton(_("Tempatkan di sel terpilih"), box)
        self.place_button.setToolTip(_("Unit terpilih di daftar ini ke sel terpilih di jadwal"))
        self.place_button.clicked.connect(self.place_chosen)
        place.addWidget(self.place_button)
        place.addStretch(1)
        side.addLayout(place)
        v.addLayout(side)
        hint = QLabel(
            _(
                "Seret unit antar-sel (unit di sel tujuan bertukar tempat), atau pilih sel lalu Ctrl+panah "
                "atau F2 (Pindahkan ke…); Delete mengeluarkannya ke daftar di atas. Jam berlatar kuning: "
                "slot pertama sesudah istirahat."
            ),
            box,
        )
        hint.setWordWrap(True)
        theme.style(hint, lambda: theme.css_text("muted"))
        v.addWidget(hint)
        holder.layout().insertWidget(holder.layout().indexOf(holder.editor) + 1, box)
        holder.label.setBuddy(self.grid)

    # --- what is shown ---
    def unit_name(self, unit: str) -> str:
        return self._names.get(unit, _("(unit tidak dikenal)"))

    def settings(self) -> tuple[ms.Settings, list[str]]:
        return ms.read_settings(self.form.data())

    def wanted_units(self) -> list[str]:
        return [u.id for u in self.choice.units(self.form.data().get("peserta"))]

    def _refresh(self, select: ms.Cell | None = None) -> None:
        settings, problems = self.settings()
        self.grid_model.reset(settings, self._placements)
        self.grid.fit_columns()
        inside = {p.unit for p in self.grid_model.at.values()}
        self.unplaced_model.reset([u for u in self.wanted_units() if u not in inside])
        rows = self.grid_model.rowCount()
        height = self.grid.verticalHeader().defaultSectionSize()
        self.grid.setMinimumHeight(
            height * max(3, min(rows, 14)) + self.grid.horizontalHeader().sizeHint().height() + 6
        )
        if select is not None:
            self.grid.setCurrentIndex(self.grid_model.index_of(select))
        self._show_summary(settings, problems)

    def _show_summary(self, settings: ms.Settings, problems: list[str], error: str = "") -> None:
        wanted = self.wanted_units()
        placed = len(self.grid_model.at)
        if error or problems:
            self.summary.setText(error or problems[0])
            theme.style(self.summary, lambda: theme.css_text("error"))
            return
        if not wanted:
            which = effective_choice(self.form.data().get("peserta"), self.choice)
            self.summary.setText(
                _('Belum ada inovasi yang diluncurkan (LK-4a): pilih "Semua unit" atau luncurkan dulu.')
                if which == "diluncurkan"
                else _("Lab ini belum punya unit.")
            )
        else:
            self.summary.setText(
                _(
                    "{placed} dari {units} unit terjadwal · {slots} slot ({desks} meja × {minutes} menit)"
                ).format(
                    placed=placed,
                    units=len(wanted),
                    slots=ms.capacity(settings),
                    desks=settings.desks,
                    minutes=settings.minutes,
                )
            )
        theme.style(self.summary, lambda: theme.css_text("accent", bold=True))

    # --- edits ---
    def _edited(self, select: ms.Cell | None = None) -> None:
        self._refresh(select)
        if not self._loading:
            self.changed.emit()

    def _on_form_changed(self) -> None:
        self._edited()

    def auto_assign(self) -> bool:
        """Place every unit that is not locked; a schedule too small says so and changes nothing."""
        settings, problems = self.settings()
        if problems:
            self._show_summary(settings, problems)
            return False
        try:
            self._placements = ms.assign(settings, self.wanted_units(), self._placements)
        except ms.ScheduleError as exc:
            self._show_summary(settings, [], str(exc))
            return False
        self._edited()
        return True

    def move_unit(self, unit: str, target: ms.Cell) -> None:
        current = next((p for p in self._placements if p.unit == unit), None)
        if current is not None and current.cell == target:
            return
        self._placements = ms.move(self._placements, unit, target)
        self._edited(target)

    def unplace_unit(self, unit: str) -> None:
        self._placements = ms.unplace(self._placements, unit)
        self._edited()

    def selected_cell(self) -> ms.Cell | None:
        return self.grid_model.cell(self.grid.currentIndex())

    def move_selected(self, d_row: int, d_col: int) -> None:
        cell = self.selected_cell()
        if cell is None or cell not in self.grid_model.at:
            return
        index = self.grid.currentIndex()
        column = index.column() + d_col
        if d_col and self.grid_model.is_time_column(column):
            column += d_col  # over the next day's time column
        target = self.grid_model.cell(self.grid_model.index(index.row() + d_row, column))
        if target is not None:
            self.move_unit(self.grid_model.at[cell].unit, target)

    def move_dialog(self) -> MoveDialog | None:
        """The "Pindahkan ke…" dialog for the selected unit (None when no unit is selected)."""
        cell = self.selected_cell()
        if cell is None or cell not in self.grid_model.at:
            return None
        return MoveDialog(self.grid_model, self.grid_model.at[cell].unit, cell, self)

    def move_selected_to(self) -> None:
        dialog = self.move_dialog()
        if dialog is None:
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.move_from_dialog(dialog)

    def move_from_dialog(self, dialog: MoveDialog) -> None:
        cell = self.selected_cell()
        target = dialog.target()
        if cell is not None and cell in self.grid_model.at and target is not None:
            self.move_unit(self.grid_model.at[cell].unit, target)

    def unplace_selected(self) -> None:
        cell = self.selected_cell()
        if cell is not None and cell in self.grid_model.at:
            self.unplace_unit(self.grid_model.at[cell].unit)

    def toggle_lock(self) -> None:
        cell = self.selected_cell()
        if cell is None or cell not in self.grid_model.at:
            return
        p = self.grid_model.at[cell]
        self._placements = ms.set_locked(self._placements, p.unit, not p.locked)
        self._edited(cell)

    def place_chosen(self) -> None:
        chosen = self.unplaced.currentIndex()
        cell = self.selected_cell()
        if chosen.isValid() and cell is not None:
            self.move_unit(self.unplaced_model.units[chosen.row()], cell)

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        out = self.form.data()
        out.pop(ROWS, None)
        if self._placements:
            out[ROWS] = ms.placement_rows(self._placements, self._names)
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        # a new sheet shows the usual room: 3 desks, 20 minutes per unit (stored with the first edit)
        defaults = {"jumlah_meja": ms.DEFAULT_DESKS, "menit_per_slot": ms.DEFAULT_MINUTES}
        data = {**{k: v for k, v in defaults.items() if data.get(k) in (None, "")}, **data}
        self._loading = True
        try:
            self.form.set_data(data)
            self._placements = ms.read_placements(data)
            self._refresh()
        finally:
            self._loading = False

    def show_issues(self, issues: list[Issue]) -> None:
        self.form.show_issues(issues)
