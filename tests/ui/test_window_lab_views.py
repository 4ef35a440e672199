"""The lab-wide views of the window: readiness of every unit (and where they lead)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from labinovasi.services import labs as svc
from tests.ui.test_main_window import make_window, no_dialogs
from ui.readiness_editor import ReadinessEditor


def test_the_readiness_tab_compares_units_and_opens_a_units_questionnaire(qtbot, monkeypatch, db, db_url,  # noqa: ANN001
                                                                        demo_lab, tmp_path) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    dukcapil = units["Dinas Kependudukan dan Pencatatan Sipil"]
    window.readiness_page.unitActivated.emit(dukcapil.id)
    assert window.unit is not None and window.unit.id == dukcapil.id
    assert window.stage_page.template is not None and window.stage_page.template.code == "LK-2a"
    assert isinstance(window.stage_page.form, ReadinessEditor)
    assert window.tabs.currentIndex() == 0

    out = tmp_path / "kesiapan.pdf"
    monkeypatch.setattr(window, "_ask_save_path", lambda *_a: out)
    assert window.export_lab_readiness() == out
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Dinas Kependudukan dan Pencatatan Sipil" in " ".join(text.split()) and "Sangat siap" in text
    assert calls["offer_open"] == [Path(out)]
