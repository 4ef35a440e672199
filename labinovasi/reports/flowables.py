"""Custom flowables: ruled writing boxes, option boxes to tick, signature blocks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from labinovasi.reports.base import FONT, FONT_BOLD, INK, MUTED, RULE, clip_text, draw_text, text_width


class RuledBox(Flowable):
    """An empty box with ``lines`` ruled writing lines, to fill in by hand."""

    LINE = 7.5 * mm

    def __init__(self, lines: int = 1, prefix: str = "", hint: str = ""):
        super().__init__()
        self.lines = max(1, lines)
        self.prefix = prefix
        self.hint = hint

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = self.lines * self.LINE + 2 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height)
        c.setLineWidth(0.3)
        c.setDash(1, 2)
        for i in range(1, self.lines):
            y = self.height - 1 * mm - i * self.LINE
            c.line(3 * mm, y, self.width - 3 * mm, y)
        c.setDash()
        if self.prefix:
            c.setFont(FONT, 9)
            c.setFillColor(INK)
            c.drawString(2.5 * mm, self.height - 1 * mm - self.LINE + 2.2 * mm, self.prefix)
        if self.hint:
            c.setFont(FONT, 7)
            c.setFillColor(MUTED)
            c.drawRightString(self.width - 2 * mm, 1.5 * mm, self.hint)


class OptionBoxes(Flowable):
    """Options with a square to tick, laid out in as many columns as fit most labels; a longer label
    wraps onto a second line rather than taking a column of its own (a long list stays compact)."""

    BOX = 3.4 * mm
    ROW = 6 * mm
    LINE = 3.6 * mm  # each further line of a wrapped label

    def __init__(self, labels: Sequence[str], checked: Sequence[bool] | None = None, font_size: float = 9):
        super().__init__()
        self.labels = list(labels)
        self.checked = list(checked) if checked else [False] * len(self.labels)
        self.font_size = font_size

    def _layout(self, avail_w: float) -> tuple[int, float]:
        widths = sorted(pdfmetrics.stringWidth(t, FONT_BOLD, self.font_size) for t in self.labels) or [0.0]
        typical = widths[int(0.85 * (len(widths) - 1))]  # the few longest labels may wrap
        cell = typical + self.BOX + 6 * mm
        cols = max(1, min(len(self.labels), int(avail_w // cell) if cell else 1))
        while cols > 1 and any(
            len(simpleSplit(t, FONT_BOLD, self.font_size, avail_w / cols - self.BOX - 3 * mm)) > 2
            for t in self.labels
        ):
            cols -= 1  # fewer columns until every label fits on two lines
        return cols, avail_w / cols

    def _lines(self, label: str) -> list[str]:
        text_w = self.cell_w - self.BOX - 3 * mm
        lines = simpleSplit(label, FONT_BOLD, self.font_size, text_w) or [""]
        if len(lines) > 2:
            lines = [lines[0], clip_text(" ".join(lines[1:]), FONT_BOLD, self.font_size, text_w)]
        return lines

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.cols, self.cell_w = self._layout(avail_w)
        self.rows = [self.labels[i : i + self.cols] for i in range(0, len(self.labels), self.cols)]
        self.row_h = [self.ROW + self.LINE * (max(len(self._lines(t)) for t in row) - 1) for row in self.rows]
        self.height = sum(self.row_h) + 1 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        top = self.height
        for r, row in enumerate(self.rows):
            for col, label in enumerate(row):
                i = r * self.cols + col
                x = col * self.cell_w
                y = top - self.ROW + 1.5 * mm
                c.setStrokeColor(INK)
                c.setLineWidth(0.7)
                c.rect(x, y, self.BOX, self.BOX)
                if self.checked[i]:
                    c.setLineWidth(1.3)
                    c.line(x + 0.7 * mm, y + 1.8 * mm, x + 1.5 * mm, y + 0.6 * mm)
                    c.line(x + 1.5 * mm, y + 0.6 * mm, x + 3 * mm, y + 3 * mm)
                font = FONT_BOLD if self.checked[i] else FONT
                c.setFillColor(INK)
                for k, line in enumerate(self._lines(label)):
                    draw_text(
                        c, x + self.BOX + 1.8 * mm, y + 0.5 * mm - k * self.LINE, line, font, self.font_size
                    )
            top -= self.row_h[r]


class SignatureBlock(Flowable):
    """One row of signatures the Indonesian way: the role, room to sign, the name in bold and
    underlined, the NIP below. ``signers`` are ``(role, name, nip)`` (nip None: no NIP line); ``place_date`` is printed
    above the right-most signature ("Tempat, tanggal")."""

    def __init__(
        self,
        signers: Sequence[tuple[str, str, str | None]],
        place_date: str = "",
        height: float = 36 * mm,
        centre: bool = False,
    ):
        super().__init__()
        self.signers = list(signers)
        self.centre = centre  # a lone signature in the middle (the highest official of a berita acara)
        self.place_date = place_date
        self.block_h = height

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = self.block_h + (5 * mm if self.place_date else 0)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        n = max(1, len(self.signers))
        gap = 6 * mm
        box_w = (self.width - gap * (n - 1)) / n
        offset = 0.0
        if n == 1:  # a lone signature stands on the right, as in Indonesian letters
            box_w = self.width / 2
            offset = self.width / 4 if self.centre else self.width / 2
        any_jabatan = any(split_jabatan(name)[1] for _role, name, _nip in self.signers)
        for i, (role, name, nip) in enumerate(self.signers):
            x = offset + i * (box_w + gap)
            cx = x + box_w / 2
            top = self.block_h
            c.setFillColor(INK)
            if self.place_date and i == n - 1:
                draw_text(
                    c, cx, top + 1.5 * mm, clip_text(self.place_date, FONT, 9, box_w), FONT, 9, "centre"
                )
            draw_text(c, cx, top - 4 * mm, clip_text(role, FONT_BOLD, 9, box_w), FONT_BOLD, 9, "centre")
            name, jabatan = split_jabatan(name)
            name_y = 9 * mm + (3.8 * mm if any_jabatan else 0)  # every name of the row on one line
            if name:
                name = " ".join(name[:1000].split())
                # one size for every name: a long name takes two lines; only a word wider than the box shrinks
                size = min(_shrink(word, FONT_BOLD, 9, box_w, 7) for word in name.split())
                lines = simpleSplit(name, FONT_BOLD, size, box_w)
                if len(lines) > 2:
                    lines = [lines[0], clip_text(" ".join(lines[1:]), FONT_BOLD, size, box_w)]
                c.setStrokeColor(INK)
                c.setLineWidth(0.6)
                for k, line in enumerate(reversed(lines)):
                    y = name_y + k * (size + 1.5)
                    draw_text(c, cx, y, line, FONT_BOLD, size, "centre")
                    tw = min(box_w, text_width(line, FONT_BOLD, size))
                    c.line(cx - tw / 2, y - 1.2, cx + tw / 2, y - 1.2)
            else:
                c.setFont(FONT, 9)
                c.drawCentredString(cx, name_y, "(" + "." * 48 + ")")
            below = name_y - 4.5 * mm
            if jabatan:  # the signer's post, under the name and not underlined
                draw_text(c, cx, below, clip_text(jabatan, FONT, 8.5, box_w), FONT, 8.5, "centre")
                below -= 3.8 * mm
            if nip is None:  # an elected head has no NIP: no line for it
                continue
            # an NIP is 18 digits; a BUMD employee number comes with its own prefix ("NPP …")
            nip = format_nip(nip)
            label = (f"NIP {nip}" if nip[0].isdigit() else nip) if nip else "NIP " + "." * 36
            draw_text(c, cx, below, clip_text(label, FONT, 8.5, box_w), FONT, 8.5, "centre")


def split_jabatan(name: str) -> tuple[str, str]:
    """``"Dr. Rina K., M.Si. (Analis Kebijakan Ahli Madya)"`` -> the name and the post in brackets at its
    end, which a signature prints under the underlined name rather than as part of it."""
    match = re.fullmatch(r"\s*(.*?\S)\s*\(([^()]+)\)\s*", (name or "")[:2000])
    if match is None:
        return (name or "").strip(), ""
    return match.group(1), match.group(2).strip()


def format_nip(nip: str) -> str:
    """An 18-digit NIP grouped the way it is printed on official papers: ``19690514 199403 1 006``.
    Anything else (an NPP, an NIK, a NIP already spaced) is returned as typed."""
    digits = (nip or "").strip()
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return digits


def _shrink(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest font size from ``size`` down to ``smallest`` at which ``text`` fits ``width``."""
    while size > smallest and text_width(text[:1000], font, size) > width:
        size -= 0.5
    return size
