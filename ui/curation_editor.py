"""The curation editor (LK-2g): the PP 38/2017 gate as Ya/Tidak toggles with a live verdict, the five
PermenPANRB 91/2021 criteria as 1–5 selectors with a live score and rank, and the facilitator's
decision. The idea being curated is summarised at the top (from its LK-2f card).

Editor contract (see ``ui/editors.py``): ``changed`` on every user edit (never from ``set_data``),
``data()``, ``set_data(data)``, ``show_issues(issues)``.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from labinovasi.domain.enums import IdeaStatus
from labinovasi.domain.scoring import Criterion, CurationResult, curation_result, rank_ideas, rules
from labinovasi.i18n import _, format_number
from labinovasi.services.context import WorksheetContext
from labinovasi.services.curation import (
    DECISION_STATUS,
    MergeTarget,
    curation_table,
    format_score,
    merge_targets,
)
from labinovasi.services.labs import get_idea, get_lab, get_unit
from labinovasi.services.records import NotFoundError
from labinovasi.services.votes import votes_for
from labinovasi.worksheets import codes
from labinovasi.worksheets.registry import field_options
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import ROW_ID, Issue
from ui import theme
from ui.worksheet_form import DateField

EXCERPT = 360  # characters of the idea's description shown at the top

DECISION_STYLE = {
    kind: f"decision_{kind}" for kind in theme.DECISIONS
}  # checked colours, as on the idea board
DECISION_EFFECT = {
    "lanjut": "Status ide menjadi \u201cLanjut\u201d: ide dibawa ke tahap Design.",
    "perbaiki": "Status ide menjadi \u201cPerbaiki\u201d: inovator memperbaiki kartu idenya lalu dikurasi ulang.",
    "gabung": "Status ide menjadi \u201cDigabung\u201d: lembar kerja kedua ide tetap tersimpan.",
    "tunda": "Status ide menjadi \u201cDitunda\u201d: ide tidak dibawa ke Design untuk saat ini.",
}


def _excerpt(text: Any, limit: int = EXCERPT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ToggleRow(QWidget):
    """A row of buttons of which at most one is down; clicking the one that is down clears the answer.
    ``edited`` fires on clicks by the user only."""

    edited = Signal()

    def __init__(
        self,
        choices: list[tuple[Any, str]],
        name: str,
        parent: QWidget | None = None,
        styles: dict[Any, str] | None = None,
        width: int | None = None,
    ):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.buttons: list[tuple[Any, QPushButton]] = []
        for value, label in choices:
            b = QPushButton(label, self)
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setAccessibleName(f"{name}: {label}")
            b.setToolTip(f"{name}: {label}")
            if width:
                b.setMinimumWidth(width)
            role = (styles or {}).get(value, "info")
            theme.style(b, lambda role=role: theme.css_button(role))
            b.clicked.connect(lambda checked, v=value: self._on_click(v, checked))
            lay.addWidget(b)
            self.buttons.append((value, b))
        lay.addStretch(1)
        self._value: Any = None

    def _on_click(self, value: Any, checked: bool) -> None:
        self._set(value if checked else None)
        self.edited.emit()

    def _set(self, value: Any) -> None:
        self._value = value
        for v, b in self.buttons:
            b.setChecked(value is not None and v == value and type(v) is type(value))

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        known = any(v == value and type(v) is type(value) for v, _b in self.buttons)
        self._set(value if known else None)

    def button(self, value: Any) -> QPushButton:
        return next(b for v, b in self.buttons if v == value and type(v) is type(value))


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    f = label.font()
    f.setBold(True)
    if scale != 1.0:
        f.setPointSizeF(f.pointSizeF() * scale)
    label.setFont(f)
    return label


def _section(title: str, parent: QWidget) -> QLabel:
    label = _bold(QLabel(title, parent), 1.1)
    label.setStyleSheet("margin-top: 8px;")
    return label


class CurationEditor(QWidget):
    """Edits an idea's LK-2g. ``context`` gives the lab, unit and idea (the idea is summarised at the
    top, the ranks come from the stored curation of the lab's other ideas)."""

    changed = Signal()

    def __init__(self, template: Template, context: WorksheetContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.context = context
        self._loading = False
        r = rules()
        self.gate: tuple[Criterion, ...] = r.curation_gate
        self.criteria: tuple[Criterion, ...] = r.curation_criteria
        self.weights = dict(context.settings.curation_weights)
        self._others: list[tuple[str, str, bool | None, float | None]] = []
        self._targets: list[MergeTarget] = []
        self.messages: dict[str, QLabel] = {}

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 12)
        lay.setSpacing(4)
        title = _bold(QLabel(f"{template.code} · {template.title}", self), 1.35)
        title.setWordWrap(True)
        lay.addWidget(title)

        self.summary = QLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        theme.style(self.summary, lambda: theme.css_panel(selector="QLabel#summary"))
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        lay.addWidget(self.summary)

        # 1. the PP 38/2017 gate
        lay.addWidget(_section(_("1. Syarat inovasi daerah (PP 38/2017) — kelimanya harus terpenuhi"), self))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.gate_rows: dict[str, ToggleRow] = {}
        yes_no_styles = {True: "ok", False: "error"}
        for i, c in enumerate(self.gate):
            key = f"pp38_{c.key}"
            label = QLabel(self._label(key, c.label), self)
            label.setWordWrap(True)
            row = ToggleRow([(True, _("Ya")), (False, _("Tidak"))], label.text(), self, yes_no_styles, 64)
            row.setObjectName(key)
            row.edited.connect(self._on_edit)
            label.setBuddy(row.buttons[0][1])
            grid.addWidget(QLabel(f"{i + 1}.", self), i, 0)
            grid.addWidget(label, i, 1)
            grid.addWidget(row, i, 2)
            self.gate_rows[key] = row
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        self.verdict = _bold(QLabel("", self))
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        lay.addWidget(self.verdict)
        self._add_message(lay, "pp38")

        # 2. the PermenPANRB 91/2021 criteria
        lay.addWidget(
            _section(
                _("2. Penilaian (PermenPANRB 91/2021) — skor 1 (sangat kurang) sampai 5 (sangat baik)"), self
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.score_rows: dict[str, ToggleRow] = {}
        equal = len({round(w, 6) for w in self.weights.values()}) <= 1
        for i, c in enumerate(self.criteria):
            key = f"skor_{c.key}"
            name = self._label(key, c.label)
            text = f"<b>{_esc(name)}</b>"
            if not equal:
                text += f" <span style='color:{theme.value('muted')}'>({_esc(_('bobot {w}').format(w=format_number(self.weights.get(c.key, 1.0))))})</span>"
            help_text = c.help or self._help(key)
            if help_text:
                text += f" <span style='color:{theme.value('muted')}'>— {_esc(help_text)}</span>"
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            row = ToggleRow([(n, str(n)) for n in range(1, 6)], name, self, width=34)
            row.setObjectName(key)
            row.edited.connect(self._on_edit)
            label.setBuddy(row.buttons[0][1])
            grid.addWidget(label, i, 0)
            grid.addWidget(row, i, 1, Qt.AlignmentFlag.AlignVCenter)
            self.score_rows[key] = row
        grid.setColumnStretch(0, 1)
        lay.addLayout(grid)
        self.score_label = _bold(QLabel("", self), 1.15)
        self.score_label.setObjectName("score")
        self.score_label.setWordWrap(True)
        lay.addWidget(self.score_label)
        self._add_message(lay, "skor")

        # 3. the decision
        lay.addWidget(_section(_("3. Keputusan fasilitator"), self))
        options = [(o.value, _(o.label)) for o in field_options(template.field("keputusan"))]
        self.decision = ToggleRow(options, _("Keputusan"), self, DECISION_STYLE)
        self.decision.setObjectName("keputusan")
        self.decision.edited.connect(self._on_decision)
        lay.addWidget(self.decision)
        self.effect = QLabel("", self)
        self.effect.setWordWrap(True)
        theme.style(self.effect, lambda: theme.css_text("muted"))
        lay.addWidget(self.effect)
        self.merge_box = QWidget(self)
        mb = QHBoxLayout(self.merge_box)
        mb.setContentsMargins(0, 0, 0, 0)
        merge_label = QLabel(_("Digabung ke ide:"), self.merge_box)
        self.merge_combo = QComboBox(self.merge_box)
        self.merge_combo.setObjectName("gabung_ke")
        self.merge_combo.setAccessibleName(_("Ide tujuan penggabungan"))
        self.merge_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.merge_combo.setMinimumContentsLength(40)
        self.merge_combo.currentIndexChanged.connect(self._on_edit)
        merge_label.setBuddy(self.merge_combo)
        mb.addWidget(merge_label)
        mb.addWidget(self.merge_combo, 1)
        lay.addWidget(self.merge_box)
        self._add_message(lay, "keputusan")
        self._add_message(lay, "gabung_ke")

        # 4. notes, curator, date
        lay.addWidget(_section(self._label("catatan", _("Catatan kurasi")), self))
        hint = self._help("catatan")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("catatan")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(hint)
        line = self.notes.fontMetrics().lineSpacing()
        self.notes.setMinimumHeight(line * 4 + 12)
        self.notes.setMaximumHeight(line * 8 + 12)
        self.notes.textChanged.connect(self._on_edit)
        lay.addWidget(self.notes)
        self._add_message(lay, "catatan")
        who = QHBoxLayout()
        curator_label = QLabel(self._label("kurator", _("Nama fasilitator/kurator")) + ":", self)
        self.curator = QLineEdit(self)
        self.curator.setObjectName("kurator")
        self.curator.setMaxLength(200)
        self.curator.setPlaceholderText(self._facilitator())
        self.curator.textChanged.connect(self._on_edit)
        curator_label.setBuddy(self.curator)
        date_label = QLabel(self._label("tanggal", _("Tanggal kurasi")) + ":", self)
        self.date = DateField(self)
        self.date.setObjectName("tanggal")
        self.date.dateChanged.connect(self._on_edit)
        date_label.setBuddy(self.date)
        who.addWidget(curator_label)
        who.addWidget(self.curator, 1)
        who.addSpacing(12)
        who.addWidget(date_label)
        who.addWidget(self.date)
        lay.addLayout(who)
        self._add_message(lay, "kurator")
        self._add_message(lay, "tanggal")
        lay.addStretch(1)

        self._load_context()
        self._refresh()

    # --- template text ---
    def _label(self, key: str, fallback: str) -> str:
        try:
            return _(self.template.field(key).label)
        except KeyError:
            return _(fallback)

    def _help(self, key: str) -> str:
        try:
            return _(self.template.field(key).help)
        except KeyError:
            return ""

    def _facilitator(self) -> str:
        try:
            return get_lab(self.context.db, self.context.lab_id).facilitator
        except NotFoundError:
            return ""

    def _add_message(self, lay: QVBoxLayout, key: str) -> None:
        label = QLabel("", self)
        label.setWordWrap(True)
        theme.style(label, lambda: theme.css_text("error"))
        label.hide()
        lay.addWidget(label)
        self.messages[key] = label

    # --- what is around the idea ---
    def _load_context(self) -> None:
        """The idea's summary, the merge targets and the other ideas' stored results (for the ranks)."""
        ctx = self.context
        self._others = []
        self._targets = []
        self._unit_key = str(ctx.unit_id) if ctx.unit_id else ""
        if ctx.idea_id is None:
            self.summary.setText(_esc(_("Pilih ide yang akan dikurasi.")))
            self._fill_targets()
            return
        me = str(ctx.idea_id)
        for row in curation_table(ctx.db, ctx.lab_id, self.weights):
            if str(row.idea_id) == me:
                self._unit_key = str(row.unit_id)
                continue
            self._others.append((str(row.idea_id), str(row.unit_id), row.gate_passed, row.score))
        try:
            self._targets = merge_targets(ctx.db, ctx.idea_id)
        except NotFoundError:
            self._targets = []
        self._fill_targets()
        self.summary.setText(self._summary_html())

    def _fill_targets(self) -> None:
        current = self.merge_combo.currentData()
        self.merge_combo.blockSignals(True)
        self.merge_combo.clear()
        self.merge_combo.addItem(_("— pilih ide tujuan —"), None)
        for t in self._targets:
            where = t.unit_name if not t.same_unit else _("unit ini")
            label = f"{t.title} — {where}"
            if t.status is IdeaStatus.DIGABUNG:
                label += " " + _("(sudah digabung ke ide lain)")
            self.merge_combo.addItem(label, str(t.id))
        index = self.merge_combo.findData(current) if current else 0
        self.merge_combo.setCurrentIndex(max(0, index))
        self.merge_combo.blockSignals(False)

    def _summary_html(self) -> str:
        ctx = self.context
        try:
            idea = get_idea(ctx.db, ctx.idea_id) if ctx.idea_id else None
            unit = get_unit(ctx.db, ctx.unit_id) if ctx.unit_id else None
        except NotFoundError:
            idea = unit = None
        card = ctx.load(codes.IDEA_CARD) if ctx.idea_id else {}
        title = (idea.title if idea else "") or card.get("nama") or _("(ide tanpa judul)")
        parts = [f"<span style='font-size:large'><b>{_esc(title)}</b></span>"]
        if unit:
            parts[0] += f" <span style='color:{theme.value('muted')}'>· {_esc(unit.name)}</span>"
        if not card:
            parts.append(
                f"<span style='color:{theme.value('error')}'>{_esc(_('Kartu ide (LK-2f) belum diisi: isi dulu agar kurator tahu apa yang dinilai.'))}</span>"
            )
            return "<br>".join(parts)
        problem = self._problem_text(card)
        if problem:
            parts.append(f"<b>{_esc(_('Masalah'))}:</b> {_esc(_excerpt(problem, 240))}")
        roots = self._root_causes(card)
        if roots:
            parts.append(f"<b>{_esc(_('Akar masalah'))}:</b> {_esc(_excerpt('; '.join(roots), 200))}")
        if card.get("deskripsi"):
            parts.append(f"<b>{_esc(_('Deskripsi'))}:</b> {_esc(_excerpt(card['deskripsi']))}")
        facts = []
        card_t = self.context.registry.get(codes.IDEA_CARD)
        for key in ("bentuk", "jenis", "urusan"):
            value = card.get(key)
            if value:
                try:
                    labels = {o.value: o.label for o in field_options(card_t.field(key))}
                except KeyError:
                    labels = {}
                facts.append(_(labels.get(value, str(value))))
        if facts:
            parts.append(f"<span style='color:{theme.value('muted')}'>{_esc(' · '.join(facts))}</span>")
        for title, dots, total in votes_for(ctx.db, ctx.lab_id, ctx.idea_id) if ctx.idea_id else []:
            line = _("Voting ruang peserta “{title}”: {n} dari {total} titik").format(
                title=title, n=dots, total=total
            )
            parts.append(f"<b>{_esc(line)}</b>")
        return "<br>".join(parts)

    def _problem_text(self, card: dict[str, Any]) -> str:
        ref = card.get("masalah_ref")
        if ref:
            for row in self.context.load(codes.PROBLEMS).get("masalah") or []:
                if isinstance(row, dict) and row.get(ROW_ID) == ref and row.get("uraian"):
                    return str(row["uraian"])
        return str(card.get("masalah") or "")

    def _root_causes(self, card: dict[str, Any]) -> list[str]:
        refs = card.get("akar_ref") or []
        if not isinstance(refs, list) or not refs:
            return []
        texts = {
            row.get(ROW_ID): str(row.get("teks") or "")
            for row in self.context.load(codes.FISHBONE).get("penyebab") or []
            if isinstance(row, dict)
        }
        return [texts[r] for r in refs if texts.get(r)]

    def refresh_context(self) -> None:
        """Re-read the other ideas' stored curation (their ranks) and the merge targets."""
        self._load_context()
        self._refresh()

    # --- editing ---
    def _on_edit(self, *_args: Any) -> None:
        if self._loading:
            return
        self._refresh()
        self.changed.emit()

    def _on_decision(self) -> None:
        if self._loading:
            return
        if self.decision.value() is not None:  # the usual case: the facilitator decides now
            if not self.curator.text().strip() and self.curator.placeholderText():
                self.curator.blockSignals(True)
                self.curator.setText(self.curator.placeholderText())
                self.curator.blockSignals(False)
            if self.date.value() is None:
                self.date.blockSignals(True)
                self.date.set_value(dt.date.today().isoformat())
                self.date.blockSignals(False)
        if self.decision.value() == "gabung" and not self.merge_combo.currentData():
            self.merge_combo.setFocus()
        self._on_edit()

    def result(self) -> CurationResult:
        return curation_result(self.data(), self.weights)

    def ranks(self, result: CurationResult | None = None) -> tuple[int | None, int | None]:
        """This idea's (rank in its unit, rank in the lab) with its current answers."""
        result = result or self.result()
        if result.score is None:
            return None, None
        me = str(self.context.idea_id or uuid.UUID(int=0))
        ranked = rank_ideas([*self._others, (me, self._unit_key, result.gate_passed, result.score)])
        return ranked[me]

    def _refresh(self) -> None:
        data = self.data()
        result = curation_result(data, self.weights)
        # the gate verdict
        answered = sum(row.value() is not None for row in self.gate_rows.values())
        if result.gate_passed:
            self.verdict.setText("✔ " + _("Memenuhi syarat PP 38/2017"))
            colour = "ok"
        elif result.gate_passed is False:
            failed = [self._label(f"pp38_{c.key}", c.label) for c in self.gate if c.key in result.failed_gate]
            self.verdict.setText("✖ " + _("Tidak memenuhi: {items}").format(items="; ".join(failed)))
            colour = "error"
        else:
            self.verdict.setText(
                _("Syarat PP 38/2017: {n} dari {total} sudah dijawab").format(
                    n=answered, total=len(self.gate)
                )
            )
            colour = "muted"
        theme.style(self.verdict, lambda: theme.css_text(colour))
        # the score and ranks
        if result.score is None:
            scored = sum(row.value() is not None for row in self.score_rows.values())
            self.score_label.setText(
                _("Skor: nilai kelima kriteria ({n} dari {total} sudah dinilai)").format(
                    n=scored, total=len(self.criteria)
                )
            )
            theme.style(self.score_label, lambda: theme.css_text("muted"))
        else:
            unit_rank, lab_rank = self.ranks(result)
            text = _("Skor {score} dari 25").format(score=format_score(result.score))
            if lab_rank is not None:
                text += " · " + _("peringkat {u} di unit, {l} di lab").format(u=unit_rank, l=lab_rank)
            if result.gate_passed is False:
                text += " · " + _("tidak memenuhi syarat, diurutkan setelah ide yang memenuhi")
            self.score_label.setText(text)
            theme.style(self.score_label, str)
        # the decision
        decision = self.decision.value()
        self.merge_box.setVisible(decision == "gabung")
        effect = (
            _(DECISION_EFFECT[decision])
            if decision in DECISION_EFFECT
            else _("Belum diputuskan: status ide tidak berubah sampai fasilitator memilih keputusan.")
        )
        if decision == "gabung" and not self.merge_combo.currentData():
            effect += " " + _("Pilih ide tujuan penggabungan.")
        if decision == "gabung" and not self._targets:
            effect = _("Tidak ada ide lain di lab ini yang dapat menjadi tujuan penggabungan.")
        self.effect.setText(effect)

    # --- like WorksheetForm, for code that focuses a field ---
    @property
    def fields(self) -> dict[str, QWidget]:
        """The widget of each LK-2g field by key."""
        return {
            **self.gate_rows,
            **self.score_rows,
            "keputusan": self.decision,
            "gabung_ke": self.merge_combo,
            "catatan": self.notes,
            "kurator": self.curator,
            "tanggal": self.date,
        }

    def editor(self, key: str) -> QWidget:
        """The focusable widget of a field (the first button of a row of buttons)."""
        w = self.fields[key]
        return w.buttons[0][1] if isinstance(w, ToggleRow) else w

    # --- the editor contract ---
    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, row in {**self.gate_rows, **self.score_rows}.items():
            if row.value() is not None:
                out[key] = row.value()
        decision = self.decision.value()
        if decision is not None:
            out["keputusan"] = decision
            if decision == "gabung" and self.merge_combo.currentData():
                out["gabung_ke"] = self.merge_combo.currentData()
        notes = self.notes.toPlainText()
        if notes.strip():
            out["catatan"] = notes
        if self.curator.text().strip():
            out["kurator"] = " ".join(self.curator.text().split())
        if self.date.value():
            out["tanggal"] = self.date.value()
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            for key, row in {**self.gate_rows, **self.score_rows}.items():
                row.set_value(data.get(key))
            decision = data.get("keputusan")
            self.decision.set_value(decision if decision in DECISION_STATUS else None)
            self._fill_targets()  # drops a placeholder of an earlier set_data
            target = data.get("gabung_ke")
            index = self.merge_combo.findData(str(target)) if target else 0
            if index < 0:
                # the stored target was removed (or cannot be chosen any more): say so, and store no target
                # until another is chosen, rather than refuse every save of this sheet
                self.merge_combo.addItem(_("(ide tujuan sudah dihapus — pilih ide lain)"), None)
                index = self.merge_combo.count() - 1
            self.merge_combo.setCurrentIndex(index)
            self.notes.setPlainText(str(data.get("catatan") or ""))
            self.curator.setText(str(data.get("kurator") or ""))
            self.date.set_value(data.get("tanggal"))
            for label in self.messages.values():
                label.clear()
                label.hide()
        finally:
            self._loading = False
        self._refresh()

    def show_issues(self, issues: list[Issue]) -> None:
        by_key: dict[str, list[str]] = {}
        for issue in issues:
            key = issue.field.split(".")[0]
            if key.startswith("pp38_"):
                key = "pp38"
            elif key.startswith("skor_"):
                key = "skor"
            by_key.setdefault(key if key in self.messages else "catatan", []).append(issue.message)
        for key, label in self.messages.items():
            text = "\n".join(by_key.get(key, []))
            label.setText(text)
            label.setVisible(bool(text))


def _esc(text: str) -> str:
    return html.escape(text)
