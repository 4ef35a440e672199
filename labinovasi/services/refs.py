"""Resolving ``ref`` fields: the rows (or ideas) a worksheet value points at, and their labels."""

from __future__ import annotations

from typing import Any

from labinovasi.i18n import _
from labinovasi.services.context import Sources
from labinovasi.worksheets.schema import Field, FieldType, Option, Template
from labinovasi.worksheets.validation import ROW_ID

MAX_LABEL = 160


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def ref_options(ctx: Sources, field: Field) -> list[Option]:
    """What a ``ref`` field may point at, in order: rows of the referenced table of the same unit
    (labelled "3. <ref_label column>"), or, for ``ref = "idea"``, the lab's ideas with their unit."""
    assert field.type is FieldType.REF and field.ref
    if field.ref == "idea":
        return [
            Option(value=str(i.id), label=_short(f"{i.title or _('(ide tanpa judul)')} — {i.unit}"))
            for i in ctx.lab_ideas()
        ]
    code, _sep, table = field.ref.partition(".")
    return row_options(ctx.load(code).get(table) or [], field)


def row_options(rows: Any, field: Field) -> list[Option]:
    """The rows of a referenced table as the options of ``field`` ("3. <ref_label column>")."""
    out = []
    for n, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if isinstance(row, dict) and row.get(ROW_ID):
            text = row.get(field.ref_label, "") if field.ref_label else ""
            out.append(Option(value=row[ROW_ID], label=_short(f"{n}. {text}" if text else f"{n}.")))
    return out


def ref_labels(ctx: Sources, template: Template) -> dict[str, str]:
    """``id -> label`` for every ref field and column of ``template`` (for printing)."""
    labels: dict[str, str] = {}
    for f in template.fields:
        for col in (f, *f.columns):
            if col.type is FieldType.REF:
                labels.update((o.value, o.label) for o in ref_options(ctx, col))
    return labels


def format_ref(value: Any, labels: dict[str, str]) -> str:
    """A stored ref value as text; a row that no longer exists reads "(sudah dihapus)"."""
    if value is None or value == "" or value == []:
        return ""
    values = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), _("(sudah dihapus)")) for v in values)
