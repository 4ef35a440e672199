"""LK-2e Analisis Akar Masalah: the fishbone editor.

Top: the prioritised problem (from LK-2b, ranked by LK-2d) and the fish head. Left: the categories
(bones) with their causes and nested "mengapa" answers in a tree, edited in place; right: the live
drawing; below: the note on the selected root causes. The editor's state is the worksheet data itself
(flat ``kategori`` and ``penyebab`` rows); the tree and the drawing are rebuilt from it after each edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QDropEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain.fishbone import (
    ROW_ID,
    UNCATEGORISED,
    CauseCycleError,
    CauseNode,
    FishboneTree,
    build_tree,
    default_category_rows,
    move_cause,
    remove_category,
    remove_causes,
    subtree_ids,
)
from labinovasi.domain.scoring import usg_ranking
from labinovasi.i18n import _
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets import codes
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import Issue, new_row_id
from ui import theme
from ui.fishbone_canvas import FishboneCanvas
from ui.score_table import SourceHint

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3
CATEGORY, CAUSE = "category", "cause"
NAME_MAX, CAUSE_MAX = 60, 300
LABEL_MAX = 140


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


class _TreeDelegate(QStyledItemDelegate):
    """Line editors with the template's length limits; empty causes read "(belum diisi)"."""

    def __init__(self, editor: FishboneEditor):
        super().__init__(editor)
        self.owner = editor

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        widget = super().createEditor(parent, option, index)
        if isinstance(widget, QLineEdit):
            widget.setMaxLength(NAME_MAX if index.data(KIND_ROLE) == CATEGORY else CAUSE_MAX)
            widget.installEventFilter(self.owner)
        return widget

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.column() != 0 or index.data(KIND_ROLE) != CAUSE:
            return
        text = (index.data() or "").strip()
        if not text:
            text = _("(belum diisi)")
            option.palette.setColor(option.palette.ColorRole.Text, theme.color("muted"))
        number = index.data(NUMBER_ROLE)
        option.text = f"{number}. {text}" if number else text  # the numbers of the drawing and the print


class CauseTreeView(QTreeView):
    """The tree of categories and causes. A drop re-parents through the editor (which refuses cycles);
    the model is never changed by the drop itself."""

    def __init__(self, editor: FishboneEditor):
        super().__init__(editor)
        self.owner = editor
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        source = self.currentIndex().siblingAtColumn(0)
        pos = event.position().toPoint()
        target = self.indexAt(pos).siblingAtColumn(0)
        where = self.drop_position(pos, target)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source.isValid() and target.isValid():
            self.owner.drop_item(
                source.data(ID_ROLE),
                source.data(KIND_ROLE),
                target.data(ID_ROLE),
                target.data(KIND_ROLE),
                where,
            )
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def drop_position(self, pos: Any, index: QModelIndex) -> QAbstractItemView.DropIndicatorPosition:
        """Above, below or on the item at ``pos`` (the rule QAbstractItemView uses for its indicator)."""
        Pos = QAbstractItemView.DropIndicatorPosition  # noqa: N806
        if not index.isValid():
            return Pos.OnViewport
        rect = self.visualRect(index)
        margin = max(2, min(rect.height() // 5, 12))
        if pos.y() - rect.top() < margin:
            return Pos.AboveItem
        if rect.bottom() - pos.y() < margin:
            return Pos.BelowItem
        return Pos.OnItem


class FishboneEditor(QWidget):
    """Editor of LK-2e (see module doc). ``changed`` fires on every edit by the user."""

    changed = Signal()
    openWorksheet = Signal(str)  # "LK-2b": the user asks to fill the problems first

    def __init__(
        self, template: Template, context: WorksheetContext | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("fishboneEditor")
        self.template = template
        self.context = context
        self._loading = False
        self._data: dict[str, Any] = {}
        self._pristine: dict[str, Any] | None = {}  # what data() returns until the user edits
        self._tree = FishboneTree("", [])
        self._problems: dict[str, str] = {}  # LK-2b row id -> its full "uraian"
        self.confirm: Callable[[str], bool] = self._ask  # tests replace it
        self._build_ui()
        self._reload_problems()
        self.set_data({})

    # --- construction ---
    def _build_ui(self) -> None:
        t = self.template
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        title = QLabel(f"{t.code} · {t.title}", self)
        tf = title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.3)
        tf.setBold(True)
        title.setFont(tf)
        title.setWordWrap(True)
        lay.addWidget(title)
        if t.help:
            help_label = QLabel(t.help, self)
            help_label.setWordWrap(True)
            theme.style(help_label, lambda: theme.css_text("ink_soft"))
            lay.addWidget(help_label)
        self.hint = SourceHint(self)  # no problems in LK-2b yet: the way there
        self.hint.hide()
        self.hint.openWorksheet.connect(self.openWorksheet)
        lay.addWidget(self.hint)

        top = QGridLayout()
        top.setColumnStretch(1, 1)
        self.problem_combo = QComboBox(self)
        self.problem_combo.setObjectName("problemCombo")
        self.problem_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.problem_combo.setMinimumContentsLength(30)
        self.problem_combo.currentIndexChanged.connect(self._on_problem_changed)
        problem_label = QLabel(_("Masalah &prioritas:"), self)
        problem_label.setBuddy(self.problem_combo)
        self.head_edit = QPlainTextEdit(self)
        self.head_edit.setObjectName("headEdit")
        self.head_edit.setTabChangesFocus(True)
        self.head_edit.setPlaceholderText(_("Rumusan singkat masalah prioritas yang ditulis di kepala ikan"))
        self.head_edit.setFixedHeight(self.head_edit.fontMetrics().lineSpacing() * 2 + 14)
        self.head_edit.textChanged.connect(self._on_head_changed)
        head_label = QLabel(_("Masalah &utama\n(kepala ikan):"), self)
        head_label.setBuddy(self.head_edit)
        top.addWidget(problem_label, 0, 0)
        top.addWidget(self.problem_combo, 0, 1)
        top.addWidget(head_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.head_edit, 1, 1)
        lay.addLayout(top)

        self.warning = QLabel(self)
        self.warning.setObjectName("cycleWarning")
        self.warning.setWordWrap(True)
        theme.style(self.warning, lambda: theme.css_note("warn"))
        self.warning.hide()
        lay.addWidget(self.warning)

        # actions (their keys are routed by eventFilter so a window-wide Ctrl+N cannot steal them)
        self._keys: list[tuple[QAction, QKeySequence]] = []
        self.act_add_category = self._action(_("Tambah &kategori"), self.add_category, "Ctrl+Alt+N")
        self.act_add_cause = self._action(_("Tambah &penyebab"), self.add_cause, "Ctrl+N")
        self.act_add_why = self._action(_("Tambah \u2018&mengapa\u2019"), self.add_why, "Ctrl+Shift+N")
        self.act_rename = self._action(_("&Ubah teks"), self.rename_selected, "F2")
        self.act_delete = self._action(_("&Hapus"), self.delete_selected, "Del")
        self.act_up = self._action(_("Naik"), lambda: self.move_selected(-1), "Ctrl+Up")
        self.act_down = self._action(_("Turun"), lambda: self.move_selected(1), "Ctrl+Down")
        self.act_move = self._action(_("Pindahkan &ke…"), self.show_move_menu, "Ctrl+M")
        self.act_big = self._action(_("Tampilkan &besar"), self.show_big, "")
        self.act_root = self._action(_("Tandai/lepas akar masalah"), self.toggle_root, "Space")
        self.act_up.setToolTip(_("Naikkan urutan (Ctrl+Atas)"))
        self.act_down.setToolTip(_("Turunkan urutan (Ctrl+Bawah)"))

        left = QWidget(self)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for actions in (
            (self.act_add_category, self.act_add_cause),
            (self.act_add_why, self.act_move),
            (self.act_rename, self.act_delete, self.act_up, self.act_down),
        ):
            row = QHBoxLayout()
            row.setSpacing(4)
            for act in actions:
                button = QToolButton(left)
                button.setDefaultAction(act)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                row.addWidget(button)
                self.buttons[act.objectName()] = button
            row.addStretch(1)
            left_lay.addLayout(row)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([_("Kategori / penyebab"), _("Akar masalah")])
        self.model.itemChanged.connect(self._on_item_changed)
        self.tree_view = CauseTreeView(self)
        self.tree_view.setObjectName("causeTree")
        self.tree_view.setModel(self.model)
        self.tree_view.setItemDelegate(_TreeDelegate(self))
        self.tree_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree_view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.tree_view.setUniformRowHeights(True)
        self.tree_view.setWordWrap(False)
        self.tree_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree_view.customContextMenuRequested.connect(self._context_menu)
        self.tree_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree_view.setAccessibleName(_("Daftar kategori dan penyebab"))
        left_lay.addWidget(self.tree_view, 1)
        self.status = QLabel(left)
        self.status.setObjectName("fishboneStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left_lay.addWidget(self.status)

        right = QWidget(self)
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        self.canvas = FishboneCanvas(right)
        self.canvas.causeClicked.connect(self.select_cause)
        frame = QFrame(right)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_lay = QVBoxLayout(frame)
        frame_lay.setContentsMargins(1, 1, 1, 1)
        frame_lay.addWidget(self.canvas)
        right_lay.addWidget(frame, 1)
        hint_row = QHBoxLayout()
        hint = QLabel(
            _("Klik penyebab pada diagram untuk memilihnya; arahkan kursor untuk teks lengkap."), right
        )
        theme.style(hint, lambda: theme.css_text("muted"))
        hint.setWordWrap(True)
        hint_row.addWidget(hint, 1)
        big = QToolButton(right)
        big.setDefaultAction(self.act_big)
        hint_row.addWidget(big)
        right_lay.addLayout(hint_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(320)
        self.splitter.setSizes([380, 620])
        lay.addWidget(self.splitter, 1)

        self.roots_label = QLabel(self)
        self.roots_label.setObjectName("rootsLabel")
        self.roots_label.setWordWrap(True)
        self.roots_label.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.roots_label)
        note_row = QHBoxLayout()
        note_label = QLabel(_("&Catatan akar\nmasalah terpilih:"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(
            _("Mengapa akar masalah ini yang dipilih untuk diatasi oleh ide inovasi (LK-2f).")
        )
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 2 + 14)
        self.note_edit.textChanged.connect(self._on_note_changed)
        note_label.setBuddy(self.note_edit)
        note_row.addWidget(note_label, 0, Qt.AlignmentFlag.AlignTop)
        note_row.addWidget(self.note_edit, 1)
        lay.addLayout(note_row)
        self.issues_label = QLabel(self)
        self.issues_label.setObjectName("issuesLabel")
        self.issues_label.setWordWrap(True)
        theme.style(self.issues_label, lambda: theme.css_text("error"))
        self.issues_label.setTextFormat(Qt.TextFormat.PlainText)
        self.issues_label.hide()
        lay.addWidget(self.issues_label)

        for w in (self, self.tree_view, self.canvas, self.problem_combo, self.head_edit, self.note_edit, big):
            w.installEventFilter(self)
        self.setTabOrder(self.problem_combo, self.head_edit)
        self.setTabOrder(self.head_edit, self.tree_view)

    def _action(self, text: str, slot: Callable[[], Any], keys: str) -> QAction:
        act = QAction(text, self)
        act.setObjectName("act_" + "".join(ch for ch in text.lower() if ch.isalnum()))
        act.triggered.connect(lambda _checked=False: slot())
        if keys:
            seq = QKeySequence(keys)
            act.setToolTip(
                f"{text.replace('&', '')} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            self._keys.append((act, seq))
        return act

    # --- keys: routed here so they work inside the main window, whose Ctrl+N is "Lab baru" ---
    def _key_action(self, event: QKeyEvent, source: QObject) -> QAction | None:
        combo = QKeySequence(event.keyCombination())
        in_list = source in (self.tree_view, self.canvas)
        for act, seq in self._keys:
            if act is self.act_rename:
                continue  # F2 is the tree's own edit key
            if seq.matches(combo) == QKeySequence.SequenceMatch.ExactMatch:
                if act in (self.act_delete, self.act_up, self.act_down, self.act_root) and not in_list:
                    return None  # Del, Space and Ctrl+arrows keep their meaning in text fields and buttons
                return act
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            act = self._key_action(event, watched)
            if act is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress and act.isEnabled():
                    if isinstance(watched, QLineEdit):  # an open in-place editor: commit it first
                        self.tree_view.setFocus()
                    act.trigger()
                return True
        return super().eventFilter(watched, event)

    # --- problems (LK-2b, prioritised by LK-2d) ---
    def _reload_problems(self) -> None:
        self._loading = True
        try:
            self.problem_combo.clear()
            options = self._problem_options()
            self.problem_combo.addItem(
                _("(belum dipilih)") if options else _("(belum ada masalah di LK-2b)"), None
            )
            self._problems = {}
            if options:
                self.hint.hide()
            else:
                self.hint.show_hint(
                    _(
                        "Belum ada masalah di LK-2b (Identifikasi Masalah). Diagram tulang ikan menelusuri "
                        "akar satu masalah prioritas: isi LK-2b (dan skornya di LK-2d) lebih dulu, lalu pilih "
                        "masalahnya di sini."
                    ),
                    codes.PROBLEMS,
                    _("Isi LK-2b dulu"),
                )
            for value, label, uraian in options:
                self.problem_combo.addItem(label, value)
                self.problem_combo.setItemData(
                    self.problem_combo.count() - 1, uraian, Qt.ItemDataRole.ToolTipRole
                )
                self._problems[value] = uraian
        finally:
            self._loading = False

    def _problem_options(self) -> list[tuple[str, str, str]]:
        """(row id, label, full text) of the unit's LK-2b problems: those chosen in LK-2d first (by USG
        rank), then the other ranked ones, then the rest in LK-2b order."""
        ctx = self.context
        if ctx is None:
            return []
        problems = [
            r for r in ctx.load(codes.PROBLEMS).get("masalah") or [] if isinstance(r, dict) and r.get(ROW_ID)
        ]
        usg = [r for r in ctx.load(codes.USG).get("usg") or [] if isinstance(r, dict) and r.get("masalah")]
        mode = ctx.settings.usg_mode
        ranking = usg_ranking([(r["masalah"], r.get("u"), r.get("s"), r.get("g")) for r in usg], mode)
        chosen = {r["masalah"] for r in usg if r.get("dipilih") is True}
        out = []
        for n, row in enumerate(problems, start=1):
            rid, uraian = row[ROW_ID], str(row.get("uraian") or "")
            rank = ranking.get(rid)
            label = f"{n}. {_short(uraian) or _('(tanpa uraian)')}"
            if rid in chosen:
                group = 0
                label += " — " + (
                    _("prioritas, USG #{r}").format(r=rank.rank) if rank and rank.rank else _("prioritas")
                )
            elif rank and rank.rank:
                group = 1
                label += " — " + _("USG #{r}").format(r=rank.rank)
            else:
                group = 2
            out.append(((group, rank.rank if rank and rank.rank else 10**6, n), rid, label, uraian))
        out.sort(key=lambda t: t[0])
        return [(rid, label, uraian) for _key, rid, label, uraian in out]

    def _show_problem(self, value: Any) -> None:
        index = self.problem_combo.findData(value) if value else 0
        if value and index < 0:  # a problem no longer in LK-2b: keep it, say so
            self.problem_combo.addItem(_("(masalah sudah dihapus dari LK-2b)"), value)
            index = self.problem_combo.count() - 1
        self.problem_combo.setCurrentIndex(max(0, index))

    def _on_problem_changed(self, index: int) -> None:
        if self._loading:
            return
        value = self.problem_combo.itemData(index)
        self._edit()
        if value:
            self._data["masalah"] = value
        else:
            self._data.pop("masalah", None)
        uraian = self._problems.get(value or "", "")
        if uraian and not self.head_edit.toPlainText().strip():
            self._loading = True
            try:
                self.head_edit.setPlainText(uraian)
            finally:
                self._loading = False
            self._data["masalah_utama"] = uraian
            self._refresh_drawing()
        self.changed.emit()

    def _on_head_changed(self) -> None:
        if self._loading:
            return
        self._edit()
        text = self.head_edit.toPlainText()
        if text.strip():
            self._data["masalah_utama"] = text
        else:
            self._data.pop("masalah_utama", None)
        self._refresh_drawing()
        self.changed.emit()

    def _on_note_changed(self) -> None:
        if self._loading:
            return
        self._edit()
        text = self.note_edit.toPlainText()
        if text.strip():
            self._data["akar_masalah_terpilih"] = text
        else:
            self._data.pop("akar_masalah_terpilih", None)
        self.changed.emit()

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        """The worksheet data to store. Until the user edits, exactly what was loaded (so data with a
        cycle from an edited file is not changed by merely looking at it)."""
        source = self._pristine if self._pristine is not None else self._data
        return {k: copy.deepcopy(v) for k, v in source.items() if not _blank(v)}

    def set_data(self, data: dict[str, Any]) -> None:
        data = data if isinstance(data, dict) else {}
        self._pristine = copy.deepcopy(data)
        work = copy.deepcopy(data)
        cats = [r for r in work.get("kategori") or [] if isinstance(r, dict)]
        if not cats:
            cats = default_category_rows(new_row_id)
        causes = [r for r in work.get("penyebab") or [] if isinstance(r, dict)]
        seen: set[str] = set()
        for row in cats + causes:  # rows of an old or hand-edited file may lack ids
            rid = row.get(ROW_ID)
            if not isinstance(rid, str) or not rid or rid in seen:
                row[ROW_ID] = rid = new_row_id()
            seen.add(rid)
        work["kategori"], work["penyebab"] = cats, causes
        tree = build_tree(work)
        for row in causes:  # show the cycle broken, as the drawing does; stored only after an edit
            if row[ROW_ID] in tree.broken_links:
                row.pop("induk", None)
        self._data = work
        self._loading = True
        try:
            self._show_problem(work.get("masalah"))
            self.head_edit.setPlainText(str(work.get("masalah_utama") or ""))
            self.note_edit.setPlainText(str(work.get("akar_masalah_terpilih") or ""))
        finally:
            self._loading = False
        self._set_status("")
        self.issues_label.hide()
        if tree.broken_links:
            numbers = ", ".join(str(n.number) for n in tree.causes() if n.id in tree.broken_links)
            self.warning.setText(
                _(
                    "Perhatian: data penyebab ini berisi rantai \u201cmengapa\u201d yang berputar (sebuah penyebab "
                    "menjadi \u201cmengapa\u201d dari dirinya sendiri lewat penyebab lain), mungkin dari berkas yang "
                    "disunting di luar aplikasi. Untuk ditampilkan, rantai diputus pada penyebab nomor {n}, yang kini "
                    "berada langsung pada tulangnya. Data tersimpan belum diubah; susunan yang tampil ini baru "
                    "disimpan setelah Anda mengubah sesuatu."
                ).format(n=numbers)
            )
            self.warning.show()
        else:
            self.warning.hide()
        self._rebuild()
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree_view.setCurrentIndex(first)

    def show_issues(self, issues: list[Issue]) -> None:
        rows = self._data.get("penyebab") or []
        messages = []
        bad: dict[str, list[str]] = {}
        for issue in issues:
            messages.append(issue.message)
            parts = issue.field.split(".")
            if parts[0] == "penyebab" and len(parts) >= 2 and parts[1].isdigit():
                i = int(parts[1]) - 1
                if 0 <= i < len(rows):
                    bad.setdefault(rows[i].get(ROW_ID), []).append(issue.message)
        self._bad = bad
        self._paint_issues()
        self.issues_label.setText("\n".join(dict.fromkeys(messages)))
        self.issues_label.setVisible(bool(messages))

    # --- state helpers ---
    def _edit(self) -> None:
        """The user changed something: from now on data() is the edited state."""
        if self._pristine is not None:
            self._pristine = None
            if self.warning.isVisible():
                self.warning.setText(
                    _(
                        "Rantai \u201cmengapa\u201d yang berputar sudah diputus; susunan yang "
                        "tampil akan disimpan."
                    )
                )

    def _commit(self, select: str | None = None, message: str = "") -> None:
        """After a structural edit of ``self._data``: redraw, reselect, tell the page."""
        self._edit()
        self._rebuild(select)
        self._set_status(message, ok=bool(message))
        self.changed.emit()

    def _set_status(self, text: str, ok: bool = False, error: bool = False) -> None:
        self.status.setText(text)
        theme.style(
            self.status, lambda: theme.css_text("error") if error else (theme.css_text("ok") if ok else "")
        )

    @property
    def tree(self) -> FishboneTree:
        return self._tree

    @property
    def status_text(self) -> str:
        return self.status.text()

    def _cause_rows(self) -> list[dict[str, Any]]:
        return self._data.setdefault("penyebab", [])

    def _cat_rows(self) -> list[dict[str, Any]]:
        return self._data.setdefault("kategori", [])

    def _row(self, cause_id: str) -> dict[str, Any] | None:
        return next((r for r in self._cause_rows() if r.get(ROW_ID) == cause_id), None)

    # --- tree model ---
    def _rebuild(self, select: str | None = None) -> None:
        current = select or self.selected_id()
        self._tree = build_tree(self._data)
        self._loading = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            bold = QFont(self.tree_view.font())
            bold.setBold(True)
            for cat in self._tree.categories:
                item = QStandardItem(cat.name)
                item.setData(cat.id, ID_ROLE)
                item.setData(CATEGORY, KIND_ROLE)
                item.setFont(bold)
                flags = (
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
                )
                if cat.id != UNCATEGORISED:
                    flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
                item.setFlags(flags)
                item.setToolTip(_("Kategori (tulang ikan): {n} penyebab").format(n=len(cat.entries())))
                side = QStandardItem("")
                side.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                side.setData(cat.id, ID_ROLE)
                side.setData(CATEGORY, KIND_ROLE)
                for cause in cat.causes:
                    self._add_cause_item(item, cause)
                self.model.appendRow([item, side])
        finally:
            self._loading = False
        self.tree_view.expandAll()
        self._bad = {}
        self._refresh_drawing()
        if current:
            self._select_id(current)
        self._update_actions()

    def _add_cause_item(self, parent: QStandardItem, node: CauseNode) -> None:
        item = QStandardItem(self._row_text(node.id))
        item.setData(node.id, ID_ROLE)
        item.setData(CAUSE, KIND_ROLE)
        item.setData(node.number, NUMBER_ROLE)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        item.setToolTip(f"{node.number}. {node.text}" if node.text else "")
        check = QStandardItem("")
        check.setData(node.id, ID_ROLE)
        check.setData(CAUSE, KIND_ROLE)
        check.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        )
        check.setCheckState(Qt.CheckState.Checked if node.root else Qt.CheckState.Unchecked)
        check.setToolTip(_("Tandai sebagai akar masalah"))
        check.setData(
            _("Akar masalah: {t}").format(t=node.text or _("(belum diisi)")),
            Qt.ItemDataRole.AccessibleTextRole,
        )
        for child in node.children:
            self._add_cause_item(item, child)
        parent.appendRow([item, check])

    def _row_text(self, cause_id: str) -> str:
        row = self._row(cause_id)
        return str(row.get("teks") or "") if row else ""

    def _find_item(self, item_id: str) -> QModelIndex:
        matches = self.model.match(
            self.model.index(0, 0),
            ID_ROLE,
            item_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        return matches[0] if matches else QModelIndex()

    def _select_id(self, item_id: str) -> bool:
        index = self._find_item(item_id)
        if not index.isValid():
            return False
        self.tree_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree_view.scrollTo(index)
        return True

    def select_cause(self, cause_id: str) -> None:
        """Select a cause (or category) in the tree, e.g. after a click on the drawing."""
        self._select_id(cause_id)
        self.tree_view.setFocus()

    def selected_id(self) -> str | None:
        index = self.tree_view.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def selected_kind(self) -> str | None:
        index = self.tree_view.currentIndex()
        return index.siblingAtColumn(0).data(KIND_ROLE) if index.isValid() else None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        kind = current.siblingAtColumn(0).data(KIND_ROLE) if current.isValid() else None
        self.canvas.set_selected(current.siblingAtColumn(0).data(ID_ROLE) if kind == CAUSE else None)
        self._update_actions()

    def _update_actions(self) -> None:
        kind = self.selected_kind()
        has_cat = bool(self._tree.categories)
        self.act_add_cause.setEnabled(has_cat)
        self.act_add_why.setEnabled(kind == CAUSE)
        self.act_rename.setEnabled(
            kind == CAUSE or (kind == CATEGORY and self.selected_id() != UNCATEGORISED)
        )
        self.act_delete.setEnabled(kind is not None)
        self.act_up.setEnabled(kind is not None)
        self.act_down.setEnabled(kind is not None)
        self.act_move.setEnabled(kind == CAUSE)
        self.act_root.setEnabled(kind == CAUSE)

    def _refresh_drawing(self) -> None:
        tree = build_tree(self._data)
        self._tree = tree
        self.canvas.set_tree(tree)
        roots = tree.root_causes
        if roots:
            self.roots_label.setText(
                _("Akar masalah yang ditandai: {list}").format(
                    list="; ".join(f"{n.number}. {_short(n.text, 90) or _('(belum diisi)')}" for n in roots)
                )
            )
        else:
            self.roots_label.setText(
                _(
                    "Belum ada penyebab yang ditandai sebagai akar masalah (centang kolom "
                    "\u201cAkar masalah\u201d)."
                )
            )

    def _paint_issues(self) -> None:
        bad = getattr(self, "_bad", {})
        self._loading = True
        try:
            for cause in self._tree.causes():
                index = self._find_item(cause.id)
                if not index.isValid():
                    continue
                item = self.model.itemFromIndex(index)
                msgs = bad.get(cause.id)
                item.setForeground(theme.brush("error") if msgs else QBrush())
                item.setToolTip(
                    "\n".join(msgs) if msgs else (f"{cause.number}. {cause.text}" if cause.text else "")
                )
        finally:
            self._loading = False

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._loading:
            return
        item_id, kind = item.data(ID_ROLE), item.data(KIND_ROLE)
        if item.column() == 1 and kind == CAUSE:
            row = self._row(item_id)
            if row is None:
                return
            row["akar"] = item.checkState() == Qt.CheckState.Checked
            self._edit()
            self._refresh_drawing()
            self.changed.emit()
            return
        if item.column() != 0:
            return
        text = " ".join(item.text().split())
        if kind == CATEGORY:
            row = next((r for r in self._cat_rows() if r.get(ROW_ID) == item_id), None)
            if row is None:
                return
            if not text:
                self._set_item_text(item, str(row.get("nama") or ""))
                self._set_status(_("Nama kategori tidak boleh kosong."), error=True)
                return
            row["nama"] = text[:NAME_MAX]
        else:
            row = self._row(item_id)
            if row is None:
                return
            if text:
                row["teks"] = text[:CAUSE_MAX]
            else:
                row.pop("teks", None)
        if text != item.text():
            self._set_item_text(item, text)
        self._edit()
        self._set_status("")
        self._refresh_drawing()
        self.changed.emit()

    def _set_item_text(self, item: QStandardItem, text: str) -> None:
        self._loading = True
        try:
            item.setText(text)
        finally:
            self._loading = False

    # --- commands ---
    def add_category(self, name: str | None = None) -> str:
        rid = new_row_id()
        taken = {str(r.get("nama") or "") for r in self._cat_rows()}
        base = name or _("Kategori baru")
        label, n = base, 2
        while name is None and label in taken:
            label, n = f"{base} {n}", n + 1
        self._cat_rows().append({ROW_ID: rid, "nama": label})
        self._commit(rid, _("Kategori ditambahkan; ketik namanya."))
        self._edit_current()
        return rid

    def _current_category(self) -> str | None:
        item_id, kind = self.selected_id(), self.selected_kind()
        if kind == CATEGORY:
            return item_id
        if kind == CAUSE and item_id:
            node = self._tree.find(item_id)
            if node is not None:
                return node.category_id
        return self._tree.categories[0].id if self._tree.categories else None

    def add_cause(self, text: str = "") -> str | None:
        """A new direct cause on the selected category's bone (or the selected cause's)."""
        category = self._current_category()
        if category is None:
            self._set_status(_("Tambahkan kategori dulu."), error=True)
            return None
        rid = new_row_id()
        row: dict[str, Any] = {ROW_ID: rid, "akar": False}
        if category != UNCATEGORISED:
            row["kategori"] = category
        if text:
            row["teks"] = text
        self._cause_rows().append(row)
        self._commit(rid, _("Penyebab ditambahkan; ketik teksnya."))
        self._edit_current()
        return rid

    def add_why(self, text: str = "") -> str | None:
        """A new "mengapa" answer under the selected cause."""
        parent = self.selected_id() if self.selected_kind() == CAUSE else None
        node = self._tree.find(parent) if parent else None
        if node is None:
            self._set_status(_("Pilih dulu penyebab yang hendak ditanya \u201cmengapa\u201d."), error=True)
            return None
        rid = new_row_id()
        row: dict[str, Any] = {ROW_ID: rid, "induk": node.id, "akar": False}
        if node.category_id != UNCATEGORISED:
            row["kategori"] = node.category_id
        if text:
            row["teks"] = text
        self._cause_rows().append(row)
        self._commit(rid, _("Jawaban \u201cmengapa\u201d ditambahkan; ketik teksnya."))
        self._edit_current()
        return rid

    def toggle_root(self) -> None:
        """Mark the selected cause as a root cause, or unmark it (Space in the tree)."""
        if self.selected_kind() != CAUSE:
            return
        index = self._find_item(self.selected_id() or "").siblingAtColumn(1)
        if index.isValid():
            item = self.model.itemFromIndex(index)
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _edit_current(self) -> None:
        index = self.tree_view.currentIndex()
        if index.isValid() and self.isVisible():
            self.tree_view.setFocus()
            self.tree_view.edit(index.siblingAtColumn(0))

    def rename_selected(self) -> None:
        index = self.tree_view.currentIndex()
        if index.isValid():
            self.tree_view.setFocus()
            self.tree_view.edit(index.siblingAtColumn(0))

    def delete_selected(self) -> bool:
        item_id, kind = self.selected_id(), self.selected_kind()
        if item_id is None:
            return False
        if kind == CATEGORY:
            cat = self._tree.category(item_id)
            if cat is None:
                return False
            count = len(cat.entries())
            if count and not self.confirm(
                _("Hapus kategori \u201c{name}\u201d beserta {n} penyebabnya?").format(name=cat.name, n=count)
            ):
                return False
            index = next(i for i, c in enumerate(self._tree.categories) if c.id == item_id)
            self._data = remove_category(self._data, item_id)
            rest = build_tree(self._data).categories
            select = rest[min(index, len(rest) - 1)].id if rest else None
            self._commit(select, _("Kategori \u201c{name}\u201d dihapus.").format(name=cat.name))
            return True
        node = self._tree.find(item_id)
        if node is None:
            return False
        below = len(subtree_ids(self._cause_rows(), item_id)) - 1
        if below and not self.confirm(
            _("Hapus penyebab ini beserta {n} jawaban \u201cmengapa\u201d di bawahnya?").format(n=below)
        ):
            return False
        siblings = self._siblings(node)
        i = siblings.index(node)
        neighbour = siblings[i + 1] if i + 1 < len(siblings) else (siblings[i - 1] if i > 0 else None)
        select = neighbour.id if neighbour else (node.parent_id or node.category_id)
        self._data["penyebab"] = remove_causes(self._cause_rows(), item_id)
        self._commit(select, _("Penyebab dihapus."))
        return True

    def _siblings(self, node: CauseNode) -> list[CauseNode]:
        if node.parent_id:
            parent = self._tree.find(node.parent_id)
            return parent.children if parent else [node]
        cat = self._tree.category(node.category_id)
        return cat.causes if cat else [node]

    def move_selected(self, delta: int) -> bool:
        """Move the selected category or cause up (-1) or down (+1) among its siblings."""
        item_id, kind = self.selected_id(), self.selected_kind()
        if item_id is None:
            return False
        if kind == CATEGORY:
            rows = self._cat_rows()
            i = next((k for k, r in enumerate(rows) if r.get(ROW_ID) == item_id), None)
            if i is None or not 0 <= i + delta < len(rows):
                return False
            rows[i], rows[i + delta] = rows[i + delta], rows[i]
            self._commit(item_id)
            return True
        node = self._tree.find(item_id)
        if node is None:
            return False
        siblings = self._siblings(node)
        i = siblings.index(node)
        if not 0 <= i + delta < len(siblings):
            return False
        self._place_row(item_id, siblings[i + delta].id, after=delta > 0)
        self._commit(item_id)
        return True

    def _place_row(self, cause_id: str, anchor_id: str | None, after: bool) -> None:
        """Reorder the stored rows so ``cause_id`` comes just before/after ``anchor_id`` (or last)."""
        rows = self._cause_rows()
        row = self._row(cause_id)
        if row is None:
            return
        rows.remove(row)
        anchor = (
            next((k for k, r in enumerate(rows) if r.get(ROW_ID) == anchor_id), None) if anchor_id else None
        )
        if anchor is None:
            rows.append(row)
        else:
            rows.insert(anchor + 1 if after else anchor, row)

    def move_cause_to(
        self,
        cause_id: str,
        parent_id: str | None = None,
        category_id: str | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> bool:
        """Re-parent ``cause_id``: under cause ``parent_id`` (as its last "mengapa", or before/after a
        sibling) or, with ``parent_id`` None, directly on the bone of ``category_id``. A move that would
        make a cause its own ancestor is refused with a message in the status line; nothing changes."""
        try:
            rows = move_cause(
                self._cause_rows(), cause_id, parent_id, None if category_id == UNCATEGORISED else category_id
            )
        except CauseCycleError as exc:
            self._set_status(str(exc), error=True)
            return False
        except KeyError:
            return False
        self._data["penyebab"] = rows
        self._place_row(cause_id, before or after, after=after is not None)
        self._commit(cause_id, _("Penyebab dipindahkan."))
        if parent_id:
            index = self._find_item(parent_id)
            if index.isValid():
                self.tree_view.expand(index)
        return True

    def drop_item(
        self,
        source_id: str,
        source_kind: str,
        target_id: str,
        target_kind: str,
        where: QAbstractItemView.DropIndicatorPosition,
    ) -> bool:
        """A drag-and-drop in the tree: onto a category = a direct cause of it; onto a cause = a "mengapa"
        of it; above/below a cause = a sibling of it there. Categories are reordered among themselves."""
        Pos = QAbstractItemView.DropIndicatorPosition  # noqa: N806
        if source_kind == CATEGORY:
            if target_kind != CATEGORY or source_id == target_id or source_id == UNCATEGORISED:
                return False
            rows = self._cat_rows()
            src = next((r for r in rows if r.get(ROW_ID) == source_id), None)
            if src is None:
                return False
            rows.remove(src)
            k = next((i for i, r in enumerate(rows) if r.get(ROW_ID) == target_id), len(rows))
            rows.insert(k + 1 if where == Pos.BelowItem else k, src)
            self._commit(source_id)
            return True
        if target_kind == CATEGORY:
            return self.move_cause_to(source_id, None, target_id)
        if where == Pos.OnItem:
            return self.move_cause_to(source_id, target_id)
        if where in (Pos.AboveItem, Pos.BelowItem):
            target = self._tree.find(target_id)
            if target is None or target.id == source_id:
                return False
            before = target.id if where == Pos.AboveItem else None
            after = target.id if where == Pos.BelowItem else None
            return self.move_cause_to(
                source_id, target.parent_id, target.category_id, before=before, after=after
            )
        return False

    def move_targets(self, cause_id: str) -> list[tuple[str, str | None, str | None]]:
        """The places offered by "Pindahkan ke…": (label, parent id, category id)."""
        out: list[tuple[str, str | None, str | None]] = []
        for cat in self._tree.categories:
            out.append((_("Langsung pada tulang \u201c{name}\u201d").format(name=cat.name), None, cat.id))
            for node in cat.entries():
                indent = "    " * (node.depth + 1)
                label = (
                    f"{indent}{_('di bawah')} {node.number}. {_short(node.text, 60) or _('(belum diisi)')}"
                )
                out.append((label, node.id, None))
        return out

    def build_move_menu(self) -> QMenu | None:
        cause_id = self.selected_id() if self.selected_kind() == CAUSE else None
        if cause_id is None:
            self._set_status(_("Pilih dulu penyebab yang hendak dipindahkan."), error=True)
            return None
        menu = QMenu(self)
        menu.setObjectName("moveMenu")
        menu.setToolTipsVisible(True)
        for label, parent_id, category_id in self.move_targets(cause_id):
            act = menu.addAction(label)
            act.triggered.connect(
                lambda _c=False, p=parent_id, c=category_id: self.move_cause_to(cause_id, p, c)
            )
        return menu

    def show_move_menu(self) -> None:
        menu = self.build_move_menu()
        if menu is None:
            return
        index = self.tree_view.currentIndex()
        rect = self.tree_view.visualRect(index)
        menu.exec(self.tree_view.viewport().mapToGlobal(rect.bottomLeft()))
        menu.deleteLater()

    def _context_menu(self, pos: Any) -> None:
        index = self.tree_view.indexAt(pos)
        if index.isValid():
            self.tree_view.setCurrentIndex(index)
        menu = QMenu(self)
        for act in (
            self.act_add_category,
            self.act_add_cause,
            self.act_add_why,
            None,
            self.act_rename,
            self.act_root,
            self.act_delete,
            None,
            self.act_up,
            self.act_down,
            self.act_move,
        ):
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        menu.exec(self.tree_view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def show_big(self) -> QDialog:
        """The drawing alone in a large window, for the projector (Esc closes it)."""
        dialog = QDialog(self)
        dialog.setWindowTitle(_("{code} · Diagram tulang ikan").format(code=self.template.code))
        lay = QVBoxLayout(dialog)
        lay.setContentsMargins(6, 6, 6, 6)
        canvas = FishboneCanvas(dialog)
        canvas.set_tree(self._tree)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        lay.addWidget(canvas)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(1200, 760)
        self._big = dialog
        dialog.showMaximized()
        return dialog

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Konfirmasi"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
