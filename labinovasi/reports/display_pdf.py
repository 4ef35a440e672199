"""Rekap Pameran dan Replikasi Inovasi: under the lab's kop, the counts (exhibitions, innovations shown,
replication requests), every exhibition of the lab (LK-5b) with the innovations shown at it, and every
replication request of its innovations (LK-5c). Gathered first (:func:`labinovasi.services.display.
display_recap`), then laid out without touching the database."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import Bookmark, DocumentInfo, build, content_width, heading, para
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import letterhead, list_table_style, text
from labinovasi.reports.monev_report_pdf import LONG_CELL, cell_start
from labinovasi.services.display import DisplayRecap, display_recap, format_iso

TITLE = "Rekap Pameran dan Replikasi Inovasi"


def _cell(value: str, style: str = "ListCell") -> Flowable:
    """User text in a table cell; a very long one shows its start (a cell cannot span pages)."""
    return text(cell_start(value) if len(value) > LONG_CELL else value, style)


def _empty_row(rows: list[list[object]], message: str, columns: int) -> list[tuple[object, ...]]:
    rows.append(["", text(message, "ListCell"), *[""] * (columns - 2)])
    return [("SPAN", (1, 1), (-1, 1))]


def exhibitions_table(recap: DisplayRecap, width: float) -> Table:
    """One row per innovation shown (an event with none has one row); the event's own columns fill its
    first row only, so a long list splits over pages like any table."""
    head = (_("No"), _("Acara"), _("Tanggal"), _("Tempat / penyelenggara"), _("Pengunjung"), _("Inovasi"))
    rows: list[list[object]] = [[text(h, "ListHead") for h in head]]
    extra: list[tuple[object, ...]] = []
    for n, e in enumerate(recap.exhibitions, start=1):
        shown = [s.line for s in e.shown] or ["–"]
        rows.append(
            [
                text(str(n), "ListNo"),
                _cell(" — ".join(x for x in (e.name, e.kind) if x)),
                _cell(e.dates or "–"),
                _cell(" / ".join(x for x in (e.place, e.organiser) if x) or "–"),
                text(format_number(e.visitors) if e.visitors is not None else "–", "ListNo"),
                _cell(shown[0]),
            ]
        )
        for line in shown[1:]:  # the event's further innovations, its other cells left open
            extra.append(("LINEABOVE", (0, len(rows)), (4, len(rows)), 1.2, colors.white))
            rows.append(["", "", "", "", "", _cell(line)])
    if len(rows) == 1:
        extra = _empty_row(rows, _("Belum ada pameran yang dicatat (LK-5b)."), len(head))
    fixed = [8 * mm, 30 * mm, 20 * mm]
    rest = width - sum(fixed)
    widths = [fixed[0], rest * 0.28, fixed[1], rest * 0.24, fixed[2], rest * 0.48]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(list_table_style(extra))
    return table


def ideas_table(recap: DisplayRecap, width: float) -> Table:
    """Per innovation of the lab that was shown or asked for: how many exhibitions, how many requests."""
    head = (_("No"), _("Inovasi"), _("Unit"), _("Dipamerkan"), _("Permintaan replikasi"))
    rows: list[list[object]] = [[text(h, "ListHead") for h in head]]
    counts = recap.counts()
    extra: list[tuple[object, ...]] = []
    for idea in recap.ideas:
        if idea.id not in counts:
            continue
        shown, asked = counts[idea.id]
        rows.append(
            [
                text(str(len(rows)), "ListNo"),
                _cell(idea.title or _("(ide tanpa judul)")),
                _cell(idea.unit),
                text(_("{n} kali").format(n=shown) if shown else "–", "ListNo"),
                text(str(asked) if asked else "–", "ListNo"),
            ]
        )
    if len(rows) == 1:
        extra = _empty_row(rows, _("Belum ada inovasi yang dipamerkan atau diminati."), len(head))
    fixed = [8 * mm, 22 * mm, 28 * mm]
    rest = width - sum(fixed)
    table = Table(rows, colWidths=[fixed[0], rest * 0.6, rest * 0.4, fixed[1], fixed[2]], repeatRows=1)
    table.setStyle(list_table_style(extra))
    return table


def requests_table(recap: DisplayRecap, width: float) -> Table:
    head = (_("No"), _("Inovasi"), _("Unit"), _("Peminat"), _("Kontak"), _("Tanggal"), _("Status"))
    rows: list[list[object]] = [[text(h, "ListHead") for h in head]]
    extra: list[tuple[object, ...]] = []
    for n, r in enumerate(recap.requests, start=1):
        who = r.requester + (f"\n{r.note}" if r.note else "")
        rows.append(
            [
                text(str(n), "ListNo"),
                _cell(r.idea),
                _cell(r.unit),
                _cell(who),
                _cell(r.contact or "–"),
                _cell(format_iso(r.date) or "–"),
                _cell(r.status or "–"),
            ]
        )
    if len(rows) == 1:
        extra = _empty_row(rows, _("Belum ada permintaan replikasi (LK-5c)."), len(head))
    fixed = [8 * mm, 22 * mm, 26 * mm]
    rest = width - sum(fixed)
    widths = [fixed[0], rest * 0.28, rest * 0.2, rest * 0.3, rest * 0.22, fixed[1], fixed[2]]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(list_table_style(extra))
    return table


def display_story(recap: DisplayRecap, info: DocumentInfo, today: dt.date) -> list[Flowable]:
    width = content_width(info)
    story: list[Flowable] = [Bookmark(_(TITLE), 0)]
    story += letterhead(recap.lab, recap.logo_path, width)
    story += [
        text(_("REKAP PAMERAN DAN REPLIKASI INOVASI"), "DocTitle"),
        text(" · ".join(x for x in (recap.lab.name, recap.lab.pemda) if x), "SignHead"),
        text(_("Keadaan per {date}").format(date=format_date(today)), "SignHead"),
        Spacer(1, 4 * mm),
        para(recap.summary, "Label"),
        Spacer(1, 3 * mm),
        heading(_("1. Pameran yang diikuti"), 0, user_text=False),
        exhibitions_table(recap, width),
        Spacer(1, 6 * mm),
        heading(_("2. Permintaan replikasi"), 0, user_text=False),
        requests_table(recap, width),
        Spacer(1, 6 * mm),
        heading(_("3. Ringkasan per inovasi"), 0, user_text=False),
        ideas_table(recap, width),
    ]
    return story


def render_display_recap(recap: DisplayRecap, paper: str = "a4", today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    info = DocumentInfo(
        title=_(TITLE), lab=recap.lab.name, paper=paper, subject=_(TITLE), kop=True, printed_on=today
    )
    return build(display_story(recap, info, today), info)


def export_display_recap(db: Database, lab_id: uuid.UUID | str, out: Path, paper: str = "a4") -> Path:
    write_atomically(out, render_display_recap(display_recap(db, lab_id), paper))
    return out
