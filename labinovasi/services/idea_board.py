"""The lab-wide idea board: one row per idea with what a facilitator sorts and filters on.

Built in a constant number of queries whatever the lab's size (the lab's settings, its ideas with
their units, and the LK-2f, LK-2g and LK-2b entries of the lab, one query each). Of the idea cards
only the few fields the board shows are read, extracted by the database, so a lab of 10,000 ideas
loads well under a second.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, func, select, type_coerce

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import live
from labinovasi.domain.enums import IdeaStatus, Scope, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.services.context import LabIdea
from labinovasi.services.curation import (
    CURATION,
    IdeaRef,
    bulk_objects,
    clean_decision,
    curation_facts,
    id_key,
    lab_entries,
    lab_ideas,
    lab_settings_in,
)
from labinovasi.services.display import display_counts
from labinovasi.services.records import parse_id
from labinovasi.worksheets import codes
from labinovasi.worksheets.registry import default_registry, field_options
from labinovasi.worksheets.validation import ROW_ID

IDEA_CARD = codes.IDEA_CARD
PROBLEMS = codes.PROBLEMS
RESULTS = codes.RESULTS
MASALAH_CHARS = 400  # the board shows (and searches) the start of the problem text


@dataclass(slots=True)
class BoardRow:
    """One idea on the board. Treat as read-only (not frozen only because 10,000 of them are built at
    once, and a frozen dataclass takes half as long again to construct)."""

    idea_id: uuid.UUID
    unit_id: uuid.UUID
    number: int  # running number over the lab, in the lab's order
    number_in_unit: int
    title: str
    unit_name: str
    unit_type: UnitType
    stage: Stage
    status: IdeaStatus
    decision: str | None  # lanjut / perbaiki / gabung / tunda, None = not curated
    gate_passed: bool | None
    score: float | None
    rank_unit: int | None
    rank_lab: int | None
    merged_into_title: str
    bentuk: str  # the stored option value ("" = not filled)
    bentuk_label: str
    jenis: str
    jenis_label: str
    urusan: str
    urusan_label: str
    masalah: str  # the problem the idea answers (the LK-2b row it points at, else its own text)
    maturity: str = ""  # LK-4c kematangan: inisiatif / uji_coba / penerapan ("" = not filled)
    maturity_label: str = ""
    # the lower-cased title, unit and problem: what the board's text search looks in
    haystack: str = field(repr=False, compare=False, default="")
    unit_key: str = field(repr=False, compare=False, default="")  # ``id_key`` of the unit (cheap to compare)
    exhibitions: int = 0  # how many exhibitions (LK-5b) showed it
    replications: int = 0  # how many replication requests (LK-5c) it has


def choice_labels(code: str, key: str) -> dict[str, str]:
    """``value -> label`` of a choice field of a worksheet (e.g. LK-2f ``bentuk``)."""
    f = default_registry().get(code).field(key)
    return {o.value: _(o.label) for o in field_options(f)}


def _one_line(text: Any) -> str:
    return " ".join(str(text).split()) if text else ""


def _sheet_values(session, lab_id: uuid.UUID, code: str, scope: Scope, *columns: Any) -> list[Any]:  # noqa: ANN001
    """``columns`` of every live sheet ``code`` of the lab, oldest first (a bulk read on the connection,
    which skips the ORM's tombstone filter: hence ``live``)."""
    return list(
        session.connection()
        .execute(
            select(*columns)
            .where(
                m.WorksheetEntry.lab_id == lab_id,
                m.WorksheetEntry.template_code == code,
                m.WorksheetEntry.scope == scope,
                *live(m.WorksheetEntry),
            )
            .order_by(m.WorksheetEntry.updated_at)
        )
        .all()
    )


def _problem_texts(session, lab_id: uuid.UUID) -> dict[tuple[str, str], str]:  # noqa: ANN001
    """``(unit key, LK-2b row id) -> problem text`` for the whole lab (one query)."""
    rows = _sheet_values(
        session,
        lab_id,
        PROBLEMS,
        Scope.UNIT,
        type_coerce(m.WorksheetEntry.unit_id, String),
        m.WorksheetEntry.data,
    )
    out: dict[tuple[str, str], str] = {}
    for unit_id, data in rows:
        if unit_id is None or not isinstance(data, dict):
            continue
        unit = id_key(unit_id)
        for row in data.get("masalah") or []:
            if isinstance(row, dict) and row.get(ROW_ID) and row.get("uraian"):
                out[(unit, row[ROW_ID])] = _one_line(row["uraian"])[:MASALAH_CHARS]
    return out


def _idea_cards(session, lab_id: uuid.UUID) -> dict[str, tuple[Any, ...]]:  # noqa: ANN001
    """``idea -> (bentuk, jenis, urusan, masalah_ref, masalah excerpt)`` from every LK-2f of the lab.

    The database extracts the five values (the problem text cut and on one line), so the long texts of
    the cards are never parsed here."""
    data = m.WorksheetEntry.data
    excerpt = func.substr(data["masalah"].as_string(), 1, MASALAH_CHARS)
    rows = _sheet_values(
        session,
        lab_id,
        IDEA_CARD,
        Scope.IDEA,
        type_coerce(m.WorksheetEntry.idea_id, String),
        data["bentuk"].as_string(),
        data["jenis"].as_string(),
        data["urusan"].as_string(),
        data["masalah_ref"].as_string(),
        func.replace(func.replace(excerpt, "\r", ""), "\n", " "),
    )
    return {id_key(r[0]): tuple(r[1:]) for r in rows if r[0] is not None}


def _maturity(session, lab_id: uuid.UUID) -> dict[str, str]:  # noqa: ANN001
    """``idea -> kematangan`` from every LK-4c of the lab (the database extracts the one value)."""
    rows = _sheet_values(
        session,
        lab_id,
        RESULTS,
        Scope.IDEA,
        type_coerce(m.WorksheetEntry.idea_id, String),
        m.WorksheetEntry.data["kematangan"].as_string(),
    )
    return {id_key(r[0]): r[1] for r in rows if r[0] is not None and isinstance(r[1], str)}


def board_rows(db: Database, lab_id: uuid.UUID | str) -> list[BoardRow]:
    """One row per idea of the lab, in the lab's order (units, then each unit's ideas)."""
    lab = parse_id(lab_id, _("Lab"))
    with bulk_objects():
        with db.session() as s:
            settings = lab_settings_in(s, lab)
            ideas = lab_ideas(s, lab)
            curation = lab_entries(s, lab, CURATION)
            cards = _idea_cards(s, lab)
            problems = _problem_texts(s, lab) if any(c[3] for c in cards.values()) else {}
            maturity = _maturity(s, lab)
        display = display_counts(db, lab, [LabIdea(i.id, i.title, i.unit_name, i.unit_id) for i in ideas])
        return _rows(ideas, curation, settings.curation_weights, cards, problems, maturity, display)


def _rows(
    ideas: list[IdeaRef],
    curation: dict[str, dict[str, Any]],
    weights: dict[str, float],
    cards: dict[str, tuple[Any, ...]],
    problems: dict[tuple[str, str], str],
    maturity: dict[str, str] | None = None,
    display: dict[uuid.UUID, tuple[int, int]] | None = None,
) -> list[BoardRow]:
    results, ranks = curation_facts(ideas, curation, weights)
    titles = {i.key: i.title or _("(ide tanpa judul)") for i in ideas}
    bentuk = choice_labels(IDEA_CARD, "bentuk")
    jenis = choice_labels(IDEA_CARD, "jenis")
    urusan = choice_labels(IDEA_CARD, "urusan")
    levels = choice_labels(RESULTS, "kematangan")
    maturity = maturity or {}
    display = display or {}
    empty = (None, None, None, None, None)
    no_sheet: dict[str, Any] = {}
    out: list[BoardRow] = []
    for n, idea in enumerate(ideas, start=1):
        key = idea.key
        b, j, u, ref, own = cards.get(key, empty)
        b, j, u = _text(b), _text(j), _text(u)
        masalah = problems.get((idea.unit_key, ref), "") if isinstance(ref, str) and ref else ""
        if not masalah and isinstance(own, str):
            masalah = own.strip()  # one line already (see _idea_cards)
        title = idea.title
        result = results[key]
        unit_rank, lab_rank = ranks.get(key, (None, None))
        merged = titles.get(idea.merged_into_key, "") if idea.merged_into_key else ""
        out.append(
            BoardRow(
                idea.id,
                idea.unit_id,
                n,
                idea.number,
                title,
                idea.unit_name,
                idea.unit_type,
                idea.stage,
                idea.status,
                clean_decision(curation.get(key, no_sheet)),
                result.gate_passed,
                result.score,
                unit_rank,
                lab_rank,
                merged,
                b,
                bentuk.get(b, b),
                j,
                jenis.get(j, j),
                u,
                urusan.get(u, u),
                masalah,
                maturity.get(key, ""),
                levels.get(maturity.get(key, ""), ""),
                f"{title}\n{idea.unit_name}\n{masalah}".casefold(),
                idea.unit_key,
                *display.get(idea.id, (0, 0)),
            )
        )
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
