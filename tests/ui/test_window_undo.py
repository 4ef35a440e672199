"""One undo history for the window: five different edits, undone with Ctrl+Z in reverse order and redone
with Ctrl+Y, through the real window and its keyboard shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from labinovasi.domain.enums import IdeaStatus
from labinovasi.services import labs as svc
from labinovasi.services.curation import DESIGN_STATUSES
from labinovasi.services.worksheets import load_worksheet
from tests.ui.test_main_window import make_window, no_dialogs
from ui.curation_editor import CurationEditor
from ui.fishbone_editor import FishboneEditor
from ui.ops import OpRunner
from ui.table_field import TableFieldEditor

DISDUK = "Dinas Kependudukan dan Pencatatan Sipil"


def _state(db: Any, lab: Any, ids: dict[str, Any]) -> dict[str, Any]:
    lk2f = load_worksheet(db, "LK-2f", lab.id, ids["disduk"], ids["idea"]).data
    lk2b = load_worksheet(db, "LK-2b", lab.id, ids["disduk"]).data
    lk2e = load_worksheet(db, "LK-2e", lab.id, ids["disduk"]).data
    return {
        "nama": lk2f.get("nama"),
        "problems": [r.get("uraian") for r in lk2b.get("masalah", [])],
        "roots": sorted(r["_id"] for r in lk2e.get("penyebab", []) if r.get("akar")),
        "units": [u.name for u in svc.list_units(db, lab.id)],
        "status": svc.get_idea(db, ids["curated"]).status,
        "idea title": svc.get_idea(db, ids["idea"]).title,
    }


def _press(qtbot: Any, window: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    window.unit_view.setFocus()
    qtbot.keyClick(window.unit_view, key, modifiers)


def test_five_edits_undone_with_ctrl_z_and_redone_with_ctrl_y(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    monkeypatch.setattr(window, "_confirm", lambda *_a: True)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    disduk = units[DISDUK]
    idea = svc.list_ideas(db, disduk.id)[0]
    curated = next(
        i
        for u in units.values()
        if u.name != "Dinas Kesehatan"
        for i in svc.list_ideas(db, u.id)
        if i.status in (IdeaStatus.DRAF, IdeaStatus.DIAJUKAN, IdeaStatus.DIREVIEW, IdeaStatus.PERBAIKI)
    )
    ids = {"disduk": disduk.id, "idea": idea.id, "curated": curated.id}
    states = [_state(db, demo_lab, ids)]

    # 1. type in LK-2f (the idea's name, bound to the idea's title)
    window.open_worksheet(disduk.id, "LK-2f", idea.id)
    name = window.stage_page.form.editor("nama")
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, " Plus")
    assert window.stage_page.save_now()
    states.append(_state(db, demo_lab, ids))
    assert states[-1]["nama"].endswith(" Plus") and states[-1]["idea title"].endswith(" Plus")
    assert window.act_undo.text().startswith("&Urungkan: isi LK-2f")

    # 2. add a problem in LK-2b
    window.open_worksheet(disduk.id, "LK-2b")
    table = window.stage_page.form.findChild(TableFieldEditor)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    row = table.model.rowCount() - 1
    column = [c.key for c in table.model.columns].index("uraian")
    table.model.setData(table.model.index(row, column), "Masalah baru dari uji", Qt.ItemDataRole.EditRole)
    assert window.stage_page.save_now()
    states.append(_state(db, demo_lab, ids))
    assert states[-1]["problems"][-1] == "Masalah baru dari uji"

    # 3. tick a root cause in the fishbone
    window.open_worksheet(disduk.id, "LK-2e")
    editor = window.stage_page.form
    assert isinstance(editor, FishboneEditor)
    cause = next(r for r in editor.data()["penyebab"] if not r.get("akar"))
    editor.model.setData(
        editor._find_item(cause["_id"]).siblingAtColumn(1),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert window.stage_page.save_now()
    states.append(_state(db, demo_lab, ids))
    assert cause["_id"] in states[-1]["roots"]

    # 4. delete a unit
    window.select_unit(units["Dinas Kesehatan"].id)
    window.remove_unit()
    states.append(_state(db, demo_lab, ids))
    assert "Dinas Kesehatan" not in states[-1]["units"]
    assert window.act_undo.text() == "&Urungkan: hapus unit Dinas Kesehatan"

    # 5. curate an idea "lanjut"
    window.open_worksheet(curated.unit_id, "LK-2g", curated.id)
    curation = window.stage_page.form
    assert isinstance(curation, CurationEditor)
    data = curation.data()
    data.update(keputusan="lanjut")
    data.pop("gabung_ke", None)
    curation.set_data(data)
    window.stage_page._on_form_changed()
    assert window.stage_page.save_now()
    states.append(_state(db, demo_lab, ids))
    assert states[-1]["status"] is IdeaStatus.LANJUT
    assert len({repr(s) for s in states}) == 6  # every step changed something

    # Ctrl+Z five times: back through every state, in reverse order
    for expected in reversed(states[:-1]):
        _press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert _state(db, demo_lab, ids) == expected
    assert not window.act_undo.isEnabled()
    assert "Dinas Kesehatan" in [
        window.units_proxy.index(r, 0).data() for r in range(window.units_proxy.rowCount())
    ]

    # Ctrl+Y five times: forward again to the same states
    for expected in states[1:]:
        _press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        assert _state(db, demo_lab, ids) == expected
    assert not window.act_redo.isEnabled()
    assert calls["error"] == []


def test_typing_bursts_merge_into_one_step_and_the_open_form_follows_an_undo(
    qtbot,
    monkeypatch,
    db,
    db_url,  # noqa: ANN001
    demo_lab,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    disduk = next(u for u in svc.list_units(db, demo_lab.id) if u.name == DISDUK)
    idea = svc.list_ideas(db, disduk.id)[0]
    window.open_worksheet(disduk.id, "LK-2f", idea.id)
    before = load_worksheet(db, "LK-2f", demo_lab.id, disduk.id, idea.id).data["nama"]
    name = window.stage_page.form.editor("nama")
    for word in (" satu", " dua", " tiga"):  # three autosaves while typing goes on
        name.end(False)
        qtbot.keyClicks(name, word)
        window.stage_page.save_now()
    assert window.undo.stack.count() == 1  # one step, like a text editor
    window.undo_step()
    assert load_worksheet(db, "LK-2f", demo_lab.id, disduk.id, idea.id).data["nama"] == before
    assert window.stage_page.form.editor("nama").text() == before  # the open form shows the undone text
    window.redo_step()
    assert window.stage_page.form.editor("nama").text() == before + " satu dua tiga"


def test_a_failed_write_names_the_problem_and_keeps_the_typing(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    from sqlalchemy.exc import OperationalError

    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    disduk = next(u for u in svc.list_units(db, demo_lab.id) if u.name == DISDUK)
    idea = svc.list_ideas(db, disduk.id)[0]
    window.open_worksheet(disduk.id, "LK-2f", idea.id)
    name = window.stage_page.form.editor("nama")
    name.end(False)
    qtbot.keyClicks(name, " X")

    def locked(*_a: Any, **_k: Any) -> Any:
        raise OperationalError("UPDATE worksheet_entry SET data=?", {}, Exception("database is locked"))

    import ui.ops

    real_run = ui.ops.run
    monkeypatch.setattr(ui.ops, "run", locked)
    window.stage_page.save_now()
    assert len(calls["error"]) == 1
    message = calls["error"][0]
    assert "Basis data sedang dipakai program lain" in message
    assert "UPDATE" not in message and "{" not in message and "Traceback" not in message
    assert window.stage_page.dirty  # kept on screen, stored at the next save
    assert window.undo.stack.count() == 0  # nothing was stored, so there is nothing to undo
    page = window.stage_page
    # nothing shown as saved: the status line and the title say so, and a retry is on its way
    assert "Belum tersimpan" in page.status.text() and "belum valid" not in page.status.text()
    assert "Belum tersimpan" in window.windowTitle()
    assert page.retry_timer.isActive() and page.retry_timer.interval() == 2000
    page.retry_timer.timeout.emit()  # the retry fails too: no second message box, a longer wait
    assert len(calls["error"]) == 1 and page.retry_timer.interval() == 4000
    monkeypatch.setattr(ui.ops, "run", real_run)
    assert isinstance(window.ops, OpRunner)
    page.retry_timer.timeout.emit()  # the database is free again: the retry stores what was typed
    assert not page.dirty and not page.retry_timer.isActive()
    assert page.status.text() == "Semua perubahan tersimpan"
    assert load_worksheet(db, "LK-2f", demo_lab.id, disduk.id, idea.id).data["nama"].endswith(" X")


def test_the_rencana_aksi_keeps_its_own_ctrl_z_inside_the_window(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    from ui.action_plan_editor import ActionPlanEditor

    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    idea = next(
        i
        for u in svc.list_units(db, demo_lab.id)
        for i in svc.list_ideas(db, u.id)
        if i.status in DESIGN_STATUSES
    )
    window.open_worksheet(idea.unit_id, "LK-3b", idea.id)
    window.mark_current_stage()  # a window step, so the window's Urungkan has something to undo
    window.unit_view.setFocus()
    qtbot.waitUntil(window.act_undo.isEnabled)
    editor = window.stage_page.form
    assert isinstance(editor, ActionPlanEditor)
    editor.view.setFocus()
    qtbot.waitUntil(lambda: not window.act_undo.isEnabled())  # the window's Ctrl+Z steps aside
    rows = editor.model.rowCount()
    qtbot.keyClick(editor.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.rowCount() == rows + 1
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # no ambiguous shortcut
    assert editor.model.rowCount() == rows
    window.stage_page.save_now()
    window.unit_view.setFocus()
    qtbot.waitUntil(window.act_undo.isEnabled)  # back in the window: its history answers again
    assert calls["error"] == []
