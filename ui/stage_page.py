"""A stage page: the stage's guidance, its worksheets, and the selected worksheet's form for a unit."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, Scope
from labinovasi.domain.stages import Stage, guidance
from labinovasi.i18n import _
from labinovasi.ops import Changes, Op
from labinovasi.ops.errors import user_message
from labinovasi.ops.spine import AddIdea, UpdateIdea
from labinovasi.ops.worksheets import EditConflict, SaveWorksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.curation import design_ideas
from labinovasi.services.records import UnitInfo
from labinovasi.services.worksheets import fingerprint, load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets.kinds import kind_of
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.sources import source_codes
from labinovasi.worksheets.validation import check_rules, validate
from ui import theme
from ui.editors import create_editor
from ui.ops import OpRunner
from ui.undo import UndoStack

AUTOSAVE_MS = 500  # every edit is stored within a second of the last key …
AUTOSAVE_MAX_MS = 1500  # … and at least every 1.5 s while typing goes on (stored within 2 s)
RETRY_FIRST_MS, RETRY_MAX_MS = 2000, 30000  # a refused save is tried again after 2, 4, 8 … 30 s


def retry_delay_ms(failures: int) -> int:
    return min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** max(0, failures - 1))


def is_storage_failure(exc: BaseException) -> bool:
    """The database or the disk refused the write (locked, full, read-only): worth trying again."""
    import sqlite3  # noqa: PLC0415

    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415

    return isinstance(exc, DBAPIError | sqlite3.Error | OSError)


# px of the left column: with the guidance, the worksheet list alone, and at the least
GUIDE_WIDTH, LIST_WIDTH, LIST_MIN_WIDTH = 290, 220, 180


def guidance_html(stage: Stage) -> str:
    g = guidance(stage)
    e = html.escape

    def items(xs: tuple[str, ...], tag: str = "ul") -> str:
        return f"<{tag} style='margin-left:-18px'>" + "".join(f"<li>{e(x)}</li>" for x in xs) + f"</{tag}>"

    return (
        f"<h3 style='margin:0'>{e(stage.number)}. {e(g.name)}</h3>"
        f"<p style='margin-top:2px'><i>{e(g.question)}</i></p>"
        f"<p>{e(g.purpose)}</p>"
        f"<p style='margin-bottom:0'><b>{e(_('Langkah'))}</b></p>{items(g.steps, 'ol')}"
        f"<p style='margin-bottom:0'><b>{e(_('Keluaran'))}</b></p>{items(g.outputs)}"
        f"<p style='margin-bottom:0'><b>{e(_('Daftar periksa'))}</b></p>"
        + "".join(f"<div>☐ {e(c)}</div>" for c in g.checklist)
    )


def sheets_read(template: Template) -> tuple[frozenset[str], bool]:
    """The worksheets whose change can alter what ``template``'s editor shows — itself, its kind's
    sources, the sheets its references point into — and whether it refers to ideas. A phone saving the
    canvas then leaves an unrelated sheet on screen alone instead of rebuilding it."""
    read = {template.code, *kind_of(template).sources, *source_codes(template)}
    ideas = False
    for f in template.fields:
        for ref in [f.ref, *(c.ref for c in f.columns)]:
            if ref == "idea":
                ideas = True
            elif ref:
                read.add(ref.split(".", 1)[0])
    return frozenset(read), ideas


class StagePage(QWidget):
    """Shows one stage for one unit. Edits are saved automatically ``AUTOSAVE_MS`` after typing stops."""

    saved = Signal()  # something was stored
    goToWorksheet = Signal(object, str)  # (stage, code): a button leads to a worksheet of another stage
    saveStateChanged = Signal(str)  # "saved" | "pending" | "invalid" | "failed" | "readonly" | "conflict"
    showDisplay = Signal()  # the Display stage's "Pameran dan replikasi…": the lists, for the idea on screen

    def __init__(self, db: Database, parent: QWidget | None = None, undo: UndoStack | None = None):
        super().__init__(parent)
        self.db = db
        # every save goes through the window's one writer and undo history (a standalone page, as in a
        # test, gets a synchronous one of its own)
        self.undo = undo or UndoStack(OpRunner(db, synchronous=True, parent=self), self)
        self.registry = default_registry()
        self.lab_id: uuid.UUID | None = None
        self.unit: UnitInfo | None = None
        self.stage = Stage.DRUM_UP
        self.template: Template | None = None
        self.idea_id: uuid.UUID | None = None
        self.form: QWidget | None = None  # the worksheet's editor (see ui/editors.py)
        self._dirty = False
        self.zoom = 1.0  # of the worksheet editor (Tampilan → Perbesar isian), on top of the theme
        self.on_error: Callable[[str], None] = lambda _msg: None
        self._version: str | None = None  # the stored version the form was loaded from
        self.conflict_box: QMessageBox | None = None  # the question after a refused (stale) save

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        # while typing goes on without a pause, a save still happens at least every AUTOSAVE_MAX_MS
        self.max_timer = QTimer(self)
        self.max_timer.setSingleShot(True)
        self.max_timer.setInterval(AUTOSAVE_MAX_MS)
        self.max_timer.timeout.connect(self.save_now)
        # a save the database refused (locked, disk full, read-only) is tried again, less and less often;
        # what was typed stays on screen and nothing is shown as saved until it is
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._retry)
        self._failures = 0
        self.read_only = False  # the window's database cannot be written: typing is not stored

        # left: guidance and the stage's worksheets
        self.guide = QTextBrowser(self)
        self.guide.setOpenLinks(False)
        self.guide.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheet_list = QListWidget(self)
        self.sheet_list.setAccessibleName(_("Lembar kerja tahap ini"))
        # a long title wraps in a narrow column instead of running out of sight
        self.sheet_list.setWordWrap(True)
        self.sheet_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sheet_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sheet_list.currentRowChanged.connect(self._on_sheet_row)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.guide, 3)
        lbl = QLabel(_("Lembar kerja"), left)
        bf = lbl.font()
        bf.setBold(True)
        lbl.setFont(bf)
        ll.addWidget(lbl)
        ll.addWidget(self.sheet_list, 2)

        # right: idea selector, the form, the print buttons
        self.idea_bar = QWidget(self)
        ib = QHBoxLayout(self.idea_bar)
        ib.setContentsMargins(0, 0, 0, 0)
        self.idea_label = QLabel(_("Ide:"), self.idea_bar)
        self.idea_combo = QComboBox(self.idea_bar)
        self.idea_combo.setMinimumContentsLength(30)
        self.idea_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.idea_label.setBuddy(self.idea_combo)
        self.idea_combo.currentIndexChanged.connect(self._on_idea_index)
        self.new_idea_button = QPushButton(_("Ide baru"), self.idea_bar)
        self.new_idea_button.clicked.connect(self.new_idea)
        self.remove_idea_button = QPushButton(_("Hapus ide…"), self.idea_bar)
        self.status_combo = QComboBox(self.idea_bar)
        self.status_combo.setAccessibleName(_("Status ide"))
        self.status_combo.setToolTip(_("Status ide"))
        for value, label in IdeaStatus.choices():
            self.status_combo.addItem(label, value)
        self.status_combo.currentIndexChanged.connect(self._on_status_index)
        ib.addWidget(self.idea_label)
        ib.addWidget(self.idea_combo, 1)
        ib.addWidget(self.status_combo)
        ib.addWidget(self.new_idea_button)
        ib.addWidget(self.remove_idea_button)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.empty = QLabel("", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.scroll.setWidget(self.empty)

        self.print_blank_button = QPushButton(_("Cetak lembar kosong…"), self)
        self.print_filled_button = QPushButton(_("Cetak lembar terisi…"), self)
        self.display_button = QPushButton(_("Pameran dan replikasi…"), self)
        self.display_button.setToolTip(
            _(
                "Semua pameran (LK-5b) dan permintaan replikasi (LK-5c) lab ini, atau inovasi yang sedang dibuka"
            )
        )
        self.display_button.clicked.connect(self.showDisplay.emit)
        self.display_button.hide()
        self.status = QLabel("", self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.display_button)
        bottom.addWidget(self.print_blank_button)
        bottom.addWidget(self.print_filled_button)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.idea_bar)
        rl.addWidget(self.scroll, 1)
        rl.addLayout(bottom)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([GUIDE_WIDTH, 700])
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(LIST_MIN_WIDTH)
        self.split = split
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)

    # --- what is shown ---
    def show_stage(self, lab_id: uuid.UUID, unit: UnitInfo | None, stage: Stage) -> None:
        self.save_now()
        keep = self.template.code if self.template and self.stage is stage else None
        self.lab_id, self.unit, self.stage = lab_id, unit, stage
        self.guide.setHtml(guidance_html(stage))
        self.sheet_list.blockSignals(True)
        self.sheet_list.clear()
        templates = self.registry.for_stage(stage)
        row = 0
        for i, t in enumerate(templates):
            scope = {Scope.LAB: _("lab"), Scope.UNIT: _("unit"), Scope.IDEA: _("per ide")}[t.scope]
            item = QListWidgetItem(f"{t.code}  {t.title}")
            item.setToolTip(f"{t.title} ({scope})\n{t.help}")
            item.setData(Qt.ItemDataRole.UserRole, t.code)
            self.sheet_list.addItem(item)
            if t.code == keep:
                row = i
        if templates:
            self.sheet_list.setCurrentRow(row)  # signals blocked: the form is built once, below
        self.sheet_list.blockSignals(False)
        if templates:
            self._show_template(templates[row].code)
        else:
            self._show_empty(_("Tahap ini tidak memiliki lembar kerja."))

    def select_worksheet(self, code: str) -> None:
        for i in range(self.sheet_list.count()):
            if self.sheet_list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.sheet_list.setCurrentRow(i)
                return

    def open_worksheet(self, code: str) -> None:
        """Show worksheet ``code`` of the unit and idea on screen, in its own stage."""
        stage = self.registry.get(code).stage
        if stage is self.stage:
            self.select_worksheet(code)
        else:
            self.goToWorksheet.emit(stage, code)

    def _on_sheet_row(self, row: int) -> None:
        if row < 0:
            return
        self.save_now()
        self._show_template(self.sheet_list.item(row).data(Qt.ItemDataRole.UserRole))

    def _show_empty(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        """A sentence where the editor would be, and (``action``) a button that leads to what is missing."""
        self.form = None
        self.empty = QLabel(text, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty_button: QPushButton | None = None
        if action is None:
            self._set_editor(self.empty)
        else:
            box = QWidget(self)
            lay = QVBoxLayout(box)
            lay.addStretch(1)
            lay.addWidget(self.empty)
            self.empty_button = QPushButton(action[0], box)
            self.empty_button.setAutoDefault(False)
            self.empty_button.clicked.connect(lambda _c=False: action[1]())
            lay.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
            lay.addStretch(1)
            self._set_editor(box)
        self.print_filled_button.setEnabled(False)

    def _set_editor(self, widget: QWidget) -> None:
        theme.scale_fonts(widget, self.zoom)
        self.scroll.setWidget(widget)

    def show_guide(self, on: bool) -> None:
        """Show or fold the stage guidance; folded, the worksheet list keeps only the width it needs and
        the editor takes the rest."""
        if on == self.guide.isVisibleTo(self):
            return
        self.guide.setVisible(on)
        sizes = self.split.sizes()
        total = sum(sizes)
        if not on:
            self._guide_width = sizes[0]
            frame = 2 * self.sheet_list.frameWidth() + self.sheet_list.verticalScrollBar().sizeHint().width()
            wanted = self.sheet_list.sizeHintForColumn(0) + frame + 8  # a longer title wraps
            left = min(max(LIST_MIN_WIDTH, wanted), LIST_WIDTH, sizes[0])
        else:
            left = getattr(self, "_guide_width", GUIDE_WIDTH)
        if total > 0:
            self.split.setSizes([left, max(1, total - left)])

    def set_zoom(self, zoom: float) -> float:
        """Scale the worksheet editor's type to ``zoom`` (70 %–200 %); forms built later follow it."""
        zoom = theme.clamp_zoom(zoom)
        theme.scale_fonts(self.scroll.widget(), zoom / self.zoom)
        self.zoom = zoom
        return zoom

    def _show_template(self, code: str) -> None:
        self.template = self.registry.get(code)
        is_idea = self.template.scope is Scope.IDEA
        self.idea_bar.setVisible(is_idea and self.unit is not None)
        self.display_button.setVisible(self.template.stage is Stage.DISPLAY)
        self.print_blank_button.setEnabled(True)
        if self.template.scope is not Scope.LAB and self.unit is None:
            self._show_empty(_("Pilih atau tambahkan unit di daftar sebelah kiri."))
            return
        if is_idea:
            self._reload_ideas()
            in_diagnose = self.stage in (Stage.DRUM_UP, Stage.DIAGNOSE)
            self.new_idea_button.setEnabled(in_diagnose)
            if self.idea_id is None:
                self._show_empty(
                    _("Unit ini belum memiliki ide. Tekan \u201cIde baru\u201d untuk mulai.")
                    if in_diagnose
                    else _(
                        "Belum ada ide unit ini yang diputuskan \u201clanjut\u201d pada kurasi "
                        "(LK-2g). Ide dilanjutkan ke Design dari tahap Diagnose."
                    ),
                    None
                    if in_diagnose
                    else (
                        _("Buka kurasi ide (LK-2g)"),
                        lambda: self.goToWorksheet.emit(Stage.DIAGNOSE, "LK-2g"),
                    ),
                )
                return
        self._build_form()

    def _reload_ideas(self, select: uuid.UUID | None = None) -> None:
        assert self.unit is not None
        ideas = self._ideas_of_stage()
        current = select or self.idea_id
        self.idea_combo.blockSignals(True)
        self.idea_combo.clear()
        for i, idea in enumerate(ideas, start=1):
            self.idea_combo.addItem(f"{i}. {idea.title or _('(ide tanpa judul)')}", idea.id)
        ids = [i.id for i in ideas]
        self.idea_id = current if current in ids else (ids[0] if ids else None)
        if self.idea_id is not None:
            self.idea_combo.setCurrentIndex(ids.index(self.idea_id))
        self.idea_combo.blockSignals(False)
        self.remove_idea_button.setEnabled(bool(ids))
        self.status_combo.setEnabled(bool(ids))
        self._show_status(next((i.status for i in ideas if i.id == self.idea_id), None))

    def _ideas_of_stage(self) -> list:
        """The ideas worked on in this stage: from Design on, only those the curation sent on ("lanjut")."""
        assert self.unit is not None
        if self.stage in (Stage.DRUM_UP, Stage.DIAGNOSE):
            return svc.list_ideas(self.db, self.unit.id)
        return design_ideas(self.db, self.unit.id)

    def _show_status(self, status: IdeaStatus | None) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value) if status else -1)
        self.status_combo.blockSignals(False)

    def _on_status_index(self, index: int) -> None:
        if self.idea_id is None or index < 0:
            return
        status = IdeaStatus(self.status_combo.itemData(index))
        op = UpdateIdea(self.idea_id, {"status": status}, self.idea_combo.currentText())
        self.undo.do(
            op,
            _("ubah status ide menjadi {status}").format(status=status.label),
            self,
            on_done=lambda _c, _i: self._reload_ideas(op.idea_id),
        )

    def _on_idea_index(self, index: int) -> None:
        self.save_now()
        self.idea_id = self.idea_combo.itemData(index) if index >= 0 else None
        if self.idea_id:
            self._show_status(svc.get_idea(self.db, self.idea_id).status)
        if self.template and self.idea_id:
            self._build_form()

    def context(self) -> WorksheetContext:
        """Where the current worksheet sits (its editor and its print read their sources through it)."""
        assert self.lab_id is not None
        idea = self.idea_id if self.template is not None and self.template.scope is Scope.IDEA else None
        return WorksheetContext(
            self.db, self.lab_id, self.unit.id if self.unit else None, idea, self.registry
        )

    def _build_form(self) -> None:
        assert self.template is not None and self.lab_id is not None
        ctx = self.context()
        form = create_editor(ctx.template(self.template.code), ctx)
        stored = load_worksheet(
            self.db, self.template.code, self.lab_id, self.unit.id if self.unit else None, self.idea_id
        )
        form.set_data(stored.data)
        self._version = stored.version  # what the next save names as its base (another writer: conflict)
        form.show_issues(check_rules(self.template, stored.data))
        if hasattr(form, "openWorksheet"):  # "fill LK-2b first", "Ubah di LK-2f" …
            form.openWorksheet.connect(self.open_worksheet)
        if hasattr(form, "stepDone"):  # an editor's steps of its own (add a monev period …)
            form.stepStarting.connect(self.save_now)
            form.stepDone.connect(self._on_form_step)
        form.changed.connect(self._on_form_changed)
        self.form = form
        self._set_editor(form)
        self.print_filled_button.setEnabled(True)
        self._set_state("saved")

    # --- ideas ---
    def new_idea(self) -> uuid.UUID | None:
        if self.unit is None:
            return None
        self.save_now()
        op = AddIdea(self.unit.id, "")

        def done(_c: Changes, _i: Op) -> None:
            self.idea_id = op.id
            if self.stage is Stage.DIAGNOSE and (
                self.template is None or self.template.scope is not Scope.IDEA
            ):
                self.select_worksheet(codes.IDEA_CARD)
            if self.template and self.template.scope is Scope.IDEA:
                self._reload_ideas(op.id)
                self._build_form()
                fields = getattr(self.form, "fields", None)
                if fields:
                    self.form.editor(next(iter(fields))).setFocus()

        self.undo.do(op, _("tambah ide baru"), self, on_done=done)
        return op.id

    # --- saving ---
    def _on_form_step(self, text: str) -> None:
        """Store an editor's step at once, as an undo step of its own named ``text``."""
        self._dirty = True
        self.save_now(text, merge=False)

    def _on_form_changed(self) -> None:
        if self.read_only:  # nothing can be stored: said, not tried
            self._set_state("readonly")
            return
        self._dirty = True
        self._set_state("pending")
        self.timer.start()
        if not self.max_timer.isActive():
            self.max_timer.start()

    def _retry(self) -> None:
        if self._dirty:
            self.save_now()

    def _set_state(self, state: str, reason: str = "") -> None:
        text = {
            "saved": _("Semua perubahan tersimpan"),
            "pending": _("Menyimpan…"),
            "invalid": _("Ada isian yang belum valid (isian lain sudah tersimpan)"),
            "failed": _("Belum tersimpan: {reason} Dicoba lagi otomatis; isian tetap di layar.").format(
                reason=reason
            ),
            "readonly": _("Hanya-baca: perubahan di layar ini tidak disimpan"),
            "conflict": _("Belum tersimpan: lembar kerja ini diubah di tempat lain"),
        }[state]
        self.status.setText(text)
        theme.style(
            self.status,
            lambda: theme.css_text("error") if state in ("invalid", "failed", "readonly", "conflict") else "",
        )
        self.saveStateChanged.emit(state)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def discard_pending(self) -> None:
        """Forget what was typed and not yet stored (the worksheet is about to go away)."""
        self.timer.stop()
        self.max_timer.stop()
        self.retry_timer.stop()
        self._dirty = False

    def save_now(self, step: str = "", merge: bool = True) -> bool:
        """Store the form's data (through the writer, as one undoable step; quick saves of the same
        worksheet merge into one step). Returns False when some value was refused (shown on the form):
        the valid values are stored, the refused ones stay on screen."""
        self.timer.stop()
        self.max_timer.stop()
        if not self._dirty or self.form is None or self.template is None or self.lab_id is None:
            return True
        form, template = self.form, self.template
        clean, issues = validate(template, form.data())
        unit_id = self.unit.id if self.unit else None
        idea_id = self.idea_id if template.scope is Scope.IDEA else None
        op = SaveWorksheet(template.code, self.lab_id, clean, unit_id, idea_id, base=self._version)
        self._dirty = False

        def done(_c: Changes, _i: Op) -> None:
            self._failures = 0
            self.retry_timer.stop()
            if self.form is not form:
                return
            self._version = op.version_after()
            form.show_issues(issues + check_rules(template, form.data()))
            if (
                any(f.bind for f in template.fields) or template.kind == "curation"
            ) and self.unit is not None:
                self._reload_ideas(self.idea_id)
            if not self._dirty:
                self._set_state("invalid" if issues else "saved")
            self.saved.emit()

        def failed(exc: Exception) -> None:
            # nothing of this save is stored (e.g. a refused merge); the form keeps what was typed
            if self.form is form:
                self._dirty = True
            if isinstance(exc, EditConflict) and self.form is form:
                self._set_state("conflict")
                self._ask_about_conflict(form, exc)
                return
            if is_storage_failure(exc):
                self._failures += 1
                if self._failures == 1:  # said once; the status line keeps saying it while retries go on
                    self.on_error(user_message(exc))
                self._set_state("failed", user_message(exc))
                self.retry_timer.start(retry_delay_ms(self._failures))
                return
            self.on_error(user_message(exc))
            self._set_state("invalid")

        text = step or _("isi {code} {title}").format(code=template.code, title=template.title)
        self.undo.do(
            op,
            text,
            self,
            merge_key=("worksheet", template.code, self.lab_id, unit_id, idea_id) if merge else None,
            on_done=done,
            on_failed=failed,
        )
        return not issues

    def _ask_about_conflict(self, form: QWidget, clash: EditConflict) -> None:
        """Someone else saved this worksheet since it was loaded (another window on a shared server):
        nothing of this save is stored and the form keeps what was typed. The person chooses: save the
        form over the other version, or load the other version (what was typed here is dropped)."""
        if self.conflict_box is not None and self.conflict_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Lab Inovasi"), str(clash), parent=self)
        box.setInformativeText(
            _(
                "Simpan isian di layar ini menggantikan versi yang baru itu, atau muat versi yang baru "
                "(isian di layar ini dibuang)?"
            )
        )
        keep = box.addButton(_("Simpan isian saya"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Muat versi terbaru"), QMessageBox.ButtonRole.DestructiveRole)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def chosen(button: object) -> None:
            self.conflict_box = None
            if self.form is not form:
                return
            if button is keep:
                self._version = fingerprint(clash.stored)  # saved on top of what is stored now
                self._dirty = True
                self.save_now()
            else:
                self.discard_pending()
                self._build_form()

        box.buttonClicked.connect(chosen)
        self.conflict_box = box
        box.open()

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Follow changes made elsewhere (an undo, another view): reload what is shown. What this page
        stored itself is already on screen and is left alone, so typing is never disturbed."""
        if initiator is self or self.lab_id is None or self.template is None:
            return
        ideas_moved = bool(changes.ideas) and self.unit is not None and self.template.scope is Scope.IDEA
        reads, reads_ideas = sheets_read(self.template)
        mine = (
            (self.unit is not None and self.unit.id in changes.units)
            or any(
                unit == (self.unit.id if self.unit else None) and code in reads
                for code, unit, _idea in changes.worksheets
            )
            or any(unit is None for _code, unit, _idea in changes.worksheets)
            or (reads_ideas and bool(changes.ideas))
        )
        if not (ideas_moved or mine or self.lab_id in changes.settings):
            return
        self.discard_pending()
        if self.template.scope is Scope.IDEA and self.unit is not None:
            self._reload_ideas(self.idea_id)
            if self.idea_id is None:
                self._show_template(self.template.code)
                return
        self._build_form()
