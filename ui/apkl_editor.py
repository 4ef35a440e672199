"""LK-2c: screening every problem of LK-2b with APKL (Aktual, Problematik, Kekhalayakan, Kelayakan).

One row per problem of LK-2b, in its order; the problem text is read-only here (it is edited in
LK-2b). By default each criterion is answered ya/tidak (Space toggles, Y and T set it); a lab may score
them 1–5 instead (typed digits; a criterion is met from 3 up). The "Hasil" column says whether the
problem "memenuhi syarat" and goes on to USG (LK-2d).

Answers stored for a problem that is no longer in LK-2b are kept in the data (not shown), and answers
of the other scoring mode stay in each row, so switching the lab's mode loses nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from labinovasi.domain.scoring import APKL_KEYS, APKL_PASS_SCORE, apkl_result, apkl_total, check_score
from labinovasi.i18n import _
from labinovasi.ops.worksheets import ensure_problem_ids
from labinovasi.services.context import WorksheetContext
from labinovasi.services.problems import APKL_TABLE, REF_KEY, Problem, Screening, problem_rows, table_rows
from labinovasi.worksheets import codes
from labinovasi.worksheets.schema import FieldType, Template
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

CRITERIA_NAMES = {
    "aktual": "Aktual",
    "problematik": "Problematik",
    "kekhalayakan": "Kekhalayakan",
    "kelayakan": "Kelayakan",
}
LETTERS = {"aktual": "A", "problematik": "P", "kekhalayakan": "K", "kelayakan": "L"}
WIDE_CRITERION = 92  # px: narrower criterion columns show only their letter in the header


def result_text(result: bool | None) -> str:
    if result is None:
        return "—"
    return _("Memenuhi") if result else _("Tidak memenuhi")


def _column_labels(template: Template) -> dict[str, tuple[str, str]]:
    """key -> (label, help) of the APKL table's columns."""
    try:
        f = template.field(APKL_TABLE)
    except KeyError:
        return {}
    return {c.key: (c.label, c.help) for c in f.columns if f.type is FieldType.TABLE}


class ApklTableModel(QAbstractTableModel):
    """One row per problem: the problem, the four criteria, (the total,) the result and a note."""

    edited = Signal()
    message = Signal(str)

    def __init__(
        self,
        mode: str = "ya_tidak",
        labels: dict[str, tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.mode = mode
        self.labels = labels or {}
        self._problems: list[Problem] = []
        self._rows: list[dict[str, Any]] = []
        self._said = False  # a message is showing
        self.short_headers = False  # criteria headers as letters only (narrow columns)
        self._configure()

    def _configure(self) -> None:
        self.ISSUE = 0
        self.criteria = {1 + i: k for i, k in enumerate(APKL_KEYS)}
        self.TOTAL = 5 if self.mode == "skor" else None
        self.RESULT = 6 if self.mode == "skor" else 5
        self.NOTE = self.RESULT + 1
        self.entry_columns = list(self.criteria)

    def stored_key(self, key: str) -> str:
        return f"{key}_skor" if self.mode == "skor" else key

    # --- loading ---
    def set_rows(
        self, problems: list[Problem], stored: dict[str, dict[str, Any]], mode: str | None = None
    ) -> None:
        self.beginResetModel()
        if mode:
            self.mode = mode
            self._configure()
        self._problems = list(problems)
        self._rows = [dict(stored.get(p.id) or {ROW_ID: new_row_id(), REF_KEY: p.id}) for p in self._problems]
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        """The shown rows as stored data (a problem with nothing answered is left out)."""
        return [
            {**row, REF_KEY: p.id}
            for p, row in zip(self._problems, self._rows, strict=True)
            if set(row) - {ROW_ID, REF_KEY}
        ]

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def result(self, row: int) -> bool | None:
        return apkl_result(self._rows[row], self.mode)

    def total(self, row: int) -> int | None:
        return apkl_total(self._rows[row])

    def screening(self) -> Screening:
        return Screening(sum(self.result(i) is True for i in range(len(self._rows))), len(self._rows))

    def kind(self, column: int) -> CellKind:
        if column in self.criteria:
            return CellKind.SCORE if self.mode == "skor" else CellKind.CHECK
        if column == self.NOTE:
            return CellKind.TEXT
        return CellKind.READONLY

    def column_name(self, column: int) -> str:
        return CRITERIA_NAMES.get(self.criteria.get(column, ""), "")

    def say(self, text: str) -> None:
        """Tell the editor about a refused input, or that the last message is over (once)."""
        if text or self._said:
            self._said = bool(text)
            emit(self.message, text)

    # --- Qt model ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.NOTE + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.ISSUE:
                return _("Isu (dari LK-2b)")
            if section in self.criteria:
                key = self.criteria[section]
                if self.short_headers:
                    return LETTERS[key]
                label = self.labels.get(
                    self.stored_key(key), (f"{LETTERS[key]} – {CRITERIA_NAMES[key]}", "")
                )[0]
                return label.replace(" – ", "\n", 1)  # "A\nAktual": two short lines keep the column narrow
            if section == self.TOTAL:
                return _("Total")
            if section == self.RESULT:
                return _("Hasil")
            return _("Keterangan")
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in self.criteria:
                key = self.criteria[section]
                label, help_text = self.labels.get(
                    self.stored_key(key), (f"{LETTERS[key]} – {CRITERIA_NAMES[key]}", "")
                )
                return f"{label}: {help_text}" if help_text else label
            if section == self.RESULT:
                return (
                    _("Memenuhi syarat bila keempat kriteria dijawab Ya")
                    if self.mode != "skor"
                    else _("Memenuhi syarat bila setiap kriteria bernilai {n} atau lebih").format(
                        n=APKL_PASS_SCORE
                    )
                )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        row = self._rows[r]
        if c in self.criteria:
            value = row.get(self.stored_key(self.criteria[c]))
            if role == Qt.ItemDataRole.DisplayRole:
                if value is None:
                    return "—"
                if self.mode == "skor":
                    return str(value)
                return _("Ya") if value is True else _("Tidak")
            if role == Qt.ItemDataRole.EditRole:
                return value
            if role == Qt.ItemDataRole.CheckStateRole and self.mode != "skor":
                return Qt.CheckState.Checked if value is True else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ForegroundRole:
                if value is None:
                    return theme.brush("muted")
                met = (
                    value is True
                    if self.mode != "skor"
                    else isinstance(value, int) and value >= APKL_PASS_SCORE
                )
                return None if met else theme.brush("error")
            if role == Qt.ItemDataRole.TextAlignmentRole and self.mode == "skor":
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.labels.get(self.stored_key(self.criteria[c]), ("", ""))[1] or None
            return None
        if c == self.ISSUE:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return short_text(self._problems[r].label)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_text(self._problems[r].uraian)
            return None
        if c == self.TOTAL:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                total = self.total(r)
                return "—" if total is None else str(total)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole and self.total(r) is None:
                return theme.brush("muted")
            return None
        if c == self.RESULT:
            result = self.result(r)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return result_text(result)
            if role == Qt.ItemDataRole.ForegroundRole:
                return theme.brush("muted" if result is None else "ok" if result else "error")
            if role == Qt.ItemDataRole.BackgroundRole and result is not None:
                return theme.brush("ok_bg" if result else "error_bg")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if c == self.NOTE and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(row.get("keterangan") or "")
        if c == self.NOTE and role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(str(row.get("keterangan") or "")) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        c = index.column()
        if c in self.criteria:
            return base | (
                Qt.ItemFlag.ItemIsEditable if self.mode == "skor" else Qt.ItemFlag.ItemIsUserCheckable
            )
        if c == self.NOTE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        r, c = index.row(), index.column()
        row = self._rows[r]
        if c == self.NOTE and role == Qt.ItemDataRole.EditRole:
            text = " ".join(str(value or "").split())
            if text == (row.get("keterangan") or ""):
                return True
            if text:
                row["keterangan"] = text
            else:
                row.pop("keterangan", None)
            emit(self.dataChanged, index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
            emit(self.edited)
            return True
        if c not in self.criteria:
            return False
        key = self.stored_key(self.criteria[c])
        if self.mode == "skor":
            if role != Qt.ItemDataRole.EditRole:
                return False
            try:
                new = check_score(value, self.column_name(c))
            except ValueError as exc:
                self.say(str(exc))
                return False
        elif role == Qt.ItemDataRole.CheckStateRole:
            new = check_state(value)
        elif role == Qt.ItemDataRole.EditRole and (value is None or isinstance(value, bool)):
            new = value
        else:
            self.say(_("{name}: jawab Ya atau Tidak").format(name=self.column_name(c)))
            return False
        self.say("")
        if row.get(key) == new and (new is not None or key not in row):
            return True
        if new is None:
            row.pop(key, None)
        else:
            row[key] = new
        self._announce(r, c)
        return True

    def toggle(self, index: QModelIndex) -> None:
        """Space on a criterion: unanswered → Ya → Tidak → Ya …"""
        if not index.isValid() or index.column() not in self.criteria or self.mode == "skor":
            return
        row = self._rows[index.row()]
        key = self.stored_key(self.criteria[index.column()])
        row[key] = row.get(key) is not True
        self.say("")
        self._announce(index.row(), index.column())

    def _announce(self, r: int, c: int) -> None:
        roles = [
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.CheckStateRole,
            Qt.ItemDataRole.ForegroundRole,
        ]
        emit(self.dataChanged, self.index(r, c), self.index(r, c), roles)
        first = self.TOTAL if self.TOTAL is not None else self.RESULT
        emit(
            self.dataChanged,
            self.index(r, first),
            self.index(r, self.RESULT),
            roles + [Qt.ItemDataRole.BackgroundRole],
        )
        emit(self.edited)


class ApklEditor(EditorFrame):
    """The LK-2c editor (see the module docstring)."""

    changed = Signal()
    openWorksheet = Signal(str)  # "LK-2b": the user asks to fill the problems first

    def __init__(self, template: Template, context: WorksheetContext, parent: QWidget | None = None):
        super().__init__(template, parent)
        self.context = context
        self.mode = context.settings.apkl_mode
        self._data: dict[str, Any] = {}
        self._shown_ids: set[str] = set()
        labels = _column_labels(template)
        full = context.registry.get(template.code)
        labels = {**_column_labels(full), **labels}

        self.model = ApklTableModel(self.mode, labels, self)
        self.view = ScoreTableView(self)
        self.view.setObjectName("apklTable")
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Tabel penapisan APKL"))
        if self.mode == "skor":
            delegate = ScoreDelegate(parent=self.view)
            for col in self.model.criteria:
                self.view.setItemDelegateForColumn(col, delegate)
        self.view.setItemDelegateForColumn(self.model.ISSUE, WrapDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.view.viewport().installEventFilter(self)
        self._fit_columns()
        self.view.verticalHeader().setMinimumSectionSize(30)
        self.view.verticalHeader().setMaximumSectionSize(80)
        self.view.setMinimumHeight(240)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(lambda col, _o, _n: col == self.model.ISSUE and self._fit_rows.start())
        self.body.addWidget(self.view, 1)
        names = " · ".join(f"{LETTERS[k]} = {CRITERIA_NAMES[k]}" for k in APKL_KEYS)
        if self.mode == "skor":
            keys = _(
                "Ketik angka 1–5 (1 sangat tidak … 5 sangat); kriteria terpenuhi bila skornya {n} atau "
                "lebih. Delete mengosongkan."
            ).format(n=APKL_PASS_SCORE)
        else:
            keys = _(
                "Spasi mengganti Ya/Tidak; Y = ya, T = tidak (kursor pindah ke kanan); Delete mengosongkan."
            )
        self.legend.setText(f"{names}. {keys}")

        self.model.edited.connect(self._on_edited)
        self.model.message.connect(lambda text: self.show_message(text))
        self.hint.openWorksheet.connect(self.openWorksheet)
        self.set_data({})

    # --- the editor contract ---
    def set_data(self, data: dict[str, Any]) -> None:
        self._data = dict(data or {})
        try:
            ensure_problem_ids(self.context)
        except Exception as exc:  # noqa: BLE001 - the table still shows what can be shown
            self.show_message(_("Id masalah LK-2b belum dapat disimpan: {err}").format(err=exc))
        problems = [p for p in problem_rows(self.context) if p.id]
        stored: dict[str, dict[str, Any]] = {}
        for row in table_rows(self._data, APKL_TABLE):
            ref = row.get(REF_KEY)
            if isinstance(ref, str) and ref not in stored:
                stored[ref] = row
        self._shown_ids = {p.id for p in problems}
        self.model.set_rows(problems, stored, self.mode)
        if problems:  # start where the typing starts
            self.view.setCurrentIndex(self.model.index(0, self.model.entry_columns[0]))
        self.view.resizeRowsToContents()
        self._update_header()
        if problems:
            self.hint.hide()
        else:
            self.hint.show_hint(
                _(
                    "Belum ada masalah di LK-2b (Identifikasi Masalah). Isi daftar masalah di "
                    "LK-2b lebih dulu; setiap masalah akan muncul di sini untuk disaring dengan "
                    "APKL."
                ),
                codes.PROBLEMS,
                _("Isi LK-2b dulu"),
            )
        self.view.setVisible(bool(problems))
        self.legend.setVisible(bool(problems))
        self.show_message("")
        self.set_issue_lines([])

    def data(self) -> dict[str, Any]:
        """The whole LK-2c data: the shown rows (LK-2b order), then every stored row of a problem that is
        not in LK-2b now, as it was."""
        rows = self.model.rows()
        represented: set[str] = set()
        for r in table_rows(self._data, APKL_TABLE):
            ref = r.get(REF_KEY)
            if isinstance(ref, str) and ref in self._shown_ids and ref not in represented:
                represented.add(ref)
                continue
            rows.append(dict(r))
        out = {k: v for k, v in self._data.items() if k != APKL_TABLE}
        if rows:
            out[APKL_TABLE] = rows
        return out

    def show_issues(self, issues: list[Issue]) -> None:
        self.set_issue_lines([i.message for i in issues])

    # --- helpers ---
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Share the table's width: the problem text keeps the most, the answer columns shrink on a
        narrow screen (1366 px with the stage's guidance beside it) down to what their answers need."""
        m = self.model
        fixed = {col: (0.105, 60, 100) for col in m.criteria}
        if m.TOTAL is not None:
            fixed[m.TOTAL] = (0.055, 44, 52)
        fixed[m.RESULT] = (0.13, 92, 118)
        fixed[m.NOTE] = (0.17, 80, 220)
        fit_columns(self.view, m.ISSUE, 170, fixed)
        short = self.view.columnWidth(min(m.criteria)) < WIDE_CRITERION
        if short != self.model.short_headers:
            self.model.short_headers = short
            first = min(self.model.criteria)
            emit(
                self.model.headerDataChanged,
                Qt.Orientation.Horizontal,
                first,
                first + len(self.model.criteria) - 1,
            )

    def _update_header(self) -> None:
        if self.mode == "skor":
            how = _(
                "Penilaian skor 1–5: isu memenuhi syarat bila setiap kriteria bernilai {n} atau lebih"
            ).format(n=APKL_PASS_SCORE)
        else:
            how = _("Penilaian Ya/Tidak: isu memenuhi syarat bila keempat kriteria dijawab Ya")
        parts = [how]
        if self.model.rowCount():
            s = self.model.screening()
            parts.append(_("{n} dari {total} isu memenuhi syarat").format(n=s.passed, total=s.total))
        self.mode_line.setText(" · ".join(parts))

    def _on_edited(self) -> None:
        self._update_header()
        emit(self.changed)
