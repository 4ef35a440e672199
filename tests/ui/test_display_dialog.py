"""Pameran dan replikasi in the window: Berkas → Ekspor (and the Display stage's button) opens the lab's
exhibitions and replication requests, for the whole lab or one innovation; "Simpan PDF…" writes the
Rekap Pameran dan Replikasi Inovasi; the idea board counts both; LK-5b's stands name events typed a
moment ago in the same form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from labinovasi.domain.stages import Stage
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.registry import default_registry
from tests.ui.test_main_window import make_window, no_dialogs
from ui.display_dialog import DisplayDialog
from ui.worksheet_form import WorksheetForm

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


def _open_dialog(window) -> DisplayDialog:  # noqa: ANN001
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, DisplayDialog) and w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _idea(db, lab, prefix: str):  # noqa: ANN001, ANN202
    return next(
        i for u in svc.list_units(db, lab.id) for i in svc.list_ideas(db, u.id) if i.title.startswith(prefix)
    )


def test_the_lab_lists_per_innovation_and_the_pdf(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    assert window.act_display.isEnabled()
    window.act_display.trigger()
    dialog = _open_dialog(window)
    qtbot.addWidget(dialog)
    assert not calls["error"]
    assert dialog.counts.text() == "3 pameran · 7 inovasi dipamerkan · 5 permintaan replikasi"
    assert dialog.exhibitions.rowCount() == 3 and dialog.requests.rowCount() == 5
    assert dialog.exhibitions.item(1, 0).text() == "Festival Inovasi Daerah Provinsi Jawa Tengah 2027"
    assert dialog.exhibitions.item(0, 6).text().split("\n")[-1] == "TIRTA SIGAP (stan C3)"  # all seven
    assert "Perumda Air Minum" in dialog.exhibitions.item(0, 6).toolTip()

    if os.environ.get("LABINOVASI_SHOTS"):
        dialog.resize(1366, 740)
        dialog.grab().save(str(Path(os.environ["LABINOVASI_SHOTS"]) / "display_dialog.png"))

    jempol = _idea(db, demo_lab, "JEMPOL MANIS")
    dialog.idea.setCurrentIndex(dialog.idea.findData(str(jempol.id)))
    assert dialog.exhibitions.rowCount() == 1 and "Expo Inovasi" in dialog.exhibitions.item(0, 0).text()
    assert dialog.requests.rowCount() == 1 and dialog.requests.columnSpan(0, 0) == 7
    assert dialog.requests.item(0, 0).text() == "Belum ada permintaan replikasi (LK-5c)."
    sipandu = _idea(db, demo_lab, "SIPANDU")
    dialog.idea.setCurrentIndex(dialog.idea.findData(str(sipandu.id)))
    assert dialog.exhibitions.rowCount() == 3 and dialog.requests.rowCount() == 3
    assert dialog.requests.item(1, 5).text() == "Kesepakatan replikasi"
    assert dialog.requests.columnSpan(0, 0) == 1  # the "nothing" row's span is gone

    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    dialog.pdf_button.click()
    written = tmp_path / "Rekap_Pameran_Replikasi_Laboratorium_Inovasi_Kabupaten_Wanasari_2026.pdf"
    assert calls["offer_open"] == [written] and not calls["error"]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(written).pages)
    assert "REKAP PAMERAN DAN REPLIKASI INOVASI" in text and "5 permintaan replikasi" in text
    dialog.close()


def test_the_display_stage_opens_the_innovation_on_screen(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    cantik = _idea(db, demo_lab, "SI CANTIK")
    window.select_unit(cantik.unit_id)
    window.go_to_worksheet(Stage.DISPLAY, "LK-5c")
    page = window.stage_page
    combo = page.idea_combo
    combo.setCurrentIndex(next(k for k in range(combo.count()) if combo.itemData(k) == cantik.id))
    assert page.idea_id == cantik.id
    assert page.display_button.isVisibleTo(window)
    page.display_button.click()
    dialog = _open_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.selected == cantik.id
    assert dialog.exhibitions.rowCount() == 2 and dialog.requests.rowCount() == 1
    assert dialog.requests.item(0, 2).text() == "Dinas Kesehatan Kabupaten Lerengsari"
    dialog.close()
    window.go_to_worksheet(Stage.DESIGN, "LK-3")
    assert not page.display_button.isVisibleTo(window)


def test_the_idea_board_counts_exhibitions_and_requests(db, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.services.idea_board import board_rows
    from ui.idea_board import IdeaBoardModel

    model = IdeaBoardModel()
    model.set_rows(board_rows(db, demo_lab.id))
    cells = {
        model.index(r, IdeaBoardModel.TITLE).data().split(" — ")[0]: model.index(
            r, IdeaBoardModel.DISPLAY
        ).data()
        for r in range(model.rowCount())
    }
    assert cells["SIPANDU"] == "3 / 3" and cells["SI CANTIK"] == "2 / 1" and cells["JEMPOL MANIS"] == "1 / 0"
    assert model.headerData(IdeaBoardModel.DISPLAY, Qt.Orientation.Horizontal) == "Pameran / Replikasi"
    unshown = [t for t, v in cells.items() if v == ""]
    assert unshown and all(cells[t] == "" for t in unshown)


def test_a_stand_names_an_event_typed_a_moment_ago(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    template = default_registry().get("LK-5b")
    form = WorksheetForm(template, context=WorksheetContext(db, demo_lab.id))
    qtbot.addWidget(form)
    form.set_data({"pameran": [{"_id": "ev1", "nama": "Expo Lama"}]})
    stands = form.fields["stan"].editor
    event_column = next(c for c in stands.model.columns if c.key == "pameran")
    assert [o.label for o in stands.model.options(event_column)] == ["1. Expo Lama"]
    form.fields["pameran"].set_value(
        [{"_id": "ev1", "nama": "Expo Lama"}, {"_id": "ev2", "nama": "Festival Baru"}]
    )
    assert [o.value for o in stands.model.options(event_column)] == ["ev1", "ev2"]
    idea_column = next(c for c in stands.model.columns if c.key == "ide")
    assert any(o.label.startswith("SIPANDU") for o in stands.model.options(idea_column))
