"""Lab bundles in the window: *Berkas → Bundel lab*.

* *Ekspor bundel lab…* — the whole lab or chosen units, optionally without NIP, phone and e-mail, written
  off the UI thread;
* *Impor dan gabungkan bundel…* — the bundle is checked (off the UI thread), a bundle of another lab is
  asked about, a trial merge shows what would happen, then the merge runs on the writer as one undoable
  step; the report follows (saved as PDF on request) and the conflicts, if any;
* *Konflik penggabungan…* — every field both sides changed, mine and theirs side by side with who and
  when; a decision per field (di sini / dari bundel / keduanya), applied as one undoable step.

The work is :mod:`labinovasi.sync`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _, format_number
from labinovasi.services import labs as svc
from ui.errors import report_error, user_message

if TYPE_CHECKING:
    from labinovasi.sync.bundle import Bundle, ExportSummary
    from labinovasi.sync.merge import ConflictInfo, MergeReport
    from ui.main_window import MainWindow

SUFFIX = ".labinovasi"  # labinovasi.sync.bundle.SUFFIX (the sync modules load on first use)

CHOICE_LABELS = {"": "—", "mine": _("Di sini"), "theirs": _("Dari bundel"), "both": _("Keduanya")}


# --- export -------------------------------------------------------------------------------------------------


class BundleExportDialog(QDialog):
    """Which units go into the bundle, and whether personal data goes too."""

    def __init__(self, lab_name: str, units: list[tuple[uuid.UUID, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Ekspor bundel lab"))
        self.resize(520, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Bundel membawa lab «{lab}» (atau unit pilihan) ke laptop lain: rekan fasilitator, pendamping "
                "LAN atau laptop unit. Setelah diisi di sana, impor bundelnya kembali di sini: perubahan "
                "digabung per isian, dan isian yang diubah di kedua tempat ditanyakan."
            ).format(lab=lab_name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.all_units = QRadioButton(_("&Semua unit ({n})").format(n=format_number(len(units))))
        self.some_units = QRadioButton(_("&Unit pilihan:"))
        self.all_units.setChecked(True)
        layout.addWidget(self.all_units)
        layout.addWidget(self.some_units)
        self.unit_list = QListWidget()
        for unit_id, name in units:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        self.unit_list.setEnabled(False)
        self.some_units.toggled.connect(self.unit_list.setEnabled)
        self.unit_list.itemChanged.connect(lambda _item: self._update())
        self.some_units.toggled.connect(lambda _on: self._update())
        layout.addWidget(self.unit_list, 1)
        self.private = QCheckBox(_("&Tanpa data pribadi (NIP, nomor telepon, surel dikosongkan)"))
        layout.addWidget(self.private)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan bundel…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def chosen_units(self) -> list[uuid.UUID] | None:
        """None: every unit."""
        if self.all_units.isChecked():
            return None
        out = []
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _update(self) -> None:
        chosen = self.chosen_units()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(chosen is None or bool(chosen))


# --- the report -----------------------------------------------------------------------------------------------


class MergeReportDialog(QDialog):
    """What a merge did (or, as a preview, would do). ``preview``: *Gabungkan* / *Batal*; after the merge:
    *Simpan laporan PDF…*, *Putuskan konflik…* when conflicts wait, *Tutup*."""

    def __init__(self, report: MergeReport, preview: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(
            _("Pratinjau penggabungan bundel") if preview else _("Laporan penggabungan bundel")
        )
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        head = QLabel(
            _("Bundel: {source}").format(source=report.source)
            + "\n"
            + (
                _(
                    "Inilah yang akan terjadi bila bundel ini digabungkan. Sebelum menggabung, basis data dicadangkan."
                )
                if preview
                else _("Penggabungan selesai. Dapat diurungkan dengan Sunting → Urungkan (Ctrl+Z).")
            )
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        lines = [line for line in report.lines() if not line.startswith(_("Uji coba saja"))]
        self.text.setPlainText("\n".join(lines))
        layout.addWidget(self.text, 1)
        self.buttons = QDialogButtonBox()
        self.choice = ""
        if preview:
            merge = self.buttons.addButton(_("&Gabungkan"), QDialogButtonBox.ButtonRole.AcceptRole)
            merge.setDefault(True)
            self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
            if report.unchanged:
                merge.setEnabled(False)
        else:
            pdf = self.buttons.addButton(_("Simpan laporan &PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
            pdf.clicked.connect(lambda: self._finish("pdf"))
            if report.conflicts:
                conflicts = self.buttons.addButton(
                    _("Putuskan &konflik ({n})…").format(n=format_number(len(report.conflicts))),
                    QDialogButtonBox.ButtonRole.ActionRole,
                )
                conflicts.clicked.connect(lambda: self._finish("conflicts"))
                conflicts.setDefault(True)
            self.buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()


# --- conflicts --------------------------------------------------------------------------------------------------


class ConflictDialog(QDialog):
    """The conflicts of a lab waiting for a decision; ``decisions()`` gives what was chosen."""

    def __init__(self, conflicts: list[ConflictInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.conflicts = conflicts
        self.setWindowTitle(_("Konflik penggabungan"))
        self.resize(1000, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Isian ini diubah di laptop ini dan di bundel. Nilai di sini tetap dipakai sampai Anda memilih: "
                "«Di sini», «Dari bundel», atau «Keduanya» (teks disambung, baris tabel digabung)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        quick = QHBoxLayout()
        self.all_mine = QPushButton(_("Semua: di &sini"))
        self.all_theirs = QPushButton(_("Semua: dari &bundel"))
        self.all_mine.clicked.connect(lambda: self._set_all("mine"))
        self.all_theirs.clicked.connect(lambda: self._set_all("theirs"))
        quick.addWidget(self.all_mine)
        quick.addWidget(self.all_theirs)
        quick.addStretch(1)
        layout.addLayout(quick)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(len(conflicts), 4)
        self.table.setHorizontalHeaderLabels(
            [_("Data · isian"), _("Di sini"), _("Dari bundel"), _("Keputusan")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        from labinovasi.sync.merge import both_value, describe  # noqa: PLC0415

        self.combos: list[QComboBox] = []
        for row, c in enumerate(conflicts):
            self.table.setItem(row, 0, QTableWidgetItem(f"{c.label} · {c.field_label}"))
            self.table.setItem(row, 1, QTableWidgetItem(describe(c.mine)))
            self.table.setItem(row, 2, QTableWidgetItem(describe(c.theirs)))
            combo = QComboBox()
            for key in ("", "mine", "theirs", "both"):
                if key == "both" and both_value(c.mine, c.theirs) is None:
                    continue
                combo.addItem(CHOICE_LABELS[key], key)
            combo.setAccessibleName(_("Keputusan untuk {what}").format(what=f"{c.label} · {c.field_label}"))
            combo.currentIndexChanged.connect(lambda _i: self._update())
            self.combos.append(combo)
            self.table.setCellWidget(row, 3, combo)
        split.addWidget(self.table)
        sides = QWidget()
        side_layout = QGridLayout(sides)  # one grid: both labels share a row, so the texts line up
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.mine_label, self.theirs_label = QLabel(), QLabel()
        self.mine_text, self.theirs_text = QPlainTextEdit(), QPlainTextEdit()
        for col, (label, text) in enumerate(
            ((self.mine_label, self.mine_text), (self.theirs_label, self.theirs_text))
        ):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            text.setReadOnly(True)
            side_layout.addWidget(label, 0, col)
            side_layout.addWidget(text, 1, col)
            side_layout.setColumnStretch(col, 1)
        side_layout.setRowStretch(1, 1)
        split.addWidget(sides)
        split.setSizes([320, 220])
        layout.addWidget(split, 1)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            _("&Terapkan keputusan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._show(row))
        if conflicts:
            self.table.selectRow(0)
            self._show(0)
        self._update()

    def _show(self, row: int) -> None:
        from labinovasi.sync.merge import full_text, stamp_time  # noqa: PLC0415

        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        self.mine_label.setText(_("<b>Di sini</b> · diubah {when}").format(when=stamp_time(c.mine_stamp)))
        self.theirs_label.setText(
            _("<b>Dari bundel</b> · diubah {when} · {source}").format(
                when=stamp_time(c.their_stamp), source=c.source.replace("<", "&lt;")
            )
        )
        self.mine_text.setPlainText(full_text(c.mine))
        self.theirs_text.setPlainText(full_text(c.theirs))

    def _set_all(self, key: str) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(max(0, combo.findData(key)))

    def _update(self) -> None:
        n = len(self.decisions())
        self.apply_button.setEnabled(n > 0)
        self.apply_button.setText(
            _("&Terapkan {n} keputusan").format(n=format_number(n)) if n else _("&Terapkan keputusan")
        )

    def decisions(self) -> list[tuple[uuid.UUID, str]]:
        return [
            (c.id, combo.currentData())
            for c, combo in zip(self.conflicts, self.combos, strict=True)
            if combo.currentData()
        ]


# --- the window's part -------------------------------------------------------------------------------------------


class BundleActions:
    """The *Bundel lab* menu of a main window and what its actions do. Tests replace the ``ask_*`` and
    ``show_*`` methods."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.menu = QMenu(_("B&undel lab"), window)
        self.act_export = self._action(_("&Ekspor bundel lab…"), self.export_bundle)
        self.act_import = self._action(_("&Impor dan gabungkan bundel…"), self.import_bundle)
        self.act_conflicts = self._action(_("&Konflik penggabungan…"), self.show_conflicts)
        self.menu.addActions([self.act_export, self.act_import])
        self.menu.addSeparator()
        self.menu.addAction(self.act_conflicts)
        self.menu.aboutToShow.connect(self.refresh)
        self.last_report: MergeReport | None = None
        self.last_export: ExportSummary | None = None

    def _action(self, text: str, slot: Any) -> QAction:
        a = QAction(text, self.window)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def refresh(self) -> None:
        from labinovasi.sync.merge import pending_conflicts  # noqa: PLC0415

        lab = self.window.lab
        self.act_export.setEnabled(lab is not None)
        n = len(pending_conflicts(self.window.db, lab.id)) if lab is not None else 0
        self.act_conflicts.setEnabled(n > 0)
        self.act_conflicts.setText(
            _("&Konflik penggabungan ({n})…").format(n=format_number(n)) if n else _("&Konflik penggabungan…")
        )

    # --- asking (tests replace these) -------------------------------------------------------------------------
    def ask_export_options(
        self, lab_name: str, units: list[tuple[uuid.UUID, str]]
    ) -> tuple[list[uuid.UUID] | None, bool] | None:
        dialog = BundleExportDialog(lab_name, units, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_units(), not dialog.private.isChecked()

    def ask_export_path(self, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Simpan bundel lab"),
            str(Path.home() / suggested),
            _("Bundel Lab Inovasi (*.labinovasi)"),
        )
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == SUFFIX else p.with_name(p.name + SUFFIX)

    def ask_import_path(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Impor bundel lab"),
            str(Path.home()),
            _("Bundel Lab Inovasi (*.labinovasi);;Semua berkas (*)"),
        )
        return Path(path) if path else None

    def ask_yes(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.window
        )
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ok

    def show_report(self, report: MergeReport, preview: bool) -> str:
        """The report dialog; what was chosen: "merge" (preview), "pdf", "conflicts" or ""."""
        dialog = MergeReportDialog(report, preview, self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if preview:
            return "merge" if accepted else ""
        return dialog.choice if accepted else ""

    def ask_decisions(self, conflicts: list[ConflictInfo]) -> list[tuple[uuid.UUID, str]]:
        dialog = ConflictDialog(conflicts, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return dialog.decisions()

    def tell(self, text: str) -> None:
        QMessageBox.information(self.window, _("Bundel lab"), text)

    def fail(self, exc: Exception, trace: str = "") -> None:
        report_error(self.window, exc, trace)

    # --- export -------------------------------------------------------------------------------------------------
    def export_bundle(self) -> None:
        w = self.window
        if w.lab is None:
            return
        w.stage_page.save_now()
        w.ops.flush()
        units = [(u.id, u.name) for u in svc.list_units(w.db, w.lab.id)]
        options = self.ask_export_options(w.lab.name, units)
        if options is None:
            return
        unit_ids, private = options
        stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in w.lab.name).strip() or "lab"
        path = self.ask_export_path(f"{stem}{SUFFIX}")
        if path is None:
            return
        db, lab_id = w.db, w.lab.id
        from labinovasi.sync.bundle import export_bundle  # noqa: PLC0415

        def job(_progress, _cancelled):  # noqa: ANN001, ANN202
            return export_bundle(db, lab_id, path, unit_ids, private_data=private)

        def done(summary: ExportSummary) -> None:
            self.last_export = summary
            text = _(
                "Bundel tersimpan di:\n{path}\n\n{units} unit, {ideas} ide, {sheets} lembar kerja, {files} berkas bukti."
            ).format(
                path=summary.path,
                units=format_number(summary.units),
                ideas=format_number(summary.counts["idea"]),
                sheets=format_number(summary.counts["worksheet_entry"]),
                files=format_number(summary.files),
            )
            if summary.missing_files:
                text += "\n" + _("{n} berkas bukti hilang dari folder bukti lab dan tidak ikut.").format(
                    n=format_number(summary.missing_files)
                )
            self.tell(text)

        w.tasks.start(job, done, self.fail)

    # --- import -------------------------------------------------------------------------------------------------
    def import_bundle(self, path: Path | None = None) -> None:
        w = self.window
        path = path or self.ask_import_path()
        if path is None:
            return
        w.stage_page.save_now()
        w.ops.flush()
        db = w.db
        from labinovasi.sync.bundle import read_bundle  # noqa: PLC0415
        from labinovasi.sync.merge import merge_bundle  # noqa: PLC0415

        def check(_progress, _cancelled):  # noqa: ANN001, ANN202
            bundle = read_bundle(path)
            report, _none = merge_bundle(db, bundle, dry_run=True)
            return bundle, report

        w.tasks.start(check, lambda result: self._checked(*result), self.fail)

    def _checked(self, bundle: Bundle, preview: MergeReport) -> None:
        w = self.window
        here = w.lab
        if here is not None and bundle.lab_id != here.id:
            if preview.new_lab:
                question = _(
                    "Bundel ini berisi lab «{name}» yang belum ada di basis data ini (bukan lab «{open}» yang "
                    "sedang dibuka). Tambahkan sebagai lab tersendiri?"
                ).format(name=bundle.lab_name, open=here.name)
                yes = _("Tambahkan lab")
            else:
                question = _(
                    "Bundel ini milik lab «{name}», bukan lab «{open}» yang sedang dibuka. Gabungkan ke lab "
                    "«{name}» dan buka lab itu?"
                ).format(name=preview.lab_name, open=here.name)
                yes = _("Gabungkan ke «{name}»").format(name=preview.lab_name)
            if not self.ask_yes(_("Bundel lab lain"), question, yes):
                return
        if self.show_report(preview, preview=True) != "merge":
            return
        self.merge(bundle)

    def merge(self, bundle: Bundle) -> None:
        from labinovasi.sync.merge import MergeBundle  # noqa: PLC0415

        w = self.window
        op = MergeBundle(bundle)
        store_db = w.db

        def work():  # noqa: ANN202
            from labinovasi.evidence import EvidenceStore  # noqa: PLC0415
            from labinovasi.ops.run import run  # noqa: PLC0415
            from labinovasi.sync.bundle import import_files  # noqa: PLC0415

            files = import_files(bundle, EvidenceStore.beside(store_db.file))
            changes, inverse = run(store_db, op)
            op.report.files_added = files
            return changes, inverse

        def done(_changes, inverse) -> None:  # noqa: ANN001
            report = op.report
            self.last_report = report
            if w.lab is None or w.lab.id != bundle.lab_id:
                w.open_lab(bundle.lab_id)  # a new lab, or another one: shown now (its own undo history)
            else:
                w.undo.record(op.label, inverse)
            self._after(report)

        def failed(exc: Exception, trace: str = "") -> None:
            self.fail(exc, trace)

        w.ops.submit(work, None, done, failed)

    def _after(self, report: MergeReport) -> None:
        choice = self.show_report(report, preview=False)
        if choice == "pdf":
            self.save_report_pdf(report)
        elif choice == "conflicts":
            self.show_conflicts()

    def save_report_pdf(self, report: MergeReport) -> Path | None:
        from labinovasi.reports.merge_report_pdf import render_merge_report  # noqa: PLC0415

        w = self.window
        path = w._ask_save_path(_("Simpan laporan penggabungan"), "Laporan_penggabungan_bundel.pdf")
        if path is None:
            return None
        if w._write_pdf(path, render_merge_report(report, w.settings.paper)):
            w._offer_open(path)
            return path
        return None

    # --- conflicts ------------------------------------------------------------------------------------------------
    def show_conflicts(self) -> None:
        w = self.window
        if w.lab is None:
            return
        from labinovasi.sync.merge import ResolveConflict, pending_conflicts  # noqa: PLC0415

        w.ops.flush()
        conflicts = pending_conflicts(w.db, w.lab.id)
        if not conflicts:
            self.tell(_("Tidak ada konflik penggabungan yang menunggu keputusan di lab ini."))
            return
        decisions = self.ask_decisions(conflicts)
        if not decisions:
            return
        ops = [ResolveConflict(cid, choice) for cid, choice in decisions]

        def failed(exc: Exception) -> None:
            w._warn(user_message(exc))

        w.undo.do(
            ops,
            _("putuskan {n} konflik").format(n=format_number(len(ops))),
            on_failed=failed,
        )
