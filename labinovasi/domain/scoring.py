"""The scoring rules of Diagnose (domain doc §4): APKL screening, USG priority, readiness level,
idea curation, and the checks of a fishbone's cause tree.

Pure functions over plain values, so the Qt tables, the PDFs and the benchmarks share them. The
criteria and level labels are data (``resources/scoring.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from labinovasi.i18n import _, current_locale
from labinovasi.resources import resource_path

APKL_KEYS = ("aktual", "problematik", "kekhalayakan", "kelayakan")
APKL_MODES = ("ya_tidak", "skor")
APKL_PASS_SCORE = 3  # in score mode a criterion is met from "cukup" (3) up
USG_KEYS = ("u", "s", "g")
USG_MODES = ("jumlah", "kali")
SCORE_MIN, SCORE_MAX = 1, 5
DECISIONS = ("lanjut", "perbaiki", "gabung", "tunda")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class ReadinessDimension:
    key: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class ScoringRules:
    readiness_dimensions: tuple[ReadinessDimension, ...]
    readiness_levels: tuple[tuple[float, str], ...]  # (lower bound, label), ascending
    curation_gate: tuple[Criterion, ...]
    curation_criteria: tuple[Criterion, ...]


def rules() -> ScoringRules:
    """The rules of ``resources/scoring.toml``, their labels, help texts and items in the active language."""
    return _rules_in(current_locale())


@cache
def _rules_in(lang: str) -> ScoringRules:
    # keyed by language, so cached rules never keep another language's texts
    def tr(text: str) -> str:
        return _(text) if text else text

    with resource_path("scoring.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    r, c = raw["readiness"], raw["curation"]
    return ScoringRules(
        tuple(
            ReadinessDimension(d["key"], tr(d["label"]), tuple(tr(i) for i in d["items"]))
            for d in r["dimensions"]
        ),
        tuple(sorted((float(lv["from"]), tr(lv["label"])) for lv in r["levels"])),
        tuple(Criterion(x["key"], tr(x["label"]), tr(x.get("help", ""))) for x in c["gate"]),
        tuple(Criterion(x["key"], tr(x["label"]), tr(x.get("help", ""))) for x in c["criteria"]),
    )


def check_score(value: Any, label: str, lo: int = SCORE_MIN, hi: int = SCORE_MAX) -> int | None:
    """A score typed by a person: ``None`` when empty, else an int in ``lo..hi``.

    Raises ``ValueError`` with an Indonesian message otherwise (e.g. ``U harus angka 1–5``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(_("{label} harus angka {lo}–{hi}").format(label=label, lo=lo, hi=hi)) from None
    if not number.is_integer() or not lo <= number <= hi:
        raise ValueError(_("{label} harus angka {lo}–{hi}").format(label=label, lo=lo, hi=hi))
    return int(number)


# --- APKL ------------------------------------------------------------------------------------------


def apkl_result(values: Mapping[str, Any], mode: str = "ya_tidak") -> bool | None:
    """Whether an issue "memenuhi syarat": all four criteria met. ``None`` while any is unanswered.

    ``ya_tidak``: each criterion is a bool under its key (``aktual``). ``skor``: each is 1–5 under
    ``<key>_skor`` (``aktual_skor``) and is met from 3 up."""
    answers = [values.get(f"{k}_skor" if mode == "skor" else k) for k in APKL_KEYS]
    if any(a is None for a in answers):
        return None
    if mode == "skor":
        return all(isinstance(a, int) and a >= APKL_PASS_SCORE for a in answers)
    return all(a is True for a in answers)


def apkl_total(values: Mapping[str, Any]) -> int | None:
    """The total of the four scores (score mode), ``None`` while incomplete."""
    answers = [values.get(f"{k}_skor") for k in APKL_KEYS]
    ints = [a for a in answers if isinstance(a, int) and not isinstance(a, bool)]
    if len(ints) != len(answers):
        return None
    return sum(ints)


# --- USG -------------------------------------------------------------------------------------------


def usg_total(u: int | None, s: int | None, g: int | None, mode: str = "jumlah") -> int | None:
    if u is None or s is None or g is None:
        return None
    return u * s * g if mode == "kali" else u + s + g


@dataclass(frozen=True)
class UsgRank:
    total: int | None
    rank: int | None  # 1 = top priority; None while the row is not fully scored


def usg_ranking(
    rows: Sequence[tuple[str, int | None, int | None, int | None]], mode: str = "jumlah"
) -> dict[str, UsgRank]:
    """Rank issues by total (sum by default, product with ``kali``); ties go to the higher S, then U,
    then G. Rows equal on all of these share a rank (1, 2, 2, 4). ``rows`` are ``(key, u, s, g)``."""
    scored = []
    result: dict[str, UsgRank] = {}
    for key, u, s, g in rows:
        total = usg_total(u, s, g, mode)
        if total is None:
            result[key] = UsgRank(None, None)
        else:
            scored.append(((total, s, u, g), key))
    scored.sort(key=lambda t: t[0], reverse=True)
    previous, rank = None, 0
    for position, (sort_key, key) in enumerate(scored, start=1):
        if sort_key != previous:
            rank, previous = position, sort_key
        result[key] = UsgRank(sort_key[0], rank)
    return result


# --- readiness (LK-2a) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessSummary:
    mean: float | None  # 1–5, over every answer
    level: str  # "" while there are no answers
    by_dimension: dict[str, float]  # dimension key -> mean, only dimensions with answers
    answers: int
    respondents: int


def readiness_level(mean: float | None) -> str:
    if mean is None:
        return ""
    label = rules().readiness_levels[0][1]
    for bound, name in rules().readiness_levels:
        if mean + 1e-9 >= bound:
            label = name
    return _(label)


def readiness_summary(answers: Iterable[tuple[str, str, int]]) -> ReadinessSummary:
    """``answers`` are ``(respondent, dimension, score)``; scores outside 1–5 are ignored."""
    per_dim: dict[str, list[int]] = {}
    people: set[str] = set()
    total = count = 0
    for respondent, dimension, score in answers:
        if not isinstance(score, int) or isinstance(score, bool) or not SCORE_MIN <= score <= SCORE_MAX:
            continue
        per_dim.setdefault(dimension, []).append(score)
        people.add(respondent)
        total += score
        count += 1
    mean = round(total / count, 2) if count else None
    return ReadinessSummary(
        mean,
        readiness_level(mean),
        {d: round(sum(v) / len(v), 2) for d, v in per_dim.items()},
        count,
        len(people),
    )


# --- curation (LK-2g) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurationResult:
    gate_passed: bool | None  # None while some gate question is unanswered
    score: float | None  # weighted, on the 5–25 scale of five 1–5 scores; None while incomplete
    failed_gate: tuple[str, ...]  # keys of the gate criteria answered "tidak"


def curation_result(data: Mapping[str, Any], weights: Mapping[str, float] | None = None) -> CurationResult:
    """Score an idea from its LK-2g data: gate answers under ``pp38_<key>`` (bool) and the criteria
    scores under ``skor_<key>`` (1–5). The score is the weighted mean × 5 (so equal weights give the
    plain sum, out of 25)."""
    r = rules()
    gate = [data.get(f"pp38_{c.key}") for c in r.curation_gate]
    failed = tuple(c.key for c, v in zip(r.curation_gate, gate, strict=True) if v is False)
    gate_passed = False if failed else (None if any(v is None for v in gate) else True)
    scores = [data.get(f"skor_{c.key}") for c in r.curation_criteria]
    score = None
    ints = [s for s in scores if isinstance(s, int) and not isinstance(s, bool)]
    if len(ints) == len(scores):
        w = [max(0.0, float((weights or {}).get(c.key, 1.0))) for c in r.curation_criteria]
        if sum(w) > 0:
            score = round(sum(wi * si for wi, si in zip(w, ints, strict=True)) / sum(w) * len(ints), 2)
    return CurationResult(gate_passed, score, failed)


def rank_ideas(
    items: Sequence[tuple[str, str, bool | None, float | None]],
) -> dict[str, tuple[int | None, int | None]]:
    """Rank curated ideas: ``items`` are ``(idea key, unit key, gate passed, score)``.

    Returns ``key -> (rank within its unit, rank within the lab)``. Ideas that pass the PP 38 gate rank
    before those that do not; unscored ideas get no rank. Equal scores share a rank."""

    def ranks(group: list[tuple[str, bool | None, float]]) -> dict[str, int]:
        ordered = sorted(group, key=lambda t: (t[1] is not False, t[2]), reverse=True)
        out: dict[str, int] = {}
        previous, rank = None, 0
        for position, (key, passed, score) in enumerate(ordered, start=1):
            sort_key = (passed is not False, score)
            if sort_key != previous:
                rank, previous = position, sort_key
            out[key] = rank
        return out

    scored = [(k, u, p, s) for k, u, p, s in items if s is not None]
    lab = ranks([(k, p, s) for k, _u, p, s in scored])
    by_unit: dict[str, list[tuple[str, bool | None, float]]] = {}
    for k, u, p, s in scored:
        by_unit.setdefault(u, []).append((k, p, s))
    in_unit: dict[str, int] = {}
    for group in by_unit.values():
        in_unit.update(ranks(group))
    return {k: (in_unit.get(k), lab.get(k)) for k, _u, _p, _s in items}


# --- fishbone (LK-2e) ------------------------------------------------------------------------------


class CauseCycleError(ValueError):
    """A cause placed under itself or under one of its own "why" answers."""


def ancestors(parents: Mapping[str, str | None], key: str) -> list[str]:
    """The chain of parents of ``key`` (nearest first). Stops at a cycle."""
    chain: list[str] = []
    seen = {key}
    current = parents.get(key)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain


def check_cause_parent(parents: Mapping[str, str | None], child: str, new_parent: str | None) -> None:
    """Refuse to make ``new_parent`` the parent of ``child`` when that would make a cycle."""
    if new_parent is None:
        return
    if new_parent == child:
        raise CauseCycleError(_("Penyebab tidak dapat menjadi \u201cmengapa\u201d dari dirinya sendiri."))
    if child in ancestors(parents, new_parent):
        raise CauseCycleError(
            _(
                "Penyebab tidak dapat dipindah ke bawah salah satu jawaban \u201cmengapa\u201d-nya "
                "sendiri: itu membuat rantai yang berputar."
            )
        )


def find_cycles(parents: Mapping[str, str | None]) -> list[str]:
    """Keys that sit on a cycle (data from an old or edited file); empty for a proper tree."""
    bad: list[str] = []
    for key in parents:
        seen, current = {key}, parents.get(key)
        while current is not None:
            if current == key:
                bad.append(key)
                break
            if current in seen:
                break
            seen.add(current)
            current = parents.get(current)
    return bad
