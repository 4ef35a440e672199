"""Pemeriksaan kesiapan IID/KIPP in the window: Berkas → Ekspor opens the check of the launched
innovations (the estimate's statement above a table of innovations and the findings of the selected one),
and its "Simpan PDF…" writes the PDF where the user says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QLabel

from labinovasi.services import labs as svc
from tests.ui.test_main_window import make_window, no_dialogs
from ui.readiness_check_dialog import ReadinessCheckDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


def test_the_check_on_screen_and_as_a_pdf(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    assert window.act_readiness_check.isEnabled()
    window.act_readiness_check.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReadinessCheckDialog)]
    assert len(dialogs) == 1 and not calls["error"]
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 7
    assert dialog.table.item(0, 0).text().startswith("SIPANDU")
    assert dialog.findings.count() == len(dialog.report.innovations[0].findings)
    assert dialog.findings.item(0).text().startswith("✗")  # what is missing comes first
    dialog.table.selectRow(1)  # JEMPOL MANIS: no results recorded in the demo
    items = [dialog.findings.item(k) for k in range(dialog.findings.count())]
    sk = next(it for it in items if "SK penetapan" in it.text())
    assert sk.text() == "✗  Belum ada SK penetapan inovasi (bukti jenis SK/Perkada)"
    assert "KIPP: Strategi keberlanjutan" in sk.toolTip()
    notes = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "bukan penilaian resmi" in notes
    dialog.table.selectRow(3)
    assert dialog.table.item(3, 0).text() in dialog.heading.text()

    if os.environ.get("LABINOVASI_SHOTS"):
        dialog.resize(1000, 640)
        dialog.grab().save(str(Path(os.environ["LABINOVASI_SHOTS"]) / "readiness_check_dialog.png"))

    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    dialog.pdf_button.click()
    written = tmp_path / "Kesiapan_IID_KIPP_Laboratorium_Inovasi_Kabupaten_Wanasari_2026.pdf"
    assert calls["offer_open"] == [written] and not calls["error"]
    text = " ".join((PdfReader(written).pages[0].extract_text() or "").split())
    assert "PEMERIKSAAN KESIAPAN IID DAN KIPP" in text and "BUKAN PENILAIAN RESMI" in text
    dialog.close()


def test_without_a_lab_the_action_is_off(qtbot, monkeypatch, db, db_url) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url)
    no_dialogs(monkeypatch, window)
    assert not window.act_readiness_check.isEnabled()
    assert window.show_readiness_check() is None


def test_the_innovation_on_screen_is_the_one_selected(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.services.readiness_check import readiness_report

    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    fourth = readiness_report(db, demo_lab.id).innovations[3]
    unit = next(u for u in svc.list_units(db, demo_lab.id) if u.name == fourth.unit)
    window.open_worksheet(unit.id, "LK-4c", fourth.idea_id)
    dialog = window.show_readiness_check()
    assert isinstance(dialog, ReadinessCheckDialog)
    qtbot.addWidget(dialog)
    assert dialog.table.selectionModel().selectedRows()[0].row() == 3
    assert dialog.heading.text().startswith(fourth.title)
    dialog.close()
