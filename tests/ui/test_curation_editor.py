"""The curation editor (LK-2g): live gate verdict and score with ranks, decision buttons, the merge target
combo shown only for "gabung", the idea's summary, and the editor contract."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_curation, save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import Issue, validate
from ui.curation_editor import CurationEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen Qt

GATE = ("pembaruan", "bermanfaat", "tidak_membebani", "kewenangan", "replikasi")
CRITERIA = ("kebaruan", "efektif", "bermanfaat", "mudah_disebarkan", "berkelanjutan")


def scored(scores: tuple[int, ...], **extra: object) -> dict:
    return {
        **{f"pp38_{k}": True for k in GATE},
        **{f"skor_{k}": v for k, v in zip(CRITERIA, scores, strict=True)},
        **extra,
    }


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Editor", facilitator="Dr. Fasilitator")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Satu", UnitType.DINAS)
    other_unit = spine_ops.add_unit(db, lab.id, "Kecamatan Dua", UnitType.KECAMATAN)
    save_worksheet(
        db,
        "LK-2b",
        {"masalah": [{"_id": "m1", "no": 1, "uraian": "Antrean <b>panjang</b> & lama"}]},
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2e",
        {
            "penyebab": [
                {"_id": "p1", "teks": "Petugas loket kurang"},
                {"_id": "p2", "teks": "Berkas tidak diperiksa dulu"},
            ]
        },
        lab.id,
        unit.id,
    )
    me = spine_ops.add_idea(db, unit.id, "ALFA — Antrean Cepat")
    save_worksheet(
        db,
        "LK-2f",
        {
            "nama": "ALFA — Antrean Cepat",
            "masalah_ref": "m1",
            "akar_ref": ["p2"],
            "deskripsi": "Pendaftaran daring " + "dan verifikasi berkas " * 40,
            "bentuk": "pelayanan_publik",
            "jenis": "digital",
        },
        lab.id,
        unit.id,
        me.id,
    )
    sibling = spine_ops.add_idea(db, unit.id, "BETA — Saudara")
    far = spine_ops.add_idea(db, other_unit.id, "GAMMA — Unit Lain")
    merged_here = spine_ops.add_idea(db, other_unit.id, "DELTA — Sudah Digabung ke ALFA")
    save_curation(db, lab.id, sibling.id, scored((5, 5, 5, 5, 4)))  # 24
    save_curation(db, lab.id, far.id, scored((5, 5, 5, 5, 5)))  # 25
    save_curation(
        db, lab.id, merged_here.id, scored((1, 1, 1, 1, 1), keputusan="gabung", gabung_ke=str(me.id))
    )
    return lab, unit, me, sibling, far, merged_here


@pytest.fixture
def editor(qtbot, db, lab):  # noqa: ANN001, ANN201 - a generator fixture
    lab_, unit, me, *_rest = lab
    ctx = WorksheetContext(db, lab_.id, unit.id, me.id)
    ed = CurationEditor(default_registry().get("LK-2g"), ctx)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(ed)
    area.resize(1000, 620)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    ed.set_data({})
    yield ed  # the scroll area (which owns the editor) lives until the test ends


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_summary_shows_the_idea_card(editor: CurationEditor) -> None:
    text = editor.summary.text()
    assert "ALFA — Antrean Cepat" in text and "Dinas Satu" in text
    assert "Antrean &lt;b&gt;panjang&lt;/b&gt; &amp; lama" in text  # the LK-2b problem, printed literally
    assert "Berkas tidak diperiksa dulu" in text and "Petugas loket kurang" not in text
    assert "Pendaftaran daring" in text and "…" in text  # an excerpt of the description
    assert "Inovasi pelayanan publik · Digital (daring)" in text


def test_live_gate_verdict(editor: CurationEditor, qtbot) -> None:  # noqa: ANN001
    assert editor.verdict.text() == "Syarat PP 38/2017: 0 dari 5 sudah dijawab"
    with qtbot.waitSignals([editor.changed] * 5):
        for key in GATE:
            click(qtbot, editor.gate_rows[f"pp38_{key}"].button(True))
    assert editor.verdict.text() == "✔ Memenuhi syarat PP 38/2017"
    click(qtbot, editor.gate_rows["pp38_replikasi"].button(False))
    assert editor.verdict.text() == "✖ Tidak memenuhi: Dapat direplikasi"
    assert editor.data()["pp38_replikasi"] is False
    click(qtbot, editor.gate_rows["pp38_replikasi"].button(False))  # clicking the answer again clears it
    assert "pp38_replikasi" not in editor.data()
    assert editor.verdict.text() == "Syarat PP 38/2017: 4 dari 5 sudah dijawab"


def test_live_score_and_ranks(editor: CurationEditor, qtbot) -> None:  # noqa: ANN001
    for key in GATE:
        click(qtbot, editor.gate_rows[f"pp38_{key}"].button(True))
    assert editor.score_label.text() == "Skor: nilai kelima kriteria (0 dari 5 sudah dinilai)"
    for key, score in zip(CRITERIA, (4, 5, 5, 3, 4), strict=True):
        click(qtbot, editor.score_rows[f"skor_{key}"].button(score))
    # 21 is below BETA (24, same unit) and GAMMA (25), above DELTA (5)
    assert editor.score_label.text() == "Skor 21,0 dari 25 · peringkat 2 di unit, 3 di lab"
    for key in ("kebaruan", "mudah_disebarkan", "berkelanjutan"):  # the other two are 5 already
        click(qtbot, editor.score_rows[f"skor_{key}"].button(5))
    assert (
        editor.score_label.text() == "Skor 25,0 dari 25 · peringkat 1 di unit, 1 di lab"
    )  # level with GAMMA
    click(qtbot, editor.gate_rows["pp38_kewenangan"].button(False))
    # failing the gate puts it after every idea that passes, even DELTA's 5
    assert editor.score_label.text() == (
        "Skor 25,0 dari 25 · peringkat 2 di unit, 4 di lab · tidak memenuhi "
        "syarat, diurutkan setelah ide yang memenuhi"
    )


def test_weights_of_the_lab(qtbot, db, lab) -> None:  # noqa: ANN001
    lab_, unit, me, *_rest = lab
    update_lab_settings(db, lab_.id, curation_weights={"kebaruan": 3.0})
    ed = CurationEditor(default_registry().get("LK-2g"), WorksheetContext(db, lab_.id, unit.id, me.id))
    qtbot.addWidget(ed)
    ed.set_data(scored((5, 1, 1, 1, 1)))
    assert ed.score_label.text().startswith("Skor 13,6 dari 25")  # (3×5 + 4×1) / 7 × 5
    assert any("bobot 3" in lbl.text() for lbl in ed.findChildren(QLabel))


def test_decision_buttons(editor: CurationEditor, qtbot) -> None:  # noqa: ANN001
    labels = [b.text() for _v, b in editor.decision.buttons]
    assert labels == ["Lanjut ke Design", "Perbaiki", "Gabung dengan ide lain", "Tunda"]
    assert editor.effect.text().startswith("Belum diputuskan")
    with qtbot.waitSignal(editor.changed):
        click(qtbot, editor.decision.button("perbaiki"))
    data = editor.data()
    assert data["keputusan"] == "perbaiki"
    assert (
        data["kurator"] == "Dr. Fasilitator" and data["tanggal"] == dt.date.today().isoformat()
    )  # filled in
    assert "Perbaiki" in editor.effect.text()
    click(qtbot, editor.decision.button("lanjut"))
    assert editor.data()["keputusan"] == "lanjut"
    assert [b.isChecked() for _v, b in editor.decision.buttons] == [True, False, False, False]
    assert "tahap Design" in editor.effect.text()
    click(qtbot, editor.decision.button("lanjut"))  # undecided again
    assert "keputusan" not in editor.data()
    # a curator typed by hand is kept
    editor.curator.setText("Tim Kurator")
    click(qtbot, editor.decision.button("tunda"))
    assert editor.data()["kurator"] == "Tim Kurator"


def test_merge_combo_only_for_gabung(editor: CurationEditor, qtbot, lab) -> None:  # noqa: ANN001
    _lab, _unit, me, sibling, far, merged_here = lab
    assert editor.merge_box.isHidden()
    click(qtbot, editor.decision.button("gabung"))
    assert not editor.merge_box.isHidden()
    combo = editor.merge_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["— pilih ide tujuan —", "BETA — Saudara — unit ini", "GAMMA — Unit Lain — Kecamatan Dua"]
    assert str(me.id) not in [combo.itemData(i) for i in range(combo.count())]  # not itself, nor DELTA
    assert "gabung_ke" not in editor.data() and "Pilih ide tujuan" in editor.effect.text()
    with qtbot.waitSignal(editor.changed):
        combo.setCurrentIndex(2)
    assert editor.data()["gabung_ke"] == str(far.id)
    click(qtbot, editor.decision.button("tunda"))
    assert editor.merge_box.isHidden() and "gabung_ke" not in editor.data()
    click(qtbot, editor.decision.button("gabung"))
    assert editor.data()["gabung_ke"] == str(far.id)  # the choice is remembered while editing


def test_set_data_round_trip_without_changed(editor: CurationEditor, qtbot, lab) -> None:  # noqa: ANN001
    _lab, _unit, _me, sibling, *_rest = lab
    stored = {
        **scored((3, 4, 5, 2, 1)),
        "pp38_replikasi": False,
        "keputusan": "gabung",
        "gabung_ke": str(sibling.id),
        "catatan": "Catatan <b>apa adanya</b> & 😀\nbaris 2",
        "kurator": "Dr. X",
        "tanggal": "2026-10-21",
    }
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_data(stored)
    assert editor.data() == stored
    clean, issues = validate(default_registry().get("LK-2g"), editor.data())
    assert issues == [] and clean == stored
    assert editor.merge_combo.currentText() == "BETA — Saudara — unit ini"
    assert editor.verdict.text() == "✖ Tidak memenuhi: Dapat direplikasi"
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_data({})
    assert editor.data() == {} and editor.merge_box.isHidden()
    long_note = "kata " * 20_000
    editor.set_data({"catatan": long_note, "gabung_ke": "a" * 32, "keputusan": "gabung"})
    assert editor.data() == {"catatan": long_note, "keputusan": "gabung"}  # a removed target is not kept
    assert editor.merge_combo.currentText() == "(ide tujuan sudah dihapus — pilih ide lain)"
    assert "Pilih ide tujuan" in editor.effect.text()
    editor.set_data(stored)
    assert (
        editor.data() == stored
        and editor.merge_combo.findText("(ide tujuan sudah dihapus — pilih ide lain)") < 0
    )


def test_show_issues(editor: CurationEditor) -> None:
    editor.show_issues(
        [
            Issue("skor_kebaruan", "Kebaruan: maksimal 5"),
            Issue("tanggal", "Tanggal kurasi: tanggal tidak valid"),
        ]
    )
    assert editor.messages["skor"].text() == "Kebaruan: maksimal 5" and not editor.messages["skor"].isHidden()
    assert editor.messages["tanggal"].text() == "Tanggal kurasi: tanggal tidak valid"
    assert editor.messages["keputusan"].isHidden()
    editor.show_issues([])
    assert editor.messages["skor"].isHidden()


def test_merged_into_this_idea_is_not_offered_and_status_of_targets(qtbot, db, lab) -> None:  # noqa: ANN001
    lab_, unit, _me, sibling, far, _merged = lab
    save_curation(db, lab_.id, far.id, scored((5, 5, 5, 5, 5), keputusan="gabung", gabung_ke=str(sibling.id)))
    assert svc.get_idea(db, far.id).status is IdeaStatus.DIGABUNG
    ed = CurationEditor(default_registry().get("LK-2g"), WorksheetContext(db, lab_.id, unit.id, sibling.id))
    qtbot.addWidget(ed)
    items = [ed.merge_combo.itemText(i) for i in range(ed.merge_combo.count())]
    assert not any(i.startswith("GAMMA") for i in items)  # GAMMA is merged into BETA: no cycle offered
    assert any(i.startswith("DELTA") and i.endswith("(sudah digabung ke ide lain)") for i in items)


def test_without_an_idea(qtbot, db, lab) -> None:  # noqa: ANN001
    lab_, unit, *_rest = lab
    ed = CurationEditor(default_registry().get("LK-2g"), WorksheetContext(db, lab_.id, unit.id, None))
    qtbot.addWidget(ed)
    ed.set_data(scored((4, 4, 4, 4, 4)))
    assert "Pilih ide" in ed.summary.text()
    assert ed.score_label.text().startswith("Skor 20,0 dari 25")
