"""The launch editor (LK-4a): the launch's form, with the innovations chosen in a tree of units.

Each unit is one check box over its curated ideas (one click launches all of a unit's ideas);
"Centang semua yang lanjut" ticks every curated idea of the lab; the count above says
"7 inovasi dari 6 unit diluncurkan" as ticks change. Saving marks the ticked ideas *diluncurkan*
(``labinovasi.ops.effects``), one undoable step.

Editor contract (see ``ui/editors.py``): ``changed`` on every user edit (never from ``set_data``),
``data()``, ``set_data(data)``, ``show_issues(issues)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _
from labinovasi.services.context import WorksheetContext
from labinovasi.services.launch import LaunchIdea, launch_summary, launchable_ideas
from labinovasi.worksheets.kinds.launch import LAUNCHED
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import Issue
from ui import theme
from ui.worksheet_form import WorksheetForm

ID_ROLE = Qt.ItemDataRole.UserRole


class LaunchEditor(QWidget):
    changed = Signal()

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self._loading = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.form = WorksheetForm(template, self, context)
        self.form.changed.connect(self._on_changed)
        lay.addWidget(self.form)
        ideas = launchable_ideas(context.db, context.lab_id) if context is not None else []
        self._build_chooser(ideas)

    # --- the chooser, in place of the generated check list ---
    def _build_chooser(self, ideas: list[LaunchIdea]) -> None:
        holder = self.form.fields[LAUNCHED]
        holder.editor.hide()
        box = QWidget(holder)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 2, 0, 2)
        row = QHBoxLayout()
        self.summary = QLabel("", box)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        theme.style(self.summary, lambda: theme.css_text("accent"))
        row.addWidget(self.summary, 1)
        self.all_button = QPushButton(_("Centang semua yang lanjut"), box)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton(_("Kosongkan"), box)
        self.none_button.clicked.connect(lambda: self._check_all(False))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        v.addLayout(row)
        self.tree = QTreeWidget(box)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Unit dan inovasi"), _("Status")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(_("Inovasi yang diluncurkan"))
        self.items: dict[str, QTreeWidgetItem] = {}
        units: dict[Any, QTreeWidgetItem] = {}
        for idea in ideas:
            parent = units.get(idea.unit_id)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [idea.unit, ""])
                parent.setFlags(
                    parent.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
                )
                parent.setCheckState(0, Qt.CheckState.Unchecked)
                units[idea.unit_id] = parent
            item = QTreeWidgetItem(parent, [idea.title or _("(tanpa judul)"), idea.status.label])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setData(0, ID_ROLE, str(idea.id))
            item.setToolTip(0, idea.title)
            self.items[str(idea.id)] = item
        self.tree.expandAll()
        rows = max(3, min(len(ideas) + len(units), 14))
        self.tree.setMinimumHeight(
            self.tree.sizeHintForRow(0) * rows + self.tree.header().sizeHint().height() + 6
        )
        self.tree.itemChanged.connect(self._on_item_changed)
        v.addWidget(self.tree)
        if not ideas:
            empty = QLabel(
                _('Belum ada inovasi yang dapat diluncurkan: kurasi ide dulu di LK-2g (keputusan "lanjut").'),
                box,
            )
            empty.setWordWrap(True)
            v.addWidget(empty)
            self.all_button.setEnabled(False)
            self.none_button.setEnabled(False)
        holder.layout().insertWidget(holder.layout().indexOf(holder.editor) + 1, box)
        holder.label.setBuddy(self.tree)
        self._update_summary()

    def _check_all(self, on: bool) -> None:
        self._loading = True
        try:
            for item in self.items.values():
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._loading = False
        self._on_changed()

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and item.data(0, ID_ROLE) is not None and not self._loading:
            self._on_changed()

    def _on_changed(self) -> None:
        self._update_summary()
        if not self._loading:
            self.changed.emit()

    def launched(self) -> list[str]:
        return [i for i, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked]

    def _update_summary(self) -> None:
        chosen = self.launched()
        units = {self.items[i].parent() for i in chosen}
        self.summary.setText(launch_summary(len(chosen), len(units)))

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        out = self.form.data()
        out.pop(LAUNCHED, None)
        chosen = self.launched()
        if chosen:
            out[LAUNCHED] = chosen
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.form.set_data(data)
            chosen = {str(v) for v in data.get(LAUNCHED) or []}
            for i, item in self.items.items():
                item.setCheckState(0, Qt.CheckState.Checked if i in chosen else Qt.CheckState.Unchecked)
        finally:
            self._loading = False
        self._update_summary()

    def show_issues(self, issues: list[Issue]) -> None:
        self.form.show_issues(issues)
