"""Daftar Hadir: the attendance list of one session, ready to sign.

The lab's kop, the session (title, stage, day and date, time, place), then one table — No, Nama, NIP,
Jabatan, Unit, Tanda tangan — whose header repeats on every page. The signature column is laid out the
Indonesian way: row 1 signs on the left half of the cell next to "1.", row 2 on the right half next
to "2.", and so on, so neighbouring signatures never collide. Empty numbered rows follow for walk-ins,
and the facilitator's "Mengetahui" signature closes the list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    FONT,
    INK,
    LIGHT,
    RULE,
    DocumentInfo,
    build,
    content_width,
    esc,
    markup,
    para,
    to_portrait,
)
from labinovasi.reports.letterhead import Signer, format_nip, letterhead, signature_parts, text
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import get_lab
from labinovasi.services.records import LabInfo
from labinovasi.services.sessions import Participant, SessionInfo, attendance, get_session, list_participants

TITLE = "Daftar Hadir"
ROW_HEIGHT = 10 * mm  # room to sign
MAX_WALK_IN_ROWS = 500
BLANK = "." * 40  # a value to write in by hand


@dataclass(frozen=True)
class AttendanceSheet:
    """What one Daftar Hadir shows (plain values; no layout)."""

    lab: LabInfo
    session: SessionInfo
    people: list[Participant]  # in print order: by unit, then name
    present: frozenset[uuid.UUID]
    logo_path: str
    only_present: bool = False


def attendance_sheet(
    db: Database, session_id: uuid.UUID | str, only_present: bool = False
) -> AttendanceSheet:
    """Gather the list: every participant of the session's lab (or only those ticked present)."""
    session = get_session(db, session_id)
    lab = get_lab(db, session.lab_id)
    present = frozenset(attendance(db, session.id))
    people = list_participants(db, lab.id)
    if only_present:
        people = [p for p in people if p.id in present]
    return AttendanceSheet(
        lab, session, people, present, get_lab_settings(db, lab.id).logo_path, only_present
    )


def session_day(date: dt.date | None) -> str:
    """``Selasa, 13 Oktober 2026``: the day and the date, as an attendance list states them."""
    return format_date(date, "EEEE, d MMMM y") if date else ""


class SignSlot(Flowable):
    """The signature cell of row ``number``: odd rows sign on the left half, even rows on the right."""

    def __init__(self, number: int, height: float):
        super().__init__()
        self.number = number
        self.slot_h = height

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = self.slot_h
        return self.width, self.height

    @property
    def on_right(self) -> bool:
        return self.number % 2 == 0

    def draw(self) -> None:
        c = self.canv
        half = self.width / 2
        x = half if self.on_right else 0
        c.setFillColor(INK)
        c.setFont(FONT, 8.5)
        c.drawString(x + 1 * mm, self.height * 0.3, f"{self.number}.")


def _widths(width: float) -> list[float]:
    """No | Nama | NIP | Jabatan | Unit | Tanda tangan. The NIP column fits ``19690514 199403 1 006``."""
    no_w, nip_w = 7.5 * mm, 32 * mm
    rest = width - no_w - nip_w
    return [no_w, rest * 0.275, nip_w, rest * 0.23, rest * 0.235, rest * 0.26]


def _session_block(sheet: AttendanceSheet, width: float) -> list[Flowable]:
    s = sheet.session
    title = _("DAFTAR HADIR PESERTA YANG HADIR") if sheet.only_present else _("DAFTAR HADIR")
    rows = [
        (_("Tahap"), _("{stage} (tahap {n} dari 5D+1)").format(stage=s.stage.label, n=s.stage.number)),
        (_("Hari, tanggal"), session_day(s.date) or BLANK),
        (_("Waktu"), s.time or BLANK),
        (_("Tempat"), s.place or BLANK),
    ]
    info = Table(
        [[markup(esc(k), "Cell"), ":", para(v, "Cell")] for k, v in rows],
        colWidths=[28 * mm, 4 * mm, width - 32 * mm],
        splitInRow=1,
    )
    info.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    info.hAlign = "LEFT"
    return [text(title, "DocTitle"), text(s.title, "DocSubtitle"), Spacer(1, 4 * mm), info, Spacer(1, 4 * mm)]


def _table_style() -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 0.8, INK),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (-1, 1), (-1, -1), 0),
            ("RIGHTPADDING", (-1, 1), (-1, -1), 0),
        ]
    )


def _rows(sheet: AttendanceSheet, walk_in_rows: int) -> list[list]:
    """The numbered rows: the participants, then the empty rows for walk-ins."""
    slot_h = ROW_HEIGHT - 4  # the cell's top and bottom padding (2 pt each) make up the rest
    rows: list[list] = []
    for n, p in enumerate(sheet.people, start=1):
        rows.append(
            [
                text(str(n), "ListNo"),
                text(p.name, "ListCell"),
                text(format_nip(p.nip), "ListCell"),
                text(p.jabatan, "ListCell"),
                text(p.unit_name, "ListCell"),
                SignSlot(n, slot_h),
            ]
        )
    first_blank = len(sheet.people) + 1
    for n in range(first_blank, first_blank + walk_in_rows):
        rows.append([text(str(n), "ListNo"), "", "", "", "", SignSlot(n, slot_h)])
    return rows


def _table(rows: list[list], width: float) -> Table:
    head = [
        text(h, "ListHead")
        for h in (_("No"), _("Nama"), _("NIP"), _("Jabatan"), _("Unit"), _("Tanda tangan"))
    ]
    t = Table([head] + rows, colWidths=_widths(width), repeatRows=1, splitInRow=1)
    t.setStyle(_table_style())
    t.hAlign = "LEFT"
    return t


class _PageMark(Flowable):
    """Takes no room; remembers the page it was laid out on."""

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


TAIL_ROWS = 3  # rows that go with the signature when it would otherwise stand alone on a page


def daftar_hadir_story(
    sheet: AttendanceSheet, info: DocumentInfo, walk_in_rows: int = 10, tail_rows: int = 0
) -> tuple[list[Flowable], _PageMark, _PageMark]:
    """The story, and two marks: where the table ended and where the signature began. With ``tail_rows``
    the last rows form a second table (with its own header) kept together with the signature."""
    width = content_width(info)
    # the first page opens with the kop (info.kop: no running header above it); the pages after have one
    story: list[Flowable] = [to_portrait(), *letterhead(sheet.lab, sheet.logo_path, width)]
    story += _session_block(sheet, width)
    rows = _rows(sheet, walk_in_rows)
    tail = rows[len(rows) - tail_rows :] if 0 < tail_rows < len(rows) else []
    body = rows[: len(rows) - len(tail)]
    story.append(_table(body, width))
    table_end, sign_start = _PageMark(), _PageMark()
    story.append(table_end)
    closing: list[Flowable] = [sign_start]
    if tail:
        closing.append(_table(tail, width))
    if sheet.only_present:
        closing += [
            Spacer(1, 2 * mm),
            para(_("Jumlah yang hadir: {n} orang").format(n=len(sheet.people)), "Small"),
        ]
    place = sheet.lab.city or sheet.lab.pemda
    day = format_date(sheet.session.date) if sheet.session.date else "...................."
    place_date = f"{place}, {day}" if place else day
    closing.append(Spacer(1, 7 * mm))
    closing += signature_parts(
        [
            Signer(
                (place_date, _("Mengetahui,"), _("Fasilitator Laboratorium Inovasi")), sheet.lab.facilitator
            )
        ],
        width,
        sign_height=28 * mm,
    )
    story.append(KeepTogether(closing))
    return story, table_end, sign_start


def render_daftar_hadir(
    db: Database,
    session_id: uuid.UUID | str,
    paper: str = "a4",
    walk_in_rows: int = 10,
    only_present: bool = False,
) -> bytes:
    """The Daftar Hadir of a session as PDF bytes: every participant of the lab with room to sign (or,
    with ``only_present``, those ticked present), then ``walk_in_rows`` empty numbered rows."""
    if (
        isinstance(walk_in_rows, bool)
        or not isinstance(walk_in_rows, int)
        or not 0 <= walk_in_rows <= MAX_WALK_IN_ROWS
    ):
        raise ValueError(_("Jumlah baris kosong harus 0–{n}").format(n=MAX_WALK_IN_ROWS))
    sheet = attendance_sheet(db, session_id, only_present)
    info = DocumentInfo(
        title=_(TITLE),
        lab=sheet.lab.name,
        unit=sheet.session.title,
        paper=paper,
        kop=True,
        subject=_("Daftar hadir sesi {title}").format(title=sheet.session.title),
    )
    story, table_end, sign_start = daftar_hadir_story(sheet, info, walk_in_rows)
    pdf = build(story, info)
    if sign_start.page > table_end.page:
        # the signature was pushed onto a page of its own: take the last rows along with it
        story, _end, _start = daftar_hadir_story(sheet, info, walk_in_rows, tail_rows=TAIL_ROWS)
        pdf = build(story, info)
    return pdf
