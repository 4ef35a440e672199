"""Qt models over core records: units, people, and the unit × stage progress matrix."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.services.records import PersonInfo, UnitInfo
from labinovasi.services.worksheets import StageProgress
from ui import theme

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def _progress_colour(fraction: float) -> QColor:
    if fraction <= 0:
        return theme.color("progress_none")
    if fraction < 0.5:
        return theme.color("progress_started")
    if fraction < 1:
        return theme.color("progress_half")
    return theme.color("progress_done")


class UnitListModel(QAbstractTableModel):
    """The lab's units: name, type, and overall progress over the 5D+1 stages."""

    NAME, TYPE, PROGRESS = range(3)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._units: list[UnitInfo] = []
        self._progress: dict[uuid.UUID, dict[Stage, StageProgress]] = {}

    def set_units(self, units: list[UnitInfo], progress: dict[uuid.UUID, dict[Stage, StageProgress]]) -> None:
        self.beginResetModel()
        self._units = list(units)
        self._progress = progress
        self.endResetModel()

    @property
    def progress(self) -> dict[uuid.UUID, dict[Stage, StageProgress]]:
        return self._progress

    def set_progress(self, progress: dict[uuid.UUID, dict[Stage, StageProgress]]) -> None:
        self._progress = progress
        if self._units:
            self.dataChanged.emit(
                self.index(0, self.PROGRESS), self.index(len(self._units) - 1, self.PROGRESS)
            )

    def unit(self, row: int) -> UnitInfo:
        return self._units[row]

    def row_of(self, unit_id: uuid.UUID) -> int:
        for i, u in enumerate(self._units):
            if u.id == unit_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Unit"), _("Jenis"), _("Kemajuan"))[section] if 0 <= section < 3 else None
        return None

    def _overall(self, unit_id: uuid.UUID) -> float:
        per = self._progress.get(unit_id, {})
        done = sum(p.done for p in per.values())
        total = sum(p.total for p in per.values())
        return done / total if total else 0.0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._units)):
            return None
        u = self._units[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return u.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return u.name
            if col == self.TYPE:
                return u.unit_type.short_label
            return f"{round(self._overall(u.id) * 100)}%"
        if role == SORT_ROLE:
            if col == self.PROGRESS:
                return self._overall(u.id)
            if col == self.NAME:
                return u.sort_order
            return u.unit_type.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{u.name}\n{u.unit_type.label}" + (
                f"\n{_('Kepala')}: {u.head_name}" if u.head_name else ""
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PeopleModel(QAbstractTableModel):
    COLUMNS = ("name", "role", "nip", "jabatan", "phone")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._people: list[PersonInfo] = []

    def set_people(self, people: list[PersonInfo]) -> None:
        self.beginResetModel()
        self._people = list(people)
        self.endResetModel()

    def person(self, row: int) -> PersonInfo:
        return self._people[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            labels = (_("Nama"), _("Peran"), _("NIP"), _("Jabatan"), _("Kontak"))
            return labels[section] if 0 <= section < len(labels) else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._people)):
            return None
        p = self._people[index.row()]
        if role == ID_ROLE:
            return p.id
        if role == Qt.ItemDataRole.DisplayRole:
            key = self.COLUMNS[index.column()]
            if key == "role":
                return p.role.label
            if key == "phone":
                return " · ".join(x for x in (p.phone, p.email) if x)
            return getattr(p, key)
        return None


class ProgressMatrixModel(QAbstractTableModel):
    """Rows: units; columns: the 5D+1 stages; cells: worksheets filled / worksheets of the stage."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._units: list[UnitInfo] = []
        self._progress: dict[uuid.UUID, dict[Stage, StageProgress]] = {}
        self._stages = list(Stage)

    def set_data(self, units: list[UnitInfo], progress: dict[uuid.UUID, dict[Stage, StageProgress]]) -> None:
        self.beginResetModel()
        self._units = list(units)
        self._progress = progress
        self.endResetModel()

    def stage(self, column: int) -> Stage:
        return self._stages[column]

    def unit(self, row: int) -> UnitInfo:
        return self._units[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._stages)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._stages):
                s = self._stages[section]
                return f"{s.number}\n{s.label}"
            return None
        return self._units[section].name if 0 <= section < len(self._units) else None

    def cell(self, row: int, column: int) -> StageProgress:
        u = self._units[row]
        return self._progress.get(u.id, {}).get(self._stages[column], StageProgress(0, 0))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._units)):
            return None
        p = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{p.done}/{p.total}" if p.total else "—"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_progress_colour(p.fraction))
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.brush("ink")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{unit} · {stage}: {done} dari {total} lembar kerja terisi").format(
                unit=self._units[index.row()].name,
                stage=self._stages[index.column()].label,
                done=p.done,
                total=p.total,
            )
        if role == SORT_ROLE:
            return p.fraction
        return None
