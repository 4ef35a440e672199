"""Rencana aksi (LK-3b): reading what people type into the plan, and what is wrong with its rows.

Pure functions shared by the editor on screen and the printed worksheet. Dates are stored as ISO
``YYYY-MM-DD`` strings and budgets as numbers (see ``labinovasi/worksheets/validation.py``); a value a
person typed that cannot be read (``"lima juta"``, ``"31/2/2027"``) is kept as text by the editor and
reported here, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labinovasi.i18n import _
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import check_rules, parse_number

ACTION_PLAN = "LK-3b"
MILESTONES = "LK-3c"
ACTIONS = "rencana_aksi"  # the table field of LK-3b
PHASE, ACTIVITY, START, END, BUDGET = "fase", "kegiatan", "mulai", "selesai", "anggaran"

# --- dates ------------------------------------------------------------------------------------------

_MONTHS = {
    # Indonesian and English month names and their usual abbreviations (matched by prefix, see below)
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s*[ .\-/]?\s*([a-z]+)\.?\s*[ .\-/,]?\s*(\d{2}|\d{4})$")


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def parse_date_input(text: str) -> dt.date | None:
    """A date typed the Indonesian way: ``12/3/2027``, ``12-03-27``, ``12.3.2027``, ``12 Maret 2027``,
    ``12 Agt 2027`` or ISO ``2027-03-12``. Day first, always. ``None`` when it is not a real date."""
    s = " ".join(str(text).strip().lower().split())
    if not s:
        return None
    try:
        if m := _ISO_DATE.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_DATE.match(s):
            return dt.date(_year(m[3]), int(m[2]), int(m[1]))
        if m := _WORD_DATE.match(s):
            month = _MONTHS.get(m[2])
            if month is None and len(m[2]) >= 3:  # "sept", "agust", "desemb" …
                month = next(
                    (n for name, n in _MONTHS.items() if len(name) > 3 and name.startswith(m[2])), None
                )
            if month is not None:
                return dt.date(_year(m[3]), month, int(m[1]))
    except ValueError:  # 31/2/2027
        return None
    return None


def as_date(value: Any) -> dt.date | None:
    """A stored date value (ISO text or a date) as a date; ``None`` for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --- money ------------------------------------------------------------------------------------------

_SCALES = (
    (("miliar", "milyar", "m"), 1_000_000_000),
    (("juta", "jt"), 1_000_000),
    (("ribu", "rb", "k"), 1_000),
)


def parse_budget(text: str) -> int | float | None:
    """A rupiah amount as people type it: ``1.500.000``, ``Rp 1.500.000,-``, ``Rp 2,5 juta``, ``750 rb``,
    ``1,2 M``. ``None`` when it is not an amount."""
    s = str(text).strip().lower()
    s = s.removeprefix("rp.").removeprefix("rp").strip()
    for tail in (",-", ".-", ",00", "-"):
        if s.endswith(tail) and len(s) > len(tail):
            s = s[: -len(tail)].strip()
            break
    scale = 1
    for words, factor in _SCALES:
        for w in words:
            if s.endswith(w) and re.search(r"\d\s*" + w + "$", s):
                s, scale = s[: -len(w)].strip().rstrip("."), factor
                break
        if scale != 1:
            break
    number = parse_number(s)
    if number is None:
        return None
    if scale == 1:
        return number
    value = round(number * scale, 2)
    return int(value) if float(value).is_integer() else value


# --- what is wrong with the rows ------------------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    """A problem of one cell. ``row`` is 0-based; ``soft`` problems (a rule such as an end before its
    start) are stored anyway, the others are values that cannot be stored until corrected."""

    row: int
    column: str
    message: str
    soft: bool = False


def action_field(template: Template) -> Field:
    return next(f for f in template.fields if f.key == ACTIONS)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def clean_rows(field: Field, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """``rows`` with every value that cannot be read (text in a number or date column) left out: what
    the soft rules and the totals should look at."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if not isinstance(row, dict):
            out.append({})
            continue
        clean = {}
        for col in field.columns:
            v = row.get(col.key)
            if v is None or v == "":
                continue
            if col.type is FieldType.DATE and as_date(v) is None:
                continue
            if col.type in (FieldType.NUMBER, FieldType.SCORE) and not _is_number(v):
                continue
            clean[col.key] = v
        out.append(clean)
    return out


def cell_problems(template: Template, rows: Sequence[Any]) -> list[CellProblem]:
    """Every problem of the action rows, in row order: values that are not a number or not a date, numbers
    out of range, and the soft rules of the template (``not_before``: an activity that ends before it
    starts). Messages name the row the way the table numbers it: "Anggaran baris 3: …"."""
    field = action_field(template)
    problems: list[CellProblem] = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        for col in field.columns:
            v = row.get(col.key)
            if v is None or v == "":
                continue
            n = i + 1
            if col.type is FieldType.NUMBER:
                if not _is_number(v):
                    problems.append(
                        CellProblem(
                            i,
                            col.key,
                            _("{label} baris {n}: \u201c{v}\u201d bukan angka").format(
                                label=col.label, n=n, v=_short(v)
                            ),
                        )
                    )
                elif col.minimum is not None and v < col.minimum:
                    problems.append(
                        CellProblem(
                            i,
                            col.key,
                            _("{label} baris {n}: tidak boleh kurang dari {m}").format(
                                label=col.label, n=n, m=_plain_number(col.minimum)
                            ),
                        )
                    )
                elif col.maximum is not None and v > col.maximum:
                    problems.append(
                        CellProblem(
                            i,
                            col.key,
                            _("{label} baris {n}: tidak boleh lebih dari {m}").format(
                                label=col.label, n=n, m=_plain_number(col.maximum)
                            ),
                        )
                    )
            elif col.type is FieldType.DATE and as_date(v) is None:
                problems.append(
                    CellProblem(
                        i,
                        col.key,
                        _(
                            "{label} baris {n}: \u201c{v}\u201d bukan tanggal yang valid (contoh: 12/3/2027)"
                        ).format(label=col.label, n=n, v=_short(v)),
                    )
                )
    for issue in check_rules(template, {ACTIONS: clean_rows(field, rows)}):
        parts = issue.field.split(".")
        if len(parts) == 3 and parts[0] == ACTIONS and parts[1].isdigit():
            problems.append(CellProblem(int(parts[1]) - 1, parts[2], issue.message, soft=True))
    order = {c.key: k for k, c in enumerate(field.columns)}
    problems.sort(key=lambda p: (p.row, order.get(p.column, 99)))
    return problems


def _short(value: Any, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def total_budget(rows: Sequence[Any]) -> int | float:
    """The sum of the budgets that are numbers (text that is not an amount counts as nothing)."""
    total: int | float = 0
    for row in rows:
        if isinstance(row, dict) and _is_number(row.get(BUDGET)):
            total += row[BUDGET]
    return total


def is_blank_row(row: Any) -> bool:
    """A row with nothing filled in (only, perhaps, its id)."""
    return not isinstance(row, dict) or all(
        v is None or v == "" or v == [] for k, v in row.items() if k != "_id"
    )
