"""The lab-wide views of the window: readiness of every unit (and where they lead)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from labinovasi.services import labs as svc
from labinovasi.services.curation import DESIGN_STATUSES
from tests.ui.test_main_window import make_window, no_dialogs
from ui.readiness_editor import ReadinessEditor


def test_the_readiness_tab_compares_units_and_opens_a_units_questionnaire(
    qtbot,
    monkeypatch,
    db,
    db_url,  # noqa: ANN001
    demo_lab,
    tmp_path,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    dukcapil = units["Dinas Kependudukan dan Pencatatan Sipil"]
    window.act_show_readiness.trigger()  # the comparison is (re)loaded when its tab is shown
    assert window.readiness_page.model.rowCount() == len(units)
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


def test_sessions_settings_and_commitments_from_the_window(
    qtbot,
    monkeypatch,
    db,
    db_url,
    demo_lab,  # noqa: ANN001
    tmp_path,
) -> None:
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
        from labinovasi.ops.spine import update_lab_settings

        monkeypatch.setattr(
            dialog, "exec", lambda: update_lab_settings(db, demo_lab.id, apkl_mode="skor") and 1
        )
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


def test_curation_moves_ideas_and_the_board_opens_them(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path
) -> None:  # noqa: ANN001
    from labinovasi.db import models as m
    from labinovasi.domain.enums import IdeaStatus
    from labinovasi.domain.stages import Stage
    from ui.curation_editor import CurationEditor

    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    sido = units["Kecamatan Sidomukti"]
    ideas = {i.title.split(" — ")[0]: i for i in svc.list_ideas(db, sido.id)}
    # the demo's merge was linked when the demo was made
    with db.session() as s:
        assert s.get(m.Idea, ideas["KONCO UMKM"].id).merged_into_id == ideas["SIGAP PATEN"].id
    assert ideas["KONCO UMKM"].status is IdeaStatus.DIGABUNG

    # the board lists every idea of the lab and opens one on its card
    window.act_show_board.trigger()
    board = window.idea_board
    total = sum(len(svc.list_ideas(db, u.id)) for u in units.values())
    assert board.proxy.rowCount() == total
    board.openIdea.emit(sido.id, ideas["SIGAP PATEN"].id)
    assert window.tabs.currentIndex() == 0 and window.stage_page.template.code == "LK-2f"
    assert window.stage_page.idea_id == ideas["SIGAP PATEN"].id

    # Design lists only the ideas sent on ("lanjut"); curating one "lanjut" adds it
    window.show_stage(Stage.DESIGN)
    design = [window.stage_page.idea_combo.itemData(i) for i in range(window.stage_page.idea_combo.count())]
    lanjut = {i.id for i in svc.list_ideas(db, sido.id) if i.status in DESIGN_STATUSES}  # launched too
    assert set(design) == lanjut and ideas["KONCO UMKM"].id not in design
    window.open_worksheet(sido.id, "LK-2g", ideas["KONCO UMKM"].id)
    editor = window.stage_page.form
    assert isinstance(editor, CurationEditor)
    data = editor.data()
    data.update(keputusan="lanjut")
    data.pop("gabung_ke", None)
    editor.set_data(data)
    window.stage_page._dirty = True
    assert window.stage_page.save_now()
    assert svc.get_idea(db, ideas["KONCO UMKM"].id).status is IdeaStatus.LANJUT
    window.show_stage(Stage.DESIGN)
    combo = window.stage_page.idea_combo
    assert ideas["KONCO UMKM"].id in [combo.itemData(i) for i in range(combo.count())]

    # the Rekap Diagnose
    out = tmp_path / "rekap.pdf"
    monkeypatch.setattr(window, "_ask_save_path", lambda *_a: out)
    assert window.export_rekap_diagnose() == out
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    assert "Rekap" in text and "SIGAP PATEN" in text
    assert calls["error"] == []


def test_problems_apkl_usg_and_every_diagnose_print(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path
) -> None:  # noqa: ANN001
    from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet
    from labinovasi.services.context import WorksheetContext
    from labinovasi.services.worksheets import load_worksheet
    from labinovasi.worksheets.registry import default_registry
    from ui.apkl_editor import ApklEditor
    from ui.usg_editor import UsgEditor

    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    unit = next(
        u for u in svc.list_units(db, demo_lab.id) if u.name == "Dinas Kependudukan dan Pencatatan Sipil"
    )
    window.open_worksheet(unit.id, "LK-2c")
    assert isinstance(window.stage_page.form, ApklEditor)
    window.open_worksheet(unit.id, "LK-2d")
    assert isinstance(window.stage_page.form, UsgEditor)
    # every Diagnose worksheet prints blank and filled (A4 and F4) with the unit's data
    ideas = svc.list_ideas(db, unit.id)
    for template in default_registry().for_stage(window.stage.DIAGNOSE):
        idea = ideas[0].id if template.scope.value == "idea" else None
        ctx = WorksheetContext(db, demo_lab.id, unit.id, idea)
        data = load_worksheet(db, template.code, demo_lab.id, unit.id, idea).data
        for paper in ("a4", "f4"):
            for pdf in (
                render_blank_worksheet(template, paper, "Lab", unit.name, ctx=ctx),
                render_filled_worksheet(template, data, paper, "Lab", unit.name, ctx=ctx),
            ):
                text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                assert template.code in text, (template.code, paper)


def test_the_rekap_lab_action_writes_the_recap_for_the_regional_head(
    qtbot,
    monkeypatch,
    db,
    db_url,  # noqa: ANN001
    demo_lab,
    tmp_path,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    action = window.act_export_rekap_lab
    assert action.text() == "Rekap lab (untuk kepala daerah)…" and action.isEnabled()
    from PySide6.QtWidgets import QMenu

    [menu] = [o for o in window.act_export_rekap.associatedObjects() if isinstance(o, QMenu)]
    menu_actions = menu.actions()  # next to the Diagnose recap, in the export menu
    assert menu_actions.index(action) == menu_actions.index(window.act_export_rekap) + 1
    out = tmp_path / "rekap-lab.pdf"
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        window, "_ask_save_path", lambda title, suggested: asked.append((title, suggested)) or out
    )
    action.trigger()
    assert asked and asked[0][1] == "Rekap_Lab_Laboratorium_Inovasi_Kabupaten_Wanasari_2026.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    assert "REKAP LABORATORIUM INOVASI" in text and "7 inovasi dari 6 unit diluncurkan" in text
    assert calls["offer_open"] == [out] and calls["error"] == []
    window._show_welcome()  # without a lab the action is off
    assert not action.isEnabled()
