"""The monev desk schedule: units placed in slots of M minutes at N desks over the days of a monev.

Pure functions over plain values (no database): :func:`day_slots` computes each day's slot times from its
start, end and break; :func:`assign` places units automatically — spread over the days by their
capacity, each day filled from its first slot, desks kept balanced, units in the lab's order — keeping
every placement that was locked by a hand move; :func:`move` is that hand move. A unit has one slot, a
slot holds one unit, so no unit is ever at two desks at once.

Stored as the ``jadwal`` rows of LK-4d (1-based meja / hari / slot, and ``tetap`` for a locked place):
:func:`read_settings`, :func:`read_placements` and :func:`placement_rows` convert.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from labinovasi.i18n import _

DEFAULT_DESKS = 3
DEFAULT_MINUTES = 20
DEFAULT_START = 8 * 60  # 08.00, when a day's start is left empty
DEFAULT_END = 16 * 60  # 16.00

_TIME = re.compile(r"^\s*(\d{1,2})\s*[.:]\s*(\d{2})\s*$")


class ScheduleError(ValueError):
    """The schedule cannot be laid out; the message is for people (Indonesian)."""


def parse_time(text: object) -> int | None:
    """``"08.00"`` or ``"8:30"`` → minutes after midnight; ``None`` for anything else."""
    m = _TIME.match(str(text or ""))
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59 or h * 60 + mi > 24 * 60:
        return None
    return h * 60 + mi


def format_time(minutes: int) -> str:
    """Minutes after midnight as Indonesian offices write the time: ``08.20``."""
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


@dataclass(frozen=True)
class Day:
    date: dt.date | None
    start: int = DEFAULT_START  # minutes after midnight
    end: int = DEFAULT_END
    break_start: int | None = None
    break_end: int | None = None


@dataclass(frozen=True)
class Settings:
    days: tuple[Day, ...] = ()
    desks: int = DEFAULT_DESKS
    minutes: int = DEFAULT_MINUTES


@dataclass(frozen=True, order=True)
class Cell:
    """A place in the schedule, all 0-based: day, slot of that day, desk."""

    day: int
    slot: int
    desk: int


@dataclass(frozen=True)
class Placement:
    unit: str  # the unit's id
    cell: Cell
    locked: bool = False  # moved by hand: automatic placing leaves it where it is


def slot_times(day: Day, minutes: int) -> list[int]:
    """The start times of a day's slots: from its start, every ``minutes``, each slot ending by the day's
    end; a slot that would overlap the break starts after it instead."""
    if minutes <= 0:
        return []
    out: list[int] = []
    t = day.start
    b0, b1 = day.break_start, day.break_end
    while t + minutes <= day.end:
        if b0 is not None and b1 is not None and b1 > b0 and t < b1 and t + minutes > b0:
            t = max(t, b1)
            continue
        out.append(t)
        t += minutes
    return out


def day_slots(settings: Settings) -> list[list[int]]:
    """Every day's slot start times (see :func:`slot_times`)."""
    return [slot_times(d, settings.minutes) for d in settings.days]


def cells(settings: Settings) -> list[Cell]:
    """Every place of the schedule in time order: day, slot, then desk."""
    return [
        Cell(d, s, k)
        for d, times in enumerate(day_slots(settings))
        for s in range(len(times))
        for k in range(settings.desks)
    ]


def capacity(settings: Settings) -> int:
    return sum(len(t) for t in day_slots(settings)) * max(0, settings.desks)


def start_of(settings: Settings, cell: Cell) -> int | None:
    """The cell's start time (minutes after midnight), or None when the cell is not in the schedule."""
    slots = day_slots(settings)
    if 0 <= cell.day < len(slots) and 0 <= cell.slot < len(slots[cell.day]):
        return slots[cell.day][cell.slot]
    return None


def too_many_units_message(units: int, slots: int) -> str:
    if slots == 0:
        return _(
            "Jadwal belum punya slot: isi hari monev (tanggal, jam mulai dan selesai) dan jumlah meja dulu."
        )
    return _(
        "{units} unit tidak muat di {slots} slot jadwal: kurang {missing} slot. "
        "Tambah hari atau meja, perpanjang jam monev, atau perpendek menit per unit."
    ).format(units=units, slots=slots, missing=units - slots)


def _spread(total: int, capacities: Sequence[int]) -> list[int]:
    """``total`` split over the days in proportion to their capacities (largest remainders first)."""
    whole = sum(capacities)
    if whole == 0 or total == 0:
        return [0] * len(capacities)
    shares = [total * c / whole for c in capacities]
    out = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def assign(settings: Settings, units: Sequence[str], placements: Iterable[Placement] = ()) -> list[Placement]:
    """Place ``units`` (in the lab's order) in the schedule. A locked placement of a listed unit stays
    where it is; every other unit is placed anew: the units are spread over the days in proportion to
    each day's slots, a day is filled from its first slot, and of a slot not filled at every desk the
    desks with the fewest units so far get them. Placements of units not listed are dropped.

    Raises :class:`ScheduleError` when there are more units than slots (saying how many are missing)."""
    order = list(dict.fromkeys(units))
    every = cells(settings)
    if len(order) > len(every):
        raise ScheduleError(too_many_units_message(len(order), len(every)))
    valid = set(every)
    wanted = set(order)
    taken: dict[Cell, str] = {}
    kept: dict[str, Placement] = {}
    for p in placements:
        if p.locked and p.unit in wanted and p.unit not in kept and p.cell in valid and p.cell not in taken:
            kept[p.unit] = p
            taken[p.cell] = p.unit
    free_units = [u for u in order if u not in kept]
    slots = day_slots(settings)
    per_day = [len(t) * settings.desks for t in slots]
    locked_per_day = [sum(1 for c in taken if c.day == d) for d in range(len(slots))]
    free_per_day = [cap - lk for cap, lk in zip(per_day, locked_per_day, strict=True)]
    target = _spread(len(order), per_day)
    need = [min(f, max(0, t - lk)) for t, lk, f in zip(target, locked_per_day, free_per_day, strict=True)]
    # locked units may have taken more than a day's share: trim from the last days, fill from the first
    extra = sum(need) - len(free_units)
    for d in reversed(range(len(need))):
        cut = min(extra, need[d]) if extra > 0 else 0
        need[d] -= cut
        extra -= cut
    short = len(free_units) - sum(need)
    for d in range(len(need)):
        add = min(short, free_per_day[d] - need[d])
        need[d] += add
        short -= add
    load = [0] * settings.desks
    for c in taken:
        load[c.desk] += 1
    chosen: list[Cell] = []
    for d, times in enumerate(slots):
        left = need[d]
        for s in range(len(times)):
            if left <= 0:
                break
            open_desks = [k for k in range(settings.desks) if Cell(d, s, k) not in taken]
            if len(open_desks) > left:
                open_desks = sorted(open_desks, key=lambda k: (load[k], k))[:left]
            for k in open_desks:
                chosen.append(Cell(d, s, k))
                load[k] += 1
            left -= len(open_desks)
    chosen.sort()
    placed = list(kept.values()) + [Placement(u, c) for u, c in zip(free_units, chosen, strict=True)]
    return sorted(placed, key=lambda p: p.cell)


def move(placements: Iterable[Placement], unit: str, target: Cell) -> list[Placement]:
    """``unit`` moved by hand to ``target`` (and locked there). A unit already at ``target`` takes the
    moved unit's old place, or, when the moved unit had none, leaves the schedule."""
    current = list(placements)
    mine = next((p for p in current if p.unit == unit), None)
    out: list[Placement] = []
    for p in current:
        if p.unit == unit:
            continue
        if p.cell == target:
            if mine is not None:
                out.append(replace(p, cell=mine.cell))
            continue
        out.append(p)
    out.append(Placement(unit, target, locked=True))
    return sorted(out, key=lambda p: p.cell)


def unplace(placements: Iterable[Placement], unit: str) -> list[Placement]:
    """The placements without ``unit``'s."""
    return [p for p in placements if p.unit != unit]


def set_locked(placements: Iterable[Placement], unit: str, locked: bool) -> list[Placement]:
    return [replace(p, locked=locked) if p.unit == unit else p for p in placements]


# --- stored data (LK-4d) -------------------------------------------------------------------------------


def _int(value: Any, default: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return n if n > 0 else default


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_settings(data: Mapping[str, Any]) -> tuple[Settings, list[str]]:
    """The schedule's settings from LK-4d data, and what is wrong with them (Indonesian sentences). A day
    whose times cannot be read keeps the default times (08.00–16.00) and is named in the problems."""
    problems: list[str] = []
    days: list[Day] = []
    for n, row in enumerate(data.get("hari") or [], start=1):
        if not isinstance(row, Mapping):
            continue
        if not any(
            row.get(k) for k in ("tanggal", "mulai", "selesai", "istirahat_mulai", "istirahat_selesai")
        ):
            continue
        times: dict[str, int | None] = {}
        for key in ("mulai", "selesai", "istirahat_mulai", "istirahat_selesai"):
            raw = str(row.get(key) or "").strip()
            times[key] = parse_time(raw) if raw else None
            if raw and times[key] is None:
                problems.append(
                    _("Hari ke-{n}: jam '{time}' tidak terbaca; tulis seperti 08.00.").format(n=n, time=raw)
                )
        start = times["mulai"] if times["mulai"] is not None else DEFAULT_START
        end = times["selesai"] if times["selesai"] is not None else DEFAULT_END
        if end <= start:
            problems.append(_("Hari ke-{n}: jam selesai harus sesudah jam mulai.").format(n=n))
        b0, b1 = times["istirahat_mulai"], times["istirahat_selesai"]
        if (b0 is None) != (b1 is None):
            problems.append(_("Hari ke-{n}: isi jam mulai dan jam selesai istirahat.").format(n=n))
            b0 = b1 = None
        elif b0 is not None and b1 is not None and b1 <= b0:
            problems.append(_("Hari ke-{n}: istirahat harus selesai sesudah mulai.").format(n=n))
            b0 = b1 = None
        days.append(Day(_date(row.get("tanggal")), start, end, b0, b1))
    settings = Settings(
        tuple(days),
        _int(data.get("jumlah_meja"), DEFAULT_DESKS),
        _int(data.get("menit_per_slot"), DEFAULT_MINUTES),
    )
    return settings, problems


def read_placements(data: Mapping[str, Any]) -> list[Placement]:
    """The ``jadwal`` rows as placements (rows without a unit or a whole place are skipped; a unit listed
    twice keeps its first row)."""
    out: list[Placement] = []
    seen: set[str] = set()
    for row in data.get("jadwal") or []:
        if not isinstance(row, Mapping):
            continue
        unit = str(row.get("unit") or "").strip()
        try:
            cell = Cell(int(row["hari"]) - 1, int(row["slot"]) - 1, int(row["meja"]) - 1)
        except (KeyError, TypeError, ValueError):
            continue
        if not unit or unit in seen or min(cell.day, cell.slot, cell.desk) < 0:
            continue
        seen.add(unit)
        out.append(Placement(unit, cell, bool(row.get("tetap"))))
    return out


def placement_rows(
    placements: Iterable[Placement], names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Placements as LK-4d ``jadwal`` rows (1-based), in time order, with the units' names when given
    (so the stored rows say who sits where without the unit list)."""
    names = names or {}
    return [
        {
            "unit": p.unit,
            **({"nama_unit": names[p.unit]} if names.get(p.unit) else {}),
            "meja": p.cell.desk + 1,
            "hari": p.cell.day + 1,
            "slot": p.cell.slot + 1,
            "tetap": p.locked,
        }
        for p in sorted(placements, key=lambda p: p.cell)
    ]


def split_outside(
    settings: Settings, placements: Iterable[Placement]
) -> tuple[list[Placement], list[Placement]]:
    """Placements inside the schedule, and those whose place no longer exists (a day, a desk or a slot
    that the settings dropped); a place taken twice keeps its first unit."""
    valid = set(cells(settings))
    inside: list[Placement] = []
    outside: list[Placement] = []
    taken: set[Cell] = set()
    for p in placements:
        if p.cell in valid and p.cell not in taken:
            taken.add(p.cell)
            inside.append(p)
        else:
            outside.append(p)
    return inside, outside
