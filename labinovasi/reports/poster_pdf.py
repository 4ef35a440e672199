"""Poster Inovasi (LK-5a): one portrait page per innovation, A3 or A4, to be read from two metres.

The page is drawn, not flowed: a band with the lab and its logo, the innovation's name as large as
fits, the unit with the maturity and the launch date, the photo, the results in numbers, four boxes
(Masalah, Solusi, Manfaat, Hasil) whose text shrinks to fit its box, and the contact. Sizes follow the
paper (A3 is A4 scaled by √2). The blank poster has the same frame with lines to write on.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.images import print_copy
from labinovasi.reports.base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    LIGHT,
    MUTED,
    PAPERS,
    PaperError,
    esc,
    register_fonts,
)
from labinovasi.reports.common import write_atomically
from labinovasi.services import labs as svc
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.profiles import InnovationProfile, beneficiaries_text, innovation_profiles
from labinovasi.services.records import LabInfo

POSTER_PAPERS = ("a3", "a4")
Progress = Callable[[int, int, str], None]
WHITE = colors.white
ACCENT_SOFT = colors.HexColor("#f4e7e9")


@dataclass(frozen=True)
class PosterPack:
    lab: LabInfo
    logo_path: str
    profiles: tuple[InnovationProfile, ...]


def poster_pack(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str | None = None,
    idea_ids: list[uuid.UUID] | None = None,
) -> PosterPack:
    """What the posters print: the lab's launched innovations (of one unit, or the ``idea_ids``)."""
    lab = svc.get_lab(db, lab_id)
    profiles = innovation_profiles(db, lab.id, unit_id, idea_ids)
    return PosterPack(lab, get_lab_settings(db, lab.id).logo_path, tuple(profiles))


def _paper(paper: str) -> tuple[float, float]:
    if paper.lower() not in POSTER_PAPERS:
        raise PaperError(_("Poster dicetak pada kertas A3 atau A4 (bukan {p}).").format(p=paper))
    return PAPERS[paper.lower()]


def _cut(text: str, width: float, height: float, size: float) -> str:
    """At most as many characters as the box could show at ``size``: a 100,000-character text is not
    wrapped again and again while its size is fitted."""
    room = int(width * height / (size * size * 0.45)) + 20
    text = " ".join(text.split(" ")) if len(text) <= room else text[:room].rstrip() + "…"
    return text


def fit(
    text: str,
    width: float,
    height: float,
    size: float,
    min_size: float,
    bold: bool = False,
    colour: colors.Color = INK,
    align: Literal[0, 1, 2, 4] = TA_LEFT,
) -> Paragraph:
    """``text`` as large as fits ``width`` × ``height`` (from ``size`` down to ``min_size``); at the
    smallest size, cut with an ellipsis to fit."""
    font = FONT_BOLD if bold else FONT
    text = _cut(text, width, height, min_size)
    s = size
    while True:
        st = ParagraphStyle(
            f"poster{s:.1f}{bold}",
            fontName=font,
            fontSize=s,
            leading=s * 1.22,
            textColor=colour,
            alignment=align,
        )
        p = Paragraph(esc(text, font), st)
        _w, h = p.wrap(width, height)
        if h <= height:
            return p
        if s > min_size:
            s = max(min_size, s * 0.9)
            continue
        # at the smallest size: keep the part that fits
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = Paragraph(esc(text[:mid].rstrip() + "…", font), st)
            if trial.wrap(width, height)[1] <= height:
                lo = mid
            else:
                hi = mid - 1
        p = Paragraph(esc(text[:lo].rstrip() + "…", font), st)
        p.wrap(width, height)
        return p


def _draw(p: Paragraph, c: Canvas, x: float, top: float) -> float:
    """Draw a wrapped paragraph with its top at ``top``; return its height."""
    p.drawOn(c, x, top - p.height)
    return p.height


class _Poster:
    def __init__(self, c: Canvas, size: tuple[float, float], lab: LabInfo, logo_path: str):
        self.c = c
        self.w, self.h = size
        self.u = self.w / PAPERS["a4"][0]  # 1 on A4, √2 on A3
        self.m = 12 * mm * self.u
        self.lab = lab
        self.logo = logo_path

    def band(self) -> float:
        """The top band: the lab and the region; returns the y under it."""
        c, u, m = self.c, self.u, self.m
        band_h = 22 * mm * u
        c.setFillColor(ACCENT)
        c.rect(0, self.h - band_h, self.w, band_h, stroke=0, fill=1)
        x = m
        copy = print_copy(self.logo) if self.logo else None
        if copy is not None:
            path, (pw, ph) = copy
            side = band_h - 6 * mm * u
            scale = min(side / pw, side / ph)
            c.setFillColor(WHITE)
            c.roundRect(
                x - 1.5 * mm * u,
                self.h - band_h + 1.5 * mm * u,
                pw * scale + 3 * mm * u,
                side + 3 * mm * u,
                2 * mm * u,
                stroke=0,
                fill=1,
            )
            c.drawImage(str(path), x, self.h - band_h + 3 * mm * u, pw * scale, ph * scale, mask="auto")
            x += pw * scale + 6 * mm * u
        width = self.w - m - x
        top = self.h - 4 * mm * u
        top -= _draw(fit(_("INOVASI DAERAH"), width, 7 * mm * u, 10 * u, 7 * u, True, WHITE), self.c, x, top)
        _draw(
            fit(self.lab.name, width, band_h - 13 * mm * u, 14 * u, 8 * u, True, WHITE),
            self.c,
            x,
            top - 1 * mm * u,
        )
        return self.h - band_h

    def footer(self, text: str) -> float:
        c, u, m = self.c, self.u, self.m
        h = 14 * mm * u
        c.setFillColor(LIGHT)
        c.rect(0, 0, self.w, h, stroke=0, fill=1)
        p = fit(text, self.w - 2 * m, h - 4 * mm * u, 11 * u, 7 * u, False, INK)
        _draw(p, c, m, h - 2 * mm * u - max(0.0, (h - 4 * mm * u - p.height) / 2))
        return h

    def box(
        self, x: float, top: float, width: float, height: float, heading: str, text: str, blank: bool
    ) -> None:
        c, u = self.c, self.u
        head_h = 9 * mm * u
        c.setFillColor(ACCENT)
        c.roundRect(x, top - head_h, width, head_h, 1.5 * mm * u, stroke=0, fill=1)
        c.setFillColor(WHITE)
        c.setFont(FONT_BOLD, 14 * u)
        c.drawString(x + 3 * mm * u, top - head_h + 2.6 * mm * u, heading)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(0.8 * u)
        c.rect(x, top - height, width, height - head_h + 0.1, stroke=1, fill=0)
        inner_w, inner_h = width - 6 * mm * u, height - head_h - 6 * mm * u
        if blank:
            c.setStrokeColor(MUTED)
            c.setLineWidth(0.3 * u)
            y = top - head_h - 10 * mm * u
            while y > top - height + 4 * mm * u:
                c.line(x + 3 * mm * u, y, x + width - 3 * mm * u, y)
                y -= 9 * mm * u
            return
        body = fit(text or "—", inner_w, inner_h, 16 * u, 8.5 * u)
        _draw(body, c, x + 3 * mm * u, top - head_h - 3 * mm * u)

    def photo(
        self, path: Path | None, x: float, top: float, width: float, height: float, blank: bool
    ) -> bool:
        c, u = self.c, self.u
        copy = print_copy(path) if path is not None else None
        if copy is None:
            if not blank:
                return False
            c.setStrokeColor(MUTED)
            c.setDash(4 * u, 3 * u)
            c.rect(x, top - height, width, height, stroke=1, fill=0)
            c.setDash()
            c.setFillColor(MUTED)
            c.setFont(FONT, 12 * u)
            c.drawCentredString(x + width / 2, top - height / 2, _("Tempel foto di sini"))
            return True
        file, (pw, ph) = copy
        c.setFillColor(ACCENT_SOFT)
        c.rect(x, top - height, width, height, stroke=0, fill=1)
        scale = min(width / pw, height / ph)
        iw, ih = pw * scale, ph * scale
        c.drawImage(str(file), x + (width - iw) / 2, top - height + (height - ih) / 2, iw, ih, mask="auto")
        return True

    def figures(self, p: InnovationProfile, x: float, top: float, width: float, height: float) -> None:
        """The results in numbers, side by side: ``5 hari → 1 hari`` under the indicator's name."""
        c, u = self.c, self.u
        items = [(f.indicator, " → ".join(v for v in (f.before, f.after) if v)) for f in p.figures[:3]]
        if p.beneficiaries is not None and len(items) < 3:
            items.append((_("Penerima manfaat"), beneficiaries_text(p.beneficiaries).split(" ")[0]))
        n = len(items)
        gap = 4 * mm * u
        cell = (width - gap * (n - 1)) / n
        for i, (name, value) in enumerate(items):
            cx = x + i * (cell + gap)
            c.setFillColor(ACCENT_SOFT)
            c.roundRect(cx, top - height, cell, height, 2 * mm * u, stroke=0, fill=1)
            big = fit(value, cell - 4 * mm * u, height * 0.55, 22 * u, 10 * u, True, ACCENT, TA_CENTER)
            _draw(big, c, cx + 2 * mm * u, top - 2.5 * mm * u)
            small = fit(name, cell - 4 * mm * u, height * 0.35, 10 * u, 7 * u, False, INK, TA_CENTER)
            _draw(small, c, cx + 2 * mm * u, top - 2.5 * mm * u - big.height - 1.5 * mm * u)

    def page(self, p: InnovationProfile | None) -> None:
        """One poster (``p`` None: the blank one)."""
        c, u, m = self.c, self.u, self.m
        blank = p is None
        top = self.band() - 6 * mm * u
        width = self.w - 2 * m
        if blank:
            c.setFillColor(INK)
            c.setFont(FONT_BOLD, 16 * u)
            c.drawString(m, top - 8 * mm * u, _("Nama inovasi:"))
            c.setStrokeColor(MUTED)
            c.setLineWidth(0.4 * u)
            for k in range(2):
                c.line(
                    m + (42 * mm * u if k == 0 else 0),
                    top - (9 + 12 * k) * mm * u,
                    self.w - m,
                    top - (9 + 12 * k) * mm * u,
                )
            top -= 26 * mm * u
            c.setFont(FONT, 12 * u)
            c.drawString(m, top, _("Unit:"))
            c.line(m + 14 * mm * u, top - 1 * mm * u, self.w - m, top - 1 * mm * u)
            top -= 6 * mm * u
        else:
            assert p is not None
            title = fit(p.title, width, 34 * mm * u, 34 * u, 16 * u, True, INK)
            top -= _draw(title, c, m, top) + 2 * mm * u
            facts = [p.unit]
            if p.maturity:
                facts.append(_("Tahap {level}").format(level=p.maturity.lower()))
            if p.launched_on:
                facts.append(_("diluncurkan {date}").format(date=format_date(p.launched_on)))
            line = fit(" · ".join(facts), width, 14 * mm * u, 13 * u, 8 * u, False, MUTED)
            top -= _draw(line, c, m, top) + 4 * mm * u
        footer_h = 14 * mm * u
        room = top - footer_h - 6 * mm * u
        photo_h = room * 0.36
        has_photo = self.photo(p.photo if p else None, m, top, width, photo_h, blank)
        if has_photo:
            top -= photo_h + 4 * mm * u
        if p is not None and (p.figures or p.beneficiaries is not None):
            fig_h = 26 * mm * u
            self.figures(p, m, top, width, fig_h)
            top -= fig_h + 4 * mm * u
        boxes_h = top - footer_h - 6 * mm * u
        gap = 5 * mm * u
        bw, bh = (width - gap) / 2, (boxes_h - gap) / 2
        texts = (
            (_("Masalah"), p.problem if p else ""),
            (_("Solusi"), p.solution if p else ""),
            (_("Manfaat"), p.benefits if p else ""),
            (_("Hasil"), (p.results if p else "")),
        )
        for i, (heading, text) in enumerate(texts):
            col, row = i % 2, i // 2
            self.box(m + col * (bw + gap), top - row * (bh + gap), bw, bh, heading, text, blank)
        if p is None:
            contact = _("Kontak: ") + "." * 80
        else:
            contact = (
                (_("Kontak: {who}").format(who=p.contact) if p.contact else _("Kontak: —"))
                + "   ·   "
                + self.lab.name
            )
        self.footer(contact)
        c.showPage()


def render_posters(
    pack: PosterPack, paper: str = "a3", blank: bool = False, progress: Progress | None = None
) -> bytes:
    """The posters of ``pack`` (or one blank poster) as one PDF, one page each."""
    size = _paper(paper)
    register_fonts()
    if not blank and not pack.profiles:
        raise ValueError(
            _(
                "Belum ada inovasi yang diluncurkan untuk dibuatkan poster: luncurkan dulu di LK-4a, atau cetak poster kosong."
            )
        )
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, pageCompression=1)
    title = _("Poster kosong") if blank else _("Poster Inovasi")
    c.setTitle(f"{title} — {pack.lab.name}")
    c.setAuthor(pack.lab.organizer or pack.lab.name)
    c.setSubject(_("Poster Inovasi"))
    c.setCreator("Lab Inovasi")
    poster = _Poster(c, size, pack.lab, pack.logo_path)
    if blank:
        poster.page(None)
    for n, profile in enumerate(pack.profiles if not blank else ()):
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"{profile.unit} — {profile.title}"[:200], f"p{n}", level=0)
        poster.page(profile)
        if progress is not None:
            progress(n + 1, len(pack.profiles), profile.title)
    c.save()
    return buf.getvalue()


def export_posters(
    db: Database,
    lab_id: uuid.UUID | str,
    out: Path,
    unit_id: uuid.UUID | str | None = None,
    paper: str = "a3",
    blank: bool = False,
    idea_ids: list[uuid.UUID] | None = None,
) -> Path:
    write_atomically(out, render_posters(poster_pack(db, lab_id, unit_id, idea_ids), paper, blank))
    return out


def poster_filename(title: str | None = None, paper: str = "a3") -> str:
    if not title:
        return f"Poster_Inovasi_{paper.upper()}.pdf"
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title.split(" — ")[0])
    return f"Poster_{'_'.join(safe.split())[:60] or 'inovasi'}_{paper.upper()}.pdf"
