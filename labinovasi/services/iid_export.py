"""Profil Inovasi for the Indeks Inovasi Daerah (IID) portal: one row per innovation of a lab, in the
portal's field layout, as an Excel workbook (.xlsx) or a CSV file.

The layout is data (``resources/iid.toml``: the columns in the portal's order, their headers, widths,
the enumerated fields with the portal's wording, and where each value lives in the app). Export is
gather-then-render: :func:`gather_iid` reads the lab in a fixed number of queries (its ideas and units,
each source worksheet once for the whole lab, the launch) into an :class:`IidTable` of plain values;
:func:`write_iid_xlsx` and :func:`write_iid_csv` only lay those values out.

Which ideas are innovations: the launched ones (status *diluncurkan* or *diterapkan*). With
``include_curated`` every idea curated *lanjut* that is not launched yet is listed too (for a profile
prepared before the launch). Merged, postponed and stopped ideas never are, nor deleted ideas or ideas of
deleted units.

Values the app does not hold stay empty (never "None"). Every text goes through the one safe writer
(:mod:`labinovasi.spreadsheet`): a text starting with ``=``, ``+``, ``-`` or ``@`` never becomes a
formula, control characters are removed, and a text longer than Excel's cell limit (32,767 characters)
is cut there with an ellipsis, in the CSV as well (Excel cuts a longer CSV cell itself, and the portal's
fields are far shorter); :attr:`IidTable.cut` names every such cell so the user is told.

The CSV is UTF-8 with a byte order mark and ``;`` between fields: Excel with Indonesian regional
settings uses the comma as its decimal mark and ``;`` as its list separator, so it opens such a file
straight into columns (a comma-separated file would land in one column).
"""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import live
from labinovasi.domain.enums import IdeaStatus, Scope
from labinovasi.domain.text import clean_text
from labinovasi.i18n import _, format_number
from labinovasi.resources import resource_path
from labinovasi.services.curation import (
    IdeaRef,
    bulk_objects,
    id_key,
    lab_entries,
    lab_ideas,
    lab_settings_in,
)
from labinovasi.services.records import parse_id
from labinovasi.spreadsheet import EXCEL_CELL_LIMIT, Value, save_with_rows, write_csv, write_sheet
from labinovasi.worksheets import codes
from labinovasi.worksheets.kinds.launch import LAUNCHED
from labinovasi.worksheets.registry import default_registry, field_options, source_lists
from labinovasi.worksheets.schema import Field, FieldType
from labinovasi.worksheets.sources import SECTIONS, section_fields, sections_text

LAUNCHED_STATUSES = (IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN)
CURATED_STATUSES = (IdeaStatus.LANJUT,)
SUFFIXES = (".xlsx", ".csv")
VALIDATION_SPARE_ROWS = 200  # rows below the data that still get the dropdowns (rows added by hand)
OPTIONS_SHEET = "Pilihan"  # the hidden sheet holding the dropdowns' lists
SPECIAL_SOURCES = ("idea.title", "unit.name", "launch.tanggal", "derived.tahapan")

ColumnType = Literal["text", "date", "number", "choice"]


class IidLayoutError(ValueError):
    """``resources/iid.toml`` does not describe a usable layout."""


@dataclass(frozen=True)
class IidColumn:
    """One column of the IID profile (see ``resources/iid.toml``)."""

    key: str
    header: str
    type: ColumnType
    width: float
    sources: tuple[str, ...]
    options: tuple[tuple[str, str], ...] = ()  # (the app's value, the portal's wording)

    @property
    def allowed(self) -> tuple[str, ...]:
        """The texts a choice column accepts (its dropdown)."""
        return tuple(label for _value, label in self.options)

    def label_of(self, value: Any) -> str:
        """The portal's wording of a stored value ("" for none; an unknown value as it is)."""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            value = "ya" if value else "tidak"
        text = str(value)
        return self._labels.get(text, text)

    @cached_property
    def _labels(self) -> dict[str, str]:
        return dict(self.options)


@dataclass(frozen=True)
class IidLayout:
    sheet: str
    columns: tuple[IidColumn, ...]

    @property
    def headers(self) -> list[str]:
        return [_(c.header) for c in self.columns]

    def column(self, key: str) -> IidColumn:
        return next(c for c in self.columns if c.key == key)


def _options(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, str):
        lists = source_lists()  # the portal's wording is Indonesian, whatever the language
        if raw not in lists:
            raise IidLayoutError(f"iid.toml: {where}: daftar '{raw}' tidak ada di lists.toml")
        return tuple((o.value, o.label) for o in lists[raw])
    if isinstance(raw, list) and all(isinstance(p, list) and len(p) == 2 for p in raw):
        return tuple((str(v), str(label)) for v, label in raw)
    raise IidLayoutError(f"iid.toml: {where}: 'options' harus nama daftar atau pasangan [nilai, label]")


@cache
def iid_layout() -> IidLayout:
    """The layout in ``resources/iid.toml``, checked."""
    with resource_path("iid.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    columns = []
    for n, c in enumerate(raw.get("columns") or [], start=1):
        where = f"kolom {n} ({c.get('key', '?')})"
        kind = c.get("type")
        if kind not in ("text", "date", "number", "choice"):
            raise IidLayoutError(f"iid.toml: {where}: jenis '{kind}' tidak dikenal")
        options: tuple[tuple[str, str], ...] = ()
        if kind == "choice":
            labels = c.get("labels") or {}
            options = tuple((v, str(labels.get(v, label))) for v, label in _options(c.get("options"), where))
        columns.append(
            IidColumn(
                key=str(c["key"]),
                header=str(c["header"]),
                type=kind,
                width=float(c.get("width", 16)),
                sources=tuple(str(s) for s in c.get("from") or ()),
                options=options,
            )
        )
    if not columns:
        raise IidLayoutError("iid.toml: tidak ada kolom")
    return IidLayout(str(raw.get("sheet") or "IID"), tuple(columns))


def source_field(source: str) -> tuple[str, str] | None:
    """``"LK-6.tujuan"`` -> ``("LK-6", "tujuan")``; ``"LK-3a.*"`` -> ``("LK-3a", "*")``; None for the
    special sources (``idea.title`` …)."""
    if source in SPECIAL_SOURCES:
        return None
    code, sep, key = source.partition(".")
    if not sep or not code.startswith("LK-") or not key:
        raise IidLayoutError(f"iid.toml: sumber '{source}' tidak dikenal")
    return code, key


# --- gather --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CutCell:
    """A text longer than a spreadsheet cell holds, cut at the limit."""

    innovation: str
    column: str
    length: int


@dataclass(frozen=True)
class IidTable:
    """The gathered profile: what the writers lay out, and nothing else."""

    layout: IidLayout
    lab_name: str
    rows: tuple[tuple[Value, ...], ...]
    cut: tuple[CutCell, ...] = field(default=())

    @property
    def headers(self) -> list[str]:
        return self.layout.headers


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


Labels = dict[str, dict[str, str]]  # column key -> value -> label, of a table's choice columns


def _table_labels(f: Field) -> Labels:
    return {c.key: {o.value: o.label for o in field_options(c)} for c in f.columns}


def _table_text(f: Field, labels: Labels, rows: Any) -> str:
    """A table as lines of text: each row's filled cells joined with " — " (choices by their label)."""
    if not isinstance(rows, list):
        return ""
    lines = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        cells = []
        for c in f.columns:
            v = row.get(c.key)
            if v is None or v == "":
                continue
            text = str(labels[c.key].get(v, v) if isinstance(v, str) else v).strip()
            if c.key == "nip" and text.isdigit():  # a BUMD's staff number (NPP …) is written as it is
                text = _("NIP {nip}").format(nip=text)
            if text:
                cells.append(text)
        if cells:
            lines.append(" — ".join(cells))
    return "\n".join(lines)


class _Reader:
    """Turns one source of one idea into a value of a column's type (the templates read once)."""

    def __init__(self, layout: IidLayout):
        reg = default_registry()
        self.fields: dict[tuple[str, str], Field] = {}
        self.labels: dict[tuple[str, str], Labels] = {}
        self.sections: dict[str, tuple[tuple[str, str], ...]] = {}
        for col in layout.columns:
            for source in col.sources:
                parsed = source_field(source)
                if parsed is None:
                    continue
                code, key = parsed
                template = reg.get(code)
                if key == SECTIONS:
                    self.sections[code] = section_fields(template)
                else:
                    self.fields[parsed] = f = template.field(key)
                    self.labels[parsed] = _table_labels(f)

    def value(self, col: IidColumn, code: str, key: str, data: Mapping[str, Any]) -> Value:
        if key == SECTIONS:
            return sections_text(self.sections[code], data) or None
        raw = data.get(key)
        if raw is None or raw == "" or raw == []:
            return None
        f = self.fields[(code, key)]
        if f.type is FieldType.TABLE:
            return _table_text(f, self.labels[(code, key)], raw) or None
        if col.type == "date":
            return _date(raw)
        if col.type == "number":
            return _number(raw)
        if col.type == "choice":
            return col.label_of(raw) or None
        if isinstance(raw, (list, dict)):
            return None
        text = str(raw).strip()
        return text or None


def _tahapan(status: IdeaStatus, uji_coba: dt.date | None, penerapan: dt.date | None, today: dt.date) -> str:
    if status is IdeaStatus.DITERAPKAN or (penerapan is not None and penerapan <= today):
        return "penerapan"
    if uji_coba is not None and uji_coba <= today:
        return "uji_coba"
    return "inisiatif"


def _launch_dates(session: Any, lab_id: uuid.UUID) -> dict[str, dt.date]:
    """``idea key -> launch date`` from the lab's LK-4a (the newest entry wins)."""
    rows = (
        session.connection()
        .execute(
            select(m.WorksheetEntry.data)
            .where(
                m.WorksheetEntry.lab_id == lab_id,
                m.WorksheetEntry.template_code == codes.LAUNCH,
                m.WorksheetEntry.scope == Scope.LAB,
                *live(m.WorksheetEntry),
            )
            .order_by(m.WorksheetEntry.updated_at)
        )
        .all()
    )
    out: dict[str, dt.date] = {}
    for (data,) in rows:
        if not isinstance(data, dict):
            continue
        day = _date(data.get("tanggal"))
        if day is None:
            continue
        for idea in data.get(LAUNCHED) or []:
            out[id_key(idea)] = day
    return out


def _lab_name(session: Any, lab_id: uuid.UUID) -> str:
    lab = session.get(m.Lab, lab_id)
    return lab.name if lab is not None else ""


def gather_iid(
    db: Database,
    lab_id: uuid.UUID | str,
    include_curated: bool = False,
    today: dt.date | None = None,
    layout: IidLayout | None = None,
) -> IidTable:
    """One row per innovation of the lab, in the lab's order (units, then each unit's ideas)."""
    layout = layout or iid_layout()
    today = today or dt.date.today()
    lab = parse_id(lab_id, _("Lab"))
    statuses = LAUNCHED_STATUSES + (CURATED_STATUSES if include_curated else ())
    reader = _Reader(layout)
    sheet_codes = sorted({code for code, _key in reader.fields} | set(reader.sections))
    with bulk_objects():
        with db.session() as s:
            settings = lab_settings_in(s, lab)  # also: an unknown lab is refused here
            lab_name = _lab_name(s, lab)
            ideas = [i for i in lab_ideas(s, lab) if i.status in statuses]
            sheets = {code: lab_entries(s, lab, code, settings) for code in sheet_codes} if ideas else {}
            launches = _launch_dates(s, lab) if ideas else {}
        rows, cut = _rows(layout, reader, ideas, sheets, launches, today)
    return IidTable(layout, lab_name, rows, cut)


def _rows(
    layout: IidLayout,
    reader: _Reader,
    ideas: list[IdeaRef],
    sheets: dict[str, dict[str, dict[str, Any]]],
    launches: dict[str, dt.date],
    today: dt.date,
) -> tuple[tuple[tuple[Value, ...], ...], tuple[CutCell, ...]]:
    none: dict[str, Any] = {}
    keys = [c.key for c in layout.columns]
    trial = keys.index("waktu_uji_coba") if "waktu_uji_coba" in keys else -1
    start = keys.index("waktu_penerapan") if "waktu_penerapan" in keys else -1
    plans = [[(src, *(source_field(src) or ("", ""))) for src in col.sources] for col in layout.columns]
    for code in {code for plan in plans for _src, code, _key in plan if code}:
        sheets.setdefault(code, {})
    out: list[tuple[Value, ...]] = []
    cut: list[CutCell] = []
    for idea in ideas:
        key = idea.key
        row: list[Value] = []
        derive = -1
        for n, col in enumerate(layout.columns):
            value: Value = None
            for source, code, field_key in plans[n]:
                if code:
                    value = reader.value(col, code, field_key, sheets[code].get(key, none))
                elif source == "idea.title":
                    value = idea.title.strip() or None
                elif source == "unit.name":
                    value = idea.unit_name
                elif source == "launch.tanggal":
                    value = launches.get(key)
                elif source == "derived.tahapan":
                    derive = n
                if value is not None:
                    break
            if (
                isinstance(value, str)
                and len(value) > EXCEL_CELL_LIMIT
                and len(clean_text(value)) > EXCEL_CELL_LIMIT
            ):
                cut.append(CutCell(idea.title, _(col.header), len(clean_text(value))))
            row.append(value)
        if derive >= 0 and row[derive] is None:
            stage = _tahapan(idea.status, _date_at(row, trial), _date_at(row, start), today)
            row[derive] = layout.columns[derive].label_of(stage)
        out.append(tuple(row))
    return tuple(out), tuple(cut)


def _date_at(row: list[Value], index: int) -> dt.date | None:
    value = row[index] if index >= 0 else None
    return value if isinstance(value, dt.date) else None


# --- render --------------------------------------------------------------------------------------------


class IidFormatError(ValueError):
    """The file name names neither an Excel workbook nor a CSV file."""


def check_suffix(path: str | Path) -> str:
    """``".xlsx"`` or ``".csv"`` (any case), else :class:`IidFormatError` with a plain hint."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise IidFormatError(
            _("Nama berkas harus berakhiran .xlsx (Excel) atau .csv: {path}").format(path=path)
        )
    return suffix


def write_iid_xlsx(table: IidTable, path: str | Path) -> Path:
    """The profile as one sheet: bold frozen header, the layout's widths, an autofilter, dates as
    dates (``YYYY-MM-DD``), text columns formatted as text, and a dropdown of the portal's values on every enumerated
    column. The dropdowns' lists sit on a hidden sheet (an inline list is limited to 255 characters
    and cannot hold a comma, and the urusan list needs both)."""
    import openpyxl
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = table.layout.columns
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _(table.layout.sheet)[:31]
    text_columns = [i for i, c in enumerate(columns) if c.type in ("text", "choice")]
    write_sheet(ws, table.headers, (), text_columns, [c.width for c in columns])
    last = len(table.rows) + 1
    if table.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    lists_name = _(OPTIONS_SHEET)
    choices = wb.create_sheet(lists_name)
    choices.sheet_state = "hidden"
    list_col = 0
    for i, col in enumerate(columns, start=1):
        if col.type != "choice" or not col.allowed:
            continue
        letter = get_column_letter(i)
        list_col += 1
        list_letter = get_column_letter(list_col)
        choices.cell(row=1, column=list_col, value=_(col.header)[:255])
        for r, label in enumerate(col.allowed, start=2):
            choices.cell(row=r, column=list_col, value=label)
        ref = f"{quote_sheetname(lists_name)}!${list_letter}$2:${list_letter}${len(col.allowed) + 1}"
        dv = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Nilai tidak ada di daftar"),
            error=_("Pilih salah satu nilai {header} dari daftar.").format(header=_(col.header))[:255],
        )
        dv.add(f"{letter}2:{letter}{last + VALIDATION_SPARE_ROWS}")
        ws.add_data_validation(dv)
    wb.active = 0
    return save_with_rows(wb, ws, table.rows, path, text_columns)


def write_iid_csv(table: IidTable, path: str | Path) -> Path:
    """The profile as CSV: UTF-8 with a BOM, ``;``-separated, dates as ``YYYY-MM-DD``."""
    return write_csv(path, table.headers, table.rows, delimiter=";")


def export_iid(
    db: Database,
    lab_id: uuid.UUID | str,
    path: str | Path,
    include_curated: bool = False,
    today: dt.date | None = None,
) -> IidTable:
    """Write the lab's profile to ``path`` (.xlsx or .csv, from its suffix) atomically; returns what was
    written (the row count and the cells cut are for the message to the user)."""
    suffix = check_suffix(path)
    table = gather_iid(db, lab_id, include_curated, today)
    if suffix == ".csv":
        write_iid_csv(table, path)
    else:
        write_iid_xlsx(table, path)
    return table


def cut_message(table: IidTable, limit: int = 5) -> str:
    """A plain sentence naming the texts cut at the cell limit ("" when none was)."""
    if not table.cut:
        return ""
    lines = [
        _("{n} isian lebih panjang dari {limit} karakter (batas sel Excel) dan dipotong:").format(
            n=len(table.cut), limit=format_number(EXCEL_CELL_LIMIT)
        )
    ]
    lines += [
        _("• {innovation}: {column} ({length} karakter)").format(
            innovation=c.innovation, column=c.column, length=format_number(c.length)
        )
        for c in table.cut[:limit]
    ]
    if len(table.cut) > limit:
        lines.append(_("… dan {n} lainnya").format(n=len(table.cut) - limit))
    return "\n".join(lines)
