"""Curation (LK-2g): decisions become statuses, merges are checked, ideas are ranked with the lab's
weights; the idea board's rows; the LK-2g print and the Rekap Diagnose PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from labinovasi.db import models as m
from labinovasi.domain.enums import IdeaStatus, Scope, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import apply_decision, save_curation, save_worksheet, sync_decisions
from labinovasi.reports.base import DocumentInfo, build
from labinovasi.reports.curation_pdf import blank_body, filled_body
from labinovasi.reports.rekap_diagnose import rekap_diagnose_data, render_rekap_diagnose, short_title
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.curation import (
    CurationError,
    check_decision,
    curation_table,
    decision_label,
    design_ideas,
    format_score,
    idea_standing,
    merge_targets,
    status_for,
)
from labinovasi.services.idea_board import board_rows
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry

GATE = ("pembaruan", "bermanfaat", "tidak_membebani", "kewenangan", "replikasi")
CRITERIA = ("kebaruan", "efektif", "bermanfaat", "mudah_disebarkan", "berkelanjutan")


def sheet(
    scores: tuple[int, ...] | None = (4, 4, 4, 4, 4),
    gate: bool | dict[str, bool] | None = True,
    decision: str | None = None,
    **extra: object,
) -> dict:
    data: dict = {}
    if gate is not None:
        answers = (
            dict.fromkeys(GATE, gate) if isinstance(gate, bool) else {**dict.fromkeys(GATE, True), **gate}
        )
        data.update({f"pp38_{k}": v for k, v in answers.items()})
    if scores is not None:
        data.update({f"skor_{k}": v for k, v in zip(CRITERIA, scores, strict=True)})
    if decision:
        data["keputusan"] = decision
    data.update(extra)
    return data


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    """Two units (a dinas and a kecamatan) with three and two ideas, every idea with its card."""
    lab = spine_ops.create_lab(
        db, "Lab Kurasi", pemda="Kabupaten Contoh", city="Contoh", facilitator="Dr. Fasilitator, M.Si."
    )
    dinas = spine_ops.add_unit(db, lab.id, "Dinas Satu", UnitType.DINAS)
    kec = spine_ops.add_unit(db, lab.id, "Kecamatan Dua", UnitType.KECAMATAN)
    save_worksheet(
        db,
        "LK-2b",
        {
            "masalah": [
                {"_id": "m1", "no": 1, "uraian": "Antrean <panjang> & lama di loket"},
                {"_id": "m2", "no": 2, "uraian": "Data tidak lengkap"},
            ]
        },
        lab.id,
        dinas.id,
    )
    yes = {"aktual": True, "problematik": True, "kekhalayakan": True, "kelayakan": True}
    save_worksheet(
        db, "LK-2c", {"apkl": [{"masalah": "m1", **yes}, {"masalah": "m2", **yes}]}, lab.id, dinas.id
    )
    save_worksheet(
        db,
        "LK-2d",
        {
            "usg": [
                {"masalah": "m1", "u": 5, "s": 4, "g": 4, "dipilih": True},
                {"masalah": "m2", "u": 2, "s": 3, "g": 2},
            ]
        },
        lab.id,
        dinas.id,
    )
    ideas = {}
    cards = [
        (
            dinas,
            "ALFA — Layanan Alfa",
            {"bentuk": "pelayanan_publik", "jenis": "digital", "urusan": "adminduk", "masalah_ref": "m1"},
        ),
        (dinas, "BETA — Layanan Beta", {"bentuk": "tata_kelola", "jenis": "non_digital"}),
        (dinas, "GAMMA <b>tebal</b> & co", {}),
        (
            kec,
            "DELTA — Kecamatan Delta",
            {"bentuk": "pelayanan_publik", "jenis": "digital", "urusan": "kesehatan"},
        ),
        (kec, "EPSILON — Kecamatan Epsilon", {"jenis": "digital"}),
    ]
    for unit, title, fields in cards:
        idea = spine_ops.add_idea(db, unit.id, title)
        save_worksheet(
            db,
            "LK-2f",
            {"nama": title, "masalah": f"Masalah sendiri dari {title}", "deskripsi": "Ide.", **fields},
            lab.id,
            unit.id,
            idea.id,
        )
        ideas[title.split(" ")[0]] = idea
    return lab, dinas, kec, ideas


def status(db, idea) -> IdeaStatus:  # noqa: ANN001
    return svc.get_idea(db, idea.id).status


# --- decisions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("lanjut", IdeaStatus.LANJUT),
        ("perbaiki", IdeaStatus.PERBAIKI),
        ("gabung", IdeaStatus.DIGABUNG),
        ("tunda", IdeaStatus.DITUNDA),
    ],
)
def test_decision_sets_status(db, lab, decision: str, expected: IdeaStatus) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    info = save_curation(db, lab_.id, ideas["ALFA"].id, sheet(decision=decision))
    assert info.data["keputusan"] == decision
    assert status(db, ideas["ALFA"]) is expected
    assert svc.get_idea(db, ideas["ALFA"].id).stage is Stage.DIAGNOSE  # the stage is not moved


def test_clearing_the_decision_steps_back(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    alfa = ideas["ALFA"]
    save_curation(db, lab_.id, alfa.id, sheet(decision="lanjut"))
    assert status(db, alfa) is IdeaStatus.LANJUT
    save_curation(db, lab_.id, alfa.id, sheet())  # scores kept, decision cleared
    assert status(db, alfa) is IdeaStatus.DIREVIEW
    save_curation(db, lab_.id, alfa.id, {"catatan": "belum dinilai"})
    assert status(db, alfa) is IdeaStatus.DRAF
    # scoring an idea that was only submitted puts it under review; a bare note changes nothing
    spine_ops.update_idea(db, alfa.id, status=IdeaStatus.DIAJUKAN)
    apply_decision(db, alfa.id, {"kurator": "X"})
    assert status(db, alfa) is IdeaStatus.DIAJUKAN
    apply_decision(db, alfa.id, {"skor_kebaruan": 3})
    assert status(db, alfa) is IdeaStatus.DIREVIEW


def test_launched_idea_keeps_its_status_when_curated_lanjut_again(db, lab) -> None:  # noqa: ANN001
    _lab, _d, _k, ideas = lab
    spine_ops.update_idea(db, ideas["ALFA"].id, status=IdeaStatus.DILUNCURKAN)
    assert apply_decision(db, ideas["ALFA"].id, sheet(decision="lanjut")).status is IdeaStatus.DILUNCURKAN
    assert apply_decision(db, ideas["ALFA"].id, sheet()).status is IdeaStatus.DILUNCURKAN
    assert apply_decision(db, ideas["ALFA"].id, sheet(decision="tunda")).status is IdeaStatus.DITUNDA
    assert status_for("lanjut", {}, IdeaStatus.DIHENTIKAN) is IdeaStatus.LANJUT
    assert status_for(None, {}, IdeaStatus.DITERAPKAN) is IdeaStatus.DITERAPKAN


def test_apply_decision_is_idempotent_and_ignores_unknown_values(db, lab) -> None:  # noqa: ANN001
    _lab, _d, _k, ideas = lab
    first = apply_decision(db, ideas["BETA"].id, sheet(decision="perbaiki"))
    again = apply_decision(db, ideas["BETA"].id, sheet(decision="perbaiki"))
    assert first.status is again.status is IdeaStatus.PERBAIKI
    assert apply_decision(db, ideas["BETA"].id, {"keputusan": "hapus"}).status is IdeaStatus.DRAF
    assert decision_label("lanjut") == "Lanjut" and decision_label(None) == "Belum dikurasi"
    assert format_score(19) == "19,0" and format_score(19.44) == "19,4" and format_score(None) == ""


# --- merging ------------------------------------------------------------------------------------------


def merged_into(db, idea) -> uuid.UUID | None:  # noqa: ANN001
    return next(r.merged_into_id for r in curation_table(db, idea_lab(db, idea)) if r.idea_id == idea.id)


def idea_lab(db, idea) -> uuid.UUID:  # noqa: ANN001
    return svc.get_unit(db, idea.unit_id).lab_id


def test_merge_records_the_target_and_keeps_both_worksheets(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    beta, alfa = ideas["BETA"], ideas["ALFA"]
    save_curation(db, lab_.id, beta.id, sheet(decision="gabung", gabung_ke=str(alfa.id)))
    assert status(db, beta) is IdeaStatus.DIGABUNG
    assert merged_into(db, beta) == alfa.id
    row = next(r for r in curation_table(db, lab_.id) if r.idea_id == beta.id)
    assert row.merged_into_title == "ALFA — Layanan Alfa" and row.decision == "gabung"
    assert load_worksheet(db, "LK-2f", lab_.id, idea_id=beta.id).data["nama"] == "BETA — Layanan Beta"
    assert load_worksheet(db, "LK-2f", lab_.id, idea_id=alfa.id).data["nama"] == "ALFA — Layanan Alfa"
    # another decision clears the merge
    save_curation(db, lab_.id, beta.id, sheet(decision="tunda", gabung_ke=str(alfa.id)))
    assert merged_into(db, beta) is None and status(db, beta) is IdeaStatus.DITUNDA
    # gabung without a target yet: the decision counts, the target waits
    save_curation(db, lab_.id, beta.id, sheet(decision="gabung"))
    assert status(db, beta) is IdeaStatus.DIGABUNG and merged_into(db, beta) is None


def test_merge_into_itself_is_refused_and_nothing_is_stored(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    alfa = ideas["ALFA"]
    save_curation(db, lab_.id, alfa.id, sheet(decision="lanjut", catatan="awal"))
    with pytest.raises(CurationError, match="dirinya sendiri"):
        save_curation(db, lab_.id, alfa.id, sheet(decision="gabung", gabung_ke=str(alfa.id), catatan="baru"))
    assert load_worksheet(db, "LK-2g", lab_.id, idea_id=alfa.id).data["catatan"] == "awal"
    assert status(db, alfa) is IdeaStatus.LANJUT
    with pytest.raises(CurationError, match="dirinya sendiri"):
        apply_decision(db, alfa.id, sheet(decision="gabung", gabung_ke=str(alfa.id)))
    assert status(db, alfa) is IdeaStatus.LANJUT


def test_merge_cycles_are_refused(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    alfa, beta, gamma = ideas["ALFA"], ideas["BETA"], ideas["GAMMA"]
    save_curation(db, lab_.id, beta.id, sheet(decision="gabung", gabung_ke=str(alfa.id)))
    with pytest.raises(CurationError, match="BETA — Layanan Beta.*sudah digabung ke ide ini"):
        save_curation(db, lab_.id, alfa.id, sheet(decision="gabung", gabung_ke=str(beta.id)))
    assert load_worksheet(db, "LK-2g", lab_.id, idea_id=alfa.id).data == {}
    assert status(db, alfa) is IdeaStatus.DRAF
    # a longer chain: GAMMA -> BETA -> ALFA, then ALFA -> GAMMA is a cycle too
    save_curation(db, lab_.id, gamma.id, sheet(decision="gabung", gabung_ke=str(beta.id)))
    with pytest.raises(CurationError):
        check_decision(db, alfa.id, sheet(decision="gabung", gabung_ke=str(gamma.id)))
    # the merge targets of ALFA leave out itself and every idea merged into it (directly or not)
    targets = {t.title for t in merge_targets(db, alfa.id)}
    assert targets == {"DELTA — Kecamatan Delta", "EPSILON — Kecamatan Epsilon"}
    assert [t.same_unit for t in merge_targets(db, ideas["DELTA"].id)][:1] == [True]  # its own unit first


def test_merge_into_unknown_or_foreign_idea_is_refused(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    other = spine_ops.create_lab(db, "Lab Lain")
    foreign_unit = spine_ops.add_unit(db, other.id, "Unit Lain", UnitType.DINAS)
    foreign = spine_ops.add_idea(db, foreign_unit.id, "Ide lain")
    with pytest.raises(CurationError, match="tidak ada di lab ini"):
        save_curation(db, lab_.id, ideas["ALFA"].id, sheet(decision="gabung", gabung_ke=str(foreign.id)))
    with pytest.raises(CurationError, match="tidak ditemukan"):
        save_curation(db, lab_.id, ideas["ALFA"].id, sheet(decision="gabung", gabung_ke=uuid.uuid4().hex))
    with pytest.raises(CurationError, match="tidak dikenal"):
        apply_decision(db, ideas["ALFA"].id, sheet(decision="gabung", gabung_ke="bukan-id"))
    assert load_worksheet(db, "LK-2g", lab_.id, idea_id=ideas["ALFA"].id).data == {}


def test_sync_decisions_applies_stored_sheets(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab

    def store_raw(idea, data) -> None:  # noqa: ANN001 - written behind the write path's back (an old import)
        with db.session() as s:
            entry = s.scalars(
                select(m.WorksheetEntry).where(
                    m.WorksheetEntry.idea_id == idea.id, m.WorksheetEntry.template_code == "LK-2g"
                )
            ).first()
            if entry is None:
                entry = m.WorksheetEntry(
                    lab_id=lab_.id,
                    unit_id=idea.unit_id,
                    idea_id=idea.id,
                    template_code="LK-2g",
                    template_version=1,
                    scope=Scope.IDEA,
                )
                s.add(entry)
            entry.data = data

    store_raw(ideas["ALFA"], sheet(decision="lanjut"))
    store_raw(ideas["BETA"], sheet(decision="gabung", gabung_ke=str(ideas["ALFA"].id)))
    store_raw(ideas["ALFA"], sheet(decision="gabung", gabung_ke=str(ideas["BETA"].id)))  # a cycle
    assert sync_decisions(db, lab_.id) == 2
    assert (
        status(db, ideas["BETA"]) is IdeaStatus.DIGABUNG
        and merged_into(db, ideas["BETA"]) == ideas["ALFA"].id
    )
    assert status(db, ideas["ALFA"]) is IdeaStatus.DIGABUNG and merged_into(db, ideas["ALFA"]) is None
    assert sync_decisions(db, lab_.id) == 0


# --- ranks and the Design list ------------------------------------------------------------------------


def test_ranks_within_unit_and_lab_with_weights(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet((5, 5, 5, 5, 1)))  # 21: strong but not lasting
    save_curation(db, lab_.id, ideas["BETA"].id, sheet((4, 4, 4, 4, 4)))  # 20
    save_curation(
        db, lab_.id, ideas["GAMMA"].id, sheet((5, 5, 5, 5, 5), gate={"replikasi": False})
    )  # 25, fails
    save_curation(db, lab_.id, ideas["DELTA"].id, sheet((3, 3, 3, 3, 5)))  # 17
    rows = {r.title.split(" ")[0]: r for r in curation_table(db, lab_.id)}
    assert rows["ALFA"].score == 21 and rows["GAMMA"].gate_passed is False
    assert (rows["ALFA"].rank_unit, rows["ALFA"].rank_lab) == (1, 1)
    assert (rows["BETA"].rank_unit, rows["BETA"].rank_lab) == (2, 2)
    assert (rows["DELTA"].rank_unit, rows["DELTA"].rank_lab) == (1, 3)
    assert (rows["GAMMA"].rank_unit, rows["GAMMA"].rank_lab) == (3, 4)  # the gate comes first
    assert rows["EPSILON"].score is None and rows["EPSILON"].rank_lab is None and not rows["EPSILON"].curated
    assert rows["GAMMA"].failed_gate == ("replikasi",)
    # weigh sustainability four times: the lasting ideas climb
    update_lab_settings(db, lab_.id, curation_weights={"berkelanjutan": 4.0})
    rows = {r.title.split(" ")[0]: r for r in curation_table(db, lab_.id)}
    assert rows["ALFA"].score == pytest.approx(5 * (20 + 4) / 8)  # 15.0
    assert rows["DELTA"].score == pytest.approx(5 * (12 + 20) / 8)  # 20.0
    assert [rows[k].rank_lab for k in ("BETA", "DELTA", "ALFA", "GAMMA")] == [1, 1, 3, 4]
    # what-if standing of one idea against the stored others
    st = idea_standing(db, lab_.id, ideas["EPSILON"].id, sheet((5, 5, 5, 5, 5)))
    assert (st.result.score, st.rank_unit, st.rank_lab) == (25, 1, 1)


def test_design_ideas_are_the_lanjut_ones(db, lab) -> None:  # noqa: ANN001
    lab_, dinas, _k, ideas = lab
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet(decision="lanjut"))
    save_curation(db, lab_.id, ideas["BETA"].id, sheet(decision="perbaiki"))
    spine_ops.update_idea(db, ideas["GAMMA"].id, status=IdeaStatus.DITERAPKAN)
    assert [i.title for i in design_ideas(db, dinas.id)] == ["ALFA — Layanan Alfa", "GAMMA <b>tebal</b> & co"]
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet(decision="tunda"))
    assert [i.title for i in design_ideas(db, dinas.id)] == ["GAMMA <b>tebal</b> & co"]


# --- the idea board -----------------------------------------------------------------------------------


def test_board_rows_content(db, lab) -> None:  # noqa: ANN001
    lab_, dinas, kec, ideas = lab
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet((5, 5, 5, 4, 4), decision="lanjut"))
    save_curation(
        db,
        lab_.id,
        ideas["DELTA"].id,
        sheet((3, 3, 3, 3, 3), decision="gabung", gabung_ke=str(ideas["EPSILON"].id)),
    )
    rows = board_rows(db, lab_.id)
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert [r.number_in_unit for r in rows] == [1, 2, 3, 1, 2]
    alfa, beta, gamma, delta, epsilon = rows
    assert (alfa.title, alfa.unit_name, alfa.unit_type, alfa.unit_id) == (
        "ALFA — Layanan Alfa",
        "Dinas Satu",
        UnitType.DINAS,
        dinas.id,
    )
    assert alfa.idea_id == ideas["ALFA"].id and alfa.stage is Stage.DIAGNOSE
    assert (alfa.status, alfa.decision, alfa.score, alfa.rank_unit, alfa.rank_lab) == (
        IdeaStatus.LANJUT,
        "lanjut",
        23,
        1,
        1,
    )
    assert (alfa.bentuk, alfa.bentuk_label) == ("pelayanan_publik", "Inovasi pelayanan publik")
    assert (alfa.jenis_label, alfa.urusan_label) == (
        "Digital (daring)",
        "Administrasi kependudukan dan pencatatan sipil",
    )
    assert alfa.masalah == "Antrean <panjang> & lama di loket"  # the LK-2b row it points at
    assert beta.masalah == "Masalah sendiri dari BETA — Layanan Beta"  # its own words
    assert (beta.bentuk_label, beta.jenis_label, beta.urusan, beta.urusan_label) == (
        "Inovasi tata kelola pemerintahan daerah",
        "Non digital (luring)",
        "",
        "",
    )
    assert beta.decision is None and beta.score is None and beta.status is IdeaStatus.DRAF
    assert gamma.title == "GAMMA <b>tebal</b> & co" and gamma.bentuk == ""
    assert (delta.unit_id, delta.decision, delta.merged_into_title) == (
        kec.id,
        "gabung",
        "EPSILON — Kecamatan Epsilon",
    )
    assert "antrean <panjang>" in alfa.haystack and "dinas satu" in alfa.haystack
    assert epsilon.rank_lab is None


def count_queries(db):  # noqa: ANN001, ANN201
    counter = {"n": 0}

    def on_execute(*_args) -> None:  # noqa: ANN002
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", on_execute)
    return counter, lambda: event.remove(db.engine, "before_cursor_execute", on_execute)


def test_board_and_table_take_a_constant_number_of_queries(db, lab) -> None:  # noqa: ANN001
    lab_, dinas, kec, ideas = lab
    counter, stop = count_queries(db)
    try:
        board_rows(db, lab_.id)
        curation_table(db, lab_.id)
        small = counter["n"]
        for k in range(30):
            unit = dinas if k % 2 else kec
            idea = spine_ops.add_idea(db, unit.id, f"Ide tambahan {k}")
            save_worksheet(
                db, "LK-2f", {"nama": f"Ide tambahan {k}", "masalah_ref": "m2"}, lab_.id, unit.id, idea.id
            )
            save_worksheet(db, "LK-2g", sheet(decision="lanjut"), lab_.id, idea_id=idea.id)
        counter["n"] = 0
        rows = board_rows(db, lab_.id)
        curation_table(db, lab_.id)
        assert counter["n"] == small
    finally:
        stop()
    assert len(rows) == 35
    assert sum(r.masalah == "Data tidak lengkap" for r in rows) == 15  # the dinas' ideas pointing at m2


def test_benchmark_lab_is_valid_and_loads(tmp_path) -> None:  # noqa: ANN001
    # the benchmarks live in the checkout, not in the installed package the core lane tests
    build_lab = pytest.importorskip("benchmarks.bench_board", reason="benchmarks/ is not installed").build_lab
    from labinovasi.db.engine import open_database  # noqa: PLC0415

    url = f"sqlite:///{(tmp_path / 'bench.sqlite3').as_posix()}"
    lab_id = build_lab(url, ideas=60, units=7)
    db = open_database(url)
    try:
        rows = board_rows(db, lab_id)
        assert len(rows) == 60 and len({r.unit_id for r in rows}) == 7
        assert any(r.score is not None for r in rows) and any(r.masalah.startswith("Masalah") for r in rows)
    finally:
        db.close()


# --- LK-2g on paper -----------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_lk2g_filled_and_blank_bodies(db, lab) -> None:  # noqa: ANN001
    lab_, dinas, _k, ideas = lab
    template = default_registry().get("LK-2g")
    save_curation(db, lab_.id, ideas["BETA"].id, sheet((3, 3, 3, 3, 3)))
    data = sheet(
        (4, 5, 5, 4, 3),
        gate={"kewenangan": False},
        decision="gabung",
        gabung_ke=str(ideas["BETA"].id),
        catatan="Catatan <b>tetap</b> & utuh",
        kurator="Dr. Kurator",
        tanggal="2026-10-21",
    )
    ctx = WorksheetContext(db, lab_.id, dinas.id, ideas["ALFA"].id)
    info = DocumentInfo(title="Kurasi", lab=lab_.name, paper="a4")
    text, pages = pdf_text(build(filled_body(template, data, 170 * 2.83, ctx), info))
    text = flat(text)
    assert pages == 1
    assert "Tidak memenuhi: Merupakan urusan pemerintahan yang menjadi kewenangan daerah" in text
    assert "Skor 21,0 dari 25 · peringkat 2 di unit, 2 di lab" in text  # BETA passes the gate: first
    assert "Digabung ke ide: BETA — Layanan Beta — Dinas Satu" in text
    assert "Catatan <b>tetap</b> & utuh" in text and "Dr. Kurator" in text and "21 Oktober 2026" in text
    # without a context: no ranks, the target is not named
    text, _pages = pdf_text(build(filled_body(template, {"keputusan": "lanjut"}, 480, None), info))
    text = flat(text)
    assert "Syarat PP 38/2017: 0 dari 5 sudah dijawab" in text and "belum dapat dihitung" in text
    for paper in ("a4", "f4"):
        info = DocumentInfo(title="Kurasi", paper=paper)
        text, pages = pdf_text(build(blank_body(template, 174 * 2.83, ctx), info))
        assert pages == 1
        text = flat(text)
        for label in (
            "Dapat direplikasi",
            "Mudah disebarkan",
            "Lanjut ke Design",
            "Gabung dengan ide lain",
            "Skor total (jumlah kelima skor, maksimal 25)",
        ):
            assert label in text


# --- the Rekap Diagnose -------------------------------------------------------------------------------


def test_rekap_data(db, lab) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet((5, 5, 5, 5, 5), decision="lanjut"))
    save_curation(db, lab_.id, ideas["BETA"].id, sheet((3, 3, 3, 3, 3), decision="perbaiki"))
    save_curation(db, lab_.id, ideas["DELTA"].id, sheet((4, 4, 4, 4, 4), decision="tunda"))
    save_curation(
        db,
        lab_.id,
        ideas["EPSILON"].id,
        sheet(None, None, decision="gabung", gabung_ke=str(ideas["DELTA"].id)),
    )
    data = rekap_diagnose_data(db, lab_.id)
    by_type = {r.unit_type: r for r in data.by_type}
    assert list(by_type) == [UnitType.DINAS, UnitType.KECAMATAN]
    dinas, kec = by_type[UnitType.DINAS], by_type[UnitType.KECAMATAN]
    assert (dinas.units, dinas.ideas, dinas.count("lanjut"), dinas.count("perbaiki"), dinas.count(None)) == (
        1,
        3,
        1,
        1,
        1,
    )
    assert (kec.units, kec.ideas, kec.count("tunda"), kec.count("gabung"), kec.count(None)) == (1, 2, 1, 1, 0)
    assert (data.total.units, data.total.ideas, data.curated) == (2, 5, 4)
    assert [r.title.split(" ")[0] for r in data.ranked] == ["ALFA", "DELTA", "BETA", "EPSILON"]
    assert [(p.uraian, p.rank, p.total) for p in data.problems] == [
        ("Antrean <panjang> & lama di loket", 1, 13),
        ("Data tidak lengkap", 2, 7),
    ]
    assert short_title("SIGAP PATEN — Siaga Pelayanan") == "SIGAP PATEN"
    assert short_title("x" * 60).endswith("…") and len(short_title("x" * 60)) == 40


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_rekap_pdf(db, lab, paper: str) -> None:  # noqa: ANN001
    lab_, _d, _k, ideas = lab
    save_curation(db, lab_.id, ideas["ALFA"].id, sheet((5, 5, 4, 4, 4), decision="lanjut"))
    save_curation(db, lab_.id, ideas["GAMMA"].id, sheet((3, 3, 3, 3, 2), decision="perbaiki"))
    pdf = render_rekap_diagnose(db, lab_.id, paper, dt.date(2026, 10, 22))
    reader = PdfReader(io.BytesIO(pdf))
    text = flat("\n".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 3
    assert reader.pages[1].mediabox.width > reader.pages[1].mediabox.height  # the USG table is landscape
    assert reader.pages[2].mediabox.width < reader.pages[2].mediabox.height
    assert [o.title for o in reader.outline] == [
        "Rekap Hasil Diagnose",
        "1. Ide inovasi per jenis unit",
        "2. Masalah prioritas per unit (USG)",
        "3. Ide terkurasi menurut skor",
    ]
    assert "Lab Kurasi · Kabupaten Contoh" in text and "Keadaan per 22 Oktober 2026" in text
    assert "2 unit peserta menghasilkan 5 ide inovasi. 2 ide sudah dikurasi; 1 di antaranya" in text
    assert (
        "Dinas 1 3 1 1 0 0 1" in text and "Kecamatan 1 2 0 0 0 0 2" in text and "Jumlah 2 5 1 1 0 0 3" in text
    )
    assert "Antrean <panjang> & lama di loket" in text
    assert "1 ALFA — Layanan Alfa Dinas Satu Memenuhi 22,0 1 Lanjut" in text
    assert "2 GAMMA <b>tebal</b> & co Dinas Satu Memenuhi 14,0 2 Perbaiki" in text
    assert (
        "Mengetahui, Fasilitator" in text
        and "Dr. Fasilitator, M.Si." in text
        and "Contoh, 22 Oktober 2026" in text
    )
    assert "Halaman 3 dari 3" in text
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("LiberationSans" in f for f in fonts)


def test_rekap_pdf_of_an_empty_lab(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    text = flat(pdf_text(render_rekap_diagnose(db, lab.id, "a4", dt.date(2026, 1, 5)))[0])
    assert "Lab ini belum memiliki unit peserta." in text
    assert "Belum ada unit yang menilai prioritas masalahnya dengan USG (LK-2d)." in text
    assert "Belum ada ide yang dikurasi (LK-2g)." in text


# --- the demo -----------------------------------------------------------------------------------------


def test_demo_curation_is_consistent(db, demo_lab) -> None:  # noqa: ANN001
    rows = curation_table(db, demo_lab.id)
    curated = [r for r in rows if r.decision]
    assert len({r.unit_id for r in curated}) >= 3
    assert {r.decision for r in curated} == {"lanjut", "perbaiki", "gabung", "tunda"}
    assert sum(r.decision == "lanjut" for r in curated) >= 3
    assert sync_decisions(db, demo_lab.id) == 0  # every status already follows its decision
    gabung = next(r for r in curated if r.decision == "gabung")
    targets = [t for t in merge_targets(db, gabung.idea_id) if t.same_unit]
    assert targets, "the demo's merged idea has an idea of its own unit to be merged into"
    assert all(r.score is not None and r.gate_passed is not None for r in curated)


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
