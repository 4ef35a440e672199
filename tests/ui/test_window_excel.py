"""Units and participants to Excel and back, from the window's Unit menu."""

from __future__ import annotations

from labinovasi.ops import spine as spine_ops
from labinovasi.services import labs as svc
from tests.ui.test_main_window import make_window, no_dialogs
from ui.import_dialog import ImportDialog


def test_units_and_people_round_trip_through_excel_from_the_menus(
    qtbot,
    monkeypatch,
    db,
    db_url,
    demo_lab,  # noqa: ANN001
    tmp_path,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    out = tmp_path / "unit-peserta.xlsx"
    monkeypatch.setattr(window, "_ask_xlsx_path", lambda *_a: out)
    assert window.act_export_xlsx.isEnabled()
    window.act_export_xlsx.trigger()
    assert out.is_file()
    fresh = spine_ops.create_lab(db, "Lab baru")
    window.open_lab(fresh.id)
    assert window.units_model.rowCount() == 0

    def accept_import(kind: str) -> ImportDialog:  # the dialog, with the file chosen and Impor pressed
        dialog = ImportDialog(db, fresh.id, kind, window, path=out, tasks=window.tasks)
        qtbot.addWidget(dialog)
        monkeypatch.setattr(dialog, "exec", lambda: (dialog.do_import(), dialog.result())[1])
        return dialog

    monkeypatch.setattr(window, "_import_dialog", accept_import)
    window.act_import_units.trigger()
    window.act_import_people.trigger()
    assert window.units_model.rowCount() == len(svc.list_units(db, demo_lab.id))
    names = {p.name for u in svc.list_units(db, fresh.id) for p in svc.list_people(db, u.id)}
    assert names == {p.name for u in svc.list_units(db, demo_lab.id) for p in svc.list_people(db, u.id)}
    assert "diimpor" in window.statusBar().currentMessage()
