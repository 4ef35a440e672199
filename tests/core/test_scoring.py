"""The scoring rules of Diagnose (domain doc §4), lab settings, refs and the soft rules."""

from __future__ import annotations

import pytest

from labinovasi.domain.scoring import (
    CauseCycleError,
    apkl_result,
    apkl_total,
    check_cause_parent,
    check_score,
    curation_result,
    find_cycles,
    rank_ideas,
    readiness_level,
    readiness_summary,
    usg_ranking,
    usg_total,
)
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import LabSettings, ReadinessItem, get_lab_settings
from labinovasi.services.refs import format_ref, ref_labels, ref_options
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import ROW_ID, check_rules, validate


def test_usg_sum_and_product_with_ties_broken_by_s_then_u_then_g() -> None:
    rows = [("a", 3, 4, 3), ("b", 4, 3, 3), ("c", 3, 3, 4), ("d", 5, 5, 5), ("e", None, 2, 2), ("f", 4, 3, 3)]
    ranks = usg_ranking(rows)
    assert ranks["d"].total == 15 and ranks["d"].rank == 1
    # a, b, c all total 10: a has the highest S; b beats c on U; b and f are equal on everything
    assert [ranks[k].rank for k in "abfc"] == [2, 3, 3, 5]
    assert ranks["e"].rank is None and ranks["e"].total is None
    product = usg_ranking(rows, "kali")
    assert product["d"].total == 125 and product["a"].total == 36
    assert usg_total(2, 3, 4, "kali") == 24 and usg_total(2, 3, 4) == 9 and usg_total(2, None, 4) is None


def test_apkl_yes_no_and_score_modes() -> None:
    yes = {"aktual": True, "problematik": True, "kekhalayakan": True, "kelayakan": True}
    assert apkl_result(yes) is True
    assert apkl_result({**yes, "kelayakan": False}) is False
    assert apkl_result({"aktual": True}) is None
    scores = {"aktual_skor": 4, "problematik_skor": 3, "kekhalayakan_skor": 5, "kelayakan_skor": 3}
    assert apkl_result(scores, "skor") is True and apkl_total(scores) == 15
    assert apkl_result({**scores, "kelayakan_skor": 2}, "skor") is False


@pytest.mark.parametrize("value", ["0", "6", "x", "2,5", True, 7])
def test_a_score_outside_one_to_five_is_refused_in_indonesian(value: object) -> None:
    with pytest.raises(ValueError, match="U harus angka 1–5"):
        check_score(value, "U")


def test_a_typed_score_is_read() -> None:
    assert check_score(" 4 ", "U") == 4 and check_score("", "U") is None and check_score(3.0, "U") == 3


def test_readiness_mean_dimensions_and_levels() -> None:
    answers = [("ani", "sdm", 4), ("ani", "budaya", 2), ("budi", "sdm", 5), ("budi", "budaya", 9)]
    summary = readiness_summary(answers)
    assert summary.mean == pytest.approx(3.67, abs=0.01)  # the 9 is ignored
    assert summary.by_dimension == {"sdm": 4.5, "budaya": 2.0}
    assert summary.respondents == 2 and summary.answers == 3
    assert summary.level == "Siap"
    assert [readiness_level(x) for x in (1.0, 1.79, 1.8, 2.6, 3.4, 4.2, 5.0)] == [
        "Belum siap",
        "Belum siap",
        "Kurang siap",
        "Cukup siap",
        "Siap",
        "Sangat siap",
        "Sangat siap",
    ]
    assert readiness_summary([]).level == ""


def test_curation_gate_weighted_score_and_ranks() -> None:
    gate = {
        f"pp38_{k}": True for k in ("pembaruan", "bermanfaat", "tidak_membebani", "kewenangan", "replikasi")
    }
    scores = {
        "skor_kebaruan": 5,
        "skor_efektif": 4,
        "skor_bermanfaat": 4,
        "skor_mudah_disebarkan": 3,
        "skor_berkelanjutan": 4,
    }
    r = curation_result({**gate, **scores})
    assert r.gate_passed is True and r.score == 20.0
    weighted = curation_result({**gate, **scores}, {"kebaruan": 3})  # novelty counts three times
    assert weighted.score == pytest.approx((5 * 3 + 4 + 4 + 3 + 4) / 7 * 5, abs=0.01)
    failed = curation_result({**gate, "pp38_replikasi": False, **scores})
    assert failed.gate_passed is False and failed.failed_gate == ("replikasi",)
    assert curation_result(gate).score is None

    ranks = rank_ideas(
        [
            ("i1", "u1", True, 18.0),
            ("i2", "u1", True, 21.0),
            ("i3", "u2", False, 24.0),
            ("i4", "u2", True, 18.0),
            ("i5", "u2", None, None),
        ]
    )
    assert ranks["i2"] == (1, 1)
    assert ranks["i1"] == (2, 2) and ranks["i4"] == (1, 2)  # equal scores share the lab rank
    assert ranks["i3"] == (2, 4)  # failing the PP 38 gate ranks after every idea that passes
    assert ranks["i5"] == (None, None)


def test_a_cause_cannot_become_its_own_ancestor() -> None:
    parents = {"a": None, "b": "a", "c": "b"}
    check_cause_parent(parents, "c", "a")  # moving up is fine
    with pytest.raises(CauseCycleError, match="dirinya sendiri"):
        check_cause_parent(parents, "a", "a")
    with pytest.raises(CauseCycleError, match="berputar"):
        check_cause_parent(parents, "a", "c")
    assert find_cycles(parents) == []
    assert sorted(find_cycles({"x": "y", "y": "x", "z": "x"})) == ["x", "y"]


def test_lab_settings_defaults_round_trip_and_refusals(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab", settings={"demo": True})
    s = get_lab_settings(db, lab.id)
    assert s == LabSettings() and s.modes == {"apkl": "ya_tidak", "usg": "jumlah", "komitmen": "drum_up"}
    assert len(s.readiness_items) == 15 and set(s.curation_weights.values()) == {1.0}
    items = (ReadinessItem("x1", "sdm", "Pegawai <siap> & mau"),)
    update_lab_settings(db, lab.id, apkl_mode="skor", usg_mode="kali", readiness_items=items)
    again = get_lab_settings(db, lab.id)
    assert again.apkl_mode == "skor" and again.usg_mode == "kali" and again.readiness_items == items
    assert svc.get_lab(db, lab.id).settings["demo"] is True  # other keys are kept
    with pytest.raises(ValueError, match="USG"):
        update_lab_settings(db, lab.id, usg_mode="pangkat")
    with pytest.raises(ValueError, match="bobot lebih dari 0"):
        update_lab_settings(db, lab.id, curation_weights={k: 0.0 for k in s.curation_weights})
    assert get_lab_settings(db, lab.id) == again  # a refused change stores nothing
    # garbage in the stored JSON falls back to the defaults
    assert (
        LabSettings.from_json({"apkl_mode": 3, "readiness_items": "x", "curation_weights": {"efektif": -1}})
        == LabSettings()
    )


def test_the_lab_mode_picks_the_apkl_columns() -> None:
    t = default_registry().get("LK-2c")
    yes_no = [c.key for c in t.for_modes(LabSettings().modes).field("apkl").columns]
    assert yes_no == ["masalah", "aktual", "problematik", "kekhalayakan", "kelayakan", "keterangan"]
    score = [c.key for c in t.for_modes({"apkl": "skor"}).field("apkl").columns]
    assert score[1:5] == ["aktual_skor", "problematik_skor", "kekhalayakan_skor", "kelayakan_skor"]


def test_row_ids_are_kept_and_refs_resolve_to_labels(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab")
    unit = spine_ops.add_unit(db, lab.id, "Dinas", "dinas")
    idea = spine_ops.add_idea(db, unit.id, "SIPANDU")
    save_worksheet(
        db,
        "LK-2b",
        {
            "masalah": [
                {ROW_ID: "m1", "uraian": "Antrean <panjang> & lama"},
                {ROW_ID: "m2", "uraian": "KIA rendah"},
            ]
        },
        lab.id,
        unit.id,
    )
    save_worksheet(db, "LK-2f", {"nama": "SIPANDU", "masalah_ref": "m2"}, lab.id, unit.id, idea.id)
    ctx = WorksheetContext(db, lab.id, unit.id, idea.id)
    field = default_registry().get("LK-2f").field("masalah_ref")
    assert [(o.value, o.label) for o in ref_options(ctx, field)] == [
        ("m1", "1. Antrean <panjang> & lama"),
        ("m2", "2. KIA rendah"),
    ]
    labels = ref_labels(ctx, default_registry().get("LK-2f"))
    assert format_ref("m2", labels) == "2. KIA rendah"
    assert format_ref("gone", labels) == "(sudah dihapus)"
    gabung = default_registry().get("LK-2g").field("gabung_ke")
    assert [o.label for o in ref_options(ctx, gabung)] == ["SIPANDU — Dinas"]
    # a bad id is refused, a good one kept in its row
    t = default_registry().get("LK-2d")
    clean, issues = validate(t, {"usg": [{ROW_ID: "r1", "masalah": "m1", "u": 3}, {ROW_ID: 5, "u": 2}]})
    assert clean == {"usg": [{ROW_ID: "r1", "masalah": "m1", "u": 3}]}
    assert [i.message for i in issues] == ["Penilaian USG baris 2: id baris tidak valid"]


def test_an_activity_that_ends_before_it_starts_is_reported_but_kept() -> None:
    t = default_registry().get("LK-3b")
    data = {
        "rencana_aksi": [
            {"kegiatan": "Uji coba", "mulai": "2027-03-05", "selesai": "2027-03-01"},
            {"kegiatan": "Sosialisasi", "mulai": "2027-03-05", "selesai": "2027-03-09"},
        ]
    }
    clean, issues = validate(t, data)
    assert issues == [] and clean["rencana_aksi"][0]["selesai"] == "2027-03-01"
    [rule] = check_rules(t, data)
    assert rule.field == "rencana_aksi.1.selesai"
    assert rule.message == (
        "Kegiatan rencana aksi baris 1: Selesai (1 Maret 2027) lebih awal dari Mulai (5 Maret 2027)"
    )


def test_the_risk_score_is_likelihood_times_impact_on_screen_data_and_print() -> None:
    import io

    from pypdf import PdfReader

    from labinovasi.reports.worksheet_pdf import render_filled_worksheet
    from labinovasi.worksheets.validation import compute_row

    t = default_registry().get("LK-3d")
    column = next(c for c in t.field("risiko").columns if c.key == "skor_risiko")
    assert compute_row(column, {"kemungkinan": 3, "dampak": 4}) == 12
    assert compute_row(column, {"kemungkinan": 3}) is None
    data = {
        "risiko": [
            {"risiko": "Server <down> & lambat", "kemungkinan": 3, "dampak": 4, "mitigasi": "Cadangan"}
        ]
    }
    clean, issues = validate(t, data)
    assert issues == [] and "skor_risiko" not in clean["risiko"][0]  # computed, never stored
    text = PdfReader(io.BytesIO(render_filled_worksheet(t, clean))).pages[0].extract_text()
    assert "Server <down> & lambat" in text and "12" in text.split("Server <down> & lambat")[1][:40]
