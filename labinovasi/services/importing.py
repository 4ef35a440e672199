"""Importing units and participants from a spreadsheet (.xlsx) or a CSV file.

The pipeline, each step a plain function the window and the command line share:

1. :func:`read_table` reads the file once into a :class:`RawTable` (text cells with their
   spreadsheet row numbers). Anything that is not a readable spreadsheet raises
   :class:`ImportFileError` with one clear Indonesian sentence.
2. :func:`guess_mapping` proposes which column feeds which field, from the column titles
   (Indonesian spreadsheets name the same thing many ways).
3. :func:`plan_import` checks every row against the lab: rows to add, duplicates (already in the lab
   or repeated in the file) and rejected rows with their reasons. Nothing is stored.
4. :func:`apply_import` stores the accepted rows in one transaction (all or nothing). It checks the
   rows again inside that transaction, so what is stored matches the database at that moment.

Spreadsheet quirks handled on purpose: title rows above the column titles, empty rows, a "No" column
on otherwise empty template rows, merged cells (a unit name merged down over its participants is
filled into every row), formulas (their cached values; a formula never calculated is reported),
NIP typed as a number (Excel keeps 15 digits, so the NIP is refused with a fix), phone numbers that
lost their leading 0, CSV with ``,``/``;``/tab and UTF-8 or Windows-1252 text.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import uuid
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

from sqlalchemy import select
from sqlalchemy.orm import Session

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.text import clean_line, clean_text, has_controls
from labinovasi.i18n import _, format_number
from labinovasi.safezip import UnsafeZipError, check_zip
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.spreadsheet import unquote_formula, write_csv, write_xlsx

Kind = Literal["units", "people"]
Progress = Callable[[int, int, str], None]

MAX_DATA_ROWS = 20_000
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_SHEET_XML_BYTES = 256 * 1024 * 1024  # uncompressed; more is a zip bomb or far beyond the row limit
HEADER_SEARCH_ROWS = 30
PREVIEW_VALUE_CHARS = 40


class ImportFileError(ValueError):
    """The file cannot be imported; ``str(exc)`` is one clear Indonesian sentence. Nothing was stored."""


# --- fields ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


def _fields(kind: Kind) -> list[TargetField]:
    if kind == "units":
        return [
            TargetField(
                "name",
                _("Nama unit"),
                True,
                (
                    "nama unit",
                    "unit",
                    "nama opd",
                    "opd",
                    "perangkat daerah",
                    "nama perangkat daerah",
                    "unit kerja",
                    "nama unit kerja",
                    "instansi",
                    "nama instansi",
                    "satuan kerja",
                    "satker",
                    "skpd",
                    "nama skpd",
                    "unit peserta",
                    "nama",
                    "unit organisasi",
                    "unit name",
                    "name",
                ),
            ),
            TargetField(
                "unit_type",
                _("Jenis unit"),
                False,
                (
                    "jenis unit",
                    "jenis",
                    "tipe",
                    "tipe unit",
                    "kategori",
                    "kategori unit",
                    "jenis opd",
                    "jenis instansi",
                    "jenis perangkat daerah",
                    "kelompok",
                    "type",
                    "unit type",
                ),
            ),
            TargetField(
                "head_name",
                _("Nama kepala unit"),
                False,
                (
                    "nama kepala unit",
                    "kepala unit",
                    "nama kepala",
                    "kepala",
                    "pimpinan",
                    "nama pimpinan",
                    "kepala opd",
                    "nama kepala opd",
                    "kepala perangkat daerah",
                    "pimpinan unit",
                    "head",
                ),
            ),
            TargetField(
                "head_nip",
                _("NIP kepala unit"),
                False,
                ("nip kepala unit", "nip kepala", "nip pimpinan", "nip kepala opd", "nip"),
            ),
            TargetField(
                "address",
                _("Alamat"),
                False,
                ("alamat", "alamat unit", "alamat kantor", "alamat instansi", "lokasi", "address"),
            ),
        ]
    if kind == "people":
        return [
            TargetField(
                "name",
                _("Nama"),
                True,
                (
                    "nama",
                    "nama lengkap",
                    "nama pegawai",
                    "nama peserta",
                    "nama asn",
                    "peserta",
                    "nama dan gelar",
                    "nama lengkap dan gelar",
                    "nama lengkap gelar",
                    "nama gelar",
                    "name",
                ),
            ),
            TargetField(
                "unit",
                _("Unit"),
                True,
                (
                    "unit",
                    "nama unit",
                    "unit kerja",
                    "nama unit kerja",
                    "opd",
                    "nama opd",
                    "perangkat daerah",
                    "instansi",
                    "nama instansi",
                    "asal instansi",
                    "instansi asal",
                    "asal unit",
                    "asal opd",
                    "asal",
                    "satuan kerja",
                    "satker",
                    "skpd",
                    "unit organisasi",
                    "asal perangkat daerah",
                ),
            ),
            TargetField(
                "nip",
                _("NIP"),
                False,
                ("nip", "nip nrp", "nomor induk pegawai", "nip baru", "no nip", "nomor nip", "nip nik"),
            ),
            TargetField(
                "jabatan",
                _("Jabatan"),
                False,
                (
                    "jabatan",
                    "nama jabatan",
                    "jabatan fungsional",
                    "jabatan struktural",
                    "posisi",
                    "jabatan dinas",
                    "position",
                ),
            ),
            TargetField(
                "role",
                _("Peran"),
                False,
                (
                    "peran",
                    "peran dalam tim",
                    "peran tim",
                    "kedudukan dalam tim",
                    "kedudukan",
                    "status dalam tim",
                    "peran peserta",
                    "role",
                ),
            ),
            TargetField(
                "phone",
                _("Telepon"),
                False,
                (
                    "telepon",
                    "no telepon",
                    "nomor telepon",
                    "no hp",
                    "nomor hp",
                    "hp",
                    "no hp wa",
                    "hp wa",
                    "whatsapp",
                    "wa",
                    "no wa",
                    "nomor wa",
                    "telp",
                    "no telp",
                    "kontak",
                    "handphone",
                    "ponsel",
                    "no ponsel",
                    "telepon wa",
                    "telepon hp",
                    "nomor whatsapp",
                    "phone",
                ),
            ),
            TargetField(
                "email",
                _("Surel"),
                False,
                (
                    "email",
                    "e mail",
                    "surel",
                    "alamat email",
                    "alamat surel",
                    "surat elektronik",
                    "alamat e mail",
                    "mail",
                ),
            ),
        ]
    raise ValueError(f"unknown import kind {kind!r}")


def target_fields(kind: Kind) -> list[TargetField]:
    """The fields a column can feed, in display order (labels in the active language)."""
    return _fields(kind)


def kind_label(kind: Kind) -> str:
    return _("unit") if kind == "units" else _("peserta")


# --- text helpers ------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def norm_key(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: ``"No. HP/WA"`` -> ``"no hp wa"``."""
    return " ".join(_NON_WORD.sub(" ", text.replace("&", " dan ").casefold()).split())


def _one_line(text: str) -> str:
    return clean_line(text)


def _short(text: str, limit: int = PREVIEW_VALUE_CHARS) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


# --- the raw table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawRow:
    """One data row: its row number in the spreadsheet (1-based, as Excel shows it) and its cells as text.

    ``numeric`` holds the columns whose cell was a number in the spreadsheet, ``lossy`` those whose
    number had more digits than Excel keeps (an 18-digit NIP typed as a number)."""

    number: int
    cells: tuple[str, ...]
    numeric: frozenset[int] = frozenset()
    lossy: frozenset[int] = frozenset()

    def cell(self, column: int | None) -> str:
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column]


@dataclass
class RawTable:
    """A file read once: column titles, data rows and what was noticed while reading."""

    path: Path
    file_type: Literal["xlsx", "csv"]
    headers: list[str]
    rows: list[RawRow]
    header_row: int = 1
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    empty_rows: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def column_count(self) -> int:
        return len(self.headers)

    def column_name(self, index: int) -> str:
        """``"B: Nama Lengkap"`` — the letter helps find the column in the spreadsheet."""
        title = self.headers[index] if 0 <= index < len(self.headers) else ""
        return f"{column_letter(index)}: {_short(title, 30)}" if title else column_letter(index)


@dataclass
class _GridRow:
    number: int
    cells: list[str]
    numeric: set[int] = field(default_factory=set)
    lossy: set[int] = field(default_factory=set)
    filled: set[int] = field(default_factory=set)  # cells filled from a merged range, not typed

    def typed_nonempty(self) -> list[int]:
        return [i for i, v in enumerate(self.cells) if v and i not in self.filled]

    def cell_value(self, col: int) -> str:
        return self.cells[col] if col < len(self.cells) else ""


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 ("Unicode Text" saved by Excel)
    if head.startswith(b"%PDF"):
        return "pdf"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"<meta", b"<head")):
        return "markup"
    if not head:
        return "empty"
    sample = head[:8192]
    # a stray NUL or ESC in a CSV is cleaned and reported by the reader; a file full of them is not text
    # (UTF-16 without its byte order mark is half NULs, images and programs are a third controls)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > max(2, len(sample) // 20):
        return "binary"
    return "text"


# text content is read as CSV only under these names (an .xls that is really CSV is common)
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls", ""}


def read_table(
    path: str | Path,
    sheet: str | None = None,
    kind: Kind | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RawTable:
    """Read an .xlsx or .csv file. ``sheet`` names the worksheet (default: a sheet named like ``kind``
    — "Unit" / "Peserta" — else the active one). The kind of file is decided by its content, not
    its name. Raises :class:`ImportFileError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise ImportFileError(_("Berkas tidak ditemukan: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise ImportFileError(_("{path} adalah folder, bukan berkas").format(path=path)) from None
    except OSError as exc:
        raise ImportFileError(_("Berkas tidak dapat dibuka: {err}").format(err=exc.strerror or exc)) from None
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Berkas terlalu besar ({mb} MB); batasnya {limit} MB.").format(
                mb=format_number(round(size / 1024 / 1024)), limit=MAX_FILE_BYTES // 1024 // 1024
            )
        )
    what = _sniff_kind(head)
    if what == "empty":
        raise ImportFileError(_("Berkas kosong: {name} tidak berisi data.").format(name=path.name))
    if what == "pdf":
        raise ImportFileError(
            _("{name} adalah dokumen PDF, bukan lembar kerja. Pilih berkas Excel (.xlsx) atau CSV.").format(
                name=path.name
            )
        )
    if what == "ole":
        with path.open("rb") as fh:
            blob = fh.read(min(size, 4 * 1024 * 1024))
        if "EncryptionInfo".encode("utf-16-le") in blob:
            raise ImportFileError(
                _(
                    "{name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                    "(Berkas › Info › Proteksi), simpan, lalu impor lagi."
                ).format(name=path.name)
            )
        raise ImportFileError(
            _(
                "{name} berformat Excel lama (.xls) yang belum didukung. Buka di Excel atau "
                "LibreOffice lalu simpan sebagai .xlsx atau .csv."
            ).format(name=path.name)
        )
    if what == "markup":
        raise ImportFileError(
            _(
                "{name} berisi halaman HTML/XML, bukan lembar kerja (sering terjadi pada "
                "ekspor aplikasi kepegawaian). Buka di Excel lalu simpan sebagai .xlsx."
            ).format(name=path.name)
        )
    if what == "binary":
        raise ImportFileError(
            _("{name} bukan lembar kerja Excel (.xlsx) atau CSV yang dapat dibaca.").format(name=path.name)
        )
    if what == "zip":
        try:
            check_zip(path, path.name)
        except UnsafeZipError as exc:
            raise ImportFileError(str(exc)) from None
        except (zipfile.BadZipFile, OSError, RuntimeError):
            pass  # the reader says what is wrong with a damaged archive
        return _read_xlsx(path, sheet, kind, progress, cancelled)
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        raise ImportFileError(
            _(
                "{name} bukan lembar kerja Excel (.xlsx) atau CSV. Simpan datanya dari Excel "
                "sebagai .xlsx atau .csv lalu impor lagi."
            ).format(name=path.name)
        )
    table = _read_csv(path, kind, progress, cancelled)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        table.warnings.insert(
            0,
            _("Berkas bernama {suffix} tetapi isinya teks CSV; dibaca sebagai CSV.").format(
                suffix=path.suffix
            ),
        )
    return table


# --- xlsx --------------------------------------------------------------------------------------------

_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_xml_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML part inside the package (from workbook.xml and its relationships)."""
    try:
        wb_xml = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels_xml = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels_xml.iter(f"{_NS_PKG_REL}Relationship")}
    out = {}
    for s in wb_xml.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(s.get(f"{_NS_REL}id"), "")
        if not target:
            continue
        out[s.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _merged_ranges(path: Path, sheet: str) -> list[tuple[int, int, int, int]] | None:
    """Merged ranges of a sheet as (min_col, min_row, max_col, max_row), 0-based columns, 1-based rows.
    Read from the sheet XML because openpyxl's fast read-only mode does not see merges.
    ``None`` when the sheet part cannot be found."""
    with zipfile.ZipFile(path) as archive:
        part = _sheet_xml_paths(archive).get(sheet)
        if not part:
            return None
        try:
            info = archive.getinfo(part)
        except KeyError:
            return None
        if info.file_size > MAX_SHEET_XML_BYTES:
            return None
        data = archive.read(part)
    out = []
    for c1, r1, c2, r2 in _MERGE_RE.findall(data):
        a = _column_index(c1.decode())
        b = _column_index(c2.decode()) if c2 else a
        out.append((a, int(r1), b, int(r2) if r2 else int(r1)))
    return out


def _cell_text(value: Any) -> tuple[str, bool, bool]:
    """A cell value as text, whether it was a number, and whether that number lost digits in Excel."""
    if value is None:
        return "", False, False
    if isinstance(value, bool):
        return (_("ya") if value else _("tidak")), False, False
    if isinstance(value, int):
        return str(value), True, False
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "", False, False
        if value.is_integer():
            return str(int(value)), True, abs(value) >= 1e15
        return f"{value:.15g}", True, False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat(), False, False
        return value.isoformat(sep=" ", timespec="minutes"), False, False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False, False
    if isinstance(value, dt.timedelta):
        return str(value), False, False
    return clean_text(str(value)).strip(), False, False


_ERROR_VALUES = {
    "#N/A",
    "#REF!",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}


def _open_workbook(path: Path, data_only: bool):  # noqa: ANN202 - openpyxl's Workbook
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required for extraction"
        if "encrypted" in str(exc) or "password" in str(exc):
            raise ImportFileError(
                _("{name} adalah arsip terkunci kata sandi, bukan lembar kerja yang dapat dibaca.").format(
                    name=path.name
                )
            ) from None
        raise ImportFileError(
            _("{name} tidak dapat dibaca sebagai Excel (.xlsx): {err}").format(name=path.name, err=exc)
        ) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError):
        raise ImportFileError(
            _("{name} bukan berkas Excel (.xlsx) yang utuh{hint}.").format(
                name=path.name, hint=_zip_hint(path)
            )
        ) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        hint = _zip_hint(path)
        if hint:
            raise ImportFileError(
                _("{name} bukan berkas Excel (.xlsx) yang utuh{hint}.").format(name=path.name, hint=hint)
            ) from None
        raise ImportFileError(
            _("{name} rusak atau tidak dapat dibaca sebagai Excel (.xlsx): {err}").format(
                name=path.name, err=_short(str(exc) or type(exc).__name__, 120)
            )
        ) from None


def _zip_hint(path: Path) -> str:
    """Say what a ZIP that is not an .xlsx is, when that is easy to see."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = archive.read("mimetype")[:100].decode("ascii", "replace")
                if "opendocument.spreadsheet" in mime:
                    return _(" (ini berkas LibreOffice .ods; simpan sebagai .xlsx atau .csv)")
                return _(" (ini dokumen OpenDocument)")
            if "word/document.xml" in names:
                return _(" (ini dokumen Word)")
            if "ppt/presentation.xml" in names:
                return _(" (ini presentasi PowerPoint)")
            if any(info.flag_bits & 0x1 for info in archive.infolist()):
                return _(" (arsip ZIP terkunci kata sandi)")
            if "xl/workbook.xml" in names:
                return ""  # an .xlsx, only damaged inside
            return _(" (ini arsip ZIP biasa)")
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return ""


def _pick_sheet(names: list[str], active: str | None, kind: Kind | None) -> str:
    if kind is not None:
        wanted = {
            "units": {"unit", "units", "daftar unit", "opd", "daftar opd", "unit peserta"},
            "people": {"peserta", "daftar peserta", "people", "partisipan", "participants", "daftar hadir"},
        }[kind]
        for n in names:
            if norm_key(n) in wanted:
                return n
    if active in names:
        return active  # type: ignore[return-value]
    return names[0]


def _read_xlsx(
    path: Path,
    sheet: str | None,
    kind: Kind | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> RawTable:
    wb = _open_workbook(path, data_only=False)
    warnings_out: list[str] = []
    try:
        names = [ws.title for ws in wb.worksheets]
        if not names:
            raise ImportFileError(_("{name} tidak berisi lembar data.").format(name=path.name))
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                _("Lembar '{sheet}' tidak ada di {name}. Yang ada: {names}").format(
                    sheet=sheet, name=path.name, names=", ".join(names)
                )
            )
        try:
            active = wb.active.title if wb.active is not None else None
        except (AttributeError, IndexError):
            active = None
        chosen = sheet or _pick_sheet(names, active, kind)
        ws = wb[chosen]
        ws.reset_dimensions()  # the stored size is often wrong; read every row there is
        grid: list[_GridRow] = []
        formulas: set[tuple[int, int]] = set()
        errors: list[str] = []
        cleaned: list[int] = []
        nonempty = 0
        limit = MAX_DATA_ROWS + HEADER_SEARCH_ROWS
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, cells in enumerate(ws.iter_rows(), start=1):
                    row = _GridRow(number, [])
                    has_formula = False
                    for col, cell in enumerate(cells):
                        value = getattr(cell, "value", None)
                        dtype = getattr(cell, "data_type", "n")
                        if dtype == "f":
                            formulas.add((number, col))
                            has_formula = True
                            row.cells.append("")
                            continue
                        if dtype == "e" or (isinstance(value, str) and value in _ERROR_VALUES):
                            errors.append(f"{column_letter(col)}{number}")
                            row.cells.append("")
                            continue
                        text, is_num, lossy = _cell_text(value)
                        if isinstance(value, str) and has_controls(value):
                            cleaned.append(number)
                        row.cells.append(text)
                        if is_num:
                            row.numeric.add(col)
                        if lossy:
                            row.lossy.add(col)
                    if has_formula or any(row.cells):
                        grid.append(row)
                        nonempty += 1
                        if nonempty > limit:
                            raise ImportFileError(_too_many_rows())
                    if progress is not None and number % 1000 == 0:
                        progress(number, 0, _("Membaca baris {n}…").format(n=format_number(number)))
                    if cancelled is not None and number % 500 == 0 and cancelled():
                        raise ImportFileError(_("Pembacaan berkas dibatalkan."))
        except ImportFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part
            raise ImportFileError(
                _("Lembar '{sheet}' di {name} rusak dan tidak dapat dibaca: {err}").format(
                    sheet=chosen, name=path.name, err=_short(str(exc) or type(exc).__name__, 120)
                )
            ) from None
    finally:
        wb.close()

    if formulas:
        _fill_formula_values(path, chosen, grid, formulas, warnings_out)
    _report_cleaned(cleaned, warnings_out)
    if errors:
        warnings_out.append(
            _("{n} sel berisi galat rumus (mis. #N/A, #REF!) dan dibaca sebagai kosong: {cells}").format(
                n=len(errors), cells=_list_some(errors)
            )
        )
    merges = _merged_ranges(path, chosen)
    if merges is None:
        warnings_out.append(
            _("Sel gabungan di lembar ini tidak dapat diperiksa; pastikan tidak ada sel gabungan.")
        )
    return _build_table(
        path, "xlsx", grid, kind, warnings_out, sheet=chosen, sheets=names, merges=merges or []
    )


def _fill_formula_values(
    path: Path, sheet: str, grid: list[_GridRow], formulas: set[tuple[int, int]], warnings_out: list[str]
) -> None:
    """Formula cells get the value Excel calculated and saved with the file (a second, value-only read)."""
    by_number = {r.number: r for r in grid}
    wanted_rows = {r for r, _c in formulas}
    last = max(wanted_rows)
    missing: list[str] = []
    wb = _open_workbook(path, data_only=True)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > last:
                    break
                if number not in wanted_rows:
                    continue
                row = by_number[number]
                for col in [c for r, c in formulas if r == number]:
                    value = values[col] if col < len(values) else None
                    if value is None or (isinstance(value, str) and value in _ERROR_VALUES):
                        missing.append(f"{column_letter(col)}{number}")
                        continue
                    text, is_num, lossy = _cell_text(value)
                    row.cells[col] = text
                    if is_num:
                        row.numeric.add(col)
                    if lossy:
                        row.lossy.add(col)
    finally:
        wb.close()
    if missing:
        warnings_out.append(
            _(
                "{n} sel berisi rumus tanpa nilai tersimpan ({cells}) dan dibaca sebagai kosong. "
                "Buka berkas di Excel atau LibreOffice, simpan sekali agar nilainya dihitung, "
                "lalu impor lagi."
            ).format(n=len(missing), cells=_list_some(missing))
        )


def _apply_merges(
    grid: list[_GridRow], merges: list[tuple[int, int, int, int]], header_row: int, warnings_out: list[str]
) -> None:
    """Merged ranges below the column titles: one column over several rows (a unit merged down over its
    people) gives its value to every row; a range over several columns keeps it in its first cell."""
    by_number = {r.number: r for r in grid}
    filled, ignored = [], []
    for c1, r1, c2, r2 in sorted(merges, key=lambda mg: (mg[1], mg[0])):
        if r1 <= header_row:
            continue
        ref = f"{column_letter(c1)}{r1}" + (f":{column_letter(c2)}{r2}" if (c1, r1) != (c2, r2) else "")
        top = by_number.get(r1)
        value = top.cell_value(c1) if top is not None else ""
        if c1 == c2 and r2 > r1:  # one column, several rows: the value belongs to every row
            if not value:
                continue
            for n in range(r1 + 1, r2 + 1):
                row = by_number.get(n)
                if row is None:  # a row that only has the merged value: it stays out (no typed data)
                    continue
                while len(row.cells) <= c1:
                    row.cells.append("")
                if not row.cells[c1]:
                    row.cells[c1] = value
                    row.filled.add(c1)
                    if top is not None and c1 in top.numeric:
                        row.numeric.add(c1)
            filled.append(ref)
        elif c2 > c1:
            ignored.append(ref)
    if filled:
        warnings_out.append(
            _("Nilai sel gabungan {cells} diisikan ke setiap baris di dalamnya.").format(
                cells=_list_some(filled)
            )
        )
    if ignored:
        warnings_out.append(
            _("Sel gabungan mendatar {cells}: nilainya hanya dipakai di sel pertama.").format(
                cells=_list_some(ignored)
            )
        )


def _list_some(items: list[str], limit: int = 6) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + _(" dan {n} lainnya").format(n=len(items) - limit)


def _report_cleaned(rows: list[int], warnings_out: list[str]) -> None:
    """One warning naming the rows whose text held control characters (NUL, ESC …) that were removed."""
    numbers = [str(n) for n in dict.fromkeys(rows)]
    if numbers:
        warnings_out.append(
            _("Karakter kendali yang tidak terlihat (mis. NUL atau ESC) dihapus dari baris {rows}.").format(
                rows=_list_some(numbers)
            )
        )


def _too_many_rows() -> str:
    return _(
        "Berkas berisi lebih dari {limit} baris data. Bagi menjadi beberapa berkas lalu impor satu per satu."
    ).format(limit=format_number(MAX_DATA_ROWS))


# --- csv ---------------------------------------------------------------------------------------------


def _decode(raw: bytes, name: str) -> str:
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp1252")
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _(
            "Teks di {name} tidak dapat dibaca (bukan UTF-8 atau Windows-1252). Simpan ulang "
            'sebagai "CSV UTF-8".'
        ).format(name=name)
    )


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", (-1, -1)
    for delim in (",", ";", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not counts:
            continue
        width, freq = Counter(counts).most_common(1)[0]
        score = (freq if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(
    path: Path, kind: Kind | None, progress: Progress | None, cancelled: Callable[[], bool] | None
) -> RawTable:
    text = _decode(path.read_bytes(), path.name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    delim = None
    first = lines[0].strip().lower() if lines else ""
    if first.startswith("sep=") and len(first) == 5:  # Excel's own hint line
        delim = lines[0].strip()[4]
        text = "\n".join(lines[1:])
        lines = lines[1:]
    if delim is None:
        delim = _sniff_delimiter(lines[:60])
    grid: list[_GridRow] = []
    cleaned: list[int] = []
    nonempty = 0
    limit = MAX_DATA_ROWS + HEADER_SEARCH_ROWS
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1):
            if any(has_controls(c) for c in cells):
                cleaned.append(number)
            values = [unquote_formula(clean_text(c).strip()) for c in cells]
            if any(values):
                grid.append(_GridRow(number, values))
                nonempty += 1
                if nonempty > limit:
                    raise ImportFileError(_too_many_rows())
            if progress is not None and number % 1000 == 0:
                progress(number, 0, _("Membaca baris {n}…").format(n=format_number(number)))
            if cancelled is not None and number % 500 == 0 and cancelled():
                raise ImportFileError(_("Pembacaan berkas dibatalkan."))
    except csv.Error as exc:
        raise ImportFileError(
            _("{name} bukan CSV yang dapat dibaca: {err}").format(name=path.name, err=exc)
        ) from None
    warnings_out: list[str] = []
    _report_cleaned(cleaned, warnings_out)
    return _build_table(path, "csv", grid, kind, warnings_out)


# --- from rows to a table ----------------------------------------------------------------------------

_INDEX_HEADERS = {"no", "nomor", "no urut", "nomor urut", "urut", "#", "no absen"}


def _header_score(cells: list[str], kind: Kind | None) -> int:
    kinds: list[Kind] = [kind] if kind else ["units", "people"]
    return max(sum(1 for v in guess_mapping(cells, k).values() if v is not None) for k in kinds)


def _build_table(
    path: Path,
    file_type: Literal["xlsx", "csv"],
    grid: list[_GridRow],
    kind: Kind | None,
    warnings_out: list[str],
    sheet: str | None = None,
    sheets: list[str] | None = None,
    merges: list[tuple[int, int, int, int]] | None = None,
) -> RawTable:
    typed = [r for r in grid if r.typed_nonempty()]
    if not typed:
        where = _(" (lembar '{sheet}')").format(sheet=sheet) if sheet else ""
        raise ImportFileError(_("{name}{where} tidak berisi data.").format(name=path.name, where=where))
    # the column titles: the first row that names known fields, else the first row with 2+ cells
    window = typed[:HEADER_SEARCH_ROWS]
    header = next((r for r in window if _header_score(r.cells, kind) >= 2), None)
    if header is None:
        header = next((r for r in window if len(r.typed_nonempty()) >= 2), window[0])
    above = [r.number for r in typed if r.number < header.number]
    if above:
        span = str(above[0]) if len(above) == 1 else f"{above[0]}–{above[-1]}"
        warnings_out.append(
            _("Baris {rows} di atas judul kolom (baris {header}) dilewati.").format(
                rows=span, header=header.number
            )
        )
    if merges:
        _apply_merges(grid, merges, header.number, warnings_out)
    data = [r for r in grid if r.number > header.number]
    width = max([len(header.cells)] + [max(r.typed_nonempty(), default=-1) + 1 for r in data])
    headers = [_one_line(h) for h in header.cells[:width]] + [""] * (width - len(header.cells))
    index_cols = {i for i, h in enumerate(headers) if norm_key(h) in _INDEX_HEADERS}
    rows: list[RawRow] = []
    empty = 0
    pending_empty = 0
    last_number = header.number
    for r in data:
        gap = r.number - last_number - 1
        last_number = r.number
        typed_cols = [c for c in r.typed_nonempty() if c < width]
        if not typed_cols or all(c in index_cols for c in typed_cols):
            pending_empty += 1 + gap
            continue
        empty += pending_empty + gap
        pending_empty = 0
        cells = tuple(r.cells[:width]) + ("",) * (width - len(r.cells[:width]))
        rows.append(
            RawRow(
                r.number,
                cells,
                frozenset(c for c in r.numeric if c < width),
                frozenset(c for c in r.lossy if c < width),
            )
        )
    if len(rows) > MAX_DATA_ROWS:
        raise ImportFileError(_too_many_rows())
    if not rows:
        warnings_out.append(_("Hanya ada baris judul kolom; tidak ada baris data."))
    if empty:
        warnings_out.append(_("{n} baris kosong dilewati.").format(n=format_number(empty)))
    return RawTable(
        path=path,
        file_type=file_type,
        headers=headers,
        rows=rows,
        header_row=header.number,
        sheet=sheet,
        sheets=list(sheets or []),
        empty_rows=empty,
        warnings=warnings_out,
    )


# --- column mapping ----------------------------------------------------------------------------------

Mapping = dict[str, int | None]


def guess_mapping(headers: Iterable[str], kind: Kind) -> Mapping:
    """Which column (0-based) feeds each field, from the column titles; ``None`` where nothing fits.

    An exact synonym wins (the earlier in the field's list, the stronger: for a unit, "Unit" beats
    "Nama"); otherwise the longest synonym found as whole words inside a title ("Nama Lengkap (dengan
    gelar)" -> nama). Each column feeds at most one field."""
    fields = _fields(kind)
    keys = [norm_key(h or "") for h in headers]
    candidates: list[tuple[int, int, int, str, int]] = []  # (exact, strength, -field order, field, column)
    for col, key in enumerate(keys):
        if not key or key in _INDEX_HEADERS:
            continue
        padded = f" {key} "
        for order, f in enumerate(fields):
            for rank, syn in enumerate(f.synonyms):
                if key == syn:
                    candidates.append((1, -rank, -order, f.key, col))
                elif f" {syn} " in padded:
                    candidates.append((0, len(syn), -order, f.key, col))
    mapping: Mapping = {f.key: None for f in fields}
    used: set[int] = set()
    for _exact, _len, _order, key, col in sorted(
        candidates, key=lambda c: (c[0], c[1], c[2], -c[4]), reverse=True
    ):
        if mapping[key] is None and col not in used:
            mapping[key] = col
            used.add(col)
    return mapping


def missing_required(mapping: Mapping, kind: Kind) -> list[TargetField]:
    return [f for f in _fields(kind) if f.required and mapping.get(f.key) is None]


# --- value rules -------------------------------------------------------------------------------------

_PLACEHOLDERS = {"-", "--", "---", "–", "—", "n/a", "na", "tidak ada", "belum ada", "tdk ada", "0", "."}
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_NAME_LIMIT = 200


# Staff without an NIP carry another number, written with its name: "NPP 1998.03.021" (BUMD staff),
# "NRP …", "NI PPPK …", "NIK …". Such a value is kept as written.
_OTHER_ID = re.compile(
    r"^(?:npp|nrp|nik|nipppk|ni\s*pppk|niptt|nrptt|nia|nipd|nitk)\b[\s.:]*\w", re.IGNORECASE
)
_ID_LIMIT = 30


def id_key(value: str) -> str:
    """What makes two employee numbers the same: case, spaces and punctuation do not count."""
    return _NON_WORD.sub("", value.casefold())


def _clean_nip(text: str, lossy: bool, what: str) -> tuple[str, str | None]:
    s = text.strip().lstrip("'").strip()
    if not s or s.casefold() in _PLACEHOLDERS:
        return "", None
    if _OTHER_ID.match(s):
        s = _one_line(s)
        if len(s) > _ID_LIMIT:
            return "", _("{what} terlalu panjang (maksimal {limit} karakter)").format(
                what=what, limit=_ID_LIMIT
            )
        return s, None
    if lossy or _SCIENTIFIC.match(s):
        return "", _(
            "{what} tersimpan sebagai angka di Excel ({value}) sehingga digit terakhirnya hilang; ubah "
            "format kolomnya menjadi Teks lalu ketik ulang"
        ).format(what=what, value=_short(s, 24))
    digits = re.sub(r"[\s.\-]", "", s)
    if not digits.isdigit() or len(digits) != 18:
        message = _("{what} harus 18 angka (tertulis: {value})").format(what=what, value=_short(s, 30))
        if any(ch.isalpha() for ch in s):
            message += _("; nomor pegawai lain ditulis dengan awalannya, mis. 'NPP 1998.03.021'")
        return "", message
    return digits, None


def normalise_nip(text: str, what: str | None = None) -> str:
    """The import's NIP rule for a value typed anywhere: spaces, dots and dashes dropped, 18 digits, or
    another employee number written with its name ("NPP 1998.03.021"); "" for empty or "-".
    Raises ValueError with the same Indonesian message the import report uses."""
    nip, err = _clean_nip(text or "", False, what or _("NIP"))
    if err:
        raise ValueError(err[:1].upper() + err[1:])
    return nip


def _clean_phone(text: str) -> tuple[str, str | None]:
    s = _one_line(text.lstrip("'"))
    if not s or s.casefold() in _PLACEHOLDERS:
        return "", None
    if s.isdigit() and s.startswith("8") and 9 <= len(s) <= 12:
        s = "0" + s  # a number cell drops the leading 0 of 08xx
    if len(s) > 40:
        return "", _("telepon terlalu panjang (maksimal 40 karakter)")
    if sum(ch.isdigit() for ch in s) < 6:
        return "", _("nomor telepon tidak valid (tertulis: {value})").format(value=_short(s, 30))
    return s, None


def _clean_email(text: str) -> tuple[str, str | None]:
    s = _one_line(text).strip("<>").strip()
    if not s or s.casefold() in _PLACEHOLDERS:
        return "", None
    if len(s) > _NAME_LIMIT or not _EMAIL.match(s):
        return "", _("surel tidak valid (tertulis: {value})").format(value=_short(s, 40))
    return s, None


def _clean_text(
    text: str, what: str, required: bool = False, limit: int | None = _NAME_LIMIT
) -> tuple[str, str | None]:
    s = _one_line(text)
    if not s:
        return "", (_("{what} kosong").format(what=what) if required else None)
    if limit is not None and len(s) > limit:
        return "", _("{what} terlalu panjang ({n} karakter; maksimal {limit})").format(
            what=what, n=format_number(len(s)), limit=limit
        )
    return s, None


_UNIT_TYPE_WORDS: dict[str, UnitType] = {
    "setda": UnitType.SETDA,
    "sekretariat daerah": UnitType.SETDA,
    "sekda": UnitType.SETDA,
    "bagian": UnitType.SETDA,
    "sekretariat daerah bagian": UnitType.SETDA,
    "bagian setda": UnitType.SETDA,
    "setwan": UnitType.SETWAN,
    "sekretariat dprd": UnitType.SETWAN,
    "sekretariat dewan": UnitType.SETWAN,
    "sekretariat dewan perwakilan rakyat daerah": UnitType.SETWAN,
    "sekwan": UnitType.SETWAN,
    "inspektorat": UnitType.INSPEKTORAT,
    "inspektorat daerah": UnitType.INSPEKTORAT,
    "itda": UnitType.INSPEKTORAT,
    "dinas": UnitType.DINAS,
    "badan": UnitType.BADAN,
    "kecamatan": UnitType.KECAMATAN,
    "kec": UnitType.KECAMATAN,
    "kelurahan": UnitType.KELURAHAN,
    "kel": UnitType.KELURAHAN,
    "desa": UnitType.DESA,
    "pemerintah desa": UnitType.DESA,
    "pemdes": UnitType.DESA,
    "puskesmas": UnitType.PUSKESMAS,
    "upt": UnitType.PUSKESMAS,
    "uptd": UnitType.PUSKESMAS,
    "pkm": UnitType.PUSKESMAS,
    "upt puskesmas": UnitType.PUSKESMAS,
    "uptd puskesmas": UnitType.PUSKESMAS,
    "unit pelaksana teknis": UnitType.PUSKESMAS,
    "unit pelaksana teknis daerah": UnitType.PUSKESMAS,
    "puskesmas upt uptd": UnitType.PUSKESMAS,
    "rsud": UnitType.RSUD,
    "rumah sakit": UnitType.RSUD,
    "rumah sakit umum daerah": UnitType.RSUD,
    "rs": UnitType.RSUD,
    "rumah sakit daerah": UnitType.RSUD,
    "bumd": UnitType.BUMD,
    "perumda": UnitType.BUMD,
    "perusahaan daerah": UnitType.BUMD,
    "perseroda": UnitType.BUMD,
    "pdam": UnitType.BUMD,
    "badan usaha milik daerah": UnitType.BUMD,
    "perusahaan umum daerah": UnitType.BUMD,
    "lainnya": UnitType.LAINNYA,
    "lain lain": UnitType.LAINNYA,
    "lain": UnitType.LAINNYA,
}


def parse_unit_type(text: str) -> UnitType | None:
    """A unit type written by people ("Dinas", "Kec.", "UPTD", "Puskesmas/UPT/UPTD", "dinas"); None if unknown."""
    key = norm_key(text)
    if not key:
        return None
    for t in UnitType:
        if key in (t.value, norm_key(t.label), norm_key(t.short_label)):
            return t
    return _UNIT_TYPE_WORDS.get(key)


_NAME_PREFIX_TYPES: list[tuple[tuple[str, ...], UnitType]] = [
    (("sekretariat dprd", "sekretariat dewan", "setwan", "sekwan"), UnitType.SETWAN),
    (("sekretariat daerah", "setda", "bagian "), UnitType.SETDA),
    (("inspektorat",), UnitType.INSPEKTORAT),
    (
        (
            "badan usaha milik daerah",
            "bumd",
            "perumda",
            "perusahaan umum daerah",
            "perusahaan daerah",
            "pdam",
            "pt ",
            "perseroda",
        ),
        UnitType.BUMD,
    ),
    (("dinas",), UnitType.DINAS),
    (("badan",), UnitType.BADAN),
    (("kecamatan", "kec "), UnitType.KECAMATAN),
    (("kelurahan", "kel "), UnitType.KELURAHAN),
    (("desa", "pemerintah desa"), UnitType.DESA),
    (("puskesmas", "uptd", "upt ", "pkm "), UnitType.PUSKESMAS),
    (("rsud", "rumah sakit"), UnitType.RSUD),
]


def infer_unit_type(name: str) -> UnitType | None:
    """The type a unit's name tells: "Kecamatan Bobotsari" -> kecamatan; None when it does not."""
    key = norm_key(name) + " "
    for prefixes, t in _NAME_PREFIX_TYPES:
        if key.startswith(prefixes):
            return t
    return None


def _unit_type_choices() -> str:
    return ", ".join(t.short_label for t in UnitType)


_ROLE_WORDS: dict[str, PersonRole] = {
    "kepala": PersonRole.KEPALA_UNIT,
    "kepala unit": PersonRole.KEPALA_UNIT,
    "kepala opd": PersonRole.KEPALA_UNIT,
    "pimpinan": PersonRole.KEPALA_UNIT,
    "pimpinan unit": PersonRole.KEPALA_UNIT,
    "kepala dinas": PersonRole.KEPALA_UNIT,
    "camat": PersonRole.KEPALA_UNIT,
    "kepala badan": PersonRole.KEPALA_UNIT,
    "ketua": PersonRole.KETUA_TIM,
    "ketua tim": PersonRole.KETUA_TIM,
    "ketua tim inovasi": PersonRole.KETUA_TIM,
    "inovator": PersonRole.INOVATOR,
    "penggagas": PersonRole.INOVATOR,
    "inisiator": PersonRole.INOVATOR,
    "anggota": PersonRole.ANGGOTA,
    "anggota tim": PersonRole.ANGGOTA,
    "anggota tim inovasi": PersonRole.ANGGOTA,
    "staf": PersonRole.ANGGOTA,
    "peserta": PersonRole.ANGGOTA,
    "fasilitator": PersonRole.FASILITATOR,
    "coach": PersonRole.FASILITATOR,
    "narasumber": PersonRole.FASILITATOR,
    "panitia": PersonRole.PANITIA,
    "tim pelaksana": PersonRole.PANITIA,
    "panitia tim pelaksana": PersonRole.PANITIA,
}


def parse_role(text: str) -> PersonRole | None:
    key = norm_key(text)
    if not key:
        return None
    for r in PersonRole:
        if key in (r.value, norm_key(r.value), norm_key(r.label)):
            return r
    return _ROLE_WORDS.get(key)


# --- matching units and people -----------------------------------------------------------------------

_UNIT_ABBREV = {
    "kec": "kecamatan",
    "kel": "kelurahan",
    "pkm": "puskesmas",
    "ds": "desa",
    "bag": "bagian",
    "setda": "sekretariat daerah",
    "setwan": "sekretariat dprd",
    "sekwan": "sekretariat dprd",
    "kab": "kabupaten",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
}
_REGION_TAIL = re.compile(r"\s(?:kabupaten|kota|provinsi)\s.+$")


def unit_key(name: str) -> str:
    """What makes two unit names the same: case, spacing, punctuation, "&"/"dan" and "Kec."/"Kecamatan"."""
    return " ".join(_UNIT_ABBREV.get(w, w) for w in norm_key(name).split())


def _unit_variants(name: str) -> list[str]:
    """Other ways a file may write a unit: without "(ACRONYM)", the acronym alone, the part after
    " — ", without "Kabupaten X", without the type word ("Kecamatan Bobotsari" -> "bobotsari")."""
    out: list[str] = []
    inner = re.findall(r"\(([^)]*)\)", name)
    bare = re.sub(r"\([^)]*\)", " ", name)
    out.append(unit_key(bare))
    out += [unit_key(x) for x in inner]
    for sep in (" — ", " – ", " - "):
        if sep in bare:
            out.append(unit_key(bare.split(sep)[-1]))
    key = unit_key(bare)
    tail = _REGION_TAIL.sub("", key)
    if tail != key:
        out.append(tail)
    for k in list(out):
        for word in (
            "uptd ",
            "upt ",
            "kecamatan ",
            "kelurahan ",
            "desa ",
            "puskesmas ",
            "upt puskesmas ",
            "uptd puskesmas ",
        ):
            if k.startswith(word) and len(k) > len(word):
                out.append(k[len(word) :])
    return [v for v in dict.fromkeys(out) if v]


class UnitMatcher:
    """Finds a lab unit from the way a spreadsheet writes it."""

    def __init__(self, units: Iterable[tuple[uuid.UUID, str, UnitType | None]]):
        self.names: dict[uuid.UUID, str] = {}
        self.types: dict[uuid.UUID, UnitType | None] = {}
        self.exact: dict[str, uuid.UUID] = {}
        aliases: dict[str, set[uuid.UUID]] = {}
        for uid, name, utype in units:
            self.add(uid, name)
            self.types[uid] = utype
        for uid, name in self.names.items():
            for v in _unit_variants(name):
                aliases.setdefault(v, set()).add(uid)
        self.aliases = aliases
        self._cache: dict[str, tuple[uuid.UUID | None, str | None]] = {}

    def add(self, uid: uuid.UUID, name: str) -> None:
        self.names[uid] = name
        self.exact.setdefault(unit_key(name), uid)

    def find(self, text: str) -> tuple[uuid.UUID | None, str | None]:
        """(unit id, None) or (None, reason)."""
        if text in self._cache:
            return self._cache[text]
        result = self._find(text)
        self._cache[text] = result
        return result

    def _find(self, text: str) -> tuple[uuid.UUID | None, str | None]:
        key = unit_key(text)
        if key in self.exact:
            return self.exact[key], None
        tried = [key] + _unit_variants(text)
        for v in tried:
            if v in self.exact:
                return self.exact[v], None
        for v in tried:
            found = self.aliases.get(v)
            if found and len(found) == 1:
                return next(iter(found)), None
        wanted = infer_unit_type(text)
        for v in tried:
            found = self.aliases.get(v)
            if found and len(found) > 1:
                # "Puskesmas Karangjati" when the lab has "Kecamatan Karangjati" and "UPTD Puskesmas Karangjati"
                same_type = [u for u in found if wanted is not None and self.types.get(u) == wanted]
                if len(same_type) == 1:
                    return same_type[0], None
                names = sorted(self.names[u] for u in found)
                return None, _(
                    "unit '{value}' cocok dengan beberapa unit ({names}); tulis nama lengkapnya"
                ).format(value=_short(text), names=_list_some(names, 4))
        close = difflib.get_close_matches(key, list(self.exact), n=1, cutoff=0.85)
        hint = _("; maksud Anda '{name}'?").format(name=self.names[self.exact[close[0]]]) if close else ""
        return None, _("unit '{value}' tidak ada di lab ini{hint}").format(value=_short(text), hint=hint)


_FRONT_TITLES = {"dr", "drs", "dra", "drg", "ir", "h", "hj", "prof", "kh", "ns", "apt", "hc"}


def person_key(name: str) -> str:
    """A person's name without academic titles, for finding duplicates:
    "Drs. H. Agus Setiawan, M.Si." -> "agus setiawan"."""
    words = norm_key(name.split(",")[0]).split()
    while len(words) > 1 and words[0] in _FRONT_TITLES:
        words = words[1:]
    return " ".join(words)


# --- the plan ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptedRow:
    """A row to add: ``values`` as stored, ``display`` the same as people read them (per field key:
    the unit's name as in the lab, the type or role label, a NIP without spaces)."""

    row: int
    values: dict[str, Any]
    display: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DuplicateRow:
    row: int
    reason: str
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class RejectedRow:
    row: int
    reasons: tuple[str, ...]
    cells: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class ImportPlan:
    """What an import would do. ``problems`` block the whole import (e.g. a required column not chosen)."""

    kind: Kind
    lab_id: uuid.UUID
    table: RawTable
    mapping: Mapping
    accepted: list[AcceptedRow] = field(default_factory=list)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _status: dict[int, tuple[str, str]] | None = field(default=None, repr=False, compare=False)
    _display: dict[int, dict[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def can_import(self) -> bool:
        return not self.problems and bool(self.accepted)

    def summary(self) -> str:
        """``"120 baris siap diimpor · 3 duplikat dilewati · 2 ditolak"``."""
        return _("{ok} baris siap diimpor · {dup} duplikat dilewati · {bad} ditolak").format(
            ok=format_number(len(self.accepted)),
            dup=format_number(len(self.duplicates)),
            bad=format_number(len(self.rejected)),
        )

    def display(self, row: int) -> dict[str, str] | None:
        """What will be stored from an accepted row, per field key, in readable form; None for other rows."""
        if self._display is None:
            self._display = {a.row: a.display for a in self.accepted}
        return self._display.get(row)

    def status(self, row: int) -> tuple[str, str]:
        """("ok" | "duplicate" | "rejected", message) of a spreadsheet row number."""
        if self._status is None:
            st: dict[int, tuple[str, str]] = {a.row: ("ok", "") for a in self.accepted}
            st.update({d.row: ("duplicate", d.reason) for d in self.duplicates})
            st.update({r.row: ("rejected", r.reason) for r in self.rejected})
            self._status = st
        return self._status.get(row, ("ok", ""))

    def rejected_lines(self) -> list[str]:
        """``"baris 7: NIP harus 18 angka"`` per rejected row."""
        return [_("baris {n}: {reason}").format(n=r.row, reason=r.reason) for r in self.rejected]

    def duplicate_lines(self) -> list[str]:
        return [_("baris {n}: {reason}").format(n=d.row, reason=d.reason) for d in self.duplicates]


@dataclass(frozen=True)
class ImportResult:
    kind: Kind
    added: int
    duplicates: int
    rejected: int
    ids: tuple[uuid.UUID, ...]
    plan: ImportPlan

    def summary(self) -> str:
        """``"118 diimpor, 3 duplikat dilewati, 2 ditolak"``."""
        return _("{ok} diimpor, {dup} duplikat dilewati, {bad} ditolak").format(
            ok=format_number(self.added), dup=format_number(self.duplicates), bad=format_number(self.rejected)
        )


def _lab(session: Session, lab_id: uuid.UUID | str) -> m.Lab:
    lab = session.get(m.Lab, parse_id(lab_id, _("Lab")))
    if lab is None:
        raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
    return lab


def _check_mapping(table: RawTable, mapping: Mapping, kind: Kind) -> tuple[Mapping, list[str]]:
    fields = _fields(kind)
    clean: Mapping = {}
    problems = []
    seen: dict[int, str] = {}
    for f in fields:
        col = mapping.get(f.key)
        if col is not None and not (0 <= col < table.column_count):
            col = None
        if col is not None and col in seen:
            problems.append(
                _("Kolom {col} dipakai untuk {a} dan {b}; pilih satu.").format(
                    col=column_letter(col), a=seen[col], b=f.label
                )
            )
        if col is not None:
            seen[col] = f.label
        clean[f.key] = col
    missing = [f.label for f in fields if f.required and clean.get(f.key) is None]
    if missing:
        problems.insert(0, _("Pilih kolom untuk: {fields}.").format(fields=", ".join(missing)))
    return clean, problems


def _plan(session: Session, lab: m.Lab, table: RawTable, mapping: Mapping, kind: Kind) -> ImportPlan:
    clean, problems = _check_mapping(table, mapping, kind)
    plan = ImportPlan(
        kind=kind, lab_id=lab.id, table=table, mapping=clean, warnings=list(table.warnings), problems=problems
    )
    if problems:
        return plan
    if kind == "units":
        _plan_units(session, lab, table, clean, plan)
    else:
        _plan_people(session, lab, table, clean, plan)
    return plan


def _plan_units(session: Session, lab: m.Lab, table: RawTable, mp: Mapping, plan: ImportPlan) -> None:
    existing = {unit_key(n): n for n in session.scalars(select(m.Unit.name).where(m.Unit.lab_id == lab.id))}
    in_file: dict[str, int] = {}
    guessed_other = 0
    for row in table.rows:
        reasons: list[str] = []
        name, err = _clean_text(row.cell(mp["name"]), _("nama unit"), required=True)
        if err:
            reasons.append(err)
        type_text = _one_line(row.cell(mp["unit_type"]))
        utype = parse_unit_type(type_text) if type_text else None
        if type_text and utype is None:
            reasons.append(
                _("jenis unit '{value}' tidak dikenal; pilih salah satu: {choices}").format(
                    value=_short(type_text, 30), choices=_unit_type_choices()
                )
            )
        head_name, err = _clean_text(row.cell(mp["head_name"]), _("nama kepala unit"))
        if err:
            reasons.append(err)
        head_nip, err = _clean_nip(
            row.cell(mp["head_nip"]), mp["head_nip"] in row.lossy, _("NIP kepala unit")
        )
        if err:
            reasons.append(err)
        address = clean_text(row.cell(mp["address"])).strip()
        if len(address) > 2000:
            reasons.append(
                _("alamat terlalu panjang ({n} karakter; maksimal 2000)").format(
                    n=format_number(len(address))
                )
            )
        if reasons:
            plan.rejected.append(RejectedRow(row.number, tuple(reasons), row.cells))
            continue
        key = unit_key(name)
        if key in existing:
            plan.duplicates.append(
                DuplicateRow(
                    row.number,
                    _("unit '{name}' sudah ada di lab").format(name=_short(existing[key])),
                    row.cells,
                )
            )
            continue
        if key in in_file:
            plan.duplicates.append(
                DuplicateRow(
                    row.number, _("nama unit sama dengan baris {n}").format(n=in_file[key]), row.cells
                )
            )
            continue
        in_file[key] = row.number
        if utype is None:
            utype = infer_unit_type(name)
            if utype is None:
                utype = UnitType.LAINNYA
                guessed_other += 1
        plan.accepted.append(
            AcceptedRow(
                row.number,
                {
                    "name": name,
                    "unit_type": utype,
                    "head_name": head_name,
                    "head_nip": head_nip,
                    "address": address,
                },
                {
                    "name": name,
                    "unit_type": utype.label,
                    "head_name": head_name,
                    "head_nip": head_nip,
                    "address": _one_line(address),
                },
            )
        )
    if guessed_other:
        plan.warnings.append(
            _("{n} unit tanpa jenis yang dapat dikenali dari namanya dicatat sebagai 'Lainnya'.").format(
                n=guessed_other
            )
        )


def _plan_people(session: Session, lab: m.Lab, table: RawTable, mp: Mapping, plan: ImportPlan) -> None:
    units = UnitMatcher(
        session.execute(select(m.Unit.id, m.Unit.name, m.Unit.unit_type).where(m.Unit.lab_id == lab.id)).all()
    )
    by_nip: dict[str, str] = {}
    by_name: dict[tuple[uuid.UUID | None, str], list[tuple[str, str]]] = {}  # -> [(nip, description)]
    for name, nip, their_unit in session.execute(
        select(m.Person.name, m.Person.nip, m.Person.unit_id).where(m.Person.lab_id == lab.id)
    ):
        where = units.names.get(their_unit, "") if their_unit else ""
        desc = _("sudah ada di lab: {name}").format(name=_short(name)) + (
            f" ({_short(where)})" if where else ""
        )
        ident = id_key(nip or "")
        if ident:
            by_nip.setdefault(ident, desc)
        by_name.setdefault((their_unit, person_key(name)), []).append((ident, desc))
    no_unit_roles = {PersonRole.FASILITATOR, PersonRole.PANITIA}
    for row in table.rows:
        reasons: list[str] = []
        name, err = _clean_text(row.cell(mp["name"]), _("nama"), required=True)
        if err:
            reasons.append(err)
        role_text = _one_line(row.cell(mp["role"]))
        role = parse_role(role_text) if role_text else PersonRole.ANGGOTA
        if role is None:
            reasons.append(
                _("peran '{value}' tidak dikenal; pilih salah satu: {choices}").format(
                    value=_short(role_text, 30), choices=", ".join(r.label for r in PersonRole)
                )
            )
        unit_text = _one_line(row.cell(mp["unit"]))
        unit_id: uuid.UUID | None = None
        if unit_text:
            unit_id, err = units.find(unit_text)
            if err:
                reasons.append(err)
        elif role not in no_unit_roles:
            reasons.append(_("unit kosong (hanya fasilitator dan panitia yang boleh tanpa unit)"))
        nip, err = _clean_nip(row.cell(mp["nip"]), mp["nip"] in row.lossy, _("NIP"))
        if err:
            reasons.append(err)
        jabatan, err = _clean_text(row.cell(mp["jabatan"]), _("jabatan"))
        if err:
            reasons.append(err)
        phone, err = _clean_phone(row.cell(mp["phone"]))
        if err:
            reasons.append(err)
        email, err = _clean_email(row.cell(mp["email"]))
        if err:
            reasons.append(err)
        if reasons:
            plan.rejected.append(RejectedRow(row.number, tuple(reasons), row.cells))
            continue
        ident = id_key(nip)
        if ident and ident in by_nip:
            plan.duplicates.append(
                DuplicateRow(row.number, _("NIP {nip} {what}").format(nip=nip, what=by_nip[ident]), row.cells)
            )
            continue
        pkey = person_key(name)
        same = [
            desc
            for other, desc in by_name.get((unit_id, pkey), [])
            if not (ident and other and ident != other)
        ]
        if same:
            plan.duplicates.append(
                DuplicateRow(
                    row.number, _("nama sama di unit yang sama, {what}").format(what=same[0]), row.cells
                )
            )
            continue
        desc = _("sama dengan baris {n}").format(n=row.number) + f" ({_short(name)})"
        if ident:
            by_nip[ident] = desc
        by_name.setdefault((unit_id, pkey), []).append((ident, desc))
        assert role is not None  # a row with an unknown role was rejected above
        plan.accepted.append(
            AcceptedRow(
                row.number,
                {
                    "name": name,
                    "unit_id": unit_id,
                    "role": role,
                    "nip": nip,
                    "jabatan": jabatan,
                    "phone": phone,
                    "email": email,
                },
                {
                    "name": name,
                    "unit": units.names.get(unit_id, "") if unit_id else "",
                    "role": role.label,
                    "nip": nip,
                    "jabatan": jabatan,
                    "phone": phone,
                    "email": email,
                },
            )
        )


def plan_import(
    db: Database, lab_id: uuid.UUID | str, table: RawTable, mapping: Mapping | None, kind: Kind
) -> ImportPlan:
    """Check every row against the lab; nothing is stored. ``mapping=None`` uses :func:`guess_mapping`."""
    if mapping is None:
        mapping = guess_mapping(table.headers, kind)
    with db.session() as s:
        return _plan(s, _lab(s, lab_id), table, mapping, kind)


def plan_rows_in(session: Session, lab: m.Lab, plan: ImportPlan) -> ImportPlan:
    """``plan`` checked again against the database as it is in ``session`` (for the write path)."""
    if lab.id != plan.lab_id:
        raise ValueError(_("Rencana impor ini dibuat untuk lab lain."))
    return _plan(session, lab, plan.table, plan.mapping, plan.kind)


def import_result(plan: ImportPlan, ids: tuple[uuid.UUID, ...]) -> ImportResult:
    """What an import stored: rows accepted by the plan but found in the lab meanwhile count as duplicates."""
    late = len(plan.accepted) - len(ids)
    return ImportResult(plan.kind, len(ids), len(plan.duplicates) + late, len(plan.rejected), ids, plan)


# --- the report of rejected rows ---------------------------------------------------------------------


def _report_rows(plan: ImportPlan) -> tuple[list[str], list[list[str]]]:
    headers = (
        [_("Baris asal")]
        + [h or column_letter(i) for i, h in enumerate(plan.table.headers)]
        + [_("Status"), _("Alasan")]
    )
    rows: list[list[str]] = []
    for r in plan.rejected:
        rows.append([str(r.row), *r.cells, _("ditolak"), r.reason])
    for d in plan.duplicates:
        rows.append([str(d.row), *d.cells, _("duplikat"), d.reason])
    rows.sort(key=lambda x: int(x[0]))
    return headers, rows


def rejected_report_xlsx(plan: ImportPlan, path: str | Path) -> Path:
    """Write the rejected (and duplicate) rows with their reasons, in the file's own columns, so they can be
    fixed and imported again (the extra "Baris asal", "Status" and "Alasan" columns are ignored then)."""
    headers, rows = _report_rows(plan)
    text_cols = {col + 1 for k in ("nip", "head_nip") if (col := plan.mapping.get(k)) is not None}
    return write_xlsx(path, [(_("Ditolak"), headers, [[int(r[0]), *r[1:]] for r in rows], text_cols)])


def rejected_report_csv(plan: ImportPlan, path: str | Path) -> Path:
    """The same report as CSV (``;``-separated UTF-8 with BOM, as Excel in Indonesia opens it)."""
    headers, rows = _report_rows(plan)
    return write_csv(path, headers, [[int(r[0]), *r[1:]] for r in rows])


def write_rejected_report(plan: ImportPlan, path: str | Path) -> Path:
    """:func:`rejected_report_csv` for a ``.csv`` name, :func:`rejected_report_xlsx` otherwise."""
    return (
        rejected_report_csv(plan, path)
        if Path(path).suffix.lower() == ".csv"
        else rejected_report_xlsx(plan, path)
    )


def iter_preview(plan: ImportPlan, limit: int, only_problems: bool = False) -> Iterator[RawRow]:
    """The rows a preview shows: the first ``limit`` rows, or the first ``limit`` rows with a problem."""
    n = 0
    for r in plan.table.rows:
        if n >= limit:
            return
        if only_problems and plan.status(r.number)[0] == "ok":
            continue
        n += 1
        yield r
