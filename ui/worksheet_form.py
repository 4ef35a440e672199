"""A worksheet form generated from its template: one widget per field, messages under each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _, format_number, format_rupiah
from labinovasi.services.context import WorksheetContext
from labinovasi.services.refs import ref_options, row_options
from labinovasi.worksheets.registry import default_registry, field_options
from labinovasi.worksheets.schema import Field, FieldType, Option, Template
from labinovasi.worksheets.sources import source_of
from labinovasi.worksheets.validation import Issue, compute, parse_number
from ui import theme
from ui.table_field import OptionsFor, TableFieldEditor

NO_DATE = QDate(1900, 1, 1)


class DateField(QDateEdit):
    """A date that may be empty (shown as "—"): the minimum date stands for no date."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")
        self.setDate(NO_DATE)

    def value(self) -> str | None:
        d = self.date()
        if d == NO_DATE:
            return None
        return dt.date(d.year(), d.month(), d.day()).isoformat()

    def set_value(self, value: str | None) -> None:
        if not value:
            self.setDate(NO_DATE)
            return
        try:
            d = dt.date.fromisoformat(value)
        except ValueError:
            self.setDate(NO_DATE)
            return
        self.setDate(QDate(d.year, d.month, d.day))

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        if self.date() == NO_DATE:  # stepping from "no date" starts at today
            today = dt.date.today()
            self.setDate(QDate(today.year, today.month, today.day))
            return
        super().stepBy(steps)


class FieldWidget(QWidget):
    """Label, help, the editor, and a message line for one field. A field whose value is another
    worksheet's (``source``) is shown read-only, saying where it comes from, with a button there."""

    changed = Signal()
    openWorksheet = Signal(str)  # the code of the worksheet a sourced field is changed in

    def __init__(
        self,
        template: Template,
        field: Field,
        parent: QWidget | None = None,
        options: OptionsFor = field_options,
    ):
        super().__init__(parent)
        self.template = template
        self.field = field
        self.options = options
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        lay.setSpacing(2)
        text = field.label + (" *" if field.required else "")
        self.label = QLabel(text, self)
        f = self.label.font()
        f.setBold(True)
        self.label.setFont(f)
        self.label.setWordWrap(True)
        lay.addWidget(self.label)
        if field.help:
            help_label = QLabel(field.help, self)
            help_label.setWordWrap(True)
            theme.style(help_label, lambda: theme.css_text("muted"))
            hf = help_label.font()
            hf.setItalic(True)
            help_label.setFont(hf)
            lay.addWidget(help_label)
        self.editor = self._make_editor()
        self.label.setBuddy(
            self.editor if not isinstance(self.editor, TableFieldEditor) else self.editor.view
        )
        self.source_label: QLabel | None = None
        self.source_button: QPushButton | None = None
        if field.source:
            lay.addLayout(self._source_row(source_of(field)[0]))
        lay.addWidget(self.editor)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        theme.style(self.message, lambda: theme.css_text("error"))
        self.message.hide()
        lay.addWidget(self.message)

    def _source_row(self, code: str) -> QHBoxLayout:
        """ "dari LK-2f: Ide Inovasi  [Ubah di LK-2f]", and the editor made read-only."""
        title = default_registry().get(code).title
        self.source_label = QLabel(_("dari {code}: {title}").format(code=code, title=title), self)
        self.source_label.setWordWrap(True)
        theme.style(self.source_label, lambda: theme.css_text("muted"))
        self.source_button = QPushButton(_("Ubah di {code}").format(code=code), self)
        self.source_button.setObjectName("source_button")
        self.source_button.setAutoDefault(False)
        self.source_button.setToolTip(
            _("Isian ini diambil dari {code} ({title}) ide yang sama: ubah di sana.").format(
                code=code, title=title
            )
        )
        self.source_button.clicked.connect(lambda _c=False: self.openWorksheet.emit(code))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source_label, 1)
        row.addWidget(self.source_button)
        self._read_only(_("Belum diisi di {code}").format(code=code))
        return row

    def _read_only(self, empty_text: str) -> None:
        w = self.editor
        line = getattr(w, "_line", w)
        if isinstance(line, (QLineEdit, QPlainTextEdit)):
            line.setReadOnly(True)
            line.setPlaceholderText(empty_text)
            line.setStyleSheet("background: palette(window);")  # looks shown, not to be typed in
        elif isinstance(w, TableFieldEditor):
            w.set_read_only()
        else:  # a choice, the checks of a multiple choice
            w.setEnabled(False)
        w.setAccessibleDescription(self.source_label.text() if self.source_label else "")

    def _make_editor(self) -> QWidget:
        f = self.field
        t = f.type
        if t in (FieldType.TEXT, FieldType.SIGNATURE):
            w = QLineEdit(self)
            if f.max_length:
                w.setMaxLength(f.max_length)
            if t is FieldType.SIGNATURE:
                w.setPlaceholderText(_("Nama penanda tangan ({signer})").format(signer=f.signer or f.label))
            w.textChanged.connect(self.changed)
            return w
        if t is FieldType.PARAGRAPH:
            w = QPlainTextEdit(self)
            w.setTabChangesFocus(True)
            line_h = w.fontMetrics().lineSpacing()
            w.setMinimumHeight(min(max(3, f.lines), 10) * line_h + 12)
            w.textChanged.connect(self.changed)
            return w
        if t is FieldType.NUMBER:
            w = QLineEdit(self)
            w.setPlaceholderText(_("contoh: 15.000.000") if f.unit == "Rp" else "")
            w.setAlignment(Qt.AlignmentFlag.AlignRight)
            w.textChanged.connect(self.changed)
            if f.unit:
                box = QWidget(self)
                h = QHBoxLayout(box)
                h.setContentsMargins(0, 0, 0, 0)
                h.addWidget(QLabel(f.unit, box))
                h.addWidget(w, 1)
                box.setFocusProxy(w)
                box._line = w  # type: ignore[attr-defined]
                return box
            return w
        if t is FieldType.DATE:
            w = DateField(self)
            w.dateChanged.connect(self.changed)
            return w
        if t in (FieldType.CHOICE, FieldType.YES_NO, FieldType.SCORE) or (
            t is FieldType.REF and not f.multiple
        ):
            w = QComboBox(self)
            w.addItem("—", None)
            if t in (FieldType.CHOICE, FieldType.REF):
                if t is FieldType.REF:
                    w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                    w.setMinimumContentsLength(40)
                for o in self.options(f):
                    w.addItem(o.label, o.value)
            elif t is FieldType.YES_NO:
                w.addItem(_("Ya"), True)
                w.addItem(_("Tidak"), False)
            else:
                for i in range(int(f.minimum or 1), int(f.maximum or 5) + 1):
                    w.addItem(str(i), i)
            w.currentIndexChanged.connect(self.changed)
            return w
        if t in (FieldType.MULTI_CHOICE, FieldType.REF):
            box = QWidget(self)
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 0, 0, 0)
            checks = []
            choices = self.options(f)
            per_row = 1 if t is FieldType.REF else 2
            for i, o in enumerate(choices):
                cb = QCheckBox(o.label, box)
                cb.setProperty("value", o.value)
                cb.toggled.connect(self.changed)
                grid.addWidget(cb, i // per_row, i % per_row)
                checks.append(cb)
            if not choices:
                grid.addWidget(
                    QLabel(_("Belum ada yang dapat dipilih: isi lembar kerja sumbernya dulu."), box), 0, 0
                )
            box._checks = checks  # type: ignore[attr-defined]
            if checks:
                box.setFocusProxy(checks[0])
            return box
        if t is FieldType.TABLE:
            w = TableFieldEditor(f, self, self.options)
            w.changed.connect(self.changed)
            return w
        # computed
        w = QLabel("—", self)
        bold = QFont(w.font())
        bold.setBold(True)
        w.setFont(bold)
        return w

    # --- values ---
    def value(self) -> Any:
        f, w = self.field, self.editor
        t = f.type
        if t in (FieldType.TEXT, FieldType.SIGNATURE):
            return w.text().strip() or None  # type: ignore[union-attr]
        if t is FieldType.PARAGRAPH:
            text = w.toPlainText()  # type: ignore[union-attr]
            return text if text.strip() else None
        if t is FieldType.NUMBER:
            line: QLineEdit = getattr(w, "_line", w)  # type: ignore[assignment]
            text = line.text().strip()
            if not text:
                return None
            parsed = parse_number(text)
            return parsed if parsed is not None else text
        if t is FieldType.DATE:
            return w.value()  # type: ignore[union-attr]
        if t in (FieldType.CHOICE, FieldType.YES_NO, FieldType.SCORE) or (
            t is FieldType.REF and not f.multiple
        ):
            return w.currentData()  # type: ignore[union-attr]
        if t in (FieldType.MULTI_CHOICE, FieldType.REF):
            return [cb.property("value") for cb in w._checks if cb.isChecked()] or None  # type: ignore[attr-defined]
        if t is FieldType.TABLE:
            return w.value() or None  # type: ignore[union-attr]
        return None

    def set_value(self, value: Any) -> None:
        f, w = self.field, self.editor
        t = f.type
        if t in (FieldType.TEXT, FieldType.SIGNATURE):
            w.setText("" if value is None else str(value))  # type: ignore[union-attr]
        elif t is FieldType.PARAGRAPH:
            w.setPlainText("" if value is None else str(value))  # type: ignore[union-attr]
        elif t is FieldType.NUMBER:
            line: QLineEdit = getattr(w, "_line", w)  # type: ignore[assignment]
            if value is None or value == "":
                line.setText("")
            elif isinstance(value, (int, float)):
                line.setText(
                    format_rupiah(value).removeprefix("Rp ") if f.unit == "Rp" else format_number(value)
                )
            else:
                line.setText(str(value))
        elif t is FieldType.DATE:
            w.set_value(value)  # type: ignore[union-attr]
        elif t in (FieldType.CHOICE, FieldType.YES_NO, FieldType.SCORE) or (
            t is FieldType.REF and not f.multiple
        ):
            idx = 0
            for i in range(1, w.count()):  # type: ignore[union-attr]
                if w.itemData(i) == value and value is not None:  # type: ignore[union-attr]
                    idx = i
                    break
            w.setCurrentIndex(idx)  # type: ignore[union-attr]
        elif t in (FieldType.MULTI_CHOICE, FieldType.REF):
            chosen = set(value or [])
            for cb in w._checks:  # type: ignore[attr-defined]
                cb.setChecked(cb.property("value") in chosen)
        elif t is FieldType.TABLE:
            w.set_value(value)  # type: ignore[union-attr]

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_computed(self, data: dict[str, Any]) -> None:
        if self.field.type is not FieldType.COMPUTED:
            return
        value = compute(self.template, self.field, data)
        if value is None:
            text = "—"
        elif isinstance(value, bool):
            text = _("Ya") if value else _("Tidak")
        else:
            text = format_number(value)
        c = self.field.compute
        if c and c.minimum is not None and isinstance(value, (int, float)):
            ok = value >= c.minimum
            text += "  " + (_("(memenuhi minimal {n})") if ok else _("(kurang dari minimal {n})")).format(
                n=format_number(c.minimum)
            )
            theme.style(self.editor, lambda: "" if ok else theme.css_text("error"))
        self.editor.setText(text)  # type: ignore[union-attr]


class WorksheetForm(QWidget):
    """The whole form of a template. ``changed`` fires on every edit (the window autosaves)."""

    changed = Signal()
    openWorksheet = Signal(str)  # "LK-2f": a sourced field's "Ubah di …"

    def __init__(
        self, template: Template, parent: QWidget | None = None, context: WorksheetContext | None = None
    ):
        super().__init__(parent)
        self.template = template
        self.context = context
        self._loading = False
        ref_cache: dict[tuple[str, str], tuple[Option, ...]] = {}

        def options(f: Field) -> tuple[Option, ...]:
            if f.type is not FieldType.REF:
                return field_options(f)
            code, _sep, table = (f.ref or "").partition(".")
            if code == template.code and table in getattr(self, "fields", {}):
                # a table of this very sheet (LK-5b's stands name its events): its rows as typed now
                return tuple(row_options(self.fields[table].value(), f))
            if context is None:
                return ()
            key = (f.ref or "", f.ref_label)
            if key not in ref_cache:
                ref_cache[key] = tuple(ref_options(context, f))
            return ref_cache[key]

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 12)
        title = QLabel(f"{template.code} · {template.title}", self)
        tf = title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.35)
        tf.setBold(True)
        title.setFont(tf)
        title.setWordWrap(True)
        lay.addWidget(title)
        if template.help:
            h = QLabel(template.help, self)
            h.setWordWrap(True)
            lay.addWidget(h)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        lay.addWidget(line)
        self.fields: dict[str, FieldWidget] = {}
        for f in template.fields:
            fw = FieldWidget(template, f, self, options)
            fw.setObjectName(f"field_{f.key}")
            fw.changed.connect(self._on_changed)
            fw.openWorksheet.connect(self.openWorksheet)
            lay.addWidget(fw)
            self.fields[f.key] = fw
        lay.addStretch(1)
        self._refresh_computed()

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._refresh_computed()
        self.changed.emit()

    def _refresh_computed(self) -> None:
        data = self.data()
        for fw in self.fields.values():
            fw.show_computed(data)

    def data(self) -> dict[str, Any]:
        out = {}
        for key, fw in self.fields.items():
            if fw.field.type in (FieldType.COMPUTED,):
                continue
            v = fw.value()
            if v is not None:
                out[key] = v
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            for key, fw in self.fields.items():
                fw.set_value(data.get(key))
                fw.show_message("")
        finally:
            self._loading = False
        self._refresh_computed()

    def show_issues(self, issues: list[Issue]) -> None:
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            by_field.setdefault(issue.field.split(".")[0], []).append(issue.message)
        for key, fw in self.fields.items():
            fw.show_message("\n".join(by_field.get(key, [])))

    def editor(self, key: str) -> QWidget:
        w = self.fields[key].editor
        return getattr(w, "_line", w)
