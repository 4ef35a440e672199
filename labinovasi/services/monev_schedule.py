"""The monev desk schedule (LK-4d) of a lab, read as one frozen record.

Which units come to the desks: with ``peserta = "diluncurkan"`` (the default once something was launched)
the units whose innovations LK-4a launched, else every unit of the lab, in the lab's unit order. The
editor, the PDF and the command line read the schedule through :func:`monev_schedule`; the placing itself
is pure (``labinovasi.domain.monev_schedule``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labinovasi.db.engine import Database
from labinovasi.domain import monev_schedule as ms
from labinovasi.i18n import _
from labinovasi.services import labs as svc
from labinovasi.services.context import Sources
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.launch import launch_record
from labinovasi.services.records import LabInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.codes import LAUNCH, MONEV_SCHEDULE
from labinovasi.worksheets.kinds.launch import LAUNCHED
from labinovasi.worksheets.kinds.monev_schedule import ROWS

LAUNCHED_UNITS = "diluncurkan"
ALL_UNITS = "semua"


@dataclass(frozen=True)
class ScheduleUnit:
    id: str
    name: str
    innovations: tuple[str, ...]  # its launched innovations' titles


@dataclass(frozen=True)
class UnitChoice:
    """The units a schedule may hold, and which of them it holds by the sheet's ``peserta``."""

    launched: tuple[ScheduleUnit, ...]  # units with a launched innovation, in the lab's order
    every: tuple[ScheduleUnit, ...]  # every unit of the lab

    def units(self, which: str | None) -> tuple[ScheduleUnit, ...]:
        return self.every if effective_choice(which, self) == ALL_UNITS else self.launched


def effective_choice(which: str | None, choice: UnitChoice) -> str:
    """What ``peserta`` means: as chosen, or, left empty, the launched units once there are any."""
    if which in (LAUNCHED_UNITS, ALL_UNITS):
        return which
    return LAUNCHED_UNITS if choice.launched else ALL_UNITS


def unit_choice(db: Database, lab_id: uuid.UUID | str) -> UnitChoice:
    record = launch_record(db, lab_id)
    titles: dict[uuid.UUID, list[str]] = {}
    for idea in record.ideas:
        titles.setdefault(idea.unit_id, []).append(idea.title or _("(tanpa judul)"))
    every = tuple(
        ScheduleUnit(str(u.id), u.name, tuple(titles.get(u.id, ())))
        for u in svc.list_units(db, record.lab.id)
    )
    return UnitChoice(tuple(u for u in every if u.innovations), every)


@dataclass(frozen=True)
class Slot:
    """One unit's place, as printed."""

    unit: ScheduleUnit
    day: int  # 0-based
    desk: int  # 0-based
    start: int  # minutes after midnight
    end: int
    locked: bool


@dataclass(frozen=True)
class MonevSchedule:
    lab: LabInfo | None  # None where the schedule is printed inside a worksheet (no kop)
    logo_path: str
    period: str
    place: str
    settings: ms.Settings
    problems: tuple[str, ...]  # what is wrong with the settings (Indonesian)
    units: tuple[ScheduleUnit, ...]  # the units to schedule, in the lab's order
    slots: tuple[Slot, ...]  # the placed units, in time order
    reviewers: Mapping[int, str]  # desk (0-based) -> its reviewers' names

    @property
    def unplaced(self) -> tuple[ScheduleUnit, ...]:
        placed = {s.unit.id for s in self.slots}
        return tuple(u for u in self.units if u.id not in placed)

    def at_desk(self, desk: int) -> list[Slot]:
        return [s for s in self.slots if s.desk == desk]

    def by_unit(self) -> list[Slot]:
        """The placed units in the lab's order."""
        order = {u.id: n for n, u in enumerate(self.units)}
        return sorted(self.slots, key=lambda s: order.get(s.unit.id, len(order)))


def reviewers_of(data: Mapping[str, Any]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for row in data.get("penelaah") or []:
        if not isinstance(row, Mapping):
            continue
        try:
            desk = int(row.get("meja") or 0) - 1
        except (TypeError, ValueError):
            continue
        name = " ".join(str(row.get("nama") or "").split())
        if desk >= 0 and name:
            names.setdefault(desk, []).append(name)
    return {k: ", ".join(v) for k, v in names.items()}


def choice_from_sources(sources: Sources, data: Mapping[str, Any]) -> UnitChoice:
    """The units of a schedule from what a worksheet's print reads (the lab's ideas and its launch): units
    with ideas in the lab's order, then units the schedule names by their stored name."""
    launched = {str(v) for v in sources.load(LAUNCH).get(LAUNCHED) or []}
    titles: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for idea in sources.lab_ideas():
        unit = str(idea.unit_id)
        names.setdefault(unit, idea.unit)
        if str(idea.id) in launched:
            titles.setdefault(unit, []).append(idea.title or _("(tanpa judul)"))
    for row in data.get(ROWS) or []:
        if isinstance(row, Mapping) and row.get("unit") and row.get("nama_unit"):
            names.setdefault(str(row["unit"]), str(row["nama_unit"]))
    every = tuple(ScheduleUnit(u, n, tuple(titles.get(u, ()))) for u, n in names.items())
    return UnitChoice(tuple(u for u in every if u.innovations), every)


def build_schedule(
    lab: LabInfo | None, logo_path: str, data: Mapping[str, Any], choice: UnitChoice
) -> MonevSchedule:
    """The schedule that LK-4d ``data`` describes, over the units of ``choice``."""
    settings, problems = ms.read_settings(data)
    units = choice.units(data.get("peserta"))
    by_id = {u.id: u for u in units}
    inside, _outside = ms.split_outside(settings, ms.read_placements(data))
    slots = []
    times = ms.day_slots(settings)
    for p in inside:
        unit = by_id.get(p.unit)
        if unit is None:
            continue
        start = times[p.cell.day][p.cell.slot]
        slots.append(Slot(unit, p.cell.day, p.cell.desk, start, start + settings.minutes, p.locked))
    return MonevSchedule(
        lab=lab,
        logo_path=logo_path,
        period=" ".join(str(data.get("periode") or "").split()),
        place=" ".join(str(data.get("tempat") or "").split()),
        settings=settings,
        problems=tuple(problems),
        units=units,
        slots=tuple(sorted(slots, key=lambda s: (s.day, s.start, s.desk))),
        reviewers=reviewers_of(data),
    )


def monev_schedule(db: Database, lab_id: uuid.UUID | str) -> MonevSchedule:
    """The lab's monev desk schedule as its LK-4d sheet stores it."""
    lab = svc.get_lab(db, lab_id)
    data = load_worksheet(db, MONEV_SCHEDULE, lab.id).data
    return build_schedule(lab, get_lab_settings(db, lab.id).logo_path, data, unit_choice(db, lab.id))


def auto_assign(data: Mapping[str, Any], choice: UnitChoice) -> dict[str, Any]:
    """LK-4d ``data`` with its units placed automatically (locked places kept); raises
    :class:`~labinovasi.domain.monev_schedule.ScheduleError` when the units do not fit."""
    settings, problems = ms.read_settings(data)
    if problems:
        raise ms.ScheduleError(problems[0])
    units = [u.id for u in choice.units(data.get("peserta"))]
    placed = ms.assign(settings, units, ms.read_placements(data))
    return {**data, ROWS: ms.placement_rows(placed, {u.id: u.name for u in choice.every})}


def schedule_filename(by: str = "desk") -> str:
    """The suggested file name of the printed schedule, per desk or per unit."""
    return "Jadwal_Monev_per_unit.pdf" if by == "unit" else "Jadwal_Monev_per_meja.pdf"
