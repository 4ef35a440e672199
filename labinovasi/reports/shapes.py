"""The chart shapes the reports draw, typed once: ReportLab's stubs declare a shape's style keywords as
one TypedDict argument, so each call with ``fillColor=…`` would need its own ignore."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Rect


def rect(x: float, y: float, width: float, height: float, **style: Any) -> Rect:
    """A rectangle with ``fillColor``, ``strokeColor``, ``strokeWidth`` … as ReportLab takes them."""
    return Rect(x, y, width, height, **style)


def drawing(width: float, height: float, font: str, size: float) -> Drawing:
    """A drawing whose default text state is ``font`` (else it brings Helvetica into the PDF)."""
    d = Drawing(width, height)
    d.initialFontName = font  # type: ignore[attr-defined]  # read by renderPDF, missing from the stubs
    d.initialFontSize = size  # type: ignore[attr-defined]
    return d
