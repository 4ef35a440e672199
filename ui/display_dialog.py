"""Pameran dan replikasi on screen: the lab's exhibitions (LK-5b) with the innovations shown at each, and
the replication requests (LK-5c) of its innovations — for the whole lab, or for one innovation chosen
above the lists (the innovation on screen when opened). Read-only; the sheets are edited on the Display
stage. "Simpan PDF…" prints the Rekap Pameran dan Replikasi Inovasi."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_number
from labinovasi.services.display import DisplayRecap, display_recap, format_iso

CELL_CHARS = 300  # a cell shows the start of a longer line; the tooltip has it whole
CELL_LINES = 40


def _table(parent: QWidget, headers: Sequence[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_args: table.resizeRowsToContents())  # wrapped text, new width
    return table


def _cut(value: str) -> str:
    """What a cell shows: each line up to :data:`CELL_CHARS`, up to :data:`CELL_LINES` lines."""
    lines = [x if len(x) <= CELL_CHARS else x[: CELL_CHARS - 1] + "…" for x in value.split("\n")]
    if len(lines) > CELL_LINES:
        more = _("… dan {n} lagi").format(n=format_number(len(lines) - CELL_LINES + 1))
        lines = [*lines[: CELL_LINES - 1], more]
    return "\n".join(lines)


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], empty: str, tips: Sequence[str] = ()) -> None:
    """``rows`` in ``table`` (``tips``: the last column's tooltip per row), or one row saying ``empty``."""
    table.setRowCount(0)
    if not rows:
        table.setRowCount(1)
        item = QTableWidgetItem(empty)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        table.setItem(0, 0, item)
        table.setSpan(0, 0, 1, table.columnCount())
        return
    table.clearSpans()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            shown = _cut(value)
            item = QTableWidgetItem(shown)
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            tip = tips[r] if c == len(row) - 1 and r < len(tips) else value
            if shown != value or "\n" in value or tip != value:
                item.setToolTip(tip[:4000])
            table.setItem(r, c, item)
    table.resizeRowsToContents()


class DisplayDialog(QDialog):
    """Every exhibition and replication request of a lab; ``select`` (an idea's id) shows that
    innovation's only."""

    def __init__(
        self,
        db: Database,
        lab_id: uuid.UUID,
        parent: QWidget | None = None,
        on_pdf: Callable[[], object] | None = None,
        select: uuid.UUID | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Pameran dan replikasi inovasi"))
        self.recap: DisplayRecap = display_recap(db, lab_id)
        self._on_pdf = on_pdf

        self.counts = QLabel(self.recap.summary)
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        hint = QLabel(
            _(
                "Pameran dicatat di LK-5b dan peminat replikasi di LK-5c setiap inovasi (tahap Display). "
                "Pilih satu inovasi untuk melihat pameran dan permintaan replikasinya saja."
            )
        )
        hint.setWordWrap(True)

        self.idea = QComboBox(self)
        self.idea.addItem(_("Semua inovasi di lab"), None)
        counts = self.recap.counts()
        for i in self.recap.ideas:
            shown, asked = counts.get(i.id, (0, 0))
            label = f"{i.title or _('(ide tanpa judul)')} — {i.unit}"
            if shown or asked:
                label += "  " + _("({n} pameran, {k} replikasi)").format(n=shown, k=asked)
            self.idea.addItem(label, str(i.id))  # a str: findData compares it
        self.idea.setAccessibleName(_("Inovasi"))
        choose = QFormLayout()
        choose.addRow(_("&Inovasi:"), self.idea)

        self.exhibitions = _table(
            self,
            [
                _("Acara"),
                _("Jenis"),
                _("Tanggal"),
                _("Tempat"),
                _("Penyelenggara"),
                _("Pengunjung"),
                _("Inovasi"),
            ],
            6,
        )
        self.exhibitions.setAccessibleName(_("Daftar pameran"))
        for c, w in enumerate((230, 80, 170, 150, 150, 80)):
            self.exhibitions.setColumnWidth(c, w)
        self.requests = _table(
            self,
            [_("Inovasi"), _("Unit"), _("Peminat"), _("Kontak"), _("Tanggal"), _("Status"), _("Keterangan")],
            6,
        )
        self.requests.setAccessibleName(_("Daftar permintaan replikasi"))
        for c, w in enumerate((220, 170, 200, 160, 100, 150)):
            self.requests.setColumnWidth(c, w)
        self.exhibitions_box = QGroupBox(self)
        QVBoxLayout(self.exhibitions_box).addWidget(self.exhibitions)
        self.requests_box = QGroupBox(self)
        QVBoxLayout(self.requests_box).addWidget(self.requests)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.pdf_button = buttons.addButton(_("Simpan PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setEnabled(on_pdf is not None)
        self.pdf_button.clicked.connect(self._save_pdf)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(hint)
        layout.addLayout(choose)
        layout.addWidget(self.exhibitions_box, 1)
        layout.addWidget(self.requests_box, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self._save_pdf)

        self.idea.currentIndexChanged.connect(self._show)
        at = self.idea.findData(str(select)) if select is not None else -1
        if at > 0:
            self.idea.setCurrentIndex(at)
        self._show()
        self.resize(1180, 680)

    @property
    def selected(self) -> uuid.UUID | None:
        value = self.idea.currentData()
        return uuid.UUID(value) if isinstance(value, str) and value else None

    def _show(self) -> None:
        idea = self.selected
        if idea is None:
            exhibitions, requests = self.recap.exhibitions, self.recap.requests
        else:
            mine = self.recap.for_idea(idea)
            exhibitions, requests = mine.exhibitions, mine.requests
        self.exhibitions_box.setTitle(
            _("Pameran ({n})").format(n=format_number(len(exhibitions)))
            if idea is None
            else _("Pameran yang menampilkan inovasi ini ({n})").format(n=format_number(len(exhibitions)))
        )
        self.requests_box.setTitle(_("Permintaan replikasi ({n})").format(n=format_number(len(requests))))
        _fill(
            self.exhibitions,
            [
                (
                    e.name,
                    e.kind,
                    e.dates,
                    e.place,
                    e.organiser,
                    format_number(e.visitors) if e.visitors is not None else "",
                    "\n".join(s.short for s in e.shown),
                )
                for e in exhibitions
            ],
            _("Belum ada pameran yang dicatat (LK-5b).")
            if idea is None
            else _("Inovasi ini belum tercatat di pameran mana pun (LK-5b)."),
            ["\n".join(s.line for s in e.shown) for e in exhibitions],
        )
        _fill(
            self.requests,
            [
                (r.idea, r.unit, r.requester, r.contact, format_iso(r.date), r.status, r.note)
                for r in requests
            ],
            _("Belum ada permintaan replikasi (LK-5c)."),
        )

    def _save_pdf(self) -> None:
        if self._on_pdf is not None:
            self._on_pdf()
