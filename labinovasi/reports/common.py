"""The parts of printing that need no ReportLab: file names, writing a finished PDF, a stored value as
printed text, PaperError and the logo check. The window imports these at start-up; ReportLab and the
PDF modules load on the first export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labinovasi.i18n import _, format_date, format_number, format_rupiah
from labinovasi.paths import write_atomically  # noqa: F401 - one implementation, re-exported
from labinovasi.services.refs import format_ref
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType

if TYPE_CHECKING:
    from labinovasi.services.sessions import SessionInfo

PLAN_TITLE = "Rencana Proyek Inovasi"  # translated where it is printed

LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: a JPEG written by many phone cameras
LOGO_MAX_BYTES = 20 * 1024 * 1024


class PaperError(ValueError):
    pass


def format_value(f: Field, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A stored value as text for print (empty string for no value). ``labels`` name the rows that
    ``ref`` values point at (see :func:`labinovasi.services.refs.ref_labels`)."""
    if value is None or value == "" or value == []:
        return ""
    t = f.type
    if t is FieldType.REF:
        return format_ref(value, dict(labels or {}))
    if t is FieldType.NUMBER:
        if is_year(f) and isinstance(value, (int, float)) and float(value).is_integer():
            return str(int(value))  # a year is 2026, never "2.026"
        return format_rupiah(value) if f.unit == "Rp" else (f"{format_number(value)} {f.unit}".strip())
    if t is FieldType.DATE:
        try:
            return format_date(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if t is FieldType.CHOICE:
        labels = {o.value: o.label for o in field_options(f)}
        return labels.get(value, str(value))
    if t is FieldType.MULTI_CHOICE:
        labels = {o.value: o.label for o in field_options(f)}
        return "; ".join(labels.get(v, str(v)) for v in value)
    if t is FieldType.YES_NO:
        return _("Ya") if value else _("Tidak")
    if t is FieldType.SCORE:
        return f"{value} / {int(f.maximum or 5)}"
    if t is FieldType.COMPUTED:
        if isinstance(value, bool):
            return _("Ya") if value else _("Tidak")
        return format_number(value)
    return str(value)


def is_year(f: Field) -> bool:
    """A number field that holds a year (``tahun``, ``tahun_mulai`` …): printed without a thousands mark."""
    return (
        f.type is FieldType.NUMBER
        and f.integer
        and (f.key == "tahun" or f.key.startswith("tahun_") or f.key.endswith("_tahun"))
    )


def logo_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be the lab's logo (an Indonesian sentence), or ``None`` when it can: the
    app's one image check (:func:`labinovasi.images.image_problem`: a readable PNG or JPEG, not too
    many pixels)."""
    from labinovasi.images import image_problem  # noqa: PLC0415 - Pillow on first use

    return image_problem(path, _("Logo"))


def attendance_filename(session: SessionInfo) -> str:
    """A file name for a session's list, e.g. ``Daftar_Hadir_2026-10-13_Pembukaan_dan_materi.pdf``."""
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in session.title)
    safe = "_".join(safe.split())[:60] or "sesi"
    day = f"{session.date.isoformat()}_" if session.date else ""
    return f"Daftar_Hadir_{day}{safe}.pdf"


def plan_filename(index: int, unit_name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in unit_name)
    safe = "_".join(safe.split())[:80] or "unit"
    return f"{index:03d}_{safe}.pdf"


def combined_filename(lab_name: str) -> str:
    return plan_filename(0, f"Rencana Proyek Inovasi {lab_name}").removeprefix("000_")
