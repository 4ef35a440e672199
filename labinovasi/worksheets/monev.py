"""Monitoring-evaluasi (LK-4b) per period: reading and changing the periods of one idea's sheet.

LK-4b keeps one sheet per idea with two flat tables: ``periode`` (one row per monev: its name, date,
desk and slot, the reviewer's notes and name) and ``kemajuan`` (one row per activity of the rencana aksi
per period: ``periode`` names its period's row id, ``aksi`` the LK-3b row it reports on). Pure functions
over stored data, shared by the editor, the Gantt, the printed sheet and the unit progress report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labinovasi.i18n import _
from labinovasi.worksheets.validation import ROW_ID, new_row_id, parse_number

PERIODS = "periode"  # the table of periods
ROWS = "kemajuan"  # the table of activity rows, each naming its period
PERIOD = "periode"  # the column of a progress row that names its period's row id
ACTION = "aksi"  # the column that names the LK-3b row
ACTION_PLAN_TABLE = "rencana_aksi"

STATUSES = ("belum", "berjalan", "selesai", "terkendala")
STALLED = "terkendala"
DONE = "selesai"
NOT_STARTED = "belum"

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = ""
    for value, text in _ROMAN:
        while n >= value:
            out += text
            n -= value
    return out


def period_name(n: int) -> str:
    """The default name of the n-th period (1-based): "Monev I", "Monev II" …"""
    return _("Monev {n}").format(n=roman(max(1, n)))


@dataclass(frozen=True)
class Activity:
    row_id: str
    action: str  # the LK-3b row id ("" when it names none)
    activity: str
    status: str  # "" | belum | berjalan | selesai | terkendala
    progress: float | None  # 0–100
    obstacle: str
    follow_up: str


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    date: str  # ISO date or ""
    desk: str
    slot: str
    notes: str
    reviewer: str
    activities: tuple[Activity, ...]

    @property
    def average(self) -> float | None:
        return average(a.progress for a in self.activities)


@dataclass(frozen=True)
class Progress:
    """An activity's latest reported progress (for the Gantt)."""

    status: str
    percent: float | None
    period: str  # the period's name

    @property
    def stalled(self) -> bool:
        return self.status == STALLED

    @property
    def fraction(self) -> float:
        """How much of the bar to fill (0–1): the percent, or 1 for a finished activity without one."""
        if self.percent is not None:
            return max(0.0, min(1.0, self.percent / 100))
        return 1.0 if self.status == DONE else 0.0


def _text(value: Any) -> str:
    return " ".join(str(value or "").split()) if not isinstance(value, (dict, list)) else ""


def _percent(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    number = value if isinstance(value, (int, float)) else parse_number(str(value))
    if not isinstance(number, (int, float)):
        return None
    return max(0.0, min(100.0, float(number)))


def _table(data: Mapping[str, Any] | None, key: str) -> list[dict[str, Any]]:
    rows = (data or {}).get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def average(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def activity_of(row: Mapping[str, Any]) -> Activity:
    status = str(row.get("status") or "")
    return Activity(
        row_id=str(row.get(ROW_ID) or ""),
        action=str(row.get(ACTION) or ""),
        activity=_text(row.get("kegiatan")),
        status=status if status in STATUSES else "",
        progress=_percent(row.get("progres")),
        obstacle=str(row.get("kendala") or "").strip(),
        follow_up=str(row.get("tindak_lanjut") or "").strip(),
    )


def periods(data: Mapping[str, Any] | None) -> list[Period]:
    """The periods of an LK-4b sheet in table order (the last is the latest), each with its activities."""
    rows = _table(data, ROWS)
    out = []
    for p in _table(data, PERIODS):
        pid = str(p.get(ROW_ID) or "")
        mine = tuple(activity_of(r) for r in rows if pid and str(r.get(PERIOD) or "") == pid)
        out.append(
            Period(
                id=pid,
                name=_text(p.get("nama")),
                date=str(p.get("tanggal") or ""),
                desk=_text(p.get("meja")),
                slot=_text(p.get("slot_waktu")),
                notes=str(p.get("catatan_reviewer") or "").strip(),
                reviewer=_text(p.get("reviewer")),
                activities=mine,
            )
        )
    return out


def find_period(data: Mapping[str, Any] | None, name: str) -> Period | None:
    """The period called ``name`` (compared without case or extra spaces)."""
    want = " ".join(name.split()).casefold()
    return next((p for p in periods(data) if p.name.casefold() == want), None)


def latest_progress(data: Mapping[str, Any] | None) -> dict[str, Progress]:
    """LK-3b row id -> what the latest period that reports on it says (status or percent filled)."""
    out: dict[str, Progress] = {}
    for period in periods(data):
        for a in period.activities:
            if a.action and (a.status or a.progress is not None):
                out[a.action] = Progress(a.status, a.progress, period.name)
    return out


def next_period_name(data: Mapping[str, Any] | None) -> str:
    taken = {p.name.casefold() for p in periods(data)}
    n = len(taken) + 1
    while period_name(n).casefold() in taken:
        n += 1
    return period_name(n)


def add_period(
    data: Mapping[str, Any] | None,
    plan_rows: Sequence[Mapping[str, Any]],
    name: str = "",
    date: str = "",
    desk: str = "",
    slot: str = "",
    reviewer: str = "",
    period_id: str | None = None,
) -> tuple[dict[str, Any], str]:
    """``data`` with a new period at the end, its activity rows pre-filled from the rencana aksi
    (``plan_rows``: LK-3b's ``rencana_aksi``): one row per activity, with the status and percent the
    previous period reported for it (kendala and tindak lanjut start empty). Earlier periods are kept as
    they are. Returns the new data and the new period's id."""
    base = dict(data or {})
    pid = period_id or new_row_id()
    before = latest_progress(base)
    period: dict[str, Any] = {ROW_ID: pid, "nama": " ".join(name.split()) or next_period_name(base)}
    for key, value in (
        ("tanggal", date),
        ("meja", desk),
        ("slot_waktu", slot),
        ("reviewer", reviewer),
    ):
        if value:
            period[key] = value
    new_rows = []
    for row in plan_rows:
        if not isinstance(row, Mapping):
            continue
        action = str(row.get(ROW_ID) or "")
        text = _text(row.get("kegiatan"))
        if not action and not text:
            continue
        last = before.get(action) if action else None
        new: dict[str, Any] = {ROW_ID: new_row_id(), PERIOD: pid}
        if action:
            new[ACTION] = action
        if text:
            new["kegiatan"] = text
        new["status"] = last.status if last and last.status else NOT_STARTED
        new["progres"] = last.percent if last and last.percent is not None else 0
        new_rows.append(new)
    base[PERIODS] = [*_table(base, PERIODS), period]
    base[ROWS] = [*_table(base, ROWS), *new_rows]
    return base, pid


def rename_period(data: Mapping[str, Any], period_id: str, name: str) -> dict[str, Any]:
    return set_period(data, period_id, "nama", " ".join(name.split()))


def set_period(data: Mapping[str, Any], period_id: str, key: str, value: Any) -> dict[str, Any]:
    """``data`` with one value of a period changed (an empty value removes the key)."""
    rows = []
    for p in _table(data, PERIODS):
        if str(p.get(ROW_ID) or "") == period_id:
            p = {k: v for k, v in p.items() if k != key}
            if value not in (None, ""):
                p[key] = value
        rows.append(p)
    return {**data, PERIODS: rows}


def remove_period(data: Mapping[str, Any], period_id: str) -> dict[str, Any]:
    """``data`` without the period and its activity rows."""
    return {
        **data,
        PERIODS: [p for p in _table(data, PERIODS) if str(p.get(ROW_ID) or "") != period_id],
        ROWS: [r for r in _table(data, ROWS) if str(r.get(PERIOD) or "") != period_id],
    }


def upgrade_v1(data: dict[str, Any], _lab: Any = None) -> dict[str, Any]:
    """Version 1 was one sheet for one period (``periode`` text, date, desk, slot, reviewer fields and a
    ``kemajuan`` table); version 2 holds a list of periods. The one period becomes the first of the list
    (named "Monev I" when it had no name) and every activity row names it. The period's id is derived from
    the stored data so that every read of the same data gives the same id."""
    if isinstance(data.get(PERIODS), list):
        return data
    rows = _table(data, ROWS)
    seed = next((str(r.get(ROW_ID)) for r in rows if r.get(ROW_ID)), "")
    pid = f"p1{seed}"[:12] if seed else "periode1"
    period: dict[str, Any] = {ROW_ID: pid, "nama": _text(data.get("periode")) or period_name(1)}
    for old, new in (
        ("tanggal_monev", "tanggal"),
        ("meja", "meja"),
        ("slot_waktu", "slot_waktu"),
        ("catatan_reviewer", "catatan_reviewer"),
        ("reviewer", "reviewer"),
    ):
        value = data.get(old)
        if value not in (None, ""):
            period[new] = value
    out = {
        k: v
        for k, v in data.items()
        if k not in ("periode", "tanggal_monev", "meja", "slot_waktu", "catatan_reviewer", "reviewer", ROWS)
        and k != "rata_rata_progres"
    }
    out[PERIODS] = [period]
    out[ROWS] = [{**r, PERIOD: pid} for r in rows]
    return out
