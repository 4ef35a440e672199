"""Pemeriksaan kesiapan IID dan KIPP: for every launched innovation of a lab, what the Indeks Inovasi
Daerah profile and a KIPP proposal would need that the lab does not hold yet ("Belum ada SK penetapan
inovasi", "Inovasi baru berjalan 8 bulan; KIPP kelompok umum meminta ≥ 2 tahun" …).

Advisory only: the result is the app's estimate from the data it holds, not an assessment by
Kemendagri or KemenPANRB. The checks, the sentences and the weights are data
(``resources/kesiapan_iid_kipp.toml``, whose header says what is and is not known of the official
methods).

Gather, then evaluate: :func:`gather_readiness` reads the lab once (its ideas, each source worksheet
once for the whole lab, the launch dates, which evidence files are missing from the store) into plain
:class:`InnovationFacts`; :func:`evaluate` is a pure function of those facts, the rules and ``today``.
The estimate of an innovation is the share of KIPP's aspect weights (§4.4) its passing checks cover: an
aspect fed by several checks counts in proportion to those that pass.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus
from labinovasi.evidence import EvidenceStore, is_ref
from labinovasi.i18n import _, format_date, format_number
from labinovasi.resources import resource_path
from labinovasi.services.curation import bulk_objects, lab_entries, lab_ideas, lab_settings_in
from labinovasi.services.iid_export import _date, _launch_dates, _tahapan, source_field
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import get_lab
from labinovasi.services.records import LabInfo, parse_id
from labinovasi.worksheets import codes
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.sources import all_with_sources, source_codes

RESOURCE = "kesiapan_iid_kipp.toml"
LAUNCHED = (IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN)
EVIDENCE_SHEETS = (codes.RESULTS, codes.DOCUMENTATION)  # the sheets with a "bukti" table
STAGE_SOURCES = ((codes.DOCUMENTATION, "tahapan_inovasi"), (codes.RESULTS, "kematangan"))
TRIAL_SOURCES = (
    (codes.DOCUMENTATION, "waktu_uji_coba"),
    (codes.RESULTS, "tanggal_uji_coba"),
    (codes.MILESTONES, "tanggal_uji_coba"),
)
START_SOURCES = (
    (codes.DOCUMENTATION, "waktu_penerapan"),
    (codes.RESULTS, "tanggal_penerapan"),
    (codes.MILESTONES, "tanggal_penerapan"),
)
STAGE_LABELS = {"inisiatif": "inisiatif", "uji_coba": "uji coba", "penerapan": "penerapan"}

Kind = Literal["evidence", "filled", "indicator", "running", "stage", "files"]
KINDS: tuple[Kind, ...] = ("evidence", "filled", "indicator", "running", "stage", "files")


class ReadinessRulesError(ValueError):
    """``resources/kesiapan_iid_kipp.toml`` does not describe usable checks."""


# --- the rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aspect:
    key: str
    label: str
    weight: float  # in percent


@dataclass(frozen=True)
class Check:
    id: str
    title: str  # the short name in the lab's summary
    kind: Kind
    ok: str
    missing: str
    iid: str
    kipp: tuple[str, ...]
    jenis: tuple[str, ...] = ()  # evidence
    sources: tuple[tuple[str, str], ...] = ()  # filled: (code, field)
    min_words: int = 0  # filled
    when: tuple[tuple[tuple[str, str], ...], str] | None = None  # applies only when the sources hold this
    no_date: str = ""  # running: no date says when it started
    not_started: str = ""  # running: it starts after today


@dataclass(frozen=True)
class Rules:
    checks: tuple[Check, ...]
    kipp: tuple[Aspect, ...]
    iid: tuple[Aspect, ...]
    min_months: int
    kipp_source: str = ""
    iid_source: str = ""

    def aspect(self, key: str) -> Aspect:
        return next(a for a in self.kipp if a.key == key)


def _aspects(raw: Any, where: str) -> tuple[Aspect, ...]:
    out = []
    for a in raw or []:
        try:
            out.append(Aspect(str(a["key"]), str(a["label"]), float(a["weight"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReadinessRulesError(f"{RESOURCE}: {where}: aspek tidak lengkap ({exc})") from None
    return tuple(out)


def _sources(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    out = []
    for s in raw or ():
        try:
            parsed = source_field(str(s))
        except ValueError:
            parsed = None
        if parsed is None or parsed[1] == "*":
            raise ReadinessRulesError(f"{RESOURCE}: {where}: sumber '{s}' tidak dapat diperiksa")
        out.append(parsed)
    return tuple(out)


def parse_rules(raw: Mapping[str, Any]) -> Rules:
    """The rules of a loaded ``kesiapan_iid_kipp.toml``, checked."""
    kipp = _aspects(raw.get("kipp", {}).get("aspects"), "kipp")
    iid = _aspects(raw.get("iid", {}).get("aspects"), "iid")
    known = {a.key for a in kipp}
    checks = []
    seen: set[str] = set()
    for n, c in enumerate(raw.get("checks") or [], start=1):
        where = f"pemeriksaan {n} ({c.get('id', '?')})"
        kind = c.get("kind")
        if kind not in KINDS:
            raise ReadinessRulesError(f"{RESOURCE}: {where}: jenis '{kind}' tidak dikenal")
        if not c.get("id") or c["id"] in seen:
            raise ReadinessRulesError(f"{RESOURCE}: {where}: id kosong atau ganda")
        seen.add(c["id"])
        aspects = tuple(str(k) for k in c.get("kipp") or ())
        unknown = [k for k in aspects if k not in known]
        if unknown:
            raise ReadinessRulesError(f"{RESOURCE}: {where}: aspek KIPP tidak dikenal: {', '.join(unknown)}")
        sources = _sources(c.get("from"), where)
        when = None
        if c.get("when") is not None:
            cond = c["when"]
            if not isinstance(cond, dict) or not cond.get("from") or not isinstance(cond.get("is"), str):
                raise ReadinessRulesError(f"{RESOURCE}: {where}: 'when' harus berisi 'from' dan 'is'")
            when = (_sources(cond["from"], where), cond["is"])
        if kind == "filled" and not sources:
            raise ReadinessRulesError(f"{RESOURCE}: {where}: 'from' kosong")
        if kind == "evidence" and not c.get("jenis"):
            raise ReadinessRulesError(f"{RESOURCE}: {where}: 'jenis' kosong")
        checks.append(
            Check(
                id=str(c["id"]),
                title=str(c.get("title") or c["id"]),
                kind=kind,
                ok=str(c.get("ok", "")),
                missing=str(c.get("missing", "")),
                iid=str(c.get("iid", "")),
                kipp=aspects,
                jenis=tuple(str(j) for j in c.get("jenis") or ()),
                sources=sources,
                when=when,
                min_words=int(c.get("min_words", 0)),
                no_date=str(c.get("no_date", "")),
                not_started=str(c.get("not_started", "")),
            )
        )
    if not checks or not kipp:
        raise ReadinessRulesError(f"{RESOURCE}: tidak ada pemeriksaan atau aspek KIPP")
    return Rules(
        checks=tuple(checks),
        kipp=kipp,
        iid=iid,
        min_months=int(raw.get("kipp", {}).get("min_months", 24)),
        kipp_source=str(raw.get("kipp", {}).get("source", "")),
        iid_source=str(raw.get("iid", {}).get("source", "")),
    )


@cache
def readiness_rules() -> Rules:
    """The rules in ``resources/kesiapan_iid_kipp.toml``."""
    with resource_path(RESOURCE).open("rb") as fh:
        return parse_rules(tomllib.load(fh))


# --- the facts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InnovationFacts:
    """What the checks read of one innovation: plain values, gathered once."""

    idea_id: uuid.UUID
    title: str
    unit: str
    status: IdeaStatus
    sheets: Mapping[str, Mapping[str, Any]]  # worksheet code -> the idea's data
    launched_on: dt.date | None = None
    missing_files: tuple[str, ...] = ()  # the evidence files attached but not in the store


@dataclass(frozen=True)
class Finding:
    check_id: str
    ok: bool
    sentence: str
    iid: str
    kipp: tuple[str, ...]  # the labels of the KIPP aspects it feeds


@dataclass(frozen=True)
class InnovationCheck:
    idea_id: uuid.UUID
    title: str
    unit: str
    findings: tuple[Finding, ...]
    estimate: float  # 0..1: the share of KIPP's aspect weights covered (the app's estimate)
    months: int | None  # how long it has run, None when no date says
    start: dt.date | None = None  # the start of penerapan (else the launch)

    @property
    def missing(self) -> int:
        return sum(not f.ok for f in self.findings)

    @property
    def missing_first(self) -> tuple[Finding, ...]:
        """The findings to show: what is missing first, each group in the rules' order."""
        return tuple(f for f in self.findings if not f.ok) + tuple(f for f in self.findings if f.ok)


@dataclass(frozen=True)
class ReadinessReport:
    lab: LabInfo
    logo_path: str
    today: dt.date
    rules: Rules
    innovations: tuple[InnovationCheck, ...] = field(default=())


# --- pure helpers --------------------------------------------------------------------------------------


def months_between(start: dt.date, today: dt.date) -> int:
    """Whole months from ``start`` to ``today`` (0 when ``today`` is not after ``start``)."""
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return max(0, months)


def _filled(value: Any, min_words: int = 0) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):  # a yes/no answered either way
        return not min_words
    if isinstance(value, (int, float)):
        return value >= 0 and not min_words
    if isinstance(value, str):
        text = value.strip()
        return bool(text) and (len(text.split()) >= min_words if min_words else True)
    if isinstance(value, list):
        return any(
            any(_filled(v) for v in row.values()) if isinstance(row, dict) else _filled(row) for row in value
        )
    return False


def _rows(sheets: Mapping[str, Mapping[str, Any]], code: str, key: str) -> list[Mapping[str, Any]]:
    rows = sheets.get(code, {}).get(key)
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def evidence_kinds(sheets: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The kinds of evidence (``jenis_bukti`` values) the innovation's LK-4c and LK-6 list."""
    return {
        str(row.get("jenis"))
        for code in EVIDENCE_SHEETS
        for row in _rows(sheets, code, "bukti")
        if isinstance(row.get("jenis"), str) and row.get("jenis")
    }


def evidence_refs(sheets: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """``(ref, description)`` of every evidence file in the content store the innovation lists."""
    out = []
    for code in EVIDENCE_SHEETS:
        for row in _rows(sheets, code, "bukti"):
            ref = row.get("berkas")
            if is_ref(ref):
                desc = row.get("uraian")
                out.append((str(ref), desc.strip() if isinstance(desc, str) else ""))
    return out


def _first_date(
    sheets: Mapping[str, Mapping[str, Any]], sources: Sequence[tuple[str, str]]
) -> dt.date | None:
    for code, key in sources:
        day = _date(sheets.get(code, {}).get(key))
        if day is not None:
            return day
    return None


def start_date(facts: InnovationFacts) -> dt.date | None:
    """The start of penerapan (LK-6, LK-4c, LK-3c), else the launch date."""
    return _first_date(facts.sheets, START_SOURCES) or facts.launched_on


def stage_of(facts: InnovationFacts, today: dt.date) -> str:
    """``inisiatif`` / ``uji_coba`` / ``penerapan``: as recorded (LK-6, LK-4c), else from the dates."""
    for code, key in STAGE_SOURCES:
        value = facts.sheets.get(code, {}).get(key)
        if isinstance(value, str) and value in STAGE_LABELS:
            return str(value)
    started = _first_date(facts.sheets, START_SOURCES) or facts.launched_on
    return _tahapan(facts.status, _first_date(facts.sheets, TRIAL_SOURCES), started, today)


def _has_indicator(sheets: Mapping[str, Mapping[str, Any]]) -> bool:
    return any(
        _filled(row.get("sebelum")) and _filled(row.get("sesudah"))
        for row in _rows(sheets, codes.RESULTS, "indikator")
    )


def _short_ref(ref: str) -> str:
    return ref[len("sha256:") :][:12] + "…"


def _check(c: Check, facts: InnovationFacts, today: dt.date, rules: Rules) -> tuple[bool, str]:
    """Whether ``c`` passes, and the sentence to print."""
    sheets = facts.sheets
    values: dict[str, str] = {}
    if c.kind == "evidence":
        passed = bool(evidence_kinds(sheets) & set(c.jenis))
    elif c.kind == "filled":
        passed = any(_filled(sheets.get(code, {}).get(key), c.min_words) for code, key in c.sources)
    elif c.kind == "indicator":
        passed = _has_indicator(sheets)
    elif c.kind == "running":
        start = start_date(facts)
        if start is None:
            return False, _(c.no_date or c.missing)
        if start > today and c.not_started:
            return False, _(c.not_started).format(tanggal=format_date(start))
        months = months_between(start, today)
        values["bulan"] = format_number(months)
        passed = months >= rules.min_months
    elif c.kind == "stage":
        stage = stage_of(facts, today)
        values["tahapan"] = _(STAGE_LABELS[stage])
        passed = stage == "penerapan"
    else:  # files
        passed = not facts.missing_files
        values["berkas"] = ", ".join(facts.missing_files)
    sentence = _(c.ok if passed else c.missing)
    try:
        return passed, sentence.format(**values)
    except (KeyError, IndexError, ValueError):  # a placeholder the check kind does not fill
        return passed, sentence


def applies(c: Check, facts: InnovationFacts) -> bool:
    """Whether ``c`` concerns this innovation (a check without ``when`` concerns every one)."""
    if c.when is None:
        return True
    sources, wanted = c.when
    for code, key in sources:
        value = facts.sheets.get(code, {}).get(key)
        if _filled(value):
            return value == wanted
    return False


def kipp_estimate(findings: Sequence[Finding], checks: Sequence[Check], rules: Rules) -> float:
    """The share (0..1) of KIPP's aspect weights covered: each aspect with a weight counts with the
    share of its checks that pass; aspects no check feeds are left out of the whole."""
    passed: dict[str, list[bool]] = {}
    for finding, check in zip(findings, checks, strict=True):
        for key in check.kipp:
            passed.setdefault(key, []).append(finding.ok)
    whole = sum(a.weight for a in rules.kipp if a.weight > 0 and a.key in passed)
    if whole <= 0:
        return 0.0
    got = sum(a.weight * sum(passed[a.key]) / len(passed[a.key]) for a in rules.kipp if a.key in passed)
    return max(0.0, min(1.0, got / whole))


def evaluate(facts: InnovationFacts, rules: Rules, today: dt.date) -> InnovationCheck:
    """The findings of one innovation (one per check that concerns it, in the rules' order) and its
    estimate."""
    findings = []
    checks = [c for c in rules.checks if applies(c, facts)]
    for c in checks:
        ok, sentence = _check(c, facts, today, rules)
        labels = tuple(_(rules.aspect(k).label) for k in c.kipp)
        findings.append(Finding(c.id, ok, sentence, _(c.iid), labels))
    start = start_date(facts)
    return InnovationCheck(
        idea_id=facts.idea_id,
        title=facts.title,
        unit=facts.unit,
        findings=tuple(findings),
        estimate=kipp_estimate(findings, checks, rules),
        months=months_between(start, today) if start is not None else None,
        start=start,
    )


# --- gather --------------------------------------------------------------------------------------------


def _sheet_codes(rules: Rules) -> list[str]:
    wanted = set(EVIDENCE_SHEETS) | {code for code, _key in STAGE_SOURCES + TRIAL_SOURCES + START_SOURCES}
    wanted |= {code for c in rules.checks for code, _key in c.sources}
    wanted |= {code for c in rules.checks if c.when for code, _key in c.when[0]}
    reg = default_registry()  # and the sheets their sourced fields read (LK-6's rancang bangun: LK-3a)
    wanted |= {src for code in list(wanted) if code in reg for src in source_codes(reg.get(code))}
    return sorted(wanted)


def gather_facts(db: Database, lab_id: uuid.UUID | str, rules: Rules | None = None) -> list[InnovationFacts]:
    """The facts of every launched innovation of a lab, in the lab's order (one read of the lab)."""
    rules = rules or readiness_rules()
    lab = parse_id(lab_id, _("Lab"))
    store = EvidenceStore.beside(db.file)
    with bulk_objects():
        with db.session() as s:
            settings = lab_settings_in(s, lab)  # also: an unknown lab is refused here
            ideas = [i for i in lab_ideas(s, lab) if i.status in LAUNCHED]
            sheets = (
                {code: lab_entries(s, lab, code, settings) for code in _sheet_codes(rules)} if ideas else {}
            )
            launches = _launch_dates(s, lab) if ideas else {}
    none: dict[str, Any] = {}
    out = []
    for idea in ideas:
        mine = all_with_sources(
            {code: sheets[code].get(idea.key, none) for code in sheets}, default_registry()
        )
        refs = evidence_refs(mine)
        missing = set(store.missing([r for r, _d in refs]))
        names = []
        for ref, desc in refs:
            if ref in missing:
                info = store.info(ref)
                names.append(desc or (info.name if info else "") or _short_ref(ref))
        out.append(
            InnovationFacts(
                idea_id=idea.id,
                title=idea.title.strip() or _("(inovasi tanpa judul)"),
                unit=idea.unit_name,
                status=idea.status,
                sheets=mine,
                launched_on=launches.get(idea.key),
                missing_files=tuple(dict.fromkeys(names)),
            )
        )
    return out


def readiness_report(
    db: Database, lab_id: uuid.UUID | str, today: dt.date | None = None, rules: Rules | None = None
) -> ReadinessReport:
    """The check of every launched innovation of a lab, as of ``today``."""
    today = today or dt.date.today()
    rules = rules or readiness_rules()
    facts = gather_facts(db, lab_id, rules)
    lab = get_lab(db, lab_id)
    logo = get_lab_settings(db, lab.id).logo_path
    return ReadinessReport(lab, logo, today, rules, tuple(evaluate(f, rules, today) for f in facts))


@dataclass(frozen=True)
class MissingCount:
    """How many of the innovations a check concerns lack what it asks for."""

    title: str
    missing: int
    concerned: int


def most_missing(report: ReadinessReport) -> list[MissingCount]:
    """Every check that some innovation fails, the most often failed first (then the rules' order)."""
    out = []
    for c in report.rules.checks:
        found = [f for i in report.innovations for f in i.findings if f.check_id == c.id]
        missing = sum(not f.ok for f in found)
        if missing:
            out.append(MissingCount(_(c.title), missing, len(found)))
    return sorted(out, key=lambda m: -m.missing)


def running_text(i: InnovationCheck, today: dt.date) -> str:
    """``berjalan 8 bulan``, ``penerapan direncanakan mulai 1 Maret 2027`` or ``lama berjalan belum diketahui``."""
    if i.start is None or i.months is None:
        return _("lama berjalan belum diketahui")
    if i.start > today:
        return _("penerapan direncanakan mulai {date}").format(date=format_date(i.start))
    return _("berjalan {n} bulan").format(n=format_number(i.months))


def format_estimate(share: float) -> str:
    """``62%`` (the estimate as a whole percent)."""
    return f"{round(share * 100)}%"


def estimate_note() -> str:
    """The statement every view of the check carries: it is the app's estimate."""
    return _(
        "Perkiraan aplikasi dari data yang tercatat di lab ini, bukan penilaian resmi Kemendagri (IID) "
        "atau KemenPANRB (KIPP). Gunakan untuk melihat bukti yang masih perlu dilengkapi."
    )
