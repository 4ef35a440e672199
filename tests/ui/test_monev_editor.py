"""The monev editor (LK-4b) in the window: the demo's two periods, a period added from the rencana aksi and
removed — each one step of the window's Ctrl+Z —, status as a list and % as a number 0–100; and the
latest period's progress drawn over the planned bars of the LK-3b Gantt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox, QStyleOptionViewItem

from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.gantt import PROGRESS_COLOUR, STALLED_COLOUR
from tests.ui.test_main_window import make_window, no_dialogs
from ui.action_plan_editor import ActionPlanEditor
from ui.monev_editor import PROGRESS_COL, STATUS_COL, ActivityDelegate, MonevEditor


def _cantik(db: Any, lab: Any) -> tuple[Any, Any]:
    unit = next(u for u in svc.list_units(db, lab.id) if u.name == "Dinas Kesehatan")
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("SI CANTIK"))
    return unit, idea


def _editor(qtbot: Any, db: Any, lab: Any) -> MonevEditor:
    unit, idea = _cantik(db, lab)
    ctx = WorksheetContext(db, lab.id, unit.id, idea.id)
    ed = MonevEditor(ctx.template(codes.MONEV), ctx)
    qtbot.addWidget(ed)
    ed.set_data(ctx.load(codes.MONEV))
    return ed


def _stored(db: Any, lab: Any, unit: Any, idea: Any) -> list[mv.Period]:
    return mv.periods(load_worksheet(db, codes.MONEV, lab.id, unit.id, idea.id).data)


def test_periods_added_and_removed_are_undone_with_ctrl_z(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    unit, idea = _cantik(db, demo_lab)
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_worksheet(unit.id, codes.MONEV, idea.id)

    def editor() -> MonevEditor:
        form = window.stage_page.form
        assert isinstance(form, MonevEditor)
        return form

    def press_undo() -> None:
        window.unit_view.setFocus()
        qtbot.keyClick(window.unit_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        window.ops.flush()

    ed = editor()
    assert [ed.periods.item(k).text() for k in range(ed.periods.count())] == ["Monev I", "Monev II"]
    assert ed.periods.currentItem().text() == "Monev II"  # the latest is shown
    assert ed.model.rowCount() == 13 and ed.desk.text() == "Meja 2"
    assert ed.average.text() == "Rata-rata kemajuan: 84,2%"
    stalled = ed.model.index(10, STATUS_COL)
    assert stalled.data() == "Terkendala" and ed.model.index(10, PROGRESS_COL).data() == "40%"

    # add a period: filled from LK-3b with the status and % of Monev II, stored as one step
    qtbot.mouseClick(ed.add_button, Qt.MouseButton.LeftButton)
    window.ops.flush()
    assert window.act_undo.text() == "&Urungkan: tambah periode monev"
    periods = _stored(db, demo_lab, unit, idea)
    assert [p.name for p in periods] == ["Monev I", "Monev II", "Monev III"]
    assert [(a.status, a.progress) for a in periods[2].activities][9:11] == [
        ("berjalan", 55.0),
        ("terkendala", 40.0),
    ]
    assert periods[:2] == _stored(db, demo_lab, unit, idea)[:2]
    assert editor().periods.currentItem().text() == "Monev III"

    # type in the new period: its % as a number, its status from the list
    ed = editor()
    delegate = ActivityDelegate()
    spin = delegate.createEditor(ed.table, QStyleOptionViewItem(), ed.model.index(9, PROGRESS_COL))
    combo = delegate.createEditor(ed.table, QStyleOptionViewItem(), ed.model.index(9, STATUS_COL))
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum()) == (0, 100)
    assert isinstance(combo, QComboBox) and combo.count() == 4
    spin.setValue(80)
    delegate.setModelData(spin, ed.model, ed.model.index(9, PROGRESS_COL))
    combo.setCurrentIndex(combo.findData("selesai"))
    delegate.setModelData(combo, ed.model, ed.model.index(9, STATUS_COL))
    window.stage_page.save_now()
    window.ops.flush()
    assert _stored(db, demo_lab, unit, idea)[2].activities[9].progress == 80
    assert _stored(db, demo_lab, unit, idea)[2].activities[9].status == "selesai"

    # remove Monev I: one step, undone by one Ctrl+Z
    ed = editor()
    ed.periods.setCurrentRow(0)
    qtbot.mouseClick(ed.remove_button, Qt.MouseButton.LeftButton)
    window.ops.flush()
    assert [p.name for p in _stored(db, demo_lab, unit, idea)] == ["Monev II", "Monev III"]
    assert editor().periods.currentItem().text() == "Monev II"
    press_undo()
    qtbot.waitUntil(
        lambda: [p.name for p in _stored(db, demo_lab, unit, idea)] == ["Monev I", "Monev II", "Monev III"]
    )
    qtbot.waitUntil(lambda: editor().periods.count() == 3)
    # the typing, then the added period, each undone in turn
    press_undo()
    qtbot.waitUntil(lambda: _stored(db, demo_lab, unit, idea)[2].activities[9].progress == 55)
    press_undo()
    qtbot.waitUntil(lambda: [p.name for p in _stored(db, demo_lab, unit, idea)] == ["Monev I", "Monev II"])
    qtbot.waitUntil(lambda: editor().periods.count() == 2)
    assert not calls["error"]


def test_renaming_a_period_in_the_list(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    ed = _editor(qtbot, db, demo_lab)
    steps: list[str] = []
    ed.stepDone.connect(steps.append)
    item = ed.periods.item(0)
    item.setText("  Monev   Mei ")
    assert steps == ["ganti nama periode monev"]
    assert [p.name for p in mv.periods(ed.data())] == ["Monev Mei", "Monev II"]
    item.setText("")  # an empty name is refused: the old one comes back
    assert ed.periods.item(0).text() == "Monev Mei" and len(steps) == 1


def test_the_activity_model_passes_the_qt_model_tester(qtbot, qtmodeltester, db, demo_lab) -> None:  # noqa: ANN001
    ed = _editor(qtbot, db, demo_lab)
    qtmodeltester.check(ed.model)


def _near(c: QColor, hex_colour: str, tolerance: int = 60) -> bool:
    want = QColor(hex_colour)
    return all(
        abs(a - b) <= tolerance
        for a, b in ((c.red(), want.red()), (c.green(), want.green()), (c.blue(), want.blue()))
    )


def test_the_gantt_draws_the_latest_progress_over_the_planned_bars(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    unit, idea = _cantik(db, demo_lab)
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    ed = ActionPlanEditor(ctx.template(codes.ACTION_PLAN), ctx)
    qtbot.addWidget(ed)
    ed.set_data(ctx.load(codes.ACTION_PLAN))
    gantt = ed.gantt
    gantt.setParent(None)
    qtbot.addWidget(gantt)
    gantt.resize(1000, 480)
    gantt.show()
    QApplication.processEvents()
    bars = {b.row_id: b for b in gantt.plan.bars}
    going, stuck = bars["cantik-a10"], bars["cantik-a11"]
    assert going.progress is not None and going.progress.percent == 55
    assert stuck.progress is not None and stuck.progress.stalled
    image = gantt.viewport().grab().toImage()
    lw = gantt.label_width()
    cw = max(10, gantt.viewport().width() - lw - 8)

    def at(bar: Any, fraction: float, dy: float = 0.0) -> QColor:
        x = lw + (bar.x0 + fraction * (bar.x1 - bar.x0)) * cw
        y = gantt.header_h + bar.index * gantt.ROW_H + gantt.ROW_H / 2 + dy
        return image.pixelColor(round(x), round(y))

    assert _near(at(going, 0.3), PROGRESS_COLOUR)  # the done part: the dark band
    assert not _near(at(going, 0.8), PROGRESS_COLOUR)  # the rest: the phase's colour
    edge = at(stuck, 0.5, -gantt.ROW_H * 0.25)
    assert _near(edge, STALLED_COLOUR, 80), edge.name()  # a stalled activity's red outline
    assert (
        "kemajuan&nbsp;menurut&nbsp;monev&nbsp;terakhir" in ed.legend.text()
        and "terkendala" in ed.legend.text()
    )
    assert "Monev II: Terkendala, 40%" in gantt._tooltip("bar", stuck)


def test_the_unit_report_from_the_export_menu(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path) -> None:  # noqa: ANN001
    from pypdf import PdfReader
    from PySide6.QtWidgets import QInputDialog

    unit, _idea = _cantik(db, demo_lab)
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    window.select_unit(unit.id)
    menu = window.act_export_monev_units.associatedObjects()[-1]
    actions = menu.actions()
    at = actions.index(window.act_export_monev_units)
    assert actions[at + 1] is window.act_export_monev_report and window.act_export_monev_report.isEnabled()
    asked: list[list[str]] = []

    def choose(*args: Any) -> tuple[str, bool]:
        asked.append(args[3])
        return args[3][0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window.act_export_monev_report.trigger()
    assert asked == [["Monev II", "Monev I"]]  # the latest first
    written = tmp_path / "Laporan_Kemajuan_Monev_II_Dinas_Kesehatan.pdf"
    assert calls["offer_open"] == [written] and not calls["error"]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(written).pages)
    assert "Periode: Monev II" in text and "Rata-rata kemajuan" in text

    other = next(u for u in svc.list_units(db, demo_lab.id) if u.name == "Kecamatan Sidomukti")
    window.select_unit(other.id)
    assert window.export_monev_report() is None
    assert "belum punya laporan kemajuan (LK-4b)" in calls["error"][-1]
