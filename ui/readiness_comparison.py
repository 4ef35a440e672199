"""Kesiapan semua unit: one bar per unit (most ready first, in its level's colour) and a table of
the units' respondents, mean, level and dimension means."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.domain.scoring import ReadinessSummary, readiness_level
from labinovasi.i18n import _
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.readiness import (
    CODE,
    DimensionGroup,
    by_mean,
    dimension_groups,
    format_mean,
    lab_mean,
    lab_readiness,
    level_colour,
)
from labinovasi.services.records import UnitInfo
from ui import theme
from ui.readiness_chart import ChartBar, ReadinessChart, level_legend_label, tint

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def two_lines(label: str) -> str:
    """A column label broken at the space nearest its middle (headers stay narrow)."""
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if not spaces:
        return label
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "\n" + label[cut + 1 :]


class ReadinessComparisonModel(QAbstractTableModel):
    """A row per unit: name, respondents, mean, level, then one column per dimension."""

    UNIT, RESPONDENTS, MEAN, LEVEL = range(4)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[tuple[UnitInfo, ReadinessSummary]] = []
        self._groups: tuple[DimensionGroup, ...] = ()

    def set_rows(
        self, rows: list[tuple[UnitInfo, ReadinessSummary]], groups: tuple[DimensionGroup, ...]
    ) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._groups = tuple(groups)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else 4 + len(self._groups)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt's name
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            fixed = (_("Unit"), _("Responden"), _("Rata-rata"), _("Tingkat"))
            return fixed[section] if section < 4 else two_lines(self._groups[section - 4].label)
        if role == Qt.ItemDataRole.ToolTipRole and section >= 4:
            return _("Rata-rata dimensi \u201c{d}\u201d").format(d=self._groups[section - 4].label)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit, s = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return unit.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.UNIT:
                return unit.name
            if col == self.RESPONDENTS:
                return str(s.respondents)
            if col == self.MEAN:
                return format_mean(s.mean) if s.mean is not None else "—"
            if col == self.LEVEL:
                return s.level or _("Belum ada jawaban")
            mean = s.by_dimension.get(self._groups[col - 4].key)
            return format_mean(mean) if mean is not None else "—"
        if role == SORT_ROLE:
            if col == self.UNIT:
                return unit.sort_order
            if col == self.RESPONDENTS:
                return s.respondents
            # units without a value sort below every mean, in the lab's unit order among themselves
            after = -1.0 - index.row() * 1e-6
            if col in (self.MEAN, self.LEVEL):
                return s.mean if s.mean is not None else after
            mean = s.by_dimension.get(self._groups[col - 4].key)
            return mean if mean is not None else after
        if role == Qt.ItemDataRole.ToolTipRole and col == self.UNIT:
            return unit.name
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.UNIT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col in (self.MEAN, self.LEVEL) and s.mean is not None:
            return QBrush(tint(level_colour(s.mean), 0.75))
        if role == Qt.ItemDataRole.ForegroundRole and s.mean is None and col != self.UNIT:
            return theme.brush("muted")
        if role == Qt.ItemDataRole.FontRole and col == self.LEVEL and s.mean is not None:
            f = QFont()
            f.setBold(True)
            return f
        return None


class ReadinessComparison(QWidget):
    """``show_lab(lab_id)`` reads every unit's LK-2a (one query) and shows the comparison.
    ``unitActivated(unit_id)`` is emitted when a unit's row is double-clicked or Enter is pressed."""

    unitActivated = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.lab_id: uuid.UUID | None = None
        self.rows: list[tuple[UnitInfo, ReadinessSummary]] = []

        self.title = QLabel(_("Kesiapan berinovasi semua unit"), self)
        tf = self.title.font()
        tf.setBold(True)
        tf.setPointSizeF(tf.pointSizeF() * 1.2)
        self.title.setFont(tf)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)

        self.chart = ReadinessChart(self, empty_text=_("Lab ini belum memiliki unit."), keep_rows=True)
        self.chart_scroll = QScrollArea(self)
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setWidget(self.chart)
        self.chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.legend = level_legend_label(self)

        self.model = ReadinessComparisonModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_("Kesiapan per unit"))
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.chart_scroll, 1)
        tl.addWidget(self.legend)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(self.table)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    def show_lab(self, lab_id: uuid.UUID) -> None:
        self.lab_id = lab_id
        self.refresh()

    def refresh(self) -> None:
        if self.lab_id is None:
            return
        groups = dimension_groups(get_lab_settings(self.db, self.lab_id).readiness_items)
        self.rows = by_mean(lab_readiness(self.db, self.lab_id))
        self.chart.set_bars([ChartBar(u.name, s.mean, u.name) for u, s in self.rows])
        self.model.set_rows(self.rows, groups)
        self.table.sortByColumn(ReadinessComparisonModel.MEAN, Qt.SortOrder.DescendingOrder)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        fm = self.table.fontMetrics()
        widths = {
            ReadinessComparisonModel.UNIT: min(300, max(180, self.table.columnWidth(0))),
            ReadinessComparisonModel.RESPONDENTS: fm.horizontalAdvance(_("Responden")) + 24,
            ReadinessComparisonModel.MEAN: fm.horizontalAdvance(_("Rata-rata")) + 30,
            ReadinessComparisonModel.LEVEL: fm.horizontalAdvance(_("Belum ada jawaban")) + 16,
        }
        for col in range(self.model.columnCount()):
            if col not in widths:  # a dimension: "3,47" under a label on two lines
                lines = str(self.model.headerData(col, Qt.Orientation.Horizontal)).split("\n")
                widths[col] = min(
                    160,
                    max(fm.horizontalAdvance("0,000") + 40, max(fm.horizontalAdvance(x) for x in lines) + 20),
                )
            self.table.setColumnWidth(col, widths[col])
        filled = sum(1 for _u, s in self.rows if s.mean is not None)
        mean = lab_mean(self.rows)
        if not self.rows:
            self.summary.setText(_("Lab ini belum memiliki unit."))
        elif mean is None:
            self.summary.setText(
                _("Belum ada unit yang mengisi {code} (Kuesioner Kesiapan Berinovasi).").format(code=CODE)
            )
        else:
            self.summary.setText(
                _(
                    "{filled} dari {total} unit sudah mengisi {code}. Rata-rata antarunit {mean} — {level}."
                ).format(
                    filled=filled,
                    total=len(self.rows),
                    code=CODE,
                    mean=format_mean(mean),
                    level=readiness_level(mean),
                )
            )

    def _activated(self, index: QModelIndex) -> None:
        unit_id = index.data(ID_ROLE)
        if unit_id is not None:
            self.unitActivated.emit(unit_id)
