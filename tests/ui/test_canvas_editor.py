"""The Kanvas Inovasi editor: boxes on a grid, upstream text shown but never stored, Tab from box to box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.schema import Field, FieldType
from labinovasi.worksheets.validation import Issue, validate
from ui.canvas_editor import CanvasEditor

TEXT_FIELDS = [
    "catatan_masalah",
    "penerima_manfaat",
    "catatan_solusi",
    "kebaruan",
    "kegiatan_kunci",
    "mitra",
    "sumber_daya",
    "manfaat_indikator",
    "risiko",
    "keberlanjutan",
]


@pytest.fixture
def ctx(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Kanvas")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kependudukan", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id)
    save_worksheet(
        db,
        "LK-2b",
        {
            "masalah": [
                {
                    "_id": "m1",
                    "no": 1,
                    "uraian": "Antrean <panjang> & lama.",
                    "kondisi_saat_ini": "Tunggu 3–4 jam.",
                }
            ]
        },
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2e",
        {
            "masalah": "m1",
            "masalah_utama": "Waktu tunggu lama",
            "penyebab": [{"_id": "c1", "teks": "Persyaratan belum tersosialisasi", "akar": True}],
        },
        lab.id,
        unit.id,
    )
    save_worksheet(
        db,
        "LK-2f",
        {
            "nama": "SIPANDU",
            "masalah_ref": "m1",
            "akar_ref": ["c1"],
            "deskripsi": "Pendaftaran daring dan cetak di kecamatan.",
            "sasaran": "Warga 14 kecamatan.",
            "perkiraan_anggaran": 185_000_000,
        },
        lab.id,
        unit.id,
        idea.id,
    )
    return WorksheetContext(db, lab.id, unit.id, idea.id)


def make(qtbot, ctx, template=None) -> CanvasEditor:  # noqa: ANN001
    editor = CanvasEditor(template or ctx.template("LK-3"), ctx)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    return editor


def test_typing_in_boxes_fills_the_data(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    assert editor.data() == {}
    for key in TEXT_FIELDS:
        with qtbot.waitSignal(editor.changed, timeout=1000):
            qtbot.keyClicks(editor.editor(key), f"isi {key} <b>&")
    checks = editor.editor("unsur_mitra")._checks
    assert [c.text() for c in checks] == [
        "Pemerintah",
        "Dunia usaha",
        "Akademisi",
        "Masyarakat/komunitas",
        "Media",
    ]
    with qtbot.waitSignal(editor.changed, timeout=1000):
        checks[4].setChecked(True)
    checks[0].setChecked(True)
    qtbot.keyClicks(editor.editor("anggaran"), "15.000.000")
    data = editor.data()
    assert data == {
        **{k: f"isi {k} <b>&" for k in TEXT_FIELDS},
        "unsur_mitra": ["pemerintah", "media"],
        "anggaran": 15_000_000,
    }
    clean, issues = validate(ctx.template("LK-3"), data)
    assert issues == [] and clean["unsur_mitra"] == ["pemerintah", "media"]


def test_upstream_text_is_shown_read_only_and_never_stored(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    problem = editor.source_text("masalah")
    assert "Antrean <panjang> & lama." in problem and "Tunggu 3–4 jam." in problem
    assert "Persyaratan belum tersosialisasi" in problem and "Waktu tunggu lama" in problem
    assert "Pendaftaran daring dan cetak di kecamatan." in editor.source_text("ide")
    assert "SIPANDU" in editor.idea_label.text()
    box = editor.boxes["masalah"]
    assert box.source.text.isReadOnly() and box.source.text.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert "dari LK-2b, LK-2e" in box.source.origin.text() and "ubah di Diagnose" in box.source.origin.text()
    assert editor.source_text("penerima") == ""  # a box without a source
    assert editor.data() == {}
    qtbot.keyClicks(editor.editor("catatan_masalah"), "Catatan baru")
    assert editor.data() == {"catatan_masalah": "Catatan baru"}
    # the idea card's texts guide empty fields as placeholders only
    assert "Warga 14 kecamatan." in editor.editor("penerima_manfaat").placeholderText()
    assert "185.000.000" in editor.editor("anggaran").placeholderText()
    with qtbot.waitSignal(editor.sourceRequested, timeout=1000) as blocker:
        box.source.origin.linkActivated.emit("LK-2f")
    assert blocker.args == ["LK-2f"]


def test_missing_sources_say_where_to_fill_them(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    unit = spine_ops.add_unit(db, lab.id, "Kecamatan", UnitType.KECAMATAN)
    idea = spine_ops.add_idea(db, unit.id)
    ctx = WorksheetContext(db, lab.id, unit.id, idea.id)
    editor = make(qtbot, ctx)
    assert editor.source_text("masalah") == "" and editor.source_text("ide") == ""
    assert "LK-2f" in editor.boxes["ide"].source.origin.text()
    assert not editor.boxes["ide"].source.text.isVisibleTo(editor)
    save_worksheet(db, "LK-2f", {"nama": "IDE", "deskripsi": "Deskripsi baru"}, lab.id, unit.id, idea.id)
    editor.refresh_sources()
    assert "Deskripsi baru" in editor.source_text("ide")


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform and window size hints
def test_tab_moves_from_box_to_box(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    first = editor.editor("catatan_masalah")
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=2000)
    seen = [first]
    for _ in range(len(editor.tab_chain) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    names = [w.objectName() if not isinstance(w, QCheckBox) else "cb" for w in seen]
    assert names == [
        "canvas_catatan_masalah",
        "canvas_penerima_manfaat",
        "canvas_catatan_solusi",
        "canvas_kebaruan",
        "canvas_kegiatan_kunci",
        "cb",
        "cb",
        "cb",
        "cb",
        "cb",
        "canvas_mitra",
        "canvas_sumber_daya",
        "canvas_anggaran",
        "canvas_manfaat_indikator",
        "canvas_risiko",
        "canvas_keberlanjutan",
    ]
    assert seen == editor.tab_chain
    assert editor.boxes["keberlanjutan"]._active  # the box being edited is highlighted
    assert not editor.boxes["masalah"]._active
    # Tab in a text box moves on, it does not insert a tab
    assert "\t" not in editor.editor("catatan_masalah").toPlainText()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is editor.editor("risiko")


def test_set_data_round_trip_without_changed(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    data = {
        "catatan_masalah": "A\nB",
        "penerima_manfaat": "Warga <rentan> & lansia 🎉",
        "kegiatan_kunci": "1. SOP",
        "unsur_mitra": ["akademisi", "media"],
        "mitra": "Poltekkes",
        "anggaran": 2_500_000,
        "manfaat_indikator": "x" * 100_000,
        "risiko": "R",
        "keberlanjutan": "K",
    }
    emitted = []
    editor.changed.connect(lambda: emitted.append(1))
    editor.set_data(data)
    assert emitted == []
    assert editor.data() == data
    assert editor.editor("anggaran").text() == "2.500.000"
    editor.set_data({})
    assert editor.data() == {} and emitted == []
    assert not any(cb.isChecked() for cb in editor.editor("unsur_mitra")._checks)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_bad_budget_is_kept_and_its_message_shown_in_its_box(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    editor.show()
    qtbot.keyClicks(editor.editor("anggaran"), "lima juta")
    data = editor.data()
    assert data == {"anggaran": "lima juta"}  # nothing typed is lost
    _clean, issues = validate(ctx.template("LK-3"), data)
    assert [i.field for i in issues] == ["anggaran"]
    editor.show_issues(issues)
    box = editor.boxes["sumber_daya"]
    assert box.message.isVisible() and "bukan angka" in box.message.text()
    assert not editor.boxes["risiko"].message.isVisible()
    editor.show_issues([Issue("kegiatan_kunci", "Kegiatan kunci wajib diisi")])
    assert not box.message.isVisible()
    assert editor.boxes["kegiatan"].message.text() == "Kegiatan kunci wajib diisi"


def test_an_adapted_template_keeps_its_extra_fields(qtbot, ctx) -> None:  # noqa: ANN001
    base = ctx.template("LK-3")
    extra = Field(key="catatan_fasilitator", type=FieldType.PARAGRAPH, label="Catatan fasilitator")
    as_date = Field(
        key="keberlanjutan", type=FieldType.DATE, label="Tanggal SK"
    )  # a box field of another kind
    fields = tuple(f if f.key != "keberlanjutan" else as_date for f in base.fields if f.key != "risiko") + (
        extra,
    )
    template = base.model_copy(update={"fields": fields})
    editor = make(qtbot, ctx, template)
    assert "risiko" not in editor.boxes  # a box without its field is left out
    assert "keberlanjutan" not in editor.boxes and set(editor.extra) == {
        "keberlanjutan",
        "catatan_fasilitator",
    }
    editor.set_data(
        {"catatan_fasilitator": "Perlu data awal", "kebaruan": "Baru", "keberlanjutan": "2027-01-15"}
    )
    assert editor.data() == {
        "catatan_fasilitator": "Perlu data awal",
        "kebaruan": "Baru",
        "keberlanjutan": "2027-01-15",
    }
    assert validate(template, editor.data())[1] == []


def test_widgets_are_the_right_kinds(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    for key in TEXT_FIELDS:
        w = editor.editor(key)
        assert isinstance(w, QPlainTextEdit) and w.tabChangesFocus()
        assert w.placeholderText()
    assert isinstance(editor.editor("anggaran"), QLineEdit)
    assert editor.boxes["kegiatan"].title.full_text() == "5. Kegiatan kunci *"
    assert editor.boxes["risiko"].title.full_text() == "9. Risiko"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on showing the editor alone
def test_a_narrow_canvas_wraps_box_titles_at_spaces_instead_of_cutting_them(qtbot, ctx) -> None:  # noqa: ANN001
    editor = make(qtbot, ctx)
    editor.resize(560, 600)  # the canvas beside the panes on a 1024×768 projector
    editor.show()
    qtbot.waitExposed(editor)
    two_lines = 0
    for box in editor.boxes.values():
        title = box.title
        shown = title.text()
        assert "…" not in shown, shown
        assert " ".join(shown.split("\n")) == title.full_text()  # broken at a space, nothing lost
        assert all(title.fontMetrics().horizontalAdvance(line) <= title.width() for line in shown.split("\n"))
        two_lines += "\n" in shown
    assert two_lines  # the check saw a wrapped title
    editor.resize(1600, 700)
    qtbot.waitUntil(lambda: all("\n" not in b.title.text() for b in editor.boxes.values()))
