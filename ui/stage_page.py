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
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.curation import design_ideas, save_curation
from labinovasi.services.records import UnitInfo
from labinovasi.services.worksheets import load_worksheet, save_worksheet
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import check_rules, validate
from ui.editors import create_editor

AUTOSAVE_MS = 500  # every edit is stored within a second


CURATION = "LK-2g"


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


class StagePage(QWidget):
    """Shows one stage for one unit. Edits are saved automatically ``AUTOSAVE_MS`` after typing stops."""

    saved = Signal()  # something was stored
    saveStateChanged = Signal(str)  # "saved" | "pending" | "invalid"
    ideasChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.registry = default_registry()
        self.lab_id: uuid.UUID | None = None
        self.unit: UnitInfo | None = None
        self.stage = Stage.DRUM_UP
        self.template: Template | None = None
        self.idea_id: uuid.UUID | None = None
        self.form: QWidget | None = None  # the worksheet's editor (see ui/editors.py)
        self._dirty = False
        self.on_error: Callable[[str], None] = lambda _msg: None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)

        # left: guidance and the stage's worksheets
        self.guide = QTextBrowser(self)
        self.guide.setOpenLinks(False)
        self.guide.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheet_list = QListWidget(self)
        self.sheet_list.setAccessibleName(_("Lembar kerja tahap ini"))
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
        self.status = QLabel("", self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
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
        split.setSizes([290, 700])
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(220)
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

    def _on_sheet_row(self, row: int) -> None:
        if row < 0:
            return
        self.save_now()
        self._show_template(self.sheet_list.item(row).data(Qt.ItemDataRole.UserRole))

    def _show_empty(self, text: str) -> None:
        self.form = None
        self.empty = QLabel(text, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.scroll.setWidget(self.empty)
        self.print_filled_button.setEnabled(False)

    def _show_template(self, code: str) -> None:
        self.template = self.registry.get(code)
        is_idea = self.template.scope is Scope.IDEA
        self.idea_bar.setVisible(is_idea and self.unit is not None)
        self.print_blank_button.setEnabled(True)
        if self.template.scope is not Scope.LAB and self.unit is None:
            self._show_empty(_("Pilih atau tambahkan unit di daftar sebelah kiri."))
            return
        if is_idea:
            self._reload_ideas()
            in_diagnose = self.stage in (Stage.DRUM_UP, Stage.DIAGNOSE)
            self.new_idea_button.setEnabled(in_diagnose)
            if self.idea_id is None:
                self._show_empty(_("Unit ini belum memiliki ide. Tekan \u201cIde baru\u201d untuk mulai.") if in_diagnose
                                 else _("Belum ada ide unit ini yang diputuskan \u201clanjut\u201d pada kurasi "
                                        "(LK-2g). Ide dilanjutkan ke Design dari tahap Diagnose."))
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
        svc.update_idea(self.db, self.idea_id, status=IdeaStatus(self.status_combo.itemData(index)))
        self._reload_ideas(self.idea_id)
        self.ideasChanged.emit()

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
        return WorksheetContext(self.db, self.lab_id, self.unit.id if self.unit else None, idea, self.registry)

    def _build_form(self) -> None:
        assert self.template is not None and self.lab_id is not None
        ctx = self.context()
        form = create_editor(ctx.template(self.template.code), ctx)
        stored = load_worksheet(self.db, self.template.code, self.lab_id,
                                self.unit.id if self.unit else None, self.idea_id)
        form.set_data(stored.data)
        form.show_issues(check_rules(self.template, stored.data))
        if hasattr(form, "openWorksheet"):  # "fill LK-2b first" buttons of the Diagnose editors
            form.openWorksheet.connect(self.select_worksheet)
        form.changed.connect(self._on_form_changed)
        self.form = form
        self.scroll.setWidget(form)
        self.print_filled_button.setEnabled(True)
        self._set_state("saved")

    # --- ideas ---
    def new_idea(self) -> uuid.UUID | None:
        if self.unit is None:
            return None
        self.save_now()
        idea = svc.add_idea(self.db, self.unit.id, "")
        self.idea_id = idea.id
        self.ideasChanged.emit()
        if self.stage is Stage.DIAGNOSE and (self.template is None or self.template.scope is not Scope.IDEA):
            self.select_worksheet("LK-2f")
        if self.template and self.template.scope is Scope.IDEA:
            self._reload_ideas(idea.id)
            self._build_form()
            fields = getattr(self.form, "fields", None)
            if fields:
                self.form.editor(next(iter(fields))).setFocus()
        return idea.id

    # --- saving ---
    def _on_form_changed(self) -> None:
        self._dirty = True
        self._set_state("pending")
        self.timer.start()

    def _set_state(self, state: str) -> None:
        text = {"saved": _("Semua perubahan tersimpan"), "pending": _("Menyimpan…"),
                "invalid": _("Ada isian yang belum valid (isian lain sudah tersimpan)")}[state]
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if state == "invalid" else "")
        self.saveStateChanged.emit(state)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def save_now(self) -> bool:
        """Store the form's data now. Returns False when some value was refused (shown on the form)."""
        self.timer.stop()
        if not self._dirty or self.form is None or self.template is None or self.lab_id is None:
            return True
        form, template = self.form, self.template
        clean, issues = validate(template, form.data())
        try:
            if template.code == CURATION and self.idea_id is not None:
                # the decision moves the idea (lanjut → Design, gabung → merged); a refused merge stores nothing
                save_curation(self.db, self.lab_id, self.idea_id, clean, self.registry)
            else:
                save_worksheet(self.db, template.code, clean, self.lab_id, self.unit.id if self.unit else None,
                               self.idea_id)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the form keeps what was typed
            self.on_error(_("Gagal menyimpan: {err}").format(err=exc))
            self._set_state("invalid")
            return False
        self._dirty = False
        form.show_issues(issues + check_rules(template, form.data()))
        if (any(f.bind for f in template.fields) or template.code == CURATION) and self.unit is not None:
            self._reload_ideas(self.idea_id)
            if template.code == CURATION:
                self.ideasChanged.emit()
        self._set_state("invalid" if issues else "saved")
        self.saved.emit()
        return not issues
