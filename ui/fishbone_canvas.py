"""The live fishbone drawing: :func:`labinovasi.domain.fishbone.layout_fishbone`'s geometry painted with
QPainter (the PDF draws the same geometry), re-laid out to the widget's size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from labinovasi.domain.fishbone import FishboneLayout, FishboneTree, LayoutStyle, TextBlock, layout_fishbone
from labinovasi.i18n import _
from ui import theme


class FontBook:
    """Pixel-sized fonts (and their metrics) of one family, so measuring and drawing agree."""

    def __init__(self, base: QFont):
        self.base = QFont(base)
        self._cache: dict[tuple[int, bool], tuple[QFont, QFontMetricsF]] = {}

    def get(self, size: float, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
        key = (max(1, round(size)), bold)
        hit = self._cache.get(key)
        if hit is None:
            font = QFont(self.base)
            font.setPixelSize(key[0])
            font.setBold(bold)
            hit = self._cache[key] = (font, QFontMetricsF(font))
        return hit

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        return self.get(size, bold)[1].horizontalAdvance(text)


class FishboneCanvas(QWidget):
    """Paints a :class:`FishboneTree`; a click on a cause emits ``causeClicked(id)``."""

    causeClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fishboneCanvas")
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAccessibleName(_("Diagram tulang ikan"))
        self.fonts = FontBook(self.font())
        self._tree = FishboneTree("", [])
        self._selected: str | None = None
        self._layout: FishboneLayout | None = None
        self._layout_key: tuple[int, int] | None = None
        self.empty_text = _("Tambahkan kategori penyebab (tulang ikan) untuk mulai menggambar.")
        self.head_placeholder = _("Masalah utama (kepala ikan) belum diisi")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 420)

    # --- state ---
    @property
    def tree(self) -> FishboneTree:
        return self._tree

    def set_tree(self, tree: FishboneTree) -> None:
        self._tree = tree
        self._layout = None
        self.update()

    def set_selected(self, cause_id: str | None) -> None:
        if cause_id != self._selected:
            self._selected = cause_id
            self.update()

    def current_layout(self) -> FishboneLayout:
        key = (self.width(), self.height())
        if self._layout is None or self._layout_key != key:
            self._layout = layout_fishbone(
                self._tree, key[0], key[1], self.fonts.measure, LayoutStyle.for_screen(key[0], key[1])
            )
            self._layout_key = key
        return self._layout

    # --- events ---
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            cause = self.current_layout().cause_at(pos.x(), pos.y())
            if cause is not None:
                self.causeClicked.emit(cause)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        over = self.current_layout().cause_at(pos.x(), pos.y()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = QPointF(event.pos())
            cause = self.current_layout().cause_at(pos.x(), pos.y())
            node = self._tree.find(cause) if cause else None
            if node is not None:
                text = node.text or _("(belum diisi)")
                extra = "\n" + _("Akar masalah") if node.root else ""
                QToolTip.showText(event.globalPos(), f"{node.number}. {text}{extra}", self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- painting ---
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            p.fillRect(self.rect(), theme.color("surface"))
            self.paint_layout(p, self.current_layout())
        finally:
            p.end()

    def _text(self, p: QPainter, block: TextBlock, color: QColor) -> None:
        font, metrics = self.fonts.get(block.size, block.bold)
        p.setFont(font)
        p.setPen(color)
        for line, base in zip(block.lines, block.baselines(), strict=True):
            x = block.box.x
            if block.align == "center":
                x += (block.box.w - metrics.horizontalAdvance(line)) / 2
            p.drawText(QPointF(x, base), line)

    def paint_layout(self, p: QPainter, layout: FishboneLayout) -> None:
        scale = max(1.0, layout.font_size / 11.0)
        round_cap = Qt.PenCapStyle.RoundCap
        ink, why_ink, muted = theme.color("ink"), theme.color("ink_soft"), theme.color("muted")
        accent, selected = theme.color("accent"), theme.color("selected")
        light, root_fill, head_fill = (
            theme.color("panel"),
            theme.color("accent_bg"),
            theme.color("accent_faint"),
        )
        # tail and spine
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(ink))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in layout.tail]))
        s = layout.spine
        p.setPen(QPen(ink, 3.5 * scale, Qt.PenStyle.SolidLine, round_cap))
        p.drawLine(QPointF(s.x1, s.y1), QPointF(s.x2, s.y2))
        # bones and their name plates
        for bone in layout.bones:
            b = bone.bone
            p.setPen(QPen(ink, 2.2 * scale, Qt.PenStyle.SolidLine, round_cap))
            p.drawLine(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2))
            box = bone.box
            p.setPen(QPen(ink, 1.2))
            p.setBrush(QBrush(light))
            p.drawRoundedRect(QRectF(box.x, box.y, box.w, box.h), 4, 4)
            self._text(p, bone.label, ink)
        for seg in layout.segments:
            p.setPen(
                QPen(
                    muted if seg.kind.startswith("blank") else why_ink, 1.1, Qt.PenStyle.SolidLine, round_cap
                )
            )
            p.drawLine(QPointF(seg.x1, seg.y1), QPointF(seg.x2, seg.y2))
        for mark in layout.causes:
            box = mark.text.box
            if mark.root:
                font, metrics = self.fonts.get(mark.text.size, True)
                text_w = max((metrics.horizontalAdvance(line) for line in mark.text.lines), default=0.0)
                p.setPen(QPen(accent, 1.2))
                p.setBrush(QBrush(root_fill))
                p.drawRoundedRect(QRectF(box.x - 2, box.y - 1, text_w + 4, box.h + 2), 3, 3)
            r = mark.rib
            width = (2.4 if mark.root else 1.6) if mark.depth == 0 else (1.8 if mark.root else 1.1)
            color = accent if mark.root else (ink if mark.depth == 0 else why_ink)
            p.setPen(QPen(color, width, Qt.PenStyle.SolidLine, round_cap))
            p.drawLine(QPointF(r.x1, r.y1), QPointF(r.x2, r.y2))
            self._text(p, mark.text, ink if mark.depth == 0 or mark.root else why_ink)
            if self._selected and (mark.cause_id == self._selected or self._selected in mark.group):
                a = mark.area
                p.setPen(QPen(selected, 2, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(QRectF(a.x - 3, a.y - 3, a.w + 6, a.h + 6), 4, 4)
        # the head
        hb = layout.head_box
        p.setPen(QPen(accent, 2.5))
        p.setBrush(QBrush(head_fill))
        p.drawRoundedRect(QRectF(hb.x, hb.y, hb.w, hb.h), 8, 8)
        if layout.head.lines:
            self._text(p, layout.head, ink)
        else:
            font, _m = self.fonts.get(max(9.0, layout.head.size * 0.8))
            font = QFont(font)
            font.setItalic(True)
            p.setFont(font)
            p.setPen(muted)
            p.drawText(
                QRectF(hb.x + 6, hb.y + 6, hb.w - 12, hb.h - 12),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                self.head_placeholder,
            )
        if not layout.bones:
            font, _m = self.fonts.get(12)
            p.setFont(font)
            p.setPen(muted)
            p.drawText(
                QRectF(12, 8, max(10.0, hb.x - 24), 60),
                int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap),
                self.empty_text,
            )
