"""The readiness questionnaire (LK-2a): scores of a unit and the comparison of all units of a lab.

LK-2a stores two tables: ``responden`` rows ``{_id, nama, jabatan}`` and ``jawaban`` rows
``{responden: <responden _id>, butir: <readiness item id>, skor: 1-5}``. The items themselves are the
lab's (``LabSettings.readiness_items``), so a lab can change its questionnaire: answers to items no
longer in the list (or of a respondent no longer in the table) stay in the data but are not counted.
When the same respondent answered the same item twice, the later row counts.

Everything here but :func:`unit_readiness` and :func:`lab_readiness` is pure, so the editor (live
score while typing), the PDFs and the tests share it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.scoring import SCORE_MAX, SCORE_MIN, ReadinessSummary, readiness_summary, rules
from labinovasi.i18n import _, format_fixed
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import LabSettings, ReadinessItem
from labinovasi.services.records import NotFoundError, UnitInfo, parse_id
from labinovasi.worksheets import codes
from labinovasi.worksheets.kinds.readiness import ANSWERS, RESPONDENTS, is_score, upgrade_v1  # noqa: F401
from labinovasi.worksheets.upgrades import upgrade
from labinovasi.worksheets.validation import ROW_ID

CODE = codes.READINESS

# one colour per readiness level (lowest first), shared by the screen and the PDFs
LEVEL_COLOURS = ("#c0392b", "#e67e22", "#c9a227", "#4f9d4f", "#1d6f42")
NO_ANSWER_COLOUR = "#9aa5ae"

# the Likert scale printed on the paper questionnaire
SCALE = (
    (1, "Sangat tidak setuju"),
    (2, "Tidak setuju"),
    (3, "Cukup setuju"),
    (4, "Setuju"),
    (5, "Sangat setuju"),
)


def scale_labels() -> list[tuple[int, str]]:
    return [(n, _(label)) for n, label in SCALE]


# --- dimensions and levels -------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionGroup:
    key: str
    label: str
    items: tuple[ReadinessItem, ...]


def dimension_label(key: str) -> str:
    """The label of a dimension of ``resources/scoring.toml``; a lab's own dimension shows its key."""
    for d in rules().readiness_dimensions:
        if d.key == key:
            return _(d.label)
    return key


def dimension_groups(items: Iterable[ReadinessItem]) -> tuple[DimensionGroup, ...]:
    """The items grouped by dimension, dimensions in the order they first appear in the lab's list."""
    order: dict[str, list[ReadinessItem]] = {}
    for item in items:
        order.setdefault(item.dimension, []).append(item)
    return tuple(DimensionGroup(k, dimension_label(k), tuple(v)) for k, v in order.items())


def level_bounds() -> list[tuple[float, float, str]]:
    """``(from, to, label)`` of each level on the 1–5 scale, lowest first (labels translated)."""
    levels = rules().readiness_levels
    out = []
    for i, (bound, label) in enumerate(levels):
        upper = levels[i + 1][0] if i + 1 < len(levels) else float(SCORE_MAX)
        out.append((max(bound, float(SCORE_MIN)), upper, _(label)))
    return out


def level_legend() -> list[tuple[str, str, str]]:
    """``(label, range, colour)`` of each level, lowest first, e.g. ``("Siap", "3,40–4,19", …)``."""
    bounds = level_bounds()
    out = []
    for i, (lo, hi, label) in enumerate(bounds):
        top = hi if i == len(bounds) - 1 else hi - 0.01
        out.append(
            (label, f"{format_mean(lo)}–{format_mean(top)}", LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)])
        )
    return out


def level_index(mean: float | None) -> int | None:
    """The position (0 = lowest) of the level of ``mean``; ``None`` without a mean."""
    if mean is None:
        return None
    index = 0
    for i, (bound, _label) in enumerate(rules().readiness_levels):
        if mean + 1e-9 >= bound:
            index = i
    return index


def level_colour(mean: float | None) -> str:
    index = level_index(mean)
    if index is None:
        return NO_ANSWER_COLOUR
    return LEVEL_COLOURS[min(index, len(LEVEL_COLOURS) - 1)]


def format_mean(value: float | None) -> str:
    """A mean with two decimals the way the active language writes it (``3,47``); ``—`` for none."""
    if value is None:
        return "—"
    return format_fixed(value, 2)


def score_text(summary: ReadinessSummary) -> str:
    """``Rata-rata 3,47 — Siap``, or ``Belum ada jawaban``."""
    if summary.mean is None:
        return _("Belum ada jawaban")
    return _("Rata-rata {mean} — {level}").format(mean=format_mean(summary.mean), level=summary.level)


# --- one unit's data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    id: str
    nama: str
    jabatan: str = ""


@dataclass(frozen=True)
class RespondentScore:
    respondent: Respondent
    mean: float | None
    answers: int


@dataclass(frozen=True)
class ReadinessReport:
    """A unit's LK-2a worked out: the summary (mean, level, dimension means), each respondent's mean,
    each item's mean, and the scores that count, ``(respondent id, item id) -> score``."""

    summary: ReadinessSummary
    groups: tuple[DimensionGroup, ...]
    respondents: tuple[RespondentScore, ...]
    scores: Mapping[tuple[str, str], int]
    item_means: Mapping[str, float]
    ignored: int  # stored answers not counted: their item or respondent is no longer listed

    @property
    def mean(self) -> float | None:
        return self.summary.mean

    @property
    def level(self) -> str:
        return self.summary.level

    @property
    def by_dimension(self) -> dict[str, float]:
        return self.summary.by_dimension


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def respondents_of(data: Mapping[str, Any]) -> list[Respondent]:
    """The respondents of stored LK-2a data, in table order (rows without an id cannot be answered
    for and are listed with an empty id)."""
    rows = data.get(RESPONDENTS) if isinstance(data, Mapping) else None
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            out.append(Respondent(_text(row.get(ROW_ID)), _text(row.get("nama")), _text(row.get("jabatan"))))
    return out


def answer_grid(data: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """Every valid answer, ``(respondent id, item id) -> score`` (the later of two rows wins),
    whether or not its item and respondent are still listed."""
    rows = data.get(ANSWERS) if isinstance(data, Mapping) else None
    grid: dict[tuple[str, str], int] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        who, item, score = row.get("responden"), row.get("butir"), row.get("skor")
        if (
            isinstance(who, str)
            and who
            and isinstance(item, str)
            and item
            and isinstance(score, int)
            and is_score(score)
        ):
            grid[(who, item)] = score
    return grid


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def analyse(data: Mapping[str, Any], items: Sequence[ReadinessItem]) -> ReadinessReport:
    """Score one unit's LK-2a ``data`` against the lab's ``items``."""
    respondents = respondents_of(data)
    people = {r.id for r in respondents if r.id}
    dims = {i.id: i.dimension for i in items}
    grid = answer_grid(data)
    counted = {k: v for k, v in grid.items() if k[0] in people and k[1] in dims}
    summary = readiness_summary((who, dims[item], score) for (who, item), score in counted.items())
    per_person: dict[str, list[int]] = {}
    per_item: dict[str, list[int]] = {}
    for (who, item), score in counted.items():
        per_person.setdefault(who, []).append(score)
        per_item.setdefault(item, []).append(score)
    scores = tuple(
        RespondentScore(r, _mean(per_person.get(r.id, [])), len(per_person.get(r.id, [])))
        for r in respondents
    )
    item_means = {k: v for k, v in ((i, _mean(s)) for i, s in per_item.items()) if v is not None}
    return ReadinessReport(
        summary, dimension_groups(items), scores, counted, item_means, len(grid) - len(counted)
    )


# --- from the database -----------------------------------------------------------------------------


def _latest_entry_data(session, unit_id: uuid.UUID, settings: LabSettings) -> dict[str, Any]:  # noqa: ANN001
    entry = session.scalars(
        select(m.WorksheetEntry)
        .where(
            m.WorksheetEntry.unit_id == unit_id,
            m.WorksheetEntry.template_code == CODE,
            m.WorksheetEntry.idea_id.is_(None),
        )
        .order_by(m.WorksheetEntry.updated_at.desc())
    ).first()
    if entry is None:
        return {}
    return upgrade(CODE, entry.template_version, dict(entry.data or {}), settings)


def unit_readiness(
    source: Database | WorksheetContext, unit_id: uuid.UUID | str | None = None
) -> ReadinessReport:
    """The readiness of one unit, from its stored LK-2a.

    ``source`` is a :class:`WorksheetContext` (its unit unless ``unit_id`` is given, and its lab's
    items) or a :class:`Database` with ``unit_id``."""
    if isinstance(source, WorksheetContext):
        unit = parse_id(unit_id, _("Unit")) if unit_id is not None else source.unit_id
        if unit is None:
            raise ValueError(_("Lembar kerja {code} diisi per unit: pilih unitnya").format(code=CODE))
        items = source.settings.readiness_items
        if unit == source.unit_id:
            return analyse(source.load(CODE), items)
        source = source.db
    else:
        if unit_id is None:
            raise ValueError(_("Lembar kerja {code} diisi per unit: pilih unitnya").format(code=CODE))
        unit = parse_id(unit_id, _("Unit"))
    with source.session() as s:
        row = s.get(m.Unit, unit)
        if row is None:
            raise NotFoundError(_("Unit dengan id '{id}' tidak ditemukan").format(id=unit_id))
        lab = s.get(m.Lab, row.lab_id)
        settings = LabSettings.from_json(lab.settings if lab is not None else None)
        data = _latest_entry_data(s, unit, settings)
    return analyse(data, settings.readiness_items)


def lab_readiness(db: Database, lab_id: uuid.UUID | str) -> list[tuple[UnitInfo, ReadinessSummary]]:
    """Every unit of the lab with its readiness, in the lab's unit order (units without answers have
    ``mean is None``). Reads the units and all the lab's LK-2a entries in two queries."""
    lab_uuid = parse_id(lab_id, _("Lab"))
    with db.session() as s:
        lab = s.get(m.Lab, lab_uuid)
        if lab is None:
            raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
        settings = LabSettings.from_json(lab.settings)
        items = settings.readiness_items
        units = [
            UnitInfo.of(u)
            for u in s.scalars(
                select(m.Unit).where(m.Unit.lab_id == lab_uuid).order_by(m.Unit.sort_order, m.Unit.name)
            )
        ]
        latest: dict[uuid.UUID, dict[str, Any]] = {}
        for unit, version, data in s.execute(
            select(m.WorksheetEntry.unit_id, m.WorksheetEntry.template_version, m.WorksheetEntry.data)
            .where(
                m.WorksheetEntry.lab_id == lab_uuid,
                m.WorksheetEntry.template_code == CODE,
                m.WorksheetEntry.unit_id.is_not(None),
                m.WorksheetEntry.idea_id.is_(None),
            )
            .order_by(m.WorksheetEntry.updated_at)
        ):
            latest[unit] = upgrade(CODE, version, dict(data or {}), settings)  # the most recent entry wins
    return [(u, analyse(latest.get(u.id, {}), items).summary) for u in units]


def by_mean(rows: Sequence[tuple[UnitInfo, ReadinessSummary]]) -> list[tuple[UnitInfo, ReadinessSummary]]:
    """Units from the most to the least ready; units without answers last, in their order."""
    scored = sorted((r for r in rows if r[1].mean is not None), key=lambda r: -(r[1].mean or 0.0))
    return scored + [r for r in rows if r[1].mean is None]


def lab_mean(rows: Sequence[tuple[UnitInfo, ReadinessSummary]]) -> float | None:
    """The mean of the units' means (each unit counts once, however many respondents it had)."""
    means = [s.mean for _u, s in rows if s.mean is not None]
    return round(sum(means) / len(means), 2) if means else None
