"""Laporan Penggabungan Bundel: what a merge of a lab bundle added, updated and deleted, the deletions it
kept or undid, and the conflicts that wait for a decision (mine and theirs side by side, with who and when)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from labinovasi.i18n import _, format_number
from labinovasi.reports.base import FONT, FONT_BOLD, DocumentInfo, build, content_width, esc, style
from labinovasi.reports.letterhead import list_table_style, text
from labinovasi.sync.bundle import TABLES
from labinovasi.sync.merge import TABLE_LABELS, MergeReport, full_text, stamp_time

TITLE = "Laporan Penggabungan Bundel"


def _cut(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def merge_report_story(report: MergeReport, info: DocumentInfo) -> list[Flowable]:
    width = content_width(info)
    story: list[Flowable] = [
        Paragraph(esc(_(TITLE), FONT_BOLD), style("H1")),
        Paragraph(esc(_("Lab: {name}").format(name=report.lab_name), FONT), style("Body")),
        Paragraph(esc(_("Bundel: {source}").format(source=report.source), FONT), style("Body")),
    ]
    if report.dry_run:
        story.append(Paragraph(esc(_("Uji coba saja: tidak ada yang disimpan."), FONT_BOLD), style("Body")))
    story.append(Spacer(1, 4 * mm))
    head = [
        text(_("Data"), "ListHead"),
        text(_("Ditambahkan"), "ListHead"),
        text(_("Diperbarui"), "ListHead"),
        text(_("Dihapus"), "ListHead"),
    ]
    rows: list[list[Any]] = [head]
    for table in TABLES:
        counts = (report.added.get(table, 0), report.updated.get(table, 0), report.deleted.get(table, 0))
        if any(counts):
            rows.append(
                [
                    text(TABLE_LABELS[table].capitalize(), "ListCell"),
                    *(text(format_number(n), "ListNo") for n in counts),
                ]
            )
    if len(rows) == 1:
        rows.append(
            [
                text(_("Tidak ada yang berubah"), "ListCell"),
                text("0", "ListNo"),
                text("0", "ListNo"),
                text("0", "ListNo"),
            ]
        )
    summary = Table(rows, colWidths=[width * 0.4, width * 0.2, width * 0.2, width * 0.2], repeatRows=1)
    summary.setStyle(list_table_style())
    story += [summary, Spacer(1, 2 * mm)]
    story.append(
        Paragraph(
            esc(
                _("Isian yang diambil dari bundel: {n}. Berkas bukti baru: {f}.").format(
                    n=format_number(report.fields_taken), f=format_number(report.files_added)
                ),
                FONT,
            ),
            style("Body"),
        )
    )
    if report.notes:
        story += [Spacer(1, 3 * mm), Paragraph(esc(_("Penghapusan"), FONT_BOLD), style("H2"))]
        story += [Paragraph(esc("• " + note, FONT), style("Body")) for note in report.notes]
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            esc(
                _("Konflik menunggu keputusan: {n}").format(n=format_number(len(report.conflicts))), FONT_BOLD
            ),
            style("H2"),
        ),
    ]
    if not report.conflicts:
        story.append(Paragraph(esc(_("Tidak ada konflik."), FONT), style("Body")))
        return story
    story.append(
        Paragraph(
            esc(
                _(
                    "Isian yang diubah di kedua sisi. Nilai di sini tetap dipakai sampai diputuskan di jendela: Berkas → "
                    "Bundel lab → Konflik penggabungan (pilih: di sini, dari bundel, atau keduanya)."
                ),
                FONT,
            ),
            style("Body"),
        )
    )
    story.append(Spacer(1, 2 * mm))
    rows = [
        [
            text(_("No"), "ListHead"),
            text(_("Data · isian"), "ListHead"),
            text(_("Di sini"), "ListHead"),
            text(_("Dari bundel"), "ListHead"),
        ]
    ]
    for n, c in enumerate(report.conflicts, start=1):
        rows.append(
            [
                text(str(n), "ListNo"),
                text(f"{c.label} · {c.field_label}", "ListCell"),
                text(f"{_cut(full_text(c.mine))}\n({stamp_time(c.mine_stamp)})", "ListCell"),
                text(f"{_cut(full_text(c.theirs))}\n({stamp_time(c.their_stamp)})", "ListCell"),
            ]
        )
    listing = Table(rows, colWidths=[width * 0.07, width * 0.29, width * 0.32, width * 0.32], repeatRows=1)
    listing.setStyle(list_table_style())
    story.append(listing)
    return story


def render_merge_report(report: MergeReport, paper: str = "a4") -> bytes:
    info = DocumentInfo(title=_(TITLE), lab=report.lab_name, paper=paper, subject=_(TITLE))
    return build(merge_report_story(report, info), info)
