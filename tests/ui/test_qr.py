"""ui/qr.py: the pixmap holds segno's symbol module for module, in whole pixels, inside a quiet zone."""

from __future__ import annotations

import pytest
import segno
from PySide6.QtGui import QColor, QImage

from ui import theme
from ui.qr import QUIET_ZONE, qr_matrix, qr_pixmap

URL = "http://192.168.1.20:8765/j/K7Q2"


def read_back(image: QImage, modules: int) -> tuple[list[list[bool]], int, int]:
    """The modules found in ``image``: the square's first dark pixel is the finder's corner."""
    dark = QColor(theme.projector_value("qr_dark")).rgb()
    side = image.width()
    first = next(
        (x, y) for y in range(side) for x in range(side) if image.pixel(x, y) == dark
    )  # the top-left finder pattern's corner
    start = first[0]
    run = 0
    while image.pixel(start + run, first[1]) == dark:
        run += 1
    scale = run // 7  # a finder pattern is seven modules wide
    matrix = [
        [
            image.pixel(start + x * scale + scale // 2, start + y * scale + scale // 2) == dark
            for x in range(modules)
        ]
        for y in range(modules)
    ]
    return matrix, start, scale


@pytest.mark.parametrize("size", [200, 333, 600])
def test_the_pixmap_is_segnos_matrix_with_a_quiet_zone(qapp, size: int) -> None:  # noqa: ANN001
    expected = [[bool(v) for v in row] for row in segno.make_qr(URL, error="m").matrix]
    assert qr_matrix(URL) == expected
    pixmap = qr_pixmap(URL, size)
    assert pixmap.width() == pixmap.height() == size
    image = pixmap.toImage()
    found, start, scale = read_back(image, len(expected))
    assert found == expected
    assert scale == size // (len(expected) + 2 * QUIET_ZONE) and start >= QUIET_ZONE * scale
    # every pixel of a module has its colour (crisp: no blending at the edges)
    dark, light = (QColor(theme.projector_value(r)).rgb() for r in ("qr_dark", "qr_light"))
    assert {image.pixel(x, y) for x in range(size) for y in range(0, size, 7)} <= {dark, light}
    for y, row in enumerate(expected[:9]):
        for x, module in enumerate(row[:9]):
            for dx in (0, scale - 1):
                px = image.pixel(start + x * scale + dx, start + y * scale + dx)
                assert (px == dark) is module
    # the quiet zone is light all round
    edge = start
    assert all(image.pixel(i, j) == light for i in range(size) for j in range(edge))
    assert all(image.pixel(j, i) == light for i in range(size) for j in range(edge))


def test_a_short_text_is_a_full_qr_code_not_a_micro_one(qapp) -> None:  # noqa: ANN001
    assert len(qr_matrix("A1")) >= 21  # version 1 of a full QR code; Micro QR is 11–17 modules


def test_a_size_smaller_than_the_symbol_still_draws_every_module(qapp) -> None:  # noqa: ANN001
    pixmap = qr_pixmap(URL, 10)
    modules = len(qr_matrix(URL)) + 2 * QUIET_ZONE
    assert pixmap.width() == modules
    found, _start, scale = read_back(pixmap.toImage(), len(qr_matrix(URL)))
    assert scale == 1 and found == qr_matrix(URL)
