"""LK-2g Kurasi Ide Inovasi on paper: the PP 38/2017 gate and the PermenPANRB 91/2021 criteria as
tick tables, the score and ranks, and the facilitator's decision.

Registered in ``labinovasi.reports.worksheet_pdf`` as the LK-2g bodies: ``filled_body(template, data,
width, ctx)`` and ``blank_body(template, width, ctx)`` (the title block and identity table stay generic).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from labinovasi.domain.scoring import Criterion, curation_result, rules
from labinovasi.i18n import _, format_date, format_number
from labinovasi.reports.base import FONT, INK, LIGHT, RULE, esc, long_text, markup, para
from labinovasi.reports.flowables import OptionBoxes, RuledBox
from labinovasi.reports.worksheet_pdf import label_value_table
from labinovasi.services.context import Sources
from labinovasi.services.curation import Standing, format_score, standing
from labinovasi.services.refs import format_ref, ref_options
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Template


class TickBox(Flowable):
    """A square to tick by hand, or ticked (``checked``), centred in a table cell."""

    SIZE = 3.6 * mm

    def __init__(self, checked: bool = False):
        super().__init__()
        self.checked = checked
        self.width = self.height = self.SIZE

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.SIZE, self.SIZE

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(0.7)
        c.rect(0, 0, self.SIZE, self.SIZE)
        if self.checked:
            c.setLineWidth(1.4)
            c.line(0.7 * mm, 1.9 * mm, 1.5 * mm, 0.7 * mm)
            c.line(1.5 * mm, 0.7 * mm, 3.1 * mm, 3.1 * mm)


def _label(template: Template, key: str, fallback: str) -> str:
    try:
        return _(template.field(key).label)
    except KeyError:
        return _(fallback)


def _weights(ctx: Sources | None) -> dict[str, float]:
    if ctx is None:
        return {c.key: 1.0 for c in rules().curation_criteria}
    return dict(ctx.settings.curation_weights)


def _equal(weights: Mapping[str, float]) -> bool:
    return len({round(w, 6) for w in weights.values()}) <= 1


def _style(extra: list[tuple] | None = None) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            *(extra or []),
        ]
    )


def _head(text: str) -> Flowable:
    return markup(esc(text), "CellHead")


def _gate_table(template: Template, data: Mapping[str, Any] | None, width: float) -> Table:
    gate = rules().curation_gate
    box_w = 16 * mm
    rows: list[list[Any]] = [
        [_head(_("No")), _head(_("Syarat inovasi daerah")), _head(_("Ya")), _head(_("Tidak"))]
    ]
    for i, c in enumerate(gate, start=1):
        answer = data.get(f"pp38_{c.key}") if data is not None else None
        rows.append(
            [
                str(i),
                para(_label(template, f"pp38_{c.key}", c.label), "Cell"),
                TickBox(answer is True),
                TickBox(answer is False),
            ]
        )
    t = Table(rows, colWidths=[9 * mm, width - 9 * mm - 2 * box_w, box_w, box_w], repeatRows=1, splitInRow=1)
    t.setStyle(_style([("ALIGN", (2, 1), (-1, -1), "CENTER")]))
    t.hAlign = "LEFT"
    return t


def _gate_verdict(template: Template, data: Mapping[str, Any], weights: Mapping[str, float]) -> Flowable:
    result = curation_result(data, weights)
    if result.gate_passed:
        return markup(f'<font color="#1d6b2a"><b>{esc(_("Memenuhi syarat PP 38/2017"))}</b></font>', "Body")
    if result.gate_passed is False:
        failed = [
            _label(template, f"pp38_{c.key}", c.label)
            for c in rules().curation_gate
            if c.key in result.failed_gate
        ]
        text = _("Tidak memenuhi: {items}").format(items="; ".join(failed))
        return markup(f'<font color="#b00020"><b>{esc(text)}</b></font>', "Body")
    answered = sum(data.get(f"pp38_{c.key}") is not None for c in rules().curation_gate)
    return para(
        _("Syarat PP 38/2017: {n} dari {total} sudah dijawab").format(
            n=answered, total=len(rules().curation_gate)
        ),
        "Muted",
    )


def _criterion_cell(template: Template, c: Criterion) -> Flowable:
    key = f"skor_{c.key}"
    help_text = c.help
    if not help_text:
        try:
            help_text = template.field(key).help
        except KeyError:
            help_text = ""
    text = f"<b>{esc(_label(template, key, c.label))}</b>"
    if help_text:
        text += f' <font size="8" color="#5b6770">— {esc(_(help_text))}</font>'
    return markup(text, "Cell")


def _criteria_table(
    template: Template, data: Mapping[str, Any] | None, width: float, weights: Mapping[str, float], total: str
) -> Table:
    criteria = rules().curation_criteria
    show_weights = not _equal(weights)
    box_w = 10 * mm
    weight_w = 14 * mm if show_weights else 0
    head = [_head(_("No")), _head(_("Kriteria"))] + ([_head(_("Bobot"))] if show_weights else [])
    head += [_head(str(n)) for n in range(1, 6)]
    rows: list[list[Any]] = [head]
    for i, c in enumerate(criteria, start=1):
        score = data.get(f"skor_{c.key}") if data is not None else None
        row: list[Any] = [str(i), _criterion_cell(template, c)]
        if show_weights:
            row.append(para(format_number(weights.get(c.key, 1.0)), "Center"))
        row += [TickBox(score == n and not isinstance(score, bool)) for n in range(1, 6)]
        rows.append(row)
    first_box = 3 if show_weights else 2
    rows.append(["", markup(total, "Cell")] + [""] * (len(head) - 2))
    widths = (
        [9 * mm, width - 9 * mm - weight_w - 5 * box_w] + ([weight_w] if show_weights else []) + [box_w] * 5
    )
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    last = len(rows) - 1
    t.setStyle(
        _style(
            [
                ("ALIGN", (first_box, 1), (-1, -1), "CENTER"),
                ("SPAN", (1, last), (-1, last)),
                ("BACKGROUND", (0, last), (-1, last), LIGHT),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def _decision_labels(template: Template) -> list[tuple[str, str]]:
    try:
        return [(o.value, _(o.label)) for o in field_options(template.field("keputusan"))]
    except KeyError:  # pragma: no cover - LK-2g always has it
        return []


def _section(text: str) -> Flowable:
    return markup(esc(text), "Label")


def blank_body(template: Template, width: float, ctx: Sources | None) -> list[Flowable]:
    """The blank LK-2g: tick tables for the gate and the criteria, decision boxes, room for notes."""
    weights = _weights(ctx)
    total = (
        esc(_("Skor total (jumlah kelima skor, maksimal 25): .................."))
        if _equal(weights)
        else esc(_("Skor total (rata-rata berbobot × 5, maksimal 25): .................."))
    )
    decisions = _decision_labels(template)
    story: list[Flowable] = [
        KeepTogether(
            [
                _section(_("A. Syarat inovasi daerah (PP 38/2017) — kelimanya harus terpenuhi")),
                para(
                    _(
                        "Centang Ya atau Tidak pada setiap syarat. Ide yang tidak memenuhi salah satunya tidak "
                        "dapat dilanjutkan."
                    ),
                    "Help",
                ),
                _gate_table(template, None, width),
            ]
        ),
        Spacer(1, 2 * mm),
        KeepTogether(
            [
                _section(_("B. Penilaian (PermenPANRB 91/2021)")),
                para(
                    _(
                        "Centang satu skor per kriteria: 1 sangat kurang, 2 kurang, 3 cukup, 4 baik, 5 sangat baik."
                    ),
                    "Help",
                ),
                _criteria_table(template, None, width, weights, total),
            ]
        ),
        Spacer(1, 2 * mm),
        KeepTogether(
            [
                markup(
                    esc(_("C. ") + _label(template, "keputusan", "Keputusan fasilitator"))
                    + ' <font color="#7a1f2b">*</font>',
                    "Label",
                ),
                para(
                    _(
                        "Centang satu. Hanya ide berkeputusan \u201clanjut\u201d yang dibawa ke tahap Design. Tulis nama "
                        "kurator di kotak Pengisi dan tanggal kurasi di kotak Tanggal di atas."
                    ),
                    "Help",
                ),
                OptionBoxes([label for _v, label in decisions]),
                RuledBox(
                    1,
                    prefix=_label(template, "gabung_ke", "Digabung ke ide") + ":",
                    hint=_("isi bila keputusannya \u201cgabung\u201d: judul ide tujuan dan unitnya"),
                ),
            ]
        ),
        Spacer(1, 1 * mm),
        KeepTogether(
            [
                _section(
                    _label(template, "catatan", "Catatan kurasi")
                    + " "
                    + _("(alasan keputusan dan saran perbaikan untuk inovator)")
                ),
                RuledBox(3),
            ]
        ),
    ]
    return story


def _merge_target_label(template: Template, data: Mapping[str, Any], ctx: Sources | None) -> str:
    target = data.get("gabung_ke")
    if not target:
        return _("(ide tujuan belum dipilih)")
    if ctx is None:
        return _("(ide lain di lab ini)")
    try:
        labels = {o.value: o.label for o in ref_options(ctx, template.field("gabung_ke"))}
    except KeyError:  # pragma: no cover - LK-2g always has it
        labels = {}
    return format_ref(str(target), labels)


def _standing(data: Mapping[str, Any], ctx: Sources | None, weights: Mapping[str, float]) -> Standing:
    """The score of ``data`` and the ranks it gets against the other ideas' stored curation."""
    if ctx is not None and ctx.idea_id is not None:
        rows = ctx.curation_rows()
        unit = ctx.unit_id or next((r.unit_id for r in rows if r.idea_id == ctx.idea_id), None)
        if unit is not None:
            return standing(rows, ctx.idea_id, unit, data, weights)
    return Standing(curation_result(data, weights), None, None)


def filled_body(
    template: Template, data: dict[str, Any], width: float, ctx: Sources | None
) -> list[Flowable]:
    """The filled LK-2g: the answers ticked, the gate verdict, the score and ranks, and the decision."""
    weights = _weights(ctx)
    st = _standing(data, ctx, weights)
    if st.result.score is None:
        total = esc(_("Skor total: belum dapat dihitung (kelima kriteria belum dinilai)"))
    else:
        total = "<b>" + esc(_("Skor {score} dari 25").format(score=format_score(st.result.score))) + "</b>"
        if st.rank_lab is not None:
            total += esc(" · " + _("peringkat {u} di unit, {l} di lab").format(u=st.rank_unit, l=st.rank_lab))
        if not _equal(weights):
            total += esc(" " + _("(rata-rata berbobot × 5)"))
    decision = data.get("keputusan")
    decisions = _decision_labels(template)
    story: list[Flowable] = [
        KeepTogether(
            [
                _section(_("A. Syarat inovasi daerah (PP 38/2017)")),
                _gate_table(template, data, width),
                Spacer(1, 1.5 * mm),
                _gate_verdict(template, data, weights),
            ]
        ),
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                _section(_("B. Penilaian (PermenPANRB 91/2021)")),
                _criteria_table(template, data, width, weights, total),
            ]
        ),
        Spacer(1, 3 * mm),
        _section(_("C. ") + _label(template, "keputusan", "Keputusan fasilitator")),
        OptionBoxes([label for _v, label in decisions], [v == decision for v, _l in decisions]),
    ]
    if not decision:
        story.append(para(_("Belum diputuskan."), "Muted"))
    if decision == "gabung":
        story.append(
            markup(
                f"<b>{esc(_label(template, 'gabung_ke', 'Digabung ke ide'))}:</b> "
                f"{esc(_merge_target_label(template, data, ctx))}",
                "Body",
            )
        )
    story.append(Spacer(1, 2 * mm))
    story.append(_section(_label(template, "catatan", "Catatan kurasi")))
    notes = str(data.get("catatan") or "")
    story.extend(long_text(notes) if notes.strip() else [para("—", "Value")])
    story.append(Spacer(1, 2 * mm))
    date = data.get("tanggal")
    try:
        date_text = format_date(dt.date.fromisoformat(date)) if date else ""
    except (TypeError, ValueError):
        date_text = str(date)
    story.append(
        label_value_table(
            [
                [
                    markup(esc(_label(template, "kurator", "Nama fasilitator/kurator")), "Cell"),
                    para(data.get("kurator") or "—", "Cell"),
                ],
                [
                    markup(esc(_label(template, "tanggal", "Tanggal kurasi")), "Cell"),
                    para(date_text or "—", "Cell"),
                ],
            ],
            width,
        )
    )
    return story
