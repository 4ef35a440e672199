"""The printed APKL (LK-2c) and USG (LK-2d) worksheets, blank and filled.

These are the worksheet bodies (the title block, identity table and page frame are the generic ones of
:mod:`labinovasi.reports.worksheet_pdf`): ``*_filled_body(template, data, width, ctx)`` and
``*_blank_body(template, width, ctx)``. With a context the filled bodies read the unit's problems
(LK-2b) and, for USG, the APKL screening (LK-2c); without one they print the stored rows as they are.

Liberation Sans has no ✓/✗ glyphs, so answers print as "Ya"/"Tidak".
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labinovasi.domain.scoring import APKL_KEYS, APKL_PASS_SCORE, apkl_result, apkl_total
from labinovasi.i18n import _
from labinovasi.reports.base import FONT, INK, LIGHT, RULE, esc, markup, para, style
from labinovasi.services.context import Sources
from labinovasi.services.problems import (
    APKL_CODE,
    APKL_TABLE,
    REF_KEY,
    USG_TABLE,
    ApklRow,
    Problem,
    Screening,
    UsgRow,
    by_rank,
    merge_apkl,
    merge_usg,
    passing_problems,
    problem_rows,
    screening,
    table_rows,
)
from labinovasi.worksheets.schema import FieldType, Template

CHOSEN_BG = colors.HexColor("#e6f4e3")
CRITERIA = {
    "aktual": ("A", "Aktual"),
    "problematik": ("P", "Problematik"),
    "kekhalayakan": ("K", "Kekhalayakan"),
    "kelayakan": ("L", "Kelayakan"),
}
CRITERIA_HELP = {
    "aktual": "sedang terjadi dan dibicarakan saat ini",
    "problematik": "menyimpang dari standar/harapan sehingga perlu dicari penyebab dan pemecahannya",
    "kekhalayakan": "menyangkut hajat hidup orang banyak, bukan segelintir orang",
    "kelayakan": "masuk akal, realistis dan berada dalam kewenangan unit",
}
USG_ANCHORS = {
    "u": ("U – Urgency", "mendesak"),
    "s": ("S – Seriousness", "serius"),
    "g": ("G – Growth", "berkembang"),
}
EMPTY = "—"
LONG_CELL = 1500  # characters of user text printed in a table cell; a longer one is printed whole below
CUT_AT = 600
BLANK_ROW_H = 8 * mm  # ten rows, the legend and the header fit one landscape A4 page
NO_W = 9 * mm


# --- what to print --------------------------------------------------------------------------------


def apkl_mode_of(template: Template, data: Mapping[str, Any] | None, ctx: Sources | None) -> str:
    """The lab's APKL mode; without a context, what the template (modes applied) or the data shows."""
    if ctx is not None:
        return ctx.settings.apkl_mode
    cols = _columns(template, APKL_TABLE)
    if "aktual_skor" in cols and "aktual" not in cols:
        return "skor"
    if "aktual" in cols and "aktual_skor" not in cols:
        return "ya_tidak"
    rows = table_rows(data, APKL_TABLE)
    if any(isinstance(r.get(f"{k}_skor"), int) for r in rows for k in APKL_KEYS) and not any(
        isinstance(r.get(k), bool) for r in rows for k in APKL_KEYS
    ):
        return "skor"
    return "ya_tidak"


def usg_mode_of(ctx: Sources | None) -> str:
    return ctx.settings.usg_mode if ctx is not None else "jumlah"


def _columns(template: Template, table: str) -> set[str]:
    try:
        f = template.field(table)
    except KeyError:
        return set()
    return {c.key for c in f.columns} if f.type is FieldType.TABLE else set()


def _unknown_problem(ref: Any, n: int) -> Problem:
    return Problem(str(ref or ""), n, _("(isu dari LK-2b tidak tersedia)"))


def apkl_print_rows(data: Mapping[str, Any] | None, mode: str, ctx: Sources | None) -> list[ApklRow]:
    """Every problem of LK-2b with its answers (with a context), or the stored rows (without)."""
    if ctx is not None:
        return merge_apkl(problem_rows(ctx), data, mode)
    return [
        ApklRow(
            _unknown_problem(r.get(REF_KEY), i),
            r,
            apkl_result(r, mode),
            apkl_total(r) if mode == "skor" else None,
        )
        for i, r in enumerate(table_rows(data, APKL_TABLE), start=1)
    ]


def usg_print_rows(
    data: Mapping[str, Any] | None, ctx: Sources | None
) -> tuple[list[UsgRow], Screening | None]:
    """The problems that pass APKL with their scores, in rank order (and the screening count)."""
    mode = usg_mode_of(ctx)
    if ctx is not None:
        screened = merge_apkl(problem_rows(ctx), ctx.load(APKL_CODE), ctx.settings.apkl_mode)
        return by_rank(merge_usg(passing_problems(screened), data, mode)), screening(screened)
    stored = table_rows(data, USG_TABLE)
    problems = [_unknown_problem(r.get(REF_KEY), i) for i, r in enumerate(stored, start=1)]
    problems = [p for p in problems if p.id]
    return by_rank(merge_usg(problems, data, mode)), None


# --- shared pieces --------------------------------------------------------------------------------


def _style(header_rows: int = 1) -> list[tuple]:
    return [
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


def _head(text: str, *lines: str) -> Flowable:
    """A column heading; further ``lines`` print below it (a criterion's name, then "(1–5)" in grey)."""
    html = esc(text)
    for i, line in enumerate(x for x in lines if x):
        html += "<br/>" + (
            esc(line) if i == 0 and len(lines) > 1 else f'<font size="7.5" color="#5b6770">{esc(line)}</font>'
        )
    return markup(html, "CellHead")


@cache
def _cell_center() -> ParagraphStyle:
    """Table cells centred, on the same baseline as the problem text beside them."""
    return ParagraphStyle("CellCenter", parent=style("Cell"), alignment=TA_CENTER)


def _center(text: str, bold: bool = False, color: str = "") -> Flowable:
    # Body rows stay top-aligned: ReportLab cannot split a row of a splitInRow table with
    # middle-aligned cells (a 100,000-character problem must flow over pages).
    html = esc(text)
    if color:
        html = f'<font color="{color}">{html}</font>'
    if bold:
        html = f"<b>{html}</b>"
    return Paragraph(html, _cell_center())


def _cell(text: str) -> Flowable:
    return para(text, "Cell")


def _cell_text(text: str, title: str, overflow: list[tuple[str, str]]) -> Flowable:
    """A table cell for user text; a very long text is cut here and printed whole below the table
    (a table row that runs over dozens of pages is slow to lay out and hard to read)."""
    if len(text) <= LONG_CELL:
        return _cell(text)
    overflow.append((title, text))
    return markup(
        esc(text[:CUT_AT].rstrip()) + "… <i>" + esc(_("(teks lengkap di bawah tabel)")) + "</i>", "Cell"
    )


def chunked_paragraphs(text: str, style_name: str = "Cell", chunk: int = 4000) -> list[Flowable]:
    """User text of any length as paragraphs of at most about ``chunk`` characters (split at spaces), so
    100,000 characters lay out in linear time."""
    out: list[Flowable] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        while len(line) > chunk:
            cut = line.rfind(" ", chunk // 2, chunk)
            cut = chunk if cut < 0 else cut
            out.append(para(line[:cut], style_name))
            line = line[cut:].lstrip()
        out.append(para(line, style_name) if line.strip() else Spacer(1, 2 * mm))
    return out


def _overflow_texts(overflow: list[tuple[str, str]]) -> list[Flowable]:
    out: list[Flowable] = []
    for title, text in overflow:
        out.append(para(title, "Label"))
        out += chunked_paragraphs(text)
    return out


def _legend_table(rows: list[list[Any]], width: float, first_w: float) -> Table:
    cols = len(rows[0])
    t = Table(rows, colWidths=[first_w] + [(width - first_w) / (cols - 1)] * (cols - 1), splitInRow=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _score_anchor(n: int, word: str) -> str:
    return {1: _("sangat tidak {w}"), 2: _("tidak {w}"), 3: _("cukup {w}"), 4: "{w}", 5: _("sangat {w}")}[
        n
    ].format(w=word)


def usg_anchor_legend(width: float) -> Table:
    """U, S, G × 1–5 with their words (1 sangat tidak mendesak … 5 sangat mendesak)."""
    rows: list[list[Any]] = [
        [markup(esc(_("Skor")), "CellHead")] + [markup(str(n), "CellHead") for n in range(1, 6)]
    ]
    for _key, (label, word) in USG_ANCHORS.items():
        rows.append(
            [markup(f"<b>{esc(label)}</b>", "Small")]
            + [markup(esc(_score_anchor(n, _(word))), "Small") for n in range(1, 6)]
        )
    return _legend_table(rows, width, 30 * mm)


def apkl_score_legend(width: float) -> Table:
    rows: list[list[Any]] = [
        [markup(esc(_("Skor")), "CellHead")] + [markup(str(n), "CellHead") for n in range(1, 6)]
    ]
    words = [_("sangat tidak"), _("tidak"), _("cukup"), _("ya / tinggi"), _("sangat")]
    rows.append(
        [markup(f"<b>{esc(_('Setiap kriteria'))}</b>", "Small")] + [markup(esc(w), "Small") for w in words]
    )
    return _legend_table(rows, width, 34 * mm)


def apkl_criteria_legend(mode: str, lead: str = "") -> Flowable:
    parts = [
        f"<b>{esc(letter)} – {esc(_(name))}</b>: {esc(_(CRITERIA_HELP[key]))}"
        for key, (letter, name) in CRITERIA.items()
    ]
    rule = (
        _("Isu memenuhi syarat bila setiap kriteria bernilai {n} atau lebih.").format(n=APKL_PASS_SCORE)
        if mode == "skor"
        else _("Isu memenuhi syarat bila keempat kriteria dijawab Ya.")
    )
    return markup(
        (f"<b>{esc(lead)}</b> " if lead else "")
        + "; ".join(parts)
        + ". "
        + esc(rule)
        + " "
        + esc(_("Isu yang memenuhi syarat dinilai prioritasnya dengan USG (LK-2d).")),
        "Small",
    )


def usg_formula(mode: str) -> str:
    formula = _("Total = U × S × G") if mode == "kali" else _("Total = U + S + G")
    return formula + "; " + _("nilai sama diurutkan menurut S, lalu U, lalu G")


def _apkl_columns(mode: str, width: float, blank: bool) -> tuple[list[Flowable], list[float]]:
    crit_w = 26 * mm
    total_w = 14 * mm if mode == "skor" else 0
    result_w = 29 * mm
    fixed = NO_W + 4 * crit_w + total_w + result_w
    rest = max(width - fixed, 40 * mm)
    issue_w, note_w = rest * 0.7, rest * 0.3
    sub = _("(1–5)") if mode == "skor" else _("(Ya/Tidak)")
    head = [_head(_("No")), _head(_("Isu (dari LK-2b)"))]
    head += [_head(letter, _(name), sub) for letter, name in CRITERIA.values()]
    widths = [NO_W, issue_w] + [crit_w] * 4
    if mode == "skor":
        head.append(_head(_("Total")))
        widths.append(total_w)
    head += [_head(_("Hasil"), _("(memenuhi / tidak)") if blank else ""), _head(_("Keterangan"))]
    widths += [result_w, note_w]
    return head, widths


# --- APKL -----------------------------------------------------------------------------------------


def apkl_filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """LK-2c filled: No, Isu (whole text), A P K L as Ya/Tidak (or scores and their total), Hasil."""
    mode = apkl_mode_of(template, data, ctx)
    rows = apkl_print_rows(data, mode, ctx)
    head, widths = _apkl_columns(mode, width, blank=False)
    overflow: list[tuple[str, str]] = []
    body: list[list[Any]] = []
    styles = _style()
    for i, r in enumerate(rows, start=1):
        no = r.problem.number
        cells: list[Any] = [
            str(no),
            _cell_text(r.problem.uraian or EMPTY, _("Isu no. {n} (teks lengkap)").format(n=no), overflow),
        ]
        for key in APKL_KEYS:
            v = r.value(key, mode)
            if v is None:
                cells.append(_center(EMPTY, color="#5b6770"))
            elif mode == "skor":
                cells.append(
                    _center(str(v), color="" if isinstance(v, int) and v >= APKL_PASS_SCORE else "#a01b1b")
                )
            else:
                cells.append(
                    _center(_("Ya") if v is True else _("Tidak"), color="" if v is True else "#a01b1b")
                )
        if mode == "skor":
            cells.append(_center(EMPTY if r.total is None else str(r.total), bold=True))
        if r.result is None:
            cells.append(_center(EMPTY, color="#5b6770"))
        else:
            cells.append(
                _center(
                    _("Memenuhi") if r.result else _("Tidak memenuhi"),
                    bold=True,
                    color="#1b6e2d" if r.result else "#a01b1b",
                )
            )
            if r.result:
                styles.append(("BACKGROUND", (len(cells) - 1, i), (len(cells) - 1, i), CHOSEN_BG))
        cells.append(
            _cell_text(r.keterangan, _("Keterangan isu no. {n} (teks lengkap)").format(n=no), overflow)
        )
        body.append(cells)
    if not body:
        body = [[""] + [_cell(_("Belum ada masalah di LK-2b."))] + [""] * (len(head) - 2)]
        styles.append(("SPAN", (1, 1), (-1, 1)))
    table = Table([head] + body, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(styles))
    table.hAlign = "LEFT"
    s = screening(rows)
    story: list[Flowable] = [
        markup(
            f"<b>{esc(_('Penilaian APKL'))}</b> · "
            + esc(_("Penilaian skor 1–5") if mode == "skor" else _("Penilaian Ya/Tidak")),
            "Label",
        ),
        table,
        Spacer(1, 2.5 * mm),
    ]
    if rows:
        story.append(
            markup(
                "<b>"
                + esc(
                    _(
                        "{n} dari {total} isu memenuhi syarat dan dilanjutkan ke penilaian USG (LK-2d)."
                    ).format(n=s.passed, total=s.total)
                )
                + "</b>",
                "Body",
            )
        )
        story.append(Spacer(1, 1.5 * mm))
    story.append(apkl_criteria_legend(mode))
    story += _overflow_texts(overflow)
    return story


def apkl_blank_body(template: Template, width: float, ctx: Sources | None = None) -> list[Flowable]:
    """LK-2c blank: a wide problem column, empty answer boxes, 10 rows and the criteria legend."""
    mode = apkl_mode_of(template, None, ctx)
    head, widths = _apkl_columns(mode, width, blank=True)
    n_rows = _blank_rows(template, APKL_TABLE)
    tick = '<font color="#8c96a0" size="8">' + esc(_("Ya / Tidak")) + "</font>"
    rows = []
    for i in range(n_rows):
        row: list[Any] = [str(i + 1), ""]
        row += [markup(tick, "Center") if mode != "skor" else "" for _k in APKL_KEYS]
        row += [""] * (len(head) - len(row))
        rows.append(row)
    table = Table([head] + rows, colWidths=widths, repeatRows=1, rowHeights=[None] + [BLANK_ROW_H] * n_rows)
    styles = _style() + [("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
    table.setStyle(TableStyle(styles))
    table.hAlign = "LEFT"
    how = (
        _("Tulis setiap masalah dari LK-2b, lalu beri skor 1–5 untuk setiap kriteria.")
        if mode == "skor"
        else _("Tulis setiap masalah dari LK-2b, lalu lingkari Ya atau Tidak untuk setiap kriteria.")
    )
    story: list[Flowable] = [apkl_criteria_legend(mode, how), Spacer(1, 2 * mm)]
    if mode == "skor":
        story += [apkl_score_legend(min(width, 200 * mm)), Spacer(1, 2 * mm)]
    story.append(table)
    return story


def _clip(text: str, limit: int) -> str:
    """One line of ``text`` without its final full stop, shortened to ``limit`` characters."""
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _blank_rows(template: Template, table: str) -> int:
    try:
        return max(1, template.field(table).blank_rows)
    except KeyError:
        return 10


# --- USG ------------------------------------------------------------------------------------------


def _usg_columns(width: float, blank: bool) -> tuple[list[Flowable], list[float]]:
    score_w, total_w, rank_w, chosen_w = 17 * mm, 17 * mm, 21 * mm, 22 * mm
    issue_w = max(width - NO_W - 3 * score_w - total_w - rank_w - chosen_w, 40 * mm)
    sub = _("(1–5)")
    head = [
        _head(_("No")),
        _head(_("Isu (lolos APKL)")),
        _head("U", sub),
        _head("S", sub),
        _head("G", sub),
        _head(_("Total")),
        _head(_("Peringkat")),
        _head(_("Prioritas"), _("(Ya/Tidak)") if blank else ""),
    ]
    return head, [NO_W, issue_w, score_w, score_w, score_w, total_w, rank_w, chosen_w]


def usg_filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None = None
) -> list[Flowable]:
    """LK-2d filled: the problems that pass APKL by rank with U, S, G, Total, Peringkat, Prioritas, and the
    formula."""
    mode = usg_mode_of(ctx)
    rows, screened = usg_print_rows(data, ctx)
    head, widths = _usg_columns(width, blank=False)
    overflow: list[tuple[str, str]] = []
    styles = _style()
    body: list[list[Any]] = []
    for i, r in enumerate(rows, start=1):

        def score(v: int | None) -> Flowable:
            return _center(EMPTY if v is None else str(v), color="#5b6770" if v is None else "")

        rank = EMPTY if r.rank is None else str(r.rank)
        issue = _cell_text(
            r.problem.uraian or EMPTY, _("Isu no. {n} (teks lengkap)").format(n=r.problem.number), overflow
        )
        body.append(
            [
                str(r.problem.number),
                issue,
                score(r.u),
                score(r.s),
                score(r.g),
                _center(EMPTY if r.total is None else str(r.total), bold=True),
                _center(rank, bold=r.is_top, color="#7a1f2b" if r.rank == 1 else ""),
                _center(_("Ya") if r.dipilih else "", bold=True),
            ]
        )
        if r.dipilih:
            styles.append(("BACKGROUND", (0, i), (-1, i), CHOSEN_BG))
    if not body:
        text = (
            _("Belum ada isu yang lolos APKL (LK-2c).")
            if ctx is not None
            else _("Belum ada isu yang dinilai.")
        )
        body = [["", _cell(text)] + [""] * (len(head) - 2)]
        styles.append(("SPAN", (1, 1), (-1, 1)))
    table = Table([head] + body, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(styles))
    table.hAlign = "LEFT"
    line = usg_formula(mode) + "."
    if screened is not None and screened.total:
        line += " " + screened.text + "."
    story: list[Flowable] = [
        markup(f"<b>{esc(_('Penilaian USG'))}</b> · " + esc(_("diurutkan menurut peringkat")), "Label"),
        markup("<b>" + esc(line) + "</b>", "Body"),
        Spacer(1, 1.5 * mm),
        table,
        Spacer(1, 2.5 * mm),
    ]
    chosen = [r for r in rows if r.dipilih]
    if chosen:
        names = "; ".join(f"{r.problem.number}. {_clip(r.problem.uraian, 160)}" for r in chosen)
        story.append(markup("<b>" + esc(_("Prioritas terpilih:")) + "</b> " + esc(names), "Body"))
        story.append(Spacer(1, 2 * mm))
    story.append(KeepTogether([para(_("Arti skor"), "Label"), usg_anchor_legend(min(width, 220 * mm))]))
    story += _overflow_texts(overflow)
    return story


def usg_blank_body(template: Template, width: float, ctx: Sources | None = None) -> list[Flowable]:
    """LK-2d blank: the formula, the 1–5 anchors, a wide problem column, empty score boxes, 10 rows."""
    mode = usg_mode_of(ctx)
    head, widths = _usg_columns(width, blank=True)
    n_rows = _blank_rows(template, USG_TABLE)
    rows: list[list[Any]] = [[str(i + 1)] + [""] * (len(head) - 1) for i in range(n_rows)]
    table = Table([head] + rows, colWidths=widths, repeatRows=1, rowHeights=[None] + [BLANK_ROW_H] * n_rows)
    table.setStyle(TableStyle(_style() + [("VALIGN", (0, 1), (0, -1), "MIDDLE")]))
    table.hAlign = "LEFT"
    return [
        markup(
            "<b>"
            + esc(usg_formula(mode) + ".")
            + "</b> "
            + esc(
                _(
                    "Tulis isu yang lolos APKL (LK-2c), beri skor 1–5, jumlahkan, lalu beri peringkat "
                    "(1 = tertinggi)."
                )
            ),
            "Body",
        ),
        Spacer(1, 1.5 * mm),
        usg_anchor_legend(width),
        Spacer(1, 2 * mm),
        table,
    ]


__all__ = [
    "apkl_blank_body",
    "apkl_filled_body",
    "usg_blank_body",
    "usg_filled_body",
]
