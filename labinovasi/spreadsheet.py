"""The one way the app writes spreadsheets (.xlsx) and CSV files, safe for whatever text was stored.

* **No formula injection** (OWASP's rule on CSV injection): a text that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a line break is never read as a formula. In an .xlsx file such a text
  is written as a *text* cell marked with Excel's quote prefix (the same mark Excel sets when one
  types ``'=A1``): it shows and stays exactly as typed, and importing the workbook back gives the
  same name. A CSV file has no cell types, so there the text gets a leading apostrophe
  (``'=HYPERLINK(…)``); the importer drops that apostrophe again.
* **Numbers stay numbers**: ``int``, ``float``, ``Decimal`` and dates are written as they are; a
  text that is only a number (``-5``, ``-2,5``) is not prefixed.
* **Control characters** that older databases may still hold are removed
  (:func:`labinovasi.domain.text.clean_text`); openpyxl refuses them and the file could not be
  written at all.
* A text longer than Excel's limit for a cell (32,767 characters) is cut there, with an ellipsis.
* Files are written atomically: a half-written file never replaces a good one.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from labinovasi.domain.text import clean_text
from labinovasi.paths import write_atomically

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # CR is stored as a newline
EXCEL_CELL_LIMIT = 32_767
MAX_COLUMN_WIDTH = 60
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")

Value = str | int | float | decimal.Decimal | dt.date | dt.datetime | dt.time | bool | None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program could take ``text`` for a formula (or DDE command)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text)


def cell_text(value: str) -> str:
    """A text value made writable: controls removed, cut at Excel's cell limit."""
    text = clean_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


def csv_value(value: Value) -> Value:
    """A value as it goes into a CSV cell: numbers unchanged, text cleaned and neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | dt.date | dt.time):
        return value
    text = cell_text(str(value))
    return "'" + text if is_formula_like(text) else text


def unquote_formula(text: str) -> str:
    """The inverse of :func:`csv_value` for a text read back: ``'=x`` -> ``=x``; anything else unchanged."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def set_cell(cell: Any, value: Value) -> None:
    """Put ``value`` into an openpyxl cell: numbers and dates as such, text as a text cell that can
    never be a formula."""
    if value is None or value == "":
        cell.value = None
        return
    if isinstance(value, bool | int | float | decimal.Decimal | dt.date | dt.time):
        cell.value = value
        return
    text = cell_text(str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl takes any text starting with "=" for a formula
    if is_formula_like(text):
        cell.quotePrefix = True


def write_sheet(
    ws: Any,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    text_columns: Iterable[int] = (),
    widths: Sequence[float] | None = None,
) -> None:
    """Fill an openpyxl worksheet: bold header on a tinted band, frozen header row, autofilter,
    widths from the content (capped) or as given in ``widths`` (then every cell wraps), wrapped long
    text, and ``text_columns`` (0-based) formatted as text so what is typed there later stays text.
    Every cell goes through :func:`set_cell`."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    text_cols = set(text_columns)
    measure = widths is None
    found = [len(h) for h in headers]
    for col, h in enumerate(headers, start=1):
        set_cell(ws.cell(row=1, column=col), h)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, v in enumerate(row, start=1):
            if col - 1 in text_cols and v is not None and not isinstance(v, str):
                v = str(v)
            set_cell(ws.cell(row=count + 1, column=col), v)
            if measure and col - 1 < len(found) and v is not None:
                longest = max((len(line) for line in str(v)[:2000].splitlines()), default=0)
                found[col - 1] = max(found[col - 1], longest)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    edge = Border(bottom=Side(style="thin", color="8EA9C1"))
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.border = edge
        cell.alignment = Alignment(vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for i, w in enumerate(found):
        letter = get_column_letter(i + 1)
        if widths is not None:
            ws.column_dimensions[letter].width = widths[i]
            long_text = True
        else:
            ws.column_dimensions[letter].width = min(MAX_COLUMN_WIDTH, max(8, w + 2))
            long_text = w > MAX_COLUMN_WIDTH - 2
        for (cell,) in ws.iter_rows(min_row=2, max_row=count + 1, min_col=i + 1, max_col=i + 1):
            cell.alignment = wrap if long_text else top
            if i in text_cols:
                cell.number_format = "@"
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{count + 1}"


def save_workbook(wb: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook atomically."""
    buf = io.BytesIO()
    wb.save(buf)
    return write_atomically(path, buf.getvalue())


def save_with_rows(
    wb: Any,
    ws: Any,
    rows: Sequence[Sequence[Value]],
    path: str | Path,
    text_columns: Iterable[int] = (),
    wrap: bool = True,
) -> Path:
    """Save ``wb`` atomically with ``rows`` as the data rows of ``ws`` below its header row, for a
    sheet of many thousand rows: openpyxl lays out the workbook (the header, widths, filter,
    validations, other sheets), and the rows are written straight into the sheet's XML, four to
    five times faster than through openpyxl's cells (10,000 rows of 22 columns: 1.5 s instead of
    6–7 s). The cells follow :func:`set_cell`'s rules: text is an inline text cell, which can never
    be a formula (a formula-like text also gets the quote prefix), cleaned and cut at the cell limit; numbers and dates stay numbers and dates (dates as
    ``YYYY-MM-DD``); ``text_columns`` are formatted as text; every cell is top-aligned (wrapped with
    ``wrap``). ``ws`` must hold only its header row."""
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    text_cols = set(text_columns)
    scratch = wb.create_sheet("_styles")  # the cell styles the rows use, registered in the workbook

    def style(number_format: str | None = None, quote: bool = False) -> int:
        cell = scratch.cell(row=1, column=1)
        cell.alignment = Alignment(wrap_text=wrap, vertical="top")
        if number_format:
            cell.number_format = number_format
        cell.quotePrefix = quote
        sid = int(cell.style_id)
        del scratch._cells[(1, 1)]
        return sid

    plain, text, quoted, day = style(), style("@"), style("@", True), style("yyyy-mm-dd")
    quoted_plain = style(None, True)
    wb.remove(scratch)
    sheet_name = f"xl/worksheets/sheet{wb.worksheets.index(ws) + 1}.xml"
    width = max((len(r) for r in rows), default=0)
    letters = [get_column_letter(i + 1) for i in range(width)]
    parts: list[str] = []
    add = parts.append
    for r, row in enumerate(rows, start=2):
        add(f'<row r="{r}">')
        for i, v in enumerate(row):
            ref = f"{letters[i]}{r}"
            is_text_col = i in text_cols
            if v is None or v == "":
                add(f'<c r="{ref}" s="{text if is_text_col else plain}"/>')
            elif isinstance(v, bool) and not is_text_col:
                add(f'<c r="{ref}" s="{plain}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int | float | decimal.Decimal) and not is_text_col:
                add(f'<c r="{ref}" s="{plain}"><v>{v}</v></c>')
            elif isinstance(v, dt.date | dt.datetime | dt.time) and not is_text_col:
                add(f'<c r="{ref}" s="{day}"><v>{to_excel(v)}</v></c>')
            else:
                t = cell_text(str(v))
                if not t:  # nothing left once cleaned: an empty cell
                    add(f'<c r="{ref}" s="{text if is_text_col else plain}"/>')
                    continue
                s = (
                    (quoted if is_text_col else quoted_plain)
                    if is_formula_like(t)
                    else (text if is_text_col else plain)
                )
                add(
                    f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{escape(t)}</t></is></c>'
                )
        add("</row>")
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        if sheet_name not in src.namelist():  # pragma: no cover - openpyxl changed how it names sheets
            raise RuntimeError(f"{sheet_name} is not in the workbook openpyxl wrote")
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet_name and rows:
                data = _with_rows(data.decode("utf-8"), "".join(parts), f"A1:{letters[-1]}{len(rows) + 1}")
            dst.writestr(item, data)
    return write_atomically(path, out.getvalue())


def _with_rows(xml: str, rows_xml: str, dimension: str) -> bytes:
    """A worksheet's XML as openpyxl wrote it (its header row only) with ``rows_xml`` appended to its
    sheet data and its dimension widened to ``dimension``."""
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', lambda _m: f'<dimension ref="{dimension}" />', xml, count=1)
    if "</sheetData>" in xml:
        xml = xml.replace("</sheetData>", rows_xml + "</sheetData>", 1)
    else:
        xml = xml.replace("<sheetData />", f"<sheetData>{rows_xml}</sheetData>", 1)
    return xml.encode("utf-8")


def write_xlsx(
    path: str | Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Value]], Iterable[int]]]
) -> Path:
    """A workbook of ``(title, headers, rows, text_columns)`` sheets, the first one active."""
    import openpyxl

    wb = openpyxl.Workbook()
    for i, (title, headers, rows, text_columns) in enumerate(sheets):
        ws = wb.worksheets[0] if i == 0 else wb.create_sheet()
        ws.title = title
        write_sheet(ws, headers, rows, text_columns)
    wb.active = 0
    return save_workbook(wb, path)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Value]], delimiter: str = ";") -> bytes:
    """A CSV file as Excel in Indonesia opens it: ``;``-separated UTF-8 with a BOM, CR LF line ends,
    every cell through :func:`csv_value`."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def write_csv(
    path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Value]], delimiter: str = ";"
) -> Path:
    """Write :func:`csv_bytes` to ``path`` atomically."""
    return write_atomically(path, csv_bytes(headers, rows, delimiter))
