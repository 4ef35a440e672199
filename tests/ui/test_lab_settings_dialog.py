"""The lab settings dialog: every option is shown as stored, changed like a user would, and saved;
refused values are explained in Indonesian and keep the dialog open with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QWidget

from labinovasi.domain.scoring import rules
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.services import labs as svc
from labinovasi.services.lab_settings import ReadinessItem, get_lab_settings
from ui.lab_settings_dialog import DimensionDelegate, LabSettingsDialog, ReadinessItemsModel


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji", settings={"demo": True})
    return lab


@pytest.fixture
def dialog(qtbot, db, lab):  # noqa: ANN001, ANN201
    dlg = LabSettingsDialog(db, lab.id)
    qtbot.addWidget(dlg)
    return dlg


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo kabupaten.png"
    Image.new("RGB", (90, 120), (122, 31, 43)).save(path)
    return path


def test_it_shows_the_stored_settings(dialog) -> None:  # noqa: ANN001
    assert dialog.commitment_buttons["drum_up"].isChecked()
    assert [b.text() for b in dialog.commitment_buttons.values()] == [
        "Saat Drum-up",
        "Saat launching (Deliver)",
        "Saat Drum-up dan saat launching",
    ]
    assert dialog.apkl_buttons["ya_tidak"].isChecked()
    assert dialog.usg_buttons["jumlah"].isChecked()
    assert list(dialog.weight_spins) == [c.key for c in rules().curation_criteria]
    assert all(sp.value() == 1.0 for sp in dialog.weight_spins.values())
    assert dialog.weight_shares["kebaruan"].text() == "(20%)"
    assert dialog.items_model.rowCount() == 15
    assert dialog.items_model.index(0, 0).data() == "Dukungan pimpinan"
    assert dialog.items_count.text() == "15 butir (maksimal 100)"
    assert dialog.logo_edit.text() == ""
    assert dialog.logo_status.text() == "Kop dokumen dicetak tanpa logo."


def test_changing_everything_and_saving(qtbot, dialog, db, lab, logo, monkeypatch) -> None:  # noqa: ANN001
    qtbot.mouseClick(dialog.commitment_buttons["both"], Qt.MouseButton.LeftButton)
    dialog.apkl_buttons["skor"].setChecked(True)
    dialog.usg_buttons["kali"].setChecked(True)
    dialog.weight_spins["kebaruan"].setValue(3)
    dialog.weight_spins["berkelanjutan"].setValue(0)
    assert dialog.weight_shares["kebaruan"].text() == "(50%)"
    # readiness items: add one after the first, write it, change its dimension, move it down, remove the last
    dialog.items_view.setCurrentIndex(dialog.items_model.index(0, 1))
    dialog.add_item()
    new = dialog.items_model.index(1, 1)
    dialog.items_model.setData(new, "Pimpinan hadir di setiap sesi & <b>mendampingi</b> tim.")
    dialog.items_model.setData(dialog.items_model.index(1, 0), "budaya")
    assert dialog.items_model.index(1, 0).data() == "Budaya inovasi"
    dialog.move_item(1)
    assert dialog.items_view.currentIndex().row() == 2
    dialog.items_view.setCurrentIndex(dialog.items_model.index(15, 1))
    dialog.remove_item()
    assert dialog.items_model.rowCount() == 15
    monkeypatch.setattr(dialog, "_ask_logo_path", lambda: str(logo))
    dialog.choose_logo()
    assert dialog.logo_edit.text() == str(logo)
    assert dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
    dialog.accept()
    assert dialog.result() == 1
    s = get_lab_settings(db, lab.id)
    assert (s.commitment_at, s.apkl_mode, s.usg_mode) == ("both", "skor", "kali")
    assert s.curation_weights == {
        "kebaruan": 3.0,
        "efektif": 1.0,
        "bermanfaat": 1.0,
        "mudah_disebarkan": 1.0,
        "berkelanjutan": 0.0,
    }
    assert s.readiness_items[2].statement == "Pimpinan hadir di setiap sesi & <b>mendampingi</b> tim."
    assert s.readiness_items[2].dimension == "budaya"
    assert s.readiness_items[0].id == "kepemimpinan_1"  # existing items keep their ids
    assert len({i.id for i in s.readiness_items}) == 15
    assert "regulasi_3" not in {i.id for i in s.readiness_items}
    assert s.logo_path == str(logo)
    assert svc.get_lab(db, lab.id).settings["demo"] is True  # other keys of Lab.settings are kept
    assert dialog.saved_settings == s


def test_restoring_the_default_questionnaire(dialog, db, lab) -> None:  # noqa: ANN001
    update_lab_settings(db, lab.id, readiness_items=[ReadinessItem("x1", "sdm", "Satu-satunya butir")])
    dlg = LabSettingsDialog(db, lab.id)
    assert dlg.items_model.rowCount() == 1
    dlg.reset_items()
    assert dlg.items_model.rowCount() == 15
    dlg.accept()
    assert len(get_lab_settings(db, lab.id).readiness_items) == 15
    dlg.deleteLater()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: logo.png"),
        ("gif", "Logo harus berformat PNG atau JPEG (berkas ini GIF)."),
        ("missing", "Berkas logo tidak ditemukan"),
        ("folder", "Logo harus berupa berkas gambar, bukan folder"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_is_lost(dialog, db, lab, tmp_path, kind, message) -> None:  # noqa: ANN001
    path = tmp_path / "logo.png"
    if kind == "text":
        path.write_text("bukan gambar <b>&")
    elif kind == "gif":
        Image.new("RGB", (10, 10)).save(path, format="GIF")
    elif kind == "folder":
        path = tmp_path
    dialog.commitment_buttons["launch"].setChecked(True)
    dialog.logo_edit.setText(str(path))
    assert message in dialog.logo_status.text()
    dialog.accept()
    assert dialog.result() == 0
    assert message in dialog.error.text()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.logo_edit.text() == str(path)  # kept as typed
    assert dialog.commitment_buttons["launch"].isChecked()
    assert get_lab_settings(db, lab.id).commitment_at == "drum_up"  # nothing stored


def test_choosing_a_bad_logo_keeps_the_previous_one(dialog, logo, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    dialog.logo_edit.setText(str(logo))
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"\x00\x01")
    monkeypatch.setattr(dialog, "_ask_logo_path", lambda: str(bad))
    dialog.choose_logo()
    assert dialog.logo_edit.text() == str(logo)
    assert "bukan gambar PNG atau JPEG" in dialog.error.text()
    monkeypatch.setattr(dialog, "_ask_logo_path", lambda: None)  # cancelled
    dialog.choose_logo()
    assert dialog.logo_edit.text() == str(logo)
    qt_clear = dialog.logo_clear
    qt_clear.click()
    assert dialog.logo_edit.text() == ""


def test_blank_items_zero_weights_and_an_empty_questionnaire_are_refused(dialog, db, lab) -> None:  # noqa: ANN001
    dialog.items_view.setCurrentIndex(dialog.items_model.index(4, 1))
    dialog.add_item()  # a new, still empty item as row 6
    dialog.accept()
    assert dialog.result() == 0
    assert (
        dialog.error.text() == "Butir kuesioner nomor 6 masih kosong: isi pernyataannya atau hapus butirnya."
    )
    assert dialog.tabs.currentIndex() == 2
    assert dialog.items_view.currentIndex().row() == 5
    dialog.remove_item()
    for sp in dialog.weight_spins.values():
        sp.setValue(0)
    dialog.accept()
    assert dialog.result() == 0 and dialog.tabs.currentIndex() == 1
    assert "Setidaknya satu kriteria kurasi" in dialog.error.text()
    dialog.equal_button.click()
    while dialog.items_model.rowCount():
        dialog.items_view.setCurrentIndex(dialog.items_model.index(0, 1))
        dialog.remove_item()
    dialog.accept()
    assert dialog.result() == 0 and "setidaknya satu butir" in dialog.error.text()
    assert len(get_lab_settings(db, lab.id).readiness_items) == 15  # nothing stored


def test_a_service_refusal_is_shown_too(dialog) -> None:  # noqa: ANN001
    dialog.items_model.set_items([ReadinessItem("a", "sdm", "Satu"), ReadinessItem("a", "sdm", "Dua")])
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.error.text() == "Dua butir kuesioner kesiapan memakai kode yang sama"


def test_readiness_model_and_dimension_delegate(qtmodeltester, qtbot) -> None:  # noqa: ANN001
    items = (ReadinessItem("a", "sdm", "Satu"), ReadinessItem("b", "dimensi_lab", "Dua"))
    model = ReadinessItemsModel(items)
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "dimensi_lab"  # a lab's own dimension is kept and offered
    assert model.index(0, 0).data(Qt.ItemDataRole.EditRole) == "sdm"
    assert not model.setData(model.index(0, 0), "tidak_ada")
    assert model.setData(model.index(0, 1), "x" * 900)
    assert len(model.items()[0].statement) == 500
    parent = QWidget()
    qtbot.addWidget(parent)
    delegate = DimensionDelegate(model)
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), model.index(1, 0))
    assert isinstance(editor, QComboBox)
    assert [editor.itemData(i) for i in range(editor.count())][-1] == "dimensi_lab"
    delegate.setEditorData(editor, model.index(1, 0))
    assert editor.currentData() == "dimensi_lab"
    editor.setCurrentIndex(editor.findData("regulasi"))
    delegate.setModelData(editor, model, model.index(1, 0))
    assert model.items()[1].dimension == "regulasi"
    assert model.move(0, 1) == 1 and [i.id for i in model.items()] == ["b", "a"]
    assert model.move(1, 1) == 1  # already last
    qtmodeltester.check(model)
