"""Monitoring-evaluasi (LK-4b) of a unit: a new period filled from the rencana aksi and the desk schedule,
and one period of every idea of a unit gathered into one frozen record (the unit progress report)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labinovasi.db.engine import Database
from labinovasi.domain import monev_schedule as ms
from labinovasi.i18n import _, format_date
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.monev_schedule import MonevSchedule, monev_schedule
from labinovasi.services.records import LabInfo, NotFoundError, UnitInfo, parse_id
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.codes import ACTION_PLAN, MONEV
from labinovasi.worksheets.registry import default_registry, named_lists
from labinovasi.worksheets.validation import ROW_ID


@dataclass(frozen=True)
class DeskSlot:
    """Where a unit sits in the lab's monev desk schedule (LK-4d)."""

    date: str  # ISO date of its day, "" when the day has no date
    desk: str  # "Meja 2"
    slot: str  # "09.20–09.40"
    reviewer: str = ""


def desk_slot_in(schedule: MonevSchedule, unit_id: uuid.UUID | str) -> DeskSlot | None:
    slot = next((s for s in schedule.slots if s.unit.id == str(unit_id)), None)
    if slot is None:
        return None
    days = schedule.settings.days
    date = days[slot.day].date if slot.day < len(days) else None
    return DeskSlot(
        date.isoformat() if date else "",
        _("Meja {n}").format(n=slot.desk + 1),
        f"{ms.format_time(slot.start)}–{ms.format_time(slot.end)}",
        schedule.reviewers.get(slot.desk, ""),
    )


def unit_desk_slot(db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str) -> DeskSlot | None:
    """The unit's desk and slot in the lab's LK-4d, or None when it has none."""
    return desk_slot_in(monev_schedule(db, lab_id), unit_id)


def plan_rows(data: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    rows = (data or {}).get(mv.ACTION_PLAN_TABLE)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def add_period_from(
    ctx: WorksheetContext, data: Mapping[str, Any] | None, name: str = ""
) -> tuple[dict[str, Any], str]:
    """``data`` (the idea's LK-4b) with a new period: its activities from the idea's LK-3b, its desk, slot
    date and reviewer from the lab's desk schedule when the unit has a place there. Returns the data and the new
    period's id."""
    slot = unit_desk_slot(ctx.db, ctx.lab_id, ctx.unit_id) if ctx.unit_id is not None else None
    return mv.add_period(
        data,
        plan_rows(ctx.load(ACTION_PLAN)),
        name=name,
        date=slot.date if slot else "",
        desk=slot.desk if slot else "",
        slot=slot.slot if slot else "",
        reviewer=slot.reviewer if slot else "",
    )


# --- the unit progress report ------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaProgress:
    title: str
    period: mv.Period | None  # None: the idea has no period of that name
    plan_labels: Mapping[str, str]  # LK-3b row id -> its activity as the plan names it now

    def activity_label(self, a: mv.Activity) -> str:
        return self.plan_labels.get(a.action, "") or a.activity or _("(kegiatan tanpa nama)")


@dataclass(frozen=True)
class MonevReport:
    lab: LabInfo
    logo_path: str
    unit: UnitInfo
    period: str  # the period's name as asked
    ideas: tuple[IdeaProgress, ...]
    status_labels: Mapping[str, str]

    @property
    def average(self) -> float | None:
        """The unit's average progress over every activity of the period."""
        return mv.average(a.progress for i in self.ideas if i.period for a in i.period.activities)

    @property
    def date_text(self) -> str:
        dates = sorted({i.period.date for i in self.ideas if i.period and i.period.date})
        return ", ".join(_format_iso(d) for d in dates)


def _format_iso(value: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def period_names(db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str) -> list[str]:
    """The names of the periods the unit's ideas have, in the order they first appear."""
    lab, unit = parse_id(lab_id, _("Lab")), parse_id(unit_id, _("Unit"))
    out: dict[str, str] = {}
    for idea in svc.list_ideas(db, unit):
        data = load_worksheet(db, MONEV, lab, unit, idea.id).data
        for p in mv.periods(data):
            if p.name:
                out.setdefault(p.name.casefold(), p.name)
    return list(out.values())


def monev_report(db: Database, lab_id: uuid.UUID | str, unit_id: uuid.UUID | str, period: str) -> MonevReport:
    """One period of every idea of the unit that has LK-4b for it (read once, before printing)."""
    lab = svc.get_lab(db, lab_id)
    unit = svc.get_unit(db, unit_id, lab.id)
    registry = default_registry()
    ideas = []
    for idea in svc.list_ideas(db, unit.id):
        data = load_worksheet(db, MONEV, lab.id, unit.id, idea.id, registry=registry).data
        found = mv.find_period(data, period)
        if found is None:
            continue
        plan = load_worksheet(db, ACTION_PLAN, lab.id, unit.id, idea.id, registry=registry).data
        labels = {
            str(r[ROW_ID]): " ".join(str(r.get("kegiatan") or "").split())
            for r in plan_rows(plan)
            if r.get(ROW_ID)
        }
        ideas.append(IdeaProgress(idea.title or _("(tanpa judul)"), found, labels))
    if not ideas and period.strip() and not period_names(db, lab.id, unit.id):
        raise NotFoundError(
            _("Unit {unit} belum punya laporan kemajuan (LK-4b) untuk periode mana pun.").format(
                unit=unit.name
            )
        )
    if not ideas:
        known = ", ".join(period_names(db, lab.id, unit.id))
        raise NotFoundError(
            _("Periode '{period}' tidak ada di LK-4b unit {unit}. Periode yang ada: {known}.").format(
                period=period, unit=unit.name, known=known
            )
        )
    statuses = {o.value: o.label for o in named_lists()["status_kegiatan"]}
    return MonevReport(
        lab, get_lab_settings(db, lab.id).logo_path, unit, " ".join(period.split()), tuple(ideas), statuses
    )


def report_filename(unit_name: str, period: str) -> str:
    def safe(text: str) -> str:
        return "".join(c if c.isalnum() else "_" for c in text).strip("_")[:60] or "unit"

    return f"Laporan_Kemajuan_{safe(period)}_{safe(unit_name)}.pdf"
