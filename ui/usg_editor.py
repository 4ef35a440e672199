"""LK-2d: the USG table. U, S and G are typed as digits and the ranking updates at once.

Rows are the problems of LK-2b that pass APKL (LK-2c); scores stored for other problems (deleted from
LK-2b, or not passing APKL any more) are kept in the worksheet's data and come back when the problem
does. The total is U+S+G, or U×S×G when the lab says so; ties go to the higher S, then U, then G
(:func:`labinovasi.domain.scoring.usg_ranking`). Ranks 1–3 are bold (rank 1 with a star) and the
problems chosen as priorities are highlighted.

Each edit ranks the rows once and tells the view only about the cells that changed (the edited cell,
the row's total, and the ranks that moved), so 50 rows re-rank well within 20 ms.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QCheckBox, QHeaderView, QWidget

from labinovasi.domain.scoring import UsgRank, check_score, usg_ranking
from labinovasi.i18n import _
from labinovasi.ops.worksheets import ensure_problem_ids
from labinovasi.services.context import WorksheetContext
from labinovasi.services.problems import (
    REF_KEY,
    TOP_MARK,
    USG_TABLE,
    Problem,
    Screening,
    merge_apkl,
    passing_problems,
    problem_rows,
    screening,
    table_rows,
)
from labinovasi.worksheets import codes
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, Issue, new_row_id
from ui import theme
from ui.score_table import (
    CellKind,
    EditorFrame,
    Index,
    ScoreDelegate,
    ScoreTableView,
    WrapDelegate,
    check_state,
    emit,
    fit_columns,
    short_text,
    tooltip_text,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
STAR = "\u2605"
_DISPLAY, _EDIT, _FONT, _ALIGN = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
)
_BACKGROUND, _FOREGROUND, _CHECK, _TOOLTIP = (
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.ToolTipRole,
)
_ROLES = frozenset(
    int(r) for r in (_DISPLAY, _EDIT, _FONT, _ALIGN, _BACKGROUND, _FOREGROUND, _CHECK, _TOOLTIP, SORT_ROLE)
)
_PLAIN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _PLAIN | Qt.ItemFlag.ItemIsEditable
_CHECKABLE = _PLAIN | Qt.ItemFlag.ItemIsUserCheckable
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def formula_text(mode: str) -> str:
    return _("Total = U × S × G") if mode == "kali" else _("Total = U + S + G")


class UsgTableModel(QAbstractTableModel):
    """The USG rows: one per problem, with its stored row (``_id``, ``masalah``, ``u``, ``s``, ``g``,
    ``dipilih``, and whatever else it carried)."""

    ISSUE, U, S, G, TOTAL, RANK, CHOSEN = range(7)
    SCORE_COLUMNS = {U: "u", S: "s", G: "g"}
    edited = Signal()  # a user edit changed the data
    message = Signal(str)  # a refused input, or "" after an accepted one

    def __init__(self, mode: str = "jumlah", parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = mode
        self._problems: list[Problem] = []
        self._rows: list[dict[str, Any]] = []
        self._said = False  # a message is showing
        self._ranks: list[UsgRank] = []
        self._text: list[list[str]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self.entry_columns = [self.U, self.S, self.G]
        self._headers = [_("Isu (lolos APKL)"), "U", "S", "G", _("Total"), _("Peringkat"), _("Dipilih")]
        self._header_tips = [
            _("Masalah dari LK-2b yang memenuhi syarat APKL (LK-2c)"),
            _("Urgency: seberapa mendesak isu ini ditangani dilihat dari waktu yang tersedia (1–5)"),
            _("Seriousness: seberapa serius dampaknya bila tidak segera ditangani (1–5)"),
            _("Growth: seberapa cepat isu ini memburuk bila dibiarkan (1–5)"),
            formula_text(mode),
            _("1 = prioritas tertinggi; nilai sama diurutkan menurut S, lalu U, lalu G"),
            _("Dipilih sebagai prioritas untuk dicari akar masalahnya (LK-2e)"),
        ]

    # --- loading ---
    def set_rows(
        self, problems: list[Problem], stored: dict[str, dict[str, Any]], mode: str | None = None
    ) -> None:
        """Show ``problems`` with their stored rows (by problem id)."""
        self.beginResetModel()
        if mode:
            self.mode = mode
            self._header_tips[self.TOTAL] = formula_text(self.mode)
        self._problems = list(problems)
        self._rows = [dict(stored.get(p.id) or {ROW_ID: new_row_id(), REF_KEY: p.id}) for p in self._problems]
        self._ranks = self._rank()
        self._text = [self._texts(r) for r in range(len(self._rows))]
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        """The shown rows as stored data (rows with nothing scored or chosen are left out)."""
        out = []
        for p, row in zip(self._problems, self._rows, strict=True):
            if set(row) - {ROW_ID, REF_KEY}:
                out.append({**row, REF_KEY: p.id})
        return out

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rank(self, row: int) -> UsgRank:
        return self._ranks[row]

    def kind(self, column: int) -> CellKind:
        if column in self.SCORE_COLUMNS:
            return CellKind.SCORE
        if column == self.CHOSEN:
            return CellKind.CHECK
        return CellKind.READONLY

    # --- ranking ---
    def _rank(self) -> list[UsgRank]:
        ranks = usg_ranking(
            [(str(i), r.get("u"), r.get("s"), r.get("g")) for i, r in enumerate(self._rows)], self.mode
        )
        return [ranks[str(i)] for i in range(len(self._rows))]

    def _rerank(self, edited_row: int) -> None:
        """Rank again and announce what changed: the edited row's total and every moved rank."""
        old, self._ranks = self._ranks, self._rank()
        changed = {i for i, (a, b) in enumerate(zip(old, self._ranks, strict=True)) if a != b} | {edited_row}
        for i in changed:
            self._text[i] = self._texts(i)
        # One cell per signal: a view repaints a single changed cell, but the whole table for a range.
        roles = [
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
            SORT_ROLE,
        ]
        for i in sorted(changed):
            cols = [self.RANK]
            if i == edited_row or old[i].total != self._ranks[i].total:
                cols.append(self.TOTAL)
            if self._is_top(old[i]) != self._is_top(self._ranks[i]):  # bold text for the top ranks
                cols += [self.ISSUE, self.TOTAL]
            for c in dict.fromkeys(cols):
                cell = self.index(i, c)
                emit(self.dataChanged, cell, cell, roles)

    def sort_key(self, r: int) -> int:
        """Rank order: unscored rows last, equal ranks in LK-2b order."""
        rank = self._ranks[r].rank
        return (rank if rank is not None else 20_000) * 100_000 + r

    @staticmethod
    def _is_top(rank: UsgRank) -> bool:
        return rank.rank is not None and rank.rank <= TOP_MARK

    def say(self, text: str) -> None:
        """Tell the editor about a refused input, or that the last message is over (once)."""
        if text or self._said:
            self._said = bool(text)
            emit(self.message, text)

    # --- Qt model ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips[section]
        return None

    def _texts(self, r: int) -> list[str]:
        """The shown text of row ``r``'s cells (kept per row: painting asks for them often)."""
        row, rank = self._rows[r], self._ranks[r]
        scores = ["" if row.get(k) is None else str(row[k]) for k in ("u", "s", "g")]
        if rank.rank is None:
            rank_text = "—"
        else:
            rank_text = f"{STAR} {rank.rank}" if rank.rank == 1 else str(rank.rank)
        return [
            short_text(self._problems[r].label),
            *scores,
            "—" if rank.total is None else str(rank.total),
            rank_text,
            _("Ya") if row.get("dipilih") is True else "",
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        r, c = index.row(), index.column()
        if role == _DISPLAY:
            return self._text[r][c]
        if role == _FONT:
            return (
                self._bold
                if c in (self.ISSUE, self.RANK, self.TOTAL) and self._is_top(self._ranks[r])
                else None
            )
        if role == _ALIGN:
            return None if c == self.ISSUE else _CENTER
        if role == _BACKGROUND:
            return theme.brush("ok_bg") if self._rows[r].get("dipilih") is True else None
        if role == _FOREGROUND:
            return theme.brush("accent") if c == self.RANK and self._ranks[r].rank == 1 else None
        if role == _CHECK:
            if c != self.CHOSEN:
                return None
            return Qt.CheckState.Checked if self._rows[r].get("dipilih") is True else Qt.CheckState.Unchecked
        if role == _EDIT:
            if c in self.SCORE_COLUMNS:
                return self._rows[r].get(self.SCORE_COLUMNS[c])
            if c == self.CHOSEN:
                return self._rows[r].get("dipilih") is True
            return self._text[r][c]
        if role == SORT_ROLE:
            return self.sort_key(r)
        if role == _TOOLTIP:
            return tooltip_text(self._problems[r].uraian) if c == self.ISSUE else self._header_tips[c]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        c = index.column()
        if c in self.SCORE_COLUMNS:
            return _EDITABLE
        return _CHECKABLE if c == self.CHOSEN else _PLAIN

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        r, c = index.row(), index.column()
        row = self._rows[r]
        if c == self.CHOSEN and role in (Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.EditRole):
            chosen = check_state(value) if role == Qt.ItemDataRole.CheckStateRole else value is True
            return self._set_chosen(r, chosen)
        if c not in self.SCORE_COLUMNS or role != Qt.ItemDataRole.EditRole:
            return False
        key = self.SCORE_COLUMNS[c]
        try:
            score = check_score(value, key.upper())
        except ValueError as exc:
            self.say(str(exc))
            return False
        self.say("")
        if row.get(key) == score:
            return True
        if score is None:
            row.pop(key, None)
        else:
            row[key] = score
        emit(self.dataChanged, index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self._rerank(r)
        emit(self.edited)
        return True

    def toggle(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == self.CHOSEN:
            self._set_chosen(index.row(), self._rows[index.row()].get("dipilih") is not True)

    def _set_chosen(self, r: int, chosen: bool) -> bool:
        row = self._rows[r]
        if (row.get("dipilih") is True) == chosen:
            return True
        if chosen:
            row["dipilih"] = True
        else:
            row.pop("dipilih", None)
        self._text[r] = self._texts(r)
        self.say("")
        emit(
            self.dataChanged,
            self.index(r, 0),
            self.index(r, self.columnCount() - 1),
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.BackgroundRole],
        )
        emit(self.edited)
        return True


class RankProxyModel(QSortFilterProxyModel):
    """Shows the rows in rank order when asked; re-sorts only on :meth:`resort` (so a row being typed in
    does not move away under the cursor)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.setSortRole(SORT_ROLE)
        self.by_rank = False

    def set_by_rank(self, on: bool) -> None:
        self.by_rank = on
        self.resort()

    def resort(self) -> None:
        if self.by_rank:
            if self.sortColumn() == UsgTableModel.RANK and self._in_rank_order():
                return  # nothing moves: spare the view a full repaint
            self.sort(UsgTableModel.RANK, Qt.SortOrder.AscendingOrder)
        else:
            self.sort(-1)

    def _in_rank_order(self) -> bool:
        src = self.sourceModel()
        if not isinstance(src, UsgTableModel):
            return False
        keys = [src.sort_key(self.mapToSource(self.index(i, 0)).row()) for i in range(self.rowCount())]
        return all(a < b for a, b in zip(keys, keys[1:], strict=False))


class UsgEditor(EditorFrame):
    """The LK-2d editor (see the module docstring)."""

    changed = Signal()
    openWorksheet = Signal(str)  # "LK-2b" / "LK-2c": the user asks to fill that worksheet first

    def __init__(self, template: Template, context: WorksheetContext, parent: QWidget | None = None):
        super().__init__(template, parent)
        self.context = context
        self.mode = context.settings.usg_mode
        self._data: dict[str, Any] = {}
        self._screening = Screening(0, 0)
        self._shown_ids: set[str] = set()
        self._resort_pending = False

        self.sort_box = QCheckBox(_("Urutkan menurut peringkat"), self)
        self.sort_box.setToolTip(
            _("Tampilkan isu dari peringkat tertinggi. Urutan diperbarui setelah Anda pindah ke baris lain.")
        )
        self.toolbar.addWidget(self.sort_box)

        self.model = UsgTableModel(self.mode, self)
        self.proxy = RankProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = ScoreTableView(self)
        self.view.setObjectName("usgTable")
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(_("Tabel penilaian USG"))
        delegate = ScoreDelegate(parent=self.view)
        for col in UsgTableModel.SCORE_COLUMNS:
            self.view.setItemDelegateForColumn(col, delegate)
        self.view.setItemDelegateForColumn(UsgTableModel.ISSUE, WrapDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.view.viewport().installEventFilter(self)
        self._fit_columns()
        self.view.verticalHeader().setMinimumSectionSize(30)
        self.view.verticalHeader().setMaximumSectionSize(80)
        self._fit_rows = QTimer(self)  # rows fit the wrapped problem text once the width settles
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(self._on_section_resized)
        self.view.setMinimumHeight(240)
        self.body.addWidget(self.view, 1)
        self.legend.setText(
            _(
                "Skor 1 sangat tidak · 2 tidak · 3 cukup · 4 mendesak/serius/berkembang · "
                "5 sangat mendesak/serius/berkembang. Ketik angka 1–5 di kolom U, S, G (kursor pindah ke kanan); "
                "Spasi memilih prioritas; Delete menghapus skor."
            )
        )

        self.model.edited.connect(self._on_edited)
        self.model.message.connect(lambda text: self.show_message(text))
        self.sort_box.toggled.connect(self._on_sort_toggled)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.hint.openWorksheet.connect(self.openWorksheet)
        self.view.installEventFilter(self)
        self.set_data({})

    # --- the editor contract ---
    def set_data(self, data: dict[str, Any]) -> None:
        """Show the stored LK-2d ``data`` next to the problems that pass APKL now (never emits ``changed``)."""
        self._data = dict(data or {})
        problems_all = self._problems()
        screened = merge_apkl(problems_all, self.context.load(codes.APKL), self.context.settings.apkl_mode)
        self._screening = screening(screened)
        passing = passing_problems(screened)
        stored: dict[str, dict[str, Any]] = {}
        for row in table_rows(self._data, USG_TABLE):
            ref = row.get(REF_KEY)
            if isinstance(ref, str) and ref not in stored:
                stored[ref] = row
        self._shown_ids = {p.id for p in passing}
        self.model.set_rows(passing, stored, self.mode)
        self.proxy.resort()
        if passing:  # start where the typing starts
            self.view.setCurrentIndex(self.proxy.index(0, UsgTableModel.U))
        self.view.resizeRowsToContents()
        self._update_header(len(problems_all), len(passing))
        self.show_message("")
        self.set_issue_lines([])

    def data(self) -> dict[str, Any]:
        """The whole LK-2d data: the shown rows (LK-2b order), then every stored row of a problem that
        is not shown (deleted from LK-2b or not passing APKL now), as it was."""
        rows = self.model.rows()
        represented: set[str] = set()  # the first stored row of a shown problem is the model's row
        for r in table_rows(self._data, USG_TABLE):
            ref = r.get(REF_KEY)
            if isinstance(ref, str) and ref in self._shown_ids and ref not in represented:
                represented.add(ref)
                continue
            rows.append(dict(r))
        out = {k: v for k, v in self._data.items() if k != USG_TABLE}
        if rows:
            out[USG_TABLE] = rows
        return out

    def show_issues(self, issues: list[Issue]) -> None:
        self.set_issue_lines([i.message for i in issues])

    # --- helpers ---
    def _problems(self) -> list[Problem]:
        try:
            ensure_problem_ids(self.context)
        except Exception as exc:  # noqa: BLE001 - the table still shows what can be shown
            self.show_message(_("Id masalah LK-2b belum dapat disimpan: {err}").format(err=exc))
        return problem_rows(self.context)

    def _update_header(self, n_problems: int, n_passing: int) -> None:
        parts = [formula_text(self.mode), _("nilai sama diurutkan menurut S, lalu U, lalu G")]
        if n_problems:
            parts.append(self._screening.text)
        self.mode_line.setText(" · ".join(parts))
        if not n_problems:
            self.hint.show_hint(
                _(
                    "Belum ada masalah di LK-2b (Identifikasi Masalah). Isi LK-2b lebih dulu, "
                    "lalu saring isunya dengan APKL di LK-2c."
                ),
                codes.PROBLEMS,
                _("Isi LK-2b dulu"),
            )
        elif not n_passing:
            self.hint.show_hint(
                _(
                    "Belum ada isu yang lolos APKL dari {n} masalah di LK-2b. Saring isunya di "
                    "LK-2c lebih dulu: hanya isu yang memenuhi keempat kriteria dinilai dengan "
                    "USG."
                ).format(n=n_problems),
                codes.APKL,
                _("Isi LK-2c dulu"),
            )
        else:
            self.hint.hide()
        self.view.setVisible(bool(n_passing))
        self.legend.setVisible(bool(n_passing))
        self.sort_box.setEnabled(bool(n_passing))

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == UsgTableModel.ISSUE:  # the problem text wraps to the column's new width
            self._fit_rows.start()

    def _on_edited(self) -> None:
        if self.proxy.by_rank:
            self._resort_pending = True
        emit(self.changed)

    def _on_sort_toggled(self, on: bool) -> None:
        self._resort_pending = False
        current = self.proxy.mapToSource(self.view.currentIndex())
        self.proxy.set_by_rank(on)
        if current.isValid():
            self.view.setCurrentIndex(self.proxy.mapFromSource(current))

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        """Re-sort by rank once the user has left the row they were typing in."""
        if self._resort_pending and previous.isValid() and current.row() != previous.row():
            self._resort_pending = False
            self.proxy.resort()

    def _fit_columns(self) -> None:
        """Share the width: the problem text keeps the most; on a narrow screen the score columns shrink
        to what a digit needs."""
        m = UsgTableModel
        fit_columns(
            self.view,
            m.ISSUE,
            140,
            {
                m.U: (0.06, 40, 56),
                m.S: (0.06, 40, 56),
                m.G: (0.06, 40, 56),
                m.TOTAL: (0.07, 48, 64),
                m.RANK: (0.09, 74, 86),
                m.CHOSEN: (0.09, 66, 86),
            },
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Fit the columns to the table's width; re-sort when the focus leaves the table (not for its own
        cell editors)."""
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        if watched is self.view and event.type() == QEvent.Type.FocusOut and self._resort_pending:
            new = QApplication.focusWidget()
            if new is None or not (new is self.view or self.view.isAncestorOf(new)):
                self._resort_pending = False
                self.proxy.resort()
        return super().eventFilter(watched, event)
