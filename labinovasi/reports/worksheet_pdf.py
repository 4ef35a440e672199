"""A worksheet, blank or filled, rendered from its template."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from labinovasi.i18n import _, format_number
from labinovasi.reports.base import (
    FONT,
    FONT_BOLD,
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
    style,
)
from labinovasi.reports.common import format_value
from labinovasi.reports.flowables import OptionBoxes, RuledBox, SignatureBlock
from labinovasi.services.context import Sources, gathered
from labinovasi.services.refs import ref_labels
from labinovasi.worksheets.kinds import kind_of
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
        for label, value in pairs[i : i + 2]:
            row += [markup(esc(label), "Small"), para(value, "Cell") if value else ""]
        while len(row) < 4:
            row.append("")
        rows.append(row)
    t = Table(rows, colWidths=[width * 0.13, width * 0.37, width * 0.13, width * 0.37], splitInRow=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("BACKGROUND", (2, 0), (2, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),  # room to write by hand
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


def label_value_table(rows: list[list[Any]], width: float, label_share: float = 0.32) -> Table:
    """Two columns: a shaded label and its value, one row each (rows may split across pages)."""
    t = Table(rows, colWidths=[width * label_share, width * (1 - label_share)], splitInRow=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


HEAD_PADDING = 12  # points: a table cell's default left and right padding


def _header_words(col: Field) -> list[str]:
    words = re.sub(r"<[^>]+>", " ", _column_header(col)).replace("&amp;", "&").split()
    return words or [""]


def _table_widths(f: Field, width: float, with_no: bool = True) -> list[float]:
    """Column widths by the template's weights, widened where a header word would be split (e.g. a narrow
    "Kemungkinan (1–5)"): what a column needs is taken from the columns with room to spare."""
    no_w = 9 * mm if with_no else 0
    weights = [c.width for c in f.columns]
    total = sum(weights)
    widths = [(width - no_w) * w / total for w in weights]
    head = style("CellHead")
    need = [
        max(stringWidth(w, FONT_BOLD, head.fontSize) for w in _header_words(c)) + HEAD_PADDING + 1
        for c in f.columns
    ]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if 0 < short <= spare:
        widths = [n if w < n else w - (w - n) * short / spare for n, w in zip(need, widths, strict=True)]
    return ([no_w] if with_no else []) + widths


def _table_style(header_rows: int = 1) -> TableStyle:
    return TableStyle(
        [
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
        ]
    )


def _column_header(col: Field) -> str:
    label = esc(col.label)
    if col.type is FieldType.SCORE:
        scale = f"({int(col.minimum or 1)}–{int(col.maximum or 5)})"
        if scale not in col.label:  # "Kemungkinan (1–5)" already says it
            label += f"<br/>{scale}"
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
        tbl = Table(
            rows, colWidths=_table_widths(f, width), repeatRows=1, rowHeights=[None] + [9 * mm] * f.blank_rows
        )
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


def _title_block(template: Template, subtitle: str = "", level: int = 0) -> list[Flowable]:
    out: list[Flowable] = [heading(f"{template.code} · {template.title}", level, "Title")]
    if subtitle:
        out.append(para(subtitle, "Subtitle"))
    if template.help:
        out.append(para(template.help, "Help"))
    out.append(Spacer(1, 3 * mm))
    return out


# Worksheet kinds whose print is not the generated one (see labinovasi.worksheets.kinds). The modules are
# imported when first used (they import this one for the shared title block and tables).
# filled: fn(template, data, width, ctx) -> list[Flowable]; blank: fn(template, width, ctx) -> list[Flowable].
# The title block, the identity table and the signatures stay the same for every worksheet.
Body = Callable[..., list[Flowable]]


def _readiness(which: str) -> Body:
    from labinovasi.reports import readiness_pdf  # noqa: PLC0415

    return readiness_pdf.filled_body if which == "filled" else readiness_pdf.blank_body


def _apkl(which: str) -> Body:
    from labinovasi.reports import problems_pdf  # noqa: PLC0415

    return problems_pdf.apkl_filled_body if which == "filled" else problems_pdf.apkl_blank_body


def _usg(which: str) -> Body:
    from labinovasi.reports import problems_pdf  # noqa: PLC0415

    return problems_pdf.usg_filled_body if which == "filled" else problems_pdf.usg_blank_body


def _fishbone(which: str) -> Body:
    from labinovasi.reports import fishbone_pdf  # noqa: PLC0415

    return fishbone_pdf.filled_body if which == "filled" else fishbone_pdf.blank_body


def _curation(which: str) -> Body:
    from labinovasi.reports import curation_pdf  # noqa: PLC0415

    return curation_pdf.filled_body if which == "filled" else curation_pdf.blank_body


def _canvas(which: str) -> Body:
    from labinovasi.reports import canvas_pdf  # noqa: PLC0415

    return canvas_pdf.filled_body if which == "filled" else canvas_pdf.blank_body


def _action_plan(which: str) -> Body:
    from labinovasi.reports import gantt_pdf  # noqa: PLC0415

    return gantt_pdf.filled_body if which == "filled" else gantt_pdf.blank_body


def _monev_schedule(which: str) -> Body:
    from labinovasi.reports import monev_schedule_pdf  # noqa: PLC0415

    return monev_schedule_pdf.filled_body if which == "filled" else monev_schedule_pdf.blank_body


def _monev(which: str) -> Body:
    from labinovasi.reports import monev_report_pdf  # noqa: PLC0415

    return monev_report_pdf.filled_body if which == "filled" else monev_report_pdf.blank_body


def _milestones(which: str) -> Body | None:
    from labinovasi.reports import milestones_pdf  # noqa: PLC0415

    return milestones_pdf.filled_body if which == "filled" else None  # blank: the generated form


def _results(which: str) -> Body | None:
    from labinovasi.reports import results_pdf  # noqa: PLC0415

    return results_pdf.filled_body if which == "filled" else None  # blank: the generated form


# kind name -> its print bodies
BODIES: dict[str, Callable[[str], Body | None]] = {
    "readiness": _readiness,
    "apkl": _apkl,
    "usg": _usg,
    "fishbone": _fishbone,
    "curation": _curation,
    "canvas": _canvas,
    "action_plan": _action_plan,
    "monev_schedule": _monev_schedule,
    "monev": _monev,
    "milestones": _milestones,
    "results": _results,
}


def print_body(template: Template, which: str) -> Body | None:
    """The kind's own print body of ``template`` (``which``: "filled" or "blank"), or None: generated."""
    bodies = BODIES.get(kind_of(template).name)
    return bodies(which) if bodies is not None else None


def _as_lab_sees_it(template: Template, ctx: Sources | None) -> Template:
    return template.for_modes(ctx.settings.modes) if ctx is not None else template


def blank_worksheet_story(
    template: Template,
    info: DocumentInfo,
    lab: str = "",
    unit: str = "",
    idea: str = "",
    ctx: Sources | None = None,
    level: int = 0,
) -> list[Flowable]:
    """A blank worksheet; ``level`` is its title's outline level (a pack puts it under its unit)."""
    template = _as_lab_sees_it(template, ctx)
    width = content_width(info)
    pairs = [(_("Lab"), lab), (_("Unit"), unit)]
    if template.scope.value == "idea":
        pairs += [(_("Ide"), idea), (_("Tanggal"), ""), (_("Pengisi"), ""), (_("Paraf"), "")]
    else:
        pairs += [(_("Tanggal"), ""), (_("Pengisi"), "")]
    story = _title_block(template, level=level)
    story += [identity_table(pairs, width), Spacer(1, 3 * mm)]
    custom = print_body(template, "blank")
    if custom is not None:
        story += custom(template, width, ctx)
    else:
        # a field the app computes (a word count …) has nothing to write by hand: the blank sheet leaves it
        # out, so it never takes a page of its own
        for f in template.fields:
            if f.type is not FieldType.COMPUTED:
                story.append(_blank_field(f, width))
        story.append(Spacer(1, 2 * mm))
        story.append(para(_("Isian bertanda * wajib diisi."), "Muted"))
    return story


def blank_info(template: Template, paper: str, lab: str = "", unit: str = "") -> DocumentInfo:
    """The header and footer of a blank worksheet."""
    return DocumentInfo(
        title=template.title,
        lab=lab,
        unit=unit,
        code=template.code,
        paper=paper,
        landscape=template.orientation == "landscape",
        subject=_("Lembar kerja kosong"),
    )


def render_blank_worksheet(
    template: Template,
    paper: str = "a4",
    lab: str = "",
    unit: str = "",
    idea: str = "",
    ctx: Sources | None = None,
) -> bytes:
    info = blank_info(template, paper, lab, unit)
    return build(blank_worksheet_story(template, info, lab, unit, idea, gathered(ctx)), info)


# --- filled -----------------------------------------------------------------------------------------

EMPTY_MARK = "—"


def _filled_table(
    f: Field, rows: list[dict[str, Any]], width: float, labels: Mapping[str, str] | None = None
) -> Table:
    head = [markup(esc(_("No")), "CellHead")] + [markup(_column_header(c), "CellHead") for c in f.columns]

    def cell(c: Field, row: dict[str, Any]) -> str:
        value = compute_row(c, row) if c.type is FieldType.COMPUTED else row.get(c.key)
        return format_value(c, value, labels)

    body: list[list[Any]] = [
        [str(i + 1)] + [para(cell(c, row), "Cell") for c in f.columns] for i, row in enumerate(rows)
    ]
    if not body:
        body = [[""] + [para(EMPTY_MARK, "Cell")] + [""] * (len(f.columns) - 1)]
    tbl = Table([head] + body, colWidths=_table_widths(f, width), repeatRows=1, splitInRow=1)
    tbl.setStyle(_table_style())
    tbl.hAlign = "LEFT"
    return tbl


def filled_worksheet_flowables(
    template: Template, data: dict[str, Any], width: float, labels: Mapping[str, str] | None = None
) -> list[Flowable]:
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
            story.append(_filled_table(f, value if isinstance(value, list) else [], width, labels))
            story.append(Spacer(1, 2 * mm))
            continue
        text = format_value(f, value, labels)
        if (
            t is FieldType.COMPUTED
            and f.compute
            and f.compute.minimum is not None
            and isinstance(value, (int, float))
        ):
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
    return [
        (f.signer or f.label, str(data.get(f.key) or ""), "")
        for f in template.fields
        if f.type is FieldType.SIGNATURE
    ]


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """The filled fields of a worksheet: its own print when it has one, else the generated one."""
    template = _as_lab_sees_it(template, ctx)
    custom = print_body(template, "filled")
    if custom is not None:
        return custom(template, data, width, ctx)
    labels = ref_labels(ctx, template) if ctx is not None else None
    return filled_worksheet_flowables(template, data, width, labels)


def filled_worksheet_story(
    template: Template,
    data: dict[str, Any],
    info: DocumentInfo,
    lab: str = "",
    unit: str = "",
    idea: str = "",
    ctx: Sources | None = None,
) -> list[Flowable]:
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


def render_filled_worksheet(
    template: Template,
    data: dict[str, Any],
    paper: str = "a4",
    lab: str = "",
    unit: str = "",
    idea: str = "",
    ctx: Sources | None = None,
) -> bytes:
    info = DocumentInfo(
        title=template.title,
        lab=lab,
        unit=unit,
        code=template.code,
        paper=paper,
        landscape=template.orientation == "landscape",
    )
    return build(filled_worksheet_story(template, data, info, lab, unit, idea, gathered(ctx)), info)
