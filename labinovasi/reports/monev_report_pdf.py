"""Laporan Kemajuan Unit: one monev period of one unit — for each of its innovations the activities of the
rencana aksi with status, % progress, kendala and tindak lanjut, the average progress and the reviewer's
notes — under the lab's kop. Gathered first (:func:`labinovasi.services.monev.monev_report`), then laid
out without touching the database. The same period table prints in the filled LK-4b (:func:`filled_body`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import (
    Bookmark,
    DocumentInfo,
    build,
    content_width,
    heading,
    long_text,
    para,
    to_portrait,
)
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import Signer, letterhead, list_table_style, signature_row, text
from labinovasi.services.context import Sources
from labinovasi.services.monev import IdeaProgress, MonevReport, monev_report, plan_rows
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.codes import ACTION_PLAN
from labinovasi.worksheets.registry import named_lists
from labinovasi.worksheets.schema import FieldType, Template
from labinovasi.worksheets.validation import ROW_ID

TITLE = "Laporan Kemajuan Unit"
STALLED_BG = "#FBE3D6"
LONG_CELL = 600  # characters: a longer text shows its start in the cell and prints in full below the table
LONG_LINES = 12


def cell_start(value: str) -> str:
    head = "\n".join(value[:LONG_CELL].split("\n")[:LONG_LINES])
    cut = head.rfind(" ", len(head) // 2)
    return (head[:cut] if cut > 0 and len(head) == LONG_CELL else head).rstrip() + "…"


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{format_number(round(value, 1))}%"


def _date_text(value: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def status_labels() -> dict[str, str]:
    return {o.value: o.label for o in named_lists()["status_kegiatan"]}


def activity_table(
    idea: IdeaProgress, width: float, statuses: Mapping[str, str] | None = None
) -> list[Flowable]:
    """The period's activities of one idea: No, kegiatan, status, %, kendala, tindak lanjut; a row marked
    terkendala is shaded. A text too long for its cell shows its start there and prints in full below."""
    assert idea.period is not None
    statuses = statuses or status_labels()
    head = [
        text(h, "ListHead")
        for h in (_("No"), _("Kegiatan"), _("Status"), _("Kemajuan"), _("Kendala"), _("Tindak lanjut"))
    ]
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    long: list[Flowable] = []

    def cell(value: str, n: int, column: str) -> Flowable:
        if len(value) <= LONG_CELL and value.count("\n") < LONG_LINES:
            return text(value, "ListCell")
        long.append(para(_("Baris {n}, {col}").format(n=n, col=column), "Label"))
        long.extend(long_text(value))
        return text(cell_start(value), "ListCell")

    for n, a in enumerate(idea.period.activities, start=1):
        rows.append(
            [
                text(str(n), "ListNo"),
                cell(idea.activity_label(a), n, _("Kegiatan")),
                text(statuses.get(a.status, a.status or "–"), "ListCell"),
                text(percent_text(a.progress), "ListNo"),
                cell(a.obstacle, n, _("Kendala")),
                cell(a.follow_up, n, _("Tindak lanjut")),
            ]
        )
        if a.status == mv.STALLED:
            extra.append(("BACKGROUND", (0, n), (-1, n), colors.HexColor(STALLED_BG)))
    if len(rows) == 1:
        rows.append(["", text(_("Belum ada kegiatan pada periode ini."), "ListCell"), "", "", "", ""])
        extra.append(("SPAN", (1, 1), (-1, 1)))
    fixed = [8 * mm, 22 * mm, 16 * mm]
    rest = width - sum(fixed)
    widths = [fixed[0], rest * 0.36, fixed[1], fixed[2], rest * 0.32, rest * 0.32]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(list_table_style(extra))
    table.hAlign = "LEFT"
    return [table, *long]


def idea_section(idea: IdeaProgress, width: float, number: int, level: int = 1) -> list[Flowable]:
    """One innovation: its title, the period's slot, the table, the average, the reviewer's notes."""
    period = idea.period
    assert period is not None
    out: list[Flowable] = [heading(f"{number}. {idea.title}", level, "H2")]
    where = [
        _date_text(period.date),
        period.desk,
        period.slot,
    ]
    line = " · ".join(w for w in where if w)
    if line:
        out.append(para(line, "Muted"))
    out += [Spacer(1, 1.5 * mm), *activity_table(idea, width), Spacer(1, 1.5 * mm)]
    notes: list[Flowable] = [
        para(_("Rata-rata kemajuan: {avg}").format(avg=percent_text(period.average)), "Label"),
        para(_("Catatan reviewer:"), "Label"),
    ]
    notes += long_text(period.notes) if period.notes else [para("–", "Value")]
    if period.reviewer:
        notes.append(para(_("Reviewer: {name}").format(name=period.reviewer), "Value"))
    out.append(KeepTogether(notes))
    out.append(Spacer(1, 5 * mm))
    return out


def _summary(report: MonevReport, width: float) -> Flowable:
    statuses = report.status_labels
    counts = dict.fromkeys(mv.STATUSES, 0)
    total = 0
    for idea in report.ideas:
        assert idea.period is not None
        for a in idea.period.activities:
            total += 1
            if a.status in counts:
                counts[a.status] += 1
    cells = [
        [text(_("Inovasi"), "ListHead"), text(_("Kegiatan"), "ListHead")]
        + [text(statuses.get(s, s), "ListHead") for s in mv.STATUSES]
        + [text(_("Rata-rata kemajuan"), "ListHead")],
        [text(str(len(report.ideas)), "ListNo"), text(str(total), "ListNo")]
        + [text(str(counts[s]), "ListNo") for s in mv.STATUSES]
        + [text(percent_text(report.average), "ListNo")],
    ]
    n = len(cells[0])
    table = Table(cells, colWidths=[width / n] * n)
    table.setStyle(list_table_style())
    return table


def report_story(report: MonevReport, info: DocumentInfo) -> list[Flowable]:
    width = content_width(info)
    story: list[Flowable] = [to_portrait(), Bookmark(_(TITLE), 0)]
    story += letterhead(report.lab, report.logo_path, width)
    story += [
        text(_("LAPORAN KEMAJUAN DAN MONITORING-EVALUASI"), "DocTitle"),
        text(report.unit.name.upper(), "DocSubtitle"),
        text(
            " · ".join(p for p in (_("Periode: {name}").format(name=report.period), report.date_text) if p),
            "SignHead",
        ),
        Spacer(1, 4 * mm),
        _summary(report, width),
        Spacer(1, 5 * mm),
    ]
    for n, idea in enumerate(report.ideas, start=1):
        story += idea_section(idea, width, n)
    reviewers = sorted({i.period.reviewer for i in report.ideas if i.period and i.period.reviewer})
    signers = [
        Signer(
            (_("Kepala {unit}").format(unit=report.unit.name),),
            report.unit.head_name or "",
            report.unit.head_nip or "",
        )
    ]
    signers.append(Signer((_("Reviewer"),), ", ".join(reviewers)))
    story.append(signature_row(signers, width))
    return story


def render_report(report: MonevReport, paper: str = "a4") -> bytes:
    info = DocumentInfo(
        title=_(TITLE),
        lab=report.lab.name,
        unit=report.unit.name,
        paper=paper,
        subject=f"{_(TITLE)} — {report.period}",
        kop=True,
    )
    return build(report_story(report, info), info)


def render_monev_report(
    db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str, period: str, paper: str = "a4"
) -> bytes:
    """The unit's progress report for ``period`` as PDF bytes."""
    return render_report(monev_report(db, lab_id, unit_id, period), paper)


def export_monev_report(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str,
    period: str,
    out: Path,
    paper: str = "a4",
) -> Path:
    write_atomically(out, render_monev_report(db, lab_id, unit_id, period, paper))
    return out


# --- the filled LK-4b worksheet ---------------------------------------------------------------------


def _plan_labels(ctx: Sources | None) -> dict[str, str]:
    if ctx is None:
        return {}
    return {
        str(r[ROW_ID]): " ".join(str(r.get("kegiatan") or "").split())
        for r in plan_rows(ctx.load(ACTION_PLAN))
        if r.get(ROW_ID)
    }


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """The filled LK-4b: one section per period (its desk and slot, the activity table, the average and
    the reviewer's notes)."""
    labels = _plan_labels(ctx)
    periods: Sequence[mv.Period] = mv.periods(data)
    if not periods:
        return [para(_("Belum ada periode monev."), "Muted")]
    story: list[Flowable] = []
    for n, period in enumerate(periods, start=1):
        idea = IdeaProgress(period.name or mv.period_name(n), period, labels)
        story += idea_section(idea, width, n)
    return story


def blank_body(template: Template, width: float, ctx: Sources | None = None) -> list[Flowable]:
    """LK-4b to fill by hand at the monev desk: one period (its name, date, desk, slot), the activities
    with status, % progress, kendala and tindak lanjut, then the reviewer's notes and name (the ids that
    tie rows to periods and to LK-3b are the app's business, not the paper's)."""
    from labinovasi.reports.worksheet_pdf import _blank_field  # noqa: PLC0415 - it imports this module lazily

    periods, rows = template.field(mv.PERIODS), template.field(mv.ROWS)
    period_cols = {c.key: c for c in periods.columns}
    table = rows.model_copy(
        update={
            "columns": tuple(c for c in rows.columns if c.key not in (mv.PERIOD, mv.ACTION)),
            "blank_rows": 12,
            "required": False,
            "help": _("Status: {statuses}.").format(statuses=", ".join(status_labels().values()).lower()),
        }
    )
    head = [period_cols[k].label for k in ("nama", "tanggal", "meja", "slot_waktu")]
    when = Table(
        [
            [text(h, "ListHead") for h in head],
            ["", text(_("....... / ....... / 20......."), "ListNo"), "", ""],
        ],
        colWidths=[width * 0.34, width * 0.26, width * 0.2, width * 0.2],
        rowHeights=[None, 10 * mm],
    )
    when.setStyle(list_table_style([("VALIGN", (0, 1), (-1, 1), "MIDDLE")]))
    notes = period_cols["catatan_reviewer"].model_copy(update={"type": FieldType.PARAGRAPH, "lines": 4})
    return [
        para(periods.label, "Label"),
        when,
        _blank_field(table, width),
        _blank_field(notes, width),
        _blank_field(period_cols["reviewer"], width),
    ]
