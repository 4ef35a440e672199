"""The lab-wide idea board: every idea of the lab in one table, with filters, a text search and
sorting by any column. Opening a row (double-click or Enter) asks the window to show that idea.

Speed (10,000 ideas): rows carry a pre-computed, lower-cased haystack, the filter decides all rows
in one Python pass and the proxy only looks the answers up; sorting is done by the source model on
pre-computed keys (see :meth:`IdeaBoardFilter.sort`).
"""

from __future__ import annotations

import uuid
from operator import attrgetter, itemgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, format_number
from labinovasi.services.curation import decision_label, format_score, id_key
from labinovasi.services.idea_board import BoardRow, board_rows
from ui import theme
from ui.models import ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 3
DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
USED_ROLES = frozenset({ID_ROLE, UNIT_ID_ROLE, SORT_ROLE, ALIGNMENT, BACKGROUND, FOREGROUND, TOOLTIP})
CELL_CHARS = 160
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

DECISION_ORDER = {"lanjut": 0, "perbaiki": 1, "gabung": 2, "tunda": 3}
# the board's short names for the long options of LK-2f (the tooltip shows the full label)
SHORT_LABELS = {
    "bentuk": {"tata_kelola": "Tata kelola", "pelayanan_publik": "Pelayanan publik", "lainnya": "Lainnya"},
    "jenis": {"digital": "Digital", "non_digital": "Non digital"},
}
NOT_FILLED = ""  # the filter value for "Belum diisi" (bentuk, jenis, urusan)
NO_DECISION = "-"  # the filter value for "Belum dikurasi"


def _short(kind: str, value: str, label: str) -> str:
    short = SHORT_LABELS.get(kind, {}).get(value)
    return _(short) if short else label


class IdeaBoardModel(QAbstractTableModel):
    """The board's rows (:class:`BoardRow`), one per idea. Sorts itself on pre-computed keys."""

    (
        NO,
        TITLE,
        UNIT,
        UNIT_TYPE,
        STAGE,
        STATUS,
        DECISION,
        SCORE,
        RANK,
        BENTUK,
        JENIS,
        URUSAN,
        MATURITY,
        DISPLAY,
        MASALAH,
    ) = range(15)
    HEADERS = (
        "No",
        "Ide inovasi",
        "Unit",
        "Jenis unit",
        "Tahap",
        "Status",
        "Keputusan",
        "Skor",
        "Peringkat",
        "Bentuk",
        "Jenis",
        "Urusan",
        "Kematangan",
        "Pameran / Replikasi",
        "Masalah",
    )
    WIDTHS = (44, 250, 190, 86, 78, 96, 88, 50, 72, 112, 80, 150, 90, 70, 320)
    NUMERIC = frozenset({NO, SCORE, RANK, DISPLAY})

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[BoardRow] = []
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: dict[int, list[Any]] = {}  # column -> key of each row (in the current order)
        # per row, in the order of IdeaBoardFilter.FILTERS, then the lower-cased text to search in
        self.filter_keys: list[tuple[Any, ...]] = []
        self.generation = 0  # changes whenever the rows or their order change (the filter's cache key)

    # --- rows ---
    def set_rows(self, rows: list[BoardRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = self._display_rows(self._rows)
        self.filter_keys = [filter_key(r) for r in self._rows]
        self._sort_keys.clear()
        self.generation += 1
        self.endResetModel()

    @staticmethod
    def _display_rows(rows: list[BoardRow]) -> list[tuple[str, ...]]:
        """The text of every cell, computed once (labels looked up per value, not per row)."""
        types = {t: t.short_label for t in UnitType}
        stages = {s: s.label for s in Stage}
        statuses = {s: s.label for s in IdeaStatus}
        decisions = {d: decision_label(d) for d in DECISION_ORDER}
        scores: dict[float, str] = {}
        bentuk: dict[str, str] = {}
        jenis: dict[str, str] = {}
        untitled = _("(ide tanpa judul)")
        out = []
        for r in rows:
            score = r.score
            if score is not None and score not in scores:
                scores[score] = format_score(score)
            if r.bentuk not in bentuk:
                bentuk[r.bentuk] = _short("bentuk", r.bentuk, r.bentuk_label)
            if r.jenis not in jenis:
                jenis[r.jenis] = _short("jenis", r.jenis, r.jenis_label)
            out.append(
                (
                    str(r.number),
                    r.title or untitled,
                    r.unit_name,
                    types[r.unit_type],
                    stages[r.stage],
                    statuses[r.status],
                    decisions.get(r.decision, "") if r.decision else "",
                    scores[score] if score is not None else "",
                    str(r.rank_lab) if r.rank_lab is not None else "",
                    bentuk[r.bentuk],
                    jenis[r.jenis],
                    r.urusan_label,
                    r.maturity_label,
                    f"{r.exhibitions} / {r.replications}" if r.exhibitions or r.replications else "",
                    # a cell shows ~80 characters: eliding the whole text on every repaint costs more
                    r.masalah if len(r.masalah) <= CELL_CHARS else r.masalah[: CELL_CHARS - 1] + "…",
                )
            )
        return out

    def rows(self) -> list[BoardRow]:
        return self._rows

    def row(self, row: int) -> BoardRow:
        return self._rows[row]

    def row_of(self, idea_id: uuid.UUID) -> int:
        for i, r in enumerate(self._rows):
            if r.idea_id == idea_id:
                return i
        return -1

    # --- Qt model ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole and section == self.DISPLAY:
            return _("Pameran / Replikasi")
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == self.DISPLAY:
            return _(
                "Berapa pameran (LK-5b) yang menampilkan inovasi ini / berapa permintaan replikasinya (LK-5c)"
            )
        if role == Qt.ItemDataRole.ToolTipRole and section == self.RANK:
            return _("Peringkat skor kurasi di lab (arahkan ke sel untuk peringkat di unit)")
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # asked ~3,500 times per repaint: the display text first, unused roles answered at once
        if role == DISPLAY:
            try:
                return self._display[index.row()][index.column()]
            except IndexError:
                return None
        if role not in USED_ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        col = index.column()
        r = self._rows[index.row()]
        if role == ID_ROLE:
            return r.idea_id
        if role == UNIT_ID_ROLE:
            return r.unit_id
        if role == SORT_ROLE:
            return self.sort_key(r, col)
        if role == ALIGNMENT:
            return RIGHT if col in self.NUMERIC else None
        if col == self.DECISION and r.decision in theme.DECISIONS:  # the decision column's (background, text)
            if role == BACKGROUND:
                return QBrush(QColor(theme.decision(r.decision)[1]))
            if role == FOREGROUND:
                return QBrush(QColor(theme.decision(r.decision)[2]))
        if role == TOOLTIP:
            return self._tooltip(r, col)
        return None

    def _tooltip(self, r: BoardRow, col: int) -> str:
        if col in (self.SCORE, self.RANK, self.DECISION):
            parts = []
            if r.gate_passed is False:
                parts.append(_("Tidak memenuhi syarat PP 38/2017"))
            elif r.gate_passed:
                parts.append(_("Memenuhi syarat PP 38/2017"))
            if r.score is not None:
                parts.append(_("Skor {score} dari 25").format(score=format_score(r.score)))
            if r.rank_lab is not None:
                parts.append(_("peringkat {u} di unit, {l} di lab").format(u=r.rank_unit, l=r.rank_lab))
            if r.decision == "gabung" and r.merged_into_title:
                parts.append(_("digabung ke \u201c{title}\u201d").format(title=r.merged_into_title))
            return " · ".join(parts) or _("Belum dikurasi (LK-2g)")
        if col == self.BENTUK:
            return r.bentuk_label
        if col == self.JENIS:
            return r.jenis_label
        if col == self.UNIT_TYPE:
            return r.unit_type.label
        if col == self.DISPLAY:
            return _("Dipamerkan di {n} pameran (LK-5b), {k} permintaan replikasi (LK-5c)").format(
                n=r.exhibitions, k=r.replications
            )
        text = f"{r.title}\n{r.unit_name}"
        return f"{text}\n\n{r.masalah}" if r.masalah else text

    # --- sorting ---
    def sort_key(self, r: BoardRow, col: int) -> Any:
        """The value a column sorts by (numbers for numbers; ``None`` sorts last either way)."""
        if col == self.NO:
            return r.number
        if col == self.TITLE:
            return r.title.casefold()
        if col == self.UNIT:
            return r.unit_name.casefold()
        if col == self.UNIT_TYPE:
            return list(UnitType).index(r.unit_type)
        if col == self.STAGE:
            return r.stage.index
        if col == self.STATUS:
            return list(IdeaStatus).index(r.status)
        if col == self.DECISION:
            return DECISION_ORDER.get(r.decision or "")
        if col == self.SCORE:
            return r.score
        if col == self.RANK:
            return r.rank_lab
        if col == self.BENTUK:
            return r.bentuk_label.casefold() or None
        if col == self.JENIS:
            return r.jenis_label.casefold() or None
        if col == self.URUSAN:
            return r.urusan_label.casefold() or None
        if col == self.MATURITY:
            return MATURITY_ORDER.get(r.maturity)
        if col == self.DISPLAY:
            return (r.exhibitions, r.replications) if r.exhibitions or r.replications else None
        return r.masalah.casefold() or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = [self.sort_key(r, column) for r in self._rows]
        numbers = [r.number for r in self._rows]
        present = [i for i, k in enumerate(keys) if k is not None]
        missing = [i for i, k in enumerate(keys) if k is None]  # empty values last, whichever the order
        present.sort(key=lambda i: (keys[i], numbers[i]), reverse=order == Qt.SortOrder.DescendingOrder)
        missing.sort(key=numbers.__getitem__)
        new_order = present + missing
        old_to_new = [0] * len(new_order)
        for new, old in enumerate(new_order):
            old_to_new[old] = new
        self._rows = [self._rows[i] for i in new_order]
        self._display = [self._display[i] for i in new_order]
        self.filter_keys = [self.filter_keys[i] for i in new_order]
        self._sort_keys = {c: [k[i] for i in new_order] for c, k in self._sort_keys.items()}
        self._sort_keys[column] = [keys[i] for i in new_order]
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(old_to_new[p.row()], p.column()) for p in persistent]
        )
        self.generation += 1
        self.layoutChanged.emit()


ANY = object()  # a filter that is not set
MATURITY_ORDER = {"inisiatif": 0, "uji_coba": 1, "penerapan": 2}


def filter_key(r: BoardRow) -> tuple[Any, ...]:
    """A row's values in the order of :attr:`IdeaBoardFilter.FILTERS`, then its text to search in."""
    return (r.unit_key, r.unit_type, r.stage, r.decision, r.bentuk, r.jenis, r.urusan, r.maturity, r.haystack)


class IdeaBoardFilter(QSortFilterProxyModel):
    """Filters the board by unit, unit type, stage, decision, bentuk, jenis and urusan, and by text
    (every word must occur, case-insensitively, in the title, the unit or the problem)."""

    FILTERS = ("unit", "unit_type", "stage", "decision", "bentuk", "jenis", "urusan", "maturity")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._filters: dict[str, Any] = dict.fromkeys(self.FILTERS, ANY)
        self._words: tuple[str, ...] = ()
        self._accepted: list[bool] = []
        self._generation = -1
        self._board = IdeaBoardModel(self)
        self.setSortRole(SORT_ROLE)

    def board(self) -> IdeaBoardModel:
        return self._board

    # --- what is filtered ---
    def set_filter(self, name: str, value: Any = ANY) -> None:
        """``value`` ANY clears the filter; ``None`` / ``""`` select ideas without a value where that
        makes sense (decision: ``NO_DECISION``; bentuk/jenis/urusan: ``NOT_FILLED``)."""
        if name not in self._filters:
            raise KeyError(name)
        if self._filters[name] is value or self._filters[name] == value:
            return
        self._filters[name] = value
        self._refilter()

    def filter_value(self, name: str) -> Any:
        return self._filters[name]

    def set_text(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words == self._words:
            return
        self._words = words
        self._refilter()

    def clear_filters(self) -> None:
        self._filters = dict.fromkeys(self.FILTERS, ANY)
        self._words = ()
        self._refilter()

    @property
    def active(self) -> bool:
        return bool(self._words) or any(v is not ANY for v in self._filters.values())

    def accepts(self, r: BoardRow) -> bool:
        """Whether one row passes every filter that is set (the rule :meth:`filterAcceptsRow` applies)."""
        return self._decide([filter_key(r)])[0]

    def _wanted(self) -> list[tuple[int, Any]]:
        """``(position in a row's filter key, wanted value)`` of every filter that is set."""
        wanted = []
        for pos, name in enumerate(self.FILTERS):
            value = self._filters[name]
            if value is ANY:
                continue
            if name == "unit":
                value = id_key(value)
            elif name == "decision":
                value = None if value in (NO_DECISION, None) else value
            elif name in ("bentuk", "jenis", "urusan", "maturity"):
                value = value or ""
            wanted.append((pos, value))
        return wanted

    def _decide(self, keys: list[tuple[Any, ...]]) -> list[bool]:
        """Every row's verdict in one pass (a few milliseconds for 10,000 rows)."""
        wanted = self._wanted()
        words = self._words
        text = len(self.FILTERS)
        if wanted:
            positions = [p for p, _v in wanted]
            pick = itemgetter(*positions)
            target = tuple(v for _p, v in wanted) if len(positions) > 1 else wanted[0][1]
            if not words:
                return [pick(k) == target for k in keys]
            return [pick(k) == target and all(w in k[text] for w in words) for k in keys]
        if not words:
            return [True] * len(keys)
        if len(words) == 1:
            word = words[0]
            return [word in k[text] for k in keys]
        return [all(w in k[text] for w in words) for k in keys]

    # --- Qt ---
    def _refilter(self) -> None:
        self._generation = -1
        # one layout change instead of a removal/insertion signal per range of rows: constant time
        self.invalidate()

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802
        assert isinstance(model, IdeaBoardModel)
        self._board = model
        self._generation = -1
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        # called by Qt for every row after each change: a list lookup, decided for all rows at once
        if self._generation != self._board.generation:
            self._accepted = self._decide(self._board.filter_keys)
            self._generation = self._board.generation
        try:
            return self._accepted[source_row]
        except IndexError:
            return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The proxy's own sort asks the source's data() from C++ for every comparison: about 1 s for
        # 10,000 rows, and again on every filter change. The source model sorts its rows in Python on
        # pre-computed keys in a few milliseconds instead; the proxy keeps the source's order.
        self._board.sort(column, order)


class IdeaBoard(QWidget):
    """The board widget: filters, search box, the count of ideas shown and the table."""

    openIdea = Signal(object, object)  # (unit id, idea id) as uuid.UUID

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.db: Database | None = None
        self.lab_id: uuid.UUID | None = None
        self.model = IdeaBoardModel(self)
        self.proxy = IdeaBoardFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Cari judul ide, unit atau masalah…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Cari ide"))
        self.search.textChanged.connect(self._on_text)
        search_label = QLabel(_("&Cari:"), self)
        search_label.setBuddy(self.search)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("count")
        self.reset_button = QPushButton(_("Hapus filter"), self)
        self.reset_button.clicked.connect(self.clear_filters)

        self.combos: dict[str, QComboBox] = {}
        names = {
            "unit": _("Semua unit"),
            "unit_type": _("Semua jenis unit"),
            "stage": _("Semua tahap"),
            "decision": _("Semua keputusan"),
            "bentuk": _("Semua bentuk"),
            "jenis": _("Semua jenis"),
            "urusan": _("Semua urusan"),
            "maturity": _("Semua kematangan"),
        }
        accessible = {
            "unit": _("Saring menurut unit"),
            "unit_type": _("Saring menurut jenis unit"),
            "stage": _("Saring menurut tahap"),
            "decision": _("Saring menurut keputusan kurasi"),
            "bentuk": _("Saring menurut bentuk inovasi"),
            "jenis": _("Saring menurut jenis inovasi"),
            "urusan": _("Saring menurut urusan pemerintahan"),
            "maturity": _("Saring menurut tingkat kematangan inovasi (LK-4c)"),
        }
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for name in IdeaBoardFilter.FILTERS:
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{name}")
            combo.setAccessibleName(accessible[name])
            combo.setToolTip(accessible[name])
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.addItem(names[name], ANY)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_combo(n))
            filters.addWidget(combo, 1)
            self.combos[name] = combo

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addWidget(self.reset_button)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(_("Papan ide lab"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.view.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row measuring
        vh.setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        hh = self.view.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        for col, width in enumerate(IdeaBoardModel.WIDTHS):
            self.view.setColumnWidth(col, width)
        hh.setSortIndicator(IdeaBoardModel.NO, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.activated.connect(self._on_activated)

        self.empty = QLabel("", self)
        self.empty.setWordWrap(True)
        theme.style(self.empty, lambda: theme.css_text("muted"))
        self.empty.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.empty)
        lay.addWidget(self.view, 1)
        self.setFocusProxy(self.search)
        self.search.installEventFilter(self)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self._update_count()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Down in the search box goes to the table (its current row, or the first one)
        if (
            obj is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, IdeaBoardModel.TITLE))
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(obj, event)

    # --- data ---
    def show_lab(self, db: Database, lab_id: uuid.UUID) -> None:
        """Load (or reload) the lab's ideas; filters, search, sort and the selected idea are kept."""
        self.db, self.lab_id = db, lab_id
        self.set_rows(board_rows(db, lab_id))

    def refresh(self) -> None:
        if self.db is not None and self.lab_id is not None:
            self.show_lab(self.db, self.lab_id)

    def set_rows(self, rows: list[BoardRow]) -> None:
        selected = self.selected_idea()
        self.model.set_rows(rows)
        hh = self.view.horizontalHeader()
        if (
            hh.sortIndicatorSection() != IdeaBoardModel.NO
            or hh.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder
        ):
            self.model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        self._fill_combos(rows)
        if selected is not None:
            self.select_idea(selected)
        if rows:
            self.empty.hide()
        else:
            self.empty.setText(
                _(
                    "Belum ada ide di lab ini. Ide dibuat di tahap Diagnose dengan lembar kerja "
                    "LK-2f (Ide Inovasi)."
                )
            )
            self.empty.show()
        self._update_count()

    def _fill_combos(self, rows: list[BoardRow]) -> None:
        ordered = sorted(rows, key=attrgetter("number"))
        units = dict.fromkeys((r.unit_id, r.unit_name) for r in ordered)  # in the lab's order
        types = {r.unit_type for r in rows}
        stages = {r.stage for r in rows}
        values: dict[str, dict[str, str]] = {
            "bentuk": dict({(r.bentuk, r.bentuk_label) for r in rows}),
            "jenis": dict({(r.jenis, r.jenis_label) for r in rows}),
            "urusan": dict({(r.urusan, r.urusan_label) for r in rows}),
            "maturity": dict({(r.maturity, r.maturity_label) for r in rows}),
        }
        options: dict[str, list[tuple[str, Any]]] = {
            "unit": [(name, uid) for uid, name in units],
            "unit_type": [(t.label, t) for t in UnitType if t in types],
            "stage": [(f"{s.number}. {s.label}", s) for s in Stage if s in stages],
            "decision": [(decision_label(d), d) for d in DECISION_ORDER]
            + [(decision_label(None), NO_DECISION)],
        }
        for key, found in values.items():
            filled = sorted(((lbl, v) for v, lbl in found.items() if v), key=lambda t: t[0].casefold())
            if key == "maturity":  # the levels in their own order
                filled.sort(key=lambda t: MATURITY_ORDER.get(t[1], len(MATURITY_ORDER)))
            options[key] = filled + ([(_("Belum diisi"), NOT_FILLED)] if "" in found else [])
        for name, items in options.items():
            combo = self.combos[name]
            current = self.proxy.filter_value(name)
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in items:
                combo.addItem(label, value)
            index = next((i for i in range(1, combo.count()) if combo.itemData(i) == current), 0)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
            if index == 0 and current is not ANY:  # the value is gone (e.g. a removed unit): drop it
                self.proxy.set_filter(name, ANY)

    # --- filters ---
    def _on_text(self, text: str) -> None:
        self.proxy.set_text(text)

    def _on_combo(self, name: str) -> None:
        combo = self.combos[name]
        self.proxy.set_filter(name, combo.currentData())

    def set_filter(self, name: str, value: Any) -> None:
        """Choose a filter value as the combo would (``ANY`` for all)."""
        combo = self.combos[name]
        for i in range(combo.count()):
            if combo.itemData(i) == value or (value is ANY and i == 0):
                combo.setCurrentIndex(i)
                return
        raise ValueError(f"{name}: {value!r} is not offered")

    def clear_filters(self) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.clear_filters()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            text = _("0 ide")
        elif shown == total:
            text = _("{n} ide").format(n=format_number(total))
        else:
            text = _("{shown} dari {total} ide").format(
                shown=format_number(shown), total=format_number(total)
            )
        self.count_label.setText(text)
        self.reset_button.setEnabled(self.proxy.active)

    # --- opening ---
    def selected_idea(self) -> uuid.UUID | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_idea(self, idea_id: uuid.UUID) -> bool:
        row = self.model.row_of(idea_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, IdeaBoardModel.TITLE))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openIdea.emit(index.data(UNIT_ID_ROLE), index.data(ID_ROLE))
