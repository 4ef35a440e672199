"""Validating worksheet data against its template, and computing derived values.

Stored data is a JSON object ``{field_key: value}``. Values by type:
text/paragraph/choice → str; number/score → int or float; date → ISO ``YYYY-MM-DD``;
multi_choice → list of str; yes_no → bool; table → list of row objects; signature → signer's
name (str). Computed fields are never stored.

Validation is strict about types (a wrong type is an error and the data is not stored) but
lenient about completeness: a half-filled worksheet is valid, and :func:`missing_required`
says what is still to be filled.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from labinovasi.domain.text import clean_text
from labinovasi.i18n import _, format_date
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Template

MAX_TEXT = 200_000  # a hard ceiling for any one text value
ROW_ID = "_id"  # every table row may carry a stable id, referred to by ``ref`` fields
MAX_ID = 64


def new_row_id() -> str:
    """A fresh id for a table row (short, unique enough within a lab)."""
    return uuid.uuid4().hex[:12]


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID


@dataclass(frozen=True)
class Issue:
    field: str  # "key" or "table.row.column" (row is 1-based)
    message: str

    def __str__(self) -> str:
        return self.message


class WorksheetValidationError(ValueError):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(i.message for i in issues))


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _check_value(f: Field, value: Any, where: str, label: str) -> tuple[Any, list[Issue]]:
    """Check one value; return its normalised form and any issues."""
    t = f.type
    if _is_empty(value):
        return None, []
    if t in (FieldType.TEXT, FieldType.PARAGRAPH, FieldType.SIGNATURE):
        if not isinstance(value, str):
            return None, [Issue(where, _("{label}: harus berupa teks").format(label=label))]
        value = clean_text(value)
        limit = min(f.max_length or MAX_TEXT, MAX_TEXT)
        if len(value) > limit:
            return None, [
                Issue(
                    where,
                    _("{label}: terlalu panjang ({n} karakter, maksimal {m})").format(
                        label=label, n=len(value), m=limit
                    ),
                )
            ]
        if t is FieldType.TEXT and "\n" in value:
            value = " ".join(value.split())
        return value, []
    if t in (FieldType.NUMBER, FieldType.SCORE):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                parsed = parse_number(value)
                if parsed is None:
                    return None, [
                        Issue(
                            where, _("{label}: \u201c{v}\u201d bukan angka").format(label=label, v=value[:40])
                        )
                    ]
                value = parsed
            else:
                return None, [Issue(where, _("{label}: harus berupa angka").format(label=label))]
        if isinstance(value, float) and not math.isfinite(value):
            return None, [Issue(where, _("{label}: harus berupa angka").format(label=label))]
        if f.integer and value != int(value):
            return None, [Issue(where, _("{label}: harus bilangan bulat").format(label=label))]
        if f.integer:
            value = int(value)
        if f.minimum is not None and value < f.minimum:
            return None, [Issue(where, _("{label}: minimal {m}").format(label=label, m=_fmt(f.minimum)))]
        if f.maximum is not None and value > f.maximum:
            return None, [Issue(where, _("{label}: maksimal {m}").format(label=label, m=_fmt(f.maximum)))]
        return value, []
    if t is FieldType.DATE:
        if isinstance(value, dt.date):
            return value.isoformat(), []
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat(), []
            except ValueError:
                pass
        return None, [Issue(where, _("{label}: tanggal tidak valid").format(label=label))]
    if t is FieldType.CHOICE:
        allowed = {o.value for o in field_options(f)}
        if not isinstance(value, str) or value not in allowed:
            return None, [Issue(where, _("{label}: pilihan tidak dikenal").format(label=label))]
        return value, []
    if t is FieldType.MULTI_CHOICE:
        allowed_order = [o.value for o in field_options(f)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, [Issue(where, _("{label}: harus berupa daftar pilihan").format(label=label))]
        unknown = [v for v in value if v not in allowed_order]
        if unknown:
            return None, [Issue(where, _("{label}: pilihan tidak dikenal").format(label=label))]
        return [v for v in allowed_order if v in value], []
    if t is FieldType.REF:
        if f.multiple:
            if not isinstance(value, list) or not all(_is_id(v) for v in value):
                return None, [Issue(where, _("{label}: rujukan tidak valid").format(label=label))]
            return list(dict.fromkeys(value)), []
        if not _is_id(value):
            return None, [Issue(where, _("{label}: rujukan tidak valid").format(label=label))]
        return value, []
    if t is FieldType.YES_NO:
        if not isinstance(value, bool):
            return None, [Issue(where, _("{label}: harus ya atau tidak").format(label=label))]
        return value, []
    if t is FieldType.TABLE:
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return None, [Issue(where, _("{label}: harus berupa tabel").format(label=label))]
        rows, issues = [], []
        for i, row in enumerate(value, start=1):
            extra = set(row) - {c.key for c in f.columns} - {ROW_ID}
            if extra:
                issues.append(
                    Issue(
                        f"{where}.{i}", _("{label} baris {i}: kolom tidak dikenal").format(label=label, i=i)
                    )
                )
                continue
            if ROW_ID in row and not _is_id(row[ROW_ID]):
                issues.append(
                    Issue(
                        f"{where}.{i}", _("{label} baris {i}: id baris tidak valid").format(label=label, i=i)
                    )
                )
                continue
            clean = {}
            for col in f.columns:
                if col.type is FieldType.COMPUTED or col.auto_number:
                    continue
                v, errs = _check_value(
                    col,
                    row.get(col.key),
                    f"{where}.{i}.{col.key}",
                    _("{label} baris {i}, {col}").format(label=label, i=i, col=col.label),
                )
                issues += errs
                if v is not None:
                    clean[col.key] = v
            if clean:
                if ROW_ID in row:
                    clean = {ROW_ID: row[ROW_ID], **clean}
                rows.append(clean)
        return number_rows(f, rows), issues
    return None, []  # computed: never stored


def number_rows(table: Field, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with their number (1, 2, 3 …) in every ``auto_number`` column of ``table``."""
    auto = [c.key for c in table.columns if c.auto_number]
    for n, row in enumerate(rows, start=1):
        for key in auto:
            row[key] = n
    return rows


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


_NUM_RE = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def parse_number(text: str) -> int | float | None:
    """Parse a number typed the Indonesian way: ``1.500.000``, ``2,5``, ``Rp 25.000``."""
    s = text.strip().removeprefix("Rp").removeprefix("rp").strip().replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", s):  # 1.500.000 or 1.500,5
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", s):  # 1,500,000
        s = s.replace(",", "")
    elif _NUM_RE.fullmatch(s):
        s = s.replace(",", ".")
    else:
        return None
    number = float(s)
    return int(number) if number.is_integer() and "." not in s else number


def validate(template: Template, data: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Return the normalised data (empty values dropped) and the issues found."""
    if not isinstance(data, dict):
        return {}, [Issue("", _("Data lembar kerja harus berupa objek"))]
    issues: list[Issue] = []
    known = {f.key for f in template.fields}
    for key in data:
        if key not in known:
            issues.append(
                Issue(key, _("Isian '{key}' tidak ada di {code}").format(key=key, code=template.code))
            )
    clean: dict[str, Any] = {}
    for f in template.fields:
        if f.type is FieldType.COMPUTED:
            continue
        value, errs = _check_value(f, data.get(f.key), f.key, f.label)
        issues += errs
        if value is not None:
            clean[f.key] = value
    return clean, issues


def validated(template: Template, data: dict[str, Any]) -> dict[str, Any]:
    """Like :func:`validate` but raise :class:`WorksheetValidationError` on any issue."""
    clean, issues = validate(template, data)
    if issues:
        raise WorksheetValidationError(issues)
    return clean


def check_rules(template: Template, data: dict[str, Any]) -> list[Issue]:
    """Soft rules that never stop a value from being stored: a date before the date it must
    follow (``not_before``), e.g. an activity that ends before it starts."""
    issues: list[Issue] = []

    def order(f: Field, values: dict[str, Any], siblings: dict[str, Field], where: str, prefix: str) -> None:
        if not f.not_before or f.not_before not in siblings:
            return
        end, start = values.get(f.key), values.get(f.not_before)
        if isinstance(end, str) and isinstance(start, str) and end < start:
            issues.append(
                Issue(
                    where,
                    _("{prefix}{label} ({end}) lebih awal dari {other} ({start})").format(
                        prefix=prefix,
                        label=f.label,
                        other=siblings[f.not_before].label,
                        end=_fmt_date(end),
                        start=_fmt_date(start),
                    ),
                )
            )

    fields = {f.key: f for f in template.fields}
    for f in template.fields:
        order(f, data, fields, f.key, "")
        if f.type is FieldType.TABLE and isinstance(data.get(f.key), list):
            cols = {c.key: c for c in f.columns}
            for i, row in enumerate(data[f.key], start=1):
                if isinstance(row, dict):
                    for c in f.columns:
                        order(
                            c,
                            row,
                            cols,
                            f"{f.key}.{i}.{c.key}",
                            _("{label} baris {i}: ").format(label=f.label, i=i),
                        )
    return issues


def _fmt_date(iso: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def missing_required(template: Template, data: dict[str, Any]) -> list[Field]:
    return [f for f in template.data_fields if f.required and _is_empty(data.get(f.key))]


def is_complete(template: Template, data: dict[str, Any]) -> bool:
    """A worksheet counts as filled when every required field has a value (or, with none
    required, when anything at all is filled)."""
    if not any(f.required for f in template.data_fields):
        return any(not _is_empty(data.get(f.key)) for f in template.data_fields)
    return not missing_required(template, data)


def compute_row(column: Field, row: dict[str, Any]) -> float | int | bool | None:
    """The value of a computed table column for one row (its ``of`` names columns of the same row)."""
    assert column.compute is not None
    return compute(None, column, {k: row.get(k) for k in column.compute.of})


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def compute(template: Template | None, field: Field, data: dict[str, Any]) -> float | int | bool | None:
    """The value of a computed field for ``data`` (the template is not needed: ``of`` says where)."""
    assert field.compute is not None
    values: list[Any] = []
    for ref in field.compute.of:
        base, _sep, col = ref.partition(".")
        v = data.get(base)
        if col:
            values += [row.get(col) for row in (v or [])]
        else:
            values.append(v)
    op = field.compute.op
    if op == "word_count":
        return sum(word_count(v) for v in values if isinstance(v, str))
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if op == "product":
        if len(nums) != len(values):
            return None
        result: float = 1
        for n in nums:
            result *= n
        return result
    if op == "sum":
        return sum(nums)
    if op == "average":
        return round(sum(nums) / len(nums), 2) if nums else None
    if op == "all_yes":
        return all(v is True for v in values) if values and None not in values else None
    if op == "count_rows":
        return sum(len(v) for v in values if isinstance(v, list))
    raise AssertionError(op)  # pragma: no cover - the schema allows no other op
