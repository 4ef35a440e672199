"""Jadwal Meja Monev in print: the timetable of each desk, and the list of units with their day, time and
desk, from the lab's LK-4d (:func:`labinovasi.services.monev_schedule.monev_schedule`).

``by="desk"``: the kop, then per day a grid (rows: times; columns: desks), then one page per desk — time,
unit and its launched innovations, with a column for the reviewer's initials. ``by="unit"``: the kop and
one list of every unit (unit, day, time, desk, reviewer). A day with more desks than fit across the page
is printed as several tables of desks, one under the other. The same pieces make the filled LK-4d worksheet (:func:`filled_body`).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from labinovasi.db.engine import Database
from labinovasi.domain import monev_schedule as ms
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    LIGHT,
    Bookmark,
    DocumentInfo,
    build,
    content_width,
    heading,
    para,
    to_portrait,
)
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import letterhead, list_table_style, text
from labinovasi.services.context import Sources
from labinovasi.services.monev_schedule import (
    MonevSchedule,
    Slot,
    UnitChoice,
    build_schedule,
    choice_from_sources,
    monev_schedule,
)
from labinovasi.worksheets.kinds.monev_schedule import ROWS
from labinovasi.worksheets.schema import FieldType, Template

TITLE = "Jadwal Meja Monev"
VIEWS = ("desk", "unit")
TIME_W = 24 * mm
DESK_MIN_W = 36 * mm  # a desk's column in a day grid: more desks than fit are split into several tables
BREAK_SHADE = "#f4f1e8"


def day_label(sched: MonevSchedule, day: int) -> str:
    """``Hari 1 · Senin, 5 Juli 2027`` (or ``Hari 1`` without a date)."""
    date = sched.settings.days[day].date if day < len(sched.settings.days) else None
    head = _("Hari {n}").format(n=day + 1)
    return f"{head} · {format_date(date, 'EEEE, d MMMM y')}" if date else head


def desk_label(sched: MonevSchedule, desk: int) -> str:
    return _("Meja {n}").format(n=desk + 1)


def time_range(start: int, end: int) -> str:
    return f"{ms.format_time(start)}–{ms.format_time(end)}"


def _break_of(sched: MonevSchedule, day: int) -> tuple[int, int] | None:
    d = sched.settings.days[day]
    if d.break_start is None or d.break_end is None:
        return None
    return d.break_start, d.break_end


def desk_groups(desks: int, width: float) -> list[range]:
    """The desks of a day grid split into tables that fit ``width`` (of equal size as far as possible)."""
    fit = max(1, int((width - TIME_W) // DESK_MIN_W))
    tables = -(-max(1, desks) // fit)
    size = -(-max(1, desks) // tables)
    return [range(start, min(start + size, desks)) for start in range(0, desks, size)]


def day_grid(sched: MonevSchedule, day: int, width: float, group: range | None = None) -> Table:
    """One day: a row per slot (its time), a column per desk of ``group`` (all desks by default), each
    cell the unit placed there; the break is a shaded row at its time."""
    group = group if group is not None else range(sched.settings.desks)
    desks = len(group)
    times = ms.day_slots(sched.settings)[day]
    at = {(s.start, s.desk): s for s in sched.slots if s.day == day}
    time_w = TIME_W
    head: list[Any] = [text(_("Waktu"), "ListHead")]
    for k in group:
        reviewer = sched.reviewers.get(k, "")
        label = desk_label(sched, k) + (f"\n{reviewer}" if reviewer else "")
        head.append([text(line, "ListHead") for line in label.split("\n")])
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = []
    pause = _break_of(sched, day)
    pause_done = pause is None
    for t in times:
        if not pause_done and pause is not None and t >= pause[1]:
            rows.append(
                [text(time_range(*pause), "ListNo"), text(_("Istirahat"), "ListHead")] + [""] * (desks - 1)
            )
            commands += [
                ("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)),
                ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), BREAK_SHADE),
            ]
            pause_done = True
        row: list[Any] = [text(time_range(t, t + sched.settings.minutes), "ListNo")]
        for k in group:
            slot = at.get((t, k))
            row.append(text(slot.unit.name, "ListCell") if slot else "")
        rows.append(row)
    if len(rows) == 1:
        rows.append(
            [text("–", "ListNo"), text(_("Hari ini tidak punya slot."), "ListCell")] + [""] * (desks - 1)
        )
    desk_w = (width - time_w) / max(1, desks)
    table = Table(rows, colWidths=[time_w] + [desk_w] * desks, repeatRows=1, splitInRow=1)
    table.setStyle(list_table_style(commands))
    return table


def desk_table(sched: MonevSchedule, desk: int, width: float) -> Table:
    """A desk's day: time, unit, its launched innovations, and room for the reviewer's initials."""
    widths = [24 * mm, (width - 44 * mm) * 0.42, (width - 44 * mm) * 0.58, 20 * mm]
    rows: list[list[Any]] = [
        [
            text(_("Waktu"), "ListHead"),
            text(_("Unit"), "ListHead"),
            text(_("Inovasi yang diluncurkan"), "ListHead"),
            text(_("Paraf penelaah"), "ListHead"),
        ]
    ]
    commands: list[tuple[Any, ...]] = []
    day = -1
    for s in sched.at_desk(desk):
        if s.day != day:
            day = s.day
            rows.append([text(day_label(sched, day), "ListHead"), "", "", ""])
            commands += [
                ("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LIGHT),
            ]
        innovations = [text(f"• {title}", "ListCell") for title in s.unit.innovations] or [
            text("–", "ListCell")
        ]
        rows.append(
            [text(time_range(s.start, s.end), "ListNo"), text(s.unit.name, "ListCell"), innovations, ""]
        )
    if len(rows) == 1:
        rows.append([text("–", "ListNo"), text(_("Belum ada unit di meja ini."), "ListCell"), "", ""])
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(list_table_style(commands))
    return table


def unit_table(sched: MonevSchedule, width: float) -> Table:
    """Every unit with its day, time and desk (unplaced units say so), in the lab's order."""
    widths = [9 * mm, width * 0.3, width * 0.24, 22 * mm, 12 * mm]
    widths.append(width - sum(widths))
    rows: list[list[Any]] = [
        [
            text(_("No"), "ListHead"),
            text(_("Unit"), "ListHead"),
            text(_("Hari, tanggal"), "ListHead"),
            text(_("Waktu"), "ListHead"),
            text(_("Meja"), "ListHead"),
            text(_("Penelaah"), "ListHead"),
        ]
    ]
    placed: dict[str, Slot] = {s.unit.id: s for s in sched.slots}
    for n, unit in enumerate(sched.units, start=1):
        s = placed.get(unit.id)
        if s is None:
            rows.append(
                [
                    text(f"{n}.", "ListNo"),
                    text(unit.name, "ListCell"),
                    text(_("belum dijadwalkan"), "ListCell"),
                ]
                + [""] * 3
            )
            continue
        rows.append(
            [
                text(f"{n}.", "ListNo"),
                text(unit.name, "ListCell"),
                text(day_label(sched, s.day), "ListCell"),
                text(time_range(s.start, s.end), "ListNo"),
                text(str(s.desk + 1), "ListNo"),
                text(sched.reviewers.get(s.desk, ""), "ListCell"),
            ]
        )
    if len(rows) == 1:
        rows.append([text("–", "ListNo"), text(_("Belum ada unit yang dijadwalkan."), "ListCell")] + [""] * 4)
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(list_table_style())
    return table


def summary_line(sched: MonevSchedule) -> str:
    s = sched.settings
    parts = [
        _("{n} meja").format(n=s.desks),
        _("{n} menit per unit").format(n=s.minutes),
        _("{n} hari").format(n=len(s.days)),
        _("{n} unit dijadwalkan").format(n=len(sched.slots)),
    ]
    return " · ".join(parts)


def notes(sched: MonevSchedule) -> list[Flowable]:
    out: list[Flowable] = []
    for p in sched.problems:
        out.append(para(p, "Muted"))
    if sched.unplaced:
        out.append(
            para(
                _("Belum dijadwalkan ({n}): {units}").format(
                    n=len(sched.unplaced), units=", ".join(u.name for u in sched.unplaced)
                ),
                "Muted",
            )
        )
    return out


def _grids(sched: MonevSchedule, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    groups = desk_groups(sched.settings.desks, width)
    size = max(len(g) for g in groups)
    for day in range(len(sched.settings.days)):
        out.append(heading(day_label(sched, day), 1, "H3"))
        for group in groups:
            # every table of the day has the same column widths, so their columns line up
            table_w = TIME_W + (width - TIME_W) * len(group) / size
            grid = day_grid(sched, day, table_w, group)
            grid.hAlign = "LEFT"
            out += [grid, Spacer(1, 3 * mm)]
    return out


def _desks(sched: MonevSchedule, width: float, level: int) -> list[Flowable]:
    out: list[Flowable] = []
    for k in range(sched.settings.desks):
        title = desk_label(sched, k)
        reviewer = sched.reviewers.get(k)
        out += [PageBreak(), heading(title, level, "H2")]
        if reviewer:
            out.append(para(_("Penelaah: {names}").format(names=reviewer), "Cell"))
        out += [Spacer(1, 2 * mm), desk_table(sched, k, width)]
    return out


def _title(sched: MonevSchedule) -> list[Flowable]:
    lines = [text(_("JADWAL MONITORING DAN EVALUASI (MONEV)"), "DocTitle")]
    if sched.lab is not None:
        lines.append(text(sched.lab.name.upper(), "DocSubtitle"))
    sub = " · ".join(p for p in (sched.period, sched.place) if p)
    if sub:
        lines.append(text(sub, "SignHead"))
    lines.append(text(summary_line(sched), "SignHead"))
    return [*lines, Spacer(1, 4 * mm)]


def schedule_story(sched: MonevSchedule, info: DocumentInfo, by: str = "desk") -> list[Flowable]:
    """The document: kop and title, then the day grids and one page per desk (``desk``) or the list of
    units (``unit``)."""
    width = content_width(info)
    story: list[Flowable] = [to_portrait(), Bookmark(_(TITLE), 0)]
    if sched.lab is not None:
        story += letterhead(sched.lab, sched.logo_path, width)
    story += _title(sched)
    story += notes(sched)
    if by == "unit":
        story += [Bookmark(_("Jadwal per unit"), 1), unit_table(sched, width)]
        return story
    story += _grids(sched, width)
    story += _desks(sched, width, 1)
    return story


def render_monev_schedule(
    db: Database, lab_id: uuid.UUID | str, paper: str = "a4", by: str = "desk"
) -> bytes:
    """The lab's Jadwal Meja Monev as PDF bytes, per desk or per unit."""
    sched = monev_schedule(db, lab_id)
    info = DocumentInfo(
        title=_(TITLE),
        lab=sched.lab.name if sched.lab else "",
        paper=paper,
        subject=_(TITLE),
        kop=True,
    )
    return build(schedule_story(sched, info, by), info)


def export_monev_schedule(
    db: Database, lab_id: uuid.UUID | str, out: Path, paper: str = "a4", by: str = "desk"
) -> Path:
    write_atomically(out, render_monev_schedule(db, lab_id, paper, by))
    return out


# --- the filled LK-4d worksheet ---------------------------------------------------------------------------


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """The filled worksheet: the settings in one line, the day grids, the list per unit, and each desk's
    timetable."""
    choice = choice_from_sources(ctx, data) if ctx is not None else UnitChoice((), ())
    sched = build_schedule(None, "", data, choice)
    story: list[Flowable] = []
    sub = " · ".join(p for p in (sched.period, sched.place) if p)
    if sub:
        story.append(para(sub, "Label"))
    story.append(para(summary_line(sched), "Cell"))
    story += notes(sched)
    story.append(Spacer(1, 2 * mm))
    story += _grids(sched, width)
    story += [
        KeepTogether([heading(_("Jadwal per unit"), 1, "H2"), Spacer(1, 1 * mm)]),
        unit_table(sched, width),
    ]
    story += _desks(sched, width, 1)
    return story


BLANK_ROWS = 14


def blank_body(template: Template, width: float, ctx: Sources | None = None) -> list[Flowable]:
    """The blank worksheet: the settings to fill by hand, then an empty timetable (time, one column per
    desk) in place of the table of placements the app fills."""
    from labinovasi.reports.worksheet_pdf import _blank_field  # noqa: PLC0415 - it imports this module lazily

    story: list[Flowable] = [
        _blank_field(f, width) for f in template.fields if f.key != ROWS and f.type is not FieldType.COMPUTED
    ]
    desks = ms.DEFAULT_DESKS
    time_w = 24 * mm
    head = [text(_("Waktu"), "ListHead")] + [
        text(_("Meja {n}").format(n=k + 1), "ListHead") for k in range(desks)
    ]
    rows: list[list[Any]] = [head] + [["" for _k in range(desks + 1)] for _r in range(BLANK_ROWS)]
    grid = Table(
        rows,
        colWidths=[time_w] + [(width - time_w) / desks] * desks,
        rowHeights=[None] + [9 * mm] * BLANK_ROWS,
        repeatRows=1,
    )
    grid.setStyle(list_table_style())
    story += [heading(_("Jadwal unit per meja"), 1, "H3"), grid]
    return story
