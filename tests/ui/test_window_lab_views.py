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


def test_sessions_settings_and_commitments_from_the_window(qtbot, monkeypatch, db, db_url, demo_lab,  # noqa: ANN001
                                                          tmp_path) -> None:
    from labinovasi.services.lab_settings import get_lab_settings
    from labinovasi.services.sessions import list_sessions
    from ui.fishbone_editor import FishboneEditor

    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    sessions = list_sessions(db, demo_lab.id)
    assert len(sessions) == 3 and window.tabs.tabText(3) == "Sesi dan kehadiran"
    window.act_show_sessions.trigger()
    assert window.tabs.currentWidget() is window.sessions_page

    # Pengaturan lab: the dialog stores, and the open worksheet follows the new APKL mode
    def settings_dialog():  # noqa: ANN202
        dialog = window.__class__._lab_settings_dialog(window)
        qtbot.addWidget(dialog)
        from labinovasi.services.lab_settings import update_lab_settings

        monkeypatch.setattr(dialog, "exec", lambda: update_lab_settings(db, demo_lab.id, apkl_mode="skor") and 1)
        return dialog

    monkeypatch.setattr(window, "_lab_settings_dialog", settings_dialog)
    window.act_lab_settings.trigger()
    assert get_lab_settings(db, demo_lab.id).apkl_mode == "skor"

    # the commitments of one unit and of all units
    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    window.select_unit(units["Dinas Kependudukan dan Pencatatan Sipil"].id)
    one, every = tmp_path / "komitmen.pdf", tmp_path / "komitmen-semua.pdf"
    monkeypatch.setattr(window, "_ask_save_path", lambda *_a: one)
    assert window.export_commitment() == one
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(one.read_bytes())).pages).split())
    assert "PERNYATAAN KOMITMEN BERINOVASI" in text and "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
    monkeypatch.setattr(window, "_ask_save_path", lambda *_a: every)
    window.export_all_commitments()
    outline = [o.title for o in PdfReader(io.BytesIO(every.read_bytes())).outline if not isinstance(o, list)]
    assert len(outline) == len(units)
    assert calls["offer_open"][-2:] == [one, every]

    # the fishbone of a unit opens in its own editor
    window.open_worksheet(units["Dinas Kependudukan dan Pencatatan Sipil"].id, "LK-2e")
    assert isinstance(window.stage_page.form, FishboneEditor)
