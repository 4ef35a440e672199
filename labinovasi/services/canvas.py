"""The Kanvas Inovasi (LK-3): one page per idea, a grid of boxes like a business model canvas.

What Diagnose already produced (the problem, its root causes, the idea) is *shown* on the canvas
from its source worksheets, never copied into LK-3: :func:`canvas_sources` reads it. The boxes,
their place on the grid, their colours and guiding questions are declared once here
(:func:`canvas_boxes`) so the editor on screen and the printed canvas are laid out alike, and
:func:`canvas_content` says what each box shows (pure data, no layout), for print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from labinovasi.i18n import _, format_number, format_rupiah
from labinovasi.services.context import Sources
from labinovasi.worksheets import codes
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID

CANVAS_CODE = codes.CANVAS
IDEA_CARD = codes.IDEA_CARD
PROBLEMS = codes.PROBLEMS
ROOT_CAUSES = codes.FISHBONE

# the grid: 24 columns, 14 rows. Three columns of stacked boxes (8, 9 and 7 columns wide) take the
# top 10 rows; the bottom row of four boxes the last 4.
GRID_COLS = 24
GRID_ROWS = 14


# --- pieces of a box ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A piece of a box: ``quote`` = upstream text shown read-only (``origin`` says where from;
    ``label`` is printed in bold before it; ``strong`` sets it in bold), ``text`` = the team's own
    text, ``line`` = a short labelled value ("Anggaran: Rp 1.000")."""

    kind: Literal["quote", "text", "line"]
    text: str
    origin: str = ""
    label: str = ""
    strong: bool = False

    def plain(self) -> str:
        """The block as plain text (a label becomes "Label: text")."""
        if not self.label:
            return self.text
        sep = "\n" if self.text.startswith("•") else " "
        return f"{self.label}:{sep}{self.text}"


# --- what Diagnose produced ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CanvasSources:
    """The upstream content of one idea's canvas. Every value is empty when its source is missing."""

    problem: str = ""  # the problem row's uraian, else the idea card's own words
    problem_condition: str = ""  # the problem row's kondisi saat ini (data)
    problem_origin: str = ""  # "LK-2b" or "LK-2f"
    masalah_utama: str = ""  # the fishbone's head (LK-2e), when the fishbone is about this problem
    root_causes: tuple[str, ...] = ()  # LK-2e causes the idea card points at
    idea_name: str = ""
    idea_long_name: str = ""  # what the acronym stands for
    idea_description: str = ""
    target: str = ""  # LK-2f sasaran: a hint for "penerima manfaat"
    novelty: str = ""  # the label of LK-2f's kebaruan choice
    replication_source: str = ""
    resources: str = ""  # LK-2f kebutuhan sumber daya: a hint for "sumber daya"
    budget: int | float | None = None  # LK-2f perkiraan anggaran
    benefits: str = ""  # LK-2f manfaat: a hint for "manfaat & indikator"

    @property
    def has_root_causes(self) -> bool:
        return bool(self.root_causes or self.masalah_utama)

    def problem_text(self) -> str:
        """The problem box's upstream text: the problem, the fishbone head, the root causes."""
        return "\n".join(b.plain() for b in self.problem_blocks())

    def problem_origin_text(self) -> str:
        """Where the problem box's text comes from, e.g. "dari LK-2b, LK-2e"."""
        codes = [c for c in (self.problem_origin, ROOT_CAUSES if self.has_root_causes else "") if c]
        return _("dari {codes}").format(codes=", ".join(codes)) if codes else ""

    def idea_text(self) -> str:
        """The idea box's upstream text: the name (and what the acronym stands for), the description."""
        return "\n".join(b.plain() for b in self.idea_blocks())

    def idea_origin_text(self) -> str:
        return _("dari {codes}").format(codes=IDEA_CARD) if (self.idea_name or self.idea_description) else ""

    def problem_blocks(self) -> list[Block]:
        """The problem box's upstream text as blocks (the first one carries the origin)."""
        blocks: list[Block] = []
        if self.problem:
            blocks.append(Block("quote", self.problem))
        if self.problem_condition:
            blocks.append(Block("quote", self.problem_condition, label=_("Kondisi saat ini")))
        head = self.masalah_utama.strip()
        if head and _norm(head) != _norm(self.problem):
            blocks.append(Block("quote", head, label=_("Masalah utama (kepala ikan)")))
        if self.root_causes:
            blocks.append(
                Block("quote", "\n".join(f"• {c}" for c in self.root_causes), label=_("Akar masalah"))
            )
        return _with_origin(blocks, self.problem_origin_text())

    def idea_blocks(self) -> list[Block]:
        """The idea box's upstream text as blocks: the name in bold, then the description."""
        blocks: list[Block] = []
        name = self.idea_name.strip()
        long_name = self.idea_long_name.strip()
        if long_name and _norm(long_name) not in _norm(name):
            name = f"{name} ({long_name})" if name else long_name
        if name:
            blocks.append(Block("quote", name, strong=True))
        if self.idea_description.strip():
            blocks.append(Block("quote", self.idea_description.strip()))
        return _with_origin(blocks, self.idea_origin_text())

    def novelty_text(self) -> str:
        if self.novelty and self.replication_source:
            return _("{kind} — sumber: {source}").format(kind=self.novelty, source=self.replication_source)
        return self.novelty or self.replication_source

    def budget_text(self) -> str:
        return format_rupiah(self.budget) if self.budget is not None else ""

    def hint(self, field_key: str) -> str:
        """The idea card's text that may guide an empty LK-3 field (shown as a hint, never stored)."""
        if field_key == "penerima_manfaat":
            return self.target
        if field_key == "kebaruan":
            return self.novelty_text()
        if field_key == "sumber_daya":
            return self.resources
        if field_key == "anggaran":
            return self.budget_text()
        if field_key == "manfaat_indikator":
            return self.benefits
        return ""


def _with_origin(blocks: list[Block], origin: str) -> list[Block]:
    if blocks and origin:
        first = blocks[0]
        blocks[0] = Block(first.kind, first.text, origin, first.label, first.strong)
    return blocks


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rows(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = data.get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _row_by_id(rows: list[dict[str, Any]], row_id: Any) -> dict[str, Any] | None:
    if not isinstance(row_id, str) or not row_id:
        return None
    return next((r for r in rows if r.get(ROW_ID) == row_id), None)


def _choice_label(template: Template | None, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    if template is not None:
        try:
            options = field_options(template.field(key))
        except KeyError:
            options = ()
        for o in options:
            if o.value == value:
                return o.label
    return value


def _load(ctx: Sources, code: str) -> dict[str, Any]:
    """A source worksheet's data, or ``{}`` when it is missing or its template is unknown."""
    try:
        data = ctx.load(code)
    except (KeyError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def canvas_sources(ctx: Sources) -> CanvasSources:
    """What Diagnose produced for the idea of ``ctx``: the problem it answers (the LK-2b row its
    card points at, else the card's own words), the root causes (the LK-2e causes it points at, and
    the fishbone's head), and the idea card itself. Missing sources or dangling refs give empty values."""
    if ctx.idea_id is None:
        return CanvasSources()
    card = _load(ctx, IDEA_CARD)
    try:
        card_template: Template | None = ctx.registry.get(IDEA_CARD)
    except KeyError:
        card_template = None

    problem, condition, problem_origin = "", "", ""
    masalah_ref = card.get("masalah_ref")
    row = _row_by_id(_rows(_load(ctx, PROBLEMS), "masalah"), masalah_ref) if masalah_ref else None
    if row is not None and (_text(row.get("uraian")) or _text(row.get("kondisi_saat_ini"))):
        problem, condition = _text(row.get("uraian")), _text(row.get("kondisi_saat_ini"))
        problem_origin = PROBLEMS
    elif _text(card.get("masalah")):
        problem, problem_origin = _text(card["masalah"]), IDEA_CARD

    causes: list[str] = []
    masalah_utama = ""
    akar_ref = card.get("akar_ref")
    fishbone = _load(ctx, ROOT_CAUSES) if (akar_ref or masalah_ref) else {}
    if fishbone:
        cause_rows = _rows(fishbone, "penyebab")
        refs = akar_ref if isinstance(akar_ref, list) else [akar_ref] if akar_ref else []
        for ref in refs:
            cause = _row_by_id(cause_rows, ref)
            text = _text(cause.get("teks")) if cause else ""
            if text and text not in causes:
                causes.append(text)
        # the fishbone's head belongs to this idea when the card points at its causes or at its problem
        same_problem = bool(masalah_ref) and fishbone.get("masalah") == masalah_ref
        if causes or same_problem:
            masalah_utama = _text(fishbone.get("masalah_utama"))

    budget = card.get("perkiraan_anggaran")
    if isinstance(budget, bool) or not isinstance(budget, (int, float)):
        budget = None
    return CanvasSources(
        problem=problem,
        problem_condition=condition,
        problem_origin=problem_origin,
        masalah_utama=masalah_utama,
        root_causes=tuple(causes),
        idea_name=_text(card.get("nama")),
        idea_long_name=_text(card.get("akronim_kepanjangan")),
        idea_description=_text(card.get("deskripsi")),
        target=_text(card.get("sasaran")),
        novelty=_choice_label(card_template, "kebaruan", card.get("kebaruan")),
        replication_source=_text(card.get("sumber_replikasi")),
        resources=_text(card.get("kebutuhan_sumber_daya")),
        budget=budget,
        benefits=_text(card.get("manfaat")),
    )


# --- the boxes ---------------------------------------------------------------------------------------

Source = Literal["", "problem", "idea"]


@dataclass(frozen=True)
class CanvasBox:
    """One box of the canvas: where it sits on the 24 × 14 grid and which LK-3 fields it edits."""

    key: str
    number: int
    title: str
    question: str  # the guiding question (placeholder on screen, grey text on the blank print)
    fields: tuple[str, ...]
    col: int
    row: int
    colspan: int
    rowspan: int
    color: str  # the title bar
    source: Source = ""  # upstream content shown read-only at the top of the box
    notes_prompt: str = ""  # for a box with a source: what the own notes are for

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


def canvas_boxes() -> tuple[CanvasBox, ...]:
    """The ten boxes in reading order (also the Tab order): why and for whom on the left, what in
    the centre, how on the right, and with what / to what end along the bottom."""
    return (
        CanvasBox(
            "masalah",
            1,
            _("Masalah & akar masalah"),
            _("Masalah apa yang dijawab, seberapa besar (data), dan apa akar penyebabnya?"),
            ("catatan_masalah",),
            0,
            0,
            8,
            6,
            "#7a1f2b",
            "problem",
            _("Catatan tambahan: hanya yang belum tertulis di atas (data terbaru, penyebab lain)…"),
        ),
        CanvasBox(
            "penerima",
            2,
            _("Penerima manfaat"),
            _("Siapa yang merasakan manfaatnya? Kelompok mana, berapa banyak, di mana?"),
            ("penerima_manfaat",),
            0,
            6,
            8,
            4,
            "#a34a28",
        ),
        CanvasBox(
            "ide",
            3,
            _("Ide / solusi"),
            _("Apa yang akan dilakukan dan bagaimana cara kerjanya? Apa yang berubah bagi warga?"),
            ("catatan_solusi",),
            8,
            0,
            9,
            7,
            "#1d4f86",
            "idea",
            _("Catatan penajaman ide: apa yang disepakati atau diubah di tahap Design…"),
        ),
        CanvasBox(
            "kebaruan",
            4,
            _("Kebaruan"),
            _("Apa yang baru dibanding cara lama atau inovasi serupa? Jika replikasi, apa yang diubah?"),
            ("kebaruan",),
            8,
            7,
            9,
            3,
            "#3a6ea5",
        ),
        CanvasBox(
            "kegiatan",
            5,
            _("Kegiatan kunci"),
            _("Kegiatan utama apa agar ide berjalan: persiapan, uji coba, launching, penerapan?"),
            ("kegiatan_kunci",),
            17,
            0,
            7,
            5,
            "#2c6e3f",
        ),
        CanvasBox(
            "mitra",
            6,
            _("Mitra (pentahelix)"),
            _(
                "Siapa yang dilibatkan dan apa perannya: pemerintah, dunia usaha, akademisi, "
                "masyarakat/komunitas, media?"
            ),
            ("unsur_mitra", "mitra"),
            17,
            5,
            7,
            5,
            "#4d8550",
        ),
        CanvasBox(
            "sumber_daya",
            7,
            _("Sumber daya & anggaran"),
            _("SDM, sarana, data, regulasi dan anggaran apa yang dibutuhkan, dari mana?"),
            ("sumber_daya", "anggaran"),
            0,
            10,
            6,
            4,
            "#5a4e8c",
        ),
        CanvasBox(
            "manfaat",
            8,
            _("Manfaat & indikator"),
            _("Apa yang berubah jika berhasil, dan bagaimana mengukurnya (indikator, nilai awal, target)?"),
            ("manfaat_indikator",),
            6,
            10,
            6,
            4,
            "#8a6a12",
        ),
        CanvasBox(
            "risiko",
            9,
            _("Risiko"),
            _("Apa yang dapat menghambat atau menggagalkan, dan bagaimana mengantisipasinya?"),
            ("risiko",),
            12,
            10,
            6,
            4,
            "#9b3d1e",
        ),
        CanvasBox(
            "keberlanjutan",
            10,
            _("Keberlanjutan"),
            _("Bagaimana inovasi tetap berjalan setelah lab selesai: SK, anggaran rutin, SOP, kader?"),
            ("keberlanjutan",),
            18,
            10,
            6,
            4,
            "#2f6b6b",
        ),
    )


def box_of_field(key: str) -> CanvasBox | None:
    return next((b for b in canvas_boxes() if key in b.fields), None)


def canvas_field_keys() -> tuple[str, ...]:
    return tuple(k for b in canvas_boxes() for k in b.fields)


# --- what each box shows, for print ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoxContent:
    box: CanvasBox
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    required_missing: bool = False

    @property
    def empty(self) -> bool:
        return not self.blocks


def _format_number(template: Template | None, key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value) if value not in (None, "") else ""
    unit = ""
    if template is not None and key in {f.key for f in template.fields}:
        unit = template.field(key).unit
    if unit == "Rp":
        return format_rupiah(value)
    return f"{format_number(value)} {unit}".strip()


def _multi_labels(template: Template | None, key: str, value: Any) -> str:
    if not isinstance(value, list):
        return ""
    if template is not None and key in {f.key for f in template.fields}:
        labels = {o.value: o.label for o in field_options(template.field(key))}
    else:
        labels = {}
    return ", ".join(labels.get(v, str(v)) for v in value if v)


def canvas_content(
    data: dict[str, Any], sources: CanvasSources | None = None, template: Template | None = None
) -> list[BoxContent]:
    """What each box shows: the upstream quote (problem, idea), the team's own text, and — where
    an own field is still empty — the idea card's text as a hint marked with its origin."""
    sources = sources or CanvasSources()
    data = data if isinstance(data, dict) else {}
    present = {f.key for f in template.fields} if template is not None else set(canvas_field_keys())
    required = {f.key for f in template.fields if f.required} if template is not None else set()
    card_origin = _("dari {codes}").format(codes=IDEA_CARD)
    out = []
    for box in canvas_boxes():
        blocks: list[Block] = []
        if box.source == "problem":
            blocks += sources.problem_blocks()
        elif box.source == "idea":
            blocks += sources.idea_blocks()
        missing = False
        for key in box.fields:
            if key not in present:
                continue
            value = data.get(key)
            if key == "unsur_mitra":
                text = _multi_labels(template, key, value)
                if text:
                    blocks.append(Block("line", text, label=_("Unsur")))
                continue
            if key == "anggaran":
                text = _format_number(template, key, value)
                if text:
                    blocks.append(Block("line", text, label=_("Anggaran")))
                elif sources.budget_text():
                    blocks.append(
                        Block("line", sources.budget_text() + " (" + card_origin + ")", label=_("Anggaran"))
                    )
                continue
            text = value.strip() if isinstance(value, str) else ""
            if text:
                blocks.append(Block("text", text))
            else:
                missing = missing or key in required
                hint = sources.hint(key)
                if hint:
                    blocks.append(Block("quote", hint, card_origin))
        out.append(BoxContent(box, tuple(blocks), missing))
    return out
