"""Pemeriksaan kesiapan IID/KIPP on screen: the launched innovations of the lab (unit, evidence missing,
the app's KIPP estimate) and the findings of the selected one (✓ / ✗ with the sentence; the IID item and
KIPP aspects it relates to as a tooltip). Read-only; "Simpan PDF…" prints the same as a PDF.

The statement that it is the app's estimate, not an official assessment, stands above the table."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_number
from labinovasi.services.readiness_check import (
    InnovationCheck,
    ReadinessReport,
    estimate_note,
    format_estimate,
    readiness_report,
    running_text,
)
from ui import theme


class ReadinessCheckDialog(QDialog):
    """The check of every launched innovation of a lab, as of ``today``; the row of ``select`` (the
    innovation on screen) is selected when it is one of them."""

    def __init__(
        self,
        db: Database,
        lab_id: uuid.UUID,
        parent: QWidget | None = None,
        on_pdf: Callable[[], object] | None = None,
        today: dt.date | None = None,
        select: uuid.UUID | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Pemeriksaan kesiapan IID/KIPP"))
        self.report: ReadinessReport = readiness_report(db, lab_id, today)
        self._on_pdf = on_pdf

        note = QLabel(
            "<b>"
            + _("Perkiraan aplikasi — bukan penilaian resmi.")
            + "</b> "
            + estimate_note().replace("<", "&lt;")
        )
        note.setWordWrap(True)
        note.setFrameShape(QFrame.Shape.Box)
        theme.style(note, lambda: theme.css_note("warn", "QLabel"))

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Inovasi"), _("Unit"), _("Belum ada"), _("Perkiraan KIPP")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(1, 220)
        for i in self.report.innovations:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [
                i.title,
                i.unit,
                _("{n} dari {total}").format(n=format_number(i.missing), total=len(i.findings)),
                format_estimate(i.estimate),
            ]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.findings = QListWidget(self)
        self.findings.setWordWrap(True)
        self.findings.setAlternatingRowColors(True)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.findings)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([250, 330])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.pdf_button = buttons.addButton(_("Simpan PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setEnabled(on_pdf is not None)
        self.pdf_button.clicked.connect(self._save_pdf)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        if not self.report.innovations:
            empty = QLabel(_("Belum ada inovasi yang diluncurkan (LK-4a)."))
            empty.setWordWrap(True)
            layout.addWidget(empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self._save_pdf)

        self.table.itemSelectionChanged.connect(self._show_selected)
        if self.report.innovations:
            ids = [i.idea_id for i in self.report.innovations]
            self.table.selectRow(ids.index(select) if select in ids else 0)
        else:
            self._show(None)
        self.resize(900, 620)

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show(self.report.innovations[rows[0].row()] if rows else None)

    def _show(self, i: InnovationCheck | None) -> None:
        self.findings.clear()
        if i is None:
            self.heading.setText("")
            return
        running = running_text(i, self.report.today)
        self.heading.setText(
            _("{title} — {missing} belum ada, perkiraan KIPP {estimate}, {running}").format(
                title=i.title,
                missing=format_number(i.missing),
                estimate=format_estimate(i.estimate),
                running=running,
            )
        )
        for f in i.missing_first:
            item = QListWidgetItem(("✓  " if f.ok else "✗  ") + f.sentence)
            item.setForeground(theme.color("ok" if f.ok else "error_strong"))
            related = [f.iid] + ([_("KIPP: {aspects}").format(aspects=", ".join(f.kipp))] if f.kipp else [])
            item.setToolTip("\n".join(x for x in related if x))
            self.findings.addItem(item)

    def _save_pdf(self) -> None:
        if self._on_pdf is not None:
            self._on_pdf()
