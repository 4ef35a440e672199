"""A worksheet, blank or filled, rendered from its template."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from labinovasi.i18n import _, format_date, format_number, format_rupiah
from labinovasi.reports.base import (
    FONT,
    INK,
    LIGHT,
    RULE,
    DocumentInfo,
    build,
    content_width,
    esc,
    heading,
    long_text,
    markup,
    para,
)
from labinovasi.reports.flowables import OptionBoxes, RuledBox, SignatureBlock
from labinovasi.services.context import WorksheetContext
from labinovasi.services.refs import format_ref, ref_labels
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import compute, compute_row

LONG_VALUE = 600  # characters: beyond this a value flows as paragraphs instead of a table cell


def _label_text(f: Field) -> str:
    text = esc(f.label)
    if f.required:
        text += ' <font color="#7a1f2b">*</font>'
    return text


# --- blank ------------------------------------------------------------------------------------------

def identity_table(pairs: list[tuple[str, str]], width: float) -> Table:
    """The header box: Lab / Unit / Tanggal / Nama pengisi, pre-filled where known."""
    rows = []
    for i in range(0, len(pairs), 2):
        row: list[Any] = []
        for label, value in pairs[i:i + 2]:
            row += [markup(esc(label), "Small"), para(value, "Cell") if value else ""]
        while len(row) < 4:
            row.append("")
        rows.append(row)
    t = Table(rows, colWidths=[width * 0.13, width * 0.37, width * 0.13, width * 0.37], splitInRow=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), LIGHT),
        ("BACKGROUND", (2, 0), (2, -1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),  # room to write by hand
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return t


def label_value_table(rows: list[list[Any]], width: float, label_share: float = 0.32) -> Table:
    """Two columns: a shaded label and its value, one row each (rows may split across pages)."""
    t = Table(rows, colWidths=[width * label_share, width * (1 - label_share)], splitInRow=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    t.hAlign = "LEFT"
    return t


def _table_widths(f: Field, width: float, with_no: bool = True) -> list[float]:
    no_w = 9 * mm if with_no else 0
    weights = [c.width for c in f.columns]
    total = sum(weights)
    return ([no_w] if with_no else []) + [(width - no_w) * w / total for w in weights]


def _table_style(header_rows: int = 1) -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (0, header_rows), (0, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])


def _column_header(col: Field) -> str:
    label = esc(col.label)
    if col.type is FieldType.SCORE:
        label += f"<br/>({int(col.minimum or 1)}–{int(col.maximum or 5)})"
    elif col.type is FieldType.YES_NO:
        label += "<br/>" + esc(_("(Ya/Tidak)"))
    elif col.unit:
        label += f" ({esc(col.unit)})"
    return label


def _blank_field(f: Field, width: float) -> Flowable:
    label = markup(_label_text(f), "Label")
    parts: list[Flowable] = [label]
    if f.help:
        parts.append(para(f.help, "Help"))
    t = f.type
    if t is FieldType.TEXT:
        parts.append(RuledBox(1))
    elif t is FieldType.REF:
        parts.append(RuledBox(2 if f.multiple else 1))
    elif t is FieldType.PARAGRAPH:
        parts.append(RuledBox(f.lines))
    elif t is FieldType.NUMBER:
        parts.append(RuledBox(1, prefix=f.unit))
    elif t is FieldType.DATE:
        parts.append(RuledBox(1, prefix=_("Tanggal: ....... / ....... / 20.......")))
    elif t in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        hint = _("Centang satu.") if t is FieldType.CHOICE else _("Boleh lebih dari satu.")
        parts.append(para(hint, "Help"))
        parts.append(OptionBoxes([o.label for o in field_options(f)]))
    elif t is FieldType.YES_NO:
        parts.append(OptionBoxes([_("Ya"), _("Tidak")]))
    elif t is FieldType.SCORE:
        lo, hi = int(f.minimum or 1), int(f.maximum or 5)
        parts.append(OptionBoxes([str(i) for i in range(lo, hi + 1)]))
    elif t is FieldType.TABLE:
        head = [markup(esc(_("No")), "CellHead")] + [markup(_column_header(c), "CellHead") for c in f.columns]
        rows = [head] + [[str(i + 1)] + [""] * len(f.columns) for i in range(f.blank_rows)]
        tbl = Table(rows, colWidths=_table_widths(f, width), repeatRows=1,
                    rowHeights=[None] + [9 * mm] * f.blank_rows)
        tbl.setStyle(_table_style())
        tbl.hAlign = "LEFT"
        # the label and the first rows stay together; the table may continue on the next page
        return _TableWithLabel(parts, tbl)
    elif t is FieldType.SIGNATURE:
        parts = [Spacer(1, 2 * mm), SignatureBlock([(f.signer or f.label, "", "")], height=34 * mm)]
    elif t is FieldType.COMPUTED:
        parts.append(RuledBox(1, hint=_("dihitung dari isian lain")))
    parts.append(Spacer(1, 1.5 * mm))
    return KeepTogether(parts)


class _TableWithLabel(KeepTogether):
    """Keeps a field's label with its table's header and first rows, then lets the table split."""

    def __init__(self, label_parts: list[Flowable], table: Table):
        self._label_parts = label_parts
        self._table = table
        super().__init__(label_parts + [table, Spacer(1, 1.5 * mm)])

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        need = sum(p.wrap(avail_w, avail_h)[1] for p in self._label_parts) + 30 * mm
        if avail_h < need:
            return []  # move the whole block to the next page
        return self._label_parts + [self._table, Spacer(1, 1.5 * mm)]


def _title_block(template: Template, subtitle: str = "") -> list[Flowable]:
    out: list[Flowable] = [heading(f"{template.code} · {template.title}", 0, "Title")]
    if subtitle:
        out.append(para(subtitle, "Subtitle"))
    if template.help:
        out.append(para(template.help, "Help"))
    out.append(Spacer(1, 3 * mm))
    return out


# Worksheets whose print is not the generated one: template code -> "module:function".
# filled: fn(template, data, width, ctx) -> list[Flowable]; blank: fn(template, width, ctx) -> list[Flowable].
# The title block, the identity table and the signatures stay the same for every worksheet.
FILLED_BODIES: dict[str, str] = {
    "LK-2a": "labinovasi.reports.readiness_pdf:filled_body",
    "LK-2c": "labinovasi.reports.problems_pdf:apkl_filled_body",
    "LK-2d": "labinovasi.reports.problems_pdf:usg_filled_body",
    "LK-2e": "labinovasi.reports.fishbone_pdf:filled_body",
    "LK-2g": "labinovasi.reports.curation_pdf:filled_body",
    "LK-3": "labinovasi.reports.canvas_pdf:filled_body",
    "LK-3b": "labinovasi.reports.gantt_pdf:filled_body",
    "LK-3c": "labinovasi.reports.milestones_pdf:filled_body",
}
BLANK_BODIES: dict[str, str] = {
    "LK-2a": "labinovasi.reports.readiness_pdf:blank_body",
    "LK-2c": "labinovasi.reports.problems_pdf:apkl_blank_body",
    "LK-2d": "labinovasi.reports.problems_pdf:usg_blank_body",
    "LK-2e": "labinovasi.reports.fishbone_pdf:blank_body",
    "LK-2g": "labinovasi.reports.curation_pdf:blank_body",
    "LK-3": "labinovasi.reports.canvas_pdf:blank_body",
    "LK-3b": "labinovasi.reports.gantt_pdf:blank_body",
}


def _custom(table: dict[str, str], code: str) -> Callable[..., list[Flowable]] | None:
    target = table.get(code)
    if target is None:
        return None
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _as_lab_sees_it(template: Template, ctx: WorksheetContext | None) -> Template:
    return template.for_modes(ctx.settings.modes) if ctx is not None else template


def blank_worksheet_story(template: Template, info: DocumentInfo, lab: str = "", unit: str = "",
                          idea: str = "", ctx: WorksheetContext | None = None) -> list[Flowable]:
    template = _as_lab_sees_it(template, ctx)
    width = content_width(info)
    pairs = [(_("Lab"), lab), (_("Unit"), unit)]
    if template.scope.value == "idea":
        pairs += [(_("Ide"), idea), (_("Tanggal"), ""), (_("Pengisi"), ""), (_("Paraf"), "")]
    else:
        pairs += [(_("Tanggal"), ""), (_("Pengisi"), "")]
    story = _title_block(template)
    story += [identity_table(pairs, width), Spacer(1, 3 * mm)]
    custom = _custom(BLANK_BODIES, template.code)
    if custom is not None:
        story += custom(template, width, ctx)
    else:
        for f in template.fields:
            story.append(_blank_field(f, width))
        story.append(Spacer(1, 2 * mm))
        story.append(para(_("Isian bertanda * wajib diisi."), "Muted"))
    return story


def render_blank_worksheet(template: Template, paper: str = "a4", lab: str = "", unit: str = "",
                           idea: str = "", ctx: WorksheetContext | None = None) -> bytes:
    info = DocumentInfo(title=template.title, lab=lab, unit=unit, code=template.code, paper=paper,
                        landscape=template.orientation == "landscape",
                        subject=_("Lembar kerja kosong"))
    return build(blank_worksheet_story(template, info, lab, unit, idea, ctx), info)


# --- filled -----------------------------------------------------------------------------------------

def format_value(f: Field, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A stored value as text for print (empty string for no value). ``labels`` name the rows that
    ``ref`` values point at (see :func:`labinovasi.services.refs.ref_labels`)."""
    if value is None or value == "" or value == []:
        return ""
    t = f.type
    if t is FieldType.REF:
        return format_ref(value, dict(labels or {}))
    if t is FieldType.NUMBER:
        return format_rupiah(value) if f.unit == "Rp" else (
            f"{format_number(value)} {f.unit}".strip())
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


EMPTY_MARK = "—"


def _filled_table(f: Field, rows: list[dict[str, Any]], width: float, labels: Mapping[str, str] | None = None) -> Table:
    head = [markup(esc(_("No")), "CellHead")] + [markup(_column_header(c), "CellHead") for c in f.columns]
    def cell(c: Field, row: dict[str, Any]) -> str:
        value = compute_row(c, row) if c.type is FieldType.COMPUTED else row.get(c.key)
        return format_value(c, value, labels)

    body = [[str(i + 1)] + [para(cell(c, row), "Cell") for c in f.columns]
            for i, row in enumerate(rows)]
    if not body:
        body = [[""] + [para(EMPTY_MARK, "Cell")] + [""] * (len(f.columns) - 1)]
    tbl = Table([head] + body, colWidths=_table_widths(f, width), repeatRows=1, splitInRow=1)
    tbl.setStyle(_table_style())
    tbl.hAlign = "LEFT"
    return tbl


def filled_worksheet_flowables(template: Template, data: dict[str, Any], width: float,
                               labels: Mapping[str, str] | None = None) -> list[Flowable]:
    """The fields of a filled worksheet. Short values are gathered into a label/value table;
    long texts flow as paragraphs that may span pages; tables keep their header on each page."""
    story: list[Flowable] = []
    pending: list[list[Any]] = []

    def flush() -> None:
        if not pending:
            return
        story.append(label_value_table(list(pending), width))
        story.append(Spacer(1, 2 * mm))
        pending.clear()

    for f in template.fields:
        t = f.type
        if t is FieldType.SIGNATURE:
            continue  # signature boxes are printed together at the end of a document
        value = compute(template, f, data) if t is FieldType.COMPUTED else data.get(f.key)
        if t is FieldType.TABLE:
            flush()
            story.append(markup(_label_text(f), "Label"))
            story.append(_filled_table(f, value or [], width, labels))
            story.append(Spacer(1, 2 * mm))
            continue
        text = format_value(f, value, labels)
        if t is FieldType.COMPUTED and f.compute and f.compute.minimum is not None and isinstance(value, (int, float)):
            if value < f.compute.minimum:
                text += " " + _("(kurang dari {n})").format(n=format_number(f.compute.minimum))
        if t is FieldType.PARAGRAPH or len(text) > LONG_VALUE:
            flush()
            story.append(markup(_label_text(f), "Label"))
            story.extend(long_text(text) if text else [para(EMPTY_MARK, "Value")])
            story.append(Spacer(1, 1 * mm))
        else:
            pending.append([markup(_label_text(f), "Cell"), para(text or EMPTY_MARK, "Cell")])
    flush()
    return story


def worksheet_signatures(template: Template, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f.signer or f.label, str(data.get(f.key) or ""), "") for f in template.fields
            if f.type is FieldType.SIGNATURE]


def filled_body(template: Template, data: dict[str, Any], width: float,
                ctx: WorksheetContext | None = None) -> list[Flowable]:
    """The filled fields of a worksheet: its own print when it has one, else the generated one."""
    template = _as_lab_sees_it(template, ctx)
    custom = _custom(FILLED_BODIES, template.code)
    if custom is not None:
        return custom(template, data, width, ctx)
    labels = ref_labels(ctx, template) if ctx is not None else None
    return filled_worksheet_flowables(template, data, width, labels)


def filled_worksheet_story(template: Template, data: dict[str, Any], info: DocumentInfo, lab: str = "",
                           unit: str = "", idea: str = "", ctx: WorksheetContext | None = None) -> list[Flowable]:
    width = content_width(info)
    pairs = [(_("Lab"), lab), (_("Unit"), unit)]
    if idea:
        pairs += [(_("Ide"), idea), ("", "")]
    story = _title_block(template)
    story += [identity_table(pairs, width), Spacer(1, 3 * mm)]
    story += filled_body(template, data, width, ctx)
    sigs = worksheet_signatures(template, data)
    if sigs:
        story.append(Spacer(1, 4 * mm))
        story.append(SignatureBlock(sigs))
    return story


def render_filled_worksheet(template: Template, data: dict[str, Any], paper: str = "a4", lab: str = "",
                            unit: str = "", idea: str = "", ctx: WorksheetContext | None = None) -> bytes:
    info = DocumentInfo(title=template.title, lab=lab, unit=unit, code=template.code, paper=paper,
                        landscape=template.orientation == "landscape")
    return build(filled_worksheet_story(template, data, info, lab, unit, idea, ctx), info)


