"""The Gantt of a rencana aksi: bars, time axis, milestones and colours — what the screen and the PDF draw.

:func:`gantt_plan` turns the action rows of LK-3b and the key dates of LK-3c into a :class:`GanttPlan`
of plain values. Positions are fractions of the time axis (0 = its left edge, 1 = its right edge), so a
renderer only multiplies by its own width. Rows whose dates are missing, unreadable or reversed are kept
— flagged, with a message and a warning marker position — never dropped, and the n-th bar is always the
n-th row of the table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from labinovasi.i18n import _, current_locale, format_date, format_number, format_rupiah
from labinovasi.worksheets.action_plan import ACTIVITY, END, PHASE, START, as_date
from labinovasi.worksheets.monev import Progress
from labinovasi.worksheets.registry import field_options, named_lists
from labinovasi.worksheets.schema import Field, FieldType

PHASE_LIST = "fase_aksi"  # resources/lists.toml

# The Okabe–Ito palette: told apart with every common colour-vision deficiency, and in grey print.
PHASE_COLOURS: dict[str, str] = {
    "persiapan": "#56B4E9",  # sky blue
    "uji_coba": "#E69F00",  # orange
    "launching": "#CC79A7",  # reddish purple
    "penerapan": "#009E73",  # bluish green
    "evaluasi": "#0072B2",  # blue
}
NO_PHASE_COLOUR = "#9AA3AB"  # grey: a row without a phase
WARNING_COLOUR = "#D55E00"  # vermillion: a row whose dates cannot be drawn
TODAY_COLOUR = "#B00020"
PROGRESS_COLOUR = "#1B2A3A"  # the done part of a bar: a dark band inside it
STALLED_COLOUR = "#C0161B"  # red: an activity reported "terkendala"
GRID_COLOUR = "#D5DBE1"
INK_COLOUR = "#1B2A3A"
MILESTONE_COLOURS: dict[str, str] = {
    "uji_coba": PHASE_COLOURS["uji_coba"],
    "launching": PHASE_COLOURS["launching"],
    "penerapan": PHASE_COLOURS["penerapan"],
    "tonggak": INK_COLOUR,
}

WEEK_LIMIT_DAYS = 70  # spans shorter than ~10 weeks get a week axis
MONTH_LIMIT = 36  # up to 3 years: one tick per month; then per quarter; beyond 10 years, per year(s)
QUARTER_LIMIT = 120


@dataclass(frozen=True)
class Phase:
    key: str  # "" for rows without a phase
    label: str
    colour: str


@dataclass(frozen=True)
class GanttBar:
    index: int  # 0-based position of the row in the table
    label: str  # the activity ("kegiatan"), or a placeholder for a row without one
    phase: Phase
    start: dt.date | None
    end: dt.date | None
    valid: bool
    problem: str = ""  # why the bar cannot be drawn ("" when valid)
    row_id: str | None = None
    x0: float | None = None  # bar from x0 to x1 (fractions of the axis), valid bars only
    x1: float | None = None
    marker: float | None = None  # where an invalid row's warning marker goes (None: at the axis start)
    ghost: tuple[float, float] | None = None  # a reversed row: the stretch between its two dates
    progress: Progress | None = None  # what the latest monev period (LK-4b) reports for this activity

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def has_label(self) -> bool:
        return self.label != unnamed_label()


@dataclass(frozen=True)
class Milestone:
    kind: str  # "uji_coba" | "launching" | "penerapan" | "tonggak"
    label: str
    date: dt.date
    note: str = ""
    x: float = 0.0

    @property
    def colour(self) -> str:
        return MILESTONE_COLOURS.get(self.kind, INK_COLOUR)


@dataclass(frozen=True)
class Tick:
    """One step of the axis (a month, a week …) from ``x0`` to ``x1``."""

    date: dt.date
    x0: float
    x1: float
    label: str  # "Jan 2027" (week axis: "3 Mei 2027")
    short: str  # "Jan" (week axis: "3")


@dataclass(frozen=True)
class Band:
    """A group of ticks shown above them: the year of a month axis, the month of a week axis."""

    label: str  # "2027", "Maret 2027"
    short: str  # "2027", "Mar 2027"
    x0: float
    x1: float


@dataclass(frozen=True)
class GanttPlan:
    bars: tuple[GanttBar, ...]
    milestones: tuple[Milestone, ...]
    start: dt.date | None  # the earliest date shown (None: nothing has a date)
    end: dt.date | None  # the latest date shown
    axis_start: dt.date | None  # the axis runs from axis_start (inclusive) …
    axis_end: dt.date | None  # … to axis_end (exclusive), whole weeks/months/quarters/years
    unit: str  # "week" | "month" | "quarter" | "year" | "" (no dates)
    ticks: tuple[Tick, ...]
    bands: tuple[Band, ...]
    phases: tuple[Phase, ...]  # the phases used, in the order of the list, for a legend

    @property
    def has_dates(self) -> bool:
        return self.axis_start is not None

    @property
    def has_progress(self) -> bool:
        return any(b.progress is not None for b in self.bars)

    @property
    def stalled(self) -> bool:
        return any(b.progress is not None and b.progress.stalled for b in self.bars)

    @property
    def problems(self) -> list[GanttBar]:
        return [b for b in self.bars if not b.valid]

    def x(self, date: dt.date) -> float:
        """Where ``date`` (its start) lies on the axis, as a fraction."""
        assert self.axis_start is not None and self.axis_end is not None
        return (date - self.axis_start).days / (self.axis_end - self.axis_start).days

    def x_of_day(self, date: dt.date) -> float | None:
        """Where ``date`` is, or None when it lies outside the axis (e.g. today, for a "today" line)."""
        if not self.has_dates or not (self.axis_start <= date < self.axis_end):  # type: ignore[operator]
            return None
        return self.x(date)

    @property
    def span_text(self) -> str:
        """ "Maret 2027 – Desember 2027" ("" without dates)."""
        if self.start is None or self.end is None:
            return ""
        a, b = _month_name(self.start.year, self.start.month), _month_name(self.end.year, self.end.month)
        return a if a == b else f"{a} – {b}"


def unnamed_label() -> str:
    return _("(kegiatan belum dinamai)")


# --- labels (cached: Babel is not free and a plan has many ticks) --------------------------------------


@lru_cache(maxsize=4096)
def _fmt(date: dt.date, pattern: str, locale: str) -> str:
    return format_date(date, pattern)


def _f(date: dt.date, pattern: str) -> str:
    return _fmt(date, pattern, current_locale())


def _month_name(year: int, month: int) -> str:
    return _f(dt.date(year, month, 1), "MMMM y")


def short_date(date: dt.date) -> str:
    """ "12 Mar 2027"."""
    return _f(date, "d MMM y")


# --- phases -----------------------------------------------------------------------------------------


def phase_of(value: Any) -> Phase:
    """The phase of a row (its colour and label), also for a value not in the list."""
    if not isinstance(value, str) or not value:
        return Phase("", _("Tanpa tahap"), NO_PHASE_COLOUR)
    labels = {o.value: o.label for o in named_lists().get(PHASE_LIST, ())}
    return Phase(value, labels.get(value, value), PHASE_COLOURS.get(value, NO_PHASE_COLOUR))


def all_phases() -> tuple[Phase, ...]:
    return tuple(phase_of(o.value) for o in named_lists().get(PHASE_LIST, ()))


# --- milestones -------------------------------------------------------------------------------------


def milestones_from(data: Mapping[str, Any] | None) -> list[Milestone]:
    """The dated milestones of an LK-3c record: start of uji coba, launching, start of penerapan, and
    every row of the ``tonggak`` table that has a date, in date order. Undated entries are left out."""
    if not isinstance(data, Mapping):
        return []
    out: list[Milestone] = []
    for key, kind, label in (
        ("tanggal_uji_coba", "uji_coba", _("Mulai uji coba")),
        ("tanggal_launching", "launching", _("Launching")),
        ("tanggal_penerapan", "penerapan", _("Mulai penerapan")),
    ):
        d = as_date(data.get(key))
        if d is not None:
            out.append(Milestone(kind, label, d))
    rows = data.get("tonggak")
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        d = as_date(row.get("tanggal"))
        if d is None:
            continue
        text = " ".join(str(row.get("tonggak") or "").split()) or _("Tonggak capaian")
        note = " ".join(str(row.get("keterangan") or "").split())
        out.append(Milestone("tonggak", text, d, note))
    out.sort(key=lambda m: m.date)
    return out


# --- the plan ---------------------------------------------------------------------------------------


def _row_problem(n: int, start_raw: Any, end_raw: Any, start: dt.date | None, end: dt.date | None) -> str:
    def unreadable(raw: Any) -> bool:
        return raw not in (None, "") and as_date(raw) is None

    if start is not None and end is not None:
        if end < start:
            return _("Baris {n}: Selesai ({end}) lebih awal dari Mulai ({start})").format(
                n=n, end=format_date(end), start=format_date(start)
            )
        return ""
    if unreadable(start_raw) or unreadable(end_raw):
        return _("Baris {n}: tanggal tidak dapat dibaca").format(n=n)
    if start is None and end is None:
        return _("Baris {n}: tanggal mulai dan selesai belum diisi").format(n=n)
    if start is None:
        return _("Baris {n}: tanggal mulai belum diisi").format(n=n)
    return _("Baris {n}: tanggal selesai belum diisi").format(n=n)


def _first_of_month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _axis(
    first: dt.date, last: dt.date
) -> tuple[str, dt.date, dt.date, list[tuple[dt.date, str, str]], list[tuple[dt.date, dt.date, str, str]]]:
    """The unit, the axis bounds, the ticks (date, label, short) and the bands (start, end, label, short)."""
    ticks: list[tuple[dt.date, str, str]] = []
    bands: list[tuple[dt.date, dt.date, str, str]] = []
    if (last - first).days + 1 < WEEK_LIMIT_DAYS:
        start = first - dt.timedelta(days=first.weekday())
        end = last + dt.timedelta(days=7 - last.weekday())
        d = start
        while d < end:
            ticks.append((d, _f(d, "d MMM y"), str(d.day)))
            d += dt.timedelta(days=7)
        m = _first_of_month(start)
        while m < end:
            nxt = _add_months(m, 1)
            bands.append((max(m, start), min(nxt, end), _f(m, "MMMM y"), _f(m, "MMM y")))
            m = nxt
        return "week", start, end, ticks, bands
    months = _months_between(first, last) + 1
    if months <= QUARTER_LIMIT:
        step, unit = (1, "month") if months <= MONTH_LIMIT else (3, "quarter")
        start = _first_of_month(first)
        if step == 3:
            start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
        end = _add_months(_first_of_month(last), 1)
        if step == 3:
            end = _add_months(end, (-_months_between(start, end)) % 3)
        d = start
        while d < end:
            ticks.append((d, _f(d, "MMM y"), _f(d, "MMM")))
            d = _add_months(d, step)
        for year in range(start.year, end.year + 1):
            a, b = max(dt.date(year, 1, 1), start), min(dt.date(year + 1, 1, 1), end)
            if a < b:
                bands.append((a, b, str(year), str(year)))
        return unit, start, end, ticks, bands
    years = last.year - first.year + 1
    step = max(1, math.ceil(years / 24))
    start = dt.date(first.year - (first.year % step), 1, 1)
    end_year = last.year + 1
    end_year += (-(end_year - start.year)) % step
    end = dt.date(end_year, 1, 1)
    for year in range(start.year, end.year, step):
        ticks.append((dt.date(year, 1, 1), str(year), str(year)))
    return "year", start, end, ticks, bands


def gantt_plan(
    rows: Sequence[Any] | None,
    milestones: Mapping[str, Any] | Iterable[Milestone] | None = None,
    progress: Mapping[str, Progress] | None = None,
) -> GanttPlan:
    """The Gantt of the action rows (LK-3b ``rencana_aksi``, as stored or as being edited) and the
    milestones (the LK-3c record, or :class:`Milestone` values). One bar per row, in table order.
    ``progress`` (LK-3b row id -> the latest monev period's report, see
    :func:`labinovasi.worksheets.monev.latest_progress`) is drawn over the planned bars."""
    progress = progress or {}
    rows = list(rows or [])
    if isinstance(milestones, Mapping):
        stones = milestones_from(milestones)
    else:
        stones = sorted((m for m in milestones or [] if isinstance(m, Milestone)), key=lambda m: m.date)

    raw: list[tuple[dict[str, Any], dt.date | None, dt.date | None]] = []
    dates: list[dt.date] = [m.date for m in stones]
    for row in rows:
        r = row if isinstance(row, dict) else {}
        start, end = as_date(r.get(START)), as_date(r.get(END))
        raw.append((r, start, end))
        dates += [d for d in (start, end) if d is not None]

    first: dt.date | None
    last: dt.date | None
    axis_start: dt.date | None
    axis_end: dt.date | None
    if dates:
        first, last = min(dates), max(dates)
        unit, axis_start, axis_end, tick_specs, band_specs = _axis(first, last)
        total = (axis_end - axis_start).days
        start_day = axis_start

        def x(d: dt.date) -> float:
            return (d - start_day).days / total
    else:
        first = last = axis_start = axis_end = None
        unit, tick_specs, band_specs = "", [], []

    bars: list[GanttBar] = []
    for i, (r, start, end) in enumerate(raw):
        label = " ".join(str(r.get(ACTIVITY) or "").split()) or unnamed_label()
        phase = phase_of(r.get(PHASE))
        row_id = r.get("_id") if isinstance(r.get("_id"), str) else None
        done = progress.get(row_id) if row_id else None
        problem = _row_problem(i + 1, r.get(START), r.get(END), start, end)
        if not problem:
            assert start is not None and end is not None
            bars.append(
                GanttBar(
                    i,
                    label,
                    phase,
                    start,
                    end,
                    True,
                    "",
                    row_id,
                    x(start),
                    x(end + dt.timedelta(days=1)),
                    progress=done,
                )
            )
            continue
        known = [d for d in (start, end) if d is not None]
        marker = x(min(known)) if known else None
        ghost = (x(end), x(start + dt.timedelta(days=1))) if start and end else None
        bars.append(
            GanttBar(
                i, label, phase, start, end, False, problem, row_id, marker=marker, ghost=ghost, progress=done
            )
        )

    if dates:
        stones = [Milestone(m.kind, m.label, m.date, m.note, x(m.date)) for m in stones]
        assert axis_end is not None
        nxt = [d for d, _l, _s in tick_specs[1:]] + [axis_end]
        ticks = tuple(
            Tick(d, x(d), x(n), label, short) for (d, label, short), n in zip(tick_specs, nxt, strict=True)
        )
        bands = tuple(Band(label, short, x(a), x(b)) for a, b, label, short in band_specs)
    else:
        ticks, bands = (), ()

    used = {b.phase.key for b in bars}
    phases = [p for p in all_phases() if p.key in used]
    phases += [b.phase for b in bars if b.phase.key and b.phase.key not in {p.key for p in all_phases()}]
    if "" in used:
        phases.append(phase_of(None))
    unique: dict[str, Phase] = {}
    for p in phases:
        unique.setdefault(p.key, p)
    return GanttPlan(
        tuple(bars),
        tuple(stones),
        first,
        last,
        axis_start,
        axis_end,
        unit,
        ticks,
        bands,
        tuple(unique.values()),
    )


def progress_text(progress: Progress, with_period: bool = True) -> str:
    """What the latest monev says of an activity: "Monev II: Berjalan, 65%"."""
    labels = {o.value: o.label for o in named_lists()["status_kegiatan"]}
    parts = [labels.get(progress.status, "")] if progress.status else []
    if progress.percent is not None:
        parts.append(f"{format_number(round(progress.percent, 1))}%")
    text = ", ".join(p for p in parts if p)
    return f"{progress.period}: {text}" if with_period and progress.period else text


def progress_short(progress: Progress) -> str:
    """The few characters drawn beside a bar: "65%" (or "!" for a stalled one without a percent)."""
    if progress.percent is not None:
        return f"{format_number(round(progress.percent))}%"
    return "!" if progress.stalled else ""


def cell_text(col: Field, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """An action-plan cell as the table shows and prints it: short dates, Rupiah without "Rp", choice
    labels; text that is not a valid value is shown as typed. ``labels`` may pass the choice labels
    already looked up (the table model keeps them)."""
    if value is None or value == "":
        return ""
    if col.type is FieldType.DATE:
        d = as_date(value)
        return short_date(d) if d else str(value)
    if col.type is FieldType.NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_rupiah(value).removeprefix("Rp ") if col.unit == "Rp" else format_number(value)
        return str(value)
    if col.type is FieldType.CHOICE:
        if labels is None:
            labels = {o.value: o.label for o in field_options(col)}
        return labels.get(value, str(value))
    return str(value)
