"""The chart shapes the reports draw, typed once: ReportLab's stubs declare a shape's style keywords as
one TypedDict argument, so each call with ``fillColor=…`` would need its own ignore."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from labinovasi.i18n import format_number


def rect(x: float, y: float, width: float, height: float, **style: Any) -> Rect:
    """A rectangle with ``fillColor``, ``strokeColor``, ``strokeWidth`` … as ReportLab takes them."""
    return Rect(x, y, width, height, **style)


def drawing(width: float, height: float, font: str, size: float) -> Drawing:
    """A drawing whose default text state is ``font`` (else it brings Helvetica into the PDF)."""
    d = Drawing(width, height)
    d.initialFontName = font  # type: ignore[attr-defined]  # read by renderPDF, missing from the stubs
    d.initialFontSize = size  # type: ignore[attr-defined]
    return d


def legend(
    d: Drawing,
    items: Sequence[tuple[str, Color]],
    y: float,
    font: str,
    ink: Color,
    size: float = 8,
    outline: Color | None = None,
) -> None:
    """A row of coloured squares (framed in ``outline``, for pale colours) with their names, baseline at ``y``."""
    x = 0.0
    for text, colour in items:
        d.add(
            rect(x, y - 0.5 * mm, 3.2 * mm, 3.2 * mm, fillColor=colour, strokeColor=outline, strokeWidth=0.4)
        )
        d.add(String(x + 4.4 * mm, y, text, fontName=font, fontSize=size, fillColor=ink))
        x += 4.4 * mm + stringWidth(text, font, size) + 6 * mm


def value_axis(
    d: Drawing,
    most: int,
    x0: float,
    plot_w: float,
    bottom: float,
    top: float,
    font: str,
    grid: Color,
    ink: Color,
) -> int:
    """Vertical gridlines at about five whole steps from 0 to at least ``most``, their figures under
    ``bottom``; returns the value at the right end of the plot (``plot_w`` points from ``x0``)."""
    most = most or 1
    step = max(1, -(-most // 5))
    scale_max = step * -(-most // step)
    for k in range(0, scale_max + 1, step):
        gx = x0 + plot_w * k / scale_max
        d.add(rect(gx, bottom, 0.3, top - bottom, fillColor=grid, strokeColor=None))
        d.add(
            String(
                gx,
                bottom - 3.6 * mm,
                format_number(k),
                fontName=font,
                fontSize=7.5,
                fillColor=ink,
                textAnchor="middle",
            )
        )
    return scale_max
