"""The Kanvas Inovasi (LK-3) editor: ten framed boxes on one screen, laid out like a business model
canvas, instead of a long form.

The problem, its root causes and the idea come from Diagnose (LK-2b, LK-2e, LK-2f): they are shown
read-only at the top of their boxes, and only the team's own notes below them are stored. The grid,
titles, colours and guiding questions are the same as on the printed canvas
(:func:`labinovasi.services.canvas.canvas_boxes`).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _, format_number, format_rupiah
from labinovasi.services.canvas import (
    GRID_COLS,
    GRID_ROWS,
    IDEA_CARD,
    Block,
    CanvasBox,
    CanvasSources,
    canvas_boxes,
    canvas_sources,
)
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import Issue, parse_number
from ui import theme
from ui.worksheet_form import FieldWidget

BOX_TYPES = (FieldType.PARAGRAPH, FieldType.TEXT, FieldType.MULTI_CHOICE, FieldType.NUMBER)  # in a box
HINT_CHARS = 240  # how much of the idea card's text a placeholder shows


def blocks_html(blocks: list[Block]) -> str:
    """Upstream blocks as HTML for a read-only view (every user text escaped)."""
    parts = []
    for b in blocks:
        text = html.escape(b.text).replace("\n", "<br>")
        if b.strong:
            text = f"<b style='font-style:normal'>{text}</b>"
        if b.label:
            sep = "<br>" if b.text.startswith("•") else " "
            text = f"<b style='font-style:normal'>{html.escape(b.label)}:</b>{sep}{text}"
        parts.append(f"<p style='margin:0 0 4px 0'>{text}</p>")
    return "".join(parts)


class FlowLayout(QLayout):
    """Widgets side by side, wrapping to the next line when the width runs out (the pentahelix ticks)."""

    def __init__(self, parent: QWidget | None = None, h_space: int = 12, v_space: int = 2):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h, self._v = h_space, v_space
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def height_for(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_h = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line_h = rect.x(), y + line_h + self._v, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._h
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y()


class FlowRow(QWidget):
    """Holds a :class:`FlowLayout` and takes the height its lines need at its current width.
    (Not Qt's height-for-width: in the canvas grid that would let one box stretch every row.)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = FlowLayout(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        h = self.flow.height_for(self.width())
        if h != self.height():
            self.setFixedHeight(h)


class BoxTitle(QLabel):
    """A box's title bar: one line, or two broken at a space when the box is narrow (a 1024×768
    projector shows "7. Sumber daya & biaya" whole); only a title too long for two lines ends in "…"."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        m, fm = self.contentsMargins(), self.fontMetrics()
        room = max(self.width() - m.left() - m.right() - 16, 10)
        lines = [self._full]
        if fm.horizontalAdvance(self._full) > room:
            first = ""
            for word in self._full.split(" "):
                candidate = f"{first} {word}" if first else word
                if first and fm.horizontalAdvance(candidate) > room:
                    break
                first = candidate
            rest = self._full[len(first) :].strip()
            lines = [fm.elidedText(first, Qt.TextElideMode.ElideRight, room)]
            if rest:
                lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, room))
        text = "\n".join(lines)
        if text != self.text():
            super().setText(text)  # the bar's height follows (two lines are taller)


class _SourceText(QTextBrowser):
    """Read-only rich text whose preferred height is its text's height (up to a cap)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.preferred = 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self.preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(40, min(self.preferred, int(self.fontMetrics().lineSpacing() * 2.5) + 4))


class SourceView(QFrame):
    """Upstream text shown read-only at the top of a box, like a quotation, with where it comes from
    ("dari LK-2f · ubah di Diagnose"). Clicking that line asks to open the source worksheet."""

    sourceRequested = Signal(str)

    def __init__(self, color: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("canvasSource")
        theme.style(
            self,
            lambda: (
                f"#canvasSource {{ background: {theme.mix(color, 0.09)}; border: none;"
                f" border-left: {theme.border_width() + 2}px solid {color}; border-radius: 2px; }}"
            ),
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 3, 4, 3)
        lay.setSpacing(1)
        self.origin = QLabel(self)
        self.origin.setTextFormat(Qt.TextFormat.RichText)
        self.origin.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.origin.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.origin.linkActivated.connect(self.sourceRequested)
        small = QFont(self.origin.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.88, 7.5))
        self.origin.setFont(small)
        self.origin.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.origin)
        self.text = _SourceText(self)
        self.text.setObjectName("canvasSourceText")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        theme.style(
            self.text, lambda: f"#canvasSourceText {{ background: transparent; {theme.css_text('ink')} }}"
        )
        italic = QFont(self.text.font())
        italic.setItalic(True)
        self.text.setFont(italic)
        self.text.document().setDocumentMargin(1)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._cap = 10_000

    def set_blocks(self, blocks: list[Block], empty_text: str) -> None:
        origin = next((b.origin for b in blocks if b.origin), "")
        if blocks:
            link = html.escape(_("ubah di Diagnose"))
            self.origin.setWordWrap(False)
            self.origin.setText(
                theme.html_span("muted", f"{html.escape(origin)} · ")
                + f"<a href='{IDEA_CARD}' style='color:{theme.value('link')}'>{link}</a>"
            )
            self.text.setHtml(blocks_html(blocks))
        else:
            self.origin.setWordWrap(True)
            self.origin.setText(theme.html_span("muted", html.escape(empty_text)))
            self.text.setPlainText("")
        self.text.setVisible(bool(blocks))
        self.fit()

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def set_cap(self, cap: int) -> None:
        """The most height the text may take before it scrolls."""
        cap = max(cap, 40)
        if cap != self._cap:
            self._cap = cap
            self.fit()

    def fit(self) -> None:
        doc = self.text.document()
        doc.setTextWidth(max(self.text.viewport().width(), 50))
        ideal = int(doc.size().height()) + 4 if self.text.toPlainText() else 0
        preferred = min(ideal, self._cap)
        if preferred != self.text.preferred:
            self.text.preferred = preferred
            self.text.setMaximumHeight(max(preferred, 0))
            self.text.updateGeometry()


class CanvasBoxWidget(QFrame):
    """One box: a coloured title bar, the upstream source (if any), the team's fields, a message line."""

    def __init__(self, box: CanvasBox, fields: list[Field], parent: QWidget | None = None):
        super().__init__(parent)
        self.box = box
        self.fields = fields
        self.setObjectName("canvasBox")
        self._active = False
        self._error = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        required = any(f.required for f in fields)
        self.title = BoxTitle(box.heading + (" *" if required else ""), self)
        self.title.setObjectName("canvasBoxTitle")
        tf = QFont(self.title.font())
        tf.setBold(True)
        self.title.setFont(tf)
        theme.style(
            self.title,
            lambda: (
                f"#canvasBoxTitle {{ background: {box.color};"
                f" color: {theme.value('on_accent')}; padding: 3px 7px;"
                " border-top-left-radius: 4px; border-top-right-radius: 4px; }"
            ),
        )
        self.title.setToolTip(f"{box.heading}\n{box.question}")
        lay.addWidget(self.title)
        body = QWidget(self)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(6, 5, 6, 6)
        self.body.setSpacing(4)
        lay.addWidget(body, 1)
        self.source: SourceView | None = None
        if box.source:
            self.source = SourceView(box.color, body)
            self.body.addWidget(self.source)
        self.editors: dict[str, QWidget] = {}
        self.focusables: list[QWidget] = []
        for f in fields:
            self._add_field(f, body)
        self.message = QLabel("", body)
        self.message.setWordWrap(True)
        theme.style(self.message, lambda: theme.css_text("error"))
        self.message.hide()
        self.body.addWidget(self.message)
        for w in self.focusables:
            w.installEventFilter(self)
        self._restyle()

    def _text_edit(self, f: Field, parent: QWidget) -> QPlainTextEdit:
        w = QPlainTextEdit(parent)
        w.setObjectName(f"canvas_{f.key}")
        w.setTabChangesFocus(True)
        w.setAccessibleName(f.label)
        w.setToolTip(f.help or self.box.question)
        w.setPlaceholderText(self.box.notes_prompt if self.box.source else self.box.question)
        line = w.fontMetrics().lineSpacing()
        w.setMinimumHeight(int(line * 2.2) + 10)
        w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        theme.style(w, lambda: self._field_sheet("QPlainTextEdit", ""))
        return w

    def _add_field(self, f: Field, parent: QWidget) -> None:
        if f.type is FieldType.MULTI_CHOICE:
            row = FlowRow(parent)
            flow = row.flow
            checks = []
            for option in field_options(f):
                cb = QCheckBox(option.label, row)
                cb.setProperty("value", option.value)
                cb.setToolTip(f.label)
                flow.addWidget(cb)
                checks.append(cb)
                self.focusables.append(cb)
            row.setAccessibleName(f.label)
            row._checks = checks  # type: ignore[attr-defined]
            self.editors[f.key] = row
            self.body.addWidget(row)
        elif f.type is FieldType.NUMBER:
            row = QWidget(parent)
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f.unit or f.label, row)
            label.setToolTip(f.label)
            lf = QFont(label.font())
            lf.setBold(True)
            label.setFont(lf)
            line = QLineEdit(row)
            line.setObjectName(f"canvas_{f.key}")
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            line.setAccessibleName(f.label)
            line.setPlaceholderText(_("contoh: 15.000.000") if f.unit == "Rp" else "")
            theme.style(line, lambda: self._field_sheet("QLineEdit", " padding: 1px 3px;"))
            label.setBuddy(line)
            h.addWidget(label)
            h.addWidget(line, 1)
            self.editors[f.key] = line
            self.focusables.append(line)
            self.body.addWidget(row)
        else:  # paragraph or text: notes
            w = self._text_edit(f, parent)
            self.editors[f.key] = w
            self.focusables.append(w)
            self.body.addWidget(w, 1)

    # --- look ---
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn:
            self.set_active(True)
        elif event.type() == QEvent.Type.FocusOut:
            self.set_active(False)
        return False

    def set_active(self, active: bool) -> None:
        if active != self._active:
            self._active = active
            self._restyle()

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._error = bool(text)
        self._restyle()

    def _field_sheet(self, kind: str, extra: str) -> str:
        color, w = self.box.color, theme.border_width()
        return (
            f"{kind} {{ background: {theme.value('surface')}; {theme.css_text('ink')} border: {w}px solid"
            f" {theme.mix(color, 0.35 if w == 1 else 0.8)}; border-radius: 3px;{extra} }}"
            f"{kind}:focus {{ border: {w + 1}px solid {color}; }}"
        )

    def _restyle(self) -> None:
        theme.style(self, self._sheet)

    def _sheet(self) -> str:
        color = self.box.color
        border = theme.value("error") if self._error else (color if self._active else theme.mix(color, 0.45))
        width = theme.border_width() + (1 if (self._active or self._error) else 0)
        return (
            f"#canvasBox {{ background: {theme.mix(color, 0.05)}; border: {width}px solid {border};"
            " border-radius: 5px; }"
            # slim scroll bars in the box colour (a style sheet on a parent drops the native ones)
            "QScrollBar:vertical { background: transparent; width: 9px; margin: 1px; }"
            f"QScrollBar::handle:vertical {{ background: {theme.mix(color, 0.45)}; border-radius: 3px;"
            " min-height: 18px; }"
            f"QScrollBar::handle:vertical:hover {{ background: {color}; }}"
            "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.source is not None:
            # the quotation takes what it needs, leaving the notes below at least three lines
            body = self.height() - self.title.height() - 26 - self.source.origin.sizeHint().height()
            has_notes = any(f.type in (FieldType.PARAGRAPH, FieldType.TEXT) for f in self.fields)
            notes = int(self.fontMetrics().lineSpacing() * 2.6) + 14 if has_notes else 0
            self.source.set_cap(max(int(body * 0.35), body - notes))

    # --- hints ---
    def set_hint(self, key: str, hint: str) -> None:
        """Show the idea card's text for an empty field in its placeholder (never stored)."""
        w = self.editors.get(key)
        if not hint or w is None:
            return
        short = hint if len(hint) <= HINT_CHARS else hint[: HINT_CHARS - 1] + "…"
        if isinstance(w, QPlainTextEdit):
            w.setPlaceholderText(
                f"{self.box.question}\n\n" + _("Di kartu ide (LK-2f): {text}").format(text=short)
            )
        elif isinstance(w, QLineEdit):
            w.setPlaceholderText(_("kartu ide: {text}").format(text=short.removeprefix("Rp ")))


class CanvasEditor(QWidget):
    """Edits LK-3 as a canvas. The editor contract: ``changed`` on every edit by the user (never
    by :meth:`set_data`), :meth:`data`, :meth:`set_data`, :meth:`show_issues`."""

    changed = Signal()
    sourceRequested = Signal(str)  # the code of a Diagnose worksheet the user wants to change

    def __init__(self, template: Template, context: WorksheetContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.context = context
        by_key = {f.key: f for f in template.fields}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        sheet = QWidget(self.scroll)
        self.scroll.setWidget(sheet)
        lay = QVBoxLayout(sheet)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.setSpacing(6)

        # title: the worksheet and the idea
        head = QHBoxLayout()
        self.title = QLabel(f"{template.code} · {template.title}", sheet)
        tf = QFont(self.title.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.25)
        tf.setBold(True)
        self.title.setFont(tf)
        self.title.setToolTip(template.help)
        self.idea_label = QLabel("", sheet)
        self.idea_label.setTextFormat(Qt.TextFormat.PlainText)
        theme.style(self.idea_label, lambda: theme.css_text("muted"))
        self.idea_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        legend = QLabel(_("Kotak bertanda * wajib diisi"), sheet)
        theme.style(legend, lambda: theme.css_text("muted"))
        head.addWidget(self.title)
        head.addWidget(self.idea_label, 1)
        head.addWidget(legend)
        lay.addLayout(head)

        # the grid of boxes
        grid_host = QWidget(sheet)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for c in range(GRID_COLS):
            grid.setColumnStretch(c, 1)
            grid.setColumnMinimumWidth(c, 12)
        for r in range(GRID_ROWS):
            grid.setRowStretch(r, 1)
        self.boxes: dict[str, CanvasBoxWidget] = {}
        self._field_box: dict[str, CanvasBoxWidget] = {}
        for box in canvas_boxes():
            fields = [by_key[k] for k in box.fields if k in by_key and by_key[k].type in BOX_TYPES]
            if not fields and not box.source:
                continue  # a template without this box's fields
            w = CanvasBoxWidget(box, fields, grid_host)
            if w.source is not None:
                w.source.sourceRequested.connect(self.sourceRequested)
            grid.addWidget(w, box.row, box.col, box.rowspan, box.colspan)
            self.boxes[box.key] = w
            for f in fields:
                self._field_box[f.key] = w
        lay.addWidget(grid_host, 1)
        line = self.fontMetrics().height()
        grid_host.setMinimumHeight(line * 30)
        grid_host.setMinimumWidth(line * 48)

        # fields of an adapted template that have no box: a plain form below the canvas
        self.extra: dict[str, FieldWidget] = {}
        placed = set(self._field_box)
        for f in template.fields:
            if f.key in placed or f.type in (FieldType.COMPUTED, FieldType.SIGNATURE):
                continue
            fw = FieldWidget(template, f, sheet)
            fw.changed.connect(self.changed)
            lay.addWidget(fw)
            self.extra[f.key] = fw

        for w in self.boxes.values():
            for key, editor in w.editors.items():
                self._connect(by_key[key], editor)
        self._set_tab_order()
        self.sources = CanvasSources()
        self.refresh_sources()

    def _connect(self, f: Field, editor: QWidget) -> None:
        # signal to signal, so Qt forwards each edit without a Python call. WORKAROUND for PySide6 6.12
        # on Python 3.11: every Signal.emit() from Python drops a reference to True, and enough
        # keystrokes then abort the interpreter ("bool_dealloc").
        if isinstance(editor, (QPlainTextEdit, QLineEdit)):
            editor.textChanged.connect(self.changed)
        else:
            for cb in editor._checks:  # type: ignore[attr-defined]
                cb.toggled.connect(self.changed)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = []
        for box in canvas_boxes():  # reading order = box numbers
            w = self.boxes.get(box.key)
            if w is not None:
                chain += w.focusables
        for fw in self.extra.values():
            chain.append(fw.editor)
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.tab_chain = chain

    # --- the sources ---
    def refresh_sources(self) -> None:
        """Read the problem, root causes and idea from Diagnose again (after they were changed)."""
        self.sources = canvas_sources(self.context) if self.context is not None else CanvasSources()
        s = self.sources
        self.idea_label.setText(f"— {s.idea_name}" if s.idea_name else "")
        self.idea_label.setToolTip(s.idea_name)
        problem = self.boxes.get("masalah")
        if problem is not None and problem.source is not None:
            problem.source.set_blocks(
                s.problem_blocks(),
                _("Belum ada masalah dari Diagnose: pilih masalahnya di kartu ide (LK-2f) atau isi LK-2b."),
            )
        idea = self.boxes.get("ide")
        if idea is not None and idea.source is not None:
            idea.source.set_blocks(s.idea_blocks(), _("Kartu ide (LK-2f) belum diisi di tahap Diagnose."))
        for key, w in self._field_box.items():
            w.set_hint(key, s.hint(key))

    def source_text(self, box_key: str) -> str:
        """The upstream text a box shows (empty when it has none)."""
        w = self.boxes.get(box_key)
        return w.source.plain_text() if w is not None and w.source is not None else ""

    # --- the editor contract ---
    def editor(self, key: str) -> QWidget:
        """The widget that edits field ``key`` (for tests and focus)."""
        if key in self.extra:
            return self.extra[key].editor
        return self._field_box[key].editors[key]

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, box in self._field_box.items():
            value = self._value(box.editors[key])
            if value is not None:
                out[key] = value
        for key, fw in self.extra.items():
            value = fw.value()
            if value is not None:
                out[key] = value
        return out

    @staticmethod
    def _value(editor: QWidget) -> Any:
        if isinstance(editor, QPlainTextEdit):
            text = editor.toPlainText()
            return text if text.strip() else None
        if isinstance(editor, QLineEdit):
            text = editor.text().strip()
            if not text:
                return None
            parsed = parse_number(text)
            return parsed if parsed is not None else text  # kept as typed: validation says what is wrong
        return [cb.property("value") for cb in editor._checks if cb.isChecked()] or None  # type: ignore[attr-defined]

    def set_data(self, data: dict[str, Any]) -> None:
        data = data if isinstance(data, dict) else {}
        blocked = self.blockSignals(True)  # set_data is not an edit: no ``changed``
        try:
            for key, box in self._field_box.items():
                field = next(f for f in box.fields if f.key == key)
                self._set_value(field, box.editors[key], data.get(key))
            for key, fw in self.extra.items():
                fw.set_value(data.get(key))
                fw.show_message("")
            for box in self.boxes.values():
                box.set_message("")
        finally:
            self.blockSignals(blocked)

    @staticmethod
    def _set_value(f: Field, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            if value is None or value == "":
                editor.setText("")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                editor.setText(
                    format_rupiah(value).removeprefix("Rp ") if f.unit == "Rp" else format_number(value)
                )
            else:
                editor.setText(str(value))
        else:
            chosen = set(value) if isinstance(value, list) else set()
            for cb in editor._checks:  # type: ignore[attr-defined]
                cb.setChecked(cb.property("value") in chosen)

    def show_issues(self, issues: list[Issue]) -> None:
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            by_field.setdefault(issue.field.split(".")[0], []).append(issue.message)
        for box in self.boxes.values():
            box.set_message("\n".join(m for f in box.fields for m in by_field.get(f.key, [])))
        for key, fw in self.extra.items():
            fw.show_message("\n".join(by_field.get(key, [])))
