"""Berita Acara Peluncuran Inovasi: the record of the launch that the regional head signs.

Gathered first (:func:`labinovasi.services.launch.launch_record`), then laid out from those values alone:
the kop, the title and number, the legal-style opening ("Pada hari ini … tanggal … bertempat di …")
from ``resources/templates/berita_acara_peluncuran.txt``, the numbered list of the launched innovations
unit by unit — in a lampiran after the signatures when it runs long — and the signature blocks: the
organiser's head and the LAN coach ("Mengetahui"), then the one who launched, in the middle.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cache
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    Bookmark,
    DocumentInfo,
    build,
    content_width,
    to_portrait,
)
from labinovasi.reports.commitment_pdf import block_flowables, fill, number_with_words, terbilang
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import Signer, letterhead, list_table_style, signature_parts, text
from labinovasi.resources import resource_path
from labinovasi.services.launch import LaunchRecord, launch_record

TITLE = "Berita Acara Peluncuran Inovasi"
TEMPLATE_FILE = ("templates", "berita_acara_peluncuran.txt")
LIST_MARK = "{daftar_inovasi}"
INLINE_MAX = 10  # up to this many innovations are listed in the text; more go to a lampiran
DOTS = "." * 30
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@cache
def load_template() -> str:
    return resource_path(*TEMPLATE_FILE).read_text(encoding="utf-8")


def in_lampiran(record: LaunchRecord) -> bool:
    return len(record.ideas) > INLINE_MAX


def wording_values(record: LaunchRecord) -> dict[str, str]:
    """The placeholders of the wording; a date not filled in yet leaves dots to write by hand."""
    lab, day = record.lab, record.date
    launcher = ", ".join(p for p in (record.launcher.title, record.launcher.name) if p)
    lampiran = in_lampiran(record)
    return {
        "hari": DAYS[day.weekday()] if day else "." * 12,
        "tanggal": terbilang(day.day) if day else "." * 12,
        "bulan": MONTHS[day.month - 1] if day else "." * 14,
        "tahun": terbilang(day.year) if day else "." * 24,
        "tanggal_angka": day.strftime("%d-%m-%Y") if day else "." * 10,
        "pukul": _(", pukul {time}").format(time=record.time) if record.time else "",
        "tempat": record.place or DOTS,
        "lab": lab.name,
        "pemda": lab.pemda or _("Daerah"),
        "peluncur": launcher or DOTS,
        "jumlah_inovasi": number_with_words(len(record.ideas)),
        "jumlah_unit": number_with_words(record.unit_count),
        "rujukan_daftar": (
            _("sebagaimana tercantum dalam Lampiran Berita Acara ini.") if lampiran else _("sebagai berikut:")
        ),
        "isi_kesepakatan": record.agreement,
    }


def innovation_table(record: LaunchRecord, width: float) -> Table:
    """No · Nama inovasi · Unit kerja pengusul, unit by unit; the header repeats on every page."""
    rows: list[list[object]] = [
        [
            text(_("No"), "ListHead"),
            text(_("Nama inovasi"), "ListHead"),
            text(_("Unit kerja pengusul"), "ListHead"),
        ]
    ]
    for n, idea in enumerate(record.ideas, start=1):
        rows.append(
            [
                text(f"{n}.", "ListNo"),
                text(idea.title or _("(tanpa judul)"), "ListCell"),
                text(idea.unit, "ListCell"),
            ]
        )
    if len(rows) == 1:
        rows.append(
            [text("–", "ListNo"), text(_("Belum ada inovasi yang dicentang di LK-4a."), "ListCell"), ""]
        )
    table = Table(rows, colWidths=[10 * mm, (width - 10 * mm) * 0.58, (width - 10 * mm) * 0.42], repeatRows=1)
    table.setStyle(list_table_style())
    return table


def _signatures(record: LaunchRecord, width: float) -> list[Flowable]:
    first = [
        Signer((record.acknowledger.title,), record.acknowledger.name, record.acknowledger.nip),
        Signer((record.coach.title,), record.coach.name, record.coach.nip),
    ]
    if record.witness:
        first.append(Signer((_("Saksi"),), record.witness))
    launcher = Signer(
        (_("Yang meluncurkan,"), record.launcher.title), record.launcher.name, record.launcher.nip
    )
    return [
        Spacer(1, 5 * mm),
        *signature_parts(
            first, width, sign_height=21 * mm, caption=_("Mengetahui,"), caption_over=len(first)
        ),
        Spacer(1, 4 * mm),
        *signature_parts([launcher], width, sign_height=21 * mm, centre=True),
    ]


def _number_line(record: LaunchRecord) -> str:
    return _("Nomor: {number}").format(number=record.number or DOTS)


def berita_acara_story(
    record: LaunchRecord, info: DocumentInfo, template_text: str | None = None
) -> list[Flowable]:
    width = content_width(info)
    story: list[Flowable] = [to_portrait(), Bookmark(_("Berita Acara"), 0)]
    story += letterhead(record.lab, record.logo_path, width)
    story += [
        text(_("BERITA ACARA"), "DocTitle"),
        text(_("PELUNCURAN (LAUNCHING) INOVASI"), "DocSubtitle"),
        text(record.lab.name.upper(), "DocSubtitle"),
        Spacer(1, 1 * mm),
        text(_number_line(record), "SignHead"),
        Spacer(1, 5 * mm),
    ]
    wording = template_text if template_text is not None else load_template()
    lines = [ln for ln in wording.replace("\r\n", "\n").split("\n") if not ln.lstrip().startswith("#")]
    at = next((k for k, ln in enumerate(lines) if ln.strip() == LIST_MARK), len(lines))
    before, after = "\n".join(lines[:at]), "\n".join(lines[at + 1 :])
    values = wording_values(record)
    optional = ("isi_kesepakatan",)
    for block in fill(before, values, optional):
        story += block_flowables(block, width)
    if not in_lampiran(record):
        story += [innovation_table(record, width), Spacer(1, 4 * mm)]
    closing: list[Flowable] = []
    for block in fill(after, values, optional):
        closing += block_flowables(block, width)
    # the last paragraph stays with the signatures, so nobody signs under an empty page
    story += closing[:-1]
    story.append(KeepTogether(closing[-1:] + _signatures(record, width)))
    if in_lampiran(record):
        story += [
            PageBreak(),
            Bookmark(_("Lampiran"), 0),
            text(_("LAMPIRAN BERITA ACARA PELUNCURAN INOVASI"), "DocSubtitle"),
            text(_number_line(record), "SignHead"),
            text(
                _("Tanggal: {date}").format(date=format_date(record.date) if record.date else DOTS),
                "SignHead",
            ),
            Spacer(1, 3 * mm),
            text(
                _("Daftar {n} inovasi dari {u} unit kerja yang diluncurkan").format(
                    n=len(record.ideas), u=record.unit_count
                ),
                "SignHead",
            ),
            Spacer(1, 3 * mm),
            innovation_table(record, width),
        ]
    return story


def _info(record: LaunchRecord, paper: str) -> DocumentInfo:
    return DocumentInfo(title=_(TITLE), lab=record.lab.name, paper=paper, subject=_(TITLE), kop=True)


def render_berita_acara(db: Database, lab_id: uuid.UUID | str, paper: str = "a4") -> bytes:
    """The Berita Acara Peluncuran Inovasi of a lab as PDF bytes."""
    record = launch_record(db, lab_id)
    info = _info(record, paper)
    return build(berita_acara_story(record, info), info)


def export_berita_acara(db: Database, lab_id: uuid.UUID | str, out: Path, paper: str = "a4") -> Path:
    write_atomically(out, render_berita_acara(db, lab_id, paper))
    return out


def berita_acara_filename(date: dt.date | None = None) -> str:
    return f"Berita_Acara_Peluncuran_Inovasi{'_' + date.isoformat() if date else ''}.pdf"
