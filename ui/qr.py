"""QR codes as Qt pixmaps: the participants' join address on the projector and in dialogs.

segno makes the symbol (a full QR code, never a Micro QR that many phone cameras do not read); here its
modules are painted as whole-pixel squares, dark on light, with the standard quiet zone of four modules.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from ui import theme

QUIET_ZONE = 4  # modules of light margin on every side (ISO/IEC 18004)


def qr_matrix(text: str) -> list[list[bool]]:
    """The symbol's modules, row by row (``True`` = dark), without the quiet zone."""
    code = segno.make_qr(text, error="m")
    return [[bool(v) for v in row] for row in code.matrix]


def qr_image(text: str, size_px: int) -> QImage:
    """``text`` as a square QR image of ``size_px`` pixels (at least one pixel a module).

    Every module is the same whole number of pixels (crisp when shown at 1:1); what is left over
    widens the light margin around the quiet zone, so the symbol stays centred."""
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = max(1, size_px // modules)
    side = max(size_px, modules * scale)
    offset = (side - modules * scale) // 2 + QUIET_ZONE * scale
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(theme.projector_value("qr_light")))
    painter = QPainter(image)
    try:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.projector_value("qr_dark")))
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(QRect(offset + x * scale, offset + y * scale, scale, scale))
    finally:
        painter.end()
    return image


def qr_pixmap(text: str, size_px: int) -> QPixmap:
    """``text`` as a square QR pixmap of ``size_px`` pixels, quiet zone included."""
    return QPixmap.fromImage(qr_image(text, size_px))
