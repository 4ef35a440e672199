"""The problem chain of Diagnose: problems (LK-2b) → APKL screening (LK-2c) → USG priority (LK-2d).

LK-2c and LK-2d store one row per screened/scored problem, pointing at the LK-2b row by its ``_id``
(the ``masalah`` column). The views below put each worksheet's stored answers next to the problems
LK-2b lists *now*: a problem deleted from LK-2b drops out of the views, but its answers stay in the
stored data (nothing typed is lost, and they come back if the row is restored).

Which problems reach USG: only those that pass APKL ("memenuhi syarat"). A problem not (fully)
screened yet does not pass; the USG screen says how many passed ("3 isu lolos APKL dari 5").

The merge/rank functions are pure (``parse_problems``, ``merge_apkl``, ``merge_usg``) so the Qt editors,
the PDFs, the Rekap and the benchmark share them; ``problem_rows``/``apkl_view``/``usg_view`` read the
unit's worksheets through a :class:`Sources`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.scoring import APKL_KEYS, apkl_result, apkl_total, usg_ranking
from labinovasi.i18n import _
from labinovasi.services.context import Sources
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.records import parse_id
from labinovasi.worksheets import codes
from labinovasi.worksheets.validation import ROW_ID

PROBLEMS_CODE, PROBLEMS_TABLE = codes.PROBLEMS, "masalah"
APKL_CODE, APKL_TABLE = codes.APKL, "apkl"
USG_CODE, USG_TABLE = codes.USG, "usg"
REF_KEY = "masalah"  # the column of LK-2c/LK-2d rows that holds the LK-2b row id
USG_SCORE_KEYS = ("u", "s", "g")
TOP_MARK = 3  # ranks 1..TOP_MARK are marked as the top of the list on screen and in the Rekap


@dataclass(frozen=True)
class Problem:
    """One row of LK-2b."""

    id: str  # the row's ``_id`` ("" for a row stored before rows had ids; see ensure_problem_ids)
    number: int  # the row's "No" when filled, else its position (1-based)
    uraian: str
    kondisi_saat_ini: str = ""
    kondisi_diharapkan: str = ""
    sumber_data: str = ""
    terkait_tusi: bool | None = None

    @property
    def label(self) -> str:
        text = " ".join(self.uraian.split())
        return f"{self.number}. {text}" if text else f"{self.number}. " + _("(uraian belum diisi)")


@dataclass(frozen=True)
class ApklRow:
    """A problem of LK-2b with its stored APKL answers (``answers`` is the stored row, or ``{}``)."""

    problem: Problem
    answers: Mapping[str, Any]
    result: bool | None  # memenuhi syarat / tidak / not fully answered
    total: int | None  # the sum of the four scores (score mode), None while incomplete

    def value(self, key: str, mode: str) -> Any:
        """The answer for criterion ``key`` ("aktual" …) in ``mode``: bool, int or None."""
        return self.answers.get(f"{key}_skor" if mode == "skor" else key)

    @property
    def keterangan(self) -> str:
        return str(self.answers.get("keterangan") or "")


@dataclass(frozen=True)
class UsgRow:
    """A problem that passed APKL with its stored USG scores, total and rank (1 = top priority)."""

    problem: Problem
    u: int | None
    s: int | None
    g: int | None
    dipilih: bool
    total: int | None
    rank: int | None  # None while not fully scored

    @property
    def is_top(self) -> bool:
        return self.rank is not None and self.rank <= TOP_MARK


@dataclass(frozen=True)
class Screening:
    """How many listed problems passed APKL."""

    passed: int
    total: int

    @property
    def text(self) -> str:
        return _("{n} isu lolos APKL dari {total}").format(n=self.passed, total=self.total)


# --- pure ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _score(value: Any) -> int | None:
    """A stored 1–5 score, or None for anything else (stored data is validated; this is a guard)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= 5 else None


def table_rows(data: Mapping[str, Any] | None, table: str) -> list[dict[str, Any]]:
    rows = (data or {}).get(table)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def parse_problems(lk2b: Mapping[str, Any] | None) -> list[Problem]:
    """The problems of LK-2b data in their order."""
    out = []
    for position, row in enumerate(table_rows(lk2b, PROBLEMS_TABLE), start=1):
        no = row.get("no")
        number = no if isinstance(no, int) and not isinstance(no, bool) and no > 0 else position
        tusi = row.get("terkait_tusi")
        out.append(
            Problem(
                id=row[ROW_ID] if isinstance(row.get(ROW_ID), str) else "",
                number=number,
                uraian=_text(row.get("uraian")),
                kondisi_saat_ini=_text(row.get("kondisi_saat_ini")),
                kondisi_diharapkan=_text(row.get("kondisi_diharapkan")),
                sumber_data=_text(row.get("sumber_data")),
                terkait_tusi=tusi if isinstance(tusi, bool) else None,
            )
        )
    return out


def rows_by_problem(rows: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Stored LK-2c/LK-2d rows by the problem they answer (the first row wins over duplicates)."""
    out: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        ref = row.get(REF_KEY)
        if isinstance(ref, str) and ref and ref not in out:
            out[ref] = row
    return out


def apkl_row(problem: Problem, answers: Mapping[str, Any], mode: str) -> ApklRow:
    return ApklRow(
        problem, answers, apkl_result(answers, mode), apkl_total(answers) if mode == "skor" else None
    )


def merge_apkl(problems: Sequence[Problem], lk2c: Mapping[str, Any] | None, mode: str) -> list[ApklRow]:
    """One row per problem (in LK-2b order) with its stored answers and result."""
    stored = rows_by_problem(table_rows(lk2c, APKL_TABLE))
    return [apkl_row(p, dict(stored.get(p.id, {})) if p.id else {}, mode) for p in problems]


def screening(rows: Sequence[ApklRow]) -> Screening:
    return Screening(sum(r.result is True for r in rows), len(rows))


def passing_problems(rows: Sequence[ApklRow]) -> list[Problem]:
    return [r.problem for r in rows if r.result is True and r.problem.id]


def merge_usg(problems: Sequence[Problem], lk2d: Mapping[str, Any] | None, mode: str) -> list[UsgRow]:
    """One row per problem (in the given order) with its stored U, S, G, total and rank among these
    rows (sum or product by ``mode``; ties go to S, then U, then G)."""
    stored = rows_by_problem(table_rows(lk2d, USG_TABLE))
    scores = []
    for p in problems:
        row = stored.get(p.id, {})
        scores.append(
            (p, _score(row.get("u")), _score(row.get("s")), _score(row.get("g")), row.get("dipilih") is True)
        )
    ranks = usg_ranking([(p.id, u, s, g) for p, u, s, g, _d in scores], mode)
    return [UsgRow(p, u, s, g, d, ranks[p.id].total, ranks[p.id].rank) for p, u, s, g, d in scores]


def by_rank(rows: Iterable[UsgRow]) -> list[UsgRow]:
    """Rows in rank order; unscored rows last, in their own order."""
    indexed = list(enumerate(rows))
    indexed.sort(key=lambda t: (t[1].rank is None, t[1].rank or 0, t[0]))
    return [r for _i, r in indexed]


# --- reading a unit's worksheets ----------------------------------------------------------------------


def problem_rows(ctx: Sources) -> list[Problem]:
    """The unit's problems from LK-2b, in their order."""
    return parse_problems(ctx.load(PROBLEMS_CODE))


def apkl_view(ctx: Sources) -> list[ApklRow]:
    """One row per LK-2b problem with its stored LK-2c answers and result (the lab's APKL mode)."""
    return merge_apkl(problem_rows(ctx), ctx.load(APKL_CODE), ctx.settings.apkl_mode)


def usg_view(ctx: Sources) -> list[UsgRow]:
    """The problems that pass APKL (LK-2b order) with their stored LK-2d scores, total and rank."""
    return merge_usg(passing_problems(apkl_view(ctx)), ctx.load(USG_CODE), ctx.settings.usg_mode)


# --- the lab's recap ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopProblem:
    unit_id: uuid.UUID
    unit: str
    number: int
    uraian: str
    u: int
    s: int
    g: int
    total: int
    rank: int  # within the unit
    dipilih: bool


@dataclass
class _UnitSheets:
    name: str
    sort: tuple[int, str]
    data: dict[str, dict[str, Any]] = field(default_factory=dict)


def top_problems(db: Database, lab_id: uuid.UUID | str, n: int = 3) -> list[TopProblem]:
    """The priority problems of every unit of the lab, for the Rekap Diagnose: per unit, the problems
    ranked 1..``n`` by USG (equal ranks included) plus any problem chosen as a priority (``dipilih``)
    below them; units in their order, problems by rank. Units' totals are not compared with each
    other (each unit scores its own problems), so the rank is the rank within the unit."""
    lab = parse_id(lab_id, _("Lab"))
    settings = get_lab_settings(db, lab)
    codes = (PROBLEMS_CODE, APKL_CODE, USG_CODE)
    units: dict[uuid.UUID, _UnitSheets] = {}
    with db.session() as s:
        for uid, name, order in s.execute(
            select(m.Unit.id, m.Unit.name, m.Unit.sort_order).where(m.Unit.lab_id == lab)
        ):
            units[uid] = _UnitSheets(name, (order, name))
        entries = s.execute(
            select(m.WorksheetEntry.unit_id, m.WorksheetEntry.template_code, m.WorksheetEntry.data)
            .where(
                m.WorksheetEntry.lab_id == lab,
                m.WorksheetEntry.template_code.in_(codes),
                m.WorksheetEntry.unit_id.is_not(None),
                m.WorksheetEntry.idea_id.is_(None),
            )
            .order_by(m.WorksheetEntry.updated_at.desc())
        ).all()
    for uid, code, data in entries:  # newest first, like load_worksheet
        if uid in units:
            units[uid].data.setdefault(code, dict(data or {}))
    out: list[TopProblem] = []
    for uid, sheets in sorted(units.items(), key=lambda kv: kv[1].sort):
        if PROBLEMS_CODE not in sheets.data:
            continue
        problems = parse_problems(sheets.data[PROBLEMS_CODE])
        screened = merge_apkl(problems, sheets.data.get(APKL_CODE), settings.apkl_mode)
        rows = merge_usg(passing_problems(screened), sheets.data.get(USG_CODE), settings.usg_mode)
        for r in by_rank(rows):
            if r.rank is None or r.total is None or r.u is None or r.s is None or r.g is None:
                continue
            if r.rank <= n or r.dipilih:
                out.append(
                    TopProblem(
                        uid,
                        sheets.name,
                        r.problem.number,
                        r.problem.uraian,
                        r.u,
                        r.s,
                        r.g,
                        r.total,
                        r.rank,
                        r.dipilih,
                    )
                )
    return out


def apkl_keys(mode: str) -> tuple[str, ...]:
    """The stored keys of the four criteria in ``mode``."""
    return tuple(f"{k}_skor" for k in APKL_KEYS) if mode == "skor" else APKL_KEYS
