"""The main window, driven like a user would: dialogs are filled and accepted, forms are typed
into, and what was typed is found again in the PDFs and after reopening the database."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QSpinBox

from labinovasi.db.engine import open_database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import load_worksheet
from labinovasi.settings import Settings, load_settings
from labinovasi.worksheets.registry import default_registry
from ui.dialogs import LabDialog, PersonDialog, UnitDialog
from ui.main_window import MainWindow
from ui.stage_page import AUTOSAVE_MS
from ui.tasks import TaskRunner

LAB_NAME = "Laboratorium Inovasi Kabupaten Wanasari 2026"
UNIT_NAME = "Dinas Kesehatan, P2KB & <Uji>"
PERSON_NAME = "Ani Rahmawati <Ketua>"
IDEA_NAME = "SI-CEPAT & <i>Sehat</i>"
MARKUP = "Biaya < 5 juta & <b>cepat</b>"
MASALAH = "Antrean rujukan lama; berkas hilang."
INOVATOR = "Budi <Staf> & Co"
SAVE_TIMEOUT = 10 * AUTOSAVE_MS


# --- helpers ----------------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages))


def page_size_mm(path: Path, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(path.read_bytes())).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def filled(dialog_cls: type, values: dict[str, Any], seen: list | None = None) -> type:
    """The real dialog class, whose exec() fills the edits like a user and presses Simpan."""

    class Filled(dialog_cls):  # type: ignore[misc, valid-type]
        def exec(self) -> int:  # noqa: A003 - Qt's name
            if seen is not None:
                seen.append(self)
            for key, value in values.items():
                w = self.edits[key]
                if isinstance(w, QLineEdit):
                    w.setText(value)
                elif isinstance(w, QComboBox):
                    i = w.findData(value)
                    assert i >= 0, (key, value)
                    w.setCurrentIndex(i)
                elif isinstance(w, QSpinBox):
                    w.setValue(value)
                elif isinstance(w, QPlainTextEdit):
                    w.setPlainText(value)
            self.accept()
            return int(self.result())

    return Filled


class Refused:
    """A dialog the user cancels."""

    def __init__(self, *_args: Any) -> None:
        pass

    def exec(self) -> int:  # noqa: A003
        return int(QDialog.DialogCode.Rejected)

    def values(self) -> dict[str, Any]:
        raise AssertionError("values() of a cancelled dialog must not be used")


def make_window(qtbot, db, db_url: str, lab_id=None, settings: Settings | None = None) -> MainWindow:  # noqa: ANN001
    window = MainWindow(db, db_url, settings or Settings(), lab_id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    return window


def no_dialogs(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> dict[str, list]:
    """Replace every blocking question of the window; what was asked is recorded."""
    calls: dict[str, list] = {"offer_open": [], "error": [], "confirm": [], "save_path": [], "folder": []}

    def fail_save_path(title: str, suggested: str) -> Path | None:
        calls["save_path"].append((title, suggested))
        return None

    monkeypatch.setattr(window, "_ask_save_path", fail_save_path)
    monkeypatch.setattr(window, "_ask_folder", lambda title: calls["folder"].append(title))
    monkeypatch.setattr(window, "_offer_open", lambda path: calls["offer_open"].append(Path(path)))
    monkeypatch.setattr(window, "_error", lambda text: calls["error"].append(text))
    window.stage_page.on_error = window._error

    def refuse(title: str, text: str) -> bool:
        calls["confirm"].append((title, text))
        return False

    monkeypatch.setattr(window, "_confirm", refuse)
    return calls


def save_to(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, path: Path, asked: list | None = None
) -> None:
    def ask(title: str, suggested: str) -> Path:
        if asked is not None:
            asked.append((title, suggested))
        return path

    monkeypatch.setattr(window, "_ask_save_path", ask)


def wait_saved(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not window.stage_page.dirty, timeout=SAVE_TIMEOUT)


def unit_names(window: MainWindow) -> list[str]:
    proxy = window.units_proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def col(model, key: str) -> int:  # noqa: ANN001
    return [c.key for c in model.columns].index(key)


def choose(combo: QComboBox, value: str) -> None:
    i = combo.findData(value)
    assert i > 0, value
    combo.setCurrentIndex(i)


def type_idea_card(qtbot, window: MainWindow, nama: str = IDEA_NAME, anggaran: str = "15.000.000") -> None:  # noqa: ANN001
    form = window.stage_page.form
    assert form is not None and form.template.code == "LK-2f"
    qtbot.keyClicks(form.editor("nama"), nama)
    qtbot.keyClicks(form.editor("masalah"), MASALAH)
    qtbot.keyClicks(form.editor("deskripsi"), MARKUP)
    choose(form.editor("bentuk"), "pelayanan_publik")
    choose(form.editor("jenis"), "digital")
    qtbot.keyClicks(form.editor("perkiraan_anggaran"), anggaran)
    table = form.fields["inovator"].editor
    table.add_row()
    model = table.model
    assert model.setData(model.index(0, col(model, "nama")), INOVATOR)
    assert model.setData(model.index(0, col(model, "nip")), " 198701012010012001 ")
    assert model.setData(model.index(0, col(model, "jabatan")), "Pranata Komputer")


@pytest.fixture
def lab_with_unit(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, LAB_NAME, city="Wanasari", facilitator="Dr. Fasil")
    unit = spine_ops.add_unit(db, lab.id, UNIT_NAME, UnitType.DINAS, head_name="dr. Kepala")
    return lab, unit


# --- the story -------------------------------------------------------------------------------


def test_story_new_lab_to_pdf_and_back_after_reopening(qtbot, monkeypatch, db_url, tmp_path) -> None:  # noqa: ANN001
    db = open_database(db_url)
    try:
        window = make_window(qtbot, db, db_url)
        calls = no_dialogs(monkeypatch, window)
        window.show()
        qtbot.waitExposed(window)

        # no lab yet: the welcome page, and nothing that needs a lab is enabled
        assert window.stack.currentIndex() == 0
        assert window.lab is None
        assert window.windowTitle() == "Lab Inovasi"

        # a new lab through the real lab dialog
        monkeypatch.setattr(
            "ui.main_window.LabDialog",
            filled(
                LabDialog,
                {
                    "name": LAB_NAME,
                    "pemda": "Pemerintah Kabupaten Wanasari",
                    "year": 2026,
                    "city": "Wanasari",
                    "facilitator": "Dr. Fasil",
                },
            ),
        )
        window.new_lab()
        assert window.stack.currentIndex() == 1
        assert window.lab is not None and window.lab.name == LAB_NAME
        assert window.lab.year == 2026 and window.lab.city == "Wanasari"
        assert window.lab_label.text() == LAB_NAME
        assert LAB_NAME in window.windowTitle()
        assert [lab.name for lab in svc.list_labs(db)] == [LAB_NAME]
        assert window.unit is None and not window.act_export_plan.isEnabled()

        # a unit
        monkeypatch.setattr(
            "ui.main_window.UnitDialog",
            filled(
                UnitDialog,
                {
                    "name": UNIT_NAME,
                    "unit_type": "dinas",
                    "head_name": "dr. Kepala Dinas",
                    "head_nip": "197001011990031001",
                    "address": "Jl. Merdeka 1\nWanasari",
                },
            ),
        )
        window.add_unit()
        assert unit_names(window) == [UNIT_NAME]
        assert window.unit is not None and window.unit.name == UNIT_NAME
        assert window.unit.unit_type is UnitType.DINAS and window.unit.head_name == "dr. Kepala Dinas"
        assert window.act_export_plan.isEnabled() and window.act_new_idea.isEnabled()

        # a participant
        monkeypatch.setattr(
            "ui.main_window.PersonDialog",
            filled(
                PersonDialog,
                {"name": PERSON_NAME, "role": "ketua_tim", "nip": "198701012010012001", "jabatan": "Analis"},
            ),
        )
        window.add_person()
        assert window.tabs.currentIndex() == 1
        assert window.people_model.rowCount() == 1
        assert window.people_model.index(0, 0).data() == PERSON_NAME
        assert window.people_model.index(0, 1).data() == PersonRole.KETUA_TIM.label
        assert [p.name for p in svc.list_people(db, window.unit.id)] == [PERSON_NAME]

        # a new idea: the Diagnose stage, LK-2f, an empty card
        window.new_idea()
        assert window.stage is Stage.DIAGNOSE
        assert window.stage_buttons.checkedId() == Stage.DIAGNOSE.index
        assert window.tabs.currentIndex() == 0
        page = window.stage_page
        assert page.template is not None and page.template.code == "LK-2f"
        assert page.idea_id is not None
        assert page.form is not None and page.form.editor("nama").text() == ""
        idea_id = page.idea_id

        with qtbot.waitSignal(page.saved, timeout=SAVE_TIMEOUT):
            type_idea_card(qtbot, window)
            assert page.dirty
            assert "Menyimpan" in window.windowTitle()
        wait_saved(qtbot, window)
        assert "Semua tersimpan" in window.windowTitle()
        assert calls["error"] == []

        # the computed word count follows the description
        assert page.form.fields["jumlah_kata"].editor.text() != "—"

        # the idea's title is the typed name, in the database and in the idea combo
        assert svc.get_idea(db, idea_id).title == IDEA_NAME
        assert svc.get_idea(db, idea_id).status is IdeaStatus.DRAF
        assert page.idea_combo.count() == 1
        assert page.idea_combo.currentData() == idea_id
        assert page.idea_combo.currentText() == f"1. {IDEA_NAME}"

        stored = load_worksheet(db, "LK-2f", window.lab.id, window.unit.id, idea_id)
        assert stored.complete
        assert stored.data["nama"] == IDEA_NAME
        assert stored.data["deskripsi"] == MARKUP
        assert stored.data["perkiraan_anggaran"] == 15_000_000
        assert stored.data["bentuk"] == "pelayanan_publik" and stored.data["jenis"] == "digital"
        [row] = stored.data["inovator"]
        row_id = row.pop("_id")
        assert len(row_id) == 12  # a stable row id, kept across saves
        assert row == {"nama": INOVATOR, "nip": "198701012010012001", "jabatan": "Pranata Komputer"}

        # the unit plan PDF
        asked: list = []
        save_to(monkeypatch, window, tmp_path / "rencana.pdf", asked)
        out = window.export_plan()
        assert out == tmp_path / "rencana.pdf" and out.is_file()
        assert asked and asked[0][1].endswith(".pdf")
        assert calls["offer_open"] == [out]
        text = pdf_text(out)
        for expected in (
            "RENCANA PROYEK INOVASI",
            UNIT_NAME,
            LAB_NAME,
            PERSON_NAME,
            IDEA_NAME,
            MARKUP,
            MASALAH,
            "Rp 15.000.000",
            INOVATOR,
            "Inovasi pelayanan publik",
            "Digital (daring)",
        ):
            assert flat(expected) in text, expected
        assert page_size_mm(out) == (210, 297)

        # the blank worksheet PDF of the card being edited
        blank = window.export_blank_worksheet()
        assert blank == tmp_path / "rencana.pdf"
        assert asked[-1][1] == "LK-2f_kosong.pdf"
        text = pdf_text(blank)
        for expected in ("LK-2f", "Ide Inovasi", LAB_NAME, UNIT_NAME, IDEA_NAME, "Deskripsi ide / gagasan"):
            assert flat(expected) in text, expected
        assert MARKUP not in text  # blank means blank
        assert calls["offer_open"] == [out, blank]

        # closing stores everything still pending
        qtbot.keyClicks(page.form.editor("sasaran"), "Warga desa")
        assert page.dirty
        window.close()
        assert not page.dirty
        assert (
            load_worksheet(db, "LK-2f", window.lab.id, window.unit.id, idea_id).data["sasaran"]
            == "Warga desa"
        )
        lab_id = window.lab.id
    finally:
        db.close()

    # a new window on a newly opened database finds it all again, on the lab it remembered
    db2 = open_database(db_url)
    try:
        settings = load_settings()
        assert settings.lab_for(db_url) == str(lab_id)
        again = make_window(qtbot, db2, db_url, settings.lab_for(db_url), settings)
        no_dialogs(monkeypatch, again)
        assert again.stack.currentIndex() == 1
        assert again.lab is not None and again.lab.id == lab_id
        assert unit_names(again) == [UNIT_NAME]
        assert again.unit is not None and again.unit.name == UNIT_NAME
        assert [again.people_model.index(r, 0).data() for r in range(again.people_model.rowCount())] == [
            PERSON_NAME
        ]

        again.show_stage(Stage.DIAGNOSE)
        again.stage_page.select_worksheet("LK-2f")
        page = again.stage_page
        form = page.form
        assert form is not None and form.template.code == "LK-2f"
        assert page.idea_id == idea_id
        assert page.idea_combo.currentText() == f"1. {IDEA_NAME}"
        assert form.editor("nama").text() == IDEA_NAME
        assert form.editor("deskripsi").toPlainText() == MARKUP
        assert form.editor("masalah").toPlainText() == MASALAH
        assert form.editor("sasaran").toPlainText() == "Warga desa"
        assert form.editor("bentuk").currentData() == "pelayanan_publik"
        assert form.editor("jenis").currentData() == "digital"
        assert form.editor("perkiraan_anggaran").text() == "15.000.000"
        assert form.fields["inovator"].editor.value() == [
            {"_id": row_id, "nama": INOVATOR, "nip": "198701012010012001", "jabatan": "Pranata Komputer"}
        ]
        assert not page.dirty
        assert "Semua tersimpan" in again.windowTitle()
        again.close()
    finally:
        db2.close()


def test_cancelled_dialogs_change_nothing(qtbot, monkeypatch, db, db_url) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url)
    no_dialogs(monkeypatch, window)
    monkeypatch.setattr("ui.main_window.LabDialog", Refused)
    window.new_lab()
    assert window.stack.currentIndex() == 0 and svc.list_labs(db) == []

    lab = spine_ops.create_lab(db, LAB_NAME)
    window.open_lab(lab.id)
    monkeypatch.setattr("ui.main_window.UnitDialog", Refused)
    window.add_unit()
    assert window.units_model.rowCount() == 0 and svc.list_units(db, lab.id) == []


def test_the_real_dialog_refuses_an_empty_name(qtbot) -> None:  # noqa: ANN001
    dlg = UnitDialog()
    qtbot.addWidget(dlg)
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.text() == "Isian bertanda * wajib diisi."
    qtbot.keyClicks(dlg.edits["name"], "  Dinas Sosial  ")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.values()["name"] == "Dinas Sosial"
    assert dlg.values()["unit_type"] == "dinas"


# --- validation --------------------------------------------------------------------------------------


def test_an_invalid_number_is_shown_under_its_field_and_the_rest_is_saved(
    qtbot, monkeypatch, db, db_url, lab_with_unit
) -> None:  # noqa: ANN001
    lab, unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    calls = no_dialogs(monkeypatch, window)
    window.new_idea()
    page = window.stage_page
    form = page.form
    qtbot.keyClicks(form.editor("nama"), "SI-LAMBAT")
    qtbot.keyClicks(form.editor("deskripsi"), MARKUP)
    qtbot.keyClicks(form.editor("perkiraan_anggaran"), "lima juta")
    with qtbot.waitSignal(page.saved, timeout=SAVE_TIMEOUT):
        pass
    wait_saved(qtbot, window)

    message = form.fields["perkiraan_anggaran"].message
    assert not message.isHidden()
    assert message.text() == "Perkiraan anggaran: \u201clima juta\u201d bukan angka"
    assert form.fields["nama"].message.isHidden() and form.fields["nama"].message.text() == ""
    assert "Ada isian belum valid" in window.windowTitle()
    assert "Semua tersimpan" not in window.windowTitle()
    assert page.status.text().startswith("Ada isian yang belum valid")
    assert form.editor("perkiraan_anggaran").text() == "lima juta"  # what was typed is kept on screen
    assert calls["error"] == []

    stored = load_worksheet(db, "LK-2f", lab.id, unit.id, page.idea_id)
    assert stored.data == {"nama": "SI-LAMBAT", "deskripsi": MARKUP}
    assert svc.get_idea(db, page.idea_id).title == "SI-LAMBAT"

    # correcting it clears the message and stores the number
    form.editor("perkiraan_anggaran").clear()
    qtbot.keyClicks(form.editor("perkiraan_anggaran"), "Rp 2.500.000")
    with qtbot.waitSignal(page.saved, timeout=SAVE_TIMEOUT):
        pass
    assert message.isHidden() and message.text() == ""
    assert "Semua tersimpan" in window.windowTitle()
    assert load_worksheet(db, "LK-2f", lab.id, unit.id, page.idea_id).data["perkiraan_anggaran"] == 2_500_000


# --- units -------------------------------------------------------------------------------------------


def test_removing_a_unit_asks_first(qtbot, monkeypatch, db, db_url) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, LAB_NAME)
    first = spine_ops.add_unit(db, lab.id, "Dinas Pertama", UnitType.DINAS)
    second = spine_ops.add_unit(db, lab.id, "Badan Kedua", UnitType.BADAN)
    spine_ops.add_person(db, lab.id, "Peserta Kedua", second.id)
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    window.select_unit(second.id)
    assert window.unit is not None and window.unit.id == second.id

    asked: list = []

    def answer(value: bool):  # noqa: ANN202
        def confirm(title: str, text: str) -> bool:
            asked.append((title, text))
            return value

        return confirm

    monkeypatch.setattr(window, "_confirm", answer(False))
    window.remove_unit()
    assert len(asked) == 1
    assert asked[0][0] == "Hapus unit"
    assert "\u201cBadan Kedua\u201d" in asked[0][1]
    assert [u.id for u in svc.list_units(db, lab.id)] == [first.id, second.id]
    assert sorted(unit_names(window)) == ["Badan Kedua", "Dinas Pertama"]
    assert window.unit is not None and window.unit.id == second.id

    monkeypatch.setattr(window, "_confirm", answer(True))
    window.remove_unit()
    assert len(asked) == 2
    assert [u.id for u in svc.list_units(db, lab.id)] == [first.id]
    assert unit_names(window) == ["Dinas Pertama"]
    assert window.unit is not None and window.unit.id == first.id
    assert window.matrix_model.rowCount() == 1


def test_removing_the_last_unit_leaves_nothing_selected(
    qtbot, monkeypatch, db, db_url, lab_with_unit
) -> None:  # noqa: ANN001
    lab, unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    monkeypatch.setattr(window, "_confirm", lambda title, text: True)
    window.remove_unit()
    assert svc.list_units(db, lab.id) == []
    assert window.unit is None
    assert window.units_model.rowCount() == 0
    assert not window.act_export_plan.isEnabled() and not window.remove_unit_button.isEnabled()


# --- progress ----------------------------------------------------------------------------------------


def test_the_progress_matrix_counts_a_complete_idea_card(
    qtbot, monkeypatch, db, db_url, lab_with_unit
) -> None:  # noqa: ANN001
    lab, unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    diagnose = Stage.DIAGNOSE.index
    m = window.matrix_model
    assert m.rowCount() == 1 and m.headerData(0, Qt.Orientation.Vertical) == UNIT_NAME
    assert m.stage(diagnose) is Stage.DIAGNOSE
    assert "Diagnose" in m.headerData(diagnose, Qt.Orientation.Horizontal)
    assert m.index(0, diagnose).data() == "0/7"
    assert window.units_model.index(0, 2).data() == "0%"

    window.new_idea()
    page = window.stage_page
    qtbot.keyClicks(page.form.editor("nama"), "SI-SETENGAH")
    with qtbot.waitSignal(page.saved, timeout=SAVE_TIMEOUT):
        pass
    assert m.index(0, diagnose).data() == "0/7"  # half a card is not a filled card

    with qtbot.waitSignal(page.saved, timeout=SAVE_TIMEOUT):
        type_idea_card(qtbot, window, nama="")
    wait_saved(qtbot, window)
    assert load_worksheet(db, "LK-2f", lab.id, unit.id, page.idea_id).complete
    assert m.index(0, diagnose).data() == "1/7"
    assert m.index(0, Stage.DESIGN.index).data() == "0/6"
    assert "1 dari 7" in m.index(0, diagnose).data(Qt.ItemDataRole.ToolTipRole)
    assert window.units_model.index(0, 2).data() == f"{round(1 / 19 * 100)}%"


# --- the stage bar ------------------------------------------------------------------------------------


def test_stage_buttons_show_that_stages_worksheets(qtbot, monkeypatch, db, db_url, lab_with_unit) -> None:  # noqa: ANN001
    lab, _unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    window.show()
    qtbot.waitExposed(window)
    reg = default_registry()

    def codes() -> list[str]:
        sl = window.stage_page.sheet_list
        return [sl.item(i).data(Qt.ItemDataRole.UserRole) for i in range(sl.count())]

    assert window.stage is Stage.DRUM_UP and codes() == ["LK-0", "LK-1"]
    for stage in (
        Stage.DESIGN,
        Stage.DIAGNOSE,
        Stage.DOCUMENTATION,
        Stage.DELIVER,
        Stage.DISPLAY,
        Stage.DRUM_UP,
    ):
        qtbot.mouseClick(window.stage_buttons.button(stage.index), Qt.MouseButton.LeftButton)
        assert window.stage is stage
        assert window.stage_buttons.checkedId() == stage.index
        assert codes() == [t.code for t in reg.for_stage(stage)]
        assert window.stage_page.template is not None
        assert window.stage_page.template.code == codes()[0]
    qtbot.mouseClick(window.stage_buttons.button(Stage.DESIGN.index), Qt.MouseButton.LeftButton)
    assert codes() == ["LK-3", "LK-3a", "LK-3b", "LK-3c", "LK-3d", "LK-3e"]
    assert window.stage_page.sheet_list.currentRow() == 0
    # the unit has no idea yet: an idea worksheet asks for one instead of showing a form
    assert window.stage_page.form is None


# --- export ------------------------------------------------------------------------------------------


def test_batch_export_writes_one_plan_per_unit(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    folder = tmp_path / "semua rencana"
    monkeypatch.setattr(window, "_ask_folder", lambda title: folder)
    window.export_all_plans()

    assert calls["error"] == []
    units = svc.list_units(db, demo_lab.id)
    assert len(units) == 8
    assert window.batch_handle.finished
    written = window.last_batch
    assert len(written) == len(units)
    assert sorted(folder.glob("*.pdf")) == sorted(written)
    for path, unit in zip(written, units, strict=True):
        assert path.parent == folder
        assert flat(unit.name) in pdf_text(path), unit.name
    assert calls["offer_open"] == [folder]
    assert "8 rencana tersimpan" in window.statusBar().currentMessage()


def test_batch_export_can_be_cancelled_by_not_choosing_a_folder(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    window.export_all_plans()
    assert len(calls["folder"]) == 1
    assert not hasattr(window, "last_batch")
    assert calls["offer_open"] == [] and calls["error"] == []


def test_f4_paper_gives_a_215_by_330_mm_plan(qtbot, monkeypatch, db, db_url, lab_with_unit, tmp_path) -> None:  # noqa: ANN001
    lab, _unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    assert window.paper_actions["a4"].isChecked()
    window.paper_actions["f4"].trigger()
    assert window.settings.paper == "f4"
    assert window.paper_actions["f4"].isChecked() and not window.paper_actions["a4"].isChecked()
    assert load_settings().paper == "f4"  # remembered for the next start

    save_to(monkeypatch, window, tmp_path / "f4.pdf")
    out = window.export_plan()
    assert out is not None
    assert page_size_mm(out) == (215, 330)
    assert UNIT_NAME in pdf_text(out)

    window.paper_actions["a4"].trigger()
    save_to(monkeypatch, window, tmp_path / "a4.pdf")
    assert page_size_mm(window.export_plan()) == (210, 297)


def test_an_unwritable_path_is_reported_not_raised(
    qtbot, monkeypatch, db, db_url, lab_with_unit, tmp_path
) -> None:  # noqa: ANN001
    lab, _unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    calls = no_dialogs(monkeypatch, window)
    save_to(monkeypatch, window, tmp_path / "tidak-ada" / "rencana.pdf")
    assert window.export_plan() is None
    assert len(calls["error"]) == 1 and "rencana.pdf" in calls["error"][0]
    assert calls["offer_open"] == []
    assert not (tmp_path / "tidak-ada").exists()


def test_design_without_a_curated_idea_leads_to_the_curation(qtbot, db, db_url) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji 2026")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Uji", UnitType.DINAS)
    spine_ops.add_idea(db, unit.id, "IDE BELUM DIKURASI")
    window = make_window(qtbot, db, db_url, lab.id)
    window.show_stage(Stage.DESIGN)
    page = window.stage_page
    assert page.form is None and "lanjut" in page.empty.text()
    assert page.empty_button is not None and "LK-2g" in page.empty_button.text()
    page.empty_button.click()
    assert window.stage is Stage.DIAGNOSE
    assert page.template is not None and page.template.code == "LK-2g"


def test_each_stage_button_says_how_many_of_its_worksheets_the_unit_has_filled(qtbot, db, db_url) -> None:  # noqa: ANN001
    from labinovasi.ops.worksheets import save_worksheet
    from labinovasi.services.worksheets import progress_matrix

    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji 2026")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Uji", UnitType.DINAS)
    window = make_window(qtbot, db, db_url, lab.id)
    diagnose = window.stage_buttons.button(list(Stage).index(Stage.DIAGNOSE))
    total = progress_matrix(db, lab.id)[unit.id][Stage.DIAGNOSE].total
    assert diagnose.text().endswith(f"0/{total}") and "Dinas Uji" in diagnose.toolTip()
    save_worksheet(db, "LK-2b", {"masalah": [{"uraian": "Antrean panjang"}]}, lab.id, unit.id)
    window._refresh_progress()
    assert diagnose.text().endswith(f"1/{total}")


def test_the_lab_s_current_stage_keeps_its_mark_when_another_is_shown(
    qtbot, db, db_url, lab_with_unit
) -> None:  # noqa: ANN001
    # the mark is a style-sheet rule on the "current" property: the button must be re-polished to show it
    lab, _unit = lab_with_unit
    window = make_window(qtbot, db, db_url, lab.id)
    window.show()
    qtbot.waitExposed(window)

    def edge(stage: Stage) -> str:
        b = window.stage_buttons.button(list(Stage).index(stage))
        return b.grab().toImage().pixelColor(1, b.height() // 2).name()

    plain = edge(Stage.DELIVER)
    window.show_stage(Stage.DESIGN)
    assert edge(Stage.DRUM_UP) != plain  # the lab's current stage: the accent's border
    window.stage = Stage.DIAGNOSE
    window.mark_current_stage()
    assert edge(Stage.DIAGNOSE) != plain
    assert edge(Stage.DRUM_UP) == plain  # the mark moved: the old button is polished again too
