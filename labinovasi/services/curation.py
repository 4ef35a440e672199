"""Curation of ideas (LK-2g): the facilitator's decision becomes the idea's status, merges are
recorded on the idea, and the lab's curation table ranks every idea within its unit and the lab.

The score and the ranks are computed, never stored: they always follow the stored LK-2g answers and
the lab's current weights (``LabSettings.curation_weights``).
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import String, select, type_coerce

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import live
from labinovasi.domain.enums import IdeaStatus, Scope, UnitType
from labinovasi.domain.scoring import DECISIONS, CurationResult, curation_result, rank_ideas, rules
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, current_locale
from labinovasi.services.lab_settings import LabSettings
from labinovasi.services.records import IdeaInfo, NotFoundError, parse_id
from labinovasi.worksheets import codes
from labinovasi.worksheets.upgrades import needs_upgrade, upgrade

CURATION = codes.CURATION

DECISION_STATUS: dict[str, IdeaStatus] = {
    "lanjut": IdeaStatus.LANJUT,
    "perbaiki": IdeaStatus.PERBAIKI,
    "gabung": IdeaStatus.DIGABUNG,
    "tunda": IdeaStatus.DITUNDA,
}
# statuses a curation decision sets; clearing the decision steps back from these
CURATION_STATUSES = frozenset(DECISION_STATUS.values()) | {IdeaStatus.DIREVIEW}
# an idea that was launched (or stopped) keeps that status when it is curated "lanjut" again
LATER_STATUSES = frozenset({IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN, IdeaStatus.DIHENTIKAN})
# the ideas a unit takes into Design
DESIGN_STATUSES = (IdeaStatus.LANJUT, IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN)
MAX_MERGE_CHAIN = 10_000  # a guard against a cycle already stored by an old or edited file


class CurationError(ValueError):
    """A curation decision that cannot be stored; the message is for people (Indonesian)."""


def decision_label(decision: str | None) -> str:
    """A short label for lists and reports ("Lanjut", …; "Belum dikurasi" for no decision)."""
    return {
        "lanjut": _("Lanjut"),
        "perbaiki": _("Perbaiki"),
        "gabung": _("Gabung"),
        "tunda": _("Tunda"),
    }.get(decision or "", _("Belum dikurasi"))


def format_score(score: float | None) -> str:
    """A curation score as people read it, with one decimal: ``19,0`` (empty for no score)."""
    if score is None:
        return ""
    return format_decimal(round(score, 1), format="#,##0.0", locale=current_locale())


def clean_decision(data: Mapping[str, Any]) -> str | None:
    value = data.get("keputusan")
    return value if isinstance(value, str) and value in DECISIONS else None


@cache
def curation_keys() -> tuple[str, ...]:
    """The LK-2g keys of the gate answers and the criteria scores (``pp38_<key>``, ``skor_<key>``)."""
    r = rules()
    return tuple(f"pp38_{c.key}" for c in r.curation_gate) + tuple(
        f"skor_{c.key}" for c in r.curation_criteria
    )


def has_scores(data: Mapping[str, Any]) -> bool:
    """Whether any gate question or criterion of LK-2g has been answered."""
    return any(data.get(k) is not None for k in curation_keys())


def status_for(decision: str | None, data: Mapping[str, Any], current: IdeaStatus) -> IdeaStatus:
    """The status an idea gets when its LK-2g holds ``data`` (pure; see :func:`apply_decision`)."""
    if decision is not None:
        if decision == "lanjut" and current in LATER_STATUSES - {IdeaStatus.DIHENTIKAN}:
            return current
        return DECISION_STATUS[decision]
    if current in LATER_STATUSES:
        return current
    if has_scores(data):
        return IdeaStatus.DIREVIEW
    if current in CURATION_STATUSES:
        return IdeaStatus.DRAF
    return current


# --- merging ---------------------------------------------------------------------------------------


def _merge_target(value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise CurationError(_("Ide tujuan penggabungan tidak dikenal.")) from None


def _title(idea: m.Idea) -> str:
    return idea.title or _("(ide tanpa judul)")


def _check_merge(session, idea: m.Idea, target_id: uuid.UUID) -> m.Idea:  # noqa: ANN001
    """The target idea, or :class:`CurationError` when ``idea`` may not be merged into it."""
    if target_id == idea.id:
        raise CurationError(_("Ide tidak dapat digabung ke dirinya sendiri. Pilih ide lain sebagai tujuan."))
    target = session.get(m.Idea, target_id)
    if target is None:
        raise CurationError(_("Ide tujuan penggabungan tidak ditemukan (mungkin sudah dihapus)."))
    if target.unit.lab_id != idea.unit.lab_id:
        raise CurationError(_("Ide tujuan penggabungan tidak ada di lab ini."))
    current, steps = target, 0
    while current.merged_into_id is not None and steps < MAX_MERGE_CHAIN:
        if current.merged_into_id == idea.id:
            raise CurationError(
                _(
                    "Ide \u201c{target}\u201d sudah digabung ke ide ini, sehingga ide ini tidak dapat digabung "
                    "ke \u201c{target}\u201d. Ubah dulu keputusan ide \u201c{target}\u201d."
                ).format(target=_title(target))
            )
        current = session.get(m.Idea, current.merged_into_id)
        if current is None:
            break
        steps += 1
    return target


def check_decision(db: Database, idea_id: uuid.UUID | str, data: Mapping[str, Any]) -> None:
    """Raise :class:`CurationError` when ``data`` holds a merge that cannot be stored (nothing changes)."""
    with db.session() as s:
        idea = get_idea_row(s, idea_id)
        if clean_decision(data) == "gabung":
            target = _merge_target(data.get("gabung_ke"))
            if target is not None:
                _check_merge(s, idea, target)


def get_idea_row(session, idea_id: uuid.UUID | str) -> m.Idea:  # noqa: ANN001
    idea = session.get(m.Idea, parse_id(idea_id, _("Ide")))
    if idea is None:
        raise NotFoundError(_("Ide dengan id '{id}' tidak ditemukan").format(id=idea_id))
    return idea


def decision_effect(session, idea: m.Idea, data: Mapping[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """What ``idea``'s LK-2g ``data`` changes on the idea itself: ``{"status": …, "merged_into_id": …}``,
    or ``{}`` when nothing changes. A merge that may not be made raises :class:`CurationError`."""
    decision = clean_decision(data)
    target = None
    if decision == "gabung":
        target_id = _merge_target(data.get("gabung_ke"))
        if target_id is not None:
            target = _check_merge(session, idea, target_id).id
    status = status_for(decision, data, idea.status)
    if status is idea.status and target == idea.merged_into_id:
        return {}
    return {"status": status, "merged_into_id": target}


def stored_decisions(session, lab_id: uuid.UUID) -> dict[uuid.UUID, dict[str, Any]]:  # noqa: ANN001
    """Every idea's latest stored LK-2g data in a lab."""
    entries = session.execute(
        select(m.WorksheetEntry.idea_id, m.WorksheetEntry.data)
        .where(
            m.WorksheetEntry.lab_id == lab_id,
            m.WorksheetEntry.template_code == CURATION,
            m.WorksheetEntry.idea_id.is_not(None),
        )
        .order_by(m.WorksheetEntry.updated_at)
    ).all()
    return {idea_id: data or {} for idea_id, data in entries}


@dataclass(frozen=True)
class MergeTarget:
    id: uuid.UUID
    title: str
    unit_name: str
    status: IdeaStatus
    same_unit: bool


def merge_targets(db: Database, idea_id: uuid.UUID | str) -> list[MergeTarget]:
    """The ideas ``idea_id`` may be merged into: the other ideas of its lab (its own unit's first),
    except those merged — directly or through other merges — into it."""
    with db.session() as s:
        idea = get_idea_row(s, idea_id)
        unit_id = idea.unit_id
        rows = s.execute(
            select(m.Idea.id, m.Idea.title, m.Idea.status, m.Idea.merged_into_id, m.Unit.id, m.Unit.name)
            .join(m.Unit, m.Idea.unit_id == m.Unit.id)
            .where(m.Unit.lab_id == idea.unit.lab_id)
            .order_by(m.Unit.sort_order, m.Unit.name, m.Idea.sort_order, m.Idea.created_at)
        ).all()
    parent = {r[0]: r[3] for r in rows}
    blocked = {idea.id}
    for rid in parent:
        current, steps = parent.get(rid), 0
        while current is not None and steps < MAX_MERGE_CHAIN:
            if current == idea.id:
                blocked.add(rid)
                break
            current, steps = parent.get(current), steps + 1
    out = [
        MergeTarget(rid, title or _("(ide tanpa judul)"), unit_name, status, uid == unit_id)
        for rid, title, status, _merged, uid, unit_name in rows
        if rid not in blocked
    ]
    return sorted(out, key=lambda t: not t.same_unit)  # stable: the lab's order within each group


# --- design --------------------------------------------------------------------------------------


def design_ideas(db: Database, unit_id: uuid.UUID | str) -> list[IdeaInfo]:
    """The ideas of a unit that go on to Design: curated "lanjut" (or already launched/applied)."""
    unit = parse_id(unit_id, _("Unit"))
    with db.session() as s:
        if s.get(m.Unit, unit) is None:
            raise NotFoundError(_("Unit dengan id '{id}' tidak ditemukan").format(id=unit_id))
        rows = s.scalars(
            select(m.Idea)
            .where(m.Idea.unit_id == unit, m.Idea.status.in_(DESIGN_STATUSES))
            .order_by(m.Idea.sort_order, m.Idea.created_at)
        )
        return [IdeaInfo.of(i) for i in rows]


# --- the lab's curation table ----------------------------------------------------------------------


def id_key(value: Any) -> str:
    """An id as the database hands it over raw (32 hex digits in SQLite; a UUID, or text with dashes,
    in PostgreSQL), as one comparable text. The lab-wide lists read ids raw: turning 40,000 of them
    into ``uuid.UUID`` objects would take a large part of the board's load time."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "").lower()


def _raw(column: Any) -> Any:
    return type_coerce(column, String)


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while a lab-wide list of many small objects is built: its
    repeated full passes over the growing heap otherwise take about a third of the time. Nothing built
    here holds reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(slots=True)
class IdeaRef:
    """An idea with its unit, as the lab-wide lists load it (one query for the whole lab)."""

    key: str  # :func:`id_key` of the idea's id
    id: uuid.UUID
    unit_key: str
    unit_id: uuid.UUID
    number: int  # 1-based position among its unit's ideas
    title: str
    unit_name: str
    unit_type: UnitType
    stage: Stage
    status: IdeaStatus
    merged_into_key: str | None


def lab_ideas(session, lab_id: uuid.UUID) -> list[IdeaRef]:  # noqa: ANN001
    """Every idea of a lab in the lab's order (units, then the unit's ideas)."""
    rows = (
        session.connection()
        .execute(
            select(
                _raw(m.Idea.id),
                _raw(m.Idea.unit_id),
                m.Idea.title,
                _raw(m.Idea.stage),
                _raw(m.Idea.status),
                _raw(m.Idea.merged_into_id),
                m.Unit.name,
                _raw(m.Unit.unit_type),
            )
            .join(m.Unit, m.Idea.unit_id == m.Unit.id)
            .where(m.Unit.lab_id == lab_id, *live(m.Idea, m.Unit))
            .order_by(m.Unit.sort_order, m.Unit.name, m.Unit.id, m.Idea.sort_order, m.Idea.created_at)
        )
        .all()
    )
    stages = {s.value: s for s in Stage}
    statuses = {s.value: s for s in IdeaStatus}
    types = {t.value: t for t in UnitType}
    units: dict[str, tuple[str, uuid.UUID]] = {}
    out: list[IdeaRef] = []
    previous_unit, n = None, 0
    for iid, uid, title, stage, status, merged, uname, utype in rows:
        if uid not in units:
            key = id_key(uid)
            units[uid] = (key, uuid.UUID(hex=key))
        unit_key, unit_uuid = units[uid]
        n = n + 1 if uid == previous_unit else 1
        previous_unit = uid
        key = id_key(iid)
        out.append(
            IdeaRef(
                key,
                uuid.UUID(hex=key),
                unit_key,
                unit_uuid,
                n,
                title or "",
                uname,
                types.get(utype, UnitType.LAINNYA),
                stages.get(stage, Stage.DIAGNOSE),
                statuses.get(status, IdeaStatus.DRAF),
                id_key(merged) if merged else None,
            )
        )
    return out


def lab_entries(  # noqa: ANN001
    session, lab_id: uuid.UUID, code: str, settings: LabSettings | None = None
) -> dict[str, dict[str, Any]]:
    """``idea key -> data`` of one idea-scope worksheet for every idea of a lab (one query). With the
    lab's ``settings``, data stored with an older template version is upgraded as every reader sees it."""
    rows = (
        session.connection()
        .execute(
            select(_raw(m.WorksheetEntry.idea_id), m.WorksheetEntry.data, m.WorksheetEntry.template_version)
            .where(
                m.WorksheetEntry.lab_id == lab_id,
                m.WorksheetEntry.template_code == code,
                m.WorksheetEntry.scope == Scope.IDEA,
                m.WorksheetEntry.idea_id.is_not(None),
                *live(m.WorksheetEntry),
            )
            .order_by(m.WorksheetEntry.updated_at)
        )
        .all()
    )
    if settings is None or not any(needs_upgrade(code, version) for version in {r[2] for r in rows}):
        return {id_key(idea_id): data if isinstance(data, dict) else {} for idea_id, data, _v in rows}
    return {
        id_key(idea_id): upgrade(code, version, dict(data), settings) if isinstance(data, dict) else {}
        for idea_id, data, version in rows
    }


def lab_settings_in(session, lab_id: uuid.UUID) -> LabSettings:  # noqa: ANN001
    lab = session.get(m.Lab, lab_id)
    if lab is None:
        raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
    return LabSettings.from_json(lab.settings)


@dataclass(frozen=True, slots=True)
class CurationRow:
    idea_id: uuid.UUID
    unit_id: uuid.UUID
    number: int  # the idea's number within its unit
    title: str
    unit_name: str
    unit_type: UnitType
    stage: Stage
    status: IdeaStatus
    curated: bool  # an LK-2g was filled
    gate_passed: bool | None  # None while a gate question is unanswered
    failed_gate: tuple[str, ...]
    score: float | None
    rank_unit: int | None
    rank_lab: int | None
    decision: str | None
    merged_into_id: uuid.UUID | None
    merged_into_title: str

    @property
    def decision_label(self) -> str:
        return decision_label(self.decision)


NOT_CURATED = CurationResult(None, None, ())


def curation_table(
    db: Database, lab_id: uuid.UUID | str, weights: Mapping[str, float] | None = None
) -> list[CurationRow]:
    """Every idea of the lab with its gate verdict, score, ranks and decision, in the lab's order.

    Three queries whatever the lab's size: the lab's settings, its ideas with their units, and every
    LK-2g of the lab. ``weights`` default to the lab's ``curation_weights``."""
    lab = parse_id(lab_id, _("Lab"))
    with bulk_objects(), db.session() as s:
        settings = lab_settings_in(s, lab)
        ideas = lab_ideas(s, lab)
        sheets = lab_entries(s, lab, CURATION)
        return build_curation_rows(ideas, sheets, settings.curation_weights if weights is None else weights)


def curation_facts(
    ideas: list[IdeaRef], sheets: Mapping[str, Mapping[str, Any]], weights: Mapping[str, float]
) -> tuple[dict[str, CurationResult], dict[str, tuple[int | None, int | None]]]:
    """Every idea's curation result and its (rank in unit, rank in lab), by idea key."""
    memo: dict[tuple[Any, ...], CurationResult] = {}  # many ideas share the same ten answers
    keys = curation_keys()
    results: dict[str, CurationResult] = {}
    for i in ideas:
        data = sheets.get(i.key)
        if data is None:
            results[i.key] = NOT_CURATED
            continue
        answers = tuple(data.get(k) for k in keys)
        result = memo.get(answers)
        if result is None:
            result = memo[answers] = curation_result(data, weights)
        results[i.key] = result
    ranks = rank_ideas([(i.key, i.unit_key, results[i.key].gate_passed, results[i.key].score) for i in ideas])
    return results, ranks


def build_curation_rows(
    ideas: list[IdeaRef], sheets: Mapping[str, Mapping[str, Any]], weights: Mapping[str, float]
) -> list[CurationRow]:
    """The curation rows of ``ideas`` from their LK-2g data (``sheets`` by idea key)."""
    results, ranks = curation_facts(ideas, sheets, weights)
    by_key = {i.key: i for i in ideas}
    rows = []
    for i in ideas:
        data = sheets.get(i.key, {})
        r = results[i.key]
        unit_rank, lab_rank = ranks.get(i.key, (None, None))
        target = by_key.get(i.merged_into_key) if i.merged_into_key else None
        rows.append(
            CurationRow(
                idea_id=i.id,
                unit_id=i.unit_id,
                number=i.number,
                title=i.title,
                unit_name=i.unit_name,
                unit_type=i.unit_type,
                stage=i.stage,
                status=i.status,
                curated=i.key in sheets,
                gate_passed=r.gate_passed,
                failed_gate=r.failed_gate,
                score=r.score,
                rank_unit=unit_rank,
                rank_lab=lab_rank,
                decision=clean_decision(data),
                merged_into_id=target.id if target else None,
                merged_into_title=(target.title or _("(ide tanpa judul)")) if target else "",
            )
        )
    return rows


@dataclass(frozen=True)
class Standing:
    """An idea's curation with given LK-2g answers, ranked against the stored curation of the others."""

    result: CurationResult
    rank_unit: int | None
    rank_lab: int | None


def standing(
    rows: Iterable[CurationRow],
    idea_id: uuid.UUID,
    unit_id: uuid.UUID,
    data: Mapping[str, Any],
    weights: Mapping[str, float],
) -> Standing:
    """The score and ranks ``idea_id`` gets with ``data`` while the other ideas keep their ``rows``."""
    result = curation_result(data, weights)
    me = id_key(idea_id)
    items = [
        (id_key(r.idea_id), id_key(r.unit_id), r.gate_passed, r.score) for r in rows if r.idea_id != idea_id
    ]
    items.append((me, id_key(unit_id), result.gate_passed, result.score))
    unit_rank, lab_rank = rank_ideas(items)[me]
    return Standing(result, unit_rank, lab_rank)


def idea_standing(
    db: Database, lab_id: uuid.UUID | str, idea_id: uuid.UUID | str, data: Mapping[str, Any]
) -> Standing:
    """:func:`standing` of one idea of a lab, with the lab's weights."""
    idea = parse_id(idea_id, _("Ide"))
    with db.session() as s:
        unit_id = get_idea_row(s, idea).unit_id
        weights = lab_settings_in(s, parse_id(lab_id, _("Lab"))).curation_weights
    return standing(curation_table(db, lab_id, weights), idea, unit_id, data, weights)
