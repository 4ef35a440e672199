"""The editor of LK-2a Kuesioner Kesiapan Berinovasi: one grid for all respondents.

Rows are the lab's items grouped by dimension, columns the respondents; a score is typed with the
keyboard (a digit 1–5 sets the cell and moves down, Delete clears), and the unit's mean, level and
the chart of the dimension means follow every keystroke. The stored data stays the worksheet's two
tables (``responden`` and ``jawaban``); answers to items the lab no longer lists are kept as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
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
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain.scoring import check_score
from labinovasi.i18n import _
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import ReadinessItem, default_readiness_items
from labinovasi.services.readiness import (
    ANSWERS,
    RESPONDENTS,
    DimensionGroup,
    ReadinessReport,
    analyse,
    dimension_groups,
    format_mean,
    level_colour,
    score_text,
)
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, Issue, new_row_id
from ui import theme
from ui.elided_label import ElidedLabel
from ui.readiness_chart import ChartBar, ReadinessChart, level_legend_label, tint

Index = QModelIndex | QPersistentModelIndex
SCORE_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_ROLE = Qt.ItemDataRole.UserRole + 11
MAX_NAME = 200

HEADER, ITEM, TOTAL = "header", "item", "total"


class ReadinessGridModel(QAbstractTableModel):
    """Items (rows, grouped under dimension header rows, then a row of the respondents' means) ×
    respondents (columns, after the statement column and before the item-mean column)."""

    def __init__(self, items: Sequence[ReadinessItem], parent: Any = None):
        super().__init__(parent)
        self.items = tuple(items)
        self.groups: tuple[DimensionGroup, ...] = dimension_groups(self.items)
        self._rows: list[tuple[str, DimensionGroup | None, ReadinessItem | None, int]] = []
        number = 0
        for g in self.groups:
            self._rows.append((HEADER, g, None, 0))
            for item in g.items:
                number += 1
                self._rows.append((ITEM, g, item, number))
        self._rows.append((TOTAL, None, None, 0))
        self._people: list[dict[str, str]] = []  # {_id, nama, jabatan}
        self._scores: dict[tuple[str, str], int] = {}
        self._row_ids: dict[tuple[str, str], str] = {}  # the _id of a stored answer row, kept on save
        self._kept: list[dict[str, Any]] = []  # stored answers the grid does not show
        self._report = analyse({}, self.items)
        self._dim_means: dict[tuple[str, str], float] = {}  # (respondent id, dimension) -> mean

    def _recompute(self) -> None:
        self._report = analyse(self.to_data(), self.items)
        sums: dict[tuple[str, str], list[int]] = {}
        dims = {i.id: i.dimension for i in self.items}
        for (rid, item), score in self._report.scores.items():
            sums.setdefault((rid, dims[item]), []).append(score)
        self._dim_means = {k: round(sum(v) / len(v), 2) for k, v in sums.items()}

    # --- content ---
    def set_content(self, data: dict[str, Any]) -> None:
        data = data if isinstance(data, dict) else {}  # older versions arrive upgraded (worksheets.upgrades)
        self.beginResetModel()
        self._people, self._scores, self._row_ids, self._kept = [], {}, {}, []
        seen: set[str] = set()
        rows = data.get(RESPONDENTS)
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict):
                continue
            rid = row.get(ROW_ID) if isinstance(row.get(ROW_ID), str) and row.get(ROW_ID) else new_row_id()
            while rid in seen:
                rid = new_row_id()
            seen.add(rid)
            self._people.append(
                {ROW_ID: rid, "nama": _str(row.get("nama")), "jabatan": _str(row.get("jabatan"))}
            )
        listed = {i.id for i in self.items}
        answers = data.get(ANSWERS)
        for row in answers if isinstance(answers, list) else []:
            if not isinstance(row, dict):
                continue
            key = (row.get("responden"), row.get("butir"))
            score = row.get("skor")
            if (
                key[0] in seen
                and key[1] in listed
                and isinstance(score, int)
                and not isinstance(score, bool)
                and 1 <= score <= 5
            ):
                self._scores[key] = score  # type: ignore[index]  # a later row for the same cell wins
                if isinstance(row.get(ROW_ID), str):
                    self._row_ids[key] = row[ROW_ID]  # type: ignore[index]
                else:
                    self._row_ids.pop(key, None)  # type: ignore[arg-type]
            else:
                self._kept.append(dict(row))
        self._recompute()
        self.endResetModel()

    def to_data(self) -> dict[str, Any]:
        people = []
        for p in self._people:
            row = {ROW_ID: p[ROW_ID], "nama": p["nama"]}
            if p["jabatan"]:
                row["jabatan"] = p["jabatan"]
            people.append(row)
        answers: list[dict[str, Any]] = []
        for p in self._people:
            for item in self.items:
                key = (p[ROW_ID], item.id)
                if key in self._scores:
                    row = {"responden": key[0], "butir": key[1], "skor": self._scores[key]}
                    if key in self._row_ids:
                        row = {ROW_ID: self._row_ids[key], **row}
                    answers.append(row)
        answers += [dict(r) for r in self._kept]
        return {RESPONDENTS: people, ANSWERS: answers}

    @property
    def report(self) -> ReadinessReport:
        return self._report

    @property
    def kept_answers(self) -> int:
        return len(self._kept)

    def respondents(self) -> list[dict[str, str]]:
        return [dict(p) for p in self._people]

    # --- geometry ---
    def kind(self, row: int) -> str:
        return self._rows[row][0]

    def item_at(self, row: int) -> ReadinessItem | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def item_rows(self) -> list[int]:
        return [r for r, (kind, *_rest) in enumerate(self._rows) if kind == ITEM]

    def header_rows(self) -> list[int]:
        return [r for r, (kind, *_rest) in enumerate(self._rows) if kind == HEADER]

    @property
    def mean_column(self) -> int:
        return len(self._people) + 1

    def respondent_at(self, column: int) -> dict[str, str] | None:
        return dict(self._people[column - 1]) if 1 <= column <= len(self._people) else None

    def column_of(self, respondent_id: str) -> int:
        for i, p in enumerate(self._people, start=1):
            if p[ROW_ID] == respondent_id:
                return i
        return -1

    def is_score_cell(self, index: Index) -> bool:
        return (
            index.isValid()
            and self.kind(index.row()) == ITEM
            and self.respondent_at(index.column()) is not None
        )

    def score(self, row: int, column: int) -> int | None:
        item, person = self.item_at(row), self.respondent_at(column)
        if item is None or person is None:
            return None
        return self._scores.get((person[ROW_ID], item.id))

    # --- edits ---
    def set_score(self, index: Index, score: int | None) -> bool:
        """Set (or with ``None`` clear) a score; returns whether anything changed."""
        if not self.is_score_cell(index):
            return False
        item = self.item_at(index.row())
        person = self.respondent_at(index.column())
        assert item is not None and person is not None
        key = (person[ROW_ID], item.id)
        if self._scores.get(key) == score:
            return False
        if score is None:
            self._scores.pop(key, None)
            self._row_ids.pop(key, None)
        else:
            self._scores[key] = score
        self._recompute()
        # the cell, its item's mean, its dimension's row and the respondents' means all change
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return True

    def add_respondent(self, nama: str, jabatan: str = "") -> str:
        rid = new_row_id()
        while self.column_of(rid) >= 0:
            rid = new_row_id()
        self.beginResetModel()
        self._people.append(
            {ROW_ID: rid, "nama": nama.strip()[:MAX_NAME], "jabatan": jabatan.strip()[:MAX_NAME]}
        )
        self._recompute()
        self.endResetModel()
        return rid

    def rename_respondent(self, respondent_id: str, nama: str, jabatan: str) -> bool:
        column = self.column_of(respondent_id)
        if column < 0:
            return False
        person = self._people[column - 1]
        new = (nama.strip()[:MAX_NAME], jabatan.strip()[:MAX_NAME])
        if (person["nama"], person["jabatan"]) == new:
            return False
        person["nama"], person["jabatan"] = new
        self._recompute()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
        return True

    def remove_respondent(self, respondent_id: str) -> int:
        """Remove a respondent and all their answers (shown or kept); returns how many answers went."""
        column = self.column_of(respondent_id)
        if column < 0:
            return 0
        self.beginResetModel()
        del self._people[column - 1]
        gone = [k for k in self._scores if k[0] == respondent_id]
        for k in gone:
            del self._scores[k]
            self._row_ids.pop(k, None)
        kept = len(self._kept)
        self._kept = [r for r in self._kept if r.get("responden") != respondent_id]
        self._recompute()
        self.endResetModel()
        return len(gone) + kept - len(self._kept)

    def answers_of(self, respondent_id: str) -> int:
        return sum(1 for k in self._scores if k[0] == respondent_id) + sum(
            1 for r in self._kept if r.get("responden") == respondent_id
        )

    # --- Qt ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._people) + 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt's name
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                number = self._rows[section][3]
                return str(number) if number else ""
            return None
        person = self.respondent_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Pernyataan")
            if section == self.mean_column:
                return _("Rata-rata")
            if person is not None:
                return f"R{section}\n{short_name(person['nama'])}"
        if role == Qt.ItemDataRole.ToolTipRole and person is not None:
            tip = person["nama"] or _("Responden {n}").format(n=section)
            if person["jabatan"]:
                tip += f"\n{person['jabatan']}"
            return tip + "\n" + _("Klik dua kali untuk mengubah nama atau jabatan.")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, group, item, number = self._rows[index.row()]
        col = index.column()
        report = self._report
        if role == KIND_ROLE:
            return kind
        if kind == HEADER:
            # the dimension, each respondent's mean over its items, and the dimension's mean
            assert group is not None
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return group.label
                if col == self.mean_column:
                    mean = report.by_dimension.get(group.key)
                else:
                    person = self.respondent_at(col)
                    mean = self._dim_means.get((person[ROW_ID], group.key)) if person else None
                return format_mean(mean) if mean is not None else ""
            if role == Qt.ItemDataRole.ToolTipRole and col > 0:
                return _("Rata-rata dimensi “{d}”").format(d=group.label)
            if role == Qt.ItemDataRole.FontRole and col in (0, self.mean_column):
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.ForegroundRole and 0 < col < self.mean_column:
                return theme.brush("ink_soft")
            if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush("panel")
            return None
        if kind == TOTAL:
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return _("Rata-rata responden")
                if col == self.mean_column:
                    return format_mean(report.mean) if report.mean is not None else ""
                person_score = report.respondents[col - 1] if col - 1 < len(report.respondents) else None
                return (
                    format_mean(person_score.mean) if person_score and person_score.mean is not None else ""
                )
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush("panel_strong")
            if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        assert item is not None
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{number}. {item.statement}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return item.statement
            return None
        if col == self.mean_column:
            mean = report.item_means.get(item.id)
            if role == Qt.ItemDataRole.DisplayRole:
                return format_mean(mean) if mean is not None else ""
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush("surface_alt")
            return None
        score = self.score(index.row(), col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "" if score is None else str(score)
        if role == SCORE_ROLE:
            return score
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and score is not None:
            return theme.brush(f"score_{score}")
        if role == Qt.ItemDataRole.ToolTipRole:
            person = self.respondent_at(col)
            assert person is not None
            return f"{person['nama']} · {number}. {item.statement}"
        return None


def short_name(name: str) -> str:
    """What fits a narrow column header: the first word of a name that is not a title
    ("Drs. Bambang Setyo Nugroho, M.Si." -> "Bambang")."""
    words = name.split(",")[0].split()
    for word in words:
        if not (word.endswith(".") and len(word) <= 5):
            return word
    return words[0] if words else ""


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


class ReadinessGridView(QTableView):
    """Typing in the grid never opens an editor: printable keys are handed to the editor as
    ``typed`` (it decides whether they are a score), Delete/Backspace as ``cleared``.

    The statement column stays in place when many respondents make the grid scroll sideways: a
    second view showing only that column lies over the first (Qt's "Frozen Column" example)."""

    typed = Signal(str)
    cleared = Signal()

    STATEMENT_MIN = 260
    STATEMENT_MAX = 420
    SCORE_MIN_W, SCORE_MAX_W = 66, 120
    MEAN_W = 78

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the grid (the strip's buttons come next)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        head.setHighlightSections(False)
        self.setAccessibleName(_("Skor kesiapan per butir dan responden"))

        self._generation = 0
        self._fitted: tuple[int, int, int, int, float] | None = None
        self.frozen = QTableView(self)
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.setWordWrap(True)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setFrameShape(QTableView.Shape.NoFrame)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setStyleSheet("QTableView { border: none; }")
        self.viewport().stackUnder(self.frozen)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalHeader().sectionResized.connect(lambda i, _old, new: self.frozen.setRowHeight(i, new))
        head.sectionResized.connect(self._on_section_resized)

    def setModel(self, model: ReadinessGridModel) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.relayout)
        self.relayout()

    def relayout(self) -> None:
        """Column widths, and row heights for the wrapped statements."""
        model = self.model()
        if not isinstance(model, ReadinessGridModel):
            return
        self.frozen.setSelectionModel(self.selectionModel())  # a reset may have replaced it
        self._generation += 1  # new rows or texts: measure them
        for c in range(model.columnCount()):
            self.frozen.setColumnHidden(c, c != 0)
        self._fit_columns()

    def _fit_columns(self) -> None:
        model = self.model()
        if not isinstance(model, ReadinessGridModel):
            return
        n = model.columnCount()
        people = n - 2
        room = self.viewport().width() - self.MEAN_W
        # respondents' columns grow (to show more of their names) while the statements keep enough room
        score_w = self.SCORE_MIN_W
        if people:
            score_w = max(self.SCORE_MIN_W, min(self.SCORE_MAX_W, (room - self.STATEMENT_MAX) // people))
        self.setColumnWidth(0, max(self.STATEMENT_MIN, room - people * score_w))
        for c in range(1, n - 1):
            self.setColumnWidth(c, score_w)
        self.setColumnWidth(n - 1, self.MEAN_W)
        # the statements wrap to the width of their column: measure the rows again only when that width
        # or the rows changed (a window's first layout resizes the grid several times)
        key = (self.columnWidth(0), score_w, model.rowCount(), self._generation, self.font().pointSizeF())
        if key != self._fitted and self.isVisible():  # a hidden grid is measured when it shows
            self._fitted = key
            self.resizeRowsToContents()
            for r in range(model.rowCount()):
                self.frozen.setRowHeight(r, self.rowHeight(r))
        self._place_frozen()

    def _on_section_resized(self, index: int, _old: int, new: int) -> None:
        if index == 0:
            self.frozen.setColumnWidth(0, new)
            self._place_frozen()

    def _place_frozen(self) -> None:
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.setGeometry(
            self.frameWidth(),
            self.frameWidth(),
            self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )
        self.frozen.verticalScrollBar().setValue(self.verticalScrollBar().value())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_columns()

    def scrollTo(
        self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
    ) -> None:  # noqa: E501, N802 - Qt's name
        """Scroll so that ``index`` shows beside the frozen statements, not under them."""
        bar = self.horizontalScrollBar()
        keep = bar.value()
        super().scrollTo(index, hint)
        if index.column() == 0:
            bar.setValue(keep)  # the statements are always in view: only scroll up or down
            return
        left = self.visualRect(index).left()
        if left < self.columnWidth(0):
            bar.setValue(bar.value() - (self.columnWidth(0) - left))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.cleared.emit()
            event.accept()
            return
        text = event.text()
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        if plain and text and text.isprintable():
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


class RespondentDialog(QDialog):
    """Name (required) and position of a respondent; the unit's people are offered as names."""

    def __init__(
        self,
        title: str,
        nama: str = "",
        jabatan: str = "",
        people: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._people = {n: j for n, j in people}
        self.nama = QLineEdit(nama, self)
        self.nama.setMaxLength(MAX_NAME)
        self.nama.setPlaceholderText(_("Nama lengkap dengan gelar"))
        self.jabatan = QLineEdit(jabatan, self)
        self.jabatan.setMaxLength(MAX_NAME)
        if self._people:
            completer = QCompleter(sorted(self._people), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.activated.connect(self._picked)
            self.nama.setCompleter(completer)
            self.nama.setToolTip(_("Ketik sebagian nama untuk memilih anggota unit ini."))
        form = QFormLayout()
        form.addRow(_("Nama responden *"), self.nama)
        form.addRow(_("Jabatan"), self.jabatan)
        self.error = QLabel("", self)
        theme.style(self.error, lambda: theme.css_text("error"))
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

    def _picked(self, name: str) -> None:
        if name in self._people and not self.jabatan.text().strip():
            self.jabatan.setText(self._people[name])

    def values(self) -> tuple[str, str]:
        return self.nama.text().strip(), self.jabatan.text().strip()

    def accept(self) -> None:
        if not self.nama.text().strip():
            self.error.setText(_("Nama responden wajib diisi."))
            self.error.show()
            self.nama.setFocus()
            return
        super().accept()


class ReadinessEditor(QWidget):
    """LK-2a: respondents, the grid of scores, and the unit's score and dimension chart."""

    changed = Signal()

    MIN_HEIGHT = 420  # px: the grid with its chart beside it

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.context = context
        items = context.settings.readiness_items if context is not None else default_readiness_items()
        self.model = ReadinessGridModel(items, self)

        # the respondent strip
        self.add_button = QPushButton(_("&Tambah responden…"), self)
        self.add_button.clicked.connect(self.ask_add_respondent)
        self.edit_button = QPushButton(_("&Ubah responden…"), self)
        self.edit_button.clicked.connect(self.ask_rename_respondent)
        self.remove_button = QPushButton(_("&Hapus responden…"), self)
        self.remove_button.clicked.connect(self.ask_remove_respondent)
        self.current_label = ElidedLabel(self)
        strip = QHBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Responden:"), self)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        strip.addWidget(title)
        strip.addWidget(self.add_button)
        strip.addWidget(self.edit_button)
        strip.addWidget(self.remove_button)
        strip.addWidget(self.current_label, 1)

        # the grid
        self.grid = ReadinessGridView(self)
        self.grid.setModel(self.model)
        self.grid.typed.connect(self._on_typed)
        self.grid.cleared.connect(self._on_cleared)
        self.grid.selectionModel().currentChanged.connect(lambda *_a: self._show_current())
        self.grid.horizontalHeader().sectionDoubleClicked.connect(self._on_header_double_click)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._context_menu)
        self.add_button.setToolTip(_("Tambah satu kolom untuk responden baru"))

        # the result
        self.score_label = QLabel("", self)
        self.score_label.setTextFormat(Qt.TextFormat.PlainText)
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(_("Skor kesiapan unit"))
        sf = self.score_label.font()
        sf.setPointSizeF(sf.pointSizeF() * 1.35)
        sf.setBold(True)
        self.score_label.setFont(sf)
        self.detail_label = QLabel("", self)
        self.detail_label.setWordWrap(True)
        self.chart = ReadinessChart(self, empty_text=_("Belum ada jawaban"))
        self.chart_title = QLabel(_("Rata-rata per dimensi"), self)
        self.chart_title.setFont(bold)
        self.legend = level_legend_label(self)
        self.kept_label = QLabel("", self)
        self.kept_label.setWordWrap(True)
        theme.style(self.kept_label, lambda: theme.css_text("muted"))
        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(6, 0, 0, 0)
        sl.addWidget(self.score_label)
        sl.addWidget(self.detail_label)
        sl.addSpacing(6)
        sl.addWidget(self.chart_title)
        sl.addWidget(self.chart)
        sl.addWidget(self.legend)
        sl.addWidget(self.kept_label)
        sl.addStretch(1)
        side.setMinimumWidth(280)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.grid)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        split.setSizes([620, 370])
        self.split, self.side = split, side

        # messages
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Pesan"))
        self.issues = QLabel("", self)
        self.issues.setWordWrap(True)
        theme.style(self.issues, lambda: theme.css_text("error"))
        self.issues.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(strip)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.issues)
        self.setMinimumHeight(self.MIN_HEIGHT)
        self.setFocusProxy(self.grid)
        self._hint()
        self._refresh()

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        return self.model.to_data()

    def set_data(self, data: dict[str, Any]) -> None:
        self.model.set_content(data)
        self._select_first_cell()
        self._refresh()
        self._hint()

    def show_issues(self, issues: list[Issue]) -> None:
        self.issues.setText("\n".join(i.message for i in issues))
        self.issues.setVisible(bool(issues))

    # --- respondents ---
    def add_respondent(self, nama: str, jabatan: str = "") -> str:
        """Add a respondent column and put the cursor on its first item."""
        rid = self.model.add_respondent(nama, jabatan)
        self._go_to(self._first_item_row(), self.model.column_of(rid))
        self._edited()
        self._message(
            _("Responden \u201c{nama}\u201d ditambahkan. Ketik skornya dari butir 1 ke bawah.").format(
                nama=nama.strip()
            )
        )
        return rid

    def rename_respondent(self, respondent_id: str, nama: str, jabatan: str) -> bool:
        if not nama.strip():
            self._message(_("Nama responden wajib diisi."), error=True)
            return False
        if self.model.rename_respondent(respondent_id, nama, jabatan):
            self._edited()
            self._show_current()
            return True
        return False

    def remove_respondent(self, respondent_id: str) -> None:
        column = self.grid.currentIndex().column()
        person = self.model.respondent_at(self.model.column_of(respondent_id))
        if person is None:
            return
        gone = self.model.remove_respondent(respondent_id)
        self._go_to(self._first_item_row(), min(max(1, column), max(1, self.model.mean_column - 1)))
        self._edited()
        self._message(
            _("Responden \u201c{nama}\u201d dan {n} jawabannya dihapus.").format(nama=person["nama"], n=gone)
        )

    def current_respondent(self) -> dict[str, str] | None:
        return self.model.respondent_at(self.grid.currentIndex().column())

    def _people_of_unit(self) -> list[tuple[str, str]]:
        ctx = self.context
        if ctx is None or ctx.unit_id is None:
            return []
        try:
            return [(p.name, p.jabatan) for p in svc.list_people(ctx.db, ctx.unit_id)]
        except Exception:  # noqa: BLE001 - names are only a convenience; typing still works
            return []

    def _ask_respondent(self, title: str, nama: str = "", jabatan: str = "") -> tuple[str, str] | None:
        """Ask for a name and position (tests replace this)."""
        dialog = RespondentDialog(title, nama, jabatan, self._people_of_unit(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def _confirm_remove(self, text: str) -> bool:
        """Ask before removing (tests replace this)."""
        answer = QMessageBox.question(
            self,
            _("Hapus responden"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_add_respondent(self) -> None:
        values = self._ask_respondent(_("Tambah responden"), "", "")
        if values is not None and values[0].strip():
            self.add_respondent(*values)
        self.grid.setFocus()

    def ask_rename_respondent(self) -> None:
        person = self.current_respondent()
        if person is None:
            self._message(_("Pilih dulu kolom responden yang akan diubah."), error=True)
            return
        values = self._ask_respondent(_("Ubah responden"), person["nama"], person["jabatan"])
        if values is not None:
            self.rename_respondent(person[ROW_ID], *values)
        self.grid.setFocus()

    def ask_remove_respondent(self) -> None:
        person = self.current_respondent()
        if person is None:
            self._message(_("Pilih dulu kolom responden yang akan dihapus."), error=True)
            return
        n = self.model.answers_of(person[ROW_ID])
        text = _("Hapus responden \u201c{nama}\u201d beserta {n} jawabannya?").format(
            nama=person["nama"], n=n
        )
        if self._confirm_remove(text):
            self.remove_respondent(person[ROW_ID])
        self.grid.setFocus()

    def _on_header_double_click(self, section: int) -> None:
        if self.model.respondent_at(section) is not None:
            self._go_to(max(self._first_item_row(), self.grid.currentIndex().row()), section)
            self.ask_rename_respondent()

    # --- typing ---
    def _on_typed(self, text: str) -> None:
        index = self.grid.currentIndex()
        if not self.model.respondents():
            self._message(
                _("Tambahkan responden dulu (tombol \u201cTambah responden\u201d), lalu ketik skornya."),
                error=True,
            )
            return
        if not self.model.is_score_cell(index):
            self._message(_("Pilih sel skor di kolom seorang responden, lalu ketik 1–5."), error=True)
            return
        try:
            score = check_score(text, _("Skor"))
        except ValueError as exc:
            self._message(str(exc), error=True)
            return
        if score is None:
            self._message(_("Skor harus angka 1–5"), error=True)
            return
        if self.model.set_score(index, score):
            self._edited()
        self._hint()
        self._move_down(index)

    def _on_cleared(self) -> None:
        cells = [i for i in self.grid.selectionModel().selectedIndexes() if self.model.is_score_cell(i)]
        current = self.grid.currentIndex()
        if self.model.is_score_cell(current) and current not in cells:
            cells.append(current)
        if not cells:
            self._message(_("Pilih sel skor yang akan dikosongkan."), error=True)
            return
        changed = False
        for index in cells:
            changed = self.model.set_score(index, None) or changed
        if changed:
            self._edited()
        self._hint()

    def set_score_at(self, index: QModelIndex, score: int | None) -> None:
        """Set a cell from the context menu."""
        if self.model.set_score(index, score):
            self._edited()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.grid.indexAt(pos)
        if not self.model.is_score_cell(index):
            return
        self.grid.setCurrentIndex(index)
        menu = QMenu(self)
        for n in range(1, 6):
            act = QAction(str(n), menu)
            act.triggered.connect(lambda _c=False, n=n: self.set_score_at(index, n))
            menu.addAction(act)
        menu.addSeparator()
        clear = QAction(_("Kosongkan"), menu)
        clear.triggered.connect(lambda: self.set_score_at(index, None))
        menu.addAction(clear)
        menu.exec(self.grid.viewport().mapToGlobal(pos))

    # --- cursor ---
    def _first_item_row(self) -> int:
        rows = self.model.item_rows()
        return rows[0] if rows else 0

    def _go_to(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def _select_first_cell(self) -> None:
        self._go_to(self._first_item_row(), 1 if self.model.respondents() else 0)
        self.grid.scrollToTop()  # the first dimension's header row stays in view

    def _move_down(self, index: QModelIndex) -> None:
        """To the next item in the column; after the last item, to the first item of the next respondent."""
        rows = self.model.item_rows()
        below = [r for r in rows if r > index.row()]
        if below:
            self._go_to(below[0], index.column())
        elif self.model.respondent_at(index.column() + 1) is not None and rows:
            self._go_to(rows[0], index.column() + 1)
            person = self.model.respondent_at(index.column() + 1)
            assert person is not None
            self._message(_("Lanjut ke responden berikutnya: {nama}").format(nama=person["nama"]))

    # --- showing ---
    def _edited(self) -> None:
        self._refresh()
        self.changed.emit()

    def _message(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        theme.style(self.status, lambda: theme.css_text("error" if error else "muted"))

    def _hint(self) -> None:
        if self.model.respondents():
            self._message(
                _("Ketik 1–5 untuk mengisi sel (kursor turun ke butir berikutnya); Delete mengosongkan sel.")
            )
        else:
            self._message(
                _(
                    "Mulai dengan \u201cTambah responden\u201d: satu kolom untuk setiap orang yang mengisi "
                    "kuesioner."
                )
            )

    def _show_current(self) -> None:
        person = self.current_respondent()
        self.edit_button.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None)
        if person is None:
            self.current_label.set_full_text("")
            return
        self.current_label.set_full_text(
            person["nama"] + (f" — {person['jabatan']}" if person["jabatan"] else "")
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The score and chart beside the grid when every respondent's column fits next to them, else
        below it (1366×768 with the panes open): the respondents are what is typed into."""
        g = self.grid
        people = max(0, self.model.columnCount() - 2)
        grid_w = (
            g.STATEMENT_MIN + people * g.SCORE_MIN_W + g.MEAN_W + g.verticalScrollBar().sizeHint().width()
        )
        wide = (
            self.width() >= grid_w + 2 * g.frameWidth() + self.side.minimumWidth() + self.split.handleWidth()
        )
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() is orientation:
            return
        self.split.setOrientation(orientation)
        self.setMinimumHeight(self.MIN_HEIGHT if wide else self.MIN_HEIGHT + self.side.sizeHint().height())
        self.split.setSizes(
            [620, 370] if wide else [max(self.MIN_HEIGHT - 60, 1), self.side.sizeHint().height()]
        )

    def _refresh(self) -> None:
        self._arrange()  # a respondent more or less may not fit beside the chart any more
        report = self.model.report
        summary = report.summary
        self.score_label.setText(score_text(summary))
        colour = level_colour(summary.mean)
        background = tint(colour, 0.85).name()
        theme.style(
            self.score_label,
            lambda: (
                f"QLabel {{ background: {background}; {theme.css_text('ink')}"
                f" border-left: 6px solid {colour}; padding: 6px 8px; }}"
            ),
        )
        cells = len(self.model.respondents()) * len(self.model.items)
        filled = len(report.scores)
        self.detail_label.setText(
            _("{r} responden · {f} dari {c} sel terisi").format(
                r=len(self.model.respondents()), f=filled, c=cells
            )
        )
        if summary.mean is None:
            self.chart.set_bars([])
        else:
            self.chart.set_bars([ChartBar(g.label, summary.by_dimension.get(g.key)) for g in report.groups])
        kept = self.model.kept_answers
        self.kept_label.setText(
            _(
                "{n} jawaban lama untuk butir atau responden yang tidak lagi ada di daftar tetap "
                "disimpan, tetapi tidak dihitung."
            ).format(n=kept)
            if kept
            else ""
        )
        self.kept_label.setVisible(bool(kept))
        self._show_current()
