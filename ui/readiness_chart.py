"""A horizontal bar chart of readiness means (1–5): the level bands behind, each bar in its level's
colour with its value printed. Used for a unit's dimensions and for the comparison of all units."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QWidget

from labinovasi.domain.scoring import SCORE_MAX, SCORE_MIN, readiness_level
from labinovasi.i18n import _
from labinovasi.services.readiness import format_mean, level_bounds, level_colour, level_legend
from ui import theme


def tint(colour: str, amount: float) -> QColor:
    """``colour`` mixed with ``amount`` (0–1) parts of the surface."""
    return QColor(theme.mix(colour, 1 - amount))


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float | None  # a mean on the 1–5 scale, or None (no answers)
    tooltip: str = ""

    @property
    def colour(self) -> str:
        return level_colour(self.value)


@dataclass(frozen=True)
class BarGeometry:
    row: QRectF  # the whole row (label, bar and value)
    label: str  # the label as drawn (elided to fit)
    bar: QRectF | None  # None for a bar without a value
    text: str  # the value printed after the bar, or "Belum ada jawaban"


class ReadinessChart(QWidget):
    """``set_bars`` shows the bars; ``geometry_of_bars`` is what ``paintEvent`` draws (tests read it)."""

    MARGIN = 8

    def __init__(
        self,
        parent: QWidget | None = None,
        empty_text: str = "",
        row_height: int = 0,
        keep_rows: bool = False,
    ):
        super().__init__(parent)
        self._bars: list[ChartBar] = []
        # a unit's dimensions without any answer show one message; the comparison keeps a row per unit
        self.keep_rows = keep_rows
        self.empty_text = empty_text or _("Belum ada jawaban")
        fm = QFontMetrics(self.font())
        self.row_height = row_height or max(24, fm.height() + 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Grafik kesiapan"))

    # --- data ---
    def set_bars(self, bars: list[ChartBar]) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription("; ".join(f"{b.label}: {format_mean(b.value)}" for b in self._bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[ChartBar]:
        return list(self._bars)

    @property
    def is_empty(self) -> bool:
        """Nothing to draw but the message ``empty_text``."""
        return not self._bars or (not self.keep_rows and all(b.value is None for b in self._bars))

    # --- size ---
    def _axis_height(self) -> int:
        return QFontMetrics(self._small_font()).height() + 8

    def _small_font(self) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.85))
        return f

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(1, len(self._bars))
        return QSize(360, 2 * self.MARGIN + rows * self.row_height + self._axis_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, 2 * self.row_height if self.is_empty else self.sizeHint().height())

    # --- geometry ---
    def _plot(self) -> tuple[float, float, float, float, float]:
        """``label_w, x0, x1, top, bottom`` of the plot for the current size."""
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        value_w = QFontMetrics(bold).horizontalAdvance(format_mean(5.0)) + 10
        widest = max((fm.horizontalAdvance(b.label) for b in self._bars), default=0)
        w = float(self.width())
        label_w = min(w * 0.46, widest + 12.0)
        x0 = self.MARGIN + label_w
        x1 = max(x0 + 20.0, w - self.MARGIN - value_w)
        top = float(self.MARGIN)
        bottom = top + max(1, len(self._bars)) * self.row_height
        return label_w, x0, x1, top, bottom

    def x_of(self, value: float) -> float:
        _label_w, x0, x1, _top, _bottom = self._plot()
        v = min(max(value, SCORE_MIN), SCORE_MAX)
        return x0 + (x1 - x0) * (v - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)

    def geometry_of_bars(self) -> list[BarGeometry]:
        label_w, x0, _x1, top, _bottom = self._plot()
        fm = QFontMetrics(self.font())
        out = []
        bar_h = self.row_height * 0.6
        for i, b in enumerate(self._bars):
            row = QRectF(0, top + i * self.row_height, self.width(), self.row_height)
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, int(label_w - 8))
            if b.value is None:
                out.append(BarGeometry(row, label, None, _("Belum ada jawaban")))
                continue
            mid = row.center().y()
            bar = QRectF(x0, mid - bar_h / 2, max(2.0, self.x_of(b.value) - x0), bar_h)
            out.append(BarGeometry(row, label, bar, format_mean(b.value)))
        return out

    # --- painting ---
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        if self.is_empty:
            p.setPen(pal.color(pal.ColorRole.PlaceholderText))
            f = QFont(self.font())
            f.setItalic(True)
            p.setFont(f)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        _label_w, x0, x1, top, bottom = self._plot()
        # level bands
        for (lo, hi, _name), colour in zip(level_bounds(), [c for _l, _r, c in level_legend()], strict=True):
            p.fillRect(
                QRectF(self.x_of(lo), top, self.x_of(hi) - self.x_of(lo), bottom - top), tint(colour, 0.85)
            )
        # the scale
        small = self._small_font()
        fm_small = QFontMetrics(small)
        p.setFont(small)
        grid = QPen(theme.color("grid"))
        grid.setWidthF(0.6)
        for k in range(SCORE_MIN, SCORE_MAX + 1):
            x = self.x_of(k)
            p.setPen(grid)
            p.drawLine(QPointF(x, top), QPointF(x, bottom + 3))
            p.setPen(text)
            label = str(k)
            p.drawText(
                QPointF(x - fm_small.horizontalAdvance(label) / 2, bottom + 4 + fm_small.ascent()), label
            )
        p.setPen(QPen(text, 1))
        p.drawLine(QPointF(x0, bottom), QPointF(x1, bottom))
        # bars
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        italic = QFont(self.font())
        italic.setItalic(True)
        for b, g in zip(self._bars, self.geometry_of_bars(), strict=True):
            baseline = g.row.center().y() + (fm.ascent() - fm.descent()) / 2
            p.setFont(self.font())
            p.setPen(text)
            p.drawText(QPointF(self.MARGIN, baseline), g.label)
            if g.bar is None:
                p.setFont(italic)
                p.setPen(pal.color(pal.ColorRole.PlaceholderText))
                p.drawText(QPointF(x0 + 6, baseline), g.text)
                continue
            p.fillRect(g.bar, QColor(b.colour))
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QPointF(g.bar.right() + 5, baseline), g.text)

    # --- tooltips ---
    def event(self, e) -> bool:  # noqa: ANN001 - QEvent
        if e.type() == e.Type.ToolTip and isinstance(e, QHelpEvent):
            for b, g in zip(self._bars, self.geometry_of_bars(), strict=True):
                if g.row.contains(QPointF(e.pos())):
                    tip = b.tooltip or b.label
                    if b.value is not None:
                        tip += f"\n{format_mean(b.value)} — {readiness_level(b.value)}"
                    else:
                        tip += "\n" + _("Belum ada jawaban")
                    QToolTip.showText(e.globalPos(), tip, self)
                    return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)


def level_legend_label(parent: QWidget | None = None) -> QLabel:
    """The levels and their ranges with their colours, e.g. "■ Siap 3,40–4,19" (wraps as needed)."""
    parts = [
        f'<span style="color:{c}; font-size:large">■</span>&nbsp;{html.escape(label).replace(" ", "&nbsp;")}'
        f"&nbsp;{theme.html_span('muted', html.escape(rng))}"
        for label, rng, c in level_legend()
    ]
    lbl = QLabel(" &nbsp; ".join(parts), parent)
    lbl.setTextFormat(Qt.TextFormat.RichText)
    lbl.setWordWrap(True)
    lbl.setToolTip(_("Tingkat kesiapan menurut rata-rata skor (1–5)"))
    return lbl
