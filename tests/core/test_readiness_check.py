"""Pemeriksaan kesiapan IID dan KIPP: the checks are data that names real worksheet fields, the weights
are those of the domain spec (§4.4, §4.5), every launched innovation gets one finding per check and an
estimate from its data alone, running time is counted to ``today``, a missing evidence file is named, and
the PDF says on its first page that it is the app's estimate."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from labinovasi.domain.enums import IdeaStatus
from labinovasi.evidence import EvidenceStore
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.readiness_check_pdf import readiness_check_filename, render_readiness_check
from labinovasi.resources import resource_path
from labinovasi.services import labs as svc
from labinovasi.services.readiness_check import (
    RESOURCE,
    InnovationFacts,
    ReadinessRulesError,
    evaluate,
    months_between,
    most_missing,
    parse_rules,
    readiness_report,
    readiness_rules,
)
from labinovasi.worksheets.registry import default_registry, named_lists

TODAY = dt.date(2030, 6, 15)


def _raw() -> dict[str, Any]:
    with resource_path(RESOURCE).open("rb") as fh:
        return tomllib.load(fh)


def _finding(check: Any, check_id: str) -> Any:
    return next(f for f in check.findings if f.check_id == check_id)


def _flat(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


# --- the rules -----------------------------------------------------------------------------------------


def test_the_weights_are_those_of_the_domain_spec() -> None:
    rules = readiness_rules()
    kipp = {a.key: a.weight for a in rules.kipp}
    assert kipp == {
        "ringkasan": 0,
        "latar_belakang": 10,
        "kebaruan": 15,
        "implementasi": 5,
        "signifikansi": 30,
        "adaptabilitas": 20,
        "sumber_daya": 5,
        "keberlanjutan": 15,
    }
    assert sum(kipp.values()) == 100
    assert {a.key: a.weight for a in rules.iid} == {"spd": 25.2, "sid": 74.8}
    assert rules.min_months == 24
    # every weighted KIPP aspect is fed by at least one check
    fed = {k for c in rules.checks for k in c.kipp}
    assert {k for k, w in kipp.items() if w > 0} <= fed


def test_every_source_and_evidence_kind_exists() -> None:
    reg = default_registry()
    jenis = {o.value for o in named_lists()["jenis_bukti"]}
    rules = readiness_rules()
    for c in rules.checks:
        for code, key in c.sources:
            reg.get(code).field(key)  # raises for a field that does not exist
        assert set(c.jenis) <= jenis, c.id
        assert c.ok and c.missing and c.iid, c.id
    ids = {c.id for c in rules.checks}
    assert {
        "sk_penetapan",
        "lama_berjalan",
        "foto",
        "anggaran",
        "indikator",
        "berkas",
        "sop",
        "tahapan",
    } <= ids


def test_the_file_says_it_models_only_what_is_known() -> None:
    header = resource_path(RESOURCE).read_text(encoding="utf-8")[:2500]
    assert "36 indicators" in header and "§4.4" in header and "§4.5" in header


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["checks"][0].update(kind="tebakan"), "tidak dikenal"),
        (lambda r: r["checks"][0].update(kipp=["rahasia"]), "aspek KIPP tidak dikenal"),
        (lambda r: r["checks"][3].update({"from": ["LK-6"]}), "tidak dapat diperiksa"),
        (lambda r: r["checks"][1].update(id=r["checks"][0]["id"]), "ganda"),
        (lambda r: r["checks"][0].update(when={"is": "digital"}), "'when' harus"),
    ],
)
def test_a_broken_rules_file_is_refused_with_a_sentence(change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(ReadinessRulesError, match=message):
        parse_rules(raw)


# --- pure evaluation -----------------------------------------------------------------------------------


def _facts(sheets: dict[str, Any], launched: dt.date | None = None, missing: tuple[str, ...] = ()) -> Any:
    return InnovationFacts(
        idea_id=uuid.uuid4(),
        title="SIPANDU",
        unit="Disdukcapil",
        status=IdeaStatus.DILUNCURKAN,
        sheets=sheets,
        launched_on=launched,
        missing_files=missing,
    )


def test_running_time_is_counted_from_penerapan_else_the_launch() -> None:
    rules = readiness_rules()
    young = evaluate(_facts({"LK-4c": {"tanggal_penerapan": "2029-10-01"}}), rules, TODAY)
    f = _finding(young, "lama_berjalan")
    assert not f.ok and f.sentence == "Inovasi baru berjalan 8 bulan; KIPP kelompok umum meminta ≥ 2 tahun"
    assert young.months == 8
    old = evaluate(_facts({}, launched=dt.date(2028, 6, 15)), rules, TODAY)
    assert _finding(old, "lama_berjalan").ok and old.months == 24
    later = evaluate(_facts({}, launched=dt.date(2031, 1, 1)), rules, TODAY)
    assert (
        "Penerapan belum dimulai (direncanakan 1 Januari 2031)" in _finding(later, "lama_berjalan").sentence
    )
    unknown = evaluate(_facts({}), rules, TODAY)
    assert "belum dicatat" in _finding(unknown, "lama_berjalan").sentence and unknown.months is None


def test_a_complete_innovation_passes_everything_and_estimates_100() -> None:
    words = " ".join(["kata"] * 300)
    sheets = {
        "LK-6": {"tujuan": "t", "latar_belakang": "l", "rancang_bangun": words, "anggaran": 5_000_000},
        "LK-3": {"kebaruan": "k", "sumber_daya": "s", "keberlanjutan": "b"},
        "LK-4c": {
            "hasil": "h",
            "kematangan": "penerapan",
            "tanggal_penerapan": "2027-01-01",
            "jumlah_penerima_manfaat": 0,
            "indikator": [{"indikator": "Waktu layanan", "sebelum": "5 hari", "sesudah": "1 hari"}],
            "bukti": [
                {"jenis": j, "uraian": j, "berkas": ""}
                for j in ("sk_perkada", "foto", "sop", "pedoman", "laporan_monev", "dokumen_anggaran")
            ],
        },
        "LK-5c": {"peminat": [{"peminat": "Kabupaten Sebelah"}]},
    }
    result = evaluate(_facts(sheets), readiness_rules(), TODAY)
    assert [f.sentence for f in result.findings if not f.ok] == []
    assert result.missing == 0 and result.estimate == pytest.approx(1.0)


def test_a_screenshot_is_asked_of_digital_innovations_only() -> None:
    rules = readiness_rules()
    digital = evaluate(_facts({"LK-2f": {"jenis": "digital"}}), rules, TODAY)
    assert (
        _finding(digital, "screenshot").sentence
        == "Belum ada screenshot aplikasi (diminta untuk inovasi digital)"
    )
    offline = evaluate(
        _facts({"LK-6": {"jenis": "non_digital"}, "LK-2f": {"jenis": "digital"}}), rules, TODAY
    )
    unknown = evaluate(_facts({}), rules, TODAY)
    for result in (offline, unknown):
        assert "screenshot" not in {f.check_id for f in result.findings}
        assert len(result.findings) == len(rules.checks) - 1


def test_the_most_often_missing_come_first(db, demo_lab) -> None:  # noqa: ANN001
    report = readiness_report(db, demo_lab.id, TODAY)
    counts = most_missing(report)
    assert counts[0].missing == 7 and counts[0].concerned == 7
    assert [c.missing for c in counts] == sorted((c.missing for c in counts), reverse=True)
    assert all(0 < c.missing <= c.concerned <= 7 for c in counts)
    titles = {c.title for c in counts}
    assert "SK penetapan inovasi" in titles and "Berkas bukti ada di folder" not in titles


def test_missing_files_are_named() -> None:
    result = evaluate(_facts({}, missing=("SK Bupati.pdf", "foto launching")), readiness_rules(), TODAY)
    f = _finding(result, "berkas")
    assert not f.ok
    assert f.sentence == "Berkas bukti hilang dari folder bukti lab: SK Bupati.pdf, foto launching"


values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**9) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "bukti",
        "indikator",
        "tanggal_penerapan",
        "waktu_penerapan",
        "kematangan",
        "tahapan_inovasi",
        "tujuan",
        "anggaran",
        "peminat",
        "rancang_bangun",
        "jumlah_penerima_manfaat",
    ]
)
sheets_strategy = st.dictionaries(
    st.sampled_from(["LK-6", "LK-4c", "LK-3", "LK-3c", "LK-2f", "LK-5c", "LK-9"]),
    st.dictionaries(field_names, values, max_size=5),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(sheets=sheets_strategy, launched=st.none() | st.dates(), today=st.dates())
def test_any_stored_data_gives_one_finding_per_check_and_an_estimate_in_range(
    sheets: dict[str, Any], launched: dt.date | None, today: dt.date
) -> None:
    rules = readiness_rules()
    result = evaluate(_facts(sheets, launched), rules, today)
    ids = [f.check_id for f in result.findings]
    assert ids == [c.id for c in rules.checks if c.id in ids]
    assert set(ids) >= {c.id for c in rules.checks if c.when is None}
    assert 0.0 <= result.estimate <= 1.0
    assert all(f.sentence and "{" not in f.sentence for f in result.findings)


@settings(max_examples=100, deadline=None)
@given(sheets=sheets_strategy, jenis=st.sampled_from(["sk_perkada", "sop", "foto", "dokumen_anggaran"]))
def test_adding_evidence_never_lowers_the_estimate(sheets: dict[str, Any], jenis: str) -> None:
    rules = readiness_rules()
    before = evaluate(_facts(sheets), rules, TODAY)
    results = dict(sheets.get("LK-4c") or {})
    rows = results.get("bukti") if isinstance(results.get("bukti"), list) else []
    results["bukti"] = [*rows, {"jenis": jenis, "uraian": "bukti", "berkas": ""}]
    after = evaluate(_facts({**sheets, "LK-4c": results}), rules, TODAY)
    assert after.estimate >= before.estimate - 1e-9
    assert after.missing <= before.missing


@given(start=st.dates(), n=st.integers(0, 600))
def test_months_between_counts_whole_months(start: dt.date, n: int) -> None:
    year, month = divmod(start.month - 1 + n, 12)
    if start.year + year > 9999:
        return
    later = dt.date(start.year + year, month + 1, min(start.day, 28))
    expected = n - (start.day > 28)
    assert months_between(start, later) == max(0, expected)
    assert months_between(later, start) == 0  # never negative
    assert months_between(start, start) == 0


# --- the demo lab --------------------------------------------------------------------------------------


def _photo(path: Path) -> Path:
    Image.new("RGB", (60, 40), (40, 120, 200)).save(path, "PNG")
    return path


def test_the_demo_lab_before_and_after_evidence(db, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    report = readiness_report(db, demo_lab.id, TODAY)
    assert len(report.innovations) == 7  # the demo's launched innovations
    with_sk = [i.title.split(" — ")[0] for i in report.innovations if _finding(i, "sk_penetapan").ok]
    assert with_sk == ["SIPANDU"]  # the demo's results (LK-4c) hold its SK
    first = next(i for i in report.innovations if not _finding(i, "sk_penetapan").ok)  # JEMPOL MANIS
    idea = next(
        i for u in svc.list_units(db, demo_lab.id) for i in svc.list_ideas(db, u.id) if i.id == first.idea_id
    )
    store = EvidenceStore.beside(db.file)
    kept = store.add(_photo(tmp_path / "launching.png"))
    gone_src = tmp_path / "sk.png"
    Image.new("RGB", (30, 30), (200, 10, 10)).save(gone_src, "PNG")
    gone = store.add(gone_src)
    save_worksheet(
        db,
        "LK-4c",
        {
            "hasil": "Waktu layanan KTP turun dari 5 hari menjadi 1 hari.",
            "kematangan": "penerapan",
            "tanggal_penerapan": dt.date(2027, 3, 1),
            "indikator": [{"indikator": "Waktu layanan KTP", "sebelum": "5 hari", "sesudah": "1 hari"}],
            "jumlah_penerima_manfaat": 1200,
            "bukti": [
                {"jenis": "sk_perkada", "uraian": "SK Bupati penetapan", "berkas": gone.ref},
                {"jenis": "foto", "uraian": "Foto launching", "berkas": kept.ref},
            ],
        },
        demo_lab.id,
        idea.unit_id,
        idea.id,
    )
    store.path(gone.ref).unlink()  # deleted by hand from the evidence folder
    after = readiness_report(db, demo_lab.id, TODAY)
    mine = next(i for i in after.innovations if i.idea_id == idea.id)
    assert _finding(mine, "sk_penetapan").ok and _finding(mine, "foto").ok
    assert _finding(mine, "indikator").ok and _finding(mine, "tahapan").ok
    assert _finding(mine, "lama_berjalan").ok and mine.months == 39
    assert (
        _finding(mine, "berkas").sentence == "Berkas bukti hilang dari folder bukti lab: SK Bupati penetapan"
    )
    assert mine.estimate > first.estimate and mine.missing < first.missing
    others = [i for i in after.innovations if i.idea_id != idea.id]
    assert [i.estimate for i in others] == [i.estimate for i in report.innovations if i.idea_id != idea.id]


@pytest.mark.parametrize(("paper", "height"), [("a4", 297), ("f4", 330)])
def test_the_pdf_says_it_is_an_estimate_and_lists_the_findings(db, demo_lab, paper: str, height: int) -> None:  # noqa: ANN001
    pdf = render_readiness_check(db, demo_lab.id, paper, TODAY)
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == height
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "PEMERIKSAAN KESIAPAN IID DAN KIPP" in first
    assert "PERKIRAAN APLIKASI — BUKAN PENILAIAN RESMI" in first
    assert "bukan penilaian resmi Kemendagri (IID) atau KemenPANRB (KIPP)" in first
    text = _flat(pdf)
    assert "Ringkasan per inovasi" in text and "Temuan per inovasi" in text
    assert text.count("Belum ada SK penetapan inovasi (bukti jenis SK/Perkada)") == 6  # SIPANDU has one
    assert "SIPANDU" in text and "Signifikansi 30%" in text
    assert "Yang paling sering belum ada" in text and "SK penetapan inovasi 6 dari 7" in text
    assert "✗" in text and "✓" in text


def test_a_lab_without_launched_innovations_says_so(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong", pemda="Kabupaten Contoh")
    text = _flat(render_readiness_check(db, lab.id, "a4", TODAY))
    assert "Belum ada inovasi yang diluncurkan (LK-4a)." in text
    assert readiness_check_filename(lab) == "Kesiapan_IID_KIPP_Lab_Kosong.pdf"


def test_hostile_names_print_as_written_from_gathered_values_alone(db, demo_lab) -> None:  # noqa: ANN001
    from dataclasses import replace

    from labinovasi.reports.base import DocumentInfo, build
    from labinovasi.reports.readiness_check_pdf import readiness_check_story

    report = readiness_report(db, demo_lab.id, TODAY)
    hostile = "Biaya < 5 juta & <b>cepat</b> 🚀 " + "panjang " * 80
    first = replace(report.innovations[0], title=hostile, unit="Dinas <i>X</i> & Co")
    report = replace(report, innovations=(first, *report.innovations[1:]))
    db.close()  # laid out from the gathered values alone
    pdf = build(
        readiness_check_story(report, DocumentInfo(title="t", paper="a4", kop=True)), DocumentInfo(title="t")
    )
    text = _flat(pdf)
    assert "Biaya < 5 juta & <b>cepat</b>" in text and "Dinas <i>X</i> & Co" in text


def test_removed_ideas_and_units_are_not_checked(db, demo_lab) -> None:  # noqa: ANN001
    report = readiness_report(db, demo_lab.id, TODAY)
    first, second = report.innovations[0], report.innovations[2]
    spine_ops.remove_idea(db, first.idea_id)
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == second.unit)
    spine_ops.remove_unit(db, unit.id)
    left = {i.idea_id for i in readiness_report(db, demo_lab.id, TODAY).innovations}
    assert first.idea_id not in left and second.idea_id not in left
    assert len(left) == 7 - 1 - sum(i.unit == second.unit for i in report.innovations)


def test_an_unknown_lab_is_refused_with_a_sentence(db) -> None:  # noqa: ANN001
    with pytest.raises(LookupError, match="tidak ditemukan"):
        readiness_report(db, uuid.uuid4(), TODAY)
