"""Direktori Inovasi: the book a region prints at the end of its lab.

A cover with the lab's logo, a foreword (``resources/templates/kata_pengantar_direktori.txt``) signed by
the head who launched the innovations, the contents by unit type and unit, one page (or two) per
launched innovation — number, name, unit, photo, maturity, bentuk, jenis, urusan, the launch date,
contact, then the problem, the solution, the benefits and the results with their figures — and an index
by urusan (by the innovations' numbers). Gathered once (:func:`direktori_data`), then laid out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from labinovasi.db.engine import Database
from labinovasi.domain.enums import UnitType
from labinovasi.i18n import _, format_date, format_number
from labinovasi.images import print_copy
from labinovasi.reports.base import (
    FONT,
    LIGHT,
    PORTRAIT,
    RULE,
    DocumentInfo,
    build,
    content_width,
    esc,
    heading,
    long_text,
    markup,
    para,
    table_of_contents,
)
from labinovasi.reports.commitment_pdf import block_flowables, fill, number_with_words
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import Signer, logo_image, signature_parts
from labinovasi.resources import resource_path
from labinovasi.services import labs as svc
from labinovasi.services.display import DisplayRecap, IdeaDisplay, display_recap
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.launch import LaunchRecord, launch_record
from labinovasi.services.profiles import InnovationProfile, innovation_profiles
from labinovasi.services.records import LabInfo

TITLE = "Direktori Inovasi"
FOREWORD_FILE = ("templates", "kata_pengantar_direktori.txt")
PHOTO_W = 72 * mm
PHOTO_H = 58 * mm
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DirektoriData:
    lab: LabInfo
    logo_path: str
    launch: LaunchRecord
    profiles: tuple[InnovationProfile, ...]  # in the lab's order; numbered 1… in the book's order
    display: DisplayRecap | None = None  # the exhibitions and replication requests (LK-5b, LK-5c)

    def by_type(self) -> list[tuple[UnitType, list[tuple[str, list[InnovationProfile]]]]]:
        """Unit types (in their order) → units (in the lab's order) → their innovations."""
        out: list[tuple[UnitType, list[tuple[str, list[InnovationProfile]]]]] = []
        for kind in UnitType:
            units: dict[uuid.UUID, tuple[str, list[InnovationProfile]]] = {}
            for p in self.profiles:
                if p.unit_type is kind:
                    units.setdefault(p.unit_id, (p.unit, []))[1].append(p)
            if units:
                out.append((kind, list(units.values())))
        return out

    def ordered(self) -> list[InnovationProfile]:
        """The innovations in the book's order (by unit type, then unit)."""
        return [p for _kind, units in self.by_type() for _unit, ps in units for p in ps]


def direktori_data(db: Database, lab_id: uuid.UUID | str) -> DirektoriData:
    lab = svc.get_lab(db, lab_id)
    profiles = innovation_profiles(db, lab.id)
    if not profiles:
        raise ValueError(
            _(
                "Belum ada inovasi yang diluncurkan: Direktori Inovasi memuat inovasi yang sudah diluncurkan (LK-4a)."
            )
        )
    return DirektoriData(
        lab,
        get_lab_settings(db, lab.id).logo_path,
        launch_record(db, lab.id),
        tuple(profiles),
        display_recap(db, lab.id),
    )


@cache
def load_foreword() -> str:
    return resource_path(*FOREWORD_FILE).read_text(encoding="utf-8")


def _cover(data: DirektoriData, width: float, today: dt.date) -> list[Flowable]:
    lab = data.lab
    story: list[Flowable] = [Spacer(1, 30 * mm)]
    logo = logo_image(data.logo_path, 45 * mm, 45 * mm)
    if logo is not None:
        story += [logo, Spacer(1, 12 * mm)]
    else:
        story.append(Spacer(1, 20 * mm))
    story += [
        markup(esc(_("DIREKTORI INOVASI")), "CoverTitle"),
        Spacer(1, 8 * mm),
        para(lab.name, "CoverBig"),
        Spacer(1, 4 * mm),
        para(_("Pemerintah {pemda}").format(pemda=lab.pemda) if lab.pemda else "", "CoverText"),
        Spacer(1, 40 * mm),
    ]
    rule = Table([[""]], colWidths=[width * 0.5], rowHeights=[1])
    rule.setStyle(
        TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1.2, RULE), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    story += [rule, Spacer(1, 6 * mm)]
    if lab.organizer:
        story.append(para(lab.organizer, "CoverText"))
    story += [Spacer(1, 20 * mm), para(str(lab.year or today.year), "CoverBig")]
    return story + [NextPageTemplate(PORTRAIT), PageBreak()]


def _foreword(data: DirektoriData, width: float, today: dt.date) -> list[Flowable]:
    lab, launch = data.lab, data.launch
    values = {
        "pemda": lab.pemda or _("Daerah"),
        "lab": lab.name,
        "jumlah_inovasi": number_with_words(len(data.profiles)),
        "jumlah_unit": number_with_words(len({p.unit_id for p in data.profiles})),
        "tahun": str(lab.year or today.year),
    }
    story: list[Flowable] = [heading(_("Kata Pengantar"), 0, "Title", user_text=False), Spacer(1, 4 * mm)]
    for block in fill(load_foreword(), values, ()):
        story += block_flowables(block, width)
    signer = launch.launcher if launch.launcher.name else launch.acknowledger
    place = lab.city or lab.pemda
    day = format_date(today)
    story += [Spacer(1, 6 * mm)]
    story += signature_parts(
        [Signer((f"{place}, {day}" if place else day, signer.title), signer.name, signer.nip)], width, 24 * mm
    )
    return story + [PageBreak()]


def _facts(p: InnovationProfile) -> list[tuple[str, str]]:
    rows = [
        (_("Unit kerja"), p.unit),
        (_("Tahapan"), p.maturity),
        (_("Bentuk inovasi"), p.bentuk),
        (_("Jenis inovasi"), p.jenis),
        (_("Urusan"), p.urusan),
        (_("Diluncurkan"), format_date(p.launched_on) if p.launched_on else ""),
        (_("Penerima manfaat"), format_number(p.beneficiaries) if p.beneficiaries is not None else ""),
        (_("Kontak"), p.contact),
    ]
    return [(k, v) for k, v in rows if v]


def _photo(p: InnovationProfile) -> Flowable:
    copy = print_copy(p.photo) if p.photo is not None else None
    if copy is None:
        box = Table([[para(_("Foto belum ada"), "Muted")]], colWidths=[PHOTO_W], rowHeights=[PHOTO_H * 0.6])
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return box
    path, (w, h) = copy
    scale = min(PHOTO_W / w, PHOTO_H / h)
    return Image(str(path), width=w * scale, height=h * scale)


def display_lines(shown: IdeaDisplay) -> list[tuple[str, str]]:
    """ "Dipamerkan di" and "Diminati/direplikasi oleh" of one innovation, each as one sentence."""
    rows = []
    if shown.exhibitions:
        rows.append(
            (
                _("Dipamerkan di"),
                "; ".join(f"{e.name} ({e.dates})" if e.dates else e.name for e in shown.exhibitions),
            )
        )
    if shown.requests:
        rows.append(
            (
                _("Diminati/direplikasi oleh"),
                "; ".join(f"{r.requester} ({r.status})" if r.status else r.requester for r in shown.requests),
            )
        )
    return rows


def _innovation(
    p: InnovationProfile, number: int, width: float, shown: IdeaDisplay | None = None
) -> list[Flowable]:
    facts = Table(
        [[markup(esc(k), "Cell"), para(v, "Cell")] for k, v in _facts(p)] or [[para("—", "Cell"), ""]],
        colWidths=[30 * mm, width - PHOTO_W - 36 * mm],
    )
    facts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    top = Table([[_photo(p), facts]], colWidths=[PHOTO_W + 6 * mm, width - PHOTO_W - 6 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [
        heading(f"{number}. {p.title}", 2, "H1"),
        para(f"{p.unit} · {p.unit_type.label}", "Muted"),
        Spacer(1, 3 * mm),
        top,
        Spacer(1, 2 * mm),
    ]
    if p.photo_caption:
        story.append(para(p.photo_caption, "Muted"))
    for label, text in ((_("Masalah"), p.problem), (_("Solusi"), p.solution), (_("Manfaat"), p.benefits)):
        story.append(KeepTogether([markup(esc(label), "Label"), *long_text(text or "—")[:1]]))
        story += long_text(text or "—")[1:]
    story.append(markup(esc(_("Hasil")), "Label"))
    story += long_text(p.results or "—")
    if p.figures:
        rows = [[markup(f"<b>{esc(h)}</b>", "Cell") for h in (_("Indikator"), _("Sebelum"), _("Sesudah"))]]
        rows += [
            [para(f.indicator, "Cell"), para(f.before, "Cell"), para(f.after, "Cell")] for f in p.figures
        ]
        table = Table(rows, colWidths=[width * 0.5, width * 0.25, width * 0.25], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [Spacer(1, 2 * mm), table]
    for label, text in display_lines(shown) if shown is not None else []:
        story.append(KeepTogether([markup(esc(label), "Label"), *long_text(text)[:1]]))
        story += long_text(text)[1:]
    return story


def _index(data: DirektoriData, numbers: dict[uuid.UUID, int]) -> list[Flowable]:
    story: list[Flowable] = [heading(_("Indeks menurut Urusan"), 0, user_text=False), Spacer(1, 2 * mm)]
    groups: dict[str, list[InnovationProfile]] = {}
    for p in data.ordered():
        groups.setdefault(p.urusan or _("Urusan belum diisi"), []).append(p)
    for urusan in sorted(groups, key=str.casefold):
        entries = "; ".join(f"{numbers[p.idea_id]}. {p.title}" for p in groups[urusan])
        story += [markup(esc(urusan), "Label"), para(entries, "Value")]
    return story


def direktori_story(
    data: DirektoriData, info: DocumentInfo, today: dt.date, progress: Progress | None = None
) -> list[Flowable]:
    width = content_width(info)
    story = _cover(data, width, today) + _foreword(data, width, today)
    story += [markup(esc(_("Daftar Isi")), "Title"), Spacer(1, 3 * mm), table_of_contents(3), PageBreak()]
    numbers: dict[uuid.UUID, int] = {}
    n = 0
    groups = data.by_type()
    for kind, units in groups:
        story.append(heading(kind.label, 0, "Title", user_text=False))
        for unit, profiles in units:
            story.append(heading(unit, 1, "H2"))
            for p in profiles:
                n += 1
                numbers[p.idea_id] = n
                shown = data.display.for_idea(p.idea_id) if data.display is not None else None
                story += _innovation(p, n, width, shown)
                story.append(PageBreak())
                if progress is not None:
                    progress(n, len(data.profiles), p.title)
    return story + _index(data, numbers)


def render_direktori(
    db: Database,
    lab_id: uuid.UUID | str,
    paper: str = "a4",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    data = direktori_data(db, lab_id)
    today = today or dt.date.today()
    info = DocumentInfo(
        title=_(TITLE), lab=data.lab.name, paper=paper, subject=_(TITLE), cover=True, printed_on=today
    )
    pdf = build(direktori_story(data, info, today, progress), info)
    if progress is not None:
        progress(len(data.profiles), len(data.profiles), _("PDF selesai"))
    return pdf


def export_direktori(
    db: Database,
    lab_id: uuid.UUID | str,
    out: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """Write the Direktori to ``out`` (replaced only when complete); None when cancelled before writing."""
    pdf = render_direktori(db, lab_id, paper, progress=progress)
    if cancelled is not None and cancelled():
        return None
    write_atomically(out, pdf)
    return out


def direktori_filename(lab_name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in lab_name)
    return f"Direktori_Inovasi_{'_'.join(safe.split())[:60] or 'lab'}.pdf"
