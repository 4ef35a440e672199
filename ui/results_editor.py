"""The results editor (LK-4c): the form, with the evidence as a list of files instead of a table.

Files are added with *Tambah berkas…* or dropped on the list; each is checked and copied into the lab's
evidence folder (labinovasi.evidence) on a worker thread — hashing a large photo never holds the window —
and becomes a row (jenis guessed, uraian from the file's name, both editable beside the list). Removing a
file removes its row: one undoable edit like any other; the stored file stays.

Editor contract (see ``ui/editors.py``): ``changed`` on every user edit (never from ``set_data``),
``data()``, ``set_data(data)``, ``show_issues(issues)``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from labinovasi.evidence import EvidenceError, EvidenceStore, StoredFile, describe_size, is_ref
from labinovasi.i18n import _
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.kinds.results import EVIDENCE
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, Issue, new_row_id
from ui import theme
from ui.worksheet_form import WorksheetForm

ROW_ROLE = Qt.ItemDataRole.UserRole


class _Adder(QObject):
    """Stores files on a worker thread and reports back on the window's thread."""

    added = Signal(object)  # StoredFile
    failed = Signal(str)
    finished = Signal(object)  # this adder

    def __init__(self, store: EvidenceStore, paths: list[Path]):
        super().__init__()
        self.store = store
        self.paths = paths
        self.thread = threading.Thread(target=self._run, name="bukti", daemon=True)

    def _run(self) -> None:
        for path in self.paths:
            try:
                self.added.emit(self.store.add(path))
            except EvidenceError as exc:
                self.failed.emit(str(exc))
            except Exception:  # noqa: BLE001 - one sentence, never a traceback
                self.failed.emit(_("Berkas {name} tidak dapat ditambahkan.").format(name=path.name))
        self.finished.emit(self)


def guess_jenis(stored: StoredFile) -> str:
    if stored.is_image:
        return "foto"
    if stored.media_type.startswith("video/"):
        return "video"
    return ""


class EvidencePanel(QWidget):
    changed = Signal()

    def __init__(self, template: Template, store: EvidenceStore | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._rows: list[dict[str, Any]] = []
        self._adders: list[_Adder] = []
        self._loading = False
        column = next(c for c in template.field(EVIDENCE).columns if c.key == "jenis")
        self.jenis_options = [(o.value, _(o.label)) for o in field_options(column)]
        self.setAcceptDrops(True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Tambah berkas…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(_("Hapus"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_button = QPushButton(_("Buka berkas"), self)
        self.open_button.clicked.connect(self.open_selected)
        hint = QLabel(
            _("atau seret berkas ke daftar ini (foto, pindaian SK, SOP, PDF; maksimal 50 MB)"), self
        )
        hint.setWordWrap(True)
        theme.style(hint, lambda: theme.css_text("muted"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(hint, 1)
        outer.addLayout(buttons)

        body = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setIconSize(QSize(72, 72))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(240)
        self.list.setAccessibleName(_("Bukti penerapan"))
        self.list.currentRowChanged.connect(self._show_row)
        self.list.setAcceptDrops(False)  # drops land on the panel
        body.addWidget(self.list, 3)
        details = QWidget(self)
        form = QFormLayout(details)
        self.jenis = QComboBox(details)
        self.jenis.addItem("—", "")
        for value, label in self.jenis_options:
            self.jenis.addItem(label, value)
        self.jenis.currentIndexChanged.connect(self._edit_row)
        self.uraian = QLineEdit(details)
        self.uraian.setMaxLength(500)
        self.uraian.textEdited.connect(self._edit_row)
        self.about = QLabel("", details)
        self.about.setWordWrap(True)
        form.addRow(_("Jenis bukti"), self.jenis)
        form.addRow(_("Uraian"), self.uraian)
        form.addRow(_("Berkas"), self.about)
        body.addWidget(details, 2)
        outer.addLayout(body)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.hide()
        outer.addWidget(self.status)
        self._show_row(-1)

    # --- rows ---
    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._loading = True
        try:
            self._rows = [dict(r) for r in rows if isinstance(r, dict)]
            self.list.clear()
            for row in self._rows:
                self.list.addItem(self._item(row))
            self._show_row(self.list.currentRow())
        finally:
            self._loading = False

    def _label(self, row: dict[str, Any]) -> tuple[str, str]:
        value = str(row.get("berkas") or "")
        info = self.store.info(value) if self.store is not None and is_ref(value) else None
        name = info.name if info is not None else value
        jenis = dict(self.jenis_options).get(str(row.get("jenis") or ""), "")
        first = str(row.get("uraian") or "").strip() or name or _("(tanpa uraian)")
        missing = is_ref(value) and (self.store is None or self.store.path(value) is None)
        second = " · ".join(p for p in (jenis, name if name != first else "") if p)
        if missing:
            second = _("BERKAS HILANG: {name}").format(name=name or value[:20])
        return first, second

    def _item(self, row: dict[str, Any]) -> QListWidgetItem:
        first, second = self._label(row)
        item = QListWidgetItem(f"{first}\n{second}" if second else first)
        value = str(row.get("berkas") or "")
        thumb = self.store.thumbnail(value) if self.store is not None and is_ref(value) else None
        if is_ref(value) and (self.store is None or self.store.path(value) is None):
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        elif thumb is not None:
            item.setIcon(QIcon(QPixmap(str(thumb))))
        else:
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        item.setToolTip(first + ("\n" + second if second else ""))
        return item

    def _show_row(self, index: int) -> None:
        row = self._rows[index] if 0 <= index < len(self._rows) else None
        for w in (self.jenis, self.uraian, self.remove_button, self.open_button):
            w.setEnabled(row is not None)
        self.jenis.blockSignals(True)
        self.uraian.blockSignals(True)
        try:
            if row is None:
                self.jenis.setCurrentIndex(0)
                self.uraian.clear()
                self.about.setText("")
                return
            found = self.jenis.findData(str(row.get("jenis") or ""))
            self.jenis.setCurrentIndex(max(0, found))
            self.uraian.setText(str(row.get("uraian") or ""))
            self.about.setText(self._about(row))
        finally:
            self.jenis.blockSignals(False)
            self.uraian.blockSignals(False)

    def _about(self, row: dict[str, Any]) -> str:
        value = str(row.get("berkas") or "")
        if not is_ref(value):
            return value or "—"
        info = self.store.info(value) if self.store is not None else None
        if info is None or self.store is None or self.store.path(value) is None:
            return _("Berkas hilang dari folder bukti lab (dipindah atau dihapus di luar aplikasi).")
        parts = [info.name, describe_size(info.size)]
        if info.is_pdf and info.pages:
            parts.append(_("PDF, {n} halaman").format(n=info.pages))
        elif info.is_image:
            parts.append(f"{info.width} × {info.height} px")
        return " · ".join(parts)

    def _edit_row(self) -> None:
        index = self.list.currentRow()
        if self._loading or not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        row["jenis"] = self.jenis.currentData() or None
        row["uraian"] = self.uraian.text().strip() or None
        self._rows[index] = {k: v for k, v in row.items() if v is not None}
        first, second = self._label(self._rows[index])
        self.list.item(index).setText(f"{first}\n{second}" if second else first)
        self.changed.emit()

    # --- adding, removing, opening ---
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Tambah berkas bukti"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> _Adder | None:
        """Store ``paths`` on a worker thread; each stored file becomes a row when it is done."""
        if not paths:
            return None
        if self.store is None:
            self._say(_("Folder bukti lab tidak tersedia."), error=True)
            return None
        adder = _Adder(self.store, paths)
        queued = Qt.ConnectionType.QueuedConnection  # the worker emits; the widgets change on this thread
        adder.added.connect(self._on_added, queued)
        adder.failed.connect(self._on_failed, queued)
        adder.finished.connect(self._on_finished, queued)
        self._adders.append(adder)
        self._say(_("Menyimpan {n} berkas ke folder bukti lab…").format(n=len(paths)))
        self.add_button.setEnabled(False)
        adder.thread.start()
        return adder

    def busy(self) -> bool:
        return bool(self._adders)

    def _on_added(self, stored: StoredFile) -> None:
        row = {
            ROW_ID: new_row_id(),
            "jenis": guess_jenis(stored) or None,
            "uraian": Path(stored.name).stem[:500],
            "berkas": stored.ref,
        }
        self._rows.append({k: v for k, v in row.items() if v})
        self.list.addItem(self._item(self._rows[-1]))
        self.list.setCurrentRow(len(self._rows) - 1)
        self.changed.emit()

    def _on_failed(self, text: str) -> None:
        self._say(text, error=True)

    def _on_finished(self, adder: _Adder) -> None:
        if adder in self._adders:
            self._adders.remove(adder)
        self.add_button.setEnabled(True)
        if self.status.property("error") is not True:
            self._say("")

    def _say(self, text: str, error: bool = False) -> None:
        if error and self.status.property("error") is True and self.status.text():
            text = self.status.text() + "\n" + text
        self.status.setProperty("error", error)
        self.status.setText(text)
        theme.style(self.status, lambda: theme.css_text("error" if error else "muted"))
        self.status.setVisible(bool(text))

    def remove_selected(self) -> None:
        index = self.list.currentRow()
        if not 0 <= index < len(self._rows):
            return
        del self._rows[index]
        self.list.takeItem(index)
        self._say("")
        self.changed.emit()

    def open_selected(self) -> None:
        index = self.list.currentRow()
        if not 0 <= index < len(self._rows):
            return
        value = str(self._rows[index].get("berkas") or "")
        path = self.store.path(value) if self.store is not None and is_ref(value) else None
        if path is None:
            self._say(_("Berkas ini tidak ada di folder bukti lab."), error=True)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- drag and drop ---
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)


class ResultsEditor(QWidget):
    changed = Signal()

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.form = WorksheetForm(template, self, context)
        self.form.changed.connect(self.changed)
        lay.addWidget(self.form)
        root = context.evidence_root if context is not None else None
        holder = self.form.fields[EVIDENCE]
        holder.editor.hide()
        self.evidence = EvidencePanel(template, EvidenceStore(root) if root is not None else None, holder)
        self.evidence.changed.connect(self.changed)
        holder.layout().insertWidget(holder.layout().indexOf(holder.editor) + 1, self.evidence)
        holder.label.setBuddy(self.evidence.list)

    def data(self) -> dict[str, Any]:
        out = self.form.data()
        out.pop(EVIDENCE, None)
        rows = self.evidence.rows()
        if rows:
            out[EVIDENCE] = rows
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        self.form.set_data(data)
        self.evidence.set_rows(list(data.get(EVIDENCE) or []))

    def show_issues(self, issues: list[Issue]) -> None:
        self.form.show_issues(issues)
